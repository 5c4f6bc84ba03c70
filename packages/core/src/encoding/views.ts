import {
  base64MaxBytes,
  bytesToText,
  checkTextBytes,
  decodeBase32Into,
  decodeBase64Into,
  decodeDelimitedHexInto,
  decodeHexInto,
  urlDecodeRounds,
} from './primitives.js';

/**
 * Finding encoded payloads inside a request body, a URL or a tool result,
 * so that the DLP and injection scanners also see what they decode to
 * (product spec §4: base64/base32/hex, delimited hex, multi-layer URL
 * encoding and chains of them).
 *
 * One linear pass classifies ASCII characters through a table and tracks
 * runs of the base64 alphabet; only runs that could be an encoding (length,
 * alphabet mix) are decoded, into a shared scratch buffer, and only text
 * that is valid UTF-8 and mostly printable becomes a view. Ordinary prose
 * and code allocate nothing.
 */

export interface DecodedView {
  /** The decoded text. */
  text: string;
  /** Encodings peeled, outermost first: 'url' | 'base64' | 'base64url' | 'base32' | 'hex'. */
  chain: string[];
  /** Span in the original input that was decoded (the outermost span for nested views). */
  start: number;
  end: number;
}

export interface DecodeLimits {
  /** Longest chain of encodings followed. Default 4. */
  maxDepth?: number;
  /** Most views returned. Default 64. */
  maxViews?: number;
  /** Most decoded characters in total. Default 4x the input length, capped at 1 MiB. */
  maxOutputChars?: number;
}

/** Shortest run decoded when it is only part of the text. */
const MIN_RUN = 16;
/** Shortest text decoded when the whole (trimmed) text is one encoding. */
const MIN_WHOLE = 8;
/** Fewest bytes in a delimiter-separated hex sequence. */
const MIN_HEX_BYTES = 8;

// Character classes (ASCII only; anything else ends a run).
const UPPER = 1;
const LOWER = 2;
const DIGIT = 4;
const STD = 8; // + /
const URLSAFE = 16; // - _
const HEX = 32; // 0-9 a-f A-F
const B32 = 64; // A-Z 2-7
const HEXDASH = 128; // hex digit or '-'
const RUN = UPPER | LOWER | DIGIT | STD | URLSAFE;

const CLS = new Uint8Array(128);
for (let c = 0x41; c <= 0x5a; c++) CLS[c] = UPPER | B32;
for (let c = 0x61; c <= 0x7a; c++) CLS[c] = LOWER;
for (let c = 0x30; c <= 0x39; c++) CLS[c] = DIGIT | HEX | HEXDASH;
for (let c = 0x32; c <= 0x37; c++) (CLS[c] as number) |= B32;
for (const c of 'abcdefABCDEF') CLS[c.charCodeAt(0)] = (CLS[c.charCodeAt(0)] as number) | HEX | HEXDASH;
CLS[0x2b] = STD;
CLS[0x2f] = STD;
CLS[0x2d] = URLSAFE | HEXDASH;
CLS[0x5f] = URLSAFE;

/** CLS over all UTF-16 code units, so the hot loop needs no range check. */
const CLS16 = new Uint8Array(0x10000);
CLS16.set(CLS);

/** Delimiters between hex bytes: ':' ' ' ',' ('-' is inside a run, handled there). */
const isHexGap = (c: number): boolean => c === 0x3a || c === 0x20 || c === 0x2c;

let scratch = new Uint8Array(4096);
const SCRATCH_MAX = 1 << 16;
function bufferFor(bytes: number): Uint8Array {
  if (bytes <= scratch.length) return scratch;
  if (bytes <= SCRATCH_MAX) return (scratch = new Uint8Array(SCRATCH_MAX));
  return new Uint8Array(bytes);
}

interface Ctx {
  views: DecodedView[] | null;
  seen: Set<string> | null;
  maxDepth: number;
  maxViews: number;
  budget: number;
}

