// Credentials without a vendor prefix, recognised by what stands next to them:
// a provider keyword in the name of an assignment (`adafruit_key = "…"`,
// `"netlify_token": "…"`, `<TwilioAuthToken>…</TwilioAuthToken>`), and a value of
// the provider's documented length and alphabet. One template builds every row
// of the family; the engine runs each row anchored at the keyword sites the
// prefilter found, so a row costs nothing where its keyword is absent.
// Also here: the rows that rest only on a secret-ish name (generic assignment,
// curl credentials), which keep every placeholder check on every surface.
import { Buffer } from 'node:buffer';
import type { DlpCategory, DlpPatternRow, DlpValidator } from './patterns.js';
import { credentialPairReal, isIdentifier, isPlaceholder, looksRandom, shannonEntropy, wordLike } from './validators.js';

/** The rest of the name after the keyword: `_API_KEY`, `Token`, `.secret`, ` api key`. */
const NAME = '[\\w.\\- \\t]{0,32}';
/** Closing quote or bracket of the name: `"key": `, `['key'] = `, `\"key\":`. */
const CLOSE = '["\'`\\\\\\])]{0,3}';
/**
 * The assignment: = : := => -> <- ||= ?= , > (XML element content), `" value="`
 * (XML attributes, .NET config), and bare whitespace, which the validator
 * accepts only after ENV/ARG/export/set or a `--flag` (Dockerfiles, CLIs).
 */
const OP = '(?:\\s{0,4}(?:[:=]{1,3}>?|=>|->|<-|\\|\\|=|\\?\\?=|\\?=|,|>|\\s(?:value|content)\\s{0,2}=)\\s{0,4}|[ \\t]{1,4})';
/** Opening quote of the value, possibly escaped (JSON in a JSON string). */
const OPEN = '["\'`\\\\\\s]{0,4}';
/** The value must end here: the next character is not a token character. */
const END = '(?:[^A-Za-z0-9_\\-+/=]|$)';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface ContextSpec {
  id: string;
  name: string;
  category: DlpCategory;
  /** Lower-case provider keywords; the regex starts with one of them. */
  keywords: readonly string[];
  /** The value (case-insensitive regex fragment, no capture groups). */
  value: string;
  /** Words one of which the name must contain after the keyword (for keywords whose hex-looking ids are common). */
  nameWords?: readonly string[];
  severity?: 'medium' | 'high' | 'critical';
  /** Default 3.2 bits/char: a 32-character hex key has about 3.8. */
  minEntropy?: number;
  /** The value is not one run of 14+ token characters (it has ':' or symbols): skip the engine's site pre-check. */
  brokenValue?: boolean;
  docs?: string;
  note?: string;
}

/** Values of providers with several formats: alternatives are tried longest first by the regex engine's order. */
const any = (...alts: string[]) => alts.join('|');

/**
 * The family. Lengths and alphabets come from each provider's documentation
 * (or, where it publishes none, from the keys it issues); the keyword list
 * names the provider as people write it in variable names.
 */
