// Keep-alive to upstreams: the forward proxy reuses idle upstream
// connections, but only towards the very address a request was checked
// against, never after the upstream said Connection: close, and never so
// that one request's blocked answer or cut-off body reaches the next one.
// Real upstream servers on 127.0.0.1 and 127.0.0.2, real keep-alive clients.
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { Agent } from 'node:http';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INJECTION, startTestProxy, testConfig } from './helpers.js';
import type { TestProxy } from './helpers.js';

interface Counted {
  server: Server;
  port: number;
  /** Remote ports of the upstream connections accepted so far, in order. */
  connections: number[];
  /** For each request: path and the remote port of the connection it came on. */
  requests: Array<{ path: string; via: number }>;
  close(): Promise<void>;
}

/** An upstream on `host` that records which connection served which request. */
async function countedUpstream(host: string): Promise<Counted> {
  const connections: number[] = [];
  const requests: Array<{ path: string; via: number }> = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      requests.push({ path, via: req.socket.remotePort ?? 0 });
      if (path.startsWith('/inject')) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(`Result: ${INJECTION}`);
      } else if (path.startsWith('/close')) {
        res.writeHead(200, { 'content-type': 'text/plain', connection: 'close' });
        res.end('closing');
      } else if (path.startsWith('/big')) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('x'.repeat(3 * 1024 * 1024));
      } else {
        res.writeHead(200, { 'content-type': 'text/plain', 'x-served-by': host });
        res.end(`${host} ${path}`);
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (s: Socket) => {
    connections.push(s.remotePort ?? 0);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    connections,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** One request through the proxy on a keep-alive client agent. */
function viaProxy(proxyPort: number, agent: Agent, url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: IncomingHttpHeaders }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: proxyPort, path: url, agent, headers: { host: u.host, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

let a: Counted;
let b: Counted;
let p: TestProxy;
let client: Agent;

beforeAll(async () => {
  a = await countedUpstream('127.0.0.1');
  b = await countedUpstream('127.0.0.2');
  const hosts: Record<string, string> = { 'a.test': '127.0.0.1', 'b.test': '127.0.0.2', 'also-a.test': '127.0.0.1' };
  p = await startTestProxy(
    testConfig({ ssrf: { ip_allowlist: ['127.0.0.0/8'] }, response_scanning: { action: 'block' }, fetch_proxy: { max_response_mb: 2 } }),
    { resolve: async (host) => [hosts[host] ?? '127.0.0.1'] },
  );
  client = new Agent({ keepAlive: true, maxSockets: 1 });
});

afterAll(async () => {
  client.destroy();
  await p.proxy.close();
  await a.close();
  await b.close();
});

describe('keep-alive to upstreams', () => {
  it('reuses one upstream connection for sequential requests', async () => {
    const before = a.connections.length;
    for (let i = 0; i < 5; i++) {
      const r = await viaProxy(p.proxy.address.port, client, `http://a.test:${a.port}/seq${i}`);
      expect(r).toMatchObject({ status: 200, body: `127.0.0.1 /seq${i}` });
    }
    const served = a.requests.filter((r) => r.path.startsWith('/seq'));
    expect(served).toHaveLength(5);
    expect(new Set(served.map((r) => r.via)).size).toBe(1);
    expect(a.connections.length - before).toBe(1);
  });

  it('pools by checked address: names resolving to different addresses never share a connection', async () => {
    for (let i = 0; i < 4; i++) {
      expect((await viaProxy(p.proxy.address.port, client, `http://b.test:${b.port}/b${i}`)).body).toBe(`127.0.0.2 /b${i}`);
      expect((await viaProxy(p.proxy.address.port, client, `http://a.test:${a.port}/a${i}`)).body).toBe(`127.0.0.1 /a${i}`);
      expect((await viaProxy(p.proxy.address.port, client, `http://also-a.test:${a.port}/aa${i}`)).body).toBe(`127.0.0.1 /aa${i}`);
    }
    // Each server saw only its own requests, each on a connection it accepted.
    expect(b.requests.map((r) => r.path)).toEqual(['/b0', '/b1', '/b2', '/b3']);
    expect(a.requests.some((r) => r.path.startsWith('/b'))).toBe(false);
    for (const s of [a, b]) for (const r of s.requests) expect(s.connections).toContain(r.via);
  });

  it('does not reuse a connection the upstream closed (Connection: close)', async () => {
    const r1 = await viaProxy(p.proxy.address.port, client, `http://a.test:${a.port}/close-1`);
    expect(r1).toMatchObject({ status: 200, body: 'closing' });
    // The client connection to the proxy stays open: Connection is hop-by-hop.
    expect(r1.headers.connection).not.toBe('close');
    const r2 = await viaProxy(p.proxy.address.port, client, `http://a.test:${a.port}/after-close`);
    expect(r2).toMatchObject({ status: 200, body: '127.0.0.1 /after-close' });
    const closeVia = a.requests.find((r) => r.path === '/close-1')!.via;
    const nextVia = a.requests.find((r) => r.path === '/after-close')!.via;
    expect(nextVia).not.toBe(closeVia);
  });

  it("a blocked answer does not leak into the next request on the same connection", async () => {
    const blocked = await viaProxy(p.proxy.address.port, client, `http://a.test:${a.port}/inject`);
    expect(blocked.status).toBe(403);
    expect(blocked.body).not.toContain('Ignore all previous');
    const next = await viaProxy(p.proxy.address.port, client, `http://a.test:${a.port}/clean-after-block`);
    expect(next).toMatchObject({ status: 200, body: '127.0.0.1 /clean-after-block' });
    // The upstream connection was read to the end and reused, not left with unread bytes.
    const injectVia = a.requests.find((r) => r.path === '/inject')!.via;
    expect(a.requests.find((r) => r.path === '/clean-after-block')!.via).toBe(injectVia);
  });

  it('an answer refused for its size is cut, and its connection is never reused', async () => {
    const big = await viaProxy(p.proxy.address.port, client, `http://a.test:${a.port}/big`);
    expect(big.status).toBe(502);
    const next = await viaProxy(p.proxy.address.port, client, `http://a.test:${a.port}/after-big`);
    expect(next).toMatchObject({ status: 200, body: '127.0.0.1 /after-big' });
    const bigVia = a.requests.find((r) => r.path === '/big')!.via;
    expect(a.requests.find((r) => r.path === '/after-big')!.via).not.toBe(bigVia);
  });

  it('a request the client sends with Connection: close ends that client connection, not the upstream one', async () => {
    const once = new Agent({ keepAlive: false });
    try {
      const r = await viaProxy(p.proxy.address.port, once, `http://a.test:${a.port}/client-close`, { connection: 'close' });
      expect(r.status).toBe(200);
      expect(r.headers.connection).toBe('close');
      // Connection is not forwarded upstream (hop-by-hop): the next request reuses the same upstream connection.
      const next = await viaProxy(p.proxy.address.port, client, `http://a.test:${a.port}/after-client-close`);
      expect(next.status).toBe(200);
      const v1 = a.requests.find((x) => x.path === '/client-close')!.via;
      expect(a.requests.find((x) => x.path === '/after-client-close')!.via).toBe(v1);
    } finally {
      once.destroy();
    }
  });
});
