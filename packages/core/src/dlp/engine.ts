// The DLP engine: compiles the pattern table, env values and known secrets once,
// then scans text with one prefilter pass, the few regexes it selects, and the
// decoded views of encoded-looking runs. It reports RawHits, redacted where
// made; it never decides block-or-warn (verdict/decide.ts does).
import { Buffer } from 'node:buffer';
import RE2 from 're2';
import type { RawHit } from '../context.js';
import { ConfigError } from '../errors.js';
import { decodeViews, encodeVariants } from '../encoding/index.js';
import { normalizeText } from '../normalize/index.js';
import { fingerprint, redact } from '../redact.js';
import type { SectionAction, Severity } from '../types.js';
import { BUILTIN_DLP_PATTERNS, DEFAULT_MIN_ENTROPY, entropyOk } from './patterns.js';
import type { DlpAnchor, DlpPatternRow, DlpTrigger, DlpValidator } from './patterns.js';
import { hasSequentialRun, ibanValid, isMask, isPlaceholder, luhn, shannonEntropy, wifValid } from './validators.js';

export interface DlpPatternSpec {
  name: string;
  regex: string;
  severity: Severity;
  action?: SectionAction;
  /** Optional checksum a match must pass (config dlp.patterns[].validator). */
  validator?: 'luhn' | 'mod97' | 'aba' | 'wif';
}

/**
 * Whether vendor-format example credentials (AKIAIOSFODNN7EXAMPLE, ghp_ABCDEF…,
 * test cards, the jwt.io token) are reported: 'detect' on egress, 'suppress'
 * on code review (config dlp.example_credentials).
 */
export type ExampleCredentialPolicy = 'detect' | 'suppress';

export interface DlpScanOptions {
  /** Default: the engine's `examples` option. */
  examples?: ExampleCredentialPolicy;
}

/** The opt-in crypto-address group (dlp.crypto_addresses): off, or on with the action its hits ask for. */
export type CryptoAddressPolicy = 'off' | 'warn' | 'block';

export interface DlpEngineOptions {
  /** User patterns (config dlp.patterns), compiled with RE2. */
  patterns?: DlpPatternSpec[];
  /** Default true: built-ins merged BY NAME (a user pattern with a built-in's name replaces it). */
  includeDefaults?: boolean;
  /** Values to watch for (dlp.scan_env). Short, low-entropy, path- and word-like values are ignored. */
  env?: Record<string, string | undefined>;
  /** Default 16. */
  minEnvSecretLength?: number;
  /** Known secrets (dlp.secrets_file contents), matched raw and encoded. */
  secrets?: string[];
  /** Default 'detect' (the egress policy); a scan call may override it. */
  examples?: ExampleCredentialPolicy;
  /** Default 'off': Bitcoin and Ethereum addresses are not secrets, so they are reported only when asked. */
  cryptoAddresses?: CryptoAddressPolicy;
}

export interface DlpEngine {
  scan(text: string, opts?: DlpScanOptions): RawHit[];
  readonly patternNames: readonly string[];
  readonly builtinCount: number;
}

export const ENV_LEAK_RULE = 'Environment Variable Leak';
export const KNOWN_SECRET_RULE = 'Known Secret';

/** Bounds on the decoding pass: views per scan, their depth and total decoded size. */
const DECODE_LIMITS = { maxDepth: 4, maxViews: 64, maxOutputChars: 1 << 20 } as const;
/** Matches one row may report per scanned string; stops a hostile body from costing O(matches) allocations. */
const MAX_MATCHES_PER_ROW = 256;
/** Encoded-looking regions handed to the decoder per scanned string. */
const MAX_REGIONS = 64;
/** Keyword occurrences (row, position) recorded per scanned string for anchored rows. */
const MAX_KEYWORD_SITES = 512;
/**
 * Built-in rows run on V8's backtracking engine for speed; their quantifiers are
 * bounded, so a hostile input costs at most (starts x bound). Past this size the
 * same rows run on RE2, whose matching is linear whatever the input.
 */
const RE2_ABOVE = 65_536;
/** Raw-offset mapping after normalization is exact-ish up to this size; past it spans are proportional. */
const MAX_EXACT_MAP = 1 << 20;

interface CompiledRow {
  name: string;
  severity: Severity;
  action: SectionAction | undefined;
  /** V8 RegExp for built-ins (each proven RE2-compatible by test), RE2 for user patterns. */
  re: RegExp | RE2;
  /**
   * The same pattern on RE2 (linear time) for texts over RE2_ABOVE characters,
   * or undefined when the V8 pattern has only small bounded quantifiers
   * (worst case a small constant per character anyway).
   */
  re2: RE2 | undefined;
  secretGroup: number;
  validate: DlpValidator | undefined;
  tokenChecks: boolean;
  minEntropy: number;
  anchor: DlpAnchor;
  /** Run sticky at each keyword occurrence instead of over the whole text. */
  atKeyword: boolean;
  /** Skip a keyword site unless valueInReach says a value can follow it. */
  valueNearKeyword: boolean;
  checksFrom: number;
  /**
   * A 'longrun' row whose every match is a run of token characters at least
   * LONG_RUN long (tokenRunMinLength): when only the trigger selected it, it
   * runs over those runs instead of the whole text.
   */
  inLongRuns: boolean;
}

interface WatchedValue {
  text: string;
  scanner: 'env' | 'dlp';
  rule: string;
  /** Shown instead of any part of the value ('$NAME'), or undefined to use redact(). */
  label: string | undefined;
  valueLength: number;
  encoding: string[] | undefined;
  hash: string;
}

// Character classes for the single prefilter pass: the low 7 bits are the
// lower-cased character, the high bits its classes.
const TOK = 1 << 8; // [A-Za-z0-9+/=_.-]: token, base64, hex and word characters
const LOWER = 1 << 9;
const NOTLOWER = 1 << 10; // a token character that is not a lowercase letter
const NOTHEX = 1 << 11; // a token character that is not a hex digit
const SEP = 1 << 12; // space, tab, CR, LF
const CTRLF = 1 << 13; // C0 controls other than tab/CR/LF, and DEL
const LONGISH = 1 << 14; // digits, + and /: a run with these looks encoded rather than like a word
const PCT = 1 << 15; // '%': a run with it may be URL-encoded
const PAIRSEP = 1 << 16; // ' ', ':' and ',': what may follow a hex pair ("0a:1b", "0a 1b", "0a,1b")
const CLS = new Int32Array(128);
for (let c = 0; c < 128; c++) {
  const digit = c >= 48 && c <= 57;
  const upper = c >= 65 && c <= 90;
  const lower = c >= 97 && c <= 122;
  const hex = digit || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
  const tok = digit || upper || lower || c === 43 || c === 47 || c === 61 || c === 95 || c === 46 || c === 45 || c === 37;
  let f = upper ? c | 32 : c;
  if (digit) f |= 128; // counted by the loop: (f >> 7) & 1
  if (tok) f |= TOK;
  if (lower) f |= LOWER;
  if (tok && !lower) f |= NOTLOWER;
  if (tok && !hex) f |= NOTHEX;
  if (digit || c === 43 || c === 47) f |= LONGISH;
  if (c === 37) f |= PCT;
  if (c === 32 || c === 9 || c === 10 || c === 13) f |= SEP;
  if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) f |= CTRLF;
  if (c === 32 || c === 58 || c === 44) f |= PAIRSEP;
  CLS[c] = f;
}

/**
 * The prefilter's records, reused by every pass (it never re-enters itself):
 * per block of EVENT_BLOCK characters, the run ends and non-ASCII characters
 * (three entries each), the positions where a keyword may start, and those
 * where a watched value may.
 */
