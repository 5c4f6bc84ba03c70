// HTTP bodies by content type: which bytes are readable, and the text
// segments (with their locations) a scanner must see. A body we cannot read
// (compressed, over the limit, unparsable, unknown charset) fails closed here;
// binary media pass through. This module walks; callers decide what to scan.
import { redact } from '../redact.js';
import { FAIL_CLOSED } from './sink.js';
import type { FindingSink } from './sink.js';
import { headerValue } from './headers.js';
import type { HeaderList } from './headers.js';
import { base64ToBytes, bodyKind, decoderFor, exceedsBytes, looksBinary, parseMediaType, parseParams } from './text.js';
import type { BodyKind, MediaType } from './text.js';

/** Bounds on what a body walk will do (product.md §7). */
export const BODY_LIMITS = {
  /** JSON nesting deeper than this fails closed. */
  jsonMaxDepth: 64,
  /** JSON values (strings, numbers, containers, keys) beyond this fail closed. */
  jsonMaxNodes: 100_000,
  /** Multipart parts beyond this (counted over nested multiparts too) fail closed. */
  multipartMaxParts: 100,
  /** Nested multipart levels beyond this fail closed. */
  multipartMaxDepth: 3,
  /** A part filename longer than this (UTF-8 bytes) fails closed. */
  filenameMaxBytes: 256,
} as const;

/**
 * Where a segment sits: 'body', 'body.$.messages[2].content',
 * 'body.form.q', 'body.part[1].filename'. The path is built only when a hit
 * needs it, so clean bodies pay for no strings.
 */
export class Where {
  private readonly stack: string[] = [];
  constructor(private readonly base: string) {}
  push(seg: string): void {
    this.stack.push(seg);
  }
  pop(): void {
    this.stack.pop();
  }
  /** Replace the innermost key with its redacted form: a key that is itself a secret must not reach a location. */
  redactKey(key: string): void {
    if (this.stack.length > 0) this.stack[this.stack.length - 1] = `[${JSON.stringify(redact(key))}]`;
  }
  location(): string {
    return this.stack.length === 0 ? this.base : this.base + this.stack.join('');
  }
}

const IDENT = /^[A-Za-z_$][\w$-]{0,63}$/;

/** '.name' for identifier-like keys, '["odd key"]' otherwise; long keys are shown redacted. */
export function keySegment(key: string): string {
  if (IDENT.test(key)) return `.${key}`;
  if (key.length > 64) return `[${JSON.stringify(redact(key))}]`;
  return `[${JSON.stringify(key)}]`;
}

/**
 * Called for every text segment. `isKey` marks object keys, form names, part
 * names and filenames. Return a replacement string to rewrite the segment
 * (response strip), or undefined to keep it.
 */
export type SegmentVisitor = (text: string, where: Where, isKey: boolean) => string | undefined;

export interface PreparedBody {
  kind: BodyKind;
  text: string;
  media: MediaType;
}

/** Options of the envelope checks. */
export interface EnvelopeOptions {
  /** Bytes above which the body fails closed ('Body Too Large'). */
  maxBytes?: number;
}

/**
 * The envelope checks every body goes through before any parsing:
 * Content-Encoding / Transfer-Encoding we cannot read, size, charset, binary
 * media. Returns the decoded text and its kind, or undefined when there is
 * nothing to scan (empty, binary, or a fail-closed finding was recorded).
 */
export function prepareBody(
  headers: HeaderList,
  body: string | Uint8Array | undefined,
  opts: EnvelopeOptions,
  sink: FindingSink,
): PreparedBody | undefined {
  const size = body === undefined ? 0 : typeof body === 'string' ? body.length : body.byteLength;
  if (size === 0) {
    // Nothing to read, except that an event stream's headers are checked
    // before its body arrives (the proxy probes with an empty body): a
    // compressed stream must fail before the first event, not after.
    if (!isEventStream(headers) || !isCompressed(headers)) return undefined;
  }
  if (body === undefined || isCompressed(headers)) {
    // Whatever the action: a compressed body would otherwise pass unread.
    sink.fail('encoding', FAIL_CLOSED.compressed, 'body');
    return undefined;
  }
  if (opts.maxBytes !== undefined) {
    const over = typeof body === 'string' ? exceedsBytes(body, opts.maxBytes) : body.byteLength > opts.maxBytes;
    if (over) {
      sink.fail('limit', FAIL_CLOSED.tooLarge, 'body');
      return undefined;
    }
  }
  const media = parseMediaType(headerValue(headers, 'content-type'));
  let kind = bodyKind(media.type);
  if (kind === 'binary') return undefined;
  let text: string;
  if (typeof body === 'string') {
    text = body;
  } else {
    const decoder = decoderFor(media.params.get('charset'));
    if (!decoder) {
      sink.fail('encoding', FAIL_CLOSED.charset, 'body');
      return undefined;
    }
    text = decoder.decode(body);
  }
  if (kind === 'sniff') {
    if (looksBinary(text)) return undefined;
    kind = 'text';
  }
  return { kind, text, media };
}

