// Worker thread of `pipelock scan-diff`: the DLP engine of the same config as
// the main thread, run on batches of diff chunks; hits go back as they are
// (plain RawHits), so the main thread alone decides, dedups and reports.
// It never reads input or writes output.
import { parentPort, workerData } from 'node:worker_threads';
import { createDlpEngineFor } from '@pipelock/core';
import type { Config, RawHit } from '@pipelock/core';

export interface WorkerInit {
  config: Config;
  env?: Record<string, string | undefined>;
  secrets?: string[];
}

export type WorkerRequest = { id: number; texts: string[] };
export type WorkerReply = { id: number; hits: RawHit[][] } | { id: number; error: string } | { ready: true };

const port = parentPort;
if (port !== null) {
  const init = workerData as WorkerInit;
  const dlp = createDlpEngineFor(init.config, { env: init.env, secrets: init.secrets });
  // A diff is code review: its example-credential policy, as on the main thread.
  const scanOpts = { examples: init.config.dlp.example_credentials.code_review };
  port.on('message', (m: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      reply = { id: m.id, hits: m.texts.map((t) => dlp.scan(t, scanOpts)) };
    } catch (err) {
      reply = { id: m.id, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true } satisfies WorkerReply);
}