const EVENT_BLOCK = 2048;
/** Marks a non-ASCII character's event; runs are shorter (strings have fewer than 2^30 code units). */
const EV_NONASCII = 1 << 30;
const EVENTS = new Int32Array(EVENT_BLOCK * 3);
const KW_CAND = new Int32Array(EVENT_BLOCK);
/** Per block, with watched values: [position, bucket] where a watched value may start one character back. */
const W_CAND = new Int32Array(EVENT_BLOCK * 2);

/** Whether u[from..to) is all whitespace (SEP). */
function onlySeparators(u: Uint16Array, from: number, to: number): boolean {
  for (let j = from; j < to; j++) if ((CLS[u[j]! & 127]! & SEP) === 0 || u[j]! >= 128) return false;
  return true;
}

/** Characters nonPlainAhead looks at. */
const PLAIN_PROBE = 64;

/** Whether one of the first PLAIN_PROBE characters is not plain printable ASCII (what normalizeText would look at). */
function nonPlainAhead(s: string): boolean {
  const n = Math.min(s.length, PLAIN_PROBE);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 127 || (c < 32 && c !== 9 && c !== 10 && c !== 13)) return true;
  }
  return false;
}

/** Whether a finished run of token characters looks encoded (base64/base32/hex, or has %xx). */
function runLooksEncoded(run: number, runOr: number): boolean {
  if ((runOr & PCT) !== 0) return run >= 6;
  // Any 24+ run that is not all lower-case letters: base64 of a 20-byte key is
  // 28 characters and has no digit, '+' or '/' about 1 time in 11 (base32: 32
  // letters, 1 in 8), so requiring one of those missed real encoded keys.
  return run >= 24 && ((runOr & NOTLOWER) !== 0 || run >= 40);
}

const T_DIGITS = 1, T_IBAN = 2, T_LONGRUN = 4, T_WORDS = 8, T_DECODE = 16, T_ADDRESS = 32;
const TRIGGER_BIT: Record<DlpTrigger, number> = { digits: T_DIGITS, iban: T_IBAN, longrun: T_LONGRUN, words: T_WORDS, address: T_ADDRESS };
/**
 * The 'digits' trigger (SSN, card numbers) is nine digits in a row with at
 * most one space or dash between two of them (/\d(?:[ -]?\d){8}/, counted
 * by the prefilter); the 'iban' trigger is nine digits anywhere and this
 * head, which every IBAN match starts with.
 */
const IBAN_HEAD = /[A-Z]{2}\d{2}/;
/** Run of token characters that fires the 'longrun' trigger. */
const LONG_RUN = 50;
/** Runs of LONG_RUN+ recorded per scanned string; past it, 'longrun' rows run over the whole text. */
const MAX_LONG_RUNS = 256;
/** Trigger bits that select rows (T_DECODE starts the decoding pass instead). */
const ROW_TRIGGERS = [T_DIGITS, T_IBAN, T_LONGRUN, T_WORDS, T_ADDRESS] as const;

const hitKey = (h: RawHit): string => `${h.rule}\u0000${h.start}\u0000${h.end}`;

/** Offsets of a text normalization left as it was. */
const IDENTITY_MAP = { start: (p: number): number => p, end: (p: number): number => p };
const NO_WATCHED_HITS: ReadonlyArray<{ w: WatchedValue; at: number }> = [];

/** Exercises every prefilter branch once (see its use in createDlpEngine). */
const PREFILTER_WARMUP =
  'word word word word word word word word word word word word word 0a 1b 2c 3d 4e 5f 6a 7b 8c 9d ' +
  'Zq8vN3xLp5Rt7Yw2Qa9KdL4mZq8vN3xLp5Rt7Yw2Qa9KdL4mZq8vN3xLp5 %41%42%43 123456789 \u00e9 \u0001 secret=x ' +
  'aa:bb:cc:dd:ee:ff:00:11:22 1f,2e,3d;4c GB82 (word), 12-34 56 Abcdefgh; AKIA x tail ' +
  // Words with more than one separator or punctuation between, a long lower-case run, and a chain of words that ends the text.
  'word  word\n word (word abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq word word word word word word word word word word word word';
/**
 * Warm-up passes per engine. V8 gives a function its feedback vector (where
 * branches and operations record what they saw) only after it ran for a
 * while, about eight runs of its bytecode; the small helpers the loop calls
 * a few times per pass (addRegion, endRun, clearLists) need this many passes
 * before their feedback exists. With less, the first optimized loop meets a branch with no
 * feedback, deoptimizes, and in some processes ends up in on-stack-replaced
 * code about a third slower for the rest of the process (measured: 7.2-7.5
 * µs per 1 KB of source in most processes, 9.6-10.1 µs in the others).
 * About 0.2 ms, against ~70 ms to compile the rows.
 */
const PREFILTER_WARMUP_PASSES = 16;
/**
 * The sample in the string forms scanned texts come in (literal, flat, sliced
 * and concatenated, one- and two-byte): each form has its own map, and a loop
 * optimized for a few forms deoptimizes ('wrong map') on the next one met,
 * which can leave it in the slow on-stack-replaced code described above.
 */
const WARMUP_TWO_BYTE = '\u4e2d\u6587 \u00e9t\u00e9 caf\u00e9 r\u00e9sum\u00e9 abcdefgh\u00e9';
const PREFILTER_WARMUP_TEXTS = [
  PREFILTER_WARMUP,
  'AKIA word (word), 12-34 56 secret=x 0a 1b 2c 3d 4e 5f 6a 7b 8c 9d GB82 \u0001 tail',
  [...PREFILTER_WARMUP].join(''),
  `${PREFILTER_WARMUP}${PREFILTER_WARMUP}`.slice(7),
  `${PREFILTER_WARMUP} ${PREFILTER_WARMUP_PASSES}`,
  `${PREFILTER_WARMUP} ${WARMUP_TWO_BYTE}`,
  [...`${PREFILTER_WARMUP} ${WARMUP_TWO_BYTE}`].join(''),
  `${WARMUP_TWO_BYTE} ${PREFILTER_WARMUP} ${WARMUP_TWO_BYTE}`.slice(3),
  WARMUP_TWO_BYTE,
];

/** Hashed 3-, 4- and 5-gram bitmaps of the keyword prefilter: 2^18 bits (32 KiB) each. */
const GRAM_BITS = 18;
const GRAM_WORDS = 1 << (GRAM_BITS - 5);
const GRAM_MASK = (1 << GRAM_BITS) - 1;
function gram3(bigram: number, c3: number): number {
  return Math.imul((bigram << 7) | c3, 0x9e3779b1) >>> (32 - GRAM_BITS);
}
function gram4(bigram: number, c3: number, c4: number): number {
  return (Math.imul((bigram << 7) | c3, 0x85ebca6b) ^ Math.imul(c4 + 1, 0xc2b2ae35)) >>> (32 - GRAM_BITS) & GRAM_MASK;
}
function gram5(h4: number, c5: number): number {
  return Math.imul(h4 ^ ((c5 + 1) << 11), 0x27d4eb2f) >>> (32 - GRAM_BITS);
}
function setBit(bits: Int32Array, h: number): void {
  bits[h >>> 5]! |= 1 << (h & 31);
}
function hasBit(bits: Int32Array, h: number): boolean {
  return (bits[h >>> 5]! & (1 << (h & 31))) !== 0;
}

/**
 * The prefilter reads a text's UTF-16 code units from a typed array rather
 * than by charCodeAt: one native copy (Buffer#write as UTF-16LE, which maps
 * each code unit to two bytes) costs less than the string accesses it saves,
 * most of all on sliced strings. Texts up to UNITS_KEPT characters reuse one
 * buffer (the prefilter never re-enters itself); longer ones get their own.
 */
