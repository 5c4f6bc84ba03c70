// `pipelock generate config [--preset NAME]`: print a complete, commented
// config for a preset (balanced by default).
import type { Command } from 'commander';
import { PRESET_NAMES, presetYaml } from '@pipelock/core/lite';
import type { PresetName } from '@pipelock/core';
import { EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import type { CommandRunner } from './types.js';

export function registerGenerate(parent: Command, run: CommandRunner): Command {
  const gen = parent.command('generate').description('generate files pipelock uses');
  gen
    .command('config')
    .description(`print a complete config for a preset (${PRESET_NAMES.join(', ')})`)
    .option('--preset <name>', 'preset to print', 'balanced')
    .action(async (flags: { preset: string }) => {
      await run((io) => generateConfig(io, flags.preset));
    });
  return gen;
}

export function generateConfig(io: Io, preset: string): number {
  if (!(PRESET_NAMES as readonly string[]).includes(preset)) {
    throw new UsageError(`unknown preset '${preset}' (choose one of: ${PRESET_NAMES.join(', ')})`);
  }
  io.stdout.write(presetYaml(preset as PresetName));
  return EXIT_OK;
}
