// `pipelock version`: what is running, for bug reports.
import type { Command } from 'commander';
import { EXIT_OK } from '../errors.js';
import type { Io } from '../io.js';
import { cliVersion } from '../version.js';
import type { CommandRunner } from './types.js';

export function registerVersion(parent: Command, run: CommandRunner): Command {
  return parent
    .command('version')
    .description('print the pipelock and Node.js versions')
    .action(async () => {
      await run((io) => printVersion(io));
    });
}

export function printVersion(io: Io): number {
  io.stdout.write(`pipelock ${cliVersion()} (node ${process.version}, ${process.platform}/${process.arch})\n`);
  return EXIT_OK;
}
