// End-to-end: check, generate, scan and version through the built binary.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, awsKeyId, CHILD_ENV, cli, githubToken, tempFile } from './helpers.js';

beforeAll(() => assertBuilt());

let temps: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const t of temps) t.cleanup();
  temps = [];
});
function temp(name: string, content: string) {
  const t = tempFile(name, content);
  temps.push(t);
  return t;
}

describe('pipelock generate config | pipelock check --config', () => {
  it.each(['balanced', 'strict', 'audit'])('preset %s round-trips through check', (preset) => {
    const gen = cli(['generate', 'config', '--preset', preset]);
    expect(gen.code).toBe(0);
    expect(gen.stdout).toMatch(/mode: /);
    const f = temp('pipelock.yaml', gen.stdout);
    const chk = cli(['check', '--config', f.path]);
    expect(chk.stderr).toBe('');
    expect(chk.code).toBe(0);
    expect(chk.stdout).toContain('config OK');
    expect(chk.stdout).toMatch(new RegExp(`mode: ${preset === 'balanced' ? 'balanced' : preset}`));
  });

  it('generate config defaults to balanced', () => {
    expect(cli(['generate', 'config']).stdout).toBe(cli(['generate', 'config', '--preset', 'balanced']).stdout);
  });

  it('an unknown preset exits 2 listing the names', () => {
    const res = cli(['generate', 'config', '--preset', 'paranoid']);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe("pipelock: unknown preset 'paranoid' (choose one of: balanced, strict, audit)\n");
  });

  it.each([
    ['unknown key', 'version: 1\nmode: balanced\ndlp:\n  scan_envv: true\n', /dlp\.scan_envv/, 4],
    ['bad regex (look-around, RE2 rejects it)', 'version: 1\ndlp:\n  patterns:\n    - name: Mine\n      regex: "(?<=x)abc"\n      severity: high\n', /dlp\.patterns\[0\]\.regex/, 5],
    ['wrong type', 'version: 1\nfetch_proxy:\n  timeout_seconds: "soon"\n', /fetch_proxy\.timeout_seconds/, 3],
    ['bad enum', 'version: 1\nmode: paranoid\n', /mode/, 2],
  ])('an invalid config (%s) exits 2 naming the key path and line', (_n, yaml, key, line) => {
    const f = temp('bad.yaml', yaml);
    for (const args of [['check', '--config', f.path], ['scan-diff', '--config', f.path]]) {
      const res = cli(args, { input: '' });
      expect(res.code).toBe(2);
      const lines = res.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(key);
      expect(lines[0]).toContain(`line ${line}`);
      expect(lines[0]).toContain(f.path);
    }
  });

  it('invalid YAML exits 2 with one line', () => {
    const f = temp('bad.yaml', 'mode: [unclosed\n');
    const res = cli(['check', '--config', f.path]);
    expect(res.code).toBe(2);
    expect(res.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('check without --config, or with a missing file, exits 2', () => {
    expect(cli(['check']).code).toBe(2);
    const res = cli(['check', '--config', '/nonexistent.yaml']);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('pipelock: cannot read config file /nonexistent.yaml: no such file\n');
  });
});

describe('pipelock scan', () => {
  it('flags a secret in a file with file:line, exit 1; clean text exits 0', () => {
    const f = temp('notes.txt', `hello\nworld\ntoken: ${githubToken()}\n`);
    const res = cli(['scan', f.path]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/notes\.txt:3 {2}/);
    const clean = temp('clean.txt', 'just some words\n');
    expect(cli(['scan', clean.path]).code).toBe(0);
  });

  it('reads stdin with - or no argument, and supports --json', () => {
    const input = `aws=${awsKeyId()}\n`;
    expect(cli(['scan'], { input }).code).toBe(1);
    const res = cli(['scan', '-', '--json'], { input });
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout) as { findings: unknown[]; summary: { findings: number } };
    expect(out.summary.findings).toBe(out.findings.length);
    expect(out.findings.length).toBeGreaterThan(0);
  });

  it('is a code review: documentation example credentials pass unless dlp.example_credentials.code_review is detect', () => {
    const f = temp('README.md', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\ncard: 4111 1111 1111 1111\n');
    expect(cli(['scan', f.path]).code).toBe(0);
    const cfg = temp('p.yaml', 'version: 1\ndlp:\n  example_credentials:\n    code_review: detect\n');
    const res = cli(['scan', f.path, '--config', cfg.path, '--json']);
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout) as { findings: Array<{ rule: string; line: number }> };
    expect(out.findings.map((x) => `${x.rule}:${x.line}`).sort()).toEqual(['AWS Access Key ID:1', 'Credit Card Number:2']);
  });

  it('a missing file exits 2 naming it', () => {
    const res = cli(['scan', '/nonexistent/file.txt']);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('pipelock: cannot read input /nonexistent/file.txt: no such file\n');
  });
});

describe('pipelock version', () => {
  it('prints name, version and node version', () => {
    const res = cli(['version']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^pipelock \d+\.\d+\.\d+ \(node v\d+\./);
    const v = cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('--help exits 0 and lists the commands', () => {
    const res = cli(['--help']);
    expect(res.code).toBe(0);
    for (const c of ['scan-diff', 'scan', 'check', 'generate', 'version', 'git']) expect(res.stdout).toContain(c);
  });
});

describe('config inputs the CLI reads for the scanner', () => {
  const diffAdding = (text: string) => `diff --git a/x.txt b/x.txt\n--- a/x.txt\n+++ b/x.txt\n@@ -1 +1,2 @@\n a\n+${text}\n`;
  // Random, so it cannot match any built-in pattern or this file's history.
  const value = () => `v${Math.random().toString(36).slice(2)}Q${Math.random().toString(36).slice(2)}`;

  it('dlp.secrets_file: each line is a known secret', () => {
    const secret = value();
    const secrets = temp('secrets.txt', `# comment\n\n${secret}\n`);
    const cfg = temp('p.yaml', `version: 1\ndlp:\n  secrets_file: ${secrets.path}\n`);
    // "note", not "token": a random value under a secret-ish name is a Secret Assignment on its own.
    const res = cli(['scan-diff', '--config', cfg.path, '--json'], { input: diffAdding(`note = ${secret}`) });
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout) as { findings: Array<{ file: string; line: number; excerpt?: string }> };
    expect(out.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['x.txt:2']);
    expect(res.stdout).not.toContain(secret);
    expect(cli(['scan-diff', '--json'], { input: diffAdding(`note = ${secret}`) }).code).toBe(0);
  });

  it('a missing dlp.secrets_file exits 2 naming it', () => {
    const cfg = temp('p.yaml', 'version: 1\ndlp:\n  secrets_file: /nonexistent/secrets.txt\n');
    const res = cli(['scan-diff', '--config', cfg.path], { input: '' });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('pipelock: cannot read dlp.secrets_file /nonexistent/secrets.txt: no such file\n');
  });

  it.each([
    [true, 1],
    [false, 0],
  ])('dlp.scan_env: %s -> exit %d for a diff leaking an environment value', (scanEnv, code) => {
    const secret = value();
    const cfg = temp('p.yaml', `version: 1\ndlp:\n  scan_env: ${scanEnv}\n`);
    const res = cli(['scan-diff', '--config', cfg.path], {
      input: diffAdding(`leak = "${secret}"`),
      env: { ...CHILD_ENV, DEPLOY_TOKEN: secret },
    });
    expect(res.code).toBe(code);
  });
});
