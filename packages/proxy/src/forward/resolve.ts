// DNS for destinations the agent chooses. The proxy resolves, core decides
// (SSRF on the resolved addresses), and the proxy then connects to the very
// address that was checked, so a second DNS answer (rebinding) never matters.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { PipelockError } from '@pipelock/core';

/** URL.hostname keeps IPv6 brackets ('[::1]'); sockets want them gone. */
export function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** Every address the host resolves to (all are checked; the first is used). */
export async function resolveHost(host: string, timeoutMs: number): Promise<string[]> {
  if (isIP(host) !== 0) return [host];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PipelockError('UPSTREAM_TIMEOUT', `DNS lookup of ${host} timed out`, { data: { host } })),
      timeoutMs,
    );
  });
  try {
    const answers = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
    const ips = answers.map((a) => a.address);
    if (ips.length === 0) throw new PipelockError('UPSTREAM_FAILED', `cannot resolve ${host}: no addresses`, { data: { host } });
    return ips;
  } catch (err) {
    if (err instanceof PipelockError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new PipelockError('UPSTREAM_FAILED', `cannot resolve ${host} (${code})`, { data: { host }, cause: err });
  } finally {
    clearTimeout(timer);
  }
}

export type HostResolver = (host: string, timeoutMs: number) => Promise<string[]>;

/**
 * resolveHost with a small cache: most agents call the same few API hosts,
 * and without a local resolver cache every request would pay a DNS round
 * trip. Cached answers are still checked by core on every request, and the
 * proxy still dials the address it checked, so caching never weakens the
 * rebinding defence. Concurrent lookups of one host share one query; failures
 * are not cached. Bounded: oldest entries go first.
 */
export function createResolver(opts: { ttlMs: number; maxEntries: number; now?: () => number }): HostResolver {
  const now = opts.now ?? Date.now;
  const cache = new Map<string, { ips: string[]; expires: number }>();
  const pending = new Map<string, Promise<string[]>>();
  return (host, timeoutMs) => {
    if (isIP(host) !== 0) return Promise.resolve([host]);
    const key = host.toLowerCase();
    const hit = cache.get(key);
    if (hit !== undefined && hit.expires > now()) return Promise.resolve(hit.ips);
    let p = pending.get(key);
    if (p === undefined) {
      p = resolveHost(key, timeoutMs).then(
        (ips) => {
          pending.delete(key);
          cache.delete(key);
          cache.set(key, { ips, expires: now() + opts.ttlMs });
          while (cache.size > opts.maxEntries) cache.delete(cache.keys().next().value as string);
          return ips;
        },
        (err: unknown) => {
          pending.delete(key);
          throw err;
        },
      );
      pending.set(key, p);
    }
    return p;
  };
}
