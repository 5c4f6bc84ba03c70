// Prompt-injection matching: compiles the pattern table once, then scans text
// in gated passes (raw, vowel-fold, normalized, leetspeak, no-space, decoded).
// Clean text pays for one RE2 keyword pass and a few cheap gate tests.
// Never does I/O; never decides block-or-warn.
import RE2 from 're2';
import type { RawHit } from '../context.js';
import { ConfigError } from '../errors.js';
import type { ConfigIssue } from '../errors.js';
import { decodeViews } from '../encoding/index.js';
import { needsNormalization, normalizeText, normalizeTextSpaced } from '../normalize/index.js';
import type { Severity } from '../types.js';
import { BUILTIN_INJECTION_PATTERNS } from './patterns.js';
import type { InjectionPatternRow } from './patterns.js';

export interface InjectionPatternSpec {
  name: string;
  regex: string;
  severity?: Severity;
}

export interface InjectionEngineOptions {
  /** response_scanning.patterns: merged with the built-ins by name. */
  patterns?: InjectionPatternSpec[];
  /** Keep the built-in table (default true). */
  includeDefaults?: boolean;
}

export interface InjectionEngine {
  scan(text: string): RawHit[];
  strip(text: string): { text: string; hits: RawHit[] };
  readonly patternNames: readonly string[];
}

/** Which regex engine runs the built-in rows' sticky attempts. User rows always run on RE2. */
export type BuiltinRegexBackend = 'v8' | 're2';

/**
 * Measured (engine.bench.ts, docs/injection-patterns.md): the keyword pass is
 * an alternation of ~200 literals, where RE2's DFA is ~5x faster than V8
 * irregexp, so the keyword pass always runs on RE2. The rows themselves are
 * only tried at keyword positions (sticky, one attempt each), where V8 avoids
 * node-re2's per-call UTF-16 → UTF-8 conversion and is much faster. Built-ins
 * avoid lookaround and backreferences and are bounded, so V8 backtracking
 * stays linear; a test compiles every row (and its derived forms) under RE2.
 */
export const DEFAULT_BUILTIN_BACKEND: BuiltinRegexBackend = 'v8';

interface Matcher {
  lastIndex: number;
  exec(s: string): RegExpExecArray | null;
}

interface CompiledRow {
  readonly name: string;
  readonly severity: Severity;
  readonly negatable: boolean;
  /** Sticky raw form. */
  readonly re: Matcher;
  /** Sticky vowel-wildcarded form (built-in English rows). */
  readonly vowelRe: Matcher | undefined;
  /** Sticky whitespace-free form (built-in English rows). */
  readonly squashRe: Matcher | undefined;
}

interface Match {
  row: number;
  start: number;
  end: number;
  excerpt: string;
}

type Form = 'raw' | 'vowel' | 'squash';

const MAX_EXCERPT = 60;
const STRIP_ROUNDS = 4;
/** Squashed matches shorter than this are chance hits inside identifiers and base64. */
const MIN_SQUASH_MATCH = 12;
const SEGMENT_MAX = 4096;
const SEGMENT_OVERLAP = 256;
/** Keywords at least this long are vowel-wildcarded in the keyword pass. */
const VOWEL_KEYWORD_MIN = 5;

// ── gates: cheap tests on the whole text that decide whether a pass runs ──
/** Characters normalization would change in a way that matters: invisibles, marks, confusable scripts, fullwidth and math letters. Exotic spaces are not here: the rows' \\s already matches them. */
// (?-i:…): case-insensitive matching would let 'k' match KELVIN SIGN (U+212A).
const SUSPICIOUS_SRC =
  '(?-i:[\\x{00AD}\\x{0300}-\\x{036F}\\x{0370}-\\x{052F}\\x{1D00}-\\x{1DBF}\\x{1E00}-\\x{1EFF}\\x{200B}-\\x{200F}\\x{202A}-\\x{202E}\\x{2060}-\\x{206F}\\x{2100}-\\x{214F}\\x{2460}-\\x{24FF}\\x{3164}\\x{FE00}-\\x{FE0F}\\x{FEFF}\\x{FF00}-\\x{FFEF}\\x{1D400}-\\x{1D7FF}\\x{E0000}-\\x{E007F}])';
