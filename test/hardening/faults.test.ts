// Faults on the wire: upstreams that refuse, reset mid-body, hang, speak
// broken HTTP or cut an SSE stream half-way; clients that vanish mid-upload;
// stdio children that crash or write garbage. After each fault the proxy
// answers with a clear error, holds no socket open, and still serves a good
// request. Real servers and processes on 127.0.0.1 only.
import { spawn } from 'node:child_process';
import { createServer, request } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import { connect, createServer as createNetServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createScanner } from '@pipelock/core';
import { createMcpProxyHandler, wrapStdioServer } from '@pipelock/proxy';
import type { McpDecisionRecord } from '@pipelock/proxy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProxy, testConfig } from '../proxy/helpers.js';
import type { TestProxy } from '../proxy/helpers.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/faulty-stdio-server.mjs', import.meta.url));
const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));

const awsKey = () => ['AKIA', 'QZ7W3NB4', 'XK2LM5PD'].join('');
const ping = (id: number | string) => JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' });

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// A deadline, not a speed check: it returns as soon as the condition holds, so a loaded machine only waits longer.
async function until(fn: () => boolean | Promise<boolean>, ms = 20_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await fn()) return true;
    await sleep(20);
  }
  return fn();
}

// ---------------------------------------------------------------- a misbehaving upstream

/**
 * A raw TCP server that reads one HTTP request and then does what its path
 * says: /good answers a JSON-RPC result, the others misbehave. Raw sockets so
 * it can send what node:http would refuse to.
 */
interface FaultUpstream {
  port: number;
  url: string;
  /** Paths of requests that reached it, complete or not. */
  seen: string[];
  openSockets(): number;
  close(): Promise<void>;
}

async function startFaultUpstream(): Promise<FaultUpstream> {
  const sockets = new Set<Socket>();
  const seen: string[] = [];
  const server = createNetServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => undefined);
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer): void => {
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.subarray(0, end).toString('latin1');
      const len = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length - end - 4 < len) return;
      sock.off('data', onData);
      const path = head.split(' ')[1] ?? '/';
      const body = buf.subarray(end + 4, end + 4 + len).toString('utf8');
      seen.push(path);
      act(sock, path, body);
    };
    sock.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}/good`,
    seen,
    openSockets: () => sockets.size,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function idOf(body: string): unknown {
  try {
    return (JSON.parse(body) as { id?: unknown }).id ?? null;
  } catch {
    return null;
  }
}

function act(sock: Socket, path: string, body: string): void {
  const id = idOf(body);
  const json = (text: string | Buffer, extra = '') => {
    const b = typeof text === 'string' ? Buffer.from(text) : text;
    sock.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${b.length}\r\nconnection: close\r\n${extra}\r\n`), b]));
  };
  switch (path) {
    case '/good':
      return json(JSON.stringify({ jsonrpc: '2.0', id, result: { ok: true } }));
    case '/reset-mid-body': {
      // Promise 1000 bytes, send 40, then reset.
      sock.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"t":"`);
      setTimeout(() => sock.resetAndDestroy(), 30);
      return;
    }
    case '/hang':
      return; // never answers; the socket stays open until the proxy gives up
    case '/malformed':
      sock.end('HTTP/1.1 two hundred\r\nthis is: not\r\n\x00\x01 http at all\r\n\r\n');
      return;
    case '/garbage':
      sock.end('\x16\x03\x01 definitely not http\r\n\r\n');
      return;
    case '/bad-utf8':
      return json(Buffer.concat([Buffer.from(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"t":"x `), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' y"}}')]));
    case '/gzip':
      return json(Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0]), 'content-encoding: gzip\r\n');
    case '/sse-half': {
      // One complete event, then half of an event that carries a secret, then the connection drops.
      sock.write('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\n\r\n');
      sock.write(`event: message\ndata: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'first' } })}\n\n`);
      sock.write(`event: message\ndata: {"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"content":[{"type":"text","text":"key ${awsKey()}`);
      setTimeout(() => sock.destroy(), 50);
      return;
    }
    case '/sse-reset': {
      sock.write('HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n');
      sock.write(`data: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/progress', params: { progress: 1 } })}\n\n`);
      setTimeout(() => sock.resetAndDestroy(), 50);
      return;
    }
    default:
      sock.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
  }
}

// ---------------------------------------------------------------- the proxy under test

