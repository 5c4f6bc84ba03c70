// scan-diff with helper processes must report exactly what one process
// reports: the same findings in the same order with the same file:line,
// suppressions, fingerprints and exit status, whether helpers are asked for
// (--jobs) or start once stdin passes the threshold. Real git output, real binary.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, awsKeyId, BIN, CHILD_ENV, cli, githubToken, makeRepo, privateKeyLines, tempFile } from './helpers.js';
import type { Repo } from './helpers.js';

let repo: Repo;
let diff: string;
let diffFile: { path: string; cleanup(): void };
/** file:line of every planted secret that is not silenced inline. */
const planted: string[] = [];

beforeAll(() => {
  assertBuilt();
  repo = makeRepo();
  repo.write('README.md', 'base\n');
  repo.git('add', '-A');
  repo.git('commit', '-q', '-m', 'base');
  // ~9.5 MiB of new files: ordinary code lines with secrets at spread-out
  // lines, some on chunk boundaries (every 28 lines a chunk starts), some
  // repeated in one file, some silenced with pipelock:ignore.
  for (let f = 0; f < 160; f++) {
    const lines: string[] = [];
    for (let n = 1; n <= 1000; n++) lines.push(`export const value${n} = compute(${n}, "payload ${f}-${n}", { retries: ${n % 7}, timeoutMs: ${n * 13} });`);
    const path = `src/mod${String(f).padStart(3, '0')}.ts`;
    const at = [1 + (f * 37) % 997, 28 + f, 29 + f, 300 + ((f * 131) % 600)];
    const aws = awsKeyId();
    at.forEach((n, k) => {
      const ignored = k === 3 && f % 5 === 0;
      const secret = k === 1 ? githubToken() : aws; // the AWS key repeats within the file
      lines[n - 1] = `const key${k} = "${secret}";${ignored ? ' // pipelock:ignore' : ''}`;
      if (!ignored) planted.push(`${path}:${n}`);
    });
    if (f % 16 === 0) {
      // A private key across a chunk cut.
      const pem = privateKeyLines();
      pem.forEach((l, k) => (lines[54 + k] = l));
      planted.push(`${path}:55`);
    }
    repo.write(path, `${lines.join('\n')}\n`);
  }
  repo.git('add', '-A');
  diff = repo.git('diff', '--cached');
  diffFile = tempFile('big.diff', diff);
});

afterAll(() => {
  repo?.cleanup();
  diffFile?.cleanup();
});

