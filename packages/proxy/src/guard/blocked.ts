// The error an in-process guard throws when core blocks a request or a
// response. It names the rule and where it matched, never the secret: the
// findings it carries are core's, already redacted.
import type { Finding, ScanResult } from '@pipelock/core';

export type GuardPhase = 'request' | 'response';

export class PipelockBlockedError extends Error {
  /** Stable code to switch on (the guard's errors are not core's PipelockError codes). */
  readonly code = 'BLOCKED' as const;
  /** Whether the request never left ('request') or the answer was withheld ('response'). */
  readonly phase: GuardPhase;
  /** The first blocking finding's rule, e.g. 'AWS Access Key ID', 'SSRF: Internal Address'. */
  readonly rule: string;
  readonly scanner: string;
  /** Where it matched: 'body.$.text', 'url.query.key', 'header.authorization', 'url.host'. */
  readonly location: string | undefined;
  /** Scheme, host and port only: a path or query may be what carried the secret. */
  readonly origin: string;
  /** Every finding of the verdict (redacted excerpts). */
  readonly findings: readonly Finding[];

  constructor(phase: GuardPhase, url: string, result: ScanResult, reason?: string) {
    const first = result.findings.find((f) => f.action === 'block' && f.suppressed !== true) ?? result.findings[0];
    const origin = originOf(url);
    const rule = first?.rule ?? reason ?? 'policy';
    const where = first?.location ? ` at ${first.location}` : '';
    super(`pipelock blocked the ${phase} ${phase === 'request' ? 'to' : 'from'} ${origin}: ${first ? `${first.scanner} rule "${rule}"${where}` : rule}`);
    this.name = 'PipelockBlockedError';
    this.phase = phase;
    this.rule = rule;
    this.scanner = first?.scanner ?? 'limit';
    this.location = first?.location;
    this.origin = origin;
    this.findings = result.findings;
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}

/** A verdict for a condition the guard itself detects (a body over its size bound): fail closed. */
export function limitResult(rule: string, location: string): ScanResult {
  return { action: 'block', findings: [{ scanner: 'limit', rule, severity: 'high', action: 'block', location }] };
}