/** Token shapes: a long letter run (no-space), a digit or symbol between letters (leetspeak), an encoded-looking run. */
const TOKEN_SRCS = ['[A-Za-z]{16,}', '[A-Za-z][0-9@$|!+]+[A-Za-z]', '[0-9@$|!+][A-Za-z]{3}', '[A-Za-z0-9+/=_%-]{24,}'];
const WS = /\s/;
const LONG_LETTERS = /[A-Za-z]{16}/;
const LEET_MIX = /[A-Za-z][0-9@$|!+]|[0-9@$|!+][A-Za-z]/;
/** Separated hex bytes, %-escapes and \\x / \\u escapes: encodings with delimiters. */
const DELIMITED_ENCODING = new RE2('(?:[0-9a-fA-F]{2}[\\s:,-]{1,3}){12}|(?:%[0-9a-fA-F]{2}){6}|(?:\\\\x[0-9a-fA-F]{2}){6}|(?:\\\\u[0-9a-fA-F]{4}){6}');
const B64_RUN = /[A-Za-z0-9+/_-]{20,}={0,2}/g;
const HEX_RUN = /[0-9a-fA-F]{24,}/g;

interface Analysis {
  suspicious: boolean;
  squash: Array<{ tok: string; at: number }>;
  leet: boolean;
  decode: boolean;
}

/**
 * A run that decodes to mostly printable text. Hashes and identifiers do
 * not, so decodeViews (the expensive part) is called only for likely payloads.
 */
function looksEncoded(tok: string): boolean {
  for (const h of tok.match(HEX_RUN) ?? []) {
    let printable = 0;
    for (let i = 0; i + 1 < h.length; i += 2) if ('234567'.includes(h[i] as string)) printable++;
    if (printable * 2 >= h.length * 0.8) return true;
  }
  for (const b of tok.match(B64_RUN) ?? []) {
    // Base64 of text mixes digits, upper and lower case; paths and identifiers rarely do all three.
    if (!/[0-9]/.test(b) || !/[A-Z]/.test(b) || !/[a-z]/.test(b)) continue;
    const bytes = Buffer.from(b.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    let printable = 0;
    for (const x of bytes) if ((x >= 0x20 && x < 0x7f) || x === 0x0a || x === 0x0d || x === 0x09 || x >= 0x80) printable++;
    if (bytes.length >= 12 && printable >= bytes.length * 0.9) return true;
  }
  return false;
}

const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0]|\uDB40[\uDC00-\uDC7F]/g;

const LEET_TOKEN = /[\p{L}0-9@$|!+]+/gu;
const LEET_CHAR = /[0-9@$|!+]/;
const LEET_MAP_I: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's', '|': 'i', '!': 'i', '+': 't' };
// A second reading: '1' as 'l', and '@' / '|' kept so e-mail addresses and chat tokens survive.
const LEET_MAP_L: Readonly<Record<string, string>> = { ...LEET_MAP_I, '1': 'l', '|': '|', '@': '@' };
const LEET_MAP_I_AT: Readonly<Record<string, string>> = { ...LEET_MAP_I, '@': '@', '|': '|' };

function leetFold(s: string, map: Readonly<Record<string, string>>): string {
  return s.replace(LEET_TOKEN, (tok) => {
    if (!LEET_CHAR.test(tok)) return tok;
    if (/\p{L}/u.test(tok)) return tok.replace(/[0-9@$|!+]/g, (c) => map[c] ?? c);
    // A lone short number may be a word ("4" = a, "1" = I); symbols alone are punctuation.
    return tok.length <= 3 ? tok.replace(/[0-9]/g, (c) => map[c] ?? c) : tok;
  });
}

