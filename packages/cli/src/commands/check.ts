// `pipelock check --config FILE`: validate a config and summarize what it
// turns on. Invalid configs print the ConfigError's one line (key path and
// line) and exit 2. `pipelock check --url URL` runs the URL pipeline as the
// forward proxy would (with DNS resolved here, for SSRF) and prints the verdict.
import { lookup } from 'node:dns/promises';
import type { Command } from 'commander';
import { configSummary } from '@pipelock/core/lite';
import { buildScanner, loadConfig } from '../config-file.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import type { CommandRunner } from './types.js';

export interface CheckFlags {
  config?: string;
  url?: string;
  resolve?: boolean;
}

export function registerCheck(parent: Command, run: CommandRunner): Command {
  return parent
    .command('check')
    .description('validate a config file and print what it enables')
    .option('--config <file>', 'pipelock.yaml to validate')
    .option('--url <url>', 'run the URL pipeline on a URL and print the verdict (exit 1 when blocked)')
    .option('--no-resolve', 'with --url: do not resolve the host (skips the SSRF check on resolved addresses)')
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

/** Resolve the URL's host as the proxy would; an IP literal or a failed lookup gives no addresses. */
async function resolveHost(url: string): Promise<string[] | undefined> {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
  const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), 2000).unref());
  const found = lookup(host, { all: true, verbatim: true })
    .then((list) => list.map((a) => a.address))
    .catch(() => undefined);
  return Promise.race([found, timeout]);
}

/** `check --url URL`: the URL pipeline's verdict and findings; exit 1 when blocked. */
async function checkUrl(io: Io, flags: CheckFlags): Promise<number> {
  const scanner = await buildScanner(io, flags.config);
  const url = flags.url!;
  const resolvedIps = flags.resolve === false ? undefined : await resolveHost(url);
  const r = scanner.scanUrl(url, resolvedIps ? { resolvedIps, transport: 'fetch' } : { transport: 'fetch' });
  io.stdout.write(`${r.action}${resolvedIps ? ` (resolved: ${resolvedIps.join(', ')})` : ''}\n`);
  for (const f of r.findings) {
    io.stdout.write(`  ${f.action.padEnd(5)}  ${f.scanner}  ${f.rule}  ${f.severity}${f.location ? `  ${f.location}` : ''}${f.excerpt ? `  ${f.excerpt}` : ''}\n`);
  }
  return r.action === 'block' ? EXIT_FINDINGS : EXIT_OK;
}