/** Whether Content-Encoding or Transfer-Encoding names a coding we cannot read. */
export function isCompressed(headers: HeaderList): boolean {
  return hasUnreadableEncoding(headerValue(headers, 'content-encoding'), false) || hasUnreadableEncoding(headerValue(headers, 'transfer-encoding'), true);
}

function isEventStream(headers: HeaderList): boolean {
  return parseMediaType(headerValue(headers, 'content-type')).type === 'text/event-stream';
}

/** Any coding but identity (and chunked framing, for Transfer-Encoding) is unreadable to us. */
function hasUnreadableEncoding(value: string | undefined, transfer: boolean): boolean {
  if (value === undefined) return false;
  for (const raw of value.split(',')) {
    const t = raw.trim().toLowerCase();
    if (t === '' || t === 'identity' || (transfer && t === 'chunked')) continue;
    return true;
  }
  return false;
}

/**
 * Walk a prepared body, calling `visit` on every text segment. Returns the
 * rewritten body text when a visitor replaced something and the kind can be
 * rewritten (text, JSON, NDJSON); undefined otherwise.
 */
export function walkBody(body: PreparedBody, visit: SegmentVisitor, sink: FindingSink, base = 'body'): string | undefined {
  const state: WalkState = { sink, visit, nodes: 0, parts: 0, aborted: false };
  try {
    switch (body.kind) {
      case 'json': {
        const out = walkJsonText(body.text, base, state);
        return out === body.text ? undefined : out;
      }
      case 'ndjson':
        return walkNdjson(body.text, state, base);
      case 'form':
        walkForm(body.text, state, base);
        return undefined;
      case 'multipart':
        walkMultipart(body.text, body.media, base, 0, state);
        return undefined;
      default: {
        const r = visit(body.text, new Where(base), false);
        return r;
      }
    }
  } catch (e) {
    if (e === ABORT) return undefined;
    throw e;
  }
}

interface WalkState {
  sink: FindingSink;
  visit: SegmentVisitor;
  nodes: number;
  parts: number;
  aborted: boolean;
}

/** Thrown to stop a walk once a fail-closed bound was crossed (the finding is already recorded). */
const ABORT: unique symbol = Symbol('abort');

function abort(state: WalkState, scanner: string, rule: string, location: string): never {
  state.sink.fail(scanner, rule, location);
  state.aborted = true;
  throw ABORT;
}

// ---------------------------------------------------------------- JSON

/** Parse and walk one JSON document; returns the re-serialized text when a segment was rewritten, else `text`. */
function walkJsonText(text: string, base: string, state: WalkState): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    abort(state, 'http', FAIL_CLOSED.json, base);
  }
  const where = new Where(base);
  where.push('.$');
  const out = walkJson(value, where, state, 0);
  return out === value ? text : JSON.stringify(out);
}

/** Integers this long can be card numbers, SSNs, account numbers; shorter numbers and fractions cannot. */
const MIN_SCANNED_INTEGER = 100_000;

/**
 * Depth-first over a parsed JSON value: every key, every string, integers of
 * six or more digits. Copy-on-write: containers are copied only when a
 * segment under them was rewritten, so a scan-only walk allocates nothing.
 */
function walkJson(v: unknown, where: Where, state: WalkState, depth: number): unknown {
  if (++state.nodes > BODY_LIMITS.jsonMaxNodes) abort(state, 'limit', FAIL_CLOSED.jsonTooManyNodes, where.location());
  if (typeof v === 'string') {
    if (v === '') return v;
    return state.visit(v, where, false) ?? v;
  }
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) >= MIN_SCANNED_INTEGER) state.visit(String(v), where, false);
    return v;
  }
  if (v === null || typeof v !== 'object') return v;
  if (depth >= BODY_LIMITS.jsonMaxDepth) abort(state, 'limit', FAIL_CLOSED.jsonTooDeep, where.location());
  if (Array.isArray(v)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      where.push(`[${i}]`);
      const item: unknown = v[i];
      const out = walkJson(item, where, state, depth + 1);
      where.pop();
      if (out !== item) {
        copy ??= v.slice();
        copy[i] = out;
      }
    }
    return copy ?? v;
  }
  const obj = v as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(obj)) {
    where.push(keySegment(key));
    const newKey = key === '' ? undefined : state.visit(key, where, true);
    const item = obj[key];
    const out = walkJson(item, where, state, depth + 1);
    where.pop();
    if (newKey !== undefined || out !== item) {
      if (!copy) {
        // Rebuild in order up to here so key order is preserved.
        copy = {};
        for (const k of Object.keys(obj)) {
          if (k === key) break;
          copy[k] = obj[k];
        }
      }
      copy[newKey ?? key] = out;
    } else if (copy) {
      copy[key] = item;
    }
  }
  return copy ?? obj;
}

