// Security review as tests: no full secret in any finding, error, log line,
// metric or CLI output; user regexes run on RE2 (linear time, no
// back-references); smuggling-shaped requests and Host/authority mismatches
// refused; the kill-switch API compares tokens in constant time and is not
// reachable from the proxy port when api_listen is set.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ConfigError, createDlpEngine, createScanner, parseConfig } from '@pipelock/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProxy, startUpstream, testConfig } from '../proxy/helpers.js';
import type { TestProxy, Upstream } from '../proxy/helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${ROOT}packages/cli/dist/bin.js`;
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A fresh AWS-style key per call, built at run time (never a literal in the repository). */
function awsKey(): string {
  let s = 'AKIA';
  while (s.length < 20) s += B32[randomInt(32)];
  return s;
}
/** A GitHub-style token, also built at run time. */
function ghToken(): string {
  const abc = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let s = 'ghp_';
  while (s.length < 40) s += abc[randomInt(abc.length)];
  return s;
}

/** Neither the secret nor any 12-character window of it (a "redacted" excerpt that shows most of it is a leak too). */
function expectNoLeak(text: string, secret: string): void {
  expect(text).not.toContain(secret);
  for (let i = 0; i + 12 <= secret.length; i++) expect(text, `window ${secret.slice(i, i + 12)}`).not.toContain(secret.slice(i, i + 12));
}

