// Prompt-injection matching: tokenizes once (tokens.ts), reads the grammar
// frames over the tokens (grammar.ts), tries the pattern rows only where
// their keywords occur, weighs every match in its context (voice.ts) and
// scores each sentence (score.ts). Folded readings (typos, leetspeak,
// lookalikes, invisibles, words run together) happen inside the token
// pass; only lines holding disguised characters are normalized and
// rescanned, and only likely encoded runs are decoded. Clean prose pays for
// one character loop and one hash probe per word.
// Never does I/O; never decides block-or-warn (severity carries the band).
import RE2 from 're2';
import type { RawHit } from '../context.js';
import { ConfigError } from '../errors.js';
import type { ConfigIssue } from '../errors.js';
import { decodeViews } from '../encoding/index.js';
import { normalizeText, normalizeTextSpaced, revealTagText } from '../normalize/index.js';
import { SEVERITY_RANK } from '../types.js';
import type { Severity } from '../types.js';
import { GRAMMAR_FRAMES } from './frames.js';
import type { GrammarFrame } from './frames.js';
import { compileFrames, GrammarMatcher } from './grammar.js';
import type { FrameMatch } from './grammar.js';
import { BUILTIN_INJECTION_PATTERNS } from './patterns.js';
import type { InjectionPatternRow } from './patterns.js';
import { bandOf, ROW_WEIGHT, scoreSentences } from './score.js';
import type { Evidence } from './score.js';
import { canonWord, G_SENTENCE, R_ANCHOR, R_TRIGGER, R_VOICE, sharedLexicon, T_DISGUISE, T_FUZZY, T_LEET, T_SQUASH, Tokenizer } from './tokens.js';
import type { Lexicon, Tokens } from './tokens.js';
import { MOOD_DIRECTIVE, MOOD_IMPERATIVE, MOOD_WEIGHT, Voice, VOICE_WEIGHTS } from './voice.js';

export interface InjectionPatternSpec {
  name: string;
  regex: string;
  severity?: Severity;
}

export interface InjectionEngineOptions {
  /** response_scanning.patterns: merged with the built-ins by name. */
  patterns?: InjectionPatternSpec[];
  /** Keep the built-in rows and grammar (default true). */
  includeDefaults?: boolean;
}

export interface InjectionEngine {
  scan(text: string): RawHit[];
  strip(text: string): { text: string; hits: RawHit[] };
  /** Every piece of evidence in the text with its weight after context, strongest first (why a scan decided as it did). */
  explain(text: string): InjectionEvidence[];
  readonly patternNames: readonly string[];
}

export type InjectionEvidence = Evidence;

/** The rule reported for an imperative that follows a vocative ("Assistant, ..."). */
export const ADDRESSED_RULE = 'Instruction addressed to the AI';
export const ADDRESSED_WEIGHT = 0.75;
const ADDRESSED_HARM = 0.15;

const MAX_EXCERPT = 60;
/** A sticky row's `also` words must occur within this many tokens after its keyword. */
const ALSO_TOKENS = 16;
const STRIP_ROUNDS = 4;
/** Folded rescans of long lines cover this many characters around the word that needed them. */
const RESCAN_WINDOW = 240;
/** At most this many leetspeak rescans per text (minified code is full of digit-letter words). */
const MAX_LEET_RESCANS = 4;
/** Longest text scanned in one token pass; longer texts go in overlapping pieces. */
const PIECE = 1 << 16;
const PIECE_OVERLAP = 512;
/**
 * Findings kept per rule per scan; the rest are folded into one summary
 * finding (their count, their span, their strongest severity), so a hostile
 * page repeating one sentence 10,000 times cannot make the result or the log
 * huge, and the decision (the strongest severity) stays the same.
 */
export const MAX_HITS_PER_RULE = 8;

/** The first MAX_HITS_PER_RULE hits of each rule (by position) and one summary hit per rule for the rest. */
function capHits(hits: RawHit[]): RawHit[] {
  const perRule = new Map<string, number>();
  let over = false;
  for (const h of hits) {
    const n = (perRule.get(h.rule) ?? 0) + 1;
    perRule.set(h.rule, n);
    if (n > MAX_HITS_PER_RULE) over = true;
  }
  if (!over) return hits;
  const sorted = [...hits].sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  const kept: RawHit[] = [];
  const rest = new Map<string, RawHit & { more: number }>();
  const seen = new Map<string, number>();
  for (const h of sorted) {
    const n = (seen.get(h.rule) ?? 0) + 1;
    seen.set(h.rule, n);
    if (n <= MAX_HITS_PER_RULE) {
      kept.push(h);
      continue;
    }
    const r = rest.get(h.rule);
    if (r === undefined) {
      rest.set(h.rule, { ...h, more: 1 });
      continue;
    }
    r.more++;
    if (SEVERITY_RANK[h.severity] > SEVERITY_RANK[r.severity]) r.severity = h.severity;
    if ((h.end ?? 0) > (r.end ?? 0)) r.end = h.end;
  }
  for (const { more, ...r } of rest.values()) {
    const summary: RawHit = { ...r, excerpt: `${more} more matches of this rule` };
    delete summary.encoding;
    kept.push(summary);
  }
  return kept;
}

/** An ASCII hex digit (a code past the end of the text is NaN, and not one). */
function hexDigit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/** `prefix` then `digits` hex digits, six times in a row from offset i (the prefix is one character, '%', or two, '\\x' / '\\u'). */
function escapesAt(text: string, i: number, prefix: string, digits: number): boolean {
  let k = i;
  for (let n = 0; n < 6; n++) {
    if (k + prefix.length + digits > text.length || !text.startsWith(prefix, k)) return false;
    k += prefix.length;
    for (let d = 0; d < digits; d++) if (!hexDigit(text.charCodeAt(k + d))) return false;
    k += digits;
  }
  return true;
}

