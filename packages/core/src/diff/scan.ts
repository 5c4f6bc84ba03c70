// Diff scanning: DLP over the added lines only (what a change introduces),
// with file + line on every finding and inline `pipelock:ignore` comments.
// Suppressed findings stay in the result, marked, so `--verbose` can show them.
import type { RawHit, ScanContext } from '../context.js';
import { fingerprint } from '../redact.js';
import type { Finding } from '../types.js';
import { DiffParseError } from '../errors.js';
import { compileGlobs } from './glob.js';
import { DiffParser, MAX_DIFF_BYTES } from './parse.js';
import type { AddedLine, DiffFile } from './parse.js';

export interface DiffScanOptions {
  /** Gitignore-style globs; matching files (by their new path) are not scanned. */
  exclude?: readonly string[];
}

const MARKER = 'pipelock:ignore';

/**
 * Added lines go to the DLP engine in chunks of contiguous lines, not one by
 * one: some formats only count with what follows (a PEM header needs its key
 * body on the next lines). Chunks stay small so hit offsets map exactly back to
 * lines and the engine's per-scan decoding budget is not shared by too many
 * lines; consecutive chunks of one block overlap so nothing straddles a cut.
 */
const CHUNK_LINES = 32;
const CHUNK_CHARS = 32 * 1024;
const OVERLAP_LINES = 4;
/** A finding seen in a chunk overlap is dropped; the memory of them is bounded per file. */
const MAX_SEEN = 4096;

/** A unit of DLP work: contiguous added lines of one file, joined by '\n'. */
export interface DiffChunk {
  readonly text: string;
}

interface FileScan {
  readonly path: string;
  readonly seen: Set<string>;
}

interface Chunk extends DiffChunk {
  readonly file: FileScan;
  readonly lines: readonly AddedLine[];
  readonly parts: readonly string[];
  readonly offsets: readonly number[];
}

/**
 * Streaming diff scan: text is parsed as it is pushed, added lines are cut
 * into chunks as soon as their cut is decided, and each chunk's DLP hits
 * become findings. By default the DLP engine runs here, synchronously; with
 * `onChunk` the caller runs it (in worker threads, say) and hands each
 * chunk's hits back to resolve() in the order the chunks were given, which
 * keeps findings, their order and their dedup exactly those of the
 * synchronous path. Memory: the lines of unresolved chunks, nothing else.
 */
export class DiffScan {
  /** Findings so far, in diff order; complete once end() returned and every chunk is resolved. */
  readonly findings: Finding[] = [];
  private readonly parser: DiffParser;
  private readonly excluded: (path: string) => boolean;
  private readonly onChunk: (chunk: DiffChunk) => void;
  private file: FileScan | null = null;
  /** Added lines of the current file from the next chunk's start on. */
  private buf: AddedLine[] = [];
  /** Sum of (length + 1) over buf: a chunk may be decided once it passes CHUNK_CHARS. */
  private bufChars = 0;
  private readonly pending: Chunk[] = [];
  private pendingHead = 0;
  private chars = 0;

  constructor(
    private readonly ctx: ScanContext,
    opts: DiffScanOptions = {},
    onChunk?: (chunk: DiffChunk) => void,
  ) {
    this.excluded = compileGlobs(opts.exclude ?? []);
    this.onChunk = onChunk ?? ((c) => this.resolve(c, this.ctx.dlp(c.text)));
    this.parser = new DiffParser({
      file: (f) => this.startFile(f),
      added: (l) => this.added(l),
      fileEnd: () => this.endFile(),
    });
  }

  /** Lines of the diff read so far: what a DiffParseError's line counts from. */
  get lines(): number {
    return this.parser.lines;
  }

  /** Chunks handed out and not yet resolved. */
  get unresolved(): number {
    return this.pending.length - this.pendingHead;
  }