type Kind = 'base64' | 'base64url' | 'base32' | 'hex' | 'hexdelim';

/** Decode s[start,end) as kind; the text if it is acceptable, else null. */
function tryDecode(s: string, start: number, end: number, kind: Kind): string | null {
  const len = end - start;
  let n: number;
  let out: Uint8Array;
  switch (kind) {
    case 'base64':
    case 'base64url':
      out = bufferFor(base64MaxBytes(len));
      n = decodeBase64Into(s, start, end, out);
      break;
    case 'base32':
      out = bufferFor(Math.ceil((len * 5) / 8));
      n = decodeBase32Into(s, start, end, out);
      break;
    case 'hex':
      out = bufferFor(len >> 1);
      n = decodeHexInto(s, start, end, out);
      break;
    case 'hexdelim':
      out = bufferFor(len >> 1);
      n = decodeDelimitedHexInto(s, start, end, out);
      break;
  }
  if (n <= 0 || !checkTextBytes(out, n)) return null;
  return bytesToText(out, n);
}

/** Record a view and follow it inward. Returns false when limits are reached. */
function emit(ctx: Ctx, text: string, chain: string[], start: number, end: number, depth: number): boolean {
  const views = (ctx.views ??= []);
  const seen = (ctx.seen ??= new Set());
  if (views.length >= ctx.maxViews) return false;
  if (seen.has(text)) return true;
  if (text.length > ctx.budget) return false;
  ctx.budget -= text.length;
  seen.add(text);
  views.push({ text, chain, start, end });
  if (depth < ctx.maxDepth) scan(ctx, text, depth, chain, start, end);
  return views.length < ctx.maxViews;
}

/**
 * Try the encodings a run of the base64 alphabet could be, best guess first.
 * At the top level (chain === null) spans are positions in s; nested, the
 * outer span is reported. Returns false when limits are reached.
 */
function decodeRun(
  ctx: Ctx, s: string, start: number, end: number, or: number, and: number,
  depth: number, chain: string[] | null, outerStart: number, outerEnd: number,
): boolean {
  const len = end - start;
  // '=' padding right after the run belongs to it.
  let padEnd = end;
  while (padEnd < s.length && padEnd - end < 6 && s.charCodeAt(padEnd) === 0x3d) padEnd++;
  const put = (t: string, k: string, e: number): boolean =>
    emit(ctx, t, chain === null ? [k] : [...chain, k], chain === null ? start : outerStart, chain === null ? e : outerEnd, depth + 1);
  if (and & HEX) {
    // All hex digits: a git SHA gets here and fails the text check.
    if (len % 2 === 0) {
      const t = tryDecode(s, start, end, 'hex');
      if (t !== null) return put(t, 'hex', end);
    }
    if ((or & (UPPER | LOWER)) === 0) return true;
  }
  if ((and & HEXDASH) && (or & URLSAFE) && len >= 3 * MIN_HEX_BYTES - 1 && len % 3 === 2) {
    const t = tryDecode(s, start, end, 'hexdelim'); // 41-4b-49-...
    if (t !== null) return put(t, 'hex', end);
  }
  if (and & B32) {
    const t = tryDecode(s, start, padEnd, 'base32');
    if (t !== null) return put(t, 'base32', padEnd);
  }
  // base64 of text mixes at least two of upper, lower, digit; identifiers
  // like createScannerWithOptions get this far and fail the text check.
  const mix = ((or & UPPER) !== 0 ? 1 : 0) + ((or & LOWER) !== 0 ? 1 : 0) + ((or & DIGIT) !== 0 ? 1 : 0);
  if (mix < 2 || ((or & STD) !== 0 && (or & URLSAFE) !== 0)) return true;
  const kind: Kind = or & URLSAFE ? 'base64url' : 'base64';
  const t = tryDecode(s, start, padEnd, kind);
  return t === null || put(t, kind, padEnd);
}


/**
 * Scan s for encoded substrings. chain === null at the top level (spans are
 * positions in s); nested scans report the outer span.
 */
