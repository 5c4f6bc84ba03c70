// Where the engines spend their time, per kind of real text: a CPU profile
// (node:inspector, sampled every 50 µs) of each engine on 10 KB slices of
// each kind, every sample attributed to a pass by its call stack; then
// counters that explain the profile (keyword-pass matches, row attempts per
// injection family, which gates fire, which DLP rows their literals select).
// Diagnostic only: it reads engine internals where it must, and says so when
// they have changed. Run after `pnpm build`:
//   node scripts/profile-engines.mjs [--kinds=readme,source] [--ms=1500] [--size=10240]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Session } from 'node:inspector/promises';
import { KINDS, readmeUrls, slices, mcpToolResult } from '../test/bench/inputs.mjs';

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const kinds = arg('kinds')?.split(',') ?? KINDS.map((k) => k.kind);
const ms = Number(arg('ms') ?? 1500);
const size = Number(arg('size') ?? 10240);
const core = await import('../packages/core/dist/index.js');

const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 50 });

/** Run `fn` over `inputs` round-robin for `ms` under the profiler; returns the profile and calls made. */
async function profile(fn, inputs) {
  for (const i of inputs) fn(i);
  await session.post('Profiler.start');
  const t0 = performance.now();
  let n = 0;
  while (performance.now() - t0 < ms) fn(inputs[n++ % inputs.length]);
  const elapsed = performance.now() - t0;
  const { profile: p } = await session.post('Profiler.stop');
  return { p, calls: n, elapsed };
}

const file = (cf) => cf.url.replace(/^.*\/dist\//, '').replace(/^file:\/\//, '');

/**
 * Attribute every sample to a label: `classify(stack)` gets the frames leaf
 * first ({ fn, file }), native frames as { fn: '(native)', file: '' }.
 */
function attribute(p, classify) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const memo = new Map();
  const labelOf = (id) => {
    let l = memo.get(id);
    if (l !== undefined) return l;
    const stack = [];
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur).callFrame;
      stack.push({ fn: cf.functionName || (cf.url ? '(anonymous)' : '(native)'), file: file(cf), line: cf.lineNumber });
    }
    l = classify(stack);
    memo.set(id, l);
    return l;
  };
  const counts = new Map();
  for (const id of p.samples) {
    const l = labelOf(id);
    counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  return counts;
}

const has = (stack, fn, fileIncludes) => stack.some((f) => f.fn === fn && (!fileIncludes || f.file.includes(fileIncludes)));
const firstOurs = (stack) => stack.find((f) => f.file.includes('/') && !f.file.startsWith('node:') && !f.file.includes('scripts/'));

function common(stack) {
  const leaf = stack[0];
  if (leaf.fn === '(garbage collector)') return 'GC';
  if (leaf.fn === '(program)' || leaf.fn === '(idle)') return 'V8/runtime';
  return undefined;
}

function classifyDlp(stack) {
  const c = common(stack);
  if (c) return c;
  const leaf = stack[0];
  if (has(stack, 'decodeViews')) return 'decode views (encoding/)';
  const ours = firstOurs(stack) ?? leaf;
  if (ours.file.includes('normalize/')) return 'normalize';
  if (ours.file.includes('dlp/validators') || ours.file.includes('dlp/patterns')) return 'validators (checksums, seed phrase, entropy)';
  if (ours.file.includes('redact')) return 'redact + fingerprint';
  if (ours.file.includes('dlp/engine')) {
    if (['prefilter', 'matchKeywords', 'matchWatched', 'endRun', 'addRegion', 'selectTriggered'].includes(ours.fn)) return 'prefilter (one pass: keywords, triggers, regions)';
    if (ours.fn === 'runRows' || ours.fn === 'insideBlob') return 'selected rows (regex exec)';
    return 'scan glue (hits, mapping)';
  }
  return `other: ${ours.fn} ${ours.file}`;
}

