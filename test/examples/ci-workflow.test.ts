// examples/ci/pipelock-scan-diff.yml: the workflow's shape (trigger,
// permissions, checkout depth, upload), and its scan step run for real with
// bash the way Actions runs it, against a pull-request-like clone, with
// `pipelock` on PATH pointing at the built CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, awsKeyId, BIN, GIT_ENV, githubToken, ROOT } from '../cli/helpers.js';

// The yaml package core already depends on.
const { parse } = createRequire(join(ROOT, 'packages/core/package.json'))('yaml') as { parse(s: string): unknown };

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { steps: Step[] }>;
}

const WORKFLOW = join(ROOT, 'examples/ci/pipelock-scan-diff.yml');
const wf = parse(readFileSync(WORKFLOW, 'utf8')) as Workflow;
const steps = Object.values(wf.jobs)[0]!.steps;
const scanStep = steps.find((s) => s.id === 'scan')!;


let work: string;
let shimDir: string;
beforeAll(() => {
  assertBuilt();
  work = mkdtempSync(join(tmpdir(), 'pipelock-ci-'));
  shimDir = join(work, 'bin');
  mkdirSync(shimDir);
  // What `npm install --global @pipelock/cli` would put on PATH.
  writeFileSync(join(shimDir, 'pipelock'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(shimDir, 'pipelock'), 0o755);
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** A bare origin with a main branch, and a clone on a pull-request branch with `files` committed. */
function pullRequest(name: string, files: Record<string, string>): string {
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
  const origin = join(work, `${name}-origin.git`);
  const seed = join(work, `${name}-seed`);
  const clone = join(work, `${name}-clone`);
  git(work, 'init', '-q', '--bare', '-b', 'main', origin);
  git(work, 'init', '-q', '-b', 'main', seed);
  writeFileSync(join(seed, 'README.md'), '# app\n');
  git(seed, 'add', '-A');
  git(seed, 'commit', '-q', '-m', 'base');
  git(seed, 'push', '-q', origin, 'main');
  git(work, 'clone', '-q', origin, clone);
  git(clone, 'checkout', '-q', '-b', 'pr');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(clone, path)), { recursive: true });
    writeFileSync(join(clone, path), content);
  }
  git(clone, 'add', '-A');
  git(clone, 'commit', '-q', '-m', 'pull request');
  return clone;
}

/** Run the scan step's script as Actions does for `shell: bash`. */
function runScanStep(cwd: string): { code: number | null; outputs: Record<string, string>; stdout: string; stderr: string } {
  const script = join(cwd, '..', `${cwd.split('/').pop()}-step.sh`);
  writeFileSync(script, scanStep.run!);
  const outFile = join(cwd, '..', `${cwd.split('/').pop()}-output`);
  writeFileSync(outFile, '');
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
    cwd,
    encoding: 'utf8',
    env: { ...GIT_ENV, PATH: `${shimDir}:${process.env.PATH}`, GITHUB_OUTPUT: outFile, BASE_REF: 'main' },
    timeout: 60_000,
  });
  const outputs: Record<string, string> = {};
  for (const line of readFileSync(outFile, 'utf8').split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) outputs[line.slice(0, i)] = line.slice(i + 1);
  }
  return { code: r.status, outputs, stdout: r.stdout, stderr: r.stderr };
}

interface Sarif {
  version: string;
  runs: { tool: { driver: { name: string } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
}

describe('examples/ci/pipelock-scan-diff.yml', () => {
  it('runs on pull requests with a full checkout and may upload SARIF', () => {
    expect(Object.keys(wf.on)).toEqual(['pull_request']);
    expect(wf.permissions['security-events']).toBe('write');
    const checkout = steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout?.with?.['fetch-depth']).toBe(0);
    expect(steps.some((s) => s.run?.includes('npm install --global @pipelock/cli'))).toBe(true);

    expect(scanStep.shell).toBe('bash');
    expect(scanStep.env?.BASE_REF).toBe('${{ github.base_ref }}');
    expect(scanStep.run).toContain('set -o pipefail');
    expect(scanStep.run).toContain('git diff "origin/${BASE_REF}...HEAD"');
    expect(scanStep.run).toMatch(/pipelock scan-diff --sarif[\s\\]+--exclude/);

    const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.with?.sarif_file).toBe('pipelock.sarif');
    expect(upload.if).toContain('always()');
    const fail = steps[steps.length - 1]!;
    expect(steps.indexOf(upload)).toBeLessThan(steps.indexOf(fail));
    expect(fail.if).toContain("steps.scan.outputs.status != '0'");
    expect(fail.run).toContain('exit 1');
  });

  it('scan step: a clean pull request gives status 0 and an empty SARIF run', () => {
    const clone = pullRequest('clean', { 'src/app.js': 'export const port = 8080;\n' });
    const r = runScanStep(clone);
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs.status).toBe('0');
    const sarif = JSON.parse(readFileSync(join(clone, 'pipelock.sarif'), 'utf8')) as Sarif;
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.tool.driver.name).toBe('pipelock');
    expect(sarif.runs[0]!.results).toEqual([]);
  });

  it('scan step: findings give status 1 without failing the step, and excluded paths are skipped', () => {
    const clone = pullRequest('leaky', {
      'src/deploy.ts': `const token = '${githubToken()}';\n`,
      'test/fixtures/aws.txt': `${awsKeyId()}\n`,
      'config/locales/en.yml': `key: ${awsKeyId()}\n`,
    });
    const r = runScanStep(clone);
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs.status).toBe('1');
    const sarif = JSON.parse(readFileSync(join(clone, 'pipelock.sarif'), 'utf8')) as Sarif;
    const results = sarif.runs[0]!.results;
    expect(results.map((x) => [x.ruleId, x.locations[0]!.physicalLocation.artifactLocation.uri])).toEqual([['dlp/github-token', 'src/deploy.ts']]);
  });

  it('scan step: a failing git diff (no base branch) is a non-zero status, not a pass', () => {
    const clone = pullRequest('nobase', { 'a.txt': 'x\n' });
    execFileSync('git', ['update-ref', '-d', 'refs/remotes/origin/main'], { cwd: clone, env: GIT_ENV });
    const r = runScanStep(clone);
    expect(r.code, r.stderr).toBe(0);
    expect(r.outputs.status).not.toBe('0');
    expect(r.stderr).toContain('origin/main...HEAD');
  });
});
