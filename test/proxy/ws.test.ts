// /ws?url= end to end: a real ws echo server on 127.0.0.1, the daemon in
// process, the ws package as the client. Checks relaying, scanning in both
// directions, fragment reassembly, limits and refusals.
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import { awsKey, INJECTION, startTestProxy, testConfig, waitFor } from './helpers.js';
import type { TestProxy } from './helpers.js';

interface Echo {
  url: string;
  /** Every message the upstream received, in order. */
  seen: string[];
  handshakes: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** An echo server; 'inject' makes it answer with an injection instead, 'binary' with a binary frame. */
async function startEcho(): Promise<Echo> {
  const seen: string[] = [];
  const handshakes: IncomingHttpHeaders[] = [];
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (p) => (p.has('chat') ? 'chat' : false) });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (ws, req) => {
    handshakes.push(req.headers);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const text = isBinary ? `<binary ${(data as Buffer).length}>` : (data as Buffer).toString('utf8');
      seen.push(text);
      if (text === 'inject') ws.send(`Here is the page. ${INJECTION}`);
      else if (text === 'binary') ws.send(Buffer.from([1, 2, 3]), { binary: true });
      else ws.send(data, { binary: isBinary });
    });
  });
  const port = (wss.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/socket`,
    seen,
    handshakes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}

interface Client {
  ws: WebSocket;
  messages: string[];
  closed: Promise<{ code: number; reason: string }>;
  next(): Promise<string>;
}

const clients: WebSocket[] = [];

function connect(p: TestProxy, target: string, opts: { protocols?: string[]; headers?: Record<string, string> } = {}): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${p.proxy.address.port}/ws?url=${encodeURIComponent(target)}`, opts.protocols ?? [], {
    headers: opts.headers ?? {},
  });
  clients.push(ws);
  const messages: string[] = [];
  const waiters: ((m: string) => void)[] = [];
  ws.on('message', (data: RawData, isBinary: boolean) => {
    const m = isBinary ? `<binary ${(data as Buffer).length}>` : (data as Buffer).toString('utf8');
    const w = waiters.shift();
    if (w) w(m);
    else messages.push(m);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') }));
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        messages,
        closed,
        next: () => (messages.length > 0 ? Promise.resolve(messages.shift() as string) : new Promise((r) => waiters.push(r))),
      }),
    );
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => reject(Object.assign(new Error(`status ${res.statusCode}`), { status: res.statusCode, body })));
    });
    ws.once('error', (err) => reject(err));
  });
}

async function refusal(p: TestProxy, target: string): Promise<{ status: number; body: string }> {
  try {
    await connect(p, target);
  } catch (err) {
    const e = err as { status?: number; body?: string };
    if (e.status !== undefined) return { status: e.status, body: e.body ?? '' };
    throw err;
  }
  throw new Error('connection was accepted');
}

let echo: Echo;

beforeAll(async () => {
  echo = await startEcho();
});

afterEach(() => {
  for (const c of clients.splice(0)) c.terminate();
});

afterAll(async () => {
  await echo.close();
});

