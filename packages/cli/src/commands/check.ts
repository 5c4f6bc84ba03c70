// `pipelock check --config FILE`: validate a config and summarize what it
// turns on. Invalid configs print the ConfigError's one line (key path and
// line) and exit 2.
import type { Command } from 'commander';
import { configSummary } from '@pipelock/core';
import { loadConfig } from '../config-file.js';
import { EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import type { CommandRunner } from './types.js';

export interface CheckFlags {
  config?: string;
  url?: string;
}

export function registerCheck(parent: Command, run: CommandRunner): Command {
  return parent
    .command('check')
    .description('validate a config file and print what it enables')
    .option('--config <file>', 'pipelock.yaml to validate')
    .option('--url <url>', 'check a URL against the config (not available yet)')
    .action(async (flags: CheckFlags) => {
      await run((io) => check(io, flags));
    });
}

export async function check(io: Io, flags: CheckFlags): Promise<number> {
  if (flags.url !== undefined) return checkUrl(io, flags);
  if (flags.config === undefined) throw new UsageError('check needs --config FILE (or --url URL)');
  const config = await loadConfig(flags.config);
  io.stdout.write(`${flags.config}: config OK\n`);
  for (const line of configSummary(config)) io.stdout.write(`  ${line}\n`);
  return EXIT_OK;
}

/**
 * `check --url URL`: run the URL pipeline with the config and print the
 * verdict. The URL pipeline lands in a later release; until then this says so
 * instead of pretending a URL is clean.
 */
async function checkUrl(_io: Io, _flags: CheckFlags): Promise<number> {
  throw new UsageError('check --url is not available yet; use check --config FILE');
}
