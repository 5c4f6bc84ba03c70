import { defineConfig } from 'vitest/config';
import type { ViteUserConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(`./packages/${p}/src/index.ts`, import.meta.url));

// Tests import the packages by name; resolve them to source so a test run
// never depends on a stale build. CLI end-to-end tests run the built binary.
const resolve: ViteUserConfig['resolve'] = {
  alias: {
    '@pipelock/core': src('core'),
    '@pipelock/proxy': src('proxy'),
  },
};

// In-process tests of the engines and the libraries: no servers, no child
// processes. Top-level test/*.test.ts are the corpus and stream suites.
const UNIT = ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/*.test.ts', 'test/hardening/properties.test.ts', 'test/hardening/regressions.test.ts'];

const BENCH = ['packages/*/src/**/*.bench.ts', 'test/**/*.bench.ts'];

// Sized for the 2-core CI machine, which may be busy with something else too:
//
// - unit: one worker process for all files (isolate: false). Each file would
//   otherwise start a fresh process that re-imports and re-compiles the
//   engines; sharing them took the unit files from 72 s to 23 s of wall time
//   (37 s to 15 s of CPU). These tests hold no global state between files.
// - e2e: daemons, CLIs, git, helm, npm and Dockerfile steps, one process per
//   file (isolate), two at a time: they mostly wait on child processes and
//   sockets, so two overlap well on two cores without starving vitest's main
//   process. They run after unit (groupOrder), so the CPU-bound engine
//   tests never compete with them.
//
// Deadlines are generous (a deadline is not a speed check: a test that is
// correct finishes as soon as it can). vitest's own worker RPC deadline is
// removed by patches/vitest@3.2.7.patch: a worker busy past 60 s on a loaded
// machine made a green run exit 1 ("Timeout calling onTaskUpdate").
export default defineConfig({
  resolve,
  test: {
    pool: 'forks',
    reporters: ['default'],
    projects: [
      {
        resolve,
        test: {
          name: 'unit',
          include: UNIT,
          pool: 'forks',
          isolate: false,
          maxWorkers: 1,
          minWorkers: 1,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 0 },
          benchmark: { include: BENCH },
        },
      },
      {
        resolve,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
          exclude: [...UNIT, '**/node_modules/**'],
          pool: 'forks',
          maxWorkers: 2,
          minWorkers: 1,
          testTimeout: 60_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 1 },
          // Benchmarks run once, in the unit project.
          benchmark: { include: [], exclude: ['**'] },
        },
      },
    ],
  },
});
