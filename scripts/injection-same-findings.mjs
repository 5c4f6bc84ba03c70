// A speed change to the injection engine must not change what it finds:
// this scans the same texts with two builds of core and reports every text
// whose findings or explain() evidence differ. The texts: the injection
// corpus (attacks, positives, benign, LLM answers, the 10 KB web page), 48
// slices of 10 KB of every benchmark kind (real files from node_modules),
// and each of the first 300 corpus texts spliced between HTML and minified
// code, so row keywords meet brackets, tags and identifiers. Run after
// `pnpm build`, with the other build copied aside (e.g. main's build in
// packages/core/.base-dist):
//   node scripts/injection-same-findings.mjs [--base=packages/core/.base-dist] [--dist=packages/core/dist]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KINDS, slices } from '../test/bench/inputs.mjs';

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const load = async (dir) => (await import(pathToFileURL(resolve(dir, 'index.js')).href)).createInjectionEngine();
const base = await load(arg('base') ?? 'packages/core/.base-dist');
const now = await load(arg('dist') ?? 'packages/core/dist');

const corpus = new URL('../test/corpus/injection/', import.meta.url);
const texts = [];
for (const f of ['attacks', 'positives', 'benign', 'benign-llm-answers']) {
  for (const line of readFileSync(new URL(`${f}.jsonl`, corpus), 'utf8').split('\n')) if (line.trim()) texts.push(JSON.parse(line).text);
}
texts.push(readFileSync(new URL('webpage-10k.txt', corpus), 'utf8'));
for (const { kind } of KINDS) texts.push(...slices(kind, 10240, 48));
const html = slices('html', 4000, 20);
const code = slices('minified', 4000, 20);
const spliced = texts.slice(0, 300).map((t, i) => `${(html[i % 20] ?? '').slice(0, 2000)} ${t} ${(code[i % 20] ?? '').slice(0, 2000)}`);
texts.push(...spliced);

let differ = 0;
let findings = 0;
for (const t of texts) {
  if (typeof t !== 'string') continue;
  const a = JSON.stringify([base.scan(t), base.explain(t)]);
  const b = JSON.stringify([now.scan(t), now.explain(t)]);
  findings += now.scan(t).length;
  if (a === b) continue;
  if (differ++ < 5) console.log(`differs: ${JSON.stringify(t.slice(0, 100))}\n  base ${a.slice(0, 240)}\n  now  ${b.slice(0, 240)}`);
}
console.log(`${texts.length} texts, ${findings} findings (this build), ${differ} differing`);
process.exitCode = differ === 0 ? 0 : 1;