const UNITS_KEPT = 1 << 18;
/** Uint16Array reads are in platform order; Buffer writes UTF-16LE. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
let unitsKept = new Uint16Array(4096);
let unitsKeptBytes = Buffer.from(unitsKept.buffer);
/** The buffer the next prefilter pass fills: the kept one, or one made for a longer text. */
let units = unitsKept;
let unitsBytes = unitsKeptBytes;
/**
 * Makes `units` hold at least n code units. Called before the prefilter, not
 * in it, so that its rare growth branch never deoptimizes the loop.
 */
function ensureUnits(n: number): void {
  if (n <= unitsKept.length) {
    units = unitsKept;
    unitsBytes = unitsKeptBytes;
    return;
  }
  const u = new Uint16Array(Math.max(n, Math.min(UNITS_KEPT, unitsKept.length * 2)));
  const bytes = Buffer.from(u.buffer);
  if (u.length <= UNITS_KEPT) {
    unitsKept = u;
    unitsKeptBytes = bytes;
  }
  units = u;
  unitsBytes = bytes;
}

interface KeywordEntry {
  kw: string;
  rows: number[];
}

function abaValid(s: string): boolean {
  const d = s.replace(/\D/g, '');
  if (d.length !== 9) return false;
  const n = (i: number) => d.charCodeAt(i) - 48;
  return (3 * (n(0) + n(3) + n(6)) + 7 * (n(1) + n(4) + n(7)) + n(2) + n(5) + n(8)) % 10 === 0;
}

const USER_VALIDATORS: Record<NonNullable<DlpPatternSpec['validator']>, (s: string) => boolean> = {
  luhn: (s) => luhn(s.replace(/[^0-9]/g, '')),
  mod97: (s) => ibanValid(s),
  aba: abaValid,
  wif: (s) => wifValid(s),
};

/**
 * Env values worth watching: long enough, not a path, URL, list or sentence,
 * and random-looking (entropy, at least two character classes).
 */
export function isWatchableEnvValue(v: string, minLength: number): boolean {
  if (v.length < minLength || v.length > 4096) return false;
  if (/\s/.test(v)) return false;
  if (/^(?:[~.]?\/|[A-Za-z]:[\\/])/.test(v)) return false; // paths
  if (/^[a-z][a-z0-9+.-]*:\/\/[^@]*$/i.test(v)) return false; // URLs without credentials
  if (/^[\w.-]*(?:[:;,][\w./-]*){2,}$/.test(v) && /[/:]/.test(v) && !/\d{3}/.test(v)) return false; // lists
  if (/^[a-z]+(?:[-_][a-z]+)*$/i.test(v)) return false; // words, identifiers
  let classes = 0;
  if (/[a-z]/.test(v)) classes++;
  if (/[A-Z]/.test(v)) classes++;
  if (/[0-9]/.test(v)) classes++;
  if (/[^A-Za-z0-9]/.test(v)) classes++;
  if (classes < 2) return false;
  if (/^(.)\1*$/.test(v)) return false;
  return shannonEntropy(v) >= 3;
}

/**
 * One engine's prefilter tables and the lists a pass fills. The prefilter and
 * its helpers are module functions over this, not closures inside
 * createDlpEngine: with closures, every engine a process made gave the
 * shared prefilter code calls to other function objects, and once a process
 * had made a few engines those calls were no longer inlined (prefilter 35 %
 * slower). The lists are fixed-size typed arrays with a count each, so that
 * emptying them keeps their storage (an array emptied by `length = 0`
 * allocates again on its next push: ~0.1 us per short text).
 */
class PrefilterState {
  readonly atKeyword: Uint8Array;
  readonly kwMask: Int32Array;
  readonly kwHead: Int32Array;
  readonly kwBuckets: KeywordEntry[][];
  readonly kw3: Int32Array;
  readonly kw4: Int32Array;
  readonly kw4p: Int32Array;
  readonly kw5: Int32Array;
  readonly wHead: Int32Array | undefined;
  readonly wBuckets: WatchedValue[][];
  readonly addressOn: boolean;
  /** Per row: 0, or how the row was selected (1: by a keyword or always, 2: by a trigger only). */
  readonly selected: Uint8Array;
  /** The rows marked in `selected`, the first nSel entries. */
  readonly selList: Int32Array;
  nSel = 0;
  readonly wHits: Array<{ w: WatchedValue; at: number }> = [];
  /** Flat [row, position, row, position, ...] of keyword occurrences for anchored rows (first nSites entries). */
  readonly sites = new Int32Array(MAX_KEYWORD_SITES * 2);
  nSites = 0;
  /** Flat [start, end, ...] of token runs of 14+ characters, in text order (first nLong entries). */
  readonly longRuns = new Int32Array(MAX_KEYWORD_SITES * 4);
  nLong = 0;
  /** Flat [start, end, ...] of token runs of LONG_RUN+ characters, in text order (first nBig of bigSeen: all of them unless bigSeen > MAX_LONG_RUNS). */
  readonly bigRuns = new Int32Array(MAX_LONG_RUNS * 2);
  nBig = 0;
  bigSeen = 0;
  /** Flat [start, end, start, end, ...] of encoded-looking runs (first nRegions entries). */
  readonly regions = new Int32Array(MAX_REGIONS * 2);
  nRegions = 0;
  /** Whether the last pass met a control character (other than tab, CR, LF). */
  sawControl = false;

  constructor(
    atKeyword: boolean[],
    addressOn: boolean,
    t: {
      kwMask: Int32Array; kwHead: Int32Array; kwBuckets: KeywordEntry[][];
      kw3: Int32Array; kw4: Int32Array; kw4p: Int32Array; kw5: Int32Array;
      wHead: Int32Array | undefined; wBuckets: WatchedValue[][];
    },
  ) {
    this.atKeyword = Uint8Array.from(atKeyword, (a) => (a ? 1 : 0));
    this.addressOn = addressOn;
    this.kwMask = t.kwMask;
    this.kwHead = t.kwHead;
    this.kwBuckets = t.kwBuckets;
    this.kw3 = t.kw3;
    this.kw4 = t.kw4;
    this.kw4p = t.kw4p;
    this.kw5 = t.kw5;
    this.wHead = t.wHead;
    this.wBuckets = t.wBuckets;
    this.selected = new Uint8Array(atKeyword.length);
    this.selList = new Int32Array(Math.max(1, atKeyword.length));
  }
}

/**
 * One pass over `t`: keyword trigrams, watched-value bigrams and a few
 * counters from which the structural triggers are derived. Fills selList /
 * wHits and returns trigger bits. This loop is the cost of clean text, so
 * its per-character part has no branch that depends on the text except on
 * digits and non-ASCII characters: it only records, without branching, the
 * positions where a keyword may start (KW_CAND), where a watched value may
 * (W_CAND), and the ends of token runs (EVENTS), block by block; each
 * block's records are then handled in text
 * order, exactly as the character loop once did inline. A branch per run
 * end cost more than all the bookkeeping (two mispredictions per run of
 * source code or prose).
 */
