import { describe, expect, it } from 'vitest';
import { createScanner } from '../scanner.js';
import type { Finding } from '../types.js';

function setup(extra: Record<string, unknown> = {}) {
  let t = 0;
  const scanner = createScanner(
    {
      mode: 'balanced',
      session_profiling: { enabled: true, domain_burst: 3, window_minutes: 1 },
      adaptive_enforcement: { enabled: true, escalation_threshold: 4, decay_per_clean_request: 1, level_duration_seconds: 60, deescalation_check_seconds: 10 },
      ...extra,
    },
    { now: () => t },
  );
  return { tracker: scanner.createSessionTracker(), advance: (s: number) => (t += s * 1000) };
}

const warn = (severity: Finding['severity'] = 'high'): Finding => ({ scanner: 'dlp', rule: 'X', severity, action: 'warn' });

describe('adaptive enforcement', () => {
  it('escalates with findings and upgrades warnings to blocks at the elevated level', () => {
    const { tracker } = setup();
    expect(tracker.level('a')).toBe('normal');
    tracker.observe('a', { findings: [warn('high'), warn('high')] });
    expect(tracker.level('a')).toBe('elevated');
    expect(tracker.enforce('a', { action: 'warn', findings: [warn()] }).action).toBe('block');
    // Another agent is unaffected.
    expect(tracker.enforce('b', { action: 'warn', findings: [warn()] }).action).toBe('warn');
  });

  it('blocks everything at critical, and recovers with time even without clean requests', () => {
    const { tracker, advance } = setup();
    tracker.observe('a', { findings: [warn('critical'), warn('critical'), warn('critical'), warn('critical')] });
    expect(tracker.level('a')).toBe('critical');
    const r = tracker.enforce('a', { action: 'allow', findings: [] });
    expect(r.action).toBe('block');
    expect(r.findings[0]!.rule).toBe('Session Escalated: Critical');
    // Blocked requests observed with the escalation finding do not add points.
    tracker.observe('a', { findings: r.findings });
    advance(30 * 60);
    expect(tracker.level('a')).toBe('normal');
    expect(tracker.enforce('a', { action: 'allow', findings: [] }).action).toBe('allow');
  });

  it('clean requests decay the score', () => {
    const { tracker, advance } = setup();
    tracker.observe('a', { findings: [warn('high'), warn('high')] });
    for (let i = 0; i < 4; i++) tracker.observe('a', { findings: [] });
    advance(61);
    expect(tracker.level('a')).toBe('normal');
  });

  it('suppressed findings and exempt domains add no points', () => {
    const { tracker } = setup({ adaptive_enforcement: { enabled: true, escalation_threshold: 1, exempt_domains: ['*.example.com'] } });
    tracker.observe('a', { findings: [{ ...warn('critical'), suppressed: true }] });
    tracker.observe('a', { host: 'api.example.com', findings: [warn('critical')] });
    expect(tracker.level('a')).toBe('normal');
  });
});

describe('session profiling', () => {
  it('flags a burst of new domains within the window, not spread out', () => {
    const { tracker, advance } = setup({ adaptive_enforcement: { enabled: false } });
    const seen = ['a.com', 'b.com', 'c.com', 'd.com'].map((h) => tracker.observe('s', { host: `api.${h}`, findings: [] }));
    expect(seen.slice(0, 3).flat()).toEqual([]);
    expect(seen[3]!.map((f) => f.rule)).toEqual(['Domain Burst']);
    const slow = ['e.com', 'f.com', 'g.com', 'h.com'].map((h) => {
      advance(61);
      return tracker.observe('t', { host: h, findings: [] });
    });
    expect(slow.flat()).toEqual([]);
  });

  it('flags a volume spike against the session average', () => {
    const { tracker } = setup({ adaptive_enforcement: { enabled: false } });
    for (let i = 0; i < 8; i++) expect(tracker.observe('s', { bytes: 1000, findings: [] })).toEqual([]);
    expect(tracker.observe('s', { bytes: 50_000, findings: [] }).map((f) => f.rule)).toEqual(['Volume Spike']);
  });

  it('is bounded by max_sessions and forgets idle sessions', () => {
    const { tracker, advance } = setup({ session_profiling: { enabled: true, max_sessions: 10, session_ttl_minutes: 1 } });
    for (let i = 0; i < 50; i++) tracker.observe(`agent-${i}`, { findings: [] });
    expect(tracker.size).toBe(10);
    advance(120);
    tracker.sweep();
    expect(tracker.size).toBe(0);
  });
});
