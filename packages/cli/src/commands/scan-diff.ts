// `pipelock scan-diff` / `pipelock git scan-diff`: scan the added lines of a
// unified diff on stdin. Exit 0 clean, 1 findings, 2 usage/config/input error.
// The diff streams through core's DiffScan as it is read; large diffs are
// scanned on worker threads too, with findings identical to one thread.
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { applyBaseline, buildBaseline, MAX_DIFF_BYTES, parseBaseline } from '@pipelock/core';
import type { DiffChunk, Finding, RawHit, Scanner } from '@pipelock/core';
import type { Command } from 'commander';
import { scannerFrom, scannerInputs } from '../config-file.js';
import type { ScannerInputs } from '../config-file.js';
import { EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { inputSize, ioError, readTextFile, streamInput } from '../io.js';
import { createDlpPool } from './scan-diff-pool.js';
import type { DlpPool } from './scan-diff-pool.js';
import { emitReport, formatOf } from '../report/index.js';
import { cliVersion } from '../version.js';
import type { CommandRunner } from './types.js';

export interface ScanDiffFlags {
  json?: boolean;
  sarif?: boolean;
  verbose?: boolean;
  exclude?: string[];
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  jobs?: string;
  stats?: boolean;
}

/**
 * A worker pays for itself only on large inputs: it loads core and warms up
 * V8's JIT for the engine again (measured ~0.4 s of CPU on the project's
 * 2-core machine), and on two cores V8's own compiler and GC threads already
 * use much of the second core during the first seconds of a scan. So by
 * default workers run only with 4+ cores and past 16 MiB; --jobs N asks for
 * them, and they start once the diff passes 1 MiB.
 */
const AUTO_MIN_CORES = 4;
const AUTO_WORKERS_ABOVE = 16 * 1024 * 1024;
const JOBS_WORKERS_ABOVE = 1024 * 1024;
/** Chunk text per message to a worker: large enough to amortise the message, small enough to balance. */
const BATCH_CHARS = 128 * 1024;
/** Batches a worker may hold; past that the main thread scans the next batch itself. */
const MAX_IN_FLIGHT = 2;
/** Batches scanned but waiting for an older one: past this, reading waits. */
const MAX_QUEUED = 64;

const collect = (value: string, prev: string[] = []): string[] => [...prev, value];

export function registerScanDiff(parent: Command, run: CommandRunner, name = 'scan-diff'): Command {
  return parent
    .command(name)
    .description('scan the added lines of a unified diff (git diff, git show, git log -p, diff -u) read from stdin')
    .argument('[file]', "read the diff from FILE instead of stdin ('-' is stdin)")
    .option('--json', 'print {findings, summary} as JSON on stdout')
    .option('--sarif', 'print SARIF 2.1.0 on stdout (GitHub code scanning)')
    .option('--exclude <glob>', 'skip files matching a gitignore-style glob (repeatable)', collect, [])
    .option('--config <file>', 'pipelock.yaml to use (default: the balanced preset)')
    .option('--verbose', 'also list suppressed findings, marked with what suppressed them')
    .option('--baseline <file>', 'suppress findings whose fingerprint is in this baseline file')
    .option('--write-baseline <file>', 'write the current findings to a baseline file and exit 0')
    .option('--jobs <n>', 'threads to scan large diffs with (1: this thread only; default: every core on machines with 4+ cores, for diffs over 16 MiB)')
    .option('--stats', 'print the bytes scanned, MiB/s, threads and peak RSS on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n  git diff origin/main...HEAD | pipelock scan-diff --sarif > pipelock.sarif\n  git diff --cached | pipelock git scan-diff --exclude test/ --exclude "*.md"',
    )
    .action(async (file: string | undefined, flags: ScanDiffFlags) => {
      await run((io) => scanDiff(io, file, flags));
    });
}

export async function scanDiff(io: Io, file: string | undefined, flags: ScanDiffFlags): Promise<number> {
  const format = formatOf(flags);
  const source = file ?? '-';
  if (source === '-' && io.stdin.isTTY) {
    throw new UsageError('scan-diff reads a diff on stdin, e.g. git diff | pipelock scan-diff');
  }
  const jobs = parseJobs(flags.jobs);
  const inputs = await scannerInputs(io, flags.config);
  // Workers start before this thread compiles its own engines, so the two overlap.
  const pool = await poolFor(source, inputs, jobs);
  try {
    const scanner = scannerFrom(inputs);
    const baseline = flags.baseline !== undefined ? parseBaseline(await readTextFile(flags.baseline, 'baseline')) : undefined;
    const t0 = performance.now();
    const { findings: scanned, stats } = await scanStream(io, source, scanner, flags.exclude ?? [], pool);
    if (flags.stats === true) io.stderr.write(statsLine(stats, performance.now() - t0, pool));
    return await report(io, scanned, baseline, format, flags);
  } finally {
    await pool.close();
  }
}

async function report(io: Io, scanned: Finding[], baseline: ReadonlySet<string> | undefined, format: ReturnType<typeof formatOf>, flags: ScanDiffFlags): Promise<number> {
  const findings = baseline ? applyBaseline(scanned, baseline) : scanned;

  if (flags.writeBaseline !== undefined) {
    const doc = buildBaseline(findings);
    try {
      await writeFile(flags.writeBaseline, `${JSON.stringify(doc, null, 2)}\n`);
    } catch (err) {
      throw ioError(err, `cannot write baseline ${flags.writeBaseline}`);
    }
    io.stderr.write(
      `pipelock: wrote ${doc.fingerprints.length} fingerprint${doc.fingerprints.length === 1 ? '' : 's'} to ${flags.writeBaseline}\n`,
    );
    return EXIT_OK;
  }
  return emitReport(io, findings, format, flags.verbose === true, cliVersion());
}

function parseJobs(v: string | undefined): number | 'auto' {
  if (v === undefined) return 'auto';
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 64) throw new UsageError(`--jobs takes a whole number from 1 to 64, not ${JSON.stringify(v)}`);
  return n;
}

