import { describe, expect, it } from 'vitest';
import { createScanContext } from '../scanner.js';
import { withDlpMemo } from './memo.js';
import { scanHttpRequest } from './request.js';

// Shaped like real credentials, not the vendors' published examples.
const AWS = 'AKIAZ3MQ7R4T5Y6U2WXP';
const GH = 'ghp_R8x2Lq9Vt4Nw7Kc1Hs5Pz3Mb6Jd0Fy2Ge8Ua';

describe('withDlpMemo', () => {
  const texts = [
    `x-api-key: ${AWS}`,
    `authorization: Bearer ${GH}`,
    'content-type: application/json',
    'The committee agreed to postpone the vendor decision.',
    '',
    `aws_secret_access_key = ${'wJalrXUtnFEMI/K7MDENG/bPxRfiCY'}${'Zq8Lm3Np'}`,
    `${'x'.repeat(600)} ${AWS}`, // longer than the table keeps
  ];

  it.each(texts.map((t) => [t.slice(0, 40), t]))('same hits as ctx.dlp, first, second (kept) and later (from the table) call: %s', (_n, text) => {
    const ctx = createScanContext();
    const memo = withDlpMemo(ctx);
    const direct = ctx.dlp(text);
    for (let i = 0; i < 4; i++) expect(memo.dlp(text), `call ${i}`).toEqual(direct);
  });

  it('texts that do not repeat, then one that does, amid many: always the engine\'s answer', () => {
    const ctx = createScanContext();
    const memo = withDlpMemo(ctx);
    const line = `x-api-key: ${AWS}`;
    const direct = ctx.dlp(line);
    for (let i = 0; i < 3000; i++) {
      expect(memo.dlp(`x-request-id: 6f1c2a9e-${i}`)).toEqual([]);
      if (i % 100 === 0) expect(memo.dlp(line)).toEqual(direct);
    }
  });

  it('a caller changing a hit it got does not change the next answer', () => {
    const ctx = createScanContext();
    const memo = withDlpMemo(ctx);
    const expected = structuredClone(memo.dlp(`x-api-key: ${AWS}`));
    expect(expected.length).toBeGreaterThan(0);
    // The second call's answer is what the table keeps; the third comes from the table.
    for (let i = 0; i < 3; i++) {
      const got = memo.dlp(`x-api-key: ${AWS}`);
      expect(got).toEqual(expected);
      for (const h of got) {
        h.excerpt = 'changed';
        h.encoding = ['changed'];
      }
      got.length = 0;
    }
    expect(memo.dlp(`x-api-key: ${AWS}`)).toEqual(expected);
  });

  it('one table per scan context: another config answers for itself', () => {
    const a = withDlpMemo(createScanContext());
    const b = withDlpMemo(createScanContext({ dlp: { include_defaults: false } }));
    expect(a.dlp(`x-api-key: ${AWS}`).length).toBeGreaterThan(0);
    expect(b.dlp(`x-api-key: ${AWS}`)).toEqual([]);
    expect(withDlpMemo(createScanContext())).not.toBe(a);
  });

  it('a request scanned again gives the same findings (locations, rules, fingerprints)', () => {
    const ctx = createScanContext();
    const req = {
      method: 'POST',
      url: 'https://example.com/upload',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${GH}`, 'x-aws': AWS, cookie: `sid=abc; api_key=${AWS}` },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: `key ${AWS}` }] }),
    };
    const first = scanHttpRequest(ctx, () => [], req);
    expect(first.action).toBe('block');
    expect(first.findings.map((f) => f.location)).toContain('header.authorization');
    expect(first.findings.map((f) => f.location)).toContain('body.$.messages[0].content');
    for (let i = 0; i < 3; i++) expect(scanHttpRequest(ctx, () => [], req)).toEqual(first);
    // And the same as a context that never saw it.
    expect(scanHttpRequest(createScanContext(), () => [], req)).toEqual(first);
  });
});
