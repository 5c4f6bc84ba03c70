// `pipelock scan-diff` / `pipelock git scan-diff`: scan the added lines of a
// unified diff on stdin. Exit 0 clean, 1 findings, 2 usage/config/input error.
import { writeFile } from 'node:fs/promises';
import { applyBaseline, buildBaseline, MAX_DIFF_BYTES, parseBaseline } from '@pipelock/core';
import type { Command } from 'commander';
import { buildScanner } from '../config-file.js';
import { EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { ioError, readInput, readTextFile } from '../io.js';
import { emitReport, formatOf } from '../report/index.js';
import { cliVersion } from '../version.js';
import type { CommandRunner } from './types.js';

export interface ScanDiffFlags {
  json?: boolean;
  sarif?: boolean;
  verbose?: boolean;
  exclude?: string[];
  config?: string;
  baseline?: string;
  writeBaseline?: string;
}

const collect = (value: string, prev: string[] = []): string[] => [...prev, value];

export function registerScanDiff(parent: Command, run: CommandRunner, name = 'scan-diff'): Command {
  return parent
    .command(name)
    .description('scan the added lines of a unified diff (git diff, git show, git log -p, diff -u) read from stdin')
    .argument('[file]', "read the diff from FILE instead of stdin ('-' is stdin)")
    .option('--json', 'print {findings, summary} as JSON on stdout')
    .option('--sarif', 'print SARIF 2.1.0 on stdout (GitHub code scanning)')
    .option('--exclude <glob>', 'skip files matching a gitignore-style glob (repeatable)', collect, [])
    .option('--config <file>', 'pipelock.yaml to use (default: the balanced preset)')
    .option('--verbose', 'also list suppressed findings, marked with what suppressed them')
    .option('--baseline <file>', 'suppress findings whose fingerprint is in this baseline file')
    .option('--write-baseline <file>', 'write the current findings to a baseline file and exit 0')
    .addHelpText(
      'after',
      '\nExamples:\n  git diff origin/main...HEAD | pipelock scan-diff --sarif > pipelock.sarif\n  git diff --cached | pipelock git scan-diff --exclude test/ --exclude "*.md"',
    )
    .action(async (file: string | undefined, flags: ScanDiffFlags) => {
      await run((io) => scanDiff(io, file, flags));
    });
}

export async function scanDiff(io: Io, file: string | undefined, flags: ScanDiffFlags): Promise<number> {
  const format = formatOf(flags);
  const source = file ?? '-';
  if (source === '-' && io.stdin.isTTY) {
    throw new UsageError('scan-diff reads a diff on stdin, e.g. git diff | pipelock scan-diff');
  }
  const scanner = await buildScanner(io, flags.config);
  const baseline = flags.baseline !== undefined ? parseBaseline(await readTextFile(flags.baseline, 'baseline')) : undefined;

  const diff = await readInput(io, source, MAX_DIFF_BYTES, 'diff', 'DIFF_TOO_LARGE');
  const result = scanner.scanDiff(diff, { exclude: flags.exclude ?? [] });
  const findings = baseline ? applyBaseline(result.findings, baseline) : result.findings;

  if (flags.writeBaseline !== undefined) {
    const doc = buildBaseline(findings);
    try {
      await writeFile(flags.writeBaseline, `${JSON.stringify(doc, null, 2)}\n`);
    } catch (err) {
      throw ioError(err, `cannot write baseline ${flags.writeBaseline}`);
    }
    io.stderr.write(
      `pipelock: wrote ${doc.fingerprints.length} fingerprint${doc.fingerprints.length === 1 ? '' : 's'} to ${flags.writeBaseline}\n`,
    );
    return EXIT_OK;
  }
  return emitReport(io, findings, format, flags.verbose === true, cliVersion());
}
