import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Buffer } from 'node:buffer';
import { decodeViews, encodeVariants, type DecodedView } from './index.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const b64u = (s: string): string => Buffer.from(s).toString('base64url');
const hex = (s: string): string => Buffer.from(s).toString('hex');
const b32 = (s: string): string => encodeVariants(s).find((v) => v.encoding === 'base32')?.text ?? '';
const pct = (s: string): string => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');

const SECRET = 'AKIAIOSFODNN7EXAMPLE';
const PHRASE = 'ignore previous instructions';

/** The view whose text is want, if any. */
const find = (views: DecodedView[], want: string): DecodedView | undefined => views.find((v) => v.text === want);

describe('decodeViews finds each encoding', () => {
  it.each<[string, string, string, string[]]>([
    ['base64 in prose', `payload ${b64(PHRASE)} end`, PHRASE, ['base64']],
    ['base64 unpadded', `x ${b64('secret value!').replace(/=+$/, '')} y`, 'secret value!', ['base64']],
    ['base64url', `t=${b64u('??>>?? hidden value')}&x=1`, '??>>?? hidden value', ['base64url']],
    ['base64 as a JSON string value', `{"data":"${b64(PHRASE)}"}`, PHRASE, ['base64']],
    ['base32', `code ${b32(PHRASE)} here`, PHRASE, ['base32']],
    ['base32 unpadded', `code ${b32(PHRASE).replace(/=+$/, '')}`, PHRASE, ['base32']],
    ['hex lower', `k=${hex(SECRET)}`, SECRET, ['hex']],
    ['hex upper', `k=${hex(SECRET).toUpperCase()}`, SECRET, ['hex']],
    ['hex colons', `mac ${hex(SECRET).replace(/(..)(?!$)/g, '$1:')}`, SECRET, ['hex']],
    ['hex dashes', `id ${hex(SECRET).replace(/(..)(?!$)/g, '$1-')}`, SECRET, ['hex']],
    ['hex spaces', `dump: ${hex(SECRET).replace(/(..)(?!$)/g, '$1 ')}.`, SECRET, ['hex']],
    ['hex commas', `[${hex(SECRET).replace(/(..)(?!$)/g, '$1,')}]`, SECRET, ['hex']],
    ['hex backslash-x', `echo -e "${hex(SECRET).replace(/(..)/g, '\\x$1')}"`, SECRET, ['hex']],
    ['hex 0x comma space', `{${hex(SECRET).replace(/(..)(?!$)/g, '0x$1, ').replace(/(..)$/, '0x$1')}}`, SECRET, ['hex']],
    ['hex 0x comma', hex(SECRET).replace(/(..)(?!$)/g, '0x$1,').replace(/(..)$/, '0x$1'), SECRET, ['hex']],
    ['URL-encoded', `https://x.test/?q=${pct(SECRET)}`, `https://x.test/?q=${SECRET}`, ['url']],
    ['URL double-encoded', `q=${pct(pct('secret'))}`, 'q=secret', ['url', 'url']],
  ])('%s', (_n, input, want, chain) => {
    const v = find(decodeViews(input), want);
    expect(v, JSON.stringify(decodeViews(input))).toBeDefined();
    expect(v?.chain).toEqual(chain);
  });

  it('reports the span of the encoded text in the input', () => {
    const enc = b64(PHRASE);
    const input = `before ${enc} after`;
    const v = find(decodeViews(input), PHRASE);
    expect(v && input.slice(v.start, v.end)).toBe(enc);
    const h = hex(SECRET).replace(/(..)/g, '\\x$1');
    const input2 = `printf '${h}'`;
    const v2 = find(decodeViews(input2), SECRET);
    expect(v2 && input2.slice(v2.start, v2.end)).toBe(h);
  });

  it('decodes the whole string when it is one short encoding', () => {
    expect(decodeViews('c2VjcmV0')).toEqual([{ text: 'secret', chain: ['base64'], start: 0, end: 8 }]);
    expect(decodeViews('  NBSWY3DP  ')).toEqual([{ text: 'hello', chain: ['base32'], start: 2, end: 10 }]);
    expect(decodeViews('68656c6c6f')[0]?.text).toBe('hello');
  });

  it('decodes MIME base64 broken into lines as one text', () => {
    const text = 'Ünïcödé text long enough to be wrapped over several lines of base64 output, with 中文 too.';
    const mime = b64(text).replace(/(.{76})/g, '$1\r\n');
    expect(mime).toContain('\r\n');
    const v = find(decodeViews(mime), text);
    expect(v?.chain).toEqual(['base64']);
    expect(v?.start).toBe(0);
  });

  it('finds several payloads in one input', () => {
    const views = decodeViews(`a=${b64('first secret!!')} b=${hex('second secret')}`);
    expect(views.map((v) => v.text).sort()).toEqual(['first secret!!', 'second secret']);
  });
});

