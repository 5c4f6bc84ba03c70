// The core package is embeddable because it does no I/O: this walks its import
// graph from src/index.ts and fails on any Node I/O module, any package outside
// the allow-list, and any use of process.env, timers or the wall clock.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const coreSrc = join(root, 'packages/core/src');

const FORBIDDEN_BUILTINS = new Set([
  'fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'dns', 'dns/promises', 'child_process', 'tls', 'dgram',
  'worker_threads', 'cluster', 'readline', 'repl', 'inspector', 'timers', 'timers/promises', 'os', 'process', 'vm',
]);
// Pure builtins core may use: hashing, byte helpers, and synchronous
// (in-memory, size-capped) decompression for permessage-deflate and gzip payloads.
const ALLOWED_BUILTINS = new Set(['crypto', 'buffer', 'util', 'url', 'string_decoder', 'zlib']);
// Third-party packages core may import (each is pure, or a native regex engine).
const ALLOWED_PACKAGES = new Set(['re2', 'yaml', 'zod', 'eventsource-parser']);

const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
const FORBIDDEN_CALLS: Array<[RegExp, string]> = [
  [/\bprocess\.env\b/, 'process.env'],
  [/\bsetTimeout\s*\(/, 'setTimeout'],
  [/\bsetInterval\s*\(/, 'setInterval'],
  [/\bsetImmediate\s*\(/, 'setImmediate'],
  [/\bDate\.now\s*\(/, 'Date.now()'],
  [/\bnew Date\(\s*\)/, 'new Date()'],
  [/\bperformance\.now\s*\(/, 'performance.now()'],
  [/\bMath\.random\s*\(/, 'Math.random()'],
];

function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"\\])\/\/.*$/gm, '$1');
}

function walk(): { files: string[]; problems: string[] } {
  const seen = new Set<string>();
  const problems: string[] = [];
  const queue = [join(coreSrc, 'index.ts')];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const src = stripComments(readFileSync(file, 'utf8'));
    const rel = relative(root, file);
    for (const [re, what] of FORBIDDEN_CALLS) if (re.test(src)) problems.push(`${rel}: uses ${what}`);
    for (const m of src.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
      if (!spec) continue;
      if (spec.startsWith('.')) {
        const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
        const candidates = [target, `${target}.ts`, join(target, 'index.ts')];
        const found = candidates.find((c) => existsSync(c) && c.endsWith('.ts'));
        if (!found) problems.push(`${rel}: cannot resolve ${spec}`);
        else queue.push(found);
        continue;
      }
      const bare = spec.replace(/^node:/, '');
      if (spec.startsWith('node:') || FORBIDDEN_BUILTINS.has(bare) || ALLOWED_BUILTINS.has(bare)) {
        if (FORBIDDEN_BUILTINS.has(bare)) problems.push(`${rel}: imports Node I/O module ${spec}`);
        else if (!ALLOWED_BUILTINS.has(bare)) problems.push(`${rel}: imports Node builtin ${spec} (not on the allow-list)`);
        continue;
      }
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
      if (!ALLOWED_PACKAGES.has(pkg)) problems.push(`${rel}: imports package ${spec} (not on the allow-list)`);
    }
  }
  return { files: [...seen], problems };
}

describe('core purity', () => {
  it('reaches no Node I/O module, env, timer or clock from src/index.ts', () => {
    const { files, problems } = walk();
    expect(files.length).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it('the walker itself catches a forbidden import and a clock read', () => {
    // Guard against a walker that silently passes everything.
    const sample = `import { readFileSync } from 'node:fs';\nconst t = Date.now();`;
    const specs = [...sample.matchAll(IMPORT_RE)].map((m) => m[1]);
    expect(specs).toEqual(['node:fs']);
    expect(FORBIDDEN_CALLS.some(([re]) => re.test(sample))).toBe(true);
  });
});