  /** Feed more of the diff. Throws DiffParseError (DIFF_UNPARSEABLE, DIFF_TOO_LARGE). */
  push(text: string): this {
    // Each UTF-16 unit is at least one byte, so this never under-counts.
    this.chars += text.length;
    if (this.chars > MAX_DIFF_BYTES) {
      throw new DiffParseError(`diff is larger than ${MAX_DIFF_BYTES} bytes`, { code: 'DIFF_TOO_LARGE' });
    }
    this.parser.push(text);
    return this;
  }

  /** The input is complete: the last chunks are handed out. Throws DiffParseError for input that is not a diff. */
  end(): this {
    this.parser.end();
    return this;
  }

  /** A chunk's DLP hits computed here: what resolve() otherwise gets from elsewhere. */
  scanChunk(chunk: DiffChunk): RawHit[] {
    return this.ctx.dlp(chunk.text);
  }

  /** The DLP hits of `chunk`, which must be the oldest chunk not yet resolved. */
  resolve(chunk: DiffChunk, hits: readonly RawHit[]): void {
    const c = this.pending[this.pendingHead];
    if (c !== chunk) throw new Error('DiffScan.resolve: chunks must be resolved in the order they were handed out');
    this.pending[this.pendingHead++] = undefined as unknown as Chunk;
    if (this.pendingHead > 1024 && this.pendingHead * 2 > this.pending.length) {
      this.pending.splice(0, this.pendingHead);
      this.pendingHead = 0;
    }
    const { file } = c;
    for (const hit of hits) {
      const idx = hit.start === undefined ? locate(this.ctx, hit, c.parts) : lineIndexAt(c.offsets, hit.start);
      const added = c.lines[idx]!;
      const key = `${added.line}\u0000${hit.rule}\u0000${hit.secretHash ?? hit.excerpt ?? ''}`;
      if (file.seen.has(key)) continue; // found again in the overlap of the next chunk
      file.seen.add(key);
      this.findings.push(toFinding(this.ctx, hit, file.path, added));
    }
    if (file.seen.size > MAX_SEEN) file.seen.clear();
  }

  private startFile(f: DiffFile): boolean {
    const path = f.newPath;
    if (path === null || f.binary || this.excluded(path)) return false;
    this.file = { path, seen: new Set() };
    this.buf = [];
    this.bufChars = 0;
    return true;
  }

  private added(l: AddedLine): void {
    const buf = this.buf;
    const prev = buf.length > 0 ? buf[buf.length - 1]! : undefined;
    buf.push(l);
    this.bufChars += l.text.length + 1;
    // Only then can the chunk starting at buf[0] be decided.
    if (buf.length > CHUNK_LINES || this.bufChars > CHUNK_CHARS || (prev !== undefined && l.line !== prev.line + 1)) this.cut(false);
  }

  private endFile(): void {
    if (this.file !== null) this.cut(true);
    this.file = null;
    this.buf = [];
    this.bufChars = 0;
  }

  /**
   * Hand out every chunk of buf whose end is decided (all of them at the end
   * of the file): the same cuts as growing chunks over the file's whole list
   * of added lines at once.
   */
  private cut(final: boolean): void {
    const buf = this.buf;
    let i = 0;
    while (i < buf.length) {
      let end = i;
      let chars = 0;
      while (end < buf.length && end - i < CHUNK_LINES) {
        const l = buf[end]!;
        if (end > i && (l.line !== buf[end - 1]!.line + 1 || chars + l.text.length > CHUNK_CHARS)) break;
        chars += l.text.length + 1;
        end++;
      }
      // Whether the next line continues the block decides the overlap: it must be here.
      if (!final && end === buf.length) break;
      this.emit(buf, i, end);
      const contiguous = end < buf.length && buf[end]!.line === buf[end - 1]!.line + 1;
      i = contiguous && end - i > OVERLAP_LINES ? end - OVERLAP_LINES : end;
    }
    if (i > 0) {
      this.buf = buf.slice(i);
      let n = 0;
      for (const l of this.buf) n += l.text.length + 1;
      this.bufChars = n;
    }
  }

