// `pipelock scan [FILE|-]`: DLP and prompt-injection scan of any text, with
// the same output formats and exit statuses as scan-diff. It is a code review,
// so documentation example credentials are judged as scan-diff judges them
// (dlp.example_credentials.code_review), not as the firewall does.
import { isAbsolute, relative } from 'node:path';
import { MAX_DIFF_BYTES } from '@pipelock/core/lite';
import type { Finding, Scanner } from '@pipelock/core';
import type { Command } from 'commander';
import { buildScanner } from '../config-file.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { readInput } from '../io.js';
import { emitReport, formatOf } from '../report/index.js';
import { cliVersion } from '../version.js';
import type { CommandRunner } from './types.js';

export interface ScanFlags {
  json?: boolean;
  sarif?: boolean;
  verbose?: boolean;
  config?: string;
}

export function registerScan(parent: Command, run: CommandRunner): Command {
  return parent
    .command('scan')
    .description('scan text from FILE (or stdin) for secrets and prompt injection')
    .argument('[file]', "file to scan; '-' or nothing reads stdin", '-')
    .option('--json', 'print {findings, summary} as JSON on stdout')
    .option('--sarif', 'print SARIF 2.1.0 on stdout')
    .option('--config <file>', 'pipelock.yaml to use (default: the balanced preset)')
    .option('--verbose', 'also list suppressed findings')
    .action(async (file: string, flags: ScanFlags) => {
      await run((io) => scanFile(io, file, flags));
    });
}

export async function scanFile(io: Io, file: string, flags: ScanFlags): Promise<number> {
  const format = formatOf(flags);
  if (file === '-' && io.stdin.isTTY) throw new UsageError('scan reads text from FILE or stdin, e.g. pipelock scan notes.txt');
  const scanner = await buildScanner(io, flags.config);
  const text = await readInput(io, file, MAX_DIFF_BYTES, 'input', 'INPUT_TOO_LARGE');
  const display = file === '-' ? undefined : isAbsolute(file) ? relative(io.cwd, file) || file : file;
  const result = scanner.scanText(text, { location: display ?? 'stdin', surface: 'code_review' });
  locateLines(scanner, text, result.findings, display);
  return emitReport(io, result.findings, format, flags.verbose === true, cliVersion());
}

/**
 * scanText reports what, not where. When something was found, rescan line by
 * line to give each finding the line it is on (the n-th finding of a rule gets
 * the n-th line that rule matches; a match spanning lines keeps line 1).
 */
function locateLines(scanner: Scanner, text: string, findings: Finding[], file: string | undefined): void {
  if (findings.length === 0) return;
  const linesByRule = new Map<string, number[]>();
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    if (line.trim() === '') continue;
    for (const f of scanner.scanText(line, { surface: 'code_review' }).findings) {
      const list = linesByRule.get(f.rule) ?? [];
      if (list[list.length - 1] !== lineNo) list.push(lineNo);
      linesByRule.set(f.rule, list);
    }
  }
  const used = new Map<string, number>();
  for (const f of findings) {
    const list = linesByRule.get(f.rule);
    const i = used.get(f.rule) ?? 0;
    used.set(f.rule, i + 1);
    const line = list && list.length > 0 ? list[Math.min(i, list.length - 1)]! : 1;
    if (file !== undefined) {
      f.file = file;
      f.line = line;
    } else {
      f.location = `stdin:${line}`;
    }
  }
}
