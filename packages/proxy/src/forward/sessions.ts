// Per-agent sessions on the forward proxy: the agent is named by the
// X-Pipelock-Agent header (never forwarded) or, without one, by the client
// address. Core's tracker decides escalation and anomalies; this file only
// keys requests to sessions and keeps one tracker per scanner (a reload
// starts fresh sessions). Upstream and network errors never reach it: only
// scan decisions are observed.
import type { IncomingMessage } from 'node:http';
import { strongestAction } from '@pipelock/core';
import type { ScanResult, Scanner, SessionTracker } from '@pipelock/core';
import { clientOf } from '../context.js';

export const AGENT_HEADER = 'x-pipelock-agent';
const trackers = new WeakMap<Scanner, { tracker: SessionTracker; seen: number }>();

export function sessionKey(req: IncomingMessage): string {
  const agent = req.headers[AGENT_HEADER];
  return typeof agent === 'string' && agent !== '' ? `agent:${agent.slice(0, 128)}` : `ip:${clientOf(req.socket)}`;
}

/** The request's scan result as the agent's session enforces it, plus any profiling anomalies. */
export function applySession(scanner: Scanner, req: IncomingMessage, host: string, bytes: number, result: ScanResult): ScanResult {
  const cfg = scanner.config;
  if (!cfg.session_profiling.enabled && !cfg.adaptive_enforcement.enabled) return result;
  let entry = trackers.get(scanner);
  if (!entry) {
    entry = { tracker: scanner.createSessionTracker(), seen: 0 };
    trackers.set(scanner, entry);
  }
  if (++entry.seen % 1024 === 0) entry.tracker.sweep();
  const key = sessionKey(req);
  const enforced = entry.tracker.enforce(key, result);
  const anomalies = entry.tracker.observe(key, { host, bytes, findings: enforced.findings });
  if (anomalies.length === 0) return enforced;
  const findings = [...enforced.findings, ...anomalies];
  const out: ScanResult = { action: strongestAction(findings.map((f) => f.action)), findings };
  if (enforced.body !== undefined) out.body = enforced.body;
  return out;
}
