// The parent's side of scan-diff's helper process (scan-diff-child.ts): it
// is started as early as possible so its start-up overlaps the parent's,
// takes whole segments of the diff as raw bytes, and answers each with its
// findings, in order. Any failure of the process (spawn error, crash, kill,
// a broken frame) fails every segment still waiting: the scan then fails
// closed, never reports "no findings" for bytes nobody scanned.
import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { PipelockError } from '@pipelock/core/lite';
import { F_DATA, F_END, F_ERROR, F_INIT, F_RESULT, F_USAGE, FrameReader, frameHeader, messageFrame, readMessage } from './scan-diff-frames.js';
import type { ChildInit, ChildUsage, SegmentError, SegmentResult } from './scan-diff-frames.js';

const CHILD = fileURLToPath(new URL('./scan-diff-child.js', import.meta.url));

/** A segment the helper reported as failed: the parent rebases the line and rethrows it. */
export class SegmentFailure extends Error {
  constructor(readonly detail: SegmentError) {
    super(detail.message);
    this.name = 'SegmentFailure';
  }
}

export interface DiffHelper {
  /** Bytes of segments sent and not answered yet. */
  readonly backlog: number;
  /** Bytes written to the pipe that it has not taken yet. */
  readonly buffered: number;
  /** Start a segment on the helper; its findings (or failure) once it is answered. */
  begin(): Promise<SegmentResult>;
  /** More bytes of the current segment. */
  data(buf: Buffer): void;
  /** The current segment is complete. */
  end(): void;
  /** Resolves when the pipe has taken what was written (or the helper failed). */
  drained(): Promise<void>;
  /** What the helper used, once it has closed. */
  readonly usage: ChildUsage | undefined;
  /** The first failure of the process itself, if any. */
  readonly failure: Error | undefined;
  /** No more segments: close its input and wait for it to exit. */
  close(): Promise<void>;
  /** Stop it now (an error elsewhere); never throws. */
  kill(): void;
}

export function startDiffHelper(): DiffHelper & { init(init: ChildInit): void } {
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(process.execPath, [CHILD], {
    stdio: ['pipe', 'pipe', 'inherit'],
    // Nothing the user typed reaches the child's command line: config and secrets go over the pipe.
    windowsHide: true,
  });
  const waiting: Array<{ bytes: number; resolve(r: SegmentResult): void; reject(e: Error): void }> = [];
  let current: { bytes: number } | undefined;
  let backlog = 0;
  let failure: Error | undefined;
  let closing = false;
  let exited = false;
  let usage: ChildUsage | undefined;
  const exit = new Promise<void>((resolve) => child.once('close', () => resolve()));

  const fail = (why: string): void => {
    if (failure !== undefined) return;
    failure = new PipelockError('INTERNAL', `scan-diff helper process ${why}`);
    for (const w of waiting.splice(0)) w.reject(failure);
    if (!exited) child.kill('SIGKILL');
  };

  const reader = new FrameReader(
    () => fail('sent diff bytes back'),
    (type, payload) => {
      if (type === F_USAGE) {
        usage = readMessage<ChildUsage>(payload);
        return;
      }
      const w = waiting.shift();
      if (w === undefined) return fail('answered a segment it was not given');
      backlog -= w.bytes;
      if (type === F_RESULT) w.resolve(readMessage<SegmentResult>(payload));
      else if (type === F_ERROR) w.reject(new SegmentFailure(readMessage<SegmentError>(payload)));
      else fail(`sent an unknown frame (type ${type})`);
    },
  );
  child.stdout.on('data', (buf: Buffer) => {
    try {
      reader.push(buf);
    } catch (err) {
      fail(`sent a broken frame: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
  child.on('error', (err) => fail(`could not run: ${err.message}`));
  // EPIPE when it died: the exit handler below says why.
  child.stdin.on('error', () => undefined);
  child.on('exit', (code, signal) => {
    exited = true;
    if (failure !== undefined) return;
    if (code !== 0) fail(signal !== null ? `was killed (${signal})` : `exited with code ${code}`);
    else if (waiting.length > 0 || current !== undefined || !closing) fail('exited before it was done');
  });

  return {
    get backlog() {
      return backlog;
    },
    get buffered() {
      return child.stdin.writableLength;
    },
    get failure() {
      return failure;
    },
    get usage() {
      return usage;
    },
    init(init) {
      child.stdin.write(messageFrame(F_INIT, init));
    },
    begin() {
      if (current !== undefined) throw new Error('DiffHelper.begin: a segment is open');
      const seg = { bytes: 0 };
      current = seg;
      return new Promise<SegmentResult>((resolve, reject) => {
        if (failure !== undefined) return reject(failure);
        waiting.push({ get bytes() { return seg.bytes; }, resolve, reject });
      });
    },
    data(buf) {
      if (current === undefined) throw new Error('DiffHelper.data: no segment is open');
      if (failure !== undefined || buf.length === 0) return;
      current.bytes += buf.length;
      backlog += buf.length;
      child.stdin.write(frameHeader(F_DATA, buf.length));
      child.stdin.write(buf);
    },
    end() {
      current = undefined;
      if (failure === undefined) child.stdin.write(frameHeader(F_END, 0));
    },
    drained() {
      if (failure !== undefined || child.stdin.writableLength === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const done = (): void => {
          child.stdin.off('drain', done);
          child.off('exit', done);
          resolve();
        };
        child.stdin.on('drain', done);
        child.on('exit', done);
      });
    },
    async close() {
      closing = true;
      child.stdin.end();
      await exit;
      if (failure !== undefined) throw failure;
    },
    kill() {
      closing = true;
      if (!exited) child.kill('SIGKILL');
    },
  };
}
