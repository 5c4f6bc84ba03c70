// createDiffScanner compiles only what diff scanning uses; its findings must
// be createScanner's, under the code-review example-credential policy, with
// config suppressions, known secrets and inline ignores applied the same way.
import { describe, expect, it } from 'vitest';
import { createDiffScanner, createScanner } from '../scanner.js';

const awsKey = () => ['AKIA', 'QZ7W3NB4', 'XK2LM5PD'].join('');
const ghToken = () => ['ghp_', 'Zx81Qm4TnB7', 'cVd2Lk9Pw3Ry', '6Hj5Fs0GaXe', 'Uo1'].join('');
const known = 'kp-9Qw2Lr7Tz4Xv1Nb8Hc3Jm6';

function diffOf(files: Record<string, string[]>): string {
  let out = '';
  for (const [path, lines] of Object.entries(files)) {
    out += `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1,${lines.length} @@\n`;
    for (const l of lines) out += `+${l}\n`;
  }
  return out;
}

describe('createDiffScanner', () => {
  const diff = diffOf({
    'src/a.ts': ['const x = 1;', `const key = "${awsKey()}";`, `const t = "${ghToken()}"; // pipelock:ignore`],
    'fixtures/b.ts': [`export const k = "${awsKey()}";`],
    'docs/c.md': ['The example key is AKIAIOSFODNN7EXAMPLE.', `known: ${known}`],
  });
  const config = { suppress: [{ rule: 'AWS Access Key ID', path: 'fixtures/**', reason: 'test data' }] };

  it('gives createScanner findings: rule, file and line, suppressions included', () => {
    const full = createScanner(config, { secrets: [known] }).scanDiff(diff);
    const lean = createDiffScanner(config, { secrets: [known] });
    expect(lean.scanDiff(diff)).toEqual(full);
    const at = full.findings.map((f) => `${f.rule} ${f.file}:${f.line}${f.suppressed ? ` (${f.suppressedBy})` : ''}`);
    expect(at).toContain('AWS Access Key ID src/a.ts:2');
    expect(at).toContain('AWS Access Key ID fixtures/b.ts:1 (config: test data)');
    expect(at.some((a) => a.startsWith('GitHub') && a.endsWith('src/a.ts:3 (inline)'))).toBe(true);
    expect(at.some((a) => a.endsWith('docs/c.md:2'))).toBe(true);
    // Code review suppresses documented example credentials.
    expect(at.some((a) => a.endsWith('docs/c.md:1'))).toBe(false);
  });

  it('streams to the same findings', () => {
    const lean = createDiffScanner(config, { secrets: [known] });
    const scan = lean.createDiffScan();
    for (let i = 0; i < diff.length; i += 7) scan.push(diff.slice(i, i + 7));
    expect(scan.end().findings).toEqual(lean.scanDiff(diff).findings);
  });
});