describe('/ws relay', () => {
  let p: TestProxy;
  beforeAll(async () => {
    p = await startTestProxy(
      testConfig({
        websocket_proxy: { enabled: true, max_message_bytes: 4096, max_concurrent_connections: 3 },
        response_scanning: { action: 'block' },
        logging: { include_allowed: true },
      }),
    );
  });
  afterAll(async () => {
    await p.proxy.close();
  });

  it('relays clean text both ways and negotiates the subprotocol', async () => {
    const c = await connect(p, echo.url, { protocols: ['chat'] });
    expect(c.ws.protocol).toBe('chat');
    expect(c.ws.extensions).toBe('');
    c.ws.send('hello upstream');
    expect(await c.next()).toBe('hello upstream');
    c.ws.close(1000, 'done');
    expect((await c.closed).code).toBe(1000);
    await waitFor(() => p.logs.decisions.some((e) => e.proxy === 'websocket' && e.status === 101));
    const line = p.logs.decisions.find((e) => e.proxy === 'websocket' && e.status === 101);
    expect(line).toMatchObject({ decision: 'allow', host: echo.url.slice(5, echo.url.indexOf('/socket')), path: '/socket' });
  });

  it('closes both sides with 1008 when a client message carries a secret, and never forwards it', async () => {
    const key = awsKey();
    const c = await connect(p, echo.url);
    c.ws.send(`my key is ${key}`);
    const closed = await c.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/dlp rule "AWS Access Key ID"/);
    await waitFor(() => p.logs.decisions.some((e) => e.proxy === 'websocket' && e.decision === 'block'));
    expect(echo.seen.some((m) => m.includes(key))).toBe(false);
    expect(p.logs.text()).not.toContain(key);
  });

  it('reassembles fragmented messages before scanning them', async () => {
    const c = await connect(p, echo.url);
    c.ws.send('part one, ', { fin: false });
    c.ws.send('part two, ', { fin: false });
    c.ws.send('part three', { fin: true });
    expect(await c.next()).toBe('part one, part two, part three');
    expect(echo.seen).toContain('part one, part two, part three');

    // A secret split over fragments is still one message to the scanner.
    const key = awsKey();
    c.ws.send(`key ${key.slice(0, 10)}`, { fin: false });
    c.ws.send(`${key.slice(10)} end`, { fin: true });
    expect((await c.closed).code).toBe(1008);
    expect(echo.seen.some((m) => m.includes(key.slice(10)))).toBe(false);
  });

  it('blocks a secret split across two client messages at the message that completes it', async () => {
    const key = awsKey();
    const c = await connect(p, echo.url);
    c.ws.send(JSON.stringify({ type: 'delta', text: key.slice(0, 10) }));
    expect(await c.next()).toContain(key.slice(0, 10));
    c.ws.send(JSON.stringify({ type: 'delta', text: key.slice(10) }));
    const closed = await c.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/AWS Access Key ID/);
    expect(echo.seen.some((m) => m.includes(key.slice(10)))).toBe(false);
  });

  it('blocks an injection coming from the upstream before the client sees it', async () => {
    const c = await connect(p, echo.url);
    c.ws.send('inject');
    const closed = await c.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/injection rule/);
    expect(c.messages).toEqual([]);
  });

  it('enforces max_message_bytes (1009) without forwarding the message', async () => {
    const c = await connect(p, echo.url);
    const big = 'x'.repeat(5000);
    c.ws.send(big);
    expect((await c.closed).code).toBe(1009);
    await new Promise((r) => setTimeout(r, 50));
    expect(echo.seen).not.toContain(big);
  });

  it('refuses binary frames unless allow_binary_frames', async () => {
    const c = await connect(p, echo.url);
    c.ws.send(Buffer.from([0, 1, 2]), { binary: true });
    expect((await c.closed).code).toBe(1003);
    expect(echo.seen.some((m) => m.startsWith('<binary'))).toBe(false);
  });

  it('rewrites Origin to the upstream and strips cookies by default', async () => {
    const before = echo.handshakes.length;
    const c = await connect(p, echo.url, { headers: { Origin: 'https://agent.example', Cookie: 'session=abc', 'X-Trace': 't1' } });
    c.ws.send('ping');
    await c.next();
    const h = echo.handshakes[before];
    expect(h?.['origin']).toBe(`http://${echo.url.slice(5, echo.url.indexOf('/socket'))}`);
    expect(h?.['cookie']).toBeUndefined();
    expect(h?.['x-trace']).toBe('t1');
    expect(h?.['sec-websocket-extensions']).toBeUndefined();
  });

  it('refuses beyond max_concurrent_connections with 503', async () => {
    const open = [await connect(p, echo.url), await connect(p, echo.url), await connect(p, echo.url)];
    const r = await refusal(p, echo.url);
    expect(r.status).toBe(503);
    expect(r.body).toContain('too_many_connections');
    for (const c of open) c.ws.close();
    await Promise.all(open.map((c) => c.closed));
    await waitFor(async () => {
      try {
        const c = await connect(p, echo.url);
        c.ws.close();
        return true;
      } catch {
        return false;
      }
    });
  });

  it('refuses internal destinations (SSRF) and bad URLs before connecting', async () => {
    const r = await refusal(p, 'ws://169.254.169.254/socket');
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/SSRF/);
    expect((await refusal(p, 'http://127.0.0.1/')).status).toBe(400);
  });

  it('answers a plain GET /ws with 426', async () => {
    const res = await fetch(`http://127.0.0.1:${p.proxy.address.port}/ws?url=${encodeURIComponent(echo.url)}`);
    expect(res.status).toBe(426);
    await res.text();
  });
});

