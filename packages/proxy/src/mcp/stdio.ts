// The MCP stdio wrapper: `pipelock mcp proxy -- COMMAND ARGS` runs a stdio
// MCP server as a child and scans newline-delimited JSON-RPC both ways;
// `pipelock mcp proxy --upstream URL` bridges a stdio client to a Streamable
// HTTP server. A blocked request is answered with a JSON-RPC error and never
// reaches the server; a blocked answer is replaced by one. The child never
// outlives us: its exit ends the wrapper, our end kills it.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { Finding, Scanner } from '@pipelock/core';
import { blockedError, replaceBlocked } from './decisions.js';
import { FrameTooLargeError, LineSplitter, SseSplitter } from './framing.js';

export interface StdioLog {
  (line: { direction: 'to-server' | 'to-client'; decision: string; findings: readonly Finding[]; reason?: string }): void;
}

export interface StdioWrapOptions {
  scanner: Scanner;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  input?: Readable;
  output?: Writable;
  errorOutput?: Writable;
  log?: StdioLog;
  /** Grace period between SIGTERM and SIGKILL for the child. */
  killAfterMs?: number;
}

function idOf(line: string): unknown {
  try {
    const v = JSON.parse(line) as { id?: unknown };
    return v && typeof v === 'object' ? v.id : undefined;
  } catch {
    return undefined;
  }
}

/** The streams, logger and MCP session both stdio modes work with. */
function endpoints(opts: { scanner: Scanner; input?: Readable; output?: Writable; errorOutput?: Writable; log?: StdioLog }) {
  return {
    input: opts.input ?? process.stdin,
    output: opts.output ?? process.stdout,
    errOut: opts.errorOutput ?? process.stderr,
    log: opts.log ?? ((): void => {}),
    scanner: opts.scanner,
    session: opts.scanner.createMcpSession(),
  };
}

/** Runs the child and pumps both directions; resolves with the exit code to use. */
export function wrapStdioServer(opts: StdioWrapOptions): Promise<number> {
  const { input, output, errOut, log, scanner, session } = endpoints(opts);
  const killAfter = opts.killAfterMs ?? 3000;

  return new Promise<number>((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn(opts.command, opts.args, { stdio: ['pipe', 'pipe', 'pipe'], env: opts.env ?? process.env });
    } catch (err) {
      errOut.write(`pipelock: cannot start ${opts.command}: ${(err as Error).message}\n`);
      resolve(2);
      return;
    }
    let done = false;
    const finish = (code: number): void => {
      if (done) return;
      done = true;
      input.off('data', onInput);
      input.off('end', onInputEnd);
      // A flowing stdin keeps the process alive: without this the wrapper
      // outlived a crashed child until the client closed its end.
      input.pause();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(code);
    };
    const stop = (): void => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }, killAfter).unref();
    };
    const onSignal = (): void => stop();
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    child.on('error', (err) => {
      errOut.write(`pipelock: cannot start ${opts.command}: ${err.message}\n`);
      finish(2);
    });
    child.on('exit', (code, signal) => finish(code ?? (signal ? 128 + (signal === 'SIGKILL' ? 9 : 15) : 1)));
    child.stderr!.pipe(errOut, { end: false });

    const toServer = new LineSplitter();
    const toClient = new LineSplitter();
    const writeClient = (line: string): void => {
      output.write(line + '\n');
    };

    const onInput = (chunk: Buffer | string): void => {
      let lines: string[];
      try {
        lines = toServer.push(chunk.toString());
      } catch (err) {
        const reason = err instanceof FrameTooLargeError ? err.message : 'unreadable input';
        log({ direction: 'to-server', decision: 'block', findings: [], reason });
        writeClient(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: `pipelock: ${reason}` } }));
        return;
      }
      for (const line of lines) {
        const r = scanner.scanMcpMessage(line, 'to-server', session);
        if (r.findings.length > 0) log({ direction: 'to-server', decision: r.action, findings: r.findings });
        if (r.action !== 'block') {
          child.stdin!.write(line + '\n');
          continue;
        }
        const id = idOf(line);
        if (id !== undefined) writeClient(JSON.stringify(blockedError(id, r.findings, 'request')));
      }
    };
    const onInputEnd = (): void => {
      for (const line of toServer.end()) onInput(line + '\n');
      child.stdin!.end();
    };
    input.on('data', onInput);
    input.on('end', onInputEnd);
    child.stdin!.on('error', () => {
      // the child closed its stdin; its exit ends us
    });

    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      let lines: string[];
      try {
        lines = toClient.push(chunk);
      } catch (err) {
        log({ direction: 'to-client', decision: 'block', findings: [], reason: (err as Error).message });
        stop();
        return;
      }
      for (const line of lines) {
        const r = scanner.scanMcpMessage(line, 'to-client', session);
        if (r.findings.length > 0) log({ direction: 'to-client', decision: r.action, findings: r.findings });
        if (r.action !== 'block') {
          writeClient(line);
          continue;
        }
        const replaced = replaceBlocked(line, r, 'response');
        if (replaced !== null) writeClient(replaced);
      }
    });
  });
}

