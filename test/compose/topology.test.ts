// examples/compose/compose.yaml, run without Docker: every service's command
// (pipelock's ENTRYPOINT from the Dockerfile plus the compose `command`) is
// started as a local process on 127.0.0.1, in depends_on order, each waiting
// for its dependency's compose healthcheck to pass. Service names and
// container ports are mapped to loopback and free ports; that mapping is the
// only difference. The LLM provider is a stub on 127.0.0.2 (loopback, but not
// in NO_PROXY), so the one config change is an ssrf.ip_allowlist entry for it.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { last, readDockerfile } from '../packaging/dockerfile.js';
import { isolatedTempDir, run, start } from './processes.js';
import type { Started } from './processes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXAMPLE = join(ROOT, 'examples/compose');
const CLI = join(ROOT, 'packages/cli/dist/bin.js');
const TEST_NODE_MODULES = join(ROOT, 'test/node_modules');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

const env: Record<string, string> = {
  MCP_API_TOKEN: randomBytes(24).toString('hex'),
  OPENAI_API_KEY: '',
};

/** Compose's ${VAR}, ${VAR:-default}, ${VAR:?error} interpolation. */
function interpolate(s: string): string {
  return s.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_m, name: string, kind: string | undefined, arg: string | undefined) => {
    const v = env[name];
    if (kind === '?' && !v) throw new Error(`compose: ${name}: ${arg}`);
    if (kind === '-' && !v) return arg ?? '';
    return v ?? '';
  });
}

const compose = parse(interpolate(readFileSync(join(EXAMPLE, 'compose.yaml'), 'utf8'))) as { services: Record<string, Service> };
const services = compose.services;

/** Topological order of services by depends_on (dependencies first). */
function startOrder(): string[] {
  const order: string[] = [];
  const visit = (name: string, path: string[]): void => {
    if (order.includes(name)) return;
    if (path.includes(name)) throw new Error(`depends_on cycle: ${[...path, name].join(' -> ')}`);
    for (const dep of Object.keys(services[name]?.depends_on ?? {})) visit(dep, [...path, name]);
    order.push(name);
  };
  for (const name of Object.keys(services)) visit(name, []);
  return order;
}

// ---- the mapping from containers to local processes ------------------------

/** container port of a service -> local port, filled in as services start. */
const ports = new Map<string, number>();

function mapHostPort(hostPort: string): string {
  const m = /^(?:([\w.-]+)|\[[^\]]+\]):(\d+)$/.exec(hostPort);
  if (!m) return hostPort;
  const [, host = '', port = ''] = m;
  if (host === '0.0.0.0') return '127.0.0.1:0'; // a listen address: any free loopback port
  const svc = host in services ? host : host === '127.0.0.1' || host === 'localhost' ? 'self' : undefined;
  if (svc === undefined) return hostPort;
  const local = ports.get(`${svc}:${port}`);
  if (local === undefined) throw new Error(`no local port yet for ${host}:${port}`);
  return `127.0.0.1:${local}`;
}

function mapUrls(s: string): string {
  return s.replace(/\bhttps?:\/\/([\w.-]+:\d+)/g, (m, hp: string) => m.replace(hp, mapHostPort(hp)));
}

/** Paths inside containers -> files here (image layout and compose volumes). */
function mapPath(service: string, p: string): string {
  if (p === '/opt/pipelock/dist/bin.js') return CLI;
  for (const v of services[service]?.volumes ?? []) {
    const [src = '', dst = ''] = v.split(':');
    const local = pathOverrides.get(src) ?? join(EXAMPLE, src);
    if (p === dst) return local;
    if (p.startsWith(`${dst}/`)) return join(local, p.slice(dst.length + 1));
  }
  return p;
}

const pathOverrides = new Map<string, string>();

function localCommand(service: string, argv: string[], self: string): [string, string[]] {
  const mapped = argv.map((a) => {
    let out = mapPath(service, a);
    out = mapUrls(out);
    // Listen addresses and health-check addresses.
    out = /^[\w.-]+:\d+$/.test(out) ? mapHostPort(out.replace(/^(127\.0\.0\.1|localhost):/, `${self}:`)) : out;
    return out;
  });
  const [cmd = '', ...args] = mapped;
  if (cmd === 'node') return [process.execPath, args];
  if (cmd === 'pipelock') return [process.execPath, [CLI, ...args]];
  return [cmd, args];
}

function localEnv(service: string): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' };
  for (const [k, v] of Object.entries(services[service]?.environment ?? {})) out[k] = mapUrls(String(v));
  return out;
}

// ---- the stand-in for the LLM provider -------------------------------------

const received: Array<{ url: string; body: string; headers: Record<string, unknown> }> = [];
let llm: Server;
let llmUrl = '';

const children = new Map<string, Started>();
let tmp = '';
let pipelockPort = 0;