const CONTEXT_SPECS: readonly ContextSpec[] = [
  // ---- LLM and AI ----
  { id: 'openai-key-context', name: 'OpenAI API Key (by name)', category: 'llm', keywords: ['openai'], value: 'sk-[a-z0-9_-]{20,200}', severity: 'critical', docs: 'https://platform.openai.com/docs/api-reference/authentication', note: 'any sk- key under an OpenAI name, including formats without the T3BlbkFJ marker' },
  { id: 'anthropic-key-context', name: 'Anthropic API Key (by name)', category: 'llm', keywords: ['anthropic', 'claude'], value: 'sk-ant-[a-z0-9_-]{20,200}', severity: 'critical', docs: 'https://docs.anthropic.com/en/api/getting-started' },
  { id: 'cohere-api-key', name: 'Cohere API Key', category: 'llm', keywords: ['cohere', 'co_api_key'], value: '[a-z0-9]{40}', docs: 'https://docs.cohere.com/reference/about' },
  { id: 'mistral-api-key', name: 'Mistral API Key', category: 'llm', keywords: ['mistral'], value: '[a-z0-9]{32}', docs: 'https://docs.mistral.ai/getting-started/quickstart/' },
  { id: 'deepseek-api-key', name: 'DeepSeek API Key', category: 'llm', keywords: ['deepseek'], value: 'sk-[a-f0-9]{32}', docs: 'https://api-docs.deepseek.com/' },
  { id: 'together-api-key', name: 'Together AI API Key', category: 'llm', keywords: ['together'], value: any('tgp_v1_[a-z0-9_-]{40,60}', '[a-f0-9]{64}'), docs: 'https://docs.together.ai/reference/authentication-1' },
  { id: 'fireworks-api-key', name: 'Fireworks AI API Key', category: 'llm', keywords: ['fireworks'], value: 'fw_[a-z0-9]{20,40}', docs: 'https://docs.fireworks.ai/api-reference/introduction' },
  { id: 'stability-api-key', name: 'Stability AI API Key', category: 'llm', keywords: ['stability'], value: 'sk-[a-z0-9]{48}', docs: 'https://platform.stability.ai/docs/getting-started/authentication' },
  { id: 'elevenlabs-key-context', name: 'ElevenLabs API Key', category: 'llm', keywords: ['elevenlabs', 'eleven_labs', 'xi-api-key'], value: any('sk_[a-f0-9]{48}', '[a-f0-9]{32}'), docs: 'https://elevenlabs.io/docs/api-reference/authentication' },
  { id: 'assemblyai-api-key', name: 'AssemblyAI API Key', category: 'llm', keywords: ['assemblyai', 'assembly_ai'], value: '[a-f0-9]{32}', docs: 'https://www.assemblyai.com/docs/api-reference/overview' },
  { id: 'deepgram-api-key', name: 'Deepgram API Key', category: 'llm', keywords: ['deepgram'], value: '[a-f0-9]{40}', docs: 'https://developers.deepgram.com/docs/authenticating' },
  { id: 'wandb-api-key', name: 'Weights & Biases API Key', category: 'llm', keywords: ['wandb'], value: any('local-[a-f0-9]{40}', '[a-f0-9]{40}'), docs: 'https://docs.wandb.ai/guides/track/environment-variables' },
  { id: 'serpapi-api-key', name: 'SerpApi Key', category: 'llm', keywords: ['serpapi', 'serp_api'], value: '[a-f0-9]{64}', docs: 'https://serpapi.com/search-api' },
  { id: 'pinecone-key-context', name: 'Pinecone API Key (legacy)', category: 'llm', keywords: ['pinecone'], value: UUID, docs: 'https://docs.pinecone.io/guides/projects/manage-api-keys' },
  { id: 'privateai-api-key', name: 'Private AI API Key', category: 'llm', keywords: ['private_ai', 'private-ai', 'privateai'], value: '[a-z0-9]{32}', docs: 'https://docs.private-ai.com/' },
  // ---- Cloud and hosting ----
  { id: 'aws-session-token', name: 'AWS Session Token', category: 'cloud', keywords: ['aws_session_token', 'awssessiontoken', 'aws-session-token', 'x-amz-security-token', 'sessiontoken'], value: '[a-z0-9+/]{100,1000}={0,2}', severity: 'critical', docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_use-resources.html' },
  { id: 'alibaba-secret-key', name: 'Alibaba Cloud AccessKey Secret', category: 'cloud', keywords: ['alibaba', 'aliyun', 'alicloud'], value: '[a-z0-9]{30}', severity: 'critical', docs: 'https://www.alibabacloud.com/help/en/ram/user-guide/create-an-accesskey-pair' },
  { id: 'azure-ai-key', name: 'Azure AI Services Key', category: 'cloud', keywords: ['azure_openai', 'azureopenai', 'azure-openai', 'azure_ai', 'azure_search', 'cognitive', 'ocp-apim-subscription-key'], value: any('[a-z0-9]{84}', '[a-z0-9]{52}', '[a-f0-9]{32}'), docs: 'https://learn.microsoft.com/azure/ai-services/authentication' },
  { id: 'cloudflare-api-key', name: 'Cloudflare API Key', category: 'cloud', keywords: ['cloudflare', 'cf_api', 'cf-api', 'cf_token', 'cf-token'], value: any('[a-z0-9_-]{40}', '[a-f0-9]{37}'), docs: 'https://developers.cloudflare.com/fundamentals/api/get-started/create-token/', note: 'API tokens (40) and the Global API Key (37 hex)' },
  { id: 'heroku-api-key-legacy', name: 'Heroku API Key (legacy)', category: 'cloud', keywords: ['heroku'], value: UUID, severity: 'critical', docs: 'https://devcenter.heroku.com/articles/authentication' },
  { id: 'ibm-cloud-api-key', name: 'IBM Cloud API Key', category: 'cloud', keywords: ['ibm_cloud', 'ibmcloud', 'ibm-cloud', 'ibm_api', 'ibm'], value: '[a-z0-9_-]{44}', docs: 'https://cloud.ibm.com/docs/account?topic=account-userapikey' },
  { id: 'linode-token', name: 'Linode Token', category: 'cloud', keywords: ['linode'], value: '[a-f0-9]{64}', docs: 'https://techdocs.akamai.com/linode-api/reference/get-started' },
  { id: 'vultr-api-key', name: 'Vultr API Key', category: 'cloud', keywords: ['vultr'], value: '[a-z0-9]{36}', docs: 'https://www.vultr.com/api/' },
  { id: 'hetzner-api-token', name: 'Hetzner Cloud API Token', category: 'cloud', keywords: ['hetzner', 'hcloud'], value: '[a-z0-9]{64}', docs: 'https://docs.hetzner.cloud/#authentication' },
  { id: 'netlify-token-legacy', name: 'Netlify Access Token (legacy)', category: 'cloud', keywords: ['netlify'], value: '[a-z0-9=_-]{40,46}', docs: 'https://docs.netlify.com/api/get-started/#authentication' },
  { id: 'fastly-api-token', name: 'Fastly API Token', category: 'cloud', keywords: ['fastly'], value: '[a-z0-9=_-]{32}', docs: 'https://www.fastly.com/documentation/reference/api/auth-tokens/' },
  // ---- Version control and CI ----
  { id: 'github-client-secret', name: 'GitHub OAuth App Secret', category: 'vcs', keywords: ['github', 'gh_'], value: '[a-f0-9]{40}', nameWords: ['secret', 'token', 'key', 'pass', 'auth', 'cred'], docs: 'https://docs.github.com/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps' },
  { id: 'bitbucket-client-secret', name: 'Bitbucket OAuth Secret', category: 'vcs', keywords: ['bitbucket'], value: '[a-z0-9=_-]{64}', nameWords: ['secret', 'token', 'key', 'pass', 'auth', 'cred'], docs: 'https://support.atlassian.com/bitbucket-cloud/docs/use-oauth-on-bitbucket-cloud/' },
  { id: 'atlassian-token-legacy', name: 'Atlassian API Token (legacy)', category: 'vcs', keywords: ['atlassian', 'jira', 'confluence'], value: '[a-z0-9]{24}', nameWords: ['token', 'key', 'secret', 'pass'], docs: 'https://support.atlassian.com/atlassian-account/docs/manage-api-tokens-for-your-atlassian-account/' },
  { id: 'gitter-access-token', name: 'Gitter Access Token', category: 'vcs', keywords: ['gitter'], value: '[a-z0-9_-]{40}', docs: 'https://developer.gitter.im/docs/authentication' },
  { id: 'codecov-token', name: 'Codecov Upload Token', category: 'vcs', keywords: ['codecov'], value: any(UUID, '[a-z0-9]{32}'), docs: 'https://docs.codecov.com/docs/codecov-tokens' },
  { id: 'travis-ci-token', name: 'Travis CI Token', category: 'vcs', keywords: ['travis'], value: '[a-z0-9]{22}', docs: 'https://docs.travis-ci.com/user/triggering-builds/' },
  { id: 'drone-ci-token', name: 'Drone CI Token', category: 'vcs', keywords: ['drone'], value: '[a-z0-9]{32}', docs: 'https://docs.drone.io/cli/setup/' },
  { id: 'sonar-token-context', name: 'SonarQube Token (legacy)', category: 'vcs', keywords: ['sonar'], value: '(?:sq[upa]_)?[a-z0-9=_-]{40}', nameWords: ['token', 'key', 'login', 'secret'], docs: 'https://docs.sonarsource.com/sonarqube/latest/user-guide/user-account/generating-and-using-tokens/' },
  { id: 'snyk-api-token', name: 'Snyk API Token', category: 'vcs', keywords: ['snyk'], value: UUID, docs: 'https://docs.snyk.io/snyk-api/authentication-for-api' },
  { id: 'jfrog-token-context', name: 'JFrog Token (by name)', category: 'registry', keywords: ['jfrog', 'artifactory'], value: any('[a-z0-9]{73}', '[a-z0-9]{64}'), docs: 'https://jfrog.com/help/r/jfrog-platform-administration-documentation/access-tokens' },
  // ---- Chat and messaging ----
  { id: 'twilio-auth-token', name: 'Twilio Auth Token', category: 'chat', keywords: ['twilio'], value: '[a-f0-9]{32}', severity: 'critical', docs: 'https://www.twilio.com/docs/iam/access-tokens' },
  { id: 'mattermost-token', name: 'Mattermost Access Token', category: 'chat', keywords: ['mattermost'], value: '[a-z0-9]{26}', docs: 'https://developers.mattermost.com/integrate/reference/personal-access-token/' },
  { id: 'messagebird-api-key', name: 'MessageBird API Key', category: 'chat', keywords: ['messagebird', 'message-bird', 'message_bird'], value: '[a-z0-9]{25}', docs: 'https://developers.messagebird.com/api/#authentication' },
  { id: 'vonage-api-secret', name: 'Vonage API Secret', category: 'chat', keywords: ['vonage', 'nexmo'], value: '[a-z0-9]{16}', nameWords: ['secret', 'token', 'key', 'pass', 'auth', 'cred'], docs: 'https://developer.vonage.com/en/getting-started/concepts/authentication' },
  { id: 'sendbird-api-token', name: 'Sendbird API Token', category: 'chat', keywords: ['sendbird'], value: '[a-f0-9]{40}', docs: 'https://sendbird.com/docs/chat/platform-api/v3/prepare-to-use-api' },
  { id: 'discord-client-secret', name: 'Discord Client Secret', category: 'chat', keywords: ['discord'], value: any('[a-f0-9]{64}', '[a-z0-9=_-]{32}'), nameWords: ['secret', 'token', 'key'], docs: 'https://discord.com/developers/docs/topics/oauth2' },
  { id: 'pusher-secret', name: 'Pusher Channels Secret', category: 'chat', keywords: ['pusher'], value: '[a-f0-9]{20}', nameWords: ['secret', 'token', 'key', 'pass', 'auth', 'cred'], docs: 'https://pusher.com/docs/channels/server_api/authenticating-users/' },
  { id: 'twitch-api-token', name: 'Twitch API Token', category: 'chat', keywords: ['twitch'], value: '[a-z0-9]{30}', docs: 'https://dev.twitch.tv/docs/authentication/' },
  { id: 'twitter-credential', name: 'X (Twitter) API Credential', category: 'chat', keywords: ['twitter'], value: any('\\d{15,25}-[a-z0-9]{20,40}', '[a-z0-9]{50}', '[a-z0-9]{45}', '[a-z0-9]{25}'), docs: 'https://developer.x.com/en/docs/authentication/overview', note: 'API key (25) and secret (50), access token (id-…) and secret (45)' },
  { id: 'zendesk-secret', name: 'Zendesk API Token', category: 'saas', keywords: ['zendesk'], value: '[a-z0-9]{40}', docs: 'https://developer.zendesk.com/api-reference/introduction/security-and-auth/' },
  // ---- Payment and finance ----
  { id: 'paypal-client-secret', name: 'PayPal Client Secret', category: 'payment', keywords: ['paypal'], value: '[a-z0-9_-]{80}', nameWords: ['secret', 'token', 'key', 'pass', 'auth', 'cred'], severity: 'critical', docs: 'https://developer.paypal.com/api/rest/authentication/' },
  { id: 'plaid-secret', name: 'Plaid Secret', category: 'payment', keywords: ['plaid'], value: '[a-z0-9]{30}', nameWords: ['secret', 'token', 'key', 'pass', 'auth', 'cred'], severity: 'critical', docs: 'https://plaid.com/docs/api/#api-keys-and-access' },
  { id: 'gocardless-token', name: 'GoCardless Access Token', category: 'payment', keywords: ['gocardless'], value: '(?:live|sandbox)_[a-z0-9_=-]{40}', severity: 'critical', docs: 'https://developer.gocardless.com/getting-started/api/making-your-first-request/' },
  { id: 'razorpay-secret', name: 'Razorpay Key Secret', category: 'payment', keywords: ['razorpay'], value: '[a-z0-9]{24}', nameWords: ['secret', 'token', 'key', 'pass', 'auth', 'cred'], severity: 'critical', docs: 'https://razorpay.com/docs/api/authentication/' },
  { id: 'paystack-secret', name: 'Paystack Secret Key', category: 'payment', keywords: ['paystack'], value: 'sk_(?:live|test)_[a-f0-9]{40}', severity: 'critical', docs: 'https://paystack.com/docs/api/authentication/' },
  { id: 'lob-api-key', name: 'Lob API Key', category: 'payment', keywords: ['lob'], value: '(?:live|test)_[a-f0-9]{35}', docs: 'https://docs.lob.com/#section/Authentication' },
  { id: 'lob-publishable-key', name: 'Lob Publishable Key', category: 'payment', keywords: ['lob'], value: '(?:live|test)_pub_[a-f0-9]{31}', severity: 'medium', docs: 'https://docs.lob.com/#section/Authentication', note: 'publishable: medium, so balanced mode warns' },
  { id: 'coinbase-token', name: 'Coinbase Access Token', category: 'crypto', keywords: ['coinbase'], value: '[a-z0-9_-]{64}', severity: 'critical', docs: 'https://docs.cdp.coinbase.com/' },
  { id: 'kraken-api-key', name: 'Kraken API Key', category: 'crypto', keywords: ['kraken'], value: '[a-z0-9/=_+-]{80,90}', severity: 'critical', docs: 'https://docs.kraken.com/api/docs/guides/spot-rest-auth' },
  { id: 'kucoin-credential', name: 'KuCoin API Credential', category: 'crypto', keywords: ['kucoin'], value: any(UUID, '[a-f0-9]{24}'), severity: 'critical', docs: 'https://www.kucoin.com/docs/basic-info/connection-method/authentication/creating-a-request' },
  { id: 'bittrex-credential', name: 'Bittrex API Credential', category: 'crypto', keywords: ['bittrex'], value: '[a-z0-9]{32}', severity: 'critical', docs: 'https://bittrex.github.io/api/v3' },
  { id: 'finicity-credential', name: 'Finicity API Credential', category: 'payment', keywords: ['finicity'], value: any('[a-f0-9]{32}', '[a-z0-9]{20}'), docs: 'https://docs.finicity.com/' },
  { id: 'finnhub-api-key', name: 'Finnhub API Key', category: 'saas', keywords: ['finnhub'], value: '[a-z0-9]{20}', docs: 'https://finnhub.io/docs/api/authentication' },
  // ---- SaaS ----
  { id: 'adafruit-io-key', name: 'Adafruit IO Key', category: 'saas', keywords: ['adafruit'], value: any('aio_[a-z0-9]{28}', '[a-z0-9_-]{32}'), docs: 'https://io.adafruit.com/api/docs/#authentication' },
  { id: 'algolia-api-key', name: 'Algolia API Key', category: 'saas', keywords: ['algolia'], value: '[a-z0-9]{32}', docs: 'https://www.algolia.com/doc/guides/security/api-keys/' },
  { id: 'asana-token', name: 'Asana Token', category: 'saas', keywords: ['asana'], value: any('\\d/\\d{6,20}(?:/\\d{6,20})?:[a-f0-9]{32}', '[a-z0-9]{32}'), docs: 'https://developers.asana.com/docs/personal-access-token' },
  { id: 'beamer-api-token', name: 'Beamer API Token', category: 'saas', keywords: ['beamer'], value: 'b_[a-z0-9=_-]{44}', docs: 'https://www.getbeamer.com/api' },
  { id: 'cisco-meraki-api-key', name: 'Cisco Meraki API Key', category: 'saas', keywords: ['meraki'], value: '[a-f0-9]{40}', docs: 'https://developer.cisco.com/meraki/api-v1/authorization/' },
  { id: 'confluent-credential', name: 'Confluent API Credential', category: 'saas', keywords: ['confluent'], value: any('[a-z0-9+/]{64}', '[a-z0-9]{16}'), docs: 'https://docs.confluent.io/cloud/current/access-management/authenticate/api-keys/api-keys.html' },
  { id: 'contentful-delivery-token', name: 'Contentful Delivery Token', category: 'saas', keywords: ['contentful'], value: '[a-z0-9=_-]{43}', docs: 'https://www.contentful.com/developers/docs/references/authentication/' },
  { id: 'dropbox-token-context', name: 'Dropbox API Token (by name)', category: 'saas', keywords: ['dropbox'], value: '[a-z0-9]{15}', docs: 'https://developers.dropbox.com/oauth-guide' },
  { id: 'etsy-api-key', name: 'Etsy API Key', category: 'saas', keywords: ['etsy'], value: '[a-z0-9]{24}', docs: 'https://developers.etsy.com/documentation/essentials/authentication' },
  { id: 'facebook-app-secret', name: 'Facebook App Secret', category: 'saas', keywords: ['facebook', 'fb_app', 'fb_secret', 'fbsecret'], value: '[a-f0-9]{32}', nameWords: ['secret', 'token', 'key'], docs: 'https://developers.facebook.com/docs/facebook-login/security/#appsecret' },
  { id: 'flickr-api-key', name: 'Flickr API Key', category: 'saas', keywords: ['flickr'], value: '[a-z0-9]{32}', docs: 'https://www.flickr.com/services/api/misc.api_keys.html' },
  { id: 'freemius-secret-key', name: 'Freemius Secret Key', category: 'saas', keywords: ['freemius'], value: 'sk_[^\\s"\'`]{29}', brokenValue: true, docs: 'https://freemius.com/help/documentation/' },
  { id: 'freshbooks-token', name: 'FreshBooks Access Token', category: 'saas', keywords: ['freshbooks'], value: '[a-z0-9]{64}', docs: 'https://www.freshbooks.com/api/authentication' },
  { id: 'hubspot-api-key-legacy', name: 'HubSpot API Key (legacy)', category: 'saas', keywords: ['hubspot', 'hapikey'], value: UUID, docs: 'https://developers.hubspot.com/docs/api/private-apps' },
  { id: 'intercom-token', name: 'Intercom Access Token', category: 'saas', keywords: ['intercom'], value: '[a-z0-9=_-]{60}', docs: 'https://developers.intercom.com/docs/build-an-integration/learn-more/authentication' },
  { id: 'launchdarkly-token-context', name: 'LaunchDarkly Access Token (by name)', category: 'saas', keywords: ['launchdarkly'], value: '[a-z0-9=_-]{40}', docs: 'https://docs.launchdarkly.com/home/account/api' },
  { id: 'linear-client-secret', name: 'Linear OAuth Secret', category: 'saas', keywords: ['linear'], value: '[a-f0-9]{32}', nameWords: ['secret', 'token', 'key'], docs: 'https://developers.linear.app/docs/oauth/authentication' },
  { id: 'linkedin-client-secret', name: 'LinkedIn Client Secret', category: 'saas', keywords: ['linkedin', 'linked_in', 'linked-in'], value: '[a-z0-9]{16}', nameWords: ['secret', 'token', 'key', 'pass', 'auth', 'cred'], docs: 'https://learn.microsoft.com/linkedin/shared/authentication/authentication' },
  { id: 'looker-credential', name: 'Looker API Credential', category: 'saas', keywords: ['looker'], value: any('[a-z0-9]{24}', '[a-z0-9]{20}'), nameWords: ['secret', 'token', 'key', 'pass', 'auth', 'cred'], docs: 'https://cloud.google.com/looker/docs/api-auth' },
  { id: 'mailgun-key-context', name: 'Mailgun API Key (by name)', category: 'saas', keywords: ['mailgun'], value: any('[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8}', 'key-[a-f0-9]{32}'), docs: 'https://documentation.mailgun.com/docs/mailgun/api-reference/authentication' },
  { id: 'new-relic-key-context', name: 'New Relic Key (by name)', category: 'saas', keywords: ['new_relic', 'newrelic', 'new-relic'], value: any('[a-f0-9]{36}nral', 'nrii-[a-z0-9_-]{32}', '[a-z0-9]{64}'), docs: 'https://docs.newrelic.com/docs/apis/intro-apis/new-relic-api-keys/' },
  { id: 'nytimes-api-key', name: 'New York Times API Key', category: 'saas', keywords: ['nytimes', 'new-york-times', 'newyorktimes'], value: '[a-z0-9=_-]{32}', docs: 'https://developer.nytimes.com/get-started' },
  { id: 'okta-api-token', name: 'Okta API Token', category: 'saas', keywords: ['okta'], value: '[a-z0-9=_-]{42}', severity: 'critical', docs: 'https://developer.okta.com/docs/guides/create-an-api-token/' },
  { id: 'auth0-client-secret', name: 'Auth0 Client Secret', category: 'saas', keywords: ['auth0'], value: '[a-z0-9_-]{64}', nameWords: ['secret', 'token', 'key', 'pass', 'auth', 'cred'], severity: 'critical', docs: 'https://auth0.com/docs/get-started/applications/application-credentials' },
  { id: 'pagerduty-api-key', name: 'PagerDuty API Key', category: 'saas', keywords: ['pagerduty', 'pager_duty'], value: '[a-z0-9_+-]{20}', docs: 'https://support.pagerduty.com/main/docs/api-access-keys' },
  { id: 'postmark-server-token', name: 'Postmark Server Token', category: 'saas', keywords: ['postmark'], value: UUID, docs: 'https://postmarkapp.com/developer/api/overview#authentication' },
  { id: 'rapidapi-key', name: 'RapidAPI Key', category: 'saas', keywords: ['rapidapi'], value: '[a-z0-9_-]{50}', docs: 'https://docs.rapidapi.com/docs/keys' },
  { id: 'squarespace-api-key', name: 'Squarespace API Key', category: 'saas', keywords: ['squarespace'], value: UUID, docs: 'https://developers.squarespace.com/commerce-apis/authentication-and-permissions' },
  { id: 'sumologic-credential', name: 'Sumo Logic Access Key', category: 'saas', keywords: ['sumo'], value: any('[a-z0-9]{64}', 'su[a-z0-9]{12}'), docs: 'https://help.sumologic.com/docs/manage/security/access-keys/' },
  { id: 'trello-credential', name: 'Trello API Credential', category: 'saas', keywords: ['trello'], value: any('atta[a-z0-9]{60,68}', '[a-f0-9]{64}', '[a-f0-9]{32}'), docs: 'https://developer.atlassian.com/cloud/trello/guides/rest-api/authorization/' },
  { id: 'sidekiq-credential', name: 'Sidekiq Enterprise Credential', category: 'registry', keywords: ['contribsys'], value: '[a-f0-9]{8}:[a-f0-9]{8}', minEntropy: 2.8, brokenValue: true, docs: 'https://github.com/sidekiq/sidekiq/wiki/Commercial-FAQ' },
  { id: 'datadog-token-context', name: 'Datadog Access Token (by name)', category: 'saas', keywords: ['datadog'], value: '[a-z0-9]{40}', docs: 'https://docs.datadoghq.com/account_management/api-app-keys/' },
  { id: 'mapbox-token-context', name: 'Mapbox Token (by name)', category: 'saas', keywords: ['mapbox'], value: '(?:pk|sk)\\.[a-z0-9]{60}\\.[a-z0-9]{22}', severity: 'medium', docs: 'https://docs.mapbox.com/help/getting-started/access-tokens/', note: 'public (pk.) tokens ship in web pages: medium; secret tokens are the Mapbox Secret Token class' },
  { id: 'sentry-token-context', name: 'Sentry Auth Token (legacy)', category: 'saas', keywords: ['sentry'], value: '[a-f0-9]{64}', docs: 'https://docs.sentry.io/account/auth-tokens/' },
  { id: 'vault-token-legacy', name: 'HashiCorp Vault Token (legacy)', category: 'saas', keywords: ['vault'], value: any('s\\.[a-z0-9]{24}', 'b\\.aaaaaq[a-z0-9_-]{138,300}'), severity: 'critical', docs: 'https://developer.hashicorp.com/vault/docs/concepts/tokens#token-prefixes' },
  { id: 'yandex-access-key-context', name: 'Yandex Cloud Access Key (by name)', category: 'cloud', keywords: ['yandex'], value: 'yc[a-z0-9_-]{38}', docs: 'https://yandex.cloud/en/docs/iam/concepts/authorization/access-key' },
  { id: 'airtable-api-key-legacy', name: 'Airtable API Key (legacy)', category: 'saas', keywords: ['airtable'], value: '[a-z0-9]{17}', docs: 'https://support.airtable.com/docs/creating-personal-access-tokens' },
  { id: 'django-secret-key', name: 'Django Secret Key', category: 'saas', keywords: ['secret_key', 'django_secret'], value: '(?:django-insecure-)?[a-z0-9!@#$%^&*(\\-_=+)]{50}', brokenValue: true, docs: 'https://docs.djangoproject.com/en/stable/ref/settings/#secret-key' },
];

/** Characters a value may be quoted with; the generic row needs a quote or an env-style line. */
const QUOTES = new Set(['"', "'", '`']);

/**
 * Context rows keep their entropy checks (the engine's) and must look
 * machine-made: a hex or base62 key has both digits and letters and does not
 * read as a name (OAuth2CredentialProviderVendor under `TWITCH:` is a type).
 * A value after a comma (setenv("X_KEY", "…")) must be quoted: unquoted it is
 * the next argument of a call or the next item of a list.
 */
/**
 * Whitespace alone assigns only in a Dockerfile (ENV / ARG), a shell (export,
 * set, setx) or after a command-line flag (--name value): elsewhere
 * `twitter likes 25 …` is prose.
 */
function spaceAssignOk(text: string, matchStart: number): boolean {
  const before = identifierBefore(text, matchStart);
  const lineStart = text.lastIndexOf('\n', matchStart - before.length - 1) + 1;
  const lead = text.slice(lineStart, matchStart - before.length);
  return /(?:^|\s)(?:ENV|ARG|export|set|setx)\s+$/i.test(lead) || /--$/.test(lead) || /(?:^|\s)--$/.test(lead + before.slice(0, 2));
}

function contextValue(min: number): DlpValidator {
  return (s, ctx) => {
    const [, , op = '', open = ''] = ctx.groups;
    if ((op ?? '').includes(',') && ![...(open ?? '')].some((c) => QUOTES.has(c))) return false;
    if (/^[ \t]+$/.test(op ?? '') && !spaceAssignOk(ctx.text, ctx.matchStart)) return false;
    // The value's own fixed prefix (sk-, live_, …) says nothing about its randomness.
    const v = s.replace(/^(?:sk-ant-|sk-|sk_live_|sk_test_|sk_|tgp_v1_|fw_|aio_|b_|local-|atta|su|live_pub_|test_pub_|live_|test_|sandbox_|django-insecure-)/i, '');
    if (v.length < 8 || isIdentifier(v) || wordLike(v)) return false;
    const h = shannonEntropy(v);
    // A key has digits, or (short base62 keys sometimes have none) both cases and high entropy.
    const varied = /[0-9]/.test(v) ? /[a-z]/i.test(v) : /[a-z]/.test(v) && /[A-Z]/.test(v) && h >= Math.min(3.5, Math.log2(v.length) - 0.4);
    return varied && h >= Math.min(min, Math.log2(v.length) - 0.3);
  };
}

function contextRow(c: ContextSpec): DlpPatternRow {
  const kw = c.keywords.map(escapeRe).join('|');
  const name = c.nameWords ? `[\\w.\\- \\t]{0,24}?(?:${c.nameWords.join('|')})[\\w.\\-]{0,16}(?:[ \\t]+[a-z]{3,8}\\*?)?` : NAME;
  const row: DlpPatternRow = {
    id: c.id,
    name: c.name,
    category: c.category,
    severity: c.severity ?? 'high',
    keywords: c.keywords,
    regex: `(?:${kw})${name}(${CLOSE})(${OP})(${OPEN})(${c.value})${END}`,
    flags: 'i',
    secretGroup: 4,
    atKeyword: true,
    valueNearKeyword: !c.brokenValue,
    anchor: 'keyword',
    minEntropy: c.minEntropy ?? 3.2,
    validate: contextValue(c.minEntropy ?? 3.2),
    note: c.note ?? `next to a ${c.keywords[0]} name`,
  };
  if (c.docs) row.docs = c.docs;
  return row;
}

// ---- Rows that rest on a secret-ish name only -------------------------------

/** Anywhere in the name: the value is public, per-request, a digest, or a fixture. */
const NOT_A_SECRET_NAME =
  /page|next|prev|cursor|continuation|sync|csrf|xsrf|nonce|state|request|idempotency|trace|correlation|etag|checksum|integrity|hash|digest|salt|sha1|sha256|md5|public|publishable|captcha|anon|sample|example|dummy|fake|mock|placeholder|test/i;
/** Right after the secret word: the value describes the secret instead of being it (token_type, api_key_id). */
const DESCRIBES_THE_SECRET =
  /^[_.-]?(?:type|name|id|ids|url|uri|endpoint|path|file|header|length|len|limit|count|expir\w*|ttl|timeout|format|field|prefix|pattern|regex|version|policy|scope|param|label|kind|mode|env|var|ref|arn)s?$/i;

/** The identifier the keyword sits in, from the last separator before it (my_api_token_v2 for a hit at "token"). */
function identifierBefore(text: string, at: number): string {
  let i = at;
  while (i > 0 && at - i < 48 && /[\w$.-]/.test(text[i - 1] ?? '')) i--;
  return text.slice(i, at);
}

const alnum = (x: string) => x.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * An unquoted value is a value only where a config file writes one: env and
 * ini lines (NAME=value, `export NAME=value`, `password = value` at the start
 * of a line) and YAML (`key: value`). In code, an unquoted right-hand side is an
 * expression (`var jsTokens = /*@__PURE__*\/getDefault…`, `a.token=b.c`).
 */
function unquotedValueOk(text: string, identStart: number, op: string, v: string, after: string): boolean {
  // A call or member access (tokenValue = parsePseudoBigInt(…)), or no digit at all: code, not a key.
  if (after === '(' || after === '.' || !/[0-9]/.test(v)) return false;
  if (/[$@(]|\/\*|=[^=]/.test(v) || /^[_.]/.test(v)) return false;
  const lineStart = text.lastIndexOf('\n', identStart - 1) + 1;
  const lead = text.slice(lineStart, identStart);
  return /^\s*(?:export\s+|set\s+|setx\s+|ENV\s+|ARG\s+|-e\s+|--)?$/i.test(lead) && /^\s*(?:=|:|:=|::=|\?=)?\s*$/.test(op);
}

/**
 * A value under a secret-ish name: quoted, or on a config-file line (see
 * unquotedValueOk), random-looking, not the name itself
 * (`volumeEncryptionKey: "VolumeEncryptionKey"`), and the name is not one of
 * the public, per-request or descriptive kinds (pageToken, csrf_token,
 * public_key, token_type).
 */
/**
 * Values that are public by design even under a secret-ish name: Datadog
 * browser client tokens (`pub` + 32 hex, sent as dd-api-key by the RUM SDK)
 * and Stripe publishable keys (pk_live_/pk_test_).
 */
const PUBLIC_CLIENT_VALUE = /^(?:pub[0-9a-f]{32}|pk_(?:live|test)_[0-9A-Za-z]{16,})$/;

const genericValid: DlpValidator = (s, ctx) => {
  const [, kw = '', name = '', , op = '', open = ''] = ctx.groups;
  // A comparison, or a list / call argument (`authorization, 'Basic …'`): not an assignment.
  if (/[!=]==?|==|,/.test(op ?? '')) return false;
  if (/^[ \t]+$/.test(op ?? '') && !spaceAssignOk(ctx.text, ctx.matchStart)) return false;
  const before = identifierBefore(ctx.text, ctx.matchStart);
  const quoted = [...(open ?? '')].some((c) => QUOTES.has(c));
  if (!quoted && !unquotedValueOk(ctx.text, ctx.matchStart - before.length, op ?? '', s, ctx.text[ctx.end] ?? '')) return false;
  if (/^basic\s+/i.test(s)) {
    // Basic credentials are judged as the user:password they decode to.
    const dec = Buffer.from(s.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
    const i = dec.indexOf(':');
    return i > 0 && /^[\x20-\x7e]+$/.test(dec) && credentialPairReal(dec.slice(0, i), dec.slice(i + 1));
  }
  const full = before + kw + name;
  const rest = name.replace(/["'`\\\]) \t]+$/, '');
  // The property actually assigned is the last part of a dotted name (TokenReview.apiVersion).
  const last = rest.includes('.') ? rest.slice(rest.lastIndexOf('.') + 1) : rest;
  if (NOT_A_SECRET_NAME.test(full) || DESCRIBES_THE_SECRET.test(rest) || (rest.includes('.') && !/secret|token|passw|pwd|key|cred|auth/i.test(last))) return false;
  const v = s.replace(/^(?:bearer|basic|token)\s+/i, '');
  if (PUBLIC_CLIENT_VALUE.test(v)) return false;
  const a = alnum(v);
  const f = alnum(full);
  if (a.length >= 8 && (f.includes(a) || a.includes(f))) return false;
  return looksRandom(v, 3.5);
};

const SECRET_WORDS = [
  'secret', 'token', 'passw', 'pwd', 'credential', 'api_key', 'apikey', 'api-key', 'api.key', 'app_key', 'appkey',
  'access_key', 'accesskey', 'access-key', 'private_key', 'privatekey', 'signing_key', 'signingkey', 'encryption_key',
  'encryptionkey', 'master_key', 'masterkey', 'auth_key', 'authkey', 'client_key', 'authorization',
];

const GENERIC_VALUE = '(?:(?:bearer|basic|token)\\s+)?[a-z0-9_\\-+/=.~!@#$%^&*]{16,128}';

/** curl -u user:password (or --user): the password must be real, not $VAR or a sample. */
const curlUser: DlpValidator = (s) => {
  const i = s.indexOf(':');
  const user = s.slice(0, i);
  const pass = s.slice(i + 1);
  if (pass.length === 0) return looksRandom(user, 3.3); // an API token as the user name (curl -u sk_…:)
  return credentialPairReal(user, pass) && shannonEntropy(pass) >= 2.5;
};

/** curl -H "Authorization: Basic …" / Bearer / token / X-Api-Key: the credential must look random or decode to user:password. */
const curlHeader: DlpValidator = (s, ctx) => {
  const scheme = (ctx.groups[1] ?? '').toLowerCase();
  if (scheme.startsWith('basic')) {
    const dec = Buffer.from(s, 'base64').toString('utf8');
    const i = dec.indexOf(':');
    if (i <= 0 || !/^[\x20-\x7e]+$/.test(dec)) return false;
    return credentialPairReal(dec.slice(0, i), dec.slice(i + 1));
  }
  return looksRandom(s, 3.3);
};

/** Kubernetes Secret manifests: a data: entry whose value is base64 of something secret-looking. */
const kubeSecret: DlpValidator = (_s, ctx) => {
  const from = Math.max(0, ctx.start - 2000);
  const window = ctx.text.slice(from, Math.min(ctx.text.length, ctx.end + 2000));
  const re = /^[ \t]*(data|stringData):[ \t]*\r?\n((?:[ \t]+[\w.-]+:[ \t]*[^\n]*\r?\n?){1,50})/m;
  const m = re.exec(window);
  if (!m) return false;
  const plain = m[1] === 'stringData';
  for (const line of (m[2] ?? '').split('\n')) {
    const v = /:[ \t]*["']?([A-Za-z0-9+/=_.~!@#$%^&*-]{8,})["']?\s*$/.exec(line)?.[1];
    if (!v) continue;
    const dec = plain ? v : Buffer.from(v, 'base64').toString('utf8');
    if (!plain && (!/^[A-Za-z0-9+/]+={0,2}$/.test(v) || !/^[\x20-\x7e]+$/.test(dec))) continue;
    if (dec.length >= 8 && !isPlaceholder(dec) && shannonEntropy(dec) >= 3) {
      const at = window.indexOf(v, m.index) + from;
      return [at, at + v.length];
    }
  }
  return false;
};

const GENERIC_ROWS: readonly DlpPatternRow[] = [
  {
    id: 'generic-secret-assignment', name: 'Secret Assignment', category: 'token', severity: 'high',
    keywords: SECRET_WORDS,
    regex: `(${SECRET_WORDS.map(escapeRe).join('|')})([\\w.\\-]{0,24}(?:[ \\t]+[a-z]{3,8}\\*?)?)(${CLOSE})(\\s{0,4}(?:[:=]{1,3}>?|=>|\\|\\|=|\\?\\?=|\\?=|\\s(?:value|content)\\s{0,2}=)\\s{0,4}|[ \\t]{1,4})(${OPEN})(${GENERIC_VALUE})(?:[^a-z0-9_\\-+/=.~!@#$%^&*]|$)`,
    // No site pre-check: a password with symbols is not one long token run.
    flags: 'i', secretGroup: 6, atKeyword: true, anchor: 'generic',
    validate: genericValid, minEntropy: 3.5,
    note: 'a random-looking value (16-128 characters, quoted or NAME=value) under a secret-ish name; every placeholder check on every surface; dropped when a specific class found the same value',
  },
  {
    id: 'curl-user-credentials', name: 'curl User Credentials', category: 'token', severity: 'high',
    keywords: ['curl'],
    regex: `curl\\b(?:[^\\n]|\\\\\\r?\\n){0,400}?\\s(?:-u|--user)(?:\\s+|=)["']?([^\\s"':]{1,128}:[^\\s"']{0,128})`,
    secretGroup: 1, atKeyword: true, anchor: 'generic', tokenChecks: false,
    validate: curlUser,
    docs: 'https://curl.se/docs/manpage.html#-u',
    note: 'curl -u user:password; placeholders ($VAR, <password>, sample passwords) are skipped',
  },
  {
    id: 'curl-auth-header', name: 'curl Authorization Header', category: 'token', severity: 'high',
    keywords: ['curl'],
    regex: `curl\\b(?:[^\\n]|\\\\\\r?\\n){0,400}?\\s(?:-H|--header)(?:\\s+|=)["']?(?:authorization:\\s*(bearer|basic|token|bot)\\s+|(?:x-)?[a-z-]{0,20}(?:api[_-]?key|token|auth|secret)[a-z-]{0,20}:\\s*)([a-z0-9+/=_.~-]{12,400})`,
    flags: 'i', secretGroup: 2, atKeyword: true, anchor: 'generic',
    validate: curlHeader,
    docs: 'https://curl.se/docs/manpage.html#-H',
    note: 'curl -H "Authorization: Bearer|Basic|token …" or -H "X-API-Key: …"; Basic credentials must decode to a real user:password',
  },
  {
    id: 'kubernetes-secret-manifest', name: 'Kubernetes Secret Manifest', category: 'token', severity: 'high',
    keywords: ['kind: secret', 'kind: "secret"', '"kind": "secret"', '"kind":"secret"'],
    regex: '(?:kind: "?secret"?|"kind": ?"secret")', flags: 'i', atKeyword: true, anchor: 'generic', tokenChecks: false,
    validate: kubeSecret,
    docs: 'https://kubernetes.io/docs/concepts/configuration/secret/',
    note: 'a data: value of a kind: Secret manifest that decodes to a random-looking secret',
  },
  {
    id: 'nuget-config-password', name: 'NuGet Config Password', category: 'registry', severity: 'high',
    keywords: ['cleartextpassword'],
    regex: 'cleartextpassword"\\s{0,4}value\\s{0,4}=\\s{0,4}"([^"]{6,128})"', flags: 'i', secretGroup: 1, atKeyword: true, anchor: 'generic', tokenChecks: false,
    validate: (s) => credentialPairReal('nuget', s) && !/^%[^%]+%$|^\$\(/.test(s),
    docs: 'https://learn.microsoft.com/nuget/reference/nuget-config-file#packagesourcecredentials',
  },
];

/** Keyword-context rows (one template) followed by the name-only rows. */
export const CONTEXT_DLP_PATTERNS: readonly DlpPatternRow[] = [...CONTEXT_SPECS.map(contextRow), ...GENERIC_ROWS];