interface Proxy {
  port: number;
  server: Server;
  records: McpDecisionRecord[];
  connections(): Promise<number>;
  close(): Promise<void>;
}

async function startMcpProxy(upstream: string, upstreamTimeoutMs = 400, maxBodyBytes = 64 * 1024): Promise<Proxy> {
  const records: McpDecisionRecord[] = [];
  const scanner = createScanner({ mode: 'balanced', response_scanning: { action: 'block' }, dlp: { scan_env: false } }, { now: Date.now });
  const handler = createMcpProxyHandler({ upstream, scanner: () => scanner, record: (r) => records.push(r), upstreamTimeoutMs, maxBodyBytes });
  const server = createServer((req, res) => handler.handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    server,
    records,
    connections: () => new Promise((r, j) => server.getConnections((e, n) => (e ? j(e) : r(n)))),
    close: async () => {
      handler.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

interface Reply {
  status: number;
  body: string;
  headers: IncomingMessage['headers'];
}

/** One request on its own connection (no keep-alive), so connection counts are exact. */
function post(port: number, path: string, body: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', connection: 'close', ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', (e) => reject(e));
        res.on('aborted', () => reject(new Error('aborted after headers')));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function rpcError(r: Reply): { code: number; message: string } | undefined {
  try {
    return (JSON.parse(r.body) as { error?: { code: number; message: string } }).error;
  } catch {
    return undefined;
  }
}

describe('MCP reverse proxy under upstream and client faults', () => {
  let up: FaultUpstream;
  let proxy: Proxy;
  let handlesBefore = 0;

  beforeAll(async () => {
    handlesBefore = activeSockets();
    up = await startFaultUpstream();
    proxy = await startMcpProxy(up.url);
  });
  afterAll(async () => {
    await proxy.close();
    await up.close();
    // Everything this suite opened is closed again.
    expect(await until(() => activeSockets() <= handlesBefore)).toBe(true);
  });

  /** After a fault: no connection left on either side, and a good request still works. */
  async function stillServes(): Promise<void> {
    expect(await until(async () => (await proxy.connections()) === 0 && up.openSockets() === 0)).toBe(true);
    const r = await post(proxy.port, '/good', ping(99));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ jsonrpc: '2.0', id: 99, result: { ok: true } });
    expect(await until(async () => (await proxy.connections()) === 0 && up.openSockets() === 0)).toBe(true);
  }

  it('serves a good request to begin with', async () => {
    await stillServes();
  });

  it('upstream refuses (closed port): 502 with a JSON-RPC error naming the cause', async () => {
    const closed = createNetServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const p = await startMcpProxy(`http://127.0.0.1:${port}/mcp`);
    try {
      const r = await post(p.port, '/mcp', ping(1));
      expect(r.status).toBe(502);
      expect(rpcError(r)?.message).toMatch(/unreachable.*ECONNREFUSED/);
      expect(p.records.some((x) => x.decision === 'error' && x.status === 502)).toBe(true);
      expect(await until(async () => (await p.connections()) === 0)).toBe(true);
    } finally {
      await p.close();
    }
    await stillServes();
  });

  it('upstream resets mid-body: the client gets a clear 502, not a half answer', async () => {
    const r = await post(proxy.port, '/reset-mid-body', ping(2)).catch((e: Error) => ({ status: -1, body: e.message, headers: {} }));
    expect(r.status).toBe(502);
    expect(rpcError(r as Reply)?.code).toBe(-32603);
    await stillServes();
  });

  it('upstream hangs: the request times out with 502 after upstreamTimeoutMs', async () => {
    const t = Date.now();
    const r = await post(proxy.port, '/hang', ping(3));
    expect(r.status).toBe(502);
    expect(rpcError(r)?.message).toMatch(/timeout/);
    // It waited for the timeout (400 ms here) rather than failing at once; how much longer is the machine's business.
    expect(Date.now() - t).toBeGreaterThanOrEqual(350);
    await stillServes();
  });

  it.each(['/malformed', '/garbage'])('upstream speaks broken HTTP (%s): 502', async (path) => {
    const r = await post(proxy.port, path, ping(4));
    expect(r.status).toBe(502);
    expect(rpcError(r)?.message).toMatch(/pipelock: upstream/);
    await stillServes();
  });

  it('upstream sends invalid UTF-8 in JSON: scanned (as U+FFFD) and answered, proxy unharmed', async () => {
    const r = await post(proxy.port, '/bad-utf8', ping(5));
    expect(r.status).toBe(200);
    expect(r.body).toContain('"id":5');
    await stillServes();
  });

  it('upstream sends a compressed answer: refused (cannot be scanned)', async () => {
    const r = await post(proxy.port, '/gzip', ping(6));
    expect(r.status).toBe(502);
    expect(rpcError(r)?.message).toMatch(/compressed/);
    await stillServes();
  });

  it('SSE stream closed half-way: complete events arrive, the unfinished one (with a secret) never does', async () => {
    const r = await post(proxy.port, '/sse-half', ping(7)).catch((e: Error) => ({ status: -1, body: `ERR ${e.message}`, headers: {} }));
    expect(r.body).toContain('first');
    expect(r.body).not.toContain(awsKey());
    expect(r.body).not.toContain('AKIA');
    await stillServes();
  });

  it('SSE stream reset by the upstream: the client stream ends, nothing hangs', async () => {
    const r = await post(proxy.port, '/sse-reset', ping(8)).catch((e: Error) => ({ status: -1, body: `ERR ${e.message}`, headers: {} }));
    expect(r.body).toContain('progress');
    await stillServes();
  });

  it('client disconnects mid-upload: nothing reaches the upstream, no socket is left', async () => {
    const before = up.seen.length;
    await new Promise<void>((resolve) => {
      const sock = connect(proxy.port, '127.0.0.1', () => {
        sock.write('POST /good HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 50000\r\n\r\n{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"x":"');
        sock.write('a'.repeat(10_000));
        setTimeout(() => {
          sock.destroy();
          resolve();
        }, 50);
      });
      sock.on('error', () => undefined);
    });
    await sleep(100);
    expect(up.seen.length).toBe(before);
    await stillServes();
  });

  it('client sends more than maxBodyBytes: 413, the upstream never sees it', async () => {
    const before = up.seen.length;
    const r = await post(proxy.port, '/good', JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'x', params: { pad: 'p'.repeat(70 * 1024) } }));
    expect(r.status).toBe(413);
    expect(rpcError(r)?.message).toMatch(/over 65536 bytes/);
    expect(up.seen.length).toBe(before);
    await stillServes();
  });

  it('client sends broken JSON and invalid UTF-8: a JSON-RPC error, never forwarded', async () => {
    const before = up.seen.length;
    const r = await post(proxy.port, '/good', '{"jsonrpc":"2.0","id":1,"method":');
    expect(rpcError(r)).toBeDefined();
    const bad = Buffer.concat([Buffer.from('{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"x","arguments":{"a":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(`${awsKey()}"}}}`)]);
    const r2 = await new Promise<Reply>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: proxy.port, path: '/good', method: 'POST', agent: false, headers: { 'content-type': 'application/json', connection: 'close' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), headers: res.headers }));
      });
      req.on('error', reject);
      req.end(bad);
    });
    expect(rpcError(r2)?.message).toMatch(/pipelock/);
    expect(up.seen.length).toBe(before);
    await stillServes();
  });

  it('a burst of mixed faults leaves no connection behind', async () => {
    const paths = ['/hang', '/reset-mid-body', '/malformed', '/sse-half', '/good', '/garbage', '/sse-reset', '/bad-utf8'];
    await Promise.all(paths.map((p, i) => post(proxy.port, p, ping(100 + i)).catch(() => undefined)));
    await stillServes();
  });
});

