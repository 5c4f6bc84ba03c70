// Engine entry points on real text of several kinds (test/bench/inputs.mjs):
// each bench rotates through slices of one kind, so its ops/s times the
// average size shown in the name is the throughput. `node
// scripts/bench-kinds.mjs` prints the same cases as MB/s from the build.
// Run: pnpm vitest bench --run test/bench
import * as core from '@pipelock/core';
import { bench, describe } from 'vitest';
import { benchCases } from './cases.mjs';

// The 1 MB cases run in scripts/bench-kinds.mjs; here they would dominate the run.
const cases = benchCases(core, { sizes: ['1 KB', '10 KB'] });
const byKind = new Map<string, typeof cases>();
for (const c of cases) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);

for (const [kind, list] of byKind) {
  describe(`kind: ${kind}`, () => {
    for (const c of list) {
      const avg = Math.round(c.bytes.reduce((a, b) => a + b, 0) / c.bytes.length);
      let i = 0;
      bench(`${c.group}: ${c.label} (avg ${avg} B)`, () => {
        c.run(c.inputs[i++ % c.inputs.length]);
      }, { time: 300 });
    }
  });
}
