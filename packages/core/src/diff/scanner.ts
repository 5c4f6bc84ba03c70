// createDiffScanner: the diff entry points of createScanner with the same
// findings, built from the shared hit-to-finding path alone (scan-context.ts),
// so `pipelock scan-diff` and its helper processes load and compile only
// config, DLP and diff code.
import type { Config, PartialConfig } from '../config/index.js';
import type { ScanContext } from '../context.js';
import { contextOf, resultOf } from '../scan-context.js';
import type { InjectionSource, ScannerContext } from '../scan-context.js';
import type { ScanResult } from '../types.js';
import { DiffScan, scanDiffWith } from './scan.js';
import type { DiffChunk } from './scan.js';

/** Diff scanning never scans for prompt injection. */
const NO_INJECTION: InjectionSource = {
  eager: false,
  create() {
    throw new Error('createDiffScanner: no prompt-injection engine (diff scanning does not use one)');
  },
};

/** Diff scanning alone: what `pipelock scan-diff` needs. */
export interface DiffScanner {
  readonly config: Config;
  /** As Scanner.scanDiff. */
  scanDiff(diff: string, opts?: { exclude?: string[] }): ScanResult;
  /** As Scanner.createDiffScan. */
  createDiffScan(opts?: { exclude?: string[] }, onChunk?: (chunk: DiffChunk) => void): DiffScan;
}

/**
 * The diff entry points of createScanner(config) with the same findings,
 * compiling only what they use: the DLP engine and the hit-to-finding path,
 * not the prompt-injection engine (~50 ms of a CLI start) nor the URL, MCP
 * and A2A scanners.
 */
export function createDiffScanner(config?: Config | PartialConfig, sctx: ScannerContext = {}): DiffScanner {
  const ctx = contextOf(config, sctx, NO_INJECTION);
  // A diff is code review: its example-credential policy, as createScanner's.
  const review: ScanContext = { config: ctx.config, dlp: ctx.dlpFor('code_review'), injection: ctx.injection, finding: ctx.finding, now: ctx.now };
  return {
    config: ctx.config,
    scanDiff: (diff, opts = {}) => resultOf(scanDiffWith(review, diff, opts)),
    createDiffScan: (opts = {}, onChunk) => new DiffScan(review, opts, onChunk),
  };
}
