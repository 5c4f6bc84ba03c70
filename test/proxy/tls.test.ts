// TLS interception end to end: a throwaway CA made by `pipelock tls init`
// for this run, HTTPS upstreams with openssl-made certificates, curl and
// undici as clients (handed the CA with --cacert / requestTls.ca), the daemon
// in process (upstream trust via upstreamCa) and once as `pipelock run` with
// NODE_EXTRA_CA_CERTS.
import { execFile, execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { Server as HttpsServer } from 'node:https';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetch as undiciFetch, ProxyAgent } from 'undici';
import { awsKey, curl, INJECTION, startTestProxy, testConfig, waitFor } from './helpers.js';
import type { SeenRequest, TestProxy } from './helpers.js';

const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));

function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 15_000, env: { PATH: process.env['PATH'] ?? '', ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as NodeJS.ErrnoException).code) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A self-signed certificate for localhost, passthrough.test and 127.0.0.1. */
function opensslCert(dir: string, name: string): { cert: string; key: string; certPath: string } {
  const certPath = join(dir, `${name}.pem`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, `${name}-key.pem`),
      '-out', certPath, '-days', '1', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=DNS:localhost,DNS:passthrough.test,IP:127.0.0.1'],
    { stdio: 'ignore' },
  );
  return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(join(dir, `${name}-key.pem`), 'utf8'), certPath };
}

interface HttpsUpstream {
  server: HttpsServer;
  port: number;
  seen: SeenRequest[];
  sockets: Set<Socket>;
}

async function startHttpsUpstream(cert: string, key: string): Promise<HttpsUpstream> {
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpsServer({ cert, key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, body });
      const path = req.url ?? '/';
      res.setHeader('content-type', 'text/plain');
      if (path === '/inject') res.end(`Weather today: sunny. ${INJECTION} Tomorrow: rain.`);
      else if (path === '/big') res.end(Buffer.alloc(64 * 1024, 0x61));
      else res.end(`hello from upstream ${req.method} ${path} host=${req.headers.host ?? ''} ${body.toString()}`);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, seen, sockets };
}

async function closeHttps(u: HttpsUpstream): Promise<void> {
  for (const s of u.sockets) s.destroy();
  await new Promise<void>((r) => u.server.close(() => r()));
}

let dir: string;
let caDir: string;
let caPem: string;
let caCertPath: string;
let caKeyPath: string;
let upstreamCert: ReturnType<typeof opensslCert>;
let upstream: HttpsUpstream;
let untrusted: HttpsUpstream;
let p: TestProxy;

/** Test names resolve to loopback; anything else does not resolve. */
const resolve = (host: string): Promise<string[]> =>
  host === 'localhost' || host === 'passthrough.test' || host === '127.0.0.1' ? Promise.resolve(['127.0.0.1']) : Promise.reject(new Error(`no such host ${host}`));

function tlsSection(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    response_scanning: { action: 'block' },
    tls_interception: { enabled: true, ca_cert: caCertPath, ca_key: caKeyPath, passthrough_domains: ['passthrough.test'], ...extra },
  };
}

function tlsConfig(extra: Record<string, unknown> = {}) {
  return testConfig(tlsSection(extra));
}

/** The newest decision about a decrypted request (tunnel lines are written when the tunnel closes, possibly later). */
function lastInner() {
  return p.logs.decisions.filter((e) => e.proxy === 'forward').at(-1);
}

async function leafMetric(proxy: TestProxy, result: 'minted' | 'cached'): Promise<number> {
  const text = await proxy.proxy.metrics.text();
  const m = new RegExp(`pipelock_tls_leaf_certificates_total\\{result="${result}"\\} (\\d+)`).exec(text);
  return Number(m?.[1] ?? NaN);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pipelock-tls-'));
  caDir = join(dir, 'ca');
  const init = await cli(['tls', 'init', '--dir', caDir]);
  expect(init.code).toBe(0);
  caCertPath = join(caDir, 'ca.pem');
  caKeyPath = join(caDir, 'ca-key.pem');
  caPem = readFileSync(caCertPath, 'utf8');
  upstreamCert = opensslCert(dir, 'upstream');
  const other = opensslCert(dir, 'untrusted');
  upstream = await startHttpsUpstream(upstreamCert.cert, upstreamCert.key);
  untrusted = await startHttpsUpstream(other.cert, other.key);
  p = await startTestProxy(tlsConfig(), { resolve, upstreamCa: [upstreamCert.cert] });
});

afterAll(async () => {
  await p?.proxy.close();
  if (upstream) await closeHttps(upstream);
  if (untrusted) await closeHttps(untrusted);
  rmSync(dir, { recursive: true, force: true });
});

