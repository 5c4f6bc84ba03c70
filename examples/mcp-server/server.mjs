#!/usr/bin/env node
// An MCP server (stdio) whose tool handlers check themselves with pipelock:
// the arguments of every call before the handler runs (secrets leaving,
// dangerous commands, multi-step chains), and every result before it goes
// back to the model (prompt injection and secrets coming in). A refusal is
// an ordinary tool error naming the rule; the secret itself is never echoed.
//
// Tools:
//   fetch_page    {url}            -> the page's text (untrusted: scanned before the model sees it)
//   send_message  {channel, text}  -> POSTs {channel, text} to OUTBOX_URL
//
// stdout is the MCP channel: every log line goes to stderr.
import { createScanner } from '@pipelock/core';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const outboxUrl = process.env.OUTBOX_URL;
const MAX_PAGE_CHARS = 100_000;

const scanner = createScanner(
  {
    mode: 'balanced',
    // Text handed to a model: an injection is withheld, not just logged.
    response_scanning: { action: 'block' },
  },
  { now: Date.now },
);

// One stdio connection is one MCP session: pin our own inventory so calls to
// tools we do not have, and chains across calls, are judged against it.
const session = scanner.createMcpSession();

const TOOLS = {
  fetch_page: {
    description: 'Fetch a web page over HTTP(S) and return its text.',
    inputSchema: { url: z.string().url() },
  },
  send_message: {
    description: 'Send a short message to a team channel.',
    inputSchema: { channel: z.string().min(1).max(80), text: z.string().min(1).max(4000) },
  },
};

// Our own descriptions go through the same poisoning check a client's proxy
// would run; a finding here is a bug in this file.
const selfCheck = scanner.scanToolsList(
  Object.entries(TOOLS).map(([name, t]) => ({ name, description: t.description, inputSchema: { type: 'object' } })),
  session,
);
if (selfCheck.action === 'block') {
  console.error(`pipelock: refusing to start, our own tool list was flagged: ${selfCheck.findings.map((f) => f.rule).join(', ')}`);
  process.exit(2);
}

function log(direction, tool, result) {
  if (result.findings.length === 0) return;
  const findings = result.findings.map((f) => ({ scanner: f.scanner, rule: f.rule, location: f.location, action: f.action }));
  console.error(JSON.stringify({ pipelock: result.action, direction, tool, findings }));
}

/** The tool error the model gets instead: which rule, where, and nothing of what matched. */
function refusal(what, result) {
  const f = result.findings.find((x) => x.action === 'block' || x.action === 'strip') ?? result.findings[0];
  const why = f ? `${f.scanner} rule "${f.rule}"${f.location ? ` at ${f.location}` : ''}` : 'policy';
  return { isError: true, content: [{ type: 'text', text: `pipelock refused this ${what}: ${why}` }] };
}

/**
 * Wrap a handler: scan the call, run the handler, scan its result. 'warn'
 * findings are logged and the call proceeds; 'block' refuses. A result that
 * would be stripped is withheld whole: half a tool result misleads more than none.
 */
function guarded(name, handler) {
  return async (args, extra) => {
    const call = scanner.scanToolCall({ name, arguments: args }, session);
    log('call', name, call);
    if (call.action === 'block') return refusal('tool call', call);
    let result;
    try {
      result = await handler(args, extra);
    } catch (err) {
      result = { isError: true, content: [{ type: 'text', text: `${name} failed: ${err instanceof Error ? err.message : String(err)}` }] };
    }
    const checked = scanner.scanToolResult(result, session);
    log('result', name, checked);
    if (checked.action === 'block' || checked.action === 'strip') return refusal('tool result', checked);
    return result;
  };
}

const text = (t) => ({ content: [{ type: 'text', text: t }] });

const server = new McpServer({ name: 'pipelock-guarded-example', version: '0.0.0' });

server.registerTool(
  'fetch_page',
  TOOLS.fetch_page,
  guarded('fetch_page', async ({ url }) => {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'follow' });
    const body = await res.text();
    return text(`HTTP ${res.status}\n\n${body.slice(0, MAX_PAGE_CHARS)}`);
  }),
);

server.registerTool(
  'send_message',
  TOOLS.send_message,
  guarded('send_message', async ({ channel, text: message }) => {
    if (!outboxUrl) return text(`(no OUTBOX_URL set) would send to #${channel}`);
    const res = await fetch(outboxUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel, text: message }),
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`outbox answered HTTP ${res.status}`);
    return text(`sent to #${channel}`);
  }),
);

await server.connect(new StdioServerTransport());
console.error('pipelock-guarded-example MCP server ready on stdio');
