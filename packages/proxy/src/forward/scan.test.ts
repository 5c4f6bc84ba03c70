import { createScanner } from '@pipelock/core';
import { describe, expect, it } from 'vitest';
import { preDnsScan } from './scan.js';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const awsKey = (): string => `AKIA${Array.from({ length: 16 }, (_, i) => B32[(i * 7 + 3) % 32]).join('')}`;

describe('preDnsScan', () => {
  it('finds a secret packed into host labels, every time it is asked', () => {
    const s = createScanner({});
    const host = `${awsKey().toLowerCase()}.${awsKey()}.exfil.example`;
    for (let i = 0; i < 3; i++) {
      const r = preDnsScan(s, host);
      expect(r.action).toBe('block');
      expect(r.findings.map((f) => [f.rule, f.location])).toContainEqual(['AWS Access Key ID', 'url.host']);
    }
  });

  it('answers clean hosts and IP literals without findings, also from memory', () => {
    const s = createScanner({});
    for (const host of ['api.openai.com', 'api.openai.com', '10.0.0.1', '::1']) {
      expect(preDnsScan(s, host)).toEqual({ action: 'allow', findings: [] });
    }
  });

  it('remembers per scanner: another config decides for itself', () => {
    const host = 'build-cache.internal.example';
    const plain = createScanner({});
    expect(preDnsScan(plain, host).findings).toEqual([]);
    const strict = createScanner({ dlp: { patterns: [{ name: 'Internal Host', regex: 'build-cache\\.internal', severity: 'high' }] } });
    expect(preDnsScan(strict, host).findings.map((f) => f.rule)).toEqual(['Internal Host']);
  });
});
