// `pipelock healthcheck [--addr HOST:PORT]`: GET /health on a running daemon
// within 3 s; exit 0 when it answers 200 with status "healthy", else 1. Made
// for Docker HEALTHCHECK and Kubernetes exec probes. Uses node:http directly
// so HTTP(S)_PROXY in the environment never reroutes the probe.
import type { Command } from 'commander';
import { request } from 'node:http';
import type { Io } from '../io.js';
import type { CommandRunner } from './types.js';

const TOTAL_TIMEOUT_MS = 3000;
const MAX_BODY = 64 * 1024;

export interface HealthcheckFlags {
  addr: string;
}

export function registerHealthcheck(parent: Command, run: CommandRunner): Command {
  return parent
    .command('healthcheck')
    .description('exit 0 when the daemon at --addr answers /health as healthy, else 1 (3 s timeout)')
    .option('--addr <host:port>', 'daemon address', '127.0.0.1:8888')
    .action(async (flags: HealthcheckFlags) => {
      await run((io) => healthcheck(io, flags));
    });
}

interface Probe {
  ok: boolean;
  detail: string;
}

function probe(host: string, port: number): Promise<Probe> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (p: Probe): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(p);
    };
    const timer = setTimeout(() => done({ ok: false, detail: `no answer within ${TOTAL_TIMEOUT_MS / 1000}s` }), TOTAL_TIMEOUT_MS);
    const req = request({ host, port, path: '/health', method: 'GET', headers: { accept: 'application/json' }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) done({ ok: false, detail: 'health answer too large' });
        else chunks.push(c);
      });
      res.on('error', (err) => done({ ok: false, detail: err.message }));
      res.on('end', () => {
        let status: unknown;
        try {
          status = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { status?: unknown }).status;
        } catch {
          status = undefined;
        }
        if (res.statusCode === 200 && status === 'healthy') done({ ok: true, detail: 'healthy' });
        else done({ ok: false, detail: `HTTP ${res.statusCode ?? '?'}${typeof status === 'string' ? `, status ${status}` : ''}` });
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => done({ ok: false, detail: err.code ?? err.message }));
    req.end();
  });
}

export async function healthcheck(io: Io, flags: HealthcheckFlags): Promise<number> {
  // Loaded on use: the proxy package (undici, prom-client, TLS) costs every other command its start-up.
  const { parseListen } = await import('@pipelock/proxy');
  const { host, port } = parseListen(flags.addr);
  const target = host === '0.0.0.0' ? '127.0.0.1' : host;
  const result = await probe(target, port);
  if (result.ok) {
    io.stdout.write(`pipelock at ${flags.addr}: healthy\n`);
    return 0;
  }
  io.stderr.write(`pipelock at ${flags.addr}: unhealthy (${result.detail})\n`);
  return 1;
}
