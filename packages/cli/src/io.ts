// Reading inputs with bounds: stdin and files are counted as they stream in
// and refused past the limit, never buffered without end.
import { open, readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { PipelockError } from '@pipelock/core';
import type { ErrorCode } from '@pipelock/core';

export interface Io {
  stdin: Readable & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export function processIo(): Io {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env };
}

/** Read a stream to a string, refusing it (tooLarge code) as soon as it passes `limit` bytes. */
export async function readStreamLimited(stream: Readable, limit: number, what: string, tooLarge: ErrorCode): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buf.length;
    if (total > limit) {
      stream.destroy();
      throw new PipelockError(tooLarge, `${what} is larger than ${limit} bytes (${formatMb(limit)}); refusing to read further`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/** Read a file (or '-' for stdin) with a size bound; I/O failures become one-line IO errors naming the path. */
export async function readInput(io: Io, path: string, limit: number, what: string, tooLarge: ErrorCode): Promise<string> {
  if (path === '-') return readStreamLimited(io.stdin, limit, what, tooLarge);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw ioError(err, `cannot read ${what} ${path}`);
  }
  try {
    return await readStreamLimited(handle.createReadStream(), limit, `${what} ${path}`, tooLarge);
  } catch (err) {
    if (err instanceof PipelockError) throw err;
    throw ioError(err, `cannot read ${what} ${path}`);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Small text files (config, baseline, secrets): whole-file read with a readable error. */
export async function readTextFile(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw ioError(err, `cannot read ${what} ${path}`);
  }
}

export function ioError(err: unknown, prefix: string): PipelockError {
  const e = err as NodeJS.ErrnoException;
  const why =
    e?.code === 'ENOENT'
      ? 'no such file'
      : e?.code === 'EACCES'
        ? 'permission denied'
        : e?.code === 'EISDIR'
          ? 'is a directory'
          : (e?.message ?? String(err));
  return new PipelockError('IO', `${prefix}: ${why}`, { cause: err });
}

function formatMb(n: number): string {
  return `${Math.round(n / (1024 * 1024))} MiB`;
}
