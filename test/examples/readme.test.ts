// README.md's "The library in 30 seconds" block, run as written: extracted,
// written to a temporary .mjs inside the workspace (so @pipelock/core
// resolves to the built package), and run with node.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHILD_ENV } from '../cli/helpers.js';
import { assertPackagesBuilt, ROOT } from './helpers.js';

function libraryBlock(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf('## The library in 30 seconds');
  if (at < 0) throw new Error('README.md has no "## The library in 30 seconds" section');
  const m = /```js\n([\s\S]*?)\n```/.exec(readme.slice(at));
  if (!m) throw new Error('no ```js block under "The library in 30 seconds"');
  return m[1]!;
}

describe('README: the library in 30 seconds', () => {
  it('runs, exits 0 and prints block first', () => {
    assertPackagesBuilt('core');
    const code = libraryBlock();
    expect(code).toContain("from '@pipelock/core'");
    // test/ depends on @pipelock/core, so a module placed here resolves it as a user's would.
    const dir = mkdtempSync(join(ROOT, 'test', 'examples', '.readme-'));
    try {
      const file = join(dir, 'library.mjs');
      writeFileSync(file, `${code}\n`);
      const r = spawnSync(process.execPath, [file], { cwd: dir, env: CHILD_ENV, encoding: 'utf8', timeout: 30_000 });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines[0]!.split(' ')[0]).toBe('block');
      expect(lines[0]).toContain('AWS Access Key ID');
      expect(lines.at(-1)).toBe('allow');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
