// The MCP reverse proxy as hosted by the daemon (startProxy's `mcp` option):
// clean JSON-RPC passes, a secret in tool arguments never reaches the MCP
// server, the kill switch covers the listener, /health lists it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsKey, curl, startTestProxy, startUpstream, testConfig } from './helpers.js';
import type { TestProxy, Upstream } from './helpers.js';

let upstream: Upstream;
let p: TestProxy;

beforeAll(async () => {
  upstream = await startUpstream((_req, res, body) => {
    const msg = JSON.parse(body.toString('utf8')) as { id: number; method: string };
    const result = msg.method === 'tools/list'
      ? { tools: [{ name: 'get_balance', description: 'Returns the account balance.', inputSchema: { type: 'object', properties: {} } }] }
      : { content: [{ type: 'text', text: 'Balance: 42 EUR' }] };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', id: msg.id, result }));
  });
  p = await startTestProxy(testConfig(), { mcp: { listen: '127.0.0.1:0', upstream: `${upstream.url}/mcp` } });
});

afterAll(async () => {
  await p.proxy.close();
  await upstream.close();
});

function rpc(body: unknown, extra: string[] = []): ReturnType<typeof curl> {
  return curl([
    '-H', 'content-type: application/json', '-H', 'accept: application/json, text/event-stream', ...extra,
    '--data-binary', JSON.stringify(body), `http://127.0.0.1:${p.proxy.mcpAddress?.port ?? 0}/mcp`,
  ]);
}

describe('MCP listener', () => {
  it('forwards clean calls and lists the listener in /health', async () => {
    const list = await rpc({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body)).toMatchObject({ id: 1, result: { tools: [{ name: 'get_balance' }] } });
    const call = await rpc({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_balance', arguments: {} } });
    expect(JSON.parse(call.body)).toMatchObject({ id: 2, result: { content: [{ text: 'Balance: 42 EUR' }] } });
    const health = JSON.parse((await curl([`${p.url}/health`])).body) as { listeners: Record<string, string> };
    expect(health.listeners['mcp']).toBe(`127.0.0.1:${p.proxy.mcpAddress?.port ?? 0}`);
    expect(p.logs.decisions.some((d) => d.proxy === 'mcp')).toBe(true);
    // The client's session (one per address for a server that assigns no id) is on /metrics.
    const metrics = (await curl([`${p.url}/metrics`])).body;
    expect(metrics).toMatch(/^pipelock_mcp_sessions 1$/m);
  });

  it('blocks a secret in tool arguments before the MCP server sees it', async () => {
    const key = awsKey();
    const before = upstream.seen.length;
    const r = await rpc({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'send_note', arguments: { text: `key ${key}` } } });
    const body = JSON.parse(r.body) as { id?: number; error?: { code: number } };
    expect(body.error).toBeDefined();
    expect(r.body).not.toContain(key);
    expect(upstream.seen.length).toBe(before);
  });

  it('answers 503 on the MCP listener while the kill switch is on', async () => {
    p.proxy.killSwitch.setApi(true);
    try {
      const r = await rpc({ jsonrpc: '2.0', id: 4, method: 'tools/list' });
      expect(r.status).toBe(503);
    } finally {
      p.proxy.killSwitch.setApi(false);
    }
  });
});
