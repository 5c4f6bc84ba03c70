// Unified-diff reader: turns `git diff`, `git show`, `git log -p` and plain
// `diff -u` output into files and their added lines. It must never guess a
// line number, and never treat commit-message text as diff content.
//
// Linear and allocation-light: lines are found with indexOf, classified by
// their first character code, and only added lines and headers are sliced.
// Hunk header counts decide where a hunk ends, so a content line that happens
// to look like a header ("+++ x", "diff --git") is read as content.
import { DiffParseError } from '../errors.js';

/** Diffs larger than this are refused (DIFF_TOO_LARGE): 100 MiB. */
export const MAX_DIFF_BYTES = 100 * 1024 * 1024;

export interface AddedLine {
  /** 1-based line number in the new file. */
  line: number;
  /** The line's text without the leading '+' and without a trailing '\r'. */
  text: string;
}

export type DiffFileStatus = 'added' | 'deleted' | 'modified' | 'renamed' | 'copied' | 'mode' | 'binary';

export interface DiffFile {
  /** Path in the old tree; null for added files. */
  oldPath: string | null;
  /** Path in the new tree; null for deleted files. */
  newPath: string | null;
  status: DiffFileStatus;
  /** Binary files carry no added lines: their content is never scanned as text. */
  binary: boolean;
  addedLines: AddedLine[];
}

/**
 * Streaming consumer of a diff (DiffParser with a sink): files are announced
 * at their first hunk, when their paths and status are final, and their
 * added lines follow one by one. Neither files nor lines are kept by the
 * parser, so memory stays bounded by what the sink keeps.
 */
export interface DiffSink {
  /**
   * The first hunk of `file` begins (its `addedLines` is empty). Return false
   * to drop its added lines. Files without hunks are never announced.
   */
  file(file: DiffFile): boolean;
  /** One added line of the file last announced, in order. */
  added(line: AddedLine): void;
  /** The file last announced ended. */
  fileEnd(): void;
}

const enum State {
  /** Between files: commit headers, messages, diffstat, anything. */
  Outside,
  /** After `diff --git` / `diff --cc`: extended header lines until the first hunk. */
  Header,
  /** Inside a hunk, counting lines down. */
  Hunk,
  /** A hunk just ended: another hunk may follow, or anything else. */
  Body,
  /** Inside a `GIT binary patch` block. */
  BinaryPatch,
}

interface FileState {
  /** Number of parents for combined diffs (`diff --cc`), 0 otherwise. */
  combinedParents: number;
  /** Whether `---`/`+++` paths carry a one-letter prefix (`a/`, `b/`, `i/`, `w/` ...). */
  prefixed: boolean;
  headerOld: string | null;
  headerNew: string | null;
  minus: string | null | undefined;
  plus: string | null | undefined;
  renameFrom?: string;
  renameTo?: string;
  copyFrom?: string;
  copyTo?: string;
  isNew: boolean;
  isDeleted: boolean;
  modeChange: boolean;
  binary: boolean;
  hunks: number;
  added: AddedLine[];
}

const CH_PLUS = 43; // +
const CH_MINUS = 45; // -
const CH_SPACE = 32;
const CH_AT = 64; // @
const CH_BACKSLASH = 92;
const CH_CR = 13;
const CH_D = 100; // d
const CH_B = 66; // B
const CH_C = 99; // c

/**
 * Parse a unified diff. Empty (or whitespace-only) input is a clean, empty
 * diff. Non-empty input with no diff header anywhere throws DiffParseError
 * (DIFF_UNPARSEABLE), so a mistaken pipe never passes as "no findings".
 */
export function parseDiff(text: string): DiffFile[] {
  // Each UTF-16 unit is at least one byte, so this never under-counts.
  if (text.length > MAX_DIFF_BYTES) {
    throw new DiffParseError(`diff is larger than ${MAX_DIFF_BYTES} bytes`, { code: 'DIFF_TOO_LARGE' });
  }
  const p = new DiffParser();
  p.push(text);
  return p.end();
}