function walkNdjson(text: string, state: WalkState, base: string): string | undefined {
  const lines = text.split('\n');
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    // RFC 7464 json-seq records start with RS; both forms are one value per line.
    const trimmed = line.replace(/^\u001e/, '').trim();
    if (trimmed === '') continue;
    const out = walkJsonText(trimmed, `${base}.line[${i}]`, state);
    if (out !== trimmed) {
      lines[i] = out;
      changed = true;
    }
  }
  return changed ? lines.join('\n') : undefined;
}

// ---------------------------------------------------------------- form

/** application/x-www-form-urlencoded: '+' is space, then percent-decoding; a malformed escape fails closed. */
export function decodeFormComponent(s: string): string | undefined {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    return undefined;
  }
}

function walkForm(text: string, state: WalkState, base: string): void {
  const where = new Where(`${base}.form`);
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const key = decodeFormComponent(rawKey);
    const value = decodeFormComponent(rawValue);
    if (key === undefined || value === undefined) abort(state, 'http', FAIL_CLOSED.form, base);
    where.push(keySegment(key));
    if (key !== '') state.visit(key, where, true);
    if (value !== '') state.visit(value, where, false);
    where.pop();
  }
}

// ---------------------------------------------------------------- multipart

interface Part {
  headers: HeaderList;
  content: string;
}

/** A delimiter line is '--boundary' followed by '--', whitespace or the end of the line. */
function isDelimiterEnd(text: string, i: number): boolean {
  if (i >= text.length) return true;
  const c = text.charCodeAt(i);
  return c === 45 /* - */ || c === 13 || c === 10 || c === 32 || c === 9;
}

/** Split a multipart body into parts (RFC 2046 §5.1.1); undefined when no delimiter or no close delimiter is found. */
function splitMultipart(text: string, boundary: string): string[] | undefined {
  const delim = `--${boundary}`;
  let pos: number;
  if (text.startsWith(delim) && isDelimiterEnd(text, delim.length)) pos = 0;
  else {
    pos = findDelimiter(text, `\n${delim}`, 0);
    if (pos < 0) return undefined;
    pos += 1;
  }
  const parts: string[] = [];
  for (;;) {
    const after = pos + delim.length;
    if (text.startsWith('--', after)) return parts; // close delimiter; the epilogue is ignored
    const nl = text.indexOf('\n', after);
    if (nl < 0) return undefined;
    const start = nl + 1;
    const next = findDelimiter(text, `\n${delim}`, start - 1);
    if (next < 0) return undefined; // no close delimiter: truncated or smuggled
    let end = next;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    parts.push(end > start ? text.slice(start, end) : '');
    pos = next + 1;
  }
}

function findDelimiter(text: string, needle: string, from: number): number {
  let i = text.indexOf(needle, from);
  while (i >= 0 && !isDelimiterEnd(text, i + needle.length)) i = text.indexOf(needle, i + 1);
  return i;
}

