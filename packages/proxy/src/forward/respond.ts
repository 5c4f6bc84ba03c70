// Small JSON answers the proxy itself gives: blocks, refusals, upstream
// failures. A block names the rule, scanner and location, never the matched
// text; explain_blocks adds a sentence and the severity for humans.
import type { ServerResponse } from 'node:http';
import type { Config, Finding } from '@pipelock/core';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body) + '\n';
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** The finding that decided a block: the first one whose own action is block, else the first. */
export function decisive(findings: readonly Finding[]): Finding | undefined {
  return findings.find((f) => f.action === 'block') ?? findings[0];
}

export function blockBody(config: Config, findings: readonly Finding[], phase: 'request' | 'response' | 'tunnel'): Record<string, unknown> {
  const f = decisive(findings);
  const body: Record<string, unknown> = { error: 'blocked' };
  if (f) {
    body['rule'] = f.rule;
    body['scanner'] = f.scanner;
    if (f.location !== undefined) body['location'] = f.location;
  }
  if (config.explain_blocks && f) {
    body['severity'] = f.severity;
    body['explanation'] =
      `pipelock blocked this ${phase}: ${f.scanner} rule "${f.rule}" (${f.severity})` +
      `${f.location !== undefined ? ` at ${f.location}` : ''}. Remove the flagged content or ask the operator to review the policy.`;
  }
  return body;
}

export function sendBlock(res: ServerResponse, config: Config, findings: readonly Finding[], phase: 'request' | 'response'): void {
  sendJson(res, 403, blockBody(config, findings, phase), { 'x-pipelock-decision': 'block' });
}

export function killSwitchBody(message: string): Record<string, unknown> {
  return { error: 'kill_switch', message };
}
