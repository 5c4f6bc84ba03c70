// One linear pass from text to word tokens the grammar can read: offsets,
// the lexicon entry each token is (exactly, with one typo, in leetspeak, or
// as part of a run of words written without spaces) and what separated it
// from the token before (sentence end, comma, quote, newline ...).
// Folding (case, accents, lookalikes, invisibles, fullwidth) happens per
// character inside this pass, so clean ASCII prose never gets copied.
// Never allocates per token on the ASCII path; never decides anything.
import { foldCodePoint } from '../normalize/index.js';
import { FUZZY_CLASSES, FUZZY_EXCLUDE, FUZZY_MIN_LENGTH, FUZZY_SHORT, INFLECTED, LEXICON, WORD_CLASSES } from './lexicon.js';
import type { WordClass } from './lexicon.js';

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
/** Folded: any way the token was read other than as written. */
export const T_FOLDED = T_LEET | T_FUZZY | T_NORM | T_SQUASH;

/** Longest token looked up (longer runs are identifiers, hashes or blobs). */
const MAX_TOKEN = 48;
/** Tokens either side of a content word in which unknown words are tried as typos. */
const TYPO_REACH = 3;
const MAX_FUZZY = 24;
const MIN_SQUASH = 10;
const MAX_SQUASH = 160;

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
const isDisguise = (cp: number): boolean =>
  (cp >= 0xff00 && cp <= 0xffef) || (cp >= 0x1d400 && cp <= 0x1d7ff) || (cp >= 0x2460 && cp <= 0x24ff) || (cp >= 0x1f100 && cp <= 0x1f1ff) || (cp >= 0xe0000 && cp <= 0xe007f);

