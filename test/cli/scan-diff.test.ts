// End-to-end: the built `pipelock` binary as a child process, fed real git
// output from throwaway repositories.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, awsKeyId, cli, cliStreaming, findingLocations, githubToken, makeRepo, privateKeyLines, tempFile } from './helpers.js';
import type { Repo } from './helpers.js';

beforeAll(() => assertBuilt());

let repos: Repo[] = [];
let temps: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const r of repos) r.cleanup();
  for (const t of temps) t.cleanup();
  repos = [];
  temps = [];
});

function repo(): Repo {
  const r = makeRepo();
  repos.push(r);
  return r;
}
function temp(name: string, content: string) {
  const t = tempFile(name, content);
  temps.push(t);
  return t;
}

/** A repo with one base commit; returns secrets used. */
function seeded(): { r: Repo; aws: string; gh: string; pem: string[] } {
  const r = repo();
  r.write('src/app.ts', 'export const a = 1;\nexport const b = 2;\n');
  r.write('config/app.env', 'MODE=dev\n');
  r.git('add', '-A');
  r.git('commit', '-q', '-m', 'base');
  return { r, aws: awsKeyId(), gh: githubToken(), pem: privateKeyLines() };
}

/** Stage three secrets in three files at known lines. */
function stageSecrets(s: ReturnType<typeof seeded>, suffix = ''): void {
  s.r.write('config/app.env', `MODE=dev\nREGION=eu-west-1\nAWS_ACCESS_KEY_ID=${s.aws}${suffix.replace('//', '#')}\n`);
  s.r.write('src/app.ts', `export const a = 1;\nexport const b = 2;\n\nexport const c = 3;\nconst token = "${s.gh}";${suffix}\n`);
  s.r.write('keys/deploy.pem', `${s.pem.map((l, i) => (i === 0 ? `${l}${suffix ? ` ${suffix.replace('//', '#')}` : ''}` : l)).join('\n')}\n`);
}

const EXPECTED = ['config/app.env:3', 'keys/deploy.pem:1', 'src/app.ts:5'];

