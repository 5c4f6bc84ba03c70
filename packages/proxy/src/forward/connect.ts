// CONNECT tunnels: scan the authority (host, port, resolved addresses and
// the CONNECT request's headers), dial the checked address, then splice bytes
// both ways with a maximum lifetime and an idle timeout. The bytes inside
// are TLS and are not scanned here; with tls_interception they are decrypted
// and scanned by tls/intercept.ts instead of being spliced.
import type { IncomingMessage } from 'node:http';
import { connect as netConnect, isIP } from 'node:net';
import type { Socket } from 'node:net';
import { PipelockError, hostMatchesAuthority } from '@pipelock/core';
import type { Finding } from '@pipelock/core';
import { clientOf } from '../context.js';
import type { DaemonContext } from '../context.js';
import { Outcome } from '../ops/outcome.js';
import { bareHost } from './resolve.js';
import { blockBody, killSwitchBody } from './respond.js';
import { preDnsScan } from './scan.js';

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Answer a CONNECT with an error status and close the client socket. */
function refuse(socket: Socket, status: number, body: unknown): void {
  if (socket.destroyed) return;
  const text = JSON.stringify(body) + '\n';
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n` +
      'Connection: close\r\n\r\n' +
      text,
  );
  // A client that never reads must not keep the socket.
  socket.setTimeout(5000, () => socket.destroy());
}

/** 'host:port' (IPv6 bracketed) to its parts; undefined for anything else (userinfo, paths, no port). */
export function parseAuthority(authority: string): { host: string; port: number } | undefined {
  const colon = authority.lastIndexOf(':');
  if (colon <= 0 || colon < authority.lastIndexOf(']')) return undefined;
  const portText = authority.slice(colon + 1);
  const port = Number(portText);
  if (portText === '' || !Number.isInteger(port) || port < 1 || port > 65535 || String(port) !== portText) return undefined;
  let url: URL;
  try {
    url = new URL(`https://${authority}/`);
  } catch {
    return undefined;
  }
  if (url.username !== '' || url.password !== '' || url.pathname !== '/' || url.search !== '' || url.hash !== '') return undefined;
  const host = bareHost(url.hostname);
  if (host === '') return undefined;
  return { host, port };
}

/** Open CONNECT tunnels per daemon; past it a CONNECT gets 503. */
export const MAX_TUNNELS = 4096;

export function handleConnect(d: DaemonContext, req: IncomingMessage, client: Socket, head: Buffer): void {
  client.on('error', () => client.destroy());
  const scanner = d.scanner();
  const cfg = scanner.config;
  const authority = req.url ?? '';
  const out = new Outcome(d, 'connect', clientOf(client), 'CONNECT', authority, '');
  const findings = out.findings;
  const timed = <T>(fn: () => T): T => out.scan(fn);
  const done = (decision: string, status: number | undefined, reason?: string): void => out.finish(decision, status, reason);

  if (d.draining) {
    refuse(client, 503, { error: 'shutting_down', message: 'pipelock is shutting down' });
    done('error', 503, 'shutting down');
    return;
  }
  if (!cfg.forward_proxy.enabled) {
    refuse(client, 403, { error: 'forward_proxy_disabled', message: 'forward_proxy.enabled is false' });
    done('block', 403, 'forward proxy disabled');
    return;
  }
  if (d.killSwitch.active() && !d.killSwitch.clientExempt(client.remoteAddress)) {
    refuse(client, 503, killSwitchBody(cfg.kill_switch.message));
    done('kill_switch', 503, 'kill switch active');
    return;
  }
  if (d.tunnels.size >= MAX_TUNNELS) {
    refuse(client, 503, { error: 'too_many_tunnels', message: `at most ${MAX_TUNNELS} CONNECT tunnels are open at once` });
    done('block', 503, 'tunnel limit');
    return;
  }
  const target = parseAuthority(authority);
  if (!target) {
    refuse(client, 400, { error: 'bad_request', message: 'CONNECT needs a host:port authority' });
    done('error', 400, 'malformed CONNECT authority');
    return;
  }
  if (!hostMatchesAuthority(typeof req.headers.host === 'string' ? req.headers.host : undefined, authority, 443)) {
    // Fail closed: the tunnel's authority and its Host header disagree.
    refuse(client, 400, { error: 'host_mismatch', message: 'the Host header does not match the CONNECT authority' });
    done('block', 400, 'Host/authority mismatch');
    return;
  }
  const url = `https://${authority}/`;
  const blocked = (status = 403): void => {
    refuse(client, status, blockBody(cfg, findings, 'tunnel'));
    done('block', status);
  };

  // Before DNS: a secret in a subdomain must not leave as a lookup.
  const pre = timed(() => preDnsScan(scanner, target.host));
  findings.push(...pre.findings);
  if (pre.action === 'block') return blocked();

  const timeoutMs = cfg.fetch_proxy.timeout_seconds * 1000;
  const port = target.port;
  const afterDns = (ips: string[]): void => {
    if (client.destroyed) {
      done('error', undefined, 'client closed before the tunnel opened');
      return;
    }
    // The URL pipeline on the addresses we will dial (SSRF) and the CONNECT
    // request's own headers (credentials in headers), in one call.
    const reqScan = timed(() => scanner.scanRequest({ method: 'CONNECT', url, headers: req.headers, resolvedIps: ips, transport: 'connect' }));
    out.add(reqScan);
    if (reqScan.action === 'block') return blocked();
    const tls = d.tls();
    if (tls?.intercepts(target.host)) {
      const warned = (): boolean => findings.some((f) => f.action === 'warn');
      tls.intercept(d, client, head, { authority, host: target.host, port }, ips, (decision, status, reason) =>
        done(decision === 'allow' && warned() ? 'warn' : decision, status, reason),
      );
      return;
    }
    open(d, client, head, url, ips[0] as string, port, timeoutMs, findings, done);
  };
  d.resolve(target.host, timeoutMs).then(
    (ips) => {
      try {
        afterDns(ips);
      } catch (err) {
        // A bug must fail this tunnel closed, not become an unhandled rejection.
        d.logger.event('error', 'internal error while opening a tunnel; refused', { error: (err as Error).message });
        refuse(client, 500, { error: 'internal', message: 'pipelock internal error; tunnel refused' });
        done('error', 500, 'internal error');
      }
    },
    (err: unknown) => {
      const timeout = err instanceof PipelockError && err.code === 'UPSTREAM_TIMEOUT';
      const message = (err as Error).message;
      refuse(client, timeout ? 504 : 502, { error: timeout ? 'upstream_timeout' : 'upstream_failed', message });
      done('error', timeout ? 504 : 502, message);
    },
  );
}

