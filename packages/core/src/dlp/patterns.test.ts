import { readFileSync, writeFileSync } from 'node:fs';
import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DLP_PATTERNS, dlpPatternTableMarkdown } from './index.js';

const DOC = new URL('../../../../docs/dlp-patterns.md', import.meta.url);
const DOC_INTRO = `# Built-in DLP patterns

Pipelock scans every outbound URL, header, request body, MCP tool argument and
tool result for the credential and personal-data classes below, after
normalization (zero-width and control characters removed, NFKC, homoglyphs and
combining marks folded) and in decoded views of encoded runs (URL encoding,
base64, base32, hex and chains of them). Where a format carries a checksum or
a structure (Luhn, IBAN mod-97, BIP-39, Base58Check, JWT header, SSN rules,
Discord's snowflake id), a candidate must pass it.

Environment values (\`dlp.scan_env\`) and known secrets (\`dlp.secrets_file\`) are
matched raw and in their base64, hex, base32 and URL-encoded forms, reported at
severity critical as \`Environment Variable Leak\` (scanner \`env\`; the excerpt
names the variable, never the value) and \`Known Secret\` (scanner \`dlp\`). Env
values shorter than \`dlp.min_env_secret_length\` (16), and values that look like
paths, URLs without credentials, lists, words or that have little entropy, are
not watched.

## Placeholders

Documentation placeholders are **not** reported, so the docs and test fixtures
of real projects do not trip the gate: AWS's \`…EXAMPLE\` keys; tokens containing
EXAMPLE, PLACEHOLDER, REDACTED, DUMMY, SAMPLE, FAKE or YOUR_; runs of six or more
identical characters (\`xxxxxx\`, \`000000\`); eight-long sequential runs
(\`abcdefgh\`, \`12345678\`); bodies under 3 bits/char of entropy; token-shaped
matches inside a longer base64 blob; the jwt.io sample token; the BIP-39
"abandon … about" vector and phrases in word-list order; URL credentials such
as \`user:password@\`, \`\${VAR}\`, \`<password>\`, \`***\`, a password equal to the
user name, or an \`example.com\` / \`.test\` host. Published payment test cards
(\`4111 1111 1111 1111\`, \`4242 4242 4242 4242\`, \`5555 5555 5555 4444\`, …) are not
reported either: they identify no one. Any other Luhn-valid number with a known
network prefix and length is, in any mode.

User patterns (\`dlp.patterns\`) are compiled with RE2; a user pattern with the
same name as a built-in replaces it; \`include_defaults: false\` drops the
built-ins.

This file is generated from \`packages/core/src/dlp/patterns.ts\`; regenerate
with \`UPDATE_DOCS=1 pnpm vitest run packages/core/src/dlp\`.

## Classes

`;

describe('built-in pattern table', () => {
  it('has at least 48 classes with unique ids and names', () => {
    expect(BUILTIN_DLP_PATTERNS.length).toBeGreaterThanOrEqual(48);
    expect(new Set(BUILTIN_DLP_PATTERNS.map((r) => r.id)).size).toBe(BUILTIN_DLP_PATTERNS.length);
    expect(new Set(BUILTIN_DLP_PATTERNS.map((r) => r.name)).size).toBe(BUILTIN_DLP_PATTERNS.length);
  });

  it.each(BUILTIN_DLP_PATTERNS.map((r) => [r.name, r] as const))('%s compiles under RE2 and V8', (_n, r) => {
    expect(() => new RE2(r.regex, `gu${r.flags ?? ''}`)).not.toThrow();
    expect(() => new RegExp(r.regex, `g${r.flags ?? ''}`)).not.toThrow();
  });

  it.each(BUILTIN_DLP_PATTERNS.map((r) => [r.name, r] as const))('%s has a prefilter: lower-case keywords or a trigger', (_n, r) => {
    expect(r.keywords.length > 0 || r.trigger !== undefined).toBe(true);
    for (const k of r.keywords) {
      expect(k).toBe(k.toLowerCase());
      expect(k.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('docs/dlp-patterns.md is generated from the table', () => {
    const generated = DOC_INTRO + dlpPatternTableMarkdown();
    if (process.env.UPDATE_DOCS) writeFileSync(DOC, generated);
    expect(readFileSync(DOC, 'utf8')).toBe(generated);
  });
});
