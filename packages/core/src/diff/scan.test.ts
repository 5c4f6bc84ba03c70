import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RawHit, ScanContext } from '../context.js';
import type { Finding } from '../types.js';
import { applyBaseline, buildBaseline, parseBaseline } from './baseline.js';
import { parseDiff } from './parse.js';
import { DiffScan, inlineIgnore, scanDiffWith } from './scan.js';
import type { DiffChunk } from './scan.js';

// A stand-in DLP: 'TOKA…' is an "Alpha Token", 'TOKB…' a "Beta Key". The real
// engine is tested in dlp/; here we test what the diff layer does with hits.
function fakeCtx(): ScanContext & { scanned: string[] } {
  const scanned: string[] = [];
  return {
    scanned,
    config: {} as ScanContext['config'],
    dlp(text: string): RawHit[] {
      scanned.push(text);
      const hits: RawHit[] = [];
      for (const m of text.matchAll(/TOK([AB])(\w+)/g)) {
        hits.push({
          scanner: 'dlp',
          rule: m[1] === 'A' ? 'Alpha Token' : 'Beta Key',
          severity: 'high',
          start: m.index,
          end: m.index + m[0].length,
          excerpt: `TOK${m[1]}…`,
          secretHash: `h-${m[0]}`,
        });
      }
      // A two-line format, like a PEM header that only counts with its body.
      for (const m of text.matchAll(/BEGIN-(\w+)\nBODY/g)) {
        hits.push({ scanner: 'dlp', rule: 'Two Line Key', severity: 'critical', start: m.index, excerpt: 'BEGIN…', secretHash: `k-${m[1]}` });
      }
      return hits;
    },
    injection: () => [],
    finding(hit: RawHit, location: string): Finding {
      return { scanner: hit.scanner, rule: hit.rule, severity: hit.severity, action: 'block', location, excerpt: hit.excerpt };
    },
    now: () => 0,
  };
}

const diff = (file: string, added: string[], start = 1): string =>
  [
    `diff --git a/${file} b/${file}`,
    `--- a/${file}`,
    `+++ b/${file}`,
    `@@ -${start},1 +${start},${added.length + 1} @@`,
    ' context TOKAcontext',
    ...added.map((l) => `+${l}`),
    '-removed TOKAremoved',
    '',
  ].join('\n');

