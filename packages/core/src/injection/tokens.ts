// One linear pass from text to word tokens the grammar can read: offsets,
// the lexicon entry each token is (exactly, with one typo, in leetspeak, or
// as part of a run of words written without spaces) and what separated it
// from the token before (sentence end, comma, quote, newline ...).
// Folding (case, accents, lookalikes, invisibles, fullwidth) happens per
// character inside this pass, so clean ASCII prose never gets copied.
// Never allocates per token on the ASCII path; never decides anything.
import { foldCodePoint } from '../normalize/index.js';
import { FUZZY_CLASSES, FUZZY_EXCLUDE, FUZZY_LONG_CLASSES, FUZZY_LONG_LENGTH, FUZZY_MIN_LENGTH, FUZZY_SHORT, INFLECTED, LEXICON, WORD_CLASSES } from './lexicon.js';
import type { WordClass } from './lexicon.js';
import { BUILTIN_INJECTION_PATTERNS } from './patterns.js';
import { REAL_WORDS } from './real-words.js';

// ── gap flags: what lay between a token and the one before it ──
export const G_SPACE = 1;
export const G_NL = 2;
export const G_PARA = 4;
export const G_END = 8;
export const G_COLON = 16;
export const G_COMMA = 32;
export const G_QUOTE = 64;
export const G_DASH = 128;
export const G_OPEN = 256;
export const G_CLOSE = 512;
export const G_PIPE = 1024;
export const G_CODE = 2048;
export const G_AT = 4096;
export const G_URL = 8192;
export const G_DOT = 16384;
export const G_QMARK = 32768;
export const G_BULLET = 65536;
/** A sentence (or table cell, list item, paragraph) starts at this token. */
export const G_SENTENCE = G_END | G_PARA | G_PIPE | G_BULLET;
/** A clause starts here: an imperative may begin at such a token. */
export const G_CLAUSE = G_SENTENCE | G_COLON | G_COMMA | G_QUOTE | G_DASH | G_OPEN | G_CLOSE | G_NL;

// ── token flags ──
export const T_CAP = 1;
export const T_UPPER = 2;
export const T_DIGIT = 4;
export const T_LEET = 8;
export const T_FUZZY = 16;
export const T_NORM = 32;
export const T_SQUASH = 64;
export const T_INFL = 128;
export const T_ENCODED = 256;
export const T_SCHEME = 512;
export const T_HOST = 1024;
export const T_NUM = 2048;
/** Held an invisible, fullwidth, math or lookalike character. */
export const T_DISGUISE = 4096;
/** Unknown word that may be a typo of a content word (resolved by the typo pass near content words). */
const T_CAND = 8192;
/** A typo candidate of ASCII letters whose lower-cased hash is in Tokens.hash (the typo pass asks its cache before re-reading it). */
const T_HASH = 16384;
/** Folded: any way the token was read other than as written. */
export const T_FOLDED = T_LEET | T_FUZZY | T_NORM | T_SQUASH;

// ── token roles: what an entry can do, so later passes visit only the tokens that matter ──
/** Anchors a grammar frame. */
export const R_ANCHOR = 1;
/** Starts a pattern row's keyword (or names rot13). */
export const R_TRIGGER = 2;
/** A model word or transcript speaker (the voice reader's vocatives). */
export const R_VOICE = 4;
/** A content word near which unknown words are tried as typos. */
export const R_CTX = 8;

/** Longest token looked up (longer runs are identifiers, hashes or blobs). */
const MAX_TOKEN = 48;
/** Tokens either side of a content word in which unknown words are tried as typos. */
const TYPO_REACH = 3;
const MAX_FUZZY = 24;
const MIN_SQUASH = 10;
/** Typo lookups remembered per tokenizer (direct-mapped by hash and length). */
const FUZZY_CACHE_MASK = 4095;
/** Runs of letters that did not split into words, remembered the same way. */
const SQUASH_CACHE_MASK = 2047;
/** A run this long is tried as words written together without a starter word at its front. */
const LONG_SQUASH = 20;
/** Endings a split word may carry ("informing", "overrides"). */
const SUFFIXES = ['s', 'es', 'ed', 'd', 'ing'];
const MAX_SQUASH = 160;
/**
 * A sentence runs to at most this many tokens: past SENTENCE_SOFT it ends at
 * the next clause break, at SENTENCE_HARD wherever it is. The context reads
 * (voice.ts) look over the whole sentence of each match, so an unpunctuated
 * page ('ignore all previous instructions ' × 10,000) would otherwise cost
 * matches × sentence length: quadratic. Real sentences are far shorter.
 */
const SENTENCE_SOFT = 96;
const SENTENCE_HARD = 160;

/** Does token k (after the gap `gap`) start a new sentence, the current one having started at token `first`? */
function startsSentence(k: number, gap: number, first: number): boolean {
  if (k === 0 || (gap & G_SENTENCE) !== 0) return true;
  const n = k - first;
  return n >= SENTENCE_HARD || (n >= SENTENCE_SOFT && (gap & G_CLAUSE) !== 0);
}

export const CLASS_WORDS = Math.ceil(WORD_CLASSES.length / 31);
const CLASS_INDEX = new Map<string, number>(WORD_CLASSES.map((c, i) => [c, i]));

export function classIndex(name: string): number {
  const i = CLASS_INDEX.get(name);
  if (i === undefined) throw new Error(`unknown word class ${name}`);
  return i;
}

// ── per-character folding (cached; ASCII never reaches it) ──
/** null: not part of a word; '': dropped inside a word; otherwise the folded, lower-cased letters. */
const charCache = new Map<number, string | null>();
const WORDISH = /^[\p{L}\p{N}]+$/u;
/** Scripts written without spaces: the CJK rows read them, the word grammar does not. */
const isCjk = (cp: number): boolean =>
  (cp >= 0x2e80 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xff66 && cp <= 0xff9f) || (cp >= 0x20000 && cp <= 0x2fa1f) || (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f);
/** Characters whose fold can turn hidden text into a row's trigger: worth a rescan of their line. */
const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const isDisguise = (cp: number): boolean =>
  (cp >= 0xff00 && cp <= 0xffef) || (cp >= 0x1d400 && cp <= 0x1d7ff) || (cp >= 0x2460 && cp <= 0x24ff) || (cp >= 0x1f100 && cp <= 0x1f1ff) || (cp >= 0xe0000 && cp <= 0xe007f);

/** charInfo bits: the fold is ASCII letters; the character is upper case; it is a Latin letter (accents, not another script). */
const CI_ASCII = 1;
const CI_UPPER = 2;
const CI_LATIN = 4;
const infoCache = new Map<number, number>();
/** charInfo of the Basic Multilingual Plane by code unit (-1: not yet computed): one load per character. */
const INFO_BMP = new Int8Array(0x10000).fill(-1);
const ASCII_LETTERS = /^[a-z]+$/;
/** What the word reader needs to know of a non-ASCII character besides its fold (cached like canonChar). */
function charInfo(cp: number, f: string): number {
  if (cp < 0x10000) {
    const b = INFO_BMP[cp] as number;
    if (b >= 0) return b;
  }
  const hit = infoCache.get(cp);
  if (hit !== undefined) return hit;
  const ch = String.fromCodePoint(cp);
  let info = 0;
  if (ASCII_LETTERS.test(f)) info |= CI_ASCII;
  if (ch !== ch.toLowerCase()) info |= CI_UPPER;
  if ((cp >= 0xc0 && cp <= 0x24f) || (cp >= 0x1e00 && cp <= 0x1eff)) info |= CI_LATIN;
  if (cp < 0x10000) INFO_BMP[cp] = info;
  else if (infoCache.size < 8192) infoCache.set(cp, info);
  return info;
}

/** Is the character before offset i, or the one after i + width, CJK? */
function cjkNear(s: string, i: number, width: number): boolean {
  const p = i > 0 ? s.codePointAt(i - 1) ?? 0 : 0;
  const n = i + width < s.length ? s.codePointAt(i + width) ?? 0 : 0;
  return isCjk(p) || isCjk(n) || (p >= 0xdc00 && p <= 0xdfff) || p === 0x3002 || n === 0x3002;
}

/**
 * canonChar of the Basic Multilingual Plane by code unit: an index into
 * CANON_STRINGS plus one (0: not yet computed, 1: null), so Cyrillic or CJK
 * prose pays one typed-array load per character instead of a Map probe.
 */
const CANON_BMP = new Uint16Array(0x10000);
const CANON_STRINGS: Array<string | null> = [null];
const canonIndex = new Map<string | null, number>([[null, 1]]);

function canonChar(cp: number): string | null {
  if (cp < 0x10000) {
    const x = CANON_BMP[cp] as number;
    if (x !== 0) return CANON_STRINGS[x - 1] as string | null;
  }
  const hit = charCache.get(cp);
  if (hit !== undefined) return hit;
  let out: string | null;
  if (isCjk(cp)) out = null;
  else {
    const f = foldCodePoint(cp);
    const s = (f === undefined ? String.fromCodePoint(cp) : f).toLowerCase();
    out = s === '' ? '' : WORDISH.test(s) ? s : null;
  }
  if (cp < 0x10000) {
    let x = canonIndex.get(out);
    if (x === undefined && CANON_STRINGS.length < 0xfff0) {
      CANON_STRINGS.push(out);
      x = CANON_STRINGS.length;
      canonIndex.set(out, x);
    }
    if (x !== undefined) {
      CANON_BMP[cp] = x;
      return out;
    }
  }
  if (charCache.size < 8192) charCache.set(cp, out);
  return out;
}

