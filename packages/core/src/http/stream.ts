// Incremental scanning of a Server-Sent Events stream: each complete event is
// scanned before it is released, and the text content of known LLM streaming
// shapes is also scanned across events in a bounded rolling window, so a
// secret or an injection split over many tokens is caught at the event that
// completes it. Events whose text lies in the last hold_back_bytes of their
// channel stay held (at most hold_back_ms), so the beginning of a match is
// never released before its end arrives; on a block everything held is
// dropped. Holds at most one partial event plus the held tail (both bounded).
import { createParser } from 'eventsource-parser';
import type { EventSourceMessage } from 'eventsource-parser';
import type { RawHit, ScanContext } from '../context.js';
import type { Finding, HeadersLike } from '../types.js';
import { isCompressed } from './body.js';
import { normalizeHeaders } from './headers.js';
import { strongestAction } from '../types.js';
import { isExemptUrl } from './exempt.js';
import { FAIL_CLOSED, failHit, hitKey } from './sink.js';
import { blockedStreamEvent } from './stream-error.js';
import { exceedsBytes, utf8Length } from './text.js';

export interface StreamScanner {
  /**
   * Feed raw bytes/text as they arrive, with the caller's clock (ms; default
   * the scan context's clock). Returns, in order, the events this chunk lets
   * go: complete, scanned, and outside the held tail (or held long enough).
   */
  push(chunk: string | Uint8Array, now?: number): StreamDecision[];
  /** End of stream: scan a trailing partial event, then release everything held. */
  end(): StreamDecision[];
  /**
   * Release the events held hold_back_ms or longer as of `now` (the same
   * clock as push). The caller runs it on a timer at nextReleaseAt(), so a
   * stream that pauses still flows.
   */
  flush(now: number): StreamDecision[];
  /** When flush() will next release something (the caller's clock), or undefined when nothing is held. */
  nextReleaseAt(): number | undefined;
}

export type StreamDecision =
  /** Send these bytes now: the exact raw event text including its blank-line terminator. */
  | { kind: 'forward'; raw: string; findings: Finding[] }
  /** Bytes held until the next decision (bounded). This scanner never emits it: held events stay inside. */
  | { kind: 'hold'; raw: string }
  /**
   * Stop: nothing held and nothing after is sent. `errorEvent` is the SSE
   * `event: error` frame to send before closing, so the client sees a failure
   * (stream-error.ts); a caller with no event channel raises an error instead.
   */
  | { kind: 'terminate'; findings: Finding[]; reason: string; errorEvent: string };

export interface StreamScannerOptions {
  /** An event larger than this (UTF-8 bytes of its raw text) fails closed. Default response_scanning.sse_streaming.max_event_bytes. */
  maxEventBytes?: number;
  /**
   * Characters of streamed text content kept per channel, all of which are
   * scanned at each event: a secret or injection up to this long, split over
   * any number of events, is found. Each event costs a scan of the window, so
   * this is the speed/reach trade-off. Default 1024.
   */
  windowChars?: number;
  /** A partial event larger than this terminates the stream (product.md §7: SSE buffer 1 MB). Default 1 MiB. */
  maxHeldBytes?: number;
  /**
   * UTF-8 bytes of text content at the end of each channel that are not
   * released yet (capped at windowChars: the engines see no further back, so
   * holding more protects nothing). 0 releases each event once scanned.
   * Default response_scanning.sse_streaming.hold_back_bytes; 0 when no
   * finding can block (audit mode, enforce: false).
   */
  holdBackBytes?: number;
  /** Longest an event is held, in the caller's clock. Default response_scanning.sse_streaming.hold_back_ms. */
  holdBackMs?: number;
  /** The URL the stream came from: a host in response_scanning.exempt_domains gets no injection scan (DLP still runs). */
  url?: string;
  /**
   * The response headers: a compressed stream (Content-Encoding other than
   * identity) is terminated at the first push or end(), in every mode.
   */
  headers?: HeadersLike;
}

/** Alias kept for readers of the brief. */
export type SseStreamOptions = StreamScannerOptions;