/**
 * Incremental form of parseDiff: push chunks as they arrive, then end().
 * Memory is bounded by the added lines kept, not by the diff; with a sink,
 * by nothing the parser keeps (end() then returns no files).
 */
export class DiffParser {
  private state: State = State.Outside;
  private files: DiffFile[] = [];
  private cur: FileState | null = null;
  private lineNo = 0;
  private carry = '';
  private pendingMinus: string | null = null;
  private sawDiffHeader = false;
  private sawCommit = false;
  private sawContent = false;
  // Hunk counters.
  private oldRem = 0;
  private newRem = 0;
  private newLine = 0;
  private parentRem: number[] = [];
  /** Sink mode: whether the current file was announced, and whether its lines are wanted. */
  private announced = false;
  private accepting = false;

  constructor(private readonly sink?: DiffSink) {}

  /** Lines read so far (a last line without '\n' counts once end() has run). */
  get lines(): number {
    return this.lineNo;
  }

  push(chunk: string): this {
    const src = chunk;
    let pos = 0;
    if (this.carry !== '') {
      const nl = chunk.indexOf('\n');
      if (nl === -1) {
        this.carry += chunk;
        return this;
      }
      const first = this.carry + chunk.slice(0, nl);
      this.carry = '';
      this.line(first, 0, first.length);
      pos = nl + 1;
    }
    const len = src.length;
    while (pos < len) {
      const nl = src.indexOf('\n', pos);
      if (nl === -1) {
        this.carry = src.slice(pos);
        return this;
      }
      this.line(src, pos, nl);
      pos = nl + 1;
    }
    return this;
  }

  end(): DiffFile[] {
    if (this.carry !== '') {
      const last = this.carry;
      this.carry = '';
      this.line(last, 0, last.length);
    }
    if (this.pendingMinus !== null) this.pendingMinus = null;
    this.finishFile();
    if (!this.sawDiffHeader && this.sawContent && !this.sawCommit) {
      throw new DiffParseError('input is not a unified diff: no "diff --git" or "---"/"+++" file header found');
    }
    return this.files;
  }

