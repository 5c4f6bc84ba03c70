import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { largestRepeat, tokenRunMinLength } from './engine.js';
import { BUILTIN_DLP_PATTERNS, createDlpEngine, isWatchableEnvValue } from './index.js';

const engine = createDlpEngine();
const AWS = 'AKIA2E0A8F3B244C9986'.replace(/[0189]/g, 'Q'); // base32 alphabet: AKIA2EQAQF3B244CQQQ6
const GHP = 'ghp_R8mN2kL5vB9xC3zQ7wE1tY4uI6oP0aS2dF8g';

function rules(text: string, e = engine): string[] {
  return e.scan(text).map((h) => h.rule);
}

describe('matching and spans', () => {
  it('reports rule, severity, span and a redacted excerpt', () => {
    const text = `aws_access_key_id = ${AWS}\n`;
    const [hit, ...rest] = engine.scan(text);
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ scanner: 'dlp', rule: 'AWS Access Key ID', severity: 'critical', start: 20, end: 40 });
    expect(text.slice(hit!.start, hit!.end)).toBe(AWS);
    expect(hit!.excerpt).toBe('AKIA2…[20 chars]');
    expect(hit!.secretHash).toMatch(/^[0-9a-f]{32}$/);
    expect(hit!.encoding).toBeUndefined();
  });

  it('reports the same secret twice at two places, once per place', () => {
    const hits = engine.scan(`${GHP} and ${GHP}`);
    expect(hits.map((h) => [h.rule, h.start])).toEqual([
      ['GitHub Token', 0],
      ['GitHub Token', GHP.length + 5],
    ]);
    expect(hits[0]!.secretHash).toBe(hits[1]!.secretHash);
  });

  it('maps spans in obfuscated text back to the raw input', () => {
    const obf = `id: \u0410KI\u0410${AWS.slice(4, 10)}\u200b\u200b${AWS.slice(10)} end`;
    const hit = engine.scan(obf).find((h) => h.rule === 'AWS Access Key ID');
    expect([hit?.start, hit?.end]).toEqual([4, 4 + AWS.length + 2]);
  });

  it('ASCII text with control characters is normalized like any other: the key is found, spanned on the raw text', () => {
    // Plain ASCII goes to the prefilter as it is; a control character sends it through normalization.
    const text = `id: ${AWS.slice(0, 8)}\u0000${AWS.slice(8, 14)}\u0007${AWS.slice(14)} end`;
    const hit = engine.scan(text).find((h) => h.rule === 'AWS Access Key ID');
    expect([hit?.start, hit?.end]).toEqual([4, 4 + AWS.length + 2]);
    expect(engine.scan(`id: ${AWS.slice(0, 8)}\u0000 ${AWS.slice(8)}`).map((h) => h.rule)).not.toContain('AWS Access Key ID');
  });

  it('finds the same keys, spanned the same, whatever the text length and string form (sliced, concatenated, after a long text)', () => {
    const body = `aws_access_key_id = ${AWS}\ntoken ${GHP}\n`;
    const want = engine.scan(body).map((h) => [h.rule, h.start, h.end]);
    expect(want.map((w) => w[0])).toEqual(['AWS Access Key ID', 'GitHub Token']);
    const filler = 'const value = compute(input, 42);\n';
    for (const n of [0, 1, 100, 5_000, 300_000]) {
      const pad = filler.repeat(Math.ceil(n / filler.length)).slice(0, n);
      const text = `${pad}${body}`;
      const got = engine.scan(text).map((h) => [h.rule, h.start! - n, h.end! - n]);
      expect(got).toEqual(want);
      // The same text as a slice of a longer string.
      const sliced = `xx${text}yy`.slice(2, -2);
      expect(engine.scan(sliced).map((h) => [h.rule, h.start! - n, h.end! - n])).toEqual(want);
      // A short text right after: nothing left over from the long one.
      expect(engine.scan('nothing here')).toEqual([]);
      expect(engine.scan(body).map((h) => [h.rule, h.start, h.end])).toEqual(want);
    }
    // Two-byte text before the keys: CJK and a lone surrogate are code units like any other.
    const head = '\u4e2d\u6587 \ud800 x '.repeat(8);
    expect(engine.scan(`${head}${body}`).map((h) => [h.rule, h.start! - head.length, h.end! - head.length])).toEqual(want);
  });

  it('finds the same keys and triggers wherever they fall against the prefilter\'s 2048-character blocks', () => {
    const hexPairs = [...Buffer.from(AWS)].map((b) => b.toString(16).padStart(2, '0')).join(':');
    const pct = [...Buffer.from(AWS)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    const bodies: Array<[string, string[]]> = [
      [`aws_access_key_id = ${AWS}\n`, ['AWS Access Key ID']],
      [`token ${GHP}\n`, ['GitHub Token']],
      ['pay with 4532 0174 8812 9357 today\n', ['Credit Card Number']],
      ['abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about\n', ['BIP-39 Seed Phrase']],
      [`mac ${hexPairs}\n`, ['AWS Access Key ID']],
      [`url=${pct}\n`, ['AWS Access Key ID']],
      [`Zahlung \u00fcber 4532 0174 8812 9357.\n`, ['Credit Card Number']],
      [`\u4e2d\u6587\u4e2d\u6587${GHP}\u4e2d\u6587\n`, ['GitHub Token']],
      ['\u4e2d\u6587\u4e2d abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about \u6587\u4e2d\n', ['BIP-39 Seed Phrase']],
    ];
    for (const [body, expected] of bodies) {
      const want = engine.scan(body).map((h) => [h.rule, h.start, h.end]);
      expect(want.map((w) => w[0]), body).toEqual(expected);
      // Not a chain of words, no keyword, no digits: filler that selects nothing by itself.
      for (let n = 2000; n <= 2060; n++) {
        const pad = `${'Value, '.repeat(300).slice(0, n - 1)}\n`;
        const got = engine.scan(`${pad}${body}`).map((h) => [h.rule, h.start! - n, h.end! - n]);
        expect(got, `${body} at ${n}`).toEqual(want);
      }
    }
  });

  it('finds a PEM key wrapped in a JSON string and spans it to the END line', () => {
    const body = Buffer.from(Array.from({ length: 120 }, (_, i) => (i * 37) % 256)).toString('base64');
    const pem = `-----BEGIN RSA PRIVATE KEY-----\\n${body.slice(0, 64)}\\n${body.slice(64)}\\n-----END RSA PRIVATE KEY-----`;
    const text = `{"key": "${pem}"}`;
    const [hit] = engine.scan(text);
    expect(hit?.rule).toBe('RSA Private Key');
    expect(text.slice(hit!.start, hit!.end)).toBe(pem);
    expect(engine.scan('const h = "-----BEGIN RSA PRIVATE KEY-----";')).toEqual([]);
  });

  it('spans URL credentials as user:password', () => {
    const text = 'DATABASE_URL=postgres://app:Zq8vN3kP2mX7@db.internal/app';
    const [hit] = engine.scan(text);
    expect(text.slice(hit!.start, hit!.end)).toBe('app:Zq8vN3kP2mX7');
  });

  it('finds nothing in clean text and empty input', () => {
    expect(engine.scan('')).toEqual([]);
    expect(engine.scan('export function add(a: number, b: number) { return a + b; }')).toEqual([]);
  });
});

