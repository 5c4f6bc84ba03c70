// What every listener of one daemon shares: the current scanner (swapped
// atomically on reload; a request keeps the scanner it started with), the
// logger, metrics, kill switch, outgoing agents and the bookkeeping that
// graceful shutdown needs.
import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import type { Finding, Scanner } from '@pipelock/core';
import type { HostResolver } from './forward/resolve.js';
import type { UpstreamPools } from './forward/upstream.js';
import type { KillSwitch } from './ops/killswitch.js';
import type { DecisionEntry, ProxyLogger } from './ops/logger.js';
import type { ProxyMetrics } from './ops/metrics.js';
import type { TlsInterceptor } from './tls/intercept.js';

export interface DaemonContext {
  scanner(): Scanner;
  readonly logger: ProxyLogger;
  readonly metrics: ProxyMetrics;
  readonly killSwitch: KillSwitch;
  readonly httpAgent: HttpAgent;
  readonly httpsAgent: HttpsAgent;
  /** The forward proxy's upstream connections (undici pools per checked address). */
  readonly upstreams: UpstreamPools;
  /** DNS for agent-chosen destinations (cached briefly; see forward/resolve.ts). */
  readonly resolve: HostResolver;
  readonly startedAt: number;
  /** name → 'host:port' of every listener, for /health. */
  readonly listeners: Record<string, string>;
  /** TLS interception for the config in force; undefined while tls_interception.enabled is false. */
  tls(): TlsInterceptor | undefined;
  /** Open CONNECT tunnels (client sockets), closed on shutdown. */
  readonly tunnels: Set<Socket>;
  /** Proxied requests in flight, drained on shutdown. */
  inflight: number;
  draining: boolean;
  /** Log a decision if logging.include_allowed / include_blocked say so, and count it. */
  record(entry: DecisionEntry, findings: readonly Finding[]): void;
}

/** The path of a URL-ish request target without its query string (queries may hold secrets). */
export function pathOnly(target: string): string {
  const q = target.indexOf('?');
  const h = target.indexOf('#');
  let end = target.length;
  if (q >= 0) end = q;
  if (h >= 0 && h < end) end = h;
  return target.slice(0, end);
}

export function clientOf(socket: Socket): string {
  return socket.remoteAddress ?? 'unknown';
}
