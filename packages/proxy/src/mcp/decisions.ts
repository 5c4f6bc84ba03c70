// What the MCP proxies send instead of a blocked message: a JSON-RPC error
// with a stable code and a message naming the rule, never the matched text.
import type { Finding, McpMessageDecision, McpScanResult } from '@pipelock/core';

/** JSON-RPC error code for a message pipelock blocked (implementation-defined server error range). */
export const BLOCKED_CODE = -32001;
/** JSON-RPC error code for a message pipelock could not read (parse error). */
export const PARSE_ERROR_CODE = -32700;

function decisive(findings: readonly Finding[]): Finding | undefined {
  return findings.find((f) => f.action === 'block') ?? findings[0];
}

export function blockedError(id: unknown, findings: readonly Finding[], direction: 'request' | 'response'): Record<string, unknown> {
  const f = decisive(findings);
  const what = direction === 'request' ? 'request' : 'response';
  const data: Record<string, unknown> = { pipelock: true };
  if (f) {
    data['rule'] = f.rule;
    data['scanner'] = f.scanner;
    if (f.location !== undefined) data['location'] = f.location;
  }
  return {
    jsonrpc: '2.0',
    id: id === undefined ? null : id,
    error: { code: f?.rule === 'Invalid JSON-RPC' ? PARSE_ERROR_CODE : BLOCKED_CODE, message: `pipelock blocked this ${what}: ${f ? `${f.scanner} rule "${f.rule}"` : 'policy'}`, data },
  };
}

/**
 * Rewrites a JSON-RPC text so that every blocked message is replaced by an
 * error for its id (requests and responses) or removed (notifications).
 * Returns null when nothing is left to send.
 */
export function replaceBlocked(text: string, result: McpScanResult, direction: 'request' | 'response'): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return JSON.stringify(blockedError(null, result.findings, direction));
  }
  const decisions = new Map<number, McpMessageDecision>(result.messages.map((m) => [m.index, m]));
  const one = (msg: unknown, i: number): unknown => {
    const d = decisions.get(i);
    if (!d || d.action !== 'block') return msg;
    const id = (msg as { id?: unknown } | null)?.id;
    return id === undefined ? undefined : blockedError(id, d.findings, direction);
  };
  if (Array.isArray(parsed)) {
    const out = parsed.map(one).filter((m) => m !== undefined);
    return out.length === 0 ? null : JSON.stringify(out);
  }
  const out = one(parsed, 0);
  return out === undefined ? null : JSON.stringify(out);
}
