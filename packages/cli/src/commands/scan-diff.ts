// `pipelock scan-diff` / `pipelock git scan-diff`: scan the added lines of a
// unified diff on stdin. Exit 0 clean, 1 findings, 2 usage/config/input error.
// The diff streams through core's DiffScan as it is read; large diffs are
// scanned in helper processes too, with findings identical to one process.
import { writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { applyBaseline, buildBaseline, createDiffScanner, DiffParseError, MAX_DIFF_BYTES, parseBaseline, PipelockError } from '@pipelock/core/lite';
import type { DiffScan, DiffScanner, Finding } from '@pipelock/core';
import type { Command } from 'commander';
import { scannerInputs } from '../config-file.js';
import { EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { inputSize, ioError, readTextFile, streamInput } from '../io.js';
import type { ChildInit, ChildUsage, SegmentResult } from './scan-diff-frames.js';
import { SegmentFailure, startDiffHelper } from './scan-diff-helper.js';
import type { DiffHelper } from './scan-diff-helper.js';
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
 * A helper process pays for itself only on large inputs and only when a core
 * is idle: it loads core and compiles the DLP engine again (~0.25 s of CPU),
 * and V8 warms up its JIT in it again (~0.2 s more per MiB scanned early on);
 * on the project's 2-vCPU machine two busy processes also slow each other
 * down by ~30 % (shared caches). Under load the same diff took 1.3 s of CPU
 * alone and 2.1 s with a helper, and longer on the clock. So by default a
 * helper runs per core the 1-minute load average leaves idle (at least 3/4
 * of it; at most MAX_AUTO_HELPERS) once the diff passes AUTO_HELPERS_ABOVE;
 * --jobs N asks for N-1 of them past 1 MiB whatever the load.
 */
const AUTO_HELPERS_ABOVE = 8 * 1024 * 1024;
const MAX_AUTO_HELPERS = 3;
const JOBS_HELPERS_ABOVE = 1024 * 1024;
/** Segments are cut at the first `diff --git` line past this many bytes. */
const SEGMENT_BYTES = 1024 * 1024;
/** A helper gets the next segment only while less than this is waiting for its answer. */
const MAX_BACKLOG = 2 * 1024 * 1024;
/** Bytes a helper's pipe may hold before reading waits for it. */
const MAX_BUFFERED = 4 * 1024 * 1024;
/** A `diff --git` line start: the only place a segment is cut. */
const GIT_HEADER = Buffer.from('\ndiff --git ');

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
    .option('--jobs <n>', 'processes to scan large diffs with (1: this process only; default: one more per idle core, up to 4 in all, for diffs over 8 MiB)')
    .option('--stats', 'print the bytes scanned, MiB/s, processes and peak RSS on stderr')
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
  // Helpers start before this process reads its config and compiles its engines, so the two overlap.
  const helpers = await helpersFor(source, jobs);
  let ok = false;
  try {
    const inputs = await scannerInputs(io, flags.config);
    helpers.init({ config: inputs.config, env: inputs.env, secrets: inputs.secrets, exclude: flags.exclude ?? [] });
    const scanner = createDiffScanner(inputs.config, { env: inputs.env, secrets: inputs.secrets });
    const baseline = flags.baseline !== undefined ? parseBaseline(await readTextFile(flags.baseline, 'baseline')) : undefined;
    const t0 = performance.now();
    const { findings: scanned, stats } = await scanStream(io, source, scanner, flags.exclude ?? [], helpers);
    await helpers.close();
    ok = true;
    if (flags.stats === true) io.stderr.write(statsLine(stats, performance.now() - t0, helpers.usage(), stats.bytes > AUTO_HELPERS_ABOVE ? helpers.held : undefined));
    return await report(io, scanned, baseline, format, flags);
  } finally {
    if (!ok) helpers.kill();
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
  segments: number;
  onHelpers: number;
  processes: number;
}

function statsLine(s: ScanStats, ms: number, helpers: ChildUsage[], held: string | undefined): string {
  const mib = s.bytes / (1024 * 1024);
  const u = process.resourceUsage();
  const cpu = (u.userCPUTime + u.systemCPUTime) / 1e6;
  const where = s.processes > 1 ? `, ${s.onHelpers} of ${s.segments} segments in helpers` : held !== undefined ? ` (${held})` : '';
  const theirs = helpers.length > 0 ? `; helpers: ${helpers.map((h) => `${(h.cpuMs / 1000).toFixed(2)} s CPU, peak RSS ${(h.maxRssKb / 1024).toFixed(0)} MiB`).join(', ')}` : '';
  return `pipelock: scanned ${mib.toFixed(1)} MiB in ${(ms / 1000).toFixed(2)} s (${(mib / (ms / 1000)).toFixed(1)} MiB/s) on ${s.processes} process${s.processes === 1 ? '' : 'es'}${where}; ${cpu.toFixed(2)} s CPU, peak RSS ${(u.maxRSS / 1024).toFixed(0)} MiB${theirs}\n`;
}

/** Helper processes, started at once for a file over the threshold, or once stdin passes it. */
interface Helpers {
  /** Bytes of input past which helpers start (Infinity: never). */
  readonly above: number;
  /** Why the default runs none, when the load kept it from it. */
  readonly held: string | undefined;
  /** Helpers started so far. */
  readonly started: number;
  init(init: ChildInit): void;
  start(): void;
  /** The helper to give the next segment to, or undefined: scan it here. */
  pick(): DiffHelper | undefined;
  /** What each helper used (known once closed). */
  usage(): ChildUsage[];
  close(): Promise<void>;
  kill(): void;
}

async function helpersFor(source: string, jobs: number | 'auto'): Promise<Helpers> {
  const cores = availableParallelism();
  const idle = Math.floor(cores - loadavg()[0]! + 0.25);
  const count = jobs === 'auto' ? Math.max(0, Math.min(cores - 1, idle, MAX_AUTO_HELPERS)) : jobs - 1;
  const above = count <= 0 ? Infinity : jobs === 'auto' ? AUTO_HELPERS_ABOVE : JOBS_HELPERS_ABOVE;
  // For --stats: why the default ran no helper on a machine that has spare cores.
  const held = jobs === 'auto' && cores > 1 && count === 0 ? `no helper: load average ${loadavg()[0]!.toFixed(1)} on ${cores} cores` : undefined;
  const all: Array<ReturnType<typeof startDiffHelper>> = [];
  let initMsg: ChildInit | undefined;
  const helpers: Helpers = {
    above,
    held,
    get started() {
      return all.length;
    },
    init(init) {
      initMsg = init;
      for (const h of all) h.init(init);
    },
    start() {
      while (all.length < count) {
        const h = startDiffHelper();
        if (initMsg !== undefined) h.init(initMsg);
        all.push(h);
      }
    },
    pick() {
      let best: DiffHelper | undefined;
      for (const h of all) {
        if (h.failure !== undefined) throw h.failure;
        if (h.backlog < MAX_BACKLOG && (best === undefined || h.backlog < best.backlog)) best = h;
      }
      return best;
    },
    usage: () => all.flatMap((h) => (h.usage === undefined ? [] : [h.usage])),
    close: async () => {
      await Promise.all(all.map((h) => h.close()));
    },
    kill: () => {
      for (const h of all) h.kill();
    },
  };
  if (((await inputSize(source)) ?? 0) > above) helpers.start();
  return helpers;
}

/** Thrown out of the read loop once a segment failed: the failure itself is reported in diff order. */
const STOP = Symbol('stop');

/**
 * Read the diff, scan it as it arrives and return the findings in diff
 * order. With helper processes the diff is cut into segments at `diff
 * --git` lines (the parser starts every file afresh there, whatever came
 * before, so a segment parses exactly as it does inside the whole diff);
 * each segment is streamed either to a helper or into a DiffScan here,
 * whichever has room, and the segments' findings are joined in order. A
 * parse error's line is counted from the start of the whole diff.
 */
async function scanStream(
  io: Io,
  source: string,
  scanner: DiffScanner,
  exclude: string[],
  helpers: Helpers,
): Promise<{ findings: Finding[]; stats: ScanStats }> {
  const stats: ScanStats = { bytes: 0, segments: 0, onHelpers: 0, processes: 1 };
  const segments: Array<Promise<SegmentResult>> = [];
  let stop = false;
  let local: { scan: DiffScan; decoder: StringDecoder } | undefined;
  let remote: DiffHelper | undefined;
  let segBytes = 0;
  /** Whether the diff so far has a `diff --git` line: the first segment must have one (else it would not parse as a diff on its own). */
  let headerSeen = false;

  const failed = (err: unknown): Promise<SegmentResult> => {
    stop = true;
    const p = Promise.reject(err);
    p.catch(() => undefined);
    return p;
  };
  const begin = (): void => {
    segBytes = 0;
    stats.segments++;
    remote = helpers.pick();
    if (remote !== undefined) {
      stats.onHelpers++;
      const p = remote.begin();
      p.catch(() => (stop = true));
      segments.push(p);
      local = undefined;
      return;
    }
    local = { scan: scanner.createDiffScan({ exclude }), decoder: new StringDecoder('utf8') };
  };
  const finish = (): void => {
    if (remote !== undefined) {
      remote.end();
      return;
    }
    const { scan, decoder } = local!;
    try {
      scan.push(decoder.end());
      scan.end();
      segments.push(Promise.resolve({ findings: scan.findings, lines: scan.lines }));
    } catch (err) {
      segments.push(failed(err));
    }
  };
  const feed = (buf: Buffer): void => {
    if (buf.length === 0) return;
    segBytes += buf.length;
    if (remote !== undefined) {
      remote.data(buf);
      return;
    }
    try {
      local!.scan.push(local!.decoder.write(buf));
    } catch (err) {
      segments.push(failed(err));
      local = undefined;
      throw STOP;
    }
  };

  begin();
  try {
    await streamInput(io, source, MAX_DIFF_BYTES, 'diff', 'DIFF_TOO_LARGE', (buf) => {
      if (stop) throw STOP;
      if (stats.bytes === 0 && buf.length >= GIT_HEADER.length - 1 && buf.subarray(0, GIT_HEADER.length - 1).equals(GIT_HEADER.subarray(1))) headerSeen = true;
      stats.bytes += buf.length;
      if (stats.bytes > helpers.above && helpers.started === 0) helpers.start();
      let pos = 0;
      while (helpers.started > 0) {
        // The first `diff --git` line at or past SEGMENT_BYTES into the segment starts the next one.
        let from = Math.max(pos, pos + SEGMENT_BYTES - segBytes - 1);
        if (!headerSeen) {
          const h = buf.indexOf(GIT_HEADER, pos);
          if (h === -1) break;
          headerSeen = true;
          from = Math.max(from, h + 1);
        }
        if (from >= buf.length) break;
        const at = buf.indexOf(GIT_HEADER, from);
        if (at === -1) break;
        feed(buf.subarray(pos, at + 1));
        finish();
        pos = at + 1;
        begin();
      }
      feed(pos === 0 ? buf : buf.subarray(pos));
      // A helper far behind on a long segment: let its pipe drain before reading more.
      if (remote !== undefined && remote.buffered > MAX_BUFFERED) return remote.drained();
      return undefined;
    });
    finish();
  } catch (err) {
    if (err !== STOP) throw err;
  }
  stats.processes = 1 + helpers.started;

  // In diff order; the first failure is the one reading the diff whole would have met.
  const findings: Finding[] = [];
  let lines = 0;
  for (const p of segments) {
    let r: SegmentResult;
    try {
      r = await p;
    } catch (err) {
      throw rebased(err, lines);
    }
    for (const f of r.findings) findings.push(f);
    lines += r.lines;
  }
  return { findings, stats };
}

/** A segment's parse error with its line counted from the start of the diff. */
function rebased(err: unknown, before: number): unknown {
  if (err instanceof SegmentFailure) {
    const d = err.detail;
    if (d.code === 'DIFF_UNPARSEABLE' || d.code === 'DIFF_TOO_LARGE') {
      return new DiffParseError(d.message, d.line === undefined ? { code: d.code } : { code: d.code, line: d.line + before });
    }
    return new PipelockError('INTERNAL', `scan-diff helper process: ${d.message}`);
  }
  if (err instanceof DiffParseError && before > 0) {
    const line = err.data?.line;
    if (typeof line === 'number') {
      const code = err.code === 'DIFF_TOO_LARGE' ? 'DIFF_TOO_LARGE' : 'DIFF_UNPARSEABLE';
      return new DiffParseError(err.message.replace(/ \(diff line \d+\)$/, ''), { code, line: line + before });
    }
  }
  return err;
}
