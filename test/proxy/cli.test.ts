// The built CLI as a child process: `pipelock run` serving traffic, SIGUSR1
// toggling the kill switch, SIGHUP reloading, SIGTERM draining to exit 0,
// and `pipelock healthcheck` exiting 0 against it and 1 once it is gone.
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsKey, curl, startUpstream, waitFor } from './helpers.js';
import type { Upstream } from './helpers.js';

const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));

function cli(args: string[], timeoutMs = 10_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: timeoutMs, env: { PATH: process.env['PATH'] ?? '' } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? Number((err as NodeJS.ErrnoException).code) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

interface Daemon {
  child: ChildProcess;
  addr: string;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

async function spawnDaemon(args: string[]): Promise<Daemon> {
  const child = spawn(process.execPath, [BIN, 'run', ...args], { env: { PATH: process.env['PATH'] ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await waitFor(() => err.includes('listening on') || child.exitCode !== null, 25_000);
  const m = /listening on (\S+)/.exec(err);
  if (!m) throw new Error(`daemon did not start: ${err}`);
  return { child, addr: m[1] ?? '', stdout: () => out, stderr: () => err, exit };
}

let upstream: Upstream;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  upstream = await startUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('upstream ok');
  });
  dir = mkdtempSync(join(tmpdir(), 'pipelock-cli-'));
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('pipelock run + healthcheck (built CLI)', () => {
  it('serves, toggles the kill switch on SIGUSR1, reloads on SIGHUP, drains on SIGTERM', async () => {
    const config = join(dir, 'pipelock.yaml');
    const yaml = (mode: string) =>
      [`mode: ${mode}`, 'fetch_proxy:', '  monitoring:', '    max_requests_per_minute: 100000', 'ssrf:', '  ip_allowlist: ["127.0.0.1/32"]', 'dlp:', '  scan_env: false', ''].join('\n');
    writeFileSync(config, yaml('balanced'));
    const d = await spawnDaemon(['--config', config, '--listen', '127.0.0.1:0']);
    children.push(d.child);
    const proxy = `http://${d.addr}`;

    const hc = await cli(['healthcheck', '--addr', d.addr]);
    expect(hc.code).toBe(0);

    expect((await curl(['-x', proxy, `${upstream.url}/a`])).status).toBe(200);
    const key = awsKey();
    expect((await curl(['-x', proxy, '-H', `x-api-key: ${key}`, `${upstream.url}/b`])).status).toBe(403);

    d.child.kill('SIGUSR1');
    await waitFor(async () => (await curl(['-x', proxy, `${upstream.url}/c`])).status === 503);
    d.child.kill('SIGUSR1');
    await waitFor(async () => (await curl(['-x', proxy, `${upstream.url}/c`])).status === 200);

    writeFileSync(config, yaml('audit'));
    d.child.kill('SIGHUP');
    await waitFor(async () => JSON.parse((await curl([`${proxy}/health`])).body).mode === 'audit');

    d.child.kill('SIGTERM');
    expect(await d.exit).toBe(0);
    const down = await cli(['healthcheck', '--addr', d.addr]);
    expect(down.code).toBe(1);

    // JSON decision lines on stdout; never the secret.
    const lines = d.stdout().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.some((l) => l['decision'] === 'block' && l['path'] === '/b')).toBe(true);
    expect(d.stdout()).not.toContain(key);
  });

  it('--mode overrides the config mode; no config means balanced defaults; --mcp-* start the MCP listener', async () => {
    const d = await spawnDaemon(['--mode', 'strict', '--listen', '127.0.0.1:0', '--mcp-listen', '127.0.0.1:0', '--mcp-upstream', `${upstream.url}/mcp`]);
    children.push(d.child);
    const health = JSON.parse((await curl([`http://${d.addr}/health`])).body) as Record<string, unknown>;
    expect(health['mode']).toBe('strict');
    expect(d.stderr()).toMatch(/MCP reverse proxy on 127\.0\.0\.1:\d+/);
    expect(Object.keys(health['listeners'] as object)).toEqual(['forward', 'mcp']);
    d.child.kill('SIGINT');
    expect(await d.exit).toBe(0);
  });

  it('refuses half the MCP flags and bad input with one line and exit 2', async () => {
    const mcp = await cli(['run', '--mcp-listen', '127.0.0.1:0']);
    expect(mcp.code).toBe(2);
    expect(mcp.stderr.trim()).toBe('pipelock: --mcp-listen needs --mcp-upstream URL (the MCP server to protect)');

    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'mode: sideways\n');
    const r = await cli(['run', '--config', bad, '--listen', '127.0.0.1:0']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').length).toBe(1);
    expect(r.stderr).toContain('mode');

    const mode = await cli(['run', '--mode', 'loose']);
    expect(mode.code).toBe(2);
  });

  it('healthcheck exits 1 quickly when nothing listens', async () => {
    const t = Date.now();
    const r = await cli(['healthcheck', '--addr', '127.0.0.1:1']);
    expect(r.code).toBe(1);
    expect(Date.now() - t).toBeLessThan(3500);
  });
});
