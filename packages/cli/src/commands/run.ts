// `pipelock run`: start the daemon (forward proxy on 127.0.0.1:8888 by
// default, /health, /metrics, kill switch API, and the MCP reverse proxy when
// --mcp-listen/--mcp-upstream are given) and keep it running until
// SIGTERM/SIGINT, which drain it and exit 0.
import type { Command } from 'commander';
import { presetConfig } from '@pipelock/core/lite';
import type { Config, Mode } from '@pipelock/core';
import { loadConfig } from '../config-file.js';
import { EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import type { CommandRunner } from './types.js';

export interface RunFlags {
  config?: string;
  mode?: string;
  listen?: string;
  mcpListen?: string;
  mcpUpstream?: string;
}

const MODES: readonly Mode[] = ['strict', 'balanced', 'audit'];

export function registerRun(parent: Command, run: CommandRunner): Command {
  return parent
    .command('run')
    .description('run the proxy daemon (forward proxy, /health, /metrics, kill switch)')
    .option('--config <file>', 'pipelock.yaml (default: the balanced preset)')
    .option('--mode <mode>', 'override the config mode: strict, balanced or audit')
    .option('--listen <addr>', 'forward proxy address (default: fetch_proxy.listen, 127.0.0.1:8888)')
    .option('--mcp-listen <addr>', 'MCP reverse proxy address, e.g. 0.0.0.0:8889 (needs --mcp-upstream)')
    .option('--mcp-upstream <url>', 'the MCP Streamable HTTP endpoint to protect, e.g. http://app:3000/mcp')
    .action(async (flags: RunFlags) => {
      await run((io) => runDaemon(io, flags));
    });
}

export async function runDaemon(io: Io, flags: RunFlags): Promise<number> {
  // Loaded on use: the proxy package (undici, prom-client, TLS) costs every other command its start-up.
  const { formatHostPort, installSignalHandlers, parseListen, startProxy, VERSION } = await import('@pipelock/proxy');
  let mcp: { listen: string; upstream: string } | undefined;
  if (flags.mcpListen !== undefined || flags.mcpUpstream !== undefined) {
    if (flags.mcpListen === undefined) throw new UsageError('--mcp-upstream needs --mcp-listen ADDR (e.g. 0.0.0.0:8889)');
    if (flags.mcpUpstream === undefined) throw new UsageError('--mcp-listen needs --mcp-upstream URL (the MCP server to protect)');
    parseListen(flags.mcpListen);
    let u: URL | undefined;
    try {
      u = new URL(flags.mcpUpstream);
    } catch {
      u = undefined;
    }
    if (u === undefined || (u.protocol !== 'http:' && u.protocol !== 'https:')) {
      throw new UsageError(`--mcp-upstream must be an http(s) URL, not "${flags.mcpUpstream}"`);
    }
    mcp = { listen: flags.mcpListen, upstream: flags.mcpUpstream };
  }
  let mode: Mode | undefined;
  if (flags.mode !== undefined) {
    if (!(MODES as readonly string[]).includes(flags.mode)) {
      throw new UsageError(`--mode must be strict, balanced or audit, not "${flags.mode}"`);
    }
    mode = flags.mode as Mode;
  }
  if (flags.listen !== undefined) parseListen(flags.listen); // a bad address is a usage error before anything starts
  const config: Config = flags.config !== undefined ? await loadConfig(flags.config) : presetConfig('balanced');

  const proxy = await startProxy({
    config,
    ...(flags.config !== undefined ? { configPath: flags.config } : {}),
    ...(flags.listen !== undefined ? { listen: flags.listen } : {}),
    ...(mode !== undefined ? { mode } : {}),
    ...(mcp !== undefined ? { mcp } : {}),
    env: { ...io.env },
  });
  const where = formatHostPort(proxy.address.host, proxy.address.port);
  const extra = [
    proxy.apiAddress ? `kill switch API on ${formatHostPort(proxy.apiAddress.host, proxy.apiAddress.port)}` : '',
    proxy.mcpAddress ? `MCP reverse proxy on ${formatHostPort(proxy.mcpAddress.host, proxy.mcpAddress.port)} -> ${mcp?.upstream ?? ''}` : '',
    proxy.metricsAddress ? `metrics on ${formatHostPort(proxy.metricsAddress.host, proxy.metricsAddress.port)}` : '',
  ].filter((s) => s !== '');
  // stderr: stdout carries the decision log lines (JSON by default).
  io.stderr.write(
    `pipelock ${VERSION}: forward proxy listening on ${where} (mode ${proxy.config.mode}${flags.config ? `, config ${flags.config}` : ''})` +
      `${extra.length > 0 ? `; ${extra.join('; ')}` : ''}\n`,
  );

  return new Promise<number>((resolve) => {
    const remove = installSignalHandlers(proxy, {
      exit: (code) => {
        remove();
        // Leave the exit to Node once output drains; force it only if a handle lingers.
        setTimeout(() => process.exit(code), 2000).unref();
        resolve(code === 0 ? EXIT_OK : code);
      },
    });
  });
}
