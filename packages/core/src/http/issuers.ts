// Credentials on their way home. An agent that calls the OpenAI API sends its
// OpenAI key in the Authorization header to api.openai.com; with TLS
// interception the proxy sees that header on every call. The key is not
// leaving: the host it goes to issued it and already holds it. Blocking it
// would break every intercepted LLM or SDK call, so a provider credential in
// an authentication header of an HTTPS request to one of the provider's own
// API hosts is let through (dlp.issuer_hosts, on by default).
//
// The binding is deliberately narrow:
// - only authentication headers (Authorization, x-api-key, …), never the URL,
//   the body or another header: a key pasted into an issue body on
//   api.github.com becomes public, and a key in a query string is logged;
// - only HTTPS: a key sent in clear text is exposed on the way;
// - only the rule's own hosts, matched on label boundaries
//   (api.openai.com.evil.example is not api.openai.com);
// - every other secret in the same request is still reported, including a
//   second provider's key in the same header.

/** Hosts (and their subdomains) that issue each rule's credentials. */
const ISSUERS: ReadonlyArray<readonly [rules: readonly string[], hosts: readonly string[]]> = [
  [['OpenAI API Key', 'OpenAI Service Account Key', 'OpenAI Admin Key', 'OpenAI API Key (by name)'], ['api.openai.com']],
  [['Anthropic API Key', 'Anthropic Admin Key', 'Anthropic OAuth Token', 'Anthropic API Key (by name)'], ['api.anthropic.com']],
  [['Google API Key', 'Google OAuth Access Token'], ['googleapis.com']],
  [['Groq API Key'], ['api.groq.com']],
  [['xAI API Key'], ['api.x.ai']],
  [['Hugging Face Token', 'Hugging Face Organization Token'], ['huggingface.co', 'hf.co']],
  [['Replicate API Token'], ['api.replicate.com']],
  [['Perplexity API Key'], ['api.perplexity.ai']],
  [['OpenRouter API Key'], ['openrouter.ai']],
  [['Cohere API Key'], ['api.cohere.com', 'api.cohere.ai']],
  [['Mistral API Key'], ['api.mistral.ai']],
  [['DeepSeek API Key'], ['api.deepseek.com']],
  [['Together AI API Key'], ['api.together.xyz', 'api.together.ai']],
  [['Fireworks AI API Key'], ['api.fireworks.ai']],
  [['Azure AI Services Key'], ['cognitiveservices.azure.com', 'openai.azure.com']],
  // SigV4 names the access key id in every signed request's Authorization.
  [['AWS Access Key ID', 'AWS Session Token'], ['amazonaws.com']],
  [['GitHub Token', 'GitHub Fine-Grained Token'], ['api.github.com', 'github.com', 'uploads.github.com']],
  [['GitLab Token'], ['gitlab.com']],
  [['Slack Bot Token', 'Slack User Token', 'Slack App Token'], ['slack.com']],
  [['Stripe Secret Key', 'Stripe Restricted Key', 'Stripe Test Secret Key'], ['api.stripe.com']],
  [['npm Access Token'], ['registry.npmjs.org']],
  [['PyPI API Token'], ['upload.pypi.org']],
  [['SendGrid API Key'], ['api.sendgrid.com']],
  [['Twilio API Key'], ['api.twilio.com']],
  [['Linear API Key'], ['api.linear.app']],
  [['Notion Integration Token'], ['api.notion.com']],
  [['Sentry Token'], ['sentry.io']],
  [['Datadog API Key'], ['datadoghq.com', 'datadoghq.eu']],
  [['Vercel Token'], ['api.vercel.com']],
  [['Netlify Token'], ['api.netlify.com']],
  [['Supabase Access Token'], ['api.supabase.com']],
  [['Cloudflare API Key'], ['api.cloudflare.com']],
  // Search keys are sent from every browser that runs an Algolia search box.
  [['Algolia API Key'], ['algolia.net', 'algolianet.com', 'algolia.io']],
];

/**
 * Query parameters that are a provider's documented way to pass its key
 * (Google APIs: ?key=AIza…, used by Maps, Firebase and the Gemini API): the
 * URL-side counterpart of an auth header, with the same host binding.
 */
const QUERY_KEYS: ReadonlyArray<readonly [rule: string, location: string]> = [['Google API Key', 'url.query.key']];

const HOSTS_BY_RULE = new Map<string, readonly string[]>();
for (const [rules, hosts] of ISSUERS) for (const r of rules) HOSTS_BY_RULE.set(r, hosts);

/** Headers whose value is the request's own credential (lower-case). */
const AUTH_HEADERS = new Set([
  'authorization',
  'x-api-key',
  'api-key',
  'x-goog-api-key',
  'x-amz-security-token',
  'dd-api-key',
  'private-token',
  'x-algolia-api-key',
]);

export function isAuthHeader(name: string): boolean {
  return AUTH_HEADERS.has(name);
}

/** The lower-case host of an https:// URL, or undefined for any other scheme or an unparsable URL. */
export function httpsHostOf(url: string): string | undefined {
  if (url.length < 9 || url.slice(0, 8).toLowerCase() !== 'https://') return undefined;
  try {
    const h = new URL(url).hostname.toLowerCase();
    return h.endsWith('.') ? h.slice(0, -1) : h;
  } catch {
    return undefined;
  }
}

/** Whether `host` (lower-case) is one of the hosts that issue credentials of `rule`. */
export function issuedBy(rule: string, host: string): boolean {
  const hosts = HOSTS_BY_RULE.get(rule);
  if (hosts === undefined) return false;
  for (const d of hosts) {
    if (host === d) return true;
    if (host.length > d.length && host.endsWith(d) && host.charCodeAt(host.length - d.length - 1) === 46 /* . */) return true;
  }
  return false;
}

/**
 * URL findings without the provider keys that go home in their documented
 * query parameter (QUERY_KEYS) of an HTTPS URL to one of the provider's hosts.
 */
export function withoutKeysGoingHome<T extends { rule: string; location?: string | undefined }>(url: string, findings: T[]): T[] {
  if (findings.length === 0) return findings;
  let host: string | undefined | null = null;
  return findings.filter((f) => {
    if (!QUERY_KEYS.some(([rule, location]) => rule === f.rule && location === f.location)) return true;
    if (host === null) host = httpsHostOf(url);
    return host === undefined || !issuedBy(f.rule, host);
  });
}

/** Query parameters that carry a provider key home, for the docs. */
export function issuerQueryKeys(): ReadonlyArray<readonly [rule: string, location: string]> {
  return QUERY_KEYS;
}

/** Rules with issuer hosts, for the docs. */
export function issuerTable(): ReadonlyArray<readonly [rules: readonly string[], hosts: readonly string[]]> {
  return ISSUERS;
}