function canonChar(cp: number): string | null {
  const hit = charCache.get(cp);
  if (hit !== undefined) return hit;
  let out: string | null;
  if (isCjk(cp)) out = null;
  else {
    const f = foldCodePoint(cp);
    const s = (f === undefined ? String.fromCodePoint(cp) : f).toLowerCase();
    out = s === '' ? '' : WORDISH.test(s) ? s : null;
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
  readonly keys: Int32Array;
  readonly vals: Int32Array;
  readonly mask: number;
  /**
   * Every spelling one edit away from a typo-tolerant word (insertion,
   * deletion, substitution, adjacent swap), by hash → entry: a typo costs one
   * probe, like an exact word. Hashes are computed arithmetically from the
   * word's prefix hashes, so no variant string is ever built.
   */
  readonly varKeys: Int32Array;
  readonly varVals: Int32Array;
  readonly varMask: number;
  readonly maxLen: number;
  /** For a run's first two letters, a bit per length of a starter word with that beginning (no bit: no split). */
  readonly starterLens: Int32Array;
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

/** The word as tokens see it: each character folded and lower-cased. */
export function canonWord(word: string): string {
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
 * ~100 ms to build): every engine reads the same words and adds the same
 * literal words of the built-in frames and rows.
 */
export function sharedLexicon(): Lexicon {
  shared ??= compileLexicon();
  return shared;
}

export function compileLexicon(extraWords: readonly string[] = []): Lexicon {
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
  return freeze(b);
}

function freeze(b: LexiconBuilder): Lexicon {
  // Room for the grammar's literal words added later (idOf); rebuilt if exceeded.
  const cap = b.words.length + 512;
  let size = 1;
  while (size < cap * 4) size <<= 1;
  const fuzzyClasses = FUZZY_CLASSES.map(classIndex);
  const typoClasses = (['OVR', 'OVR2', 'EXT', 'EXTS', 'EXTW', 'PREV', 'INSTR', 'PROMPT', 'SECRET', 'SECRET2', 'SMOD', 'JB', 'JBW', 'ROLEV', 'AISELF', 'LIMIT', 'LIMITW', 'DECODE', 'TOLD', 'COMPLY', 'ALLQ', 'YOUR'] as const).map(classIndex);
  const starterClasses = STARTER_CLASSES.map(classIndex);
  const lex = {
    words: b.words,
    cls: new Int32Array(cap * CLASS_WORDS),
    inflected: new Uint8Array(cap),
    starter: new Uint8Array(cap),
    keys: new Int32Array(size),
    vals: new Int32Array(size).fill(-1),
    mask: size - 1,
    varKeys: new Int32Array(0),
    varVals: new Int32Array(0),
    varMask: 0,
    maxLen: 0,
    starterLens: new Int32Array(27 * 27),
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
    let starter = STARTER_WORDS.includes(word);
    for (const ci of b.classes[id] as Set<number>) {
      const slot = id * CLASS_WORDS + ((ci / 31) | 0);
      lex.cls[slot] = (lex.cls[slot] as number) | (1 << ci % 31);
      if (fuzzyClasses.includes(ci)) fuzzy = true;
      if (starterClasses.includes(ci)) starter = true;
    }
    if (INFLECTED.has(word)) lex.inflected[id] = 1;
    for (const ci of b.classes[id] as Set<number>) if (typoClasses.includes(ci)) lex.typoContext[id] = 1;
    if (starter && word.length >= 3) {
      lex.starter[id] = 1;
      const a = word.charCodeAt(0) - 0x60;
      const c = word.charCodeAt(1) - 0x60;
      if (a >= 1 && a <= 26 && c >= 1 && c <= 26 && word.length < 31) lex.starterLens[a * 27 + c] = (lex.starterLens[a * 27 + c] as number) | (1 << word.length);
    }
    if (((fuzzy && word.length >= FUZZY_MIN_LENGTH) || FUZZY_SHORT.has(word)) && !FUZZY_EXCLUDE.has(word) && /^[a-z]+$/.test(word)) fuzzyWords.push([word, id]);
  }
  const variants = typoVariants(fuzzyWords, (h) => probeHash(lex, h));
  let vsize = 1;
  while (vsize < variants.length * 2) vsize <<= 1;
  const varKeys = new Int32Array(vsize);
  const varVals = new Int32Array(vsize).fill(-1);
  for (let k = 0; k < variants.length; k += 2) {
    const h = variants[k] as number;
    const id = variants[k + 1] as number;
    let slot = mix(h) & (vsize - 1);
    let dup = false;
    while ((varVals[slot] as number) !== -1) {
      if (varKeys[slot] === h && varVals[slot] === id) {
        dup = true;
        break;
      }
      slot = (slot + 1) & (vsize - 1);
    }
    if (dup) continue;
    varKeys[slot] = h;
    varVals[slot] = id;
  }
  lex.varKeys = varKeys;
  lex.varVals = varVals;
  lex.varMask = vsize - 1;
  return lex;
}

/**
 * Hashes of every string one edit from each word (flat [hash, id, hash, id …]).
 * Short words (FUZZY_SHORT) get no substitutions: "your" one letter from
 * "hour" or "four" is not a typo worth guessing.
 */
function typoVariants(words: ReadonlyArray<[string, number]>, isExact: (h: number) => boolean): number[] {
  const out: number[] = [];
  const pre = new Int32Array(MAX_SQUASH + 2);
  for (const [w, id] of words) {
    const m = w.length;
    pre[0] = 0;
    for (let k = 0; k < m; k++) pre[k + 1] = (Math.imul(pre[k] as number, 31) + w.charCodeAt(k)) | 0;
    const full = pre[m] as number;
    const tailOf = (from: number) => ((full - Math.imul(pre[from] as number, POW[m - from] as number)) | 0);
    const push = (h: number) => {
      if (!isExact(h)) out.push(h, id);
    };
    const short = m < FUZZY_MIN_LENGTH;
    for (let i = 0; i < m; i++) {
      // deletion of w[i]
      push((Math.imul(pre[i] as number, POW[m - 1 - i] as number) + tailOf(i + 1)) | 0);
      // adjacent swap of w[i], w[i+1]
      if (i + 1 < m && w[i] !== w[i + 1]) {
        const a = w.charCodeAt(i);
        const c = w.charCodeAt(i + 1);
        let h = Math.imul(pre[i] as number, 31) + c;
        h = (Math.imul(h | 0, 31) + a) | 0;
        push((Math.imul(h, POW[m - i - 2] as number) + tailOf(i + 2)) | 0);
      }
      // substitution of w[i]
      if (!short) {
        const base = (full - Math.imul(w.charCodeAt(i), POW[m - 1 - i] as number)) | 0;
        for (let c = 0x61; c <= 0x7a; c++) if (c !== w.charCodeAt(i)) push((base + Math.imul(c, POW[m - 1 - i] as number)) | 0);
      }
    }
    // insertion before position i (0..m)
    for (let i = 0; i <= m; i++) {
      const head = pre[i] as number;
      const tail = tailOf(i);
      for (let c = 0x61; c <= 0x7a; c++) {
        const h = (Math.imul((Math.imul(head, 31) + c) | 0, POW[m - i] as number) + tail) | 0;
        push(h);
      }
    }
  }
  return out;
}

function probeHash(lex: { keys: Int32Array; vals: Int32Array; mask: number }, h: number): boolean {
  let slot = mix(h) & lex.mask;
  for (;;) {
    const id = lex.vals[slot] as number;
    if (id === -1) return false;
    if (lex.keys[slot] === h) return true;
    slot = (slot + 1) & lex.mask;
  }
}

function insertExact(lex: { keys: Int32Array; vals: Int32Array; mask: number }, word: string, id: number): void {
  const h = hashString(word);
  let slot = mix(h) & lex.mask;
  while ((lex.vals[slot] as number) !== -1) slot = (slot + 1) & lex.mask;
  lex.keys[slot] = h;
  lex.vals[slot] = id;
}

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
  /** Number of sentences. */
  sentences: number;
  /** Text-level facts the engine's gates read. */
  cjk: boolean;
  tags: boolean;
  /** Line starts (offsets) holding characters worth a normalized rescan. */
  disguised: number[];
  /** Offsets of words read as leetspeak (the rows are tried on the folded text around them). */
  leetLines: number[];
  /** Offsets of characters that may start a symbol trigger ('<', '[', '#', '!', '%', '=', '-', '`', '{'). */
  symbols: number[];
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
    sentences: 0,
    cjk: false,
    tags: false,
    disguised: [],
    leetLines: [],
    symbols: [],
  };
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
}

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

