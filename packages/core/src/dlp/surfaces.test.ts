// The example-credential policy per surface, through the public scanner:
// egress entry points report vendor-format example credentials, ingress and
// code review do not, and dlp.example_credentials moves each surface.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.js';
import { ConfigError } from '../errors.js';
import { createScanner } from '../scanner.js';
import type { Scanner } from '../scanner.js';
import type { ScanResult } from '../types.js';

const AWS_EXAMPLE = 'AKIAIOSFODNN7EXAMPLE';
const TEST_CARD = '4111 1111 1111 1111';
const rules = (r: ScanResult) => r.findings.map((f) => f.rule);
const diffAdding = (line: string) => `diff --git a/README.md b/README.md\n--- a/README.md\n+++ b/README.md\n@@ -1 +1,2 @@\n a\n+${line}\n`;

/** Every entry point with the surface it belongs to. */
function entryPoints(s: Scanner, text: string): Array<[string, 'egress' | 'ingress' | 'code_review', ScanResult]> {
  return [
    ['scanText', 'egress', s.scanText(text)],
    ['scanUrl', 'egress', s.scanUrl(`https://collector.example.net/?q=${encodeURIComponent(text)}`, { resolvedIps: ['93.184.215.14'] })],
    ['scanRequest headers', 'egress', s.scanRequest({ method: 'GET', url: 'https://api.example.net/', headers: { 'x-api-key': text }, resolvedIps: ['93.184.215.14'] })],
    ['scanRequest JSON body', 'egress', s.scanRequest({ method: 'POST', url: 'https://api.example.net/', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ note: text }), resolvedIps: ['93.184.215.14'] })],
    ['scanToolCall', 'egress', s.scanToolCall({ name: 'send_message', arguments: { body: text } }, s.createMcpSession())],
    ['scanMcpMessage to-server', 'egress', s.scanMcpMessage({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'send', arguments: { body: text } } }, 'to-server', s.createMcpSession())],
    ['scanResponse', 'ingress', s.scanResponse({ url: 'https://docs.example.net/', headers: { 'content-type': 'text/plain' }, body: `See ${text} in the guide.` })],
    ['scanToolResult', 'ingress', s.scanToolResult({ content: [{ type: 'text', text: `See ${text} in the guide.` }] }, s.createMcpSession())],
    ['scanMcpMessage to-client', 'ingress', s.scanMcpMessage({ jsonrpc: '2.0', id: 1, result: { content: [{ type: 'text', text: `See ${text}.` }] } }, 'to-client', s.createMcpSession())],
    ['scanText code_review', 'code_review', s.scanText(text, { surface: 'code_review' })],
    ['scanDiff', 'code_review', s.scanDiff(diffAdding(`aws_access_key_id = ${text}`))],
  ];
}

describe('example credentials by surface (defaults)', () => {
  const s = createScanner({ mode: 'balanced' });
  it.each([
    ['AWS documentation key', AWS_EXAMPLE, 'AWS Access Key ID'],
    ['published test card', TEST_CARD, 'Credit Card Number'],
  ])('%s: egress reports it, ingress and code review do not', (_n, text, rule) => {
    for (const [entry, surface, r] of entryPoints(s, text)) {
      if (surface === 'egress') {
        expect(rules(r), entry).toContain(rule);
        expect(r.action, entry).toBe('block');
      } else {
        expect(rules(r), entry).not.toContain(rule);
      }
    }
  });

  it('a real-looking key is reported on every surface', () => {
    const key = 'AKIA2EQAQF3B244CQQQ6';
    for (const [entry, , r] of entryPoints(s, key)) expect(rules(r), entry).toContain('AWS Access Key ID');
  });

  it('a mask is reported nowhere', () => {
    for (const [entry, , r] of entryPoints(s, 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')) expect(rules(r), entry).not.toContain('GitHub Token');
  });
});

describe('dlp.example_credentials moves each surface', () => {
  it('egress: suppress restores the code-review behaviour on egress', () => {
    const s = createScanner({ dlp: { example_credentials: { egress: 'suppress' } } });
    expect(rules(s.scanText(AWS_EXAMPLE))).toEqual([]);
    expect(rules(s.scanUrl(`https://x.example.net/?k=${AWS_EXAMPLE}`, { resolvedIps: ['93.184.215.14'] }))).not.toContain('AWS Access Key ID');
  });

  it('code_review: detect makes scan-diff strict', () => {
    const s = createScanner({ dlp: { example_credentials: { code_review: 'detect' } } });
    expect(rules(s.scanDiff(diffAdding(`key = ${AWS_EXAMPLE}`)))).toEqual(['AWS Access Key ID']);
  });

  it('ingress: detect reports example credentials in responses and tool results', () => {
    const s = createScanner({ dlp: { example_credentials: { ingress: 'detect' } } });
    expect(rules(s.scanResponse({ headers: { 'content-type': 'text/plain' }, body: `card ${TEST_CARD}` }))).toContain('Credit Card Number');
    expect(rules(s.scanToolResult({ content: [{ type: 'text', text: AWS_EXAMPLE }] }))).toContain('AWS Access Key ID');
    // The switch is per call: a tool call right after still uses the egress policy.
    const again = createScanner({ dlp: { example_credentials: { ingress: 'suppress' } } });
    again.scanToolResult({ content: [{ type: 'text', text: AWS_EXAMPLE }] });
    expect(rules(again.scanToolCall({ name: 't', arguments: { k: AWS_EXAMPLE } }))).toContain('AWS Access Key ID');
  });

  it('YAML keys parse, defaults are egress detect / ingress suppress / code_review suppress', () => {
    expect(parseConfig('version: 1\n').dlp.example_credentials).toEqual({ egress: 'detect', ingress: 'suppress', code_review: 'suppress' });
    expect(parseConfig('dlp:\n  example_credentials:\n    egress: suppress\n').dlp.example_credentials.egress).toBe('suppress');
    expect(parseConfig('version: 1\n').dlp.crypto_addresses).toBe('off');
    expect(parseConfig({ dlp: { crypto_addresses: false } }).dlp.crypto_addresses).toBe('off');
    expect(parseConfig('dlp:\n  crypto_addresses: block\n').dlp.crypto_addresses).toBe('block');
  });

  it.each([
    ['a bad value', 'dlp:\n  example_credentials:\n    egress: maybe\n', 'dlp.example_credentials.egress', 3],
    ['an unknown surface', 'dlp:\n  example_credentials:\n    responses: detect\n', 'dlp.example_credentials.responses', 3],
    ['a bad crypto_addresses value', 'dlp:\n  crypto_addresses: yes\n', 'dlp.crypto_addresses', 2],
  ])('%s is a ConfigError naming the key and line', (_n, yaml, path, line) => {
    let err: unknown;
    try {
      parseConfig(yaml);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const [issue] = (err as ConfigError).issues;
    expect(issue?.path).toBe(path);
    expect(issue?.line).toBe(line);
  });
});
