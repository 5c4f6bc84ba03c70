// Recall and false alarms of the prompt-injection engine on committed,
// labelled corpora (all our own writing): attacks by subset (direct,
// extraction, role-play, indirect-in-data, multilingual), ordinary benign
// text and hard negatives (security writing that quotes injections, "ignore
// the typo", "you must run npm install", changelogs, "act as a proxy" …),
// six generated evasions of the earlier positives, and real Markdown from
// node_modules. 30 % of the cases (a fixed hash of the id) are a holdout that
// was not looked at while the grammar was tuned; their numbers are printed
// separately and are the honest estimate for unseen material.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createInjectionEngine } from '../packages/core/src/injection/index.js';
import { filesUnder } from './corpus/walk.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const corpus = join(root, 'test/corpus/injection');
const engine = createInjectionEngine();

interface Case {
  id: string;
  subset: string;
  text: string;
  split: 'train' | 'holdout';
}
const readJsonl = <T>(f: string): T[] =>
  readFileSync(join(corpus, f), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

/** FNV-1a of the id: the split never depends on the engine or on file order. */
function splitOf(id: string): 'train' | 'holdout' {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h % 10 < 3 ? 'holdout' : 'train';
}

const LEGACY_SUBSET: Record<string, string> = {
  'instruction-override': 'direct',
  'role-override': 'role-play',
  jailbreak: 'role-play',
  'hidden-instruction': 'indirect',
  'credential-solicitation': 'extraction',
  'non-english': 'multilingual',
};
// The earlier hand-written positives shaped the first engine: always train.
const legacy = readJsonl<{ family: string; text: string }>('positives.jsonl').map(
  (p, i): Case => ({ id: `legacy-${i}`, subset: LEGACY_SUBSET[p.family] ?? 'direct', text: p.text, split: 'train' }),
);
const attacks: Case[] = [...readJsonl<Omit<Case, 'split'>>('attacks.jsonl').map((c) => ({ ...c, split: splitOf(c.id) })), ...legacy];
const benign: Case[] = [
  ...readJsonl<Omit<Case, 'split'>>('benign.jsonl').map((c) => ({ ...c, split: splitOf(c.id) })),
  ...readJsonl<{ text: string }>('benign-llm-answers.jsonl').map((c, i): Case => ({ id: `answer-${i}`, subset: 'hard-negative', text: c.text, split: 'train' })),
];

const blocks = (t: string) => engine.scan(t).some((h) => h.severity === 'high' || h.severity === 'critical');
const flags = (t: string) => engine.scan(t).length > 0;

interface Tally {
  n: number;
  strict: number;
  balanced: number;
}
function tally(cases: Case[]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const c of cases) {
    for (const key of [`${c.split} ${c.subset}`, `${c.split} all`]) {
      const r = out.get(key) ?? { n: 0, strict: 0, balanced: 0 };
      out.set(key, r);
      r.n++;
      if (flags(c.text)) r.strict++;
      if (blocks(c.text)) r.balanced++;
    }
  }
  return out;
}
const pct = (a: number, n: number) => `${((100 * a) / n).toFixed(1)} %`;
const rate = (m: Map<string, Tally>, key: string, mode: 'strict' | 'balanced') => {
  const r = m.get(key);
  return r ? r[mode] / r.n : NaN;
};