  /** One line: src[start, end), without the '\n'. */
  private line(src: string, start: number, end: number): void {
    this.lineNo++;
    if (end > start && src.charCodeAt(end - 1) === CH_CR) end--;

    if (this.state === State.Hunk) {
      if (this.cur!.combinedParents > 0) {
        if (this.combinedHunkLine(src, start, end)) return;
      } else if (this.hunkLine(src, start, end)) {
        return;
      }
      // Not a hunk line: the hunk ended early (truncated or hand-edited diff).
      this.state = State.Body;
    }

    if (!this.sawContent) {
      for (let i = start; i < end; i++) {
        const c = src.charCodeAt(i);
        if (c !== CH_SPACE && c !== 9) {
          this.sawContent = true;
          break;
        }
      }
    }

    if (this.pendingMinus !== null) {
      const minus = this.pendingMinus;
      this.pendingMinus = null;
      if (startsWith(src, start, end, '+++ ')) {
        this.finishFile();
        this.cur = newFileState();
        this.sawDiffHeader = true;
        const a = headerPath(minus.slice(4));
        const b = headerPath(src.slice(start + 4, end));
        // Plain diffs: strip `a/` and `b/` only when both sides show them.
        const pre = a !== null && b !== null ? hasPrefixPair(a, b) : isPrefixed(a ?? b ?? '');
        this.cur.prefixed = pre;
        this.cur.minus = a;
        this.cur.plus = b;
        this.state = State.Header;
        return;
      }
    }

    if (this.state === State.BinaryPatch) {
      if (isBinaryPatchLine(src, start, end)) return;
      this.state = State.Outside;
    }

    const c0 = end > start ? src.charCodeAt(start) : -1;

    if (c0 === CH_D && startsWith(src, start, end, 'diff --')) {
      if (startsWith(src, start, end, 'diff --git ')) {
        this.startGitFile(src.slice(start + 11, end));
        return;
      }
      if (startsWith(src, start, end, 'diff --cc ') || startsWith(src, start, end, 'diff --combined ')) {
        const rest = src.slice(start + (src.charCodeAt(start + 7) === CH_C ? 10 : 16), end);
        this.finishFile();
        this.sawDiffHeader = true;
        const f = newFileState();
        const p = rest.charCodeAt(0) === 34 ? unquote(rest, 0).value : rest;
        f.headerOld = p;
        f.headerNew = p;
        f.combinedParents = 2; // refined by the hunk header's '@' count
        this.cur = f;
        this.state = State.Header;
        return;
      }
    }

    if (this.state === State.Header && c0 !== CH_AT) {
      if (this.headerLine(src, start, end)) return;
      // Anything else ends a header-only file (mode change, empty file, binary).
      this.state = State.Outside;
    }

    if (c0 === CH_AT && startsWith(src, start, end, '@@')) {
      if (this.cur === null || this.state === State.Outside) {
        throw new DiffParseError('hunk header without a file header', { line: this.lineNo });
      }
      this.startHunk(src.slice(start, end));
      return;
    }

    if (this.state === State.Body) {
      // `\ No newline at end of file` after the hunk's last line.
      if (c0 === CH_BACKSLASH) return;
      this.state = State.Outside;
    }

    // Outside any file.
    if (c0 === CH_MINUS && startsWith(src, start, end, '--- ')) {
      this.pendingMinus = src.slice(start, end);
      return;
    }
    if (c0 === CH_B && startsWith(src, start, end, 'Binary files ')) {
      // Plain `diff -r` output for binary files.
      this.finishFile();
      this.sawDiffHeader = true;
      const f = newFileState();
      const { a, b } = binaryFilesPaths(src.slice(start, end));
      f.prefixed = a !== null && b !== null ? hasPrefixPair(a, b) : false;
      f.minus = a;
      f.plus = b;
      f.binary = true;
      if (this.sink === undefined) this.files.push(toDiffFile(f));
      this.cur = null;
      return;
    }
    if (c0 === CH_C && !this.sawCommit && startsWith(src, start, end, 'commit ')) {
      const h = src.charCodeAt(start + 7);
      if ((h >= 48 && h <= 57) || (h >= 97 && h <= 102)) this.sawCommit = true;
    }
  }

  private startGitFile(rest: string): void {
    this.finishFile();
    this.sawDiffHeader = true;
    const f = newFileState();
    const { a, b } = splitGitHeader(rest);
    f.prefixed = hasPrefixPair(a, b);
    f.headerOld = f.prefixed ? a.slice(2) : a;
    f.headerNew = f.prefixed ? b.slice(2) : b;
    this.cur = f;
    this.state = State.Header;
  }

