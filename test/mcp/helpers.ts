// Real MCP servers for the end-to-end tests: the SDK fixture behind a
// node:http server on 127.0.0.1:0 (Streamable HTTP, stateful sessions), with a
// record of what actually reached it.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
// @ts-expect-error plain JS fixture shared with the stdio tests
import { buildServer } from './fixtures/sdk-server.mjs';

export interface Upstream {
  url: string;
  received: Array<{ method: string; body: unknown; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

export async function startUpstream(mode = 'clean', opts: { json?: boolean } = {}): Promise<Upstream> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const received: Upstream['received'] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? JSON.parse(raw) : undefined;
    received.push({ method: req.method ?? '', body, headers: req.headers });
    const sid = req.headers['mcp-session-id'];
    let t = typeof sid === 'string' ? transports.get(sid) : undefined;
    if (!t) {
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: opts.json === true,
        onsessioninitialized: (id) => {
          transports.set(id, transport);
        },
      });
      t = transport;
      await buildServer(mode).connect(t);
    }
    await t.handleRequest(req, res, body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    received,
    close: async () => {
      for (const t of transports.values()) await t.close().catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Every tools/call that reached the upstream, by tool name. */
export function callsReceived(u: Upstream): string[] {
  const out: string[] = [];
  for (const r of u.received) {
    const list = Array.isArray(r.body) ? r.body : [r.body];
    for (const m of list) if (m && m.method === 'tools/call') out.push(m.params?.name);
  }
  return out;
}
