// CPU time of scanToolsList on real-looking tool lists, from the built core
// (run `pnpm build` first): the benign tool corpora of test/corpus/mcp, as a
// 551-tool list (the shadowing and look-alike checks see every other name)
// and as a 20-tool list. Prints the median and range of process.cpuUsage
// per list and per tool.
//   node scripts/bench-tools-list.mjs [--reps=8] [--base=packages/core/dist-base]
import { readFileSync } from 'node:fs';

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const reps = Number(arg('reps') ?? 8);
const base = arg('base');
const dir = new URL('../test/corpus/mcp/', import.meta.url);

/** benign-tools.txt ("name | description | param: description; …") plus the JSON benign sets. */
function benignTools() {
  const tools = [];
  for (const line of readFileSync(new URL('benign-tools.txt', dir), 'utf8').split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [name, description, params = ''] = line.split(' | ').map((x) => x.trim());
    const properties = {};
    for (const p of params.split(';').map((x) => x.trim()).filter(Boolean)) {
      const c = p.indexOf(':');
      properties[p.slice(0, c).trim()] = { type: 'string', description: p.slice(c + 1).trim() };
    }
    tools.push({ name, description, inputSchema: { type: 'object', properties } });
  }
  tools.push(...JSON.parse(readFileSync(new URL('benign-tools.json', dir), 'utf8')));
  for (const f of ['poison-blind2.json', 'poison-blind3.json', 'poison-blind4.json']) tools.push(...JSON.parse(readFileSync(new URL(f, dir), 'utf8')).benign);
  return tools.map((t, i) => ({ ...t, name: `${t.name}_${i}` }));
}

function cpuMs(fn) {
  const c = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
}

function run(label, core) {
  const scanner = core.createScanner({ mode: 'balanced', mcp_tool_scanning: { action: 'block' } });
  const all = benignTools();
  for (const n of [551, 20]) {
    const list = all.slice(0, n);
    const times = [];
    const rounds = n === 20 ? reps * 10 : reps;
    for (let i = 0; i < 3; i++) scanner.scanToolsList(list);
    for (let i = 0; i < rounds; i++) times.push(cpuMs(() => scanner.scanToolsList(list)));
    times.sort((a, b) => a - b);
    const med = times[times.length >> 1];
    console.log(`${label}: ${n} tools: ${med.toFixed(1)} ms CPU per list (range ${times[0].toFixed(1)}-${times.at(-1).toFixed(1)}), ${((1000 * med) / n).toFixed(0)} µs per tool`);
  }
}

if (base) run('base', await import(new URL(`../${base}/index.js`, import.meta.url).href));
run('dist', await import('../packages/core/dist/index.js'));