// ── the compiled lexicon ──
export interface Lexicon {
  readonly words: string[];
  /** CLASS_WORDS int32 words of class bits per entry. */
  readonly cls: Int32Array;
  readonly inflected: Uint8Array;
  /** May start a run of words written without spaces ("ignoreallprevious..."). */
  readonly starter: Uint8Array;
  /**
   * The exact table, open-addressed: slot i holds the word's hash at 2i and
   * at 2i + 1 (-1: empty) the offset of its letters in chars, with its length
   * in the top bits (SLOT_LEN_SHIFT): a probe checks hash and length in one
   * slot and verifies the letters in chars, where the entry id sits just
   * before them, so a hit touches the slot and one run of chars and nothing else.
   */
  readonly table: Int32Array;
  readonly mask: number;
  /**
   * Every entry's id (one code unit) then its letters, end to end, with the
   * letters' offset and length by entry id: a hash hit is verified against
   * typed arrays, without loading the word's string.
   */
  chars: Uint16Array;
  readonly wordOff: Int32Array;
  readonly wordLen: Int32Array;
  /**
   * The typo table (symmetric deletion): for every typo-tolerant word, the
   * hash of the word and of each spelling with one letter deleted, by hash →
   * entry. A token is one edit from a word when the token, or the token with
   * one letter deleted, meets the word or one of its deletions here; the
   * candidate is then verified letter by letter. About nine slots per word
   * (the full one-edit neighbourhood took ~450 and ~90 ms to build).
   */
  readonly delKeys: Int32Array;
  readonly delVals: Int32Array;
  readonly delMask: number;
  /** Hashes of real words one edit from a tolerant word (real-words.ts): never read as typos. */
  readonly realKeys: Int32Array;
  readonly realMask: number;
  readonly maxLen: number;
  /** For a run's first two letters, a bit per length of a starter word with that beginning (no bit: no split). */
  readonly starterLens: Int32Array;
  /**
   * For every word of two letters or more, a bit per its length (bit 31: 31
   * or more) at the index of its first two letters (PREFIX_ANY for those not
   * both a–z, where every bit is set): the split of words written together
   * probes only the lengths some word with the run's next two letters has.
   * Kept by insertExact, so the literal words added later (idOf) are in it.
   */
  readonly prefixLens: Int32Array;
  /** Content words near which unknown words are tried as typos. */
  readonly typoContext: Uint8Array;
  /** Entry id of a word, adding it (classless) if new; for the grammar's literal words. */
  idOf(word: string): number;
}

const POW = new Int32Array(MAX_SQUASH + 2);
POW[0] = 1;
for (let i = 1; i < POW.length; i++) POW[i] = Math.imul(POW[i - 1] as number, 31);

/** Spreads a polynomial hash over the table (its low bits alone cluster on short words). */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b);
  return h ^ (h >>> 13);
}

function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

// eslint-disable-next-line no-control-regex
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** The word as tokens see it: each character folded and lower-cased. */
export function canonWord(word: string): string {
  if (ASCII_ONLY.test(word)) return word.toLowerCase();
  let out = '';
  for (const ch of word.toLowerCase()) {
    const cp = ch.codePointAt(0) as number;
    if (cp < 0x80) out += ch;
    else {
      const c = canonChar(cp);
      if (c !== null) out += c;
    }
  }
  return out;
}

const STARTER_CLASSES: readonly WordClass[] = ['OVR', 'OVR2', 'EXT', 'EXTS', 'ROLEV', 'YOU', 'YOUR', 'NEG', 'WH', 'DECODE', 'EXFIL', 'JB', 'NEWW', 'ALLQ', 'PREV'];
const STARTER_WORDS = ['please', 'from', 'do', 'now', 'system', 'new', 'i', 'this', 'act', 'enter', 'enable', 'activate', 'developer', 'note', 'dear'];

class LexiconBuilder {
  words: string[] = [];
  index = new Map<string, number>();
  classes: Array<Set<number>> = [];
  add(word: string): number {
    const c = canonWord(word);
    let id = this.index.get(c);
    if (id === undefined) {
      id = this.words.length;
      this.words.push(c);
      this.index.set(c, id);
      this.classes.push(new Set());
    }
    return id;
  }
}

let shared: Lexicon | undefined;

/**
 * The built-in lexicon, compiled once per process (its typo table takes
 * a few milliseconds to build): every engine reads the same words and adds the same
 * literal words of the built-in frames and rows.
 */
export function sharedLexicon(): Lexicon {
  if (shared === undefined) {
    // the built-in rows' keywords of six letters or more tolerate a typo ("memury", "futuri")
    const rowWords = new Set<string>();
    for (const r of BUILTIN_INJECTION_PATTERNS) for (const kw of [...r.keywords, ...(r.also ?? [])]) for (const w of kw.toLowerCase().match(/[a-z]+/g) ?? []) if (w.length >= FUZZY_LONG_LENGTH) rowWords.add(w);
    shared = compileLexicon([], [...rowWords].sort());
  }
  return shared;
}

/** extraWords: classless words; fuzzyWords: classless words that tolerate one typo and anchor typos near them. */
export function compileLexicon(extraWords: readonly string[] = [], fuzzyWords: readonly string[] = []): Lexicon {
  const b = new LexiconBuilder();
  for (const cls of WORD_CLASSES) {
    const ci = classIndex(cls);
    for (const word of LEXICON[cls]) {
      if (word.includes("'") && word.startsWith("'")) continue;
      (b.classes[b.add(word)] as Set<number>).add(ci);
    }
  }
  for (const word of extraWords) b.add(word);
  for (const word of STARTER_WORDS) b.add(word);
  const fuzzyIds = new Set(fuzzyWords.map((w) => b.add(w)));
  return freeze(b, fuzzyIds);
}

function freeze(b: LexiconBuilder, fuzzyIds: ReadonlySet<number>): Lexicon {
  // Room for the grammar's literal words added later (idOf); rebuilt if exceeded.
  const cap = b.words.length + 1024;
  let size = 1;
  while (size < cap * 4) size <<= 1;
  const fuzzyClasses = FUZZY_CLASSES.map(classIndex);
  const fuzzyLongClasses = FUZZY_LONG_CLASSES.map(classIndex);
  const shortCtxClasses = (['YOU', 'NEG', 'NEWW'] as const).map(classIndex);
  const typoClasses = (['OVR', 'OVR2', 'EXT', 'EXTS', 'EXTW', 'PREV', 'INSTR', 'PROMPT', 'SECRET', 'SECRET2', 'SMOD', 'JB', 'JBW', 'ROLEV', 'AISELF', 'LIMIT', 'LIMITW', 'DECODE', 'TOLD', 'COMPLY', 'ALLQ', 'YOUR'] as const).map(classIndex);
  const starterClasses = STARTER_CLASSES.map(classIndex);
  const lex = {
    words: b.words,
    cls: new Int32Array(cap * CLASS_WORDS),
    inflected: new Uint8Array(cap),
    starter: new Uint8Array(cap),
    table: new Int32Array(size * 2).fill(-1),
    mask: size - 1,
    chars: new Uint16Array(b.words.reduce((n, w) => n + w.length + 1, 0) + 4096),
    charsUsed: 0,
    wordOff: new Int32Array(cap),
    wordLen: new Int32Array(cap),
    delKeys: new Int32Array(0),
    delVals: new Int32Array(0),
    delMask: 0,
    realKeys: new Int32Array(0),
    realMask: 0,
    maxLen: 0,
    starterLens: new Int32Array(27 * 27),
    prefixLens: newPrefixLens(),
    typoContext: new Uint8Array(cap),
    idOf(word: string): number {
      const c = canonWord(word);
      const found = b.index.get(c);
      if (found !== undefined) return found;
      if (b.words.length >= cap) throw new Error('injection lexicon: too many literal words');
      const id = b.add(word);
      insertExact(lex, c, id);
      lex.maxLen = Math.max(lex.maxLen, c.length);
      return id;
    },
  };
  const fuzzyWords: Array<[string, number]> = [];
  for (let id = 0; id < b.words.length; id++) {
    const word = b.words[id] as string;
    insertExact(lex, word, id);
    lex.maxLen = Math.max(lex.maxLen, word.length);
    let fuzzy = false;
    let fuzzyLong = fuzzyIds.has(id);
    let starter = STARTER_WORDS.includes(word);
    for (const ci of b.classes[id] as Set<number>) {
      const slot = id * CLASS_WORDS + ((ci / 31) | 0);
      lex.cls[slot] = (lex.cls[slot] as number) | (1 << ci % 31);
      if (fuzzyClasses.includes(ci)) fuzzy = true;
      if (fuzzyLongClasses.includes(ci)) fuzzyLong = true;
      if (starterClasses.includes(ci)) starter = true;
    }
    if (INFLECTED.has(word)) lex.inflected[id] = 1;
    for (const ci of b.classes[id] as Set<number>) if (typoClasses.includes(ci)) lex.typoContext[id] = 1;
    // a content word of four letters or more spelled right anchors typos around it too
    // (in misspelt text the short words survive: "keep this secrit from the user")
    // (in misspelt text the short words survive: "keep this secrit from the user"; "you", "not", "new" too)
    const shortCtx = [...(b.classes[id] as Set<number>)].some((ci) => shortCtxClasses.includes(ci));
    if ((fuzzyLong || fuzzy || shortCtx) && (word.length >= 4 || shortCtx) && !FUZZY_EXCLUDE.has(word)) lex.typoContext[id] = 1;
    if (starter && word.length >= 3) {
      lex.starter[id] = 1;
      const a = word.charCodeAt(0) - 0x60;
      const c = word.charCodeAt(1) - 0x60;
      if (a >= 1 && a <= 26 && c >= 1 && c <= 26 && word.length < 31) lex.starterLens[a * 27 + c] = (lex.starterLens[a * 27 + c] as number) | (1 << word.length);
    }
    if (((fuzzy && word.length >= FUZZY_MIN_LENGTH) || (fuzzyLong && word.length >= FUZZY_LONG_LENGTH) || FUZZY_SHORT.has(word)) && !FUZZY_EXCLUDE.has(word) && /^[a-z]+$/.test(word)) fuzzyWords.push([word, id]);
  }
  const dels = deletionHashes(fuzzyWords);
  let dsize = 1;
  while (dsize < dels.length) dsize <<= 1;
  const delKeys = new Int32Array(dsize);
  const delVals = new Int32Array(dsize).fill(-1);
  for (let k = 0; k < dels.length; k += 2) {
    const h = dels[k] as number;
    const id = dels[k + 1] as number;
    let slot = mix(h) & (dsize - 1);
    let dup = false;
    while ((delVals[slot] as number) !== -1) {
      if (delKeys[slot] === h && delVals[slot] === id) {
        dup = true;
        break;
      }
      slot = (slot + 1) & (dsize - 1);
    }
    if (dup) continue;
    delKeys[slot] = h;
    delVals[slot] = id;
  }
  lex.delKeys = delKeys;
  lex.delVals = delVals;
  lex.delMask = dsize - 1;
  let rsize = 16;
  while (rsize < REAL_WORDS.length * 2) rsize <<= 1;
  // 0 marks an empty slot (a word hashing to 0 is simply never excluded)
  const realKeys = new Int32Array(rsize);
  for (const w of REAL_WORDS) {
    const h = hashString(w);
    if (h === 0) continue;
    let slot = mix(h) & (rsize - 1);
    while ((realKeys[slot] as number) !== 0 && realKeys[slot] !== h) slot = (slot + 1) & (rsize - 1);
    realKeys[slot] = h;
  }
  lex.realKeys = realKeys;
  lex.realMask = rsize - 1;
  return lex;
}

