// The daemon's own endpoints on origin-form requests: /health, /metrics and
// the kill switch API. The kill switch covers them too unless the config
// exempts them (health_exempt, metrics_exempt, api_exempt) or the client is
// allowlisted.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathOnly } from '../context.js';
import type { DaemonContext } from '../context.js';
import { FETCH_PATH, handleFetch } from '../fetch/handler.js';
import { killSwitchBody, sendJson } from '../forward/respond.js';
import { VERSION } from '../version.js';
import { WS_PATH } from '../ws/proxy.js';
import { bearerMatches } from './killswitch.js';

export const KILL_SWITCH_API_PATH = '/api/v1/killswitch';
/** An API body is one small JSON object; anything bigger is refused unread. */
const MAX_API_BODY = 4096;

export interface EndpointOptions {
  /** Serve the kill switch API on this listener. */
  api: boolean;
  /** Serve /health and /metrics on this listener. */
  ops: boolean;
  /** Serve /fetch (and answer /ws requests without an Upgrade) on this listener. */
  proxy?: boolean;
}

function denied(d: DaemonContext, req: IncomingMessage, exempt: boolean): boolean {
  return !exempt && d.killSwitch.active() && !d.killSwitch.clientExempt(req.socket.remoteAddress);
}

export function healthBody(d: DaemonContext): Record<string, unknown> {
  const cfg = d.scanner().config;
  return {
    status: d.draining ? 'draining' : 'healthy',
    version: VERSION,
    mode: cfg.mode,
    uptime_seconds: Math.floor((Date.now() - d.startedAt) / 1000),
    listeners: { ...d.listeners },
    kill_switch_active: d.killSwitch.active(),
  };
}

export function handleEndpoint(d: DaemonContext, req: IncomingMessage, res: ServerResponse, opts: EndpointOptions): void {
  const path = pathOnly(req.url ?? '/');
  const ks = d.scanner().config.kill_switch;
  const method = req.method ?? 'GET';
  const readOnly = method === 'GET' || method === 'HEAD';

  if (opts.ops && path === '/health') {
    if (!readOnly) return sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET, HEAD' });
    if (denied(d, req, ks.health_exempt)) return sendJson(res, 503, killSwitchBody(ks.message));
    return sendJson(res, d.draining ? 503 : 200, healthBody(d));
  }
  if (opts.ops && path === '/metrics') {
    if (!readOnly) return sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET, HEAD' });
    if (denied(d, req, ks.metrics_exempt)) return sendJson(res, 503, killSwitchBody(ks.message));
    d.metrics.text().then(
      (text) => {
        res.writeHead(200, { 'content-type': d.metrics.contentType, 'content-length': Buffer.byteLength(text) });
        res.end(method === 'HEAD' ? undefined : text);
      },
      (err: unknown) => sendJson(res, 500, { error: 'metrics_failed', message: (err as Error).message }),
    );
    return;
  }
  if (opts.api && path === KILL_SWITCH_API_PATH) return handleKillSwitchApi(d, req, res);
  if (opts.proxy === true && path === FETCH_PATH) {
    handleFetch(d, req, res).catch((err: unknown) => {
      d.logger.event('error', 'internal error in /fetch; nothing returned', { error: (err as Error).message });
      sendJson(res, 500, { error: 'internal' });
    });
    return;
  }
  if (opts.proxy === true && path === WS_PATH && d.scanner().config.websocket_proxy.enabled) {
    // WebSocket upgrades arrive on the server's 'upgrade' event (daemon.ts); this is a plain GET.
    return sendJson(res, 426, { error: 'upgrade_required', message: 'GET /ws?url=ws(s)://... needs a WebSocket upgrade' }, { upgrade: 'websocket' });
  }
  sendJson(res, 404, { error: 'not_found', message: `no such endpoint: ${path}` });
}

function handleKillSwitchApi(d: DaemonContext, req: IncomingMessage, res: ServerResponse): void {
  const ks = d.scanner().config.kill_switch;
  if (denied(d, req, ks.api_exempt)) return sendJson(res, 503, killSwitchBody(ks.message));
  if (ks.api_token === '') {
    return sendJson(res, 403, { error: 'api_disabled', message: 'kill switch API needs kill_switch.api_token in the config' });
  }
  if (!bearerMatches(req.headers.authorization, ks.api_token)) {
    return sendJson(res, 401, { error: 'unauthorized', message: 'a valid Authorization: Bearer token is required' }, {
      'www-authenticate': 'Bearer realm="pipelock"',
    });
  }
  if (req.method === 'GET') {
    return sendJson(res, 200, { active: d.killSwitch.active(), sources: d.killSwitch.sources() });
  }
  if (req.method !== 'POST' && req.method !== 'PUT') {
    return sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET, POST, PUT' });
  }
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > MAX_API_BODY) return sendJson(res, 413, { error: 'body_too_large' }, { connection: 'close' });
  const chunks: Buffer[] = [];
  let size = 0;
  let tooBig = false;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_API_BODY) {
      tooBig = true;
      chunks.length = 0;
      return;
    }
    if (!tooBig) chunks.push(c);
  });
  req.on('error', () => res.destroy());
  req.on('end', () => {
    if (tooBig) return sendJson(res, 413, { error: 'body_too_large' }, { connection: 'close' });
    let active: unknown;
    try {
      active = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { active?: unknown } | null)?.active;
    } catch {
      active = undefined;
    }
    if (typeof active !== 'boolean') {
      return sendJson(res, 400, { error: 'bad_request', message: 'body must be JSON {"active": true|false}' });
    }
    d.killSwitch.setApi(active);
    d.logger.event('warn', `kill switch ${active ? 'activated' : 'deactivated'} via API`, {
      client: req.socket.remoteAddress ?? 'unknown',
      active: d.killSwitch.active(),
    });
    sendJson(res, 200, { active: d.killSwitch.active(), sources: d.killSwitch.sources() });
  });
}