// ── negative evidence: text that explains an attack rather than making one ──
/** Strong cues: the sentence so far is about attackers or gives an example. */
const STRONG_CUE =
  /\b(?:attackers?\s+(?:may|might|can|could|often|will|would|use|write|insert|embed|hide|include|try|tries|sometimes|typically|usually|plant)|adversar\w*|malicious|such as|for example|for instance|e\.g\.|known as|a classic|phrases? like|(?:asks?|asked|asking|tells?|telling|told|instructs?|instructing|tricks?|tricking|tricked|convinc\w+|persuad\w+|manipulat\w+|gets?|getting|causes?|causing|makes?|making|coax\w*)\s+(?:the\s+|an?\s+|your\s+|its\s+)?(?:model|llm|ai|assistant|agent|chatbot|bot|system|it|them)\s+(?:to|into))\b/i;
/** Weak cues count only when the match itself is quoted. */
const WEAK_CUE =
  /\b(?:says?|said|saying|writes?|wrote|written|phrases?|strings?|like|examples?|i\.e|contains?|containing|includes?|including|typed?|typing|inputs?|injections?|attacks?|payloads?|called|classic|common|typical|patterns?|keywords?|sentences?|detect\w*|flag\w*|block\w*|filter\w*|mentions?|literal|reads?|words?|text like|lines? like)\b/i;