/**
 * Six %-escapes, \\x or \\u escapes in a row (separated hex bytes are found on
 * the tokens: hexRun). Found from each '%' and '\\' by indexOf: source code
 * full of backslashes costs a few compares per backslash, not a regex pass.
 */
function escapedRun(text: string): boolean {
  for (let i = text.indexOf('%'); i >= 0; i = text.indexOf('%', i + 1)) if (escapesAt(text, i, '%', 2)) return true;
  for (let i = text.indexOf('\\'); i >= 0; i = text.indexOf('\\', i + 1)) if (escapesAt(text, i, '\\x', 2) || escapesAt(text, i, '\\u', 4)) return true;
  return false;
}
/** A character of a base64 (or base64url) run. */
function isB64Char(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f || c === 0x3d || c === 0x5f || c === 0x2d;
}

/** A keyword that starts with a symbol ('<!--', '[inst]'), its second character (-1: none) and its rows. */
interface SymbolKeyword {
  readonly kw: string;
  readonly second: number;
  readonly rows: number[];
}

interface CompiledRow {
  readonly name: string;
  readonly family: string;
  readonly severity: Severity;
  readonly negatable: boolean;
  /** Sticky at the keyword, or global over a window slice. */
  readonly re: RegExp;
  readonly window: number;
  /** The row's `also` words as a membership table by entry id (one load per token looked at). */
  readonly also: Uint8Array | null;
  readonly cjk: boolean;
}

interface UserRow {
  readonly name: string;
  readonly severity: Severity;
  readonly re: RE2;
}

/** Base64 digit values by ASCII code (-1: none), base64url's '-' and '_' included. */
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 64; i++) B64_VALUE['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.charCodeAt(i)] = i;
B64_VALUE[0x2d] = 62;
B64_VALUE[0x5f] = 63;

/** Is a decoded byte text (printable ASCII, a tab or line break, or part of a UTF-8 sequence)? */
function printableByte(x: number): boolean {
  return (x >= 0x20 && x < 0x7f) || x === 0x0a || x === 0x0d || x === 0x09 || x >= 0x80;
}

/**
 * Does the base64 body text[i..j) (no padding; '-' and '_' read as '+' and
 * '/') decode to 12 bytes or more, 90 % of them printable? Decoded in place
 * from the offsets, and given up as soon as too many bytes are not:
 * binary payloads (images, wasm) are rejected within their first few bytes.
 */
function b64Printable(u: Uint16Array, i: number, j: number): boolean {
  const total = Math.floor(((j - i) * 3) / 4);
  if (total < 12) return false;
  const need = total * 0.9;
  let bad = 0;
  let acc = 0;
  let bits = 0;
  for (let k = i; k < j; k++) {
    acc = ((acc << 6) | (B64_VALUE[u[k] as number] as number)) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      if (!printableByte((acc >> bits) & 0xff) && total - ++bad < need) return false;
    }
  }
  return total - bad >= need;
}

/** What a character can be in a likely encoded run (CH_* bits), by ASCII code. */
const CH_HEX = 1;
const CH_BODY = 2;
const CH_DIGIT = 4;
const CH_UPPER = 8;
const CH_LOWER = 16;
const ENC_CHAR = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) ENC_CHAR[c] = CH_HEX | CH_BODY | CH_DIGIT;
for (let c = 0x41; c <= 0x5a; c++) ENC_CHAR[c] = CH_BODY | CH_UPPER | (c <= 0x46 ? CH_HEX : 0);
for (let c = 0x61; c <= 0x7a; c++) ENC_CHAR[c] = CH_BODY | CH_LOWER | (c <= 0x66 ? CH_HEX : 0);
for (const c of [0x2b, 0x2f, 0x5f, 0x2d]) ENC_CHAR[c] = CH_BODY;

/**
 * Does text[s..e) hold a likely encoded payload: a hex run of 24 or more
 * digits whose bytes are mostly printable, or a base64 run of 20 or more
 * (up to two '=' after it) mixing digits, capitals and small letters that
 * decodes to mostly printable bytes? Runs (the matches of [0-9a-fA-F]{24,}
 * and [A-Za-z0-9+/_-]{20,}={0,2}) are found by character loops over the
 * offsets with one table load per character; nothing is copied.
 */
function looksEncoded(u: Uint16Array, s: number, e: number): boolean {
  let run = -1;
  for (let i = s; i <= e; i++) {
    const c = i < e ? (u[i] as number) : 0;
    if (c < 128 && ((ENC_CHAR[c] as number) & CH_HEX) !== 0) {
      if (run < 0) run = i;
      continue;
    }
    if (run < 0) continue;
    const len = i - run;
    if (len >= 24) {
      // a printable byte's first hex digit is 2 to 7
      let printable = 0;
      for (let k = run; k + 1 < i; k += 2) {
        const d = (u[k] as number);
        if (d >= 0x32 && d <= 0x37) printable++;
      }
      if (printable * 2 >= len * 0.8) return true;
    }
    run = -1;
  }
  for (let i = s; i < e; ) {
    let c = (u[i] as number);
    if (c >= 128 || ((ENC_CHAR[c] as number) & CH_BODY) === 0) {
      i++;
      continue;
    }
    let seen = 0;
    let j = i;
    for (; j < e; j++) {
      c = (u[j] as number);
      if (c >= 128) break;
      const k = ENC_CHAR[c] as number;
      if ((k & CH_BODY) === 0) break;
      seen |= k;
    }
    if (j - i < 20) {
      i = j;
      continue;
    }
    // Base64 of text mixes digits, upper and lower case; paths and identifiers rarely do all three.
    if ((seen & (CH_DIGIT | CH_UPPER | CH_LOWER)) === (CH_DIGIT | CH_UPPER | CH_LOWER) && b64Printable(u, i, j)) return true;
    let end = j;
    while (end < e && end - j < 2 && (u[end] as number) === 0x3d) end++;
    i = end;
  }
  return false;
}

