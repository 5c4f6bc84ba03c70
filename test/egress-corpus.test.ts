// The egress/ingress attack corpus (test/corpus/egress/*.json, format in its
// README): every case through @pipelock/core in balanced mode with blocking
// actions. Prints caught/total per class and every miss or false block.
import { readFileSync, readdirSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createScanner } from '@pipelock/core';
import type { ScanResult, Scanner } from '@pipelock/core';

const dir = fileURLToPath(new URL('./corpus/egress/', import.meta.url));

export interface EgressCase {
  id: string;
  class: string;
  expect: 'block' | 'allow';
  surface: string;
  input: Record<string, unknown>;
  rule?: string;
  note?: string;
}

export const BLOCKING_BALANCED = {
  mode: 'balanced',
  request_body_scanning: { action: 'block' },
  response_scanning: { action: 'block', sse_streaming: { action: 'block' } },
  mcp_input_scanning: { action: 'block' },
  mcp_tool_scanning: { action: 'block' },
  mcp_tool_policy: { action: 'block' },
  tool_chain_detection: { action: 'block' },
} as const;

/**
 * The fixed fake environment every case runs with (`createScanner(cfg, { env })`),
 * so that env-value leaks are testable: cases may carry these values raw or
 * encoded. None of them is a real credential.
 */
export const EGRESS_ENV: Readonly<Record<string, string>> = {
  OPENAI_API_KEY: 'sk-proj-lViY7Ug8kkJmBTT9enARgVpsEol7qSNr7Ko7JfFHAMbUXgYNfn1KFuxu',
  DB_PASSWORD: 'JiEzHiIeApGdvR4YdrmTXrzR',
  INTERNAL_API_TOKEN: 'T5c6wZ1k8hcDXYz6aKfQTIvinAhT8HgBGZyumyOD',
  HOME: '/home/agent',
  LANG: 'en_US.UTF-8',
};

/** Fewest cases a class file must hold (issue 10's acceptance), and the benign floor. */
export const MIN_CASES_PER_CLASS = 10;
export const MIN_BENIGN_CASES = 40;

export function loadEgressCases(): EgressCase[] {
  const cases: EgressCase[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const list = JSON.parse(readFileSync(join(dir, f), 'utf8')) as EgressCase[];
    for (const c of list) cases.push(c);
  }
  return cases;
}

interface CaseFrame {
  opcode: 'text' | 'binary' | 'continuation' | 'ping' | 'pong' | 'close';
  fin?: boolean;
  data?: string;
  dataBase64?: string;
  compressed?: boolean;
}

/**
 * A case frame as core takes it. `compressed` with `data` means "this text,
 * sent with permessage-deflate": the runner compresses it; with `dataBase64`
 * the bytes are already the compressed stream (or a fragment of it).
 */
function frameOf(f: CaseFrame) {
  const frame = { opcode: f.opcode, fin: f.fin !== false, rsv1: f.compressed === true };
  if (f.dataBase64 !== undefined) return { ...frame, payload: new Uint8Array(Buffer.from(f.dataBase64, 'base64')) };
  const text = f.data ?? '';
  if (f.compressed) return { ...frame, payload: new Uint8Array(deflateRawSync(Buffer.from(text))) };
  return { ...frame, payload: text };
}

const bodyOf = (input: Record<string, unknown>): string | Uint8Array | undefined =>
  typeof input.bodyBase64 === 'string' ? new Uint8Array(Buffer.from(input.bodyBase64, 'base64')) : (input.body as string | undefined);