function classifyInjection(stack) {
  const c = common(stack);
  if (c) return c;
  const leaf = stack[0];
  const ours = firstOurs(stack) ?? leaf;
  // Outer passes first: the same inner functions run inside each of them.
  const depth = stack.filter((f) => f.fn === 'scanText').length;
  if (has(stack, 'decodeViews') || (depth > 1 && has(stack, 'decoded'))) return 'decode: decodeViews + rescans of decoded text';
  if (depth > 1 && has(stack, 'disguised')) return 'rescans: normalized / leet / typo-corrected / spaced lines';
  if (has(stack, 'disguised')) return 'rescans: building the folded lines';
  if (has(stack, 'typoPass') || has(stack, 'fuzzy') || has(stack, 'fuzzyLookup')) return 'tokens: typo lookups';
  if (has(stack, 'squash')) return 'tokens: words written together (split)';
  if (has(stack, 'leetLookup')) return 'tokens: leetspeak lookups';
  if (ours.fn === 'tokenize' || ours.fn === 'probeText' || ours.fn === 'probe' || ours.fn === 'fill' || ours.fn === 'mark' || ours.fn === 'lookup') return 'tokens: the character loop and lexicon probes';
  if (has(stack, 'matchAll')) return 'grammar frames (anchors, sentence summaries, matching)';
  if (has(stack, 'tryRow') || has(stack, 'cjkRow')) return 'pattern rows at their keywords';
  if (ours.file.includes('injection/voice') || has(stack, 'weigh')) return 'voice (context weights)';
  if (has(stack, 'scoreSentences')) return 'score';
  if (ours.fn === 'looksEncoded' || ours.fn === 'b64PrefixPrintable' || has(stack, 'decoded')) return 'decode gate (encoded runs)';
  if (ours.file.includes('normalize/')) return 'normalize';
  if (ours.file.includes('injection/')) return `engine glue (${ours.fn})`;
  return `other: ${ours.fn} ${ours.file}`;
}

function classifyByModule(stack) {
  const c = common(stack);
  if (c) return c;
  const ours = firstOurs(stack) ?? stack[0];
  const m = /^([a-z]+)\/([a-z-]+)/.exec(ours.file);
  if (!m) return `other: ${ours.fn} ${ours.file}`;
  if (m[1] === 'url' || m[1] === 'mcp' || m[1] === 'json') return `${m[1]}/${m[2]}: ${ours.fn}`;
  return `${m[1]}/`;
}

function table(title, results, topN = 12) {
  // results: Map kind -> { counts, total, usPerCall }
  const labels = new Map();
  for (const r of results.values()) for (const [l, n] of r.counts) labels.set(l, (labels.get(l) ?? 0) + n / r.total);
  const order = [...labels].sort((a, b) => b[1] - a[1]).slice(0, topN).map(([l]) => l);
  const ks = [...results.keys()];
  const lines = [`\n### ${title}\n`, `| pass | ${ks.join(' | ')} |`, `|---|${ks.map(() => '---:').join('|')}|`];
  lines.push(`| **µs per call** | ${ks.map((k) => results.get(k).usPerCall.toFixed(0)).join(' | ')} |`);
  lines.push(`| **MB/s** | ${ks.map((k) => results.get(k).mbps.toFixed(1)).join(' | ')} |`);
  for (const l of order) {
    lines.push(`| ${l} | ${ks.map((k) => { const r = results.get(k); const n = r.counts.get(l) ?? 0; return n === 0 ? '' : `${((100 * n) / r.total).toFixed(0)} %`; }).join(' | ')} |`);
  }
  console.log(lines.join('\n'));
}