function prefilter(S: PrefilterState, t: string): number {
  clearLists(S);
  let trig = 0;
  let bgPrev = 0; // lower-cased bigram ending at the previous character
  let run = 0; // current run of token characters [A-Za-z0-9+/=_.%-]
  let runOr = 0; // OR of the classes in the run
  let pairs = 0; // consecutive two-hex-digit groups separated by ' ', ':' or ','
  let words = 0; // consecutive all-lowercase words of 3..8 letters separated by whitespace
  let wordsHit = 0; // negative once `words` reached 12
  let digits = 0;
  let digitRun = 0; // digits in the current run of /\d(?:[ -]?\d)*/
  let lastDigit = -3;
  let pairsStart = 0, pairsEnd = 0;
  let anyOr = 0; // OR of the classes of all characters
  let prevEv = -1; // position of the last event handled (a run's end or a non-ASCII character)
  const n = t.length;
  // Locals, not closure or module slots: the loop below is the hot path.
  const cls = CLS;
  const mask = S.kwMask;
  const kw3 = S.kw3, kw4 = S.kw4, kw4p = S.kw4p, kw5 = S.kw5;
  const ev = EVENTS;
  const kwPos = KW_CAND;
  const wh = S.wHead;
  const wPos = W_CAND;
  let prevC = 0; // the last ASCII character, for watched values' bigrams
  // The text's code units into `units` (sized by ensureUnits). The native
  // copy has a fixed cost (~50 ns) that a short loop undercuts.
  const u = units;
  if (LITTLE_ENDIAN && n >= 48) unitsBytes.write(t, 0, 'utf16le');
  else for (let i = 0; i < n; i++) u[i] = t.charCodeAt(i);
  for (let b = 0; b < n; b += EVENT_BLOCK) {
    const e = Math.min(n, b + EVENT_BLOCK);
    let k = 0; // events recorded, three entries each: [position, run length (| EV_NONASCII), run classes]
    let kc = 0; // keyword candidates recorded
    let wc = 0; // watched-value candidates recorded, two entries each
    for (let i = b; i < e; i++) {
      const c = u[i]!;
      if (c >= 128) {
        // Left after normalization (CJK, emoji): it ends runs and words. One
        // right after another changes nothing more (no run, no words, no pairs).
        if (i === 0 || u[i - 1]! < 128) {
          ev[k] = i;
          ev[k + 1] = run | EV_NONASCII;
          ev[k + 2] = runOr;
          k += 3;
        }
        bgPrev = 0;
        run = 0;
        runOr = 0;
        continue;
      }
      const f = cls[c & 127]!;
      // A keyword may start two characters back: its bigram's mask has the
      // bit of this character (`>>> f` shifts by f's low five bits, lc's).
      if (wh !== undefined) {
        // Watched values (env values, known secrets) by their exact-case first
        // bigram; non-ASCII characters are stepped over (a bigram may span one).
        const wbk = wh[((prevC & 127) << 7) | c]!;
        wPos[wc] = i;
        wPos[wc + 1] = wbk;
        wc += (-wbk >>> 31) << 1;
        prevC = c;
      }
      kwPos[kc] = i;
      kc += (mask[bgPrev]! >>> f) & 1;
      bgPrev = ((bgPrev & 127) << 7) | (f & 127);
      // A run ends here when one is running and this is no token character.
      const tk = (f >>> 8) & 1; // TOK
      ev[k] = i;
      ev[k + 1] = run;
      ev[k + 2] = runOr;
      k += (-(run & (tk - 1)) >>> 31) * 3;
      run = (run + 1) & -tk;
      runOr = (runOr | f) & -tk;
      anyOr |= f;
      if ((f & 128) !== 0) {
        // A digit: count it, and extend the run of digits that may have one space or dash between two.
        digits++;
        const gap = i - lastDigit;
        if (gap !== 1) {
          const sep = gap === 2 ? u[i - 1]! : 0;
          if (sep !== 32 && sep !== 45) digitRun = 0;
        }
        if (++digitRun >= 9) trig |= T_DIGITS;
        lastDigit = i;
      }
    }
    // The block's watched-value candidates, then its keyword candidates, in
    // text order: for keywords the hashed 3-, 4- and
    // 5-gram bitmaps, then the bucket of the bigram.
    for (let q = 0; q < wc; q += 2) matchWatched(S, t, wPos[q]! - 1, S.wBuckets[wPos[q + 1]!]!);
    for (let q = 0; q < kc; q++) {
      const i = kwPos[q]!;
      if (i < 2) continue;
      const p1 = u[i - 1]!;
      const p2 = u[i - 2]!;
      const bg = p1 >= 128 ? 0 : (p2 >= 128 ? 0 : (cls[p2]! & 127) << 7) | (cls[p1]! & 127);
      if (mask[bg] !== -1) {
        // -1: a two-letter keyword has this bigram, so every candidate is walked.
        const c3 = cls[u[i]!]! & 127;
        if (!hasBit(kw3, gram3(bg, c3))) {
          const c4 = i + 1 < n ? u[i + 1]! : 128;
          if (c4 >= 128) continue;
          const h4 = gram4(bg, c3, cls[c4]! & 127);
          if (!hasBit(kw4, h4)) {
            if (!hasBit(kw4p, h4)) continue;
            const c5 = i + 2 < n ? u[i + 2]! : 128;
            if (c5 >= 128 || !hasBit(kw5, gram5(h4, cls[c5]! & 127))) continue;
          }
        }
      }
      matchKeywords(S, u, n, i - 2, bg);
    }
    // The block's run ends and non-ASCII characters, in text order.
    for (let q = 0; q < k; q += 3) {
      const i = ev[q]!;
      let r = ev[q + 1]!;
      const ro = ev[q + 2]!;
      if (r >= EV_NONASCII) {
        r -= EV_NONASCII;
        if (r >= 6) trig |= endRun(S, i, r, ro);
        // The run it ends may be the last word of a chain or the last hex
        // pair ("…:4c:45中"); then the chain ends, as at the end of the text.
        if (words !== 0 && !onlySeparators(u, prevEv + 1, i - r)) words = 0;
        wordsHit |= 11 - ((words + 1) & (((r - 9) & (2 - r) & (((ro & NOTLOWER) >>> 10) - 1)) >> 31));
        if (r === 2 && (ro & NOTHEX) === 0 && pairs !== 0 && onlySeparators(u, prevEv + 1, i - r)) pairs++;
        if (pairs >= 8) addRegion(S, pairsStart, Math.max(pairsEnd, i));
        words = 0;
        pairs = 0;
        prevEv = i;
        continue;
      }
      // Since the last event only characters outside runs: any but whitespace breaks a chain of words.
      if (words !== 0 && !onlySeparators(u, prevEv + 1, i - r)) words = 0;
      prevEv = i;
      const f = cls[u[i]!]!;
      // endRun does something only for runs of 14+, or of 6+ with a '%'.
      if (r >= 14 || (r >= 6 && (ro & PCT) !== 0)) trig |= endRun(S, i, r, ro);
      // A word (3..8 lowercase letters) extends the chain, anything else resets
      // it; whitespace after it keeps the chain for the next word.
      const w1 = (words + 1) & (((r - 9) & (2 - r) & (((ro & NOTLOWER) >>> 10) - 1)) >> 31);
      wordsHit |= 11 - w1;
      words = w1 & -((f & SEP) >>> 12);
      if (((r ^ 2) | (ro & NOTHEX) | ((f & PAIRSEP) ^ PAIRSEP)) === 0) {
        // Two hex digits before ' ', ':' or ',': one more pair.
        if (++pairs === 1) pairsStart = i - 2;
        if (pairs >= 8) pairsEnd = i + 3;
      } else if (pairs !== 0) {
        if (pairs >= 8) addRegion(S, pairsStart, Math.max(pairsEnd, i));
        pairs = 0;
      }
    }
  }
  if (wordsHit < 0) trig |= T_WORDS;
  if (pairs >= 8) addRegion(S, pairsStart, n);
  if (run > 0) {
    if (words !== 0 && !onlySeparators(u, prevEv + 1, n - run)) words = 0;
    trig |= endRun(S, n, run, runOr);
    if (run >= 3 && run <= 8 && (runOr & NOTLOWER) === 0 && words >= 11) trig |= T_WORDS;
  }
  // Nine digits anywhere are common (line numbers, versions, hashes): the
  // IBAN row also needs its head, checked by one native scan.
  if (digits >= 9 && IBAN_HEAD.test(t)) trig |= T_IBAN;
  if (S.nRegions > 0) trig |= T_DECODE;
  S.sawControl = (anyOr & CTRLF) !== 0;
  return trig;
}


