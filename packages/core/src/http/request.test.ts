import { describe, expect, it } from 'vitest';
import type { PartialConfig } from '../config/index.js';
import { createScanContext } from '../scanner.js';
import type { Finding, HeadersLike } from '../types.js';
import { BODY_LIMITS } from './body.js';
import { normalizeHeaders } from './headers.js';
import { scanHttpRequest } from './request.js';

// Fixtures: shaped like real credentials, not the vendors' published examples
// (which DLP engines commonly allow-list).
const AWS = 'AKIAZ3MQ7R4T5Y6U2WXP';
const GH = 'ghp_R8x2Lq9Vt4Nw7Kc1Hs5Pz3Mb6Jd0Fy2Ge8Ua';

const URL_ = 'https://api.openai.com/v1/chat/completions';
const noUrl = (): Finding[] => [];

function scan(
  req: { headers?: HeadersLike; body?: string | Uint8Array; url?: string },
  config?: PartialConfig,
  urlScan: (url: string) => Finding[] = noUrl,
) {
  const ctx = createScanContext(config);
  return scanHttpRequest(ctx, urlScan, { method: 'POST', url: req.url ?? URL_, ...req });
}

const json = { 'content-type': 'application/json' };
const where = (fs: Finding[]) => fs.map((f) => f.location);
const rules = (fs: Finding[]) => fs.map((f) => f.rule);
const warnAction: PartialConfig = { request_body_scanning: { action: 'warn' } };

describe('normalizeHeaders', () => {
  const rows: Array<[string, HeadersLike, Array<[string, string]>]> = [
    ['record with arrays', { 'X-A': ['1', '2'], B: 'x', C: undefined }, [['x-a', '1'], ['x-a', '2'], ['b', 'x']]],
    ['iterable pairs', [['X-A', '1'], ['X-A', '2']], [['x-a', '1'], ['x-a', '2']]],
    ['Headers-like forEach', { forEach: (cb: (v: string, k: string) => void) => { cb('v', 'K'); } }, [['k', 'v']]],
    ['fetch Headers', new Headers({ 'X-Y': 'z' }), [['x-y', 'z']]],
  ];
  it.each(rows)('%s', (_n, input, expected) => {
    expect(normalizeHeaders(input)).toEqual(expected);
  });
});

describe('request headers', () => {
  const rows: Array<[string, Record<string, string>, PartialConfig | undefined, string | undefined]> = [
    ['bearer token in authorization', { authorization: `Bearer ${GH}` }, undefined, 'header.authorization'],
    ['basic credentials are decoded', { authorization: `Basic ${btoa(`user:${GH}`)}` }, undefined, 'header.authorization'],
    ['x-api-key (sensitive by default)', { 'X-Api-Key': AWS }, undefined, 'header.x-api-key'],
    ['custom header not scanned in sensitive mode', { 'x-custom': AWS }, { request_body_scanning: { header_mode: 'sensitive' } }, undefined],
    ['custom header scanned by default (all mode)', { 'x-custom': AWS }, undefined, 'header.x-custom'],
    ['custom header scanned in all mode', { 'x-custom': AWS }, { request_body_scanning: { header_mode: 'all' } }, 'header.x-custom'],
    ['ignore_headers skipped in all mode', { 'x-skip': AWS }, { request_body_scanning: { header_mode: 'all', ignore_headers: ['X-Skip'] } }, undefined],
    ['scan_headers false', { authorization: `Bearer ${GH}` }, { request_body_scanning: { scan_headers: false } }, undefined],
  ];
  it.each(rows)('%s', (_n, headers, config, location) => {
    const r = scan({ headers }, config);
    if (location === undefined) {
      expect(r.findings).toEqual([]);
      expect(r.action).toBe('allow');
    } else {
      expect(where(r.findings)).toContain(location);
      expect(r.action).toBe('block');
    }
  });

  it('finds a secret split across headers, once, at header(joined)', () => {
    const r = scan(
      { headers: [['X-Part-1', AWS.slice(0, 9)], ['X-Part-2', AWS.slice(9)]] },
      { request_body_scanning: { header_mode: 'all' } },
    );
    expect(where(r.findings)).toEqual(['header(joined)']);
    expect(r.action).toBe('block');
  });

  it('reports a secret whole in one header once (not again as joined)', () => {
    const r = scan({ headers: { 'x-a': 'hello', 'x-b': AWS } }, { request_body_scanning: { header_mode: 'all' } });
    expect(where(r.findings)).toEqual(['header.x-b']);
  });
});