/** Is entry e in the membership table (reads inside its bounds only: an out-of-bounds load deoptimizes the loop)? */
function inSet(set: Uint8Array, e: number): boolean {
  return e >= 0 && e < set.length && set[e] === 1;
}

function excerptOf(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_EXCERPT ? `${flat.slice(0, MAX_EXCERPT - 1)}…` : flat;
}

const LEET_MAP_I: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's', '|': 'i', '!': 'i', '+': 't' };
// The second reading: '1' as 'l', and '@' / '|' kept so e-mail addresses and chat-template tokens survive.
const LEET_MAP_L: Readonly<Record<string, string>> = { ...LEET_MAP_I, '1': 'l', '|': '|', '@': '@' };

const LETTER = /\p{L}/u;
/** A character leetspeak writes for a letter: a digit or one of @ $ | ! +. */
function leetSymbol(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x40 || c === 0x24 || c === 0x7c || c === 0x21 || c === 0x2b;
}

/**
 * A line read as leetspeak: in each run of letters, digits and @ $ | ! +,
 * the digits and symbols become letters when the run has a letter; a run
 * of three or fewer digits and symbols has its digits read as letters ("4"
 * a, "70" to). One character loop (a regex with a callback per run cost
 * more than the rescan it prepares).
 */
function leetFold(s: string, map: Readonly<Record<string, string>>): string {
  let out = '';
  let last = 0;
  let i = 0;
  const n = s.length;
  while (i < n) {
    const st = i;
    let leet = false;
    let letter = false;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c < 128) {
        const l = c | 0x20;
        if (l >= 0x61 && l <= 0x7a) letter = true;
        else if (leetSymbol(c)) leet = true;
        else break;
        i++;
        continue;
      }
      const cp = s.codePointAt(i) as number;
      if (!LETTER.test(String.fromCodePoint(cp))) break;
      letter = true;
      i += cp > 0xffff ? 2 : 1;
    }
    if (i === st) {
      i++;
      continue;
    }
    if (!leet || (!letter && i - st > 3)) continue;
    out += s.slice(last, st);
    for (let k = st; k < i; k++) {
      const c = s.charCodeAt(k);
      const ch = s[k] as string;
      out += (letter ? leetSymbol(c) : c >= 0x30 && c <= 0x39) ? (map[ch] ?? ch) : ch;
    }
    last = i;
  }
  return last === 0 ? s : out + s.slice(last);
}

/** Does text at pos start with the lower-case ASCII keyword kw (letters compared case-insensitively)? */
function startsWithFolded(text: string, pos: number, kw: string): boolean {
  if (pos + kw.length > text.length) return false;
  for (let i = 0; i < kw.length; i++) {
    let c = text.charCodeAt(pos + i);
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    if (c !== kw.charCodeAt(i)) return false;
  }
  return true;
}

function rot13(s: string): string {
  return s.replace(/[A-Za-z]/g, (c) => {
    const b = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - b + 13) % 26) + b);
  });
}

interface Span {
  start: number;
  end: number;
}

function lineSpan(text: string, start: number, end: number): Span {
  const s = text.lastIndexOf('\n', start > 0 ? start - 1 : 0);
  let e = text.indexOf('\n', end > start ? end - 1 : end);
  if (e < 0) e = text.length;
  return { start: s < 0 ? 0 : s + 1, end: e };
}

function removeSpans(text: string, spans: Span[]): string {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const s of sorted) {
    if (s.end <= pos) continue;
    out += text.slice(pos, Math.max(pos, s.start));
    pos = s.end;
  }
  return out + text.slice(pos);
}

