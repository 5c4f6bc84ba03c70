// Recall and precision of the prompt-injection engine on committed corpora:
// hand-written positives (and six evasions generated from each), ordinary
// assistant answers that talk about injection, and real Markdown from
// node_modules. Prints the numbers and every flagged benign snippet.
// (Injections split across SSE deltas are covered by the streaming tests.)
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createInjectionEngine } from '../packages/core/src/injection/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpus = join(root, 'test/corpus/injection');
const engine = createInjectionEngine();

interface Positive { family: string; text: string }
const readJsonl = <T>(f: string): T[] =>
  readFileSync(join(corpus, f), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);

const positives = readJsonl<Positive>('positives.jsonl');
const benignAnswers = readJsonl<{ text: string }>('benign-llm-answers.jsonl');

// ── evasions, each derived deterministically from a positive ──
const ZW = '\u200B';
const HOMO: Record<string, string> = { a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', i: 'і', y: 'у', A: 'А', E: 'Е', O: 'О', P: 'Р', C: 'С' };
const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7', A: '4', E: '3', I: '1', O: '0', S: '5', T: '7' };
const VOWEL_SWAP: Record<string, string> = { a: 'e', e: 'i', i: 'o', o: 'u', u: 'a' };

export const evasions: Record<string, (s: string) => string> = {
  'zero-width': (s) => s.replace(/\p{L}{4,}/gu, (w) => `${w.slice(0, 2)}${ZW}${w.slice(2)}`).replace(/(\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Hangul})(?=\p{L})/gu, `$1${ZW}`),
  homoglyph: (s) => s.replace(/[aeopcxiyAEOPC]/g, (c) => HOMO[c] ?? c),
  leetspeak: (s) => s.replace(/[aeiostAEIOST]/g, (c) => LEET[c] ?? c),
  // Misspell every word of six or more letters: swap its last vowel.
  'vowel-swap': (s) =>
    s.replace(/[A-Za-z]{6,}/g, (w) => {
      const m = /[aeiou](?=[^aeiou]*$)/.exec(w);
      return m ? w.slice(0, m.index) + (VOWEL_SWAP[m[0]] ?? m[0]) + w.slice(m.index + 1) : w;
    }),
  'no-space': (s) => s.replace(/\s+/g, ''),
  base64: (s) => `Attachment (base64): ${Buffer.from(s, 'utf8').toString('base64')}`,
};

// ── benign real text: Markdown from node_modules, deterministic order ──
function markdownDocs(capBytes: number, chunk: number): Array<{ file: string; text: string }> {
  const base = join(root, 'node_modules/.pnpm');
  const files = new Set<string>();
  const walk = (dir: string, depth: number) => {
    if (depth > 8) return;
    let entries: string[];
    try { entries = readdirSync(dir).sort(); } catch { return; }
    for (const e of entries) {
      const p = join(dir, e);
      let st;
      try { st = statSync(p); } catch { continue; }
      if (st.isDirectory()) { if (e !== '.bin') walk(p, depth + 1); }
      else if (/\.md$/i.test(e)) files.add(realpathSync(p));
    }
  };
  walk(base, 0);
  const docs: Array<{ file: string; text: string }> = [];
  let total = 0;
  for (const f of [...files].sort()) {
    const text = readFileSync(f, 'utf8');
    if (total + text.length > capBytes) break;
    total += text.length;
    // ~4 KB documents cut at paragraph boundaries.
    let cur = '';
    for (const para of text.split(/\n\s*\n/)) {
      if (cur.length + para.length > chunk && cur.length > 0) { docs.push({ file: f, text: cur }); cur = ''; }
      cur += `${para}\n\n`;
    }
    if (cur.trim()) docs.push({ file: f, text: cur });
  }
  return docs;
}

