// Reaching a destination the agent chose (forward proxy, /fetch, /ws): DLP on
// the host before any DNS query, resolve, the URL pipeline with SSRF on the
// resolved addresses, then connect to exactly the address that was checked.
// Never dial a name: a second DNS answer (rebinding) must not be used.
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { Finding, HeadersLike, Scanner } from '@pipelock/core';
import type { DaemonContext } from '../context.js';
import { bareHost } from './resolve.js';
import { preDnsScan } from './scan.js';

export function defaultPort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' || url.protocol === 'wss:' ? 443 : 80;
}

export function isSecure(url: URL): boolean {
  return url.protocol === 'https:' || url.protocol === 'wss:';
}

/**
 * Request options that dial the checked address while Host and TLS SNI still
 * name the original host (the caller sets the Host header from `url.host`).
 */
export function pinnedOptions(d: DaemonContext, url: URL, ip: string): {
  host: string;
  port: number;
  setHost: false;
  agent: DaemonContext['httpAgent'] | DaemonContext['httpsAgent'];
  servername?: string;
} {
  const hostname = bareHost(url.hostname);
  const base = { host: ip, port: defaultPort(url), setHost: false as const };
  if (!isSecure(url)) return { ...base, agent: d.httpAgent };
  return isIP(hostname) === 0 ? { ...base, agent: d.httpsAgent, servername: hostname } : { ...base, agent: d.httpsAgent };
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for clients that insist on connecting by name (the ws client
 * sets host itself): every lookup answers the checked address and nothing else.
 */
export function checkedLookup(ip: string): (hostname: string, options: LookupOptions, callback: LookupCallback) => void {
  const family = isIP(ip);
  return (_hostname, options, callback) => {
    if (options.all === true) callback(null, [{ address: ip, family }]);
    else callback(null, ip, family);
  };
}

export type DestinationCheck =
  | { ok: true; ip: string; ips: string[]; findings: Finding[] }
  | { ok: false; kind: 'blocked'; findings: Finding[] }
  | { ok: false; kind: 'unreachable'; error: unknown; findings: Finding[] };

/**
 * Host DLP before DNS, resolve, then the URL pipeline (and the request's
 * headers, when given) on the resolved addresses. Findings of every step are
 * returned, also when the destination is allowed (warn).
 */
export async function checkDestination(
  d: DaemonContext,
  scanner: Scanner,
  url: URL,
  transport: 'fetch' | 'websocket',
  headers?: HeadersLike,
): Promise<DestinationCheck> {
  const cfg = scanner.config;
  const host = bareHost(url.hostname);
  const pre = preDnsScan(scanner, host);
  if (pre.action === 'block') return { ok: false, kind: 'blocked', findings: [...pre.findings] };
  let ips: string[];
  try {
    ips = await d.resolve(host, cfg.fetch_proxy.timeout_seconds * 1000);
  } catch (error) {
    return { ok: false, kind: 'unreachable', error, findings: [...pre.findings] };
  }
  const result = scanner.scanRequest({ method: 'GET', url: url.href, ...(headers ? { headers } : {}), resolvedIps: ips, transport });
  const findings = [...pre.findings];
  for (const f of result.findings) {
    if (!findings.some((g) => g.rule === f.rule && g.location === f.location && g.scanner === f.scanner)) findings.push(f);
  }
  if (result.action === 'block') return { ok: false, kind: 'blocked', findings };
  return { ok: true, ip: ips[0] as string, ips, findings };
}
