// Dangerous and ordinary shell commands in tool calls (test/corpus/shell):
// each command goes through scanToolCall in balanced mode with the tool
// policy set to block, as a run_command-style tool would send it. Prints
// recall per family and obfuscation variant, the false-alarm rate per benign
// category, each for the tuning and the held-out split, and fails below the
// floors (set from the measured rates, a little under them).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createScanner } from '@pipelock/core';

const dir = fileURLToPath(new URL('./corpus/shell/', import.meta.url));

interface Dangerous {
  id: string;
  family: string;
  variant: string;
  cmd: string;
  split: 'tune' | 'holdout';
}
interface Benign {
  category: string;
  cmd: string;
  split: 'tune' | 'holdout';
}

const dangerous = readFileSync(`${dir}dangerous.jsonl`, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Dangerous);

function loadBenign(file: string): Benign[] {
  const out: Benign[] = [];
  let category = 'misc';
  let n = 0;
  for (const line of readFileSync(`${dir}${file}`, 'utf8').split('\n')) {
    if (line.startsWith('## ')) category = line.slice(3).trim();
    else if (line.trim() && !line.startsWith('# ')) out.push({ category, cmd: line, split: n++ % 10 < 3 ? 'holdout' : 'tune' });
  }
  return out;
}
const benign = [...loadBenign('benign.txt'), ...loadBenign('benign-readmes.txt')];

const scanner = createScanner({ mode: 'balanced', mcp_tool_policy: { action: 'block' }, mcp_input_scanning: { action: 'block' } });
// Tool names and argument keys rotate so the engine is measured on the shapes real shell tools use.
const TOOLS: Array<[string, string]> = [
  ['run_command', 'command'],
  ['bash', 'command'],
  ['execute_command', 'cmd'],
  ['shell', 'script'],
  ['terminal_run', 'command'],
];
function decide(cmd: string, i: number) {
  const [name, key] = TOOLS[i % TOOLS.length]!;
  return scanner.scanToolCall({ name, arguments: { [key]: cmd } });
}

function rate(hits: number, total: number): string {
  return total ? `${hits}/${total} = ${((100 * hits) / total).toFixed(1)} %` : '-';
}

const results = {
  dangerous: dangerous.map((d, i) => ({ d, r: decide(d.cmd, i) })),
  benign: benign.map((b, i) => ({ b, r: decide(b.cmd, i) })),
};

function table(groups: Map<string, { hit: number; total: number }>): string {
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `    ${k.padEnd(34)} ${rate(v.hit, v.total)}`)
    .join('\n');
}
function group<T>(rows: T[], key: (r: T) => string, hit: (r: T) => boolean) {
  const m = new Map<string, { hit: number; total: number }>();
  for (const r of rows) {
    const g = m.get(key(r)) ?? { hit: 0, total: 0 };
    m.set(key(r), g);
    g.total++;
    if (hit(r)) g.hit++;
  }
  return m;
}

const blocked = (r: { action: string }) => r.action === 'block';

describe('shell corpus', () => {
  it('has at least 300 dangerous and 500 benign commands', () => {
    expect(dangerous.length).toBeGreaterThanOrEqual(300);
    expect(benign.length).toBeGreaterThanOrEqual(500);
  });

  it('recall and false alarms per family, variant and split', () => {
    const report: string[] = [];
    for (const split of ['tune', 'holdout'] as const) {
      const d = results.dangerous.filter((x) => x.d.split === split);
      const b = results.benign.filter((x) => x.b.split === split);
      const recall = d.filter((x) => blocked(x.r)).length / d.length;
      const fp = b.filter((x) => blocked(x.r)).length / b.length;
      const warned = b.filter((x) => x.r.action === 'warn').length;
      report.push(`  ${split}: recall ${rate(d.filter((x) => blocked(x.r)).length, d.length)}, false blocks ${rate(b.filter((x) => blocked(x.r)).length, b.length)} (${warned} warned)`);
      report.push(`   dangerous by family:\n${table(group(d, (x) => x.d.family, (x) => blocked(x.r)))}`);
      report.push(`   benign blocked by category:\n${table(group(b, (x) => x.b.category, (x) => blocked(x.r)))}`);
      if (split === 'tune') {
        expect(recall, `${split} recall`).toBeGreaterThanOrEqual(FLOORS.tuneRecall);
        expect(fp, `${split} false blocks`).toBeLessThanOrEqual(FLOORS.tuneFp);
      } else {
        expect(recall, `${split} recall`).toBeGreaterThanOrEqual(FLOORS.holdoutRecall);
        expect(fp, `${split} false blocks`).toBeLessThanOrEqual(FLOORS.holdoutFp);
      }
    }
    report.push(`   dangerous by obfuscation variant (both splits):\n${table(group(results.dangerous, (x) => x.d.variant, (x) => blocked(x.r)))}`);
    const misses = results.dangerous.filter((x) => !blocked(x.r)).map((x) => `    miss ${x.d.id}: ${x.d.cmd.slice(0, 110)} [${x.r.findings.map((f) => `${f.rule}:${f.action}`).join(', ')}]`);
    const fps = results.benign.filter((x) => blocked(x.r)).map((x) => `    false block (${x.b.category}): ${x.b.cmd.slice(0, 110)} [${x.r.findings.map((f) => `${f.rule}:${f.action}`).join(', ')}]`);
    console.log(`shell corpus: ${dangerous.length} dangerous, ${benign.length} benign\n${report.join('\n')}\n${[...fps, ...misses].join('\n')}`);
  });
});

// Measured: tune 98.6 % recall, 0.0 % false blocks; held out 97.2 %, 1.0 %.
/** The blind set: rates only, so it is not used for tuning by reading its misses. */
function loadBlind(): { dangerous: string[]; benign: string[] } {
  const out = { dangerous: [] as string[], benign: [] as string[] };
  let section: 'dangerous' | 'benign' | null = null;
  for (const line of readFileSync(`${dir}blind.txt`, 'utf8').split('\n')) {
    if (line === '## dangerous') section = 'dangerous';
    else if (line === '## benign') section = 'benign';
    else if (section && line.trim() && !line.startsWith('# ')) out[section].push(line);
  }
  return out;
}

describe('shell corpus, blind set', () => {
  it('recall and false blocks on commands never used for tuning', () => {
    const blind = loadBlind();
    const caught = blind.dangerous.filter((c, i) => blocked(decide(c, i))).length;
    const fp = blind.benign.filter((c, i) => blocked(decide(c, i))).length;
    console.log(`shell blind set: recall ${rate(caught, blind.dangerous.length)}, false blocks ${rate(fp, blind.benign.length)}`);
    expect(caught / blind.dangerous.length).toBeGreaterThanOrEqual(BLIND_FLOORS.recall);
    expect(fp / blind.benign.length).toBeLessThanOrEqual(BLIND_FLOORS.fp);
  });
});

// Measured once after the engine was built: 94.3 % recall, 2.5 % false blocks (2 of 80).
const BLIND_FLOORS = { recall: 0.85, fp: 0.05 };

const FLOORS = { tuneRecall: 0.95, tuneFp: 0.01, holdoutRecall: 0.93, holdoutFp: 0.02 };
