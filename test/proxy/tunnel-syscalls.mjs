// System calls per MB through a CONNECT tunnel (not part of the test suite):
// a figure that does not move with the machine's load, unlike MB/s. The
// proxy (`pipelock run`, and the bare Node tunnel of load.mjs for reference)
// is traced with `strace -c -f` while N MB go from a client through it to a
// sink that swallows them; the counts are divided by N.
//   pnpm build && node test/proxy/tunnel-syscalls.mjs [MB] [--only=pipelock,bare]
// Needs strace.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { straceCounts, transfer, waitLine } from './load-helpers.mjs';

const BIN = process.env.PIPELOCK_BIN ?? fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flagValue = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const MB = Number(positional[0] ?? 200);
const only = new Set((flagValue('only') ?? 'pipelock,bare').split(','));

const load = readFileSync(fileURLToPath(new URL('./load.mjs', import.meta.url)), 'utf8');
const bareSrc = /const BARE_SRC = `([\s\S]*?)`;/.exec(load)[1].replaceAll('\\\\r\\\\n', '\\r\\n');



const sink = createServer((c) => {
  c.on('data', () => {});
  c.on('end', () => c.end('done'));
});
await new Promise((r) => sink.listen(0, '127.0.0.1', r));
const sinkPort = sink.address().port;
const dir = mkdtempSync(join(tmpdir(), 'pipelock-tunnel-sys-'));
const config = join(dir, 'pipelock.yaml');
writeFileSync(config, ['mode: balanced', 'ssrf:', '  ip_allowlist: ["127.0.0.1/32"]', 'dlp:', '  scan_env: false', ''].join('\n'));
const legs = {
  pipelock: [[BIN, 'run', '--config', config, '--listen', '127.0.0.1:0'], 'stderr', /listening on (\S+)/],
  bare: [['-e', bareSrc], 'stdout', /PORT (\d+)/],
};
const children = [];
try {
  console.log(`${MB} MB through a CONNECT tunnel, client -> proxy -> sink on 127.0.0.1, node ${process.version}; system calls of the proxy per MB (strace -c -f)`);
  for (const [name, [args, stream, re]] of Object.entries(legs)) {
    if (!only.has(name)) continue;
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const m = (await waitLine(child, stream, re))[1];
    const addr = m.includes(':') ? m : `127.0.0.1:${m}`;
    await transfer(16 * 1024 * 1024, sinkPort, addr); // warm-up
    const trace = join(dir, `${name}.strace`);
    const strace = spawn('strace', ['-f', '-c', '-o', trace, '-p', String(child.pid)], { stdio: 'ignore' });
    await new Promise((r) => setTimeout(r, 1000));
    await transfer(MB * 1024 * 1024, sinkPort, addr);
    strace.kill('SIGINT');
    await new Promise((r) => strace.once('exit', r));
    const [total, top] = straceCounts(trace, MB, 6, 1);
    console.log(`${name.padEnd(9)} ${total} system calls/MB (${top})`);
    child.kill('SIGTERM');
  }
} finally {
  for (const c of children) c.kill('SIGTERM');
  sink.close();
  rmSync(dir, { recursive: true, force: true });
}