  /** Extended header lines after `diff --git`. Returns false when the line is not one. */
  private headerLine(src: string, start: number, end: number): boolean {
    const f = this.cur!;
    const c0 = end > start ? src.charCodeAt(start) : -1;
    switch (c0) {
      case CH_MINUS:
        if (startsWith(src, start, end, '--- ')) {
          f.minus = headerPath(src.slice(start + 4, end));
          return true;
        }
        return false;
      case CH_PLUS:
        if (startsWith(src, start, end, '+++ ')) {
          f.plus = headerPath(src.slice(start + 4, end));
          return true;
        }
        return false;
      case 105: // i
        return startsWith(src, start, end, 'index ');
      case 111: // o
        if (startsWith(src, start, end, 'old mode ')) {
          f.modeChange = true;
          return true;
        }
        return false;
      case 110: // n
        if (startsWith(src, start, end, 'new mode ')) {
          f.modeChange = true;
          return true;
        }
        if (startsWith(src, start, end, 'new file mode ')) {
          f.isNew = true;
          return true;
        }
        return false;
      case CH_D:
        if (startsWith(src, start, end, 'deleted file mode ')) {
          f.isDeleted = true;
          return true;
        }
        return startsWith(src, start, end, 'dissimilarity index ');
      case 115: // s
        return startsWith(src, start, end, 'similarity index ');
      case 114: // r
        if (startsWith(src, start, end, 'rename from ')) {
          f.renameFrom = gitPath(src.slice(start + 12, end));
          return true;
        }
        if (startsWith(src, start, end, 'rename to ')) {
          f.renameTo = gitPath(src.slice(start + 10, end));
          return true;
        }
        // Very old git wrote `rename old` / `rename new`.
        if (startsWith(src, start, end, 'rename old ')) {
          f.renameFrom = gitPath(src.slice(start + 11, end));
          return true;
        }
        if (startsWith(src, start, end, 'rename new ')) {
          f.renameTo = gitPath(src.slice(start + 11, end));
          return true;
        }
        return false;
      case CH_C:
        if (startsWith(src, start, end, 'copy from ')) {
          f.copyFrom = gitPath(src.slice(start + 10, end));
          return true;
        }
        if (startsWith(src, start, end, 'copy to ')) {
          f.copyTo = gitPath(src.slice(start + 8, end));
          return true;
        }
        return false;
      case CH_B:
        if (startsWith(src, start, end, 'Binary files ')) {
          f.binary = true;
          return true;
        }
        return false;
      case 71: // G
        if (startsWith(src, start, end, 'GIT binary patch')) {
          f.binary = true;
          this.finishFile();
          this.state = State.BinaryPatch;
          return true;
        }
        return false;
      default:
        return false;
    }
  }

  private startHunk(header: string): void {
    const f = this.cur!;
    let ats = 0;
    while (ats < header.length && header.charCodeAt(ats) === CH_AT) ats++;
    const ranges = parseHunkRanges(header, ats);
    if (ranges === null || ats < 2 || ranges.length !== ats) {
      throw new DiffParseError(`malformed hunk header: ${truncate(header)}`, { line: this.lineNo });
    }
    if (f.combinedParents > 0) {
      f.combinedParents = ats - 1;
    } else if (ats !== 2) {
      throw new DiffParseError(`malformed hunk header: ${truncate(header)}`, { line: this.lineNo });
    }
    const last = ranges[ranges.length - 1]!;
    this.newLine = last.start;
    this.newRem = last.count;
    this.oldRem = 0;
    this.parentRem = [];
    for (let i = 0; i < ranges.length - 1; i++) {
      this.oldRem += ranges[i]!.count;
      this.parentRem.push(ranges[i]!.count);
    }
    f.hunks++;
    if (this.sink !== undefined && !this.announced) {
      this.announced = true;
      this.accepting = this.sink.file(toDiffFile(f));
    }
    if (this.newRem <= 0 && this.oldRem <= 0) {
      this.state = State.Body;
    } else {
      this.state = State.Hunk;
    }
  }

  /** A line of a two-way hunk. Returns false when it cannot be one. */
  private hunkLine(src: string, start: number, end: number): boolean {
    const c0 = end > start ? src.charCodeAt(start) : CH_SPACE; // an empty line is an emptied context line
    if (c0 === CH_PLUS) {
      if (this.sink === undefined) this.cur!.added.push({ line: this.newLine, text: src.slice(start + 1, end) });
      else if (this.accepting) this.sink.added({ line: this.newLine, text: src.slice(start + 1, end) });
      this.newLine++;
      this.newRem--;
    } else if (c0 === CH_SPACE) {
      this.newLine++;
      this.newRem--;
      this.oldRem--;
    } else if (c0 === CH_MINUS) {
      this.oldRem--;
    } else if (c0 === CH_BACKSLASH) {
      return true;
    } else {
      return false;
    }
    if (this.newRem <= 0 && this.oldRem <= 0) this.state = State.Body;
    return true;
  }

