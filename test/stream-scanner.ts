// Shared by the SSE stream tests (stream.test.ts, stream-holdback.test.ts):
// a stream scanner over a compiled context, and the decisions a whole stream
// gets. Compiling the engines is the expensive part (tens of ms); a stream
// scanner over a compiled context is cheap, so each config compiles once.
import type { PartialConfig } from '../packages/core/src/config/index.js';
import type { ScanContext } from '../packages/core/src/context.js';
import { createSseStreamScanner } from '../packages/core/src/http/index.js';
import type { StreamDecision, StreamScanner, StreamScannerOptions } from '../packages/core/src/http/index.js';
import { createScanContext } from '../packages/core/src/scanner.js';

const contexts = new Map<string, ScanContext>();
export function contextFor(config?: PartialConfig): ScanContext {
  const key = JSON.stringify(config ?? {});
  let ctx = contexts.get(key);
  if (ctx === undefined) {
    ctx = createScanContext(config);
    contexts.set(key, ctx);
  }
  return ctx;
}

export function streamScanner(config?: PartialConfig, opts?: StreamScannerOptions): StreamScanner {
  return createSseStreamScanner(contextFor(config), opts);
}

/** Every decision for a stream pushed chunk by chunk (at time `now`, when given), then ended. */
export function runStream(chunks: Array<string | Uint8Array>, config?: PartialConfig, opts?: StreamScannerOptions, now?: number): StreamDecision[] {
  const s = streamScanner(config, opts);
  const out: StreamDecision[] = [];
  for (const c of chunks) out.push(...(now === undefined ? s.push(c) : s.push(c, now)));
  out.push(...s.end());
  return out;
}