describe('injection corpus', () => {
  it('holds ≥ 600 attacks across the five subsets and ≥ 600 benign texts with ≥ 150 hard negatives', () => {
    const count = (cs: Case[], subset: string) => cs.filter((c) => c.subset === subset).length;
    expect(attacks.length).toBeGreaterThanOrEqual(600);
    for (const s of ['direct', 'extraction', 'role-play', 'indirect', 'multilingual']) expect(count(attacks, s), s).toBeGreaterThanOrEqual(60);
    expect(benign.length).toBeGreaterThanOrEqual(600);
    expect(count(benign, 'hard-negative')).toBeGreaterThanOrEqual(150);
    // CJK and European languages in the multilingual subset
    const ml = attacks.filter((c) => c.subset === 'multilingual').map((c) => c.text);
    expect(ml.filter((t) => /[\u3040-\u30ff]/.test(t)).length).toBeGreaterThanOrEqual(5);
    expect(ml.filter((t) => /[\uac00-\ud7af]/.test(t)).length).toBeGreaterThanOrEqual(5);
    expect(ml.filter((t) => /[\u0400-\u04ff]/.test(t)).length).toBeGreaterThanOrEqual(5);
    expect(new Set(attacks.map((c) => c.id)).size).toBe(attacks.length);
  });

  it('recall per subset (strict = any finding, balanced = a blocking finding), train and holdout', () => {
    const m = tally(attacks);
    const lines = [...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, r]) => `  ${k.padEnd(22)} n=${String(r.n).padStart(3)}  strict ${pct(r.strict, r.n).padStart(7)}  balanced ${pct(r.balanced, r.n).padStart(7)}`);
    console.log(`injection recall\n${lines.join('\n')}`);
    const misses = attacks.filter((c) => c.split === 'train' && !blocks(c.text)).map((c) => `  [${c.subset}] ${c.text.replace(/\n/g, ' ').slice(0, 110)}`);
    if (misses.length) console.log(`train cases not blocked in balanced mode (${misses.length}):\n${misses.join('\n')}`);
    // Floors set from the measured numbers (docs/injection-patterns.md); the holdout floors are the honest ones.
    expect(rate(m, 'train all', 'balanced')).toBeGreaterThanOrEqual(0.86);
    expect(rate(m, 'holdout all', 'balanced')).toBeGreaterThanOrEqual(0.82);
    expect(rate(m, 'holdout all', 'strict')).toBeGreaterThanOrEqual(0.86);
    for (const s of ['direct', 'extraction', 'indirect', 'multilingual']) expect(rate(m, `train ${s}`, 'balanced'), s).toBeGreaterThanOrEqual(0.84);
    expect(rate(m, 'train role-play', 'balanced')).toBeGreaterThanOrEqual(0.77);
    expect(rate(m, 'holdout role-play', 'balanced')).toBeGreaterThanOrEqual(0.75);
  });

  it('false alarms per subset, hard negatives reported apart', () => {
    const m = tally(benign);
    const lines = [...m].sort(([a], [b]) => a.localeCompare(b)).map(([k, r]) => `  ${k.padEnd(22)} n=${String(r.n).padStart(3)}  any finding ${pct(r.strict, r.n).padStart(7)}  blocking ${pct(r.balanced, r.n).padStart(7)}`);
    console.log(`injection false alarms\n${lines.join('\n')}`);
    const fps = benign.filter((c) => c.split === 'train' && flags(c.text)).map((c) => `  [${c.subset}] ${engine.scan(c.text).map((h) => `${h.rule}/${h.severity}`).join(', ')} :: ${c.text.replace(/\n/g, ' ').slice(0, 100)}`);
    if (fps.length) console.log(`train benign texts with a finding:\n${fps.join('\n')}`);
    expect(rate(m, 'train ordinary', 'balanced')).toBeLessThanOrEqual(0.01);
    expect(rate(m, 'holdout ordinary', 'balanced')).toBeLessThanOrEqual(0.02);
    expect(rate(m, 'train hard-negative', 'balanced')).toBeLessThanOrEqual(0.02);
    expect(rate(m, 'holdout hard-negative', 'balanced')).toBeLessThanOrEqual(0.08);
  });
});

// ── evasions, each derived deterministically from an earlier positive ──
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

describe('evasions of the earlier positives', () => {
  it('each evasion family keeps most of plain recall', () => {
    const per: Record<string, { n: number; hit: number }> = {};
    for (const p of legacy) {
      for (const [name, f] of Object.entries({ plain: (s: string) => s, ...evasions })) {
        const r = (per[name] ??= { n: 0, hit: 0 });
        r.n++;
        if (flags(f(p.text))) r.hit++;
      }
    }
    console.log(`evasions (any finding):\n${Object.entries(per).map(([k, r]) => `  ${k.padEnd(11)} ${r.hit}/${r.n}`).join('\n')}`);
    // vowel-swap (every long word misspelt) and no-space stay below the others (see docs/injection-patterns.md)
    const floor: Record<string, number> = { plain: 0.93, 'zero-width': 0.9, homoglyph: 0.9, leetspeak: 0.9, 'vowel-swap': 0.65, 'no-space': 0.68, base64: 0.9 };
    for (const [k, r] of Object.entries(per)) expect(r.hit / r.n, k).toBeGreaterThanOrEqual(floor[k] ?? 0.5);
  });
});

