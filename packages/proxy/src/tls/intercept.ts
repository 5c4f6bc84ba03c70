// TLS interception of allowed CONNECT tunnels: answer 200, terminate the
// client's TLS with a leaf minted for the CONNECT host, and hand each
// decrypted request to the same code as absolute-URI requests
// (forward/http.ts) with https://<CONNECT authority> as its origin.
// Fails closed: a ClientHello naming another host, or an inner request whose
// Host names another authority, never reaches an upstream. Must never
// decrypt a passthrough_domains host.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { TLSSocket } from 'node:tls';
import { PipelockError } from '@pipelock/core';
import type { Config } from '@pipelock/core';
import { Counter } from 'prom-client';
import type { Registry } from 'prom-client';
import { clientOf } from '../context.js';
import type { DaemonContext } from '../context.js';
import { handleForwardRequest, refuseKillSwitch } from '../forward/http.js';
import { sendJson } from '../forward/respond.js';
import { loadCaFiles } from './ca.js';
import { createLeafCache } from './cache.js';
import type { LeafCache, LeafCacheStats } from './cache.js';
import { compilePassthrough, durationMs, normalizeHost } from './policy.js';

/** The CONNECT that opened a tunnel: what every request inside it must stay within. */
export interface TunnelTarget {
  /** The authority exactly as CONNECT named it ('api.example.com:443'). */
  authority: string;
  /** Bare host name or IP literal. */
  host: string;
  port: number;
}

/** How the CONNECT handler reports the tunnel's end (one decision line per tunnel). */
export type TunnelDone = (decision: string, status: number | undefined, reason?: string) => void;

export interface TlsInterceptor {
  /** True when a CONNECT to `host` is decrypted (false: passthrough_domains, spliced). */
  intercepts(host: string): boolean;
  /** Take over an allowed CONNECT whose destination (and `ips`) core has already checked. */
  intercept(d: DaemonContext, client: Socket, head: Buffer, target: TunnelTarget, ips: string[], done: TunnelDone): void;
  stats(): LeafCacheStats;
}

export interface TlsInterception {
  /** The interceptor for the config in force; undefined while tls_interception.enabled is false. */
  current(): TlsInterceptor | undefined;
  /** Apply a (new) config. Throws, keeping the previous state, when the CA cannot be loaded. */
  configure(config: Config): void;
  /** Cut every decrypted connection (shutdown). */
  close(): void;
}

/** How long a client has to finish the TLS handshake after the 200. */
const HANDSHAKE_TIMEOUT_MS = 10_000;

interface InnerConnection {
  d: DaemonContext;
  target: TunnelTarget;
  ips: string[];
  maxResponseBytes: number;
}

/** 'host[:port]' from a Host header or URL authority, port defaulting to 443; undefined when unparsable. */
function authorityOf(text: string): { host: string; port: number } | undefined {
  let url: URL;
  try {
    url = new URL(`https://${text}/`);
  } catch {
    return undefined;
  }
  if (url.username !== '' || url.password !== '' || url.pathname !== '/' || url.search !== '' || url.hash !== '') return undefined;
  return { host: normalizeHost(url.hostname), port: url.port === '' ? 443 : Number(url.port) };
}

function sameAuthority(a: { host: string; port: number } | undefined, target: TunnelTarget): boolean {
  return a !== undefined && a.host === normalizeHost(target.host) && a.port === target.port;
}

