// The wire between `pipelock scan-diff` and its helper process: frames of
// [type: u8][length: u32 LE][payload] on the child's stdin and stdout.
// Diff bytes go as they are (no JSON, no copy); control messages are
// v8-serialized, the same structured clone the config went through before.
import { deserialize, serialize } from 'node:v8';
import type { Config, Finding } from '@pipelock/core';

/** Parent -> child: the scanner's inputs, once, first. */
export const F_INIT = 0;
/** Parent -> child: bytes of the current segment. */
export const F_DATA = 1;
/** Parent -> child: the current segment is complete. */
export const F_END = 2;
/** Child -> parent: one segment's findings. */
export const F_RESULT = 3;
/** Child -> parent: one segment failed (a DiffParseError, or a bug). */
export const F_ERROR = 4;
/** Child -> parent, last: its CPU time and peak RSS, for --stats. */
export const F_USAGE = 5;

export interface ChildUsage {
  cpuMs: number;
  maxRssKb: number;
}

export interface ChildInit {
  config: Config;
  env?: Record<string, string | undefined>;
  secrets?: string[];
  exclude: string[];
}

export interface SegmentResult {
  findings: Finding[];
  /** Lines the segment held: later segments' parse errors count from here. */
  lines: number;
}

export interface SegmentError {
  code: string;
  message: string;
  /** The DiffParseError's line within the segment. */
  line?: number;
}

const HEADER = 5;

export function frameHeader(type: number, length: number): Buffer {
  const h = Buffer.allocUnsafe(HEADER);
  h.writeUInt8(type, 0);
  h.writeUInt32LE(length, 1);
  return h;
}

export function messageFrame(type: number, value: unknown): Buffer {
  const body = serialize(value);
  return Buffer.concat([frameHeader(type, body.length), body]);
}

export function readMessage<T>(payload: Buffer): T {
  return deserialize(payload) as T;
}

/** Largest control message accepted: a config with every pattern and secret, with room. */
const MAX_MESSAGE = 64 * 1024 * 1024;

/**
 * Splits a byte stream into frames. F_DATA payloads are handed on in the
 * pieces they arrived in (a segment is never assembled in memory); other
 * frames are assembled and handed on whole.
 */
export class FrameReader {
  private header = Buffer.alloc(HEADER);
  private headerFill = 0;
  private type = -1;
  private remaining = 0;
  private parts: Buffer[] = [];

  constructor(
    private readonly onData: (piece: Buffer) => void,
    private readonly onMessage: (type: number, payload: Buffer) => void,
  ) {}

  /** Whether the stream stopped between frames (anything else at its end is a truncated frame). */
  get idle(): boolean {
    return this.headerFill === 0 && this.type === -1;
  }

  push(buf: Buffer): void {
    let pos = 0;
    while (pos < buf.length) {
      if (this.type === -1) {
        const n = Math.min(HEADER - this.headerFill, buf.length - pos);
        buf.copy(this.header, this.headerFill, pos, pos + n);
        this.headerFill += n;
        pos += n;
        if (this.headerFill < HEADER) return;
        this.headerFill = 0;
        this.type = this.header.readUInt8(0);
        this.remaining = this.header.readUInt32LE(1);
        if (this.type !== F_DATA && this.remaining > MAX_MESSAGE) throw new Error(`frame of ${this.remaining} bytes`);
        if (this.remaining === 0) this.complete();
        continue;
      }
      const n = Math.min(this.remaining, buf.length - pos);
      const piece = pos === 0 && n === buf.length ? buf : buf.subarray(pos, pos + n);
      pos += n;
      this.remaining -= n;
      if (this.type === F_DATA) this.onData(piece);
      else this.parts.push(piece);
      if (this.remaining === 0) this.complete();
    }
  }

  private complete(): void {
    const type = this.type;
    this.type = -1;
    if (type === F_DATA) return;
    const payload = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.parts = [];
    this.onMessage(type, payload);
  }
}
