/**
 * Text normalization for scanners: invisible-character removal, NFKC,
 * homoglyph and diacritic folding, exotic whitespace. See normalize.ts.
 */
export { normalizeText, normalizeTextSpaced, needsNormalization } from './normalize.js';
export { revealTagText } from './invisible.js';