/** Empties the lists the prefilter fills. Every row marked in `S.selected` is on `S.selList`. */
function clearLists(S: PrefilterState): void {
  for (let k = 0; k < S.nSel; k++) S.selected[S.selList[k]!] = 0;
  S.nSel = 0;
  if (S.wHits.length !== 0) S.wHits.length = 0;
  S.nSites = 0;
  S.nLong = 0;
  S.nBig = 0;
  S.nRegions = 0;
  S.bigSeen = 0;
}

function select(S: PrefilterState, r: number, how: number): void {
  S.selected[r] = how;
  S.selList[S.nSel++] = r;
}

/** A run of token characters ended at `end`: long-run trigger and decode region. */
function endRun(S: PrefilterState, end: number, run: number, runOr: number): number {
  if (runLooksEncoded(run, runOr)) addRegion(S, end - run, end);
  if (run >= 14 && S.nLong < MAX_KEYWORD_SITES * 4) {
    S.longRuns[S.nLong++] = end - run;
    S.longRuns[S.nLong++] = end;
  }
  if (run < LONG_RUN) return S.addressOn && run >= 26 ? T_ADDRESS : 0;
  // Counted, not flagged, when past the list: a branch the warm-up never takes would deoptimize the prefilter.
  if (S.nBig < MAX_LONG_RUNS * 2) {
    S.bigRuns[S.nBig++] = end - run;
    S.bigRuns[S.nBig++] = end;
  }
  S.bigSeen++;
  return T_LONGRUN | (S.addressOn ? T_ADDRESS : 0);
}

/** Decode candidates, merged when separated by at most a line break (wrapped base64). */
function addRegion(S: PrefilterState, start: number, end: number): void {
  const k = S.nRegions;
  if (k > 0 && start - S.regions[k - 1]! <= 3) {
    S.regions[k - 1] = end;
    return;
  }
  if (k < MAX_REGIONS * 2) {
    S.regions[S.nRegions++] = start;
    S.regions[S.nRegions++] = end;
  }
}

