import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprint, redact } from './redact.js';

describe('redact', () => {
  it.each([
    ['', '…[0 chars]'],
    ['abc', '…[3 chars]'],
    ['abcd', 'a…[4 chars]'],
    ['AKIAZ7K2QX5MWB3RTJ4N', 'AKIAZ…[20 chars]'],
    ['x'.repeat(100), 'xxxxxx…[100 chars]'],
    ['\u0001\u0002ab-secret-value', '\u003f\u003fab…[17 chars]'],
    ['\u007fbcdefgh', '?b…[8 chars]'],
    ['é—üé—üé—ü', 'é—…[9 chars]'],
    // Characters outside the BMP count once, and a pair is never cut in half.
    ['\u{1F600}\u{1F600}\u{1F600}\u{1F600}tail', '\u{1F600}\u{1F600}…[8 chars]'],
  ])('redact(%j) = %j', (secret, shown) => {
    expect(redact(secret)).toBe(shown);
  });

  it('never shows more than a quarter of the value, nor more than six characters', () => {
    for (let n = 0; n < 60; n++) {
      const s = 'Zq8vN3xLp5Rt7Yw2Qa9KdL4mZq8vN3xLp5Rt7Yw2Qa9KdL4mZq8vN3xLp5Rt'.slice(0, n);
      const prefix = redact(s).split('…')[0]!;
      expect(prefix.length).toBeLessThanOrEqual(Math.min(6, Math.floor(n / 4)));
      expect(s.startsWith(prefix)).toBe(true);
    }
  });

  it('fingerprints are stable hex and differ by part', () => {
    expect(fingerprint('r', 'v')).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprint('r', 'v')).toBe(fingerprint('r', 'v'));
    expect(fingerprint('r', 'v')).not.toBe(fingerprint('r', 'w'));
  });

  it.each([[['AWS Access Key ID']], [['AWS Access Key ID', 'AKIAZ7K2QX5MWB3RTJ4N']], [['r', 'url.query.k', 'df96bf944e4208989fb5c457c0bd5f7c']], [['a', '', 'é', '\u{1F600}']]])(
    'fingerprint(%j) is the SHA-256 of each part followed by a NUL, as baselines recorded it',
    (parts) => {
      const h = createHash('sha256');
      for (const p of parts) h.update(p).update('\u0000');
      expect(fingerprint(...parts)).toBe(h.digest('hex').slice(0, 32));
    },
  );
});
