// Diff scanning: DLP over the added lines only (what a change introduces),
// with file + line on every finding and inline `pipelock:ignore` comments.
// Suppressed findings stay in the result, marked, so `--verbose` can show them.
import type { RawHit, ScanContext } from '../context.js';
import { fingerprint } from '../redact.js';
import type { Finding } from '../types.js';
import { compileGlobs } from './glob.js';
import { parseDiff } from './parse.js';
import type { AddedLine } from './parse.js';

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

/**
 * Scan a unified diff. Throws DiffParseError for input that is not a diff or
 * is too large. Binary files, deleted files and excluded paths are skipped.
 */
export function scanDiffWith(ctx: ScanContext, diff: string, opts: DiffScanOptions = {}): Finding[] {
  const files = parseDiff(diff);
  const excluded = compileGlobs(opts.exclude ?? []);
  const findings: Finding[] = [];
  for (const file of files) {
    const path = file.newPath;
    if (path === null || file.binary || file.addedLines.length === 0) continue;
    if (excluded(path)) continue;
    scanFile(ctx, path, file.addedLines, findings);
  }
  return findings;
}

function scanFile(ctx: ScanContext, path: string, lines: readonly AddedLine[], out: Finding[]): void {
  const seen = new Set<string>();
  const offsets: number[] = [];
  let i = 0;
  while (i < lines.length) {
    // Grow a chunk of contiguous new-file lines.
    let end = i;
    let chars = 0;
    offsets.length = 0;
    const parts: string[] = [];
    while (end < lines.length && end - i < CHUNK_LINES) {
      const l = lines[end]!;
      if (end > i && (l.line !== lines[end - 1]!.line + 1 || chars + l.text.length > CHUNK_CHARS)) break;
      offsets.push(chars);
      parts.push(l.text);
      chars += l.text.length + 1;
      end++;
    }
    const text = parts.length === 1 ? parts[0]! : parts.join('\n');
    const hits = ctx.dlp(text);
    for (const hit of hits) {
      const idx = hit.start === undefined ? locate(ctx, hit, parts) : lineIndexAt(offsets, hit.start);
      const added = lines[i + idx]!;
      const key = `${added.line}\u0000${hit.rule}\u0000${hit.secretHash ?? hit.excerpt ?? ''}`;
      if (seen.has(key)) continue; // found again in the overlap of the next chunk
      seen.add(key);
      out.push(toFinding(ctx, hit, path, added));
    }
    const contiguous = end < lines.length && lines[end]!.line === lines[end - 1]!.line + 1;
    i = contiguous && end - i > OVERLAP_LINES ? end - OVERLAP_LINES : end;
    if (seen.size > 4096) seen.clear();
  }
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
