// Per-base-domain sliding windows for the request rate limit and the data
// budget. The window is one minute in six 10-second buckets, so memory per
// domain is constant and "in the last minute" is exact to 10 s. The number
// of tracked domains is capped; the least recently used is evicted first
// (an attacker rotating many domains can reset an old domain's window, which
// only gives back what a minute of waiting would).

const BUCKETS = 6;
const BUCKET_MS = 10_000;

interface DomainWindow {
  /** Index (time / BUCKET_MS) of the newest bucket written. */
  bucket: number;
  requests: Float64Array;
  bytes: Float64Array;
}

export class DomainWindows {
  private readonly map = new Map<string, DomainWindow>();
  constructor(private readonly maxDomains: number) {}

  get size(): number {
    return this.map.size;
  }

  private window(domain: string, now: number): DomainWindow {
    const bucket = Math.floor(now / BUCKET_MS);
    let w = this.map.get(domain);
    if (w === undefined) {
      if (this.map.size >= this.maxDomains) {
        const oldest = this.map.keys().next();
        if (!oldest.done) this.map.delete(oldest.value);
      }
      w = { bucket, requests: new Float64Array(BUCKETS), bytes: new Float64Array(BUCKETS) };
      this.map.set(domain, w);
      return w;
    }
    if (bucket > w.bucket) {
      // Refresh recency (Map iteration order is insertion order) at most once
      // per bucket per domain: LRU to within 10 s, without a re-insert per request.
      this.map.delete(domain);
      this.map.set(domain, w);
      const steps = Math.min(BUCKETS, bucket - w.bucket);
      for (let k = 1; k <= steps; k++) {
        const idx = (w.bucket + k) % BUCKETS;
        w.requests[idx] = 0;
        w.bytes[idx] = 0;
      }
      w.bucket = bucket;
    }
    // A clock that goes backwards keeps writing to the newest bucket.
    return w;
  }

  /**
   * Count one request unless `limit` requests were already made in the last
   * minute. Returns the count before this request, or -1 when it was refused.
   */
  takeRequest(domain: string, now: number, limit: number): number {
    const w = this.window(domain, now);
    let total = 0;
    for (let i = 0; i < BUCKETS; i++) total += w.requests[i] as number;
    if (total >= limit) return -1;
    const idx = w.bucket % BUCKETS;
    w.requests[idx] = (w.requests[idx] as number) + 1;
    return total;
  }

  /** Add bytes (may be 0) and return the total for the last minute. */
  addBytes(domain: string, now: number, bytes: number): number {
    const w = this.window(domain, now);
    if (bytes > 0) {
      const idx = w.bucket % BUCKETS;
      w.bytes[idx] = (w.bytes[idx] as number) + bytes;
    }
    let total = 0;
    for (let i = 0; i < BUCKETS; i++) total += w.bytes[i] as number;
    return total;
  }
}