  /**
   * A line of a combined (`diff --cc`) hunk: one column per parent. A line is
   * in the result unless some column is '-'; it is added when some column is '+'.
   */
  private combinedHunkLine(src: string, start: number, end: number): boolean {
    const n = this.cur!.combinedParents;
    if (end - start < n) {
      if (end === start) return this.combinedColumns(src, start, start, n); // emptied context
      if (src.charCodeAt(start) === CH_BACKSLASH) return true;
      return false;
    }
    if (src.charCodeAt(start) === CH_BACKSLASH) return true;
    return this.combinedColumns(src, start, end, n);
  }

  private combinedColumns(src: string, start: number, end: number, n: number): boolean {
    let plus = false;
    let minus = false;
    for (let i = 0; i < n; i++) {
      const c = start + i < end ? src.charCodeAt(start + i) : CH_SPACE;
      if (c === CH_PLUS) plus = true;
      else if (c === CH_MINUS) minus = true;
      else if (c !== CH_SPACE) return false;
    }
    const inResult = !minus;
    for (let i = 0; i < n; i++) {
      const c = start + i < end ? src.charCodeAt(start + i) : CH_SPACE;
      const inParent = inResult ? c !== CH_PLUS : c === CH_MINUS;
      if (inParent) {
        this.parentRem[i] = (this.parentRem[i] ?? 0) - 1;
        this.oldRem--;
      }
    }
    if (inResult) {
      if (plus) {
        const added = { line: this.newLine, text: src.slice(Math.min(start + n, end), end) };
        if (this.sink === undefined) this.cur!.added.push(added);
        else if (this.accepting) this.sink.added(added);
      }
      this.newLine++;
      this.newRem--;
    }
    if (this.newRem <= 0 && this.parentRem.every((r) => r <= 0)) this.state = State.Body;
    return true;
  }

  private finishFile(): void {
    const f = this.cur;
    if (f === null) return;
    this.cur = null;
    if (this.sink === undefined) {
      this.files.push(toDiffFile(f));
      return;
    }
    if (this.announced) this.sink.fileEnd();
    this.announced = false;
    this.accepting = false;
  }
}

function newFileState(): FileState {
  return {
    combinedParents: 0,
    prefixed: false,
    headerOld: null,
    headerNew: null,
    minus: undefined,
    plus: undefined,
    isNew: false,
    isDeleted: false,
    modeChange: false,
    binary: false,
    hunks: 0,
    added: [],
  };
}

function toDiffFile(f: FileState): DiffFile {
  const strip = (p: string | null | undefined): string | null | undefined =>
    p === null || p === undefined ? p : f.prefixed && isPrefixed(p) ? p.slice(2) : p;
  const minus = strip(f.minus);
  const plus = strip(f.plus);
  const isNew = f.isNew || minus === null;
  const isDeleted = f.isDeleted || plus === null;
  let oldPath: string | null = isNew
    ? null
    : (f.renameFrom ?? f.copyFrom ?? minus ?? f.headerOld ?? plus ?? null);
  let newPath: string | null = isDeleted
    ? null
    : (f.renameTo ?? f.copyTo ?? plus ?? f.headerNew ?? minus ?? null);
  if (f.combinedParents > 0) {
    // `diff --cc path`: the header names the result path; ---/+++ only say whether it exists.
    oldPath = isNew ? null : f.headerOld;
    newPath = isDeleted ? null : f.headerNew;
  }
  let status: DiffFileStatus;
  if (f.binary) status = 'binary';
  else if (isDeleted) status = 'deleted';
  else if (isNew) status = 'added';
  else if (f.renameTo !== undefined) status = 'renamed';
  else if (f.copyTo !== undefined) status = 'copied';
  else if (f.modeChange && f.hunks === 0) status = 'mode';
  else status = 'modified';
  return { oldPath, newPath, status, binary: f.binary, addedLines: f.binary ? [] : f.added };
}