describe('pipelock tls init / show-ca', () => {
  it('writes ca.pem (0644) and ca-key.pem (0600) and prints the config to use', async () => {
    expect(statSync(caKeyPath).mode & 0o777).toBe(0o600);
    expect(statSync(caCertPath).mode & 0o777).toBe(0o644);
    expect(new X509Certificate(caPem).ca).toBe(true);
    const again = await cli(['tls', 'init', '--dir', join(dir, 'ca2'), '--key-type', 'rsa']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`tls_interception:\n  enabled: true\n  ca_cert: ${join(dir, 'ca2', 'ca.pem')}\n  ca_key: ${join(dir, 'ca2', 'ca-key.pem')}\n`);
    expect(new X509Certificate(readFileSync(join(dir, 'ca2', 'ca.pem'))).publicKey.asymmetricKeyType).toBe('rsa');
  });

  it('refuses to overwrite a CA without --force', async () => {
    const r = await cli(['tls', 'init', '--dir', caDir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pipelock: .*ca\.pem already exists; pass --force/);
    expect(readFileSync(caCertPath, 'utf8')).toBe(caPem);
    const forced = await cli(['tls', 'init', '--dir', join(dir, 'ca2'), '--force']);
    expect(forced.code).toBe(0);
    expect(statSync(join(dir, 'ca2', 'ca-key.pem')).mode & 0o777).toBe(0o600);
  });

  it('show-ca prints the certificate and its fingerprint, from --cert or --config', async () => {
    const fp = new X509Certificate(caPem).fingerprint256;
    const byCert = await cli(['tls', 'show-ca', '--cert', caCertPath]);
    expect(byCert.code).toBe(0);
    expect(byCert.stdout).toBe(caPem);
    expect(byCert.stderr).toContain(`SHA-256 fingerprint: ${fp}`);
    const cfg = join(dir, 'show.yaml');
    writeFileSync(cfg, `tls_interception:\n  enabled: true\n  ca_cert: ${caCertPath}\n  ca_key: ${caKeyPath}\n`);
    const byConfig = await cli(['tls', 'show-ca', '--config', cfg]);
    expect(byConfig.code).toBe(0);
    expect(byConfig.stdout).toBe(caPem);
    const byHome = await cli(['tls', 'show-ca'], { HOME: join(dir, 'nohome') });
    expect(byHome.code).toBe(2);
    expect(byHome.stderr).toMatch(/^pipelock: cannot read CA certificate .*nohome\/\.pipelock\/ca\.pem/);
  });
});

describe('intercepted tunnels', () => {
  it('curl gets the upstream body through a leaf minted from the CA', async () => {
    const r = await curl(['-x', p.url, '--cacert', caCertPath, `https://localhost:${upstream.port}/hello?x=1`]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(200);
    expect(r.body).toBe(`hello from upstream GET /hello?x=1 host=localhost:${upstream.port} `);
    // The inner request was scanned and logged like a plain one.
    const line = p.logs.decisions.find((e) => e.proxy === 'forward' && e.path === '/hello');
    expect(line).toMatchObject({ host: `localhost:${upstream.port}`, decision: 'allow', client: '127.0.0.1', method: 'GET' });
  });

  it('the leaf is minted once per host and then reused', async () => {
    await curl(['-x', p.url, '--cacert', caCertPath, `https://localhost:${upstream.port}/one`]);
    const minted = await leafMetric(p, 'minted');
    const cached = await leafMetric(p, 'cached');
    const r = await curl(['-x', p.url, '--cacert', caCertPath, `https://localhost:${upstream.port}/two`]);
    expect(r.status).toBe(200);
    expect(await leafMetric(p, 'minted')).toBe(minted);
    expect(await leafMetric(p, 'cached')).toBe(cached + 1);
  });

  it('an IP literal gets a leaf with an IP SAN', async () => {
    const r = await curl(['-x', p.url, '--cacert', caCertPath, `https://127.0.0.1:${upstream.port}/ip`]);
    expect(r.status).toBe(200);
    expect(r.body).toContain('GET /ip');
  });

  it('a secret in an intercepted POST body is blocked and never reaches the upstream', async () => {
    const key = awsKey();
    const before = upstream.seen.length;
    const r = await curl(['-x', p.url, '--cacert', caCertPath, '-H', 'content-type: application/json', '--data', JSON.stringify({ note: `deploy with ${key}` }),
      `https://localhost:${upstream.port}/upload`]);
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ error: 'blocked', scanner: 'dlp' });
    expect(upstream.seen.length).toBe(before);
    expect(lastInner()).toMatchObject({ proxy: 'forward', decision: 'block', method: 'POST' });
    expect(p.logs.text()).not.toContain(key);
  });

  it('an injection in an intercepted response is blocked', async () => {
    const r = await curl(['-x', p.url, '--cacert', caCertPath, `https://localhost:${upstream.port}/inject`]);
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ error: 'blocked', scanner: 'injection' });
    expect(r.body).not.toContain('Ignore all previous');
  });

  it('a Host header naming another authority is refused and never forwarded', async () => {
    const before = upstream.seen.length;
    for (const host of ['evil.example', `localhost:${upstream.port + 1}`, 'localhost']) {
      const r = await curl(['-x', p.url, '--cacert', caCertPath, '-H', `Host: ${host}`, `https://localhost:${upstream.port}/x`]);
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body)).toMatchObject({ error: 'blocked', reason: 'host_mismatch' });
      expect(r.body).toContain('Host/authority mismatch');
    }
    expect(upstream.seen.length).toBe(before);
    expect(lastInner()).toMatchObject({ decision: 'block', reason: 'Host/authority mismatch' });
  });

  it('a ClientHello naming another host (SNI) fails the handshake', async () => {
    const socket = connect(p.proxy.address.port, '127.0.0.1');
    try {
      socket.write(`CONNECT localhost:${upstream.port} HTTP/1.1\r\nHost: localhost:${upstream.port}\r\n\r\n`);
      const head = await new Promise<string>((r) => socket.once('data', (c: Buffer) => r(c.toString('latin1'))));
      expect(head).toMatch(/^HTTP\/1\.1 200 /);
      const err = await new Promise<Error>((resolveErr) => {
        const t = tlsConnect({ socket, servername: 'other.example', ca: caPem });
        t.on('error', resolveErr);
        t.on('secureConnect', () => resolveErr(new Error('handshake unexpectedly succeeded')));
      });
      expect(err.message).not.toBe('handshake unexpectedly succeeded');
      await waitFor(() => p.logs.decisions.some((e) => e.proxy === 'connect' && e.reason === 'TLS SNI does not match the CONNECT host'));
      expect(p.logs.decisions.find((e) => e.reason === 'TLS SNI does not match the CONNECT host')?.decision).toBe('block');
    } finally {
      socket.destroy();
    }
  });

  it('an upstream whose certificate is not trusted gives 502', async () => {
    const r = await curl(['-x', p.url, '--cacert', caCertPath, `https://localhost:${untrusted.port}/`]);
    expect(r.status).toBe(502);
    expect(JSON.parse(r.body)).toMatchObject({ error: 'upstream_failed' });
    expect(untrusted.seen.length).toBe(0);
  });

  it('a passthrough domain is spliced: the client sees the upstream certificate', async () => {
    const r = await curl(['-x', p.url, '--cacert', upstreamCert.certPath, `https://passthrough.test:${upstream.port}/pt`]);
    expect(r.status).toBe(200);
    expect(r.body).toContain('GET /pt host=passthrough.test');
    // The pipelock CA does not vouch for it: nothing was minted for this host.
    const withOurs = await curl(['-x', p.url, '--cacert', caCertPath, `https://passthrough.test:${upstream.port}/pt`]);
    expect(withOurs.status).toBe(0);
    expect(withOurs.code).toBe(60); // curl: peer certificate cannot be authenticated
  });

  it('undici fetch through ProxyAgent with the CA in requestTls', async () => {
    const agent = new ProxyAgent({ uri: p.url, requestTls: { ca: caPem } });
    try {
      const ok = await undiciFetch(`https://localhost:${upstream.port}/undici`, { dispatcher: agent, method: 'POST', body: 'plain words' });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('POST /undici host=localhost');
      const key = awsKey();
      const blocked = await undiciFetch(`https://localhost:${upstream.port}/undici`, { dispatcher: agent, method: 'POST', headers: { 'x-api-key': key } });
      expect(blocked.status).toBe(403);
      await blocked.text();
    } finally {
      await agent.close();
    }
  });

  it('tls_interception.max_response_bytes bounds intercepted responses', async () => {
    const small = await startTestProxy(tlsConfig({ max_response_bytes: 1024 }), { resolve, upstreamCa: [upstreamCert.cert] });
    try {
      const r = await curl(['-x', small.url, '--cacert', caCertPath, `https://localhost:${upstream.port}/big`]);
      expect(r.status).toBe(502);
      expect(JSON.parse(r.body)).toMatchObject({ error: 'response_too_large' });
      expect(r.body).toContain('tls_interception.max_response_bytes');
    } finally {
      await small.proxy.close();
    }
  });

  it('reload: a CA that cannot be loaded keeps the old settings; a new passthrough list applies', async () => {
    const file = join(dir, 'reload.yaml');
    const yaml = (caCert: string, passthrough: string[]): string =>
      [
        'response_scanning: { action: block }',
        'fetch_proxy: { monitoring: { max_requests_per_minute: 100000 } }',
        'dlp: { scan_env: false }',
        'ssrf: { ip_allowlist: [127.0.0.1/32] }',
        'tls_interception:',
        '  enabled: true',
        `  ca_cert: ${caCert}`,
        `  ca_key: ${caKeyPath}`,
        `  passthrough_domains: [${passthrough.join(', ')}]`,
        '',
      ].join('\n');
    writeFileSync(file, yaml(caCertPath, []));
    const r = await startTestProxy(tlsConfig({ passthrough_domains: [] }), { resolve, upstreamCa: [upstreamCert.cert], configPath: file, watchConfig: false });
    try {
      const url = `https://localhost:${upstream.port}/reload`;
      writeFileSync(file, yaml(join(dir, 'missing.pem'), []));
      expect(await r.proxy.reload()).toBe(false);
      expect(r.logs.events.some((e) => e.message.includes('reload failed') && JSON.stringify(e.fields).includes('tls_interception.ca_cert'))).toBe(true);
      expect((await curl(['-x', r.url, '--cacert', caCertPath, url])).status).toBe(200);
      writeFileSync(file, yaml(caCertPath, ['localhost']));
      expect(await r.proxy.reload()).toBe(true);
      expect((await curl(['-x', r.url, '--cacert', upstreamCert.certPath, url])).status).toBe(200);
    } finally {
      await r.proxy.close();
    }
  });

  it('an idle decrypted tunnel is closed after forward_proxy.idle_timeout_seconds', async () => {
    const idle = await startTestProxy(testConfig({ ...tlsSection(), forward_proxy: { idle_timeout_seconds: 1 } }), { resolve, upstreamCa: [upstreamCert.cert] });
    const socket = connect(idle.proxy.address.port, '127.0.0.1');
    try {
      socket.write(`CONNECT localhost:${upstream.port} HTTP/1.1\r\nHost: localhost:${upstream.port}\r\n\r\n`);
      await new Promise((r) => socket.once('data', r));
      const t = tlsConnect({ socket, servername: 'localhost', ca: caPem });
      await new Promise<void>((r, j) => {
        t.once('secureConnect', r);
        t.once('error', j);
      });
      const opened = Date.now();
      await new Promise((r) => t.once('close', r));
      const lived = Date.now() - opened;
      expect(lived).toBeGreaterThanOrEqual(900);
      expect(lived).toBeLessThan(4500);
      await waitFor(() => idle.logs.decisions.some((e) => e.proxy === 'connect'));
      expect(idle.logs.decisions.find((e) => e.proxy === 'connect')).toMatchObject({ decision: 'allow', reason: 'idle_timeout_seconds reached', client: '127.0.0.1' });
    } finally {
      socket.destroy();
      await idle.proxy.close();
    }
  });

  it('a daemon whose CA files are missing does not start', async () => {
    await expect(startTestProxy(testConfig({ tls_interception: { enabled: true, ca_cert: join(dir, 'nope.pem'), ca_key: caKeyPath } }))).rejects.toThrow(
      /cannot read tls_interception\.ca_cert/,
    );
  });
});