// ── benign real text: Markdown from node_modules, deterministic order ──
function markdownDocs(capBytes: number, chunk: number): Array<{ file: string; text: string }> {
  const base = join(root, 'node_modules/.pnpm');
  const files = filesUnder(base, { maxDepth: 8, accept: (name) => /\.md$/i.test(name), realpath: true });
  const docs: Array<{ file: string; text: string }> = [];
  let total = 0;
  for (const f of [...files].sort()) {
    const text = readFileSync(f, 'utf8');
    if (total + text.length > capBytes) break;
    total += text.length;
    // ~4 KB documents cut at paragraph boundaries.
    let cur = '';
    for (const para of text.split(/\n\s*\n/)) {
      if (cur.length + para.length > chunk && cur.length > 0) {
        docs.push({ file: f, text: cur });
        cur = '';
      }
      cur += `${para}\n\n`;
    }
    if (cur.trim()) docs.push({ file: f, text: cur });
  }
  return docs;
}

describe('real Markdown', () => {
  it('blocks ≤ 0.5 % of ~4 KB documents of node_modules Markdown (balanced), ≤ 1 % with any finding', () => {
    const docs = markdownDocs(40 * 1024 * 1024, 4096);
    const flagged: string[] = [];
    let blocking = 0;
    let bytes = 0;
    for (const d of docs) {
      bytes += d.text.length;
      const hits = engine.scan(d.text);
      if (hits.length === 0) continue;
      if (hits.some((h) => h.severity !== 'medium')) blocking++;
      const h = hits[0]!;
      const around = d.text.slice(Math.max(0, (h.start ?? 0) - 40), (h.end ?? 0) + 40).replace(/\s+/g, ' ');
      flagged.push(`${h.rule}/${h.severity} [${h.encoding?.join('+') ?? 'raw'}] ${d.file.replace(/.*node_modules\//, '')} :: ${around}`);
    }
    console.log(`benign markdown: ${docs.length} docs, ${(bytes / 1e6).toFixed(2)} MB, any finding ${flagged.length} (${pct(flagged.length, docs.length)}), blocking ${blocking} (${pct(blocking, docs.length)})`);
    if (flagged.length) console.log(`  ${flagged.join('\n  ')}`);
    expect(bytes).toBeGreaterThan(5e6);
    expect(blocking / docs.length).toBeLessThanOrEqual(0.005);
    expect(flagged.length / docs.length).toBeLessThanOrEqual(0.01);
  });
});

// ── blind set (round 3): written in the styles of public labelled sets we do
// not hold (short German/English injections, Tensor-Trust hijacking and
// extraction, BIPIA-style task hijacks inside data, Gandalf-style password
// extraction, DAN-style jailbreaks) with ordinary requests and hard negatives.
// It was scanned once before any change (docs/injection-patterns.md gives that
// figure). Half of it (FNV-1a of "blind:" + id) is the tune split whose misses
// are printed; the other half is held out and only ever counted.
interface BlindCase {
  id: string;
  label: 'attack' | 'benign';
  subset: string;
  text: string;
}
const blind = readJsonl<BlindCase>('blind.jsonl');
const blindSplit = (id: string): 'tune' | 'held' => (splitOf(`blind:${id}`) === 'holdout' || splitOf(`blind2:${id}`) === 'holdout' ? 'held' : 'tune');