async function healthy(service: string, self: string): Promise<void> {
  const test = services[service]?.healthcheck?.test;
  if (!test) return;
  expect(test[0]).toBe('CMD');
  const [cmd, args] = localCommand(service, test.slice(1), self);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const r = await run(cmd, args, { env: localEnv(service), timeoutMs: 10_000 });
    if (r.code === 0) return;
    if (Date.now() > deadline) throw new Error(`${service} never became healthy: ${r.stdout}${r.stderr}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

async function startService(name: string): Promise<void> {
  const svc = services[name]!;
  for (const [dep, { condition }] of Object.entries(svc.depends_on ?? {})) {
    expect(condition).toBe('service_healthy');
    expect(children.has(dep), `${name} started before ${dep}`).toBe(true);
  }
  if (name === 'pipelock') {
    const entry = last(readDockerfile(ROOT).at(-1)!, 'ENTRYPOINT');
    const [cmd, args] = localCommand(name, [...entry!.args, ...svc.command!], 'pipelock');
    const p = start(cmd, args, { env: localEnv(name), cwd: tmp });
    children.set(name, p);
    const m = await p.waitFor(/forward proxy listening on 127\.0\.0\.1:(\d+).*MCP reverse proxy on 127\.0\.0\.1:(\d+)/);
    pipelockPort = Number(m[1]);
    ports.set('pipelock:8888', pipelockPort);
    ports.set('pipelock:8889', Number(m[2]));
    await healthy(name, 'pipelock');
    return;
  }
  if (name === 'mcp-server') {
    const e = localEnv(name);
    const containerPort = e.PORT!;
    e.PORT = '0';
    e.HOST = '127.0.0.1';
    const p = start(...localCommand(name, svc.command!, name), { env: e, cwd: join(tmp, 'mcp-server') });
    children.set(name, p);
    const m = await p.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
    ports.set(`mcp-server:${containerPort}`, Number(m[1]));
    ports.set(`self:${containerPort}`, Number(m[1]));
    await healthy(name, 'mcp-server');
    return;
  }
  // The app is a one-shot client; the tests below run its command.
}

beforeAll(async () => {
  tmp = isolatedTempDir('pipelock-compose-');
  // pipelock's config: the compose file's, plus the stub provider's address.
  const doc = parseDocument(readFileSync(join(EXAMPLE, 'pipelock.yaml'), 'utf8'));
  doc.setIn(['ssrf', 'ip_allowlist'], ['127.0.0.2/32']);
  writeFileSync(join(tmp, 'pipelock.yaml'), doc.toString());
  pathOverrides.set('./pipelock.yaml', join(tmp, 'pipelock.yaml'));
  // The MCP server's own file, beside the SDK the test workspace installs
  // (its image runs `npm install` from examples/compose/mcp-server/package.json).
  const mcpDir = join(tmp, 'mcp-server');
  mkdirSync(mcpDir);
  copyFileSync(join(EXAMPLE, 'mcp-server/server.mjs'), join(mcpDir, 'server.mjs'));
  writeFileSync(join(mcpDir, 'package.json'), readFileSync(join(EXAMPLE, 'mcp-server/package.json')));
  symlinkSync(TEST_NODE_MODULES, join(mcpDir, 'node_modules'), 'dir');

  llm = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body: Buffer.concat(chunks).toString('utf8'), headers: req.headers });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion', choices: [{ index: 0, message: { role: 'assistant', content: 'Hello.' } }] }));
    });
  });
  await new Promise<void>((r) => llm.listen(0, '127.0.0.2', r));
  llmUrl = `http://127.0.0.2:${(llm.address() as AddressInfo).port}/v1/chat/completions`;

  for (const name of startOrder()) await startService(name);
}, 60_000);

