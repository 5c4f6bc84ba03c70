// The forward proxy's upstream pools (packages/proxy/src/forward/upstream.ts)
// on their own: one pool per checked address (a kept-alive connection is only
// reused towards the address a request was checked against), TLS that names
// and verifies the requested host while dialling the checked IP, pools that
// go away with their last connection, and a bound on how many are kept.
// Real servers on 127.0.0.1 and 127.0.0.2; real TLS with an openssl cert.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dispatcher } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstreamPools } from '../../packages/proxy/src/forward/upstream.js';
import type { UpstreamOrigin, UpstreamPools } from '../../packages/proxy/src/forward/upstream.js';
import { waitFor } from './helpers.js';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Send one GET through the pools and collect the answer (or the error). */
function get(pools: UpstreamPools, origin: UpstreamOrigin, host: string, path = '/'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let status = 0;
    let headers: IncomingHttpHeaders = {};
    const handler: Dispatcher.DispatchHandler = {
      // undici takes a handler without onRequestStart for its older interface.
      onRequestStart() {},
      onResponseStart(_c, s, h) {
        status = s;
        headers = h;
      },
      onResponseData(_c, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        resolve({ status, headers, body: Buffer.concat(chunks).toString('utf8') });
      },
      onResponseError(_c, err) {
        reject(err);
      },
    };
    pools.dispatch(origin, { method: 'GET', path, headers: ['Host', host], body: null }, handler);
  });
}

interface Counting {
  server: Server;
  port: number;
  connections: Socket[];
}

async function counting(host: string, make = () => createServer()): Promise<Counting> {
  const server = make();
  const connections: Socket[] = [];
  server.on('request', (req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`${host} ${req.headers.host} ${req.url}`);
  });
  server.on('connection', (s: Socket) => connections.push(s));
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, host, r));
  return { server, port: (server.address() as AddressInfo).port, connections };
}

const close = (s: Server): Promise<void> =>
  new Promise((r) => {
    s.closeAllConnections();
    s.close(() => r());
  });

describe('upstream pools (plain HTTP)', () => {
  let a: Counting;
  let b: Counting;
  beforeAll(async () => {
    a = await counting('127.0.0.1');
    b = await counting('127.0.0.2');
  });
  afterAll(async () => {
    await close(a.server);
    await close(b.server);
  });

  it('reuses one connection per checked address and never shares it with another address', async () => {
    const pools = createUpstreamPools();
    try {
      for (let i = 0; i < 4; i++) {
        const r = await get(pools, { https: false, ip: '127.0.0.1', port: a.port }, `one.test:${a.port}`, `/a${i}`);
        expect(r.body).toBe(`127.0.0.1 one.test:${a.port} /a${i}`);
        // The next request comes as a later event, as a client's next request does
        // (undici frees the connection after the handler saw the end).
        await new Promise((r) => setImmediate(r));
      }
      // The same name, another checked address: its own pool and connection.
      const r = await get(pools, { https: false, ip: '127.0.0.2', port: b.port }, `one.test:${b.port}`, '/b');
      expect(r.body).toBe(`127.0.0.2 one.test:${b.port} /b`);
      expect(a.connections.length).toBe(1);
      expect(b.connections.length).toBe(1);
      expect(pools.size).toBe(2);
    } finally {
      await pools.destroy();
    }
  });

  it('drops a pool once its last connection closed, and dials again on the next request', async () => {
    const pools = createUpstreamPools();
    try {
      const before = a.connections.length;
      await get(pools, { https: false, ip: '127.0.0.1', port: a.port }, 'x.test');
      expect(pools.size).toBe(1);
      for (const s of a.connections) s.destroy();
      await waitFor(() => pools.size === 0, 5000);
      const r = await get(pools, { https: false, ip: '127.0.0.1', port: a.port }, 'x.test', '/again');
      expect(r.body).toBe('127.0.0.1 x.test /again');
      expect(a.connections.length).toBe(before + 2);
    } finally {
      await pools.destroy();
    }
  });

  it('keeps at most maxPools pools; requests to a retired one still complete', async () => {
    const pools = createUpstreamPools({ maxPools: 1 });
    try {
      const [r1, r2] = await Promise.all([
        get(pools, { https: false, ip: '127.0.0.1', port: a.port }, 'p.test', '/1'),
        get(pools, { https: false, ip: '127.0.0.2', port: b.port }, 'p.test', '/2'),
      ]);
      expect(r1.body).toBe('127.0.0.1 p.test /1');
      expect(r2.body).toBe('127.0.0.2 p.test /2');
      expect(pools.size).toBeLessThanOrEqual(1);
    } finally {
      await pools.destroy();
    }
  });

  it('reports a refused connection to the handler, not as a throw', async () => {
    const pools = createUpstreamPools();
    const dead = await counting('127.0.0.1');
    const port = dead.port;
    await close(dead.server);
    try {
      await expect(get(pools, { https: false, ip: '127.0.0.1', port }, 'gone.test')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      await pools.destroy();
    }
  });
});

describe('upstream pools (TLS)', () => {
  let dir: string;
  let cert: string;
  let tls: Counting;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pipelock-upstream-'));
    // A certificate for the name only: dialled by IP, it verifies only if SNI and the check use the name.
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'),
        '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=pinned.test', '-addext', 'subjectAltName=DNS:pinned.test'],
      { stdio: 'ignore' },
    );
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const key = readFileSync(join(dir, 'key.pem'), 'utf8');
    tls = await counting('127.0.0.1', () => createHttpsServer({ cert, key }) as unknown as Server);
  });
  afterAll(async () => {
    await close(tls.server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('dials the checked IP with SNI and verification for the requested name', async () => {
    const pools = createUpstreamPools({ ca: [cert] });
    try {
      const r = await get(pools, { https: true, ip: '127.0.0.1', port: tls.port, servername: 'pinned.test' }, 'pinned.test', '/s');
      expect(r.status).toBe(200);
      expect(r.body).toBe('127.0.0.1 pinned.test /s');
    } finally {
      await pools.destroy();
    }
  });

  it('refuses a certificate that does not name the requested host, and keeps server names apart', async () => {
    const pools = createUpstreamPools({ ca: [cert] });
    try {
      await expect(get(pools, { https: true, ip: '127.0.0.1', port: tls.port, servername: 'other.test' }, 'other.test')).rejects.toMatchObject({
        code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      });
      // Without a server name the IP itself is checked, and the certificate does not name it.
      await expect(get(pools, { https: true, ip: '127.0.0.1', port: tls.port }, '127.0.0.1')).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
      const ok = await get(pools, { https: true, ip: '127.0.0.1', port: tls.port, servername: 'pinned.test' }, 'pinned.test');
      expect(ok.status).toBe(200);
    } finally {
      await pools.destroy();
    }
  });

  it('does not trust a self-signed upstream without the CA', async () => {
    const pools = createUpstreamPools();
    try {
      await expect(get(pools, { https: true, ip: '127.0.0.1', port: tls.port, servername: 'pinned.test' }, 'pinned.test')).rejects.toMatchObject({
        code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/),
      });
    } finally {
      await pools.destroy();
    }
  });
});
