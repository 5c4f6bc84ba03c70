// MCP reverse proxy load figure: tools/call round trips with autocannon,
// straight to an SDK server and through pipelock's MCP reverse proxy, in the
// same run on loopback. Usage: node test/mcp/load.mjs [seconds] [connections]
// (after pnpm build). Not part of the test suite.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import * as z from 'zod/v4';
import { createScanner } from '@pipelock/core';
import { createMcpProxyHandler } from '@pipelock/proxy';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 10);

function listen(server) {
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server.address().port)));
}

// A stateless SDK server: a fresh server and transport per request, JSON answers.
const upstream = createServer(async (req, res) => {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const server = new McpServer({ name: 'load', version: '1.0.0' });
  server.registerTool('get_weather', { description: 'Weather for a city.', inputSchema: { city: z.string() } }, async ({ city }) => ({
    content: [{ type: 'text', text: `The weather in ${city} is sunny, 21°C, light wind from the west.` }],
  }));
  const t = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => {
    t.close();
    server.close();
  });
  await server.connect(t);
  await t.handleRequest(req, res, body);
});
const upPort = await listen(upstream);
const scanner = createScanner({}, { now: Date.now });
const handler = createMcpProxyHandler({ upstream: `http://127.0.0.1:${upPort}/mcp`, scanner: () => scanner });
const proxy = createServer((req, res) => handler.handle(req, res));
const proxyPort = await listen(proxy);

const call = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_weather', arguments: { city: 'Lisbon' } } });
function run(port) {
  return new Promise((resolve, reject) =>
    autocannon(
      {
        url: `http://127.0.0.1:${port}/mcp`,
        connections,
        duration: seconds,
        requests: [{ method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: call }],
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    ),
  );
}
const direct = await run(upPort);
const viaProxy = await run(proxyPort);
const fmt = (r) => `${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}`;
console.log(`direct:  ${fmt(direct)}`);
console.log(`proxied: ${fmt(viaProxy)}`);
console.log(`ratio:   ${((viaProxy.requests.average / direct.requests.average) * 100).toFixed(1)} % of direct throughput`);
proxy.close();
upstream.close();
process.exit(0);
