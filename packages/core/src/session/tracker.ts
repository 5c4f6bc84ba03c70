// Per-agent sessions for the daemon: profiling (bursts of new domains, volume
// spikes) and adaptive enforcement (a score that rises with findings and
// escalates the session's enforcement). Recovery is built in: the score
// decays with every clean request AND with time, and a level steps down once
// it has lasted level_duration_seconds with the score below it, so a run of
// false positives cannot lock an agent out for good. Upstream and network
// errors are never observed. Pure: the clock is the scanner's.
import type { Config } from '../config/index.js';
import type { RawHit, ScanContext } from '../context.js';
import { baseDomain } from '../url/domain.js';
import { compileHostGlobs } from '../url/domain.js';
import type { Finding, ScanResult, Severity } from '../types.js';
import { strongestAction } from '../types.js';

export type EnforcementLevel = 'normal' | 'elevated' | 'high' | 'critical';
const LEVELS: readonly EnforcementLevel[] = ['normal', 'elevated', 'high', 'critical'];
const POINTS: Readonly<Record<Severity, number>> = { low: 0.5, medium: 1, high: 2, critical: 3 };

interface SessionState {
  score: number;
  level: number;
  levelSince: number;
  lastDecay: number;
  lastSeen: number;
  domains: Map<string, number>;
  requests: number;
  avgBytes: number;
}

export interface SessionObservation {
  host?: string;
  bytes?: number;
  findings: readonly Finding[];
}

export interface SessionTracker {
  /** The session's level now (time-based decay and de-escalation applied). */
  level(key: string): EnforcementLevel;
  /** The result as this session's level enforces it: warnings upgraded, or everything blocked at critical. */
  enforce(key: string, result: ScanResult): ScanResult;
  /** Counts a decided request: anomaly findings for it (profiling) are returned and already scored. */
  observe(key: string, obs: SessionObservation): Finding[];
  readonly size: number;
  /** Forgets idle sessions (session_ttl_minutes). */
  sweep(): void;
}

export function createSessionTracker(ctx: ScanContext): SessionTracker {
  const cfg: Config = ctx.config;
  const prof = cfg.session_profiling;
  const adapt = cfg.adaptive_enforcement;
  const threshold = adapt.escalation_threshold;
  const decay = adapt.decay_per_clean_request;
  const levelMs = adapt.level_duration_seconds * 1000;
  const decayEveryMs = adapt.deescalation_check_seconds * 1000;
  const windowMs = prof.window_minutes * 60_000;
  const ttlMs = prof.session_ttl_minutes * 60_000;
  const exempt = compileHostGlobs(adapt.exempt_domains ?? [], { apex: false });
  const sessions = new Map<string, SessionState>();

  function get(key: string): SessionState {
    const now = ctx.now();
    let s = sessions.get(key);
    if (!s) {
      s = { score: 0, level: 0, levelSince: now, lastDecay: now, lastSeen: now, domains: new Map(), requests: 0, avgBytes: 0 };
      sessions.set(key, s);
      while (sessions.size > prof.max_sessions) sessions.delete(sessions.keys().next().value!);
    } else {
      sessions.delete(key);
      sessions.set(key, s);
    }
    // Time heals: one decay step per check interval, even with no clean requests.
    if (decayEveryMs > 0 && now - s.lastDecay >= decayEveryMs) {
      const steps = Math.floor((now - s.lastDecay) / decayEveryMs);
      s.score = Math.max(0, s.score - steps * decay);
      s.lastDecay += steps * decayEveryMs;
    }
    // Step down one level at a time once a level has lasted its duration and the score is below it.
    while (s.level > 0 && now - s.levelSince >= levelMs && s.score < threshold * s.level) {
      s.level--;
      s.levelSince += levelMs;
    }
    s.lastSeen = now;
    return s;
  }

  function escalate(s: SessionState): void {
    const target = Math.min(3, Math.floor(s.score / threshold));
    if (target > s.level) {
      s.level = target;
      s.levelSince = ctx.now();
    }
  }

  return {
    level(key) {
      if (!adapt.enabled) return 'normal';
      return LEVELS[get(key).level]!;
    },
    enforce(key, result) {
      if (!adapt.enabled) return result;
      const lv = get(key).level;
      if (lv === 0) return result;
      const conf = adapt.levels[LEVELS[lv] as 'elevated' | 'high' | 'critical'];
      const findings = result.findings.map((f) => (f.action === 'warn' && conf.upgrade_warn === 'block' && !f.suppressed ? { ...f, action: 'block' as const } : f));
      if (conf.block_all) {
        findings.push(
          ctx.finding({ scanner: 'session', rule: 'Session Escalated: Critical', severity: 'critical', failClosed: true, excerpt: 'adaptive enforcement blocks this session until it recovers' }, 'session', 'dlp'),
        );
      }
      const out: ScanResult = { action: strongestAction(findings.map((f) => f.action)), findings };
      if (result.body !== undefined) out.body = result.body;
      return out;
    },
    observe(key, obs) {
      if (!prof.enabled && !adapt.enabled) return [];
      const s = get(key);
      const now = ctx.now();
      const anomalies: Finding[] = [];
      if (prof.enabled) {
        s.requests++;
        if (obs.host) {
          const base = baseDomain(obs.host);
          for (const [d, t] of s.domains) if (now - t > windowMs) s.domains.delete(d);
          if (base && !s.domains.has(base)) {
            s.domains.set(base, now);
            if (s.domains.size > prof.domain_burst) {
              const hit: RawHit = { scanner: 'session', rule: 'Domain Burst', severity: 'medium', patternAction: prof.anomaly_action, excerpt: `${s.domains.size} new domains in ${prof.window_minutes} min` };
              anomalies.push(ctx.finding(hit, 'session', 'dlp'));
            }
            // Bounded: a session cannot grow the set past a few bursts' worth.
            while (s.domains.size > prof.domain_burst * 4) s.domains.delete(s.domains.keys().next().value!);
          }
        }
        const bytes = obs.bytes ?? 0;
        if (bytes > 0) {
          if (s.requests > 5 && s.avgBytes > 0 && bytes > s.avgBytes * prof.volume_spike_ratio) {
            const hit: RawHit = { scanner: 'session', rule: 'Volume Spike', severity: 'medium', patternAction: prof.anomaly_action, excerpt: `${bytes} bytes vs ~${Math.round(s.avgBytes)} average` };
            anomalies.push(ctx.finding(hit, 'session', 'dlp'));
          }
          s.avgBytes = s.avgBytes === 0 ? bytes : s.avgBytes * 0.9 + bytes * 0.1;
        }
      }
      if (adapt.enabled) {
        const hostExempt = obs.host ? exempt(obs.host) : false;
        let points = 0;
        for (const f of [...obs.findings, ...anomalies]) {
          // The session's own escalation block is a consequence, not new evidence.
          if (f.suppressed || f.rule.startsWith('Session Escalated') || hostExempt) continue;
          points += POINTS[f.severity];
        }
        if (points > 0) {
          s.score += points;
          escalate(s);
        } else {
          s.score = Math.max(0, s.score - decay);
        }
      }
      return anomalies;
    },
    get size() {
      return sessions.size;
    },
    sweep() {
      const cutoff = ctx.now() - ttlMs;
      for (const [k, s] of sessions) if (s.lastSeen < cutoff) sessions.delete(k);
    },
  };
}
