import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(`./packages/${p}/src/index.ts`, import.meta.url));

// Tests import the packages by name; resolve them to source so a test run
// never depends on a stale build. CLI end-to-end tests run the built binary.
export default defineConfig({
  resolve: {
    alias: {
      '@pipelock/core': src('core'),
      '@pipelock/proxy': src('proxy'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default'],
  },
  benchmark: {
    include: ['packages/*/src/**/*.bench.ts', 'test/**/*.bench.ts'],
  },
});