describe('JSON bodies', () => {
  it('locates a secret in a chat-completion message', () => {
    const body = JSON.stringify({
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'You are helpful.' },
        { role: 'user', content: 'hello' },
        { role: 'user', content: `my key is ${AWS}` },
      ],
    });
    const r = scan({ headers: json, body });
    expect(r.action).toBe('block');
    expect(where(r.findings)).toEqual(['body.$.messages[2].content']);
    expect(r.findings[0]?.scanner).toBe('dlp');
  });

  it('scans keys, and a key that is a secret is redacted in the location', () => {
    const r = scan({ headers: json, body: JSON.stringify({ data: { [AWS]: 'x' } }) });
    expect(r.action).toBe('block');
    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) expect(f.location).not.toContain(AWS);
    expect(r.findings[0]?.location?.startsWith('body.$.data[')).toBe(true);
  });

  it('odd keys are quoted in locations', () => {
    const r = scan({ headers: json, body: JSON.stringify({ 'a b': [{ 'c.d': `k ${AWS}` }] }) });
    expect(where(r.findings)).toEqual(['body.$["a b"][0]["c.d"]']);
  });

  it('decodes JSON escapes before scanning', () => {
    const escaped = `{"q":"${[...AWS].map((c) => `\\u00${c.charCodeAt(0).toString(16)}`).join('')}"}`;
    const r = scan({ headers: json, body: escaped });
    expect(where(r.findings)).toContain('body.$.q');
  });

  it('catches a secret in a duplicated key the parser drops (raw pass)', () => {
    const r = scan({ headers: json, body: `{"q":"${AWS}","q":"hello"}` });
    expect(r.action).toBe('block');
    expect(where(r.findings)).toEqual(['body(raw)']);
  });

  it('clean JSON is allowed with no findings', () => {
    const r = scan({ headers: json, body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'What is the capital of France?' }], n: 1234567 }) });
    expect(r).toEqual({ action: 'allow', findings: [] });
  });

  it('a Uint8Array body reads the same as a string', () => {
    const body = JSON.stringify({ messages: [{ content: `x ${AWS}` }] });
    const r = scan({ headers: json, body: new TextEncoder().encode(body) });
    expect(where(r.findings)).toEqual(['body.$.messages[0].content']);
  });

  it('+json media types are JSON', () => {
    const r = scan({ headers: { 'content-type': 'application/vnd.api+json; charset=utf-8' }, body: JSON.stringify({ a: AWS }) });
    expect(where(r.findings)).toEqual(['body.$.a']);
  });
});

describe('form bodies', () => {
  const form = { 'content-type': 'application/x-www-form-urlencoded' };
  it('url-decodes keys and values', () => {
    const enc = [...AWS].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
    const r = scan({ headers: form, body: `user=bob&token=${enc}&note=a+b` });
    expect(where(r.findings)).toEqual(['body.form.token']);
    expect(r.action).toBe('block');
  });
});

function multipart(parts: string[], boundary = 'XyZ123'): { headers: Record<string, string>; body: string } {
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: `${parts.map((p) => `--${boundary}\r\n${p}\r\n`).join('')}--${boundary}--\r\n`,
  };
}

