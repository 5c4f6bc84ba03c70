// MB/s per kind of real text for every engine entry point, from the built
// packages (run `pnpm build` first). vitest bench prints operations per
// second; this prints throughput, and the slowest kind per case, which is
// the figure that counts.
//   node scripts/bench-kinds.mjs [--kinds=readme,source] [--sizes="1 KB,10 KB"] [--ms=400] [--json=out.json]
// Inputs: test/bench/inputs.mjs (real files from node_modules/.pnpm).
import { writeFileSync } from 'node:fs';
import { benchCases } from '../test/bench/cases.mjs';
import { KINDS, corpus } from '../test/bench/inputs.mjs';

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const list = (v) => (v === undefined ? undefined : v.split(',').map((s) => s.trim()));
const minMs = Number(arg('ms') ?? 400);
const core = await import('../packages/core/dist/index.js');
const cases = benchCases(core, { kinds: list(arg('kinds')), sizes: list(arg('sizes')) });

/**
 * Median over batches, one batch = every input once. Returns MB/s (MiB of
 * UTF-8 per second) and microseconds per call.
 */
function measure(c) {
  const batchBytes = c.bytes.reduce((a, b) => a + b, 0);
  for (const i of c.inputs) c.run(i); // warm up (JIT, lazy compilation)
  const times = [];
  let spent = 0;
  while (spent < minMs || times.length < 5) {
    const t0 = performance.now();
    for (const i of c.inputs) c.run(i);
    const dt = performance.now() - t0;
    times.push(dt);
    spent += dt;
    if (times.length >= 2000) break;
  }
  times.sort((a, b) => a - b);
  const med = times[times.length >> 1];
  return { mbps: batchBytes / (1024 * 1024) / (med / 1000), usPerCall: (med * 1000) / c.inputs.length, batches: times.length };
}

const rows = [];
for (const c of cases) {
  const m = measure(c);
  rows.push({ kind: c.kind, group: c.group, label: c.label, ...m, avgBytes: Math.round(c.bytes.reduce((a, b) => a + b, 0) / c.bytes.length) });
  process.stderr.write('.');
}
process.stderr.write('\n');

const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmtUs = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} ms` : `${fmt(x)} µs`);
const caseNames = [...new Set(rows.map((r) => `${r.group}: ${r.label}`))];
const kinds = [...new Set(rows.map((r) => r.kind))];

console.log(`node ${process.version}; inputs: ${kinds.filter((k) => k !== 'url').map((k) => `${k} ${corpus(k).sha}`).join(', ')}`);
console.log('MB/s (median batch; µs per call in brackets). The slowest kind is the figure that counts.\n');
const header = ['case', ...kinds, 'slowest'];
const table = [header];
for (const name of caseNames) {
  const rs = rows.filter((r) => `${r.group}: ${r.label}` === name);
  const line = [name];
  for (const k of kinds) {
    const r = rs.find((x) => x.kind === k);
    line.push(r ? `${fmt(r.mbps)} (${fmtUs(r.usPerCall)})` : '');
  }
  const slow = rs.reduce((a, b) => (b.mbps < a.mbps ? b : a));
  line.push(`${slow.kind} ${fmt(slow.mbps)}`);
  table.push(line);
}
const widths = header.map((_, i) => Math.max(...table.map((l) => l[i].length)));
const print = (l) => console.log(`| ${l.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`);
print(table[0]);
print(widths.map((w) => '-'.repeat(w)));
for (const l of table.slice(1)) print(l);
console.log(`\nkinds: ${KINDS.filter((k) => kinds.includes(k.kind)).map((k) => `${k.kind} = ${k.what}`).join('; ')}`);

const out = arg('json');
if (out) writeFileSync(out, `${JSON.stringify({ node: process.version, rows }, null, 2)}\n`);
