// The three packages as a user gets them: `pnpm pack` each one (workspace:*
// ranges become real versions), install the three tarballs into a fresh
// project with npm (third-party dependencies from the registry; re2's addon
// comes from the one this workspace built, below, instead of minutes of
// compiling), then run the installed `pipelock` and import @pipelock/core
// from plain ESM.
// Needs `pnpm build` first and network access to the npm registry.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedTempDir, run } from '../compose/processes.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PACKAGES = ['core', 'proxy', 'cli'] as const;
const LICENSE = readFileSync(join(ROOT, 'LICENSE'), 'utf8');

let tmp = '';
let project = '';
const tarballs: Record<string, string> = {};
const timings: Record<string, number> = {};

/**
 * re2's installer fetches a prebuilt addon from a mirror before it falls back
 * to compiling (minutes, and on a busy 2-core machine past this file's
 * deadline). A mirror may be a local directory: offer it the addon this
 * workspace already built for this very Node (same platform and ABI). The
 * installer still verifies it by running re2's own checks, and compiles if
 * they fail, so the install is what a user gets either way.
 */
function re2Mirror(dir: string): NodeJS.ProcessEnv {
  const req = createRequire(join(ROOT, 'packages/core/package.json'));
  let addon: string;
  try {
    addon = join(dirname(req.resolve('re2/package.json')), 'build/Release/re2.node');
  } catch {
    return {};
  }
  if (!existsSync(addon) || process.platform !== 'linux') return {};
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `linux-${process.arch}-${process.versions.modules}.br`), brotliCompressSync(readFileSync(addon)));
  return { RE2_DOWNLOAD_MIRROR: dir, RE2_DOWNLOAD_SKIP_PATH: '1', RE2_DOWNLOAD_SKIP_VER: '1' };
}

function manifest(tgz: string): Record<string, any> {
  return JSON.parse(execFileSync('tar', ['-xzOf', tgz, 'package/package.json'], { encoding: 'utf8' })) as Record<string, any>;
}

