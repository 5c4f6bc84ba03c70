import { CONFUSABLE_MULTI, CONFUSABLE_ROWS } from './confusables.js';
import { INV_NONE, INV_SEPARATING, invisibleKind } from './invisible.js';

/**
 * Text normalization shared by the DLP and injection scanners (product spec
 * §4: matching survives zero-width/control characters, NFKC, homoglyphs,
 * combining marks and exotic whitespace).
 *
 * Pipeline, only entered when the input is not plain printable ASCII:
 *   1. invisible/control characters removed (or, spaced form, each run -> ' ');
 *      parenthesised letters unwrapped (NFKC would turn "⒤" into "(i)").
 *   2. NFKC (fullwidth, math alphanumerics, circled letters, ligatures...).
 *   3. one table lookup per non-ASCII code point: accented Latin/Greek/
 *      Cyrillic letters to their base letter, lookalikes to ASCII, exotic
 *      whitespace to ' ', combining diacritics dropped.
 * Step 3 is a per-code-point table (built once below) rather than a second
 * NFD/NFC round over the whole string, so large mostly-ASCII bodies are
 * copied in slices.
 */

/** Whitespace that is not ASCII but separates words. */
const EXOTIC_SPACES = [0x00a0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000];
for (let c = 0x2000; c <= 0x200a; c++) EXOTIC_SPACES.push(c);

/** Combining diacritics: dropped (after NFKC composed what it could). */
const COMBINING_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0300, 0x036f],
  [0x0483, 0x0489], // Cyrillic titlo and enclosing signs (zalgo)
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x20d0, 0x20ff],
  [0xfe20, 0xfe2f],
];

/**
 * Blocks whose letters may decompose to base + diacritic, or be lookalikes;
 * each code point is folded once at module load.
 */
const FOLD_SCAN_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x00c0, 0x052f], // Latin-1 .. Cyrillic supplement (incl. IPA, Greek)
  [0x0530, 0x058f], // Armenian
  [0x13a0, 0x13ff], // Cherokee
  [0x1d00, 0x1dbf], // phonetic extensions (small capitals)
  [0x1e00, 0x1fff], // Latin extended additional, Greek extended
  [0x2010, 0x2044], // dashes, quotes, primes, fraction slash
  [0x2212, 0x2236], // minus, division slash, ratio
  [0xa700, 0xa7ff], // Latin extended-D (small capital F, S, Q; modifier colon)
];

const isCombining = (cp: number): boolean => {
  for (const [a, b] of COMBINING_RANGES) if (cp >= a && cp <= b) return true;
  return false;
};

/** code point -> replacement ('' = drop). Only non-ASCII keys. */
const FOLD = new Map<number, string>();
/** code point -> replacement applied before NFKC. */
const PRE_NFKC = new Map<number, string>();

function buildTables(): void {
  const direct = new Map<number, string>();
  for (const [, from, to] of CONFUSABLE_ROWS) {
    const chars = [...from];
    if (chars.length !== to.length) throw new Error(`confusables row length mismatch: ${from}`);
    chars.forEach((ch, i) => direct.set(ch.codePointAt(0) as number, to[i] as string));
  }
  for (const [ch, to] of CONFUSABLE_MULTI) direct.set(ch.codePointAt(0) as number, to);
  // A lookalike NFKC would first turn into something else (lunate sigma
  // "Ϲ" -> "Σ") is folded before NFKC runs.
  for (const [cp, to] of direct) {
    const ch = String.fromCodePoint(cp);
    if (ch.normalize('NFKC') !== ch) PRE_NFKC.set(cp, to);
  }

  const foldChar = (cp: number): string => {
    let out = '';
    for (const ch of String.fromCodePoint(cp).normalize('NFD')) {
      const c = ch.codePointAt(0) as number;
      if (isCombining(c)) continue;
      out += direct.get(c) ?? ch;
    }
    return out;
  };

  for (const [a, b] of FOLD_SCAN_RANGES) {
    for (let cp = a; cp <= b; cp++) {
      if (isCombining(cp)) continue;
      const f = foldChar(cp);
      if (f !== String.fromCodePoint(cp) && f !== '') FOLD.set(cp, f);
    }
  }
  for (const [a, b] of COMBINING_RANGES) for (let cp = a; cp <= b; cp++) FOLD.set(cp, '');
  for (const cp of EXOTIC_SPACES) FOLD.set(cp, ' ');
  // Enclosed letters NFKC leaves as symbols: negative circled/squared, and
  // regional indicators (flag halves), all used to spell words.
  for (let i = 0; i < 26; i++) {
    const upper = String.fromCharCode(0x41 + i);
    FOLD.set(0x1f150 + i, upper);
    FOLD.set(0x1f170 + i, upper);
    FOLD.set(0x1f1e6 + i, upper);
    // Parenthesised letters: NFKC gives "(a)"; an attacker means "a".
    PRE_NFKC.set(0x249c + i, String.fromCharCode(0x61 + i));
    PRE_NFKC.set(0x1f110 + i, upper);
  }
}
buildTables();