  private emit(buf: readonly AddedLine[], from: number, to: number): void {
    const lines = buf.slice(from, to);
    const parts: string[] = [];
    const offsets: number[] = [];
    let chars = 0;
    for (const l of lines) {
      offsets.push(chars);
      parts.push(l.text);
      chars += l.text.length + 1;
    }
    const c: Chunk = { text: parts.length === 1 ? parts[0]! : parts.join('\n'), file: this.file!, lines, parts, offsets };
    this.pending.push(c);
    this.onChunk(c);
  }
}

/**
 * Scan a unified diff. Throws DiffParseError for input that is not a diff or
 * is too large. Binary files, deleted files and excluded paths are skipped.
 */
export function scanDiffWith(ctx: ScanContext, diff: string, opts: DiffScanOptions = {}): Finding[] {
  return new DiffScan(ctx, opts).push(diff).end().findings;
}

function toFinding(ctx: ScanContext, hit: RawHit, path: string, added: AddedLine): Finding {
  const f = ctx.finding(hit, `diff:${path}:${added.line}`, 'dlp');
  f.file = path;
  f.line = added.line;
  // No line number: a baseline must survive code moving up and down.
  f.fingerprint = fingerprint(hit.rule, path, hit.secretHash ?? hit.excerpt ?? '');
  const ignore = inlineIgnore(added.text);
  if (ignore !== null && !f.suppressed && ignores(ignore, hit.rule)) {
    f.suppressed = true;
    f.suppressedBy = 'inline';
    f.action = 'allow';
  }
  return f;
}

/** Index of the line containing character offset `pos` of the joined chunk. */
function lineIndexAt(offsets: readonly number[], pos: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A hit without a span: the first line of the chunk that produces the same rule on its own. */
function locate(ctx: ScanContext, hit: RawHit, parts: readonly string[]): number {
  if (parts.length === 1) return 0;
  for (let k = 0; k < parts.length; k++) {
    if (ctx.dlp(parts[k]!).some((h) => h.rule === hit.rule)) return k;
  }
  return 0;
}

// The rules an inline comment silences: 'all' for a bare `pipelock:ignore`,
// otherwise lower-cased rule names; null when the line has no marker. Any
// comment style works because only the marker and what follows it count:
//   // pipelock:ignore              # pipelock:ignore AWS Access Key ID
//   /* pipelock:ignore GitHub Token, Slack Token */      <!-- pipelock:ignore -->
export function inlineIgnore(line: string): 'all' | Set<string> | null {
  let at = line.indexOf(MARKER);
  if (at === -1) {
    // Case-insensitive fallback only when the cheap check might have missed it.
    const lower = line.toLowerCase();
    at = lower.indexOf(MARKER);
    if (at === -1) return null;
  }
  let rest = line.slice(at + MARKER.length);
  // `pipelock:ignored` or `pipelock:ignore-foo` is not the marker.
  const next = rest.charCodeAt(0);
  if (rest.length > 0 && next !== 32 && next !== 9 && next !== 58 /* : */ && next !== 42 /* * */ && next !== 45 /* - */) {
    return null;
  }
  if (next === 45 && !rest.startsWith('-->')) return null;
  if (next === 58) rest = rest.slice(1);
  // The rule list ends where the comment does.
  for (const close of ['*/', '-->', '#}', '%>', '--%>']) {
    const i = rest.indexOf(close);
    if (i !== -1) rest = rest.slice(0, i);
  }
  const rules = new Set<string>();
  for (const part of rest.split(',')) {
    const name = part.trim().replace(/\s+/g, ' ').toLowerCase();
    if (name !== '') rules.add(name);
  }
  return rules.size === 0 ? 'all' : rules;
}

function ignores(ignore: 'all' | Set<string>, rule: string): boolean {
  return ignore === 'all' || ignore.has(rule.toLowerCase());
}
