import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiffParseError } from '../errors.js';
import { DiffParser, MAX_DIFF_BYTES, parseDiff } from './parse.js';
import type { DiffFile } from './parse.js';

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

/** file -> [line, text] of added lines, for compact expectations. */
function summary(files: DiffFile[]) {
  return files.map((f) => ({
    oldPath: f.oldPath,
    newPath: f.newPath,
    status: f.status,
    added: f.addedLines.map((a) => [a.line, a.text]),
  }));
}

const cases: Array<{ name: string; diff: string; want: ReturnType<typeof summary> }> = [
  {
    name: 'git diff, one modified file, two hunks',
    diff: lines(
      'diff --git a/src/a.ts b/src/a.ts',
      'index 83db48f..bf269f4 100644',
      '--- a/src/a.ts',
      '+++ b/src/a.ts',
      '@@ -1,3 +1,4 @@',
      ' one',
      '+two',
      ' three',
      '-four',
      '+FOUR',
      '@@ -10,2 +11,3 @@ function x() {',
      ' ten',
      '+eleven',
      ' twelve',
    ),
    want: [{ oldPath: 'src/a.ts', newPath: 'src/a.ts', status: 'modified', added: [[2, 'two'], [4, 'FOUR'], [12, 'eleven']] }],
  },
  {
    name: 'content lines that look like headers are content (counts decide)',
    diff: lines(
      'diff --git a/x.md b/x.md',
      '--- a/x.md',
      '+++ b/x.md',
      '@@ -1,1 +1,4 @@',
      '-old',
      '+++ not a header',
      '+diff --git a/y b/y',
      '+@@ -1 +1 @@',
      '+--- also content',
    ),
    want: [
      {
        oldPath: 'x.md',
        newPath: 'x.md',
        status: 'modified',
        added: [[1, '++ not a header'], [2, 'diff --git a/y b/y'], [3, '@@ -1 +1 @@'], [4, '--- also content']],
      },
    ],
  },
  {
    name: 'new file, deleted file, hunk without counts',
    diff: lines(
      'diff --git a/new.txt b/new.txt',
      'new file mode 100644',
      'index 0000000..e69de29',
      '--- /dev/null',
      '+++ b/new.txt',
      '@@ -0,0 +1 @@',
      '+hello',
      'diff --git a/gone.txt b/gone.txt',
      'deleted file mode 100644',
      '--- a/gone.txt',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-bye',
    ),
    want: [
      { oldPath: null, newPath: 'new.txt', status: 'added', added: [[1, 'hello']] },
      { oldPath: 'gone.txt', newPath: null, status: 'deleted', added: [] },
    ],
  },
  {
    name: 'empty new file and mode change only (header-only files)',
    diff: lines(
      'diff --git a/empty b/empty',
      'new file mode 100644',
      'index 0000000..e69de29',
      'diff --git a/run.sh b/run.sh',
      'old mode 100644',
      'new mode 100755',
    ),
    want: [
      { oldPath: null, newPath: 'empty', status: 'added', added: [] },
      { oldPath: 'run.sh', newPath: 'run.sh', status: 'mode', added: [] },
    ],
  },
  {
    name: 'rename with and without changes, copy',
    diff: lines(
      'diff --git a/old name.txt b/new name.txt',
      'similarity index 100%',
      'rename from old name.txt',
      'rename to new name.txt',
      'diff --git a/a.ts b/lib/b.ts',
      'similarity index 80%',
      'rename from a.ts',
      'rename to lib/b.ts',
      'index 1..2 100644',
      '--- a/a.ts',
      '+++ b/lib/b.ts',
      '@@ -2,0 +3 @@',
      '+added',
      'diff --git a/c.ts b/d.ts',
      'similarity index 90%',
      'copy from c.ts',
      'copy to d.ts',
    ),
    want: [
      { oldPath: 'old name.txt', newPath: 'new name.txt', status: 'renamed', added: [] },
      { oldPath: 'a.ts', newPath: 'lib/b.ts', status: 'renamed', added: [[3, 'added']] },
      { oldPath: 'c.ts', newPath: 'd.ts', status: 'copied', added: [] },
    ],
  },
  {
    name: '--no-prefix',
    diff: lines('diff --git src/a.ts src/a.ts', 'index 1..2 100644', '--- src/a.ts', '+++ src/a.ts', '@@ -1 +1 @@', '-x', '+y'),
    want: [{ oldPath: 'src/a.ts', newPath: 'src/a.ts', status: 'modified', added: [[1, 'y']] }],
  },
  {
    name: '--no-prefix on a directory named b/ is not stripped',
    diff: lines('diff --git b/x.ts b/x.ts', '--- b/x.ts', '+++ b/x.ts', '@@ -1 +1 @@', '-x', '+y'),
    want: [{ oldPath: 'b/x.ts', newPath: 'b/x.ts', status: 'modified', added: [[1, 'y']] }],
  },
  {
    name: 'mnemonic prefixes (i/ w/)',
    diff: lines('diff --git i/a w/a', '--- i/a', '+++ w/a', '@@ -1 +1 @@', '-x', '+y'),
    want: [{ oldPath: 'a', newPath: 'a', status: 'modified', added: [[1, 'y']] }],
  },
  {
    name: 'quoted paths with octal UTF-8 and escapes; spaces with trailing tab',
    diff: lines(
      'diff --git "a/caf\\303\\251 \\"q\\".txt" "b/caf\\303\\251 \\"q\\".txt"',
      '--- "a/caf\\303\\251 \\"q\\".txt"',
      '+++ "b/caf\\303\\251 \\"q\\".txt"',
      '@@ -1 +1 @@',
      '-a',
      '+b',
      'diff --git a/sp ace.txt b/sp ace.txt',
      '--- a/sp ace.txt\t',
      '+++ b/sp ace.txt\t',
      '@@ -1 +1 @@',
      '-a',
      '+c',
    ),
    want: [
      { oldPath: 'café "q".txt', newPath: 'café "q".txt', status: 'modified', added: [[1, 'b']] },
      { oldPath: 'sp ace.txt', newPath: 'sp ace.txt', status: 'modified', added: [[1, 'c']] },
    ],
  },
  {
    name: 'binary: "Binary files differ" and GIT binary patch are skipped',
    diff: lines(
      'diff --git a/img.png b/img.png',
      'index 1..2 100644',
      'Binary files a/img.png and b/img.png differ',
      'diff --git a/blob.bin b/blob.bin',
      'new file mode 100644',
      'index 0000000..1111111',
      'GIT binary patch',
      'literal 12',
      'TcmZQzWMyVzW@cq)VrB*c03ZVa',
      '',
      'literal 0',
      'HcmV?d00001',
      '',
      'diff --git a/t.txt b/t.txt',
      '--- a/t.txt',
      '+++ b/t.txt',
      '@@ -1 +1 @@',
      '-a',
      '+b',
    ),
    want: [
      { oldPath: 'img.png', newPath: 'img.png', status: 'binary', added: [] },
      { oldPath: null, newPath: 'blob.bin', status: 'binary', added: [] },
      { oldPath: 't.txt', newPath: 't.txt', status: 'modified', added: [[1, 'b']] },
    ],
  },
  {
    name: 'no newline at end of file, on both sides',
    diff: lines(
      'diff --git a/n b/n',
      '--- a/n',
      '+++ b/n',
      '@@ -1,2 +1,2 @@',
      ' a',
      '-b',
      '\\ No newline at end of file',
      '+c',
      '\\ No newline at end of file',
      'diff --git a/m b/m',
      '--- a/m',
      '+++ b/m',
      '@@ -1 +1 @@',
      '-x',
      '+y',
    ),
    want: [
      { oldPath: 'n', newPath: 'n', status: 'modified', added: [[2, 'c']] },
      { oldPath: 'm', newPath: 'm', status: 'modified', added: [[1, 'y']] },
    ],
  },
  {
    name: 'CRLF everywhere',
    diff: 'diff --git a/w.txt b/w.txt\r\n--- a/w.txt\r\n+++ b/w.txt\r\n@@ -1 +1,2 @@\r\n a\r\n+b\r\n',
    want: [{ oldPath: 'w.txt', newPath: 'w.txt', status: 'modified', added: [[2, 'b']] }],
  },
  {
    name: 'plain diff -u with timestamps',
    diff: lines(
      '--- old/conf.ini\t2024-01-01 10:00:00.000000000 +0000',
      '+++ new/conf.ini\t2024-01-02 10:00:00.000000000 +0000',
      '@@ -1,2 +1,3 @@',
      ' [a]',
      '+k=v',
      ' x=1',
    ),
    want: [{ oldPath: 'old/conf.ini', newPath: 'new/conf.ini', status: 'modified', added: [[2, 'k=v']] }],
  },
  {
    name: 'plain diff -ruN of two trees, with a/ b/ prefixes, several files',
    diff: lines(
      'diff -ruN a/one b/one',
      '--- a/one\t2024-01-01',
      '+++ b/one\t2024-01-01',
      '@@ -1 +1 @@',
      '-1',
      '+2',
      'Only in b: other',
      'diff -ruN a/two b/two',
      '--- a/two\t2024-01-01',
      '+++ b/two\t2024-01-01',
      '@@ -0,0 +1 @@',
      '+3',
    ),
    want: [
      { oldPath: 'one', newPath: 'one', status: 'modified', added: [[1, '2']] },
      { oldPath: 'two', newPath: 'two', status: 'modified', added: [[1, '3']] },
    ],
  },
  {
    name: 'git log -p: commit headers and messages are not content',
    diff: lines(
      'commit 0123456789abcdef0123456789abcdef01234567',
      'Author: A <a@b.c>',
      'Date:   Mon Jan 1 00:00:00 2024 +0000',
      '',
      '    second: message with +plus and --- dashes',
      '    diff --git a/fake b/fake',
      '',
      'diff --git a/f b/f',
      'index 1..2 100644',
      '--- a/f',
      '+++ b/f',
      '@@ -1 +1,2 @@',
      ' a',
      '+b',
      '',
      'commit 1123456789abcdef0123456789abcdef01234567',
      'Author: A <a@b.c>',
      'Date:   Mon Jan 1 00:00:00 2024 +0000',
      '',
      '    first',
      '',
      'diff --git a/f b/f',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/f',
      '@@ -0,0 +1 @@',
      '+a',
    ),
    want: [
      { oldPath: 'f', newPath: 'f', status: 'modified', added: [[2, 'b']] },
      { oldPath: null, newPath: 'f', status: 'added', added: [[1, 'a']] },
    ],
  },
  {
    name: 'format-patch mail with diffstat and signature',
    diff: lines(
      'From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001',
      'From: A <a@b.c>',
      'Subject: [PATCH] x',
      '',
      '---',
      ' f | 1 +',
      ' 1 file changed, 1 insertion(+)',
      '',
      'diff --git a/f b/f',
      '--- a/f',
      '+++ b/f',
      '@@ -1 +1,2 @@',
      ' a',
      '+b',
      '-- ',
      '2.39.5',
    ),
    want: [{ oldPath: 'f', newPath: 'f', status: 'modified', added: [[2, 'b']] }],
  },
  {
    name: 'combined diff (merge commit, diff --cc)',
    diff: lines(
      'diff --cc m.txt',
      'index 1,2..3',
      '--- a/m.txt',
      '+++ b/m.txt',
      '@@@ -1,2 -1,2 +1,3 @@@',
      '  base',
      '- ours',
      ' -theirs',
      '++resolved',
      '+ from-ours-side',
    ),
    want: [{ oldPath: 'm.txt', newPath: 'm.txt', status: 'modified', added: [[2, 'resolved'], [3, 'from-ours-side']] }],
  },
  {
    name: 'an emptied context line (trailing whitespace stripped) is context',
    diff: lines('--- a/e', '+++ b/e', '@@ -1,3 +1,4 @@', ' a', '', '+new', ' c'),
    want: [{ oldPath: 'e', newPath: 'e', status: 'modified', added: [[3, 'new']] }],
  },
];

