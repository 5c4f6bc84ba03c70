import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, configSummary, parseConfig, presetConfig, presetYaml } from './index.js';
import type { PresetName } from './index.js';

describe('presets', () => {
  it('names the three presets', () => {
    expect([...PRESET_NAMES]).toEqual(['balanced', 'strict', 'audit']);
  });

  it.each(PRESET_NAMES)('%s: presetYaml round-trips to presetConfig', (name) => {
    const yaml = presetYaml(name);
    expect(parseConfig(yaml)).toEqual(presetConfig(name));
  });

  it.each(PRESET_NAMES)('%s: the YAML is commented and names its mode', (name) => {
    const yaml = presetYaml(name);
    expect(yaml.split('\n')[0]).toMatch(new RegExp(`^# .*${name} preset`));
    expect(yaml).toMatch(new RegExp(`^mode: ${name}$`, 'm'));
    expect(yaml).toMatch(/^# .*REPLACES the defaults/m);
    // Complete: every section is written out, so the file documents every setting.
    for (const section of ['fetch_proxy:', 'dlp:', 'response_scanning:', 'tool_chain_detection:', 'kill_switch:', 'internal:', 'ssrf:']) {
      expect(yaml).toMatch(new RegExp(`^${section}`, 'm'));
    }
  });

  it('balanced is exactly the defaults', () => {
    expect(presetConfig('balanced')).toEqual(parseConfig(''));
  });

  it('strict tightens thresholds and blocks everywhere', () => {
    const s = presetConfig('strict');
    const b = presetConfig('balanced');
    expect(s.mode).toBe('strict');
    expect(s.fetch_proxy.monitoring.entropy_threshold).toBeLessThan(b.fetch_proxy.monitoring.entropy_threshold);
    expect(s.fetch_proxy.monitoring.max_url_length).toBeLessThan(b.fetch_proxy.monitoring.max_url_length);
    expect(s.request_body_scanning.header_mode).toBe('all');
    expect(s.api_allowlist.length).toBeGreaterThan(0);
    const actions = [
      s.request_body_scanning.action,
      s.response_scanning.action,
      s.response_scanning.sse_streaming.action,
      s.mcp_input_scanning.action,
      s.mcp_tool_scanning.action,
      s.mcp_tool_policy.action,
      s.mcp_session_binding.unknown_tool_action,
      s.mcp_session_binding.no_baseline_action,
      s.tool_chain_detection.action,
    ];
    expect(new Set(actions)).toEqual(new Set(['block']));
  });

  it('audit warns everywhere', () => {
    const a = presetConfig('audit');
    expect(a.mode).toBe('audit');
    const actions = [
      a.request_body_scanning.action,
      a.response_scanning.action,
      a.response_scanning.sse_streaming.action,
      a.mcp_input_scanning.action,
      a.mcp_tool_scanning.action,
      a.mcp_tool_policy.action,
      a.mcp_session_binding.unknown_tool_action,
      a.tool_chain_detection.action,
    ];
    expect(new Set(actions)).toEqual(new Set(['warn']));
  });

  it('rejects an unknown preset name', () => {
    expect(() => presetConfig('paranoid' as PresetName)).toThrow(/unknown preset "paranoid"/);
  });

  it('returns a fresh config each time (callers may not corrupt the preset)', () => {
    const a = presetConfig('balanced');
    a.api_allowlist.push('evil.example');
    expect(presetConfig('balanced').api_allowlist).not.toContain('evil.example');
  });
});

describe('configSummary', () => {
  it('summarises the defaults', () => {
    const lines = configSummary(presetConfig('balanced'));
    expect(lines[0]).toBe('mode: balanced, enforce: on');
    expect(lines).toContain('listen: 127.0.0.1:8888 (forward proxy on, websocket off, tls interception off)');
    expect(lines.find((l) => l.startsWith('dlp:'))).toBe('dlp: 0 custom pattern(s) + built-ins, scan_env on');
    expect(lines.find((l) => l.startsWith('ssrf:'))).toMatch(/internal range\(s\) \(default\)/);
  });

  it.each([
    ['enforce off', 'enforce: false\n', /^mode: balanced, enforce: off \(blocks become warnings\)$/],
    ['custom dlp patterns', 'dlp:\n  include_defaults: false\n  patterns:\n    - {name: a, regex: a}\n    - {name: b, regex: b}\n', /^dlp: 2 custom pattern\(s\) only \(built-ins off\)/],
    ['scanner off', 'response_scanning:\n  enabled: false\n', /^response scanning: off$/],
    ['custom internal', 'internal: [10.0.0.0/8]\n', /^ssrf: 1 internal range\(s\) \(custom\)/],
    ['kill switch engaged', 'kill_switch:\n  enabled: true\n', /^kill switch: ENGAGED/],
    ['kill switch api listener', 'kill_switch:\n  api_listen: 127.0.0.1:9090\n  api_token: t\n', /^kill switch api: 127\.0\.0\.1:9090$/],
    ['suppress entries', 'suppress:\n  - {rule: r, path: p, reason: x}\n', /^suppress: 1 entry$/],
    ['strict allowlist', 'mode: strict\n', /only these are reachable/],
    ['mcp policy rules', 'mcp_tool_policy:\n  rules:\n    - {name: a, tool_pattern: x}\n', /policy warn, 1 custom rule\(s\)/],
    ['emit sinks', 'emit:\n  webhook:\n    url: https://h.example/x\n', /emit: webhook$/],
  ])('%s', (_name, yaml, pattern) => {
    expect(configSummary(parseConfig(yaml)).some((l) => pattern.test(l))).toBe(true);
  });
});
