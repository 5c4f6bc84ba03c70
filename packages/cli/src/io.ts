// Reading inputs with bounds: stdin and files are counted as they stream in
// and refused past the limit, never buffered without end.
import { open, readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { PipelockError } from '@pipelock/core/lite';
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

/**
 * Hand a stream's chunks to `onChunk` as they arrive, refusing it (tooLarge
 * code) as soon as it passes `limit` bytes. Reading waits while a promise
 * returned by onChunk is pending, so a slow consumer holds the input back.
 */
export async function forEachChunkLimited(
  stream: Readable,
  limit: number,
  what: string,
  tooLarge: ErrorCode,
  onChunk: (chunk: Buffer) => void | Promise<void>,
): Promise<void> {
  let total = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buf.length;
    if (total > limit) {
      stream.destroy();
      throw new PipelockError(tooLarge, `${what} is larger than ${limit} bytes (${formatMb(limit)}); refusing to read further`);
    }
    const wait = onChunk(buf);
    if (wait !== undefined) await wait;
  }
}

/** Read a stream to a string, refusing it (tooLarge code) as soon as it passes `limit` bytes. */
export async function readStreamLimited(stream: Readable, limit: number, what: string, tooLarge: ErrorCode): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  await forEachChunkLimited(stream, limit, what, tooLarge, (buf) => {
    chunks.push(buf);
    total += buf.length;
  });
  return Buffer.concat(chunks, total).toString('utf8');
}

/** Read a file (or '-' for stdin) with a size bound; I/O failures become one-line IO errors naming the path. */
export async function readInput(io: Io, path: string, limit: number, what: string, tooLarge: ErrorCode): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  await streamInput(io, path, limit, what, tooLarge, (buf) => {
    chunks.push(buf);
    total += buf.length;
  });
  return Buffer.concat(chunks, total).toString('utf8');
}

/**
 * Stream a file (or '-' for stdin) to `onChunk` with a size bound, as
 * forEachChunkLimited; I/O failures become one-line IO errors naming the
 * path, and errors thrown by onChunk pass through as they are.
 */
export async function streamInput(
  io: Io,
  path: string,
  limit: number,
  what: string,
  tooLarge: ErrorCode,
  onChunk: (chunk: Buffer) => void | Promise<void>,
): Promise<void> {
  if (path === '-') return forEachChunkLimited(io.stdin, limit, what, tooLarge, onChunk);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw ioError(err, `cannot read ${what} ${path}`);
  }
  let consumerError: { err: unknown } | undefined;
  try {
    await forEachChunkLimited(handle.createReadStream({ highWaterMark: 256 * 1024 }), limit, `${what} ${path}`, tooLarge, (buf) => {
      try {
        const wait = onChunk(buf);
        return wait === undefined ? undefined : wait.catch((err: unknown) => {
          consumerError = { err };
          throw err;
        });
      } catch (err) {
        consumerError = { err };
        throw err;
      }
    });
  } catch (err) {
    if (consumerError !== undefined || err instanceof PipelockError) throw err;
    throw ioError(err, `cannot read ${what} ${path}`);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The size of a regular file, or undefined for stdin and anything that cannot be stat'ed. */
export async function inputSize(path: string): Promise<number | undefined> {
  if (path === '-') return undefined;
  try {
    const st = await stat(path);
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined;
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