describe('blind set', () => {
  const rows = blind.map((c) => ({ ...c, split: blindSplit(c.id), any: flags(c.text), block: blocks(c.text) }));
  const line = (name: string, rs: typeof rows) => {
    const n = rs.length;
    return `  ${name.padEnd(30)} n=${String(n).padStart(3)}  any ${pct(rs.filter((r) => r.any).length, n).padStart(7)}  blocking ${pct(rs.filter((r) => r.block).length, n).padStart(7)}`;
  };
  it('holds ≥ 150 attacks and ≥ 150 benign texts with ≥ 60 hard negatives', () => {
    expect(blind.filter((c) => c.label === 'attack').length).toBeGreaterThanOrEqual(150);
    expect(blind.filter((c) => c.label === 'benign').length).toBeGreaterThanOrEqual(150);
    expect(blind.filter((c) => c.subset === 'hard-negative').length).toBeGreaterThanOrEqual(60);
    expect(new Set(blind.map((c) => c.id)).size).toBe(blind.length);
  });
  it('recall and false alarms per split and subset', () => {
    const out: string[] = [];
    for (const split of ['tune', 'held'] as const) {
      for (const label of ['attack', 'benign'] as const) {
        const rs = rows.filter((r) => r.split === split && r.label === label);
        out.push(line(`${split} ${label} all`, rs));
        for (const s of [...new Set(rs.map((r) => r.subset))].sort()) out.push(line(`${split} ${label} ${s}`, rs.filter((r) => r.subset === s)));
      }
    }
    console.log(`blind set\n${out.join('\n')}`);
    const tuneMiss = rows.filter((r) => r.split === 'tune' && r.label === 'attack' && !r.block).map((r) => `  [${r.subset}]${r.any ? ' (medium)' : ''} ${r.text.replace(/\n/g, ' ').slice(0, 120)}`);
    const tuneFp = rows.filter((r) => r.split === 'tune' && r.label === 'benign' && r.any).map((r) => `  [${r.subset}] ${engine.scan(r.text).map((h) => `${h.rule}/${h.severity}`).join(', ')} :: ${r.text.replace(/\n/g, ' ').slice(0, 100)}`);
    if (tuneMiss.length) console.log(`blind tune attacks not blocked (${tuneMiss.length}):\n${tuneMiss.join('\n')}`);
    if (tuneFp.length) console.log(`blind tune benign with a finding:\n${tuneFp.join('\n')}`);
    // Floors from the measured numbers (docs/injection-patterns.md, "Blind set"); before any round-3 change the
    // whole set scored 52.7 % blocking on attacks (tune 46.4 %, held 59.3 %) and 3.1 % blocking on benign texts.
    const r = (split: string, label: string, subset: string | null, f: 'any' | 'block') => {
      const rs = rows.filter((x) => x.split === split && x.label === label && (subset === null || x.subset === subset));
      return rs.filter((x) => x[f]).length / rs.length;
    };
    expect(r('tune', 'attack', null, 'block')).toBeGreaterThanOrEqual(0.84);
    expect(r('held', 'attack', null, 'block')).toBeGreaterThanOrEqual(0.75);
    expect(r('held', 'attack', null, 'any')).toBeGreaterThanOrEqual(0.76);
    for (const split of ['tune', 'held']) expect(r(split, 'benign', 'ordinary', 'any'), split).toBe(0);
    expect(r('tune', 'benign', 'hard-negative', 'block')).toBeLessThanOrEqual(0.03);
    expect(r('held', 'benign', 'hard-negative', 'block')).toBeLessThanOrEqual(0.06);
  });
});

