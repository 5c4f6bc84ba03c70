// Generates positives.jsonl and near-misses.jsonl for the DLP corpus test.
// Deterministic (seeded). Checksums are implemented here independently of
// packages/core/src/dlp/validators.ts, so the corpus cross-checks them.
// Run: node test/corpus/dlp/generate.mjs
import { createHash, generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
let seed = 0x5eed1234;
function rnd() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(rnd() * n);
const pick = (a) => a[int(a.length)];
const U = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', L = 'abcdefghijklmnopqrstuvwxyz', D = '0123456789';
const B62 = U + L + D, B64U = B62 + '_-', HEX = '0123456789abcdef', B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const s = (alpha, n) => Array.from({ length: n }, () => alpha[int(alpha.length)]).join('');
const sha256 = (b) => createHash('sha256').update(b).digest();
const bytes = (n) => Buffer.from(Array.from({ length: n }, () => int(256)));

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
function b58(buf) {
  let n = BigInt('0x' + (buf.toString('hex') || '0'));
  let out = '';
  while (n > 0n) { out = B58[Number(n % 58n)] + out; n /= 58n; }
  for (const b of buf) { if (b === 0) out = '1' + out; else break; }
  return out;
}
const b58check = (p) => b58(Buffer.concat([p, sha256(sha256(p)).subarray(0, 4)]));
function luhnDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = +body[body.length - 1 - i];
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}
function mod97(str) {
  let r = 0;
  for (const ch of str) { const v = /[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch; for (const d of v) r = (r * 10 + +d) % 97; }
  return r;
}
function iban(cc, bbanLen) {
  const bban = s(D, bbanLen);
  const check = 98 - mod97(bban + cc + '00');
  return cc + String(check).padStart(2, '0') + bban;
}
const wordsSrc = readFileSync(join(here, '../../../packages/core/src/dlp/bip39-english.ts'), 'utf8');
const WORDS = [...wordsSrc.matchAll(/^  '([a-z ]+)',$/gm)].flatMap((m) => m[1].split(' '));
if (WORDS.length !== 2048) throw new Error('wordlist ' + WORDS.length);
function seedPhrase(n) {
  const ent = bytes((n * 11 * 32) / 33 / 8);
  const cs = (n * 11) / 33;
  const bits = [...ent].map((b) => b.toString(2).padStart(8, '0')).join('') + sha256(ent)[0].toString(2).padStart(8, '0').slice(0, cs);
  return Array.from({ length: n }, (_, i) => WORDS[parseInt(bits.slice(i * 11, i * 11 + 11), 2)]).join(' ');
}
const b64u = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
function jwt() {
  return `${b64u({ alg: pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' })}.${b64u({ sub: s(D, 8), iat: 1700000000 + int(1e7), scope: 'read write' })}.${s(B64U, 43)}`;
}
function discord() {
  const id = String(1e17 + int(9e17)).slice(0, 18);
  return `${Buffer.from(id).toString('base64').replace(/=+$/, '')}.${s(B64U, 6)}.${s(B64U, 38)}`;
}
function card(prefix, len) {
  const body = prefix + s(D, len - prefix.length - 1);
  return body + luhnDigit(body);
}
const group = (d, sizes, sep) => { let i = 0; return sizes.map((z) => d.slice(i, (i += z))).join(sep); };
function ssn() {
  let area;
  do area = 1 + int(899); while (area === 666);
  return `${String(area).padStart(3, '0')}-${String(1 + int(99)).padStart(2, '0')}-${String(1 + int(9999)).padStart(4, '0')}`;
}
function pem(kind) {
  if (kind === 'rsa') return generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' });
  if (kind === 'ec') return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' });
  if (kind === 'pkcs8') return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' });
  if (kind === 'enc')
    return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' });
  const lines = (n) => Array.from({ length: n }, () => s(B62 + '+/', 64)).join('\n');
  if (kind === 'dsa') return `-----BEGIN DSA PRIVATE KEY-----\n${lines(6)}\n-----END DSA PRIVATE KEY-----\n`;
  if (kind === 'openssh') return `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n${lines(4)}\n-----END OPENSSH PRIVATE KEY-----\n`;
  return `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBF${s(B62, 58)}\n${lines(8)}\n=${s(B62, 4)}\n-----END PGP PRIVATE KEY BLOCK-----\n`;
}

const wrap = [
  (v, k) => `export ${k}=${v}`,
  (v, k) => `{"${k.toLowerCase()}": "${v}", "region": "us-east-1"}`,
  (v) => `Authorization: Bearer ${v}`,
  (v, k) => `${k.toLowerCase()}: '${v}' # do not commit`,
];
const W = (f) => (i) => wrap[i % wrap.length](f(), 'TOKEN');

/** rule -> generator of the i-th positive text. */
const gens = {
  'OpenAI API Key': (i) => wrap[i % 4](i % 2 ? `sk-proj-${s(B64U, 74)}T3BlbkFJ${s(B64U, 74)}` : `sk-${s(B62, 20)}T3BlbkFJ${s(B62, 20)}`, 'OPENAI_API_KEY'),
  'OpenAI Service Account Key': W(() => `sk-svcacct-${s(B64U, 74)}T3BlbkFJ${s(B64U, 74)}`),
  'OpenAI Admin Key': W(() => `sk-admin-${s(B64U, 74)}T3BlbkFJ${s(B64U, 74)}`),
  'Anthropic API Key': (i) => wrap[i % 4](`sk-ant-api03-${s(B64U, 93)}AA`, 'ANTHROPIC_API_KEY'),
  'Anthropic Admin Key': W(() => `sk-ant-admin01-${s(B64U, 93)}AA`),
  'Google API Key': (i) => wrap[i % 4](`AIza${s(B64U, 35)}`, 'GEMINI_API_KEY'),
  'Groq API Key': W(() => `gsk_${s(B62, 52)}`),
  'xAI API Key': W(() => `xai-${s(B62, 80)}`),
  'Hugging Face Token': W(() => `hf_${s(U + L, 34)}`),
  'Replicate API Token': W(() => `r8_${s(B62, 37)}`),
  'Perplexity API Key': W(() => `pplx-${s(B62, 48)}`),
  'OpenRouter API Key': W(() => `sk-or-v1-${s(HEX, 64)}`),
  'LangSmith API Key': W(() => `lsv2_${pick(['pt', 'sk'])}_${s(HEX, 32)}_${s(HEX, 10)}`),
  'AWS Access Key ID': (i) => wrap[i % 4](`${pick(['AKIA', 'ASIA'])}${s(U + '234567', 16)}`, 'AWS_ACCESS_KEY_ID'),
  'AWS Secret Access Key': (i) =>
    [
      `aws_secret_access_key = ${s(B62 + '/+', 40)}`,
      `AWS_SECRET_ACCESS_KEY="${s(B62 + '/+', 40)}"`,
      `{"SecretAccessKey": "${s(B62 + '/+', 40)}", "SessionToken": "x"}`,
      `awsSecretKey: '${s(B62 + '/+', 40)}'`,
    ][i % 4],
  'GCP Service Account Key': () => `{"type": "service_account", "project_id": "p-${s(L, 6)}", "private_key_id": "${s(HEX, 40)}", "client_email": "a@b.iam.gserviceaccount.com"}`,
  'Azure Storage Account Key': () => `DefaultEndpointsProtocol=https;AccountName=${s(L, 10)};AccountKey=${s(B62 + '+/', 86)}==;EndpointSuffix=core.windows.net`,
  'Azure SAS Token': () => `https://${s(L, 8)}.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=bfqt&srt=sco&sp=rwdlacupitfx&se=2025-01-01T00:00:00Z&spr=https&sig=${s(B62 + '+/', 43)}%3D`,
  'Azure AD Client Secret': W(() => `${s(B62, 3)}${s(D, 1)}Q~${s(L, 4)}${s(U, 4)}${s(B62 + '_~.-', 26)}`),
  'DigitalOcean Token': W(() => `${pick(['dop', 'doo', 'dor'])}_v1_${s(HEX, 64)}`),
  'Heroku API Key': W(() => `HRKU-AA${s(B64U, 58)}`),
  'Alibaba Cloud AccessKey ID': W(() => `LTAI${s(L, 4)}${s(D, 4)}${s(B62, 12)}`),
  'Google OAuth Client Secret': W(() => `GOCSPX-${s(B64U, 28)}`),
  'Google OAuth Access Token': W(() => `ya29.${s(B64U, 120)}`),
  'Firebase Cloud Messaging Server Key': W(() => `AAAA${s(B64U, 7)}:APA91b${s(B64U, 134)}`),
  'GitHub Token': (i) => wrap[i % 4](`${pick(['ghp', 'gho', 'ghu', 'ghs', 'ghr'])}_${s(B62, 36)}`, 'GITHUB_TOKEN'),
  'GitHub Fine-Grained Token': W(() => `github_pat_${s(B62, 22)}_${s(B62, 59)}`),
  'GitLab Token': W(() => `${pick(['glpat', 'gldt', 'glrt'])}-${s(B64U, 20)}`),
  'Bitbucket App Password': W(() => `ATBB${s(B62, 32)}`),
  'Atlassian API Token': W(() => `ATATT3xFfGF0${s(B64U, 170)}=${s(HEX.toUpperCase(), 8)}`),
  'Slack Bot Token': W(() => `xoxb-${s(D, 11)}-${s(D, 13)}-${s(B62, 24)}`),
  'Slack User Token': W(() => `xoxp-${s(D, 11)}-${s(D, 12)}-${s(D, 13)}-${s(HEX, 32)}`),
  'Slack App Token': W(() => `xapp-1-A${s(U + D, 10)}-${s(D, 13)}-${s(HEX, 64)}`),
  'Slack Webhook URL': W(() => `https://hooks.slack.com/services/T${s(U + D, 8)}/B${s(U + D, 10)}/${s(B62, 24)}`),
  'Discord Bot Token': W(discord),
  'Discord Webhook URL': W(() => `https://discord.com/api/webhooks/${s(D, 18)}/${s(B64U, 68)}`),
  'Telegram Bot Token': W(() => `${1 + int(9)}${s(D, 9)}:AA${s(B64U, 33)}`),
  'Microsoft Teams Webhook URL': W(() => {
    const g = () => `${s(HEX, 8)}-${s(HEX, 4)}-${s(HEX, 4)}-${s(HEX, 4)}-${s(HEX, 12)}`;
    return `https://contoso.webhook.office.com/webhookb2/${g()}@${g()}/IncomingWebhook/${s(HEX, 32)}/${g()}`;
  }),
  'Stripe Secret Key': (i) => wrap[i % 4](`sk_live_${s(B62, 24 + int(76))}`, 'STRIPE_SECRET_KEY'),
  'Stripe Restricted Key': W(() => `rk_live_${s(B62, 99)}`),
  'Stripe Test Secret Key': W(() => `sk_test_${s(B62, 99)}`),
  'Stripe Webhook Secret': W(() => `whsec_${s(B62, 32)}`),
  'Square Access Token': W(() => (rnd() < 0.5 ? `EAAA${s(B64U, 60)}` : `sq0atp-${s(B64U, 22)}`)),
  'Square OAuth Secret': W(() => `sq0csp-${s(B64U, 43)}`),
  'PayPal Braintree Access Token': W(() => `access_token$production$${s(L + D, 16)}$${s(HEX, 32)}`),
  'npm Access Token': (i) => [`//registry.npmjs.org/:_authToken=npm_${s(B62, 36)}`, ...wrap.slice(1).map((f) => f(`npm_${s(B62, 36)}`, 'NPM_TOKEN'))][i % 4],
  'PyPI API Token': W(() => `pypi-AgEIcHlwaS5vcmc${s(B64U, 120)}`),
  'RubyGems API Key': W(() => `rubygems_${s(HEX, 48)}`),
  'NuGet API Key': W(() => `oy2${s(L.slice(0, 20), 10)}${s(D, 3)}${s(L + D, 30)}`),
  'Docker Hub Access Token': W(() => `dckr_pat_${s(B64U, 27)}`),
  'SendGrid API Key': W(() => `SG.${s(B64U, 22)}.${s(B64U, 43)}`),
  'Twilio API Key': W(() => `SK${s(HEX, 32)}`),
  'Mailgun API Key': W(() => `key-${s(HEX, 32)}`),
  'Mailchimp API Key': W(() => `${s(HEX, 32)}-us${1 + int(20)}`),
  'Shopify Access Token': W(() => `${pick(['shpat', 'shpca', 'shppa'])}_${s(HEX, 32)}`),
  'Shopify Shared Secret': W(() => `shpss_${s(HEX, 32)}`),
  'Linear API Key': W(() => `lin_api_${s(B62, 40)}`),
  'Notion Integration Token': W(() => (rnd() < 0.5 ? `secret_${s(B62, 43)}` : `ntn_${s(D, 11)}${s(B62, 35)}`)),
  'Postman API Key': W(() => `PMAK-${s(HEX, 24)}-${s(HEX, 34)}`),
  'HashiCorp Vault Token': W(() => `hvs.${s(B64U, 90)}`),
  'Terraform Cloud Token': W(() => `${s(B62, 14)}.atlasv1.${s(B64U, 67)}`),
  'Doppler Token': W(() => `dp.${pick(['pt', 'st', 'sa'])}.${s(B62, 43)}`),
  'Pulumi Access Token': W(() => `pul-${s(HEX, 40)}`),
  'Grafana Service Account Token': W(() => `glsa_${s(B62, 32)}_${s(HEX, 8)}`),
  'Grafana Cloud Token': W(() => `glc_${s(B62 + '+/', 120)}==`),
  'Sentry Token': W(() => (rnd() < 0.5 ? `sntrys_eyJ${s(B64U, 120)}` : `sntryu_${s(HEX, 64)}`)),
  'New Relic User API Key': W(() => `NRAK-${s(U + D, 27)}`),
  'Datadog API Key': (i) => [`DD_API_KEY=${s(HEX, 32)}`, `datadog_api_key: "${s(HEX, 32)}"`, `DD_APP_KEY=${s(HEX, 40)}`, `{"dd-api-key": "${s(HEX, 32)}"}`][i % 4],
  'Databricks Access Token': W(() => `dapi${s(HEX, 32)}`),
  'Supabase Access Token': W(() => `sbp_${s(HEX, 40)}`),
  'age Secret Key': W(() => `AGE-SECRET-KEY-1${s('QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58)}`),
  'RSA Private Key': () => pem('rsa'),
  'EC Private Key': () => pem('ec'),
  'DSA Private Key': () => pem('dsa'),
  'OpenSSH Private Key': () => pem('openssh'),
  'Private Key': (i) => (i % 2 ? pem('enc') : JSON.stringify({ private_key: pem('pkcs8') })),
  'PGP Private Key Block': () => pem('pgp'),
  'PuTTY Private Key': () => `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: key\nPublic-Lines: 2\n${s(B62, 64)}\n${s(B62, 20)}\nPrivate-Lines: 1\n${s(B62, 44)}\nPrivate-MAC: ${s(HEX, 64)}\n`,
  'JSON Web Token': W(jwt),
  'Bitcoin WIF Private Key': W(() => b58check(Buffer.concat([Buffer.from([0x80]), bytes(32), ...(rnd() < 0.5 ? [Buffer.from([1])] : [])]))),
  'Bitcoin Extended Private Key': W(() =>
    b58check(Buffer.concat([Buffer.from('0488ade4', 'hex'), bytes(1), bytes(4), bytes(4), bytes(32), Buffer.from([0]), bytes(32)])),
  ),
  'Ethereum Private Key': (i) => [`ETH_PRIVATE_KEY=0x${s(HEX, 64)}`, `wallet_key: "${s(HEX, 64)}"`, `privateKey = '0x${s(HEX, 64)}'`, `"private_key": "${s(HEX, 64)}"`][i % 4],
  'BIP-39 Seed Phrase': (i) => [`my wallet seed: ${seedPhrase(12)}`, `mnemonic = "${seedPhrase(24)}"`, `${seedPhrase(15)}`, `recovery phrase\n${seedPhrase(18)}\n`][i % 4],
  'US Social Security Number': (i) => [`SSN: ${ssn()}`, `{"ssn":"${ssn()}"}`, `employee ${ssn()} hired`, `tax id ${ssn()}.`][i % 4],
  'Credit Card Number': (i) =>
    [
      `card: ${card('4', 16)}`,
      `pan=${group(card('5' + (1 + int(5)), 16), [4, 4, 4, 4], ' ')}`,
      `amex ${group(card(pick(['34', '37']), 15), [4, 6, 5], '-')}`,
      `{"number": "${card('6011', 16)}"}`,
    ][i % 4],
  IBAN: (i) =>
    [
      `IBAN: ${iban('DE', 18)}`,
      `pay to ${group(iban('GB', 18).replace(/^(GB\d\d)\d{4}/, (m, a) => a + s(U, 4)), [4, 4, 4, 4, 4, 2], ' ')}`,
      `iban=${iban('FR', 23)}`,
      `NL account ${iban('NL', 14).replace(/^(NL\d\d)\d{4}/, (m, a) => a + s(U, 4))}`,
    ][i % 4].replace(/(GB|NL)(\d\d)([A-Z]{4})/, (m, cc, ck, bank) => m),
  'Credentials in URL': (i) =>
    [
      `DATABASE_URL=postgres://app_user:${s(B62, 20)}@db.internal.corp:5432/app`,
      `git clone https://deploy:${s(B62, 24)}@git.corp.net/team/repo.git`,
      `amqp://svc-${s(L, 5)}:${s(B62, 16)}@rabbit-1.prod:5672/`,
      `redis://default:${s(B62, 32)}@cache.prod.example-corp.io:6379`,
    ][i % 4],
};

// IBANs with letters in the BBAN need their check digits recomputed.
function fixIban(text) {
  return text.replace(/\b([A-Z]{2})\d\d((?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)\b/g, (m, cc, rest) => {
    const bban = rest.replace(/ /g, '');
    const ck = String(98 - mod97(bban + cc + '00')).padStart(2, '0');
    return cc + ck + rest;
  });
}

const positives = [];
for (const [rule, g] of Object.entries(gens)) {
  for (let i = 0; i < 4; i++) {
    let text = g(i);
    if (rule === 'IBAN') text = fixIban(text);
    positives.push({ rule, text });
  }
}
writeFileSync(join(here, 'positives.jsonl'), positives.map((p) => JSON.stringify(p)).join('\n') + '\n');

// Near-misses: must not fire. Placeholders, look-alikes, broken checksums.
const luhnBad = (d) => d.slice(0, -1) + String((+d.at(-1) + 1) % 10);
const nm = [
  'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
  'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'OPENAI_API_KEY=sk-...xxxx',
  'OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'api_key: your-api-key-here',
  'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'token: ghp_YOUR_TOKEN_HERE',
  'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
  'STRIPE_KEY=sk_live_XXXXXXXXXXXXXXXXXXXXXXXX',
  'stripe: sk_live_placeholder0000000000000000',
  'SLACK_WEBHOOK=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
  'card 4111111111111111 for testing', 'card 4242 4242 4242 4242', '5555555555554444', '378282246310005',
  `card ${luhnBad(card('4', 16))}`, `card ${luhnBad(card('51', 16))}`,
  'order id 1234567890123456', 'timestamp 1700000000000 ms', 'id 9007199254740991',
  'SSN 000-12-3456', 'SSN 666-12-3456', 'SSN 912-34-5678', 'SSN 123-00-4567', 'SSN 123-45-0000', 'SSN 078-05-1120',
  'phone 555-123-4567', 'date 2024-01-15',
  `IBAN DE00${s(D, 18)}`, 'IBAN GB82WEST1234569876543X', `IBAN ${luhnBad(iban('DE', 18))}`, 'version AB12 CD34 build',
  'uuid 123e4567-e89b-12d3-a456-426614174000', `uuid ${s(HEX, 8)}-${s(HEX, 4)}-4${s(HEX, 3)}-a${s(HEX, 3)}-${s(HEX, 12)}`,
  `commit ${s(HEX, 40)}`, `sha256: ${s(HEX, 64)}`, `"integrity": "sha512-${s(B62 + '+/', 86)}=="`,
  `<img src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==">`,
  'const createProxyMiddlewareForExpressServer = () => {}',
  'function getAuthenticationTokenFromHeaders(req) { return req.headers.authorization }',
  'postgres://user:password@localhost:5432/db', 'mongodb://username:password@host:27017', 'redis://:${REDIS_PASSWORD}@cache:6379',
  'https://user:<password>@github.com/o/r.git', 'amqp://guest:guest@localhost:5672', 'ftp://anonymous:***@ftp.site.org',
  'https://admin:changeme@example.com/', 'http://foo:bar@baz.com',
  'const key = "-----BEGIN RSA PRIVATE KEY-----";', "const header = '-----BEGIN ' + type + ' PRIVATE KEY-----'",
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  `eyJub3RqU09OIjp0cnVl.${s(B64U, 20)}.${s(B64U, 30)}`,
  `${b58(bytes(37))}`, `5${s(B58, 50)}`, `xprv${s(B58, 107)}`,
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
  `${seedPhrase(12).split(' ').reverse().join(' ')} zzz`,
  'the quick brown fox jumps over the lazy dog while seven other foxes sleep under trees',
  `private_key_hash = ${s(HEX, 63)}`,
  `SK${s(HEX, 31)}`, `key-${s(HEX, 31)}`, 'risk management desk task mask', 'en-us en-gb en-au',
  'Bearer sk-1234', 'secret_access_key_id_field_name_is_long_enough_yes',
  `M${s(B64U, 25)}.${s(B64U, 6)}.${s(B64U, 30)}`,
  '12345678:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
];
writeFileSync(join(here, 'near-misses.jsonl'), nm.map((text) => JSON.stringify({ text })).join('\n') + '\n');
console.log(`positives: ${positives.length} rows, ${Object.keys(gens).length} rules; near-misses: ${nm.length}`);
