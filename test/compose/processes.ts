// Child processes for the deployment tests: start a command, wait for a line
// it prints, run one to completion, and stop everything that was started.
// Temporary directories live where no ancestor holds a node_modules, so a
// "fresh" install or image root never resolves the workspace's packages.
import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first match of re in stdout+stderr, or rejects after ms. */
  waitFor(re: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** SIGTERM, then SIGKILL after 5 s; resolves with the exit code (null if killed). */
  stop(): Promise<number | null>;
}

export function start(cmd: string, args: readonly string[], opts: SpawnOptions = {}): Started {
  const child = spawn(cmd, [...args], { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const poke = (): void => {
    for (const w of [...waiters]) w();
  };
  child.stdout?.setEncoding('utf8').on('data', (s: string) => {
    out += s;
    poke();
  });
  child.stderr?.setEncoding('utf8').on('data', (s: string) => {
    err += s;
    poke();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      poke();
      resolve(code);
    });
    child.on('error', () => resolve(null));
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor(re, ms = 20_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const m = (out + err).match(re);
          if (m) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(m);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`${cmd} ${args.join(' ')} exited (${child.exitCode ?? child.signalCode}) before printing ${re}\n${out}\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${re} from ${cmd} ${args.join(' ')}\n${out}\n${err}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        const code = await exited;
        clearTimeout(t);
        return code;
      }
      return exited;
    },
  };
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run to completion (killed after timeoutMs); never rejects on a non-zero exit. */
export function run(cmd: string, args: readonly string[], opts: SpawnOptions & { input?: string; timeoutMs?: number } = {}): Promise<Ran> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const { input, timeoutMs = 120_000, ...rest } = opts;
    const child = spawn(cmd, [...args], { stdio: ['pipe', 'pipe', 'pipe'], ...rest });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
    child.stdin?.end(input ?? '');
  });
}

function hasNodeModulesAbove(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules'))) return true;
    if (dirname(d) === d) return false;
  }
}

/** A fresh directory with no node_modules in any ancestor. */
export function isolatedTempDir(prefix: string): string {
  for (const base of [tmpdir(), '/var/tmp']) {
    if (existsSync(base) && !hasNodeModulesAbove(base)) return mkdtempSync(join(base, prefix));
  }
  throw new Error(`no temporary directory without a node_modules above it (tried ${tmpdir()}, /var/tmp)`);
}
