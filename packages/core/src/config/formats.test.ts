import { describe, expect, it } from 'vitest';
import { globProblem, hostGlobProblem, isIp, listenProblem, parseCidr, parseDurationMs, re2Problem } from './formats.js';

describe('parseCidr', () => {
  it.each([
    ['10.0.0.0/8', 4, 8],
    ['0.0.0.0/0', 4, 0],
    ['255.255.255.255/32', 4, 32],
    ['::1/128', 6, 128],
    ['fc00::/7', 6, 7],
    ['::/0', 6, 0],
    ['::ffff:0:0/96', 6, 96],
    ['64:ff9b::/96', 6, 96],
    ['2001:db8:0:0:0:0:0:1/64', 6, 64],
    ['::ffff:10.0.0.1/128', 6, 128],
  ])('accepts %s', (s, family, prefix) => {
    expect(parseCidr(s)).toMatchObject({ family, prefix });
  });
  it.each(['10.0.0.0', '10.0.0.0/33', '10.0.0/8', '10.0.0.256/8', '010.0.0.0/8', '::1/129', '1::2::3/64', 'fe80::/-1', 'fe80::/08', 'x/8', '', '/8', '1:2:3:4:5:6:7:8:9/64'])(
    'rejects %j',
    (s) => {
      expect(parseCidr(s)).toBeUndefined();
    },
  );
  it('expands :: to the right bytes', () => {
    expect(parseCidr('fe80::1/10')?.bytes).toEqual([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });
});

describe('isIp', () => {
  it.each([
    ['127.0.0.1', true],
    ['::1', true],
    ['1.2.3', false],
    ['1.2.3.4.5', false],
    ['fe80::1%eth0', false],
    ['example.com', false],
  ])('%s → %s', (s, ok) => {
    expect(isIp(s)).toBe(ok);
  });
});

describe('hostGlobProblem', () => {
  it.each(['example.com', '*.example.com', 'api-*.example.com', '*', 'localhost', '10.0.0.1', '[::1]', 'example.com.', 'under_score.example'])(
    'accepts %s',
    (s) => {
      expect(hostGlobProblem(s)).toBeUndefined();
    },
  );
  it.each([
    ['', /empty/],
    [' example.com', /whitespace/],
    ['https://example.com', /scheme/],
    ['example.com/path', /path/],
    ['example.com:443', /port/],
    ['a..example.com', /empty label/],
    ['.example.com', /empty label/],
    ['exa mple.com', /characters/],
  ])('rejects %j', (s, why) => {
    expect(hostGlobProblem(s)).toMatch(why);
  });
});

describe('listenProblem', () => {
  it.each(['127.0.0.1:8888', ':8888', '0.0.0.0:0', '[::1]:8889', 'localhost:9090'])('accepts %s', (s) => {
    expect(listenProblem(s)).toBeUndefined();
  });
  it.each(['8888', '127.0.0.1', '127.0.0.1:99999', '[nothost]:80', 'a b:80', '*:80', 'http://x:80'])('rejects %s', (s) => {
    expect(listenProblem(s)).toBeDefined();
  });
});

describe('parseDurationMs (Go time.ParseDuration)', () => {
  it.each([
    ['24h', 86_400_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['300ms', 300],
    ['90s', 90_000],
    ['2m3.5s', 123_500],
    ['0', 0],
    ['-1h', -3_600_000],
    ['1000us', 1],
    ['.5s', 500],
  ])('%s → %d ms', (s, ms) => {
    expect(parseDurationMs(s)).toBe(ms);
  });
  it.each(['', '24', 'h', '1d', '1 h', '1h-30m', '.s', '1.2.3s'])('rejects %j', (s) => {
    expect(parseDurationMs(s)).toBeUndefined();
  });
});

describe('re2Problem', () => {
  it.each(['sk-ant-[a-zA-Z0-9\\-_]{10,}', '(?i)abc', '(?im)^\\s*system\\s*:', '(?i)((?-i:\\bDAN\\b)|x)', '\\p{Han}+'])('compiles %s', (s) => {
    expect(re2Problem(s)).toBeUndefined();
  });
  it.each(['(a)\\1', '(?=x)', '(?!x)', '(?<=x)y', '(?<!x)y', '[', 'a{2,1}'])('refuses %s', (s) => {
    expect(re2Problem(s)).toMatch(/^RE2 cannot compile this regex/);
  });
});

describe('globProblem', () => {
  it.each([
    ['src/*.ts', undefined],
    ['test/[ab].ts', undefined],
    ['a\\[b', undefined],
    ['src/[ab.ts', /never closed/],
  ])('%s', (g, want) => {
    if (want === undefined) expect(globProblem(g)).toBeUndefined();
    else expect(globProblem(g)).toMatch(want);
  });
});