function open(
  d: DaemonContext,
  client: Socket,
  head: Buffer,
  url: string,
  ip: string,
  port: number,
  timeoutMs: number,
  findings: Finding[],
  done: (decision: string, status: number | undefined, reason?: string) => void,
): void {
  const scanner = d.scanner();
  const cfg = scanner.config;
  const upstream = netConnect({ host: ip, port, family: isIP(ip) });
  let opened = false;
  let finished = false;
  const connectTimer = setTimeout(() => {
    upstream.destroy(new PipelockError('UPSTREAM_TIMEOUT', `connect to ${ip}:${port} timed out`));
  }, timeoutMs);

  const finish = (reason?: string): void => {
    if (finished) return;
    finished = true;
    clearTimeout(connectTimer);
    clearTimeout(lifetime);
    client.destroy();
    upstream.destroy();
    if (opened) {
      d.tunnels.delete(client);
      const sent = upstream.bytesWritten;
      const received = upstream.bytesRead;
      d.metrics.tunnelClosed(sent, received);
      if (received > 0) findings.push(...scanner.recordBytes(url, received).findings);
      done(findings.some((f) => f.action === 'warn') ? 'warn' : 'allow', 200, reason);
    }
  };
  let lifetime: NodeJS.Timeout | undefined;

  upstream.on('error', (err: Error) => {
    if (finished) return;
    if (!opened) {
      finished = true;
      clearTimeout(connectTimer);
      const timeout = err instanceof PipelockError && err.code === 'UPSTREAM_TIMEOUT';
      const code = (err as NodeJS.ErrnoException).code;
      const message = timeout ? err.message : `cannot connect to ${ip}:${port}${code ? ` (${code})` : ''}`;
      refuse(client, timeout ? 504 : 502, { error: timeout ? 'upstream_timeout' : 'upstream_failed', message });
      done('error', timeout ? 504 : 502, message);
      return;
    }
    finish(`upstream error: ${err.message}`);
  });
  client.once('close', () => {
    if (!opened && !finished) {
      finished = true;
      clearTimeout(connectTimer);
      upstream.destroy();
      done('error', undefined, 'client closed before the tunnel opened');
      return;
    }
    finish();
  });

  upstream.once('connect', () => {
    clearTimeout(connectTimer);
    if (client.destroyed) {
      upstream.destroy();
      return;
    }
    opened = true;
    d.tunnels.add(client);
    d.metrics.tunnelOpened();
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) upstream.write(head);
    lifetime = setTimeout(() => finish('max_tunnel_seconds reached'), cfg.forward_proxy.max_tunnel_seconds * 1000);
    // A socket's timeout counts its reads and its writes, so the client side
    // alone sees traffic in both directions (one timer refresh per chunk, not two).
    client.setTimeout(cfg.forward_proxy.idle_timeout_seconds * 1000, () => finish('idle_timeout_seconds reached'));
    upstream.on('close', () => finish());
    client.pipe(upstream);
    upstream.pipe(client);
  });
}
