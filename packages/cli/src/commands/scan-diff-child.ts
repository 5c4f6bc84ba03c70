// Helper process of `pipelock scan-diff`: scans whole segments of the diff
// (runs of complete files, cut by the parent at `diff --git` lines) with the
// same config as the parent and sends each segment's findings back, in the
// order the segments came. A process, not a worker thread: it loads node-re2
// once, on its own, which worker threads on Node 20 cannot do safely
// (uhop/node-re2#235). It reads nothing but its stdin and writes nothing but
// frames on its stdout; when its stdin closes, it is done.
import { StringDecoder } from 'node:string_decoder';
import { createDiffScanner, DiffParseError } from '@pipelock/core/lite';
import type { DiffScan, DiffScanner } from '@pipelock/core';
import { F_END, F_ERROR, F_INIT, F_RESULT, F_USAGE, FrameReader, messageFrame, readMessage } from './scan-diff-frames.js';
import type { ChildInit, ChildUsage, SegmentError, SegmentResult } from './scan-diff-frames.js';

let scanner: DiffScanner | undefined;
let exclude: string[] = [];
let scan: DiffScan | undefined;
let decoder = new StringDecoder('utf8');
let failure: SegmentError | undefined;

function errorOf(err: unknown): SegmentError {
  if (err instanceof DiffParseError) {
    const line = err.data?.line;
    // The parent puts the line back on, counted from the start of the whole diff.
    const message = typeof line === 'number' ? err.message.replace(/ \(diff line \d+\)$/, '') : err.message;
    return typeof line === 'number' ? { code: err.code, message, line } : { code: err.code, message };
  }
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

function segmentScan(): DiffScan {
  if (scanner === undefined) throw new Error('segment data before the init frame');
  scan ??= scanner.createDiffScan({ exclude });
  return scan;
}

const reader = new FrameReader(
  (piece) => {
    if (failure !== undefined) return;
    try {
      segmentScan().push(decoder.write(piece));
    } catch (err) {
      failure = errorOf(err);
    }
  },
  (type, payload) => {
    if (type === F_INIT) {
      const init = readMessage<ChildInit>(payload);
      exclude = init.exclude;
      scanner = createDiffScanner(init.config, { env: init.env, secrets: init.secrets });
      return;
    }
    if (type !== F_END) throw new Error(`unexpected frame type ${type}`);
    let out: Buffer;
    if (failure === undefined) {
      try {
        const s = segmentScan();
        s.push(decoder.end());
        s.end();
        out = messageFrame(F_RESULT, { findings: s.findings, lines: s.lines } satisfies SegmentResult);
      } catch (err) {
        out = messageFrame(F_ERROR, errorOf(err));
      }
    } else {
      out = messageFrame(F_ERROR, failure);
    }
    process.stdout.write(out);
    scan = undefined;
    decoder = new StringDecoder('utf8');
    failure = undefined;
  },
);

process.stdin.on('data', (buf: Buffer) => {
  try {
    reader.push(buf);
  } catch (err) {
    process.stderr.write(`pipelock scan-diff helper: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(3);
  }
});
process.stdin.on('end', () => {
  if (!reader.idle) process.exit(3);
  const u = process.resourceUsage();
  process.stdout.write(messageFrame(F_USAGE, { cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb: u.maxRSS } satisfies ChildUsage));
});