/** Connected sockets and listening servers this process holds open (a coarse but honest leak signal). */
function activeSockets(): number {
  const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles();
  let n = 0;
  for (const h of handles) {
    const kind = h.constructor.name;
    if (kind === 'Server') n++;
    else if (kind === 'Socket' && !(h as Socket).destroyed && (h as Socket).remotePort !== undefined) n++;
  }
  return n;
}

// ---------------------------------------------------------------- the stdio wrapper

interface Wrapped {
  input: PassThrough;
  lines: string[];
  stderr: string[];
  exit: Promise<number>;
}

function wrap(mode: string, killAfterMs = 3000): Wrapped {
  const input = new PassThrough();
  const output = new PassThrough();
  const errorOutput = new PassThrough();
  const lines: string[] = [];
  const stderr: string[] = [];
  let buf = '';
  output.on('data', (c: Buffer) => {
    buf += c.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      lines.push(buf.slice(0, i));
      buf = buf.slice(i + 1);
    }
  });
  errorOutput.on('data', (c: Buffer) => stderr.push(c.toString()));
  const scanner = createScanner({ mode: 'balanced', response_scanning: { action: 'block' }, dlp: { scan_env: false } });
  const exit = wrapStdioServer({ scanner, command: process.execPath, args: [FIXTURE, mode], input, output, errorOutput, killAfterMs });
  return { input, lines, stderr, exit };
}

