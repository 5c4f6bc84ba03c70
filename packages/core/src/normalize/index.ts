/**
 * Text normalization for scanners: invisible-character removal, NFKC,
 * homoglyph and diacritic folding, exotic whitespace. See normalize.ts.
 */
export { normalizeText, normalizeTextSpaced, needsNormalization, foldCodePoint } from './normalize.js';
export { revealTagText } from './invisible.js';