describe('/ws configuration', () => {
  it('is 404 when websocket_proxy.enabled is false', async () => {
    const p = await startTestProxy(testConfig());
    try {
      const r = await refusal(p, echo.url);
      expect(r.status).toBe(404);
      const res = await fetch(`http://127.0.0.1:${p.proxy.address.port}/ws`);
      expect(res.status).toBe(404);
      await res.text();
    } finally {
      await p.proxy.close();
    }
  });

  it('relays binary frames when allowed and forwards cookies when asked', async () => {
    const p = await startTestProxy(testConfig({ websocket_proxy: { enabled: true, allow_binary_frames: true, forward_cookies: true, origin_policy: 'strip' } }));
    try {
      const before = echo.handshakes.length;
      const c = await connect(p, echo.url, { headers: { Cookie: 'session=abc', Origin: 'https://agent.example' } });
      c.ws.send(Buffer.from([9, 8, 7, 6]), { binary: true });
      expect(await c.next()).toBe('<binary 4>');
      expect(echo.handshakes[before]?.['cookie']).toBe('session=abc');
      expect(echo.handshakes[before]?.['origin']).toBeUndefined();
      c.ws.close();
      await c.closed;
    } finally {
      await p.proxy.close();
    }
  });

  it('scans binary frames when they are allowed: text inside one blocks', async () => {
    const p = await startTestProxy(testConfig({ websocket_proxy: { enabled: true, allow_binary_frames: true } }));
    try {
      const key = awsKey();
      const before = echo.seen.length;
      const c = await connect(p, echo.url);
      c.ws.send(Buffer.from(`upload:${key}`), { binary: true });
      expect((await c.closed).code).toBe(1008);
      expect(echo.seen.slice(before)).toEqual([]);
    } finally {
      await p.proxy.close();
    }
  });

  it('closes an idle connection after idle_timeout_seconds', async () => {
    const p = await startTestProxy(testConfig({ websocket_proxy: { enabled: true, idle_timeout_seconds: 1 } }));
    try {
      const c = await connect(p, echo.url);
      const started = Date.now();
      const closed = await c.closed;
      expect(closed.code).toBe(1001);
      expect(closed.reason).toMatch(/idle/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      await p.proxy.close();
    }
  });

  it('refuses /ws while the kill switch is on', async () => {
    const p = await startTestProxy(testConfig({ websocket_proxy: { enabled: true } }));
    try {
      p.proxy.killSwitch.setApi(true);
      const r = await refusal(p, echo.url);
      expect(r.status).toBe(503);
      expect(r.body).toContain('kill_switch');
    } finally {
      await p.proxy.close();
    }
  });

  it('closes open relays on shutdown', async () => {
    const p = await startTestProxy(testConfig({ websocket_proxy: { enabled: true } }));
    const c = await connect(p, echo.url);
    await p.proxy.close();
    const closed = await c.closed;
    expect([1001, 1006]).toContain(closed.code);
  });
});
