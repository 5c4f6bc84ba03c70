// A small MCP server (official TypeScript SDK, Streamable HTTP) standing in
// for your application's /mcp endpoint. It requires the bearer token from
// MCP_API_TOKEN: Pipelock passes the agent's Authorization header through, so
// the server, not the proxy, decides who may call it.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import * as z from 'zod/v4';

const token = process.env.MCP_API_TOKEN ?? '';
if (token.length < 16) {
  process.stderr.write('mcp-server: set MCP_API_TOKEN (at least 16 characters)\n');
  process.exit(2);
}
const port = Number(process.env.PORT ?? '3001');
const host = process.env.HOST ?? '0.0.0.0';

function buildServer() {
  const server = new McpServer({ name: 'example-mcp-server', version: '1.0.0' });
  const text = (t) => ({ content: [{ type: 'text', text: t }] });
  server.registerTool(
    'get_balance',
    { description: 'Get the balance of an account.', inputSchema: { account: z.string().describe('Account name') } },
    async ({ account }) => text(`The balance of ${account} is 1,234.56 EUR.`),
  );
  server.registerTool(
    'echo',
    { description: 'Echo the given text back.', inputSchema: { text: z.string() } },
    async ({ text: t }) => text(t),
  );
  return server;
}

const sessions = new Map();

const http = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  if (path !== '/mcp') {
    res.writeHead(404).end();
    return;
  }
  if (req.headers.authorization !== `Bearer ${token}`) {
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
    res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32001, message: 'unauthorized' }, id: null }));
    return;
  }
  try {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? JSON.parse(raw) : undefined;
    const sid = req.headers['mcp-session-id'];
    let transport = typeof sid === 'string' ? sessions.get(sid) : undefined;
    if (!transport) {
      const t = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => sessions.set(id, t),
      });
      t.onclose = () => {
        if (t.sessionId) sessions.delete(t.sessionId);
      };
      transport = t;
      await buildServer().connect(t);
    }
    await transport.handleRequest(req, res, body);
  } catch (err) {
    if (!res.headersSent) res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32700, message: String(err?.message ?? err) }, id: null }));
  }
});

http.listen(port, host, () => {
  const a = http.address();
  process.stderr.write(`mcp-server listening on ${a.address}:${a.port}\n`);
});

const stop = () => {
  for (const t of sessions.values()) t.close().catch(() => undefined);
  http.closeAllConnections();
  http.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
