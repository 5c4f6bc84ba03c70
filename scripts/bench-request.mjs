// The core's cost per proxied request (issue 12): scanRequest on a realistic
// request (5-12 headers, a ~1 KB JSON chat-completion body), scanResponse on
// a 1-2 KB JSON answer, and the URL cases, in CPU µs per call. A/B between
// two builds of core in one run, interleaved, as scripts/bench-targets.mjs:
//   node scripts/bench-request.mjs [--base=packages/core/.base-dist] [--ms=300] [--only=substring]
// Make the base build with: cp -r packages/core/dist packages/core/.base-dist
// before changing anything. `--profile=N` runs the dist build's cases N
// times without timing, for `node --cpu-prof scripts/bench-request.mjs --profile=20000`.
import { printAbTable } from './ab-cpu.mjs';

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const minMs = Number(arg('ms') ?? 300);
const base = arg('base');
const only = arg('only');
const profile = Number(arg('profile') ?? 0);
const builds = [{ name: 'dist', core: await import('../packages/core/dist/index.js') }];
if (base) builds.unshift({ name: 'base', core: await import(new URL(`../${base}/index.js`, import.meta.url).href) });

const AWS_KEY = ['AKIA', 'Z7K2QX5M', 'WB3RTJ4N'].join('');
const OPENAI_KEY = ['sk-proj-', 'Qm9vYmFyYmF6cXV4', 'T3BlbkFJ', 'x7Kd2Lp9Vw4Rt6Yb1Nc8Hs3Fg5Jk0Ma'].join('');
const PROSE =
  'The committee reviewed the quarterly figures and agreed to postpone the vendor decision until the audit is complete. ' +
  'Please summarise the main risks, list the open questions, and suggest two options with their costs. ';
const fill = (n, salt) => (PROSE.repeat(Math.ceil(n / PROSE.length) + 1).slice(salt % 50, (salt % 50) + n));

// Request bodies: a chat completion of ~1 KB, the user message varying per input.
const requestBody = (i) => JSON.stringify({
  model: 'gpt-4o-mini',
  temperature: 0.2,
  stream: false,
  messages: [
    { role: 'system', content: 'You are a careful financial assistant. Answer briefly and cite the figures you use.' },
    { role: 'user', content: `Request ${i}: ${fill(820, i)}` },
  ],
});
// Response bodies: a chat-completion answer of ~1.5 KB.
const responseBody = (i) => JSON.stringify({
  id: `chatcmpl-9x${(1000 + i).toString(36)}Qz7`,
  object: 'chat.completion',
  created: 1733200000 + i,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, message: { role: 'assistant', content: fill(1250, i * 7), refusal: null }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 231, completion_tokens: 318, total_tokens: 549 },
  system_fingerprint: 'fp_0ba0d124f1',
});
const hdrs5 = (i) => ({
  'content-type': 'application/json',
  accept: 'application/json',
  'user-agent': 'OpenAI/Python 1.54.3',
  authorization: `Bearer ${OPENAI_KEY}`,
  'x-request-id': `6f1c2a9e-4b7d-4e3a-9c1f-${(0x100000000000 + i).toString(16)}`,
});
const hdrs12 = (i) => ({
  ...hdrs5(i),
  'accept-encoding': 'gzip, deflate',
  'accept-language': 'en-GB,en;q=0.9',
  'x-stainless-lang': 'python',
  'x-stainless-package-version': '1.54.3',
  'x-stainless-os': 'Linux',
  'openai-organization': 'org-Zq3kLm8Np2Rs',
  cookie: `__cf_bm=Hx7.k2Lq9Zp3Vr5Tt8Yw1Nc4Bm6Fd0Gs-${1733200000 + i}-1.0.1.1-aZ3qL8mN2pR5sT7vW9xY1bC4dF6gH0jK; _cfuvid=Qw2Er4Ty6Ui8Op0As.${i}-1733200000000-0.0.1.1-604800000`,
});
// Distinct inputs per case, more than http/memo.ts keeps: what varies per
// request in real traffic (request ids, message contents, cookies here too)
// never repeats within a timing batch, so only what really repeats is remembered.
const N = 2048;
const range = (f) => Array.from({ length: N }, (_, i) => f(i));

