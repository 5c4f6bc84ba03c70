// The worker pool behind `scan-diff --jobs`: real worker threads (the built
// module) must return, batch by batch, exactly the hits the same config's
// DLP engine gives in this thread.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { createDlpEngineFor, presetConfig } from '@pipelock/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, awsKeyId, githubToken, privateKeyLines, ROOT } from './helpers.js';

type Pool = { ready: number; busy: readonly number[]; scan(texts: string[]): Promise<unknown[][]> | undefined; close(): Promise<void> };
let createDlpPool: (n: number, init: { config: unknown; env?: Record<string, string>; secrets?: string[] }) => Pool;

beforeAll(async () => {
  assertBuilt();
  ({ createDlpPool } = (await import(pathToFileURL(join(ROOT, 'packages/cli/dist/commands/scan-diff-pool.js')).href)) as { createDlpPool: typeof createDlpPool });
});

async function whenReady(pool: Pool, n: number): Promise<void> {
  for (let i = 0; i < 600 && pool.ready < n; i++) await new Promise((r) => setTimeout(r, 50));
  expect(pool.ready).toBe(n);
}

describe('scan-diff worker pool', () => {
  // One pool per process: node-re2 cannot be loaded by a new thread once a worker exited.
  it('answers "no worker ready" until one is, then the same hits as this thread, on both workers', async () => {
    const config = presetConfig('balanced');
    const secret = 'kp-9Qw2Lr7Tz4Xv1Nb8Hc3Jm6';
    const local = createDlpEngineFor(config, { secrets: [secret] });
    const pool = createDlpPool(2, { config, secrets: [secret] });
    try {
      expect(pool.scan(['x'])).toBeUndefined();
      await whenReady(pool, 2);
      expect(() => createDlpPool(1, { config })).toThrow(/one pool per process/);
      const batches: string[][] = [];
      for (let b = 0; b < 6; b++) {
        batches.push([
          `const region = "eu-west-1";\nconst id = "${awsKeyId()}";`,
          'plain text with nothing in it, repeated. '.repeat(40),
          `token: ${githubToken()}\nnext line`,
          privateKeyLines().join('\n'),
          `known = ${secret}`,
          '',
        ]);
      }
      const sent = batches.map((texts) => pool.scan(texts));
      expect(sent.every((p) => p !== undefined)).toBe(true);
      // Work is spread: with two free workers, both hold batches.
      expect(pool.busy.every((n) => n > 0)).toBe(true);
      const got = await Promise.all(sent);
      got.forEach((hits, b) => expect(hits).toEqual(batches[b]!.map((t) => local.scan(t))));
      const rules = got.flat(2).map((h) => (h as { rule: string }).rule);
      expect(rules).toEqual(expect.arrayContaining(['AWS Access Key ID', 'Known Secret']));
    } finally {
      await pool.close();
    }
  });
});
