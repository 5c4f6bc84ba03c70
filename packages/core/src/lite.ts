// `@pipelock/core/lite`: config, errors, the DLP pattern table and diff
// scanning, without the modules only the proxy-side entry points use
// (prompt injection, URL, HTTP, MCP, A2A, WebSocket, sessions). Loading it
// costs about a quarter less than the full entry, which is most of what a
// `pipelock scan-diff` run on a small diff spends. Every name here is also
// exported, as the same object, by the full entry (index.ts).
export { createDiffScanner } from './diff/scanner.js';
export type { DiffScanner } from './diff/scanner.js';
export type { ScannerContext } from './scan-context.js';
export { ConfigError, DiffParseError, PipelockError } from './errors.js';
export type { ErrorCode } from './errors.js';
export { configSummary, parseConfig, presetConfig, presetYaml, PRESET_NAMES, resolveConfig } from './config/index.js';
export type { Config, PartialConfig, PresetName } from './config/index.js';
export { BUILTIN_DLP_PATTERNS } from './dlp/index.js';
export { applyBaseline, buildBaseline, MAX_DIFF_BYTES, parseBaseline } from './diff/index.js';
export type { Baseline, BaselineEntry, DiffChunk, DiffScan } from './diff/index.js';
export type { Finding } from './types.js';
export { strongestAction } from './types.js';
