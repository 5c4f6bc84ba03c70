// Leaf certificates by host, bounded (tls_interception.cert_cache_size, least
// recently used first out) and renewed before they expire (cert_ttl). Minting
// costs a key generation and a signature; a cache hit costs a Map lookup.
import { createSecureContext } from 'node:tls';
import type { SecureContext } from 'node:tls';
import type { CertAuthority, LeafCertificate } from './ca.js';

export interface LeafEntry {
  readonly leaf: LeafCertificate;
  readonly context: SecureContext;
}

export interface LeafCacheStats {
  minted: number;
  hits: number;
  size: number;
}

export interface LeafCache {
  /** The leaf for a normalized host (lower case, no brackets, no trailing dot), minted when missing or near expiry. */
  get(host: string): LeafEntry;
  stats(): LeafCacheStats;
}

export interface LeafCacheOptions {
  size: number;
  ttlMs: number;
  now?: () => number;
  /** Called with 'minted' or 'cached' on every get (metrics). */
  onLookup?: (result: 'minted' | 'cached') => void;
}

/** Renew when less than this share of the lifetime is left, so no handshake gets a leaf about to expire. */
const RENEW_FRACTION = 0.1;
const RENEW_MAX_MS = 60 * 60 * 1000;

export function createLeafCache(ca: CertAuthority, opts: LeafCacheOptions): LeafCache {
  const now = opts.now ?? Date.now;
  const size = Math.max(1, opts.size);
  const margin = Math.min(opts.ttlMs * RENEW_FRACTION, RENEW_MAX_MS);
  // Map iteration order is insertion order: delete + set moves an entry to the young end.
  const entries = new Map<string, LeafEntry>();
  let minted = 0;
  let hits = 0;
  return {
    get(host) {
      const hit = entries.get(host);
      if (hit !== undefined && hit.leaf.notAfter.getTime() - margin > now()) {
        entries.delete(host);
        entries.set(host, hit);
        hits++;
        opts.onLookup?.('cached');
        return hit;
      }
      const leaf = ca.mint(host, opts.ttlMs, new Date(now()));
      const entry: LeafEntry = { leaf, context: createSecureContext({ key: leaf.keyPem, cert: leaf.certPem }) };
      entries.delete(host);
      entries.set(host, entry);
      while (entries.size > size) entries.delete(entries.keys().next().value as string);
      minted++;
      opts.onLookup?.('minted');
      return entry;
    },
    stats: () => ({ minted, hits, size: entries.size }),
  };
}
