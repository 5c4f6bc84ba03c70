// Picks the output format for scan commands and turns findings into the exit status.
import { BUILTIN_DLP_PATTERNS } from '@pipelock/core/lite';
import type { Finding } from '@pipelock/core';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { humanReport } from './human.js';
import { jsonReport } from './json.js';
import { sarifReport } from './sarif.js';
import { summarize } from './summary.js';

export type Format = 'human' | 'json' | 'sarif';

export interface OutputFlags {
  json?: boolean;
  sarif?: boolean;
  verbose?: boolean;
}

export function formatOf(flags: OutputFlags): Format {
  if (flags.json && flags.sarif) throw new UsageError('--json and --sarif cannot be used together');
  return flags.json ? 'json' : flags.sarif ? 'sarif' : 'human';
}

let docsByRule: Map<string, string> | undefined;
function helpUri(rule: string): string | undefined {
  docsByRule ??= new Map(BUILTIN_DLP_PATTERNS.flatMap((p) => (p.docs ? [[p.name, p.docs] as [string, string]] : [])));
  return docsByRule.get(rule);
}

/** Print the report; exit 1 when any finding is left unsuppressed, else 0. */
export function emitReport(io: Io, findings: readonly Finding[], format: Format, verbose: boolean, version: string): number {
  const summary = summarize(findings);
  if (format === 'json') io.stdout.write(jsonReport(findings, summary, verbose));
  else if (format === 'sarif') io.stdout.write(sarifReport(findings, { version, verbose, helpUri }));
  else io.stderr.write(humanReport(findings, summary, verbose));
  return summary.findings > 0 ? EXIT_FINDINGS : EXIT_OK;
}