/** First token whose start is ≥ pos (binary search). */
function tokenAt(t: Tokens, pos: number): number {
  let lo = 0;
  let hi = t.n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((t.start[mid] as number) < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function encodingOf(t: Tokens, a: number, b: number): string[] {
  let f = 0;
  for (let k = a; k < b; k++) f |= t.flags[k] as number;
  const out: string[] = [];
  if ((f & T_DISGUISE) !== 0) out.push('normalized');
  if ((f & T_LEET) !== 0) out.push('leetspeak');
  if ((f & T_SQUASH) !== 0) out.push('no-space');
  if ((f & T_FUZZY) !== 0) out.push('typo');
  return out;
}

/**
 * Everything an engine compiles from the built-in tables: the tokenizer, the
 * grammar matcher, the voice reader and the pattern rows with their
 * triggers. Built once per process for the built-ins (scanners are created
 * per request in places); a user pattern that replaces a built-in gets its own.
 * Scans are synchronous, so sharing the scratch state inside is safe.
 */
class Parts {
  readonly tokenizer: Tokenizer;
  readonly matcher: GrammarMatcher;
  readonly voice: Voice;
  readonly rows: CompiledRow[] = [];
  /** Lexicon entry → (row, the keyword's further words) for keywords starting with that word. */
  readonly wordTriggers = new Map<number, Array<{ row: number; rest: number[] }>>();
  /** First character → (keyword, rows) for keywords that start with a symbol. */
  readonly symbolTriggers = new Map<string, SymbolKeyword[]>();
  /** symbolTriggers by ASCII code (the common case: one array load per symbol in the text). */
  readonly symbolAscii: Array<SymbolKeyword[] | undefined> = new Array(128).fill(undefined);
  /**
   * symbolAscii narrowed by the next character (ASCII symbol × 128 + ASCII
   * next character, lower-cased): the keywords whose second character is that
   * one or who have none, in table order. At most brackets, hashes and tags
   * of code and HTML ('[x', '#x', '</div') no keyword can start: one load.
   */
  readonly symbolPairs: Array<SymbolKeyword[] | undefined> = new Array(128 * 128).fill(undefined);
  readonly cjkRows: number[] = [];
  readonly rotEntries: Set<number>;
  /** Entry id → offset in trigFlat (-1 none, -2 "rot13"): one read per token. */
  readonly triggerOf: Int32Array;
  readonly trigFlat: Int32Array;
  /** Token at which each row was last tried (several keywords of a row may start at one token). */
  readonly lastTried: Int32Array;

  constructor(
    private readonly lex: Lexicon,
    frameList: readonly GrammarFrame[],
    rowList: readonly InjectionPatternRow[],
  ) {
    this.tokenizer = new Tokenizer(lex);
    const { frames, anchors, phraseEnd } = compileFrames(lex, frameList);
    this.matcher = new GrammarMatcher(lex, frames, anchors, phraseEnd);
    this.voice = new Voice(lex);
    this.rotEntries = new Set([lex.idOf('rot13'), lex.idOf('rot')]);
    for (const r of rowList) this.addRow(r);
    for (let c = 0; c < 128; c++) {
      const list = this.symbolAscii[c];
      if (list === undefined) continue;
      for (let next = 0; next < 128; next++) {
        const some = list.filter((x) => x.second === -1 || x.second === next);
        if (some.length > 0) this.symbolPairs[c * 128 + next] = some;
      }
    }
    this.triggerOf = new Int32Array(lex.words.length).fill(-1);
    const flat: number[] = [];
    for (const [id, list] of this.wordTriggers) {
      this.triggerOf[id] = flat.length;
      flat.push(list.length);
      for (const { row, rest } of list) flat.push(row, rest.length, ...rest);
    }
    this.trigFlat = Int32Array.from(flat);
    for (const id of this.rotEntries) if ((this.triggerOf[id] as number) === -1) this.triggerOf[id] = -2;
    // a row keyword written in leetspeak ("5y573m") is worth reading the folded text around it
    const worthy = new Uint8Array(lex.words.length + 1024);
    for (const id of this.wordTriggers.keys()) worthy[id] = 1;
    this.tokenizer.leetWorthy = worthy;
    // the tokens later passes start from: frame anchors, row keywords, model words and speakers
    const role = this.tokenizer.role;
    for (let e = 0; e < lex.words.length && e < role.length; e++) {
      let r = role[e] as number;
      if (this.matcher.anchors(e)) r |= R_ANCHOR;
      if ((this.triggerOf[e] as number) !== -1) r |= R_TRIGGER;
      if (this.voice.voiceEntry(e)) r |= R_VOICE;
      role[e] = r;
      // a frame's first word (four letters or more) or a row keyword (five or more) may start words written together
      if ((r & R_ANCHOR) !== 0 && this.matcher.startsRuns(e)) this.tokenizer.addStarter(e, 4);
      else if ((r & R_TRIGGER) !== 0) this.tokenizer.addStarter(e, 5);
    }
    this.lastTried = new Int32Array(this.rows.length).fill(-1);
  }

  /** A membership table over entry ids for the given words (ids past its end, and -1, are not members). */
  private entrySet(words: readonly string[]): Uint8Array {
    const ids = words.map((w) => this.lex.idOf(w));
    const set = new Uint8Array(Math.max(...ids) + 1);
    for (const id of ids) set[id] = 1;
    return set;
  }

  addRow(r: InjectionPatternRow): void {
    const idx = this.rows.length;
    const windowed = r.window !== undefined || r.cjk === true;
    this.rows.push({
      name: r.name,
      family: r.family,
      severity: r.severity,
      negatable: r.negatable === true,
      re: new RegExp(r.regex, windowed ? 'gi' : 'iy'),
      window: r.window ?? 0,
      also: r.also ? this.entrySet(r.also) : null,
      cjk: r.cjk === true,
    });
    if (r.cjk) {
      this.cjkRows.push(idx);
      return;
    }
    for (const kw of r.keywords) {
      const k = kw.toLowerCase();
      if (/^[\p{L}\p{N}]/u.test(k)) {
        // a keyword of words: the first is the trigger, the rest must follow as tokens
        const ids = (k.match(/[\p{L}\p{N}']+/gu) ?? []).map((w) => this.lex.idOf(w));
        const [first, ...rest] = ids;
        if (first === undefined) continue;
        const list = this.wordTriggers.get(first) ?? [];
        if (!list.some((x) => x.row === idx && x.rest.length === rest.length && x.rest.every((y, i) => y === rest[i]))) list.push({ row: idx, rest });
        this.wordTriggers.set(first, list);
      } else {
        const c = k[0] as string;
        const list = this.symbolTriggers.get(c) ?? [];
        const found = list.find((x) => x.kw === k);
        if (found) found.rows.push(idx);
        else list.push({ kw: k, second: k.length > 1 ? k.charCodeAt(1) : -1, rows: [idx] });
        this.symbolTriggers.set(c, list);
        if (c.charCodeAt(0) < 128) this.symbolAscii[c.charCodeAt(0)] = list;
      }
    }
  }

}

let sharedParts: Parts | undefined;

class Engine implements InjectionEngine {
  readonly patternNames: readonly string[];
  private readonly lex: Lexicon;
  private readonly frames: readonly GrammarFrame[];
  private readonly userRows: UserRow[] = [];
  /** Compiled tokenizer, grammar, voice and rows: shared by every engine over the built-ins. */
  private readonly p: Parts;
  /** The last collect() saw "rot13" (set by the trigger loop). */
  private sawRot = false;
  private depth = 0;

  constructor(opts: InjectionEngineOptions) {
    const issues: ConfigIssue[] = [];
    const user = new Map<string, { spec: InjectionPatternSpec; index: number }>();
    (opts.patterns ?? []).forEach((spec, index) => user.set(spec.name, { spec, index }));
    const defaults = opts.includeDefaults !== false;
    const builtinRows = defaults ? BUILTIN_INJECTION_PATTERNS.filter((r) => !user.has(r.name)) : [];
    // the built-in list itself when no user pattern replaces a frame (its compiled form is shared)
    const kept = GRAMMAR_FRAMES.filter((f) => !user.has(f.name));
    this.frames = !defaults ? [] : kept.length === GRAMMAR_FRAMES.length ? GRAMMAR_FRAMES : kept;

    this.lex = sharedLexicon();
    const full = defaults && builtinRows.length === BUILTIN_INJECTION_PATTERNS.length && this.frames === GRAMMAR_FRAMES;
    this.p = full ? (sharedParts ??= new Parts(this.lex, GRAMMAR_FRAMES, BUILTIN_INJECTION_PATTERNS)) : new Parts(this.lex, this.frames, builtinRows);
    for (const { spec, index } of user.values()) {
      try {
        this.userRows.push({ name: spec.name, severity: spec.severity ?? 'high', re: new RE2(spec.regex, 'gi') });
      } catch (err) {
        issues.push({ path: `response_scanning.patterns[${index}].regex`, message: `does not compile under RE2: ${(err as Error).message}` });
      }
    }
    if (issues.length > 0) throw new ConfigError(issues);
    const names = new Set<string>();
    for (const f of this.frames) names.add(f.name);
    if (defaults) names.add(ADDRESSED_RULE);
    for (const r of this.p.rows) names.add(r.name);
    for (const u of this.userRows) names.add(u.name);
    this.patternNames = [...names];
  }

  scan(text: string): RawHit[] {
    return capHits(this.scanAll(text));
  }

  /** Every hit, uncapped (strip removes each one's span). */
  private scanAll(text: string): RawHit[] {
    if (text.length === 0) return [];
    if (text.length <= PIECE + PIECE_OVERLAP) return this.scanText(text, true);
    // Long texts in overlapping pieces cut at line ends: bounded token arrays.
    const hits: RawHit[] = [];
    const have = new Set<string>();
    let from = 0;
    while (from < text.length) {
      let to = Math.min(text.length, from + PIECE);
      if (to < text.length) {
        const nl = text.lastIndexOf('\n', to);
        if (nl > from + PIECE / 2) to = nl + 1;
      }
      const end = Math.min(text.length, to + PIECE_OVERLAP);
      for (const h of this.scanText(text.slice(from, end), true)) {
        const s = (h.start ?? 0) + from;
        if (from > 0 && s < from + 0) continue;
        if (s >= to && end < text.length) continue;
        const key = `${s}\u0000${h.rule}`;
        if (have.has(key)) continue;
        have.add(key);
        hits.push({ ...h, start: s, end: (h.end ?? 0) + from });
      }
      from = to;
    }
    return hits;
  }

  /** One piece: tokens, evidence, scores; then the decoded views. */
  private scanText(text: string, decode: boolean): RawHit[] {
    const hits: RawHit[] = [];
    const t = this.p.tokenizer.tokenize(text, this.depth);
    const ev: Evidence[] = [];
    if (this.frames.length > 0 || this.p.rows.length > 0) this.collect(text, t, ev);
    for (const sc of scoreSentences(ev)) {
      const severity = bandOf(sc.score);
      if (severity === null) continue;
      const hit: RawHit = { scanner: 'injection', rule: sc.rule, severity, start: sc.start, end: sc.end, excerpt: excerptOf(text.slice(sc.start, sc.end)) };
      if (sc.encoding.length > 0) hit.encoding = sc.encoding;
      hits.push(hit);
    }
    this.userHits(text, hits);
    if (decode && this.depth === 0) this.decoded(text, t, hits);
    return hits;
  }

  /** Every piece of evidence in one token list. */
  private collect(text: string, t: Tokens, ev: Evidence[]): void {
    const v = this.p.voice;
    v.prepare(t, text);
    // ── grammar frames ──
    const matches: FrameMatch[] = [];
    this.p.matcher.matchAll(t, matches);
    for (const m of matches) {
      const f = this.frames[m.frame] as GrammarFrame;
      const w = this.weigh(f, m, t);
      if (w === null) continue;
      ev.push({ rule: f.name, family: f.family, weight: w, start: t.start[m.a] as number, end: t.end[m.b - 1] as number, sentence: v.sentenceOf(m.a), encoding: encodingOf(t, m.a, m.b) });
    }
    // ── instructions addressed to the model ──
    if (this.frames.length > 0) {
      for (const voc of v.vocatives) {
        const verb = v.addressedVerb(voc);
        if (verb < 0) continue;
        const si = v.sentenceOf(verb);
        const [, s1] = v.sentenceRange(si);
        const w = ADDRESSED_WEIGHT + (v.harmContext(verb) ? ADDRESSED_HARM : 0) + v.discussion(voc, verb + 1);
        ev.push({ rule: ADDRESSED_RULE, family: 'hidden-instruction', weight: w, start: t.start[voc] as number, end: t.end[Math.max(verb, s1 - 1)] as number, sentence: si, encoding: encodingOf(t, voc, verb + 1) });
      }
    }
    // ── pattern rows at their keywords ──
    const rowSeen = new Set<string>();
    const trig = this.p.triggerOf;
    this.p.lastTried.fill(-1);
    this.sawRot = false;
    const flat = this.p.trigFlat;
    // row keywords (and "rot13") are among the side marks: the tokens whose entry has R_TRIGGER or R_VOICE
    const marks = t.side;
    for (let mq = 0; mq < t.nside; mq++) {
      const k = marks[mq] as number;
      const e = t.entry[k] as number;
      if (e < 0 || e >= trig.length) continue;
      const at = trig[e] as number;
      if (at === -1) continue;
      if (at === -2) {
        this.sawRot = true;
        continue;
      }
      // the tail of a hyphenated word ("ssh-add", "auto-send") is not the row's verb
      if (k > 0 && t.end[k - 1] === (t.start[k] as number) - 1 && text.charCodeAt((t.start[k] as number) - 1) === 0x2d) continue;
      // flat: count, then per keyword: row, rest length, rest ids …
      const count = flat[at] as number;
      let q = at + 1;
      for (let x = 0; x < count; x++) {
        const row = flat[q] as number;
        const restLen = flat[q + 1] as number;
        const restAt = q + 2;
        q = restAt + restLen;
        if (this.p.lastTried[row] === k) continue;
        let ok = true;
        for (let j = 0; j < restLen && ok; j++) ok = k + 1 + j < t.n && t.entry[k + 1 + j] === flat[restAt + j] && ((t.gap[k + 1 + j] as number) & G_SENTENCE) === 0;
        if (!ok) continue;
        this.p.lastTried[row] = k;
        this.tryRow(text, t, row, t.start[k] as number, k, ev, rowSeen);
      }
    }
    // symbols ascend, so the token at each is found by walking on (what tokenAt would return)
    let symTok = 0;
    const pairs = this.p.symbolPairs;
    for (const pos of t.symbols) {
      const code = text.charCodeAt(pos);
      // the character after the symbol, lower-cased as startsWithFolded does: most keywords fail on it
      let next = pos + 1 < text.length ? text.charCodeAt(pos + 1) : -2;
      if (next >= 0x41 && next <= 0x5a) next |= 0x20;
      const list = code < 128 ? (next >= 0 && next < 128 ? pairs[code * 128 + next] : this.p.symbolAscii[code]) : this.p.symbolTriggers.get(text[pos] as string);
      if (list === undefined) continue;
      for (let x = 0; x < list.length; x++) {
        const { kw, second, rows } = list[x] as SymbolKeyword;
        if (second !== -1 && second !== next) continue;
        if (!startsWithFolded(text, pos, kw)) continue;
        while (symTok < t.n && (t.start[symTok] as number) < pos) symTok++;
        for (const ri of rows) this.tryRow(text, t, ri, pos, symTok, ev, rowSeen);
      }
    }
    if (t.cjk) for (const ri of this.p.cjkRows) this.cjkRow(text, t, ri, ev);
    // ── lines with disguised characters: normalized and read again ──
    if (this.depth === 0 && (t.disguised.length > 0 || t.leetLines.length > 0 || t.typoLines.length > 0 || t.squashLines.length > 0 || t.tags)) this.disguised(text, t, ev);
  }

  /** A frame match's weight in context, or null when the context cancels it. */
  private weigh(f: GrammarFrame, m: FrameMatch, t: Tokens): number | null {
    const v = this.p.voice;
    let w = f.weight + m.bonus;
    if (m.fuzzy > 0) {
      // every content word a guess: only when two or more guesses sit around a word spelled right
      // (vowel-swapped text: "reveel your systim prumpt"); one guess alone is no evidence
      if (m.fuzzy >= m.content && (m.fuzzy < 2 || m.exact === 0)) return null;
      w += VOICE_WEIGHTS.typo * Math.min(m.fuzzy, 2);
    }
    if (f.negatable !== false && v.negated(m.a)) return null;
    if (f.needsAddressee === true && !v.addressee(m.a)) return null;
    if (f.needsAddressee === 'ai' && !v.addresseeAI(m.a)) return null;
    if (f.mood !== false) {
      const mood = v.mood(m.a);
      w += MOOD_WEIGHT[mood] as number;
      if (v.inflected(m.a)) w += mood === MOOD_IMPERATIVE ? -0.1 : VOICE_WEIGHTS.inflected;
      // "ignore rules", "override policies": a bare noun after a verb that is not clearly a command is a compound
      if (mood !== MOOD_IMPERATIVE && mood !== MOOD_DIRECTIVE && v.bare(m.a, m.b)) w += VOICE_WEIGHTS.bareObject;
    }
    const disc = v.discussion(m.a, m.b);
    w += disc;
    const fam = f.family;
    if ((fam === 'instruction-override' || fam === 'role-override' || fam === 'task-hijack') && v.question(m.a)) w += VOICE_WEIGHTS.question;
    if ((fam === 'credential-solicitation' || fam === 'prompt-extraction' || fam === 'jailbreak') && v.interfaceContext(m.a)) w += VOICE_WEIGHTS.interface;
    if ((fam === 'credential-solicitation' || fam === 'prompt-extraction') && f.mood !== false && f.indefiniteOk !== true && v.indefiniteObject(m.a, m.b)) w += VOICE_WEIGHTS.indefinite;
    // a described instruction is not addressed to anyone
    const addressed = disc === 0 && v.isAddressed(v.sentenceOf(m.a));
    if (f.objectCheck === true) w += v.objectWeight(m.a, m.b);
    if (fam === 'task-hijack' && v.codeLike(v.sentenceOf(m.a))) w += VOICE_WEIGHTS.inCode;
    if (fam === 'task-hijack') {
      if (addressed) w += VOICE_WEIGHTS.addressedHijack;
    } else if (addressed) w += VOICE_WEIGHTS.addressed;
    if (f.harmBoost !== undefined && v.harmContext(m.a)) w += f.harmBoost;
    void t;
    return w;
  }

  private tryRow(text: string, t: Tokens, ri: number, pos: number, tok: number, ev: Evidence[], seen: Set<string>): void {
    const r = this.p.rows[ri] as CompiledRow;
    if (r.window === 0) {
      if (r.also !== null) {
        // a second keyword among the next tokens, or no attempt
        let ok = false;
        const also = r.also;
        for (let k = tok + 1; k < Math.min(t.n, tok + 1 + ALSO_TOKENS) && !ok; k++) ok = inSet(also, t.entry[k] as number);
        if (!ok) return;
      }
      r.re.lastIndex = pos;
      const m = r.re.exec(text);
      if (m === null || m[0].length === 0) return;
      this.rowEvidence(text, t, r, pos, pos + m[0].length, tok, ev, seen);
      return;
    }
    // windowed: a second keyword must be near, then search the window
    const lo = Math.max(0, pos - r.window);
    const hi = Math.min(text.length, pos + r.window);
    if (r.also !== null) {
      let ok = false;
      const also = r.also;
      for (let k = tokenAt(t, lo); k < t.n && (t.start[k] as number) < hi && !ok; k++) if (k !== tok && inSet(also, t.entry[k] as number)) ok = true;
      if (!ok) return;
    }
    const slice = text.slice(lo, hi);
    r.re.lastIndex = 0;
    for (let m = r.re.exec(slice); m !== null; m = r.re.exec(slice)) {
      if (m[0].length === 0) {
        r.re.lastIndex = m.index + 1;
        continue;
      }
      const s = lo + m.index;
      this.rowEvidence(text, t, r, s, s + m[0].length, tokenAt(t, s), ev, seen);
    }
  }

  private rowEvidence(text: string, t: Tokens, r: CompiledRow, start: number, end: number, tok: number, ev: Evidence[], seen: Set<string>): void {
    const key = `${r.name}@${start}`;
    if (seen.has(key)) return;
    seen.add(key);
    const v = this.p.voice;
    const a = Math.min(tok, t.n);
    const b = Math.max(a + 1, tokenAt(t, end));
    if (r.negatable && a < t.n && v.negated(a, 3)) return;
    let w = ROW_WEIGHT[r.severity];
    if (a < t.n) {
      w += v.discussion(a, Math.min(b, t.n));
      if (v.isAddressed(v.sentenceOf(a))) w += VOICE_WEIGHTS.addressed;
    }
    void text;
    ev.push({ rule: r.name, family: r.family, weight: w, start, end, sentence: a < t.n ? v.sentenceOf(a) : v.sentenceOf(Math.max(0, t.n - 1)) + 1, encoding: a < t.n ? encodingOf(t, a, Math.min(b, t.n)) : [] });
  }

  /** CJK rows over the whole text (no spaces to tokenize by). */
  private cjkRow(text: string, t: Tokens, ri: number, ev: Evidence[]): void {
    const r = this.p.rows[ri] as CompiledRow;
    r.re.lastIndex = 0;
    // sentences of CJK text end at 。！？ or a newline; counted once along the text, not from its start per match
    let sentence = 1_000_000;
    let counted = 0;
    for (let m = r.re.exec(text); m !== null; m = r.re.exec(text)) {
      if (m[0].length === 0) {
        r.re.lastIndex = m.index + 1;
        continue;
      }
      for (; counted < m.index; counted++) {
        const c = text.charCodeAt(counted);
        if (c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0x0a || c === 0x21 || c === 0x3f) sentence++;
      }
      const before = text.slice(Math.max(0, m.index - 24), m.index);
      if (/(?:不要|别|請勿|请勿|しないで|하지\s*마)\s*$/.test(before)) continue;
      const tok = tokenAt(t, m.index);
      let w = ROW_WEIGHT[r.severity];
      if (tok < t.n && (t.start[tok] as number) < m.index + m[0].length) w += this.p.voice.discussion(tok, tok + 1);
      ev.push({ rule: r.name, family: r.family, weight: w, start: m.index, end: m.index + m[0].length, sentence, encoding: [] });
    }
  }

  /**
   * Lines with invisible, fullwidth, math or mixed-script characters: the
   * rows see raw text, so each such line is normalized (two ways: invisibles
   * dropped, invisibles as spaces) and read again; hits span the line. Also
   * the ASCII spelled in Unicode tag characters.
   */
  private disguised(text: string, t: Tokens, ev: Evidence[]): void {
    const jobs: Array<{ start: number; end: number; sentence: number; variants: string[]; enc: string }> = [];
    const lines = [...new Set(t.disguised)].sort((a, b) => a - b);
    for (const ls of lines) {
      let le = text.indexOf('\n', ls);
      if (le < 0) le = text.length;
      // a long line (minified code, a blob) is read again only near its first disguised character
      if (le - ls > RESCAN_WINDOW * 2) le = ls + RESCAN_WINDOW * 2;
      const line = text.slice(ls, le);
      const variants = [normalizeText(line), normalizeTextSpaced(line)].filter((x, i, all) => x !== line && all.indexOf(x) === i);
      if (variants.length === 0) continue;
      const tok = tokenAt(t, ls);
      jobs.push({ start: ls, end: le, sentence: tok < t.n ? this.p.voice.sentenceOf(tok) : -1, variants, enc: 'normalized' });
    }
    let leetUpTo = -1;
    let leetJobs = 0;
    for (const at of t.leetLines) {
      if (at < leetUpTo || leetJobs >= MAX_LEET_RESCANS) continue;
      leetJobs++;
      // the line around the word, at most RESCAN_WINDOW characters either side
      let ls = text.lastIndexOf('\n', at) + 1;
      let le = text.indexOf('\n', at);
      if (le < 0) le = text.length;
      if (at - ls > RESCAN_WINDOW) ls = at - RESCAN_WINDOW;
      if (le - at > RESCAN_WINDOW) le = at + RESCAN_WINDOW;
      leetUpTo = le;
      const line = text.slice(ls, le);
      const variants = [leetFold(line, LEET_MAP_I), leetFold(line, LEET_MAP_L)].filter((x, i, all) => x !== line && all.indexOf(x) === i);
      const tok = tokenAt(t, ls);
      if (variants.length > 0) jobs.push({ start: ls, end: le, sentence: tok < t.n ? this.p.voice.sentenceOf(tok) : -1, variants, enc: 'leetspeak' });
    }
    // row keywords read through a typo or in words written together: the line around them,
    // every typo corrected and every split word spaced out, read again
    let typoUpTo = -1;
    let typoJobs = 0;
    const corrected = t.squashLines.length === 0 ? t.typoLines : t.typoLines.length === 0 ? t.squashLines : [...t.typoLines, ...t.squashLines].sort((a, b) => a - b);
    for (const at of corrected) {
      if (at < typoUpTo || typoJobs >= MAX_LEET_RESCANS) continue;
      typoJobs++;
      let ls = text.lastIndexOf('\n', at) + 1;
      let le = text.indexOf('\n', at);
      if (le < 0) le = text.length;
      if (at - ls > RESCAN_WINDOW) ls = at - RESCAN_WINDOW;
      if (le - at > RESCAN_WINDOW) le = at + RESCAN_WINDOW;
      typoUpTo = le;
      let out = '';
      let pos = ls;
      for (let k = tokenAt(t, ls); k < t.n && (t.end[k] as number) <= le; k++) {
        const f = t.flags[k] as number;
        if ((f & T_FUZZY) !== 0) {
          out += text.slice(pos, t.start[k] as number) + (this.lex.words[t.entry[k] as number] as string);
          pos = t.end[k] as number;
        } else if ((f & T_SQUASH) !== 0 && k > 0 && (t.end[k - 1] as number) === (t.start[k] as number)) {
          out += `${text.slice(pos, t.start[k] as number)} `;
          pos = t.start[k] as number;
        }
      }
      out += text.slice(pos, le);
      const tok = tokenAt(t, ls);
      if (out !== text.slice(ls, le)) jobs.push({ start: ls, end: le, sentence: tok < t.n ? this.p.voice.sentenceOf(tok) : -1, variants: [out], enc: t.squashLines.includes(at) ? 'no-space' : 'typo' });
    }
    if (t.tags) {
      const tagText = revealTagText(text);
      if (tagText !== null) {
        const first = text.indexOf('\uDB40');
        const last = text.lastIndexOf('\uDB40');
        jobs.push({ start: first, end: last + 2, sentence: -2, variants: [tagText], enc: 'unicode-tags' });
      }
    }
    this.depth++;
    try {
      for (const j of jobs) {
        for (const variant of j.variants) {
          for (const h of this.scanText(variant, false)) {
            const sev = h.severity;
            ev.push({ rule: h.rule, family: 'normalized', weight: ROW_WEIGHT[sev] === undefined ? 0.8 : sev === 'critical' ? 1.15 : sev === 'high' ? 0.8 : 0.5, start: j.start, end: j.end, sentence: j.sentence >= 0 ? j.sentence : 2_000_000 + j.start, encoding: [j.enc] });
          }
        }
      }
    } finally {
      this.depth--;
    }
  }

  private userHits(text: string, hits: RawHit[]): void {
    for (const u of this.userRows) {
      u.re.lastIndex = 0;
      for (let m = u.re.exec(text); m !== null; m = u.re.exec(text)) {
        if (m[0].length === 0) {
          u.re.lastIndex = m.index + 1;
          continue;
        }
        hits.push({ scanner: 'injection', rule: u.name, severity: u.severity, start: m.index, end: m.index + m[0].length, excerpt: excerptOf(m[0]) });
      }
    }
  }

  /** Encoded payloads (base64, hex, URL, chains) and ROT13, read again; hits span the encoded run. */
  private decoded(text: string, t: Tokens, hits: RawHit[]): void {
    let encoded = false;
    // the text's code units, as the tokenizer read them at this depth (rescans run one level down)
    const u = this.p.tokenizer.unitsAt(this.depth);
    // each run of encoding characters once, however many tokens it holds
    let upTo = -1;
    for (const k of t.encoded) {
      if (encoded) break;
      let s = t.start[k] as number;
      if (s < upTo) continue;
      let e = t.end[k] as number;
      while (s > 0 && isB64Char(u[s - 1] as number)) s--;
      while (e < text.length && isB64Char(u[e] as number)) e++;
      upTo = e;
      if (e - s >= 20 && looksEncoded(u, s, e)) encoded = true;
    }
    if (!encoded && escapedRun(text)) encoded = true;
    if (!encoded && t.hexRun) encoded = true;
    const rot = this.sawRot;
    const add = (h: RawHit) => {
      if (hits.some((x) => x.rule === h.rule && (x.start ?? 0) < (h.end ?? 0) && (x.end ?? 0) > (h.start ?? 0))) return;
      hits.push(h);
    };
    this.depth++;
    try {
      if (encoded) {
        for (const view of decodeViews(text)) {
          for (const h of this.scanText(view.text, false)) add({ ...h, start: view.start, end: view.end, encoding: [...view.chain, ...(h.encoding ?? [])] });
        }
      }
      if (rot) for (const h of this.scanText(rot13(text), false)) add({ ...h, excerpt: excerptOf(text.slice(h.start ?? 0, h.end ?? 0)), encoding: ['rot13', ...(h.encoding ?? [])] });
    } finally {
      this.depth--;
    }
  }

  explain(text: string): InjectionEvidence[] {
    const t = this.p.tokenizer.tokenize(text);
    const ev: Evidence[] = [];
    this.collect(text, t, ev);
    return ev.sort((a, b) => b.weight - a.weight);
  }

  strip(text: string): { text: string; hits: RawHit[] } {
    const all: RawHit[] = [];
    let cur = text;
    for (let round = 0; round < STRIP_ROUNDS; round++) {
      const hits = this.scanAll(cur);
      if (hits.length === 0) return { text: cur, hits: capHits(all) };
      if (round === 0) all.push(...hits);
      const spans = hits.map((h) => {
        const start = h.start ?? 0;
        const end = h.end ?? cur.length;
        // Seen only after a transform, or still there after a round: take whole lines.
        return (h.encoding !== undefined && h.encoding.some((e) => e !== 'typo')) || round > 0 ? lineSpan(cur, start, end) : { start, end };
      });
      cur = removeSpans(cur, spans);
    }
    const rest = this.scanAll(cur);
    if (rest.length > 0) {
      cur = removeSpans(cur, rest.map((h) => lineSpan(cur, h.start ?? 0, h.end ?? cur.length)));
      // Bounded work: if lines keep recombining into matches, nothing is returned.
      if (this.scanAll(cur).length > 0) cur = '';
    }
    return { text: cur, hits: capHits(all) };
  }
}

/** An engine over the built-in grammar and rows and the user's patterns (compiled once, here). */
export function createInjectionEngine(opts: InjectionEngineOptions = {}): InjectionEngine {
  return new Engine(opts);
}

/** @internal word folding, for tests. */
export const _canonWord = canonWord;