describe('nested chains', () => {
  it.each<[string, string, string[]]>([
    ['base64 of hex', b64(hex(SECRET)), ['base64', 'hex']],
    ['hex of base64', hex(b64(SECRET)), ['hex', 'base64']],
    // '??>' puts a '+' first, so only the URL-decoded layer is valid base64
    ['url of base64', `v=${encodeURIComponent(b64(`??>${SECRET}`))}`, ['url', 'base64']],
    ['base64 of base64 of hex', b64(b64(hex(SECRET))), ['base64', 'base64', 'hex']],
    ['url of base64 of hex', `v=${pct(b64(hex(SECRET)))}`, ['url', 'base64', 'hex']],
    ['base32 of base64', b32(b64(SECRET)), ['base32', 'base64']],
  ])('%s', (_n, input, chain) => {
    const views = decodeViews(`data: ${input}`);
    const v = find(views, SECRET) ?? find(views, `??>${SECRET}`);
    expect(v, JSON.stringify(views)).toBeDefined();
    expect(v?.chain).toEqual(chain);
    // nested views report the outermost span
    expect(v?.start).toBeGreaterThanOrEqual(6);
    expect(v?.end).toBeLessThanOrEqual(6 + input.length);
  });
});

describe('limits', () => {
  const deep = b64(b64(b64(hex(SECRET))));
  it('maxDepth stops peeling', () => {
    expect(find(decodeViews(deep), SECRET)?.chain).toEqual(['base64', 'base64', 'base64', 'hex']);
    expect(find(decodeViews(deep, { maxDepth: 3 }), SECRET)).toBeUndefined();
    expect(decodeViews(deep, { maxDepth: 1 }).map((v) => v.chain)).toEqual([['base64']]);
    expect(decodeViews(deep, { maxDepth: 0 })).toEqual([]);
  });
  it('maxViews caps the number of views', () => {
    const many = Array.from({ length: 100 }, (_, i) => b64(`secret number ${i}!`)).join(' ');
    expect(decodeViews(many)).toHaveLength(64);
    expect(decodeViews(many, { maxViews: 5 })).toHaveLength(5);
  });
  it('maxOutputChars caps the decoded text', () => {
    const many = Array.from({ length: 20 }, (_, i) => b64(`secret number ${i}!`)).join(' ');
    const views = decodeViews(many, { maxOutputChars: 50 });
    expect(views.reduce((n, v) => n + v.text.length, 0)).toBeLessThanOrEqual(50);
    expect(views.length).toBeGreaterThan(0);
  });
  it('default output budget is bounded by 4x the input', () => {
    const input = b64(b64(b64('x'.repeat(300))));
    const total = decodeViews(input).reduce((n, v) => n + v.text.length, 0);
    expect(total).toBeLessThanOrEqual(4 * input.length);
  });
});

