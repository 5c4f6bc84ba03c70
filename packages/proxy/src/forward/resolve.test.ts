import { describe, expect, it } from 'vitest';
import { createResolver, resolveHost } from './resolve.js';

describe('resolveHost', () => {
  it('returns IP literals as they are and resolves names', async () => {
    expect(await resolveHost('10.1.2.3', 1000)).toEqual(['10.1.2.3']);
    expect(await resolveHost('::1', 1000)).toEqual(['::1']);
    expect((await resolveHost('localhost', 2000)).length).toBeGreaterThan(0);
  });

  it('turns a failed lookup into a clear UPSTREAM_FAILED error', async () => {
    await expect(resolveHost('no-such-host.invalid', 5000)).rejects.toMatchObject({ code: 'UPSTREAM_FAILED', message: expect.stringContaining('cannot resolve no-such-host.invalid') });
  });
});

describe('createResolver', () => {
  it('shares concurrent lookups, caches until the TTL passes, and stays bounded', async () => {
    let t = 0;
    const r = createResolver({ ttlMs: 1000, maxEntries: 1, now: () => t });
    const [a, b] = await Promise.all([r('localhost', 2000), r('LOCALHOST', 2000)]);
    expect(a).toBe(b);
    expect(await r('localhost', 2000)).toBe(a);
    t = 1001;
    expect(await r('localhost', 2000)).not.toBe(a);
    expect(await r('10.0.0.1', 1000)).toEqual(['10.0.0.1']);
  });
});
