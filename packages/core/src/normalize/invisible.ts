/**
 * Characters that render as nothing (or are control codes) and are used to
 * split keywords so that "ig\u200Bnore" or "sk-\u2060proj" slips past a
 * matcher. Removed before any pattern runs (product spec §4, "Matching
 * survives evasion").
 *
 * Two kinds:
 * - SEPARATING: zero-width spaces/joiners, bidi controls, Tags, C0/C1
 *   controls, soft hyphen, fillers. In the spaced form a run of them becomes
 *   one space, because attackers use them as word separators.
 * - ATTACHED: variation selectors and the combining grapheme joiner, which
 *   modify the previous character; they are always just dropped.
 */

export const INV_NONE = 0;
export const INV_SEPARATING = 1;
export const INV_ATTACHED = 2;

/** Inclusive code point ranges, kept sorted by start. */
const SEPARATING_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0000, 0x0008], // C0 controls (\t \n \r are kept)
  [0x000b, 0x000c],
  [0x000e, 0x001f],
  [0x007f, 0x009f], // DEL and C1 controls
  [0x00ad, 0x00ad], // soft hyphen
  [0x061c, 0x061c], // Arabic letter mark (bidi)
  [0x115f, 0x1160], // Hangul choseong/jungseong fillers
  [0x17b4, 0x17b5], // Khmer inherent vowels (invisible)
  [0x180e, 0x180e], // Mongolian vowel separator
  [0x200b, 0x200f], // ZWSP, ZWNJ, ZWJ, LRM, RLM
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2060, 0x2064], // word joiner, invisible operators
  [0x2065, 0x2065], // unassigned, in the invisible-operators block
  [0x2066, 0x2069], // bidi isolates
  [0x206a, 0x206f], // deprecated format characters
  [0x3164, 0x3164], // Hangul filler
  [0xfeff, 0xfeff], // BOM / zero-width no-break space
  [0xffa0, 0xffa0], // halfwidth Hangul filler
  [0xfff9, 0xfffb], // interlinear annotation controls
  [0x1bca0, 0x1bca3], // shorthand format controls
  [0x1d173, 0x1d17a], // musical symbol formatting controls
  [0xe0000, 0xe007f], // Tags block (ASCII smuggling)
];

const ATTACHED_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x034f, 0x034f], // combining grapheme joiner
  [0x180b, 0x180d], // Mongolian free variation selectors
  [0x180f, 0x180f],
  [0xfe00, 0xfe0f], // variation selectors
  [0xe0100, 0xe01ef], // variation selectors supplement
];

/** BMP lookup: one byte per code unit, built once. */
const BMP = new Uint8Array(0x10000);
for (const [a, b] of SEPARATING_RANGES) for (let c = a; c <= b && c < 0x10000; c++) BMP[c] = INV_SEPARATING;
for (const [a, b] of ATTACHED_RANGES) for (let c = a; c <= b && c < 0x10000; c++) BMP[c] = INV_ATTACHED;

/** Classify one code point. */
export function invisibleKind(cp: number): number {
  if (cp < 0x10000) return BMP[cp] ?? INV_NONE;
  if (cp >= 0xe0000 && cp <= 0xe007f) return INV_SEPARATING;
  if (cp >= 0xe0100 && cp <= 0xe01ef) return INV_ATTACHED;
  if (cp >= 0x1bca0 && cp <= 0x1bca3) return INV_SEPARATING;
  if (cp >= 0x1d173 && cp <= 0x1d17a) return INV_SEPARATING;
  return INV_NONE;
}

/**
 * The ASCII text hidden in Unicode Tag characters (U+E0020..U+E007E mirror
 * printable ASCII), or null if there is none. normalizeText removes tags;
 * an injection scanner should also scan what they spell, since that is
 * exactly what "ASCII smuggling" hides from a human reviewer.
 */
export function revealTagText(s: string): string | null {
  let out: string[] | null = null;
  for (let i = 0; i < s.length; i++) {
    const hi = s.charCodeAt(i);
    if (hi !== 0xdb40) continue; // every Tag code point has this lead surrogate
    const lo = s.charCodeAt(i + 1);
    if (lo >= 0xdc20 && lo <= 0xdc7e) {
      (out ??= []).push(String.fromCharCode(lo - 0xdc00));
      i++;
    }
  }
  return out === null ? null : out.join('');
}