/** Hashes of each word and of each of its one-letter deletions (flat [hash, id, hash, id …]). */
function deletionHashes(words: ReadonlyArray<[string, number]>): number[] {
  const out: number[] = [];
  const pre = new Int32Array(MAX_SQUASH + 2);
  for (const [w, id] of words) {
    const m = w.length;
    pre[0] = 0;
    for (let k = 0; k < m; k++) pre[k + 1] = (Math.imul(pre[k] as number, 31) + w.charCodeAt(k)) | 0;
    const full = pre[m] as number;
    out.push(full, id);
    for (let i = 0; i < m; i++) {
      if (i > 0 && w.charCodeAt(i) === w.charCodeAt(i - 1)) continue; // same string as deleting the letter before
      const tail = (full - Math.imul(pre[i + 1] as number, POW[m - 1 - i] as number)) | 0;
      out.push((Math.imul(pre[i] as number, POW[m - 1 - i] as number) + tail) | 0, id);
    }
  }
  return out;
}

/** Index into Lexicon.prefixLens of a word or run position starting with the code units a, b. */
function prefixIndex(a: number, b: number): number {
  return a >= 0x61 && a <= 0x7a && b >= 0x61 && b <= 0x7a ? (a - 0x60) * 27 + (b - 0x60) : PREFIX_ANY;
}
const PREFIX_ANY = 0;

function newPrefixLens(): Int32Array {
  const p = new Int32Array(27 * 27);
  p[PREFIX_ANY] = -1;
  return p;
}

function insertExact(lex: { table: Int32Array; mask: number; chars: Uint16Array; charsUsed: number; wordOff: Int32Array; wordLen: Int32Array; prefixLens: Int32Array }, word: string, id: number): void {
  if (word.length >= 2) {
    const x = prefixIndex(word.charCodeAt(0), word.charCodeAt(1));
    lex.prefixLens[x] = (lex.prefixLens[x] as number) | (1 << Math.min(word.length, 31));
  }
  if (id > 0xffff) throw new Error('injection lexicon: entry ids must fit one code unit');
  if (lex.charsUsed + word.length + 1 > lex.chars.length) {
    const more = new Uint16Array(Math.max(lex.chars.length * 2, lex.charsUsed + word.length + 1));
    more.set(lex.chars);
    lex.chars = more;
  }
  lex.chars[lex.charsUsed] = id;
  const off = lex.charsUsed + 1;
  lex.wordOff[id] = off;
  lex.wordLen[id] = word.length;
  for (let k = 0; k < word.length; k++) lex.chars[off + k] = word.charCodeAt(k);
  lex.charsUsed = off + word.length;
  // no token is looked up at this length or beyond (MAX_SQUASH is the longest): such a word is never met
  if (word.length >= 1 << (31 - SLOT_LEN_SHIFT) || off > SLOT_OFF_MASK) return;
  const h = hashString(word);
  let slot = mix(h) & lex.mask;
  while ((lex.table[2 * slot + 1] as number) !== -1) slot = (slot + 1) & lex.mask;
  lex.table[2 * slot] = h;
  lex.table[2 * slot + 1] = off | (word.length << SLOT_LEN_SHIFT);
}

/** Exact-table slots: letters' offset in the low bits, the word's length above them (the sign bit stays clear; -1 is empty). */
const SLOT_LEN_SHIFT = 22;
const SLOT_OFF_MASK = (1 << SLOT_LEN_SHIFT) - 1;

// ── tokens ──
export interface Tokens {
  n: number;
  start: Int32Array;
  end: Int32Array;
  entry: Int32Array;
  flags: Int32Array;
  gap: Int32Array;
  /** Sentence index of each token (a new sentence where the gap holds a G_SENTENCE break). */
  sent: Int32Array;
  /** Hash of the lower-cased letters of a token flagged T_HASH (written for no other token). */
  hash: Int32Array;
  /** First token of each sentence, and t.n at index `sentences` (filled as sentences start). */
  sentStart: Int32Array;
  /** Number of sentences. */
  sentences: number;
  /** Text-level facts the engine's gates read. */
  cjk: boolean;
  tags: boolean;
  /** Line starts (offsets) holding characters worth a normalized rescan. */
  disguised: number[];
  /** Offsets of words read as leetspeak (the rows are tried on the folded text around them). */
  leetLines: number[];
  /** Offsets of row keywords read through a typo (the rows are tried on the corrected text around them). */
  typoLines: number[];
  /** Offsets of runs of words written together that hold a row keyword (the rows are tried on the run spaced out). */
  squashLines: number[];
  /** Offsets of characters that may start a symbol trigger ('<', '[', '#', '!', '%', '=', '-', '`', '{'). */
  symbols: number[];
  /** Token indexes, ascending, whose entry has a role (Tokenizer.role): the only tokens the passes after this one start from. */
  marks: Int32Array;
  nm: number;
  /** The marks whose entry starts a row keyword or is a model word or speaker (R_TRIGGER, R_VOICE), ascending: fewer for the passes that want only those. */
  side: Int32Array;
  nside: number;
  /** Token indexes flagged T_ENCODED. */
  encoded: number[];
  /** Twelve or more two-character hex tokens in a row (a delimited hex dump). */
  hexRun: boolean;
}

function newTokens(cap: number): Tokens {
  return {
    n: 0,
    start: new Int32Array(cap),
    end: new Int32Array(cap),
    entry: new Int32Array(cap),
    flags: new Int32Array(cap),
    gap: new Int32Array(cap),
    sent: new Int32Array(cap),
    hash: new Int32Array(cap),
    sentStart: new Int32Array(cap),
    sentences: 0,
    cjk: false,
    tags: false,
    disguised: [],
    leetLines: [],
    typoLines: [],
    squashLines: [],
    symbols: [],
    marks: new Int32Array(Math.max(16, cap >> 2)),
    nm: 0,
    side: new Int32Array(16),
    nside: 0,
    encoded: [],
    hexRun: false,
  };
}

function growInt(a: Int32Array): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(16, a.length * 2));
  b.set(a);
  return b;
}

/** Mark token k, whose entry has the roles r (non-zero). */
function mark(t: Tokens, k: number, r: number): void {
  if (t.nm >= t.marks.length) {
    const m = new Int32Array(t.marks.length * 2);
    m.set(t.marks);
    t.marks = m;
  }
  t.marks[t.nm++] = k;
  if ((r & (R_TRIGGER | R_VOICE)) !== 0) {
    if (t.nside >= t.side.length) t.side = growInt(t.side);
    t.side[t.nside++] = k;
  }
}

/**
 * Restore ascending marks (or side marks) after the typo pass appended some: marks[0..nm0)
 * are ascending already and the appended ones are other tokens (unknown
 * words, never marked before), so a sort of the few appended and one merge
 * from the back replace a sort of the whole array.
 */
function mergeMarks(marks: Int32Array, nm0: number, nm: number, tz: { markScratch: Int32Array<ArrayBuffer> }): void {
  const extra = nm - nm0;
  if (tz.markScratch.length < extra) tz.markScratch = new Int32Array(Math.max(extra, tz.markScratch.length * 2));
  const add = tz.markScratch;
  add.set(marks.subarray(nm0, nm));
  add.subarray(0, extra).sort();
  let a = nm0 - 1;
  let b = extra - 1;
  for (let w = nm - 1; b >= 0; w--) {
    if (a >= 0 && (marks[a] as number) > (add[b] as number)) marks[w] = marks[a--] as number;
    else marks[w] = add[b--] as number;
  }
}

function grow(t: Tokens): void {
  const cap = t.start.length * 2;
  const g = (a: Int32Array) => {
    const b = new Int32Array(cap);
    b.set(a);
    return b;
  };
  t.start = g(t.start);
  t.end = g(t.end);
  t.entry = g(t.entry);
  t.flags = g(t.flags);
  t.gap = g(t.gap);
  t.sent = g(t.sent);
  t.hash = g(t.hash);
  t.sentStart = g(t.sentStart);
}

/** Uint16Array reads the platform's byte order; Buffer's utf16le writes little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// ASCII character kinds.
const K_SEP = 0;
const K_LOWER = 1;
const K_UPPER = 2;
const K_DIGIT = 3;
const K_APOS = 4;
const K_LEET = 5;
const ASCII_KIND = new Uint8Array(128);
for (let c = 0x61; c <= 0x7a; c++) ASCII_KIND[c] = K_LOWER;
for (let c = 0x41; c <= 0x5a; c++) ASCII_KIND[c] = K_UPPER;
for (let c = 0x30; c <= 0x39; c++) ASCII_KIND[c] = K_DIGIT;
ASCII_KIND[0x27] = K_APOS;
for (const ch of '@$|!+') ASCII_KIND[ch.charCodeAt(0)] = K_LEET;

/** Gap flag of an ASCII separator (those needing lookahead are handled in the loop). */
const GAP_OF = new Int32Array(128);
for (const ch of ' \t\r') GAP_OF[ch.charCodeAt(0)] = G_SPACE;
GAP_OF[0x2c] = G_COMMA;
GAP_OF[0x3b] = G_END;
GAP_OF[0x22] = G_QUOTE;
GAP_OF[0x60] = G_QUOTE | G_CODE;
GAP_OF[0x27] = G_QUOTE;
for (const ch of '([{') GAP_OF[ch.charCodeAt(0)] = G_OPEN;
for (const ch of ')]}') GAP_OF[ch.charCodeAt(0)] = G_CLOSE;
GAP_OF[0x3c] = G_OPEN | G_CODE;
GAP_OF[0x3e] = G_CLOSE | G_CODE;
for (const ch of '=\\$&*^~+#/%') GAP_OF[ch.charCodeAt(0)] = G_CODE;
GAP_OF[0x40] = G_AT;
GAP_OF[0x7c] = G_PIPE;
const SYMBOL_START = new Uint8Array(128);
for (const ch of '<[#!') SYMBOL_START[ch.charCodeAt(0)] = 1;
/** Separators that only add their gap flag (and may start a symbol trigger): a run of them is read in one inner loop. */
const PLAIN_SEP = new Uint8Array(128);
for (let c = 0; c < 128; c++) if (ASCII_KIND[c] === K_SEP && c !== 0x0a && c !== 0x2e && c !== 0x3a && c !== 0x3f && c !== 0x2d) PLAIN_SEP[c] = 1;