function startsWith(src: string, start: number, end: number, prefix: string): boolean {
  return end - start >= prefix.length && src.startsWith(prefix, start);
}

function truncate(s: string): string {
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

/** `a/x` style: one character then '/'. */
function isPrefixed(p: string): boolean {
  return p.length > 2 && p.charCodeAt(1) === 47 && p.charCodeAt(0) !== 47;
}

/**
 * Git writes `a/` and `b/` (or mnemonic `i/`, `w/`, `c/`, `o/`) prefixes with
 * different letters on the two sides; `--no-prefix` writes the same path twice.
 */
function hasPrefixPair(a: string, b: string): boolean {
  return isPrefixed(a) && isPrefixed(b) && a.charCodeAt(0) !== b.charCodeAt(0);
}

/** Path of a `---`/`+++` line: quoted, or up to a tab (git and GNU diff append one). */
function headerPath(v: string): string | null {
  let p: string;
  if (v.charCodeAt(0) === 34) {
    p = unquote(v, 0).value;
  } else {
    const tab = v.indexOf('\t');
    p = tab === -1 ? v : v.slice(0, tab);
    // GNU diff without a tab before the timestamp is not standard; keep the path whole.
  }
  return p === '/dev/null' ? null : p;
}

/** Path of `rename from`/`copy to` lines: maybe quoted, never prefixed. */
function gitPath(v: string): string {
  return v.charCodeAt(0) === 34 ? unquote(v, 0).value : v;
}

/**
 * Split the two paths of `diff --git A B`. Unquoted paths may contain spaces,
 * so prefer the split where both halves name the same file (what git writes
 * for everything but renames and copies, whose real names come later).
 */
function splitGitHeader(rest: string): { a: string; b: string } {
  if (rest.charCodeAt(0) === 34) {
    const q = unquote(rest, 0);
    let i = q.end;
    if (rest.charCodeAt(i) === CH_SPACE) i++;
    const b = rest.charCodeAt(i) === 34 ? unquote(rest, i).value : rest.slice(i);
    return { a: q.value, b };
  }
  const qb = rest.indexOf(' "');
  if (qb !== -1 && rest.charCodeAt(rest.length - 1) === 34) {
    return { a: rest.slice(0, qb), b: unquote(rest, qb + 1).value };
  }
  if (rest.length % 2 === 1) {
    const mid = (rest.length - 1) / 2;
    if (rest.charCodeAt(mid) === CH_SPACE) {
      const a = rest.slice(0, mid);
      const b = rest.slice(mid + 1);
      if (a === b || (isPrefixed(a) && isPrefixed(b) && a.slice(2) === b.slice(2))) return { a, b };
    }
  }
  const sb = rest.indexOf(' b/');
  if (rest.startsWith('a/') && sb !== -1) return { a: rest.slice(0, sb), b: rest.slice(sb + 1) };
  const sp = rest.indexOf(' ');
  if (sp === -1) return { a: rest, b: rest };
  return { a: rest.slice(0, sp), b: rest.slice(sp + 1) };
}

/** `Binary files a/x and b/y differ` (either side may be /dev/null). */
function binaryFilesPaths(line: string): { a: string | null; b: string | null } {
  let body = line.slice('Binary files '.length);
  if (body.endsWith(' differ')) body = body.slice(0, -' differ'.length);
  const and = body.indexOf(' and ');
  const norm = (p: string): string | null => {
    const v = p.charCodeAt(0) === 34 ? unquote(p, 0).value : p;
    return v === '/dev/null' ? null : v;
  };
  if (and === -1) return { a: norm(body), b: norm(body) };
  return { a: norm(body.slice(0, and)), b: norm(body.slice(and + 5)) };
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };
const utf8 = new TextDecoder('utf-8');

/**
 * Git's C-style quoted path starting at s[i] === '"': backslash escapes and
 * octal bytes (UTF-8 names appear as `\303\251`). Returns the decoded path and
 * the index after the closing quote.
 */
export function unquote(s: string, i: number): { value: string; end: number } {
  const bytes: number[] = [];
  let j = i + 1;
  for (; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 34) {
      j++;
      break;
    }
    if (c === CH_BACKSLASH && j + 1 < s.length) {
      const n = s[j + 1]!;
      const e = ESCAPES[n];
      if (e !== undefined) {
        bytes.push(e);
        j++;
        continue;
      }
      if (n >= '0' && n <= '7') {
        let v = 0;
        let k = 0;
        while (k < 3 && j + 1 + k < s.length && s[j + 1 + k]! >= '0' && s[j + 1 + k]! <= '7') {
          v = v * 8 + (s.charCodeAt(j + 1 + k) - 48);
          k++;
        }
        bytes.push(v & 0xff);
        j += k;
        continue;
      }
    }
    if (c < 0x80) {
      bytes.push(c);
    } else {
      // Already-decoded non-ASCII text (core.quotePath=false): re-encode as UTF-8.
      const cp = s.codePointAt(j)!;
      if (cp > 0xffff) j++;
      for (const b of new TextEncoder().encode(String.fromCodePoint(cp))) bytes.push(b);
    }
  }
  return { value: utf8.decode(new Uint8Array(bytes)), end: j };
}