describe('pipelock scan-diff on real git output', () => {
  it('flags an AWS key, a GitHub token and a private key with file:line, exit 1', () => {
    const s = seeded();
    stageSecrets(s);
    s.r.git('add', '-A');
    const res = cli(['scan-diff'], { input: s.r.git('diff', '--cached') });
    expect(res.code).toBe(1);
    expect(findingLocations(res.stderr).filter((l) => EXPECTED.includes(l))).toEqual(EXPECTED);
    expect(res.stderr).toMatch(/pipelock: \d+ findings? in 3 files/);
    // Never the whole secret.
    for (const secret of [s.aws, s.gh, s.pem[1]!]) expect(res.stderr).not.toContain(secret);
  });

  it('exits 0 when each of those lines carries pipelock:ignore', () => {
    const s = seeded();
    stageSecrets(s, ' // pipelock:ignore');
    s.r.git('add', '-A');
    const res = cli(['scan-diff'], { input: s.r.git('diff', '--cached') });
    expect(res.stderr).toMatch(/no findings \(\d+ suppressed/);
    expect(res.code).toBe(0);
    const verbose = cli(['scan-diff', '--verbose'], { input: s.r.git('diff', '--cached') });
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toContain('[suppressed: inline]');
    expect(verbose.stderr).toContain('src/app.ts:5');
  });

  it('a clean diff exits 0', () => {
    const s = seeded();
    s.r.write('src/app.ts', 'export const a = 1;\nexport const b = 2;\nexport const sum = a + b;\n');
    const res = cli(['scan-diff'], { input: s.r.git('diff') });
    expect(res).toMatchObject({ code: 0, stdout: '' });
    expect(res.stderr).toBe('pipelock: no findings\n');
  });

  it('an empty diff exits 0', () => {
    expect(cli(['scan-diff'], { input: '' }).code).toBe(0);
  });

  it.each([
    ['prose', 'this is not a diff\nat all\n'],
    ['a hunk without a header', '@@ -1 +1 @@\n-a\n+b\n'],
  ])('input that is not a diff (%s) exits 2 with one line', (_n, input) => {
    const res = cli(['scan-diff'], { input });
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(res.stderr).toMatch(/^pipelock: .*(not a unified diff|hunk header)/);
  });

  it('git diff of the working tree', () => {
    const s = seeded();
    stageSecrets(s);
    s.r.git('add', '-N', 'keys/deploy.pem'); // intent-to-add: untracked files show in git diff
    const res = cli(['scan-diff'], { input: s.r.git('diff') });
    expect(res.code).toBe(1);
    expect(findingLocations(res.stderr).filter((l) => EXPECTED.includes(l))).toEqual(EXPECTED);
  });

  it.each([
    ['git show', ['show', 'HEAD']],
    ['git show --stat -p', ['show', '--stat', '-p', 'HEAD']],
    ['git log -p', ['log', '-p']],
    ['git log -p --reverse', ['log', '-p', '--reverse']],
    ['git diff --no-prefix', ['diff', '--no-prefix', 'HEAD~1', 'HEAD']],
    ['git diff -U0', ['diff', '-U0', 'HEAD~1', 'HEAD']],
    ['git diff --src-prefix/--dst-prefix mnemonic', ['-c', 'diff.mnemonicPrefix=true', 'diff', 'HEAD~1']],
    ['git format-patch --stdout', ['format-patch', '--stdout', '-1', 'HEAD']],
  ])('%s parses with the right file + line', (_n, args) => {
    const s = seeded();
    stageSecrets(s);
    s.r.git('add', '-A');
    s.r.git('commit', '-q', '-m', 'add config\n\n+ a message line that looks like an added line\ndiff --git a/x b/x');
    const res = cli(['scan-diff'], { input: s.r.git(...args) });
    expect(res.code).toBe(1);
    expect(findingLocations(res.stderr).filter((l) => EXPECTED.includes(l))).toEqual(EXPECTED);
  });

  it('git log -p across several commits reports each commit\'s lines', () => {
    const s = seeded();
    s.r.write('a.txt', `one\nkey=${s.aws}\n`);
    s.r.git('add', '-A');
    s.r.git('commit', '-q', '-m', 'first');
    s.r.write('a.txt', `one\nkey=${s.aws}\n\n\ntoken=${s.gh}\n`);
    s.r.git('commit', '-q', '-am', 'second');
    const res = cli(['scan-diff'], { input: s.r.git('log', '-p') });
    expect(res.code).toBe(1);
    expect(findingLocations(res.stderr)).toEqual(['a.txt:2', 'a.txt:5']);
  });

  it('renames: the finding names the new path', () => {
    const s = seeded();
    const body = Array.from({ length: 20 }, (_, i) => `export const v${i} = ${i * 7};\n`).join('');
    s.r.write('old/name.ts', body);
    s.r.git('add', '-A');
    s.r.git('commit', '-q', '-m', 'x');
    mkdirSync(join(s.r.dir, 'new'));
    s.r.git('mv', 'old/name.ts', 'new/name.ts');
    s.r.write('new/name.ts', `${body}const t = "${s.gh}";\n`);
    s.r.git('add', '-A');
    const diff = s.r.git('diff', '--cached', '-M');
    expect(diff).toContain('rename from old/name.ts');
    const res = cli(['scan-diff'], { input: diff });
    expect(res.code).toBe(1);
    expect(findingLocations(res.stderr)).toEqual(['new/name.ts:21']);
  });

  it('git show of a merge commit (combined diff) reports the resolution\'s added lines', () => {
    const s = seeded();
    s.r.write('m.txt', 'one\ntwo\nthree\n');
    s.r.git('add', 'm.txt');
    s.r.git('commit', '-qm', 'm');
    s.r.git('checkout', '-qb', 'side');
    s.r.write('m.txt', 'one\nTWO side\nthree\n');
    s.r.git('commit', '-qam', 'side');
    s.r.git('checkout', '-q', 'main');
    s.r.write('m.txt', 'one\nTWO main\nthree\n');
    s.r.git('commit', '-qam', 'main');
    try {
      s.r.git('merge', '-q', 'side');
    } catch {
      // conflict expected
    }
    s.r.write('m.txt', `one\nTWO merged\nkey=${s.aws}\nthree\n`);
    s.r.git('commit', '-qam', 'merge');
    const show = s.r.git('show', 'HEAD');
    expect(show).toContain('diff --cc m.txt');
    const res = cli(['scan-diff'], { input: show });
    expect(res.code).toBe(1);
    expect(findingLocations(res.stderr)).toEqual(['m.txt:3']);
  });

  it('binary files are skipped (both `Binary files differ` and --binary patches)', () => {
    const s = seeded();
    s.r.write('blob.bin', Buffer.concat([Buffer.from([0, 1, 2, 0]), Buffer.from(`key=${s.aws}\n`), Buffer.from([0, 255])]));
    s.r.write('after.txt', `token=${s.gh}\n`);
    s.r.git('add', '-A');
    for (const args of [['diff', '--cached'], ['diff', '--cached', '--binary']]) {
      const diff = s.r.git(...args);
      expect(diff).toMatch(/Binary files|GIT binary patch/);
      const res = cli(['scan-diff'], { input: diff });
      expect(res.code).toBe(1);
      expect(findingLocations(res.stderr)).toEqual(['after.txt:1']);
    }
  });

  it('CRLF files and no-newline-at-EOF keep the right lines', () => {
    const s = seeded();
    s.r.write('win.ini', `[a]\r\nx=1\r\nkey=${s.aws}\r\n`);
    s.r.write('tail.txt', `one\ntwo\ntoken=${s.gh}`);
    s.r.git('add', '-A');
    const diff = s.r.git('diff', '--cached');
    expect(diff).toContain('\\ No newline at end of file');
    expect(diff).toContain('\r\n');
    const res = cli(['scan-diff'], { input: diff });
    expect(res.code).toBe(1);
    expect(findingLocations(res.stderr)).toEqual(['tail.txt:3', 'win.ini:3']);
  });

  it('quoted paths (non-ASCII, spaces) are decoded', () => {
    const s = seeded();
    s.r.write('docs/café notes.md', `hello\ntoken=${s.gh}\n`);
    s.r.git('add', '-A');
    const diff = s.r.git('diff', '--cached');
    expect(diff).toContain('"b/docs/caf\\303\\251 notes.md"');
    const res = cli(['scan-diff'], { input: diff });
    expect(res.code).toBe(1);
    expect(findingLocations(res.stderr)).toEqual(['docs/café notes.md:2']);
  });

  it('--exclude skips matching files (repeatable, gitignore-style)', () => {
    const s = seeded();
    stageSecrets(s);
    s.r.git('add', '-A');
    const diff = s.r.git('diff', '--cached');
    const one = cli(['scan-diff', '--exclude', 'keys/', '--exclude', '*.env'], { input: diff });
    expect(one.code).toBe(1);
    expect(findingLocations(one.stderr)).toEqual(['src/app.ts:5']);
    const all = cli(['scan-diff', '--exclude', 'keys/', '--exclude', '*.env', '--exclude', 'src/**'], { input: diff });
    expect(all.code).toBe(0);
  });

  it('`git scan-diff` is the same command', () => {
    const s = seeded();
    stageSecrets(s);
    s.r.git('add', '-A');
    const res = cli(['git', 'scan-diff', '--exclude', 'keys/'], { input: s.r.git('diff', '--cached') });
    expect(res.code).toBe(1);
    expect(findingLocations(res.stderr)).toEqual(['config/app.env:3', 'src/app.ts:5']);
  });

  it('reads the diff from a file argument too', () => {
    const s = seeded();
    stageSecrets(s);
    s.r.git('add', '-A');
    const f = temp('change.diff', s.r.git('diff', '--cached'));
    expect(cli(['scan-diff', f.path]).code).toBe(1);
    const missing = cli(['scan-diff', join(f.path, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read diff .*nope/);
  });
});

describe('suppression layers', () => {
  function jsonFindings(diff: string, extra: string[] = []): Array<Record<string, unknown>> {
    const res = cli(['scan-diff', '--json', ...extra], { input: diff });
    return (JSON.parse(res.stdout) as { findings: Array<Record<string, unknown>> }).findings;
  }

  it('a config suppress entry silences a rule at a path; --verbose still shows it', () => {
    const s = seeded();
    stageSecrets(s);
    s.r.git('add', '-A');
    const diff = s.r.git('diff', '--cached');
    const aws = jsonFindings(diff).find((f) => f.file === 'config/app.env');
    expect(aws).toBeDefined();
    const cfg = temp(
      'pipelock.yaml',
      `version: 1\nsuppress:\n  - rule: "${String(aws!.rule)}"\n    path: "config/*.env"\n    reason: rotated, kept for the test\n`,
    );
    const res = cli(['scan-diff', '--config', cfg.path, '--exclude', 'keys/', '--exclude', 'src/'], { input: diff });
    expect(res.stderr).toMatch(/no findings \(\d+ suppressed/);
    expect(res.code).toBe(0);
    const verbose = jsonFindings(diff, ['--config', cfg.path, '--verbose']).filter((f) => f.file === 'config/app.env');
    expect(verbose.length).toBeGreaterThan(0);
    expect(verbose.every((f) => f.suppressed === true && String(f.suppressedBy).startsWith('config'))).toBe(true);
  });

  it('--write-baseline then --baseline: accepted findings pass, a new one fails', () => {
    const s = seeded();
    stageSecrets(s);
    s.r.git('add', '-A');
    const diff = s.r.git('diff', '--cached');
    const base = temp('baseline.json', '');
    const w = cli(['scan-diff', '--write-baseline', base.path], { input: diff });
    expect(w.code).toBe(0);
    expect(w.stderr).toMatch(/wrote \d+ fingerprints? to/);
    const doc = JSON.parse(readFileSync(base.path, 'utf8')) as { version: number; fingerprints: Array<{ fingerprint: string; rule: string; file: string }> };
    expect(doc.version).toBe(1);
    expect(doc.fingerprints.map((e) => e.file)).toEqual(expect.arrayContaining(['config/app.env', 'keys/deploy.pem', 'src/app.ts']));
    for (const e of doc.fingerprints) expect(e.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(readFileSync(base.path, 'utf8')).not.toContain(s.aws);

    // Same findings, lines shifted by a commit: still accepted.
    s.r.git('commit', '-q', '-m', 'secrets');
    s.r.write('src/app.ts', `// header\n// more\n${readFileSync(join(s.r.dir, 'src/app.ts'), 'utf8')}`);
    const shifted = cli(['scan-diff', '--baseline', base.path], { input: s.r.git('show', 'HEAD', '--format=') });
    expect(shifted.code).toBe(0);
    const verbose = cli(['scan-diff', '--baseline', base.path, '--verbose'], { input: diff });
    expect(verbose.stderr).toContain('[suppressed: baseline]');

    const fresh = githubToken();
    s.r.write('src/new.ts', `export const t = "${fresh}";\n`);
    s.r.git('add', '-A');
    const res = cli(['scan-diff', '--baseline', base.path], { input: s.r.git('diff', '--cached') });
    expect(res.code).toBe(1);
    expect(findingLocations(res.stderr)).toEqual(['src/new.ts:1']);
  });

  it.each([
    ['not json', 'nope', /baseline is not valid JSON/],
    ['wrong version', '{"version":9,"fingerprints":[]}', /baseline version must be 1/],
  ])('an invalid baseline (%s) exits 2', (_n, content, msg) => {
    const b = temp('b.json', content);
    const res = cli(['scan-diff', '--baseline', b.path], { input: '' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(msg);
  });
});

describe('output formats', () => {
  it('--json prints {findings, summary} on stdout', () => {
    const s = seeded();
    stageSecrets(s);
    s.r.git('add', '-A');
    const res = cli(['scan-diff', '--json'], { input: s.r.git('diff', '--cached') });
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout) as { findings: Array<Record<string, unknown>>; summary: Record<string, unknown> };
    expect(out.summary).toMatchObject({ files: 3, suppressed: 0 });
    expect(out.summary.findings).toBe(out.findings.length);
    for (const f of out.findings) {
      expect(f).toMatchObject({ scanner: expect.any(String), rule: expect.any(String), file: expect.any(String), line: expect.any(Number), fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/) });
    }
    expect(res.stdout).not.toContain(s.gh);
  });

  it('--sarif validates against the SARIF 2.1.0 schema and carries what GitHub needs', async () => {
    const { default: Ajv } = await import('ajv');
    const { default: addFormats } = await import('ajv-formats');
    const schemaPath = join(process.cwd(), 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    // The file declares draft-04 and uses its `id`; it has no other draft-04-only
    // keyword (no boolean exclusiveMinimum), so it validates the same under ajv 8's draft-07.
    const { $schema: _draft04, id, ...rest } = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(rest)).not.toContain('"exclusiveMinimum":true');
    const schema: Record<string, unknown> = { $id: id, ...rest };
    const ajv = new (Ajv as unknown as typeof import('ajv').default)({ strict: false, allErrors: true, unicodeRegExp: false });
    (addFormats as unknown as (a: unknown) => void)(ajv);
    const validate = ajv.compile(schema);

    const s = seeded();
    stageSecrets(s, '');
    s.r.write('ignored.txt', `k=${awsKeyId()} # pipelock:ignore\n`);
    s.r.git('add', '-A');
    const diff = s.r.git('diff', '--cached');
    for (const extra of [[], ['--verbose']]) {
      const res = cli(['scan-diff', '--sarif', ...extra], { input: diff });
      expect(res.code).toBe(1);
      const log = JSON.parse(res.stdout) as any;
      const ok = validate(log);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
      const run = log.runs[0];
      expect(run.tool.driver).toMatchObject({ name: 'pipelock', informationUri: expect.stringMatching(/^https:/), version: expect.any(String) });
      for (const rule of run.tool.driver.rules) {
        expect(rule).toMatchObject({
          id: expect.any(String),
          name: expect.any(String),
          shortDescription: { text: expect.any(String) },
          defaultConfiguration: { level: expect.stringMatching(/^(error|warning)$/) },
          properties: { 'security-severity': expect.stringMatching(/^\d+\.\d$/) },
        });
      }
      const uris = run.results.map((r: any) => `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}`);
      expect(uris).toEqual(expect.arrayContaining(EXPECTED));
      for (const r of run.results) {
        expect(run.tool.driver.rules.map((x: any) => x.id)).toContain(r.ruleId);
        expect(r.partialFingerprints['pipelockFingerprint/v1']).toMatch(/^[0-9a-f]{32}$/);
        expect(['error', 'warning']).toContain(r.level);
        expect(r.message.text).not.toContain(s.aws);
      }
      const suppressed = run.results.filter((r: any) => r.suppressions);
      if (extra.length === 0) expect(suppressed).toEqual([]);
      else expect(suppressed.map((r: any) => r.suppressions[0].kind)).toContain('inSource');
    }
  });

  it('--json and --sarif together is a usage error', () => {
    const res = cli(['scan-diff', '--json', '--sarif'], { input: '' });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('pipelock: --json and --sarif cannot be used together\n');
  });
});

describe('limits and usage errors', () => {
  it('refuses a diff over 100 MiB while streaming, exit 2', async () => {
    const chunk = Buffer.from(`+${'a'.repeat(1022)}\n`);
    const res = await cliStreaming(['scan-diff'], chunk, 100 * 1024 * 1024 + 1);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^pipelock: diff is larger than 104857600 bytes/);
  });

  it.each([
    [['scan-diff', '--no-such-flag'], /unknown option/],
    [['no-such-command'], /unknown command/],
    [['scan-diff', '--exclude'], /argument missing/],
  ])('%j exits 2', (args, msg) => {
    const res = cli(args, { input: '' });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(msg);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing --config file exits 2 naming the path', () => {
    const res = cli(['scan-diff', '--config', '/nonexistent/pipelock.yaml'], { input: '' });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('pipelock: cannot read config file /nonexistent/pipelock.yaml: no such file\n');
  });
});
