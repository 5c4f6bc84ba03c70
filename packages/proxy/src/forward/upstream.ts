// Upstream connections of the forward proxy: one undici Pool per checked
// address, port, scheme and TLS server name, so a kept-alive connection is
// only ever reused towards the very address a request was checked against
// (names resolving to different addresses never share one), and TLS still
// names and verifies the host the agent asked for. undici's client costs
// about a third less CPU per request than node:http's (docs/performance.md),
// and its dispatch API hands us each response chunk with no stream objects
// in between. Timeouts are the caller's: undici's own are switched off.
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';

/** Where one exchange goes: the checked address, and the name TLS must verify. */
export interface UpstreamOrigin {
  https: boolean;
  /** The resolved address core checked; dialled as is, never re-resolved. */
  ip: string;
  port: number;
  /** SNI and certificate name for https (absent for an IP literal). */
  servername?: string;
}

/** One request: the target's path and query, and the end-to-end headers (Host included) as a flat name, value list. */
export interface UpstreamRequest {
  method: string;
  path: string;
  headers: string[];
  body: Buffer | null;
}

export interface UpstreamPools {
  /** Send one request on a pooled connection to `origin`; the handler gets every event. */
  dispatch(origin: UpstreamOrigin, opts: UpstreamRequest, handler: Dispatcher.DispatchHandler): void;
  /** Pools open now (for tests and metrics). */
  readonly size: number;
  /** Cut every connection (shutdown). */
  destroy(): Promise<void>;
}

export interface UpstreamPoolOptions {
  /** CA certificates for https upstreams; Node's default store when absent. */
  ca?: string[];
  /** Pools kept at most; past it the oldest is closed gracefully (default 1024). */
  maxPools?: number;
  /** How long an idle upstream connection is kept when the upstream gives no Keep-Alive hint (ms). */
  keepAliveMs?: number;
}

export function createUpstreamPools(options: UpstreamPoolOptions = {}): UpstreamPools {
  const maxPools = options.maxPools ?? 1024;
  const pools = new Map<string, { pool: Pool; connected: number }>();
  const connect = {
    // The exchange's own deadline covers connecting, as it covers the rest.
    timeout: 0,
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
  };

  const retire = (key: string, entry: { pool: Pool }): void => {
    if (pools.get(key) !== entry) return;
    pools.delete(key);
    // Requests already queued on it still complete; new ones get a new pool.
    entry.pool.close().catch(() => {});
  };

  const poolFor = (o: UpstreamOrigin): Pool => {
    const key = `${o.https ? 's' : 'p'}|${o.ip}|${o.port}|${o.servername ?? ''}`;
    const found = pools.get(key);
    if (found !== undefined) return found.pool;
    const host = o.ip.includes(':') ? `[${o.ip}]` : o.ip;
    const pool = new Pool(`${o.https ? 'https' : 'http'}://${host}:${o.port}`, {
      connections: null,
      pipelining: 1,
      headersTimeout: 0,
      bodyTimeout: 0,
      keepAliveTimeout: options.keepAliveMs ?? 4_000,
      connect,
    });
    const entry = { pool, connected: 0 };
    // Like undici's Agent: a pool with no connection left is dropped, so the
    // map holds only destinations in use.
    pool.on('connect', () => {
      entry.connected++;
    });
    pool.on('disconnect', () => {
      if (--entry.connected <= 0) retire(key, entry);
    });
    pool.on('connectionError', () => {
      if (entry.connected <= 0) retire(key, entry);
    });
    pools.set(key, entry);
    if (pools.size > maxPools) {
      const [oldKey, oldest] = pools.entries().next().value as [string, { pool: Pool }];
      retire(oldKey, oldest);
    }
    return pool;
  };

  return {
    dispatch(origin, opts, handler) {
      // undici reads `servername` per request (its types omit it); a client
      // whose server name changes reconnects, so the pool key carries it too.
      const dispatchOpts = { ...opts, servername: origin.servername ?? null };
      poolFor(origin).dispatch(dispatchOpts as Dispatcher.DispatchOptions, handler);
    },
    get size() {
      return pools.size;
    },
    async destroy() {
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((e) => e.pool.destroy().catch(() => {})));
    },
  };
}
