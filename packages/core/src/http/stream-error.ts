// The one SSE frame a client gets when pipelock stops an event stream: an
// `event: error` whose JSON both the OpenAI and the Anthropic SDKs raise as
// an API error, so an application sees a failure instead of a short answer.
// It names the rule, scanner and location, never the matched text.
import type { Finding } from '../types.js';

/** error.type and error.code of a stream pipelock stopped for a finding. */
export const STREAM_BLOCKED = 'pipelock_blocked';

export interface StreamErrorInit {
  /** Machine-readable kind: error.type and error.code (e.g. pipelock_blocked, upstream_timeout). */
  type: string;
  /** One human sentence. */
  message: string;
  rule?: string;
  scanner?: string;
}

/**
 * `event: error` + one data line. The shape follows both SDKs' stream parsers:
 * openai (v4-v6) throws APIError for any non-`thread.*` event whose data has
 * an `error` object (message, type, code); @anthropic-ai/sdk throws APIError
 * for `event: error` and reads `error.type`, as in Anthropic's own
 * `{"type":"error","error":{...}}` frames.
 */
export function sseErrorEvent(init: StreamErrorInit): string {
  const error: Record<string, unknown> = { type: init.type, code: init.type, message: init.message, param: null };
  if (init.rule !== undefined) error['rule'] = init.rule;
  if (init.scanner !== undefined) error['scanner'] = init.scanner;
  // JSON.stringify escapes CR and LF, so the data stays one line whatever a rule name holds.
  return `event: error\ndata: ${JSON.stringify({ type: 'error', error })}\n\n`;
}

/** The frame for a stream stopped by a finding: the decisive finding (first block, else first) by name. */
export function blockedStreamEvent(findings: readonly Finding[]): string {
  const f = findings.find((x) => x.action === 'block') ?? findings[0];
  const what = f ? `${f.scanner} rule "${f.rule}"${f.location !== undefined ? ` at ${f.location}` : ''}` : 'a policy finding';
  return sseErrorEvent({
    type: STREAM_BLOCKED,
    message: `response stream blocked by pipelock: ${what}; the stream was stopped before the flagged text was delivered`,
    ...(f ? { rule: f.rule, scanner: f.scanner } : {}),
  });
}