/** A keyword may start at `at` (the prefilter's gram bitmaps let it through): the keywords of its bigram `bg`. */
function matchKeywords(S: PrefilterState, u: Uint16Array, n: number, at: number, bg: number): void {
  const bucket = S.kwBuckets[S.kwHead[bg]!]!;
  for (const e of bucket) {
    const kw = e.kw;
    if (at + kw.length > n) continue;
    let ok = true;
    for (let j = 2; j < kw.length; j++) {
      const c = u[at + j]!;
      if ((c < 128 ? CLS[c]! & 127 : 0) !== kw.charCodeAt(j)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    for (const r of e.rows) {
      if (S.atKeyword[r] === 1) {
        if (S.nSites < MAX_KEYWORD_SITES * 2 && keywordBoundary(u, at)) {
          S.sites[S.nSites++] = r;
          S.sites[S.nSites++] = at;
        }
      } else if (S.selected[r] === 0) {
        select(S, r, 1);
      }
    }
  }
}

function matchWatched(S: PrefilterState, t: string, at: number, bucket: WatchedValue[]): void {
  for (const w of bucket) if (t.startsWith(w.text, at)) S.wHits.push({ w, at });
}

export function createDlpEngine(opts: DlpEngineOptions = {}): DlpEngine {
  const includeDefaults = opts.includeDefaults ?? true;
  const user = opts.patterns ?? [];
  const userNames = new Set(user.map((p) => p.name));

  const rows: CompiledRow[] = [];
  const kwMap = new Map<string, number[]>();
  const triggerRows: number[][] = ROW_TRIGGERS.map(() => []);
  const alwaysRows: number[] = [];
  let builtinCount = 0;
  const defaultExamples = (opts.examples ?? 'detect') === 'detect';
  const crypto = opts.cryptoAddresses ?? 'off';

  if (includeDefaults) {
    for (const r of BUILTIN_DLP_PATTERNS) {
      if (userNames.has(r.name)) continue;
      if (r.optIn === 'crypto_addresses' && crypto === 'off') continue;
      const idx = rows.length;
      const compiled = compileBuiltin(r);
      if (r.optIn === 'crypto_addresses') {
        // Balanced mode enforces high findings only: 'block' must be high to block.
        compiled.action = crypto === 'block' ? 'block' : 'warn';
        compiled.severity = crypto === 'block' ? 'high' : r.severity;
      }
      rows.push(compiled);
      builtinCount++;
      for (const k of r.keywords) {
        const list = kwMap.get(k) ?? [];
        list.push(idx);
        kwMap.set(k, list);
      }
      if (r.trigger) triggerRows[ROW_TRIGGERS.indexOf(TRIGGER_BIT[r.trigger] as (typeof ROW_TRIGGERS)[number])]!.push(idx);
      if (r.keywords.length === 0 && !r.trigger) alwaysRows.push(idx);
    }
  }
  user.forEach((p, i) => {
    let re: RE2;
    try {
      re = new RE2(p.regex, 'gu');
    } catch (err) {
      throw new ConfigError(
        [{ path: `dlp.patterns[${i}].regex`, message: `pattern "${p.name}": RE2 cannot compile it: ${(err as Error).message}` }],
        { cause: err },
      );
    }
    const check = p.validator ? USER_VALIDATORS[p.validator] : undefined;
    alwaysRows.push(rows.length);
    rows.push({
      name: p.name,
      severity: p.severity,
      action: p.action,
      re,
      re2: re,
      secretGroup: 0,
      validate: check ? (s) => check(s) : undefined,
      tokenChecks: false,
      minEntropy: 0,
      anchor: 'prefix',
      atKeyword: false,
      valueNearKeyword: false,
      checksFrom: 0,
      inLongRuns: false,
    });
  });

  // Keyword prefilter: lower-cased first bigram -> bucket of keywords, plus a
  // 32-bit mask of their third characters (mod 32) so that common bigrams
  // ("se", "pr", "ke") cost one load, not a bucket walk; then bitmaps of
  // hashed 4- and 5-grams, so that common prefixes of a few hundred provider
  // names ("con", "line", "code") cost a load or two, not a walk. Keywords
  // of three (four) characters mark their trigram (4-gram) as always walked.
  const kwHead = new Int32Array(128 * 128);
  const kwMask = new Int32Array(128 * 128);
  const KW3 = new Int32Array(GRAM_WORDS);
  const KW4 = new Int32Array(GRAM_WORDS);
  const KW4P = new Int32Array(GRAM_WORDS);
  const KW5 = new Int32Array(GRAM_WORDS);
  const kwBuckets: KeywordEntry[][] = [[]];
  for (const [kw, rs] of kwMap) {
    const b = ((kw.charCodeAt(0) & 127) << 7) | (kw.charCodeAt(1) & 127);
    if (kwHead[b] === 0) {
      kwHead[b] = kwBuckets.length;
      kwBuckets.push([]);
    }
    kwBuckets[kwHead[b]!]!.push({ kw, rows: rs });
    kwMask[b] = kw.length >= 3 ? kwMask[b]! | (1 << (kw.charCodeAt(2) & 31)) : -1;
    if (kw.length === 3) setBit(KW3, gram3(b, kw.charCodeAt(2) & 127));
    else if (kw.length === 4) setBit(KW4, gram4(b, kw.charCodeAt(2) & 127, kw.charCodeAt(3) & 127));
    else if (kw.length >= 5) {
      const h4 = gram4(b, kw.charCodeAt(2) & 127, kw.charCodeAt(3) & 127);
      setBit(KW4P, h4);
      setBit(KW5, gram5(h4, kw.charCodeAt(4) & 127));
    }
  }

  // Watched values: env values and known secrets, raw and in every encoded form.
  const watched: WatchedValue[] = [];
  const minEnv = opts.minEnvSecretLength ?? 16;
  const addWatched = (value: string, scanner: 'env' | 'dlp', rule: string, label: string | undefined) => {
    const hash = fingerprint(rule, value);
    const seen = new Set<string>();
    // Scanned text is normalized first, so a value that normalization would change is watched in that form too.
    const normalized = normalizeText(value);
    const forms: Array<{ text: string; encoding: string }> = [
      { text: value, encoding: 'raw' },
      ...(normalized !== value ? [{ text: normalized, encoding: 'raw' }] : []),
      ...encodeVariants(value),
    ];
    for (const f of forms) {
      if (f.text.length < 8 || seen.has(f.text)) continue;
      seen.add(f.text);
      watched.push({
        text: f.text,
        scanner,
        rule,
        label,
        valueLength: value.length,
        encoding: f.encoding === 'raw' ? undefined : [f.encoding],
        hash,
      });
    }
  };
  if (opts.env) {
    const names = Object.keys(opts.env).sort();
    for (const name of names) {
      const v = opts.env[name];
      if (v !== undefined && isWatchableEnvValue(v, minEnv)) addWatched(v, 'env', ENV_LEAK_RULE, `$${name}`);
    }
  }
  for (const s of opts.secrets ?? []) {
    const v = s.trim();
    if (v.length >= 6) addWatched(v, 'dlp', KNOWN_SECRET_RULE, undefined);
  }
  // Exact-case first bigram -> watched values starting with it.
  const wHead = watched.length > 0 ? new Int32Array(128 * 128) : undefined;
  const wBuckets: WatchedValue[][] = [[]];
  if (wHead) {
    for (const w of watched) {
      const b = ((w.text.charCodeAt(0) & 127) << 7) | (w.text.charCodeAt(1) & 127);
      if (wHead[b] === 0) {
        wHead[b] = wBuckets.length;
        wBuckets.push([]);
      }
      wBuckets[wHead[b]!]!.push(w);
    }
  }

  // The prefilter's tables and lists (see PrefilterState).
  const S = new PrefilterState(
    rows.map((r) => r.atKeyword),
    triggerRows[ROW_TRIGGERS.indexOf(T_ADDRESS)]!.length > 0,
    { kwMask, kwHead, kwBuckets, kw3: KW3, kw4: KW4, kw4p: KW4P, kw5: KW5, wHead, wBuckets },
  );
  /** The text normalizedPrefilter filtered. */
  let normalized = '';

  /**
   * normalizeText(raw) into `normalized`, and the prefilter over it. Text
   * made of ASCII only (one native UTF-8 length count says so) goes to the
   * prefilter as it is, which also notes any control character in it; only
   * then is it normalized and filtered again. So plain ASCII skips
   * normalization's search for non-plain characters.
   */
  function normalizedPrefilter(raw: string): number {
    // The length count walks the whole text, slowly on two-byte strings (18 us
    // per 10 KB of CJK): a look at the first characters sends most non-ASCII
    // texts straight to normalization.
    let trig = -1;
    if (!nonPlainAhead(raw) && Buffer.byteLength(raw, 'utf8') === raw.length) {
      ensureUnits(raw.length);
      trig = prefilter(S, raw);
      if (S.sawControl) trig = -1;
      else normalized = raw;
    }
    if (trig < 0) {
      normalized = normalizeText(raw);
      ensureUnits(normalized.length);
      trig = prefilter(S, normalized);
    }
    // A buffer made for a text past UNITS_KEPT is not kept.
    if (units !== unitsKept) ensureUnits(0);
    return trig;
  }

  /** A long token run ends after `pos` and starts within 80 characters of it (binary search over longRuns). */
  function longRunNear(pos: number): boolean {
    let lo = 0;
    let hi = S.nLong >> 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (S.longRuns[mid * 2 + 1]! <= pos) lo = mid + 1;
      else hi = mid;
    }
    return lo < S.nLong >> 1 && S.longRuns[lo * 2]! <= pos + 80;
  }

  /** Whether some keyword site is one runRows would try (see the valueNearKeyword test there). */
  function sitesToRun(): boolean {
    for (let k = 0; k < S.nSites; k += 2) {
      if (!rows[S.sites[k]!]!.valueNearKeyword || longRunNear(S.sites[k + 1]!)) return true;
    }
    return false;
  }

  function selectTriggered(trig: number): void {
    for (let b = 0; b < ROW_TRIGGERS.length; b++) {
      if (!(trig & ROW_TRIGGERS[b]!)) continue;
      for (const r of triggerRows[b]!) {
        if (S.selected[r] === 0) select(S, r, 2); // by a trigger only: see inLongRuns
      }
    }
    for (const r of alwaysRows) if (S.selected[r] === 0) select(S, r, 1);
  }

  /** Runs the selected rows over `t`, and the anchored rows at their keyword sites. */
  function runRows(t: string, examples: boolean, emit: (rule: CompiledRow, secret: string, start: number, end: number) => void): void {
    const consider = (row: CompiledRow, m: RegExpExecArray): void => {
      let secret = m[0];
      let start = m.index;
      if (row.secretGroup > 0) {
        const g = m[row.secretGroup];
        if (g === undefined) return;
        secret = g;
        const rel = m[0].lastIndexOf(g);
        start = m.index + (rel < 0 ? 0 : rel);
      }
      let end = start + secret.length;
      if (row.tokenChecks) {
        const body = row.checksFrom > 0 ? secret.slice(row.checksFrom) : secret;
        if (insideBlob(t, start, end) || isMask(body)) return;
        // Example credentials: see the header of patterns.ts.
        const strict = !examples || row.anchor === 'generic';
        if ((strict || row.anchor === 'keyword') && (hasSequentialRun(body) || !entropyOk(body, row.minEntropy))) return;
        if (strict && isPlaceholder(body)) return;
      }
      if (row.validate) {
        const v = row.validate(secret, { text: t, start, end, groups: m as unknown as string[], examples, matchStart: m.index });
        if (v === false) return;
        if (v !== true) {
          start = v[0];
          end = v[1];
          secret = t.slice(start, end);
        }
      }
      emit(row, secret, start, end);
    };
    // The lists are read in place: nothing below runs the prefilter (validators
    // and emit never re-enter the engine), and the counts are taken first.
    const nb = S.bigSeen > MAX_LONG_RUNS ? -1 : S.nBig;
    const ns = S.nSel;
    for (let q = 0; q < ns; q++) {
      const ri = S.selList[q]!;
      const row = rows[ri]!;
      if (nb >= 0 && row.inLongRuns && S.selected[ri] === 2) {
        // Every match lies inside one long run: run there, with offsets moved back into t.
        let count = 0;
        for (let k = 0; k < nb && count <= MAX_MATCHES_PER_ROW; k += 2) {
          const from = S.bigRuns[k]!;
          const s = t.slice(from, S.bigRuns[k + 1]!);
          const re = s.length > RE2_ABOVE && row.re2 !== undefined ? row.re2 : row.re;
          re.lastIndex = 0;
          for (let m = re.exec(s); m !== null; m = re.exec(s)) {
            if (m[0].length === 0) {
              re.lastIndex++;
              continue;
            }
            if (++count > MAX_MATCHES_PER_ROW) break;
            m.index += from;
            consider(row, m as RegExpExecArray);
          }
        }
        continue;
      }
      const re = t.length > RE2_ABOVE && row.re2 !== undefined ? row.re2 : row.re;
      re.lastIndex = 0;
      let count = 0;
      for (let m = re.exec(t); m !== null; m = re.exec(t)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        if (++count > MAX_MATCHES_PER_ROW) break;
        consider(row, m as RegExpExecArray);
      }
    }
    const nk = S.nSites;
    let lastPos = -1;
    let worth = false;
    for (let k = 0; k < nk; k += 2) {
      const row = rows[S.sites[k]!]!;
      const pos = S.sites[k + 1]!;
      // Keyword-context rows need a value of 14+ token characters just after their keyword
      // (or a run that holds both, NAME=value): prose naming providers ("connect Twilio,
      // Stripe, Slack") has none, so no regex runs there.
      if (row.valueNearKeyword) {
        if (pos !== lastPos) {
          lastPos = pos;
          worth = longRunNear(pos);
        }
        if (!worth) continue;
      }
      const re = row.re as RegExp;
      re.lastIndex = pos;
      const m = re.exec(t);
      if (m !== null && m[0].length > 0) consider(row, m);
    }
  }

  function scan(text: string, scanOpts?: DlpScanOptions): RawHit[] {
    const hits: RawHit[] = [];
    const examples = scanOpts?.examples === undefined ? defaultExamples : scanOpts.examples === 'detect';
    /** Hits of rows that rest only on a secret-ish name: kept unless a specific row found the same value. */
    let generic: RawHit[] | undefined;
    // normalizeText would return its input (===) for plain printable ASCII.
    const trig = normalizedPrefilter(text);
    const t = normalized;
    // Fast path: nothing selected, nothing watched seen, nothing to decode, and
    // no keyword site runRows would not skip.
    if (S.nSel === 0 && S.wHits.length === 0 && alwaysRows.length === 0 && trig === 0 && !sitesToRun()) return hits;
    let seen: Set<string> | undefined;
    const mapper = t === text ? IDENTITY_MAP : rawMapper(text, t);
    /** A hit once per (rule, span): the few first are compared in place, then keyed in a set. */
    const push = (h: RawHit) => {
      if (seen === undefined) {
        for (const x of hits) if (x.start === h.start && x.end === h.end && x.rule === h.rule) return;
        hits.push(h);
        if (hits.length >= 16) seen = new Set(hits.map(hitKey));
        return;
      }
      const key = hitKey(h);
      if (seen.has(key)) return;
      seen.add(key);
      hits.push(h);
    };
    const collect = (t2: string, trig2: number, view: { start: number; end: number; chain: string[] } | undefined) => {
      selectTriggered(trig2);
      const watchedHits = S.wHits.length === 0 ? NO_WATCHED_HITS : S.wHits.slice();
      runRows(t2, examples, (row, secret, s, e) => {
        const hit: RawHit = {
          scanner: 'dlp',
          rule: row.name,
          severity: row.severity,
          start: mapper.start(view ? view.start : s),
          end: mapper.end(view ? view.end : e),
          excerpt: redact(secret),
          secretHash: fingerprint(row.name, secret),
        };
        if (row.action) hit.patternAction = row.action;
        if (view) hit.encoding = view.chain;
        if (row.anchor === 'generic') (generic ??= []).push(hit);
        else push(hit);
      });
      for (const { w, at } of watchedHits) {
        const enc = view ? [...view.chain, ...(w.encoding ?? [])] : w.encoding;
        const hit: RawHit = {
          scanner: w.scanner,
          rule: w.rule,
          severity: 'critical',
          start: mapper.start(view ? view.start : at),
          end: mapper.end(view ? view.end : at + w.text.length),
          excerpt: w.label !== undefined ? `${w.label} …[${w.valueLength} chars]` : redact(t2.slice(at, at + w.text.length)),
          secretHash: w.hash,
        };
        if (enc && enc.length > 0) hit.encoding = enc;
        push(hit);
      }
    };
    collect(t, trig, undefined);
    if (trig & T_DECODE) {
      // Only the encoded-looking regions are decoded, not the whole text.
      // A copy: each view's prefilter pass refills the lists.
      const regs: number[] = [];
      for (let k = 0; k < S.nRegions; k++) regs.push(S.regions[k]!);
      let views = 0;
      let decodedChars = 0;
      for (let r = 0; r < regs.length && views < DECODE_LIMITS.maxViews; r += 2) {
        let rs = regs[r]!;
        let slice = t.slice(rs, regs[r + 1]!);
        // A `name=value` run: decode the value (base64 padding never sits this early).
        const eq = slice.indexOf('=');
        if (eq > 0 && eq <= 32 && slice.length - eq > 16 && /^[A-Za-z0-9_.-]+$/.test(slice.slice(0, eq))) {
          rs += eq + 1;
          slice = slice.slice(eq + 1);
        }
        for (const v of decodeViews(slice, DECODE_LIMITS)) {
          if (++views > DECODE_LIMITS.maxViews || (decodedChars += v.text.length) > DECODE_LIMITS.maxOutputChars) break;
          const vtrig = normalizedPrefilter(v.text);
          const vt = normalized;
          collect(vt, vtrig, { start: rs + v.start, end: rs + v.end, chain: v.chain });
        }
      }
    }
    if (generic) {
      for (const g of generic) {
        const covered = hits.some((h) => h.scanner === 'dlp' && (h.start ?? 0) < (g.end ?? 0) && (g.start ?? 0) < (h.end ?? 0));
        if (!covered) push(g);
      }
    }
    return hits;
  }

  // Passes over a sample that takes every branch of the prefilter, so the
  // optimizing compiler has type feedback for all of it. Without this, a long
  // first input gets the loop compiled on-stack before the code after it ever
  // ran, and that code deoptimizes at the end of every later long scan.
  // With watched values, passes that meet one too (its branch would otherwise have no feedback).
  const watchedSample = watched.length > 0 ? `${PREFILTER_WARMUP} ${watched[0]!.text} ` : undefined;
  for (let k = 0; k < PREFILTER_WARMUP_PASSES; k++) {
    prefilter(S, watchedSample !== undefined && k % 2 === 1 ? watchedSample : PREFILTER_WARMUP_TEXTS[k % PREFILTER_WARMUP_TEXTS.length]!);
  }
  clearLists(S);

  const patternNames = Object.freeze(rows.map((r) => r.name));
  return { scan, patternNames, builtinCount };
}

/**
 * A keyword counts at the start of a name part: after a non-letter, or at a
 * camel-case boundary (myLobKey), not inside a word (global, GLOBAL).
 */
function keywordBoundary(u: Uint16Array, at: number): boolean {
  if (at === 0) return true;
  const p = u[at - 1]!;
  const pLower = p >= 97 && p <= 122;
  const pUpper = p >= 65 && p <= 90;
  if (!pLower && !pUpper) return true;
  const c = u[at]!;
  return pLower && c >= 65 && c <= 90;
}

/** Base64 alphabet without the URL-ish separators: what a long encoded blob is made of. */
function isBlobChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61;
}