describe('evasion', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const hex = (s: string) => Buffer.from(s).toString('hex');
  const pct = (s: string) => [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  it.each<[string, string, string[] | undefined]>([
    ['zero-width inside', `key=${AWS.slice(0, 4)}\u200b${AWS.slice(4, 10)}\u200d${AWS.slice(10)}`, undefined],
    ['Cyrillic A in AKIA', `key=\u0410KI\u0410${AWS.slice(4)}`, undefined],
    ['fullwidth', `key=${[...AWS].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('')}`, undefined],
    ['soft hyphens', `key=${AWS.slice(0, 7)}\u00ad${AWS.slice(7, 14)}\u00ad${AWS.slice(14)}`, undefined],
    ['base64', `data=${b64(AWS)}`, ['base64']],
    ['hex', `data=${hex(AWS)}`, ['hex']],
    ['URL-encoded twice', `url=${pct(pct(AWS))}`, ['url', 'url']],
    ['base64 of hex', `blob=${b64(hex(AWS))}`, ['base64', 'hex']],
    ['colon-separated hex', `mac ${hex(AWS).match(/../g)!.join(':')}`, ['hex']],
    ['wrapped base64', `key=${b64(`prefix-${AWS}-suffix`).replace(/(.{24})/g, '$1\n')}`, ['base64']],
  ])('%s', (_name, text, chain) => {
    const hit = engine.scan(text).find((h) => h.rule === 'AWS Access Key ID');
    expect(hit, text).toBeDefined();
    if (chain) expect(hit!.encoding?.slice(0, chain.length)).toEqual(chain);
    // The span covers the (encoded or obfuscated) secret in the input given to scan();
    // a URL-decoded view may span the whole percent-encoded run.
    expect(hit!.start).toBeGreaterThanOrEqual(0);
    expect(hit!.end).toBeLessThanOrEqual(text.length);
    expect(hit!.end! - hit!.start!).toBeGreaterThanOrEqual(20);
  });
});

