// WebSocket messages as an exfiltration channel and an injection vector.
// Per connection and direction: frames are assembled into messages
// (frames.ts), each message is scanned like an HTTP body (outbound: DLP,
// credential dumps; inbound: injection and DLP, strip where possible), and a
// bounded window per JSON path (or per text stream) joins the end of earlier
// messages to the next one, so a secret split across messages is found at
// the message that completes it. Binary messages that are text are text;
// other binary payloads are searched for the printable strings they embed.
import { Buffer } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import type { RawHit, ScanContext, SectionKey } from '../context.js';
import { checkTextBytes } from '../encoding/primitives.js';
import { parseMediaType } from '../http/text.js';
import type { PreparedBody } from '../http/body.js';
import { scanOutboundBody } from '../http/request.js';
import { scanHttpResponse } from '../http/response.js';
import type { StripFn } from '../http/response.js';
import { FindingSink, failHit } from '../http/sink.js';
import { walkJson } from '../json/walk.js';
import type { Finding, ScanResult } from '../types.js';
import { strongestAction } from '../types.js';
import { MessageAssembler, WS_RULES } from './frames.js';
import type { AssembledMessage, WebSocketFrame } from './frames.js';

/**
 * Which way messages go. 'outbound' (client to server: what the agent
 * sends) is scanned for secrets; 'inbound' (what the agent reads) for
 * injection and secrets; 'both' for everything, when the caller cannot say.
 */
export type WebSocketDirection = 'outbound' | 'inbound' | 'both';

export interface WebSocketScannerOptions {
  /** Also accepted: 'to-server' / 'client-to-server' / 'send' and 'to-client' / 'server-to-client' / 'receive'. Default 'both'. */
  direction?: WebSocketDirection | string;
  /** The ws:// or wss:// URL (inbound: response_scanning.exempt_domains applies to it). */
  url?: string;
  /** Largest message, compressed or inflated; default websocket_proxy.max_message_bytes. */
  maxMessageBytes?: number;
  /** permessage-deflate negotiated without context takeover in this direction. */
  noContextTakeover?: boolean;
  /** 'block' refuses binary messages (websocket_proxy.allow_binary_frames false); default 'scan'. */
  binaryMessages?: 'scan' | 'block';
}

export interface WebSocketDecision extends ScanResult {
  /** True when this frame completed a message (the decision is the message's); false for a held fragment. */
  complete: boolean;
}

export interface WebSocketScanner {
  readonly direction: WebSocketDirection;
  /** One frame. Fragments are held (decision allow, complete false) until the final one decides the message. */
  frame(f: WebSocketFrame): WebSocketDecision;
  /** One whole message (a relay that reassembles itself, as the ws package does). */
  message(payload: Uint8Array | string, opts?: { binary?: boolean; compressed?: boolean }): WebSocketDecision;
}

/** Characters of each stream kept to join with the next message. */
const WINDOW_CHARS = 512;
/** Streams (JSON paths) tracked per connection direction; the oldest is dropped beyond this. */
const MAX_STREAMS = 32;
/** String leaves per message fed to the window (the rest are still scanned in the message). */
const MAX_LEAVES = 64;
/** Printable runs this long are what a binary payload (msgpack, protobuf) embeds as strings. */
const MIN_STRING_RUN = 8;
const LEAF_LIMITS = { maxDepth: 32, maxNodes: 20_000 };

const OUTBOUND_WORDS = new Set(['outbound', 'to-server', 'client-to-server', 'client_to_server', 'send', 'sent', 'egress', 'request', 'upstream']);
const INBOUND_WORDS = new Set(['inbound', 'to-client', 'server-to-client', 'server_to_client', 'receive', 'received', 'ingress', 'response', 'downstream']);