export const SSE_DEFAULTS = {
  windowChars: 1024,
  maxHeldBytes: 1024 * 1024,
  holdBackBytes: 512,
  holdBackMs: 1000,
  /** Distinct content channels (choice x tool call x content block) with their own window; further ones share one. */
  maxChannels: 64,
} as const;

const LF = 10;
const CR = 13;
const NO_KEYS: ReadonlySet<string> = new Set();

interface Channel {
  text: string;
  /** Hits found in this channel's previous window scan: not reported again. */
  keys: ReadonlySet<string>;
  /** UTF-8 bytes of text this channel has carried so far (held tail = the last holdBytes of it). */
  total: number;
}

/** A scanned event not yet released. */
interface Held {
  raw: string;
  findings: Finding[];
  /** Caller's clock when it was scanned. */
  at: number;
  bytes: number;
  /** Where its text ends in each channel it wrote to; releasable once every channel has moved holdBytes past. */
  ends: Array<[Channel, number]> | undefined;
}

/** The held queue is compacted once this many released slots sit at its head. */
const COMPACT_AT = 256;

/**
 * Create a scanner for one SSE stream. Decisions depend only on the bytes,
 * never on how they were chunked. When response_scanning or sse_streaming is
 * disabled, every chunk is forwarded as it comes.
 */