describe('clean text yields nothing', () => {
  it.each([
    ['prose', 'The quick brown fox jumps over the lazy dog, again and again, until the afternoon.'],
    ['camelCase identifiers', 'const scanner = createScannerWithOptions(defaultConfiguration); registerResponseInterceptor(x);'],
    ['git SHA', 'commit 3f786850e387550fdab836ed7e6dc881de23001b'],
    ['sha256', 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['UUID', 'id 550e8400-e29b-41d4-a716-446655440000'],
    ['long number', 'order 12345678901234567890 placed'],
    ['file path', 'see /usr/local/lib/node_modules/typescript/lib/tsserver.js'],
    ['printf formats', 'printf("%d items, %s, 100%% done")'],
    ['CSS colours', 'color: #ffffff; background: #000000; border: 1px solid #abcdef'],
    ['list of small numbers', 'values 10, 20, 30, 40, 50, 60, 70, 80, 90'],
    ['MAC address', 'hwaddr 00:1a:2b:3c:4d:5e'],
    ['multipart boundary', 'Content-Type: multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW'],
    ['short word', 'password'],
    ['empty', ''],
  ])('%s', (_n, input) => {
    expect(decodeViews(input)).toEqual([]);
  });
});

describe('malformed input never throws', () => {
  it.each([
    ['lone surrogates', '\uD800aGVsbG8gd29ybGQ=\uDC00'],
    ['truncated escapes', '%%%2%25%2'],
    ['padding only', '================'],
    ['base64 with stray padding', 'aGVs=bG8gd29y=bGQ='],
    ['hex sequence cut short', '41:4b:49:41:49:4f:53:4'],
    ['backslash at end', '\\x41\\x4b\\x49\\x41\\x49\\x4f\\x53\\'],
    ['binary junk', '\u0000\u0001\u00ff\uffff'.repeat(20)],
  ])('%s', (_n, input) => {
    expect(() => decodeViews(input)).not.toThrow();
  });
});

describe('encodeVariants', () => {
  it('lists each encoded form once', () => {
    const v = encodeVariants('s3cr3t/+?');
    const byName = Object.fromEntries(v.map((x) => [x.encoding, x.text]));
    expect(byName).toEqual({
      base64: 'czNjcjN0Lys/',
      base64url: 'czNjcjN0Lys_',
      hex: '7333637233742f2b3f',
      'hex-upper': '7333637233742F2B3F',
      base32: 'OMZWG4RTOQXSWPY=',
      'base32-unpadded': 'OMZWG4RTOQXSWPY',
      url: 's3cr3t%2F%2B%3F',
      'url-all': '%73%33%63%72%33%74%2F%2B%3F',
    });
    expect(new Set(v.map((x) => x.text)).size).toBe(v.length);
  });
  it('includes padded and unpadded base64 when they differ', () => {
    const v = encodeVariants('ab');
    expect(v.find((x) => x.encoding === 'base64')?.text).toBe('YWI=');
    expect(v.find((x) => x.encoding === 'base64-unpadded')?.text).toBe('YWI');
  });
  it('excludes forms identical to the value', () => {
    expect(encodeVariants('abc').some((x) => x.text === 'abc')).toBe(false);
  });
  it('survives lone surrogates', () => {
    expect(() => encodeVariants('a\uD800')).not.toThrow();
  });
  it('every variant decodes back', () => {
    const value = 'sk-proj-Abc123_xyz/+=?';
    for (const { text } of encodeVariants(value)) {
      expect(decodeViews(text).some((v) => v.text === value || v.text.endsWith(value)), text).toBe(true);
    }
  });
});

describe('properties', () => {
  // Text a secret or an instruction is made of: ASCII words plus some non-ASCII.
  const alphabet = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;!?-_/+=', 'é', 'ß', '中', '文', '😀'];
  const payload = fc
    .array(fc.constantFrom(...alphabet), { minLength: 12, maxLength: 80 })
    .map((a) => `k${a.join('')}`);
  const encoders: Array<[string, (s: string) => string]> = [
    ['base64', b64],
    ['base64url', b64u],
    ['base32', b32],
    ['hex', hex],
    ['hex:', (s) => hex(s).replace(/(..)(?!$)/g, '$1:')],
    ['\\x', (s) => hex(s).replace(/(..)/g, '\\x$1')],
    ['url', pct],
  ];
  it.each(encoders)('decodeViews(%s(x)) finds x', (_n, enc) => {
    fc.assert(
      fc.property(payload, fc.constantFrom('', 'prefix ', 'a="'), (x, before) => {
        const views = decodeViews(`${before}${enc(x)}${before === 'a="' ? '"' : ''}`);
        expect(views.some((v) => v.text === x || v.text.endsWith(x)), JSON.stringify(views)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('finds x through random chains of up to three encodings', () => {
    fc.assert(
      fc.property(payload, fc.array(fc.constantFrom(...encoders.filter(([n]) => n !== 'url')), { minLength: 2, maxLength: 3 }), (x, chain) => {
        let s = x;
        for (const [, enc] of chain) s = enc(s);
        const views = decodeViews(s);
        expect(views.some((v) => v.text === x), `${chain.map(([n]) => n).join('>')} ${JSON.stringify(views)}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it('never throws and stays within its limits on arbitrary strings', () => {
    const units = fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 200 }).map((u) => String.fromCharCode(...u));
    const encodedish = fc.array(fc.constantFrom(...'aAzZ09+/=-_%:\\x, 4142\n'), { maxLength: 300 }).map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(units, fc.string({ unit: 'binary' }), encodedish), fc.integer({ min: 1, max: 10 }), (s, maxViews) => {
        const views = decodeViews(s, { maxViews, maxOutputChars: 4 * s.length });
        expect(views.length).toBeLessThanOrEqual(maxViews);
        expect(views.reduce((n, v) => n + v.text.length, 0)).toBeLessThanOrEqual(4 * s.length);
        for (const v of views) {
          expect(v.start).toBeGreaterThanOrEqual(0);
          expect(v.end).toBeLessThanOrEqual(s.length);
          expect(v.chain.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
