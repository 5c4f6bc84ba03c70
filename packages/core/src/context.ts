// The internal seam between the engines (dlp, injection, url, http, mcp, diff)
// and the scanner that composes them. Engines report RawHits; the scanner
// turns a hit into a Finding with one decision function (verdict/decide.ts),
// so no engine decides block-or-warn on its own.
import type { Config } from './config/index.js';
import type { Finding, ScannerName, SectionAction, Severity } from './types.js';

/** What an engine found, before location, suppression and the decision are applied. */
export interface RawHit {
  scanner: ScannerName;
  rule: string;
  severity: Severity;
  /** A per-pattern action (dlp.patterns[].action); otherwise the section's action applies. */
  patternAction?: SectionAction;
  /** Span in the text the engine was given (after normalization it may be approximate). */
  start?: number;
  end?: number;
  /** Already redacted. */
  excerpt?: string;
  /** Encodings peeled off before the match, outermost first. */
  encoding?: string[];
  /** Fingerprint of the matched value (redact.ts fingerprint), never the value. */
  secretHash?: string;
  /** Fail-closed conditions block whatever the section action (see verdict/decide.ts). */
  failClosed?: boolean;
}

/** Which config section's action governs a hit. */
export type SectionKey =
  | 'dlp'
  | 'url'
  | 'request_body_scanning'
  | 'response_scanning'
  | 'sse_streaming'
  | 'mcp_input_scanning'
  | 'mcp_tool_scanning'
  | 'mcp_tool_policy'
  | 'mcp_session_binding'
  | 'tool_chain_detection'
  | 'websocket_proxy';

export interface ScanContext {
  readonly config: Config;
  /** DLP + env-value + known-secret scan of one string (normalization and decoding inside). */
  dlp(text: string): RawHit[];
  /** Prompt-injection scan of one string (normalization passes inside). */
  injection(text: string): RawHit[];
  /** Turn a hit into a Finding: location, suppression, decision. */
  finding(hit: RawHit, location: string, section: SectionKey): Finding;
  /** Injected clock (ms since epoch) for rate limits, budgets and windows. */
  now(): number;
}
