import { describe, expect, it } from 'vitest';
import { MIN_LABEL_LENGTH, MIN_SEGMENT_LENGTH, entropyCandidate, shannonEntropy } from './entropy.js';

describe('shannonEntropy', () => {
  it.each([
    ['', 0],
    ['aaaa', 0],
    ['ab', 1],
    ['abcd', 2],
    ['aabb', 1],
    ['0123456789abcdef', 4],
  ])('%j -> %d bits/char', (s, bits) => {
    expect(shannonEntropy(s)).toBeCloseTo(bits, 10);
  });

  it('handles non-ASCII and leaves no state behind', () => {
    expect(shannonEntropy('ééàà')).toBeCloseTo(1, 10);
    expect(shannonEntropy('abé')).toBeCloseTo(Math.log2(3), 10);
    expect(shannonEntropy('ab')).toBeCloseTo(1, 10);
  });
});

describe('entropyCandidate (what is never measured)', () => {
  const seg = (s: string) => entropyCandidate(s, MIN_SEGMENT_LENGTH, 'segment');

  it.each([
    ['uuid', '3f2b8c1e-9a4d-4e6f-b2c1-7d8e9f0a1b2c'],
    ['uuid with prefix', 'user-3f2b8c1e-9a4d-4e6f-b2c1-7d8e9f0a1b2c'],
    ['git sha', '9fceb02d0ae598e95dc970b74767f19372d61af8'],
    ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['docker digest', 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['asset hash', 'app.3f9a8c1e.js'],
    ['next chunk', 'framework-2c79e2a64abdb08b.js'],
    ['next page chunk', '_app-5f2c3b0e9a8d7c6bXyZ9QwErTy.js'],
    ['base64-looking image name', 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk.png'],
    ['font', 'Inter-Variable.a8c3e9f1b2d4Qw7Zx.woff2'],
    ['semver', 'v12.3.45-beta.1+build.20240115'],
    ['date', '2024-01-15T10:30:00Z'],
    ['slug', 'how-to-configure-the-proxy-server-for-production'],
    ['wiki title', 'List_of_countries_by_population'],
    ['short id', 'cus_NffrFeUfNV2Hib'],
  ])('%s: %s', (_name, s) => {
    expect(seg(s)).toBeNull();
  });

  it('keeps random mixed text (what an encoded secret looks like)', () => {
    const s = 'c2stbGl2ZS1hYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3';
    expect(seg(s)).toBe(s);
    expect(shannonEntropy(s)).toBeGreaterThan(4.5);
  });

  it('labels: hex-only and short labels are not measured', () => {
    expect(entropyCandidate('d1a2b3c4d5e6f7a8b9c0d1e2', MIN_LABEL_LENGTH, 'label')).toBeNull();
    expect(entropyCandidate('shortlabel', MIN_LABEL_LENGTH, 'label')).toBeNull();
    expect(entropyCandidate('k3j9x2m8q7w1z5v4n6b0', MIN_LABEL_LENGTH, 'label')).toBe('k3j9x2m8q7w1z5v4n6b0');
  });
});