export function wsDirection(d: string | undefined): WebSocketDirection {
  if (d === undefined) return 'both';
  const l = d.toLowerCase();
  if (OUTBOUND_WORDS.has(l)) return 'outbound';
  if (INBOUND_WORDS.has(l)) return 'inbound';
  return 'both';
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

/** Bytes as text when they are text: valid UTF-8, mostly printable (the same test decoded views use). */
function asText(bytes: Uint8Array): string | undefined {
  if (bytes.byteLength === 0) return '';
  if (!checkTextBytes(bytes, bytes.byteLength)) return undefined;
  try {
    return utf8Fatal.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The printable ASCII runs of a binary payload, one per line (what `strings` shows). */
export function embeddedStrings(bytes: Uint8Array): string {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= bytes.byteLength; i++) {
    const b = i < bytes.byteLength ? (bytes[i] as number) : 0;
    const printable = b >= 0x20 && b < 0x7f;
    if (printable && start < 0) start = i;
    else if (!printable && start >= 0) {
      if (i - start >= MIN_STRING_RUN) out.push(Buffer.from(bytes.subarray(start, i)).toString('latin1'));
      start = -1;
    }
  }
  return out.join('\n');
}

/** What of a binary payload is scanned: its text, a gzip member's text, or its embedded strings. */
function binaryText(bytes: Uint8Array, max: number): { text: string; via?: string } | { error: string } {
  const t = asText(bytes);
  if (t !== undefined) return { text: t };
  if (bytes.byteLength > 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    let inner: Buffer;
    try {
      inner = gunzipSync(bytes, { maxOutputLength: max });
    } catch (e) {
      return { error: (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? WS_RULES.tooLarge : WS_RULES.compressed };
    }
    const it = asText(inner);
    return { text: it ?? embeddedStrings(inner), via: 'gzip' };
  }
  return { text: embeddedStrings(bytes), via: 'strings' };
}

/** Identity of a finding as shown (rule and redacted excerpt): what the window must not report twice. */
const shownKey = (rule: string, excerpt: string | undefined): string => `${rule}\u0000${excerpt ?? ''}`;

function looksJson(text: string): boolean {
  const t = text.trimStart();
  const c = t.charCodeAt(0);
  if (c !== 0x7b && c !== 0x5b) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

const JSON_MEDIA = parseMediaType('application/json');
const TEXT_MEDIA = parseMediaType('text/plain; charset=utf-8');

export function createWebSocketScanner(ctx: ScanContext, strip: StripFn, opts: WebSocketScannerOptions = {}): WebSocketScanner {
  const direction = wsDirection(opts.direction);
  const cfg = ctx.config.websocket_proxy;
  const maxBytes = opts.maxMessageBytes ?? cfg.max_message_bytes;
  const assembler = new MessageAssembler({ maxMessageBytes: maxBytes, noContextTakeover: opts.noContextTakeover });
  const outSection: SectionKey = 'websocket_proxy';
  /** Stream tails by JSON path ('$' for a text message). Map order is insertion order: the first key is the oldest. */
  const tails = new Map<string, string>();

  const decision = (findings: Finding[], complete: boolean): WebSocketDecision => ({
    action: strongestAction(findings.map((f) => f.action)),
    findings,
    complete,
  });

  const failClosed = (rule: string, detail: string): WebSocketDecision => {
    const h = failHit('websocket', rule);
    h.excerpt = detail;
    return decision([ctx.finding(h, 'ws.message', outSection)], true);
  };

  /** Outbound: DLP on every segment, dumps, raw JSON. */
  function outbound(text: string, json: boolean, base: string): Finding[] {
    const sink = new FindingSink(ctx, outSection);
    const body: PreparedBody = { kind: json ? 'json' : 'text', text, media: json ? JSON_MEDIA : TEXT_MEDIA };
    scanOutboundBody(ctx, body, sink, base);
    return sink.findings;
  }

  /** Inbound: scanned as a response body (injection, DLP, exempt_domains, strip); locations renamed. */
  function inbound(text: string, json: boolean, base: string): { findings: Finding[]; body?: string } {
    const r = scanHttpResponse(ctx, strip, { url: opts.url, headers: { 'content-type': json ? 'application/json' : 'text/plain; charset=utf-8' }, body: text });
    const findings = r.findings.map((f) => (f.location?.startsWith('body') ? { ...f, location: base + f.location.slice(4) } : f));
    return r.body === undefined ? { findings } : { findings, body: r.body };
  }

  /** The end of earlier messages joined to this one, per stream; only hits across the join are new. */
  function window(text: string, json: boolean, known: Set<string>): Finding[] {
    const streams: Array<[string, string]> = [];
    if (json) {
      const walked = walkJson(JSON.parse(text), '$', LEAF_LIMITS);
      for (const l of walked.leaves) {
        if (l.kind !== 'string' || l.text === '') continue;
        streams.push([l.path, l.text]);
        if (streams.length >= MAX_LEAVES) break;
      }
      // And every value of the message in order, for a secret continued in another field.
      if (streams.length > 0) streams.push(['*', streams.map(([, t]) => t).join('')]);
    } else if (text !== '') streams.push(['$', text]);
    const joins: Array<{ start: number; boundary: number }> = [];
    let combined = '';
    for (const [path, t] of streams) {
      const prev = tails.get(path);
      const joined = prev === undefined ? t : prev + t;
      if (prev !== undefined && prev !== '') {
        const start = combined.length === 0 ? 0 : combined.length + 1;
        combined = combined.length === 0 ? joined : `${combined}\n${joined}`;
        joins.push({ start, boundary: start + prev.length });
        tails.delete(path);
      }
      if (tails.size >= MAX_STREAMS) {
        const oldest = tails.keys().next();
        if (!oldest.done) tails.delete(oldest.value);
      }
      tails.set(path, joined.length > WINDOW_CHARS ? joined.slice(joined.length - WINDOW_CHARS) : joined);
    }
    if (combined === '') return [];
    // New only: a hit across a join (or without a span) that the message scan did not report.
    const fresh = (h: RawHit): boolean => {
      const k = shownKey(h.rule, h.excerpt);
      if (known.has(k)) return false;
      if (h.start === undefined || h.end === undefined) {
        known.add(k);
        return true;
      }
      if (!joins.some((j) => (h.start as number) >= j.start && (h.start as number) < j.boundary && (h.end as number) > j.boundary)) return false;
      known.add(k);
      return true;
    };
    const out: Finding[] = [];
    if (direction !== 'inbound' || ctx.config.response_scanning.enabled) {
      const section: SectionKey = direction === 'outbound' ? outSection : 'response_scanning';
      for (const h of ctx.dlp(combined)) if (fresh(h)) out.push(ctx.finding(h, 'ws.messages(joined)', section));
    }
    if (direction !== 'outbound' && ctx.config.response_scanning.enabled) {
      for (const h of ctx.injection(combined)) if (fresh(h)) out.push(ctx.finding(h, 'ws.messages(joined)', 'response_scanning'));
    }
    return out;
  }

  /** A binary message given as a base64 string: what its bytes hold, not already reported. */
  function altFindings(bytes: Uint8Array, base: string, known: Set<string>): Finding[] {
    const b = binaryText(bytes, maxBytes);
    if ('error' in b || b.text === '') return [];
    const text = b.text;
    const json = b.via === undefined && looksJson(text);
    const out: Finding[] = [];
    if (direction !== 'inbound') out.push(...outbound(text, json, base));
    if (direction !== 'outbound') out.push(...inbound(text, json, base).findings.filter((f) => direction !== 'both' || (f.scanner !== 'dlp' && f.scanner !== 'env')));
    const fresh = out.filter((f) => !known.has(shownKey(f.rule, f.excerpt)));
    for (const f of fresh) f.encoding = ['base64', ...(b.via ? [b.via] : []), ...(f.encoding ?? [])];
    return fresh;
  }

  function scanMessage(m: Extract<AssembledMessage, { kind: 'message' }>): WebSocketDecision {
    const base = m.opcode === 'text' || m.opcode === 'binary' ? 'ws.message' : `ws.${m.opcode}`;
    let text: string;
    let via: string | undefined;
    if (m.opcode === 'text') {
      try {
        text = utf8Fatal.decode(m.bytes);
      } catch {
        return failClosed(WS_RULES.protocol, 'text message is not valid UTF-8');
      }
    } else if (m.opcode === 'close') {
      // Status code (2 bytes) then the reason, UTF-8.
      text = m.bytes.byteLength > 2 ? Buffer.from(m.bytes.subarray(2)).toString('utf8') : '';
    } else {
      if (m.opcode === 'binary' && opts.binaryMessages === 'block') {
        return failClosed('WebSocket Binary Message', 'binary messages are not allowed (websocket_proxy.allow_binary_frames)');
      }
      const b = binaryText(m.bytes, maxBytes);
      if ('error' in b) return failClosed(b.error, 'unreadable gzip payload in a binary message');
      text = b.text;
      via = b.via;
    }
    if (text === '') return decision([], true);
    const json = via === undefined && looksJson(text);
    const findings: Finding[] = [];
    let stripped: string | undefined;
    if (direction !== 'inbound') findings.push(...outbound(text, json, base));
    if (direction !== 'outbound') {
      const r = inbound(text, json, base);
      // 'both': DLP already ran outbound; keep the injection side.
      findings.push(...(direction === 'both' ? r.findings.filter((f) => f.scanner !== 'dlp' && f.scanner !== 'env') : r.findings));
      stripped = r.body;
    }
    findings.push(...window(text, json, new Set(findings.map((f) => shownKey(f.rule, f.excerpt)))));
    if (via !== undefined) for (const f of findings) f.encoding = [via, ...(f.encoding ?? [])];
    if (m.alt !== undefined) findings.push(...altFindings(m.alt, base, new Set(findings.map((f) => shownKey(f.rule, f.excerpt)))));
    const d = decision(findings, true);
    // Strip rewrites only text the client would have received as text.
    if (d.action === 'strip' && stripped !== undefined && m.opcode === 'text') return { ...d, body: stripped };
    if (d.action === 'strip') return { ...d, action: 'block' };
    return d;
  }

  function frame(f: WebSocketFrame): WebSocketDecision {
    let m: AssembledMessage;
    try {
      m = assembler.push(f);
    } catch {
      return failClosed(WS_RULES.protocol, 'unreadable frame');
    }
    if (m.kind === 'pending') return decision([], false);
    if (m.kind === 'error') return failClosed(m.rule, m.detail);
    return scanMessage(m);
  }

  function message(payload: Uint8Array | string, o: { binary?: boolean; compressed?: boolean } = {}): WebSocketDecision {
    return frame({ opcode: o.binary ? 'binary' : 'text', fin: true, payload, compressed: o.compressed === true });
  }

  return { direction, frame, message };
}
