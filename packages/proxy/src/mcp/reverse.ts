// The MCP reverse proxy (:8889): MCP Streamable HTTP in front of an
// operator-configured upstream. POST bodies are scanned client→server before
// they are forwarded; JSON answers and SSE events are scanned server→client
// before they are sent. Sessions are keyed by Mcp-Session-Id, bounded in
// number and expired when idle. The upstream is trusted (no SSRF check).
import { request as httpRequest } from 'node:http';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Finding, McpScanResult, McpSession, Scanner } from '@pipelock/core';
import { blockedError, replaceBlocked } from './decisions.js';
import { FrameTooLargeError, SseSplitter, sseEvent } from './framing.js';

export interface McpDecisionRecord {
  direction: 'to-server' | 'to-client';
  method: string;
  client: string;
  decision: string;
  status?: number;
  reason?: string;
  findings: readonly Finding[];
  durationMs: number;
}

export interface McpProxyOptions {
  /** The MCP endpoint behind us, e.g. http://app:3000/mcp. */
  upstream: string;
  /** The scanner in force now (swapped on reload). */
  scanner: () => Scanner;
  maxBodyBytes?: number;
  maxSessions?: number;
  sessionIdleMs?: number;
  /** Time allowed for the upstream to start answering. */
  upstreamTimeoutMs?: number;
  record?: (r: McpDecisionRecord) => void;
  now?: () => number;
}

export interface McpProxyHandler {
  handle(req: IncomingMessage, res: ServerResponse): void;
  readonly sessionCount: number;
  /** Drops idle sessions; called on a timer by the daemon. */
  sweep(): void;
  close(): void;
}

