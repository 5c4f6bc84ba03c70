// `pipelock mcp proxy`: scan a stdio MCP server (`-- COMMAND ARGS`) or bridge
// a stdio client to a Streamable HTTP server (`--upstream URL`). Stdout is
// the MCP channel, so every message of ours goes to stderr.
import type { Command } from 'commander';
import { buildScanner } from '../config-file.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';
import type { CommandRunner } from './types.js';

export interface McpProxyFlags {
  config?: string;
  env?: string[];
  upstream?: string;
  header?: string[];
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function registerMcp(parent: Command, run: CommandRunner): Command {
  const mcp = parent.command('mcp').description('MCP tools');
  mcp
    .command('proxy')
    .description('scan a stdio MCP server (-- COMMAND ARGS) or bridge stdio to an HTTP MCP server (--upstream URL)')
    .option('--config <file>', 'pipelock.yaml')
    .option('--env <K[=V]>', 'pass an environment variable to the child (repeatable); K alone copies it from our environment', collect)
    .option('--upstream <url>', 'bridge to this MCP Streamable HTTP endpoint instead of running a child')
    .option('--header <K: V>', 'header for the upstream, e.g. "Authorization: Bearer …" (repeatable)', collect)
    .argument('[command...]', 'the stdio MCP server to run, after --')
    .action(async (command: string[], flags: McpProxyFlags) => {
      await run((io) => mcpProxy(io, command, flags));
    });
  return mcp;
}

function childEnv(io: Io, pairs: string[] | undefined): NodeJS.ProcessEnv {
  // The child gets a small base environment plus what --env names, so the
  // wrapper does not hand every secret in our environment to a third-party server.
  const base: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'LANG', 'TERM', 'TMPDIR', 'SystemRoot', 'USER', 'NODE_OPTIONS']) if (io.env[k] !== undefined) base[k] = io.env[k];
  for (const p of pairs ?? []) {
    const i = p.indexOf('=');
    if (i < 0) {
      if (io.env[p] !== undefined) base[p] = io.env[p];
    } else base[p.slice(0, i)] = p.slice(i + 1);
  }
  return base;
}

export async function mcpProxy(io: Io, command: string[], flags: McpProxyFlags): Promise<number> {
  // Loaded on use: the proxy package (undici, prom-client, TLS) costs every other command its start-up.
  const { bridgeStdioToHttp, wrapStdioServer } = await import('@pipelock/proxy');
  if (flags.upstream !== undefined && command.length > 0) throw new UsageError('mcp proxy takes either --upstream URL or -- COMMAND ARGS, not both');
  if (flags.upstream === undefined && command.length === 0) throw new UsageError('mcp proxy needs -- COMMAND ARGS (a stdio MCP server) or --upstream URL');
  const scanner = await buildScanner(io, flags.config);
  const log = (l: { direction: string; decision: string; findings: readonly { scanner: string; rule: string; location?: string }[]; reason?: string }): void => {
    if (l.decision === 'allow' && l.findings.length === 0) return;
    const what = l.findings.map((f) => `${f.scanner}:${f.rule}${f.location ? `@${f.location}` : ''}`).join(', ') || l.reason || '';
    io.stderr.write(`pipelock: ${l.direction} ${l.decision} ${what}\n`);
  };
  if (flags.upstream !== undefined) {
    let url: URL;
    try {
      url = new URL(flags.upstream);
    } catch {
      throw new UsageError(`--upstream ${flags.upstream} is not a URL`);
    }
    const headers: Record<string, string> = {};
    for (const h of flags.header ?? []) {
      const i = h.indexOf(':');
      if (i <= 0) throw new UsageError(`--header "${h}" must look like "Name: value"`);
      headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
    }
    return bridgeStdioToHttp({ scanner, upstream: url.toString(), headers, input: io.stdin, output: io.stdout as NodeJS.WritableStream & import('node:stream').Writable, errorOutput: io.stderr as import('node:stream').Writable, log });
  }
  const [cmd, ...args] = command;
  return wrapStdioServer({
    scanner,
    command: cmd!,
    args,
    env: childEnv(io, flags.env),
    input: io.stdin,
    output: io.stdout as import('node:stream').Writable,
    errorOutput: io.stderr as import('node:stream').Writable,
    log,
  });
}
