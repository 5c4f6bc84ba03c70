// CONNECT tunnels: curl and undici through the in-process daemon to a TLS
// server with a certificate made by openssl for this run; refusals (SSRF,
// malformed authority, kill switch) and the tunnel timeouts on raw sockets.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { Server as HttpsServer } from 'node:https';
import { request as httpRequest } from 'node:http';
import { connect, createServer as createNetServer } from 'node:net';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetch as undiciFetch, ProxyAgent } from 'undici';
import { curl, startTestProxy, testConfig, waitFor } from './helpers.js';
import type { TestProxy } from './helpers.js';

let dir: string;
let cert: string;
let key: string;
let tls: HttpsServer;
let tlsPort: number;
let echo: NetServer;
let echoPort: number;
const serverSockets = new Set<Socket>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pipelock-connect-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'),
      '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
    { stdio: 'ignore' },
  );
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  key = readFileSync(join(dir, 'key.pem'), 'utf8');
  tls = createHttpsServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`tls ok ${req.method} ${req.url} ${Buffer.concat(chunks).toString()}`);
    });
  });
  tls.on('connection', (s: Socket) => {
    serverSockets.add(s);
    s.on('close', () => serverSockets.delete(s));
  });
  await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
  tlsPort = (tls.address() as AddressInfo).port;
  echo = createNetServer((s) => {
    serverSockets.add(s);
    s.on('close', () => serverSockets.delete(s));
    s.on('error', () => s.destroy());
    s.pipe(s);
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoPort = (echo.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const s of serverSockets) s.destroy();
  await new Promise<void>((r) => tls.close(() => r()));
  await new Promise<void>((r) => echo.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

/** Send a raw CONNECT and return the status line and the socket (left open). */
function rawConnect(proxyPort: number, authority: string, extraHeaders = ''): Promise<{ status: number; head: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect(proxyPort, '127.0.0.1');
    let buf = '';
    socket.on('error', reject);
    socket.on('data', function onData(c: Buffer) {
      buf += c.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      resolve({ status: Number(buf.slice(9, 12)), head: buf, socket });
    });
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${extraHeaders}\r\n`);
  });
}

function closed(socket: Socket): Promise<number> {
  const t = Date.now();
  return new Promise((r) => {
    if (socket.destroyed) return r(0);
    socket.on('close', () => r(Date.now() - t));
  });
}

describe('CONNECT', () => {
  let p: TestProxy;
  beforeAll(async () => {
    p = await startTestProxy(testConfig());
  });
  afterAll(async () => {
    await p.proxy.close();
  });

  it('tunnels curl to a TLS server (verified with the test CA)', async () => {
    const r = await curl(['-x', p.url, '--cacert', join(dir, 'cert.pem'), '--data-binary', 'ping', `https://127.0.0.1:${tlsPort}/v1/x`]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(200);
    expect(r.body).toBe('tls ok POST /v1/x ping');
    // The tunnel is accounted for when it closes, just after curl exits.
    await waitFor(async () => /pipelock_tunnel_bytes_total\{direction="received"\} [1-9]/.test(await p.proxy.metrics.text()));
    const line = p.logs.decisions.find((d) => d.proxy === 'connect');
    expect(line).toMatchObject({ method: 'CONNECT', host: `127.0.0.1:${tlsPort}`, decision: 'allow' });
  });

  it('tunnels undici ProxyAgent fetch over https', async () => {
    const agent = new ProxyAgent({ uri: p.url, requestTls: { ca: cert } });
    try {
      const res = await undiciFetch(`https://127.0.0.1:${tlsPort}/y`, { dispatcher: agent });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('tls ok GET /y ');
    } finally {
      await agent.close();
    }
  });

  it('refuses a malformed authority with 400', async () => {
    const r = await rawConnect(p.proxy.address.port, 'user@example.com:443');
    expect(r.status).toBe(400);
    await closed(r.socket);
  });

  it('splices raw bytes both ways', async () => {
    const r = await rawConnect(p.proxy.address.port, `127.0.0.1:${echoPort}`);
    expect(r.status).toBe(200);
    const got = new Promise<string>((res) => r.socket.once('data', (c: Buffer) => res(c.toString())));
    r.socket.write('echo me');
    expect(await got).toBe('echo me');
    r.socket.destroy();
  });
});