/**
 * A token-shaped match in the middle of a long base64 blob (a wasm module, an
 * inline image, a bundle's source map) is a coincidence of the alphabet; secrets
 * that were really encoded are found by decoding instead.
 */
function insideBlob(t: string, start: number, end: number): boolean {
  let before = 0;
  for (let i = start - 1; i >= 0 && before < 32 && isBlobChar(t.charCodeAt(i)); i--) before++;
  if (before >= 32) return true;
  let after = 0;
  for (let i = end; i < t.length && after < 32 && isBlobChar(t.charCodeAt(i)); i++) after++;
  return after >= 32;
}

/**
 * The largest repetition a pattern allows outside character classes:
 * Infinity for `*` or `+` or `{n,}`. Decides whether a built-in may run on
 * V8's backtracking engine over large inputs.
 */
export function largestRepeat(src: string): number {
  let max = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '*' || c === '+') return Infinity;
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
      if (!m) continue;
      const hi = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
      max = Math.max(max, hi);
    }
  }
  return max;
}

function compileBuiltin(r: DlpPatternRow): CompiledRow {
  const atKeyword = r.atKeyword === true;
  return {
    name: r.name,
    severity: r.severity,
    action: undefined,
    // Anchored rows are sticky: each attempt is bounded by the row's own quantifiers, on any input size.
    re: new RegExp(r.regex, `${atKeyword ? 'y' : 'g'}${r.flags ?? ''}`),
    re2: !atKeyword && largestRepeat(r.regex) > 100 ? new RE2(r.regex, `gu${r.flags ?? ''}`) : undefined,
    secretGroup: r.secretGroup ?? 0,
    validate: r.validate,
    tokenChecks: r.tokenChecks ?? true,
    minEntropy: r.minEntropy ?? DEFAULT_MIN_ENTROPY,
    anchor: r.anchor ?? 'prefix',
    atKeyword,
    valueNearKeyword: atKeyword && r.valueNearKeyword === true,
    checksFrom: r.checksFrom ?? 0,
    inLongRuns: r.trigger === 'longrun' && tokenRunMinLength(r.regex) >= LONG_RUN,
  };
}