describe('pipelock run with NODE_EXTRA_CA_CERTS', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });

  it('intercepts with the CA from tls init and trusts the upstream through NODE_EXTRA_CA_CERTS', async () => {
    const cfg = join(dir, 'run.yaml');
    writeFileSync(
      cfg,
      [
        'fetch_proxy:',
        '  monitoring: { max_requests_per_minute: 100000 }',
        'dlp: { scan_env: false }',
        'ssrf: { ip_allowlist: [127.0.0.1/32] }',
        'tls_interception:',
        '  enabled: true',
        `  ca_cert: ${caCertPath}`,
        `  ca_key: ${caKeyPath}`,
        '',
      ].join('\n'),
    );
    const child = spawn(process.execPath, [BIN, 'run', '--config', cfg, '--listen', '127.0.0.1:0'], {
      env: { PATH: process.env['PATH'] ?? '', NODE_EXTRA_CA_CERTS: upstreamCert.certPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let err = '';
    let out = '';
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    await waitFor(() => err.includes('listening on') || child.exitCode !== null, 25_000);
    const addr = /listening on (\S+)/.exec(err)?.[1];
    expect(addr, err).toBeDefined();
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const r = await curl(['-x', `http://${addr}`, '--cacert', caCertPath, `https://127.0.0.1:${upstream.port}/child`]);
    expect(r.status).toBe(200);
    expect(r.body).toContain('GET /child host=127.0.0.1');
    const bad = await curl(['-x', `http://${addr}`, '--cacert', caCertPath, `https://127.0.0.1:${untrusted.port}/child`]);
    expect(bad.status).toBe(502);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('"proxy":"forward"');
  });
});