describe('CONNECT refusals and limits', () => {
  it('refuses SSRF targets with 403 and never dials them', async () => {
    const p = await startTestProxy(testConfig({}, false));
    try {
      let dialed = 0;
      const onConn = (): void => {
        dialed++;
      };
      echo.on('connection', onConn);
      const a = await rawConnect(p.proxy.address.port, `127.0.0.1:${echoPort}`);
      expect(a.status).toBe(403);
      expect(a.head).toContain('"scanner":"ssrf"');
      const b = await rawConnect(p.proxy.address.port, '169.254.169.254:443');
      expect(b.status).toBe(403);
      const c = await rawConnect(p.proxy.address.port, `localhost:${echoPort}`);
      expect(c.status).toBe(403);
      echo.off('connection', onConn);
      expect(dialed).toBe(0);
      for (const s of [a, b, c]) s.socket.destroy();
    } finally {
      await p.proxy.close();
    }
  });

  it('closes an idle tunnel after idle_timeout_seconds', async () => {
    const p = await startTestProxy(testConfig({ forward_proxy: { idle_timeout_seconds: 1, max_tunnel_seconds: 30 } }));
    try {
      const r = await rawConnect(p.proxy.address.port, `127.0.0.1:${echoPort}`);
      expect(r.status).toBe(200);
      const ms = await closed(r.socket);
      expect(ms).toBeGreaterThan(700);
      expect(ms).toBeLessThan(3000);
    } finally {
      await p.proxy.close();
    }
  });

  it('closes a busy tunnel after max_tunnel_seconds', async () => {
    const p = await startTestProxy(testConfig({ forward_proxy: { idle_timeout_seconds: 30, max_tunnel_seconds: 1 } }));
    try {
      const r = await rawConnect(p.proxy.address.port, `127.0.0.1:${echoPort}`);
      expect(r.status).toBe(200);
      r.socket.on('data', () => undefined);
      const t = setInterval(() => r.socket.writable && r.socket.write('tick'), 100);
      const ms = await closed(r.socket);
      clearInterval(t);
      expect(ms).toBeGreaterThan(700);
      expect(ms).toBeLessThan(3000);
      expect(await p.proxy.metrics.text()).toMatch(/pipelock_active_tunnels 0/);
    } finally {
      await p.proxy.close();
    }
  });

  it('refuses CONNECT with 503 while the kill switch is on, and with 403 when forward_proxy is disabled', async () => {
    const ks = await startTestProxy(testConfig({ kill_switch: { enabled: true } }));
    const off = await startTestProxy(testConfig({ forward_proxy: { enabled: false } }));
    try {
      const a = await rawConnect(ks.proxy.address.port, `127.0.0.1:${echoPort}`);
      expect(a.status).toBe(503);
      expect(a.head).toContain('Emergency deny-all active');
      const b = await rawConnect(off.proxy.address.port, `127.0.0.1:${echoPort}`);
      expect(b.status).toBe(403);
      a.socket.destroy();
      b.socket.destroy();
    } finally {
      await ks.proxy.close();
      await off.proxy.close();
    }
  });
});

describe('absolute https:// URIs (no CONNECT)', () => {
  it('are fetched over TLS with the certificate verified: a self-signed upstream gets 502', async () => {
    const p = await startTestProxy(testConfig());
    try {
      const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port: p.proxy.address.port, path: `https://127.0.0.1:${tlsPort}/z`, headers: { host: `127.0.0.1:${tlsPort}` } }, (res) => {
          let b = '';
          res.on('data', (c: Buffer) => (b += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(502);
      expect(JSON.parse(body)).toMatchObject({ error: 'upstream_failed' });
      expect(body).not.toContain('tls ok');
    } finally {
      await p.proxy.close();
    }
  });
});
