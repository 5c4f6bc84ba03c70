// Benchmark inputs cut from real files of several kinds, so a bench measures
// the engines on what they meet in production rather than on text written to
// be kind to them. Deterministic for a given lockfile: files are picked from
// node_modules/.pnpm in sorted order, with a cap per package so one large
// package cannot make up a whole kind. Used by the vitest benches
// (test/bench/*.bench.ts) and by scripts/bench-kinds.mjs; never by tests.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../node_modules/.pnpm', import.meta.url));

/** Characters each kind's corpus holds before slicing (repeated if the material is short). */
const CORPUS_CHARS = 2 * 1024 * 1024;

/**
 * The kinds, in the order tables print them. Each names what it is made of.
 * @type {ReadonlyArray<{ kind: string; what: string }>}
 */
export const KINDS = [
  { kind: 'readme', what: 'package READMEs, markdown removed (prose)' },
  { kind: 'source', what: 'TS/JS sources and .d.ts files (not minified)' },
  { kind: 'minified', what: '*.min.js and single-line bundles' },
  { kind: 'json', what: 'package manifests, JSON schemas, data files' },
  { kind: 'html', what: 'HTML pages: shipped .html files and README pages rendered with a site template' },
  { kind: 'csv', what: 'CSV exports: mime-db, package table, i18n message tables (accented Latin)' },
  { kind: 'base64', what: 'base64 of wasm modules and PNG images, 76 columns' },
  { kind: 'unicode', what: 'CJK and Cyrillic prose (TypeScript diagnostic translations)' },
];

let fileList;
/** Every regular file under node_modules/.pnpm, relative paths, sorted; symlinks are not followed. */
function files() {
  if (fileList) return fileList;
  const out = [];
  const walk = (dir, depth) => {
    if (depth > 12) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.isFile()) out.push(relative(ROOT, p).split(sep).join('/'));
    }
  };
  walk(ROOT, 0);
  fileList = out.sort();
  return fileList;
}

/** The store directory a file belongs to ('zod@3.25.76'): the unit of the per-package cap. */
const pkgOf = (rel) => rel.slice(0, rel.indexOf('/'));
const read = (rel) => readFileSync(join(ROOT, rel), 'utf8');
const size = (rel) => statSync(join(ROOT, rel)).size;

/**
 * Append the texts `pick` yields for each candidate file until `target`
 * characters, at most `perPackage` from one package.
 */
function gather(candidates, pick, { target = CORPUS_CHARS, perPackage = 96 * 1024, sepText = '\n\n' } = {}) {
  const parts = [];
  const used = new Map();
  let total = 0;
  const sources = [];
  for (const rel of candidates) {
    if (total >= target) break;
    const pkg = pkgOf(rel);
    const had = used.get(pkg) ?? 0;
    if (had >= perPackage) continue;
    let text;
    try {
      text = pick(rel);
    } catch {
      continue;
    }
    if (!text) continue;
    if (text.length > perPackage - had) text = cutAtLine(text, perPackage - had);
    if (text.length === 0) continue;
    parts.push(text);
    sources.push(rel);
    used.set(pkg, had + text.length);
    total += text.length + sepText.length;
  }
  return { text: parts.join(sepText), files: sources };
}

/** The first `n` characters of `s`, cut back to a line end when one is near. */
function cutAtLine(s, n) {
  if (s.length <= n) return s;
  const nl = s.lastIndexOf('\n', n);
  return nl > n * 0.5 ? s.slice(0, nl) : s.slice(0, n);
}

// ── markdown to prose ──────────────────────────────────────────────────────

