// The shipped example must always load: it is what users copy.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMPAT_SECTIONS } from './schema.js';
import { configSchema, parseConfig } from './index.js';

const text = readFileSync(fileURLToPath(new URL('../../../../examples/pipelock.yaml', import.meta.url)), 'utf8');

describe('examples/pipelock.yaml', () => {
  it('parses', () => {
    const c = parseConfig(text);
    expect(c.fetch_proxy.listen).toBe('0.0.0.0:8888');
    expect(c.forward_proxy.enabled).toBe(true);
    expect(c.dlp.patterns.map((p) => p.name)).toEqual(['Internal Service Token', 'Customer Account Number']);
    expect(c.mcp_tool_policy.rules).toHaveLength(2);
    expect(c.tool_chain_detection.custom_patterns[0]?.sequence).toEqual(['finance_read', 'network']);
    expect(c.internal).toContain('169.254.0.0/16');
    expect(c.suppress[0]?.rule).toBe('Credential in URL');
  });

  it('sets every section of the schema explicitly', () => {
    const written = new Set(text.split('\n').filter((l) => /^[a-z_]+:/.test(l)).map((l) => l.slice(0, l.indexOf(':'))));
    const notOurs: string[] = [...COMPAT_SECTIONS, 'metrics_listen', 'license_key', 'license_file', 'license_public_key'];
    const missing = Object.keys(configSchema._def.schema.shape).filter((k) => !notOurs.includes(k) && !written.has(k));
    expect(missing).toEqual([]);
  });
});
