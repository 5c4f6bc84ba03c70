// What a scan run found, counted once for every output format.
import type { Action, Finding } from '@pipelock/core';

export interface Summary {
  /** Unsuppressed findings: what makes the exit status 1. */
  findings: number;
  /** Findings silenced inline, by config or by a baseline (shown with --verbose). */
  suppressed: number;
  /** Files with at least one unsuppressed finding. */
  files: number;
  /** The strongest action of the unsuppressed findings ('allow' when none). */
  action: Action;
}

const RANK: Record<Action, number> = { allow: 0, warn: 1, strip: 2, block: 3 };

export function summarize(findings: readonly Finding[]): Summary {
  let active = 0;
  let suppressed = 0;
  let action: Action = 'allow';
  const files = new Set<string>();
  for (const f of findings) {
    if (f.suppressed) {
      suppressed++;
      continue;
    }
    active++;
    if (f.file !== undefined) files.add(f.file);
    if (RANK[f.action] > RANK[action]) action = f.action;
  }
  return { findings: active, suppressed, files: files.size, action };
}

/** The findings a format prints: suppressed ones only with --verbose. */
export function visible(findings: readonly Finding[], verbose: boolean): Finding[] {
  return verbose ? [...findings] : findings.filter((f) => !f.suppressed);
}

/** 'src/a.ts:14', or the finding's location when it has no file. */
export function where(f: Finding): string {
  if (f.file !== undefined) return f.line !== undefined ? `${f.file}:${f.line}` : f.file;
  return f.location ?? '-';
}