/** Runs one case on a fresh scanner (rate limits and sessions never leak between cases). */
export function runEgressCase(
  c: EgressCase,
  make: () => Scanner = () => createScanner(BLOCKING_BALANCED as never, { env: { ...EGRESS_ENV } }),
): ScanResult {
  const s = make();
  const i = c.input as Record<string, never>;
  switch (c.surface) {
    case 'url':
      return s.scanUrl(i.url, { resolvedIps: i.resolvedIps ?? ['93.184.215.14'] });
    case 'request':
      return s.scanRequest({ method: i.method ?? 'GET', url: i.url, headers: i.headers, body: bodyOf(i), resolvedIps: ['93.184.215.14'] });
    case 'response':
      return s.scanResponse({ url: i.url, status: i.status ?? 200, headers: i.headers, body: bodyOf(i) ?? '' });
    case 'text':
      return s.scanText(i.text, { location: i.location });
    case 'tool-call':
      return s.scanToolCall({ name: i.name, arguments: i.arguments }, s.createMcpSession());
    case 'tool-calls': {
      const session = s.createMcpSession();
      const results = (i.calls as Array<{ name: string; arguments?: unknown }>).map((call) => s.scanToolCall(call, session));
      return results.find((r) => r.action === 'block') ?? results[results.length - 1]!;
    }
    case 'tool-result':
      return s.scanToolResult(i.result, s.createMcpSession());
    case 'tools-list':
      return s.scanToolsList(i.tools, s.createMcpSession());
    case 'mcp-message':
      return s.scanMcpMessage(i.message, i.direction ?? 'to-server', s.createMcpSession());
    case 'a2a-message': {
      const list = (i.messages ?? [i.message]) as unknown[];
      const results = list.map((m) => s.scanA2aMessage(m, i.direction));
      const findings = results.flatMap((r) => r.findings);
      return { action: results.some((r) => r.action === 'block') ? 'block' : results.some((r) => r.action === 'warn') ? 'warn' : 'allow', findings };
    }
    case 'a2a-card':
      return s.scanAgentCard(i.card);
    case 'websocket': {
      // One direction of one connection: every frame through one scanner.
      const ws = s.createWebSocketScanner({ direction: i.direction, url: i.url });
      const findings = (i.frames as CaseFrame[]).flatMap((f) => ws.frame(frameOf(f)).findings);
      return { action: findings.some((f) => f.action === 'block') ? 'block' : findings.some((f) => f.action === 'warn') ? 'warn' : 'allow', findings };
    }
    default:
      throw new Error(`case ${c.id}: unknown surface "${c.surface}"`);
  }
}

const cases = loadEgressCases();

describe('egress corpus', () => {
  it('every case has a unique id, a known expectation and an input', () => {
    const ids = new Set<string>();
    for (const c of cases) {
      expect(ids.has(c.id), `duplicate id ${c.id}`).toBe(false);
      ids.add(c.id);
      expect(['block', 'allow']).toContain(c.expect);
      expect(typeof c.input).toBe('object');
    }
  });

  it(`every class holds at least ${MIN_CASES_PER_CLASS} cases and the benign set at least ${MIN_BENIGN_CASES}`, () => {
    const counts = new Map<string, number>();
    for (const c of cases) counts.set(c.class, (counts.get(c.class) ?? 0) + 1);
    for (const [cls, n] of counts) expect(n, `class ${cls}`).toBeGreaterThanOrEqual(cls === 'benign' ? MIN_BENIGN_CASES : MIN_CASES_PER_CLASS);
    expect(counts.get('benign') ?? 0).toBeGreaterThanOrEqual(MIN_BENIGN_CASES);
  });

  it('blocks every attack and lets every benign case through', () => {
    const perClass = new Map<string, { caught: number; total: number; warned: number }>();
    const failures: string[] = [];
    for (const c of cases) {
      const r = runEgressCase(c);
      const stat = perClass.get(c.class) ?? { caught: 0, total: 0, warned: 0 };
      perClass.set(c.class, stat);
      stat.total++;
      const blocked = r.action === 'block';
      const ruleOk = c.rule === undefined || r.findings.some((f) => f.action === 'block' && f.rule === c.rule);
      const ok = c.expect === 'block' ? blocked && ruleOk : !blocked;
      if (ok) stat.caught++;
      else failures.push(`${c.id} (${c.class}, expect ${c.expect}): ${r.action} [${r.findings.map((f) => `${f.scanner}/${f.rule}:${f.action}`).join(', ') || 'no findings'}]`);
      if (c.expect === 'allow' && r.action === 'warn') stat.warned++;
    }
    const lines = [...perClass].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `  ${k.padEnd(28)} ${v.caught}/${v.total}${v.warned ? ` (${v.warned} warned)` : ''}`);
    console.log(`egress corpus: ${cases.length} cases\n${lines.join('\n')}${failures.length ? `\nfailures:\n  ${failures.join('\n  ')}` : ''}`);
    expect(failures).toEqual([]);
    // A fresh scanner per case (compiling every engine) for ~200 cases: allow for a loaded machine.
  }, 180_000);
});