/** Leetspeak readings of ASCII digits and symbols by code (0: read as written); LEET_L reads '1' and '|' as 'l'. */
const LEET_I = new Uint16Array(128);
const LEET_L = new Uint16Array(128);
for (const [k, v] of Object.entries({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's', '|': 'i', '!': 'i', '+': 't' })) {
  LEET_I[k.charCodeAt(0)] = v.charCodeAt(0);
  LEET_L[k.charCodeAt(0)] = (k === '1' || k === '|' ? 'l' : v).charCodeAt(0);
}

/** Classes of function words (see Tokenizer.light). */
const LIGHT_CLASSES = ['FILL', 'TO', 'IN', 'YOU', 'YOUR', 'MY', 'ME', 'BE', 'HAVE', 'AS', 'WITH', 'THAT', 'OPENER', 'NOW', 'MODAL', 'ADV', 'ALLQ', 'NEG', 'PREV'];

/** Two-letter words a split of words written together may use besides the function words ("co", "st" are abbreviations, not words). */
const SHORT_OK = ['is', 'it', 'of', 'on', 'at', 'by', 'if', 'or', 'so', 'up', 'us', 'we', 'an', 'do', 'go', 'he', 'am'];

/** Abbreviations whose period does not end a sentence. */
const ABBREV = new Set(['e', 'g', 'i', 'eg', 'ie', 'etc', 'vs', 'mr', 'mrs', 'ms', 'dr', 'st', 'no', 'fig', 'approx', 'inc', 'ltd', 'co', 'jr', 'sr', 'cf', 'al']);

/**
 * Scratch state shared by all scans of one engine. Scans do not nest
 * (decoded payloads are rescanned after the outer scan finished reading its tokens).
 */
export class Tokenizer {
  private readonly buf = new Uint16Array(MAX_SQUASH + 2);
  private readonly alt = new Uint16Array(MAX_SQUASH + 2);
  private readonly pre = new Int32Array(MAX_SQUASH + 2);
  private readonly dpCost = new Int32Array(MAX_SQUASH + 2);
  private readonly dpLen = new Int32Array(MAX_SQUASH + 2);
  private readonly dpEntry = new Int32Array(MAX_SQUASH + 2);
  private readonly dpInfl = new Uint8Array(MAX_SQUASH + 2);
  private readonly lowerAbbrev: Set<number>;
  private readonly tld = classIndex('TLD');
  /** Entries whose leetspeak spelling is worth a folded rescan for the rows (their keywords); set by the engine. */
  leetWorthy = new Uint8Array(0);
  /** R_* bits per entry; set by the engine (R_CTX here). A token whose entry has a role is marked. */
  role: Uint8Array;
  /** Words that may start a run of words written together (the lexicon's, and those the engine adds). */
  private readonly starter: Uint8Array;
  private readonly starterLens: Int32Array;
  /** Function words: cheap in a split of words written together ("instructions in", not "instruction sin"). */
  private readonly light: Uint8Array;
  /** First letters a short typo-tolerant word may keep ('y' for "yuor"). */
  private readonly shortFirst = new Uint8Array(128);

  constructor(private readonly lex: Lexicon) {
    this.lowerAbbrev = new Set([...ABBREV].map((a) => lex.idOf(a)));
    this.role = new Uint8Array(lex.words.length + 1024);
    this.starter = new Uint8Array(lex.words.length + 1024);
    this.starter.set(lex.starter.subarray(0, Math.min(lex.starter.length, this.starter.length)));
    this.starterLens = Int32Array.from(lex.starterLens);
    this.light = new Uint8Array(lex.words.length + 1024);
    const lightMask = LIGHT_CLASSES.map(classIndex);
    for (let e = 0; e < lex.words.length; e++) for (const ci of lightMask) if (hasClass(lex, e, ci)) this.light[e] = 1;
    for (const w of SHORT_OK) this.light[lex.idOf(w)] = 1;
    for (let e = 0; e < lex.words.length; e++) if (lex.typoContext[e] === 1) this.role[e] = R_CTX;
    for (const w of FUZZY_SHORT) this.shortFirst[w.charCodeAt(0)] = 1;
  }

  /** Token arrays reused per nesting depth (a rescan of a decoded view runs one level down). */
  private readonly pool: Tokens[] = [];

  /**
   * The text being tokenized as UTF-16 code units (filled per tokenize()):
   * the hot loops read a typed array instead of charCodeAt, which on a
   * sliced or cons string re-dispatches on the string's representation for
   * every character. Read only inside tokenize() and below it.
   */
  private units: Uint16Array = new Uint16Array(0);
  /** Code-unit arrays per nesting depth, like the token arrays: a rescan does not overwrite the outer text's. */
  private readonly unitPool: Uint16Array[] = [];
  private readonly unitBytes: Buffer[] = [];

  /** The code units of the text last tokenized at this depth (valid until the next tokenize() at that depth). */
  unitsAt(depth: number): Uint16Array {
    return this.unitPool[depth] as Uint16Array;
  }

  private loadUnits(s: string, depth: number): Uint16Array {
    const len = s.length;
    let u = this.unitPool[depth];
    if (u === undefined || u.length <= len) {
      u = new Uint16Array(Math.max(len + 1, 1024, u === undefined ? 0 : u.length * 2));
      this.unitPool[depth] = u;
      this.unitBytes[depth] = Buffer.from(u.buffer);
    }
    this.units = u;
    // Buffer's utf16le writer copies code units as they are (lone surrogates included), little-endian
    if (len >= 64 && LITTLE_ENDIAN) (this.unitBytes[depth] as Buffer).write(s, 0, len * 2, 'utf16le');
    else for (let i = 0; i < len; i++) u[i] = s.charCodeAt(i);
    u[len] = 0x20;
    return u;
  }