// ── blind set (round 4): blind2.jsonl, written before any round-4 change in
// the styles of public sets we do not hold (Gandalf password games incl.
// poem / acrostic / spell-it / analogy extraction, "I wrote your prompt",
// praise-then-new-task, role-play and DAN-style jailbreaks, task hijacks in
// e-mails, CSV cells, code comments, pages and tool results, paraphrased
// overrides, de/fr/es/it/pt/nl plus ru, zh, ar, ja, el) and ordinary text with
// hard negatives (prompt-injection articles, "ignore the typo", "you must",
// harmless role-play, password-reset help). FNV-1a of "b2:" + id, even = held:
// only the tune half's misses are printed; the held half is only counted.
const blind2 = readJsonl<BlindCase>('blind2.jsonl');
const blind2Split = (id: string): 'tune' | 'held' => {
  let h = 0x811c9dc5;
  const s = `b2:${id}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h % 2 === 0 ? 'held' : 'tune';
};

describe('blind set 2', () => {
  const rows = blind2.map((c) => ({ ...c, split: blind2Split(c.id), any: flags(c.text), block: blocks(c.text) }));
  const share = (rs: typeof rows, f: 'any' | 'block') => rs.filter((r) => r[f]).length / rs.length;
  it('holds ≥ 150 attacks and ≥ 150 benign texts with ≥ 60 hard negatives, non-Latin scripts among the attacks', () => {
    expect(blind2.filter((c) => c.label === 'attack').length).toBeGreaterThanOrEqual(150);
    expect(blind2.filter((c) => c.label === 'benign').length).toBeGreaterThanOrEqual(150);
    expect(blind2.filter((c) => c.subset === 'hard-negative').length).toBeGreaterThanOrEqual(60);
    expect(new Set(blind2.map((c) => c.id)).size).toBe(blind2.length);
    const ml = blind2.filter((c) => c.subset === 'multilingual').map((c) => c.text);
    expect(ml.filter((t) => /[\u0400-\u04ff\u0600-\u06ff\u0370-\u03ff\u3040-\u30ff\u4e00-\u9fff]/.test(t)).length).toBeGreaterThanOrEqual(5);
  });
  it('recall and false alarms per split and subset', () => {
    const out: string[] = [];
    for (const split of ['tune', 'held'] as const) {
      for (const label of ['attack', 'benign'] as const) {
        const rs = rows.filter((r) => r.split === split && r.label === label);
        const line = (name: string, xs: typeof rows) =>
          `  ${name.padEnd(30)} n=${String(xs.length).padStart(3)}  any ${pct(xs.filter((r) => r.any).length, xs.length).padStart(7)}  blocking ${pct(xs.filter((r) => r.block).length, xs.length).padStart(7)}`;
        out.push(line(`${split} ${label} all`, rs));
        for (const s of [...new Set(rs.map((r) => r.subset))].sort()) out.push(line(`${split} ${label} ${s}`, rs.filter((r) => r.subset === s)));
      }
    }
    console.log(`blind set 2\n${out.join('\n')}`);
    const tuneMiss = rows.filter((r) => r.split === 'tune' && r.label === 'attack' && !r.block).map((r) => `  [${r.subset}]${r.any ? ' (medium)' : ''} ${r.text.replace(/\n/g, ' ').slice(0, 120)}`);
    const tuneFp = rows.filter((r) => r.split === 'tune' && r.label === 'benign' && r.any).map((r) => `  [${r.subset}] ${engine.scan(r.text).map((h) => `${h.rule}/${h.severity}`).join(', ')} :: ${r.text.replace(/\n/g, ' ').slice(0, 100)}`);
    if (tuneMiss.length) console.log(`blind2 tune attacks not blocked (${tuneMiss.length}):\n${tuneMiss.join('\n')}`);
    if (tuneFp.length) console.log(`blind2 tune benign with a finding:\n${tuneFp.join('\n')}`);
    const pick = (split: string, label: string, subset: string | null) => rows.filter((x) => x.split === split && x.label === label && (subset === null || x.subset === subset));
    // Floors just under the measured figures (docs/injection-patterns.md, "Blind set 2"). Before any round-4
    // change: blocking 48.3 % on both halves (any finding 60.7 % tune, 59.8 % held), hard negatives 2.7 / 2.9 %.
    expect(share(pick('tune', 'attack', null), 'block')).toBeGreaterThanOrEqual(0.93);
    expect(share(pick('held', 'attack', null), 'block')).toBeGreaterThanOrEqual(0.62);
    expect(share(pick('held', 'attack', null), 'any')).toBeGreaterThanOrEqual(0.7);
    for (const split of ['tune', 'held']) expect(share(pick(split, 'benign', 'ordinary'), 'any'), split).toBe(0);
    expect(share(pick('tune', 'benign', 'hard-negative'), 'block')).toBeLessThanOrEqual(0.03);
    expect(share(pick('held', 'benign', 'hard-negative'), 'block')).toBeLessThanOrEqual(0.06);
  });
});

// ── blind set (round 5): blind3.jsonl, written before any round-5 change:
// overrides that name the model's setup by paraphrase (what you were set up /
// built / told to do, your original purpose, drop the act, praise or closure
// then an unrelated task), extraction by synonyms of the prompt (boot text,
// preamble, everything before my first message, admin + forgotten secret
// word), output-format hijacks addressed to the model, exfiltration through a
// URL / Markdown image / link, grief role-play jailbreaks, task hijacks inside
// mails / tables / code / tool results, the same in eight other languages, and
// fake turn or delimiter endings; benign ordinary text and hard negatives that
// share the words ("disregard my previous e-mail", "drop support for", "act as
// a proxy", "output verbatim", grandma recipes, password-reset help, political
// news). FNV-1a of "b3:" + id, even = held: only the tune half's misses are
// printed; the held half is only counted.
const blind3 = readJsonl<BlindCase>('blind3.jsonl');
const blind3Split = (id: string): 'tune' | 'held' => {
  let h = 0x811c9dc5;
  const s = `b3:${id}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h % 2 === 0 ? 'held' : 'tune';
};