/** Whether every character of `a..b` (code units) is a token character of the prefilter. */
function allTok(a: number, b: number): boolean {
  for (let c = a; c <= b; c++) if (c >= 128 || (CLS[c]! & TOK) === 0) return false;
  return true;
}

/**
 * The shortest match of a regex source if every character it can match is a
 * token character ([A-Za-z0-9+/=_.%-], case folding included), else -1. Such
 * a regex matches only inside one run of token characters, so it can be run
 * over the long runs alone with the same matches: \b and \B see the same
 * thing at a run's edge (a non-word character) as at a string's edge. A
 * small conservative parser: anything it does not know (anchors, look-around,
 * '.', negated classes, other escapes) gives -1.
 */
export function tokenRunMinLength(src: string): number {
  let i = 0;
  const fail = -1;
  const escapeSet = (c: string): [number, number][] | null => {
    if (c === 'd') return [[48, 57]];
    if (c === 'w') return [[48, 57], [65, 90], [97, 122], [95, 95]];
    if ('.-_/+=%'.includes(c)) return [[c.charCodeAt(0), c.charCodeAt(0)]];
    return null;
  };
  function alternation(): number {
    let best = seq();
    while (best >= 0 && src[i] === '|') {
      i++;
      const m = seq();
      best = m < 0 ? fail : Math.min(best, m);
    }
    return best;
  }
  function seq(): number {
    let total = 0;
    while (i < src.length && src[i] !== '|' && src[i] !== ')') {
      const a = atom();
      if (a < 0) return fail;
      const q = quantifier();
      if (q < 0) return fail;
      total += a * q;
    }
    return total;
  }
  function atom(): number {
    const c = src[i]!;
    if (c === '(') {
      i++;
      if (src[i] === '?') {
        if (src[i + 1] !== ':') return fail;
        i += 2;
      }
      const m = alternation();
      if (m < 0 || src[i] !== ')') return fail;
      i++;
      return m;
    }
    if (c === '[') {
      i++;
      if (src[i] === '^') return fail;
      while (i < src.length && src[i] !== ']') {
        let lo: number;
        if (src[i] === '\\') {
          const set = escapeSet(src[i + 1] ?? '');
          if (set === null) return fail;
          i += 2;
          if (!set.every(([a, b]) => allTok(a, b))) return fail;
          if (set.length > 1 || src[i] !== '-' || src[i + 1] === ']') continue;
          lo = set[0]![0];
        } else {
          lo = src.charCodeAt(i++);
        }
        let hi = lo;
        if (src[i] === '-' && src[i + 1] !== ']' && src[i + 1] !== undefined) {
          i++;
          if (src[i] === '\\') {
            const set = escapeSet(src[i + 1] ?? '');
            if (set === null || set.length > 1) return fail;
            hi = set[0]![0];
            i += 2;
          } else {
            hi = src.charCodeAt(i++);
          }
        }
        if (!allTok(lo, hi)) return fail;
      }
      if (src[i] !== ']') return fail;
      i++;
      return 1;
    }
    if (c === '\\') {
      const e = src[i + 1] ?? '';
      i += 2;
      if (e === 'b' || e === 'B') return 0;
      const set = escapeSet(e);
      return set !== null && set.every(([a, b]) => allTok(a, b)) ? 1 : fail;
    }
    if (c === '.') return fail; // any character
    const code = src.charCodeAt(i++);
    return allTok(code, code) ? 1 : fail;
  }
  /** The least number of repeats, 1 without a quantifier; -1 for something unknown. */
  function quantifier(): number {
    const c = src[i];
    let min = 1;
    if (c === '?' || c === '*') {
      i++;
      min = 0;
    } else if (c === '+') {
      i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(src.slice(i));
      if (!m) return fail;
      i += m[0].length;
      min = Number(m[1]);
    } else {
      return 1;
    }
    if (src[i] === '?') i++;
    return min;
  }
  const m = alternation();
  return i === src.length ? m : fail;
}

/**
 * Maps offsets in normalized text back to the raw input. Built lazily (only
 * when a hit needs it) by normalizing code point by code point: invisible
 * characters and combining marks map to nothing, homoglyphs and fullwidth forms
 * to one character, ligatures to several. It can differ from whole-string
 * normalization at composed sequences, which is why spans are "approximate"
 * (RawHit); past MAX_EXACT_MAP characters spans are proportional.
 */
function rawMapper(raw: string, norm: string): { start(p: number): number; end(p: number): number } {
  if (raw.length > MAX_EXACT_MAP) {
    const scale = (p: number) => Math.min(raw.length, Math.round((p * raw.length) / Math.max(1, norm.length)));
    return { start: scale, end: scale };
  }
  let map: Int32Array | undefined;
  const build = (): Int32Array => {
    const m = new Int32Array(norm.length + 1).fill(raw.length);
    let o = 0;
    for (let i = 0; i < raw.length && o < norm.length; ) {
      const cp = raw.codePointAt(i)!;
      const w = cp > 0xffff ? 2 : 1;
      const k = cp < 128 ? ((CLS[cp]! & CTRLF) !== 0 ? 0 : 1) : normalizeText(String.fromCodePoint(cp)).length;
      for (let j = 0; j < k && o < norm.length; j++) m[o++] = i;
      i += w;
    }
    return m;
  };
  return {
    start: (p) => (p <= 0 ? 0 : (map ??= build())[Math.min(p, norm.length)]!),
    end: (p) => {
      if (p <= 0) return 0;
      if (p >= norm.length) return raw.length;
      const r = (map ??= build())[p - 1]!;
      return Math.min(raw.length, r + (raw.codePointAt(r)! > 0xffff ? 2 : 1));
    },
  };
}