const LEET_I: Record<number, number> = {};
const LEET_L: Record<number, number> = {};
for (const [k, v] of Object.entries({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's', '|': 'i', '!': 'i', '+': 't' })) {
  LEET_I[k.charCodeAt(0)] = v.charCodeAt(0);
  LEET_L[k.charCodeAt(0)] = (k === '1' || k === '|' ? 'l' : v).charCodeAt(0);
}

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
  private readonly lowerAbbrev: Set<number>;
  private readonly tld = classIndex('TLD');
  /** Entries whose leetspeak spelling is worth a folded rescan for the rows (their keywords); set by the engine. */
  leetWorthy = new Uint8Array(0);
  /** First letters a short typo-tolerant word may keep ('y' for "yuor"). */
  private readonly shortFirst = new Uint8Array(128);
  private near = new Uint8Array(0);

  constructor(private readonly lex: Lexicon) {
    this.lowerAbbrev = new Set([...ABBREV].map((a) => lex.idOf(a)));
    for (const w of FUZZY_SHORT) this.shortFirst[w.charCodeAt(0)] = 1;
  }

  /** Token arrays reused per nesting depth (a rescan of a decoded view runs one level down). */
  private readonly pool: Tokens[] = [];

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
    t.symbols = [];
    const len = s.length;
    const buf = this.buf;
    let gap = G_PARA;
    let i = 0;
    let nlCount = 0;
    let cands = 0;
    let sentence = -1;
    let lineStart = 0;
    let lineDisguised = false;
    while (i < len) {
      let c = s.charCodeAt(i);
      if (c === 0x20) {
        gap |= G_SPACE;
        i++;
        continue;
      }
      // ── separators ──
      if (c < 128 && ASCII_KIND[c] === K_SEP) {
        if (c === 0x0a) {
          nlCount++;
          gap |= nlCount >= 2 ? G_PARA : G_NL;
          lineStart = i + 1;
          lineDisguised = false;
          i++;
          // A list item or quote marker at the start of a line begins a new sentence.
          let j = i;
          while (j < len && (s.charCodeAt(j) === 0x20 || s.charCodeAt(j) === 0x09)) j++;
          const m = s.charCodeAt(j);
          if ((m === 0x2d || m === 0x2a || m === 0x3e || m === 0x2b) && (s.charCodeAt(j + 1) === 0x20 || s.charCodeAt(j + 1) === 0x09)) gap |= G_BULLET;
          continue;
        }
        if (c === 0x2e) {
          // '.' ends a sentence when followed by space, end, a quote or a bracket.
          const n = i + 1 < len ? s.charCodeAt(i + 1) : 0x20;
          if (n === 0x2e) {
            gap |= G_DASH;
            while (i < len && s.charCodeAt(i) === 0x2e) i++;
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
          if (s.charCodeAt(i + 1) === 0x2f && s.charCodeAt(i + 2) === 0x2f) {
            gap |= G_URL;
            if (t.n > 0) t.flags[t.n - 1] = (t.flags[t.n - 1] as number) | T_SCHEME;
            i += 3;
            continue;
          }
          if (s.charCodeAt(i + 1) === 0x28) t.symbols.push(i);
          gap |= G_COLON;
          i++;
          continue;
        }
        if (c === 0x3f) {
          gap |= G_END | G_QMARK;
          i++;
          continue;
        }
        if (c === 0x2d) {
          // " - " is a dash; "-" between word characters is a hyphen (a plain break).
          const p = i > 0 ? s.charCodeAt(i - 1) : 0x20;
          gap |= p === 0x20 || p === 0x09 ? G_DASH : G_SPACE;
          i++;
          continue;
        }
        if (SYMBOL_START[c] === 1) t.symbols.push(i);
        gap |= GAP_OF[c] as number;
        i++;
        continue;
      }
      // ── non-ASCII outside a word ──
      if (c >= 128) {
        let cp = c;
        let width = 1;
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
          const lo = s.charCodeAt(i + 1);
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
          if (isDisguise(cp) && !lineDisguised) {
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
      } else if (ASCII_KIND[c] === K_APOS || (ASCII_KIND[c] === K_LEET && (c === 0x40 || !wordCharAt(s, i + 1)))) {
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
      if (c < 128 && (ASCII_KIND[c] as number) !== K_LEET && (ASCII_KIND[c] as number) !== K_APOS) {
        const st = i;
        let hh = 0;
        let up = 0;
        let dig = 0;
        let j = i;
        for (; j < len; j++) {
          let d = s.charCodeAt(j);
          if (d >= 128) break;
          const kd = ASCII_KIND[d] as number;
          if (kd === K_LOWER) {
            /* letter */
          } else if (kd === K_UPPER) {
            up++;
            d |= 0x20;
          } else if (kd === K_DIGIT) dig++;
          else break;
          hh = (Math.imul(hh, 31) + d) | 0;
        }
        const stop = j < len ? s.charCodeAt(j) : 0x20;
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
            entry = letters > 0 ? this.probeText(s, st, n, hh) : -1;
            if (entry < 0 && dig > 0) {
              this.fill(s, st, n);
              entry = this.leetLookup(n);
              if (entry >= 0) {
                flags |= T_LEET;
                if (n >= 4 && (this.lex.typoContext[entry] === 1 || this.leetWorthy[entry] === 1)) t.leetLines.push(st);
              }
            }
            if (entry < 0 && dig === 0 && (n >= FUZZY_MIN_LENGTH || (n >= 3 && this.shortFirst[c | 0x20] === 1)) && n <= MAX_FUZZY) {
              flags |= T_CAND;
              cands++;
            }
          }
          if (entry < 0 && n >= MIN_SQUASH && n <= MAX_SQUASH && dig === 0) {
            this.fill(s, st, n);
            const newSentence = k === 0 || (gap & G_SENTENCE) !== 0;
            if (this.squash(t, n, st, j, gap, flags & ~T_CAND, newSentence ? sentence + 1 : sentence)) {
              if (newSentence) sentence++;
              if ((flags & T_CAND) !== 0) cands--;
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
          if (k === 0 || (gap & G_SENTENCE) !== 0) sentence++;
          t.sent[k] = sentence;
          t.n++;
          gap = 0;
          nlCount = 0;
          i = j;
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
      let nonAsciiLetters = 0;
      let long = false;
      let disguise = false;
      let h = 0;
      const first = c;
      while (i < len) {
        c = s.charCodeAt(i);
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
          const lo = s.charCodeAt(i + 1);
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
        if (isDisguise(cp) || f === '' || (asciiLetters > 0 && /^[a-z]+$/.test(f)) || (nonAsciiLetters === 0 && asciiLetters === 0 && /^[a-z]+$/.test(f) && wordCharAt(s, i + width) && s.charCodeAt(i + width) < 128)) {
          disguise = true;
          if (!lineDisguised) {
            t.disguised.push(lineStart);
            lineDisguised = true;
          }
        }
        for (let k = 0; k < f.length; k++) {
          const fc = f.charCodeAt(k);
          if (fc < 128) asciiLetters++;
          else nonAsciiLetters++;
          letters++;
          if (n < MAX_SQUASH) buf[n] = fc;
          else long = true;
          n++;
        }
        if (String.fromCodePoint(cp) !== String.fromCodePoint(cp).toLowerCase()) upper++;
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
      if (k > 0 && (gap & G_AT) !== 0 && s.charCodeAt(i) === 0x2e) flags |= T_HOST;
      if (n >= 16 && digits > 0 && letters > 0 && !long) flags |= T_ENCODED;
      if (long && n >= 16) flags |= T_ENCODED;
      let entry = -1;
      if (!long && n <= MAX_TOKEN && letters > 0) {
        entry = norm ? this.lookup(buf, n) : this.probe(buf, 0, n, h);
        if (entry < 0 && (digits > 0 || leet > 0)) {
          entry = this.leetLookup(n);
          if (entry >= 0) {
            flags |= T_LEET;
            if (this.lex.typoContext[entry] === 1 || this.leetWorthy[entry] === 1) t.leetLines.push(start);
          }
        }
        if (entry < 0 && n >= 3 && buf[n - 2] === 0x27 && buf[n - 1] === 0x73) entry = this.lookup(buf, n - 2); // possessive 's
        if (entry < 0 && (n >= FUZZY_MIN_LENGTH || (n >= 3 && this.shortFirst[buf[0] as number] === 1)) && n <= MAX_FUZZY && digits === 0 && leet === 0) {
          flags |= T_CAND;
          cands++;
        }
      }
      if (entry < 0 && !long && n >= MIN_SQUASH && digits === 0 && leet === 0 && letters === n) {
        const newSentence = k === 0 || (gap & G_SENTENCE) !== 0;
        const pushed = this.squash(t, n, start, i, gap, flags, newSentence ? sentence + 1 : sentence);
        if (pushed) {
          if (newSentence) sentence++;
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
      if (k === 0 || (gap & G_SENTENCE) !== 0) sentence++;
      t.sent[k] = sentence;
      t.n++;
      gap = 0;
      nlCount = 0;
    }
    // A sentinel gap so readers can look one past the last token.
    if (t.n + 1 >= t.start.length) grow(t);
    t.gap[t.n] = G_PARA | gap;
    t.start[t.n] = len;
    t.end[t.n] = len;
    t.entry[t.n] = -1;
    t.sent[t.n] = sentence + 1;
    t.sentences = sentence + 1;
    if (cands > 0) this.typoPass(t, s);
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
    const ctx = this.lex.typoContext;
    let lastCtx = -1000;
    // forward: distance to the previous context word; backward pass below for the next one
    const near = this.near.length >= n ? this.near : (this.near = new Uint8Array(n * 2));
    near.fill(0, 0, n);
    for (let k = 0; k < n; k++) {
      const e = t.entry[k] as number;
      if (e >= 0 && ctx[e] === 1) lastCtx = k;
      else if (k - lastCtx <= TYPO_REACH && t.sent[k] === t.sent[lastCtx < 0 ? 0 : lastCtx]) near[k] = 1;
    }
    lastCtx = 1 << 30;
    for (let k = n - 1; k >= 0; k--) {
      const e = t.entry[k] as number;
      if (e >= 0 && ctx[e] === 1) lastCtx = k;
      else if (lastCtx - k <= TYPO_REACH && lastCtx < n && t.sent[k] === t.sent[lastCtx]) near[k] = 1;
    }
    const b = this.buf;
    for (let k = 0; k < n; k++) {
      const f = t.flags[k] as number;
      if ((f & T_CAND) === 0) continue;
      t.flags[k] = f & ~T_CAND;
      if (near[k] === 0) continue;
      // the token's folded letters, read again from the text
      let m = 0;
      const end = t.end[k] as number;
      for (let i = t.start[k] as number; i < end && m < MAX_FUZZY; i++) {
        const c = s.charCodeAt(i);
        if (c < 128) b[m++] = c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
        else {
          const cp = s.codePointAt(i) as number;
          if (cp > 0xffff) i++;
          const fc = cp === 0x2019 || cp === 0x02bc ? "'" : canonChar(cp);
          if (fc === null) break;
          for (let q = 0; q < fc.length && m < MAX_FUZZY; q++) b[m++] = fc.charCodeAt(q);
        }
      }
      const e = this.fuzzy(b, m);
      if (e >= 0) {
        t.entry[k] = e;
        t.flags[k] = (t.flags[k] as number) | T_FUZZY | (this.typoInflected || this.lex.inflected[e] === 1 ? T_INFL : 0);
      }
    }
  }

  /** The lower-cased ASCII word s[st..st+n) into buf. */
  private fill(s: string, st: number, n: number): void {
    const b = this.buf;
    for (let k = 0; k < n && k < MAX_SQUASH; k++) {
      const c = s.charCodeAt(st + k);
      b[k] = c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
    }
  }

  /** Exact lookup of an ASCII word of letters and digits, compared in place (letters folded with | 0x20). */
  private probeText(s: string, st: number, n: number, h: number): number {
    const lex = this.lex;
    let slot = mix(h) & lex.mask;
    for (;;) {
      const id = lex.vals[slot] as number;
      if (id === -1) return -1;
      if (lex.keys[slot] === h) {
        const w = lex.words[id] as string;
        if (w.length === n) {
          let k = 0;
          while (k < n && w.charCodeAt(k) === (s.charCodeAt(st + k) | 0x20)) k++;
          if (k === n) return id;
        }
      }
      slot = (slot + 1) & lex.mask;
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
    let slot = mix(h) & lex.mask;
    for (;;) {
      const id = lex.vals[slot] as number;
      if (id === -1) return -1;
      if (lex.keys[slot] === h) {
        const w = lex.words[id] as string;
        if (w.length === n) {
          let k = 0;
          while (k < n && w.charCodeAt(k) === b[from + k]) k++;
          if (k === n) return id;
        }
      }
      slot = (slot + 1) & lex.mask;
    }
  }

  /** Leetspeak: digits and symbols read as letters, two ways for the ambiguous '1' and '|'. */
  private leetLookup(n: number): number {
    const b = this.buf;
    const a = this.alt;
    for (const map of [LEET_I, LEET_L]) {
      let letters = 0;
      for (let k = 0; k < n; k++) {
        const c = b[k] as number;
        const m = map[c];
        a[k] = m ?? c;
        if ((m ?? c) >= 0x61) letters++;
      }
      if (letters < n) continue;
      const e = this.lookup(a, n);
      if (e >= 0) return e;
      if (n >= FUZZY_MIN_LENGTH && n <= MAX_FUZZY) {
        const f = this.fuzzy(a, n);
        if (f >= 0) return f;
      }
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
  private fuzzy(b: Uint16Array, n: number, hIn?: number): number {
    const lex = this.lex;
    let h = hIn ?? 0;
    if (hIn === undefined) {
      for (let k = 0; k < n; k++) {
        const c = b[k] as number;
        if (c < 0x61 || c > 0x7a) return -1;
        h = (Math.imul(h, 31) + c) | 0;
      }
    }
    let slot = mix(h) & lex.varMask;
    for (;;) {
      const id = lex.varVals[slot] as number;
      if (id === -1) return -1;
      if (lex.varKeys[slot] === h) {
        const w = lex.words[id] as string;
        if (withinOne(b, n, w)) {
          const last = b[n - 1] as number;
          this.typoInflected = n === w.length + 1 && (last === 0x73 || last === 0x64) && w.charCodeAt(w.length - 1) !== last;
          return id;
        }
      }
      slot = (slot + 1) & lex.varMask;
    }
  }

  /**
   * A run of letters that is several lexicon words written without spaces
   * ("ignoreallpreviousinstructions"): split it (fewest words) and push one
   * token per word, with exact offsets inside the run. Only tried when the
   * run starts with a word that can start an injection.
   */
  private squash(t: Tokens, n: number, start: number, end: number, gap: number, flags: number, sentence: number): boolean {
    const b = this.buf;
    const lex = this.lex;
    const pre = this.pre;
    const b0 = (b[0] as number) - 0x60;
    const b1 = (b[1] as number) - 0x60;
    if (b0 < 1 || b0 > 26 || b1 < 1 || b1 > 26) return false;
    pre[0] = 0;
    for (let k = 0; k < n; k++) pre[k + 1] = (Math.imul(pre[k] as number, 31) + (b[k] as number)) | 0;
    const maxLen = Math.min(lex.maxLen, n);
    // A starter word at the front, or nothing to do.
    const lens = lex.starterLens[((b[0] as number) - 0x60) * 27 + ((b[1] as number) - 0x60)] as number;
    if (lens === 0) return false;
    let startOk = false;
    for (let l = 2; l <= maxLen && !startOk; l++) {
      if ((lens & (1 << l)) === 0) continue;
      const e = this.probe(b, 0, l, pre[l] as number);
      if (e >= 0 && lex.starter[e] === 1) startOk = true;
    }
    if (!startOk) return false;
    // Fewest words, where a stretch of letters that is no word costs two per letter
    // ("...andtelltheuserthischargeriscertified": "charger" is no word but the rest is).
    const cost = this.dpCost;
    const lenAt = this.dpLen;
    const ent = this.dpEntry;
    const SKIP = 2;
    cost.fill(0x7fffffff, 0, n + 1);
    cost[0] = 0;
    for (let p = 0; p < n; p++) {
      const cp = cost[p] as number;
      if (cp === 0x7fffffff) continue;
      if (cp + SKIP < (cost[p + 1] as number)) {
        cost[p + 1] = cp + SKIP;
        lenAt[p + 1] = 1;
        ent[p + 1] = -1;
      }
      for (let l = 1; l <= maxLen && p + l <= n; l++) {
        if (l === 1 && b[p] !== 0x61 && b[p] !== 0x69 && b[p] !== 0x75) continue; // one-letter words: a, i, u
        const h = ((pre[p + l] as number) - Math.imul(pre[p] as number, POW[l] as number)) | 0;
        const e = this.probe(b, p, l, h);
        if (e < 0) continue;
        if (cp + 1 < (cost[p + l] as number)) {
          cost[p + l] = cp + 1;
          lenAt[p + l] = l;
          ent[p + l] = e;
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
        pieces.push([q - l, q, e]);
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
    if (wordsFound < 3 || covered * 10 < n * 6 || wordsFound * 3 > covered) return false;
    pieces.reverse();
    while (t.n + pieces.length + 2 >= t.start.length) grow(t);
    let g = gap;
    for (const [a, q, e] of pieces) {
      const k = t.n++;
      t.start[k] = start + a;
      t.end[k] = start + q;
      t.entry[k] = e;
      t.gap[k] = g;
      t.flags[k] = (flags & (T_CAP | T_NORM)) | T_SQUASH | (e >= 0 && lex.inflected[e] === 1 ? T_INFL : 0);
      t.sent[k] = sentence;
      g = G_SPACE;
    }
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

/** Damerau distance ≤ 1 between b[0..n) and w (one insertion, deletion, substitution or adjacent swap). */
function withinOne(b: Uint16Array, n: number, w: string): boolean {
  const m = w.length;
  if (Math.abs(n - m) > 1) return false;
  let i = 0;
  while (i < n && i < m && b[i] === w.charCodeAt(i)) i++;
  if (i === n && i === m) return true;
  if (n === m) {
    // substitution at i, or a swap of i and i+1
    let j = n - 1;
    while (j > i && b[j] === w.charCodeAt(j)) j--;
    if (j === i) return true;
    return j === i + 1 && b[i] === w.charCodeAt(i + 1) && b[i + 1] === w.charCodeAt(i);
  }
  // one extra character in the longer of the two
  if (n > m) {
    for (let k = i; k < m; k++) if (b[k + 1] !== w.charCodeAt(k)) return false;
    return true;
  }
  for (let k = i; k < n; k++) if (b[k] !== w.charCodeAt(k + 1)) return false;
  return true;
}

/** Class membership test for an entry (entry -1 is in no class). */
export function hasClass(lex: Lexicon, entry: number, ci: number): boolean {
  if (entry < 0) return false;
  return ((lex.cls[entry * CLASS_WORDS + ((ci / 31) | 0)] as number) & (1 << ci % 31)) !== 0;
}
