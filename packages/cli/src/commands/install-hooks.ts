// `pipelock git install-hooks`: write a pre-push (or pre-commit) hook that
// pipes what is about to leave the machine through `pipelock git scan-diff`.
// It never replaces a hook it did not write unless told to (--force).
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { Option } from 'commander';
import { EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { ioError } from '../io.js';
import type { CommandRunner } from './types.js';

const run$ = promisify(execFile);

export type HookKind = 'pre-push' | 'pre-commit';
export const HOOK_KINDS: readonly HookKind[] = ['pre-push', 'pre-commit'];

/** The line that marks a hook as ours: present means we may rewrite it. */
export const HOOK_MARKER = '# pipelock-managed-hook';

export interface InstallHooksFlags {
  force?: boolean;
  hook?: HookKind;
  config?: string;
  exclude?: string[];
  baseline?: string;
  command?: string;
}

const collect = (value: string, prev: string[] = []): string[] => [...prev, value];

export function registerInstallHooks(parent: Command, run: CommandRunner): Command {
  return parent
    .command('install-hooks')
    .description('install a git hook that blocks pushes (or commits) adding secrets, via pipelock git scan-diff')
    .addOption(new Option('--hook <name>', 'which hook to install').choices([...HOOK_KINDS]).default('pre-push'))
    .option('--force', 'replace an existing hook that pipelock did not write (it is kept as <hook>.pipelock-backup)')
    .option('--config <file>', 'pipelock.yaml the hook passes to scan-diff (relative paths: from the repository root)')
    .option('--exclude <glob>', 'glob the hook passes to scan-diff --exclude (repeatable)', collect, [])
    .option('--baseline <file>', 'baseline file the hook passes to scan-diff --baseline')
    .option('--command <cmd>', 'shell command the hook runs as pipelock (default: this node and this CLI, by absolute path)')
    .addHelpText(
      'after',
      '\nThe hook honours core.hooksPath. Skip it once with git push --no-verify (or git commit --no-verify).\n' +
        'Examples:\n  pipelock git install-hooks\n  pipelock git install-hooks --hook pre-commit --exclude test/fixtures/',
    )
    .action(async (flags: InstallHooksFlags) => {
      await run((io) => installHooks(io, flags));
    });
}

/** POSIX single-quoting: safe for any byte string except NUL. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The hook script. `invocation` is the shell text that runs the CLI;
 * `scanArgs` are extra scan-diff arguments (already in their final form).
 */
export function hookScript(kind: HookKind, invocation: string, scanArgs: readonly string[]): string {
  const args = scanArgs.map(shellQuote).join(' ');
  const head = [
    '#!/bin/sh',
    HOOK_MARKER,
    `# Written by \`pipelock git install-hooks --hook ${kind}\`. Rerun it to update this file; delete the file to remove`,
    `# the check; skip it once with \`git ${kind === 'pre-push' ? 'push' : 'commit'} --no-verify\`.`,
    `pipelock() { ${invocation} "$@"; }`,
    'tmp=$(mktemp "${TMPDIR:-/tmp}/pipelock-hook.XXXXXX") || exit 2',
    "trap 'rm -f \"$tmp\"' EXIT",
    'trap \'exit 2\' HUP INT TERM',
    '',
  ];
  // The exit status is pipelock's: 1 findings, 2 an error (bad config, unreadable diff).
  const scan = ['scan() {', `  pipelock git scan-diff ${args}${args ? ' ' : ''}"$tmp" </dev/null`, '}'];
  const diffOpts = '--no-color --no-ext-diff --no-textconv';
  if (kind === 'pre-commit') {
    return [
      ...head,
      ...scan,
      '',
      '# What the commit adds: the staged changes.',
      `git diff --cached ${diffOpts} >"$tmp" || { echo "pipelock: git diff --cached failed; commit refused" >&2; exit 2; }`,
      'scan',
      'status=$?',
      'if [ "$status" -ne 0 ]; then',
      '  echo "pipelock: commit refused (status $status). Remove the secret, mark a reviewed line with pipelock:ignore, or skip once with git commit --no-verify." >&2',
      'fi',
      'exit "$status"',
      '',
    ].join('\n');
  }
  return [
    ...head,
    ...scan,
    '',
    '# git passes the remote name and URL as arguments and one line per ref on stdin:',
    '#   <local ref> <local sha> <remote ref> <remote sha>',
    '# Each pushed commit is scanned on its own (git log -p), so a secret added in one',
    '# commit and deleted in a later one is still caught: the history carries it.',
    'remote="$1"',
    'zero=$(git hash-object --stdin </dev/null | sed "s/./0/g")',
    'status=0',
    'while read -r local_ref local_sha remote_ref remote_sha; do',
    '  [ -n "$local_sha" ] || continue',
    '  # Deleting a remote branch sends no content.',
    '  [ "$local_sha" = "$zero" ] && continue',
    '  if [ "$remote_sha" != "$zero" ] && git cat-file -e "$remote_sha^{commit}" 2>/dev/null; then',
    '    # An existing branch: the commits the remote does not have yet.',
    `    git log -p ${diffOpts} --format="commit %H" "$remote_sha..$local_sha" >"$tmp" </dev/null`,
    '  else',
    '    # A new branch (or a remote tip we never fetched): the commits not on any of',
    '    # the remote\'s tracking branches, so work already on its default branch is',
    '    # not rescanned; against an empty remote that is the whole history.',
    `    git log -p ${diffOpts} --format="commit %H" "$local_sha" --not --remotes="$remote" >"$tmp" </dev/null`,
    '  fi || { echo "pipelock: cannot list the commits of $local_ref; push refused" >&2; status=2; continue; }',
    '  scan',
    '  s=$?',
    '  if [ "$s" -ne 0 ]; then',
    '    echo "pipelock: push of $local_ref to $remote_ref refused (status $s). Remove the secret from every commit (e.g. git rebase -i), mark a reviewed line with pipelock:ignore, or skip once with git push --no-verify." >&2',
    '    [ "$s" -gt "$status" ] && status=$s',
    '  fi',
    'done',
    'exit "$status"',
    '',
  ].join('\n');
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run$('git', args, { cwd, encoding: 'utf8' });
  return stdout.replace(/\n$/, '');
}

/** The hooks directory git will run from: core.hooksPath when set, else the repository's hooks/. */
export async function hooksDir(cwd: string): Promise<{ dir: string; top: string | undefined }> {
  let raw: string;
  try {
    raw = await git(cwd, ['rev-parse', '--git-path', 'hooks']);
  } catch {
    throw new UsageError(`not inside a git repository: ${cwd}`);
  }
  const top = await git(cwd, ['rev-parse', '--show-toplevel']).catch(() => undefined);
  return { dir: resolve(cwd, raw), top: top || undefined };
}

/** How the hook calls the CLI: the running node and CLI script by absolute path, so no global install is needed. */
function defaultInvocation(): string {
  const script = process.argv[1];
  if (!script) throw new UsageError('cannot tell where the pipelock CLI is; pass --command "pipelock"');
  return `${shellQuote(process.execPath)} ${shellQuote(resolve(script))}`;
}

export async function installHooks(io: Io, flags: InstallHooksFlags): Promise<number> {
  const kind: HookKind = flags.hook ?? 'pre-push';
  if (!HOOK_KINDS.includes(kind)) throw new UsageError(`unknown hook ${kind}; use pre-push or pre-commit`);
  const { dir, top } = await hooksDir(io.cwd);

  // Hooks run from the top of the working tree: rewrite relative paths to be relative to it.
  const fromTop = (p: string): string => (isAbsolute(p) || top === undefined ? p : relative(top, resolve(io.cwd, p)) || '.');
  const scanArgs: string[] = [];
  if (flags.config !== undefined) scanArgs.push('--config', fromTop(flags.config));
  if (flags.baseline !== undefined) scanArgs.push('--baseline', fromTop(flags.baseline));
  for (const g of flags.exclude ?? []) scanArgs.push('--exclude', g);

  const invocation = flags.command !== undefined && flags.command.trim() !== '' ? flags.command : defaultInvocation();
  const path = join(dir, kind);
  const script = hookScript(kind, invocation, scanArgs);

  let existing: string | undefined;
  try {
    existing = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(err, `cannot read existing hook ${path}`);
  }
  let backup: string | undefined;
  if (existing !== undefined && !existing.includes(HOOK_MARKER)) {
    if (flags.force !== true) {
      throw new UsageError(`${path} exists and was not written by pipelock; rerun with --force to replace it (it is kept as ${kind}.pipelock-backup)`);
    }
    backup = `${path}.pipelock-backup`;
    try {
      await rename(path, backup);
    } catch (err) {
      throw ioError(err, `cannot back up existing hook ${path}`);
    }
  }
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(path, script, { mode: 0o755 });
    // writeFile's mode only applies to new files; an updated hook keeps its old bits.
    await chmod(path, 0o755);
  } catch (err) {
    throw ioError(err, `cannot write hook ${path}`);
  }
  const verb = existing === undefined ? 'installed' : backup ? 'replaced' : 'updated';
  io.stderr.write(`pipelock: ${verb} ${kind} hook ${path}\n`);
  if (backup) io.stderr.write(`pipelock: the previous hook is kept as ${backup}\n`);
  return EXIT_OK;
}