async function perKind(title, make, classify, inputsOf) {
  const results = new Map();
  for (const kind of kinds) {
    const inputs = inputsOf(kind);
    const bytes = inputs.reduce((a, s) => a + Buffer.byteLength(typeof s === 'string' ? s : JSON.stringify(s)), 0) / inputs.length;
    const fn = make();
    const { p, calls, elapsed } = await profile(fn, inputs);
    const counts = attribute(p, classify);
    results.set(kind, { counts, total: p.samples.length, usPerCall: (elapsed * 1000) / calls, mbps: (bytes * calls) / (1024 * 1024) / (elapsed / 1000) });
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  table(title, results);
}

console.log(`node ${process.version}; ${size}-character slices (16 per kind); ${ms} ms profiled per cell; shares of CPU samples`);

const textInputs = (kind) => slices(kind, size, 16);
await perKind('DLP engine (createDlpEngine().scan)', () => { const e = core.createDlpEngine(); return (t) => e.scan(t); }, classifyDlp, textInputs);
await perKind('Injection engine (createInjectionEngine().scan)', () => { const e = core.createInjectionEngine(); return (t) => e.scan(t); }, classifyInjection, textInputs);
await perKind(
  'MCP tool result, 5 text blocks (scanMcpMessage), by module',
  () => {
    const s = core.createScanner({});
    return (msg) => {
      const sess = s.createMcpSession();
      sess.expect(7, { method: 'tools/call', tool: 'x' });
      s.scanMcpMessage(msg, 'to-client', sess);
    };
  },
  classifyByModule,
  (kind) => Array.from({ length: 16 }, (_, i) => mcpToolResult(kind, 7, 200, i)),
);
{
  const results = new Map();
  const s = core.createScanner({ fetch_proxy: { monitoring: { max_requests_per_minute: 1e12 } } });
  const urls = readmeUrls(512);
  const { p, calls, elapsed } = await profile((u) => s.scanUrl(u, { resolvedIps: ['93.184.215.14'] }), urls);
  const bytes = urls.reduce((a, u) => a + u.length, 0) / urls.length;
  results.set('README URLs', { counts: attribute(p, classifyByModule), total: p.samples.length, usPerCall: (elapsed * 1000) / calls, mbps: (bytes * calls) / (1024 * 1024) / (elapsed / 1000) });
  table('URL pipeline (scanUrl on 512 real README URLs), by step', results, 16);
}

// ── counters ───────────────────────────────────────────────────────────────

/** Injection internals (private fields of today's engine); null when they are not there. */
function injectionCounters(kind) {
  const e = core.createInjectionEngine();
  const tk = e.p?.tokenizer;
  if (typeof tk?.tokenize !== 'function' || typeof e.collect !== 'function') return null;
  const c = { texts: 0, tokens: 0, marks: 0, fuzzy: 0, squash: 0, rescans: 0, decode: 0, hits: 0 };
  const fuzzy = tk.fuzzy.bind(tk);
  tk.fuzzy = (...a) => (c.fuzzy++, fuzzy(...a));
  const squash = tk.squash.bind(tk);
  tk.squash = (...a) => (c.squash++, squash(...a));
  const collect = e.collect.bind(e);
  e.collect = (text, t, ev) => {
    if (e.depth === 0) {
      c.tokens += t.n;
      c.marks += t.nm;
    } else c.rescans++;
    return collect(text, t, ev);
  };
  for (const t of slices(kind, size, 16)) {
    c.texts++;
    c.hits += e.scan(t).length;
  }
  return c;
}

console.log(`\n### Injection: what the passes meet per ${size / 1024} KB of each kind (counts from today's engine internals)\n`);
console.log('| kind | tokens | marked tokens (anchors, row keywords, model words, typo contexts) | typo lookups | split attempts | rescans (folded lines, decoded views) | findings |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
const famTotals = new Map();
for (const kind of kinds) {
  const c = injectionCounters(kind);
  if (!c) {
    console.log(`| ${kind} | (engine internals changed; counters skipped) |`);
    continue;
  }
  const n = c.texts;
  console.log(`| ${kind} | ${(c.tokens / n).toFixed(0)} | ${(c.marks / n).toFixed(0)} | ${(c.fuzzy / n).toFixed(0)} | ${(c.squash / n).toFixed(0)} | ${(c.rescans / n).toFixed(1)} | ${(c.hits / n).toFixed(2)} |`);
}
if (famTotals.size > 0) {
  console.log(`\n### Injection: row attempts per family and form, per ${size / 1024} KB (count / µs, timed with a wrapper that adds ~0.1 µs each)\n`);
  console.log(`| family (form) | ${kinds.join(' | ')} |`);
  console.log(`|---|${kinds.map(() => '---:').join('|')}|`);
  const sorted = [...famTotals].sort((a, b) => Object.values(b[1]).reduce((s, x) => s + x.us, 0) - Object.values(a[1]).reduce((s, x) => s + x.us, 0));
  for (const [f, t] of sorted.slice(0, 16)) console.log(`| ${f} | ${kinds.map((k) => (t[k] ? `${t[k].n.toFixed(0)} / ${t[k].us.toFixed(0)}` : '')).join(' | ')} |`);
}

// DLP: which rows the prefilter selects, replicated from the table (keywords
// present, case-insensitively; structural triggers as the engine derives them),
// and what running those rows' regexes costs per category.
{
  const rows = core.BUILTIN_DLP_PATTERNS;
  const compiled = rows.map((r) => ({ r, re: new RegExp(r.regex, `g${r.flags ?? ''}`) }));
  console.log(`\n### DLP: rows selected per ${size / 1024} KB and the cost of their regexes, by category (replicated from the pattern table)\n`);
  console.log(`| category | ${kinds.join(' | ')} |`);
  console.log(`|---|${kinds.map(() => '---:').join('|')}|`);
  const cells = new Map();
  const trig = new Map();
  for (const kind of kinds) {
    const texts = slices(kind, size, 16);
    const fired = { digits: 0, iban: 0, longrun: 0, words: 0 };
    for (const t of texts) {
      const lower = t.toLowerCase();
      let digits = 0;
      for (let i = 0; i < t.length; i++) {
        const ch = t.charCodeAt(i);
        if (ch >= 48 && ch <= 57) digits++;
      }
      const triggers = {
        digits: digits >= 9,
        iban: digits >= 9,
        longrun: /[A-Za-z0-9+/=_.-]{50}/.test(t),
        words: /(?:(?:^|\s)[a-z]{3,8}){12}(?=\s|$)/.test(t),
      };
      for (const k of Object.keys(fired)) if (triggers[k]) fired[k]++;
      for (const { r, re } of compiled) {
        const sel = r.trigger ? triggers[r.trigger] : r.keywords.length === 0 || r.keywords.some((k) => lower.includes(k));
        if (!sel) continue;
        const t0 = performance.now();
        for (let rep = 0; rep < 5; rep++) {
          re.lastIndex = 0;
          while (re.exec(t) !== null) if (re.lastIndex === 0) break;
        }
        const us = ((performance.now() - t0) * 1000) / 5;
        const key = r.category;
        const cell = cells.get(key) ?? {};
        cell[kind] = cell[kind] ?? { n: 0, us: 0 };
        cell[kind].n += 1 / texts.length;
        cell[kind].us += us / texts.length;
        cells.set(key, cell);
      }
    }
    trig.set(kind, fired);
  }
  const sorted = [...cells].sort((a, b) => Object.values(b[1]).reduce((s, x) => s + x.us, 0) - Object.values(a[1]).reduce((s, x) => s + x.us, 0));
  for (const [cat, cell] of sorted) console.log(`| ${cat} (rows / µs) | ${kinds.map((k) => (cell[k] ? `${cell[k].n.toFixed(1)} / ${cell[k].us.toFixed(0)}` : '')).join(' | ')} |`);
  console.log(`| structural triggers fired (digits / iban / longrun / words), of 16 | ${kinds.map((k) => { const f = trig.get(k); return `${f.digits} / ${f.iban} / ${f.longrun} / ${f.words}`; }).join(' | ')} |`);
}

// Normalization and decoding alone, per kind: what the shared passes cost.
{
  console.log(`\n### Shared passes alone, µs per ${size / 1024} KB\n`);
  const passes = [
    ['needsNormalization', (t) => core.needsNormalization(t)],
    ['normalizeText', (t) => core.normalizeText(t)],
    ['normalizeTextSpaced', (t) => core.normalizeTextSpaced(t)],
    ['decodeViews (whole text)', (t) => core.decodeViews(t)],
  ];
  console.log(`| pass | ${kinds.join(' | ')} |`);
  console.log(`|---|${kinds.map(() => '---:').join('|')}|`);
  for (const [name, fn] of passes) {
    const cells = [];
    for (const kind of kinds) {
      const texts = slices(kind, size, 16);
      for (const t of texts) fn(t);
      const t0 = performance.now();
      let n = 0;
      while (performance.now() - t0 < 150) fn(texts[n++ % 16]);
      cells.push((((performance.now() - t0) * 1000) / n).toFixed(1));
    }
    console.log(`| ${name} | ${cells.join(' | ')} |`);
  }
}

// The injection keyword pass is one RE2 alternation of ~200 keywords plus
// counting token shapes ([A-Za-z]{16,}, [...]{24,}). Its DFA is built lazily
// from the text it meets: a bench that repeats one page finds every state
// cached, diverse real text keeps building (and evicting) states. Measured
// warm (192 distinct slices first), on 64 further distinct slices.
{
  const e = core.createInjectionEngine();
  const src = e.keywords?.re?.source;
  const tail = '[A-Za-z]{16,}|[A-Za-z][0-9@$|!+]+[A-Za-z]|[0-9@$|!+][A-Za-z]{3}|[A-Za-z0-9+\\/=_%-]{24,}';
  if (typeof src !== 'string' || !src.endsWith(tail)) {
    console.log('\n(keyword-pass DFA section skipped: the engine no longer has the combined alternation)');
  } else {
    const RE2 = createRequire(new URL('../packages/core/package.json', import.meta.url))('re2');
    const page = readFileSync(new URL('../test/corpus/injection/webpage-10k.txt', import.meta.url), 'utf8');
    const forms = { 'one alternation (today)': [src], 'keywords, then token shapes (two RE2 passes)': [src.slice(0, src.length - tail.length - 1), tail] };
    console.log(`\n### Injection keyword pass alone: RE2 ns per character, warm, on distinct ${size / 1024} KB slices\n`);
    console.log(`| form | bench page repeated | ${kinds.join(' | ')} |`);
    console.log(`|---|---:|${kinds.map(() => '---:').join('|')}|`);
    for (const [name, srcs] of Object.entries(forms)) {
      const cells = [];
      for (const kind of ['bench', ...kinds]) {
        const texts = kind === 'bench' ? Array(256).fill(page) : slices(kind, size, 256);
        const res = srcs.map((x) => new RE2(x, 'gi'));
        for (const t of texts.slice(0, 192)) for (const re of res) t.match(re);
        const t0 = performance.now();
        let n = 0;
        for (const t of texts.slice(192)) {
          for (const re of res) t.match(re);
          n += t.length;
        }
        cells.push((((performance.now() - t0) * 1e6) / n).toFixed(1));
      }
      console.log(`| ${name} | ${cells.join(' | ')} |`);
    }
  }
}
session.disconnect();