describe('scan-diff with helper processes', () => {
  it('uses the helpers it is given past 1 MiB, and none below', () => {
    expect(Buffer.byteLength(diff)).toBeGreaterThan(8 * 1024 * 1024);
    const big = cli(['scan-diff', '--stats', '--jobs', '2', diffFile.path]);
    const m = /^pipelock: scanned \d+\.\d MiB in [\d.]+ s \([\d.]+ MiB\/s\) on 2 processes, (\d+) of (\d+) segments in helpers; [\d.]+ s CPU, peak RSS \d+ MiB; helpers: [\d.]+ s CPU, peak RSS \d+ MiB$/m.exec(big.stderr);
    expect(m).not.toBeNull();
    // ~1 MiB segments, and the helper takes some of them.
    expect(Number(m![2])).toBeGreaterThanOrEqual(8);
    expect(Number(m![1])).toBeGreaterThan(0);
    const small = cli(['scan-diff', '--stats', '--jobs', '2'], { input: diff.slice(0, diff.indexOf('\ndiff --git', 512 * 1024) + 1) });
    expect(small.stderr).toMatch(/ on 1 process; [\d.]+ s CPU, peak RSS \d+ MiB$/m);
  });

  it('--jobs 2 and --jobs 3 give byte-identical JSON to --jobs 1', () => {
    const one = cli(['scan-diff', '--json', '--jobs', '1', diffFile.path]);
    expect(one.code).toBe(1);
    const report = JSON.parse(one.stdout) as { findings: Array<{ file: string; line: number; suppressed?: boolean }> };
    const found = new Set(report.findings.filter((f) => !f.suppressed).map((f) => `${f.file}:${f.line}`));
    for (const p of planted) expect(found, p).toContain(p);
    expect(report.findings.some((f) => f.suppressed)).toBe(false); // inline-silenced ones are listed only with --verbose
    for (const jobs of ['2', '3']) {
      const many = cli(['scan-diff', '--json', '--jobs', jobs, diffFile.path]);
      expect(many.code).toBe(1);
      expect(many.stdout).toBe(one.stdout);
      expect(many.stderr).toBe(one.stderr);
    }
  });

  it('stdin past 1 MiB (helpers start mid-stream) matches one process, and so does the default, also with --verbose', () => {
    const one = cli(['scan-diff', '--json', '--verbose', '--jobs', '1'], { input: diff });
    const two = cli(['scan-diff', '--json', '--verbose', '--jobs', '2'], { input: diff });
    const auto = cli(['scan-diff', '--json', '--verbose'], { input: diff });
    expect(two.code).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    expect(auto.stdout).toBe(one.stdout);
    const verbose = JSON.parse(auto.stdout) as { findings: Array<{ suppressedBy?: string }> };
    expect(verbose.findings.filter((f) => f.suppressedBy === 'inline').length).toBeGreaterThanOrEqual(32);
  });

  it('SARIF, --exclude and a baseline come out the same with helpers', () => {
    const baseline = tempFile('baseline.json', '');
    try {
      // A baseline of everything in the first 40 files, written by one process.
      const part = cli(['scan-diff', '--jobs', '1', '--exclude', 'src/mod0[4-9]*', '--exclude', 'src/mod1*', '--write-baseline', baseline.path, diffFile.path]);
      expect(part.code).toBe(0);
      const args = ['scan-diff', '--sarif', '--verbose', '--exclude', 'src/mod15*', '--baseline', baseline.path, diffFile.path];
      const one = cli([...args, '--jobs', '1']);
      const two = cli([...args, '--jobs', '2']);
      expect(one.code).toBe(1);
      expect(two.code).toBe(1);
      expect(two.stdout).toBe(one.stdout);
      const results = (JSON.parse(one.stdout) as { runs: Array<{ results: Array<{ suppressions?: unknown[]; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> }).runs[0]!.results;
      expect(results.some((r) => r.locations[0]!.physicalLocation.artifactLocation.uri.startsWith('src/mod15'))).toBe(false);
      expect(results.some((r) => r.suppressions !== undefined)).toBe(true);
    } finally {
      baseline.cleanup();
    }
  });

  it('a diff that turns out not to parse fails the same way with helpers (exit 2, one line)', () => {
    const broken = `${diff}@@ -1 +1 @@\n+stray hunk\n`.replace(/\ndiff --git a\/src\/mod159\.ts[^]*$/, '\n@@ not a hunk header\n');
    const one = cli(['scan-diff', '--jobs', '1'], { input: broken });
    const two = cli(['scan-diff', '--jobs', '2'], { input: broken });
    expect(one.code).toBe(2);
    expect(two).toEqual(one);
    expect(one.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a parse error early, midway or late in the diff names the same line with 2 and 3 processes', () => {
    for (const mod of ['mod012', 'mod080', 'mod150']) {
      // A malformed hunk header inside one file, the rest of the diff intact.
      const at = diff.indexOf(`\ndiff --git a/src/${mod}.ts`);
      const hunk = diff.indexOf('\n@@ ', at);
      const broken = tempFile('broken.diff', `${diff.slice(0, hunk)}\n@@ -1 +1,x @@${diff.slice(diff.indexOf('\n', hunk + 1))}`);
      try {
        const one = cli(['scan-diff', '--jobs', '1', broken.path]);
        expect(one.code).toBe(2);
        expect(one.stderr).toMatch(/^pipelock: malformed hunk header: .* \(diff line \d+\)\n$/);
        for (const jobs of ['2', '3']) expect(cli(['scan-diff', '--jobs', jobs, broken.path])).toEqual(one);
      } finally {
        broken.cleanup();
      }
    }
  });

  it('CRLF, git log -p with commit messages between files, and plain diff -u (no cut points) match one process', () => {
    let n = 0;
    const variants = {
      crlf: diff.replace(/\n/g, '\r\n'),
      log: diff.replace(/^diff --git /gm, (m) => (n++ % 20 === 0 ? `commit ${'ab12'.repeat(10)}\nAuthor: A <a@example.com>\nDate:   Thu Jan 1 00:00:00 2026 +0000\n\n    change ${n}\n\n${m}` : m)),
      plain: diff.replace(/^diff --git .*\n(?:new file mode .*\n)?(?:index .*\n)?/gm, ''),
    };
    for (const [name, text] of Object.entries(variants)) {
      const one = cli(['scan-diff', '--json', '--jobs', '1'], { input: text });
      expect(one.code, name).toBe(1);
      const found = new Set((JSON.parse(one.stdout) as { findings: Array<{ file: string; line: number }> }).findings.map((f) => `${f.file}:${f.line}`));
      for (const p of planted) expect(found, `${name} ${p}`).toContain(p);
      const two = cli(['scan-diff', '--json', '--jobs', '2'], { input: text });
      expect(two, name).toEqual(one);
    }
  });

  it('corrupted diffs and garbage: the same exit status, output and error line with a helper', () => {
    // Seeded: lines dropped, duplicated or replaced by header-like and binary junk at random places.
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const junk = ['@@ -1 +1 @@', '+++ b/x', '--- a/x', 'diff --git a/x b/x', 'diff --git', '\u0000\uffff\u00e9', '@@@ -1 -1 +1 @@@', 'GIT binary patch', 'literal 3', ''];
    const lines = diff.split('\n');
    const inputs: Buffer[] = [];
    for (let v = 0; v < 4; v++) {
      // Variant v is intact up to v/4 of the way, so the first error lands in different segments.
      const out: string[] = [];
      for (const [i, l] of lines.entries()) {
        const r = i < (lines.length * v) / 4 ? 20000 : rand(4000);
        if (r < 2) continue;
        if (r < 4) out.push(l, l);
        else if (r < 6) out.push(junk[rand(junk.length)]!);
        else out.push(l);
      }
      inputs.push(Buffer.from(out.join('\n')));
    }
    // And bytes that are no diff at all, with a few `diff --git` lines in them.
    const noise = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < noise.length; i++) noise[i] = rand(256);
    for (let k = 1; k < 6; k++) Buffer.from('\ndiff --git a/n b/n\n').copy(noise, k * 500_000);
    inputs.push(noise);
    // Files, not stdin: a run that stops at a parse error stops reading.
    const dir = mkdtempSync(join(tmpdir(), 'pipelock-corrupt-'));
    const seen = new Set<string>();
    try {
      for (const [k, input] of inputs.entries()) {
        const path = join(dir, `${k}.diff`);
        writeFileSync(path, input);
        const one = cli(['scan-diff', '--json', '--jobs', '1', path]);
        const two = cli(['scan-diff', '--json', '--jobs', '2', path]);
        expect(two, `input ${k}`).toEqual(one);
        expect([0, 1, 2], `input ${k}`).toContain(one.code);
        seen.add(one.code === 2 ? /\(diff line \d+\)/.exec(one.stderr)?.[0] ?? one.stderr : String(one.code));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The corruption must have produced parse errors at several places (different segments), not only clean runs.
    expect([...seen].filter((x) => x.startsWith('(diff line')).length).toBeGreaterThanOrEqual(3);
  });

  it('a helper that dies fails the scan closed (exit 2, one line naming it)', async () => {
    const run = startCli(['scan-diff', '--jobs', '2']);
    const input = Buffer.from(diff);
    run.child.stdin.write(input.subarray(0, 3 * 1024 * 1024));
    const helper = await helperOf(run.child.pid!);
    process.kill(helper, 'SIGKILL');
    await gone(helper);
    run.child.stdin.end(input.subarray(3 * 1024 * 1024));
    const res = await run.done;
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^pipelock: internal error: scan-diff helper process was killed \(SIGKILL\)/);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a helper whose parent is killed exits on its own', async () => {
    const run = startCli(['scan-diff', '--jobs', '2']);
    run.child.stdin.write(Buffer.from(diff).subarray(0, 3 * 1024 * 1024));
    const helper = await helperOf(run.child.pid!);
    run.child.kill('SIGKILL');
    await run.done;
    await gone(helper);
    expect(alive(helper)).toBe(false);
  });

  it.each([['0'], ['65'], ['two'], ['1.5']])('--jobs %s is a usage error', (v) => {
    const res = cli(['scan-diff', '--jobs', v], { input: '' });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(`pipelock: --jobs takes a whole number from 1 to 64, not "${v}"\n`);
  });
});

function startCli(args: string[]): { child: ChildProcessWithoutNullStreams; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: CHILD_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => undefined);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

/** Whether a process runs (a zombie does not count). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The pid of the one process whose parent is `parent`, once it exists. */
async function helperOf(parent: number): Promise<number> {
  for (let i = 0; i < 200; i++) {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === parent) return Number(d);
      } catch {
        // gone meanwhile
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no child process of ${parent}`);
}

async function gone(pid: number): Promise<void> {
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}