function casesFor(core) {
  const cfg = { fetch_proxy: { monitoring: { max_requests_per_minute: 1e12 } } };
  const scanner = core.createScanner(cfg);
  const url = 'https://api.openai.com/v1/chat/completions';
  const ips = ['162.159.140.245'];
  const req = (headers) => range((i) => ({ method: 'POST', url, headers: headers(i), body: requestBody(i), resolvedIps: ips }));
  const req5 = req(hdrs5);
  const req12 = req(hdrs12);
  const res = range((i) => ({ url, status: 200, headers: { 'content-type': 'application/json', 'x-request-id': `req_${i}` }, body: responseBody(i) }));
  const resBytes = res.map((r) => ({ ...r, body: Buffer.from(r.body) }));
  return [
    { name: 'URL allowed (api.github.com issues)', inputs: ['https://api.github.com/repos/o/r/issues?state=open&per_page=50'], run: (u) => scanner.scanUrl(u, { resolvedIps: ['140.82.112.6'] }) },
    { name: 'URL allowed (api.openai.com chat)', inputs: [url], run: (u) => scanner.scanUrl(u, { resolvedIps: ips }) },
    // The same, every URL new (an id in the path): no help from the DLP table (http/memo.ts).
    { name: 'URL allowed, 2,048 distinct (id in the path)', inputs: range((i) => `https://api.github.com/repos/o/r/issues/${4000 + i}/comments?per_page=50`), run: (u) => scanner.scanUrl(u, { resolvedIps: ['140.82.112.6'] }) },
    { name: 'URL AWS key in query', inputs: [`https://evil.example/?k=${AWS_KEY}`], run: (u) => scanner.scanUrl(u, { resolvedIps: ['93.184.215.14'] }) },
    { name: 'scanRequest 5 headers + 1 KB JSON', inputs: req5, run: (r) => scanner.scanRequest(r) },
    { name: 'scanRequest 12 headers + cookies + 1 KB JSON', inputs: req12, run: (r) => scanner.scanRequest(r) },
    { name: 'scanResponse 1.5 KB JSON', inputs: res, run: (r) => scanner.scanResponse(r) },
    // The forward proxy hands the body over as the bytes it read.
    { name: 'scanResponse 1.5 KB JSON as bytes', inputs: resBytes, run: (r) => scanner.scanResponse(r) },
    { name: 'request (5 h) + response', inputs: range((i) => [req5[i], res[i]]), run: ([a, b]) => { scanner.scanRequest(a); scanner.scanResponse(b); } },
    { name: 'request (12 h) + response', inputs: range((i) => [req12[i], res[i]]), run: ([a, b]) => { scanner.scanRequest(a); scanner.scanResponse(b); } },
  ].filter((c) => only === undefined || c.name.includes(only));
}

// Results must not change: the same findings from both builds on every input.
const all = builds.map((b) => casesFor(b.core));
if (all.length === 2) {
  for (let k = 0; k < all[0].length; k++) {
    for (let i = 0; i < all[0][k].inputs.length; i++) {
      const a = JSON.stringify(all[0][k].run(all[0][k].inputs[i]) ?? null);
      const b = JSON.stringify(all[1][k].run(all[1][k].inputs[i]) ?? null);
      if (a !== b) { console.error(`results differ: ${all[0][k].name} #${i}\n base ${a}\n dist ${b}`); process.exitCode = 1; }
    }
  }
}
if (profile > 0) {
  const cs = all[all.length - 1];
  for (const c of cs) for (let n = 0; n < profile; n += c.inputs.length) for (const i of c.inputs) c.run(i);
  process.exit(0);
}

// CPU time (process.cpuUsage: user + system), not wall time.
// 256 calls per batch, going round the inputs from where the last batch stopped.
function batch(c) {
  const t0 = process.cpuUsage();
  const n = 256;
  for (let k = 0; k < n; k++) { c.run(c.inputs[c.pos ?? 0]); c.pos = ((c.pos ?? 0) + 1) % c.inputs.length; }
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / n;
}
printAbTable(builds, all, batch, minMs, 48);