  tokenize(s: string, depth = 0): Tokens {
    const want = Math.max(16, (s.length >> 2) + 8);
    let t = this.pool[depth];
    if (t === undefined || t.start.length < want) {
      t = newTokens(want);
      this.pool[depth] = t;
    }
    t.n = 0;
    t.cjk = false;
    t.tags = false;
    t.disguised = [];
    t.leetLines = [];
    t.typoLines = [];
    t.squashLines = [];
    t.symbols = [];
    t.nm = 0;
    t.nside = 0;
    this.ctxN = 0;
    t.encoded = [];
    t.hexRun = false;
    let hexRun = 0;
    const role = this.role;
    const len = s.length;
    const buf = this.buf;
    const u = this.loadUnits(s, depth);
    let gap = G_PARA;
    let i = 0;
    let nlCount = 0;
    let cands = 0;
    let sentence = -1;
    let sentFirst = 0;
    let lineStart = 0;
    let lineDisguised = false;
    // the typo pass has work only where a candidate sits within TYPO_REACH tokens of a context word in its
    // sentence (or after words written together were split: their pieces are context words too)
    let lastCand = -TYPO_REACH - 1;
    let lastCtx = -TYPO_REACH - 1;
    let typoNear = false;
    while (i < len) {
      let c = u[i] as number;
      if (c === 0x20) {
        gap |= G_SPACE;
        i++;
        continue;
      }
      // the character's ASCII kind, read once (-1: not ASCII)
      const kc = c < 128 ? (ASCII_KIND[c] as number) : -1;
      // ── separators ──
      if (kc === K_SEP) {
        if (PLAIN_SEP[c] === 1) {
          // markup and code put several in a row ('"></', '){'): one turn for the run
          for (;;) {
            if (SYMBOL_START[c] === 1) t.symbols.push(i);
            gap |= GAP_OF[c] as number;
            i++;
            if (i >= len) break;
            c = u[i] as number;
            if (c >= 128 || PLAIN_SEP[c] !== 1) break;
          }
          continue;
        }
        if (c === 0x0a) {
          nlCount++;
          gap |= nlCount >= 2 ? G_PARA : G_NL;
          lineStart = i + 1;
          lineDisguised = false;
          i++;
          // A list item or quote marker at the start of a line begins a new sentence.
          let j = i;
          while (j < len && ((u[j] as number) === 0x20 || (u[j] as number) === 0x09)) j++;
          const m = j < len ? (u[j] as number) : 0;
          if ((m === 0x2d || m === 0x2a || m === 0x3e || m === 0x2b) && j + 1 < len && ((u[j + 1] as number) === 0x20 || (u[j + 1] as number) === 0x09)) gap |= G_BULLET;
          continue;
        }
        if (c === 0x2e) {
          // '.' ends a sentence when followed by space, end, a quote or a bracket.
          const n = i + 1 < len ? (u[i + 1] as number) : 0x20;
          if (n === 0x2e) {
            gap |= G_DASH;
            while (i < len && (u[i] as number) === 0x2e) i++;
            continue;
          }
          if (n === 0x20 || n === 0x0a || n === 0x09 || n === 0x0d || n === 0x22 || n === 0x27 || n === 0x29 || n === 0x5d || n === 0x2a || n === 0x5f || i + 1 >= len || n > 0x7f) {
            const prev = t.n > 0 ? (t.entry[t.n - 1] as number) : -1;
            const shortPrev = t.n > 0 && (t.end[t.n - 1] as number) === i && (t.end[t.n - 1] as number) - (t.start[t.n - 1] as number) <= 1 && ((t.flags[t.n - 1] as number) & T_NUM) === 0;
            gap |= (prev >= 0 && this.lowerAbbrev.has(prev) && (t.end[t.n - 1] as number) === i) || shortPrev ? G_DOT : G_END;
          } else gap |= G_DOT;
          i++;
          continue;
        }
        if (c === 0x3a) {
          // (reads past the end are guarded: charCodeAt out of bounds deoptimizes the whole loop)
          if (i + 2 < len && (u[i + 1] as number) === 0x2f && (u[i + 2] as number) === 0x2f) {
            gap |= G_URL;
            if (t.n > 0) t.flags[t.n - 1] = (t.flags[t.n - 1] as number) | T_SCHEME;
            i += 3;
            continue;
          }
          if (i + 1 < len && (u[i + 1] as number) === 0x28) t.symbols.push(i);
          gap |= G_COLON;
          i++;
          continue;
        }
        if (c === 0x3f) {
          // a '?' with a letter, digit or '=' right after opens a URL's query ("/p.png?d=…"): no sentence ends there
          const n = i + 1 < len ? s.charCodeAt(i + 1) | 0x20 : 0x20;
          gap |= (n >= 0x61 && n <= 0x7a) || (n >= 0x30 && n <= 0x39) || n === 0x3d ? G_SPACE : G_END | G_QMARK;
          i++;
          continue;
        }
        if (c === 0x2d) {
          // " - " is a dash; "-" between word characters is a hyphen (a plain break).
          const p = i > 0 ? (u[i - 1] as number) : 0x20;
          gap |= p === 0x20 || p === 0x09 ? G_DASH : G_SPACE;
          i++;
          continue;
        }
        if (SYMBOL_START[c] === 1) t.symbols.push(i);
        gap |= GAP_OF[c] as number;
        i++;
        continue;
      }
      // ── kana, ideographs and Hangul syllables: no words here (the CJK rows read them), one compare per character ──
      if ((c >= 0x3040 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af)) {
        t.cjk = true;
        gap |= G_SPACE;
        i++;
        continue;
      }
      // ── non-ASCII outside a word ──
      if (c >= 128) {
        let cp = c;
        let width = 1;
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
          const lo = (u[i + 1] as number);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            cp = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
            width = 2;
          }
        }
        if (cp >= 0xe0000 && cp <= 0xe007f) t.tags = true;
        const f = nonAsciiWordStart(cp);
        if (f === null) {
          if (isCjk(cp)) t.cjk = true;
          gap |= punctuationGap(cp);
          // fullwidth punctuation is ordinary between CJK characters ("，" "：" "（"); among ASCII it may hide a row's brackets
          if (isDisguise(cp) && !lineDisguised && !(cp >= 0xff00 && cp <= 0xff65 && cjkNear(s, i, width))) {
            t.disguised.push(lineStart);
            lineDisguised = true;
          }
          i += width;
          continue;
        }
        if (f === '') {
          // An invisible or combining character between words: part of the gap.
          if (!lineDisguised) {
            t.disguised.push(lineStart);
            lineDisguised = true;
          }
          i += width;
          continue;
        }
      } else if (kc === K_APOS || (kc === K_LEET && (c === 0x40 || !wordCharAt(s, i + 1)))) {
        // An apostrophe or leet symbol not inside a word is punctuation.
        if (c === 0x21) gap |= G_END;
        else if (c === 0x40) gap |= G_AT;
        else if (c === 0x7c) gap |= G_PIPE;
        else gap |= GAP_OF[c] as number;
        if (SYMBOL_START[c] === 1) t.symbols.push(i);
        i++;
        continue;
      }
      // ── an ASCII word of letters and digits only: the common case, no copying ──
      if (kc !== -1 && kc !== K_LEET && kc !== K_APOS) {
        const st = i;
        let hh = 0;
        let up = 0;
        let dig = 0;
        let j = i;
        // the character that ended the word (a space at the end of the text)
        let stop = 0x20;
        for (; j < len; j++) {
          let d = u[j] as number;
          if (d >= 128) {
            stop = d;
            break;
          }
          const kd = ASCII_KIND[d] as number;
          if (kd === K_LOWER) {
            /* letter */
          } else if (kd === K_UPPER) {
            up++;
            d |= 0x20;
          } else if (kd === K_DIGIT) dig++;
          else {
            stop = d;
            break;
          }
          hh = (Math.imul(hh, 31) + d) | 0;
        }
        const kstop = stop < 128 ? (ASCII_KIND[stop] as number) : -1;
        // an apostrophe, leet symbol or non-ASCII letter continues the word: the general reader takes it
        const plain = (kstop === K_SEP || (kstop === K_APOS && !wordCharAt(s, j + 1)) || (kstop === K_LEET && !wordCharAt(s, j + 1))) && !(stop === 0x40 && !emailAt(s, j) && wordCharAt(s, j + 1));
        if (plain) {
          const n = j - st;
          if (t.n + 4 >= t.start.length) grow(t);
          const k = t.n;
          t.start[k] = st;
          t.end[k] = j;
          t.gap[k] = gap;
          const letters = n - dig;
          let flags = 0;
          if (c >= 0x41 && c <= 0x5a) flags |= T_CAP;
          if (up >= 2 && up === letters) flags |= T_UPPER;
          if (dig > 0) flags |= T_DIGIT;
          if (dig === n) flags |= T_NUM;
          if (k > 0 && (gap & G_AT) !== 0 && stop === 0x2e) flags |= T_HOST;
          if (n >= 16 && dig > 0 && letters > 0) flags |= T_ENCODED;
          let entry = -1;
          // a lone short number may be a leetspeak word ("4" a, "15" is, "70" to)
          if ((letters > 0 || n <= 3) && n <= MAX_TOKEN) {
            entry = letters > 0 ? this.probeText(u, st, n, hh) : -1;
            // leetspeak keeps one case ("1gn0r3", "PR3V10US", "Pr3v10us"); mixed case with digits is an identifier or base64
            if (entry < 0 && dig > 0 && (up <= 1 || up === letters)) {
              this.fill(st, n);
              entry = this.leetLookup(n);
              if (entry >= 0) {
                flags |= T_LEET;
                if (n >= 4 && (this.lex.typoContext[entry] === 1 || this.leetWorthy[entry] === 1)) t.leetLines.push(st);
              }
            }
            if (entry < 0 && dig === 0 && (n >= FUZZY_MIN_LENGTH || (n >= 3 && this.shortFirst[c | 0x20] === 1)) && n <= MAX_FUZZY) {
              flags |= T_CAND | T_HASH;
              t.hash[k] = hh;
              cands++;
            }
          }
          // no capital after the first letter: no case steps, so a run remembered as no split is known here, without a call
          const flat = up === 0 || (up === 1 && c >= 0x41 && c <= 0x5a);
          if (entry < 0 && n >= MIN_SQUASH && n <= MAX_SQUASH && dig === 0 && !(flat && this.knownNoSplit(hh, n))) {
            const newSentence = startsSentence(k, gap, sentFirst);
            if (this.squash(t, n, st, j, gap, flags & ~T_CAND, newSentence ? sentence + 1 : sentence, hh, flat)) {
              if (newSentence) {
                sentence++;
                sentFirst = k;
                t.sentStart[sentence] = k;
              }
              if ((flags & T_CAND) !== 0) cands--;
              typoNear = true;
              hexRun = 0;
              gap = 0;
              nlCount = 0;
              i = j;
              continue;
            }
          }
          if (entry >= 0) {
            if (this.lex.inflected[entry] === 1) flags |= T_INFL;
            if (k > 0 && (gap & G_DOT) !== 0 && (gap & (G_SPACE | G_NL)) === 0 && hasClass(this.lex, entry, this.tld)) t.flags[k - 1] = (t.flags[k - 1] as number) | T_HOST;
          }
          t.entry[k] = entry;
          t.flags[k] = flags;
          if (entry >= 0 && (role[entry] as number) !== 0) mark(t, k, role[entry] as number);
          if ((flags & T_ENCODED) !== 0) t.encoded.push(k);
          if (n === 2 && isHex(c) && isHex((u[st + 1] as number))) {
            if (++hexRun >= 12) t.hexRun = true;
          } else hexRun = 0;
          if (startsSentence(k, gap, sentFirst)) {
            sentence++;
            sentFirst = k;
            t.sentStart[sentence] = k;
          }
          t.sent[k] = sentence;
          t.n++;
          nlCount = 0;
          if ((flags & T_CAND) !== 0) {
            if (k - lastCtx <= TYPO_REACH && t.sent[lastCtx] === sentence) typoNear = true;
            lastCand = k;
          }
          if (entry >= 0 && ((role[entry] as number) & R_CTX) !== 0) {
            if (k - lastCand <= TYPO_REACH && t.sent[lastCand] === sentence) typoNear = true;
            lastCtx = k;
            this.pushCtx(k);
          }
          // the common case, a space after the word, taken here rather than by another turn of the loop
          if (stop === 0x20 && j < len) {
            gap = G_SPACE;
            i = j + 1;
          } else {
            gap = 0;
            i = j;
          }
          continue;
        }
      }
      // ── a word: fold its characters into buf ──
      const start = i;
      let n = 0;
      let upper = 0;
      let letters = 0;
      let digits = 0;
      let leet = 0;
      let norm = false;
      let asciiLetters = 0;
      let foldedAscii = 0;
      let latinFolds = 0;
      let scriptFolds = 0;
      let long = false;
      let disguise = false;
      let h = 0;
      const first = c;
      while (i < len) {
        c = (u[i] as number);
        if (c < 128) {
          const k = ASCII_KIND[c] as number;
          if (k === K_LOWER) {
            letters++;
            asciiLetters++;
          } else if (k === K_UPPER) {
            letters++;
            asciiLetters++;
            upper++;
            c |= 0x20;
          } else if (k === K_DIGIT) digits++;
          else if (k === K_APOS) {
            // inside a word only between letters ("don't", "you've")
            if (n === 0 || !wordCharAt(s, i + 1)) break;
          } else if (k === K_LEET) {
            // a digit-like symbol inside a word ("p@ssword", "$ecret"); not an e-mail '@' or a closing '!'
            if (!wordCharAt(s, i + 1)) break;
            // "blender!Ignore": an exclamation ends a sentence written without spaces
            if (c === 0x21 && n > 0 && n <= MAX_SQUASH && (buf[n - 1] as number) >= 0x61 && (buf[n - 1] as number) <= 0x7a) {
              const nx = (u[i + 1] as number);
              if (nx >= 0x41 && nx <= 0x5a) break;
            }
            if (c === 0x40 && n > 0 && emailAt(s, i)) break;
            leet++;
          } else break;
          if (n < MAX_SQUASH) buf[n] = c;
          else long = true;
          h = (Math.imul(h, 31) + c) | 0;
          n++;
          i++;
          continue;
        }
        // non-ASCII inside a word
        let cp = c;
        let width = 1;
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
          const lo = (u[i + 1] as number);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            cp = ((c - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
            width = 2;
          }
        }
        if (cp === 0x2019 || cp === 0x02bc) {
          // typographic apostrophe inside a word
          if (n === 0 || !wordCharAt(s, i + 1)) break;
          if (n < MAX_SQUASH) buf[n] = 0x27;
          h = (Math.imul(h, 31) + 0x27) | 0;
          n++;
          i += width;
          continue;
        }
        if (cp >= 0xe0000 && cp <= 0xe007f) t.tags = true;
        const f = canonChar(cp);
        if (f === null) break;
        norm = true;
        const info = charInfo(cp, f);
        if (isDisguise(cp) || f === '') {
          disguise = true;
          if (!lineDisguised) {
            t.disguised.push(lineStart);
            lineDisguised = true;
          }
        } else if ((info & CI_ASCII) !== 0) {
          // decided once the word is read: another script's lookalike among ASCII letters, or a fold that spells a word the engine reads
          if ((info & CI_LATIN) !== 0) latinFolds++;
          else scriptFolds++;
        }
        for (let k = 0; k < f.length; k++) {
          const fc = f.charCodeAt(k);
          if (fc < 128) {
            asciiLetters++;
            foldedAscii++;
          }
          letters++;
          if (n < MAX_SQUASH) buf[n] = fc;
          else long = true;
          n++;
        }
        if ((info & CI_UPPER) !== 0) upper++;
        i += width;
      }
      if (n === 0) {
        // a lone apostrophe / symbol that did not start a word
        i++;
        continue;
      }
      // ── the token ──
      if (t.n + 4 >= t.start.length) grow(t);
      const k = t.n;
      t.start[k] = start;
      t.end[k] = i;
      t.gap[k] = gap;
      let flags = 0;
      if (first >= 0x41 && first <= 0x5a) flags |= T_CAP;
      if (upper >= 2 && upper === letters) flags |= T_UPPER;
      if (digits > 0) flags |= T_DIGIT;
      if (norm) flags |= T_NORM;
      if (disguise) flags |= T_DISGUISE;
      if (digits === n) flags |= T_NUM;
      if (k > 0 && (gap & G_AT) !== 0 && (u[i] as number) === 0x2e) flags |= T_HOST;
      if (n >= 16 && digits > 0 && letters > 0 && !long) flags |= T_ENCODED;
      if (long && n >= 16) flags |= T_ENCODED;
      let entry = -1;
      if (!long && n <= MAX_TOKEN && letters > 0) {
        entry = norm ? this.lookup(buf, n) : this.probe(buf, 0, n, h);
        // one case, and a word of three or more when it starts with a symbol ("!f", "+a", "|n" are code)
        if (entry < 0 && (digits > 0 || leet > 0) && (upper <= 1 || upper === letters) && (n >= 3 || first >= 128 || ASCII_KIND[first] !== K_LEET)) {
          entry = this.leetLookup(n);
          if (entry >= 0) {
            flags |= T_LEET;
            if (n >= 4 && (this.lex.typoContext[entry] === 1 || this.leetWorthy[entry] === 1)) t.leetLines.push(start);
          }
        }
        if (entry < 0 && n >= 3 && buf[n - 2] === 0x27 && buf[n - 1] === 0x73) entry = this.lookup(buf, n - 2); // possessive 's
        if (entry < 0 && (n >= FUZZY_MIN_LENGTH || (n >= 3 && this.shortFirst[buf[0] as number] === 1)) && n <= MAX_FUZZY && digits === 0 && leet === 0) {
          flags |= T_CAND;
          cands++;
        }
      }
      // lookalikes: a line is read again when another script's letter sits among ASCII ones ("ignоre"
      // with a Cyrillic о) or when the fold spells a word the passes read ("ïgnöre"); a Cyrillic or
      // French word that only folds to nothing in particular is not a disguise
      if (!disguise && (latinFolds > 0 || scriptFolds > 0) && ((scriptFolds > 0 && asciiLetters > foldedAscii) || (n >= 3 && entry >= 0 && ((role[entry] as number) & (R_ANCHOR | R_TRIGGER | R_VOICE)) !== 0))) {
        disguise = true;
        flags |= T_DISGUISE;
        if (!lineDisguised) {
          t.disguised.push(lineStart);
          lineDisguised = true;
        }
      }
      if (entry < 0 && !long && n >= MIN_SQUASH && digits === 0 && leet === 0 && letters === n) {
        const newSentence = startsSentence(k, gap, sentFirst);
        const pushed = this.squash(t, n, start, i, gap, flags, newSentence ? sentence + 1 : sentence);
        if (pushed) {
          typoNear = true;
          hexRun = 0;
          if (newSentence) {
            sentence++;
            sentFirst = k;
            t.sentStart[sentence] = k;
          }
          gap = 0;
          nlCount = 0;
          continue;
        }
      }
      if (entry >= 0 && this.lex.inflected[entry] === 1) flags |= T_INFL;
      // "name.example", "evil.com": the token before a top-level domain is a host
      if (entry >= 0 && k > 0 && (gap & G_DOT) !== 0 && (gap & (G_SPACE | G_NL)) === 0 && hasClass(this.lex, entry, this.tld)) t.flags[k - 1] = (t.flags[k - 1] as number) | T_HOST;
      t.entry[k] = entry;
      t.flags[k] = flags;
      if (entry >= 0 && (role[entry] as number) !== 0) mark(t, k, role[entry] as number);
      if ((flags & T_ENCODED) !== 0) t.encoded.push(k);
      hexRun = 0;
      if (startsSentence(k, gap, sentFirst)) {
        sentence++;
        sentFirst = k;
        t.sentStart[sentence] = k;
      }
      t.sent[k] = sentence;
      t.n++;
      gap = 0;
      nlCount = 0;
      if ((flags & T_CAND) !== 0) {
        if (k - lastCtx <= TYPO_REACH && t.sent[lastCtx] === sentence) typoNear = true;
        lastCand = k;
      }
      if (entry >= 0 && ((role[entry] as number) & R_CTX) !== 0) {
        if (k - lastCand <= TYPO_REACH && t.sent[lastCand] === sentence) typoNear = true;
        lastCtx = k;
        this.pushCtx(k);
      }
    }
    // A sentinel gap so readers can look one past the last token.
    if (t.n + 1 >= t.start.length) grow(t);
    t.gap[t.n] = G_PARA | gap;
    t.start[t.n] = len;
    t.end[t.n] = len;
    t.entry[t.n] = -1;
    t.sent[t.n] = sentence + 1;
    t.sentences = sentence + 1;
    t.sentStart[sentence + 1] = t.n;
    if (cands > 0 && typoNear) this.typoPass(t, s);
    return t;
  }

  /**
   * Typos are looked for only in unknown words within TYPO_REACH tokens of a
   * content word spelled right (in the same sentence): "ignore al previous
   * instrucitons" has "ignore" and "previous" to anchor it, while ordinary
   * prose pays for no variant lookups away from such words.
   */
  private typoPass(t: Tokens, s: string): void {
    const n = t.n;
    const nm = t.nm;
    const nside = t.nside;
    const role = this.role;
    let added = false;
    // the context words are the marked tokens with R_CTX, queued as the tokens were read; a typo resolved
    // to a context word is one too ("ignori all previoas instructiuns": each corrected word reaches the next)
    let qn = this.ctxN;
    for (let q = 0; q < qn; q++) {
      const c = this.ctxQueue[q] as number;
      const sc = t.sent[c] as number;
      const lo = Math.max(0, c - TYPO_REACH);
      const hi = Math.min(n - 1, c + TYPO_REACH);
      for (let k = lo; k <= hi; k++) {
        const f = t.flags[k] as number;
        if ((f & T_CAND) === 0 || (t.sent[k] as number) !== sc) continue;
        t.flags[k] = f & ~T_CAND;
        // an unknown word met before and found no typo: the remembered answer, without reading it again
        if ((f & T_HASH) !== 0 && this.knownNoTypo(t.hash[k] as number, (t.end[k] as number) - (t.start[k] as number))) continue;
        const e = this.typoAt(t, s, k);
        if (e >= 0) {
          t.entry[k] = e;
          t.flags[k] = (t.flags[k] as number) | T_FUZZY | (this.typoInflected || this.lex.inflected[e] === 1 ? T_INFL : 0);
          if ((role[e] as number) !== 0) {
            mark(t, k, role[e] as number);
            added = true;
          }
          if (this.leetWorthy[e] === 1) t.typoLines.push(t.start[k] as number);
          if (((role[e] as number) & R_CTX) !== 0) {
            if (qn >= this.ctxQueue.length) this.ctxQueue = growInt(this.ctxQueue);
            this.ctxQueue[qn++] = k;
          }
        }
      }
    }
    if (added) {
      mergeMarks(t.marks, nm, t.nm, this);
      if (t.nside > nside) mergeMarks(t.side, nside, t.nside, this);
    }
  }

  /** Queue token k as a context word for the typo pass. */
  private pushCtx(k: number): void {
    if (this.ctxN >= this.ctxQueue.length) this.ctxQueue = growInt(this.ctxQueue);
    this.ctxQueue[this.ctxN++] = k;
  }

  /** Context words queued by the last tokenize() (the first ctxN of ctxQueue). */
  private ctxN = 0;

  /** Scratch for mergeMarks. */
  markScratch: Int32Array<ArrayBuffer> = new Int32Array(64);

  /** Let entry e start a run of words written together (the engine adds its imperative anchors). */
  addStarter(e: number, minLength: number): void {
    const w = this.lex.words[e];
    if (w === undefined || w.length < minLength || w.length >= 31 || !/^[a-z]+$/.test(w) || e >= this.starter.length) return;
    this.starter[e] = 1;
    const a = w.charCodeAt(0) - 0x60;
    const c = w.charCodeAt(1) - 0x60;
    this.starterLens[a * 27 + c] = (this.starterLens[a * 27 + c] as number) | (1 << w.length);
  }

  private ctxQueue: Int32Array<ArrayBuffer> = new Int32Array(64);

  /** The entry the unknown token k is one typo away from, or -1 (its folded letters read again from the text). */
  private typoAt(t: Tokens, s: string, k: number): number {
    const b = this.buf;
    let m = 0;
    const end = t.end[k] as number;
    const u = this.units;
    for (let i = t.start[k] as number; i < end && m < MAX_FUZZY; i++) {
      const c = u[i] as number;
      if (c < 128) b[m++] = c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
      else {
        const cp = s.codePointAt(i) as number;
        if (cp > 0xffff) i++;
        const fc = cp === 0x2019 || cp === 0x02bc ? "'" : canonChar(cp);
        if (fc === null) break;
        for (let q = 0; q < fc.length && m < MAX_FUZZY; q++) b[m++] = fc.charCodeAt(q);
      }
    }
    return this.fuzzy(b, m);
  }

  /** The lower-cased ASCII word at st..st+n of the text being tokenized into buf. */
  private fill(st: number, n: number): void {
    const b = this.buf;
    const u = this.units;
    for (let k = 0; k < n && k < MAX_SQUASH; k++) {
      const c = u[st + k] as number;
      b[k] = c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
    }
  }

  /** Exact lookup of an ASCII word of letters and digits, compared in place (letters folded with | 0x20). */
  private probeText(u: Uint16Array, st: number, n: number, h: number): number {
    const lex = this.lex;
    const table = lex.table;
    const mask = lex.mask;
    // mix() written out (calls from here were not inlined)
    let hm = h ^ (h >>> 16);
    hm = Math.imul(hm, 0x45d9f3b);
    let slot = (hm ^ (hm >>> 13)) & mask;
    for (;;) {
      const v = table[2 * slot + 1] as number;
      if (v === -1) return -1;
      if (table[2 * slot] === h && v >>> SLOT_LEN_SHIFT === n) {
        const chars = lex.chars;
        const o = v & SLOT_OFF_MASK;
        let k = 0;
        while (k < n && chars[o + k] === ((u[st + k] as number) | 0x20)) k++;
        if (k === n) return chars[o - 1] as number;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Exact lookup of buf[0..n). */
  private lookup(b: Uint16Array, n: number): number {
    let h = 0;
    for (let k = 0; k < n; k++) h = (Math.imul(h, 31) + (b[k] as number)) | 0;
    return this.probe(b, 0, n, h);
  }

  private probe(b: Uint16Array, from: number, n: number, h: number): number {
    const lex = this.lex;
    const table = lex.table;
    const mask = lex.mask;
    let slot = mix(h) & mask;
    for (;;) {
      const v = table[2 * slot + 1] as number;
      if (v === -1) return -1;
      if (table[2 * slot] === h && v >>> SLOT_LEN_SHIFT === n) {
        const chars = lex.chars;
        const o = v & SLOT_OFF_MASK;
        let k = 0;
        while (k < n && chars[o + k] === b[from + k]) k++;
        if (k === n) return chars[o - 1] as number;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Leetspeak: digits and symbols read as letters, two ways for the ambiguous '1' and '|'. */
  private leetLookup(n: number): number {
    const b = this.buf;
    const a = this.alt;
    // the second reading differs from the first only where the word has a '1' or '|'
    let ambiguous = false;
    for (let pass = 0; pass < 2; pass++) {
      const map = pass === 0 ? LEET_I : LEET_L;
      let letters = 0;
      for (let k = 0; k < n; k++) {
        const c = b[k] as number;
        const m = c < 128 ? (map[c] as number) : 0;
        const v = m !== 0 ? m : c;
        a[k] = v;
        if (v >= 0x61) letters++;
        if (c === 0x31 || c === 0x7c) ambiguous = true;
      }
      if (letters === n) {
        const e = this.lookup(a, n);
        if (e >= 0) return e;
        if (n >= FUZZY_MIN_LENGTH && n <= MAX_FUZZY) {
          const f = this.fuzzy(a, n);
          if (f >= 0) return f;
        }
      }
      if (!ambiguous) break;
    }
    return -1;
  }

  /**
   * One typo (insertion, deletion, substitution, adjacent swap) on a content
   * word: one probe in the variant table, then the candidate is verified.
   * Returns the entry, or -1; sets this.typoInflected when the typo was a
   * trailing -s or -d (an inflection, not a misspelling).
   */
  private typoInflected = false;
  /** allowReal: also read real words (real-words.ts) as typos (for the generator of that list). */
  private fuzzy(b: Uint16Array, n: number, allowReal = false): number {
    if (n < 2 || n > MAX_FUZZY) return -1;
    const pre = this.fpre;
    pre[0] = 0;
    for (let k = 0; k < n; k++) {
      const c = b[k] as number;
      if (c < 0x61 || c > 0x7a) return -1;
      pre[k + 1] = (Math.imul(pre[k] as number, 31) + c) | 0;
    }
    const full = pre[n] as number;
    // the same unknown words come back all through a text (and across texts): one probe for them
    const slot = (mix(full) ^ n) & FUZZY_CACHE_MASK;
    if (!allowReal && this.fcKey[slot] === full && this.fcLen[slot] === n) {
      const e = this.fcVal[slot] as number;
      if (e < 0) return -1;
      const w = this.lex.words[e] as string;
      if (editKind(b, n, w) !== EDIT_NONE) {
        const last = b[n - 1] as number;
        this.typoInflected = n === w.length + 1 && (last === 0x73 || last === 0x64) && w.charCodeAt(w.length - 1) !== last;
        return e;
      }
    }
    const found = this.fuzzyLookup(b, n, full, allowReal);
    if (!allowReal) {
      this.fcKey[slot] = full;
      this.fcLen[slot] = n;
      this.fcVal[slot] = found;
    }
    return found;
  }

  private readonly sqKey = new Int32Array(SQUASH_CACHE_MASK + 1);
  private readonly sqLen = new Int32Array(SQUASH_CACHE_MASK + 1);

  /** Remember that this run does not split (whatever its place in the text) and say so. */
  private noSplit(slot: number, key: number, n: number): boolean {
    this.sqKey[slot] = key;
    this.sqLen[slot] = n;
    return false;
  }

  /** Is the run of these letters (hash and length, no case steps) remembered as one that does not split? */
  private knownNoSplit(key: number, n: number): boolean {
    const slot = (mix(key) ^ n) & SQUASH_CACHE_MASK;
    return this.sqKey[slot] === key && this.sqLen[slot] === n;
  }

  /** Does the typo cache already say that the letters with this hash and length are no typo (what fuzzy() would answer first)? */
  private knownNoTypo(full: number, n: number): boolean {
    const slot = (mix(full) ^ n) & FUZZY_CACHE_MASK;
    return this.fcKey[slot] === full && this.fcLen[slot] === n && (this.fcVal[slot] as number) < 0;
  }

  private readonly fcKey = new Int32Array(FUZZY_CACHE_MASK + 1);
  private readonly fcLen = new Int32Array(FUZZY_CACHE_MASK + 1);
  private readonly fcVal = new Int32Array(FUZZY_CACHE_MASK + 1);

  private fuzzyLookup(b: Uint16Array, n: number, full: number, allowReal: boolean): number {
    const pre = this.fpre;
    if (!allowReal && full !== 0) {
      const rk = this.lex.realKeys;
      for (let slot = mix(full) & this.lex.realMask; (rk[slot] as number) !== 0; slot = (slot + 1) & this.lex.realMask) if (rk[slot] === full) return -1;
    }
    // the token itself: a word with a letter deleted (the token lacks one), or nothing
    let e = this.fuzzyProbe(b, n, full);
    if (e >= 0) return e;
    // the token with one letter deleted: the word (an extra letter), or the word less one (a substitution or swap)
    for (let i = 0; i < n; i++) {
      if (i > 0 && b[i] === b[i - 1]) continue;
      const tail = (full - Math.imul(pre[i + 1] as number, POW[n - 1 - i] as number)) | 0;
      e = this.fuzzyProbe(b, n, (Math.imul(pre[i] as number, POW[n - 1 - i] as number) + tail) | 0);
      if (e >= 0) return e;
    }
    return -1;
  }

  private readonly fpre = new Int32Array(MAX_FUZZY + 2);

  private fuzzyProbe(b: Uint16Array, n: number, h: number): number {
    const lex = this.lex;
    let slot = mix(h) & lex.delMask;
    for (;;) {
      const id = lex.delVals[slot] as number;
      if (id === -1) return -1;
      if (lex.delKeys[slot] === h) {
        const w = lex.words[id] as string;
        const kind = editKind(b, n, w);
        // short words ("your") take no substitutions: "hour" and "four" are not typos of it
        if (kind !== EDIT_NONE && (kind !== EDIT_SUB || w.length >= FUZZY_MIN_LENGTH)) {
          const last = b[n - 1] as number;
          this.typoInflected = n === w.length + 1 && (last === 0x73 || last === 0x64) && w.charCodeAt(w.length - 1) !== last;
          return id;
        }
      }
      slot = (slot + 1) & lex.delMask;
    }
  }

  /**
   * A run of letters that is several lexicon words written without spaces
   * ("ignoreallpreviousinstructions"): split it (fewest words) and push one
   * token per word, with exact offsets inside the run. Only tried when the
   * run starts with a word that can start an injection.
   */
  /**
   * asciiHash: the run is ASCII letters whose lower-cased hash the word loop
   * already took, and buf is not filled yet (filled here only when the
   * remembered no-split runs do not answer). flat: no capital after the
   * first letter, so there are no case steps to count.
   */
  private squash(t: Tokens, n: number, start: number, end: number, gap: number, flags: number, sentence: number, asciiHash?: number, flat = false): boolean {
    const b = this.buf;
    const lex = this.lex;
    const pre = this.pre;
    const u = this.units;
    if (asciiHash === undefined) {
      const b0 = (b[0] as number) - 0x60;
      const b1 = (b[1] as number) - 0x60;
      if (b0 < 1 || b0 > 26 || b1 < 1 || b1 > 26) return false;
    }
    // camelCase ("fromFoundationModelId": a lower-to-upper step every few letters) is code: only the
    // strong starters split it, and only at its capitals; prose written together has few ("AlwaysrecommendCloudHost…")
    let steps = 0;
    let key = 0;
    if (asciiHash === undefined) for (let y = 0; y < n; y++) key = (Math.imul(key, 31) + (b[y] as number)) | 0;
    else key = asciiHash;
    for (let y = 1; y < n && !flat; y++) {
      const ch = (u[start + y] as number);
      if (ch >= 0x41 && ch <= 0x5a) {
        const pc = (u[start + y - 1] as number);
        if (pc >= 0x61 && pc <= 0x7a) steps++;
      }
    }
    const camel = steps > 0 && n < 10 * (steps + 1);
    // runs that did not split come back (identifiers, long words): remembered by letters, length and case steps
    key = (key ^ Math.imul(steps, 0x9e3779b1)) | 0;
    const cslot = (mix(key) ^ n) & SQUASH_CACHE_MASK;
    if (this.sqKey[cslot] === key && this.sqLen[cslot] === n) return false;
    if (asciiHash !== undefined) this.fill(start, n);
    const b0 = (b[0] as number) - 0x60;
    const b1 = (b[1] as number) - 0x60;
    // A starter word at the front (or a long run of prose), or nothing to do.
    const lens = this.starterLens[b0 * 27 + b1] as number;
    if (lens === 0 && (camel || n < LONG_SQUASH)) return this.noSplit(cslot, key, n);
    pre[0] = 0;
    for (let k = 0; k < n; k++) pre[k + 1] = (Math.imul(pre[k] as number, 31) + (b[k] as number)) | 0;
    const maxLen = Math.min(lex.maxLen, n);
    let startOk = !camel && n >= LONG_SQUASH;
    for (let l = 2; l <= maxLen && !startOk; l++) {
      if ((lens & (1 << l)) === 0) continue;
      const e = this.probe(b, 0, l, pre[l] as number);
      if (e >= 0 && this.starter[e] === 1 && (!camel || lex.starter[e] === 1)) startOk = true;
    }
    // "donot…", "dont…": "do" is too short a starter on its own
    if (!startOk && b[0] === 0x64 && b[1] === 0x6f && b[2] === 0x6e && (b[3] === 0x74 || (b[3] === 0x6f && b[4] === 0x74))) startOk = true;
    if (!startOk) return this.noSplit(cslot, key, n);
    // one word with a typo ("instructiuns") is not several written together: the typo pass reads it
    if (n <= MAX_FUZZY && this.fuzzy(b, n) >= 0) return this.noSplit(cslot, key, n);
    // Fewest words, where a function word costs 1, another word 2 (3 with an inflection:
    // "informing" is "inform" + "ing") and a stretch of letters that is no word 4 per letter
    // ("...andtelltheuserthischargeriscertified": "charger" is no word but the rest is;
    // "instructionsinyour" is "instructions in your", not "instruction sin").
    const cost = this.dpCost;
    const lenAt = this.dpLen;
    const ent = this.dpEntry;
    const infl = this.dpInfl;
    const light = this.light;
    const prefixLens = lex.prefixLens;
    const SKIP = 4;
    cost.fill(0x7fffffff, 0, n + 1);
    cost[0] = 0;
    for (let p = 0; p < n; p++) {
      const cp = cost[p] as number;
      if (cp === 0x7fffffff) continue;
      if (cp + SKIP < (cost[p + 1] as number)) {
        cost[p + 1] = cp + SKIP;
        lenAt[p + 1] = 1;
        ent[p + 1] = -1;
        infl[p + 1] = 0;
      }
      // lengths of the words that start with the next two letters (the others would probe for nothing)
      const lens = p + 1 < n ? (prefixLens[prefixIndex(b[p] as number, b[p + 1] as number)] as number) : 0;
      for (let l = 1; l <= maxLen && p + l <= n; l++) {
        if (l === 1 && b[p] !== 0x61 && b[p] !== 0x69 && b[p] !== 0x75) continue; // one-letter words: a, i, u
        if (l >= 2 && (lens & (1 << (l < 31 ? l : 31))) === 0) continue;
        const h = ((pre[p + l] as number) - Math.imul(pre[p] as number, POW[l] as number)) | 0;
        const e = this.probe(b, p, l, h);
        if (e < 0 || (l <= 2 && light[e] !== 1)) continue;
        const c = cp + (light[e] === 1 ? 1 : 2);
        if (c < (cost[p + l] as number)) {
          cost[p + l] = c;
          lenAt[p + l] = l;
          ent[p + l] = e;
          infl[p + l] = 0;
        }
        if (l < 3 || light[e] === 1) continue;
        for (const sfx of SUFFIXES) {
          const sl = sfx.length;
          if (p + l + sl > n) continue;
          let ok = true;
          for (let x = 0; x < sl && ok; x++) ok = b[p + l + x] === sfx.charCodeAt(x);
          // "-d" only after an "e" ("remove-d"; "stan-d" is another word), "-es" after a hissing end
          const last = b[p + l - 1] as number;
          if (ok && sfx === 'd' && last !== 0x65) ok = false;
          if (ok && sfx === 'es' && last !== 0x73 && last !== 0x78 && last !== 0x7a && last !== 0x68) ok = false;
          if (ok && c + 1 < (cost[p + l + sl] as number)) {
            cost[p + l + sl] = c + 1;
            lenAt[p + l + sl] = l + sl;
            ent[p + l + sl] = e;
            infl[p + l + sl] = 1;
          }
        }
      }
    }
    // Back to front: words, and skipped letters merged into unknown tokens.
    const pieces: Array<[number, number, number]> = [];
    let covered = 0;
    let wordsFound = 0;
    for (let q = n; q > 0; ) {
      const l = lenAt[q] as number;
      const e = ent[q] as number;
      if (e >= 0) {
        pieces.push([q - l, q, infl[q] === 1 ? -2 - e : e]);
        covered += l;
        wordsFound++;
        q -= l;
      } else {
        let r = q;
        while (r > 0 && (ent[r] as number) < 0) r -= lenAt[r] as number;
        pieces.push([r, q, -1]);
        q = r;
      }
    }
    // two words only when they are all of it and neither is a function word ("newinstructions", "systemprompt")
    // and the run starts a sentence or line of prose (identifiers pair words all the time: "dockerignore", "ignoreList")
    const pair =
      wordsFound === 2 && covered === n && !camel && (gap & (G_SENTENCE | G_NL)) !== 0 && (gap & (G_DOT | G_CODE | G_URL | G_QUOTE)) === 0 && pieces.every(([, , pe]) => light[pe <= -2 ? -2 - pe : pe] !== 1);
    // most of the run in words of 3.2 letters or more on average ("confirm·at·i·un·s" is a word cut up)
    if ((wordsFound < 3 && !pair) || covered * 10 < n * 7 || wordsFound * 16 > covered * 5) return wordsFound === 2 && covered === n ? false : this.noSplit(cslot, key, n);
    if (camel) {
      // camelCase splits at its capitals or not at all ("IgnoreAllPrevious…", not "fromJ·so·nExpression")
      for (const [a, q] of pieces) {
        for (let y = Math.max(a + 1, 1); y < q; y++) {
          const ch = (u[start + y] as number);
          const pc = (u[start + y - 1] as number);
          if (ch >= 0x41 && ch <= 0x5a && pc >= 0x61 && pc <= 0x7a) return this.noSplit(cslot, key, n);
        }
      }
    }
    pieces.reverse();
    while (t.n + pieces.length + 2 >= t.start.length) grow(t);
    let g = gap;
    let worthy = false;
    for (const [a, q, pe] of pieces) {
      // an inflected piece ("inform|ing") is its word, flagged inflected
      const e = pe <= -2 ? -2 - pe : pe;
      if (e >= 0 && this.leetWorthy[e] === 1) worthy = true;
      const k = t.n++;
      t.start[k] = start + a;
      t.end[k] = start + q;
      t.entry[k] = e;
      t.gap[k] = g;
      t.flags[k] = (flags & (T_CAP | T_NORM)) | T_SQUASH | (e >= 0 && (lex.inflected[e] === 1 || pe <= -2) ? T_INFL : 0);
      t.sent[k] = sentence;
      if (e >= 0 && (this.role[e] as number) !== 0) {
        mark(t, k, this.role[e] as number);
        if (((this.role[e] as number) & R_CTX) !== 0) this.pushCtx(k);
      }
      g = G_SPACE;
    }
    if (worthy) t.squashLines.push(start);
    void end;
    return true;
  }
}

/** '@' followed by a domain ("name@example.com"): the end of a word, not leetspeak. */
function emailAt(s: string, i: number): boolean {
  let j = i + 1;
  while (j < s.length && wordCharAt(s, j)) j++;
  return s.charCodeAt(j) === 0x2e && wordCharAt(s, j + 1);
}

function wordCharAt(s: string, i: number): boolean {
  if (i < 0 || i >= s.length) return false;
  const c = s.charCodeAt(i);
  if (c < 128) {
    const k = ASCII_KIND[c] as number;
    return k === K_LOWER || k === K_UPPER || k === K_DIGIT;
  }
  const f = canonChar(c >= 0xd800 && c <= 0xdbff ? (s.codePointAt(i) as number) : c);
  return f !== null && f !== '';
}

/** For a non-ASCII code point outside a word: null (separator), '' (ignorable) or letters (a word starts). */
function nonAsciiWordStart(cp: number): string | null {
  if (cp === 0x2019 || cp === 0x02bc) return null;
  return canonChar(cp);
}

function punctuationGap(cp: number): number {
  switch (cp) {
    case 0x201c:
    case 0x201d:
    case 0x2018:
    case 0x2019:
    case 0x00ab:
    case 0x00bb:
    case 0x300c:
    case 0x300d:
    case 0x300e:
    case 0x300f:
      return G_QUOTE;
    case 0x2013:
    case 0x2014:
    case 0x2015:
      return G_DASH;
    case 0x2026:
      return G_DASH;
    case 0x3002:
    case 0xff01:
    case 0xff1f:
    case 0x00a1:
    case 0x00bf:
      return G_END;
    case 0x2022:
    case 0x25cf:
    case 0x25aa:
      return G_BULLET;
    case 0xff0c:
    case 0x3001:
      return G_COMMA;
    case 0xff1a:
      return G_COLON;
    default:
      return G_SPACE;
  }
}

const EDIT_NONE = 0;
const EDIT_SUB = 1;
const EDIT_SWAP = 2;
const EDIT_INDEL = 3;

/**
 * How b[0..n) differs from w by one edit (substitution, adjacent swap,
 * insertion or deletion), or EDIT_NONE when they are equal or further apart.
 */
function editKind(b: Uint16Array, n: number, w: string): number {
  const m = w.length;
  if (Math.abs(n - m) > 1) return EDIT_NONE;
  let i = 0;
  while (i < n && i < m && b[i] === w.charCodeAt(i)) i++;
  if (i === n && i === m) return EDIT_NONE;
  if (n === m) {
    // substitution at i, or a swap of i and i+1
    let j = n - 1;
    while (j > i && b[j] === w.charCodeAt(j)) j--;
    if (j === i) return EDIT_SUB;
    return j === i + 1 && b[i] === w.charCodeAt(i + 1) && b[i + 1] === w.charCodeAt(i) ? EDIT_SWAP : EDIT_NONE;
  }
  // one extra character in the longer of the two
  if (n > m) {
    for (let k = i; k < m; k++) if (b[k + 1] !== w.charCodeAt(k)) return EDIT_NONE;
    return EDIT_INDEL;
  }
  for (let k = i; k < n; k++) if (b[k] !== w.charCodeAt(k + 1)) return EDIT_NONE;
  return EDIT_INDEL;
}

/** Class membership test for an entry (entry -1 is in no class). */
export function hasClass(lex: Lexicon, entry: number, ci: number): boolean {
  if (entry < 0) return false;
  return ((lex.cls[entry * CLASS_WORDS + ((ci / 31) | 0)] as number) & (1 << ci % 31)) !== 0;
}