interface ScanStats {
  bytes: number;
  batches: number;
  onWorkers: number;
}

function statsLine(s: ScanStats, ms: number, pool: LazyPool): string {
  const mib = s.bytes / (1024 * 1024);
  const threads = 1 + (pool.get()?.busy.length ?? 0);
  const rss = process.resourceUsage().maxRSS / 1024;
  const where = threads > 1 ? `, ${s.onWorkers} of ${s.batches} batches on workers` : '';
  return `pipelock: scanned ${mib.toFixed(1)} MiB in ${(ms / 1000).toFixed(2)} s (${(mib / (ms / 1000)).toFixed(1)} MiB/s) on ${threads} thread${threads === 1 ? '' : 's'}${where}; peak RSS ${rss.toFixed(0)} MiB\n`;
}

/** A run of chunks scanned together, in diff order; `hits` once known. */
interface Batch {
  chunks: DiffChunk[];
  hits?: RawHit[][];
  done?: Promise<void>;
}

/** Worker threads, started at once for a file over the threshold, or once stdin passes it. */
interface LazyPool {
  /** Bytes of input past which workers start (Infinity: never). */
  readonly above: number;
  get(): DlpPool | undefined;
  start(): void;
  close(): Promise<void>;
}

async function poolFor(source: string, inputs: ScannerInputs, jobs: number | 'auto'): Promise<LazyPool> {
  const cores = availableParallelism();
  const workers = jobs === 'auto' ? (cores >= AUTO_MIN_CORES ? cores - 1 : 0) : jobs - 1;
  const above = workers === 0 ? Infinity : jobs === 'auto' ? AUTO_WORKERS_ABOVE : JOBS_WORKERS_ABOVE;
  let pool: DlpPool | undefined;
  const lazy: LazyPool = {
    above,
    get: () => pool,
    start() {
      if (pool === undefined && workers > 0) pool = createDlpPool(workers, { config: inputs.config, env: inputs.env, secrets: inputs.secrets });
    },
    close: async () => pool?.close(),
  };
  if (((await inputSize(source)) ?? 0) > above) lazy.start();
  return lazy;
}

/**
 * Read the diff, scan it as it arrives and return the findings in diff
 * order. With worker threads, chunks go to them in batches while this
 * thread parses and scans whatever batch finds every worker busy; batches
 * are resolved in order, so the findings do not depend on who scanned what.
 */
/**
 * Read the diff, scan it as it arrives and return the findings in diff
 * order. With worker threads, chunks go to them in batches while this
 * thread parses and scans whatever batch finds every worker busy; batches
 * are resolved in order, so the findings do not depend on who scanned what.
 */
async function scanStream(
  io: Io,
  source: string,
  scanner: Scanner,
  exclude: string[],
  lazy: LazyPool,
): Promise<{ findings: Finding[]; stats: ScanStats }> {
  const stats: ScanStats = { bytes: 0, batches: 0, onWorkers: 0 };
  const fifo: Batch[] = [];
  let open: DiffChunk[] = [];
  let openChars = 0;
  let failure: { err: unknown } | undefined;

  const scan = scanner.createDiffScan({ exclude }, (chunk) => {
    if (lazy.get() === undefined) {
      scan.resolve(chunk, scan.scanChunk(chunk));
      return;
    }
    open.push(chunk);
    openChars += chunk.text.length;
    if (openChars >= BATCH_CHARS) flush();
  });

  const drain = (): void => {
    while (fifo.length > 0 && fifo[0]!.hits !== undefined) {
      const b = fifo.shift()!;
      b.chunks.forEach((c, k) => scan.resolve(c, b.hits![k]!));
    }
  };
  const flush = (): void => {
    if (open.length === 0) return;
    const b: Batch = { chunks: open };
    open = [];
    openChars = 0;
    fifo.push(b);
    const pool = lazy.get();
    const free = pool !== undefined && pool.ready > 0 && Math.min(...pool.busy) < MAX_IN_FLIGHT;
    const sent = free ? pool.scan(b.chunks.map((c) => c.text)) : undefined;
    stats.batches++;
    if (sent !== undefined) stats.onWorkers++;
    if (sent === undefined) {
      b.hits = b.chunks.map((c) => scan.scanChunk(c));
      drain();
      return;
    }
    b.done = sent.then(
      (hits) => {
        b.hits = hits;
        drain();
      },
      (err: unknown) => {
        failure ??= { err };
      },
    );
  };

  const decoder = new StringDecoder('utf8');
  await streamInput(io, source, MAX_DIFF_BYTES, 'diff', 'DIFF_TOO_LARGE', (buf) => {
    if (failure !== undefined) throw failure.err;
    stats.bytes += buf.length;
    if (stats.bytes > lazy.above) lazy.start();
    scan.push(decoder.write(buf));
    // A worker far behind: let it catch up before reading more.
    if (fifo.length > MAX_QUEUED) return fifo[0]!.done;
    return undefined;
  });
  scan.push(decoder.end());
  scan.end();
  flush();
  while (fifo.length > 0) {
    if (failure !== undefined) throw failure.err;
    const head = fifo[0]!;
    if (head.done === undefined) throw new Error('scan-diff: a batch has neither hits nor a worker');
    await head.done;
  }
  if (failure !== undefined) throw failure.err;
  if (scan.unresolved !== 0) throw new Error(`scan-diff: ${scan.unresolved} chunks left unresolved`);
  return { findings: scan.findings, stats };
}