afterAll(async () => {
  const codes: Record<string, number | null> = {};
  for (const name of startOrder().reverse()) {
    const c = children.get(name);
    if (c) codes[name] = await c.stop();
  }
  if (llm) {
    llm.closeAllConnections();
    await new Promise<void>((r) => llm.close(() => r()));
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  // pipelock drains and exits 0 on SIGTERM, as `docker compose stop` sends it.
  expect(codes.pipelock).toBe(0);
}, 30_000);

/** The app service's command with its environment; LLM_URL points at the stub. */
function runApp(extraArgs: string[] = []) {
  const e = localEnv('app');
  e.LLM_URL = llmUrl;
  const [cmd, args] = localCommand('app', services.app!.command!, 'app');
  return run(cmd, [...args, ...extraArgs], { env: e, timeoutMs: 40_000 });
}

async function metric(name: string, labels: string): Promise<number> {
  const r = await fetch(`http://127.0.0.1:${pipelockPort}/metrics`);
  const text = await r.text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && labels.split(',').every((kv) => l.includes(kv)));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('examples/compose topology, run as local processes', () => {
  it('wires the app through pipelock and pipelock in front of the MCP server', () => {
    const app = services.app!;
    for (const k of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) expect(app.environment?.[k]).toBe('http://pipelock:8888');
    expect(app.environment?.NO_PROXY).toMatch(/(^|,)mcp-server(,|$)/);
    expect(app.depends_on?.pipelock?.condition).toBe('service_healthy');
    expect(services.pipelock!.command).toEqual(expect.arrayContaining(['--mcp-listen', '0.0.0.0:8889', '--mcp-upstream']));
    expect(services.pipelock!.healthcheck?.test).toEqual(['CMD', 'pipelock', 'healthcheck', '--addr', '127.0.0.1:8888']);
    expect(services.pipelock!.volumes).toContain('./pipelock.yaml:/etc/pipelock/pipelock.yaml:ro');
    expect(services['mcp-server']!.environment?.MCP_API_TOKEN).toBe(env.MCP_API_TOKEN);
  });

  it('the sample pipelock.yaml passes `pipelock check --config`', async () => {
    const r = await run(process.execPath, [CLI, 'check', '--config', join(EXAMPLE, 'pipelock.yaml')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('config OK');
  });

  it("pipelock's compose healthcheck command exits 0", async () => {
    const [cmd, args] = localCommand('pipelock', services.pipelock!.healthcheck!.test.slice(1), 'pipelock');
    expect(args).toEqual([CLI, 'healthcheck', '--addr', `127.0.0.1:${pipelockPort}`]);
    const r = await run(cmd, args, { env: localEnv('pipelock') });
    expect(r.code).toBe(0);
  });

  it("the app's clean request reaches the LLM through the proxy", async () => {
    const before = await metric('pipelock_requests_total', 'proxy="forward",decision="allow"');
    const n = received.length;
    const r = await runApp();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).choices[0].message.content).toBe('Hello.');
    expect(received.length).toBe(n + 1);
    expect(received.at(-1)!.body).toContain('Say hello');
    // It went through pipelock (curl read http_proxy), not straight to the stub.
    expect(await metric('pipelock_requests_total', 'proxy="forward",decision="allow"')).toBe(before + 1);
    expect(received.at(-1)!.headers['accept-encoding']).toBe('identity');
  });

  it('a secret in the app request body is blocked before it leaves', async () => {
    const key = ['AKIA', 'Z7QW3RT5YU2OP4LK'].join('');
    const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `deploy with ${key}` }] });
    const n = received.length;
    const r = await runApp([body]);
    expect(r.code).not.toBe(0); // curl --fail-with-body: the 403 is an error for the app
    expect(r.stdout).toContain('"error":"blocked"');
    expect(r.stdout).not.toContain(key);
    expect(received.length).toBe(n);
    expect(await metric('pipelock_requests_total', 'proxy="forward",decision="block"')).toBeGreaterThanOrEqual(1);
  });

  it('NO_PROXY hosts bypass the proxy (an internal service on 127.0.0.1 answers directly)', async () => {
    const e = localEnv('app');
    const url = `http://127.0.0.1:${ports.get('mcp-server:3001')}/healthz`;
    // Through pipelock this would be refused (127.0.0.0/8 is internal); with NO_PROXY it is direct.
    const r = await run('curl', ['-sS', '--fail', url], { env: e });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ok');
  });

  it('MCP listTools and callTool work through pipelock:8889 with the bearer token', async () => {
    const url = new URL(`http://127.0.0.1:${ports.get('pipelock:8889')}/mcp`);
    const client = new Client({ name: 'compose-test-agent', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${env.MCP_API_TOKEN}` } } });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(['echo', 'get_balance']);
      const res = await client.callTool({ name: 'get_balance', arguments: { account: 'household' } });
      expect(res.isError).toBeFalsy();
      expect(res.content).toEqual([{ type: 'text', text: 'The balance of household is 1,234.56 EUR.' }]);
      const echo = await client.callTool({ name: 'echo', arguments: { text: 'round trip' } });
      expect(echo.content).toEqual([{ type: 'text', text: 'round trip' }]);
    } finally {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    }
  });

  it('MCP without the token is refused by the server behind pipelock', async () => {
    const url = `http://127.0.0.1:${ports.get('pipelock:8889')}/mcp`;
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
    });
    expect(r.status).toBe(401);
    await r.body?.cancel();
  });

  it('a secret in MCP tool arguments is blocked by pipelock and never reaches the server', async () => {
    const url = new URL(`http://127.0.0.1:${ports.get('pipelock:8889')}/mcp`);
    const client = new Client({ name: 'compose-test-agent', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${env.MCP_API_TOKEN}` } } });
    await client.connect(transport);
    try {
      const key = ['ghp_', 'R8xkZ2mQ9vLp4TnW7yHc3JfB6sD1aE5gK0uN'].join('');
      const outcome = await client.callTool({ name: 'echo', arguments: { text: `token ${key}` } }).then(
        (r) => JSON.stringify(r),
        (e: unknown) => String(e),
      );
      expect(outcome).not.toContain(key);
      expect(outcome.toLowerCase()).toMatch(/block/);
    } finally {
      await transport.terminateSession().catch(() => undefined);
      await client.close();
    }
  });
});