describe('scanDiffWith', () => {
  it('scans only added lines and puts file, line, location on each finding', () => {
    const ctx = fakeCtx();
    const fs = scanDiffWith(ctx, diff('src/a.ts', ['const k = "TOKAone";', 'clean', 'x = TOKBtwo'], 10));
    expect(ctx.scanned).toEqual(['const k = "TOKAone";\nclean\nx = TOKBtwo']);
    expect(fs.map((f) => [f.rule, f.file, f.line, f.location, f.suppressed ?? false])).toEqual([
      ['Alpha Token', 'src/a.ts', 11, 'diff:src/a.ts:11', false],
      ['Beta Key', 'src/a.ts', 13, 'diff:src/a.ts:13', false],
    ]);
  });

  it.each([
    ['// pipelock:ignore', ['Alpha Token', 'Beta Key']],
    ['# pipelock:ignore', ['Alpha Token', 'Beta Key']],
    ['/* pipelock:ignore */', ['Alpha Token', 'Beta Key']],
    ['<!-- pipelock:ignore -->', ['Alpha Token', 'Beta Key']],
    ['// PIPELOCK:IGNORE', ['Alpha Token', 'Beta Key']],
    ['// pipelock:ignore alpha token', ['Alpha Token']],
    ['/* pipelock:ignore Beta   Key */', ['Beta Key']],
    ['// pipelock:ignore Alpha Token, beta key', ['Alpha Token', 'Beta Key']],
    ['// pipelock:ignore Gamma', []],
    ['// pipelock:ignored', []],
    ['// pipelock:ignorethis', []],
    ['// no marker', []],
  ])('inline %s silences %j', (comment, silenced) => {
    const fs = scanDiffWith(fakeCtx(), diff('a.py', [`k = TOKAx + TOKBy ${comment}`]));
    expect(fs).toHaveLength(2);
    expect(fs.filter((f) => f.suppressed).map((f) => f.rule)).toEqual(silenced);
    for (const f of fs.filter((x) => x.suppressed)) {
      expect(f.suppressedBy).toBe('inline');
      expect(f.action).toBe('allow');
    }
  });

  it('a marker on another line does not silence', () => {
    const fs = scanDiffWith(fakeCtx(), diff('a.py', ['# pipelock:ignore', 'k = TOKAx']));
    expect(fs.map((f) => f.suppressed ?? false)).toEqual([false]);
  });

  it('keeps a config suppression (does not relabel it inline)', () => {
    const ctx = fakeCtx();
    const base = ctx.finding.bind(ctx);
    ctx.finding = (hit, loc, sec) => ({ ...base(hit, loc, sec), suppressed: true, suppressedBy: 'config', action: 'allow' });
    const fs = scanDiffWith(ctx, diff('a.py', ['k = TOKAx # pipelock:ignore']));
    expect(fs[0]?.suppressedBy).toBe('config');
  });

  it.each([
    [['*.md'], ['src/a.ts']],
    [['src/'], ['docs/x.md']],
    [['**/*.ts', 'docs/**'], []],
    [[], ['docs/x.md', 'src/a.ts']],
  ])('exclude %j leaves %j', (exclude, files) => {
    const text = diff('docs/x.md', ['TOKAdoc']) + diff('src/a.ts', ['TOKAsrc']);
    expect(scanDiffWith(fakeCtx(), text, { exclude }).map((f) => f.file)).toEqual(files);
  });

  it('fingerprints ignore the line number but not the file, rule or secret', () => {
    const fp = (d: string) => scanDiffWith(fakeCtx(), d)[0]?.fingerprint;
    const a = fp(diff('a.ts', ['TOKAsame'], 1));
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(fp(diff('a.ts', ['TOKAsame'], 500))).toBe(a);
    expect(fp(diff('b.ts', ['TOKAsame'], 1))).not.toBe(a);
    expect(fp(diff('a.ts', ['TOKAother'], 1))).not.toBe(a);
    expect(fp(diff('a.ts', ['TOKBsame'], 1))).not.toBe(a);
  });

  it('finds formats that need the following lines, on the line where they start', () => {
    const fs = scanDiffWith(fakeCtx(), diff('keys/id', ['x', 'BEGIN-one', 'BODY', 'y'], 7));
    expect(fs.map((f) => [f.rule, f.line])).toEqual([['Two Line Key', 9]]);
  });

  it('chunks long blocks without losing, duplicating or misplacing hits', () => {
    const added: string[] = [];
    for (let n = 0; n < 200; n++) added.push(n % 7 === 3 ? `v${n} = TOKA${n}` : `plain line ${n}`);
    // A two-line secret across every possible chunk boundary.
    for (const at of [30, 31, 32, 33, 60, 61, 62, 63, 64]) {
      added[at] = `BEGIN-k${at}`;
      added[at + 1] = 'BODY';
    }
    const ctx = fakeCtx();
    const fs = scanDiffWith(ctx, diff('big.txt', added, 1));
    const want: Array<[string, number]> = [];
    added.forEach((t, n) => {
      if (/TOKA/.test(t)) want.push(['Alpha Token', n + 2]);
      if (/^BEGIN-/.test(t) && added[n + 1] === 'BODY') want.push(['Two Line Key', n + 2]);
    });
    const got = fs.map((f) => [f.rule, f.line] as [string, number]);
    const byLine = (a: [string, number], b: [string, number]) => a[1] - b[1] || a[0].localeCompare(b[0]);
    expect(got.sort(byLine)).toEqual(want.sort(byLine));
    expect(ctx.scanned.length).toBeGreaterThan(5);
  });

  it('does not join lines that are not adjacent in the new file', () => {
    const text = [
      'diff --git a/s b/s',
      '--- a/s',
      '+++ b/s',
      '@@ -1,0 +1 @@',
      '+BEGIN-x',
      '@@ -5,0 +6 @@',
      '+BODY',
      '',
    ].join('\n');
    const ctx = fakeCtx();
    expect(scanDiffWith(ctx, text)).toEqual([]);
    expect(ctx.scanned).toEqual(['BEGIN-x', 'BODY']);
  });

  it('locates a hit that has no span by rescanning the chunk line by line', () => {
    const ctx = fakeCtx();
    const base = ctx.dlp.bind(ctx);
    ctx.dlp = (t) => base(t).map(({ start: _s, ...h }) => h);
    const fs = scanDiffWith(ctx, diff('n.txt', ['a', 'b', 'c = TOKBz'], 1));
    expect(fs.map((f) => f.line)).toEqual([4]);
  });

  it('skips deleted and binary files', () => {
    const text = [
      'diff --git a/gone b/gone',
      'deleted file mode 100644',
      '--- a/gone',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-TOKAgone',
      'diff --git a/b.bin b/b.bin',
      'Binary files a/b.bin and b/b.bin differ',
      '',
    ].join('\n');
    const ctx = fakeCtx();
    expect(scanDiffWith(ctx, text)).toEqual([]);
    expect(ctx.scanned).toEqual([]);
  });
});