export interface StdioBridgeOptions {
  scanner: Scanner;
  upstream: string;
  headers?: Record<string, string>;
  input?: Readable;
  output?: Writable;
  errorOutput?: Writable;
  log?: StdioLog;
  timeoutMs?: number;
}

/** Bridges newline-delimited JSON-RPC on stdio to an MCP Streamable HTTP server. */
export function bridgeStdioToHttp(opts: StdioBridgeOptions): Promise<number> {
  const { input, output, errOut, log, scanner, session } = endpoints(opts);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  let sessionId: string | undefined;
  const splitter = new LineSplitter();
  let chain: Promise<void> = Promise.resolve();

  const toClient = (text: string): void => {
    const r = scanner.scanMcpMessage(text, 'to-client', session);
    if (r.findings.length > 0) log({ direction: 'to-client', decision: r.action, findings: r.findings });
    if (r.action !== 'block') {
      output.write(text.replace(/\n/g, ' ') + '\n');
      return;
    }
    const replaced = replaceBlocked(text, r, 'response');
    if (replaced !== null) output.write(replaced + '\n');
  };

  async function post(line: string): Promise<void> {
    const headers: Record<string, string> = {
      ...opts.headers,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    if (sessionId) headers['mcp-session-id'] = sessionId;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), timeoutMs);
    try {
      const res = await fetch(opts.upstream, { method: 'POST', headers, body: line, signal: ac.signal });
      const sid = res.headers.get('mcp-session-id');
      if (sid) sessionId = sid;
      const ctype = res.headers.get('content-type') ?? '';
      if (ctype.includes('text/event-stream') && res.body) {
        const sse = new SseSplitter();
        const decoder = new TextDecoder();
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          for (const f of sse.push(decoder.decode(chunk, { stream: true }))) if (f.data) toClient(f.data);
        }
        for (const f of sse.end()) if (f.data) toClient(f.data);
      } else {
        const text = await res.text();
        if (text.trim() !== '') toClient(text);
        else if (res.status >= 400) {
          const id = idOf(line);
          if (id !== undefined) output.write(JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32603, message: `upstream answered HTTP ${res.status}` } }) + '\n');
        }
      }
    } catch (err) {
      const id = idOf(line);
      errOut.write(`pipelock: upstream ${opts.upstream}: ${(err as Error).message}\n`);
      if (id !== undefined) output.write(JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32603, message: 'pipelock: upstream MCP server unreachable' } }) + '\n');
    } finally {
      clearTimeout(timer);
    }
  }

  return new Promise<number>((resolve) => {
    const handleLine = (line: string): void => {
      const r = scanner.scanMcpMessage(line, 'to-server', session);
      if (r.findings.length > 0) log({ direction: 'to-server', decision: r.action, findings: r.findings });
      if (r.action === 'block') {
        const id = idOf(line);
        if (id !== undefined) output.write(JSON.stringify(blockedError(id, r.findings, 'request')) + '\n');
        return;
      }
      // Messages are sent in order, one at a time, as a stdio client expects.
      chain = chain.then(() => post(line));
    };
    input.on('data', (chunk: Buffer | string) => {
      try {
        for (const line of splitter.push(chunk.toString())) handleLine(line);
      } catch (err) {
        errOut.write(`pipelock: ${(err as Error).message}\n`);
      }
    });
    input.on('end', () => {
      for (const line of splitter.end()) handleLine(line);
      chain.then(() => resolve(0));
    });
  });
}
