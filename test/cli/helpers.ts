// Shared by the CLI end-to-end tests: run the built binary as a real child
// process, make throwaway git repositories, and build fixture secrets at run
// time (random bodies, assembled from pieces) so this repository never holds
// a real-looking credential that a scan of its own history would flag.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The built binary; PIPELOCK_CLI_BIN points the tests at another build of it. */
export const BIN = process.env.PIPELOCK_CLI_BIN ?? join(ROOT, 'packages/cli/dist/bin.js');

/** Fail clearly when the binary is missing or older than its sources (run `pnpm build`). */
export function assertBuilt(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` before the CLI tests`);
  if (process.env.PIPELOCK_CLI_BIN) return;
  // tsc -b only rewrites outputs that changed, so compare newest to newest.
  const newest = (dir: string, ext: string): number => {
    let m = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) m = Math.max(m, newest(p, ext));
      else if (e.name.endsWith(ext) && !e.name.endsWith(`.test${ext}`)) m = Math.max(m, statSync(p).mtimeMs);
    }
    return m;
  };
  const built = newest(join(ROOT, 'packages/cli/dist'), '.js');
  if (newest(join(ROOT, 'packages/cli/src'), '.ts') > built) {
    throw new Error('packages/cli/dist is older than packages/cli/src: run `pnpm build` before the CLI tests');
  }
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A small, fixed environment: the scanner watches env values when scan_env is on. */
export const CHILD_ENV: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: tmpdir(), LANG: 'C.UTF-8' };

/** git in throwaway repositories: a fixed identity, no system or user config. */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...CHILD_ENV,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export function cli(args: string[], opts: { input?: string | Buffer; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: opts.input ?? '',
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? CHILD_ENV,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Stream `total` bytes of `chunk` repeated into the CLI's stdin; tolerate EPIPE when it stops reading. */
export function cliStreaming(args: string[], chunk: Buffer, total: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: CHILD_ENV, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => undefined);
    let sent = 0;
    const pump = (): void => {
      while (sent < total) {
        const n = Math.min(chunk.length, total - sent);
        sent += n;
        if (!child.stdin.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          child.stdin.once('drain', pump);
          return;
        }
      }
      child.stdin.end();
    };
    pump();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface Repo {
  dir: string;
  git(...args: string[]): string;
  write(path: string, content: string | Buffer): void;
  cleanup(): void;
}

export function makeRepo(): Repo {
  const dir = mkdtempSync(join(tmpdir(), 'pipelock-git-'));
  const git = (...args: string[]): string =>
    execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: GIT_ENV,
    });
  git('init', '-q', '-b', 'main');
  git('config', 'core.autocrlf', 'false');
  git('config', 'commit.gpgsign', 'false');
  return {
    dir,
    git,
    write(path, content) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempFile(name: string, content: string): { path: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'pipelock-cli-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

// ---- fixture secrets, random at run time ------------------------------------

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const B32 = `${UPPER}234567`;
const ALNUM = `${UPPER}abcdefghijklmnopqrstuvwxyz0123456789`;
const BASE62 = `0123456789${UPPER}abcdefghijklmnopqrstuvwxyz`;

/** Random text over an alphabet with no placeholder words and no long runs (so validators accept it). */
function randomToken(alphabet: string, n: number): string {
  for (;;) {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
    if (/example|fake|test|dummy|sample|(.)\1\1/i.test(s)) continue;
    return s;
  }
}

/** An AWS access key id: AKIA + 16 base32 characters. */
export function awsKeyId(): string {
  return ['AK', 'IA', randomToken(B32, 16)].join('');
}

function crc32(s: string): number {
  let c = 0xffffffff;
  for (let i = 0; i < s.length; i++) {
    c ^= s.charCodeAt(i);
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** A GitHub personal access token: ghp_ + 30 random + 6-character base62 CRC32 checksum. */
export function githubToken(): string {
  const body = randomToken(ALNUM, 30);
  let n = crc32(body);
  let sum = '';
  while (n > 0) {
    sum = BASE62[n % 62] + sum;
    n = Math.floor(n / 62);
  }
  return ['gh', 'p_', body, sum.padStart(6, '0')].join('');
}

/** A PEM private key block with a random body (not a usable key). */
export function privateKeyLines(): string[] {
  const b64 = (n: number) => randomBytes(n).toString('base64');
  const dash = '-'.repeat(5);
  return [
    `${dash}BEGIN RSA ${'PRIVATE'} KEY${dash}`,
    b64(48),
    b64(48),
    b64(48),
    `${dash}END RSA ${'PRIVATE'} KEY${dash}`,
  ];
}

/** Lines of stderr that look like findings: 'file:line  rule  excerpt'. */
export function findingLocations(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => /^\S.*:\d+ {2}/.test(l))
    .map((l) => l.split('  ')[0]!)
    .sort();
}