/**
 * The chunk cuts as a whole-list computation (how scanning worked before it
 * streamed): the streaming cuts must equal these for every file.
 */
function referenceChunks(text: string): string[] {
  const out: string[] = [];
  for (const file of parseDiff(text)) {
    if (file.newPath === null || file.binary) continue;
    const lines = file.addedLines;
    let i = 0;
    while (i < lines.length) {
      let end = i;
      let chars = 0;
      const parts: string[] = [];
      while (end < lines.length && end - i < 32) {
        const l = lines[end]!;
        if (end > i && (l.line !== lines[end - 1]!.line + 1 || chars + l.text.length > 32 * 1024)) break;
        parts.push(l.text);
        chars += l.text.length + 1;
        end++;
      }
      out.push(parts.join('\n'));
      const contiguous = end < lines.length && lines[end]!.line === lines[end - 1]!.line + 1;
      i = contiguous && end - i > 4 ? end - 4 : end;
    }
  }
  return out;
}

/** A diff of files whose hunks add runs of lines (some long, some with secrets) separated by context. */
const diffArb = fc
  .array(
    fc.array(
      fc.record({
        gap: fc.integer({ min: 0, max: 3 }),
        lines: fc.array(
          fc.oneof(
            { weight: 6, arbitrary: fc.constantFrom('plain', 'x = TOKAone', 'BEGIN-k', 'BODY', 'y = TOKBtwo', '') },
            { weight: 1, arbitrary: fc.integer({ min: 1, max: 40 }).map((k) => `${'w'.repeat(k * 1000)} TOKAlong${k}`) },
          ),
          { minLength: 1, maxLength: 90 },
        ),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map((files) => {
    const out: string[] = [];
    files.forEach((runs, f) => {
      out.push(`diff --git a/f${f}.txt b/f${f}.txt`, `--- a/f${f}.txt`, `+++ b/f${f}.txt`);
      let oldLine = 1;
      let newLine = 1;
      for (const run of runs) {
        // Context lines between runs, then the run as one hunk.
        oldLine += run.gap;
        newLine += run.gap;
        out.push(`@@ -${oldLine},${run.gap > 0 ? 1 : 0} +${newLine},${run.lines.length + (run.gap > 0 ? 1 : 0)} @@`);
        if (run.gap > 0) out.push(' ctx');
        for (const l of run.lines) out.push(`+${l}`);
        newLine += run.lines.length + (run.gap > 0 ? 1 : 0);
        oldLine += run.gap > 0 ? 1 : 0;
      }
    });
    return `${out.join('\n')}\n`;
  });

/** Split `s` at the given fractions, so the parser and the chunker see arbitrary piece boundaries. */
function pieces(s: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => Math.floor(c * s.length)))].sort((a, b) => a - b);
  const out: string[] = [];
  let prev = 0;
  for (const a of at) {
    out.push(s.slice(prev, a));
    prev = a;
  }
  out.push(s.slice(prev));
  return out;
}

describe('DiffScan (streaming)', () => {
  it('cuts the same chunks as the whole-list computation, however the input is split', () => {
    fc.assert(
      fc.property(diffArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), (text, cuts) => {
        const chunks: string[] = [];
        const scan = new DiffScan(fakeCtx(), {}, (c) => {
          chunks.push(c.text);
          scan.resolve(c, []);
        });
        for (const p of pieces(text, cuts)) scan.push(p);
        scan.end();
        expect(chunks).toEqual(referenceChunks(text));
      }),
      { numRuns: 150 },
    );
  });

  it('findings are the same when chunks are resolved later, out of band, as when scanned inline', () => {
    fc.assert(
      fc.property(diffArb, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }), (text, cuts) => {
        const ctx = fakeCtx();
        const inline = scanDiffWith(ctx, text);
        const queued: DiffChunk[] = [];
        const later = new DiffScan(ctx, {}, (c) => queued.push(c));
        for (const p of pieces(text, cuts)) later.push(p);
        later.end();
        expect(later.unresolved).toBe(queued.length);
        // A worker pool returns hits in batches; they are handed back in order.
        const hits = queued.map((c) => ctx.dlp(c.text));
        queued.forEach((c, k) => later.resolve(c, hits[k]!));
        expect(later.unresolved).toBe(0);
        expect(later.findings).toEqual(inline);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses hits handed back out of order', () => {
    const queued: DiffChunk[] = [];
    const scan = new DiffScan(fakeCtx(), {}, (c) => queued.push(c));
    scan.push(diff('a.txt', ['one'])).push(diff('b.txt', ['two'])).end();
    expect(queued.length).toBe(2);
    expect(() => scan.resolve(queued[1]!, [])).toThrow(/in the order/);
  });

  it('skips excluded files without cutting their lines into chunks', () => {
    const ctx = fakeCtx();
    const fs = new DiffScan(ctx, { exclude: ['vendor/'] }).push(diff('vendor/x.js', ['k = TOKAv'])).push(diff('src/y.js', ['k = TOKAs'])).end().findings;
    expect(fs.map((f) => f.file)).toEqual(['src/y.js']);
    expect(ctx.scanned).toEqual(['k = TOKAs']);
  });

  it('counts what it is given against the size limit while streaming', () => {
    const scan = new DiffScan(fakeCtx());
    const mb = `+${'a'.repeat(1024 * 1024 - 2)}\n`;
    expect(() => {
      for (let k = 0; k < 101; k++) scan.push(mb);
    }).toThrow(/larger than 104857600 bytes/);
  });
});

describe('inlineIgnore', () => {
  it.each([
    ['x // pipelock:ignore', 'all'],
    ['x // pipelock:ignore: AWS Access Key ID', ['aws access key id']],
    ['x /* pipelock:ignore GitHub Token */ + y', ['github token']],
    ['x', null],
  ])('%s', (line, want) => {
    const got = inlineIgnore(line);
    expect(got instanceof Set ? [...got] : got).toEqual(want);
  });
});

describe('baselines', () => {
  const findings = (): Finding[] => [
    { scanner: 'dlp', rule: 'R1', severity: 'high', action: 'block', file: 'b.ts', fingerprint: 'bb'.repeat(16) },
    { scanner: 'dlp', rule: 'R2', severity: 'high', action: 'block', file: 'a.ts', fingerprint: 'aa'.repeat(16) },
    { scanner: 'dlp', rule: 'R2', severity: 'high', action: 'block', file: 'a.ts', fingerprint: 'aa'.repeat(16) },
    { scanner: 'dlp', rule: 'R3', severity: 'high', action: 'allow', file: 'c.ts', fingerprint: 'cc'.repeat(16), suppressed: true, suppressedBy: 'inline' },
  ];

  it('round-trips: build, serialize, parse, apply', () => {
    const b = buildBaseline(findings());
    expect(b.fingerprints.map((e) => e.file)).toEqual(['a.ts', 'b.ts']);
    const set = parseBaseline(JSON.stringify(b));
    const applied = applyBaseline(findings(), set);
    expect(applied.map((f) => f.suppressedBy)).toEqual(['baseline', 'baseline', 'baseline', 'inline']);
    expect(applied.every((f) => f.action === 'allow')).toBe(true);
  });

  it('leaves findings not in the baseline alone', () => {
    const applied = applyBaseline(findings(), new Set(['aa'.repeat(16)]));
    expect(applied.map((f) => f.suppressed ?? false)).toEqual([false, true, true, true]);
  });

  it.each([
    ['not json', /not valid JSON/],
    ['[]', /JSON object/],
    ['{"version":2,"fingerprints":[]}', /version must be 1/],
    ['{"version":1}', /must be an array/],
    ['{"version":1,"fingerprints":[{"fingerprint":"zz"}]}', /fingerprints\[0\]/],
  ])('rejects %s with BASELINE_INVALID', (text, msg) => {
    expect(() => parseBaseline(text)).toThrow(expect.objectContaining({ code: 'BASELINE_INVALID', message: expect.stringMatching(msg) }));
  });
});
