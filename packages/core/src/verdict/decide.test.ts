// Checks decide() against the table in docs/decisions.md: every combination
// of inputs is decided as the first matching documented row says, and every
// row decides at least one combination (no dead rows).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Mode, SectionAction, Severity } from '../types.js';
import { decide } from './decide.js';

const doc = readFileSync(fileURLToPath(new URL('../../../../docs/decisions.md', import.meta.url)), 'utf8');

interface Row {
  id: string;
  cells: string[][]; // per column: accepted values, or ['*']
  result: string;
}

function parseTable(md: string): Row[] {
  const section = md.split('## The table')[1]!.split('\n## ')[0]!;
  const lines = section.split('\n').filter((l) => /^\|\s*\d+\s*\|/.test(l));
  return lines.map((l) => {
    const cols = l.split('|').slice(1, -1).map((c) => c.trim());
    return { id: cols[0]!, cells: cols.slice(1, 7).map((c) => c.split(',').map((v) => v.trim())), result: cols[7]! };
  });
}

const MODES: Mode[] = ['strict', 'balanced', 'audit'];
const ACTIONS: SectionAction[] = ['block', 'warn', 'strip', 'ask'];
const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];

describe('decide() follows docs/decisions.md', () => {
  const rows = parseTable(doc);

  it('the documented table has its rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(13);
  });

  const used = new Set<string>();
  const cases: Array<{ values: string[]; input: Parameters<typeof decide>[0] }> = [];
  for (const suppressed of [true, false])
    for (const mode of MODES)
      for (const failClosed of [true, false])
        for (const sectionAction of ACTIONS)
          for (const severity of SEVERITIES)
            for (const enforce of [true, false])
              cases.push({
                values: [suppressed ? 'yes' : 'no', mode, failClosed ? 'yes' : 'no', sectionAction, severity, String(enforce)],
                input: { suppressed, mode, failClosed, sectionAction, severity, enforce },
              });

  it.each(cases.map((c) => [c.values.join(' / '), c] as const))('%s', (_name, c) => {
    const row = rows.find((r) => r.cells.every((accepted, i) => accepted[0] === '*' || accepted.includes(c.values[i]!)));
    expect(row, `no documented row matches ${c.values.join(', ')}`).toBeDefined();
    used.add(row!.id);
    expect(decide(c.input)).toBe(row!.result);
  });

  it('every documented row decides at least one combination', () => {
    expect([...used].sort((a, b) => Number(a) - Number(b))).toEqual(rows.map((r) => r.id));
  });
});
