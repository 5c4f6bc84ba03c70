// Instructions per proxied request (not part of the test suite): a figure
// that does not move with the machine's load, unlike requests/s and CPU time
// on a shared 2-core box. Each forwarder runs under valgrind's callgrind;
// after a warm-up (JIT, pools) its counters are zeroed, N requests are sent
// with autocannon, and the instructions counted meanwhile (every thread of
// the process, user space only) are divided by N. Kernel work is not in it:
// --syscalls adds an strace count of system calls per request instead.
//   pnpm build && node test/proxy/instructions.mjs [requests] [--only=pipelock,bare,undici,compare] [--compare=BIN] [--syscalls] [--path=post|get]
// Needs valgrind (callgrind_control) and, for --syscalls, strace.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { straceCounts, waitLine } from './load-helpers.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const BIN = process.env.PIPELOCK_BIN ?? fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flag = (name) => process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const flagValue = (name) => flag(name)?.split('=').slice(1).join('=');
const N = Number(positional[0] ?? 2000);
const compareBin = flagValue('compare');
const only = new Set((flagValue('only') ?? `pipelock,${compareBin ? 'compare,' : ''}bare,undici`).split(','));
const syscalls = flag('syscalls') !== undefined;
const method = flagValue('path') === 'get' ? 'GET' : 'POST';
// --keep=DIR: leave the callgrind outputs there (callgrind_annotate reads them).
const keep = flagValue('keep');
// --warmup=N requests before counting (default 6000: under valgrind the
// optimising compiler's background jobs finish late, and their work is not
// the steady state's).
const warmup = Number(flagValue('warmup') ?? 6000);

// The same upstream and reference forwarders as load.mjs.
const load = readFileSync(fileURLToPath(new URL('./load.mjs', import.meta.url)), 'utf8');
const src = (name) => {
  const m = new RegExp(`const ${name} = \`([\\s\\S]*?)\`;`).exec(load);
  if (!m) throw new Error(`${name} not found in load.mjs`);
  return m[1].replace('${JSON.stringify(createRequire(new URL(\'../../packages/proxy/package.json\', import.meta.url)).resolve(\'undici\'))}', JSON.stringify(createRequire(new URL('../../packages/proxy/package.json', import.meta.url)).resolve('undici')));
};

const sentence = 'Please summarise the quarterly report for the finance team and list the three largest cost increases. ';
let content = '';
while (JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: content + sentence }] }).length <= 1024) content += sentence;
const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: content.padEnd(1024 - 60, '.') }] });


function send(url, path, amount) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: 10,
        amount,
        requests: [
          {
            method,
            path,
            headers: { ...(method === 'POST' ? { 'content-type': 'application/json' } : {}), ...(path.startsWith('http') ? { host: new URL(path).host } : {}) },
            ...(method === 'POST' ? { body } : {}),
          },
        ],
      },
      (err, r) => (err ? reject(err) : resolve(r)),
    );
  });
}

const dir = mkdtempSync(join(tmpdir(), 'pipelock-instr-'));
const children = [];
try {
  const up = spawn(process.execPath, ['-e', src('UPSTREAM_SRC')], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(up);
  const upPort = Number((await waitLine(up, 'stdout', /PORT (\d+)/))[1]);
  const target = `http://127.0.0.1:${upPort}/v1/chat/completions`;
  const config = join(dir, 'pipelock.yaml');
  writeFileSync(
    config,
    ['mode: balanced', 'fetch_proxy:', '  monitoring:', '    max_requests_per_minute: 100000000', 'ssrf:', '  ip_allowlist: ["127.0.0.1/32"]', 'dlp:', '  scan_env: false', ''].join('\n'),
  );
  const legs = {
    pipelock: [BIN, 'run', '--config', config, '--listen', '127.0.0.1:0'],
    compare: compareBin ? [compareBin, 'run', '--config', config, '--listen', '127.0.0.1:0'] : undefined,
    bare: ['-e', src('BARE_SRC')],
    undici: ['-e', src('BARE_UNDICI_SRC')],
  };
  const results = [];
  /** Start a forwarder (under valgrind, or plain) and return it with its address. */
  const startLeg = async (args, underValgrind, out) => {
    const child = underValgrind
      ? spawn('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, '--dump-instr=no', '--separate-threads=yes', process.execPath, ...args], {
          stdio: ['ignore', 'pipe', 'pipe'],
        })
      : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const m = await Promise.race([waitLine(child, 'stderr', /listening on (\S+)/), waitLine(child, 'stdout', /PORT (\d+)/)]);
    return { child, addr: m[1].includes(':') ? m[1] : `127.0.0.1:${m[1]}` };
  };
  const stop = async (child) => {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((res) => child.once('exit', res));
  };
  for (const [name, args] of Object.entries(legs)) {
    if (!only.has(name) || args === undefined) continue;
    const out = join(keep ?? dir, `${name}.callgrind`);
    const { child: vg, addr } = await startLeg(args, true, out);
    await send(`http://${addr}`, target, warmup); // warm-up: JIT tiers, pools
    spawnSync('callgrind_control', ['--zero', String(vg.pid)], { stdio: 'ignore' });
    const r = await send(`http://${addr}`, target, N);
    spawnSync('callgrind_control', ['--dump', String(vg.pid)], { stdio: 'ignore' });
    await stop(vg);
    const dumps = readdirSync(keep ?? dir)
      .filter((f) => f.startsWith(`${name}.callgrind`))
      .map((f) => join(keep ?? dir, f));
    // One file per thread (--separate-threads): thread 1 is the main thread
    // (JS, the event loop, most GC); the others are V8's background workers.
    // Part 1 is the dump taken after zeroing.
    let main = 0;
    let all = 0;
    for (const f of dumps) {
      const text = readFileSync(f, 'utf8');
      const t = /^(?:summary|totals): (\d+)/m.exec(text);
      const part = /^part: (\d+)/m.exec(text);
      const thread = /^thread: (\d+)/m.exec(text);
      if (!t || !part || Number(part[1]) !== 1) continue;
      all += Number(t[1]);
      if (thread && Number(thread[1]) === 1) main += Number(t[1]);
    }
    let sys = '';
    if (syscalls) {
      // Without valgrind (it adds system calls of its own): attach after a warm-up.
      const { child, addr: plainAddr } = await startLeg(args, false);
      await send(`http://${plainAddr}`, target, 2000);
      const traceFile = join(dir, `${name}.strace`);
      const strace = spawn('strace', ['-f', '-c', '-o', traceFile, '-p', String(child.pid)], { stdio: 'ignore' });
      await new Promise((res) => setTimeout(res, 1000));
      await send(`http://${plainAddr}`, target, N);
      strace.kill('SIGINT');
      await new Promise((res) => strace.once('exit', res));
      await stop(child);
      const [total, top] = straceCounts(traceFile, N, 5, 2);
      sys = `; ${total} system calls/request (${top})`;
    }
    const ok = r.non2xx === 0 && r.errors === 0 ? '' : `  errors ${r.errors} non2xx ${r.non2xx}`;
    results.push(`${name.padEnd(9)}${(main / N / 1000).toFixed(0).padStart(6)} k instructions/request on the main thread, ${(all / N / 1000).toFixed(0).padStart(5)} k in all threads${ok}${sys}`);
  }
  console.log(`${method} ${method === 'POST' ? `${Buffer.byteLength(body)}-byte JSON ` : ''}through each forwarder under callgrind, ${N} requests after ${warmup} warm-up, 10 connections, node ${process.version}`);
  for (const line of results) console.log(line);
} finally {
  for (const c of children) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
