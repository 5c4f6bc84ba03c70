// The one table from error codes to exit statuses, and the one line a user
// sees for an error. A stack trace only ever means a bug in pipelock.
import { PipelockError } from '@pipelock/core/lite';

export const EXIT_OK = 0;
/** Unsuppressed findings (scan-diff, scan) or a blocked verdict. */
export const EXIT_FINDINGS = 1;
/** Usage, config, input or I/O errors: the run could not give an answer. */
export const EXIT_ERROR = 2;

/** Exit status per PipelockError code. Codes not listed are internal errors (2). */
const EXIT_BY_CODE: Readonly<Record<string, number>> = {
  USAGE: EXIT_ERROR,
  CONFIG_INVALID: EXIT_ERROR,
  CONFIG_YAML: EXIT_ERROR,
  DIFF_UNPARSEABLE: EXIT_ERROR,
  DIFF_TOO_LARGE: EXIT_ERROR,
  INPUT_INVALID: EXIT_ERROR,
  INPUT_TOO_LARGE: EXIT_ERROR,
  BASELINE_INVALID: EXIT_ERROR,
  IO: EXIT_ERROR,
  UPSTREAM_TIMEOUT: EXIT_ERROR,
  UPSTREAM_FAILED: EXIT_ERROR,
};

/** A command-line mistake the user can fix (conflicting flags, bad preset name). */
export class UsageError extends PipelockError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'UsageError';
  }
}

/** Is this an error a user caused (one line, no stack), rather than a bug? */
export function isUserError(err: unknown): err is PipelockError {
  return err instanceof PipelockError && err.code in EXIT_BY_CODE;
}

export function exitStatusFor(err: unknown): number {
  return isUserError(err) ? (EXIT_BY_CODE[err.code] ?? EXIT_ERROR) : EXIT_ERROR;
}

/**
 * The single stderr line for an error. Internal errors say so; set
 * PIPELOCK_DEBUG=1 to also get the stack (printed separately by the caller).
 */
export function errorLine(err: unknown): string {
  if (isUserError(err)) return `pipelock: ${oneLine(err.message)}`;
  const msg = err instanceof Error ? err.message : String(err);
  return `pipelock: internal error: ${oneLine(msg)} (this is a bug; rerun with PIPELOCK_DEBUG=1 for details)`;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}