export function createTlsInterception(registry: Registry): TlsInterception {
  // One counter per daemon registry; series survive reloads (a new CA starts a new cache, not a new metric).
  const leafCounter = new Counter({
    name: 'pipelock_tls_leaf_certificates_total',
    help: 'Leaf certificate lookups for intercepted CONNECT tunnels, by result (minted = new certificate, cached = reused).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  leafCounter.inc({ result: 'minted' }, 0);
  leafCounter.inc({ result: 'cached' }, 0);

  const connections = new WeakMap<Socket, InnerConnection>();
  const open = new Set<Socket>();
  const inner: Server = createServer({ noDelay: true }, (req, res) => {
    const conn = connections.get(req.socket);
    if (conn === undefined) {
      res.destroy();
      return;
    }
    try {
      handleInner(conn, req, res);
    } catch (err) {
      conn.d.logger.event('error', 'internal error in an intercepted request', { error: (err as Error).message });
      sendJson(res, 500, { error: 'internal', message: 'pipelock internal error; request not forwarded' }, { connection: 'close' });
    }
  });
  inner.on('clientError', (_err, socket) => socket.destroy());
  inner.headersTimeout = 30_000;
  inner.requestTimeout = 120_000;
  // Idle connections end with their tunnel (forward_proxy.idle_timeout_seconds), not after Node's 5 s default.
  inner.keepAliveTimeout = 0;

  let state: { key: string; interceptor: TlsInterceptor } | undefined;

  const build = (cfg: Config['tls_interception'], fp: Config['forward_proxy']): TlsInterceptor => {
    const ttlMs = durationMs(cfg.cert_ttl);
    if (ttlMs === undefined || ttlMs <= 0) throw new PipelockError('CONFIG_INVALID', `tls_interception.cert_ttl "${cfg.cert_ttl}" is not a positive duration`);
    const ca = loadCaFiles(cfg.ca_cert, cfg.ca_key);
    const cache: LeafCache = createLeafCache(ca, {
      size: cfg.cert_cache_size,
      ttlMs,
      onLookup: (result) => leafCounter.inc({ result }),
    });
    const passthrough = compilePassthrough(cfg.passthrough_domains);
    return {
      intercepts: (host) => !passthrough(host),
      stats: () => cache.stats(),
      intercept(d, client, head, target, ips, done) {
        const host = normalizeHost(target.host);
        // Mint before answering 200: a failure here is still a clean HTTP refusal.
        let leaf;
        try {
          leaf = cache.get(host);
        } catch (err) {
          d.logger.event('error', 'cannot mint a leaf certificate; tunnel refused', { host, error: (err as Error).message });
          client.end('HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
          done('error', 500, 'leaf certificate minting failed');
          return;
        }
        // Read the peer address now: the decision line is written after the socket is gone.
        void client.remoteAddress;
        d.tunnels.add(client);
        d.metrics.tunnelOpened();
        client.setNoDelay(true);
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length > 0) client.unshift(head);

        let reason: string | undefined;
        let decision = 'allow';
        const tls = new TLSSocket(client, {
          isServer: true,
          secureContext: leaf.context,
          ALPNProtocols: ['http/1.1'],
          // The ClientHello must name the host the CONNECT was checked for (no fronting through an allowed tunnel).
          SNICallback: (servername, cb) => {
            if (normalizeHost(servername) !== host) {
              decision = 'block';
              reason = 'TLS SNI does not match the CONNECT host';
              cb(new Error(reason));
              return;
            }
            cb(null, leaf.context);
          },
        });
        const handshake = setTimeout(() => {
          reason ??= 'TLS handshake timed out';
          decision = decision === 'allow' ? 'error' : decision;
          tls.destroy();
        }, HANDSHAKE_TIMEOUT_MS);
        const lifetime = setTimeout(() => {
          reason ??= 'max_tunnel_seconds reached';
          tls.destroy();
        }, fp.max_tunnel_seconds * 1000);
        // Idle = no bytes either way for a whole period (so closed after one to two periods). Not a
        // socket timeout: the inner HTTP server owns those, and the wrapped raw socket's reads
        // happen below JS where they would not refresh a timer.
        let lastBytes = -1;
        const idle = setInterval(() => {
          const bytes = client.bytesRead + client.bytesWritten;
          if (bytes === lastBytes) {
            reason ??= 'idle_timeout_seconds reached';
            tls.destroy();
          }
          lastBytes = bytes;
        }, fp.idle_timeout_seconds * 1000);
        tls.on('error', (err: NodeJS.ErrnoException) => {
          if (reason === undefined && !tls.encrypted) reason = `TLS handshake failed: ${err.code ?? err.message}`;
          if (decision === 'allow' && connections.get(tls) === undefined) decision = 'error';
          tls.destroy();
        });
        tls.once('secure', () => {
          clearTimeout(handshake);
          connections.set(tls, { d, target, ips, maxResponseBytes: cfg.max_response_bytes });
          open.add(tls);
          inner.emit('connection', tls);
        });
        let finished = false;
        const finish = (): void => {
          if (finished) return;
          finished = true;
          clearTimeout(handshake);
          clearTimeout(lifetime);
          clearInterval(idle);
          open.delete(tls);
          tls.destroy();
          client.destroy();
          d.tunnels.delete(client);
          d.metrics.tunnelClosed(client.bytesRead, client.bytesWritten);
          done(decision, 200, reason);
        };
        tls.once('close', finish);
        client.once('close', finish);
      },
    };
  };

  function handleInner(conn: InnerConnection, req: IncomingMessage, res: ServerResponse): void {
    const { d, target } = conn;
    const cfg = d.scanner().config;
    const raw = req.url ?? '';
    // Origin form ('/path?q') is the norm inside a tunnel; an absolute form must name the same authority.
    let path: string;
    let claimed: { host: string; port: number } | undefined;
    if (raw.startsWith('/')) {
      path = raw;
      claimed = authorityOf(req.headers.host ?? '');
    } else {
      let u: URL | undefined;
      try {
        u = new URL(raw);
      } catch {
        u = undefined;
      }
      path = u !== undefined ? u.pathname + u.search : '';
      claimed = u !== undefined && u.protocol === 'https:' ? authorityOf(u.host) : undefined;
      // Host must agree as well: two names in one request is how proxies get confused.
      if (claimed !== undefined && !sameAuthority(authorityOf(req.headers.host ?? u?.host ?? ''), target)) claimed = undefined;
    }
    if (path === '' || !sameAuthority(claimed, target)) {
      refuseMismatch(d, req, res, target);
      return;
    }
    const url = new URL(`https://${target.authority}${path}`);
    if (d.draining) {
      sendJson(res, 503, { error: 'shutting_down', message: 'pipelock is shutting down' }, { connection: 'close' });
      return;
    }
    if (!cfg.forward_proxy.enabled) {
      sendJson(res, 403, { error: 'forward_proxy_disabled', message: 'forward_proxy.enabled is false' }, { connection: 'close' });
      return;
    }
    // The kill switch also stops tunnels that opened before it was turned on.
    if (d.killSwitch.active() && !d.killSwitch.clientExempt(req.socket.remoteAddress)) {
      refuseKillSwitch(d, req, res, url);
      return;
    }
    handleForwardRequest(d, req, res, url, { ips: conn.ips, maxResponseBytes: conn.maxResponseBytes }).catch((err: unknown) => {
      d.logger.event('error', 'internal error while proxying an intercepted request', { error: (err as Error).message });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal', message: 'pipelock internal error; request not forwarded' });
      else res.destroy();
    });
  }

  function refuseMismatch(d: DaemonContext, req: IncomingMessage, res: ServerResponse, target: TunnelTarget): void {
    const started = performance.now();
    // Close after answering: whatever else this connection carries is not trusted either.
    sendJson(
      res,
      403,
      { error: 'blocked', reason: 'host_mismatch', message: `Host/authority mismatch: this tunnel was opened for ${target.authority}` },
      { 'x-pipelock-decision': 'block', connection: 'close' },
    );
    d.record(
      {
        time: new Date().toISOString(),
        proxy: 'forward',
        client: clientOf(req.socket),
        method: req.method ?? 'GET',
        host: target.authority,
        path: '',
        decision: 'block',
        status: 403,
        reason: 'Host/authority mismatch',
        findings: [],
        duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
      },
      [],
    );
  }

  return {
    current: () => state?.interceptor,
    configure(config) {
      const cfg = config.tls_interception;
      if (!cfg.enabled) {
        state = undefined;
        return;
      }
      // The CA files are re-read only when a setting changes; a reload that keeps them keeps the cache.
      const key = JSON.stringify([cfg, config.forward_proxy.max_tunnel_seconds, config.forward_proxy.idle_timeout_seconds]);
      if (state?.key === key) return;
      state = { key, interceptor: build(cfg, config.forward_proxy) };
    },
    close() {
      for (const s of open) s.destroy();
      open.clear();
      inner.close();
    },
  };
}