function qp(s: string): string {
  return [...s].map((c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

describe('multipart bodies', () => {
  const rows: Array<[string, string[], string[]]> = [
    ['plain text field', ['Content-Disposition: form-data; name="note"\r\n\r\nsee ' + AWS], ['body.part[0]']],
    ['base64 part is decoded', ['Content-Disposition: form-data; name="f"\r\nContent-Transfer-Encoding: base64\r\n\r\n' + btoa(`k=${AWS}`)], ['body.part[0]']],
    [
      'quoted-printable part with soft breaks is decoded',
      ['Content-Disposition: form-data; name="f"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n' + qp(AWS.slice(0, 10)) + '=\r\n' + qp(AWS.slice(10))],
      ['body.part[0]'],
    ],
    ['filename', ['Content-Disposition: form-data; name="f"; filename="' + AWS + '.txt"\r\nContent-Type: image/png\r\n\r\n\u0000\u0001'], ['body.part[0].filename']],
    ['RFC 5987 filename*', ["Content-Disposition: form-data; name=\"f\"; filename*=UTF-8''" + encodeURIComponent(`a ${AWS}`) + '\r\nContent-Type: image/png\r\n\r\nxx'], ['body.part[0].filename']],
    ['part header', ['Content-Disposition: form-data; name="f"\r\nX-Meta: ' + AWS + '\r\n\r\nhello'], ['body.part[0].header.x-meta']],
    ['JSON part is walked', ['Content-Disposition: form-data; name="j"\r\nContent-Type: application/json\r\n\r\n{"a":{"b":"' + AWS + '"}}'], ['body.part[0].$.a.b']],
    ['second part', ['Content-Disposition: form-data; name="a"\r\n\r\nhello', 'Content-Disposition: form-data; name="b"\r\n\r\n' + AWS], ['body.part[1]']],
    ['binary part content is not scanned', ['Content-Disposition: form-data; name="img"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n' + AWS], []],
    ['octet-stream part that is text is scanned', ['Content-Disposition: form-data; name="f"; filename="a.env"\r\nContent-Type: application/octet-stream\r\n\r\nKEY=' + AWS], ['body.part[0]']],
    ['octet-stream part with NUL bytes is binary', ['Content-Disposition: form-data; name="f"\r\nContent-Type: application/octet-stream\r\n\r\n\u0000\u0000' + AWS], []],
  ];
  it.each(rows)('%s', (_n, parts, locations) => {
    const r = scan(multipart(parts));
    expect(where(r.findings)).toEqual(locations);
    expect(r.action).toBe(locations.length > 0 ? 'block' : 'allow');
  });

  it('walks a nested multipart/mixed part', () => {
    const inner = multipart(['Content-Type: text/plain\r\n\r\nhello', 'Content-Type: text/plain\r\n\r\nk=' + AWS], 'inner');
    const outer = multipart([`Content-Disposition: form-data; name="files"\r\nContent-Type: multipart/mixed; boundary=inner\r\n\r\n${inner.body}`]);
    const r = scan(outer);
    expect(where(r.findings)).toEqual(['body.part[0].part[1]']);
  });

  it('reads a quoted boundary (browser style)', () => {
    const b = '----WebKitFormBoundary7MA4YWxkTrZu0gW';
    const m = multipart(['Content-Disposition: form-data; name="q"\r\n\r\n' + AWS], b);
    const r = scan({ headers: { 'Content-Type': `multipart/form-data; boundary="${b}"` }, body: m.body });
    expect(where(r.findings)).toEqual(['body.part[0]']);
  });

  it('accepts bare LF line endings and a preamble', () => {
    const body = `preamble\n--b\nContent-Disposition: form-data; name="x"\n\n${AWS}\n--b--\n`;
    const r = scan({ headers: { 'content-type': 'multipart/form-data; boundary=b' }, body });
    expect(where(r.findings)).toEqual(['body.part[0]']);
  });
});

describe('text, unknown and binary bodies', () => {
  const rows: Array<[string, string | undefined, string | Uint8Array, 'allow' | 'block']> = [
    ['text/plain', 'text/plain', `key ${AWS}`, 'block'],
    ['no content type', undefined, `key ${AWS}`, 'block'],
    ['unknown type is raw text', 'application/x-whatever', `key ${AWS}`, 'block'],
    ['xml', 'application/xml', `<k>${AWS}</k>`, 'block'],
    ['image/png passes through', 'image/png', `key ${AWS}`, 'allow'],
    ['audio passes through', 'audio/mpeg', `key ${AWS}`, 'allow'],
    ['video passes through', 'video/mp4', `key ${AWS}`, 'allow'],
    ['pdf passes through', 'application/pdf', `key ${AWS}`, 'allow'],
    ['zip passes through', 'application/zip', `key ${AWS}`, 'allow'],
    ['octet-stream with NULs passes through', 'application/octet-stream', new Uint8Array([0, 1, 2, ...new TextEncoder().encode(AWS)]), 'allow'],
    ['octet-stream that is text is scanned', 'application/octet-stream', `AWS_KEY=${AWS}`, 'block'],
    ['svg is text', 'image/svg+xml', `<svg><!-- ${AWS} --></svg>`, 'block'],
  ];
  it.each(rows)('%s', (_n, type, body, action) => {
    const r = scan({ headers: type ? { 'content-type': type } : {}, body });
    expect(r.action).toBe(action);
    if (action === 'block') expect(where(r.findings)).toEqual(['body']);
  });

  it('decodes a declared UTF-16 charset', () => {
    const text = `key ${AWS}`;
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) bytes[i * 2] = text.charCodeAt(i);
    const r = scan({ headers: { 'content-type': 'text/plain; charset=utf-16le' }, body: bytes });
    expect(where(r.findings)).toEqual(['body']);
  });
});

describe('fail-closed conditions (block even when the action is warn)', () => {
  const deep = `${'['.repeat(BODY_LIMITS.jsonMaxDepth + 5)}1${']'.repeat(BODY_LIMITS.jsonMaxDepth + 5)}`;
  const wide = JSON.stringify(new Array(BODY_LIMITS.jsonMaxNodes + 1).fill(0));
  const manyParts = multipart(Array.from({ length: BODY_LIMITS.multipartMaxParts + 1 }, (_, i) => `Content-Disposition: form-data; name="p${i}"\r\n\r\nv`));
  const longName = multipart([`Content-Disposition: form-data; name="f"; filename="${'a'.repeat(BODY_LIMITS.filenameMaxBytes + 1)}"\r\n\r\nx`]);
  const unterminated = { headers: { 'content-type': 'multipart/form-data; boundary=b' }, body: '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nhello' };
  let nested = multipart(['Content-Type: text/plain\r\n\r\nx'], 'b0');
  for (let d = 1; d <= BODY_LIMITS.multipartMaxDepth; d++) nested = multipart([`Content-Type: multipart/mixed; boundary=b${d - 1}\r\n\r\n${nested.body}`], `b${d}`);
  const rows: Array<[string, { headers?: HeadersLike; body?: string | Uint8Array }, string, string, PartialConfig?]> = [
    ['multipart nested too deep', nested, 'Multipart Nested Too Deep', `body${'.part[0]'.repeat(BODY_LIMITS.multipartMaxDepth)}`],
    ['gzip content-encoding', { headers: { ...json, 'content-encoding': 'gzip' }, body: '\u001f\u008b' }, 'Compressed Body', 'body'],
    ['br content-encoding', { headers: { 'content-encoding': 'br' }, body: 'x' }, 'Compressed Body', 'body'],
    ['zstd among several codings', { headers: { 'content-encoding': 'identity, zstd' }, body: 'x' }, 'Compressed Body', 'body'],
    ['unknown content-encoding', { headers: { 'content-encoding': 'x-custom' }, body: 'x' }, 'Compressed Body', 'body'],
    ['gzip transfer-encoding', { headers: { 'transfer-encoding': 'gzip, chunked' }, body: 'x' }, 'Compressed Body', 'body'],
    ['body over max_body_bytes', { headers: json, body: '{"a":"' + 'x'.repeat(200) + '"}' }, 'Body Too Large', 'body', { request_body_scanning: { action: 'warn', max_body_bytes: 100 } }],
    ['bytes over max_body_bytes', { body: new Uint8Array(101) }, 'Body Too Large', 'body', { request_body_scanning: { action: 'warn', max_body_bytes: 100 } }],
    ['multi-byte string over max_body_bytes', { body: 'é'.repeat(60) }, 'Body Too Large', 'body', { request_body_scanning: { action: 'warn', max_body_bytes: 100 } }],
    ['invalid JSON', { headers: json, body: '{"a": "b",' }, 'Unparsable JSON Body', 'body'],
    ['JSON too deep', { headers: json, body: deep }, 'JSON Too Deep', `body.$${'[0]'.repeat(BODY_LIMITS.jsonMaxDepth)}`],
    ['JSON too many nodes', { headers: json, body: wide }, 'JSON Too Many Nodes', `body.$[${BODY_LIMITS.jsonMaxNodes - 1}]`],
    ['malformed form escape', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=%zz' }, 'Unparsable Form Body', 'body'],
    ['form escape of invalid UTF-8', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=%C3%28' }, 'Unparsable Form Body', 'body'],
    ['multipart without boundary', { headers: { 'content-type': 'multipart/form-data' }, body: '--x\r\n\r\nhi\r\n--x--' }, 'Multipart Without Boundary', 'body'],
    ['multipart without delimiter', { headers: { 'content-type': 'multipart/form-data; boundary=b' }, body: 'no parts here' }, 'Unparsable Multipart Body', 'body'],
    ['multipart without close delimiter', unterminated, 'Unparsable Multipart Body', 'body'],
    ['too many multipart parts', manyParts, 'Too Many Multipart Parts', 'body'],
    ['multipart filename too long', longName, 'Multipart Filename Too Long', 'body.part[0].filename'],
    ['invalid base64 part', multipart(['Content-Disposition: form-data; name="f"\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!notbase64!!!']), 'Unparsable Multipart Body', 'body.part[0]'],
    ['unknown part transfer encoding', multipart(['Content-Disposition: form-data; name="f"\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\nbegin']), 'Unreadable Transfer Encoding', 'body.part[0]'],
    ['unknown charset', { headers: { 'content-type': 'text/plain; charset=x-klingon' }, body: new Uint8Array([65, 66]) }, 'Unsupported Charset', 'body'],
  ];
  it.each(rows)('%s', (_n, req, rule, location, config) => {
    const r = scan(req, config ?? warnAction);
    expect(r.action).toBe('block');
    const f = r.findings.find((x) => x.rule === rule);
    expect(f, rules(r.findings).join(',')).toBeDefined();
    expect(f?.location).toBe(location);
    expect(f?.action).toBe('block');
  });

  it('identity and chunked are readable', () => {
    const r = scan({ headers: { 'content-encoding': 'identity', 'transfer-encoding': 'chunked' }, body: 'hello' }, warnAction);
    expect(r).toEqual({ action: 'allow', findings: [] });
  });

  it('audit mode logs a fail-closed condition without blocking', () => {
    const r = scan({ headers: { 'content-encoding': 'gzip' }, body: 'x' }, { mode: 'audit' });
    expect(rules(r.findings)).toEqual(['Compressed Body']);
    expect(r.action).toBe('warn');
  });
});

describe('scanHttpRequest composition', () => {
  it('includes the URL findings and takes the strongest action', () => {
    const urlFinding: Finding = { scanner: 'url', rule: 'Blocked Domain', severity: 'high', action: 'block', location: 'url.host' };
    const r = scan({ headers: json, body: '{}' }, undefined, () => [urlFinding]);
    expect(r).toEqual({ action: 'block', findings: [urlFinding] });
  });

  it('warn action gives warn findings for DLP hits', () => {
    const r = scan({ headers: json, body: JSON.stringify({ a: AWS }) }, warnAction);
    expect(r.action).toBe('warn');
    expect(where(r.findings)).toEqual(['body.$.a']);
  });

  it('request_body_scanning disabled scans neither headers nor body', () => {
    const r = scan({ headers: { ...json, authorization: `Bearer ${GH}`, 'content-encoding': 'gzip' }, body: JSON.stringify({ a: AWS }) }, { request_body_scanning: { enabled: false } });
    expect(r).toEqual({ action: 'allow', findings: [] });
  });

  it('never puts the whole secret in a finding', () => {
    const r = scan({ headers: { ...json, authorization: `Bearer ${GH}` }, body: JSON.stringify({ a: AWS }) });
    expect(r.findings.length).toBeGreaterThanOrEqual(2);
    const dump = JSON.stringify(r.findings);
    expect(dump).not.toContain(AWS);
    expect(dump).not.toContain(GH);
  });
});

describe('payload-level signals: dumps and bulk personal data', () => {
  const text = { 'content-type': 'text/plain' };
  it.each<[string, HeadersLike, string, string]>([
    ['.env dump of generic secrets', text, 'APP_SECRET=9fK2mQ7vX4pL8sR1wY6zC3bN\nJWT_SIGNING_KEY=Hq3T8vN1xR6mZ4pK9wL2sY7cB5dF0gJ\nLOG_LEVEL=info\n', 'body'],
    ['YAML with two generic secrets', { 'content-type': 'application/yaml' }, 'app:\n  client_secret: Vn7Qp2Xk9Lm4Rt8Wz1Bc6Yd3\n  api_key: Z5xK8mQ2vT9pR4wL7nB1cF6h\n', 'body'],
    ['process.env as JSON', json, JSON.stringify({ env: { PATH: '/usr/bin', DB_PASSWORD: 'Winter2025!Corp', SESSION_SECRET: 'a7Ke2Qm9Xw4Rt8Lp1Zv6Nc3Y' } }), 'body.$.env.DB_PASSWORD'],
    ['form fields', { 'content-type': 'application/x-www-form-urlencoded' }, 'db_password=Winter2025%21Corp&api_secret=a7Ke2Qm9Xw4Rt8Lp1Zv6Nc3Y', 'body.form.db_password'],
  ])('%s is a Credential Dump', (_n, headers, body, location) => {
    const r = scan({ headers, body });
    const f = r.findings.find((x) => x.rule === 'Credential Dump');
    expect(f).toMatchObject({ severity: 'high', action: 'block', location });
    expect(JSON.stringify(r.findings)).not.toContain('a7Ke2Qm9Xw4Rt8Lp1Zv6Nc3Y');
  });

  it.each<[string, HeadersLike, string]>([
    ['a login form', { 'content-type': 'application/x-www-form-urlencoded' }, 'username=trailrunner42&password=Winter2025%21Corp&remember=1'],
    ['a signup with a confirmation', json, JSON.stringify({ email: 'a@b.example', password: 'Winter2025!Corp', password_confirmation: 'Winter2025!Corp' })],
    ['a config with placeholders', text, 'DB_PASSWORD=${DB_PASSWORD}\nAPI_KEY=<your-api-key>\nSECRET_KEY=changeme\n'],
    ['code that reads secrets', text, 'const password = process.env.DB_PASSWORD;\nconst apiKey = config.get("apiKey");\n'],
  ])('%s is not', (_n, headers, body) => {
    expect(rules(scan({ headers, body }).findings)).not.toContain('Credential Dump');
  });

  it('CSV rows of social security numbers are Bulk Personal Data; one is not', () => {
    const rows = ['name,ssn', 'A,521-44-8731', 'B,318-62-0954', 'C,604-17-2286'].join('\n');
    const r = scan({ headers: { 'content-type': 'text/csv' }, body: rows });
    expect(r.findings.find((f) => f.rule === 'Bulk Personal Data')).toMatchObject({ severity: 'high', action: 'block' });
    expect(rules(scan({ headers: { 'content-type': 'text/csv' }, body: 'name,ssn\nA,521-44-8731' }).findings)).not.toContain('Bulk Personal Data');
  });
});

describe('split values and default headers', () => {
  it('a secret split across JSON array elements is found once, at body(joined)', () => {
    const r = scan({ headers: json, body: JSON.stringify({ chunks: [GH.slice(0, 14), GH.slice(14, 28), GH.slice(28)] }) });
    expect(r.findings.filter((f) => f.rule === 'GitHub Token').map((f) => f.location)).toEqual(['body(joined)']);
  });
  it('digit-only values are not joined (dates and ids would pass the card checksum)', () => {
    expect(scan({ headers: json, body: JSON.stringify({ a: '4505', b: '8710', c: '9312', d: '1024' }) }).findings).toEqual([]);
  });
  it('User-Agent is scanned by default', () => {
    expect(where(scan({ headers: { 'user-agent': `agent/1.0 (+${GH})` } }).findings)).toContain('header.user-agent');
  });
});

describe('character escapes', () => {
  const spell = (s: string, f: (c: number) => string, sep = '') => [...Buffer.from(s)].map(f).join(sep);
  it.each<[string, string]>([
    ['\\x escapes in a JSON string', JSON.stringify({ note: spell(GH, (c) => `\\x${c.toString(16).padStart(2, '0')}`) })],
    ['0x byte list', JSON.stringify({ note: spell(GH, (c) => `0x${c.toString(16).padStart(2, '0')}`, ',') })],
    ['\\u escapes in text', JSON.stringify({ note: `token: ${[...GH].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}` })],
  ])('%s spell a secret the engine then finds', (_n, body) => {
    const f = scan({ headers: json, body }).findings.find((x) => x.rule === 'GitHub Token');
    expect(f).toMatchObject({ action: 'block', location: 'body.$.note', encoding: ['escape'] });
  });
});

describe('encoded credentials in body values', () => {
  const b64 = (t: string) => Buffer.from(t).toString('base64');
  it.each<[string, string, string]>([
    ['a base64 password assignment in JSON', JSON.stringify({ data: b64('password=Winter2025!Corp') }), 'body.$.data'],
    ['a hex token in a form field', `blob=${Buffer.from('token=9fK2mQ7vX4pL8sR1wY6zC3bN').toString('hex')}`, 'body.form.blob'],
    ['user:password base64 as the whole body', b64('admin:ooPpi1iOewU7'), 'body'],
  ])('%s', (_n, body, location) => {
    const headers = body.startsWith('{') ? json : body.startsWith('blob=') ? { 'content-type': 'application/x-www-form-urlencoded' } : { 'content-type': 'text/plain' };
    // DLP may read the decoded assignment itself (Secret Assignment, encoding hex/base64); either way it blocks there.
    const f = scan({ headers, body }).findings.find((x) => x.rule === 'Encoded Credential In Body' || (x.rule === 'Secret Assignment' && (x.encoding?.length ?? 0) > 0));
    expect(f).toMatchObject({ action: 'block', location });
  });
  it.each<[string, string]>([
    ['base64 JSON state', JSON.stringify({ state: b64(JSON.stringify({ returnTo: '/home', nonce: 'Zx9Qw2Er7Ty4Ui1Op8As5D' })) })],
    ['a base64 image', JSON.stringify({ img: Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 1, 0]).toString('base64') })],
    ['a content hash', JSON.stringify({ sha: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })],
    ['a relay id', JSON.stringify({ id: b64('User:12345') })],
  ])('not for %s', (_n, body) => {
    expect(rules(scan({ headers: json, body }).findings)).not.toContain('Encoded Credential In Body');
  });
});

describe('Cookie header, pair by pair', () => {
  const sessionish = 'Xk3mP9qR2sT5vW8yZ1bC4dF7gH0jK3lM6nP9qR2sT5vW8yZ1bC4dF7gH0jK3lM6nP9qR2sT5vW8y=';
  it.each<[string, string]>([
    ['a site session token', `session-id=132-4567890-1234567; session-token="${sessionish}"; i18n-prefs=USD`],
    ['sid and auth cookies', `sid=${sessionish.slice(0, 40)}; auth=${sessionish.slice(10, 60)}`],
  ])('%s: the name-only class does not fire', (_n, cookie) => {
    expect(scan({ headers: { cookie } }).findings).toEqual([]);
  });
  it.each<[string, string, string]>([
    ['a vendor key in a cookie', `theme=dark; tk=${GH}`, 'GitHub Token'],
    ['a password under a password cookie name', `lang=en; db_password="qR7!vZ2#mK9pL4xT"`, 'Secret Assignment'],
    ['an API key under an api_key cookie name', `api_key=Zq8vN3xLp5Rt7Yw2Qa9KdL4m; lang=en`, 'Secret Assignment'],
    ['a base64-wrapped AWS key id', `pref=${Buffer.from(`k=${AWS}`).toString('base64')}`, 'AWS Access Key ID'],
  ])('%s is reported at header.cookie', (_n, cookie, rule) => {
    expect(scan({ headers: { cookie } }).findings.find((f) => f.rule === rule)).toMatchObject({ action: 'block', location: 'header.cookie' });
  });
  it('a secret split over a cookie and another header is found in the joined view', () => {
    const r = scan({ headers: { cookie: `a=${GH.slice(0, 18)}`, 'x-b': GH.slice(18) } });
    expect(r.action).toBe('block');
  });
  it('a Cookie header of more pairs than a browser sends is still read whole', () => {
    const cookie = [...Array.from({ length: 200 }, (_, i) => `c${i}=v${i}`), `x=${GH}`].join('; ');
    expect(scan({ headers: { cookie } }).findings.find((f) => f.rule === 'GitHub Token')).toMatchObject({ action: 'block', location: 'header.cookie' });
  });
});