export function createSseStreamScanner(ctx: ScanContext, opts: StreamScannerOptions = {}): StreamScanner {
  const rs = ctx.config.response_scanning;
  const enabled = rs.enabled && rs.sse_streaming.enabled;
  const maxEventBytes = opts.maxEventBytes ?? rs.sse_streaming.max_event_bytes;
  const windowChars = Math.max(1, opts.windowChars ?? SSE_DEFAULTS.windowChars);
  const maxHeldBytes = opts.maxHeldBytes ?? SSE_DEFAULTS.maxHeldBytes;
  const injectionOn = !(opts.url !== undefined && isExemptUrl(rs, opts.url));
  // Holding back only pays when a finding can stop the stream; in audit mode
  // or with enforce off every content finding is a warning.
  const canBlock = ctx.config.mode !== 'audit' && ctx.config.enforce;
  const holdBytes = canBlock ? Math.min(windowChars, Math.max(0, opts.holdBackBytes ?? rs.sse_streaming.hold_back_bytes)) : 0;
  const holdMs = Math.max(0, opts.holdBackMs ?? rs.sse_streaming.hold_back_ms);

  // One streaming decoder per stream (it carries split multi-byte sequences);
  // the BOM is kept so forwarded bytes stay byte-exact.
  const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

  let buf = '';
  // UTF-8 size of buf, kept incrementally so a slow drip of tiny chunks
  // never re-measures the held partial event (quadratic work otherwise).
  let bufBytes = 0;
  let blockStart = 0;
  let lineStart = 0;
  let scanPos = 0;
  // Cached next-CR / next-LF positions so an LF-only stream never rescans for CR.
  let crAt = -1;
  let crSearchedTo = 0;
  let lfAt = -1;
  let lfSearchedTo = 0;
  let terminated = false;
  // A compressed stream cannot be read: decided before any byte is released.
  const passthrough = !enabled;
  const unreadable = enabled && opts.headers !== undefined && isCompressed(normalizeHeaders(opts.headers));
  let eventIndex = 0;
  const channels = new Map<string, Channel>();
  let lastMeta = '';
  let lastComment = '';
  const held: Array<Held | undefined> = [];
  let heldHead = 0;
  let heldBytes = 0;
  // Channel ends written by the event being scanned (scanEvent -> windowScan).
  let ends: Array<[Channel, number]> | undefined;
  let clock = 0;

  let current: EventSourceMessage | undefined;
  let comments: string[] | undefined;
  const parser = createParser({
    onEvent: (e) => {
      current = e;
    },
    onComment: (c) => {
      if (c !== '') (comments ??= []).push(c);
    },
  });

  function nextCR(pos: number): number {
    if (crAt >= pos) return crAt;
    crAt = buf.indexOf('\r', Math.max(pos, crSearchedTo));
    if (crAt < 0) crSearchedTo = buf.length;
    return crAt;
  }
  function nextLF(pos: number): number {
    if (lfAt >= pos) return lfAt;
    lfAt = buf.indexOf('\n', Math.max(pos, lfSearchedTo));
    if (lfAt < 0) lfSearchedTo = buf.length;
    return lfAt;
  }

  function terminate(findings: Finding[], reason: string): StreamDecision {
    terminated = true;
    buf = '';
    channels.clear();
    // Everything held is dropped: the start of the match is among it.
    held.length = 0;
    heldHead = 0;
    heldBytes = 0;
    return { kind: 'terminate', findings, reason, errorEvent: blockedStreamEvent(findings) };
  }

  function releasable(h: Held, now: number, all: boolean): boolean {
    if (all || now - h.at >= holdMs || heldBytes > maxHeldBytes) return true;
    if (h.ends === undefined) return true;
    for (const [ch, end] of h.ends) if (ch.total - end < holdBytes) return false;
    return true;
  }

  /**
   * Release held events from the front, in order, while each is outside the
   * held tail of every channel it wrote to, or held hold_back_ms, or the
   * queue is over the buffer bound (it flows rather than grows).
   */
  function release(now: number, all: boolean, out: StreamDecision[]): void {
    while (heldHead < held.length) {
      const h = held[heldHead] as Held;
      if (!releasable(h, now, all)) break;
      held[heldHead++] = undefined;
      heldBytes -= h.bytes;
      out.push({ kind: 'forward', raw: h.raw, findings: h.findings });
    }
    if (heldHead === held.length) {
      held.length = 0;
      heldHead = 0;
    } else if (heldHead >= COMPACT_AT && heldHead * 2 >= held.length) {
      held.splice(0, heldHead);
      heldHead = 0;
    }
  }

  /** A scanned event: out at once when nothing needs holding, else queued behind the held ones. */
  function admit(raw: string, findings: Finding[], out: StreamDecision[]): void {
    const e = ends;
    ends = undefined;
    if (heldHead === held.length && (holdBytes === 0 || e === undefined)) {
      out.push({ kind: 'forward', raw, findings });
      return;
    }
    const bytes = utf8Length(raw);
    held.push({ raw, findings, at: clock, bytes, ends: e });
    heldBytes += bytes;
    release(clock, false, out);
  }

  /** A resource bound, not a policy: it blocks in every mode (forwarding unscanned bytes is the bypass). */
  function overflowFinding(location: string): Finding {
    const f = ctx.finding(failHit('limit', FAIL_CLOSED.sseBufferOverflow), location, 'sse_streaming');
    return f.action === 'block' ? f : { ...f, action: 'block' };
  }

  function hitsOf(text: string): RawHit[] {
    const d = ctx.dlp(text);
    if (!injectionOn) return d;
    const inj = ctx.injection(text);
    if (inj.length === 0) return d;
    return d.length === 0 ? inj : d.concat(inj);
  }

  function channel(key: string): Channel {
    let c = channels.get(key);
    if (!c) {
      if (channels.size >= SSE_DEFAULTS.maxChannels) key = 'overflow';
      c = channels.get(key);
      if (!c) {
        c = { text: '', keys: NO_KEYS, total: 0 };
        channels.set(key, c);
      }
    }
    return c;
  }

  /** Scan one complete block (an event, a comment, or blank lines) and decide. */
  function handleBlock(raw: string, atEnd: boolean): StreamDecision {
    ends = undefined;
    const findings: Finding[] = [];
    const location = `sse.event[${eventIndex}]`;
    if (exceedsBytes(raw, maxHeldBytes)) {
      // The same decision the partial-event bound makes, so the outcome does not
      // depend on whether the event arrived in one chunk or many.
      return terminate([overflowFinding(location)], `event exceeds ${maxHeldBytes} bytes`);
    }
    if (exceedsBytes(raw, maxEventBytes)) {
      const f = ctx.finding(failHit('limit', FAIL_CLOSED.sseEventTooLarge), location, 'sse_streaming');
      if (f.action === 'block') return terminate([f], `event exceeds max_event_bytes (${maxEventBytes})`);
      findings.push(f);
    }
    current = undefined;
    comments = undefined;
    // The block ends in a blank line except at end of stream; a trailing lone CR
    // is a complete terminator we know about but the parser would wait on.
    const last = raw.charCodeAt(raw.length - 1);
    parser.feed(atEnd ? `${raw}\n\n` : last === CR ? `${raw}\n` : raw);
    const event = current as EventSourceMessage | undefined;
    const commentText = comments ? (comments as string[]).join('\n') : '';
    // Keep-alive comments repeat: scan a comment when it differs from the last one.
    if (commentText !== '' && commentText !== lastComment) {
      lastComment = commentText;
      const hits = hitsOf(commentText);
      for (const h of hits) findings.push(ctx.finding(h, `${location}.comment`, 'sse_streaming'));
    }
    if (event) {
      eventIndex++;
      scanEvent(event.data, location, findings);
    }
    if (findings.length > 0) {
      const action = strongestAction(findings.map((f) => f.action));
      // Tokens already sent cannot be un-sent, so strip cannot apply to a
      // stream: it stops the stream as block does.
      if (action === 'block' || action === 'strip') {
        const first = findings.find((f) => f.action === action) ?? findings[0];
        return terminate(findings, first ? `${first.rule} at ${first.location ?? location}` : 'blocked');
      }
    }
    return { kind: 'forward', raw, findings };
  }

  /**
   * One event's data. Known LLM shapes: the text deltas go through the
   * per-channel windows (DLP + injection); the event's other strings (ids,
   * model names, metadata) get DLP. Non-JSON data and unknown shapes: the
   * event's text goes through a window of its own, and is scanned whole too
   * when it is longer than the window.
   */
  function scanEvent(data: string, location: string, findings: Finding[]): void {
    if (data === '[DONE]' || data === '') return;
    let parsed: unknown;
    const c0 = firstNonSpace(data);
    if (c0 === 123 /* { */ || c0 === 91 /* [ */) {
      try {
        parsed = JSON.parse(data);
      } catch {
        parsed = undefined;
      }
    }
    const seen = new Set<string>();
    const deltas = parsed === undefined ? undefined : extractDeltas(parsed);
    if (deltas !== undefined) {
      const skip = deltas.length === 0 ? undefined : new Set(deltas.map((d) => d[1]));
      const meta = joinStrings(parsed, skip);
      // Streams repeat the same metadata (id, model) in every chunk: scan it when it changes.
      if (meta !== '' && meta !== lastMeta) {
        lastMeta = meta;
        for (const h of ctx.dlp(meta)) {
          seen.add(hitKey(h));
          findings.push(ctx.finding(h, location, 'sse_streaming'));
        }
      }
      for (const [key, text] of deltas) windowScan(key, text, location, seen, findings);
      return;
    }
    const text = parsed === undefined ? data : joinStrings(parsed, undefined);
    if (text.length > windowChars) {
      for (const h of hitsOf(text)) {
        seen.add(hitKey(h));
        findings.push(ctx.finding(h, location, 'sse_streaming'));
      }
    }
    windowScan('raw', text, location, seen, findings);
  }

  /**
   * Append to a channel's window and scan the window. A hit lying wholly in
   * this event's text is located at the event; one that reaches back into
   * earlier events at '<event>(window)'. Hits the previous scan of this
   * window already reported are not reported again.
   */
  function windowScan(key: string, text: string, location: string, seen: Set<string>, findings: Finding[]): void {
    if (text === '') return;
    const ch = channel(key);
    if (holdBytes > 0) {
      ch.total += utf8Length(text);
      (ends ??= []).push([ch, ch.total]);
    }
    let w = ch.text + text;
    if (w.length > windowChars) w = w.slice(w.length - windowChars);
    ch.text = w;
    const newStart = Math.max(0, w.length - text.length);
    const hits = hitsOf(w);
    if (hits.length === 0) {
      ch.keys = NO_KEYS;
      return;
    }
    const keys = new Set<string>();
    for (const h of hits) {
      const k = hitKey(h);
      keys.add(k);
      if (ch.keys.has(k) || seen.has(k)) continue;
      seen.add(k);
      const inEvent = h.start !== undefined && h.start >= newStart;
      findings.push(ctx.finding(h, inEvent ? location : `${location}(window)`, 'sse_streaming'));
    }
    ch.keys = keys;
  }

  function process(text: string, final: boolean): StreamDecision[] {
    const out: StreamDecision[] = [];
    if (terminated) return out;
    if (unreadable) {
      // Compressed bytes cannot be scanned, nor carried faithfully as text
      // (decisions carry strings): the stream ends in every mode, as for the buffer bound.
      const f = ctx.finding(failHit('encoding', FAIL_CLOSED.compressed), 'body', 'sse_streaming');
      out.push(terminate([f.action === 'block' ? f : { ...f, action: 'block' }], 'compressed event stream'));
      return out;
    }
    if (passthrough) {
      if (text !== '') out.push({ kind: 'forward', raw: text, findings: [] });
      return out;
    }
    buf = buf.length === 0 ? text : buf + text;
    bufBytes += utf8Length(text);
    const len = buf.length;
    for (;;) {
      const cr = nextCR(scanPos);
      const lf = nextLF(scanPos);
      const i = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      if (i < 0) {
        scanPos = len;
        break;
      }
      let termEnd: number;
      if (buf.charCodeAt(i) === CR) {
        if (i + 1 === len && !final) {
          // CR at the end of what we have: it may be the first half of CRLF.
          scanPos = i;
          break;
        }
        termEnd = buf.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
      } else {
        termEnd = i + 1;
      }
      if (i === lineStart) {
        const d = handleBlock(buf.slice(blockStart, termEnd), false);
        if (d.kind === 'terminate') {
          out.push(d);
          return out;
        }
        if (d.kind === 'forward') admit(d.raw, d.findings, out);
        blockStart = termEnd;
      }
      lineStart = termEnd;
      scanPos = termEnd;
    }
    if (final) {
      if (blockStart < len) {
        const d = handleBlock(buf.slice(blockStart), true);
        if (d.kind === 'terminate') {
          out.push(d);
          return out;
        }
        if (d.kind === 'forward') admit(d.raw, d.findings, out);
      }
      release(clock, true, out);
      buf = '';
      bufBytes = 0;
      blockStart = lineStart = scanPos = 0;
      crAt = lfAt = -1;
      crSearchedTo = lfSearchedTo = 0;
      return out;
    }
    if (blockStart > 0) {
      bufBytes = blockStart === len ? 0 : bufBytes - utf8Length(buf.slice(0, blockStart));
      buf = buf.slice(blockStart);
      scanPos -= blockStart;
      lineStart -= blockStart;
      crAt = crAt < 0 ? -1 : crAt - blockStart;
      lfAt = lfAt < 0 ? -1 : lfAt - blockStart;
      crSearchedTo = Math.max(0, crSearchedTo - blockStart);
      lfSearchedTo = Math.max(0, lfSearchedTo - blockStart);
      blockStart = 0;
    }
    if (buf.length > 0) {
      const location = `sse.event[${eventIndex}]`;
      if (bufBytes > maxHeldBytes) {
        out.push(terminate([overflowFinding(location)], `event exceeds ${maxHeldBytes} bytes`));
      } else if (bufBytes > maxEventBytes) {
        // The event will be too large whenever it completes: decide now, as the complete event would be decided.
        const f = ctx.finding(failHit('limit', FAIL_CLOSED.sseEventTooLarge), location, 'sse_streaming');
        if (f.action === 'block') out.push(terminate([f], `event exceeds max_event_bytes (${maxEventBytes})`));
      }
    }
    // Events held long enough go now; each new event was scanned (and could stop the stream) first.
    if (!terminated) release(clock, false, out);
    return out;
  }

  return {
    push(chunk, now) {
      if (terminated) return [];
      clock = now ?? ctx.now();
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      return process(text, false);
    },
    end() {
      if (terminated) return [];
      const tail = decoder.decode();
      const out = process(tail, true);
      terminated = true;
      return out;
    },
    flush(now) {
      const out: StreamDecision[] = [];
      if (terminated || heldHead === held.length) return out;
      clock = now;
      release(now, false, out);
      return out;
    },
    nextReleaseAt() {
      if (terminated || heldHead === held.length) return undefined;
      return (held[heldHead] as Held).at + holdMs;
    },
  };
}

