// CPU time of the injection engine per kind and size, measured with
// process.cpuUsage() (user + system of this process, so other load on the
// machine counts less than in wall-clock medians): best of N batches, one
// batch = every input once. With --base=DIR a second build of core (e.g. a
// copy of packages/core/dist from before a change) is measured in the same
// process, interleaved, for a before/after table. Two engines in one process
// can disturb each other's JIT state (a case measured right after the other
// build's can come out several times slower): when a ratio looks wild,
// measure each build in its own process (--dist=DIR) and compare.
//   node scripts/bench-injection-cpu.mjs [--base=packages/core/.base-dist] [--dist=packages/core/dist] [--kinds=readme,minified] [--sizes="1 KB,10 KB,1 MB"] [--rounds=7] [--warm-ms=300]
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KINDS, slices, mcpToolResult } from '../test/bench/inputs.mjs';
import { SIZES } from '../test/bench/cases.mjs';

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const list = (v) => (v === undefined ? undefined : v.split(',').map((s) => s.trim()));
const kinds = list(arg('kinds')) ?? KINDS.map((k) => k.kind);
const sizes = SIZES.filter((s) => !arg('sizes') || list(arg('sizes')).includes(s.label));
const rounds = Number(arg('rounds') ?? 7);
const warmUs = Number(arg('warm-ms') ?? 300) * 1000;
const builds = [{ name: 'now', dir: arg('dist') ?? 'packages/core/dist' }];
if (arg('base')) builds.unshift({ name: 'base', dir: arg('base') });
for (const b of builds) {
  const core = await import(pathToFileURL(resolve(b.dir, 'index.js')).href);
  b.engine = core.createInjectionEngine();
  b.scanner = core.createScanner({});
}

function cpuUs(fn) {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return c.user + c.system;
}

/**
 * Best batch CPU time per call in µs for each of runs[]; rounds interleave
 * the runs (base, now, base, now …) so a change of load hits both alike.
 */
function measure(runs, inputs, minUs) {
  const batch = (run) => cpuUs(() => {
    for (const i of inputs) run(i);
  });
  for (const run of runs) {
    // warm up (JIT tiers compile in the background; a loaded machine delays them)
    let warm = 0;
    while (warm < warmUs) warm += batch(run);
  }
  const best = runs.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    runs.forEach((run, x) => {
      let reps = 0;
      let spent = 0;
      while (spent < minUs || reps === 0) {
        spent += batch(run);
        reps++;
      }
      best[x] = Math.min(best[x], spent / reps / inputs.length);
    });
  }
  return best;
}

const fmt = (us) => (us >= 1000 ? `${(us / 1000).toFixed(2)} ms` : `${us.toFixed(us >= 100 ? 0 : 1)} µs`);
const rows = [];
for (const kind of kinds) {
  for (const size of sizes) {
    const inputs = slices(kind, size.chars, size.count);
    const r = { kind, size: size.label };
    const m = measure(builds.map((b) => (t) => b.engine.scan(t)), inputs, size.chars >= 1 << 20 ? 60_000 : 20_000);
    builds.forEach((b, x) => (r[b.name] = m[x]));
    rows.push(r);
    process.stderr.write('.');
  }
  const results = Array.from({ length: 16 }, (_, i) => mcpToolResult(kind, 7, 200, i));
  const r = { kind, size: 'MCP 5 blocks (DLP+inj)' };
  const m = measure(
    builds.map((b) => (msg) => {
      const s = b.scanner.createMcpSession();
      s.expect(7, { method: 'tools/call', tool: 'x' });
      b.scanner.scanMcpMessage(msg, 'to-client', s);
    }),
    results,
    20_000,
  );
  builds.forEach((b, x) => (r[b.name] = m[x]));
  rows.push(r);
}
process.stderr.write('\n');
console.log(`injection engine scan(), CPU µs per call (best of ${rounds} batches, process.cpuUsage)`);
console.log(`| kind | size | ${builds.map((b) => b.name).join(' | ')}${builds.length > 1 ? ' | now/base' : ''} |`);
console.log(`|---|---|${builds.map(() => '---:').join('|')}${builds.length > 1 ? '|---:' : ''}|`);
for (const r of rows) console.log(`| ${r.kind} | ${r.size} | ${builds.map((b) => fmt(r[b.name])).join(' | ')}${builds.length > 1 ? ` | ${(r.now / r.base).toFixed(2)}` : ''} |`);
