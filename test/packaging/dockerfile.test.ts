// The Dockerfile without a Docker daemon: every COPY source is in the build
// context that .dockerignore leaves, and the RUN steps are executed here, in
// that order, each stage in its own directory standing in for the image's
// root (absolute paths in the commands are mapped into it). Only the steps
// that need root in a Debian image (apt-get, npm install -g) are not run; the
// pnpm they install is checked to be the pnpm used here. Then the runtime
// stage's ENTRYPOINT + CMD is started and its HEALTHCHECK command run.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isolatedTempDir, run, start } from '../compose/processes.js';
import type { Started } from '../compose/processes.js';
import { contextFiles, last, parseDockerignore, readDockerfile } from './dockerfile.js';
import type { Stage } from './dockerfile.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const stages: Stage[] = readDockerfile(ROOT);
const rules = parseDockerignore(readFileSync(join(ROOT, '.dockerignore'), 'utf8'));
const context = contextFiles(ROOT, rules);

const tmp = isolatedTempDir('pipelock-docker-');
const rootOf = (stage: Stage): string => join(tmp, stage.name);
/** Absolute image paths inside a command or argument -> the stage's directory. */
const IMAGE_DIRS = /(^|[\s'"=>])\/(src|out|opt|etc\/pipelock|usr\/local\/bin|home\/node)(?=[/\s'"]|$)/g;
const mapCmd = (stage: Stage, s: string): string => s.replace(IMAGE_DIRS, (_m, pre: string, dir: string) => `${pre}${rootOf(stage)}/${dir}`);
const NEEDS_ROOT = /^(apt-get\b|npm install -g\b)/;

const children: Started[] = [];
afterAll(async () => {
  for (const c of children) await c.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe('Dockerfile', () => {
  it('has a build stage and a small non-root runtime stage with the CLI as entrypoint', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    const runtime = stages[1]!;
    expect(runtime.from).toMatch(/^node:20-(bookworm-slim|alpine)/);
    expect(stages[0]!.from).toBe(runtime.from); // re2's addon must meet the libc it was built for
    expect(last(runtime, 'USER')?.args).toEqual(['node']);
    expect(last(runtime, 'ENTRYPOINT')?.args).toEqual(['node', '/opt/pipelock/dist/bin.js']);
    expect(last(runtime, 'CMD')?.args).toEqual(['run', '--config', '/etc/pipelock/pipelock.yaml', '--listen', '0.0.0.0:8888']);
    expect(last(runtime, 'HEALTHCHECK')?.args).toEqual(['pipelock', 'healthcheck', '--addr', '127.0.0.1:8888']);
    expect(runtime.instructions.filter((i) => i.op === 'COPY').every((i) => i.flags.from === 'build')).toBe(true);
  });

  it('every COPY source is in the build context .dockerignore leaves, and nothing else big is', () => {
    for (const stage of stages) {
      for (const i of stage.instructions.filter((x) => x.op === 'COPY' && !x.flags.from)) {
        for (const src of i.args.slice(0, -1)) {
          const s = src.replace(/^\.\//, '').replace(/\/$/, '');
          const hits = context.filter((f) => f === s || f.startsWith(`${s}/`));
          expect(hits.length, `COPY ${src} (${stage.name})`).toBeGreaterThan(0);
        }
      }
    }
    expect(context.filter((f) => /(^|\/)(node_modules|dist|\.git|test)\//.test(f) || /\.test\.ts$|tsbuildinfo$/.test(f))).toEqual([]);
    expect(context).toContain('packages/cli/src/bin.ts');
    expect(context).toContain('pnpm-lock.yaml');
    expect(context.length).toBeLessThan(400);
  });

  it('pins the pnpm that package.json names', async () => {
    const want = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { packageManager: string }).packageManager.replace(/^pnpm@/, '');
    const install = stages[0]!.instructions.find((i) => i.op === 'RUN' && /npm install -g pnpm@/.test(i.raw));
    expect(install?.raw).toContain(`pnpm@${want}`);
    const here = await run('pnpm', ['--version']);
    expect(here.stdout.trim()).toBe(want);
  });

  it(
    'the build and runtime steps run, and the image command starts a daemon its HEALTHCHECK accepts',
    async () => {
      const log: string[] = [];
      for (const stage of stages) {
        const root = rootOf(stage);
        for (const d of ['usr/local/bin', 'etc', 'home/node', 'opt']) mkdirSync(join(root, d), { recursive: true });
        let cwd = root;
        const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(root, 'usr/local/bin')}:${process.env.PATH ?? ''}` };
        for (const i of stage.instructions) {
          if (i.op === 'WORKDIR') {
            cwd = join(root, i.args[0]!);
            mkdirSync(cwd, { recursive: true });
          } else if (i.op === 'ENV') {
            for (const kv of i.raw.split(/\s+/)) {
              const [k, v = ''] = kv.split('=');
              env[k!] = v;
            }
          } else if (i.op === 'COPY') {
            const dst = i.args.at(-1)!;
            const srcs = i.args.slice(0, -1);
            const from = i.flags.from ? rootOf(stages.find((s) => s.name === i.flags.from)!) : undefined;
            for (const src of srcs) {
              const dstAbs = posix.isAbsolute(dst) ? join(root, dst) : join(cwd, dst);
              if (from) {
                cpSync(join(from, src), dstAbs, { recursive: true, verbatimSymlinks: true });
                continue;
              }
              const s = src.replace(/^\.\//, '').replace(/\/$/, '');
              const files = context.filter((f) => f === s || f.startsWith(`${s}/`));
              const intoDir = dst.endsWith('/') || srcs.length > 1 || (files.length === 1 && files[0] === s && dst.endsWith('.'));
              for (const f of files) {
                const rel = f === s ? (intoDir ? posix.basename(f) : '') : f.slice(s.length + 1);
                const target = rel === '' ? dstAbs : join(dstAbs, rel);
                mkdirSync(dirname(target), { recursive: true });
                cpSync(join(ROOT, f), target);
              }
            }
          } else if (i.op === 'RUN') {
            if (NEEDS_ROOT.test(i.raw)) {
              log.push(`skipped (needs root in the image): ${i.raw.slice(0, 60)}`);
              continue;
            }
            const cmd = mapCmd(stage, i.raw);
            const r = await run('sh', ['-ec', cmd], { cwd, env, timeoutMs: 400_000 });
            log.push(`${stage.name}: RUN ${i.raw.slice(0, 70)} -> ${r.code} in ${r.ms} ms`);
            if (r.code !== 0) throw new Error(`RUN failed in ${stage.name}: ${cmd}\n${r.stdout}\n${r.stderr}\n${log.join('\n')}`);
          }
        }
      }
      // eslint-disable-next-line no-console
      console.log(log.join('\n'));

      const runtime = stages.at(-1)!;
      const root = rootOf(runtime);
      // The runtime stage holds only /opt/pipelock: its node_modules must carry the compiled re2.
      const re2 = readFileSync(join(root, 'opt/pipelock/node_modules/.modules.yaml'), 'utf8');
      expect(re2).toContain('re2');
      const addon = execFind(join(root, 'opt/pipelock/node_modules/.pnpm'), 're2.node');
      expect(addon).not.toBe('');
      expect(statSync(addon).size).toBeLessThan(10 * 1024 * 1024); // stripped
      expect(existsSync(join(root, 'etc/pipelock/pipelock.yaml'))).toBe(true);
      expect(existsSync(join(root, 'opt/pipelock/LICENSE'))).toBe(true);
      const size = await run('du', ['-sm', join(root, 'opt/pipelock')]);
      // eslint-disable-next-line no-console
      console.log(`runtime /opt/pipelock: ${size.stdout.split('\t')[0]} MB`);
      expect(Number(size.stdout.split('\t')[0])).toBeLessThan(60);

      // ENTRYPOINT + CMD, listen address moved to a free loopback port.
      const argv = [...last(runtime, 'ENTRYPOINT')!.args, ...last(runtime, 'CMD')!.args].map((a) =>
        a === '0.0.0.0:8888' ? '127.0.0.1:0' : mapCmd(runtime, a).trim(),
      );
      const env = { PATH: `${join(root, 'usr/local/bin')}:${process.env.PATH ?? ''}`, HOME: join(root, 'home/node'), NODE_ENV: 'production' };
      const daemon = start(argv[0] === 'node' ? process.execPath : argv[0]!, argv.slice(1), { cwd: join(root, 'home/node'), env });
      children.push(daemon);
      const m = await daemon.waitFor(/forward proxy listening on 127\.0\.0\.1:(\d+)/);
      const hc = last(runtime, 'HEALTHCHECK')!.args.map((a) => (a === '127.0.0.1:8888' ? `127.0.0.1:${m[1]}` : a));
      const health = await run(hc[0]!, hc.slice(1), { env });
      expect(health.code).toBe(0);
      expect(await daemon.stop()).toBe(0);
      // And the health check fails when nothing listens.
      const down = await run(hc[0]!, hc.slice(1), { env });
      expect(down.code).toBe(1);
    },
    600_000,
  );
});

/** The first file called name under dir (symlinks not followed). */
function execFind(dir: string, name: string): string {
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.name === name) return p;
    }
  }
  return '';
}