describe('injection corpus', () => {
  it('has enough positives per family and per CJK language', () => {
    const byFamily = new Map<string, number>();
    for (const p of positives) byFamily.set(p.family, (byFamily.get(p.family) ?? 0) + 1);
    for (const [fam, n] of byFamily) expect(n, fam).toBeGreaterThanOrEqual(8);
    expect(byFamily.size).toBeGreaterThanOrEqual(11);
    const count = (re: RegExp) => positives.filter((p) => re.test(p.text)).length;
    expect(count(/[\u3040-\u30ff]/)).toBeGreaterThanOrEqual(5); // Japanese (kana)
    expect(count(/[\uac00-\ud7af]/)).toBeGreaterThanOrEqual(5); // Korean
    expect(positives.filter((p) => /\p{Script=Han}/u.test(p.text) && !/[\u3040-\u30ff]/.test(p.text)).length).toBeGreaterThanOrEqual(5);
    expect(benignAnswers.length).toBeGreaterThanOrEqual(40);
  });

  it('recall ≥ 95 % on positives and their evasions', () => {
    const misses: string[] = [];
    const per: Record<string, { n: number; hit: number }> = {};
    const tally = (kind: string, text: string, orig: string) => {
      const r = (per[kind] ??= { n: 0, hit: 0 });
      r.n++;
      if (engine.scan(text).length > 0) r.hit++;
      else misses.push(`[${kind}] ${orig.slice(0, 90)}`);
    };
    for (const p of positives) {
      tally('plain', p.text, p.text);
      for (const [name, f] of Object.entries(evasions)) tally(name, f(p.text), p.text);
    }
    const n = Object.values(per).reduce((a, r) => a + r.n, 0);
    const hit = Object.values(per).reduce((a, r) => a + r.hit, 0);
    console.log(`injection recall: ${hit}/${n} = ${((100 * hit) / n).toFixed(1)} %`);
    for (const [k, r] of Object.entries(per)) console.log(`  ${k.padEnd(11)} ${r.hit}/${r.n}`);
    if (misses.length) console.log(`missed:\n  ${misses.join('\n  ')}`);
    expect(per.plain?.hit).toBe(positives.length);
    expect(hit / n).toBeGreaterThanOrEqual(0.95);
  });

  it('flags none of the benign assistant answers', () => {
    const flagged = benignAnswers
      .map((b) => ({ b, hits: engine.scan(b.text) }))
      .filter((x) => x.hits.length > 0)
      .map((x) => `${x.hits.map((h) => h.rule).join(', ')} :: ${x.hits[0]?.excerpt} :: ${x.b.text.slice(0, 80)}`);
    console.log(`benign LLM answers flagged: ${flagged.length}/${benignAnswers.length}`);
    if (flagged.length) console.log(`  ${flagged.join('\n  ')}`);
    expect(flagged).toEqual([]);
  });

  it('flags ≤ 0.5 % of real Markdown documents', () => {
    const docs = markdownDocs(40 * 1024 * 1024, 4096);
    const flagged: string[] = [];
    let bytes = 0;
    for (const d of docs) {
      bytes += d.text.length;
      const hits = engine.scan(d.text);
      if (hits.length > 0) {
        const h = hits[0]!;
        const around = d.text.slice(Math.max(0, (h.start ?? 0) - 40), (h.end ?? 0) + 40).replace(/\s+/g, ' ');
        flagged.push(`${h.rule} [${h.encoding?.join('+') ?? 'raw'}] ${d.file.replace(/.*node_modules\//, '')} :: ${around}`);
      }
    }
    const rate = flagged.length / docs.length;
    console.log(`benign markdown: ${docs.length} docs, ${(bytes / 1e6).toFixed(2)} MB, flagged ${flagged.length} (${(rate * 100).toFixed(2)} %)`);
    if (flagged.length) console.log(`  ${flagged.join('\n  ')}`);
    expect(docs.length).toBeGreaterThan(100);
    expect(rate).toBeLessThanOrEqual(0.005);
  });
});
