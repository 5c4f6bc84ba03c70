// startProxy: one daemon = the forward proxy listener (which also serves
// /health, /metrics and, unless api_listen is set, the kill switch API), an
// optional kill switch API listener and an optional metrics listener, all
// sharing one DaemonContext. Owns reload (atomic scanner swap) and graceful
// shutdown (stop accepting, drain, close tunnels).
import { readFileSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Agent as HttpAgent, createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { AddressInfo, Socket } from 'node:net';
import { basename, dirname, resolve as resolvePath } from 'node:path';
import { createScanner, parseConfig, PipelockError } from '@pipelock/core';
import type { Config, Finding, Mode, Scanner } from '@pipelock/core';
import { pathOnly } from './context.js';
import type { DaemonContext } from './context.js';
import { handleConnect } from './forward/connect.js';
import { handleForwardRequest, refuseKillSwitch } from './forward/http.js';
import { createResolver } from './forward/resolve.js';
import type { HostResolver } from './forward/resolve.js';
import { createUpstreamPools } from './forward/upstream.js';
import { sendJson } from './forward/respond.js';
import { formatHostPort, parseListen } from './listen.js';
import { createMcpProxyHandler } from './mcp/reverse.js';
import type { McpDecisionRecord, McpProxyHandler } from './mcp/reverse.js';
import type { HostPort } from './listen.js';
import { handleEndpoint } from './ops/endpoints.js';
import type { EndpointOptions } from './ops/endpoints.js';
import { createKillSwitch } from './ops/killswitch.js';
import type { KillSwitch } from './ops/killswitch.js';
import { createConfigLogger } from './ops/logger.js';
import { loggedFindings } from './ops/logger.js';
import type { DecisionEntry, ProxyLogger } from './ops/logger.js';
import { createMetrics } from './ops/metrics.js';
import type { ProxyMetrics } from './ops/metrics.js';
import { createTlsInterception } from './tls/intercept.js';
import { createWebSocketProxy, WS_PATH } from './ws/proxy.js';

/** Concurrent client connections per listener (each CONNECT tunnel holds one). */
export const MAX_CLIENT_CONNECTIONS = 10_000;

export interface StartProxyOptions {
  config: Config;
  /** The file `config` came from; enables reload (SIGHUP, file watch). */
  configPath?: string;
  /** Forward proxy address; defaults to config.fetch_proxy.listen (127.0.0.1:8888). */
  listen?: string;
  /** A mode that overrides the file's, also after reloads (`pipelock run --mode`). */
  mode?: Mode;
  /** Values DLP watches for when dlp.scan_env is true; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Known secrets; defaults to the lines of dlp.secrets_file. */
  secrets?: string[];
  /** Where decision lines go; defaults to what config.logging says. */
  logger?: ProxyLogger;
  /** Watch configPath and reload on change (default true when configPath is given). */
  watchConfig?: boolean;
  /** How long close() waits for in-flight requests before cutting them (default 10 s). */
  drainTimeoutMs?: number;
  /**
   * DNS for agent-chosen destinations: host → every address it resolves to.
   * Default: the system resolver (dns.lookup) behind a 10 s cache. Whatever
   * it returns is what core checks and what the proxy dials.
   */
  resolve?: HostResolver;
  /** The MCP reverse proxy: listen here and forward to this (operator-trusted) MCP endpoint. */
  mcp?: { listen: string; upstream: string };
  /**
   * Extra CA certificates (PEM) trusted for https:// upstreams (absolute-URI
   * and intercepted requests), on top of Node's bundled roots. Without it the
   * default store applies, including NODE_EXTRA_CA_CERTS.
   */
  upstreamCa?: string[];
}

export interface RunningProxy {
  /** Where the forward proxy listens (port resolved when 0 was asked for). */
  readonly address: HostPort;
  /** The kill switch API listener, when kill_switch.api_listen is set. */
  readonly apiAddress: HostPort | undefined;
  /** The metrics listener, when metrics_listen is set. */
  readonly metricsAddress: HostPort | undefined;
  /** The MCP reverse proxy listener, when opts.mcp is given. */
  readonly mcpAddress: HostPort | undefined;
  /** The config in force now (after reloads). */
  readonly config: Config;
  readonly killSwitch: KillSwitch;
  readonly metrics: ProxyMetrics;
  readonly logger: ProxyLogger;
  /** Stop accepting, drain in-flight requests (bounded), close tunnels and listeners. */
  close(): Promise<void>;
  /** Re-read configPath; a bad file keeps the current config (returns false and logs why). */
  reload(): Promise<boolean>;
}

/** How long a DNS answer is reused. Short: lookup() does not report TTLs. */
const DNS_CACHE_MS = 10_000;

/** Lines of a secrets file: one secret per line; blank lines and # comments skipped. */
function readSecretsFile(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PipelockError('IO', `cannot read dlp.secrets_file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

function buildScanner(config: Config, opts: StartProxyOptions): Scanner {
  const cfg: Config = opts.mode !== undefined && opts.mode !== config.mode ? { ...config, mode: opts.mode } : config;
  const env = cfg.dlp.scan_env ? (opts.env ?? process.env) : undefined;
  const secrets = opts.secrets ?? (cfg.dlp.secrets_file !== '' ? readSecretsFile(cfg.dlp.secrets_file) : undefined);
  return createScanner(cfg, {
    ...(env !== undefined ? { env } : {}),
    ...(secrets !== undefined ? { secrets } : {}),
    now: Date.now,
  });
}

function listenOn(server: Server, addr: HostPort, what: string): Promise<HostPort> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(new PipelockError('IO', `cannot listen on ${formatHostPort(addr.host, addr.port)} (${what}): ${err.code ?? err.message}`));
    };
    server.once('error', onError);
    server.listen(addr.port, addr.host, () => {
      server.off('error', onError);
      const a = server.address() as AddressInfo;
      resolve({ host: a.address, port: a.port });
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}

export async function startProxy(opts: StartProxyOptions): Promise<RunningProxy> {
  let scanner = buildScanner(opts.config, opts);
  const logger = opts.logger ?? createConfigLogger(scanner.config.logging);
  const killSwitch = createKillSwitch(scanner.config.kill_switch);
  const metrics = createMetrics(() => killSwitch.active());
  const tlsInterception = createTlsInterception(metrics.registry);
  try {
    tlsInterception.configure(scanner.config); // a CA that cannot be loaded stops the start
  } catch (err) {
    tlsInterception.close();
    await logger.close?.();
    throw err;
  }
  const sockets = new Set<Socket>();
  const servers: Server[] = [];
  let drained: (() => void) | undefined;

  const d: DaemonContext = {
    scanner: () => scanner,
    logger,
    metrics,
    killSwitch,
    httpAgent: new HttpAgent({ keepAlive: true, maxFreeSockets: 64, scheduling: 'lifo', noDelay: true }),
    httpsAgent: new HttpsAgent({
      keepAlive: true,
      maxFreeSockets: 64,
      scheduling: 'lifo',
      noDelay: true,
      ...(opts.upstreamCa !== undefined ? { ca: [...rootCertificates, ...opts.upstreamCa] } : {}),
    }),
    upstreams: createUpstreamPools(opts.upstreamCa !== undefined ? { ca: [...rootCertificates, ...opts.upstreamCa] } : {}),
    resolve: opts.resolve ?? createResolver({ ttlMs: DNS_CACHE_MS, maxEntries: 1024 }),
    startedAt: Date.now(),
    listeners: {},
    tls: () => tlsInterception.current(),
    tunnels: new Set(),
    inflight: 0,
    draining: false,
    record(entry: DecisionEntry, findings: readonly Finding[]) {
      metrics.request(entry.proxy, entry.decision);
      if (findings.length > 0) metrics.findings(findings);
      const lg = scanner.config.logging;
      const blocked = entry.decision === 'block' || entry.decision === 'kill_switch';
      // Warnings and errors are always worth a line; plain allows only when asked.
      const wanted = blocked ? lg.include_blocked : entry.decision === 'allow' ? lg.include_allowed : true;
      if (wanted) logger.decision(entry);
    },
  };

  const track = (server: Server): void => {
    server.on('connection', (s: Socket) => {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
    });
    server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      if (socket.writable && err.code !== 'ECONNRESET') {
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      } else {
        socket.destroy();
      }
    });
    // A bounded wait for request headers and bodies from slow clients.
    server.headersTimeout = 30_000;
    server.requestTimeout = 120_000;
    // A bounded number of client connections; past it new sockets are
    // dropped at accept, and each drop is logged and counted.
    server.maxConnections = MAX_CLIENT_CONNECTIONS;
    server.on('drop', (data?: { remoteAddress?: string }) => {
      metrics.request('forward', 'limit');
      logger.event('warn', 'connection refused: too many client connections', { limit: MAX_CLIENT_CONNECTIONS, client: data?.remoteAddress ?? 'unknown' });
    });
    servers.push(server);
  };

  const counted = (res: ServerResponse): void => {
    d.inflight++;
    res.once('close', () => {
      d.inflight--;
      if (d.inflight === 0) drained?.();
    });
    if (d.draining) res.shouldKeepAlive = false;
  };

  const endpoint = (req: IncomingMessage, res: ServerResponse, endpoints: EndpointOptions): void => {
    try {
      handleEndpoint(d, req, res, endpoints);
    } catch (err) {
      logger.event('error', 'internal error in an endpoint', { error: (err as Error).message });
      sendJson(res, 500, { error: 'internal' });
    }
  };
  const localOnly = (endpoints: EndpointOptions) => (req: IncomingMessage, res: ServerResponse) => {
    counted(res);
    endpoint(req, res, endpoints);
  };

  const apiSeparate = scanner.config.kill_switch.api_listen !== '';
  const main = createServer({ noDelay: true }, (req, res) => {
    counted(res);
    const target = req.url ?? '';
    if (target.startsWith('/')) {
      endpoint(req, res, { ops: true, api: !apiSeparate, proxy: true });
      return;
    }
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      sendJson(res, 400, { error: 'bad_request', message: 'request target must be an absolute http(s) URL or a local path' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      sendJson(res, 400, { error: 'bad_request', message: `cannot proxy ${url.protocol} URLs` });
      return;
    }
    const cfg = scanner.config;
    if (!cfg.forward_proxy.enabled) {
      sendJson(res, 403, { error: 'forward_proxy_disabled', message: 'forward_proxy.enabled is false' });
      return;
    }
    if (d.draining) {
      sendJson(res, 503, { error: 'shutting_down', message: 'pipelock is shutting down' }, { connection: 'close' });
      return;
    }
    if (killSwitch.active() && !killSwitch.clientExempt(req.socket.remoteAddress)) {
      refuseKillSwitch(d, req, res, url);
      return;
    }
    handleForwardRequest(d, req, res, url).catch((err: unknown) => {
      // A bug, not a user error: fail closed, keep serving everyone else.
      logger.event('error', 'internal error while proxying', { error: (err as Error).message });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal', message: 'pipelock internal error; request not forwarded' });
      else res.destroy();
    });
  });
  main.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    try {
      handleConnect(d, req, socket, head);
    } catch (err) {
      // A bug fails this tunnel closed; the daemon keeps serving everyone else.
      logger.event('error', 'internal error on CONNECT; refused', { error: (err as Error).message });
      socket.destroy();
    }
  });
  const wsProxy = createWebSocketProxy(d);
  main.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    if (pathOnly(req.url ?? '') === WS_PATH) {
      try {
        wsProxy.handleUpgrade(req, socket, head);
      } catch (err) {
        logger.event('error', 'internal error on /ws; refused', { error: (err as Error).message });
        socket.destroy();
      }
      return;
    }
    const body = JSON.stringify({ error: 'not_implemented', message: 'protocol upgrades are not proxied; use CONNECT' }) + '\n';
    socket.on('error', () => socket.destroy());
    socket.end(
      `HTTP/1.1 501 Not Implemented\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
  track(main);

  const cleanupOnFailure = async (): Promise<void> => {
    await Promise.all(servers.map(closeServer));
    d.httpAgent.destroy();
    d.httpsAgent.destroy();
    await d.upstreams.destroy();
    tlsInterception.close();
    await logger.close?.();
  };

  let mcpHandler: McpProxyHandler | undefined;
  let mcpServer: Server | undefined;
  let mcpSweep: NodeJS.Timeout | undefined;
  if (opts.mcp !== undefined) {
    const upstreamUrl = new URL(opts.mcp.upstream);
    const handler = createMcpProxyHandler({
      upstream: opts.mcp.upstream,
      scanner: () => scanner,
      maxBodyBytes: scanner.config.request_body_scanning.max_body_bytes,
      upstreamTimeoutMs: scanner.config.fetch_proxy.timeout_seconds * 1000,
      record: (r: McpDecisionRecord) =>
        d.record(
          {
            time: new Date().toISOString(),
            proxy: 'mcp',
            client: r.client,
            method: r.method,
            host: upstreamUrl.host,
            path: upstreamUrl.pathname,
            decision: r.decision,
            ...(r.status !== undefined ? { status: r.status } : {}),
            ...(r.reason !== undefined ? { reason: r.reason } : {}),
            findings: loggedFindings(r.findings),
            duration_ms: r.durationMs,
          },
          r.findings,
        ),
    });
    mcpHandler = handler;
    mcpServer = createServer({ noDelay: true }, (req, res) => {
      counted(res);
      if (d.draining) {
        sendJson(res, 503, { error: 'shutting_down', message: 'pipelock is shutting down' }, { connection: 'close' });
        return;
      }
      if (killSwitch.active() && !killSwitch.clientExempt(req.socket.remoteAddress)) {
        const message = scanner.config.kill_switch.message;
        sendJson(res, 503, { jsonrpc: '2.0', id: null, error: { code: -32000, message: `pipelock: ${message}` } });
        d.record(
          {
            time: new Date().toISOString(),
            proxy: 'mcp',
            client: req.socket.remoteAddress ?? 'unknown',
            method: req.method ?? 'POST',
            host: upstreamUrl.host,
            path: upstreamUrl.pathname,
            decision: 'kill_switch',
            status: 503,
            reason: 'kill switch active',
            findings: [],
            duration_ms: 0,
          },
          [],
        );
        return;
      }
      handler.handle(req, res);
    });
    track(mcpServer);
    mcpSweep = setInterval(() => handler.sweep(), 60_000);
    metrics.mcpSessionSource(() => handler.sessionCount);
    mcpSweep.unref();
  }

  let address: HostPort;
  let apiAddress: HostPort | undefined;
  let metricsAddress: HostPort | undefined;
  let mcpAddress: HostPort | undefined;
  try {
    address = await listenOn(main, parseListen(opts.listen ?? scanner.config.fetch_proxy.listen), 'forward proxy');
    d.listeners['forward'] = formatHostPort(address.host, address.port);
    if (apiSeparate) {
      const api = createServer({ noDelay: true }, localOnly({ ops: false, api: true }));
      track(api);
      apiAddress = await listenOn(api, parseListen(scanner.config.kill_switch.api_listen), 'kill switch API');
      d.listeners['api'] = formatHostPort(apiAddress.host, apiAddress.port);
    }
    if (scanner.config.metrics_listen !== '') {
      const m = createServer({ noDelay: true }, localOnly({ ops: true, api: false }));
      track(m);
      metricsAddress = await listenOn(m, parseListen(scanner.config.metrics_listen), 'metrics');
      d.listeners['metrics'] = formatHostPort(metricsAddress.host, metricsAddress.port);
    }
    if (opts.mcp !== undefined && mcpServer !== undefined) {
      mcpAddress = await listenOn(mcpServer, parseListen(opts.mcp.listen), 'MCP reverse proxy');
      d.listeners['mcp'] = formatHostPort(mcpAddress.host, mcpAddress.port);
    }
  } catch (err) {
    clearInterval(mcpSweep);
    mcpHandler?.close();
    await cleanupOnFailure();
    throw err;
  }

  // ---- reload ----
  const configPath = opts.configPath !== undefined ? resolvePath(opts.configPath) : undefined;
  let reloading: Promise<boolean> = Promise.resolve(true);
  const reloadOnce = async (): Promise<boolean> => {
    const before = scanner.config;
    try {
      const next = configPath !== undefined ? parseConfig(await readFile(configPath, 'utf8')) : before;
      const built = buildScanner(next, opts);
      tlsInterception.configure(built.config); // throws (old config kept) when a new CA cannot be loaded
      scanner = built; // the swap: requests already running keep their scanner
      killSwitch.configure(built.config.kill_switch);
      metrics.reload(true);
      logger.event('info', 'config reloaded', { mode: built.config.mode, ...(configPath ? { file: configPath } : {}) });
      const restart: string[] = [];
      if (opts.listen === undefined && next.fetch_proxy.listen !== before.fetch_proxy.listen) restart.push('fetch_proxy.listen');
      if (next.kill_switch.api_listen !== before.kill_switch.api_listen) restart.push('kill_switch.api_listen');
      if (next.metrics_listen !== before.metrics_listen) restart.push('metrics_listen');
      if (next.logging.output !== before.logging.output || next.logging.file !== before.logging.file || next.logging.format !== before.logging.format) {
        restart.push('logging output');
      }
      if (restart.length > 0) logger.event('warn', 'some changes take effect only after a restart', { keys: restart.join(', ') });
      return true;
    } catch (err) {
      metrics.reload(false);
      logger.event('error', 'config reload failed; keeping the previous config', { error: (err as Error).message });
      return false;
    }
  };
  const reload = (): Promise<boolean> => {
    reloading = reloading.then(reloadOnce, reloadOnce);
    return reloading;
  };

  let watcher: FSWatcher | undefined;
  let debounce: NodeJS.Timeout | undefined;
  if (configPath !== undefined && opts.watchConfig !== false) {
    // Watch the directory: editors and ConfigMap updates replace the file rather than write it.
    const name = basename(configPath);
    try {
      watcher = watch(dirname(configPath), { persistent: false }, (_event, filename) => {
        if (filename !== null && filename !== name && filename !== '..data') return;
        clearTimeout(debounce);
        debounce = setTimeout(() => void reload(), 200);
        debounce.unref();
      });
      watcher.on('error', (err) => {
        logger.event('warn', 'config file watch stopped; SIGHUP still reloads', { error: err.message });
        watcher?.close();
        watcher = undefined;
      });
    } catch (err) {
      logger.event('warn', 'cannot watch the config file; SIGHUP still reloads', { error: (err as Error).message });
    }
  }

  // ---- shutdown ----
  let closing: Promise<void> | undefined;
  const drainTimeoutMs = opts.drainTimeoutMs ?? 10_000;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      d.draining = true;
      watcher?.close();
      clearTimeout(debounce);
      const closed = Promise.all(servers.map(closeServer));
      for (const s of servers) s.closeIdleConnections();
      for (const t of d.tunnels) t.destroy();
      tlsInterception.close();
      if (d.inflight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, drainTimeoutMs);
          timer.unref();
          drained = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      for (const s of servers) s.closeAllConnections();
      for (const s of sockets) s.destroy();
      await closed;
      clearInterval(mcpSweep);
      mcpHandler?.close();
      d.httpAgent.destroy();
      d.httpsAgent.destroy();
      await d.upstreams.destroy();
      await logger.close?.();
    })();
    return closing;
  };

  return {
    address,
    apiAddress,
    metricsAddress,
    mcpAddress,
    get config() {
      return scanner.config;
    },
    killSwitch,
    metrics,
    logger,
    close,
    reload,
  };
}