describe('no full secret in findings', () => {
  const scanner = createScanner({ mode: 'balanced', dlp: { scan_env: true } }, { env: { DEPLOY_TOKEN: 'Zq8vR2kLm5Xw9Tn4Pb7Yc3Hd' }, now: () => 0 });

  it('scanRequest: URL, headers, JSON, form and multipart bodies', () => {
    const key = awsKey();
    const gh = ghToken();
    const results = [
      scanner.scanRequest({ method: 'GET', url: `https://api.example.com/x?k=${key}` }),
      scanner.scanRequest({ method: 'GET', url: `https://${key.toLowerCase()}.example.com/`, headers: { authorization: `token ${gh}` } }),
      scanner.scanRequest({ method: 'POST', url: 'https://api.example.com/', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ [key]: gh, nested: [{ v: key }] }) }),
      scanner.scanRequest({ method: 'POST', url: 'https://api.example.com/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `a=${key}&${gh}=1` }),
      scanner.scanRequest({
        method: 'POST',
        url: 'https://api.example.com/',
        headers: { 'content-type': 'multipart/form-data; boundary=zz' },
        body: `--zz\r\nContent-Disposition: form-data; name="f"; filename="${key}.txt"\r\n\r\n${gh}\r\n--zz--\r\n`,
      }),
      scanner.scanRequest({ method: 'POST', url: 'https://api.example.com/', headers: { 'content-type': 'text/plain' }, body: Buffer.from(key).toString('base64') }),
    ];
    for (const r of results) {
      expect(r.findings.length).toBeGreaterThan(0);
      const text = JSON.stringify(r);
      expectNoLeak(text, key);
      expectNoLeak(text, gh);
    }
  });

  it('env values never appear either', () => {
    const r = scanner.scanText('deploying with Zq8vR2kLm5Xw9Tn4Pb7Yc3Hd now');
    expect(r.findings.some((f) => f.scanner === 'env')).toBe(true);
    expectNoLeak(JSON.stringify(r), 'Zq8vR2kLm5Xw9Tn4Pb7Yc3Hd');
  });

  it('scanToolCall, scanToolResult, scanMcpMessage and scanDiff', () => {
    const key = awsKey();
    const session = scanner.createMcpSession();
    const results = [
      scanner.scanToolCall({ name: 'http_post', arguments: { body: `creds ${key}`, [key]: true } }, session),
      scanner.scanToolResult({ content: [{ type: 'text', text: `here: ${key}` }] }, session),
      scanner.scanMcpMessage(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'x', arguments: { a: key } } }), 'to-server', session),
      scanner.scanDiff(`diff --git a/c.env b/c.env\n--- a/c.env\n+++ b/c.env\n@@ -1 +1,2 @@\n x=1\n+AWS_ACCESS_KEY_ID=${key}\n`),
      scanner.scanResponse({ url: 'https://x.example/', status: 200, headers: { 'content-type': 'text/event-stream' }, body: `data: ${key}\n\n` }),
    ];
    for (const r of results) {
      expect(r.findings.length).toBeGreaterThan(0);
      expectNoLeak(JSON.stringify(r), key);
    }
  });

  it('the stream scanner terminates without echoing the secret', () => {
    const key = awsKey();
    const s = scanner.createStreamScanner();
    const out = [...s.push(`data: {"delta":"${key.slice(0, 10)}"}\n\ndata: {"delta":"${key.slice(10)}"}\n\n`), ...s.end()];
    expect(out.some((d) => d.kind === 'terminate')).toBe(true);
    expectNoLeak(JSON.stringify(out.filter((d) => d.kind === 'terminate')), key);
  });

  it('a ConfigError does not echo a secret-looking value back', () => {
    const token = ghToken();
    let err: unknown;
    try {
      parseConfig({ kill_switch: { api_token: 42, api_listen: token } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
  });
});

describe('no full secret in CLI output', () => {
  const run = (args: string[], input: string) => spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8', timeout: 20_000 });

  it.each([[[] as string[]], [['--json']], [['--sarif']], [['--verbose']]])('pipelock scan %j', (flags) => {
    const key = awsKey();
    const gh = ghToken();
    const r = run(['scan', ...flags, '-'], `line one\naws ${key}\ngithub ${gh}\n`);
    expect(r.status).toBe(1);
    expectNoLeak(r.stdout + r.stderr, key);
    expectNoLeak(r.stdout + r.stderr, gh);
  });

  it.each([[[] as string[]], [['--json']], [['--sarif']]])('pipelock scan-diff %j', (flags) => {
    const key = awsKey();
    const r = run(['scan-diff', ...flags], `diff --git a/k b/k\n--- a/k\n+++ b/k\n@@ -0,0 +1 @@\n+key=${key}\n`);
    expect(r.status).toBe(1);
    expectNoLeak(r.stdout + r.stderr, key);
  });
});

describe('user regexes run on RE2', () => {
  // The DLP engine alone: the user pattern's cost, not the other scanners' (see regressions.test.ts for those).
  it.each(['(a+)+$', '(a|a)*$', '(a|aa)+$', '^(\\w+\\s?)*$', '(x+x+)+y'])('%s on a 100 KB hostile input completes quickly', (regex) => {
    parseConfig({ dlp: { patterns: [{ name: 'user-evil', regex, severity: 'high' }] } });
    const engine = createDlpEngine({ patterns: [{ name: 'user-evil', regex, severity: 'high' }], includeDefaults: false });
    const t = performance.now();
    engine.scan('a'.repeat(100 * 1024) + '!');
    engine.scan('x'.repeat(100 * 1024) + 'z');
    engine.scan('ab '.repeat(34 * 1024) + '!');
    expect(performance.now() - t).toBeLessThan(2000);
  });

  it.each([
    ['dlp.patterns[0].regex', { dlp: { patterns: [{ name: 'p', regex: '(a)\\1', severity: 'high' }] } }],
    ['dlp.patterns[0].regex', { dlp: { patterns: [{ name: 'p', regex: 'foo(?=bar)', severity: 'high' }] } }],
    ['response_scanning.patterns[0].regex', { response_scanning: { patterns: [{ name: 'p', regex: '(?<!x)y' }] } }],
  ])('an RE2-incompatible regex is a ConfigError naming %s', (path, input) => {
    let err: unknown;
    try {
      createScanner(parseConfig(input));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues.map((i) => i.path)).toContain(path);
    expect((err as ConfigError).message).toContain(path);
  });
});

// ---------------------------------------------------------------- the forward proxy on the wire

/** Send raw bytes to the proxy and collect everything it answers until it closes (or 3 s pass). */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    const sock = connect(port, '127.0.0.1', () => sock.write(bytes));
    sock.on('data', (d: Buffer) => {
      out += d.toString('latin1');
      // A CONNECT answer is all we need; a tunnel would otherwise stay open.
      if (bytes.startsWith('CONNECT') && out.includes('\r\n\r\n')) sock.destroy();
    });
    const done = () => resolve(out);
    sock.on('close', done);
    sock.on('error', () => undefined);
    setTimeout(() => {
      sock.destroy();
    }, 3000).unref();
  });
}
const statusOf = (resp: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(resp)?.[1] ?? 0);

