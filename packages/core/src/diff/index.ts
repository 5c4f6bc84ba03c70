// Public surface of diff scanning: parse unified diffs, match exclude globs,
// scan added lines, and read/write baselines. Pure: no I/O.
export { parseDiff, DiffParser, MAX_DIFF_BYTES } from './parse.js';
export type { DiffFile, AddedLine, DiffFileStatus, DiffSink } from './parse.js';
export { matchGlob, compileGlobs } from './glob.js';
export { DiffScan, scanDiffWith, inlineIgnore } from './scan.js';
export type { DiffChunk, DiffScanOptions } from './scan.js';
export { parseBaseline, applyBaseline, buildBaseline } from './baseline.js';
export type { Baseline, BaselineEntry } from './baseline.js';
