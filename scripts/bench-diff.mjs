// `pipelock scan-diff` against secretlint on the same real diff, in one run,
// on this machine: wall time, MB/s and peak RSS (from /usr/bin/time -v: the
// largest single process; scan-diff's helper process is another one).
//   pnpm build && node scripts/bench-diff.mjs [--mb=34.6] [--runs=3] [--only=pipelock,secretlint]
// The diff is built deterministically from node_modules/.pnpm in a throwaway
// git repository: packages present in two versions are committed at the
// older one and changed to the newer (real modifications, with context and
// removed lines), then further packages are added as new files until the
// diff reaches the size asked for. It is real `git diff --cached` output.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const targetMb = Number(arg('mb') ?? 34.6);
const runs = Number(arg('runs') ?? 3);
const only = arg('only')?.split(',');
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const store = join(repoRoot, 'node_modules/.pnpm');
const BIN = join(repoRoot, 'packages/cli/dist/bin.js');
const SECRETLINT = join(repoRoot, 'node_modules/.bin/secretlint');
const TEXT = /\.(?:c?js|mjs|ts|mts|cts|json|md|ya?ml|txt|html|css|map)$/;

/** Text files of one package directory, relative, sorted; no nested node_modules. */
function packageFiles(dir) {
  const out = [];
  const walk = (d, rel) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name === 'node_modules') continue;
      const p = join(d, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p, r);
      else if (e.isFile() && TEXT.test(e.name) && statSync(p).size <= 1_000_000) out.push(r);
    }
  };
  walk(dir, '');
  return out;
}

/** name -> sorted list of store directories holding it ('undici' -> ['undici@6.29.1', 'undici@7.30.2']). */
function storePackages() {
  const byName = new Map();
  for (const d of readdirSync(store).sort()) {
    const at = d.lastIndexOf('@');
    if (at <= 0) continue;
    const name = d.slice(0, at).replace('+', '/');
    const dir = join(store, d, 'node_modules', name);
    if (!existsSync(dir)) continue;
    if (!byName.has(name)) byName.set(name, []);
    byName.get(name).push(dir);
  }
  return byName;
}

function git(cwd, ...args) {
  return execFileSync('git', args, {
    cwd,
    maxBuffer: 1 << 30,
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@example.com', GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' },
  });
}

function copyTree(from, files, to) {
  for (const f of files) {
    const dst = join(to, f);
    mkdirSync(dirname(dst), { recursive: true });
    copyFileSync(join(from, f), dst);
  }
}

/** Build (or reuse) the diff; returns its path. */
function buildDiff() {
  const pkgs = storePackages();
  const plan = [];
  let bytes = 0;
  const target = targetMb * 1024 * 1024;
  // Modifications first: every package with two versions, older committed, newer staged.
  for (const [name, dirs] of pkgs) {
    if (dirs.length < 2) continue;
    const [older, newer] = [dirs[0], dirs[dirs.length - 1]];
    plan.push({ name, older, newer });
    for (const f of packageFiles(newer)) bytes += statSync(join(newer, f)).size;
  }
  // Then new files, package by package in name order, until the target.
  for (const [name, dirs] of pkgs) {
    if (bytes >= target * 0.97) break;
    if (dirs.length >= 2) continue;
    plan.push({ name, older: null, newer: dirs[0] });
    for (const f of packageFiles(dirs[0])) bytes += statSync(join(dirs[0], f)).size;
  }
  const key = createHash('sha256').update(JSON.stringify(plan.map((p) => [p.name, p.older, p.newer]))).update(String(targetMb)).digest('hex').slice(0, 12);
  const out = join(tmpdir(), `pipelock-bench-${key}.diff`);
  if (existsSync(out)) return out;
  const work = mkdtempSync(join(tmpdir(), 'pipelock-bench-diff-'));
  try {
    git(work, 'init', '-q');
    for (const p of plan) if (p.older) copyTree(p.older, packageFiles(p.older), join(work, 'pkgs', p.name));
    git(work, 'add', '-A');
    git(work, 'commit', '-q', '--allow-empty', '-m', 'older versions');
    for (const p of plan) {
      const dst = join(work, 'pkgs', p.name);
      if (p.older) rmSync(dst, { recursive: true, force: true });
      copyTree(p.newer, packageFiles(p.newer), dst);
    }
    git(work, 'add', '-A');
    let diff = git(work, 'diff', '--cached', '--no-color', '--no-renames');
    // Trim to the target at a file boundary so the size is what was asked.
    if (diff.length > target) {
      const cut = diff.lastIndexOf('\ndiff --git ', target);
      if (cut > target * 0.9) diff = diff.subarray(0, cut + 1);
    }
    writeFileSync(out, diff);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return out;
}

/** Run a command under /usr/bin/time -v; wall time measured here, peak RSS from time's report. */
function timed(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-v', cmd, ...args], { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = performance.now() - t0;
      const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? NaN) / 1024;
      const user = Number(/User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1] ?? NaN);
      const sys = Number(/System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1] ?? NaN);
      resolve({ code, wall, rss, cpu: user + sys, stdout, stderr });
    });
  });
}

