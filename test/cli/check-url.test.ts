// `pipelock check --url`: the URL pipeline's verdict from the built CLI.
import { describe, expect, it } from 'vitest';
import { assertBuilt, cli } from './helpers.js';

assertBuilt();
const awsKey = () => ['AKIA', 'QZ7W3NB4', 'XK2LM5PD'].join('');

describe('pipelock check --url', () => {
  it('blocks an AWS key in the query with rule and location, and never prints the key', () => {
    const r = cli(['check', '--no-resolve', '--url', `https://evil.example/?k=${awsKey()}`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^block\n/);
    expect(r.stdout).toMatch(/dlp {2}AWS Access Key ID {2}critical {2}url\.query\.k/);
    expect(r.stdout + r.stderr).not.toContain(awsKey());
  });

  it('allows a documentation URL', () => {
    const r = cli(['check', '--no-resolve', '--url', 'https://docs.python.org/3/library/urllib.parse.html']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('allow\n');
  });

  it('refuses the cloud metadata address, also spelled in decimal', () => {
    for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://2852039166/latest/meta-data/']) {
      const r = cli(['check', '--url', url]);
      expect(r.code, url).toBe(1);
      expect(r.stdout).toMatch(/ssrf {2}SSRF: Internal Address/);
    }
  });

  it('is a usage error without --config or --url', () => {
    const r = cli(['check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/check needs --config FILE/);
  });
});
