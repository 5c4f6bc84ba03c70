// Loading a config file and building a scanner from it. The CLI owns the
// I/O that core must not do: reading the file, process.env (only when
// dlp.scan_env asks for it) and dlp.secrets_file.
// The lite entry at start-up; the full scanner (every engine) only when a command builds one.
import { parseConfig, presetConfig } from '@pipelock/core/lite';
import type { Config, Scanner } from '@pipelock/core';
import type { Io } from './io.js';
import { readTextFile } from './io.js';

/** Parse the file at `path`; no path gives the balanced preset (the default). */
export async function loadConfig(path: string | undefined): Promise<Config> {
  if (path === undefined) return presetConfig('balanced');
  const text = await readTextFile(path, 'config file');
  try {
    return parseConfig(text);
  } catch (err) {
    // Name the file: "invalid config: dlp.patterns[0].regex (line 4): ..." alone does not say which one.
    if (err instanceof Error && 'code' in err) err.message = `${path}: ${err.message}`;
    throw err;
  }
}

/** Known secrets from dlp.secrets_file: one per line; blank lines and '#' comments skipped. */
export async function loadSecrets(config: Config): Promise<string[] | undefined> {
  const file = config.dlp.secrets_file;
  if (!file) return undefined;
  const text = await readTextFile(file, 'dlp.secrets_file');
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** What a scanner is built from: the config, the environment when dlp.scan_env asks for it, known secrets. */
export interface ScannerInputs {
  config: Config;
  env: Record<string, string | undefined> | undefined;
  secrets: string[] | undefined;
}

export async function scannerInputs(io: Io, configPath: string | undefined): Promise<ScannerInputs> {
  const config = await loadConfig(configPath);
  const secrets = await loadSecrets(config);
  return { config, env: config.dlp.scan_env ? { ...io.env } : undefined, secrets };
}

export async function buildScanner(io: Io, configPath: string | undefined): Promise<Scanner> {
  const inputs = await scannerInputs(io, configPath);
  const { createScanner } = await import('@pipelock/core');
  return createScanner(inputs.config, { env: inputs.env, secrets: inputs.secrets });
}