// Request headers forwarded to the upstream; everything else (hop-by-hop,
// proxy headers, Host) is dropped. Authorization passes through untouched.
const FORWARD_REQUEST = ['authorization', 'content-type', 'accept', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id', 'user-agent', 'cookie', 'x-request-id'];
const FORWARD_RESPONSE = ['content-type', 'mcp-session-id', 'mcp-protocol-version', 'cache-control', 'www-authenticate', 'set-cookie', 'location', 'retry-after'];

function pickHeaders(src: IncomingMessage['headers'], names: readonly string[]): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const n of names) {
    const v = src[n];
    if (v !== undefined) out[n] = v;
  }
  return out;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      if (!over) chunks.push(c);
    });
    req.on('end', () => resolve(over ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function jsonReply(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function methodsOf(text: string): string {
  try {
    const v = JSON.parse(text) as unknown;
    const list = Array.isArray(v) ? v : [v];
    return list.map((m) => (m && typeof m === 'object' && typeof (m as { method?: unknown }).method === 'string' ? (m as { method: string }).method : 'response')).join(',');
  } catch {
    return 'unparsable';
  }
}

export function createMcpProxyHandler(opts: McpProxyOptions): McpProxyHandler {
  const upstream = new URL(opts.upstream);
  const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;
  const maxBody = opts.maxBodyBytes ?? 10 * 1024 * 1024;
  const maxSessions = opts.maxSessions ?? 1000;
  const idleMs = opts.sessionIdleMs ?? 30 * 60 * 1000;
  const timeoutMs = opts.upstreamTimeoutMs ?? 120_000;
  const now = opts.now ?? Date.now;
  const sessions = new Map<string, { session: McpSession; scanner: Scanner; lastSeen: number }>();

  function sessionFor(key: string, scanner: Scanner): McpSession {
    const hit = sessions.get(key);
    // A reload builds a new scanner; sessions made by the old one keep working.
    if (hit) {
      hit.lastSeen = now();
      sessions.delete(key);
      sessions.set(key, hit);
      return hit.session;
    }
    const session = scanner.createMcpSession();
    sessions.set(key, { session, scanner, lastSeen: now() });
    while (sessions.size > maxSessions) sessions.delete(sessions.keys().next().value!);
    return session;
  }

  function targetPath(reqUrl: string | undefined): string {
    const u = new URL(reqUrl ?? '/', 'http://x');
    const path = u.pathname === '/' ? upstream.pathname : u.pathname;
    return path + (u.search || upstream.search);
  }

  function record(r: McpDecisionRecord): void {
    try {
      opts.record?.(r);
    } catch {
      // logging must never take the proxy down
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const started = now();
    const client = req.socket.remoteAddress ?? 'unknown';
    const method = req.method ?? 'GET';
    if (method !== 'POST' && method !== 'GET' && method !== 'DELETE') {
      jsonReply(res, 405, { error: 'method not allowed' }, { allow: 'GET, POST, DELETE' });
      return;
    }
    const scanner = opts.scanner();
    const sid = typeof req.headers['mcp-session-id'] === 'string' ? req.headers['mcp-session-id'] : undefined;
    // Stateless servers never assign a session id: their clients share one session per address.
    const session = sessionFor(sid ?? `anon:${client}`, scanner);

    const forward = (body: Buffer | undefined): void => {
      const headers = pickHeaders(req.headers, FORWARD_REQUEST);
      headers['accept-encoding'] = 'identity';
      if (body) headers['content-length'] = body.length;
      const up = send(
        { protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port || undefined, method, path: targetPath(req.url), headers },
        (ures) => onUpstream(ures),
      );
      up.setTimeout(timeoutMs, () => up.destroy(new Error('upstream timeout')));
      up.on('error', (err) => {
        record({ direction: 'to-server', method, client, decision: 'error', status: 502, reason: err.message, findings: [], durationMs: now() - started });
        jsonReply(res, 502, { jsonrpc: '2.0', id: null, error: { code: -32603, message: `pipelock: upstream MCP server unreachable (${err.message})` } });
      });
      req.on('close', () => {
        if (!res.writableFinished) up.destroy();
      });
      up.end(body);
    };

    const onUpstream = (ures: IncomingMessage): void => {
      const status = ures.statusCode ?? 502;
      const newSid = ures.headers['mcp-session-id'];
      if (typeof newSid === 'string' && newSid !== sid) {
        // initialize answered: the session we scanned it in is now known by the server's id.
        sessions.delete(`anon:${client}`);
        sessions.set(newSid, { session, scanner, lastSeen: now() });
      }
      if (method === 'DELETE' && sid && status < 300) sessions.delete(sid);
      const headers = pickHeaders(ures.headers, FORWARD_RESPONSE);
      const ctype = String(ures.headers['content-type'] ?? '');
      const encoding = String(ures.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (encoding !== 'identity' && encoding !== '') {
        ures.resume();
        record({ direction: 'to-client', method, client, decision: 'block', status: 502, reason: 'compressed response', findings: [], durationMs: now() - started });
        jsonReply(res, 502, { jsonrpc: '2.0', id: null, error: { code: -32603, message: 'pipelock: upstream sent a compressed response that cannot be scanned' } });
        return;
      }
      if (ctype.includes('text/event-stream')) return streamEvents(ures, status, headers);
      if (ctype.includes('application/json') && status < 400) return scanJsonAnswer(ures, status, headers);
      // Errors and other bodies (202 Accepted, 4xx from auth) pass back as they are.
      record({ direction: 'to-client', method, client, decision: 'allow', status, findings: [], durationMs: now() - started });
      res.writeHead(status, headers);
      ures.pipe(res);
    };

    const scanJsonAnswer = (ures: IncomingMessage, status: number, headers: OutgoingHttpHeaders): void => {
      readBody(ures, maxBody).then(
        (body) => {
          if (body === 'too-large') {
            record({ direction: 'to-client', method, client, decision: 'block', status: 502, reason: 'response over the size limit', findings: [], durationMs: now() - started });
            jsonReply(res, 502, { jsonrpc: '2.0', id: null, error: { code: -32603, message: `pipelock: upstream response over ${maxBody} bytes` } });
            return;
          }
          const text = body.toString('utf8');
          const r = scanner.scanMcpMessage(text, 'to-client', session);
          record({ direction: 'to-client', method: methodsOf(text), client, decision: r.action, status, findings: r.findings, durationMs: now() - started });
          if (r.action !== 'block') {
            res.writeHead(status, { ...headers, 'content-length': body.length });
            res.end(body);
            return;
          }
          const replaced = replaceBlocked(text, r, 'response');
          if (replaced === null) {
            res.writeHead(202, headers);
            res.end();
          } else {
            res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(replaced) });
            res.end(replaced);
          }
        },
        () => res.destroy(),
      );
    };

    const streamEvents = (ures: IncomingMessage, status: number, headers: OutgoingHttpHeaders): void => {
      res.writeHead(status, { ...headers, 'cache-control': 'no-cache' });
      res.flushHeaders();
      const splitter = new SseSplitter();
      ures.setEncoding('utf8');
      const emit = (frames: ReturnType<SseSplitter['push']>): void => {
        for (const f of frames) {
          if (f.data === '') {
            res.write(f.raw);
            continue;
          }
          const r: McpScanResult = scanner.scanMcpMessage(f.data, 'to-client', session);
          if (r.findings.length > 0 || r.action !== 'allow')
            record({ direction: 'to-client', method: methodsOf(f.data), client, decision: r.action, status, findings: r.findings, durationMs: now() - started });
          if (r.action !== 'block') {
            res.write(f.raw);
            continue;
          }
          const replaced = replaceBlocked(f.data, r, 'response');
          if (replaced !== null) res.write(sseEvent(replaced, f));
        }
      };
      ures.on('data', (chunk: string) => {
        try {
          emit(splitter.push(chunk));
        } catch (err) {
          const reason = err instanceof FrameTooLargeError ? err.message : 'unreadable event stream';
          record({ direction: 'to-client', method: 'stream', client, decision: 'block', status, reason, findings: [], durationMs: now() - started });
          ures.destroy();
          // Reset rather than end: a clean end would read as a complete (short) stream.
          res.destroy();
        }
      });
      ures.on('end', () => {
        emit(splitter.end());
        res.end();
      });
      // An upstream that fails mid-stream: the client sees a broken stream, not a finished one.
      ures.on('error', () => res.destroy());
      ures.on('aborted', () => res.destroy());
      res.on('close', () => ures.destroy());
    };

    if (method !== 'POST') {
      forward(undefined);
      return;
    }
    readBody(req, maxBody).then(
      (body) => {
        if (body === 'too-large') {
          record({ direction: 'to-server', method, client, decision: 'block', status: 413, reason: 'request over the size limit', findings: [], durationMs: now() - started });
          jsonReply(res, 413, { jsonrpc: '2.0', id: null, error: { code: -32600, message: `pipelock: request over ${maxBody} bytes` } });
          return;
        }
        const text = body.toString('utf8');
        const r = scanner.scanMcpMessage(text, 'to-server', session);
        record({ direction: 'to-server', method: methodsOf(text), client, decision: r.action, findings: r.findings, durationMs: now() - started });
        if (r.action !== 'block') {
          forward(body);
          return;
        }
        // A blocked request never reaches the server: the client gets a JSON-RPC
        // error for it (for a batch, for every request in it, since the batch
        // is refused whole).
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(text);
        } catch {
          // answered below with id null
        }
        const list = Array.isArray(parsed) ? parsed : [parsed];
        const errors = list
          .map((m, i) => {
            const id = (m as { id?: unknown } | null)?.id;
            if (id === undefined && list.length > 1) return undefined;
            const d = r.messages.find((x) => x.index === i);
            const findings = d && d.action === 'block' ? d.findings : r.findings;
            return blockedError(id ?? null, findings, 'request');
          })
          .filter((e) => e !== undefined);
        if (!Array.isArray(parsed) && (parsed as { id?: unknown } | null)?.id === undefined && parsed !== null) {
          // A blocked notification has no id to answer; refuse it outright.
          jsonReply(res, 403, errors[0]);
          return;
        }
        jsonReply(res, 200, Array.isArray(parsed) ? errors : errors[0]);
      },
      () => res.destroy(),
    );
  }

  return {
    handle,
    get sessionCount() {
      return sessions.size;
    },
    sweep() {
      const cutoff = now() - idleMs;
      for (const [k, v] of sessions) if (v.lastSeen < cutoff) sessions.delete(k);
    },
    close() {
      sessions.clear();
    },
  };
}