function parsePart(raw: string): Part {
  let headerEnd: number;
  let bodyStart: number;
  if (raw.startsWith('\r\n')) {
    headerEnd = 0;
    bodyStart = 2;
  } else if (raw.startsWith('\n')) {
    headerEnd = 0;
    bodyStart = 1;
  } else {
    const crlf = raw.indexOf('\r\n\r\n');
    const lf = raw.indexOf('\n\n');
    if (crlf >= 0 && (lf < 0 || crlf < lf)) {
      headerEnd = crlf;
      bodyStart = crlf + 4;
    } else if (lf >= 0) {
      headerEnd = lf;
      bodyStart = lf + 2;
    } else {
      headerEnd = raw.length;
      bodyStart = raw.length;
    }
  }
  const headers: HeaderList = [];
  if (headerEnd > 0) {
    for (const line of raw.slice(0, headerEnd).split(/\r?\n/)) {
      if ((line.startsWith(' ') || line.startsWith('\t')) && headers.length > 0) {
        const last = headers[headers.length - 1];
        if (last) last[1] += ` ${line.trim()}`;
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
    }
  }
  return { headers, content: raw.slice(bodyStart) };
}

const ENCODER = new TextEncoder();

/** Quoted-printable (RFC 2045 §6.7) to bytes: '=XX' escapes and '=' soft line breaks; stray '=' kept literally. */
export function decodeQuotedPrintable(s: string): Uint8Array {
  // At most 3 bytes per UTF-16 unit; the result is a view of the used prefix.
  const out = new Uint8Array(s.length * 3);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 61 /* = */) {
      const a = s.charCodeAt(i + 1);
      if (a === 13 && s.charCodeAt(i + 2) === 10) {
        i += 2;
        continue;
      }
      if (a === 10) {
        i += 1;
        continue;
      }
      const h = hexVal(a);
      const l = hexVal(s.charCodeAt(i + 2));
      if (h >= 0 && l >= 0) {
        out[n++] = (h << 4) | l;
        i += 2;
        continue;
      }
      out[n++] = 61;
      continue;
    }
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    // Not valid QP, but keep the text readable rather than dropping it.
    const end = c >= 0xd800 && c <= 0xdbff ? i + 2 : i + 1;
    const bytes = ENCODER.encode(s.slice(i, end));
    out.set(bytes, n);
    n += bytes.length;
    i = end - 1;
  }
  return out.subarray(0, n);
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** RFC 5987 ext-value "UTF-8''na%C3%AFve.txt" to text; undefined when malformed. */
function decodeExtValue(v: string): string | undefined {
  const m = /^([^']*)'[^']*'(.*)$/.exec(v);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[2] ?? '');
  } catch {
    return undefined;
  }
}

function walkMultipart(text: string, media: MediaType, base: string, depth: number, state: WalkState): void {
  const boundary = media.params.get('boundary');
  if (boundary === undefined || boundary === '') abort(state, 'http', FAIL_CLOSED.noBoundary, base);
  if (depth >= BODY_LIMITS.multipartMaxDepth) abort(state, 'limit', FAIL_CLOSED.multipartTooDeep, base);
  const raws = splitMultipart(text, boundary);
  if (!raws) abort(state, 'http', FAIL_CLOSED.multipart, base);
  state.parts += raws.length;
  if (state.parts > BODY_LIMITS.multipartMaxParts) abort(state, 'limit', FAIL_CLOSED.tooManyParts, base);
  for (let i = 0; i < raws.length; i++) {
    const partBase = `${base}.part[${i}]`;
    const part = parsePart(raws[i] ?? '');
    let disposition: Map<string, string> | undefined;
    for (const [name, value] of part.headers) {
      if (name === 'content-disposition') {
        const semi = value.indexOf(';');
        disposition = semi < 0 ? new Map() : parseParams(value, semi + 1);
        continue;
      }
      const where = new Where(`${partBase}.header.${name}`);
      state.visit(value, where, false);
    }
    if (disposition) {
      const name = disposition.get('name');
      if (name) state.visit(name, new Where(`${partBase}.name`), true);
      const ext = disposition.get('filename*');
      const plain = disposition.get('filename');
      for (const filename of [plain, ext === undefined ? undefined : (decodeExtValue(ext) ?? ext)]) {
        if (filename === undefined || filename === '') continue;
        if (exceedsBytes(filename, BODY_LIMITS.filenameMaxBytes)) abort(state, 'limit', FAIL_CLOSED.filenameTooLong, `${partBase}.filename`);
        state.visit(filename, new Where(`${partBase}.filename`), true);
      }
    }
    const partMedia = parseMediaType(headerValue(part.headers, 'content-type'));
    let kind = bodyKind(partMedia.type);
    if (kind === 'binary' || part.content === '') continue;
    const cte = (headerValue(part.headers, 'content-transfer-encoding') ?? '').trim().toLowerCase();
    let content: string;
    if (cte === 'base64' || cte === 'quoted-printable') {
      const bytes = cte === 'base64' ? base64ToBytes(part.content) : decodeQuotedPrintable(part.content);
      if (!bytes) abort(state, 'http', FAIL_CLOSED.multipart, partBase);
      const decoder = decoderFor(partMedia.params.get('charset'));
      if (!decoder) abort(state, 'encoding', FAIL_CLOSED.charset, partBase);
      content = decoder.decode(bytes);
    } else if (cte === '' || cte === '7bit' || cte === '8bit' || cte === 'binary') {
      content = part.content;
    } else {
      abort(state, 'encoding', FAIL_CLOSED.transferEncoding, partBase);
    }
    if (kind === 'sniff') {
      if (looksBinary(content)) continue;
      kind = 'text';
    }
    if (kind === 'json') walkJsonText(content, partBase, state);
    else if (kind === 'multipart') walkMultipart(content, partMedia, partBase, depth + 1, state);
    else state.visit(content, new Where(partBase), false);
  }
}
