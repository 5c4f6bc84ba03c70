// Instructions per scanRequest (5-header case of scripts/bench-request.mjs), for callgrind:
//   valgrind --tool=callgrind node scripts/instructions-request.mjs packages/core/dist 0
//   valgrind --tool=callgrind node scripts/instructions-request.mjs packages/core/dist 2000
// (difference / 2000 = per request; 3,000 warm-up requests run first). The first
// argument is a build of core (packages/core/.base-dist for the base).
const [dir, nStr] = process.argv.slice(2);
const core = await import(new URL(`../${dir}/index.js`, import.meta.url).href);
const s = core.createScanner({ fetch_proxy: { monitoring: { max_requests_per_minute: 1e12 } } });
const K = ['sk-proj-', 'Qm9vYmFyYmF6cXV4', 'T3BlbkFJ', 'x7Kd2Lp9Vw4Rt6Yb1Nc8Hs3Fg5Jk0Ma'].join('');
const PROSE = 'The committee reviewed the quarterly figures and agreed to postpone the vendor decision until the audit is complete. Please summarise the main risks, list the open questions, and suggest two options with their costs. ';
const fill = (n, salt) => PROSE.repeat(Math.ceil(n / PROSE.length) + 1).slice(salt % 50, (salt % 50) + n);
const url = 'https://api.openai.com/v1/chat/completions';
const mk = (i) => ({ method: 'POST', url, resolvedIps: ['162.159.140.245'], headers: { 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'OpenAI/Python 1.54.3', authorization: `Bearer ${K}`, 'x-request-id': `6f1c2a9e-4b7d-4e3a-9c1f-${(0x100000000000 + i).toString(16)}` }, body: JSON.stringify({ model: 'gpt-4o-mini', temperature: 0.2, stream: false, messages: [{ role: 'system', content: 'You are a careful financial assistant. Answer briefly and cite the figures you use.' }, { role: 'user', content: `Request ${i}: ${fill(820, i)}` }] }) });
const n = Number(nStr);
for (let i = 0; i < 3000; i++) s.scanRequest(mk(i));
for (let i = 0; i < n; i++) s.scanRequest(mk(100000 + i));
