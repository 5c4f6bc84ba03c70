// DLP worker threads for `pipelock scan-diff` on large diffs. The pool only
// runs the engine: batches go out with an id and come back as hits, and the
// caller resolves them in diff order, so what is reported never depends on
// which thread scanned what or when it finished.
import { Worker } from 'node:worker_threads';
import type { RawHit } from '@pipelock/core';
import type { WorkerInit, WorkerReply } from './scan-diff-worker.js';

export interface DlpPool {
  /** Workers that finished compiling the engine. */
  readonly ready: number;
  /** Batches sent and not answered, per worker. */
  readonly busy: readonly number[];
  /** Scan a batch on the least busy ready worker (undefined when none is ready). */
  scan(texts: string[]): Promise<RawHit[][]> | undefined;
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  inFlight: number;
}

const WORKER_URL = new URL('./scan-diff-worker.js', import.meta.url);

// node-re2 1.23 keeps RE2.Set's constructor in one process-wide handle that
// every thread loading the addon resets (uhop/node-re2#235): a thread loading
// it after another one has exited aborts the process, and two loading it at
// once race. So workers start one after another, each once the previous one
// has loaded the engine, and a process never starts a pool after closing one.
let poolsStarted = 0;

export function createDlpPool(size: number, init: WorkerInit): DlpPool {
  if (poolsStarted++ > 0) throw new Error('createDlpPool: one pool per process (node-re2 cannot load again once a worker exited)');
  const slots: Slot[] = [];
  const waiting = new Map<number, { resolve(h: RawHit[][]): void; reject(e: Error): void; slot: Slot }>();
  let nextId = 0;
  let failure: Error | undefined;

  const failAll = (err: Error): void => {
    failure ??= err;
    for (const [id, w] of waiting) {
      waiting.delete(id);
      w.reject(failure);
    }
  };

  let closed = false;
  const start = (): void => {
    if (closed || failure !== undefined || slots.length >= size) return;
    const worker = new Worker(WORKER_URL, { workerData: init, argv: [], stdout: false, stderr: false });
    const slot: Slot = { worker, ready: false, inFlight: 0 };
    slots.push(slot);
    worker.on('message', (m: WorkerReply) => {
      if ('ready' in m) {
        slot.ready = true;
        start();
        return;
      }
      const w = waiting.get(m.id);
      if (w === undefined) return;
      waiting.delete(m.id);
      slot.inFlight--;
      if ('error' in m) w.reject(new Error(`scan-diff worker: ${m.error}`));
      else w.resolve(m.hits);
    });
    worker.on('error', (err) => failAll(err instanceof Error ? err : new Error(String(err))));
    worker.on('exit', (code) => {
      slot.ready = false;
      if (code !== 0 && !closed) failAll(new Error(`scan-diff worker exited with code ${code}`));
    });
  };
  start();

  return {
    get ready() {
      return slots.filter((s) => s.ready).length;
    },
    get busy() {
      return slots.map((s) => s.inFlight);
    },
    scan(texts) {
      if (failure !== undefined) return Promise.reject(failure);
      let best: Slot | undefined;
      for (const s of slots) if (s.ready && (best === undefined || s.inFlight < best.inFlight)) best = s;
      if (best === undefined) return undefined;
      const slot = best;
      const id = nextId++;
      slot.inFlight++;
      return new Promise<RawHit[][]>((resolve, reject) => {
        waiting.set(id, { resolve, reject, slot });
        slot.worker.postMessage({ id, texts });
      });
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
