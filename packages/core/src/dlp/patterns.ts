// The built-in DLP classes as data: one row per credential or PII format.
// The engine compiles these once; docs/dlp-patterns.md is generated from them.
//
// Example credentials (decided here, documented in docs/dlp-patterns.md): what a
// documentation placeholder is depends on the surface. On egress (URLs,
// headers, bodies, WebSocket frames, MCP arguments) a vendor-format credential
// is a credential, even AKIAIOSFODNN7EXAMPLE or a published test card: a
// firewall cannot tell a real key from a sample, and a sample is what an
// attacker's test uses. On code review (scan-diff, `pipelock scan`) the docs
// and fixtures of real projects must not trip the gate, so tokens containing
// EXAMPLE / PLACEHOLDER / REDACTED / DUMMY / SAMPLE / FAKE / YOUR_, eight-long
// sequential runs (abcdefgh, 12345678), low-entropy bodies and published test
// cards are not reported there. A mask (xxxxxxxx, ****, ${VAR}) carries no
// secret and is dropped everywhere. Rows that rest only on a secret-ish name
// (`anchor: 'generic'`) keep every check on every surface, or `password =
// "changeme"` in a request body would block.
// PII rows skip the token checks and rely on their structural validators.
import { Buffer } from 'node:buffer';
import type { Severity } from '../types.js';
import { CONTEXT_DLP_PATTERNS } from './context-patterns.js';
import {
  base58AddressValid,
  cardNetwork,
  ethereumAddressValid,
  extendedPrivateKeyValid,
  findSeedPhrase,
  ibanValid,
  isTestCard,
  jwtValid,
  luhn,
  segwitAddressValid,
  shannonEntropy,
  ssnValid,
  urlCredentialsReal,
  wifValid,
} from './validators.js';

/** What a validator sees: the candidate secret, where it sits, and the whole (normalized) text. */
export interface ValidateContext {
  text: string;
  start: number;
  end: number;
  groups: readonly (string | undefined)[];
  /** True on surfaces that report example credentials (egress): test cards, sample tokens, test vectors. */
  examples: boolean;
  /** Where the whole match starts (before the secret group): what came before it can matter. */
  matchStart: number;
}

/**
 * A validator returns false to drop the candidate, true to keep it, or a new
 * absolute [start, end) span (a private key block extended to its END line, a
 * seed phrase cut out of a longer run of words).
 */
export type DlpValidator = (secret: string, ctx: ValidateContext) => boolean | readonly [number, number];

/**
 * Structural prefilters for rows without a literal keyword:
 * - digits: nine or more digits in a run of digits, spaces and dashes (SSN, cards);
 * - iban: two capital letters followed by two digits;
 * - longrun: a run of 50+ token characters [A-Za-z0-9_.-] (Discord, WIF);
 * - words: twelve or more lowercase words in a row (seed phrases);
 * - address: a run of 26+ token characters (Bitcoin addresses; only when the opt-in group is on).
 */
export type DlpTrigger = 'digits' | 'iban' | 'longrun' | 'words' | 'address';

/**
 * What a row's confidence rests on, which decides the checks it keeps on egress:
 * - prefix: a vendor prefix or structure (ghp_, AKIA, xoxb-): on egress only masks are dropped;
 * - keyword: a provider keyword next to an assignment: on egress placeholder words are
 *   accepted, entropy and sequential checks stay;
 * - generic: only a secret-ish name (api_key = …): every check on every surface.
 */
export type DlpAnchor = 'prefix' | 'keyword' | 'generic';

export type DlpCategory =
  | 'llm'
  | 'cloud'
  | 'vcs'
  | 'chat'
  | 'payment'
  | 'registry'
  | 'saas'
  | 'private-key'
  | 'token'
  | 'crypto'
  | 'pii'
  | 'url';

export interface DlpPatternRow {
  /** Stable machine id (kebab-case). */
  id: string;
  /** Stable human name; the finding's `rule`. */
  name: string;
  category: DlpCategory;
  /** Lower-case literals; the row's regex runs only when one occurs (case-insensitively). */
  keywords: readonly string[];
  trigger?: DlpTrigger;
  /** RE2-compatible source (no backreferences, no look-around). */
  regex: string;
  /** 'i' for case-insensitive rows; nothing else. */
  flags?: 'i';
  /**
   * The regex starts with the keyword and is run anchored (sticky) at each place
   * the prefilter found one, instead of over the whole text: keyword-context rows
   * cost a few character steps per keyword occurrence, nothing elsewhere.
   */
  atKeyword?: boolean;
  /** Default 'prefix' (see DlpAnchor). */
  anchor?: DlpAnchor;
  /**
   * With atKeyword: the value is a run of 14+ token characters that ends after
   * the keyword and starts within 80 characters of it, so a keyword site with
   * no such run (prose naming the provider) is skipped before the regex runs.
   */
  valueNearKeyword?: boolean;
  /** Off unless the config turns the group on (dlp.crypto_addresses). */
  optIn?: 'crypto_addresses';
  /** Token checks look at the secret from this offset (a fixed run such as Twitter's 22 leading A's is no placeholder). */
  checksFrom?: number;
  /** Capture group holding the secret when the regex also matches context (a keyword, a prefix). */
  secretGroup?: number;
  severity: Severity;
  validate?: DlpValidator;
  /**
   * Token rows drop documentation placeholders, sequential runs and bodies under
   * `minEntropy` bits/char (default 3). PII rows set this false.
   */
  tokenChecks?: boolean;
  minEntropy?: number;
  /** Public documentation of the format. */
  docs?: string;
  /** One line for the docs table. */
  note?: string;
}

const B62 = 'A-Za-z0-9';
const B64URL = 'A-Za-z0-9_-';

/** Mixed-case-and-digit bodies: real random tokens have all three classes. */
function mixed(s: string): boolean {
  return /[a-z]/.test(s) && /[A-Z]/.test(s) && /[0-9]/.test(s);
}

