import { readFileSync, writeFileSync } from 'node:fs';
import RE2 from 're2';
import { describe, expect, it } from 'vitest';
import { issuerQueryKeys, issuerTable } from '../http/issuers.js';
import { BUILTIN_DLP_PATTERNS, dlpPatternTableMarkdown } from './index.js';

const DOC = new URL('../../../../docs/dlp-patterns.md', import.meta.url);
const DOC_INTRO = `# Built-in DLP patterns

Pipelock scans every outbound URL, header, request body, WebSocket frame and
MCP tool argument, and every response and tool result, for the credential and
personal-data classes below, after normalization (zero-width and control
characters removed, NFKC, homoglyphs and combining marks folded) and in
decoded views of encoded runs (URL encoding, base64, base32, hex and chains of
them). Where a format carries a checksum or a structure (Luhn, IBAN mod-97,
BIP-39, Base58Check, bech32, EIP-55, JWT header, SSN rules, Discord's snowflake
id, Bedrock's encoded key id), a candidate must pass it.

The classes come in three kinds, which decide what a placeholder is (next
section) and what a class costs:

- **Vendor formats** (most rows): a prefix or structure the provider
  documents (\`ghp_\`, \`AKIA\`, \`xoxb-\`, \`sk_live_\`, \`dop_v1_\`, …). The
  regex runs only when its prefix (or a structural trigger: long runs,
  digit runs, word runs) is in the text.
- **Provider keyword next to an assignment** (rows whose prefilter says
  "at"): for the many providers whose keys have no prefix, a provider name in
  the name of an assignment (\`adafruit_key = "…"\`, \`"netlify_token": "…"\`,
  \`<TwilioAuthToken>…</TwilioAuthToken>\`, \`export CLOUDFLARE_API_TOKEN=…\`)
  and a value of the provider's length and alphabet. One template builds them
  all; each runs anchored at the places the prefilter found its keyword. The
  value must look machine-made: digits and letters, enough entropy, not a name
  (\`OAuth2CredentialProviderVendor\`) or an env lookup.
- **Name only** (\`Secret Assignment\`, the curl rows, Kubernetes and NuGet):
  a random-looking value under a secret-ish name (\`client_secret: '…'\`,
  \`DB_PASSWORD="…"\`, \`curl -u user:…\`, \`curl -H "Authorization: Bearer …"\`),
  16 to 128 characters, quoted or on a config-file line, and the name is not
  a public or per-request kind (\`pageToken\`, \`csrf_token\`, \`nonce\`,
  \`public_key\`, \`token_type\`, \`*_id\`). A name-only hit is dropped when a
  more specific class found the same value.

Bitcoin and Ethereum **addresses** are public, not secrets: their two classes
are off unless \`dlp.crypto_addresses\` is \`warn\` or \`block\` (the policy
asks for them, e.g. to stop payment redirection). Private keys, extended
private keys and seed phrases are always on.

Environment values (\`dlp.scan_env\`) and known secrets (\`dlp.secrets_file\`) are
matched raw and in their base64, hex, base32 and URL-encoded forms, reported at
severity critical as \`Environment Variable Leak\` (scanner \`env\`; the excerpt
names the variable, never the value) and \`Known Secret\` (scanner \`dlp\`). Env
values shorter than \`dlp.min_env_secret_length\` (16), and values that look like
paths, URLs without credentials, lists, words or that have little entropy, are
not watched.

## Example credentials

What counts as a documentation placeholder depends on where the text is
going (\`dlp.example_credentials\`, one setting per surface):

| surface | entry points | default |
|---|---|---|
| \`egress\` | URLs, request headers and bodies, WebSocket client frames, MCP tool arguments and outbound messages, \`scanText\` | \`detect\` |
| \`ingress\` | responses, SSE events, WebSocket server frames, MCP tool results and inbound messages | \`suppress\` |
| \`code_review\` | \`pipelock scan-diff\`, \`pipelock scan\`, \`scanDiff\`, \`scanText(…, { surface: 'code_review' })\` | \`suppress\` |

With \`detect\` (a firewall's view) a vendor-format credential is a credential
even when it is a published sample: AWS's \`AKIAIOSFODNN7EXAMPLE\` and
\`wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\`, \`ghp_ABCDEF…\`, tokens containing
EXAMPLE, PLACEHOLDER, REDACTED, DUMMY, SAMPLE, FAKE or YOUR_, eight-long
sequential runs, low-entropy bodies, published payment test cards
(\`4111 1111 1111 1111\`, \`4242 4242 4242 4242\`, \`5555 5555 5555 4444\`, …), the
jwt.io sample token and the BIP-39 "abandon … about" vector. A firewall cannot
tell a real key from a sample, and a sample is what a leak test sends.

With \`suppress\` (a code review's view) all of those are documentation and are
not reported, so the docs and test fixtures of real projects do not trip the
gate.

On every surface: a mask is never a credential (one character making up half
of the value, \`xxxxxxxx\`, \`****\`, template syntax such as \`\${VAR}\`,
\`{{x}}\`, \`<value>\`); token-shaped matches inside a longer base64 blob are
coincidences of the alphabet; BIP-39 phrases in word-list order are printed
lists. Classes that rest on a provider keyword next to an assignment keep
their entropy and sequential-run checks on egress (only the placeholder words
are accepted there), and classes that rest only on a secret-ish name
(\`api_key = …\`, \`password: …\`) keep every check on every surface, or
\`password = "changeme"\` in a request body would block. URL credentials such as
\`user:password@\`, \`\${VAR}\`, \`<password>\`, \`***\`, a password equal to the
user name, or an \`example.com\` / \`.test\` host are never reported. Any other
Luhn-valid number with a known network prefix and length is, in any mode.

## Credentials going home

A provider credential in an authentication header (\`Authorization\`,
\`x-api-key\`, \`api-key\`, \`x-goog-api-key\`, \`x-amz-security-token\`,
\`dd-api-key\`, \`private-token\`) of an HTTPS request to one of that
provider's own hosts (or their subdomains) is not reported
(\`dlp.issuer_hosts\`, on by default): with TLS interception every call an
agent makes to its LLM provider carries its key, and the host that issued a key
already holds it. The same key in the URL, the body, any other header, over
plain HTTP, or to any other host is reported as usual.

| classes | issuing hosts |
|---|---|
${issuerTable()
  .map(([rules, hosts]) => `| ${rules.join(', ')} | ${hosts.map((h) => '`' + h + '`').join(', ')} |`)
  .join('\n')}

The URL counterpart, for providers whose documented way to pass a key is a
query parameter: ${issuerQueryKeys()
  .map(([rule, location]) => `${rule} in \`${location.replace('url.query.', '?')}=\``)
  .join(', ')} of an HTTPS URL to one of the provider's hosts.

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
