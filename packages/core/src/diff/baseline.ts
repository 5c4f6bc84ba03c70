// Baselines: the fingerprints of findings a team has accepted when adopting
// the tool on an existing codebase. A baseline names findings by fingerprint
// (rule + file + hashed secret), never by the secret, and never by line number.
import { PipelockError } from '../errors.js';
import type { Finding } from '../types.js';

export interface BaselineEntry {
  fingerprint: string;
  rule?: string;
  file?: string;
}

export interface Baseline {
  version: 1;
  fingerprints: BaselineEntry[];
}

/** Parse a baseline file's text. Throws PipelockError BASELINE_INVALID naming what is wrong. */
export function parseBaseline(text: string): Set<string> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new PipelockError('BASELINE_INVALID', `baseline is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    throw new PipelockError('BASELINE_INVALID', 'baseline must be a JSON object {"version": 1, "fingerprints": [...]}');
  }
  const o = doc as Record<string, unknown>;
  if (o.version !== 1) {
    throw new PipelockError('BASELINE_INVALID', `baseline version must be 1, got ${JSON.stringify(o.version)}`);
  }
  if (!Array.isArray(o.fingerprints)) {
    throw new PipelockError('BASELINE_INVALID', 'baseline "fingerprints" must be an array');
  }
  const out = new Set<string>();
  o.fingerprints.forEach((e: unknown, i: number) => {
    const fp = typeof e === 'string' ? e : typeof e === 'object' && e !== null ? (e as Record<string, unknown>).fingerprint : undefined;
    if (typeof fp !== 'string' || !/^[0-9a-f]{8,128}$/.test(fp)) {
      throw new PipelockError('BASELINE_INVALID', `baseline fingerprints[${i}].fingerprint must be a hex string`);
    }
    out.add(fp);
  });
  return out;
}

/**
 * Mark findings whose fingerprint is in the baseline as suppressed (by
 * 'baseline'). Findings already suppressed inline or by config keep that reason.
 */
export function applyBaseline(findings: Finding[], baseline: ReadonlySet<string>): Finding[] {
  for (const f of findings) {
    if (f.suppressed || f.fingerprint === undefined || !baseline.has(f.fingerprint)) continue;
    f.suppressed = true;
    f.suppressedBy = 'baseline';
    f.action = 'allow';
  }
  return findings;
}

/**
 * The baseline that accepts the current findings: every finding not silenced
 * inline or by config (those need no baseline). Sorted and de-duplicated so
 * the file diffs cleanly.
 */
export function buildBaseline(findings: readonly Finding[]): Baseline {
  const seen = new Map<string, BaselineEntry>();
  for (const f of findings) {
    if (f.fingerprint === undefined) continue;
    if (f.suppressed && f.suppressedBy !== 'baseline') continue;
    if (!seen.has(f.fingerprint)) {
      const e: BaselineEntry = { fingerprint: f.fingerprint, rule: f.rule };
      if (f.file !== undefined) e.file = f.file;
      seen.set(f.fingerprint, e);
    }
  }
  const fingerprints = [...seen.values()].sort(
    (a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.rule ?? '').localeCompare(b.rule ?? '') || a.fingerprint.localeCompare(b.fingerprint),
  );
  return { version: 1, fingerprints };
}
