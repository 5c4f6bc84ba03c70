// GET /ws?url=ws(s)://... with an Upgrade: a scanning WebSocket relay. The
// destination goes through the URL pipeline (SSRF on the resolved addresses)
// and is dialled at the checked address; every message (fragments
// reassembled by ws) is scanned by core's per-connection WebSocket scanner
// before it is relayed, client → server for secrets, server → client for
// injection and secrets, with a window across messages so a secret split
// over several is still found. A block closes both sides with 1008 and the
// relay never sends the offending message on.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { PipelockError, strongestAction } from '@pipelock/core';
import type { Action, Finding, WebSocketScanner } from '@pipelock/core';
import { WebSocket, WebSocketServer } from 'ws';
import type { ClientOptions, RawData } from 'ws';
import { clientOf } from '../context.js';
import type { DaemonContext } from '../context.js';
import { checkDestination, checkedLookup } from '../forward/dial.js';
import { endToEndHeaders } from '../forward/headers.js';
import { blockBody, decisive, killSwitchBody } from '../forward/respond.js';
import { Outcome } from '../ops/outcome.js';

export const WS_PATH = '/ws';

/** Handshake headers the relay negotiates itself on each side; never copied across. */
const HANDSHAKE = new Set([
  'host',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-extensions',
  'sec-websocket-accept',
  'sec-websocket-protocol',
  'origin',
  'accept-encoding',
  'content-length',
]);

/** Sends queued towards one side before the other side is paused (backpressure). */
const HIGH_WATER = 64;
const LOW_WATER = 16;
/** A close handshake that does not finish in this time ends in a hard close. */
const CLOSE_GRACE_MS = 2000;

export interface WebSocketProxy {
  /** Handle an Upgrade request whose path is /ws. Answers or takes over `socket`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Relays open or being set up. */
  readonly active: number;
}