describe('parseDiff', () => {
  it.each(cases)('$name', ({ diff, want }) => {
    expect(summary(parseDiff(diff))).toEqual(want);
  });

  it.each(cases)('a sink sees the same files (those with hunks) and added lines, in order: $name', ({ diff }) => {
    const seen: DiffFile[] = [];
    let open: DiffFile | null = null;
    const p = new DiffParser({
      file: (f) => {
        expect(open).toBeNull();
        expect(f.addedLines).toEqual([]);
        open = { ...f, addedLines: [] };
        return true;
      },
      added: (l) => open!.addedLines.push(l),
      fileEnd: () => {
        seen.push(open!);
        open = null;
      },
    });
    for (let i = 0; i < diff.length; i += 5) p.push(diff.slice(i, i + 5));
    expect(p.end()).toEqual([]);
    expect(open).toBeNull();
    const whole = parseDiff(diff).filter((f) => !f.binary && (f.addedLines.length > 0 || f.status !== 'mode'));
    expect(summary(seen).filter((f) => f.added.length > 0)).toEqual(summary(whole).filter((f) => f.added.length > 0));
  });

  it.each(cases)('gives the same result when fed in 7-byte chunks: $name', ({ diff }) => {
    const p = new DiffParser();
    for (let i = 0; i < diff.length; i += 7) p.push(diff.slice(i, i + 7));
    expect(summary(p.end())).toEqual(summary(parseDiff(diff)));
  });

  it.each([
    ['empty input', ''],
    ['whitespace only', '  \n\n\t\n'],
    ['git log without -p (commits, no diffs)', 'commit 0123456789abcdef0123456789abcdef01234567\nAuthor: a\n\n    msg\n'],
  ])('treats %s as an empty diff', (_n, text) => {
    expect(parseDiff(text)).toEqual([]);
  });

  it.each([
    ['prose', 'hello world\nthis is not a diff\n', 'DIFF_UNPARSEABLE'],
    ['json', '{"a": 1}', 'DIFF_UNPARSEABLE'],
    ['a hunk with no file header', '@@ -1 +1 @@\n-a\n+b\n', 'DIFF_UNPARSEABLE'],
    ['a malformed hunk header', 'diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -x +y @@\n', 'DIFF_UNPARSEABLE'],
    ['a lone --- line', '--- just dashes\nand text\n', 'DIFF_UNPARSEABLE'],
  ])('rejects %s', (_n, text, code) => {
    let err: unknown;
    try {
      parseDiff(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DiffParseError);
    expect((err as DiffParseError).code).toBe(code);
  });

  it('names the diff line of a malformed hunk header', () => {
    expect(() => parseDiff('diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @\n')).toThrow(/diff line 4/);
  });

  it('refuses input over MAX_DIFF_BYTES with DIFF_TOO_LARGE', () => {
    const big = 'x'.repeat(MAX_DIFF_BYTES + 1);
    expect(() => parseDiff(big)).toThrow(expect.objectContaining({ code: 'DIFF_TOO_LARGE' }));
  });

  it('keeps line numbers right across many hunks and files', () => {
    const parts: string[] = [];
    const want: Array<[string, number]> = [];
    for (let f = 0; f < 20; f++) {
      parts.push(`diff --git a/f${f} b/f${f}`, `--- a/f${f}`, `+++ b/f${f}`);
      for (let h = 0; h < 5; h++) {
        const start = h * 100 + 1;
        parts.push(`@@ -${start},3 +${start},4 @@`, ' ctx', '-old', `+new ${f} ${h}`, '+more', ' ctx');
        want.push([`f${f}`, start + 1], [`f${f}`, start + 2]);
      }
    }
    const got = parseDiff(lines(...parts)).flatMap((file) => file.addedLines.map((a) => [file.newPath, a.line]));
    expect(got).toEqual(want);
  });
});

describe('parseDiff properties', () => {
  const lineArb = fc.oneof(
    fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, '')),
    fc.constantFrom('+++ b/x', '--- a/x', '@@ -1 +1 @@', 'diff --git a/y b/y', '\\ No newline at end of file', '', ' ', 'commit 0123abc'),
  );

  it('reads back the added lines of any new file, whatever they contain', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 30 }), fc.boolean(), (content, crlf) => {
        const eol = crlf ? '\r\n' : '\n';
        const diff =
          ['diff --git a/f.txt b/f.txt', 'new file mode 100644', '--- /dev/null', '+++ b/f.txt', `@@ -0,0 +1,${content.length} @@`]
            .concat(content.map((l) => `+${l}`))
            .join(eol) + eol;
        const files = parseDiff(diff);
        expect(files).toHaveLength(1);
        expect(files[0]!.addedLines).toEqual(content.map((text, i) => ({ line: i + 1, text })));
      }),
      { numRuns: 300 },
    );
  });

  it('on arbitrary input either returns files or throws DiffParseError', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 40 }), (ls) => {
        try {
          const files = parseDiff(ls.join('\n'));
          for (const f of files) for (const a of f.addedLines) expect(a.line).toBeGreaterThanOrEqual(0);
        } catch (err) {
          expect(err).toBeInstanceOf(DiffParseError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
