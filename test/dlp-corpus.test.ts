// DLP corpus measurement: recall on generated positives (and their evasion
// forms), silence on near-misses, and false positives per MB on real,
// benign text (the installed node_modules: code, docs, JSON).
// Regenerate the corpus with: node test/corpus/dlp/generate.mjs
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DLP_PATTERNS, createDlpEngine } from '../packages/core/src/dlp/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpus = join(root, 'test/corpus/dlp');
const readJsonl = <T>(f: string): T[] =>
  readFileSync(join(corpus, f), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);

const positives = readJsonl<{ rule: string; text: string }>('positives.jsonl');
const nearMisses = readJsonl<{ text: string }>('near-misses.jsonl');
const engine = createDlpEngine();
/** Code review (scan-diff): documentation example credentials are placeholders there. */
const review = createDlpEngine({ examples: 'suppress' });

const HOMOGLYPHS: Record<string, string> = { A: '\u0410', a: '\u0430', e: '\u0435', o: '\u043e', p: '\u0440', c: '\u0441', E: '\u0415', O: '\u041e' };
const toFullwidth = (s: string) => s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
const pctAll = (s: string) => Array.from(Buffer.from(s, 'utf8'), (b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');

/** Evasions applied to the secret inside the text (span from the plain scan) or to the whole text. */
const EVASIONS: Record<string, (text: string, start: number, end: number) => string> = {
  'zero-width inside': (t, s, e) => t.slice(0, s) + t.slice(s, e).replace(/(.{5})/g, '$1\u200b') + t.slice(e),
  'soft hyphen split': (t, s, e) => {
    const m = s + Math.floor((e - s) / 2);
    return `${t.slice(0, m)}\u00ad${t.slice(m)}`;
  },
  homoglyphs: (t, s, e) => t.slice(0, s) + t.slice(s, e).replace(/[AaeopcEO]/g, (c) => HOMOGLYPHS[c] ?? c) + t.slice(e),
  fullwidth: (t, s, e) => t.slice(0, s) + toFullwidth(t.slice(s, e)) + t.slice(e),
  base64: (t) => `payload=${Buffer.from(t).toString('base64')}`,
  hex: (t) => `data: ${Buffer.from(t).toString('hex')}`,
  'url-encoded twice': (t) => `q=${pctAll(pctAll(t))}`,
  'base64 of hex': (t) => `blob ${Buffer.from(Buffer.from(t).toString('hex')).toString('base64')}`,
};

describe('DLP corpus', () => {
  it('covers every built-in class with at least three positives', () => {
    const perRule = new Map<string, number>();
    for (const p of positives) perRule.set(p.rule, (perRule.get(p.rule) ?? 0) + 1);
    const missing = BUILTIN_DLP_PATTERNS.filter((r) => (perRule.get(r.name) ?? 0) < 3).map((r) => r.name);
    expect(missing).toEqual([]);
    expect(BUILTIN_DLP_PATTERNS.length).toBeGreaterThanOrEqual(48);
  });

  it('recall on positives is at least 98 %, each found by its own rule', () => {
    const misses: string[] = [];
    for (const p of positives) {
      const hits = engine.scan(p.text);
      if (!hits.some((h) => h.rule === p.rule)) misses.push(`${p.rule}: ${JSON.stringify(p.text.slice(0, 80))} -> ${hits.map((h) => h.rule).join(',') || 'nothing'}`);
    }
    const recall = 1 - misses.length / positives.length;
    console.log(`DLP recall: ${(recall * 100).toFixed(1)} % (${positives.length - misses.length}/${positives.length})`);
    if (misses.length) console.log(misses.join('\n'));
    expect(recall).toBeGreaterThanOrEqual(0.98);
  });

  it('no hit leaks the secret: excerpts are redacted', () => {
    for (const p of positives) {
      for (const h of engine.scan(p.text)) {
        expect(h.excerpt).toMatch(/…\[\d+ chars\]$/);
        const shown = (h.excerpt ?? '').replace(/…\[\d+ chars\]$/, '');
        expect(shown.length).toBeLessThanOrEqual(6);
      }
    }
  });

  it('evasion forms are still found (recall per technique >= 98 %)', () => {
    const report: string[] = [];
    for (const [name, evade] of Object.entries(EVASIONS)) {
      let found = 0;
      let total = 0;
      const misses: string[] = [];
      for (const p of positives) {
        const hit = engine.scan(p.text).find((h) => h.rule === p.rule);
        if (!hit || hit.start === undefined || hit.end === undefined) continue;
        total++;
        const evaded = evade(p.text, hit.start, hit.end);
        if (engine.scan(evaded).some((h) => h.rule === p.rule)) found++;
        else misses.push(p.rule);
      }
      const recall = found / total;
      report.push(`${name}: ${(recall * 100).toFixed(1)} % (${found}/${total})${misses.length ? ` missed: ${[...new Set(misses)].join(', ')}` : ''}`);
      expect.soft(recall, name).toBeGreaterThanOrEqual(0.98);
    }
    console.log(`DLP evasion recall:\n${report.join('\n')}`);
  });

  it('near-misses derived from every positive do not fire under its rule', () => {
    // Token classes: the body after the first 8 characters x-filled (a documentation
    // placeholder). Checksummed classes: one character changed in the middle.
    const CHECKSUMMED = new Set(['Credit Card Number', 'IBAN', 'Bitcoin WIF Private Key', 'Bitcoin Extended Private Key', 'JSON Web Token', 'Discord Bot Token']);
    const rowsByName = new Map(BUILTIN_DLP_PATTERNS.map((r) => [r.name, r]));
    const fired: string[] = [];
    let tried = 0;
    for (const p of positives) {
      const row = rowsByName.get(p.rule)!;
      const hit = engine.scan(p.text).find((h) => h.rule === p.rule);
      if (!hit || hit.start === undefined || hit.end === undefined) continue;
      const secret = p.text.slice(hit.start, hit.end);
      let mutated: string;
      if (p.rule === 'Discord Bot Token') {
        // Same shape, but the first segment encodes a name instead of a numeric id.
        mutated = `${Buffer.from('MyBotName-Example!').toString('base64').slice(0, 24)}${secret.slice(secret.indexOf('.'))}`;
      } else if (CHECKSUMMED.has(p.rule)) {
        // JWT and Discord tokens are validated through their first segment only.
        const scope = secret.includes('.') && !/^\d/.test(secret) ? secret.indexOf('.') : secret.length;
        const digits = [...secret.slice(0, scope)].map((c, i) => [c, i] as const).filter(([c]) => /[0-9A-Za-z]/.test(c));
        const [c, i] = digits[Math.floor(digits.length / 2)]!;
        const swap = /[0-9]/.test(c) ? String((Number(c) + 1) % 10) : c === 'z' ? 'y' : c === 'Z' ? 'Y' : String.fromCharCode(c.charCodeAt(0) + 1);
        mutated = secret.slice(0, i) + swap + secret.slice(i + 1);
      } else if (row.tokenChecks !== false) {
        mutated = secret.slice(0, 8) + secret.slice(8).replace(/[A-Za-z0-9]/g, 'x');
      } else continue;
      tried++;
      const text = p.text.slice(0, hit.start) + mutated + p.text.slice(hit.end);
      if (review.scan(text).some((h) => h.rule === p.rule)) fired.push(`${p.rule}: ${mutated.slice(0, 40)}`);
    }
    console.log(`DLP derived near-misses: ${tried} tried, ${fired.length} fired`);
    expect(tried).toBeGreaterThan(250);
    expect(fired).toEqual([]);
  });

  it('near-misses do not fire', () => {
    const fired = nearMisses
      .map((n) => ({ text: n.text, hits: review.scan(n.text) }))
      .filter((x) => x.hits.length > 0)
      .map((x) => `${x.hits.map((h) => `${h.rule} ${h.excerpt}`).join(', ')} <- ${x.text.slice(0, 90)}`);
    expect(fired).toEqual([]);
  });

  it('benign corpus (node_modules code, docs, JSON): at most 1 finding per 10 MB', () => {
    const base = join(root, 'node_modules/.pnpm');
    const files: string[] = [];
    const walk = (dir: string, depth: number) => {
      let entries: string[];
      try {
        entries = readdirSync(dir).sort();
      } catch {
        return;
      }
      for (const e of entries) {
        const p = join(dir, e);
        let st;
        try {
          st = statSync(p);
        } catch {
          continue;
        }
        if (st.isDirectory()) {
          if (depth < 12 && e !== '.bin' && e !== '@pipelock') walk(p, depth + 1);
        } else if (/\.(?:js|mjs|cjs|ts|md|json)$/.test(e) && st.size > 0) files.push(p);
      }
    };
    walk(base, 0);
    // Deterministic spread over all packages rather than the alphabetically first ones.
    const key = (s: string) => {
      let h = 2166136261;
      for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
      return h >>> 0;
    };
    files.sort((a, b) => key(a) - key(b) || (a < b ? -1 : 1));
    const CAP_TOTAL = 50 * 1024 * 1024;
    const CAP_FILE = 256 * 1024;
    let bytes = 0;
    const findings: string[] = [];
    const t0 = performance.now();
    for (const f of files) {
      if (bytes >= CAP_TOTAL) break;
      const text = readFileSync(f, 'utf8').slice(0, CAP_FILE);
      bytes += text.length;
      for (const h of engine.scan(text)) findings.push(`${h.rule} ${h.excerpt} ${h.encoding ? `[${h.encoding.join('>')}] ` : ''}${f.slice(base.length)}:${h.start}`);
    }
    const ms = performance.now() - t0;
    const mb = bytes / (1024 * 1024);
    console.log(
      `DLP benign corpus: ${mb.toFixed(1)} MB in ${files.length} candidate files, ${findings.length} findings = ${((findings.length / mb) * 10).toFixed(2)} per 10 MB, ${(mb / (ms / 1000)).toFixed(1)} MB/s`,
    );
    if (findings.length) console.log(findings.join('\n'));
    expect(mb).toBeGreaterThan(20);
    expect(findings.length / mb).toBeLessThanOrEqual(0.1);
  }, 120_000);
});