/** An opening quote shortly before the match (apostrophes inside words do not count). */
const QUOTE_BEFORE = /["“‘`«「『]|(?:^|\s)'/;
const NEGATION_BEFORE = /(?:\bnever|\bnot|n't|\bavoid|\bwithout|\bno\s+one\s+should|\bshould\s+never)\s+(?:\w+\s+)?$/i;
const SENTENCE_END = /[.!?](?=\s)|\n/g;

function describedNotCommanded(s: string, start: number): boolean {
  const from = Math.max(0, start - 160);
  let window = s.slice(from, start);
  const quoted = QUOTE_BEFORE.test(window.slice(-60));
  // Cut the window back to the current sentence (abbreviations like "e.g." are not ends).
  let cut = -1;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(window); m !== null; m = SENTENCE_END.exec(window)) {
    const before = window.slice(Math.max(0, m.index - 3), m.index + 1).toLowerCase();
    if (before.endsWith('e.g.') || before.endsWith('i.e.') || before.endsWith('etc.')) continue;
    if (m.index >= window.length - 3 && quoted) continue;
    cut = m.index + 1;
  }
  if (cut > 0) window = window.slice(cut);
  if (STRONG_CUE.test(window)) return true;
  return quoted && WEAK_CUE.test(window);
}

// ── regex source transforms (built-in English rows only) ──
/** Replace every literal vowel outside character classes with [aeiou]. */
function vowelForm(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (c === '\\') {
      out += c + (src[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      continue;
    }
    out += /[aeiou]/i.test(c) ? '[aeiou]' : c;
  }
  return out;
}

/** Delete whitespace tokens and word boundaries: the pattern as it reads with spaces removed. */
function squashForm(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i] as string;
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      if (n === 's') {
        i++;
        if (!inClass) {
          const q = /^(?:[+*?]|\{\d+(?:,\d*)?\})\??/.exec(src.slice(i + 1));
          if (q) i += q[0].length;
        }
        continue;
      }
      if (n === 'b' && !inClass) {
        i++;
        continue;
      }
      out += c + n;
      i++;
      continue;
    }
    if (c === '[' && !inClass) inClass = true;
    else if (c === ']' && inClass) inClass = false;
    if (c === ' ' && !inClass) continue;
    out += c;
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const canonKey = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');
const vowelKey = (s: string) => canonKey(s).replace(/[aeiou]/g, 'a');

/**
 * The keyword pass: one RE2 alternation, matched strings only (a single
 * native call), then positions by indexOf on the lower-cased text.
 */
class KeywordIndex {
  private readonly re: RE2;
  /** exact keyword → rows */
  private readonly exact = new Map<string, number[]>();
  /** vowel key of a wildcarded keyword → rows (fold rows only) */
  private readonly vowel = new Map<string, number[]>();
  /** Keywords start at a word boundary (not in squashed tokens). */
  private readonly bounded: boolean;

  constructor(entries: Array<{ row: number; keywords: readonly string[]; fold: boolean }>, squashed: boolean, extra: readonly string[] = []) {
    this.bounded = !squashed;
    const alts = new Set<string>();
    const add = (map: Map<string, number[]>, key: string, row: number) => {
      const list = map.get(key);
      if (list) {
        if (!list.includes(row)) list.push(row);
      } else map.set(key, [row]);
    };
    for (const { row, keywords, fold } of entries) {
      for (const k0 of keywords) {
        const k = squashed ? k0.toLowerCase().replace(/\s+/g, '') : canonKey(k0);
        if (!k) continue;
        add(this.exact, k, row);
        const wild = !squashed && fold && (k.match(/[a-z]/g) ?? []).length >= VOWEL_KEYWORD_MIN;
        if (wild) add(this.vowel, vowelKey(k), row);
        // RE2's \\s is ASCII-only; V8's (used by the rows) also takes Unicode spaces.
        let src = escapeRe(k).replace(/ /g, UNICODE_SPACES);
        if (wild) src = src.replace(/[aeiou]/g, '[aeiou]');
        if (!squashed && /^\w/.test(k)) src = `\\b${src}`;
        alts.add(src);
      }
    }
    // A shorter keyword at the start of a longer one ("ignor" / "ignore") is found at the same place.
    for (const map of [this.exact, this.vowel]) {
      for (const [k, rows] of map) {
        for (const [other, orows] of map) {
          if (other !== k && k.startsWith(other)) for (const r of orows) if (!rows.includes(r)) rows.push(r);
        }
      }
    }
    const sorted = [...alts].sort((a, b) => b.length - a.length);
    // Extra alternatives come last: at a shared start a keyword wins, and the
    // token that follows is widened back to its whitespace boundaries.
    const all = [...sorted, ...extra];
    this.re = new RE2(all.length > 0 ? all.join('|') : '[^\\s\\S]', 'gi');
  }

  /**
   * Calls `visit(pos, rows, exact)` for every keyword occurrence in `s`;
   * `exact` is false when the keyword appears with a vowel changed. RE2
   * returns the matched strings in order, so positions come from a forward
   * indexOf over the original text (one native call, no per-match round trip).
   */
  visit(s: string, visit: (pos: number, rows: readonly number[], exact: boolean) => void, other?: (pos: number, f: string) => void): void {
    // Only very large inputs go in overlapping chunks (bounded match arrays);
    // measured, chunking 1 MB into 64 KB pieces was slower than one call.
    // A keyword or token shape cut by a boundary is whole in the overlap.
    if (s.length > CHUNK) {
      let done = 0;
      for (let c = 0; c < s.length; c += CHUNK) {
        const sub = s.slice(c, c + CHUNK + CHUNK_OVERLAP);
        this.visitChunk(s, sub, c, done, visit, other);
        done = c + CHUNK;
      }
      return;
    }
    this.visitChunk(s, s, 0, 0, visit, other);
  }

  private visitChunk(
    s: string,
    sub: string,
    base: number,
    done: number,
    visit: (pos: number, rows: readonly number[], exact: boolean) => void,
    other?: (pos: number, f: string) => void,
  ): void {
    const found = sub.match(this.re);
    if (found === null) return;
    let from = base;
    for (const f of found) {
      const key = f.toLowerCase();
      const exactRows = this.exact.get(key.replace(/\s+/g, ' '));
      const rows = exactRows ?? this.vowel.get(vowelKey(key));
      let pos = s.indexOf(f, from);
      // RE2 checked a word boundary that indexOf does not: skip occurrences inside words.
      if (rows && this.bounded && WORD_START.test(f)) while (pos > 0 && WORD_CHAR.test(s[pos - 1] as string)) pos = s.indexOf(f, pos + 1);
      if (pos < 0) continue;
      from = pos + f.length;
      if (pos < done) continue; // seen in the previous chunk's overlap
      if (rows) visit(pos, rows, exactRows !== undefined);
      else if (other) other(pos, f);
    }
  }
}

const CHUNK = 1 << 22;
const CHUNK_OVERLAP = 256;
const UNICODE_SPACES = '[\\s\\x{00A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}]+';
const WORD_START = /^\w/;
const WORD_CHAR = /\w/;

function compileRe2(src: string, flags: string): Matcher {
  return new RE2(src, flags) as unknown as Matcher;
}

function compileBuiltin(src: string, backend: BuiltinRegexBackend): Matcher {
  return backend === 're2' ? compileRe2(src, 'iy') : new RegExp(src, 'iy');
}

function excerptOf(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > MAX_EXCERPT ? `${t.slice(0, MAX_EXCERPT - 1)}…` : t;
}

interface Span {
  start: number;
  end: number;
}

/** Paragraphs, then lines, then overlapping windows, so a transformed hit gets a local span. */
function segmentsOf(text: string): Span[] {
  const out: Span[] = [];
  const pushWindows = (start: number, end: number) => {
    for (let s = start; s < end; s += SEGMENT_MAX - SEGMENT_OVERLAP) {
      out.push({ start: s, end: Math.min(end, s + SEGMENT_MAX) });
      if (s + SEGMENT_MAX >= end) break;
    }
  };
  const paragraph = (start: number, end: number) => {
    if (end - start <= SEGMENT_MAX) {
      if (text.slice(start, end).trim().length > 0) out.push({ start, end });
      return;
    }
    let ls = start;
    while (ls < end) {
      let le = text.indexOf('\n', ls);
      if (le < 0 || le > end) le = end;
      if (le > ls) pushWindows(ls, le);
      ls = le + 1;
    }
  };
  const para = /\n[ \t]*\n/g;
  let pos = 0;
  for (let m = para.exec(text); m !== null; m = para.exec(text)) {
    paragraph(pos, m.index);
    pos = m.index + m[0].length;
  }
  paragraph(pos, text.length);
  return out;
}

/** The line(s) of `text` around [start, end). */
function lineSpan(text: string, start: number, end: number): Span {
  const s = text.lastIndexOf('\n', Math.max(0, start - 1));
  let e = text.indexOf('\n', end > start ? end - 1 : end);
  if (e < 0) e = text.length;
  return { start: s < 0 ? 0 : s + 1, end: e };
}

function trimSpan(text: string, s: Span): Span {
  let { start, end } = s;
  while (start < end && /\s/.test(text[start] as string)) start++;
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  return { start, end };
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

/** A transform of the whole text whose hits must be located afterwards. */
interface Variant {
  enc: string;
  apply: (s: string) => string;
}

class Engine implements InjectionEngine {
  readonly patternNames: readonly string[];
  private readonly rows: CompiledRow[];
  private readonly keywords: KeywordIndex;
  private readonly squashKeywords: KeywordIndex;
  /** User rows: no keywords, run over the whole text (RE2, global). */
  private readonly userRows: Array<{ row: number; re: Matcher }>;
  /** Words the patterns are made of: a leet token only matters if it folds into one. */
  private readonly vocabulary: Set<string>;

  constructor(opts: InjectionEngineOptions, backend: BuiltinRegexBackend) {
    const issues: ConfigIssue[] = [];
    const user = new Map<string, { spec: InjectionPatternSpec; index: number }>();
    (opts.patterns ?? []).forEach((spec, index) => user.set(spec.name, { spec, index }));
    const rows: CompiledRow[] = [];
    const entries: Array<{ row: number; keywords: readonly string[]; fold: boolean }> = [];
    const squashEntries: Array<{ row: number; keywords: readonly string[]; fold: boolean }> = [];
    this.userRows = [];
    this.vocabulary = new Set();
    const never: Matcher = { lastIndex: 0, exec: () => null };

    const addUser = (spec: InjectionPatternSpec, index: number) => {
      let re: Matcher;
      try {
        re = compileRe2(spec.regex, 'gi');
      } catch (err) {
        issues.push({ path: `response_scanning.patterns[${index}].regex`, message: `does not compile under RE2: ${(err as Error).message}` });
        return;
      }
      this.userRows.push({ row: rows.length, re });
      rows.push({ name: spec.name, severity: spec.severity ?? 'high', negatable: false, re: never, vowelRe: undefined, squashRe: undefined });
    };

    if (opts.includeDefaults !== false) {
      for (const r of BUILTIN_INJECTION_PATTERNS as readonly InjectionPatternRow[]) {
        const override = user.get(r.name);
        if (override) {
          addUser(override.spec, override.index);
          user.delete(r.name);
          continue;
        }
        const idx = rows.length;
        rows.push({
          name: r.name,
          severity: r.severity,
          negatable: r.negatable === true,
          re: compileBuiltin(r.regex, backend),
          vowelRe: r.fold ? compileBuiltin(vowelForm(r.regex), backend) : undefined,
          squashRe: r.fold && r.squash !== false ? compileBuiltin(squashForm(r.regex), backend) : undefined,
        });
        entries.push({ row: idx, keywords: r.keywords, fold: r.fold });
        if (r.fold && r.squash !== false) squashEntries.push({ row: idx, keywords: r.keywords, fold: false });
        for (const w of r.regex.toLowerCase().match(/[a-z]{4,}/g) ?? []) this.vocabulary.add(w);
        for (const k of r.keywords) for (const w of k.toLowerCase().match(/[a-z]{4,}/g) ?? []) this.vocabulary.add(w);
      }
    }
    for (const { spec, index } of user.values()) addUser(spec, index);
    if (issues.length > 0) throw new ConfigError(issues);

    this.rows = rows;
    this.keywords = new KeywordIndex(entries, false, [SUSPICIOUS_SRC, ...TOKEN_SRCS]);
    this.squashKeywords = new KeywordIndex(squashEntries, true);
    this.patternNames = rows.map((r) => r.name);
  }

  /** Try `form` of `row` at `pos` (sticky); push a match that survives the context checks. */
  private attempt(s: string, row: number, pos: number, form: Form, out: Match[]): boolean {
    const r = this.rows[row] as CompiledRow;
    const re = form === 'raw' ? r.re : form === 'vowel' ? r.vowelRe : r.squashRe;
    if (!re) return false;
    re.lastIndex = pos;
    const m = re.exec(s);
    if (m === null || m[0].length === 0) return false;
    const end = pos + m[0].length;
    if (form === 'squash' && end - pos < MIN_SQUASH_MATCH) return false;
    if (form !== 'squash' && describedNotCommanded(s, pos)) return false;
    if (r.negatable && NEGATION_BEFORE.test(s.slice(Math.max(0, pos - 24), pos))) return false;
    out.push({ row, start: pos, end, excerpt: excerptOf(m[0]) });
    return true;
  }

  /**
   * One RE2 pass over `s`: keywords (rows are then tried there, sticky, as
   * written and vowel-wildcarded), characters normalization would change,
   * and tokens that may need the no-space, leetspeak or decode pass.
   */
  private analyse(s: string, out: Match[], withUser: boolean): Analysis {
    const res: Analysis = { suspicious: false, squash: [], leet: false, decode: false };
    let lastTokenEnd = -1;
    this.keywords.visit(
      s,
      (pos, rows, exact) => {
        for (const row of rows) {
          if (exact && this.attempt(s, row, pos, 'raw', out)) continue;
          this.attempt(s, row, pos, 'vowel', out);
        }
      },
      (pos, f) => {
        if (f.length <= 2 && f.charCodeAt(0) > 0x7f) {
          res.suspicious = true;
          return;
        }
        if (pos < lastTokenEnd) return;
        // Widen to the whitespace-free token around the shape RE2 found.
        let start = pos;
        while (start > 0 && !WS.test(s[start - 1] as string)) start--;
        let end = pos + f.length;
        while (end < s.length && !WS.test(s[end] as string)) end++;
        lastTokenEnd = end;
        const tok = s.slice(start, end);
        if (LONG_LETTERS.test(tok)) res.squash.push({ tok, at: start });
        if (!res.leet && LEET_MIX.test(tok) && this.foldsToVocabulary(tok)) res.leet = true;
        if (!res.decode && tok.length >= 20 && looksEncoded(tok)) res.decode = true;
      },
    );
    if (withUser) {
      for (const u of this.userRows) {
        u.re.lastIndex = 0;
        for (let m = u.re.exec(s); m !== null; m = u.re.exec(s)) {
          if (m[0].length === 0) {
            u.re.lastIndex = m.index + 1;
            continue;
          }
          out.push({ row: u.row, start: m.index, end: m.index + m[0].length, excerpt: excerptOf(m[0]) });
        }
      }
    }
    return res;
  }

  /** No-space pass on one whitespace-free token at `at`; the span is the token. */
  private matchSquashed(tok: string, at: number, emit: (m: Match) => void): void {
    // The token as written, and with separators between letters removed ("ignore_previous-instructions").
    const joined = tok.replace(/(?<=\p{L})[_\-*~`·.]+(?=\p{L})/gu, '');
    for (const sq of joined === tok ? [tok] : [tok, joined]) {
      const lower = sq.toLowerCase();
      if (lower.length !== sq.length) continue;
      const found: Match[] = [];
      this.squashKeywords.visit(lower, (pos, rows) => {
        for (const row of rows) this.attempt(lower, row, pos, 'squash', found);
      });
      for (const m of found) emit({ row: m.row, start: at, end: at + tok.length, excerpt: m.excerpt });
    }
  }

  /** A mixed word of 4+ letters that folds into a word the patterns use ("1gn0re" → ignore; "utf8" → no). */
  private foldsToVocabulary(tok: string): boolean {
    for (const part of tok.match(/[a-z0-9@$|!+]{4,}/gi) ?? []) {
      if (!LEET_CHAR.test(part) || !/[a-z]/i.test(part)) continue;
      for (const map of [LEET_MAP_I, LEET_MAP_L]) {
        const w = leetFold(part, map).toLowerCase();
        if (/^[a-z]+$/.test(w) && this.vocabulary.has(w)) return true;
      }
    }
    return false;
  }

  /** Whole-text transforms worth running on `text`, each gated. */
  private variantsFor(text: string, a: Analysis): Variant[] {
    const out: Variant[] = [];
    if (a.suspicious && needsNormalization(text)) {
      out.push({ enc: 'normalized', apply: normalizeText });
      out.push({ enc: 'word-boundary', apply: normalizeTextSpaced });
      // Invisibles removed but letters kept: confusable folding would turn
      // Cyrillic or Greek words into Latin look-alikes.
      out.push({ enc: 'invisible', apply: (s) => s.replace(INVISIBLE, '') });
    }
    if (a.leet) {
      out.push({ enc: 'leetspeak', apply: (s) => leetFold(s, LEET_MAP_I) });
      out.push({ enc: 'leetspeak', apply: (s) => leetFold(s, LEET_MAP_L) });
      if (text.includes('@') || text.includes('|')) out.push({ enc: 'leetspeak', apply: (s) => leetFold(s, LEET_MAP_I_AT) });
    }
    return out;
  }

  /** Raw + vowel + no-space on one string; spans relative to it. */
  private allForms(s: string, out: Match[], withUser: boolean): void {
    for (const { tok, at } of this.analyse(s, out, withUser).squash) this.matchSquashed(tok, at, (m) => out.push(m));
  }

  private scanInner(text: string, decode: boolean): RawHit[] {
    const hits: RawHit[] = [];
    const seen: Array<{ row: number; start: number; end: number }> = [];
    const add = (row: number, start: number, end: number, excerpt: string, enc: string[]) => {
      for (const s of seen) if (s.row === row && start < s.end && end > s.start) return;
      seen.push({ row, start, end });
      const r = this.rows[row] as CompiledRow;
      const hit: RawHit = { scanner: 'injection', rule: r.name, severity: r.severity, start, end, excerpt };
      if (enc.length > 0) hit.encoding = enc;
      hits.push(hit);
    };

    // Raw text: exact spans (vowel-fold and no-space are pattern-side, so exact too).
    const direct: Match[] = [];
    const toks = this.analyse(text, direct, true);
    for (const m of direct) add(m.row, m.start, m.end, m.excerpt, this.formOf(text, m));
    for (const { tok, at } of toks.squash) this.matchSquashed(tok, at, (m) => add(m.row, m.start, m.end, m.excerpt, ['no-space']));

    // Whole-text transforms; hits are then located segment by segment.
    const variants = this.variantsFor(text, toks);
    if (variants.length > 0) {
      const hitVariants: Variant[] = [];
      for (const v of variants) {
        const t = v.apply(text);
        if (t === text) continue;
        const found: Match[] = [];
        this.allForms(t, found, true);
        if (found.length > 0) hitVariants.push(v);
      }
      if (hitVariants.length > 0) this.locate(text, hitVariants, add);
    }

    // Decoded payloads (base64, hex, …), rescanned with every pass.
    if (decode && (toks.decode || DELIMITED_ENCODING.test(text))) {
      for (const view of decodeViews(text)) {
        for (const h of this.scanInner(view.text, false)) {
          add(this.patternNames.indexOf(h.rule), view.start, view.end, h.excerpt ?? '', [...view.chain, ...(h.encoding ?? [])]);
        }
      }
    }
    return hits;
  }

  /** 'vowel-fold' when only the wildcarded form matched. */
  private formOf(text: string, m: Match): string[] {
    const r = this.rows[m.row] as CompiledRow;
    if (r.re.exec === undefined) return [];
    r.re.lastIndex = m.start;
    const exact = r.re.exec(text);
    return exact !== null && exact[0].length === m.end - m.start ? [] : this.userRows.some((u) => u.row === m.row) ? [] : ['vowel-fold'];
  }

  private locate(text: string, variants: Variant[], add: (row: number, start: number, end: number, excerpt: string, enc: string[]) => void): void {
    for (const seg of segmentsOf(text)) {
      const segText = text.slice(seg.start, seg.end);
      for (const v of variants) {
        const t = v.apply(segText);
        if (t === segText) continue;
        const found: Match[] = [];
        this.allForms(t, found, true);
        for (const m of found) {
          const span = this.narrow(text, seg, m.row, v);
          add(m.row, span.start, span.end, m.excerpt, [v.enc]);
        }
      }
    }
  }

  /** A multi-line segment narrowed to the line that alone still matches. */
  private narrow(text: string, seg: Span, row: number, v: Variant): Span {
    if (!text.slice(seg.start, seg.end).includes('\n')) return trimSpan(text, seg);
    let ls = seg.start;
    while (ls < seg.end) {
      let le = text.indexOf('\n', ls);
      if (le < 0 || le > seg.end) le = seg.end;
      if (le > ls) {
        const found: Match[] = [];
        this.allForms(v.apply(text.slice(ls, le)), found, true);
        if (found.some((m) => m.row === row)) return trimSpan(text, { start: ls, end: le });
      }
      ls = le + 1;
    }
    return trimSpan(text, seg);
  }

  scan(text: string): RawHit[] {
    if (text.length === 0) return [];
    return this.scanInner(text, true);
  }

  strip(text: string): { text: string; hits: RawHit[] } {
    const all: RawHit[] = [];
    let cur = text;
    for (let round = 0; round < STRIP_ROUNDS; round++) {
      const hits = this.scan(cur);
      if (hits.length === 0) return { text: cur, hits: all };
      if (round === 0) all.push(...hits);
      const spans = hits.map((h) => {
        const start = h.start ?? 0;
        const end = h.end ?? cur.length;
        // Seen only after a transform, or still there after a round: take whole lines.
        return (h.encoding !== undefined && h.encoding.length > 0) || round > 0 ? lineSpan(cur, start, end) : { start, end };
      });
      cur = removeSpans(cur, spans);
    }
    const rest = this.scan(cur);
    if (rest.length > 0) {
      cur = removeSpans(cur, rest.map((h) => lineSpan(cur, h.start ?? 0, h.end ?? cur.length)));
      // Bounded work: if lines keep recombining into matches, nothing is returned.
      if (this.scan(cur).length > 0) cur = '';
    }
    return { text: cur, hits: all };
  }
}

/** An engine over the built-in table and the user's patterns (compiled once, here). */
export function createInjectionEngine(opts: InjectionEngineOptions = {}): InjectionEngine {
  return new Engine(opts, DEFAULT_BUILTIN_BACKEND);
}

/** For benchmarks and the RE2-compatibility test: the same engine with a chosen backend. */
export function createInjectionEngineWithBackend(opts: InjectionEngineOptions, backend: BuiltinRegexBackend): InjectionEngine {
  return new Engine(opts, backend);
}

/** @internal the derived regex forms, for tests. */
export const _forms = { vowelForm, squashForm, leetFold: (s: string) => leetFold(s, LEET_MAP_I) };
