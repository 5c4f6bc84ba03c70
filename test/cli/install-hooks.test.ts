// `pipelock git install-hooks` end to end: real temporary repositories, a
// local bare remote, and real `git push` / `git commit` runs whose hooks call
// the built CLI. Fixture keys are assembled at run time (see helpers.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, awsKeyId, BIN, CHILD_ENV, cli, GIT_ENV, githubToken, makeRepo } from './helpers.js';
import type { Repo, Run } from './helpers.js';


/** git without throwing: push and commit are expected to fail when the hook refuses. */
function gitRun(cwd: string, ...args: string[]): Run {
  const r = spawnSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Setup {
  repo: Repo;
  remote: string;
  /** The remote's commit for a branch, or '' when it has none. */
  remoteHead(branch?: string): string;
  commit(path: string, content: string, message?: string): string;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup(): Setup {
  const repo = makeRepo();
  const remote = mkdtempSync(join(tmpdir(), 'pipelock-remote-'));
  cleanups.push(() => repo.cleanup(), () => rmSync(remote, { recursive: true, force: true }));
  gitRun(remote, 'init', '-q', '--bare', '-b', 'main');
  repo.git('remote', 'add', 'origin', remote);
  return {
    repo,
    remote,
    remoteHead(branch = 'main') {
      const r = gitRun(remote, 'rev-parse', '--verify', '-q', `refs/heads/${branch}`);
      return r.code === 0 ? r.stdout.trim() : '';
    },
    commit(path, content, message = `change ${path}`) {
      repo.write(path, content);
      repo.git('add', '-A');
      repo.git('commit', '-q', '-m', message);
      return repo.git('rev-parse', 'HEAD').trim();
    },
  };
}

function install(cwd: string, ...args: string[]): Run {
  return cli(['git', 'install-hooks', ...args], { cwd });
}

beforeAll(() => {
  assertBuilt();
});

describe('pipelock git install-hooks (pre-push)', () => {
  it('writes an executable hook that calls this CLI by absolute path', () => {
    const { repo } = setup();
    const r = install(repo.dir);
    expect(r.code).toBe(0);
    const hook = join(repo.dir, '.git/hooks/pre-push');
    expect(r.stderr).toContain(`installed pre-push hook ${hook}`);
    const text = readFileSync(hook, 'utf8');
    expect(text.startsWith('#!/bin/sh\n')).toBe(true);
    expect(text).toContain('# pipelock-managed-hook');
    expect(text).toContain(`'${process.execPath}' '${BIN}'`);
    expect(statSync(hook).mode & 0o111).toBe(0o111);
  });

  it('lets a clean push through and refuses one that adds a key, naming the finding', () => {
    const s = setup();
    const clean1 = s.commit('README.md', '# project\n');
    expect(install(s.repo.dir).code).toBe(0);

    // First push to an empty remote: the whole (clean) history is scanned.
    const first = gitRun(s.repo.dir, 'push', '-q', 'origin', 'main');
    expect(first.code, first.stderr).toBe(0);
    expect(s.remoteHead()).toBe(clean1);

    s.commit('config/app.env', `AWS_ACCESS_KEY_ID=${awsKeyId()}\n`);
    const blocked = gitRun(s.repo.dir, 'push', 'origin', 'main');
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toContain('config/app.env:1  AWS Access Key ID');
    expect(blocked.stderr).toContain('push of refs/heads/main to refs/heads/main refused');
    expect(s.remoteHead()).toBe(clean1);

    // Deleting the key in a later commit does not help: the pushed history still carries it.
    s.repo.git('rm', '-q', 'config/app.env');
    s.repo.git('commit', '-q', '-m', 'remove key');
    const stillBlocked = gitRun(s.repo.dir, 'push', 'origin', 'main');
    expect(stillBlocked.code).not.toBe(0);
    expect(stillBlocked.stderr).toContain('AWS Access Key ID');
    expect(s.remoteHead()).toBe(clean1);

    // Rewrite the history without the key: the push goes through.
    s.repo.git('reset', '-q', '--hard', clean1);
    const clean2 = s.commit('src/app.js', 'export const region = "eu-west-1";\n');
    const ok = gitRun(s.repo.dir, 'push', '-q', 'origin', 'main');
    expect(ok.code, ok.stderr).toBe(0);
    expect(s.remoteHead()).toBe(clean2);
  });

  it('scans a new branch against what the remote already has, and lets a branch deletion through', () => {
    const s = setup();
    s.commit('README.md', '# project\n');
    expect(install(s.repo.dir).code).toBe(0);
    expect(gitRun(s.repo.dir, 'push', '-q', 'origin', 'main').code).toBe(0);

    s.repo.git('checkout', '-q', '-b', 'feature');
    s.commit('src/token.ts', `export const token = '${githubToken()}';\n`);
    const blocked = gitRun(s.repo.dir, 'push', 'origin', 'feature');
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toContain('src/token.ts:1  GitHub Token');
    expect(s.remoteHead('feature')).toBe('');

    s.repo.git('checkout', '-q', 'main');
    s.repo.git('checkout', '-q', '-b', 'docs');
    const docs = s.commit('docs/intro.md', 'Nothing secret here.\n');
    const ok = gitRun(s.repo.dir, 'push', '-q', 'origin', 'docs');
    expect(ok.code, ok.stderr).toBe(0);
    expect(s.remoteHead('docs')).toBe(docs);

    const del = gitRun(s.repo.dir, 'push', '-q', 'origin', '--delete', 'docs');
    expect(del.code, del.stderr).toBe(0);
    expect(s.remoteHead('docs')).toBe('');
  });

  it('passes --exclude and --config through to scan-diff', () => {
    const s = setup();
    s.commit('pipelock.yaml', 'mode: balanced\n');
    const sub = join(s.repo.dir, 'src');
    s.commit('src/.keep', '');
    // Run from a subdirectory: the config path is rewritten relative to the repository root.
    expect(install(sub, '--exclude', 'fixtures/', '--config', '../pipelock.yaml').code).toBe(0);
    const text = readFileSync(join(s.repo.dir, '.git/hooks/pre-push'), 'utf8');
    expect(text).toContain("pipelock git scan-diff '--config' 'pipelock.yaml' '--exclude' 'fixtures/' \"$tmp\"");

    const fixture = s.commit('test/fixtures/keys.txt', `${awsKeyId()}\n`);
    const ok = gitRun(s.repo.dir, 'push', '-q', 'origin', 'main');
    expect(ok.code, ok.stderr).toBe(0);
    expect(s.remoteHead()).toBe(fixture);

    // A config that does not parse is an error (status 2), and the push is refused, not waved through.
    s.commit('pipelock.yaml', 'mode: [\n');
    const bad = gitRun(s.repo.dir, 'push', 'origin', 'main');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('refused (status 2)');
    expect(s.remoteHead()).toBe(fixture);
  });

  it('honours core.hooksPath', () => {
    const s = setup();
    s.repo.git('config', 'core.hooksPath', '.githooks');
    s.commit('README.md', '# project\n');
    const r = install(s.repo.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(s.repo.dir, '.githooks/pre-push'))).toBe(true);
    expect(existsSync(join(s.repo.dir, '.git/hooks/pre-push'))).toBe(false);

    s.commit('app.env', `KEY=${awsKeyId()}\n`);
    const blocked = gitRun(s.repo.dir, 'push', 'origin', 'main');
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toContain('app.env:1  AWS Access Key ID');
    expect(s.remoteHead()).toBe('');
  });
});

describe('existing hooks', () => {
  const foreign = '#!/bin/sh\necho "my own hook"\nexit 0\n';

  it('refuses to overwrite a hook pipelock did not write', () => {
    const { repo } = setup();
    const hook = join(repo.dir, '.git/hooks/pre-push');
    writeFileSync(hook, foreign, { mode: 0o755 });
    const r = install(repo.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pipelock: .*pre-push exists and was not written by pipelock; rerun with --force/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(hook, 'utf8')).toBe(foreign);
  });

  it('--force replaces it and keeps the old hook as a backup', () => {
    const { repo } = setup();
    const hook = join(repo.dir, '.git/hooks/pre-commit');
    writeFileSync(hook, foreign, { mode: 0o755 });
    const r = install(repo.dir, '--hook', 'pre-commit', '--force');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('replaced pre-commit hook');
    expect(readFileSync(hook, 'utf8')).toContain('# pipelock-managed-hook');
    expect(readFileSync(`${hook}.pipelock-backup`, 'utf8')).toBe(foreign);
  });

  it('updates its own hook without --force', () => {
    const { repo } = setup();
    expect(install(repo.dir).code).toBe(0);
    const again = install(repo.dir, '--exclude', 'vendor/');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('updated pre-push hook');
    expect(readFileSync(join(repo.dir, '.git/hooks/pre-push'), 'utf8')).toContain("'--exclude' 'vendor/'");
  });

  it('fails clearly outside a git repository and on an unknown hook name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipelock-nogit-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const r = cli(['git', 'install-hooks'], { cwd: dir, env: { ...CHILD_ENV, GIT_CEILING_DIRECTORIES: tmpdir() } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('pipelock: not inside a git repository');
    const { repo } = setup();
    const bad = install(repo.dir, '--hook', 'post-merge');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('post-merge');
  });
});

describe('pipelock git install-hooks --hook pre-commit', () => {
  it('refuses a commit that stages a key and allows a clean one', () => {
    const { repo } = setup();
    expect(install(repo.dir, '--hook', 'pre-commit').code).toBe(0);

    repo.write('notes.md', 'hello\n');
    repo.git('add', '-A');
    const ok = gitRun(repo.dir, 'commit', '-q', '-m', 'notes');
    expect(ok.code, ok.stderr).toBe(0);
    const head = repo.git('rev-parse', 'HEAD').trim();

    repo.write('deploy.sh', `export AWS_ACCESS_KEY_ID=${awsKeyId()}\n`);
    repo.git('add', '-A');
    const blocked = gitRun(repo.dir, 'commit', '-m', 'deploy');
    expect(blocked.code).not.toBe(0);
    expect(blocked.stderr).toContain('deploy.sh:1  AWS Access Key ID');
    expect(blocked.stderr).toContain('commit refused');
    expect(repo.git('rev-parse', 'HEAD').trim()).toBe(head);
  });
});
