#!/usr/bin/env node
// The `pipelock` executable: run the program and leave the exit status for
// Node to apply once stdout has drained (process.exit could cut output short).
import { main } from './program.js';

// `pipelock scan-diff --json | head`: the reader went away; stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    process.exitCode = 2;
  });
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (err: unknown) => {
    process.stderr.write(`pipelock: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
