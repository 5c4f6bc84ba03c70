// scan-diff on worker threads must report exactly what one thread reports:
// the same findings in the same order with the same file:line, suppressions,
// fingerprints and exit status, whether workers are asked for (--jobs) or
// start once stdin passes 1 MiB. Real git output, real binary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, awsKeyId, cli, githubToken, makeRepo, privateKeyLines, tempFile } from './helpers.js';
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

describe('scan-diff on worker threads', () => {
  it('uses the workers it is given past 1 MiB, and none below', () => {
    expect(Buffer.byteLength(diff)).toBeGreaterThan(8 * 1024 * 1024);
    const big = cli(['scan-diff', '--stats', '--jobs', '2', diffFile.path]);
    expect(big.stderr).toMatch(/^pipelock: scanned \d+\.\d MiB in [\d.]+ s \([\d.]+ MiB\/s\) on 2 threads, \d+ of \d+ batches on workers; peak RSS \d+ MiB$/m);
    const small = cli(['scan-diff', '--stats', '--jobs', '2'], { input: diff.slice(0, diff.indexOf('\ndiff --git', 512 * 1024) + 1) });
    expect(small.stderr).toMatch(/ on 1 thread; peak RSS/);
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

  it('stdin past 1 MiB (workers start mid-stream) matches one thread, and so does the default, also with --verbose', () => {
    const one = cli(['scan-diff', '--json', '--verbose', '--jobs', '1'], { input: diff });
    const two = cli(['scan-diff', '--json', '--verbose', '--jobs', '2'], { input: diff });
    const auto = cli(['scan-diff', '--json', '--verbose'], { input: diff });
    expect(two.code).toBe(1);
    expect(two.stdout).toBe(one.stdout);
    expect(auto.stdout).toBe(one.stdout);
    const verbose = JSON.parse(auto.stdout) as { findings: Array<{ suppressedBy?: string }> };
    expect(verbose.findings.filter((f) => f.suppressedBy === 'inline').length).toBeGreaterThanOrEqual(32);
  });

  it('SARIF, --exclude and a baseline come out the same on threads', () => {
    const baseline = tempFile('baseline.json', '');
    try {
      // A baseline of everything in the first 40 files, written single-threaded.
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

  it('a diff that turns out not to parse fails the same way on threads (exit 2, one line)', () => {
    const broken = `${diff}@@ -1 +1 @@\n+stray hunk\n`.replace(/\ndiff --git a\/src\/mod159\.ts[^]*$/, '\n@@ not a hunk header\n');
    const one = cli(['scan-diff', '--jobs', '1'], { input: broken });
    const two = cli(['scan-diff', '--jobs', '2'], { input: broken });
    expect(one.code).toBe(2);
    expect(two).toEqual(one);
    expect(one.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([['0'], ['65'], ['two'], ['1.5']])('--jobs %s is a usage error', (v) => {
    const res = cli(['scan-diff', '--jobs', v], { input: '' });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(`pipelock: --jobs takes a whole number from 1 to 64, not "${v}"\n`);
  });
});