function listing(tgz: string): string[] {
  return execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

beforeAll(async () => {
  tmp = isolatedTempDir('pipelock-pack-');
  const dest = join(tmp, 'tarballs');
  let t0 = Date.now();
  for (const p of PACKAGES) {
    const dir = join(ROOT, 'packages', p);
    expect(existsSync(join(dir, 'dist/index.js')), `packages/${p} is built (run pnpm build)`).toBe(true);
    const r = await run('pnpm', ['pack', '--pack-destination', dest], { cwd: dir });
    if (r.code !== 0) throw new Error(`pnpm pack ${p}: ${r.stderr}${r.stdout}`);
    const name = readdirSync(dest).find((f) => f.startsWith(`pipelock-${p}-`) && f.endsWith('.tgz'));
    if (!name) throw new Error(`no tarball for ${p} in ${readdirSync(dest).join(', ')}`);
    tarballs[p] = join(dest, name);
  }
  timings.pack = Date.now() - t0;

  project = join(tmp, 'app');
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-consumer', private: true, type: 'module' }, null, 2));
  t0 = Date.now();
  // One install of the three tarballs; npm's own cache (~/.npm) is reused between runs.
  const r = await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...PACKAGES.map((p) => tarballs[p]!)], {
    cwd: project,
    timeoutMs: 400_000,
    env: { ...process.env, npm_config_update_notifier: 'false', ...re2Mirror(join(tmp, 're2-mirror')) },
  });
  timings.install = Date.now() - t0;
  if (r.code !== 0) throw new Error(`npm install failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
}, 480_000);

afterAll(() => {
  // eslint-disable-next-line no-console
  console.log(`pack.test timings: pack ${timings.pack} ms, npm install ${timings.install} ms`);
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('published packages', () => {
  it.each(PACKAGES)('@pipelock/%s: manifest is publishable', (p) => {
    const m = manifest(tarballs[p]!);
    expect(m.name).toBe(`@pipelock/${p}`);
    expect(m.license).toBe('Apache-2.0');
    expect(m.type).toBe('module');
    expect(m.engines?.node).toMatch(/^>=20/);
    expect(m.exports?.['.']?.types).toBe('./dist/index.d.ts');
    expect(m.exports?.['.']?.import).toBe('./dist/index.js');
    expect(m.private).toBeUndefined();
    for (const [dep, range] of Object.entries({ ...m.dependencies, ...m.peerDependencies } as Record<string, string>)) {
      expect(range, `${dep} range in @pipelock/${p}`).not.toMatch(/^workspace:/);
      if (dep.startsWith('@pipelock/')) expect(range).toBe(m.version);
    }
    if (p === 'cli') expect(m.bin).toEqual({ pipelock: './dist/bin.js' });
  });

  it.each(PACKAGES)('@pipelock/%s: tarball holds dist, types and the licence, and no sources or tests', (p) => {
    const files = listing(tarballs[p]!);
    expect(files).toContain('package/package.json');
    expect(files).toContain('package/LICENSE');
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files.filter((f) => /^package\/src\//.test(f) || /\.(test|bench)\.[jt]s$/.test(f) || /tsconfig|tsbuildinfo/.test(f))).toEqual([]);
    expect(execFileSync('tar', ['-xzOf', tarballs[p]!, 'package/LICENSE'], { encoding: 'utf8' })).toBe(LICENSE);
    // every file the exports map names is in the tarball
    const m = manifest(tarballs[p]!);
    for (const target of Object.values(m.exports as Record<string, string | Record<string, string>>).flatMap((v) => (typeof v === 'string' ? [v] : Object.values(v)))) {
      expect(files).toContain(`package/${target.replace(/^\.\//, '')}`);
    }
  });

  it('`npx pipelock version` runs the installed CLI', async () => {
    const r = await run('npx', ['--no-install', 'pipelock', 'version'], { cwd: project });
    // npm's own warnings about this machine's npmrc are not the CLI's output.
    expect(r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('npm warn'))).toEqual([]);
    expect(r.code).toBe(0);
    const version = manifest(tarballs.cli!).version as string;
    expect(r.stdout).toContain(`pipelock ${version}`);
  });

  it('the installed `pipelock scan-diff` finds a secret in a diff and passes a clean one', async () => {
    const bin = join(project, 'node_modules/.bin/pipelock');
    const key = ['AKIA', 'Z7QW3RT5YU2OP4LK'].join('');
    const dirty = ['diff --git a/app.env b/app.env', '--- a/app.env', '+++ b/app.env', '@@ -1 +1,2 @@', ' NAME=demo', `+AWS_ACCESS_KEY_ID=${key}`, ''].join('\n');
    const r = await run(bin, ['scan-diff'], { cwd: project, input: dirty });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('AWS Access Key ID');
    expect(r.stdout + r.stderr).not.toContain(key);
    const clean = ['diff --git a/a.txt b/a.txt', '--- a/a.txt', '+++ b/a.txt', '@@ -1 +1,2 @@', ' hello', '+world', ''].join('\n');
    const ok = await run(bin, ['scan-diff'], { cwd: project, input: clean });
    expect(ok.code).toBe(0);
  });

  it('plain ESM can import @pipelock/core and scan text', async () => {
    const script = [
      "import { createScanner } from '@pipelock/core';",
      "import * as proxy from '@pipelock/proxy';",
      'const scanner = createScanner();',
      "const key = ['AKIA', 'Z7QW3RT5YU2OP4LK'].join('');",
      'const dirty = scanner.scanText(`aws ${key}`);',
      "const clean = scanner.scanText('nothing to see here');",
      'console.log(JSON.stringify({ dirty, clean, proxyExports: Object.keys(proxy).length }));',
    ].join('\n');
    writeFileSync(join(project, 'use-core.mjs'), script);
    const r = await run(process.execPath, ['use-core.mjs'], { cwd: project });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { dirty: unknown; clean: unknown; proxyExports: number };
    expect(JSON.stringify(out.dirty)).toContain('AWS Access Key ID');
    expect(JSON.stringify(out.dirty)).not.toContain('Z7QW3RT5YU2OP4LK');
    expect(JSON.stringify(out.clean)).not.toContain('AWS Access Key ID');
    expect(out.proxyExports).toBeGreaterThan(0);
  });

  it('the installed types resolve for a TypeScript consumer (exports map "types")', () => {
    const d = join(project, 'node_modules/@pipelock/core/dist/index.d.ts');
    expect(readFileSync(d, 'utf8')).toMatch(/createScanner/);
  });
});
