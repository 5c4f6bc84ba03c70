// Programmatic entry to the CLI (for embedding and tests): build or run the program.
export { createProgram, main } from './program.js';
export { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, exitStatusFor, errorLine, UsageError } from './errors.js';
export type { Io } from './io.js';
