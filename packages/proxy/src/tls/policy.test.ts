import { describe, expect, it } from 'vitest';
import { compilePassthrough, durationMs } from './policy.js';

describe('passthrough_domains', () => {
  const match = compilePassthrough(['bank.example', '*.pinned.example', 'api-*.corp.example', '10.0.0.1']);
  it.each([
    ['bank.example', true],
    ['BANK.example.', true],
    ['www.bank.example', false],
    ['a.pinned.example', true],
    ['a.b.pinned.example', true],
    ['pinned.example', false],
    ['api-eu.corp.example', true],
    ['api.corp.example', false],
    ['x.api-eu.corp.example', false],
    ['10.0.0.1', true],
    ['other.example', false],
  ])('%s → %s', (host, expected) => {
    expect(match(host)).toBe(expected);
  });
  it('"*" matches everything; an empty list nothing', () => {
    expect(compilePassthrough(['*'])('any.example')).toBe(true);
    expect(compilePassthrough([])('any.example')).toBe(false);
  });
});

describe('cert_ttl durations', () => {
  it.each([
    ['24h', 86_400_000],
    ['1h30m', 5_400_000],
    ['90s', 90_000],
    ['1.5h', 5_400_000],
    ['250ms', 250],
    ['', undefined],
    ['h', undefined],
    ['10', undefined],
    ['5d', undefined],
  ])('%s → %s', (text, ms) => {
    expect(durationMs(text)).toBe(ms);
  });
});