function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return c;
  }
  return -1;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Every string value of a parsed event (keys are schema, not content) except
 * those in `skip`, joined by newlines; depth-bounded.
 */
function joinStrings(v: unknown, skip: ReadonlySet<string> | undefined): string {
  if (typeof v === 'string') return skip?.has(v) ? '' : v;
  const parts: string[] = [];
  collectStrings(v, parts, skip, 0);
  return parts.join('\n');
}

function collectStrings(v: unknown, out: string[], skip: ReadonlySet<string> | undefined, depth: number): void {
  if (typeof v === 'string') {
    if (v !== '' && !skip?.has(v)) out.push(v);
    return;
  }
  if (typeof v !== 'object' || v === null || depth > 64) return;
  if (Array.isArray(v)) for (const x of v) collectStrings(x, out, skip, depth + 1);
  else for (const k in v) collectStrings((v as Record<string, unknown>)[k], out, skip, depth + 1);
}

// Anthropic Messages events that carry no text delta.
const ANTHROPIC_OTHER = new Set(['message_start', 'content_block_stop', 'message_delta', 'message_stop', 'ping', 'error']);

/**
 * The streamed text of known LLM shapes, by channel, or undefined for an
 * unknown shape. OpenAI chat completions: choices[].delta.content /
 * .reasoning_content / .refusal / .tool_calls[].function.arguments, legacy
 * choices[].text. OpenAI Responses: 'response.*.delta' events' delta (output
 * text, function-call arguments, reasoning). Anthropic Messages:
 * content_block_delta's delta.text / .partial_json / .thinking.
 */