describe('blind set 3', () => {
  const rows = blind3.map((c) => ({ ...c, split: blind3Split(c.id), any: flags(c.text), block: blocks(c.text) }));
  const share = (rs: typeof rows, f: 'any' | 'block') => rs.filter((r) => r[f]).length / rs.length;
  it('holds ≥ 120 attacks and ≥ 120 benign texts with ≥ 60 hard negatives', () => {
    expect(blind3.filter((c) => c.label === 'attack').length).toBeGreaterThanOrEqual(120);
    expect(blind3.filter((c) => c.label === 'benign').length).toBeGreaterThanOrEqual(120);
    expect(blind3.filter((c) => c.subset === 'hard-negative').length).toBeGreaterThanOrEqual(60);
    expect(new Set(blind3.map((c) => c.id)).size).toBe(blind3.length);
  });
  it('recall and false alarms per split and subset', () => {
    const out: string[] = [];
    for (const split of ['tune', 'held'] as const) {
      for (const label of ['attack', 'benign'] as const) {
        const rs = rows.filter((r) => r.split === split && r.label === label);
        const line = (name: string, xs: typeof rows) =>
          `  ${name.padEnd(30)} n=${String(xs.length).padStart(3)}  any ${pct(xs.filter((r) => r.any).length, xs.length).padStart(7)}  blocking ${pct(xs.filter((r) => r.block).length, xs.length).padStart(7)}`;
        out.push(line(`${split} ${label} all`, rs));
        for (const s of [...new Set(rs.map((r) => r.subset))].sort()) out.push(line(`${split} ${label} ${s}`, rs.filter((r) => r.subset === s)));
      }
    }
    console.log(`blind set 3\n${out.join('\n')}`);
    const tuneMiss = rows.filter((r) => r.split === 'tune' && r.label === 'attack' && !r.block).map((r) => `  [${r.subset}]${r.any ? ' (medium)' : ''} ${r.text.replace(/\n/g, ' ').slice(0, 120)}`);
    const tuneFp = rows.filter((r) => r.split === 'tune' && r.label === 'benign' && r.any).map((r) => `  [${r.subset}] ${engine.scan(r.text).map((h) => `${h.rule}/${h.severity}`).join(', ')} :: ${r.text.replace(/\n/g, ' ').slice(0, 100)}`);
    if (tuneMiss.length) console.log(`blind3 tune attacks not blocked (${tuneMiss.length}):\n${tuneMiss.join('\n')}`);
    if (tuneFp.length) console.log(`blind3 tune benign with a finding:\n${tuneFp.join('\n')}`);
    const pick = (split: string, label: string, subset: string | null) => rows.filter((x) => x.split === split && x.label === label && (subset === null || x.subset === subset));
    // Floors just under the measured figures (docs/injection-patterns.md, "Blind set 3"). Before any round-5
    // change: blocking 27.9 % tune, 33.8 % held (any finding 39.7 / 42.3 %), hard negatives blocking 0 / 0 %.
    expect(share(pick('tune', 'attack', null), 'block')).toBeGreaterThanOrEqual(0.93);
    expect(share(pick('held', 'attack', null), 'block')).toBeGreaterThanOrEqual(0.59);
    expect(share(pick('held', 'attack', null), 'any')).toBeGreaterThanOrEqual(0.63);
    for (const split of ['tune', 'held']) expect(share(pick(split, 'benign', 'ordinary'), 'any'), split).toBe(0);
    expect(share(pick('tune', 'benign', 'hard-negative'), 'block')).toBeLessThanOrEqual(0.03);
    expect(share(pick('held', 'benign', 'hard-negative'), 'block')).toBeLessThanOrEqual(0.03);
  });
});
