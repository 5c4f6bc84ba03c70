// Adaptive enforcement and session profiling through the forward proxy: an
// agent that keeps tripping warnings is escalated (its warnings become
// blocks), another agent is not, upstream failures never count, and the
// X-Pipelock-Agent header never leaves the proxy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curl, startTestProxy, startUpstream, testConfig } from './helpers.js';
import type { TestProxy, Upstream } from './helpers.js';

let up: Upstream;
let p: TestProxy;

beforeAll(async () => {
  up = await startUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  p = await startTestProxy(
    testConfig({
      // A medium-severity pattern: in balanced mode it warns, it does not block.
      dlp: { patterns: [{ name: 'Internal Ticket', regex: 'TICKET-[0-9]{6}', severity: 'medium' }] },
      session_profiling: { enabled: true },
      adaptive_enforcement: { enabled: true, escalation_threshold: 2, decay_per_clean_request: 0.5, deescalation_check_seconds: 3600 },
    }),
  );
});

afterAll(async () => {
  await p.proxy.close();
  await up.close();
});

const post = async (agent: string, body: string) =>
  (await curl(['-o', '/dev/null', '-x', p.url, '-H', `X-Pipelock-Agent: ${agent}`, '-H', 'content-type: text/plain', '--data-binary', body, `${up.url}/notes`])).status;

describe('per-agent sessions on the forward proxy', () => {
  it('escalates an agent whose requests keep warning, and only that agent', async () => {
    expect(await post('agent-a', 'see TICKET-123456')).toBe(200);
    expect(await post('agent-a', 'and TICKET-654321')).toBe(200);
    // Score 2 >= threshold: agent-a is elevated, its next warning is a block.
    expect(await post('agent-a', 'also TICKET-111222')).toBe(403);
    // A clean request still passes at the elevated level.
    expect(await post('agent-a', 'hello')).toBe(200);
    // Another agent with the same kind of warning is not affected.
    expect(await post('agent-b', 'see TICKET-123456')).toBe(200);
    const blocked = p.logs.decisions.filter((e) => e.decision === 'block');
    expect(blocked.length).toBe(1);
  });

  it('never forwards the X-Pipelock-Agent header', () => {
    expect(up.seen.length).toBeGreaterThan(0);
    for (const r of up.seen) expect(r.headers['x-pipelock-agent']).toBeUndefined();
  });

  it('upstream failures do not count against a session', async () => {
    const dead = await startUpstream((_req, res) => res.end());
    const url = dead.url;
    await dead.close();
    for (let i = 0; i < 5; i++) {
      const r = await curl(['-o', '/dev/null', '-x', p.url, '-H', 'X-Pipelock-Agent: agent-c', `${url}/x`]);
      expect(r.status).toBe(502);
    }
    expect(await post('agent-c', 'see TICKET-123456')).toBe(200);
  });
});