describe('example credentials per surface (docs/dlp-patterns.md, "Example credentials")', () => {
  const AWS_DOC_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  // [name, text, on egress (examples: detect), on code review (examples: suppress)]
  it.each([
    ['AWS documentation key', 'AKIAIOSFODNN7EXAMPLE', ['AWS Access Key ID'], []],
    ['AWS documentation secret', `aws_secret_access_key = ${AWS_DOC_SECRET}`, ['AWS Secret Access Key'], []],
    ['AWS key, real-looking', AWS, ['AWS Access Key ID'], ['AWS Access Key ID']],
    ['sequential GitHub token', 'ghp_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdef01', ['GitHub Token'], []],
    ['placeholder word in a Stripe key', 'sk_live_placeholder0000000000000000', ['Stripe Secret Key'], []],
    ['x-filled OpenAI key (a mask)', 'sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', [], []],
    ['X-filled Stripe key (a mask)', 'STRIPE_KEY=sk_live_XXXXXXXXXXXXXXXXXXXXXXXX', [], []],
    ['sk-...xxxx', 'OPENAI_API_KEY=sk-...xxxx', [], []],
    ['your-api-key-here', 'api_key: your-api-key-here', [], []],
    ['GitHub token template', 'ghp_YOUR_TOKEN_HERE_0123456789abcdefgh', [], []],
    ['GitHub token, real-looking', GHP, ['GitHub Token'], ['GitHub Token']],
    ['test card 4111…', 'card 4111 1111 1111 1111', ['Credit Card Number'], []],
    ['test card 4242…', 'card 4242424242424242', ['Credit Card Number'], []],
    ['test card in JSON', '{"card":"4111-1111-1111-1111","cvc":"123"}', ['Credit Card Number'], []],
    ['real-looking Visa', 'card 4532 0151 1283 0366', ['Credit Card Number'], ['Credit Card Number']],
    ['Luhn-invalid Visa', 'card 4532 0151 1283 0367', [], []],
    ['mixed separators', 'card 4532-0151 1283-0366', [], []],
    ['jwt.io sample token',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      ['JSON Web Token'], []],
    ['BIP-39 test vector', 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about', ['BIP-39 Seed Phrase'], []],
    ['SSN valid', 'ssn 123-45-6780', ['US Social Security Number'], ['US Social Security Number']],
    ['SSN area 666', 'ssn 666-45-6780', [], []],
    ['IBAN valid', 'iban DE89 3704 0044 0532 0130 00', ['IBAN'], ['IBAN']],
    ['IBAN bad checksum', 'iban DE88 3704 0044 0532 0130 00', [], []],
    ['URL credentials', 'postgres://app:Zq8vN3kP2mX7@db.internal/app', ['Credentials in URL'], ['Credentials in URL']],
    ['URL credentials placeholder', 'postgres://user:password@localhost/app', [], []],
    ['URL credentials template', 'postgres://app:${DB_PASSWORD}@db/app', [], []],
  ])('%s', (_name, text, egress, review) => {
    expect(engine.scan(text).map((h) => h.rule)).toEqual(egress);
    expect(engine.scan(text, { examples: 'suppress' }).map((h) => h.rule)).toEqual(review);
    const reviewEngine = createDlpEngine({ examples: 'suppress' });
    expect(rules(text, reviewEngine)).toEqual(review);
    expect(reviewEngine.scan(text, { examples: 'detect' }).map((h) => h.rule)).toEqual(egress);
  });
});

describe('keyword-anchored classes', () => {
  const secret = 'wJa1rXUtnFEMI/K7MDENG/bPxRfiCYzq8vN3kP2m';
  const eth = '4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318';
  it.each([
    [`aws_secret_access_key = ${secret}`, ['AWS Secret Access Key']],
    [`"SecretAccessKey": "${secret}"`, ['AWS Secret Access Key']],
    [`checksum = ${secret}`, []],
    [`ETH_PRIVATE_KEY=0x${eth}`, ['Ethereum Private Key']],
    [`sha256 = ${eth}`, []],
    ['DD_API_KEY=4f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d', ['Datadog API Key']],
    ['etag: 4f1c2a9e8b7d6c5f4e3d2c1b0a9f8e7d', []],
  ])('%s', (text, expected) => {
    expect(rules(text)).toEqual(expected);
  });
});

describe('user patterns', () => {
  it('merges by name: a user pattern with a built-in name replaces it', () => {
    const e = createDlpEngine({ patterns: [{ name: 'GitHub Token', regex: 'ghp_[A-Za-z0-9]{4}', severity: 'low', action: 'warn' }] });
    expect(e.patternNames.filter((n) => n === 'GitHub Token')).toHaveLength(1);
    expect(e.builtinCount).toBe(createDlpEngine().builtinCount - 1);
    const [hit] = e.scan('x ghp_abcd y');
    expect(hit).toMatchObject({ rule: 'GitHub Token', severity: 'low', patternAction: 'warn', start: 2, end: 10 });
  });

  it('includeDefaults false keeps only user patterns', () => {
    const e = createDlpEngine({ includeDefaults: false, patterns: [{ name: 'Employee ID', regex: 'EMP-\\d{6}', severity: 'medium' }] });
    expect(e.builtinCount).toBe(0);
    expect(e.patternNames).toEqual(['Employee ID']);
    expect(rules(`EMP-123456 ${AWS}`, e)).toEqual(['Employee ID']);
  });

  it('user patterns run on normalized and decoded text too', () => {
    const e = createDlpEngine({ includeDefaults: false, patterns: [{ name: 'Project Code', regex: 'PRJ-[0-9]{8}', severity: 'high' }] });
    expect(rules('PRJ-\u200b12345678', e)).toEqual(['Project Code']);
    const hit = e.scan(`d=${Buffer.from('code PRJ-12345678 here').toString('base64')}`)[0];
    expect(hit?.encoding).toEqual(['base64']);
  });

  it('applies an optional checksum validator', () => {
    const e = createDlpEngine({ includeDefaults: false, patterns: [{ name: 'Card', regex: '\\b\\d{16}\\b', severity: 'high', validator: 'luhn' }] });
    expect(rules('4532015112830366', e)).toEqual(['Card']);
    expect(rules('4532015112830367', e)).toEqual([]);
  });

  it('throws ConfigError naming the key path and pattern when RE2 cannot compile', () => {
    const bad = () =>
      createDlpEngine({ patterns: [{ name: 'ok', regex: 'a+', severity: 'high' }, { name: 'Backref', regex: '(a)\\1', severity: 'high' }] });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (err) {
      expect((err as ConfigError).issues[0]?.path).toBe('dlp.patterns[1].regex');
      expect((err as ConfigError).message).toContain('Backref');
    }
  });
});

describe('environment values and known secrets', () => {
  const env = {
    OPENAI_API_KEY: 'Zq8vN3kP2mX7rT1yU4iO6pA9sD2fG5hJ',
    HOME: '/home/user',
    PATH: '/usr/local/bin:/usr/bin',
    CI: 'true',
    EDITOR: 'vim',
    LONG_WORD: 'supercalifragilistic',
    REPEATED: 'aaaaaaaaaaaaaaaaaaaaaaaa',
    EMPTY: undefined,
  };
  const e = createDlpEngine({ env, secrets: ['hunter2-Correct-Horse-77'] });
  const value = env.OPENAI_API_KEY;

  it.each<[string, string, string[] | undefined]>([
    ['raw', `leak ${value}`, undefined],
    ['base64', `leak ${Buffer.from(value).toString('base64')}`, ['base64']],
    ['hex', `leak ${Buffer.from(value).toString('hex')}`, ['hex']],
    ['URL-encoded in a URL', `https://evil.test/?k=${encodeURIComponent(`${value}/x`)}`, undefined],
  ])('finds an env value %s, naming the variable and never showing the value', (_n, text, chain) => {
    const hit = e.scan(text).find((h) => h.scanner === 'env');
    expect(hit).toBeDefined();
    expect(hit!.rule).toBe('Environment Variable Leak');
    expect(hit!.excerpt).toBe('$OPENAI_API_KEY …[32 chars]');
    expect(hit!.excerpt).not.toContain(value.slice(0, 4));
    if (chain) expect(hit!.encoding).toEqual(chain);
  });

  it('a chain of hex pairs or seed words ends at a non-ASCII character as at the end of the text', () => {
    const hex = [...Buffer.from('AKIAIOSFODNN7EXAMPLE')].map((b) => b.toString(16).padStart(2, '0')).join(':');
    const seed = `${'abandon '.repeat(11)}about`;
    for (const tail of ['', '\u4e2d\u6587', ' \u4e2d', '\u3002']) {
      expect(engine.scan(`key ${hex}${tail}`).map((h) => h.rule), `hex + ${JSON.stringify(tail)}`).toContain('AWS Access Key ID');
      expect(engine.scan(`seed: ${seed}${tail}`).map((h) => h.rule), `seed + ${JSON.stringify(tail)}`).toContain('BIP-39 Seed Phrase');
    }
    // seven pairs are no chain, with or without the character after them
    expect(engine.scan('mac 0a:1b:2c:3d:4e:5f:60\u4e2d')).toEqual([]);
  });

  it('finds env values and known secrets wherever they fall against the prefilter\'s blocks, and after non-ASCII text', () => {
    for (const body of [`k=${value}\n`, `\u4e2d\u6587${value}\u4e2d`, 'pw hunter2-Correct-Horse-77\n']) {
      const want = e.scan(body).map((h) => [h.rule, h.start, h.end]);
      expect(want.length, body).toBe(1);
      for (let n = 2030; n <= 2060; n++) {
        const pad = `${'Value, '.repeat(300).slice(0, n - 1)}\n`;
        expect(e.scan(`${pad}${body}`).map((h) => [h.rule, h.start! - n, h.end! - n]), `${body} at ${n}`).toEqual(want);
      }
    }
  });

  it('ignores short, low-entropy, path-like and word-like values', () => {
    expect(e.scan('/home/user /usr/local/bin:/usr/bin true vim supercalifragilistic aaaaaaaaaaaaaaaaaaaaaaaa')).toEqual([]);
  });

  it.each([
    ['Zq8vN3kP2mX7rT1yU4iO6pA9sD2fG5hJ', true],
    ['short-Zq8v', false],
    ['/usr/local/share/some/long/path', false],
    ['https://registry.npmjs.org/', false],
    ['supercalifragilistic', false],
    ['0000000000000000000', false],
    ['the value with spaces in it', false],
  ])('isWatchableEnvValue(%s) = %s', (v, ok) => expect(isWatchableEnvValue(v, 16)).toBe(ok));

  it('finds known secrets raw and encoded under scanner dlp, rule Known Secret', () => {
    const raw = e.scan('pw=hunter2-Correct-Horse-77');
    expect(raw.map((h) => [h.scanner, h.rule, h.start])).toEqual([['dlp', 'Known Secret', 3]]);
    const enc = e.scan(`pw=${Buffer.from('hunter2-Correct-Horse-77').toString('base64')}`);
    expect(enc.some((h) => h.rule === 'Known Secret' && h.encoding?.[0] === 'base64')).toBe(true);
  });
});

describe('bounded work', () => {
  it.each([
    ['\\bAKIA[A-Z2-7]{16}\\b', 16],
    ['[A-Za-z0-9+/]{40}', 40],
    ['x{3}', 3],
    ['a+', Infinity],
    ['\\d{5,}', Infinity],
    ['[a*+]{2}\\+', 2],
    ['(?: ?[A-Z0-9]{4}){2,7}', 7],
  ])('largestRepeat(%s) = %s', (src, n) => expect(largestRepeat(src)).toBe(n));

  it('large texts run on RE2 with the same spans (UTF-16 offsets)', () => {
    const pad = 'é—'.repeat(40_000); // > 64K characters, non-ASCII before the key
    const text = `${pad} key=${AWS} ${GHP}`;
    const hits = engine.scan(text);
    const aws = hits.find((h) => h.rule === 'AWS Access Key ID');
    expect(text.slice(aws!.start, aws!.end)).toBe(AWS);
    expect(hits.map((h) => h.rule).sort()).toEqual(['AWS Access Key ID', 'GitHub Token']);
  });

  it.each([
    ['JWT-like starts without dots', 'eyJ-'.repeat(15_000)],
    ['JWT-like starts, 1 MB', 'eyJ-'.repeat(260_000)],
    ['word-list run', Array.from({ length: 40_000 }, (_, i) => ['abandon', 'ability', 'able', 'about'][i % 4]).join(' ')],
    ['digits and dashes', '1234-5678-'.repeat(100_000)],
    ['URL credential starts', 'a://b:c'.repeat(100_000)],
  ])('hostile input completes: %s', (_n, text) => {
    expect(engine.scan(text)).toEqual([]);
  });

  it('scans 1 MB of base64-looking and digit-heavy input and stops at the per-row cap', () => {
    const chunk = `${Buffer.from('x'.repeat(600)).toString('base64')} 4532 0151 1283 0366 `;
    const big = chunk.repeat(Math.ceil(1_000_000 / chunk.length));
    const hits = engine.scan(big);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(256 * 2);
  });
});

describe('structural triggers', () => {
  /** A Visa-length number with a valid Luhn check digit (not a published test card). */
  function luhnComplete(body: string): string {
    let sum = 0;
    for (let i = 0; i < body.length; i++) {
      let d = body.charCodeAt(body.length - 1 - i) - 48;
      if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    return body + String((10 - (sum % 10)) % 10);
  }
  const card = luhnComplete('453201748812935');
  const spaced = card.replace(/(\d{4})(?=\d)/g, '$1 ');
  const dashed = card.replace(/(\d{4})(?=\d)/g, '$1-');

  it.each([
    ['a card number alone', card, 'Credit Card Number'],
    ['a card in groups of four', `pay with ${spaced} today`, 'Credit Card Number'],
    ['a dashed card at the end', `card: ${dashed}`, 'Credit Card Number'],
    ['a card after other digits', `order 12 of 34, line 5678: ${card}`, 'Credit Card Number'],
    ['a card after non-ASCII text', `Zahlung mit Karte \u00fcber ${spaced}.`, 'Credit Card Number'],
    ['an SSN', 'ssn: 234-56-7891', 'US Social Security Number'],
    ['an SSN after a line of numbers', '1 2 3 4 5 6 7 8 9 10\nssn 234-56-7891', 'US Social Security Number'],
    ['an IBAN in groups', 'IBAN GB82 WEST 1234 5698 7654 32 please', 'IBAN'],
  ])('digit rows still run: %s', (_n, text, rule) => {
    expect(rules(text)).toContain(rule);
  });

  it.each([
    ['nine digits spread over a text', 'v1.2.3 on 2024-05 (build 7), 8 items, 9 tests'],
    ['digits with two separators between', '4532 - 0174 - 8812 - 9350'],
    ['a table of small numbers', '| 12 | 34 | 56 | 78 | 90 |'],
    ['a date and time', '2024-05-17 12:34:56'],
  ])('near-misses: %s', (_n, text) => {
    expect(rules(text)).toEqual([]);
  });

  it("every 'digits' row needs nine digits in a run with at most one space or dash between two", () => {
    // The prefilter's digit-run counter is this regex; a row match it misses would never run.
    const run = /\d(?:[ -]?\d){8}/;
    const rows = BUILTIN_DLP_PATTERNS.filter((r) => r.trigger === 'digits');
    expect(rows.length).toBeGreaterThan(0);
    let seed = 7;
    const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const alphabet = '0123456789012345678901234567890123456789  --x.';
    for (let k = 0; k < 20_000; k++) {
      let s = '';
      for (let j = 8 + rnd(24); j > 0; j--) s += alphabet[rnd(alphabet.length)];
      for (const r of rows) if (new RegExp(r.regex, r.flags).test(s)) expect(run.test(s), `${r.name} on ${s}`).toBe(true);
    }
  });
});

describe('long-run rows run over the long runs only', () => {
  it.each([
    ['\\bsk_[a-f0-9]{48}\\b', 51],
    ['(?:ab|c)+', 1],
    ['[\\w.-]{2}', 2],
    ['a\\.b{2,3}', 4],
    ['[a-z]{3,}x?', 3],
    ['a.b', -1], // '.' is any character
    ['[^a]{3}', -1],
    ['\\s{3}', -1],
    ['abc$', -1],
    ['^abc', -1],
    ['(?=x)y', -1],
    ['a b', -1],
    ['[a-z:]', -1],
  ])('tokenRunMinLength(%s) = %s', (src, n) => expect(tokenRunMinLength(src)).toBe(n));

  it("every 'longrun' row is either token-only and 50+ long, or also has keywords", () => {
    for (const r of BUILTIN_DLP_PATTERNS.filter((x) => x.trigger === 'longrun')) {
      const n = tokenRunMinLength(r.regex);
      if (n < 50) expect(r.keywords.length, r.name).toBeGreaterThan(0);
    }
  });

  const wif = '5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ';
  it.each([
    ['alone', wif],
    ['after a long URL', `see https://example.com/${'a'.repeat(60)}/x then ${wif} end`],
    ['between long runs', `${'Q'.repeat(70)} ${wif} ${'z9'.repeat(40)}`],
    ['after non-ASCII text', `Schl\u00fcssel: ${wif}`],
    // More long runs than the prefilter keeps: the row runs over the whole text.
    ['after 300 other long runs', `${Array.from({ length: 300 }, (_, i) => `${'ab'.repeat(30)}${i}`).join(' ')} ${wif} end`],
  ])('a long-run secret is found: %s', (_n, text) => {
    const hit = engine.scan(text).find((h) => h.rule === 'Bitcoin WIF Private Key');
    expect(hit && text.slice(hit.start, hit.end)).toBe(wif);
  });
});