const diffPath = buildDiff();
const mb = statSync(diffPath).size / (1024 * 1024);
const lines = execFileSync('wc', ['-l', diffPath]).toString().trim().split(' ')[0];
const sl = mkdtempSync(join(tmpdir(), 'pipelock-bench-secretlint-'));
writeFileSync(join(sl, '.secretlintrc.json'), JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));

const tools = [
  { name: 'pipelock scan-diff (--jobs 1)', key: 'pipelock', cmd: process.execPath, args: [BIN, 'scan-diff', '--json', '--jobs', '1', diffPath], count: (r) => JSON.parse(r.stdout).findings.length },
  { name: 'pipelock scan-diff (--jobs 2)', key: 'pipelock', cmd: process.execPath, args: [BIN, 'scan-diff', '--json', '--jobs', '2', diffPath], count: (r) => JSON.parse(r.stdout).findings.length },
  { name: 'pipelock scan-diff (default)', key: 'pipelock', cmd: process.execPath, args: [BIN, 'scan-diff', '--json', diffPath], count: (r) => JSON.parse(r.stdout).findings.length },
  {
    name: 'secretlint (preset-recommend)',
    key: 'secretlint',
    cmd: SECRETLINT,
    args: ['--secretlintrc', join(sl, '.secretlintrc.json'), '--format', 'json', '--no-color', diffPath],
    cwd: sl,
    count: (r) => JSON.parse(r.stdout || '[]').reduce((n, f) => n + f.messages.length, 0),
  },
].filter((t) => !only || only.includes(t.key));

console.log(`diff: ${diffPath} (${mb.toFixed(1)} MiB, ${lines} lines); node ${process.version}; ${runs} runs each, interleaved; load average ${execFileSync('cat', ['/proc/loadavg']).toString().split(' ').slice(0, 3).join(' ')}`);
const results = new Map(tools.map((t) => [t.name, []]));
for (let r = 0; r < runs; r++) {
  for (const t of tools) {
    const res = await timed(t.cmd, t.args, { cwd: t.cwd ?? repoRoot });
    if (res.code !== 0 && res.code !== 1) throw new Error(`${t.name} exited ${res.code}: ${res.stderr.slice(-2000)}`);
    let findings = NaN;
    try {
      findings = t.count(res);
    } catch {
      // unparseable output: reported as NaN
    }
    results.get(t.name).push({ ...res, findings });
    process.stderr.write('.');
  }
}
process.stderr.write('\n');
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const rows = [];
for (const t of tools) {
  const rs = results.get(t.name);
  rows.push({ name: t.name, wall: med(rs.map((x) => x.wall)), cpu: med(rs.map((x) => x.cpu)), rss: Math.max(...rs.map((x) => x.rss)), findings: rs[0].findings });
}
const base = rows.find((r) => r.name.startsWith('secretlint'));
console.log('| tool | wall (median) | MB/s | CPU s | peak RSS | findings | vs secretlint |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.name} | ${(r.wall / 1000).toFixed(2)} s | ${(mb / (r.wall / 1000)).toFixed(1)} | ${r.cpu.toFixed(2)} | ${r.rss.toFixed(0)} MiB | ${r.findings} | ${base ? `${(base.wall / r.wall).toFixed(2)}×` : ''} |`);
}
const outs = tools.filter((t) => t.key === 'pipelock').map((t) => results.get(t.name)[0].stdout);
if (outs.length > 1) console.log(`pipelock JSON of --jobs 1, --jobs 2 and the default: ${outs.every((o) => o === outs[0]) ? 'identical' : 'DIFFERENT'}`);
rmSync(sl, { recursive: true, force: true });