function refuseSocket(socket: Duplex, status: number, body: Record<string, unknown>, extra = ''): void {
  const text = JSON.stringify(body) + '\n';
  const reason = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found', 426: 'Upgrade Required', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' }[status] ?? 'Error';
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(text)}\r\n` +
      `Cache-Control: no-store\r\n${extra}Connection: close\r\n\r\n${text}`,
  );
}

/** A close reason must fit in a control frame (123 bytes of UTF-8). */
function closeReason(s: string): string {
  let r = s;
  while (Buffer.byteLength(r) > 123) r = r.slice(0, -1);
  return r;
}

/** Codes an endpoint may send (RFC 6455 §7.4); others (1005, 1006, 1015) are replaced. */
function sendableCode(code: number): number {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999) ? code : 1000;
}

function safeClose(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === WebSocket.CLOSING || ws.readyState === WebSocket.CLOSED) return;
  try {
    ws.close(sendableCode(code), closeReason(reason));
  } catch {
    ws.terminate();
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

function upstreamError(err: unknown): { status: number; error: string; message: string } {
  if (err instanceof PipelockError && err.code === 'UPSTREAM_TIMEOUT') return { status: 504, error: 'upstream_timeout', message: err.message };
  if (err instanceof PipelockError) return { status: 502, error: 'upstream_failed', message: err.message };
  const e = err as NodeJS.ErrnoException | undefined;
  if (e?.message?.includes('Opening handshake has timed out')) return { status: 504, error: 'upstream_timeout', message: 'upstream did not complete the WebSocket handshake in time' };
  return { status: 502, error: 'upstream_failed', message: `upstream connection failed${e?.code ? ` (${e.code})` : ''}` };
}

export function createWebSocketProxy(d: DaemonContext): WebSocketProxy {
  let active = 0;

  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const scanner = d.scanner();
    const cfg = scanner.config;
    const wcfg = cfg.websocket_proxy;
    if (!wcfg.enabled) return refuseSocket(socket, 404, { error: 'not_found', message: 'websocket_proxy.enabled is false' });
    if (d.draining) return refuseSocket(socket, 503, { error: 'shutting_down', message: 'pipelock is shutting down' });

    const raw = new URL(req.url ?? '/', 'http://localhost').searchParams.get('url');
    let target: URL;
    try {
      if (raw === null || raw === '') throw new Error('missing');
      target = new URL(raw);
    } catch {
      return refuseSocket(socket, 400, { error: 'bad_request', message: 'GET /ws?url=<ws:// or wss:// URL> with a WebSocket upgrade' });
    }
    if (target.protocol !== 'ws:' && target.protocol !== 'wss:') {
      return refuseSocket(socket, 400, { error: 'bad_request', message: `cannot relay ${target.protocol} URLs; use ws:// or wss://` });
    }
    const key = req.headers['sec-websocket-key'];
    const isHandshake =
      req.method === 'GET' && (req.headers.upgrade ?? '').toLowerCase() === 'websocket' && typeof key === 'string' && req.headers['sec-websocket-version'] === '13';
    if (!isHandshake) {
      return refuseSocket(socket, 400, { error: 'bad_request', message: 'not a WebSocket (version 13) handshake' });
    }

    const outcome = new Outcome(d, 'websocket', clientOf(req.socket), 'GET', target.host, target.pathname);
    const findings = outcome.findings;
    let decision: Action | 'error' | 'kill_switch' = 'allow';
    let reason: string | undefined;
    const add = (list: readonly Finding[]): void => outcome.add(list);
    const record = (status: number): void => outcome.finish(decision, status, reason);
    const refuse = (status: number, body: Record<string, unknown>, dec: typeof decision, why?: string): void => {
      decision = dec;
      reason = why ?? (typeof body['message'] === 'string' ? body['message'] : undefined);
      refuseSocket(socket, status, body, dec === 'block' ? 'X-Pipelock-Decision: block\r\n' : '');
      record(status);
    };

    if (d.killSwitch.active() && !d.killSwitch.clientExempt(req.socket.remoteAddress)) {
      return refuse(503, killSwitchBody(cfg.kill_switch.message), 'kill_switch', 'kill switch active');
    }
    if (active >= wcfg.max_concurrent_connections) {
      return refuse(503, { error: 'too_many_connections', message: `websocket_proxy.max_concurrent_connections (${wcfg.max_concurrent_connections}) reached` }, 'error');
    }
    active++;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      active--;
    };

    // What goes upstream: end-to-end headers minus the handshake, Origin per
    // origin_policy, cookies only when forward_cookies says so.
    const forwarded = endToEndHeaders(req.rawHeaders, HANDSHAKE);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(forwarded)) {
      if (value === undefined) continue;
      if (name.toLowerCase() === 'cookie' && !wcfg.forward_cookies) continue;
      headers[name] = Array.isArray(value) ? value.join(name.toLowerCase() === 'cookie' ? '; ' : ', ') : String(value);
    }
    let origin: string | undefined;
    if (wcfg.origin_policy === 'forward') origin = req.headers.origin;
    else if (wcfg.origin_policy === 'rewrite') origin = `${target.protocol === 'wss:' ? 'https:' : 'http:'}//${target.host}`;
    const protocols = (req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');

    const t = performance.now();
    void checkDestination(d, scanner, target, 'websocket', { ...headers, ...(origin !== undefined ? { origin } : {}) }).then(
      (check) => {
        outcome.scanSeconds += (performance.now() - t) / 1000;
        add(check.findings);
        if (!check.ok) {
          release();
          if (check.kind === 'blocked') return refuse(403, { ...blockBody(cfg, findings, 'request') }, 'block');
          const s = upstreamError(check.error);
          return refuse(s.status, { error: s.error, message: s.message }, 'error');
        }
        if (findings.length > 0) decision = strongestAction(findings.map((f) => f.action));
        if (socket.destroyed) {
          release();
          decision = 'error';
          reason = 'client went away during the handshake';
          return record(499);
        }
        const options: ClientOptions & { lookup: ReturnType<typeof checkedLookup> } = {
          // strip_compression: frames must be readable, so no permessage-deflate either side.
          perMessageDeflate: false,
          maxPayload: wcfg.max_message_bytes,
          handshakeTimeout: cfg.fetch_proxy.timeout_seconds * 1000,
          followRedirects: false,
          headers,
          lookup: checkedLookup(check.ip),
          ...(origin !== undefined ? { origin } : {}),
        };
        const upstream = new WebSocket(target.href, protocols, options);
        let opened = false;
        const failEarly = (err: unknown): void => {
          if (opened) return;
          opened = true; // settled
          release();
          upstream.terminate();
          const s = upstreamError(err);
          refuse(s.status, { error: s.error, message: s.message }, 'error');
        };
        upstream.on('error', failEarly);
        upstream.once('unexpected-response', (_r, ures: IncomingMessage) => {
          ures.resume();
          failEarly(new PipelockError('UPSTREAM_FAILED', `upstream answered ${ures.statusCode ?? '?'} instead of switching protocols`));
        });
        socket.once('close', () => {
          if (!opened) {
            opened = true;
            release();
            upstream.terminate();
            decision = 'error';
            reason = 'client went away during the handshake';
            record(499);
          }
        });
        upstream.once('open', () => {
          if (opened) return;
          opened = true;
          upstream.off('error', failEarly);
          // A server object only to run the RFC 6455 handshake on this socket.
          const wss = new WebSocketServer({
            noServer: true,
            perMessageDeflate: false,
            clientTracking: false,
            maxPayload: wcfg.max_message_bytes,
            handleProtocols: (offered: Set<string>) => (upstream.protocol !== '' && offered.has(upstream.protocol) ? upstream.protocol : false),
          });
          wss.handleUpgrade(req, socket, head, (client) => relay(client, upstream));
        });
      },
      (err: unknown) => {
        release();
        d.logger.event('error', 'internal error on /ws; refused', { error: (err as Error).message });
        refuse(500, { error: 'internal' }, 'error');
      },
    );

    const relay = (client: WebSocket, upstream: WebSocket): void => {
      const tunnelSocket = req.socket;
      d.tunnels.add(tunnelSocket);
      let closed = false;
      let finished = false;
      let lifetime: NodeJS.Timeout | undefined;
      let idle: NodeJS.Timeout | undefined;
      let grace: NodeJS.Timeout | undefined;

      const finish = (): void => {
        if (finished) return;
        finished = true;
        clearTimeout(lifetime);
        clearTimeout(idle);
        d.tunnels.delete(tunnelSocket);
        release();
        record(101);
      };
      const closeBoth = (code: number, why: string, dec?: typeof decision): void => {
        if (dec !== undefined) {
          decision = dec;
          reason = why;
        }
        if (closed) return;
        closed = true;
        clearTimeout(lifetime);
        clearTimeout(idle);
        safeClose(client, code, why);
        safeClose(upstream, code, why);
        grace = setTimeout(() => {
          client.terminate();
          upstream.terminate();
        }, CLOSE_GRACE_MS);
        grace.unref();
      };
      const touch = (): void => {
        clearTimeout(idle);
        idle = setTimeout(() => {
          reason ??= 'idle timeout';
          closeBoth(1001, 'pipelock: idle timeout');
        }, wcfg.idle_timeout_seconds * 1000);
        idle.unref();
      };
      lifetime = setTimeout(() => {
        reason ??= 'max_connection_seconds reached';
        closeBoth(1001, 'pipelock: connection time limit reached');
      }, wcfg.max_connection_seconds * 1000);
      lifetime.unref();
      touch();

      /** Relay one message from `from` to `to`, scanned first; `toServer` says which way it goes. */
      const pipe = (from: WebSocket, to: WebSocket, toServer: boolean): void => {
        let pending = 0;
        // One core scanner per direction (its window spans messages); a
        // reloaded config starts a fresh one.
        let sc = d.scanner();
        let wsScan: WebSocketScanner | undefined;
        from.on('message', (data: RawData, isBinary: boolean) => {
          if (closed) return;
          touch();
          if (d.killSwitch.active() && !d.killSwitch.clientExempt(req.socket.remoteAddress)) {
            return closeBoth(1008, `pipelock: ${d.scanner().config.kill_switch.message}`, 'kill_switch');
          }
          const now = d.scanner();
          if (now !== sc) {
            sc = now;
            wsScan = undefined;
          }
          const bytes = toBuffer(data);
          let out: Buffer | string = bytes;
          if (isBinary && !sc.config.websocket_proxy.allow_binary_frames) {
            return closeBoth(1003, 'pipelock: binary frames are not allowed (websocket_proxy.allow_binary_frames)', 'block');
          }
          if (sc.config.websocket_proxy.scan_text_frames) {
            // Outbound: secrets (instructions an agent sends are no injection
            // risk to it). Inbound: what the agent will read, scanned like a
            // response body (exempt_domains, strip), as JSON when it is JSON.
            wsScan ??= sc.createWebSocketScanner({ direction: toServer ? 'outbound' : 'inbound', url: target.href });
            const t0 = performance.now();
            const r = wsScan.message(bytes, { binary: isBinary });
            outcome.scanSeconds += (performance.now() - t0) / 1000;
            const action: Action = r.action;
            const list: readonly Finding[] = r.findings;
            if (list.length > 0) add(list);
            if (action === 'block' || (action === 'strip' && r.body === undefined)) {
              const f = decisive(list);
              return closeBoth(1008, `pipelock: blocked by ${f ? `${f.scanner} rule "${f.rule}"` : 'policy'}`, 'block');
            }
            if (action !== 'allow' && decision !== 'block') decision = strongestAction([decision === 'error' || decision === 'kill_switch' ? 'allow' : decision, action]);
            if (action === 'strip' && r.body !== undefined) out = r.body;
            else if (!isBinary) out = bytes.toString('utf8');
          }
          pending++;
          if (pending >= HIGH_WATER) from.pause();
          to.send(out, { binary: isBinary }, () => {
            pending--;
            if (pending <= LOW_WATER && from.isPaused) from.resume();
          });
        });
        from.on('close', (code: number, why: Buffer) => {
          closeBoth(code, why.toString('utf8'));
          if (from === client) {
            // The client side is gone; do not wait for the upstream's handshake to log.
            finish();
          }
        });
        from.on('error', (err: Error & { code?: string }) => {
          if (err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
            return closeBoth(1009, 'pipelock: message exceeds websocket_proxy.max_message_bytes', 'block');
          }
          closeBoth(1011, 'pipelock: connection error', decision === 'block' ? 'block' : 'error');
        });
      };
      pipe(client, upstream, true);
      pipe(upstream, client, false);
      upstream.on('close', () => {
        if (client.readyState === WebSocket.CLOSED) finish();
      });
    };
  };

  return {
    handleUpgrade,
    get active() {
      return active;
    },
  };
}
