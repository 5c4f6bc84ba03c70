// A speed change to the DLP engine or the URL pipeline must not change what
// they find: this scans the same inputs with two builds of core and reports
// every input whose results differ. The inputs: the DLP corpus (positives,
// near misses, everyday text) as they are and with evasions (control and
// zero-width characters, homoglyphs, accents, fullwidth forms, base64),
// each positive spliced between real source and README text, slices of
// 1 KB and 10 KB of every benchmark kind, and every URL of the egress
// corpus, 2,000 real README URLs and corpus texts put in URLs through scanUrl. Both example-credential policies, addresses on.
// Run after `pnpm build`, with the other build copied aside:
//   node scripts/dlp-same-findings.mjs [--base=packages/core/.base-dist] [--dist=packages/core/dist]
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KINDS, readmeUrls, slices } from '../test/bench/inputs.mjs';

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const load = async (dir) => import(pathToFileURL(resolve(dir, 'index.js')).href);
const builds = [await load(arg('base') ?? 'packages/core/.base-dist'), await load(arg('dist') ?? 'packages/core/dist')];

const corpus = new URL('../test/corpus/', import.meta.url);
const jsonl = (f) => readFileSync(new URL(`dlp/${f}`, corpus), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text);
const corpusTexts = ['positives.jsonl', 'near-misses.jsonl', 'rule-near-misses.jsonl', 'everyday.jsonl'].flatMap(jsonl);
const evasions = [
  (t) => t.replace(/(.{5})/g, '$1\u200b'),
  (t) => t.replace(/(.{7})/g, '$1\u0001'),
  (t) => t.replace(/a/g, '\u0430').replace(/e/g, '\u0435'),
  (t) => `caf\u00e9 ${t} \u2014 r\u00e9sum\u00e9`,
  (t) => t.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)),
  (t) => `payload=${Buffer.from(t).toString('base64')}`,
  (t) => `${t}\u000b\u007f`,
];
const texts = [...corpusTexts];
for (const e of evasions) for (const t of corpusTexts) texts.push(e(t));
const source = slices('source', 2048, 40);
const readme = slices('readme', 2048, 40);
corpusTexts.forEach((t, i) => texts.push(`${source[i % 40].slice(0, 1000)} ${t} ${readme[i % 40].slice(0, 1000)}`));
for (const { kind } of KINDS) texts.push(...slices(kind, 1024, 32), ...slices(kind, 10240, 16));

const urls = [];
const collectUrls = (v) => {
  if (typeof v === 'string') {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) urls.push(v);
  } else if (Array.isArray(v)) v.forEach(collectUrls);
  else if (v && typeof v === 'object') Object.values(v).forEach(collectUrls);
};
urls.push(...readmeUrls(2000), 'https://api.github.com/repos/o/r/issues?state=open&per_page=50');
urls.push(...corpusTexts.slice(0, 400).map((t, i) => `https://h${i % 7}.example/p/${encodeURIComponent(t.slice(0, 200))}?q=${encodeURIComponent(t.slice(0, 300))}`));
for (const f of readdirSync(new URL('egress/', corpus))) if (f.endsWith('.json')) collectUrls(JSON.parse(readFileSync(new URL(`egress/${f}`, corpus), 'utf8')));

const engines = builds.map((c) => [
  c.createDlpEngine({ cryptoAddresses: 'block' }),
  c.createDlpEngine({ cryptoAddresses: 'block', examples: 'suppress' }),
  c.createDlpEngine({ env: { TOKEN_X: 'Zq8vN3xLp5Rt7Yw2Qa9Kd' }, secrets: ['s3cr3t-Value-42xyz'] }),
]);
const scanners = builds.map((c) => c.createScanner({ fetch_proxy: { monitoring: { max_requests_per_minute: 1e12 } } }));
let diffs = 0;
let hits = 0;
for (const t of [...texts, 'key Zq8vN3xLp5Rt7Yw2Qa9Kd and s3cr3t-Value-42xyz', `x ${Buffer.from('s3cr3t-Value-42xyz').toString('base64')}`]) {
  for (let e = 0; e < engines[0].length; e++) {
    const a = JSON.stringify(engines[0][e].scan(t));
    const b = JSON.stringify(engines[1][e].scan(t));
    hits += JSON.parse(a).length;
    if (a !== b && diffs++ < 10) console.log(`differs (engine ${e}): ${JSON.stringify(t.slice(0, 120))}\n  base ${a.slice(0, 300)}\n  dist ${b.slice(0, 300)}`);
  }
}
for (const u of urls) {
  const a = JSON.stringify(scanners[0].scanUrl(u, { resolvedIps: ['93.184.215.14'] }));
  const b = JSON.stringify(scanners[1].scanUrl(u, { resolvedIps: ['93.184.215.14'] }));
  if (a !== b && diffs++ < 10) console.log(`differs (scanUrl): ${u.slice(0, 120)}\n  base ${a.slice(0, 300)}\n  dist ${b.slice(0, 300)}`);
}
console.log(`${texts.length + 2} texts x ${engines[0].length} engines (${hits} hits), ${urls.length} URLs: ${diffs} differ`);
process.exitCode = diffs === 0 ? 0 : 1;
