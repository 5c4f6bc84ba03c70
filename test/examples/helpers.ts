// Shared by the example tests: local upstreams on 127.0.0.1 and example
// processes started as real children, all torn down after each file.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../cli/helpers.js';

export { ROOT };

/** The examples import the packages' built dist: fail clearly when it is missing or stale. */
export function assertPackagesBuilt(...pkgs: string[]): void {
  const newest = (dir: string, ext: string): number => {
    let m = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) m = Math.max(m, newest(p, ext));
      else if (e.name.endsWith(ext) && !e.name.endsWith(`.test${ext}`) && !e.name.endsWith(`.bench${ext}`)) m = Math.max(m, statSync(p).mtimeMs);
    }
    return m;
  };
  for (const pkg of pkgs) {
    const dist = join(ROOT, 'packages', pkg, 'dist');
    if (!existsSync(join(dist, 'index.js'))) throw new Error(`${dist} is missing: run \`pnpm build\` before the example tests`);
    if (newest(join(ROOT, 'packages', pkg, 'src'), '.ts') > newest(dist, '.js')) {
      throw new Error(`packages/${pkg}/dist is older than its sources: run \`pnpm build\` before the example tests`);
    }
  }
}

export interface Upstream {
  server: Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startUpstream(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<Upstream> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export interface Child {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  stop(): Promise<void>;
}

/** Start `node script` and wait until a stdout line matches `ready`; resolves with the match. */
export async function startNode(script: string, env: NodeJS.ProcessEnv, ready: RegExp): Promise<{ child: Child; match: RegExpMatchArray }> {
  const proc = spawn(process.execPath, [script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8');
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (d: string) => (err += d));
  const child: Child = {
    proc,
    stdout: () => out,
    stderr: () => err,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        proc.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start in time; stderr: ${err}`)), 20_000);
    proc.stdout!.on('data', (d: string) => {
      out += d;
      const m = out.match(ready);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited with ${code} before it was ready; stderr: ${err}`));
    });
  });
  return { child, match };
}
