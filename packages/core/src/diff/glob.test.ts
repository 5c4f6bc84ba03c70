import { describe, expect, it } from 'vitest';
import { compileGlobs, expandBraces, matchGlob } from './glob.js';

const rows: Array<[pattern: string, path: string, want: boolean]> = [
  ['*.md', 'README.md', true],
  ['*.md', 'docs/guide/intro.md', true],
  ['*.md', 'docs/guide/intro.mdx', false],
  ['test/', 'test/a.ts', true],
  ['test/', 'test/deep/b.ts', true],
  ['test/', 'pkg/test/deep/b.ts', true],
  ['test/', 'test', false],
  ['test/', 'testing/a.ts', false],
  ['fixtures', 'a/fixtures/b/c.json', true],
  ['fixtures', 'a/fixtures', true],
  ['fixtures', 'a/fixtures2/x', false],
  ['/src/gen', 'src/gen/x.ts', true],
  ['/src/gen', 'lib/src/gen/x.ts', false],
  ['src/*.ts', 'src/a.ts', true],
  ['src/*.ts', 'src/sub/a.ts', false],
  ['src/**/*.ts', 'src/a.ts', true],
  ['src/**/*.ts', 'src/a/b/c.ts', true],
  ['src/**/*.ts', 'lib/src/a.ts', false],
  ['**/*.lock', 'pnpm.lock', true],
  ['**/*.lock', 'a/b/yarn.lock', true],
  ['docs/**', 'docs/a/b.md', true],
  ['docs/**', 'docsx/a.md', false],
  ['a/**/b', 'a/b', true],
  ['a/**/b', 'a/x/y/b', true],
  ['a/**/b', 'a/xb', false],
  ['file?.txt', 'file1.txt', true],
  ['file?.txt', 'file10.txt', false],
  ['file?.txt', 'dir/file/.txt', false],
  ['*.{js,ts}', 'x/y.ts', true],
  ['*.{js,ts}', 'x/y.js', true],
  ['*.{js,ts}', 'x/y.rs', false],
  ['{src,lib}/{a,b{1,2}}.c', 'lib/b2.c', true],
  ['{src,lib}/{a,b{1,2}}.c', 'lib/b3.c', false],
  ['[abc].txt', 'b.txt', true],
  ['[!abc].txt', 'b.txt', false],
  ['[a-c]x', 'dir/cx', true],
  ['[a-c]x', 'dir/dx', false],
  ['./src/', 'src/a', true],
  ['*.md', './README.md', true],
  ['a**b', 'aXb', true],
  ['a**b', 'a/b', false],
  ['', 'anything', false],
];

describe('matchGlob', () => {
  it.each(rows)('%s vs %s -> %s', (pattern, path, want) => {
    expect(matchGlob(pattern, path)).toBe(want);
  });

  it('compileGlobs matches when any pattern does', () => {
    const m = compileGlobs(['*.md', 'vendor/']);
    expect([m('a.md'), m('vendor/x.go'), m('src/x.go')]).toEqual([true, true, false]);
    expect(compileGlobs([])('a')).toBe(false);
  });

  it('stays linear on patterns that make backtracking regexes explode', () => {
    const pattern = `${'*a'.repeat(30)}*b`;
    const path = 'a'.repeat(5000);
    const t0 = performance.now();
    expect(matchGlob(pattern, path)).toBe(false);
    expect(matchGlob('**/'.repeat(20) + 'x', `${'d/'.repeat(2000)}y`)).toBe(false);
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('caps brace expansion', () => {
    expect(expandBraces('{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}').length).toBe(256);
    expect(expandBraces('{a}')).toEqual(['{a}']);
    expect(expandBraces('x{a,b')).toEqual(['x{a,b']);
  });
});