/** README markdown with code, markup, link targets and badges removed: what a reader reads. */
export function markdownToProse(md) {
  const out = [];
  let fence = null;
  for (const raw of md.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const f = /^\s*(`{3,}|~{3,})/.exec(line);
    if (f) {
      if (fence === null) fence = f[1][0];
      else if (f[1][0] === fence) fence = null;
      continue;
    }
    if (fence !== null) continue;
    if (/^\s*\[[^\]]+\]:\s*\S+/.test(line)) continue; // link reference definitions
    if (/^\s*\|?\s*:?-{3,}/.test(line)) continue; // table separator rows
    let t = line
      .replace(/<!--.*?-->/g, '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
      .replace(/^\s{0,3}#{1,6}\s+/, '')
      .replace(/^\s*>\s?/, '')
      .replace(/^\s*(?:[-*+]|\d+[.)])\s+/, '')
      .replace(/`([^`]*)`/g, '$1')
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      .replace(/(^|\s)[*_]([^*_\s][^*_]*?)[*_](?=\s|[.,;:!?]|$)/g, '$1$2')
      .replace(/\s*\|\s*/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/[ \t]+/g, ' ')
      .trim();
    // Lines left with no words (badge rows, rules) carry no prose.
    if (!/[A-Za-z\u00C0-\uFFFF]{2}/.test(t)) t = '';
    out.push(t);
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

// ── README pages as HTML ───────────────────────────────────────────────────

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A plain markdown-to-HTML rendering (headings, paragraphs, lists, code, links): enough to look like a docs page. */
function markdownToHtml(md) {
  const html = [];
  let para = [];
  let list = false;
  let code = null;
  const inline = (s) =>
    esc(s)
      .replace(/!\[([^\]]*)\]\(([^)\s]*)[^)]*\)/g, '<img alt="$1" src="$2" loading="lazy">')
      .replace(/\[([^\]]*)\]\(([^)\s]*)[^)]*\)/g, '<a href="$2">$1</a>')
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
  const flush = () => {
    if (para.length) html.push(`<p>${inline(para.join(' '))}</p>`);
    para = [];
  };
  for (const line of md.split('\n')) {
    if (code !== null) {
      if (/^\s*```/.test(line)) {
        html.push(`<pre><code class="language-${code.lang}">${esc(code.lines.join('\n'))}</code></pre>`);
        code = null;
      } else code.lines.push(line);
      continue;
    }
    const fence = /^\s*```(\w*)/.exec(line);
    if (fence) {
      flush();
      code = { lang: fence[1] || 'text', lines: [] };
      continue;
    }
    const h = /^(#{1,6})\s+(.*)/.exec(line);
    const li = /^\s*(?:[-*+]|\d+\.)\s+(.*)/.exec(line);
    if (h) {
      flush();
      if (list) html.push('</ul>'), (list = false);
      const id = h[2].toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
      html.push(`<h${h[1].length} id="${id}">${inline(h[2])}</h${h[1].length}>`);
    } else if (li) {
      flush();
      if (!list) html.push('<ul>'), (list = true);
      html.push(`  <li>${inline(li[1])}</li>`);
    } else if (line.trim() === '') {
      flush();
      if (list) html.push('</ul>'), (list = false);
    } else para.push(line.trim());
  }
  flush();
  if (list) html.push('</ul>');
  return html.join('\n');
}

function htmlPage(title, body, script) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} — package documentation</title>
<meta name="description" content="Documentation, API reference and examples for ${esc(title)}.">
<link rel="canonical" href="https://docs.example.org/${encodeURIComponent(title)}/">
<link rel="stylesheet" href="/assets/site.3f9a1c.css">
<style>body{font:16px/1.6 system-ui,sans-serif;margin:0;color:#1f2328}nav a{margin-right:1em}main{max-width:52rem;margin:2rem auto;padding:0 1rem}pre{background:#f6f8fa;padding:1em;overflow:auto}</style>
</head>
<body>
<nav class="top"><a href="/">Home</a><a href="/docs/">Docs</a><a href="/api/">API</a><a href="/blog/">Blog</a><a href="https://github.com/">GitHub</a></nav>
<main>
${body}
</main>
<footer><p>Released under its license. Last updated from the package README.</p></footer>
<script>${script}</script>
</body>
</html>`;
}

// ── the kinds ──────────────────────────────────────────────────────────────

const isReadme = (rel) => /\/readme\.md$/i.test(rel);
const isMinifiedName = (rel) => /\.min\.(?:c|m)?js$/.test(rel);
/** Average characters per line: minified code has few, very long lines. */
const avgLine = (text) => text.length / (text.split('\n').length || 1);

const builders = {
  readme() {
    return gather(files().filter(isReadme), (rel) => markdownToProse(read(rel)), { perPackage: 160 * 1024 });
  },
  source() {
    const c = files().filter((rel) => /\.(?:ts|mts|cts|js|mjs|cjs)$/.test(rel) && !isMinifiedName(rel) && !rel.includes('/locale'));
    return gather(
      c,
      (rel) => {
        const n = size(rel);
        if (n < 2_000 || n > 300_000) return '';
        const text = read(rel);
        return avgLine(text) < 120 ? text : '';
      },
      { perPackage: 48 * 1024 },
    );
  },
  minified() {
    const all = files().filter((rel) => /\.(?:c|m)?js$/.test(rel));
    const named = all.filter(isMinifiedName);
    const bundles = all.filter((rel) => !isMinifiedName(rel));
    return gather(
      [...named, ...bundles],
      (rel) => {
        const n = size(rel);
        if (n < 4_000 || n > 2_000_000) return '';
        const text = read(rel);
        return isMinifiedName(rel) || avgLine(text) > 400 ? text.slice(0, 128 * 1024) : '';
      },
      { perPackage: 256 * 1024, sepText: '\n' },
    );
  },
  json() {
    const c = files().filter((rel) => rel.endsWith('.json') && !rel.includes('diagnosticMessages'));
    return gather(
      c,
      (rel) => {
        const n = size(rel);
        return n >= 200 && n <= 1_000_000 ? read(rel).slice(0, 64 * 1024) : '';
      },
      { perPackage: 64 * 1024, sepText: '\n' },
    );
  },
  html() {
    const shipped = gather(files().filter((rel) => /\.html?$/.test(rel)), (rel) => read(rel), { perPackage: 64 * 1024 });
    const scripts = builders.minified().text;
    let k = 0;
    const pages = gather(
      files().filter(isReadme),
      (rel) => {
        const md = read(rel);
        if (md.length < 1500) return '';
        // Each page embeds a different 2 KB of real minified script, as sites inline their bootstraps.
        const at = (k++ * 7919) % Math.max(1, scripts.length - 2048);
        const title = pkgOf(rel).replace(/@[^@]*$/, '').replace(/^@/, '').replace('+', '/');
        return htmlPage(title, markdownToHtml(md), scripts.slice(at, at + 2048).replace(/<\/script/gi, '<\\/script'));
      },
      { target: CORPUS_CHARS - shipped.text.length, perPackage: 64 * 1024 },
    );
    return { text: `${shipped.text}\n\n${pages.text}`, files: [...shipped.files, ...pages.files] };
  },
  csv() {
    const q = (v) => {
      const s = v === undefined || v === null ? '' : String(v);
      return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    };
    const rows = [];
    const used = [];
    const mime = files().find((rel) => /\/mime-db\/db\.json$/.test(rel));
    if (mime) {
      used.push(mime);
      rows.push('type,source,charset,compressible,extensions');
      for (const [type, e] of Object.entries(JSON.parse(read(mime)))) {
        rows.push([type, e.source, e.charset, e.compressible, (e.extensions ?? []).join(' ')].map(q).join(','));
      }
    }
    rows.push('', 'name,version,license,description,homepage,repository');
    for (const rel of files().filter((r) => /^[^/]+\/node_modules\/(?:@[^/]+\/)?[^/]+\/package\.json$/.test(r))) {
      try {
        const p = JSON.parse(read(rel));
        const repo = typeof p.repository === 'string' ? p.repository : p.repository?.url;
        rows.push([p.name, p.version, p.license, p.description, p.homepage, repo].map(q).join(','));
        used.push(rel);
      } catch {
        // not a manifest we can read
      }
    }
    for (const lang of ['de', 'fr', 'es', 'it', 'pt-br', 'pl', 'cs', 'tr']) {
      const rel = files().find((r) => r.endsWith(`/typescript/lib/${lang}/diagnosticMessages.generated.json`));
      if (!rel) continue;
      used.push(rel);
      rows.push('', 'key,code,locale,message');
      for (const [key, msg] of Object.entries(JSON.parse(read(rel)))) {
        const code = /_(\d+)$/.exec(key)?.[1] ?? '';
        rows.push([key, code, lang, msg].map(q).join(','));
      }
      if (rows.reduce((n, r) => n + r.length + 1, 0) > CORPUS_CHARS) break;
    }
    return { text: rows.join('\n'), files: used };
  },
  base64() {
    const c = files().filter((rel) => /\.(?:wasm|png|jpe?g|gif|woff2?)$/.test(rel));
    return gather(
      c,
      (rel) => {
        const b64 = readFileSync(join(ROOT, rel)).subarray(0, 768 * 1024).toString('base64');
        return b64.replace(/.{76}/g, '$&\n');
      },
      { perPackage: 1024 * 1024, sepText: '\n' },
    );
  },
  unicode() {
    const c = ['ja', 'zh-cn', 'ru', 'ko', 'zh-tw']
      .map((lang) => files().find((r) => r.endsWith(`/typescript/lib/${lang}/diagnosticMessages.generated.json`)))
      .filter(Boolean);
    return gather(c, (rel) => Object.values(JSON.parse(read(rel))).join('\n'), { perPackage: CORPUS_CHARS });
  },
};

const cache = new Map();

/**
 * The corpus of one kind, at least 2 MiB characters (repeated when the
 * material is shorter; `repeats` says how often), with the files it came
 * from and a short hash to name it in published figures.
 * @returns {{ kind: string; text: string; files: string[]; repeats: number; sha: string }}
 */
export function corpus(kind) {
  let c = cache.get(kind);
  if (c) return c;
  const build = builders[kind];
  if (!build) throw new Error(`unknown bench input kind ${kind}`);
  const { text: base, files: used } = build();
  if (base.length === 0) throw new Error(`no material for bench input kind ${kind} under ${ROOT}`);
  let text = base;
  let repeats = 1;
  while (text.length < CORPUS_CHARS) {
    text += `\n${base}`;
    repeats++;
  }
  c = { kind, text, files: used, repeats, sha: createHash('sha256').update(text).digest('hex').slice(0, 12) };
  cache.set(kind, c);
  return c;
}

/**
 * `count` slices of about `chars` characters spread evenly over a kind's
 * corpus, each starting at a line start (or a space, for text without lines)
 * so no slice begins mid-word. Rotating through them keeps one lucky slice
 * from deciding a figure.
 */
export function slices(kind, chars, count = 16) {
  const text = corpus(kind).text;
  const out = [];
  const span = Math.max(1, text.length - chars - 256);
  for (let k = 0; k < count; k++) {
    let at = Math.floor((k * span) / count);
    const nl = text.indexOf('\n', at);
    if (nl !== -1 && nl - at < 512) at = nl + 1;
    else {
      const sp = text.indexOf(' ', at);
      if (sp !== -1 && sp - at < 256) at = sp + 1;
    }
    let end = Math.min(text.length, at + chars);
    // Never split a surrogate pair.
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end--;
    out.push(text.slice(at, end));
  }
  return out;
}

/** Distinct http(s) URLs that appear in the README corpus's markdown, in order of appearance. */
export function readmeUrls(max = 2000) {
  const seen = new Set();
  for (const rel of files().filter(isReadme)) {
    for (const m of read(rel).matchAll(/\bhttps?:\/\/[^\s)<>\]"'`]+/g)) {
      const u = m[0].replace(/[.,;:!?]+$/, '');
      if (!seen.has(u)) seen.add(u);
      if (seen.size >= max) return [...seen];
    }
  }
  return [...seen];
}

/**
 * A JSON-RPC tools/call result with five text blocks cut from consecutive
 * lines of one slice of `kind` (about `blockChars` characters each).
 */
export function mcpToolResult(kind, id = 7, blockChars = 200, index = 0) {
  const text = slices(kind, blockChars * 5 + 64, 16)[index % 16];
  const blocks = [];
  for (let i = 0; i < 5; i++) blocks.push({ type: 'text', text: text.slice(i * blockChars, (i + 1) * blockChars) });
  return JSON.stringify({ jsonrpc: '2.0', id, result: { content: blocks } });
}

/** A chat-completion POST body of about `chars` characters whose user message is a slice of `kind`. */
export function chatRequestBody(kind, chars = 1024, index = 0) {
  const frame = JSON.stringify({ model: 'gpt-4o', temperature: 0.2, messages: [{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content: '' }] });
  const content = slices(kind, Math.max(64, chars - frame.length - 32), 16)[index % 16];
  return JSON.stringify({ model: 'gpt-4o', temperature: 0.2, messages: [{ role: 'system', content: 'You are a helpful assistant.' }, { role: 'user', content }] });
}

export const utf8Bytes = (s) => Buffer.byteLength(s, 'utf8');