function scan(
  ctx: Ctx, s: string, depth: number, chain: string[] | null,
  outerStart: number, outerEnd: number,
): void {
  const n = s.length;
  let firstPct = -1;
  let lastPct = -1;
  let longRuns = 0;
  // delimited hex: consecutive byte tokens "41", "x41" (after '\'), "0x41"
  let seqStart = -1;
  let seqEnd = -1;
  let seqForm = 0;
  let seqCount = 0;

  // Two tight loops: skip characters outside the base64 alphabet (noting
  // URL escapes), then consume one run of it. Clean text never leaves them
  // except at the end of a word.
  let i = 0;
  while (i < n) {
    let c = s.charCodeAt(i);
    while (((CLS16[c] as number) & RUN) === 0) {
      if (c === 0x25 && isHex2(s, i + 1)) {
        if (firstPct < 0) firstPct = i;
        lastPct = i;
      }
      if (++i >= n) break;
      c = s.charCodeAt(i);
    }
    if (i >= n) break;
    const rs = i;
    let or = 0;
    let and = 0xff;
    do {
      const k = CLS16[c] as number;
      or |= k;
      and &= k;
      if (++i >= n) break;
      c = s.charCodeAt(i);
    } while (((CLS16[c] as number) & RUN) !== 0);
    const len = i - rs;
    if (len >= MIN_RUN) {
      longRuns++;
      if (!decodeRun(ctx, s, rs, i, or, and, depth, chain, outerStart, outerEnd)) return;
      continue;
    }
    if (len < 2 || len > 4) continue;
    // delimited hex byte tokens
    let form = 0;
    let tokStart = rs;
    if (len === 2 && (and & HEX)) form = 1;
    else if (len === 3 && (s.charCodeAt(rs) | 0x20) === 0x78 && rs > 0 && s.charCodeAt(rs - 1) === 0x5c && isHex2(s, rs + 1)) {
      form = 2;
      tokStart = rs - 1;
    } else if (len === 4 && s.charCodeAt(rs) === 0x30 && (s.charCodeAt(rs + 1) | 0x20) === 0x78 && isHex2(s, rs + 2)) form = 3;
    if (form === 0) continue;
    if (seqCount > 0 && form === seqForm && gapOk(s, seqEnd, tokStart, form)) {
      seqCount++;
      seqEnd = i;
      continue;
    }
    if (seqCount >= MIN_HEX_BYTES && !emitHexSeq(ctx, s, seqStart, seqEnd, depth, chain, outerStart, outerEnd)) return;
    seqStart = tokStart;
    seqEnd = i;
    seqForm = form;
    seqCount = 1;
  }
  if (seqCount >= MIN_HEX_BYTES && !emitHexSeq(ctx, s, seqStart, seqEnd, depth, chain, outerStart, outerEnd)) return;

  if (firstPct >= 0) {
    // One URL view covering every token that holds an escape.
    let a = firstPct;
    while (a > 0 && !isTokenBreak(s.charCodeAt(a - 1))) a--;
    let b = lastPct + 3;
    while (b < n && !isTokenBreak(s.charCodeAt(b))) b++;
    const { text, rounds } = urlDecodeRounds(a === 0 && b === n ? s : s.slice(a, b), Math.max(1, ctx.maxDepth - depth));
    if (rounds > 0) {
      const urlChain: string[] = chain === null ? [] : [...chain];
      for (let r = 0; r < rounds; r++) urlChain.push('url');
      if (!emit(ctx, text, urlChain, chain === null ? a : outerStart, chain === null ? b : outerEnd, depth + rounds)) return;
    }
  }

  // The whole text as one encoding: short values (a header, a decoded
  // layer) and MIME-style base64 broken into lines.
  if (longRuns !== 1 && n >= MIN_WHOLE) scanWhole(ctx, s, depth, chain, outerStart, outerEnd);
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

const isTokenBreak = (c: number): boolean =>
  c <= 0x20 || c === 0x22 || c === 0x27 || c === 0x3c || c === 0x3e || c === 0x60 || c >= 0x7f;

const isHex2 = (s: string, i: number): boolean => {
  const a = s.charCodeAt(i);
  const b = s.charCodeAt(i + 1);
  return a < 128 && b < 128 && ((CLS[a] as number) & HEX) !== 0 && ((CLS[b] as number) & HEX) !== 0;
};

function gapOk(s: string, from: number, to: number, form: number): boolean {
  const len = to - from;
  if (form === 2) return len === 0;
  if (len < 1 || len > 2) return false;
  if (!isHexGap(s.charCodeAt(from))) return false;
  return len === 1 || (s.charCodeAt(from) === 0x2c && s.charCodeAt(from + 1) === 0x20);
}

function emitHexSeq(
  ctx: Ctx, s: string, start: number, end: number, depth: number,
  chain: string[] | null, outerStart: number, outerEnd: number,
): boolean {
  const t = tryDecode(s, start, end, 'hexdelim');
  if (t === null) return true;
  return emit(ctx, t, chain === null ? ['hex'] : [...chain, 'hex'], chain === null ? start : outerStart, chain === null ? end : outerEnd, depth + 1);
}

/**
 * The whole text, trimmed, as one encoding: a short value (a header, a
 * decoded layer) under MIN_RUN, or base64 broken into lines (MIME).
 */
function scanWhole(
  ctx: Ctx, s: string, depth: number,
  chain: string[] | null, outerStart: number, outerEnd: number,
): void {
  let first = 0;
  while (first < s.length && isSpace(s.charCodeAt(first))) first++;
  let last = s.length;
  while (last > first && isSpace(s.charCodeAt(last - 1))) last--;
  let body = last;
  while (body > first && last - body < 6 && s.charCodeAt(body - 1) === 0x3d) body--;
  if (body - first < MIN_WHOLE) return;
  let or = 0;
  let and = 0xff;
  let lines = false;
  for (let i = first; i < body; i++) {
    const c = s.charCodeAt(i);
    const k = c < 128 ? (CLS[c] as number) : 0;
    if (k & RUN) {
      or |= k;
      and &= k;
    } else if (c === 0x0a || c === 0x0d) lines = true;
    else return;
  }
  const os = chain === null ? first : outerStart;
  const oe = chain === null ? last : outerEnd;
  if (!lines) {
    decodeRun(ctx, s, first, body, or, and, depth, chain ?? [], os, oe);
    return;
  }
  const compact = s.slice(first, last).replace(/[\r\n]+/g, '');
  decodeRun(ctx, compact, 0, compact.length - (last - body), or, and, depth, chain ?? [], os, oe);
}

/** Reused between calls: scanning is synchronous and never re-entered. */
const CTX: Ctx = { views: null, seen: null, maxDepth: 0, maxViews: 0, budget: 0 };

/**
 * Every decoded view of encoded-looking substrings of s (URL escapes,
 * base64/base64url, base32, hex incl. delimited forms), followed recursively
 * through chains, plus the whole string when it is one encoding. A view is
 * kept only if it is valid UTF-8 and mostly printable, and only once per
 * distinct text. Bounded by limits; [] without allocation for clean text.
 */
export function decodeViews(s: string, limits?: DecodeLimits): DecodedView[] {
  if (s.length < MIN_WHOLE) return [];
  const ctx = CTX;
  ctx.views = null;
  ctx.seen = null;
  ctx.maxDepth = limits?.maxDepth ?? 4;
  ctx.maxViews = limits?.maxViews ?? 64;
  ctx.budget = limits?.maxOutputChars ?? Math.min(4 * s.length, 1 << 20);
  if (ctx.maxDepth < 1 || ctx.maxViews < 1) return [];
  scan(ctx, s, 0, null, 0, s.length);
  const views = ctx.views ?? [];
  ctx.views = null;
  ctx.seen = null;
  return views;
}
