// scan-diff with and without helper processes on the first N MiB of the
// bench diff (built by scripts/bench-diff.mjs): wall time and CPU of the
// whole process tree (/usr/bin/time), interleaved runs, medians.
//   node scripts/bench-diff.mjs --runs=1 --only=pipelock   # builds the diff once
//   node scripts/bench-diff-jobs.mjs [--sizes=4,8,16,34.6] [--runs=5] [--diff=PATH]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const sizes = (arg('sizes') ?? '4,8,16,34.6').split(',').map(Number);
const runs = Number(arg('runs') ?? 5);
const BIN = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));
const newest = () =>
  readdirSync(tmpdir())
    .filter((f) => /^pipelock-bench-[0-9a-f]+\.diff$/.test(f))
    .map((f) => join(tmpdir(), f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
const diffPath = arg('diff') ?? newest();
if (diffPath === undefined) throw new Error('no bench diff: run node scripts/bench-diff.mjs first, or pass --diff=PATH');
const full = readFileSync(diffPath);
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const modes = [['--jobs 1', ['--jobs', '1']], ['--jobs 2', ['--jobs', '2']], ['default', []]];
const work = mkdtempSync(join(tmpdir(), 'pipelock-bench-jobs-'));
console.log(`diff: ${diffPath}; ${runs} runs each, interleaved; medians, wall / CPU (process tree)`);
console.log(`| diff | load | ${modes.map((m) => m[0]).join(' | ')} |`);
console.log(`|---|---|${modes.map(() => '---|').join('')}`);
try {
  for (const mb of sizes) {
    const cut = full.indexOf('\ndiff --git ', Math.min(full.length - 1, mb * 1024 * 1024));
    const part = join(work, `part-${mb}.diff`);
    writeFileSync(part, cut === -1 ? full : full.subarray(0, cut + 1));
    const res = new Map(modes.map((m) => [m[0], []]));
    for (let r = 0; r < runs; r++) {
      for (const [name, args] of modes) {
        const t0 = performance.now();
        const p = spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, BIN, 'scan-diff', '--json', ...args, part], { encoding: 'utf8', maxBuffer: 1 << 26 });
        const wall = (performance.now() - t0) / 1000;
        if (p.status !== 0 && p.status !== 1) throw new Error(`${name} exited ${p.status}: ${p.stderr}`);
        const [u, s] = p.stderr.trim().split('\n').pop().split(' ').map(Number);
        res.get(name).push({ wall, cpu: u + s });
      }
    }
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    const cell = (name) => `${med(res.get(name).map((x) => x.wall)).toFixed(2)} s / ${med(res.get(name).map((x) => x.cpu)).toFixed(2)} s`;
    console.log(`| ${mb} MiB | ${load} | ${modes.map((m) => cell(m[0])).join(' | ')} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