describe('MCP stdio wrapper under child faults', () => {
  it('child crashes: the wrapper resolves with the child exit code after serving what came before', async () => {
    const w = wrap('crash');
    w.input.write(ping(1) + '\n');
    expect(await until(() => w.lines.length === 1)).toBe(true);
    expect(JSON.parse(w.lines[0]!)).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
    w.input.write(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'die' }) + '\n');
    expect(await w.exit).toBe(3);
    expect(w.stderr.join('')).toContain('crashing on purpose');
  });

  it('child writes half a line and exits: the half line never reaches the client', async () => {
    const w = wrap('partial');
    expect(await w.exit).toBe(0);
    expect(w.lines).toEqual([]);
  });

  it('child writes a non-JSON line: not forwarded verbatim, and later answers still flow', async () => {
    const w = wrap('garbage');
    w.input.write(ping(1) + '\n');
    expect(await until(() => w.lines.some((l) => l.includes('"id":1')))).toBe(true);
    expect(w.lines).not.toContain('this is { not json');
    w.input.end();
    expect(await w.exit).toBe(0);
  });

  it('child writes invalid UTF-8: the answer is delivered as valid JSON (U+FFFD), the session continues', async () => {
    const w = wrap('badutf8');
    w.input.write(ping(1) + '\n');
    w.input.write(ping(2) + '\n');
    expect(await until(() => w.lines.length >= 2)).toBe(true);
    for (const l of w.lines) expect(() => JSON.parse(l)).not.toThrow();
    expect(w.lines[0]).toContain('\ufffd');
    w.input.end();
    expect(await w.exit).toBe(0);
  });

  it('child writes a line over the 16 MiB frame limit: the wrapper stops it instead of buffering', async () => {
    const w = wrap('hugeline', 500);
    const code = await w.exit;
    expect(code).not.toBe(0);
    expect(w.lines).toEqual([]);
  });

  it('a child that ignores EOF and SIGTERM: SIGTERM to the wrapper ends both (SIGKILL after the grace period)', async () => {
    const cli = spawn(process.execPath, [BIN, 'mcp', 'proxy', '--', process.execPath, FIXTURE, 'ignore-term'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    cli.stdout.on('data', (d: Buffer) => (out += d.toString()));
    cli.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const closed = new Promise<number | null>((r) => cli.on('close', (c) => r(c)));
    cli.stdin.write(ping(1) + '\n');
    expect(await until(() => out.includes('"id":1') && /pid=\d+/.test(err))).toBe(true);
    const pid = Number(/pid=(\d+)/.exec(err)![1]);
    // The MCP stdio shutdown sequence: close stdin, then SIGTERM if the server lingers.
    cli.stdin.end();
    await sleep(200);
    cli.kill('SIGTERM');
    const code = await Promise.race([closed, sleep(8000).then(() => 'hung' as const)]);
    const childAlive = (() => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    })();
    if (childAlive) process.kill(pid, 'SIGKILL');
    if (code === 'hung') cli.kill('SIGKILL');
    expect(code).not.toBe('hung');
    expect(childAlive).toBe(false);
  });

  it('through the CLI: a crashing child ends the wrapper process with its code and closes the client pipe', async () => {
    const child = spawn(process.execPath, [BIN, 'mcp', 'proxy', '--', process.execPath, FIXTURE, 'crash'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let stdoutEnded = false;
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout.on('end', () => (stdoutEnded = true));
    child.stdin.write(ping(1) + '\n');
    await until(() => out.includes('"id":1'));
    child.stdin.write(JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'die' }) + '\n');
    const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    expect(code).toBe(3);
    expect(stdoutEnded).toBe(true);
    expect(out).toContain('"id":1');
  });
});

// ---------------------------------------------------------------- the forward proxy