/**
 * Index of the first code unit that is not printable ASCII / \t \n \r, or -1.
 * A one-class regex search: measured ~3x faster than a charCodeAt loop.
 */
const NON_PLAIN = /[^\x20-\x7e\t\n\r]/;
const firstNonPlain = (s: string): number => s.search(NON_PLAIN);

const isAsciiSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

/** Step 1. Returns the input itself when nothing was removed. */
function stripInvisible(s: string, from: number, spaced: boolean): string {
  let parts: string[] | null = null;
  let last = 0;
  // Spaced form: a run of separating invisibles is a word break, emitted as
  // one space when the next visible character arrives, unless the run
  // touches whitespace or either end of the text.
  let pendingSpace = false;
  let inRun = false;
  let runAfterWord = false;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) {
      inRun = false;
      if (pendingSpace) {
        if (c !== 0x20) (parts as string[]).push(' ');
        pendingSpace = false;
      }
      continue;
    }
    let cp = c;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const kind = c === 0x09 || c === 0x0a || c === 0x0d ? INV_NONE : invisibleKind(cp);
    if (kind !== INV_NONE) {
      parts ??= [];
      if (i > last) parts.push(s.slice(last, i));
      last = i + width;
      if (!inRun) {
        inRun = true;
        runAfterWord = i > 0 && !isAsciiSpace(s.charCodeAt(i - 1));
      }
      if (spaced && kind === INV_SEPARATING && runAfterWord) pendingSpace = true;
    } else {
      inRun = false;
      if (pendingSpace) {
        if (!isAsciiSpace(c)) (parts as string[]).push(' ');
        pendingSpace = false;
      }
      const pre = PRE_NFKC.get(cp);
      if (pre !== undefined) {
        parts ??= [];
        if (i > last) parts.push(s.slice(last, i));
        parts.push(pre);
        last = i + width;
      }
    }
    i += width - 1;
  }
  if (parts === null) return s;
  if (last < s.length) parts.push(s.slice(last));
  return parts.join('');
}

/** Step 3. Returns the input itself when nothing changed. */
function foldChars(s: string): string {
  let parts: string[] | null = null;
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    let cp = c;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const rep = FOLD.get(cp);
    if (rep !== undefined) {
      parts ??= [];
      if (i > last) parts.push(s.slice(last, i));
      parts.push(rep);
      last = i + width;
    }
    i += width - 1;
  }
  if (parts === null) return s;
  if (last < s.length) parts.push(s.slice(last));
  return parts.join('');
}

function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return true;
  return false;
}

function slowPath(s: string, from: number, spaced: boolean): string {
  let t = stripInvisible(s, from, spaced);
  if (!hasNonAscii(t)) return t;
  t = t.normalize('NFKC');
  const folded = foldChars(t);
  if (folded === t || !hasNonAscii(folded)) return folded;
  // Dropping a diacritic can leave two characters adjacent that NFKC would
  // now compose (e.g. Hangul jamo); one more round makes the result stable.
  const again = folded.normalize('NFKC');
  return again === folded ? folded : foldChars(again);
}

/**
 * One code point as the matchers see it, for scanners that fold word by word
 * instead of copying the whole text: '' for invisible, control and combining
 * characters; otherwise NFKC then the lookalike/diacritic fold, as
 * normalizeText would produce for that character alone. Returns undefined
 * when the character stays as it is. ASCII always stays.
 */
export function foldCodePoint(cp: number): string | undefined {
  if (cp < 0x80) return undefined;
  if (invisibleKind(cp) !== INV_NONE) return '';
  const pre = PRE_NFKC.get(cp);
  const ch = pre ?? String.fromCodePoint(cp);
  const nfkc = ch.normalize('NFKC');
  let out = '';
  for (const c of nfkc) {
    const x = c.codePointAt(0) as number;
    out += x < 0x80 ? c : (FOLD.get(x) ?? c);
  }
  return out === String.fromCodePoint(cp) ? undefined : out;
}

/**
 * Invisible and control characters removed (\t \n \r kept), NFKC, lookalikes
 * and accented letters folded to ASCII, combining diacritics dropped, exotic
 * whitespace mapped to ' '. Returns s itself when there is nothing to do;
 * printable ASCII costs one charCode loop.
 */
export function normalizeText(s: string): string {
  const i = firstNonPlain(s);
  return i < 0 ? s : slowPath(s, i, false);
}

/**
 * As normalizeText, but each run of separating invisible characters between
 * two words becomes one space ("ignore\u200Bprevious" -> "ignore previous").
 */
export function normalizeTextSpaced(s: string): string {
  const i = firstNonPlain(s);
  return i < 0 ? s : slowPath(s, i, true);
}

/** Does s contain anything normalizeText would change? ASCII answers in one loop. */
export function needsNormalization(s: string): boolean {
  const i = firstNonPlain(s);
  if (i < 0) return false;
  // Non-ASCII text (CJK, emoji...) is often already normal: answer exactly
  // rather than make callers copy it for nothing.
  return slowPath(s, i, false) !== s;
}