/** Ranges of a hunk header after its leading '@'s: `-a,b -c,d +e,f @@`. */
function parseHunkRanges(h: string, ats: number): Array<{ start: number; count: number }> | null {
  const out: Array<{ start: number; count: number }> = [];
  let plusSeen = false;
  let i = ats;
  for (;;) {
    while (i < h.length && h.charCodeAt(i) === CH_SPACE) i++;
    const sign = h.charCodeAt(i);
    if (sign === CH_AT) break;
    if (sign !== CH_MINUS && sign !== CH_PLUS) return null;
    i++;
    let start = 0;
    let digits = 0;
    while (i < h.length && h.charCodeAt(i) >= 48 && h.charCodeAt(i) <= 57) {
      start = start * 10 + (h.charCodeAt(i) - 48);
      i++;
      digits++;
    }
    if (digits === 0) return null;
    let count = 1;
    if (h.charCodeAt(i) === 44) {
      i++;
      count = 0;
      digits = 0;
      while (i < h.length && h.charCodeAt(i) >= 48 && h.charCodeAt(i) <= 57) {
        count = count * 10 + (h.charCodeAt(i) - 48);
        i++;
        digits++;
      }
      if (digits === 0) return null;
    }
    // Every range but the last is an old (-) range; the last is the new (+) range.
    if (plusSeen) return null;
    if (sign === CH_PLUS) plusSeen = true;
    out.push({ start, count });
    if (out.length > 64) return null;
  }
  if (!plusSeen) return null;
  // Must end with the same number of '@' it started with.
  for (let k = 0; k < ats; k++) if (h.charCodeAt(i + k) !== CH_AT) return null;
  return out;
}

/** Lines of a `GIT binary patch` block: `literal N`, `delta N`, base85 lines, blanks. */
function isBinaryPatchLine(src: string, start: number, end: number): boolean {
  if (end === start) return true;
  if (startsWith(src, start, end, 'literal ') || startsWith(src, start, end, 'delta ')) return true;
  const c0 = src.charCodeAt(start);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122))) return false;
  for (let i = start + 1; i < end; i++) {
    const c = src.charCodeAt(i);
    // Base85 alphabet: 0-9 A-Z a-z !#$%&()*+-;<=>?@^_`{|}~ — never a space.
    if (c <= CH_SPACE || c > 126 || c === 34 || c === 39 || c === 44 || c === 46 || c === 47 || c === 58 || c === 91 || c === 92 || c === 93) {
      return false;
    }
  }
  return true;
}