describe('forward proxy under upstream and client faults', () => {
  let up: FaultUpstream;
  let fp: TestProxy;
  let proxyPort = 0;
  let handlesBefore = 0;

  beforeAll(async () => {
    handlesBefore = activeSockets();
    up = await startFaultUpstream();
    fp = await startTestProxy(testConfig({ fetch_proxy: { timeout_seconds: 1 } }));
    proxyPort = fp.proxy.address.port;
  });
  afterAll(async () => {
    await fp.proxy.close();
    await up.close();
    expect(await until(() => activeSockets() <= handlesBefore)).toBe(true);
  });

  /** A proxied request (absolute-form target) on its own connection. */
  function viaProxy(target: string, body = ping(1)): Promise<Reply> {
    const u = new URL(target);
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: proxyPort, path: target, method: 'POST', agent: false, headers: { host: u.host, 'content-type': 'application/json', connection: 'close' } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async function stillServes(): Promise<void> {
    expect(await until(() => up.openSockets() === 0)).toBe(true);
    const r = await viaProxy(`http://127.0.0.1:${up.port}/good`, ping(42));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ jsonrpc: '2.0', id: 42, result: { ok: true } });
    expect(await until(() => up.openSockets() === 0)).toBe(true);
  }

  it('serves a good request to begin with', async () => {
    await stillServes();
  });

  it('upstream refuses (closed port): 502 upstream_failed', async () => {
    const closed = createNetServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await viaProxy(`http://127.0.0.1:${port}/x`);
    expect(r.status).toBe(502);
    expect(JSON.parse(r.body).error).toBe('upstream_failed');
    await stillServes();
  });

  it('upstream hangs: 504 after fetch_proxy.timeout_seconds', async () => {
    const t = Date.now();
    const r = await viaProxy(`http://127.0.0.1:${up.port}/hang`);
    expect(r.status).toBe(504);
    expect(JSON.parse(r.body).error).toBe('upstream_timeout');
    // It waited for timeout_seconds (1 s) rather than failing at once.
    expect(Date.now() - t).toBeGreaterThanOrEqual(950);
    await stillServes();
  });

  it('upstream resets mid-body: 502 upstream_failed (ECONNRESET), never the partial body', async () => {
    const r = await viaProxy(`http://127.0.0.1:${up.port}/reset-mid-body`);
    expect(r.status).toBe(502);
    expect(JSON.parse(r.body)).toMatchObject({ error: 'upstream_failed' });
    await stillServes();
  });

  it.each(['/malformed', '/garbage'])('upstream speaks broken HTTP (%s): 502', async (path) => {
    const r = await viaProxy(`http://127.0.0.1:${up.port}${path}`);
    expect(r.status).toBe(502);
    await stillServes();
  });

  it('upstream sends a compressed body: blocked (Compressed Body), not delivered unscanned', async () => {
    const r = await viaProxy(`http://127.0.0.1:${up.port}/gzip`);
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ rule: 'Compressed Body' });
    await stillServes();
  });

  it('SSE closed half-way: complete events arrive, the half event with a secret does not', async () => {
    const r = await viaProxy(`http://127.0.0.1:${up.port}/sse-half`).catch((e: Error) => ({ status: -1, body: `ERR ${e.message}`, headers: {} }));
    expect(r.body).not.toContain(awsKey());
    await stillServes();
  });

  it('client disconnects mid-upload: nothing is forwarded, the daemon keeps serving', async () => {
    const before = up.seen.length;
    await new Promise<void>((resolve) => {
      const sock = connect(proxyPort, '127.0.0.1', () => {
        sock.write(`POST http://127.0.0.1:${up.port}/good HTTP/1.1\r\nhost: 127.0.0.1:${up.port}\r\ncontent-type: application/json\r\ncontent-length: 50000\r\n\r\n{"a":"`);
        sock.write('a'.repeat(10_000));
        setTimeout(() => {
          sock.destroy();
          resolve();
        }, 50);
      });
      sock.on('error', () => undefined);
    });
    await sleep(100);
    expect(up.seen.length).toBe(before);
    await stillServes();
  });

  it('a burst of mixed faults leaves no upstream socket behind', async () => {
    const paths = ['/hang', '/reset-mid-body', '/malformed', '/sse-half', '/good', '/garbage', '/gzip'];
    await Promise.all(paths.map((p) => viaProxy(`http://127.0.0.1:${up.port}${p}`).catch(() => undefined)));
    await stillServes();
  });
});