/** A PEM block counts only with a body: 48+ base64 characters after the header. */
function pemBody(_secret: string, ctx: ValidateContext): boolean | readonly [number, number] {
  const tail = ctx.text.slice(ctx.end, ctx.end + 600);
  // Headers (Proc-Type, DEK-Info, Comment) and JSON "\n" escapes are skipped.
  const body = tail
    .replace(/\\[rn]/g, '\n')
    .split('\n')
    .filter((l) => !/^\s*[A-Za-z-]+:/.test(l))
    .join('')
    .replace(/["']\s*\+\s*["']/g, '')
    .replace(/[\s"',]/g, '');
  // An Ed25519 PKCS#8 key is 64 base64 characters; 48 leaves room for nothing shorter.
  const m = /^[A-Za-z0-9+/=]{48,}/.exec(body);
  if (!m) return false;
  const endIdx = ctx.text.indexOf('-----END', ctx.end);
  if (endIdx >= 0 && endIdx - ctx.end < 20_000) {
    const close = ctx.text.indexOf('-----', endIdx + 8);
    return [ctx.start, close >= 0 ? close + 5 : endIdx + 8];
  }
  return [ctx.start, ctx.end + Math.min(tail.length, 64)];
}

function digitsOnly(s: string): string {
  return s.replace(/[ -]/g, '');
}

/**
 * Card numbers: one separator style throughout, a known network and length,
 * Luhn; published test cards only where example credentials are reported.
 */
function cardValid(s: string, examples: boolean): boolean {
  const seps = s.replace(/[0-9]/g, '');
  if (seps.length > 0 && !/^( +|-+)$/.test(seps)) return false;
  if (seps.length > 0 && !/^\d{4}([ -])\d{4,6}\1\d{4,5}(?:\1\d{1,4})?(?:\1\d{1,3})?$/.test(s)) return false;
  const d = digitsOnly(s);
  if (/^(\d)\1+$/.test(d)) return false;
  return cardNetwork(d) !== undefined && luhn(d) && (examples || !isTestCard(d));
}

/** Discord bot token: the first segment is base64 of the bot's numeric snowflake id. */
function discordValid(s: string): boolean {
  const first = s.split('.')[0] ?? '';
  const id = Buffer.from(first, 'base64').toString('latin1');
  return /^\d{17,20}$/.test(id);
}

/** Real credentials are reported with the span of `user:password`. */
function urlCreds(_s: string, ctx: ValidateContext): boolean | readonly [number, number] {
  const [, user = '', password = '', host = ''] = ctx.groups;
  if (!urlCredentialsReal(user, password, host)) return false;
  return [ctx.start + 3, ctx.start + 3 + user.length + 1 + password.length];
}

/**
 * JWT: the regex finds header and payload start (bounded, so it stays linear on
 * hostile input); the token is extended here over the rest of the payload and
 * the signature, which must be present (16+ characters).
 */
function jwtSpan(_s: string, ctx: ValidateContext): boolean | readonly [number, number] {
  const t = ctx.text;
  let i = ctx.end;
  let dots = 1;
  const limit = Math.min(t.length, ctx.start + 16_384);
  let sigStart = -1;
  for (; i < limit; i++) {
    const c = t.charCodeAt(i);
    if (c === 46) {
      if (++dots > 2) break;
      sigStart = i + 1;
      continue;
    }
    const ok = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
    if (!ok) break;
  }
  if (sigStart < 0 || i - sigStart < 16) return false;
  const token = t.slice(ctx.start, i);
  return jwtValid(token, ctx.examples) ? [ctx.start, i] : false;
}

function seedPhrase(s: string, ctx: ValidateContext): boolean | readonly [number, number] {
  const r = findSeedPhrase(s, ctx.examples);
  return r ? [ctx.start + r.start, ctx.start + r.end] : false;
}

const PREFIXED_DLP_PATTERNS: readonly DlpPatternRow[] = [
  // ---- LLM providers -------------------------------------------------------
  {
    id: 'openai-api-key', name: 'OpenAI API Key', category: 'llm', severity: 'critical',
    keywords: ['sk-proj-', 't3blbkfj'],
    regex: `\\bsk-(?:proj-[${B64URL}]{40,250}|[${B62}]{20}T3BlbkFJ[${B62}]{20})`,
    docs: 'https://platform.openai.com/docs/api-reference/authentication',
    note: 'project keys (sk-proj-) and legacy keys carrying the T3BlbkFJ marker',
  },
  {
    id: 'openai-service-account-key', name: 'OpenAI Service Account Key', category: 'llm', severity: 'critical',
    keywords: ['sk-svcacct-'], regex: `\\bsk-svcacct-[${B64URL}]{40,250}`,
    docs: 'https://platform.openai.com/docs/api-reference/authentication',
  },
  {
    id: 'openai-admin-key', name: 'OpenAI Admin Key', category: 'llm', severity: 'critical',
    keywords: ['sk-admin-'], regex: `\\bsk-admin-[${B64URL}]{40,250}`,
    docs: 'https://platform.openai.com/docs/api-reference/administration',
  },
  {
    id: 'anthropic-api-key', name: 'Anthropic API Key', category: 'llm', severity: 'critical',
    keywords: ['sk-ant-api'], regex: `\\bsk-ant-api\\d\\d-[${B64URL}]{80,120}`,
    docs: 'https://docs.anthropic.com/en/api/getting-started',
  },
  {
    id: 'anthropic-admin-key', name: 'Anthropic Admin Key', category: 'llm', severity: 'critical',
    keywords: ['sk-ant-admin'], regex: `\\bsk-ant-admin\\d\\d-[${B64URL}]{80,120}`,
    docs: 'https://docs.anthropic.com/en/api/administration-api',
  },
  {
    id: 'google-api-key', name: 'Google API Key', category: 'llm', severity: 'critical',
    keywords: ['aiza'], regex: `\\bAIza[${B64URL}]{35}`,
    docs: 'https://cloud.google.com/docs/authentication/api-keys',
    note: 'Gemini / Google AI Studio and GCP API keys',
  },
  {
    id: 'groq-api-key', name: 'Groq API Key', category: 'llm', severity: 'critical',
    keywords: ['gsk_'], regex: `\\bgsk_[${B62}]{52}\\b`, docs: 'https://console.groq.com/docs/quickstart',
  },
  {
    id: 'xai-api-key', name: 'xAI API Key', category: 'llm', severity: 'critical',
    keywords: ['xai-'], regex: `\\bxai-[${B62}]{80}\\b`, docs: 'https://docs.x.ai/docs/overview',
  },
  {
    id: 'huggingface-token', name: 'Hugging Face Token', category: 'llm', severity: 'critical',
    keywords: ['hf_'], regex: `\\bhf_[${B62}]{34}\\b`, docs: 'https://huggingface.co/docs/hub/security-tokens',
  },
  {
    id: 'replicate-api-token', name: 'Replicate API Token', category: 'llm', severity: 'critical',
    keywords: ['r8_'], regex: `\\br8_[${B62}]{37}\\b`, docs: 'https://replicate.com/docs/reference/http#authentication',
  },
  {
    id: 'perplexity-api-key', name: 'Perplexity API Key', category: 'llm', severity: 'critical',
    keywords: ['pplx-'], regex: `\\bpplx-[${B62}]{48}\\b`, docs: 'https://docs.perplexity.ai/guides/getting-started',
  },
  {
    id: 'openrouter-api-key', name: 'OpenRouter API Key', category: 'llm', severity: 'critical',
    keywords: ['sk-or-v1-'], regex: `\\bsk-or-v1-[a-f0-9]{64}\\b`, docs: 'https://openrouter.ai/docs/api-reference/authentication',
  },
  {
    id: 'langsmith-api-key', name: 'LangSmith API Key', category: 'llm', severity: 'high',
    keywords: ['lsv2_'], regex: `\\blsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}\\b`,
    docs: 'https://docs.smith.langchain.com/administration/how_to_guides/organization_management/create_account_api_key',
  },
  {
    id: 'anthropic-oauth-token', name: 'Anthropic OAuth Token', category: 'llm', severity: 'critical',
    keywords: ['sk-ant-oat', 'sk-ant-ort'], regex: `\\bsk-ant-o(?:at|rt)\\d\\d-[${B64URL}]{80,120}`,
    docs: 'https://docs.anthropic.com/en/docs/claude-code/iam',
    note: 'OAuth access (oat) and refresh (ort) tokens of Claude subscriptions',
  },
  {
    id: 'huggingface-org-token', name: 'Hugging Face Organization Token', category: 'llm', severity: 'high',
    keywords: ['api_org_'], regex: '\\bapi_org_[A-Za-z]{34}\\b', docs: 'https://huggingface.co/docs/hub/security-tokens',
  },
  {
    id: 'nvidia-api-key', name: 'NVIDIA API Key', category: 'llm', severity: 'high',
    keywords: ['nvapi-'], regex: `\\bnvapi-[${B64URL}]{64}`, docs: 'https://docs.api.nvidia.com/nim/docs/api-quickstart',
  },
  {
    id: 'tavily-api-key', name: 'Tavily API Key', category: 'llm', severity: 'high',
    keywords: ['tvly-'], regex: `\\btvly-(?:dev-|prod-)?[${B62}]{32}\\b`, docs: 'https://docs.tavily.com/documentation/quickstart',
  },
  {
    id: 'langfuse-secret-key', name: 'Langfuse Secret Key', category: 'llm', severity: 'high',
    keywords: ['sk-lf-'], regex: '\\bsk-lf-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b',
    docs: 'https://langfuse.com/docs/api', note: 'secret keys (sk-lf-); public keys (pk-lf-) are not secrets',
  },
  {
    id: 'elevenlabs-api-key', name: 'ElevenLabs API Key (sk_)', category: 'llm', severity: 'high',
    keywords: [], trigger: 'longrun', regex: '\\bsk_[a-f0-9]{48}\\b', docs: 'https://elevenlabs.io/docs/api-reference/authentication',
  },
  {
    id: 'pinecone-api-key', name: 'Pinecone API Key', category: 'llm', severity: 'high',
    keywords: ['pcsk_', 'pckey_'], regex: `\\bp(?:csk|ckey)_[${B62}]{4,12}_[${B62}]{30,80}\\b`,
    docs: 'https://docs.pinecone.io/guides/projects/manage-api-keys',
  },
  {
    id: 'jina-api-key', name: 'Jina AI API Key', category: 'llm', severity: 'high',
    keywords: ['jina_'], regex: `\\bjina_[${B64URL}]{40,80}`, validate: (s) => mixed(s.slice(5)),
    docs: 'https://jina.ai/api-dashboard/',
  },
  {
    id: 'firecrawl-api-key', name: 'Firecrawl API Key', category: 'llm', severity: 'high',
    keywords: ['fc-'], regex: '\\bfc-[a-f0-9]{32}\\b', docs: 'https://docs.firecrawl.dev/introduction',
  },
  // ---- Cloud ---------------------------------------------------------------
  {
    id: 'aws-access-key-id', name: 'AWS Access Key ID', category: 'cloud', severity: 'critical',
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    regex: '\\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}\\b',
    minEntropy: 2.5,
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids',
    note: 'AKIA (long-term), ASIA (STS); AWS documentation keys ending in EXAMPLE are placeholders on code review only',
  },
  {
    id: 'aws-secret-access-key', name: 'AWS Secret Access Key', category: 'cloud', severity: 'critical',
    keywords: ['aws', 'amazon', 'secretaccesskey', 'secret_access_key'],
    regex:
      '(?:(?:aws|amazon)[a-z0-9_ .-]{0,20}secret[a-z0-9_ .-]{0,20}|secret_?access_?key)["\']?\\s{0,8}(?:[:=]{1,2}>?|=>)\\s{0,8}["\']?([a-z0-9/+]{40})(?:[^a-z0-9/+=]|$)',
    flags: 'i', secretGroup: 1, minEntropy: 4, anchor: 'keyword',
    validate: (s) => mixed(s),
    docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
    note: 'only next to an AWS secret-key name (aws_secret_access_key = …, "SecretAccessKey": …)',
  },
  {
    id: 'gcp-service-account-key', name: 'GCP Service Account Key', category: 'cloud', severity: 'critical',
    keywords: ['private_key_id'], regex: '"private_key_id"\\s{0,8}:\\s{0,8}"([a-f0-9]{40})"', secretGroup: 1, anchor: 'keyword',
    docs: 'https://cloud.google.com/iam/docs/keys-create-delete',
    note: 'the private_key_id of a service-account JSON key (its private_key is reported as a Private Key)',
  },
  {
    id: 'azure-storage-account-key', name: 'Azure Storage Account Key', category: 'cloud', severity: 'critical',
    keywords: ['accountkey='], regex: '\\bAccountKey=([A-Za-z0-9+/]{86}==)', secretGroup: 1,
    docs: 'https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string',
  },
  {
    id: 'azure-sas-token', name: 'Azure SAS Token', category: 'cloud', severity: 'high',
    keywords: ['sv=20'],
    regex: '\\bsv=20\\d\\d-\\d\\d-\\d\\d&[^\\s"\'<>]{0,400}?\\bsig=([A-Za-z0-9%+/]{40,200}(?:%3D|=){0,2})', secretGroup: 1,
    docs: 'https://learn.microsoft.com/azure/storage/common/storage-sas-overview',
  },
  {
    id: 'azure-ad-client-secret', name: 'Azure AD Client Secret', category: 'cloud', severity: 'critical',
    keywords: ['q~'],
    regex: '(?:^|[^A-Za-z0-9_~.-])([A-Za-z0-9_~.-]{3}\\dQ~[A-Za-z0-9_~.-]{31,34})(?:[^A-Za-z0-9_~.-]|$)', secretGroup: 1,
    validate: (s) => /[a-z]/.test(s) && /[A-Z]/.test(s.slice(6)),
    docs: 'https://learn.microsoft.com/entra/identity-platform/quickstart-register-app',
  },
  {
    id: 'digitalocean-token', name: 'DigitalOcean Token', category: 'cloud', severity: 'critical',
    keywords: ['dop_v1_', 'doo_v1_', 'dor_v1_'], regex: '\\bdo[por]_v1_[a-f0-9]{64}\\b',
    docs: 'https://docs.digitalocean.com/reference/api/create-personal-access-token/',
  },
  {
    id: 'heroku-api-key', name: 'Heroku API Key', category: 'cloud', severity: 'critical',
    keywords: ['hrku-'], regex: `\\bHRKU-AA[${B64URL}]{58}`, docs: 'https://devcenter.heroku.com/articles/authentication',
  },
  {
    id: 'alibaba-access-key-id', name: 'Alibaba Cloud AccessKey ID', category: 'cloud', severity: 'high',
    keywords: ['ltai'], regex: `\\bLTAI[${B62}]{12,20}\\b`, validate: (s) => /[0-9]/.test(s.slice(4)) && /[a-z]/.test(s),
    docs: 'https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair',
  },
  {
    id: 'google-oauth-client-secret', name: 'Google OAuth Client Secret', category: 'cloud', severity: 'high',
    keywords: ['gocspx-'], regex: `\\bGOCSPX-[${B64URL}]{28}`, docs: 'https://developers.google.com/identity/protocols/oauth2',
  },
  {
    id: 'google-oauth-access-token', name: 'Google OAuth Access Token', category: 'cloud', severity: 'high',
    keywords: ['ya29.'], regex: `\\bya29\\.[${B64URL}]{30,1000}`, docs: 'https://developers.google.com/identity/protocols/oauth2',
  },
  {
    id: 'firebase-fcm-server-key', name: 'Firebase Cloud Messaging Server Key', category: 'cloud', severity: 'high',
    keywords: ['apa91b'], regex: `\\bAAAA[${B64URL}]{7}:APA91b[${B64URL}]{100,160}`,
    docs: 'https://firebase.google.com/docs/cloud-messaging/auth-server',
  },
  {
    id: 'aws-bedrock-api-key', name: 'Amazon Bedrock API Key', category: 'cloud', severity: 'critical',
    keywords: ['absk', 'bedrock-api-key-'],
    regex: '\\b(?:ABSK[A-Za-z0-9+/]{60,400}={0,2}|bedrock-api-key-[A-Za-z0-9+/]{60,1000}={0,2})',
    validate: (s) => {
      const body = s.startsWith('ABSK') ? s.slice(4) : s.slice(16);
      const dec = Buffer.from(body, 'base64').toString('latin1');
      // Long-term keys decode to BedrockAPIKey-…; a 100+ character ABSK body is reported even when it does not.
      return s.startsWith('ABSK') ? dec.startsWith('BedrockAPIKey-') || body.length >= 100 : dec.startsWith('bedrock.amazonaws.com');
    },
    docs: 'https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html',
    note: 'long-term keys (ABSK, decoding to BedrockAPIKey-…, or 100+ characters), short-term keys (decoding to a bedrock.amazonaws.com pre-signed URL)',
  },
  {
    id: 'azure-devops-pat', name: 'Azure DevOps Personal Access Token', category: 'cloud', severity: 'critical',
    keywords: ['azdo'], regex: `\\b[${B62}]{76}AZDO[${B62}]{4}\\b`,
    docs: 'https://learn.microsoft.com/azure/devops/organizations/accounts/use-personal-access-tokens-to-authenticate',
    note: 'the 84-character format with the AZDO signature',
  },
  {
    id: 'azure-shared-access-key', name: 'Azure Shared Access Key', category: 'cloud', severity: 'critical',
    keywords: ['sharedaccesskey='], regex: '\\bSharedAccessKey=([A-Za-z0-9+/]{42,43}=)', secretGroup: 1,
    docs: 'https://learn.microsoft.com/azure/service-bus-messaging/service-bus-sas',
    note: 'Service Bus, Event Hubs, IoT Hub and Relay connection strings',
  },
  {
    id: 'azure-app-configuration', name: 'Azure App Configuration Secret', category: 'cloud', severity: 'high',
    keywords: ['azconfig.io'], regex: 'azconfig\\.io;Id=[^;\\s]{1,64};Secret=([A-Za-z0-9+/]{40,60}={0,2})', secretGroup: 1,
    docs: 'https://learn.microsoft.com/azure/azure-app-configuration/concept-key-value',
  },
  {
    id: 'google-oauth-refresh-token', name: 'Google OAuth Refresh Token', category: 'cloud', severity: 'high',
    keywords: ['1//0'], regex: `\\b1//0[${B64URL}]{40,300}`, validate: (s) => mixed(s.slice(4)),
    docs: 'https://developers.google.com/identity/protocols/oauth2#expiration',
  },
  {
    id: 'cloudflare-origin-ca-key', name: 'Cloudflare Origin CA Key', category: 'cloud', severity: 'high',
    keywords: ['v1.0-'], regex: '\\bv1\\.0-[a-f0-9]{24}-[a-f0-9]{146}\\b',
    docs: 'https://developers.cloudflare.com/fundamentals/api/get-started/ca-keys/',
  },
  {
    id: 'tencent-secret-id', name: 'Tencent Cloud SecretId', category: 'cloud', severity: 'high',
    keywords: ['akid'], regex: `\\bAKID[${B62}]{32}\\b`, validate: (s) => mixed(s.slice(4)),
    docs: 'https://www.tencentcloud.com/document/product/598/32675',
  },
  {
    id: 'yandex-cloud-credential', name: 'Yandex Cloud Credential', category: 'cloud', severity: 'high',
    keywords: ['aqvn'], trigger: 'longrun',
    regex: `\\b(?:AQVN[${B64URL}]{35,38}|t1\\.[A-Z0-9a-z_-]+={0,2}\\.[A-Z0-9a-z_-]{86}={0,2})`,
    docs: 'https://yandex.cloud/en/docs/iam/concepts/authorization/api-key', note: 'API keys (AQVN…) and IAM tokens (t1.…)',
  },
  {
    id: 'scaleway-access-key', name: 'Scaleway Access Key', category: 'cloud', severity: 'high',
    keywords: ['scw'], regex: '\\bSCW[A-Z0-9]{17}\\b', validate: (s) => /[0-9]/.test(s.slice(3)) && /[A-Z]/.test(s.slice(3)),
    docs: 'https://www.scaleway.com/en/docs/identity-and-access-management/iam/concepts/#api-key',
  },
  {
    id: 'flyio-token', name: 'Fly.io Token', category: 'cloud', severity: 'critical',
    keywords: ['fo1_', 'fm1r_', 'fm1a_', 'fm2_'], regex: '\\b(?:fo1_[A-Za-z0-9_-]{43}|fm[12][ar]?_[A-Za-z0-9+/=_-]{100,1000})',
    docs: 'https://fly.io/docs/security/tokens/',
  },
  {
    id: 'render-api-key', name: 'Render API Key', category: 'cloud', severity: 'high',
    keywords: ['rnd_'], regex: `\\brnd_[${B62}]{32}\\b`, validate: (s) => mixed(s.slice(4)), docs: 'https://api-docs.render.com/reference/authentication',
  },
  {
    id: 'vercel-token', name: 'Vercel Token', category: 'cloud', severity: 'high',
    keywords: ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'], regex: `\\bvc[piark]_[${B62}]{24,64}\\b`, validate: (s) => mixed(s.slice(4)),
    docs: 'https://vercel.com/changelog/new-token-formats-and-secret-scanning',
  },
  {
    id: 'netlify-token', name: 'Netlify Token', category: 'cloud', severity: 'high',
    keywords: ['nfp_', 'nfc_', 'nfo_', 'nfu_', 'nfb_'], regex: `\\bnf[pcoub]_[${B62}]{36}\\b`,
    validate: (s) => /[0-9]/.test(s.slice(4)) && /[A-Za-z]/.test(s.slice(4)),
    docs: 'https://answers.netlify.com/t/change-to-the-netlify-authentication-token-format/106146',
  },
  {
    id: 'deno-deploy-token', name: 'Deno Deploy Token', category: 'cloud', severity: 'high',
    keywords: ['ddp_', 'ddw_'], regex: `\\bdd[pw]_[${B62}]{36}\\b`, docs: 'https://docs.deno.com/deploy/manual/',
  },
  {
    id: 'tailscale-key', name: 'Tailscale Key', category: 'cloud', severity: 'critical',
    keywords: ['tskey-'], regex: `\\btskey-(?:api|auth|client|scim|webhook)-[${B62}]{6,}-[${B62}]{16,}\\b`,
    docs: 'https://tailscale.com/kb/1277/key-prefixes',
  },
  {
    id: 'openshift-user-token', name: 'OpenShift User Token', category: 'cloud', severity: 'high',
    keywords: ['sha256~'], regex: `\\bsha256~[${B64URL}]{43}`, docs: 'https://docs.openshift.com/container-platform/latest/authentication/understanding-authentication.html',
  },
  {
    id: 'defined-networking-token', name: 'Defined Networking API Token', category: 'cloud', severity: 'high',
    keywords: ['dnkey-'], regex: '\\bdnkey-[A-Za-z0-9=_-]{26}-[A-Za-z0-9=_-]{52}\\b', docs: 'https://docs.defined.net/guides/automating-host-creation/',
  },
  {
    id: 'planetscale-token', name: 'PlanetScale Token', category: 'cloud', severity: 'high',
    keywords: ['pscale_'], regex: '\\bpscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}\\b',
    docs: 'https://planetscale.com/docs/concepts/service-tokens', note: 'service tokens, passwords and OAuth tokens',
  },
  {
    id: 'supabase-secret-key', name: 'Supabase Secret Key', category: 'cloud', severity: 'high',
    keywords: ['sb_secret_'], regex: `\\bsb_secret_[${B64URL}]{20,80}`, docs: 'https://supabase.com/docs/guides/api/api-keys',
  },
  {
    id: 'clickhouse-cloud-key', name: 'ClickHouse Cloud API Secret', category: 'cloud', severity: 'high',
    keywords: ['4b1d'], regex: `\\b4b1d[${B62}]{38}\\b`, validate: (s) => mixed(s.slice(4)),
    docs: 'https://clickhouse.com/docs/cloud/manage/openapi',
  },
  // ---- Version control -----------------------------------------------------
  {
    id: 'github-token', name: 'GitHub Token', category: 'vcs', severity: 'critical',
    keywords: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'], regex: `\\bgh[pousr]_[${B62}]{30,40}\\b`,
    docs: 'https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/',
    note: 'personal (ghp_), OAuth (gho_), user-to-server (ghu_), server-to-server (ghs_), refresh (ghr_); GitHub issues 36 characters, 30-40 are accepted because hand-made and truncated copies vary',
  },
  {
    id: 'github-fine-grained-pat', name: 'GitHub Fine-Grained Token', category: 'vcs', severity: 'critical',
    keywords: ['github_pat_'], regex: '\\bgithub_pat_[A-Za-z0-9_]{82}\\b',
    note: '82 word characters (GitHub issues 22, an underscore and 59)',
    docs: 'https://docs.github.com/authentication/keeping-your-account-and-data-secure/managing-your-personal-access-tokens',
  },
  {
    id: 'gitlab-token', name: 'GitLab Token', category: 'vcs', severity: 'critical',
    keywords: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glsoat-', 'glcbt-'],
    regex: `\\bgl(?:pat|dt|rt|ptt|soat|cbt)-[${B64URL}]{20,100}`,
    docs: 'https://docs.gitlab.com/ee/security/token_overview.html',
  },
  {
    id: 'bitbucket-app-password', name: 'Bitbucket App Password', category: 'vcs', severity: 'critical',
    keywords: ['atbb'], regex: '\\bATBB[A-Za-z0-9_=.-]{32}\\b',
    docs: 'https://support.atlassian.com/bitbucket-cloud/docs/app-passwords/',
  },
  {
    id: 'atlassian-api-token', name: 'Atlassian API Token', category: 'vcs', severity: 'high',
    keywords: ['atatt3'], regex: '\\bATATT3[A-Za-z0-9_=-]{150,250}',
    docs: 'https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/',
  },
  {
    id: 'gitlab-runner-registration-token', name: 'GitLab Runner Registration Token', category: 'vcs', severity: 'high',
    keywords: ['gr1348941'], regex: `\\bGR1348941[${B64URL}]{20}`, docs: 'https://docs.gitlab.com/ee/security/token_overview.html',
  },
  {
    id: 'gitlab-feed-token', name: 'GitLab Feed Token', category: 'vcs', severity: 'high',
    keywords: ['glft-'], regex: `\\bglft-[${B64URL}]{20}`, docs: 'https://docs.gitlab.com/ee/security/token_overview.html',
  },
  {
    id: 'gitlab-incoming-mail-token', name: 'GitLab Incoming Mail Token', category: 'vcs', severity: 'high',
    keywords: ['glimt-'], regex: `\\bglimt-[${B64URL}]{25}`, docs: 'https://docs.gitlab.com/ee/security/token_overview.html',
  },
  {
    id: 'gitlab-oauth-app-secret', name: 'GitLab OAuth Application Secret', category: 'vcs', severity: 'critical',
    keywords: ['gloas-'], regex: `\\bgloas-[${B64URL}]{64}`, docs: 'https://docs.gitlab.com/ee/security/token_overview.html',
  },
  {
    id: 'gitlab-agent-token', name: 'GitLab Agent Token', category: 'vcs', severity: 'high',
    keywords: ['glagent-'], regex: `\\bglagent-[${B64URL}]{50}`, docs: 'https://docs.gitlab.com/ee/security/token_overview.html',
  },
  {
    id: 'gitlab-feature-flag-token', name: 'GitLab Feature Flag Client Token', category: 'vcs', severity: 'medium',
    keywords: ['glffct-'], regex: `\\bglffct-[${B64URL}]{20}`, docs: 'https://docs.gitlab.com/ee/security/token_overview.html',
  },
  {
    id: 'gitlab-session-cookie', name: 'GitLab Session Cookie', category: 'vcs', severity: 'high',
    keywords: ['_gitlab_session='], regex: '_gitlab_session=([0-9a-z]{32})\\b', secretGroup: 1,
    docs: 'https://docs.gitlab.com/ee/user/profile/active_sessions.html',
  },
  {
    id: 'sourcegraph-token', name: 'Sourcegraph Access Token', category: 'vcs', severity: 'high',
    keywords: ['sgp_'], regex: '\\bsgp_(?:[a-fA-F0-9]{16}_|local_)?[a-fA-F0-9]{40}\\b',
    docs: 'https://sourcegraph.com/docs/cli/how-tos/creating_an_access_token',
  },
  {
    id: 'sonarqube-token', name: 'SonarQube Token', category: 'vcs', severity: 'high',
    keywords: ['squ_', 'sqp_', 'sqa_'], regex: '\\bsq[upa]_[a-f0-9]{40}\\b',
    docs: 'https://docs.sonarsource.com/sonarqube/latest/user-guide/user-account/generating-and-using-tokens/',
  },
  {
    id: 'circleci-token', name: 'CircleCI Token', category: 'vcs', severity: 'high',
    keywords: ['ccipat_', 'cciprj_'], regex: `\\bCCIP(?:AT|RJ)_[${B62}]{22}_[a-f0-9]{40}\\b`,
    docs: 'https://circleci.com/changelog/new-format-for-api-access-tokens/',
  },
  {
    id: 'buildkite-token', name: 'Buildkite API Token', category: 'vcs', severity: 'high',
    keywords: ['bkua_'], regex: '\\bbkua_[a-f0-9]{40}\\b', docs: 'https://buildkite.com/docs/apis/managing-api-tokens',
  },
  {
    id: 'harness-token', name: 'Harness Access Token', category: 'vcs', severity: 'high',
    keywords: [], trigger: 'longrun', regex: `\\b(?:pat|sat)\\.[${B64URL}]{22}\\.[${B62}]{24}\\.[${B62}]{20}\\b`,
    docs: 'https://developer.harness.io/docs/platform/automation/api/add-and-manage-api-keys/',
  },
  {
    id: 'octopus-deploy-api-key', name: 'Octopus Deploy API Key', category: 'vcs', severity: 'high',
    keywords: ['api-'], regex: '\\bAPI-[A-Z0-9]{26,32}\\b', validate: (s) => /[0-9]/.test(s.slice(4)) && /[A-Z]/.test(s.slice(4)),
    docs: 'https://octopus.com/docs/octopus-rest-api/how-to-create-an-api-key',
  },
  {
    id: 'prefect-api-key', name: 'Prefect API Key', category: 'vcs', severity: 'high',
    keywords: ['pnu_'], regex: `\\bpnu_[${B62}]{36}\\b`, docs: 'https://docs.prefect.io/v3/manage/cloud/manage-users/api-keys',
  },
  {
    id: 'infracost-api-key', name: 'Infracost API Key', category: 'vcs', severity: 'high',
    keywords: ['ico-'], regex: `\\bico-[${B62}]{32}\\b`, validate: (s) => mixed(s.slice(4)), docs: 'https://www.infracost.io/docs/',
  },
  {
    id: 'scalingo-token', name: 'Scalingo API Token', category: 'vcs', severity: 'high',
    keywords: ['tk-us-'], regex: `\\btk-us-[${B64URL}]{48}`, docs: 'https://developers.scalingo.com/#authentication',
  },
  {
    id: 'settlemint-token', name: 'SettleMint Access Token', category: 'vcs', severity: 'high',
    keywords: ['sm_aat_', 'sm_pat_', 'sm_sat_'], regex: `\\bsm_(?:aat|pat|sat)_[${B62}]{16}\\b`,
    docs: 'https://console.settlemint.com/documentation/platform-components/security-and-authentication/personal-access-tokens',
  },
  // ---- Chat ----------------------------------------------------------------
  {
    id: 'slack-bot-token', name: 'Slack Bot Token', category: 'chat', severity: 'high',
    keywords: ['xoxb-'], regex: `\\bxoxb-\\d{10,13}-\\d{10,13}(?:-[${B62}]{1,40})?\\b`,
    note: 'two numeric ids and, usually, a 24-character secret (older tokens have none)',
    docs: 'https://api.slack.com/authentication/token-types',
  },
  {
    id: 'slack-user-token', name: 'Slack User Token', category: 'chat', severity: 'high',
    keywords: ['xoxp-', 'xoxe-'], regex: `\\bxox[pe]-\\d{10,13}-\\d{10,13}-\\d{10,13}-[${B62}]{28,34}\\b`,
    docs: 'https://api.slack.com/authentication/token-types',
  },
  {
    id: 'slack-app-token', name: 'Slack App Token', category: 'chat', severity: 'high',
    keywords: ['xapp-'], regex: '\\bxapp-\\d-[A-Z0-9]{5,20}-\\d{5,20}-[a-z0-9]{10,100}\\b', flags: 'i',
    docs: 'https://api.slack.com/authentication/token-types',
  },
  {
    id: 'slack-webhook-url', name: 'Slack Webhook URL', category: 'chat', severity: 'high',
    keywords: ['hooks.slack.com'],
    regex:
      '(?:https?://)?hooks\\.slack\\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/]{43,120}',
    docs: 'https://api.slack.com/messaging/webhooks',
  },
  {
    id: 'discord-bot-token', name: 'Discord Bot Token', category: 'chat', severity: 'high',
    keywords: [], trigger: 'longrun',
    regex: `\\b[MNO][${B64URL}]{23,27}\\.[${B64URL}]{6}\\.[${B64URL}]{27,38}\\b`,
    validate: discordValid,
    docs: 'https://discord.com/developers/docs/reference#authentication',
    note: 'validated: the first segment must be base64 of a numeric snowflake id',
  },
  {
    id: 'discord-webhook-url', name: 'Discord Webhook URL', category: 'chat', severity: 'high',
    keywords: ['discord'],
    regex: `https://(?:ptb\\.|canary\\.)?discord(?:app)?\\.com/api/webhooks/\\d{17,20}/[${B64URL}]{60,68}`,
    docs: 'https://discord.com/developers/docs/resources/webhook',
  },
  {
    id: 'telegram-bot-token', name: 'Telegram Bot Token', category: 'chat', severity: 'high',
    keywords: [':a'], regex: `\\b\\d{5,16}:A[${B64URL}]{34}`,
    validate: (s) => mixed(s.slice(s.indexOf(':') + 2)),
    note: 'bot id, a colon and a 35-character secret starting with A',
    docs: 'https://core.telegram.org/bots/api#authorizing-your-bot',
  },
  {
    id: 'teams-webhook-url', name: 'Microsoft Teams Webhook URL', category: 'chat', severity: 'high',
    keywords: ['webhook.office.com'],
    regex:
      'https://[a-z0-9-]+\\.webhook\\.office\\.com/webhookb2/[a-f0-9-]{36}@[a-f0-9-]{36}/IncomingWebhook/[a-f0-9]{32}/[a-f0-9-]{36}',
    docs: 'https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook',
  },
  {
    id: 'slack-config-token', name: 'Slack Configuration Token', category: 'chat', severity: 'high',
    keywords: ['xoxe.xox', 'xoxe-'], regex: `\\b(?:xoxe\\.xox[bp]-\\d-[${B62}]{160,200}|xoxe-\\d-[${B62}]{140,160})\\b`,
    docs: 'https://api.slack.com/authentication/config-tokens', note: 'app configuration access (xoxe.xoxp-/xoxe.xoxb-) and refresh (xoxe-) tokens',
  },
  {
    id: 'slack-legacy-token', name: 'Slack Legacy Token', category: 'chat', severity: 'high',
    keywords: ['xoxa-', 'xoxo-', 'xoxr-', 'xoxs-', 'xoxb-'],
    regex: `\\b(?:xox[aors]-(?:\\d{1,13}-){0,3}[${B62}]{8,48}|xoxb-\\d{8,14}-[${B62}]{18,26})\\b`,
    validate: (s) => /[0-9]/.test(s) && /[A-Za-z]/.test(s.slice(5)),
    docs: 'https://api.slack.com/authentication/token-types#legacy', note: 'workspace (xoxa-, xoxr-), legacy user (xoxo-, xoxs-) and two-part bot tokens',
  },
  {
    id: 'facebook-access-token', name: 'Facebook Access Token', category: 'chat', severity: 'high',
    keywords: [], trigger: 'longrun', regex: `\\bEAA[A-Z][${B62}]{90,300}\\b`, validate: (s) => mixed(s.slice(4)),
    docs: 'https://developers.facebook.com/docs/facebook-login/guides/access-tokens',
  },
  {
    id: 'instagram-access-token', name: 'Instagram Access Token', category: 'chat', severity: 'high',
    keywords: ['igqv'], regex: `\\bIGQV[${B64URL}]{100,300}`, docs: 'https://developers.facebook.com/docs/instagram-platform/reference/access_token',
  },
  {
    id: 'twitter-bearer-token', name: 'X (Twitter) Bearer Token', category: 'chat', severity: 'high',
    keywords: ['aaaaaaaaaaaaaaaaaaaaaa'], regex: '\\bA{22}[A-Za-z0-9%/+=]{80,120}', checksFrom: 22, validate: (s) => /%/.test(s) || mixed(s.slice(22)),
    docs: 'https://developer.x.com/en/docs/authentication/oauth-2-0/bearer-tokens', note: 'app-only bearer tokens start with 22 A characters',
  },
  // ---- Payment -------------------------------------------------------------
  {
    id: 'stripe-secret-key', name: 'Stripe Secret Key', category: 'payment', severity: 'critical',
    keywords: ['sk_live_', 'sk_prod_'], regex: `\\bsk_(?:live|prod)_[${B62}]{10,247}\\b`, docs: 'https://docs.stripe.com/keys',
  },
  {
    id: 'stripe-restricted-key', name: 'Stripe Restricted Key', category: 'payment', severity: 'critical',
    keywords: ['rk_live_', 'rk_prod_'], regex: `\\brk_(?:live|prod)_[${B62}]{10,247}\\b`, docs: 'https://docs.stripe.com/keys',
  },
  {
    id: 'stripe-test-key', name: 'Stripe Test Secret Key', category: 'payment', severity: 'high',
    keywords: ['sk_test_', 'rk_test_'], regex: `\\b[sr]k_test_[${B62}]{10,247}\\b`, docs: 'https://docs.stripe.com/keys',
    note: 'test-mode keys reach no money but grant the account\'s API, its test customers and webhooks: a credential on egress like any other',
  },
  {
    id: 'stripe-webhook-secret', name: 'Stripe Webhook Secret', category: 'payment', severity: 'high',
    keywords: ['whsec_'], regex: `\\bwhsec_[${B62}]{32,100}\\b`, docs: 'https://docs.stripe.com/webhooks',
  },
  {
    id: 'square-access-token', name: 'Square Access Token', category: 'payment', severity: 'critical',
    keywords: ['eaaa', 'sq0atp-'], regex: `\\b(?:EAAA|sq0atp-)[${B64URL}]{22,60}`, validate: (s) => mixed(s.slice(4)) || /[0-9]/.test(s.slice(7)),
    docs: 'https://developer.squareup.com/docs/build-basics/access-tokens',
  },
  {
    id: 'square-oauth-secret', name: 'Square OAuth Secret', category: 'payment', severity: 'critical',
    keywords: ['sq0csp-'], regex: `\\bsq0csp-[${B64URL}]{43}`,
    docs: 'https://developer.squareup.com/docs/oauth-api/overview',
  },
  {
    id: 'braintree-access-token', name: 'PayPal Braintree Access Token', category: 'payment', severity: 'critical',
    keywords: ['access_token$production$'], regex: 'access_token\\$production\\$[a-z0-9]{16}\\$[a-f0-9]{32}',
    docs: 'https://developer.paypal.com/braintree/docs/guides/authorization/overview',
  },
  {
    id: 'shippo-api-token', name: 'Shippo API Token', category: 'payment', severity: 'high',
    keywords: ['shippo_'], regex: '\\bshippo_(?:live|test)_[a-f0-9]{40}\\b', docs: 'https://docs.goshippo.com/docs/guides_general/authentication/',
  },
  {
    id: 'easypost-api-key', name: 'EasyPost API Key', category: 'payment', severity: 'high',
    keywords: ['ezak', 'eztk'], regex: `\\bEZ[AT]K[${B62}]{54}\\b`, docs: 'https://docs.easypost.com/docs/authentication',
  },
  {
    id: 'flutterwave-secret-key', name: 'Flutterwave Secret Key', category: 'payment', severity: 'critical',
    keywords: ['flwseck'], regex: '\\bFLWSECK(?:_TEST)?-?(?:[a-hA-H0-9]{32}-X|[a-hA-H0-9]{12})\\b',
    docs: 'https://developer.flutterwave.com/docs/api-keys', note: 'secret (FLWSECK-…-X) and encryption (FLWSECK_TEST…) keys',
  },
  {
    id: 'flutterwave-public-key', name: 'Flutterwave Public Key', category: 'payment', severity: 'medium',
    keywords: ['flwpubk'], regex: '\\bFLWPUBK(?:_TEST)?-[a-hA-H0-9]{32}-X\\b',
    docs: 'https://developer.flutterwave.com/docs/api-keys', note: 'a public key: medium, so balanced mode warns',
  },
  {
    id: 'facebook-app-access-token', name: 'Facebook App Access Token', category: 'chat', severity: 'high',
    // A digit then | (or its %7C): the digits trigger would run this row over any text with nine digits.
    keywords: [...'0123456789'].flatMap((d) => [`${d}|`, `${d}%7c`]), regex: '\\b\\d{15,16}(?:\\||%7[cC])[0-9A-Za-z_-]{27,40}\\b',
    validate: (s) => mixed(s.replace(/^\\d+(?:\\||%7c)/i, '')) || /[0-9a-f]{32}$/.test(s),
    docs: 'https://developers.facebook.com/docs/facebook-login/guides/access-tokens/#apptokens',
    note: 'app id | app secret',
  },
  {
    id: 'new-relic-browser-key', name: 'New Relic Browser Key', category: 'saas', severity: 'medium',
    keywords: ['nrjs-'], regex: '\\bNRJS-[a-f0-9]{19}\\b', docs: 'https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/',
    note: 'a browser key, shipped in web pages: medium, so balanced mode warns',
  },
  {
    id: 'azure-data-factory-shir-key', name: 'Azure Data Factory SHIR Key', category: 'cloud', severity: 'high',
    keywords: ['ir@'], regex: '\\bIR@[0-9a-zA-Z-]{36}@[^@\\s"\']{1,80}@[^@\\s"\']{0,100}@[A-Za-z0-9+/=]{44}',
    docs: 'https://learn.microsoft.com/azure/data-factory/create-self-hosted-integration-runtime',
  },
  {
    id: 'plaid-access-token', name: 'Plaid Access Token', category: 'payment', severity: 'critical',
    keywords: ['access-sandbox-', 'access-development-', 'access-production-'],
    regex: '\\baccess-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b',
    docs: 'https://plaid.com/docs/api/tokens/',
  },
  {
    id: 'duffel-api-token', name: 'Duffel API Token', category: 'payment', severity: 'high',
    keywords: ['duffel_'], regex: '\\bduffel_(?:test|live)_[A-Za-z0-9_=-]{43}', docs: 'https://duffel.com/docs/api/overview/making-requests/authentication',
  },
  {
    id: 'woocommerce-api-key', name: 'WooCommerce API Key', category: 'payment', severity: 'high',
    keywords: ['ck_', 'cs_'], regex: '\\bc[ks]_[a-f0-9]{40}\\b', docs: 'https://woocommerce.github.io/woocommerce-rest-api-docs/#authentication',
  },
  // ---- Package registries --------------------------------------------------
  {
    id: 'npm-access-token', name: 'npm Access Token', category: 'registry', severity: 'high',
    keywords: ['npm_'], regex: `\\bnpm_[${B62}]{36}\\b`,
    docs: 'https://github.blog/2021-09-23-announcing-npms-new-access-token-format/',
  },
  {
    id: 'pypi-api-token', name: 'PyPI API Token', category: 'registry', severity: 'high',
    keywords: ['pypi-ageichlwas5vcmc'], regex: `\\bpypi-AgEIcHlwaS5vcmc[${B64URL}]{50,400}`,
    docs: 'https://pypi.org/help/#apitoken',
  },
  {
    id: 'rubygems-api-key', name: 'RubyGems API Key', category: 'registry', severity: 'high',
    keywords: ['rubygems_'], regex: '\\brubygems_[a-f0-9]{48}\\b', docs: 'https://guides.rubygems.org/api-key-scopes/',
  },
  {
    id: 'nuget-api-key', name: 'NuGet API Key', category: 'registry', severity: 'high',
    keywords: ['oy2'], regex: '\\boy2[a-z0-9]{43}\\b', validate: (s) => /[0-9]/.test(s.slice(3)),
    docs: 'https://learn.microsoft.com/nuget/nuget-org/scoped-api-keys',
  },
  {
    id: 'docker-hub-pat', name: 'Docker Hub Access Token', category: 'registry', severity: 'high',
    keywords: ['dckr_pat_'], regex: `\\bdckr_pat_[${B64URL}]{27,32}`,
    docs: 'https://docs.docker.com/security/for-developers/access-tokens/',
  },
  {
    id: 'jfrog-api-key', name: 'JFrog API Key', category: 'registry', severity: 'high',
    keywords: ['akcp', 'cmvmdgtu'], regex: `\\b(?:AKCp[${B62}]{69}|cmVmdGtu[A-Za-z0-9+/]{50,80}={0,2})`,
    docs: 'https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens', note: 'API keys (AKCp…) and reference tokens',
  },
  {
    id: 'crates-io-token', name: 'crates.io API Token', category: 'registry', severity: 'high',
    keywords: ['cio'], regex: `\\bcio[${B62}]{32}\\b`, validate: (s) => mixed(s.slice(3)), docs: 'https://doc.rust-lang.org/cargo/reference/registry-authentication.html',
  },
  {
    id: 'clojars-token', name: 'Clojars Deploy Token', category: 'registry', severity: 'high',
    keywords: ['clojars_'], regex: `\\b(?:CLOJARS|clojars)_[${B62}]{60}\\b`, docs: 'https://github.com/clojars/clojars-web/wiki/Deploy-Tokens',
  },
  // ---- SaaS ----------------------------------------------------------------
  {
    id: 'sendgrid-api-key', name: 'SendGrid API Key', category: 'saas', severity: 'high',
    keywords: ['sg.'], regex: '\\bSG\\.[A-Za-z0-9=_.-]{60,70}', validate: (s) => /[0-9]/.test(s.slice(3)) && /[A-Za-z]/.test(s.slice(3)),
    note: 'SG. and 66 characters (SendGrid issues 22, a dot and 43)',
    docs: 'https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys',
  },
  {
    id: 'twilio-api-key', name: 'Twilio API Key', category: 'saas', severity: 'high',
    keywords: [...'0123456789abcdef'].map((h) => `sk${h}`), regex: '\\bSK[0-9a-f]{32}\\b', docs: 'https://www.twilio.com/docs/iam/api-keys',
    note: 'API key SIDs (SK + 32 hex); account SIDs (AC…) identify, they do not authenticate, and are not reported',
  },
  {
    id: 'mailgun-api-key', name: 'Mailgun API Key', category: 'saas', severity: 'high',
    keywords: ['key-'], regex: '\\bkey-[0-9a-f]{32}\\b', docs: 'https://documentation.mailgun.com/docs/mailgun/api-reference/authentication',
  },
  {
    id: 'mailchimp-api-key', name: 'Mailchimp API Key', category: 'saas', severity: 'high',
    keywords: ['-us'], regex: '\\b[0-9a-f]{32}-us\\d{1,2}\\b', docs: 'https://mailchimp.com/developer/marketing/guides/quick-start/',
  },
  {
    id: 'shopify-access-token', name: 'Shopify Access Token', category: 'saas', severity: 'high',
    keywords: ['shpat_', 'shpca_', 'shppa_'], regex: '\\bshp(?:at|ca|pa)_[a-fA-F0-9]{32}\\b',
    docs: 'https://shopify.dev/docs/apps/auth/access-token-types',
  },
  {
    id: 'shopify-shared-secret', name: 'Shopify Shared Secret', category: 'saas', severity: 'high',
    keywords: ['shpss_'], regex: '\\bshpss_[a-fA-F0-9]{32}\\b', docs: 'https://shopify.dev/docs/apps/auth',
  },
  {
    id: 'linear-api-key', name: 'Linear API Key', category: 'saas', severity: 'high',
    keywords: ['lin_api_'], regex: `\\blin_api_[${B62}]{40}\\b`, docs: 'https://developers.linear.app/docs/graphql/working-with-the-graphql-api',
  },
  {
    id: 'notion-token', name: 'Notion Integration Token', category: 'saas', severity: 'high',
    keywords: ['secret_', 'ntn_'], regex: `\\b(?:secret_[${B62}]{43}|ntn_\\d{11}[${B62}]{35})\\b`,
    validate: (s) => mixed(s.slice(s.indexOf('_') + 1)),
    docs: 'https://developers.notion.com/docs/authorization',
  },
  {
    id: 'postman-api-key', name: 'Postman API Key', category: 'saas', severity: 'high',
    keywords: ['pmak-'], regex: '\\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}\\b', docs: 'https://learning.postman.com/docs/developer/postman-api/authentication/',
  },
  {
    id: 'vault-token', name: 'HashiCorp Vault Token', category: 'saas', severity: 'critical',
    keywords: ['hvs.', 'hvb.', 'hvr.'], regex: `\\bhv[sbr]\\.[${B64URL}]{24,400}`,
    docs: 'https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes',
  },
  {
    id: 'terraform-cloud-token', name: 'Terraform Cloud Token', category: 'saas', severity: 'critical',
    keywords: ['atlasv1'], regex: `\\b[${B62}]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}`,
    docs: 'https://developer.hashicorp.com/terraform/cloud-docs/users-teams-organizations/api-tokens',
  },
  {
    id: 'doppler-token', name: 'Doppler Token', category: 'saas', severity: 'high',
    keywords: ['dp.'], regex: `\\bdp\\.(?:pt|st|sa|ct|scim|audit)\\.[${B62}]{40,44}\\b`,
    docs: 'https://docs.doppler.com/reference/auth-token-formats',
  },
  {
    id: 'pulumi-access-token', name: 'Pulumi Access Token', category: 'saas', severity: 'high',
    keywords: ['pul-'], regex: '\\bpul-[a-f0-9]{40}\\b', docs: 'https://www.pulumi.com/docs/pulumi-cloud/access-management/access-tokens/',
  },
  {
    id: 'grafana-service-account-token', name: 'Grafana Service Account Token', category: 'saas', severity: 'high',
    keywords: ['glsa_'], regex: `\\bglsa_[${B62}]{32}_[A-Fa-f0-9]{8}\\b`,
    docs: 'https://grafana.com/docs/grafana/latest/administration/service-accounts/',
  },
  {
    id: 'grafana-cloud-token', name: 'Grafana Cloud Token', category: 'saas', severity: 'high',
    keywords: ['glc_'], regex: `\\bglc_[${B62}+/]{32,400}={0,2}`,
    docs: 'https://grafana.com/docs/grafana-cloud/account-management/authentication-and-permissions/access-policies/',
  },
  {
    id: 'sentry-token', name: 'Sentry Token', category: 'saas', severity: 'high',
    keywords: ['sntrys_', 'sntryu_'], regex: '\\b(?:sntrys_eyJ[A-Za-z0-9+/=_-]{60,1000}|sntryu_[a-f0-9]{64}\\b)',
    docs: 'https://docs.sentry.io/account/auth-tokens/',
  },
  {
    id: 'new-relic-user-api-key', name: 'New Relic User API Key', category: 'saas', severity: 'high',
    keywords: ['nrak-'], regex: '\\bNRAK-[A-Z0-9]{27}\\b', docs: 'https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/',
  },
  {
    id: 'datadog-api-key', name: 'Datadog API Key', category: 'saas', severity: 'high',
    keywords: ['datadog', 'dd_api', 'dd_app', 'dd-api', 'dd-app', 'ddapi', 'ddapp'],
    regex:
      '(?:datadog|dd)[_-]?(?:api|app|application)[_-]?key["\']?\\s{0,8}(?:[:=]{1,2}>?|=>)\\s{0,8}["\']?([a-f0-9]{40}|[a-f0-9]{32})(?:[^a-z0-9]|$)',
    flags: 'i', secretGroup: 1, anchor: 'keyword',
    docs: 'https://docs.datadoghq.com/account_management/api-app-keys/',
    note: 'only next to a Datadog key name: the key itself is bare hex',
  },
  {
    id: 'databricks-token', name: 'Databricks Access Token', category: 'saas', severity: 'high',
    keywords: ['dapi'], regex: '\\bdapi[a-f0-9]{32}(?:-\\d)?\\b',
    docs: 'https://docs.databricks.com/dev-tools/auth/pat.html',
  },
  {
    id: 'supabase-access-token', name: 'Supabase Access Token', category: 'saas', severity: 'high',
    keywords: ['sbp_'], regex: '\\bsbp_[a-f0-9]{40}\\b', docs: 'https://supabase.com/docs/reference/cli/supabase-login',
  },
  {
    id: 'airtable-pat', name: 'Airtable Personal Access Token', category: 'saas', severity: 'high',
    keywords: [], trigger: 'longrun', regex: `\\bpat[${B62}]{14}\\.[a-f0-9]{64}\\b`, docs: 'https://airtable.com/developers/web/guides/personal-access-tokens',
  },
  {
    id: 'contentful-pat', name: 'Contentful Personal Access Token', category: 'saas', severity: 'high',
    keywords: ['cfpat-'], regex: `\\bCFPAT-[${B64URL}]{43}`, docs: 'https://www.contentful.com/developers/docs/references/authentication/',
  },
  {
    id: 'typeform-token', name: 'Typeform Personal Token', category: 'saas', severity: 'high',
    keywords: ['tfp_'], regex: '\\btfp_[A-Za-z0-9_.=-]{56,64}', docs: 'https://www.typeform.com/developers/get-started/personal-access-token/',
  },
  {
    id: 'frameio-token', name: 'Frame.io API Token', category: 'saas', severity: 'high',
    keywords: ['fio-u-'], regex: '\\bfio-u-[A-Za-z0-9_=-]{64}', docs: 'https://developer.frame.io/docs/getting-started/authentication',
  },
  {
    id: 'mapbox-secret-token', name: 'Mapbox Secret Token', category: 'saas', severity: 'high',
    keywords: ['sk.eyj'], regex: `\\bsk\\.eyJ[${B64URL}]{50,120}\\.[${B64URL}]{22}`, docs: 'https://docs.mapbox.com/help/getting-started/access-tokens/',
    note: 'secret (sk.) tokens; public (pk.) tokens ship in web pages and are not reported',
  },
  {
    id: 'figma-token', name: 'Figma Personal Access Token', category: 'saas', severity: 'high',
    keywords: ['figd_'], regex: `\\bfigd_[${B64URL}]{38,44}`, docs: 'https://www.figma.com/developers/api#access-tokens',
  },
  {
    id: 'dynatrace-token', name: 'Dynatrace API Token', category: 'saas', severity: 'high',
    keywords: ['dt0c01.'], regex: '\\bdt0c01\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64}\\b', docs: 'https://docs.dynatrace.com/docs/manage/identity-access-management/access-tokens-and-oauth-clients/access-tokens',
  },
  {
    id: 'new-relic-ingest-key', name: 'New Relic Ingest Key', category: 'saas', severity: 'high',
    keywords: ['nrii-', 'nral'], regex: '\\b(?:NRII-[A-Za-z0-9_-]{32}|[a-f0-9]{36}NRAL)\\b',
    docs: 'https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/', note: 'insert keys (NRII-) and license keys (…NRAL)',
  },
  {
    id: 'honeycomb-api-key', name: 'Honeycomb API Key', category: 'saas', severity: 'high',
    keywords: [...'abcdefghijklmnopqrstuvwxyz'].flatMap((c) => [`hc${c}ik_`, `hc${c}mk_`, `hc${c}lk_`]),
    regex: '\\bhc[a-z][ilm]k_[a-z0-9]{26,64}\\b', docs: 'https://docs.honeycomb.io/api/authentication',
  },
  {
    id: 'posthog-personal-key', name: 'PostHog Personal API Key', category: 'saas', severity: 'high',
    keywords: ['phx_'], regex: `\\bphx_[${B62}]{43}\\b`, docs: 'https://posthog.com/docs/api',
    note: 'personal keys (phx_); project keys (phc_) are public',
  },
  {
    id: 'launchdarkly-access-token', name: 'LaunchDarkly Access Token', category: 'saas', severity: 'high',
    keywords: ['api-', 'sdk-'], regex: '\\b(?:api|sdk)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b',
    docs: 'https://docs.launchdarkly.com/home/account/api', note: 'API access tokens (api-) and server-side SDK keys (sdk-)',
  },
  {
    id: 'onepassword-service-account-token', name: '1Password Service Account Token', category: 'saas', severity: 'critical',
    keywords: ['ops_eyj'], regex: '\\bops_eyJ[A-Za-z0-9+/=_-]{100,1000}', docs: 'https://developer.1password.com/docs/service-accounts/',
  },
  {
    id: 'onepassword-secret-key', name: '1Password Secret Key', category: 'saas', severity: 'critical',
    keywords: ['a3-'], regex: '\\bA3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}\\b',
    validate: (s) => /[0-9]/.test(s.slice(3)) && /[A-Z]/.test(s.slice(3)),
    docs: 'https://support.1password.com/secret-key/',
  },
  {
    id: 'grafana-api-key-legacy', name: 'Grafana API Key (legacy)', category: 'saas', severity: 'high',
    keywords: ['eyjrijoi'], regex: '\\beyJrIjoi[A-Za-z0-9+/]{40,200}={0,2}', docs: 'https://grafana.com/docs/grafana/latest/administration/service-accounts/migrate-api-keys/',
    note: 'base64 of {"k":"…"}: the key format Grafana used before service accounts',
  },
  {
    id: 'hubspot-private-app-token', name: 'HubSpot Private App Token', category: 'saas', severity: 'high',
    keywords: ['pat-na', 'pat-eu', 'pat-ap'], regex: '\\bpat-(?:na|eu|ap)\\d-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b',
    docs: 'https://developers.hubspot.com/docs/api/private-apps',
  },
  {
    id: 'brevo-api-key', name: 'Brevo (Sendinblue) API Key', category: 'saas', severity: 'high',
    keywords: ['xkeysib-', 'xsmtpsib-'], regex: `\\bx(?:keysib|smtpsib)-[a-f0-9]{64}-[${B62}]{16}\\b`,
    docs: 'https://developers.brevo.com/docs/getting-started',
  },
  {
    id: 'resend-api-key', name: 'Resend API Key', category: 'saas', severity: 'high',
    keywords: ['re_'], regex: `\\bre_[${B62}]{8}_[${B62}]{24}\\b`, validate: (s) => mixed(s.slice(3)),
    docs: 'https://resend.com/docs/dashboard/api-keys/introduction',
  },
  {
    id: 'mailgun-public-key', name: 'Mailgun Public Validation Key', category: 'saas', severity: 'medium',
    keywords: ['pubkey-'], regex: '\\bpubkey-[a-f0-9]{32}\\b', docs: 'https://documentation.mailgun.com/docs/mailgun/api-reference/authentication',
    note: 'a public validation key: medium, so balanced mode warns',
  },
  {
    id: 'readme-api-key', name: 'ReadMe API Key', category: 'saas', severity: 'high',
    keywords: ['rdme_'], regex: '\\brdme_[a-z0-9]{70}\\b', docs: 'https://docs.readme.com/main/reference/intro-authentication',
  },
  {
    id: 'dropbox-short-lived-token', name: 'Dropbox Access Token', category: 'saas', severity: 'high',
    keywords: [], trigger: 'longrun', regex: `\\bsl\\.(?:u\\.)?[${B64URL}]{130,1000}`, validate: (s) => mixed(s),
    docs: 'https://developers.dropbox.com/oauth-guide', note: 'short-lived tokens (sl.)',
  },
  {
    id: 'dropbox-long-lived-token', name: 'Dropbox Long-Lived Token', category: 'saas', severity: 'high',
    keywords: ['aaaaaaaaaa'], regex: '\\b[a-z0-9]{11}AAAAAAAAAA[a-z0-9_-]{43}\\b', checksFrom: 21,
    validate: (s) => /[0-9]/.test(s.slice(21)) && /[a-z]/.test(s.slice(21)),
    docs: 'https://developers.dropbox.com/oauth-guide', note: 'eleven characters, ten A characters, 43 more',
  },
  {
    id: 'intra42-client-secret', name: '42 Intra Client Secret', category: 'saas', severity: 'high',
    keywords: ['s-s4t2'], regex: '\\bs-s4t2(?:ud|af)-[a-f0-9]{64}\\b', docs: 'https://api.intra.42.fr/apidoc/guides/getting_started',
  },
  {
    id: 'adobe-client-secret', name: 'Adobe Client Secret', category: 'saas', severity: 'high',
    keywords: ['p8e-'], regex: `\\bp8e-[${B62}]{32}\\b`, docs: 'https://developer.adobe.com/developer-console/docs/guides/authentication/',
  },
  {
    id: 'maxmind-license-key', name: 'MaxMind License Key', category: 'saas', severity: 'high',
    keywords: ['_mmk'], regex: `\\b[${B62}]{6}_[${B62}]{29}_mmk\\b`, docs: 'https://dev.maxmind.com/geoip/docs/web-services',
  },
  {
    id: 'authress-access-key', name: 'Authress Service Client Access Key', category: 'saas', severity: 'high',
    keywords: ['scauth_', 'authress_'], trigger: 'longrun',
    regex: '\\b(?:sc|ext|scauth|authress)_[a-z0-9]{5,30}\\.[a-z0-9]{4,6}\\.acc[_-][a-z0-9-]{10,32}\\.[a-z0-9+/_=-]{30,120}',
    flags: 'i', docs: 'https://authress.io/knowledge-base/docs/authorization/service-clients/secrets-scanning',
  },
  {
    id: 'age-secret-key', name: 'age Secret Key', category: 'private-key', severity: 'critical',
    keywords: ['age-secret-key-1'], regex: '\\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\\b',
    docs: 'https://github.com/C2SP/C2SP/blob/main/age.md',
  },
  // ---- Private keys (PEM, RFC 7468) ------------------------------------------
  ...(
    [
      ['rsa-private-key', 'RSA Private Key', 'RSA '],
      ['ec-private-key', 'EC Private Key', 'EC '],
      ['dsa-private-key', 'DSA Private Key', 'DSA '],
      ['openssh-private-key', 'OpenSSH Private Key', 'OPENSSH '],
      // PKCS#8 (plain and ENCRYPTED) and any other algorithm name (ED25519, X25519, SSH2 ENCRYPTED, …).
      ['pkcs8-private-key', 'Private Key', '(?:[A-Z0-9]{2,20} ){0,2}'],
      ['pgp-private-key', 'PGP Private Key Block', 'PGP '],
    ] as const
  ).map(
    ([id, name, kind]): DlpPatternRow => ({
      id, name, category: 'private-key', severity: 'critical',
      keywords: ['private key'],
      regex: `-----BEGIN ${kind}PRIVATE KEY${id === 'pgp-private-key' ? ' BLOCK' : ''}-----`,
      // The generic row leaves the kinds with a row of their own to that row.
      validate: id === 'pkcs8-private-key' ? (sec, ctx) => !/^-----BEGIN (?:RSA|EC|DSA|OPENSSH|PGP) /.test(sec) && pemBody(sec, ctx) : pemBody,
      tokenChecks: false,
      docs: id === 'pgp-private-key' ? 'https://datatracker.ietf.org/doc/html/rfc4880#section-6.2' : 'https://datatracker.ietf.org/doc/html/rfc7468',
      note: 'only with a key body (48+ base64 characters) after the header; the span runs to the END line',
    }),
  ),
  {
    id: 'putty-private-key', name: 'PuTTY Private Key', category: 'private-key', severity: 'critical',
    keywords: ['putty-user-key-file-'], regex: 'PuTTY-User-Key-File-[23]: [a-z0-9-]+', tokenChecks: false,
    validate: (_s, ctx) => /Private-Lines: \d+/.test(ctx.text.slice(ctx.end, ctx.end + 4000)),
    docs: 'https://the.earth.li/~sgtatham/putty/0.78/htmldoc/AppendixC.html',
  },
  // ---- Tokens ----------------------------------------------------------------
  {
    id: 'jwt', name: 'JSON Web Token', category: 'token', severity: 'high',
    keywords: ['eyj'], regex: `\\beyJ[${B64URL}]{10,1000}\\.eyJ[${B64URL}]{7,1000}`,
    validate: jwtSpan,
    docs: 'https://datatracker.ietf.org/doc/html/rfc7519',
    note: 'validated: the header must decode to JSON with "alg"; the jwt.io sample token is a placeholder',
  },
  // ---- Crypto wallets --------------------------------------------------------
  {
    id: 'bitcoin-wif', name: 'Bitcoin WIF Private Key', category: 'crypto', severity: 'critical',
    keywords: [], trigger: 'longrun',
    regex: '\\b[5KLc9][1-9A-HJ-NP-Za-km-z]{50,51}\\b', validate: (s) => wifValid(s),
    docs: 'https://en.bitcoin.it/wiki/Wallet_import_format',
    note: 'validated: Base58Check checksum and version byte',
  },
  {
    id: 'bitcoin-extended-private-key', name: 'Bitcoin Extended Private Key', category: 'crypto', severity: 'critical',
    keywords: ['xprv', 'tprv', 'yprv', 'zprv', 'uprv', 'vprv'],
    regex: '\\b[xyztuv]prv[1-9A-HJ-NP-Za-km-z]{100,112}\\b', validate: (s) => extendedPrivateKeyValid(s),
    docs: 'https://github.com/bitcoin/bips/blob/master/bip-0032.mediawiki#serialization-format',
    note: 'validated: Base58Check checksum and 78-byte payload',
  },
  {
    id: 'ethereum-private-key', name: 'Ethereum Private Key', category: 'crypto', severity: 'critical',
    keywords: ['ethereum', 'eth_', 'eth-', 'wallet', 'private_key', 'privatekey', 'private-key', 'priv_key', 'privkey'],
    regex:
      '(?:ethereum|eth|wallet|private[_-]?key|priv[_-]?key)[a-z0-9_ .-]{0,20}["\']?\\s{0,8}(?:[:=]{1,2}>?|=>)\\s{0,8}["\']?(?:0x)?([a-f0-9]{64})(?:[^a-z0-9]|$)',
    flags: 'i', secretGroup: 1, anchor: 'keyword',
    docs: 'https://ethereum.org/en/developers/docs/accounts/#account-creation',
    note: 'only next to a wallet / private-key name: 64 bare hex characters are usually hashes',
  },
  {
    id: 'bip39-seed-phrase', name: 'BIP-39 Seed Phrase', category: 'crypto', severity: 'critical',
    keywords: [], trigger: 'words', tokenChecks: false,
    regex: '\\b[a-z]{3,8}(?:(?:[ \\t]+|[ \\t]*\\r?\\n[ \\t]*)[a-z]{3,8}\\b){11,99}', validate: seedPhrase,
    docs: 'https://github.com/bitcoin/bips/blob/master/bip-0039.mediawiki',
    note: 'validated: 12/15/18/21/24 words of the English list with a correct checksum',
  },
  // ---- Crypto addresses (opt-in: dlp.crypto_addresses) ---------------------------
  {
    id: 'bitcoin-address', name: 'Bitcoin Address', category: 'crypto', severity: 'medium', optIn: 'crypto_addresses',
    keywords: ['bc1', 'tb1'], trigger: 'address', tokenChecks: false,
    regex: '\\b(?:[13][1-9A-HJ-NP-Za-km-z]{25,34}|(?:bc|tb|BC|TB)1[ac-hj-np-z02-9AC-HJ-NP-Z]{6,87})\\b',
    validate: (s) => (/^(?:bc|tb)1/i.test(s) ? segwitAddressValid(s) : base58AddressValid(s)),
    docs: 'https://github.com/bitcoin/bips/blob/master/bip-0173.mediawiki',
    note: 'off unless dlp.crypto_addresses: P2PKH and P2SH (Base58Check, version byte), bech32 and bech32m (checksum, witness program)',
  },
  {
    id: 'ethereum-address', name: 'Ethereum Address', category: 'crypto', severity: 'medium', optIn: 'crypto_addresses',
    keywords: ['0x'], tokenChecks: false,
    regex: '\\b0x[0-9a-fA-F]{40}\\b', validate: (s) => ethereumAddressValid(s),
    docs: 'https://eips.ethereum.org/EIPS/eip-55',
    note: 'off unless dlp.crypto_addresses; mixed-case addresses must carry a valid EIP-55 checksum',
  },
  // ---- PII -------------------------------------------------------------------
  {
    id: 'us-ssn', name: 'US Social Security Number', category: 'pii', severity: 'medium',
    keywords: [], trigger: 'digits', tokenChecks: false,
    regex: '\\b\\d{3}-\\d{2}-\\d{4}\\b', validate: (s, ctx) => ssnValid(s, ctx.examples),
    docs: 'https://www.ssa.gov/employer/randomization.html',
    note: 'validated: area not 000/666/9xx, group not 00, serial not 0000; the voided advertising numbers and 123-45-6789 are examples',
  },
  {
    id: 'credit-card', name: 'Credit Card Number', category: 'pii', severity: 'high',
    keywords: [], trigger: 'digits', tokenChecks: false,
    regex: '\\b\\d(?:[ -]?\\d){12,18}\\b', validate: (s, ctx) => cardValid(s, ctx.examples),
    docs: 'https://en.wikipedia.org/wiki/Payment_card_number',
    note: 'validated: network prefix and length, Luhn; published test cards are placeholders',
  },
  {
    id: 'iban', name: 'IBAN', category: 'pii', severity: 'high',
    keywords: [], trigger: 'iban', tokenChecks: false,
    regex: '\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\\b', validate: (s) => ibanValid(s),
    docs: 'https://www.swift.com/standards/data-standards/iban-international-bank-account-number',
    note: 'validated: country length table and ISO 7064 mod-97; high, because a bank account leaving with its holder is what payment fraud needs',
  },
  // ---- Credentials in URLs -----------------------------------------------------
  {
    id: 'url-credentials', name: 'Credentials in URL', category: 'url', severity: 'high',
    keywords: ['://'], tokenChecks: false,
    // Starts at the literal '://' (not at the scheme) so the regex engine can skip to it.
    regex: '://([^\\s:@/?#"\'<>`]{1,64}):([^\\s:@/?#"\'<>`]{1,128})@([A-Za-z0-9.-]{1,253})',
    validate: urlCreds,
    docs: 'https://datatracker.ietf.org/doc/html/rfc3986#section-3.2.1',
    note: 'scheme://user:password@host; placeholders (user:pass, ${VAR}, <password>, ***, example.com hosts) are skipped',
  },
];

/** Every built-in class: vendor formats and structures first, then the keyword-context and name-only rows. */
export const BUILTIN_DLP_PATTERNS: readonly DlpPatternRow[] = [...PREFIXED_DLP_PATTERNS, ...CONTEXT_DLP_PATTERNS];

/** Default token checks, exported for the docs and tests. */
export const DEFAULT_MIN_ENTROPY = 3;

export function entropyOk(secret: string, min: number): boolean {
  return secret.length < 16 || shannonEntropy(secret) >= min;
}