export function extractDeltas(v: unknown): Array<[channel: string, text: string]> | undefined {
  if (!isObj(v)) return undefined;
  const out: Array<[string, string]> = [];
  const choices = v['choices'];
  if (Array.isArray(choices)) {
    for (let i = 0; i < choices.length; i++) {
      const c: unknown = choices[i];
      if (!isObj(c)) continue;
      const idx = typeof c['index'] === 'number' ? c['index'] : i;
      const d = c['delta'];
      if (isObj(d)) {
        pushStr(out, `c${idx}`, d['content']);
        pushStr(out, `r${idx}`, d['reasoning_content']);
        pushStr(out, `r${idx}`, d['reasoning']);
        pushStr(out, `f${idx}`, d['refusal']);
        const calls = d['tool_calls'];
        if (Array.isArray(calls)) {
          for (let j = 0; j < calls.length; j++) {
            const tc: unknown = calls[j];
            if (!isObj(tc)) continue;
            const fn = tc['function'];
            if (isObj(fn)) pushStr(out, `t${idx}.${typeof tc['index'] === 'number' ? tc['index'] : j}`, fn['arguments']);
          }
        }
        const fc = d['function_call'];
        if (isObj(fc)) pushStr(out, `t${idx}`, fc['arguments']);
      }
      pushStr(out, `c${idx}`, c['text']);
    }
    return out;
  }
  const type = v['type'];
  if (typeof type !== 'string') return undefined;
  if (type === 'content_block_delta') {
    const d = v['delta'];
    const ch = `a${String(v['index'] ?? 0)}`;
    if (isObj(d)) {
      pushStr(out, ch, d['text']);
      pushStr(out, ch, d['partial_json']);
      pushStr(out, ch, d['thinking']);
    }
    return out;
  }
  if (type === 'content_block_start') {
    const b = v['content_block'];
    if (isObj(b)) pushStr(out, `a${String(v['index'] ?? 0)}`, b['text']);
    return out;
  }
  if (ANTHROPIC_OTHER.has(type)) return out;
  if (type.startsWith('response.')) {
    if (type.endsWith('.delta')) {
      const ch = `o${String(v['output_index'] ?? 0)}.${String(v['content_index'] ?? v['summary_index'] ?? 0)}.${type}`;
      pushStr(out, ch, v['delta']);
    }
    return out;
  }
  return undefined;
}

function pushStr(out: Array<[string, string]>, channel: string, v: unknown): void {
  if (typeof v === 'string' && v !== '') out.push([channel, v]);
}