describe('forward proxy: smuggling and authority checks', () => {
  let up: Upstream;
  let p: TestProxy;
  beforeAll(async () => {
    up = await startUpstream((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    p = await startTestProxy(testConfig());
  });
  afterAll(async () => {
    await p.proxy.close();
    await up.close();
  });

  it('a plain proxied request works (baseline for the refusals below)', async () => {
    const resp = await raw(p.proxy.address.port, `GET ${up.url}/ok HTTP/1.1\r\nHost: 127.0.0.1:${up.port}\r\nConnection: close\r\n\r\n`);
    expect(statusOf(resp)).toBe(200);
  });

  it.each([
    ['Content-Length and Transfer-Encoding together', 'Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['two different Content-Lengths', 'Content-Length: 4\r\nContent-Length: 6\r\n\r\nabcdef'],
    ['an obfuscated Transfer-Encoding', 'Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n'],
    ['Transfer-Encoding with a space before the colon', 'Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n'],
    ['a bare LF inside a chunk size line', 'Transfer-Encoding: chunked\r\n\r\n4\nabcd\r\n0\r\n\r\n'],
  ])('%s: 400, and nothing reaches the upstream', async (_name, tail) => {
    const before = up.seen.length;
    const resp = await raw(p.proxy.address.port, `POST ${up.url}/smuggle HTTP/1.1\r\nHost: 127.0.0.1:${up.port}\r\nConnection: close\r\n${tail}`);
    expect(statusOf(resp)).toBe(400);
    expect(up.seen.slice(before).filter((s) => s.url.includes('smuggle'))).toEqual([]);
  });

  it('absolute-form target with a Host header naming another host: refused', async () => {
    const before = up.seen.length;
    const resp = await raw(p.proxy.address.port, `GET ${up.url}/mismatch HTTP/1.1\r\nHost: evil.example.net\r\nConnection: close\r\n\r\n`);
    expect(statusOf(resp)).toBe(400);
    expect(up.seen.length).toBe(before);
  });

  it('CONNECT whose Host header names another authority: refused', async () => {
    const resp = await raw(p.proxy.address.port, `CONNECT 127.0.0.1:${up.port} HTTP/1.1\r\nHost: evil.example.net:443\r\n\r\n`);
    expect(statusOf(resp)).toBeGreaterThanOrEqual(400);
  });
});

describe('kill-switch API', () => {
  it('tokens are compared with crypto.timingSafeEqual over fixed-size digests, never with ===', () => {
    const src = readFileSync(`${ROOT}packages/proxy/src/ops/killswitch.ts`, 'utf8');
    const fn = src.slice(src.indexOf('export function bearerMatches'));
    const body = fn.slice(0, fn.indexOf('\n}\n'));
    expect(body).toContain('timingSafeEqual(');
    expect(body).toMatch(/createHash\('sha256'\)/);
    expect(body).not.toMatch(/presented\s*===?\s*token|token\s*===?\s*presented/);
  });

  it('wrong token of equal length and of other length: 401; the API is not served on the proxy port', async () => {
    const token = ghToken();
    const p = await startTestProxy(testConfig({ kill_switch: { api_token: token, api_listen: '127.0.0.1:0' } }));
    try {
      const apiPort = p.proxy.apiAddress!.port;
      const call = (port: number, auth: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port, path: '/api/v1/killswitch', method: 'POST', agent: false, headers: { authorization: auth, 'content-type': 'application/json' } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
          req.end('{"active":true}');
        });
      const sameLength = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a');
      expect(sameLength.length).toBe(token.length);
      expect(await call(apiPort, `Bearer ${sameLength}`)).toBe(401);
      expect(await call(apiPort, `Bearer ${token.slice(0, 10)}`)).toBe(401);
      expect(await call(apiPort, `Bearer ${token}${token}`)).toBe(401);
      expect(await call(apiPort, 'Bearer ')).toBe(401);
      expect(p.proxy.killSwitch.active()).toBe(false);
      // The right token on the proxy port: that port does not serve the API at all.
      expect(await call(p.proxy.address.port, `Bearer ${token}`)).toBe(404);
      expect(p.proxy.killSwitch.active()).toBe(false);
      expect(await call(apiPort, `Bearer ${token}`)).toBe(200);
      expect(p.proxy.killSwitch.active()).toBe(true);
      expectNoLeak(p.logs.text(), token);
    } finally {
      await p.proxy.close();
    }
  });
});

describe('forward proxy: no secret in logs, metrics or block pages', () => {
  it('a blocked request with a key in the URL, a header and the body', async () => {
    const up = await startUpstream((_req, res) => res.end('ok'));
    const p = await startTestProxy(testConfig({ explain_blocks: true }));
    try {
      const key = awsKey();
      const gh = ghToken();
      const body = await new Promise<string>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: p.proxy.address.port, path: `${up.url}/x?k=${key}`, method: 'POST', agent: false, headers: { host: `127.0.0.1:${up.port}`, 'x-api-key': gh, 'content-type': 'application/json' } },
          (res) => {
            let s = '';
            res.on('data', (c: Buffer) => (s += c.toString()));
            res.on('end', () => resolve(`${res.statusCode} ${JSON.stringify(res.headers)} ${s}`));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ k: key, g: gh }));
      });
      expect(body.startsWith('403')).toBe(true);
      const metrics = await new Promise<string>((resolve, reject) => {
        request({ host: '127.0.0.1', port: p.proxy.address.port, path: '/metrics', agent: false }, (res) => {
          let s = '';
          res.on('data', (c: Buffer) => (s += c.toString()));
          res.on('end', () => resolve(s));
        })
          .on('error', reject)
          .end();
      });
      for (const text of [body, metrics, p.logs.text()]) {
        expectNoLeak(text, key);
        expectNoLeak(text, gh);
      }
      expect(up.seen.length).toBe(0);
    } finally {
      await p.proxy.close();
      await up.close();
    }
  });
});
