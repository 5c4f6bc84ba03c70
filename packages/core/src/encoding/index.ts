/**
 * Decoding encoded payloads for the scanners (decodeViews), encoded forms of
 * secrets for env-leak matching (encodeVariants), and the primitives.
 */
export { decodeViews } from './views.js';
export type { DecodedView, DecodeLimits } from './views.js';
export { encodeVariants, encodeBase64, encodeBase32, encodeHex } from './variants.js';
export {
  decodeBase64,
  decodeBase32,
  decodeHex,
  urlDecodeOnce,
  urlDecodeIterative,
  decodeBase64Into,
  decodeBase32Into,
  decodeHexInto,
  decodeDelimitedHexInto,
  checkTextBytes,
} from './primitives.js';
