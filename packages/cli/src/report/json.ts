// --json: {findings, summary} on stdout, for scripts. Findings are core's
// Finding objects (redacted excerpts, fingerprints), suppressed ones only with --verbose.
import type { Finding } from '@pipelock/core';
import type { Summary } from './summary.js';
import { visible } from './summary.js';

export function jsonReport(findings: readonly Finding[], summary: Summary, verbose: boolean): string {
  return `${JSON.stringify({ findings: visible(findings, verbose), summary }, null, 2)}\n`;
}
