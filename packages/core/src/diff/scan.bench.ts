// Diff scanning throughput on a real multi-MB diff: real source files from
// node_modules presented as a `git diff` that adds them. Target ≥ 50 MB/s
// (docs/performance.md). Run: pnpm vitest bench --run packages/core/src/diff
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bench, describe } from 'vitest';
import { createScanner } from '../scanner.js';
import { parseDiff } from './parse.js';

const TARGET_BYTES = 8 * 1024 * 1024;
const root = fileURLToPath(new URL('../../../../node_modules/.pnpm', import.meta.url));

/** Collect real .js/.ts sources (deterministic order) until TARGET_BYTES. */
function realDiff(): string {
  const parts: string[] = [];
  let size = 0;
  const walk = (dir: string, depth: number): void => {
    if (size >= TARGET_BYTES || depth > 8) return;
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of entries) {
      if (size >= TARGET_BYTES) return;
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) walk(p, depth + 1);
      else if (/\.(c?js|mjs|ts)$/.test(name) && st.size > 2_000 && st.size < 400_000) {
        const text = readFileSync(p, 'utf8');
        const lines = text.split('\n');
        if (lines[lines.length - 1] === '') lines.pop();
        const rel = p.slice(root.length + 1);
        parts.push(
          `diff --git a/${rel} b/${rel}\nnew file mode 100644\nindex 0000000..1234567\n--- /dev/null\n+++ b/${rel}\n@@ -0,0 +1,${lines.length} @@\n`,
        );
        for (const l of lines) parts.push(`+${l}\n`);
        size += text.length;
      }
    }
  };
  walk(root, 0);
  return parts.join('');
}

const diff = realDiff();
const mb = Buffer.byteLength(diff) / (1024 * 1024);
const scanner = createScanner();

function mbPerSec(fn: () => void, runs = 5): number {
  fn(); // warm up
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) fn();
  return (mb * runs) / ((performance.now() - t0) / 1000);
}

const parseRate = mbPerSec(() => parseDiff(diff));
const scanRate = mbPerSec(() => scanner.scanDiff(diff), 3);
console.log(
  `diff scanning: ${mb.toFixed(1)} MB diff of real sources; parseDiff ${parseRate.toFixed(0)} MB/s; scanner.scanDiff ${scanRate.toFixed(1)} MB/s (target ≥ 50 MB/s)`,
);

describe(`diff of ${mb.toFixed(1)} MB`, () => {
  bench('parseDiff', () => {
    parseDiff(diff);
  });
  bench('scanner.scanDiff (parse + DLP on added lines)', () => {
    scanner.scanDiff(diff);
  }, { iterations: 3, time: 0 });
  bench('scanner.createDiffScan, pushed in 64 KiB pieces (what scan-diff does)', () => {
    const scan = scanner.createDiffScan();
    for (let i = 0; i < diff.length; i += 65536) scan.push(diff.slice(i, i + 65536));
    scan.end();
  }, { iterations: 3, time: 0 });
});
