// The public surface of @pipelock/core. Adding a name here is an API
// decision: every export is listed by name, nothing is re-exported wholesale.

// Scanner
export { createDiffScanner, createDlpEngineFor, createScanner, createScanContext } from './scanner.js';
export type { DiffScanner, DlpSurface, Scanner, ScannerContext } from './scanner.js';
export type { RawHit, ScanContext, SectionKey } from './context.js';

// Vocabulary
export type { Action, Finding, HeadersLike, Mode, ScanResult, ScannerName, SectionAction, Severity } from './types.js';
export { ACTION_RANK, SEVERITY_RANK, strongestAction } from './types.js';
export { decide } from './verdict/decide.js';
export type { DecisionInput } from './verdict/decide.js';
export { redact, fingerprint } from './redact.js';

// Errors
export { ConfigError, DiffParseError, PipelockError } from './errors.js';
export type { ConfigIssue, ErrorCode } from './errors.js';

// Config
export { configSchema, configSummary, DEFAULT_INTERNAL_CIDRS, parseConfig, presetConfig, presetYaml, PRESET_NAMES, resolveConfig } from './config/index.js';
export type {
  ChainPatternConfig,
  Config,
  DlpPatternConfig,
  PartialConfig,
  PresetName,
  ResponsePatternConfig,
  SuppressEntry,
  ToolPolicyRuleConfig,
} from './config/index.js';

// DLP
export { BUILTIN_DLP_PATTERNS, createDlpEngine, dlpPatternTableMarkdown, ENV_LEAK_RULE, KNOWN_SECRET_RULE } from './dlp/index.js';
export type { CryptoAddressPolicy, DlpEngine, DlpEngineOptions, DlpPatternRow, DlpPatternSpec, DlpScanOptions, ExampleCredentialPolicy } from './dlp/index.js';

// Prompt injection
export { BUILTIN_INJECTION_PATTERNS, createInjectionEngine, injectionPatternTableMarkdown } from './injection/index.js';
export type { InjectionEngine, InjectionEngineOptions, InjectionPatternRow, InjectionPatternSpec } from './injection/index.js';

// Normalization and decoding
export { needsNormalization, normalizeText, normalizeTextSpaced } from './normalize/index.js';
export { decodeViews, encodeVariants } from './encoding/index.js';
export type { DecodedView, DecodeLimits } from './encoding/index.js';

// URL
export { baseDomain, compileHostGlobs, createCidrMatcher, createUrlScanner, normalizeHost, parseIpLoose, shannonEntropy } from './url/index.js';
export { parseDurationMs } from './config/formats.js';
export type { UrlScanner, UrlScanOptions } from './url/index.js';

// HTTP
export { createSseStreamScanner, hostMatchesAuthority, scanHttpRequest, scanHttpResponse } from './http/index.js';
export type { StreamDecision, StreamScanner, StreamScannerOptions } from './http/index.js';
export { blockedStreamEvent, sseErrorEvent, STREAM_BLOCKED } from './http/index.js';
export type { StreamErrorInit } from './http/index.js';

// A2A
export { A2A_METHODS, isA2aPayload, looksLikeAgentCard } from './a2a/index.js';
export type { A2aDirection, A2aScanResult } from './a2a/index.js';

// WebSocket
export { WS_RULES } from './ws/index.js';
export type { WebSocketDecision, WebSocketDirection, WebSocketFrame, WebSocketScanner, WebSocketScannerOptions, WsOpcode } from './ws/index.js';

// MCP
export { BUILTIN_CHAIN_PATTERNS, BUILTIN_TOOL_POLICY, createMcpScanner, deobfuscateShell, JsonRpcParseError, McpSession, parseJsonRpc } from './mcp/index.js';
export type { JsonRpcMessage, McpMessageDecision, McpScanResult, McpScanner, McpTool } from './mcp/index.js';

// Agent sessions: profiling and adaptive enforcement
export { createSessionTracker } from './session/index.js';
export type { EnforcementLevel, SessionObservation, SessionTracker } from './session/index.js';

// Diff
export { applyBaseline, buildBaseline, compileGlobs, matchGlob, MAX_DIFF_BYTES, parseBaseline, parseDiff } from './diff/index.js';
export type { AddedLine, Baseline, BaselineEntry, DiffChunk, DiffFile, DiffScan, DiffScanOptions } from './diff/index.js';
