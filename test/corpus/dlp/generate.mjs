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

const uuid = () => `${s(HEX, 8)}-${s(HEX, 4)}-4${s(HEX, 3)}-${pick(['8', '9', 'a', 'b'])}${s(HEX, 3)}-${s(HEX, 12)}`;
const b64 = (str) => Buffer.from(str).toString('base64');
// Bech32 / bech32m encoding (BIP-173, BIP-350), independent of the validator in core.
const BECH = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
function polymod(values) {
  const G = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const b = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((b >>> i) & 1) chk = (chk ^ G[i]) >>> 0;
  }
  return chk;
}
function segwit(version, program) {
  const data = [version];
  let acc = 0, bits = 0;
  for (const byte of program) { acc = (acc << 8) | byte; bits += 8; while (bits >= 5) { bits -= 5; data.push((acc >> bits) & 31); } }
  if (bits > 0) data.push((acc << (5 - bits)) & 31);
  const hrp = 'bc';
  const exp = [...hrp].map((c) => c.charCodeAt(0) >> 5).concat([0], [...hrp].map((c) => c.charCodeAt(0) & 31));
  const mod = polymod([...exp, ...data, 0, 0, 0, 0, 0, 0]) ^ (version === 0 ? 1 : 0x2bc830a3);
  const cs = Array.from({ length: 6 }, (_, i) => (mod >>> (5 * (5 - i))) & 31);
  return hrp + '1' + [...data, ...cs].map((v) => BECH[v]).join('');
}
// EIP-55 test vectors from the EIP (mixed case, valid checksums).
const EIP55 = ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359', '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB', '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb'];
const b64u = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
function phraseChecksumOk(words) {
  const bits = words.map((w) => WORDS.indexOf(w).toString(2).padStart(11, '0')).join('');
  const cs = words.length / 3;
  const ent = Buffer.from(bits.slice(0, bits.length - cs).match(/.{8}/g).map((b) => parseInt(b, 2)));
  return sha256(ent)[0].toString(2).padStart(8, '0').slice(0, cs) === bits.slice(bits.length - cs);
}
/** A real phrase reversed: list words, a failing checksum (a reversal passes one time in 16, so draw until it fails). */
function reversedInvalidPhrase() {
  for (;;) {
    const w = seedPhrase(12).split(' ').reverse();
    if (!phraseChecksumOk(w)) return `${w.join(' ')} zzz`;
  }
}
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

  // ---- added with the breadth work (vendor formats) ----
  'Anthropic OAuth Token': W(() => `sk-ant-oat01-${s(B64U, 93)}AA`),
  'Hugging Face Organization Token': W(() => `api_org_${s(U + L, 34)}`),
  'NVIDIA API Key': W(() => `nvapi-${s(B64U, 64)}`),
  'Tavily API Key': W(() => `tvly-${pick(['dev-', 'prod-', ''])}${s(B62, 32)}`),
  'Langfuse Secret Key': W(() => `sk-lf-${uuid()}`),
  'ElevenLabs API Key (sk_)': W(() => `sk_${s(HEX, 48)}`),
  'Pinecone API Key': W(() => `${pick(['pcsk', 'pckey'])}_${s(B62, 6)}_${s(B62, 60)}`),
  'Jina AI API Key': W(() => `jina_${s(B62, 60)}`),
  'Firecrawl API Key': W(() => `fc-${s(HEX, 32)}`),
  'Amazon Bedrock API Key': W(() =>
    rnd() < 0.5
      ? `ABSK${b64(`BedrockAPIKey-${s(L + D, 4)}-at-${s(D, 12)}:${s(B62 + '/+', 40)}`)}`
      : `bedrock-api-key-${b64(`bedrock.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=ASIA${s(U, 16)}%2F20250101%2Fus-east-1%2Fbedrock%2Faws4_request&X-Amz-Signature=${s(HEX, 64)}&Version=1`)}`,
  ),
  'Azure DevOps Personal Access Token': W(() => `${s(B62, 76)}AZDO${s(B62, 4)}`),
  'Azure Shared Access Key': () => `Endpoint=sb://ns-${s(L, 6)}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${s(B62 + '+/', 43)}=`,
  'Azure App Configuration Secret': () => `Endpoint=https://${s(L, 8)}.azconfig.io;Id=${s(B62, 4)}-l1-s0:${s(B62, 20)};Secret=${s(B62 + '+/', 43)}=`,
  'Google OAuth Refresh Token': W(() => `1//0${pick(['4', '9', 'g'])}${s(B64U, 100)}`),
  'Cloudflare Origin CA Key': W(() => `v1.0-${s(HEX, 24)}-${s(HEX, 146)}`),
  'Tencent Cloud SecretId': W(() => `AKID${s(B62, 32)}`),
  'Yandex Cloud Credential': W(() => (rnd() < 0.5 ? `AQVN${s(B64U, 36)}` : `t1.${s(B62, 20)}.${s(B64U, 86)}`)),
  'Scaleway Access Key': W(() => `SCW${s(U, 9)}${s(D, 8)}`),
  'Fly.io Token': W(() => (rnd() < 0.5 ? `fo1_${s(B64U, 43)}` : `FlyV1 fm2_${s(B62 + '+/', 150)}`)),
  'Render API Key': W(() => `rnd_${s(B62, 32)}`),
  'Vercel Token': W(() => `${pick(['vcp', 'vci', 'vca', 'vck'])}_${s(B62, 48)}`),
  'Netlify Token': W(() => `${pick(['nfp', 'nfc', 'nfo'])}_${s(B62, 36)}`),
  'Deno Deploy Token': W(() => `ddp_${s(B62, 36)}`),
  'Tailscale Key': W(() => `tskey-${pick(['api', 'auth', 'client'])}-${s(B62, 12)}-${s(B62, 32)}`),
  'OpenShift User Token': W(() => `sha256~${s(B64U, 43)}`),
  'Defined Networking API Token': W(() => `dnkey-${s(L + D, 26)}-${s(L + D, 52)}`),
  'PlanetScale Token': W(() => `pscale_${pick(['tkn', 'pw', 'oauth'])}_${s(B64U, 43)}`),
  'Supabase Secret Key': W(() => `sb_secret_${s(B64U, 32)}`),
  'ClickHouse Cloud API Secret': W(() => `4b1d${s(B62, 38)}`),
  'GitLab Runner Registration Token': W(() => `GR1348941${s(B64U, 20)}`),
  'GitLab Feed Token': W(() => `glft-${s(B64U, 20)}`),
  'GitLab Incoming Mail Token': W(() => `glimt-${s(B64U, 25)}`),
  'GitLab OAuth Application Secret': W(() => `gloas-${s(B64U, 64)}`),
  'GitLab Agent Token': W(() => `glagent-${s(B64U, 50)}`),
  'GitLab Feature Flag Client Token': W(() => `glffct-${s(B64U, 20)}`),
  'GitLab Session Cookie': () => `Cookie: _gitlab_session=${s(L + D, 32)}; path=/`,
  'Sourcegraph Access Token': W(() => `sgp_${s(HEX, 16)}_${s(HEX, 40)}`),
  'SonarQube Token': W(() => `${pick(['squ', 'sqp', 'sqa'])}_${s(HEX, 40)}`),
  'CircleCI Token': W(() => `CCIP${pick(['AT', 'RJ'])}_${s(B62, 22)}_${s(HEX, 40)}`),
  'Buildkite API Token': W(() => `bkua_${s(HEX, 40)}`),
  'Harness Access Token': W(() => `pat.${s(B64U, 22)}.${s(HEX, 24)}.${s(B62, 20)}`),
  'Octopus Deploy API Key': W(() => `API-${s(U, 14)}${s(D, 14)}`),
  'Prefect API Key': W(() => `pnu_${s(B62, 36)}`),
  'Infracost API Key': W(() => `ico-${s(B62, 32)}`),
  'Scalingo API Token': W(() => `tk-us-${s(B64U, 48)}`),
  'SettleMint Access Token': W(() => `sm_${pick(['aat', 'pat', 'sat'])}_${s(B62, 16)}`),
  'Slack Configuration Token': W(() => (rnd() < 0.5 ? `xoxe.xoxp-1-${s(B62, 170)}` : `xoxe-1-${s(B62, 146)}`)),
  'Slack Legacy Token': W(() => (rnd() < 0.5 ? `xoxs-${s(D, 10)}-${s(D, 10)}-${s(D, 12)}-${s(HEX, 20)}` : `xoxb-${s(D, 10)}-${s(B62, 24)}`)),
  'Facebook Access Token': W(() => `EAAB${s(B62, 180)}`),
  'Instagram Access Token': W(() => `IGQV${s(B64U, 160)}`),
  'X (Twitter) Bearer Token': W(() => `${'A'.repeat(22)}${s(B62, 20)}%2F${s(B62, 20)}%3D${s(B62, 50)}`),
  'Shippo API Token': W(() => `shippo_${pick(['live', 'test'])}_${s(HEX, 40)}`),
  'EasyPost API Key': W(() => `${pick(['EZAK', 'EZTK'])}${s(B62, 54)}`),
  'Flutterwave Secret Key': W(() => (rnd() < 0.5 ? `FLWSECK-${s(HEX, 32)}-X` : `FLWSECK_TEST-${s(HEX, 32)}-X`)),
  'Plaid Access Token': W(() => `access-${pick(['sandbox', 'development', 'production'])}-${uuid()}`),
  'Duffel API Token': W(() => `duffel_${pick(['test', 'live'])}_${s(B64U, 43)}`),
  'WooCommerce API Key': W(() => `${pick(['ck', 'cs'])}_${s(HEX, 40)}`),
  'JFrog API Key': W(() => (rnd() < 0.5 ? `AKCp${s(B62, 69)}` : `cmVmdGtuOjAxOj${s(B62, 50)}`)),
  'crates.io API Token': W(() => `cio${s(B62, 32)}`),
  'Clojars Deploy Token': W(() => `CLOJARS_${s(B62, 60)}`),
  'Airtable Personal Access Token': W(() => `pat${s(B62, 14)}.${s(HEX, 64)}`),
  'Contentful Personal Access Token': W(() => `CFPAT-${s(B64U, 43)}`),
  'Typeform Personal Token': W(() => `tfp_${s(B64U, 59)}`),
  'Frame.io API Token': W(() => `fio-u-${s(B64U, 64)}`),
  'Mapbox Secret Token': W(() => `sk.eyJ1Ijoi${s(B64U, 60)}.${s(B64U, 22)}`),
  'Figma Personal Access Token': W(() => `figd_${s(B64U, 40)}`),
  'Dynatrace API Token': W(() => `dt0c01.${s(U + D, 24)}.${s(U + D, 64)}`),
  'New Relic Ingest Key': W(() => (rnd() < 0.5 ? `NRII-${s(B64U, 32)}` : `${s(HEX, 36)}NRAL`)),
  'Honeycomb API Key': W(() => `hc${pick(['a', 'x', 'b'])}${pick(['i', 'm', 'l'])}k_${s(L + D, 58)}`),
  'PostHog Personal API Key': W(() => `phx_${s(B62, 43)}`),
  'LaunchDarkly Access Token': W(() => `${pick(['api', 'sdk'])}-${uuid()}`),
  '1Password Service Account Token': W(() => `ops_eyJ${s(B64U, 300)}`),
  '1Password Secret Key': W(() => `A3-${s(U + D, 6)}-${s(U + D, 6)}-${s(U + D, 5)}-${s(U + D, 5)}-${s(U + D, 5)}-${s(U + D, 5)}`),
  'Grafana API Key (legacy)': W(() => b64(JSON.stringify({ k: s(B62, 32), n: s(L, 6), id: 1 + int(9) }))),
  'HubSpot Private App Token': W(() => `pat-${pick(['na', 'eu'])}1-${uuid()}`),
  'Brevo (Sendinblue) API Key': W(() => `${pick(['xkeysib', 'xsmtpsib'])}-${s(HEX, 64)}-${s(B62, 16)}`),
  'Resend API Key': W(() => `re_${s(B62, 8)}_${s(B62, 24)}`),
  'Mailgun Public Validation Key': W(() => `pubkey-${s(HEX, 32)}`),
  'ReadMe API Key': W(() => `rdme_${s(L + D, 70)}`),
  'Dropbox Access Token': W(() => `sl.${s(B64U, 138)}`),
  'Dropbox Long-Lived Token': W(() => `${s(L + D, 11)}AAAAAAAAAA${s(L + D, 43)}`),
  '42 Intra Client Secret': W(() => `s-s4t2${pick(['ud', 'af'])}-${s(HEX, 64)}`),
  'Adobe Client Secret': W(() => `p8e-${s(B62, 32)}`),
  'MaxMind License Key': W(() => `${s(B62, 6)}_${s(B62, 29)}_mmk`),
  'Authress Service Client Access Key': W(() => `sc_${s(L + D, 10)}.${s(L + D, 5)}.acc_${s(L + D, 20)}.${s(B64U, 60)}`),
  // Opt-in (dlp.crypto_addresses): the corpus test enables the group for these.
  'Bitcoin Address': (i) =>
    [
      `send to ${b58check(Buffer.concat([Buffer.from([0x00]), bytes(20)]))}`,
      `{"address":"${b58check(Buffer.concat([Buffer.from([0x05]), bytes(20)]))}"}`,
      `payout: ${segwit(0, bytes(20))}`,
      `taproot ${segwit(1, bytes(32))}`,
    ][i % 4],
  'Ethereum Address': (i) => [`to=${EIP55[i % 4]}`, `"wallet": "0x${s(HEX, 40)}"`, `${EIP55[(i + 1) % 4]}`, `recipient 0x${s(HEX, 40).toUpperCase()}`][i % 4],
  // Name-only rows: a random value under a secret-ish name, curl credentials, Kubernetes and NuGet.
  'Secret Assignment': (i) =>
    [
      `DB_PASSWORD="${s(B62, 12)}${s(D, 3)}${s(B62, 9)}"`,
      `client_secret: '${s(B62 + '-_', 40)}'`,
      `{"api_key": "${s(HEX, 32)}", "region": "eu"}`,
      `const authToken = "${s(B62, 36)}";`,
    ][i % 4],
  'curl User Credentials': (i) =>
    [
      `curl -u deploy:${s(B62, 20)} https://ci.corp.net/api/v1/jobs`,
      `curl --user "svc-bot:${s(B62, 18)}" -X POST https://hooks.corp.net/run`,
      `curl -s https://registry.corp.net/v2/_catalog -u admin:${s(B62, 16)}`,
      `curl -X GET \\\n  https://api.corp.net/items \\\n  --user ops:${s(B62, 24)}`,
    ][i % 4],
  'curl Authorization Header': (i) =>
    [
      `curl -H "Authorization: Bearer ${s(B62, 40)}" https://api.corp.net/v1/me`,
      `curl https://api.corp.net -H 'X-API-Key: ${s(HEX, 32)}'`,
      `curl --header "Authorization: Basic ${b64(`deploy:${s(B62, 20)}`)}" https://git.corp.net/`,
      `curl -X POST https://api.corp.net/v2/send \\\n  -H "Authorization: token ${s(B62, 36)}"`,
    ][i % 4],
  'Kubernetes Secret Manifest': (i) =>
    [
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  password: ${b64(s(B62, 20))}\n`,
      `kind: Secret\napiVersion: v1\nmetadata:\n  name: api\ndata:\n  token: ${b64(s(B62, 32))}\n  user: ${b64('app')}\n`,
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  apiKey: ${s(B62, 28)}\n`,
      `---\nkind: "Secret"\ndata:\n  key: ${b64(s(B62 + '+/', 24))}\n`,
    ][i % 4],
  'Flutterwave Public Key': W(() => `FLWPUBK_TEST-${s(HEX, 32)}-X`),
  'Facebook App Access Token': (i) => [`access_token=${s(D, 16)}|${s(HEX, 32)}`, `{"token": "${s(D, 15)}|${s(B64U, 30)}"}`, `fb ${s(D, 16)}%7C${s(HEX, 32)}`, `APP_TOKEN='${s(D, 16)}|${s(B62, 27)}'`][i % 4],
  'New Relic Browser Key': W(() => `NRJS-${s(HEX, 19)}`),
  'Azure Data Factory SHIR Key': W(() => `IR@${uuid()}@adf-${s(L, 6)}@ServiceEndpoint=${s(L, 6)}.westeurope.datafactory.azure.net@${s(B62 + '+/', 43)}=`),
  'NuGet Config Password': () => `<packageSourceCredentials><feed><add key="Username" value="ci" /><add key="ClearTextPassword" value="${s(B62, 20)}" /></feed></packageSourceCredentials>`,
};

// ---- Keyword-context classes: a provider keyword in the name, a value of its format ----
const CONST = (k) => k.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
const camel = (k) => k.replace(/[^a-z0-9]+([a-z0-9])/g, (_, c) => c.toUpperCase());
const ASSIGN = [
  (n, v) => `${n} = "${v}"`,
  (n, v) => `${n}=${v}`,
  (n, v) => `{"${n}": "${v}"}`,
  (n, v) => `${n}: '${v}'`,
  (n, v) => `export ${n}="${v}"`,
  (n, v) => `$${n} = '${v}';`,
  (n, v) => `${n} := "${v}"`,
  (n, v) => `<${n}>${v}</${n}>`,
  (n, v) => `:${n} => "${v}",`,
  (n, v) => `config.set("${n}", "${v}")`,
  (n, v) => `docker run -e ${n}=${v} app`,
  (n, v) => `"${n}":"${v}"`,
  (n, v) => `<add key="${n}" value="${v}" />`,
  (n, v) => `ENV ${n} ${v}`,
  (n, v) => `tool --${n} ${v}`,
  (n, v) => `var ${n} string = "${v}"`,
];
/** Names a provider keyword appears in: NETLIFY_API_KEY, netlify_token, netlifySecret, … ("word" forces e.g. secret). */
function namesFor(kw, word) {
  const w = word ?? 'token';
  return [`${CONST(kw)}_${word ? CONST(word) : 'API_KEY'}`, `${kw}_${w}`, `${camel(kw)}${w[0].toUpperCase()}${w.slice(1)}`, `${kw}-${word ?? 'key'}`];
}
// [rule, keyword as written, value generator, name word the row requires]
const KW = [
  ['OpenAI API Key (by name)', 'openai', () => `sk-${s(B62, 48)}`],
  ['Anthropic API Key (by name)', 'anthropic', () => `sk-ant-${s(B64U, 40)}`],
  ['Cohere API Key', 'cohere', () => s(B62, 40)],
  ['Mistral API Key', 'mistral', () => s(B62, 32)],
  ['DeepSeek API Key', 'deepseek', () => `sk-${s(HEX, 32)}`],
  ['Together AI API Key', 'together', () => s(HEX, 64)],
  ['Fireworks AI API Key', 'fireworks', () => `fw_${s(B62, 24)}`],
  ['Stability AI API Key', 'stability', () => `sk-${s(B62, 48)}`],
  ['ElevenLabs API Key', 'elevenlabs', () => s(HEX, 32)],
  ['AssemblyAI API Key', 'assemblyai', () => s(HEX, 32)],
  ['Deepgram API Key', 'deepgram', () => s(HEX, 40)],
  ['Weights & Biases API Key', 'wandb', () => s(HEX, 40)],
  ['SerpApi Key', 'serpapi', () => s(HEX, 64)],
  ['Pinecone API Key (legacy)', 'pinecone', uuid],
  ['Private AI API Key', 'private_ai', () => s(L + D, 32)],
  ['AWS Session Token', null, () => s(B62 + '+/', 300), ['AWS_SESSION_TOKEN', 'aws_session_token', 'awsSessionToken', 'X-Amz-Security-Token']],
  ['Alibaba Cloud AccessKey Secret', 'alibaba', () => s(B62, 30), 'secret'],
  ['Azure AI Services Key', 'azure_openai', () => s(HEX, 32)],
  ['Cloudflare API Key', 'cloudflare', () => (rnd() < 0.5 ? s(B64U, 40) : s(HEX, 37))],
  ['Heroku API Key (legacy)', 'heroku', uuid],
  ['IBM Cloud API Key', 'ibm_cloud', () => s(B64U, 44)],
  ['Linode Token', 'linode', () => s(HEX, 64)],
  ['Vultr API Key', 'vultr', () => s(U + D, 36)],
  ['Hetzner Cloud API Token', 'hetzner', () => s(B62, 64)],
  ['Netlify Access Token (legacy)', 'netlify', () => s(B64U, 43)],
  ['Fastly API Token', 'fastly', () => s(B64U, 32)],
  ['GitHub OAuth App Secret', 'github', () => s(HEX, 40), 'secret'],
  ['Bitbucket OAuth Secret', 'bitbucket', () => s(B64U, 64), 'secret'],
  ['Atlassian API Token (legacy)', 'jira', () => s(B62, 24)],
  ['Gitter Access Token', 'gitter', () => s(L + D + '_-', 40)],
  ['Codecov Upload Token', 'codecov', uuid],
  ['Travis CI Token', 'travis', () => s(B62, 22)],
  ['Drone CI Token', 'drone', () => s(B62, 32)],
  ['SonarQube Token (legacy)', 'sonar', () => s(HEX, 40)],
  ['Snyk API Token', 'snyk', uuid],
  ['JFrog Token (by name)', 'artifactory', () => s(B62, 64)],
  ['Twilio Auth Token', 'twilio', () => s(HEX, 32)],
  ['Mattermost Access Token', 'mattermost', () => s(L + D, 26)],
  ['MessageBird API Key', 'messagebird', () => s(B62, 25)],
  ['Vonage API Secret', 'vonage', () => s(B62, 16), 'secret'],
  ['Sendbird API Token', 'sendbird', () => s(HEX, 40)],
  ['Discord Client Secret', 'discord', () => s(B64U, 32), 'secret'],
  ['Pusher Channels Secret', 'pusher', () => s(HEX, 20), 'secret'],
  ['Twitch API Token', 'twitch', () => s(L + D, 30)],
  ['X (Twitter) API Credential', 'twitter', () => (rnd() < 0.5 ? `${s(D, 19)}-${s(B62, 30)}` : s(B62, 50))],
  ['Zendesk API Token', 'zendesk', () => s(B62, 40)],
  ['PayPal Client Secret', 'paypal', () => `E${s(B64U, 79)}`, 'secret'],
  ['Plaid Secret', 'plaid', () => s(HEX, 30), 'secret'],
  ['GoCardless Access Token', 'gocardless', () => `live_${s(B64U, 40)}`],
  ['Razorpay Key Secret', 'razorpay', () => s(B62, 24), 'secret'],
  ['Paystack Secret Key', 'paystack', () => `sk_live_${s(HEX, 40)}`],
  ['Lob API Key', 'lob', () => `live_${s(HEX, 35)}`],
  ['Lob Publishable Key', 'lob', () => `test_pub_${s(HEX, 31)}`],
  ['Coinbase Access Token', 'coinbase', () => s(B64U, 64)],
  ['Kraken API Key', 'kraken', () => s(B62 + '/+', 86)],
  ['KuCoin API Credential', 'kucoin', () => s(HEX, 24)],
  ['Bittrex API Credential', 'bittrex', () => s(B62, 32)],
  ['Finicity API Credential', 'finicity', () => s(HEX, 32)],
  ['Finnhub API Key', 'finnhub', () => s(B62, 20)],
  ['Adafruit IO Key', 'adafruit', () => (rnd() < 0.5 ? `aio_${s(B62, 28)}` : s(L + D + '_-', 32))],
  ['Algolia API Key', 'algolia', () => s(HEX, 32)],
  ['Asana Token', 'asana', () => (rnd() < 0.5 ? `1/${s(D, 16)}:${s(HEX, 32)}` : s(B62, 32))],
  ['Beamer API Token', 'beamer', () => `b_${s(B64U, 44)}`],
  ['Cisco Meraki API Key', 'meraki', () => s(HEX, 40)],
  ['Confluent API Credential', 'confluent', () => (rnd() < 0.5 ? s(B62, 16) : s(B62 + '+/', 64))],
  ['Contentful Delivery Token', 'contentful', () => s(B64U, 43)],
  ['Dropbox API Token (by name)', 'dropbox', () => s(B62, 15)],
  ['Etsy API Key', 'etsy', () => s(L + D, 24)],
  ['Facebook App Secret', 'facebook', () => s(HEX, 32), 'secret'],
  ['Flickr API Key', 'flickr', () => s(L + D, 32)],
  ['Freemius Secret Key', 'freemius', () => `sk_${s(B62, 29)}`],
  ['FreshBooks Access Token', 'freshbooks', () => s(L + D, 64)],
  ['HubSpot API Key (legacy)', 'hubspot', uuid],
  ['Intercom Access Token', 'intercom', () => s(B64U, 60)],
  ['LaunchDarkly Access Token (by name)', 'launchdarkly', () => s(B64U, 40)],
  ['Linear OAuth Secret', 'linear', () => s(HEX, 32), 'secret'],
  ['LinkedIn Client Secret', 'linkedin', () => s(B62, 16), 'secret'],
  ['Looker API Credential', 'looker', () => s(B62, 24), 'client_secret'],
  ['Mailgun API Key (by name)', 'mailgun', () => `${s(HEX, 32)}-${s(HEX, 8)}-${s(HEX, 8)}`],
  ['New Relic Key (by name)', 'newrelic', () => `${s(HEX, 36)}NRAL`],
  ['New York Times API Key', 'nytimes', () => s(B64U, 32)],
  ['Okta API Token', 'okta', () => `00${s(B64U, 40)}`],
  ['Auth0 Client Secret', 'auth0', () => s(B64U, 64), 'secret'],
  ['PagerDuty API Key', 'pagerduty', () => s(B62, 20)],
  ['Postmark Server Token', 'postmark', uuid],
  ['RapidAPI Key', 'rapidapi', () => s(B64U, 50)],
  ['Squarespace API Key', 'squarespace', uuid],
  ['Sumo Logic Access Key', 'sumo', () => (rnd() < 0.5 ? `su${s(B62, 12)}` : s(B62, 64))],
  ['Trello API Credential', 'trello', () => s(HEX, 64)],
  ['Sidekiq Enterprise Credential', null, () => `${s(HEX, 8)}:${s(HEX, 8)}`, ['BUNDLE_ENTERPRISE__CONTRIBSYS__COM', 'BUNDLE_GEMS__CONTRIBSYS__COM']],
  ['Datadog Access Token (by name)', 'datadog', () => s(L + D, 40)],
  ['Mapbox Token (by name)', 'mapbox', () => `pk.${s(L + D, 60)}.${s(L + D, 22)}`],
  ['Sentry Auth Token (legacy)', 'sentry', () => s(HEX, 64)],
  ['HashiCorp Vault Token (legacy)', 'vault', () => `s.${s(B62, 24)}`],
  ['Yandex Cloud Access Key (by name)', 'yandex', () => `YC${s(B64U, 38)}`],
  ['Airtable API Key (legacy)', 'airtable', () => `key${s(B62, 14)}`],
  ['Django Secret Key', null, () => `django-insecure-${s(L + D + '!@#$%^&*(-_=+)', 50)}`, ['SECRET_KEY', 'DJANGO_SECRET_KEY']],
];
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
// Keyword-context positives after the vendor-format ones, so adding classes never reshuffles earlier rows.
const ruleNearMisses = [];
let ai = 0;
for (const [rule, kw, value, words] of KW) {
  const names = Array.isArray(words) ? words : namesFor(kw, words);
  for (let i = 0; i < 4; i++) positives.push({ rule, text: ASSIGN[ai++ % ASSIGN.length](names[i % names.length], value()) });
  // Near-misses of the same name: an env lookup, a mask, a template, the value's shape without its randomness.
  const n = names[0];
  const v = value();
  ruleNearMisses.push({ rule, text: `${n} = os.environ["${CONST(n)}"]` });
  ruleNearMisses.push({ rule, text: `${n}: ${'x'.repeat(Math.max(16, v.length))}` });
  ruleNearMisses.push({ rule, text: `${n}: "<${CONST(n)}>"` });
  ruleNearMisses.push({ rule, text: `${n} = "${v.replace(/[0-9]/g, '').replace(/[A-Za-z]/g, 'a')}"` });
}
// Documented variants and hand-made shapes of vendor formats (lengths, optional parts, case).
const VARIANTS = [
  ['SendGrid API Key', () => `SENDGRID_API_KEY=SG.${s(B64U + '.', 66)}`],
  ['GitHub Fine-Grained Token', () => `token: github_pat_${s(B62 + '_', 82)}`],
  ['Slack Bot Token', () => `SLACK_BOT_TOKEN=xoxb-${s(D, 12)}-${s(D, 13)}`],
  ['Slack Webhook URL', () => `webhook: https://hooks.slack.com/services/${s(B62 + '+/', 48)}`],
  ['Telegram Bot Token', () => `bot ${s(D, 7)}:A${s(B64U, 34)}`],
  ['Stripe Secret Key', () => `stripe.api_key = "sk_prod_${s(B62, 16)}"`],
  ['Stripe Test Secret Key', () => `STRIPE_KEY=sk_test_${s(B62, 24)}`],
  ['Square Access Token', () => `square: EAAA${s(B64U, 30)}`],
  ['Amazon Bedrock API Key', () => `AWS_BEARER_TOKEN_BEDROCK=ABSK${s(B62 + '+/', 132)}`],
  ['Harness Access Token', () => `HARNESS=pat.${s(B64U, 22)}.${s(B62, 24)}.${s(B62, 20)}`],
  ['JFrog API Key', () => `artifactory token cmVmdGtu${s(B62, 56)}`],
  ['Private Key', () => `-----BEGIN ED25519 PRIVATE KEY-----\n${s(B62 + '+/', 64)}\n-----END ED25519 PRIVATE KEY-----`],
  ['Flutterwave Secret Key', () => `FLW_ENC=FLWSECK_TEST-${s('abcdefgh0123456789', 12)}`],
  ['Dynatrace API Token', () => `DT_API_TOKEN=dt0c01.${s(L + D, 24)}.${s(L + D, 64)}`],
];
for (const [rule, g] of VARIANTS) for (let i = 0; i < 2; i++) positives.push({ rule, text: g() });
writeFileSync(join(here, 'positives.jsonl'), positives.map((p) => JSON.stringify(p)).join('\n') + '\n');
writeFileSync(join(here, 'rule-near-misses.jsonl'), ruleNearMisses.map((p) => JSON.stringify(p)).join('\n') + '\n');

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
  reversedInvalidPhrase(),
  'the quick brown fox jumps over the lazy dog while seven other foxes sleep under trees',
  `private_key_hash = ${s(HEX, 63)}`,
  `SK${s(HEX, 31)}`, `key-${s(HEX, 31)}`, 'risk management desk task mask', 'en-us en-gb en-au',
  'Bearer sk-1234', 'secret_access_key_id_field_name_is_long_enough_yes',
  `M${s(B64U, 25)}.${s(B64U, 6)}.${s(B64U, 30)}`,
  '12345678:AAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
];
// Secret-ish names with values that are not credentials: env lookups, templates, masks, typed passwords.
nm.push(
  'const apiKey = process.env.OPENAI_API_KEY;',
  'token = os.environ.get("GITHUB_TOKEN")',
  'api_key: ${{ secrets.DEPLOY_API_KEY }}',
  'password: ${DB_PASSWORD:-}',
  'STRIPE_SECRET_KEY=${STRIPE_SECRET_KEY}',
  'client_secret = "<your-client-secret>"',
  'ADAFRUIT_IO_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
  'twilio_auth_token = "********************************"',
  'secret = "changeme"',
  'password = "hunter2"',
  'token_type: "Bearer"',
  'secret_name: "prod/db/password"',
  'SECRET_KEY_BASE_FILE=/run/secrets/secret_key_base',
  'api_key_header = "X-API-Key"',
  'tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")',
  'MYSQL_CACHING_SHA2_PASSWORD = "MYSQL_CACHING_SHA2_PASSWORD"',
  'static readonly TWITCH: OAuth2CredentialProviderVendor;',
  `nextPageToken: "${s(B64U, 40)}"`,
  `csrf_token = "${s(HEX, 32)}"`,
  `"nonce": "${s(B62, 22)}"`,
  `publishable_key: "pk_live_${s(B62, 24)}"`,
  `password_hash = "$2b$12$${s(B62 + './', 53)}"`,
  'curl -u "$USER:$PASSWORD" https://api.example.com',
  'curl -H "Authorization: Bearer $TOKEN" https://api.example.com',
  'curl -H "Authorization: Bearer ${API_TOKEN}" https://api.corp.net',
  'curl -u user:password https://httpbin.org/basic-auth/user/password',
  `wallet 0x${s(HEX, 40)} and bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4`,
  'kind: Secret\ndata:\n  password: cGFzc3dvcmQ=\n',
);
writeFileSync(join(here, 'near-misses.jsonl'), nm.map((text) => JSON.stringify({ text })).join('\n') + '\n');

// Everyday code lines: the hard negatives of a firewall that sees code in every LLM
// request. None is a credential; each must pass on every surface.
const NAMES = ['OPENAI_API_KEY', 'GITHUB_TOKEN', 'STRIPE_SECRET_KEY', 'DB_PASSWORD', 'TWILIO_AUTH_TOKEN', 'SLACK_BOT_TOKEN', 'NETLIFY_AUTH_TOKEN', 'ALGOLIA_API_KEY', 'CLOUDFLARE_API_TOKEN', 'SENTRY_DSN'];
const lower = (n) => n.toLowerCase();
const EVERYDAY = [
  () => `const ${camel(lower(pick(NAMES)))} = process.env.${pick(NAMES)};`,
  () => `${lower(pick(NAMES))} = os.environ["${pick(NAMES)}"]`,
  () => `${lower(pick(NAMES))} = os.getenv("${pick(NAMES)}", "")`,
  () => `  ${lower(pick(NAMES))}: \${{ secrets.${pick(NAMES)} }}`,
  () => `${pick(NAMES)}=\${${pick(NAMES)}}`,
  () => `apiKey: config.get('${lower(pick(NAMES))}'),`,
  () => `if (!token) throw new Error('missing ${pick(NAMES)}');`,
  () => `commit ${s(HEX, 40)}`,
  () => `"sha": "${s(HEX, 40)}",`,
  () => `etag: W/"${s(HEX, 32)}"`,
  () => `checksum = "${s(HEX, 64)}"`,
  () => `${s(HEX, 64)}  dist/app-${int(9)}.${int(9)}.${int(9)}.tar.gz`,
  () => `    "integrity": "sha512-${s(B62 + '+/', 86)}==",`,
  () => `resolved "https://registry.yarnpkg.com/pkg/-/pkg-1.${int(20)}.${int(9)}.tgz#${s(HEX, 40)}"`,
  () => `  id: "${uuid()}",`,
  () => `request_id = "${uuid()}"`,
  () => `{"correlationId": "${uuid()}", "status": "ok"}`,
  () => `<img alt="logo" src="data:image/png;base64,${s(B62 + '+/', 200)}=">`,
  () => `background: url(data:image/svg+xml;base64,${s(B62 + '+/', 120)});`,
  () => `nextPageToken: "${s(B64U, 48)}"`,
  () => `"cursor": "${b64(`{"offset":${int(1e6)},"ts":${1.7e9 + int(1e7)}}`)}"`,
  () => `csrf_token = "${s(HEX, 32)}"`,
  () => `<meta name="csrf-token" content="${s(B64U, 43)}">`,
  () => `nonce: "${s(B62, 22)}",`,
  () => `token_type: "Bearer", expires_in: ${int(7200)}`,
  () => `const FAKE_API_KEY = 'test-key-${int(1000)}';`,
  () => `it('rejects a bad token', () => expect(verify('invalid-token')).toBe(false));`,
  () => `token: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',`,
  () => `secret: "<REPLACE_WITH_YOUR_SECRET>"`,
  () => `password: 'password${int(100)}'`,
  () => `"${pick(['tokenizer', 'tokens', 'tokenCount'])}": ${int(50000)},`,
  () => `max_tokens=${int(4096)}, temperature=0.${int(9)}`,
  () => `publishable_key: "pk_live_${s(B62, 24)}"`,
  () => `public_key = "${s(B62 + '+/', 43)}="`,
  () => `password_hash: "$2b$10$${s(B62 + './', 53)}"`,
  () => `secretsmanager.getSecretValue({ SecretId: "prod/${s(L, 6)}/db" })`,
  () => `color: #${s(HEX, 6)}; border-color: #${s(HEX, 3)};`,
  () => `var a=function(t){return t.token?t.token.length:0},b="${s(L, 8)}";`,
  () => `order ${s(D, 10)} shipped at ${1.7e12 + int(1e10)}`,
  () => `phone: +1-${s(D, 3)}-${s(D, 3)}-${s(D, 4)}`,
  () => `to: 0x${s(HEX, 40)}`,
  () => `pay to ${b58check(Buffer.concat([Buffer.from([0x00]), bytes(20)]))}`,
  () => `git clone https://github.com/${s(L, 6)}/${s(L, 8)}.git`,
  () => `docker pull ghcr.io/${s(L, 6)}/${s(L, 5)}@sha256:${s(HEX, 64)}`,
  () => `export PATH="$HOME/.local/bin:$PATH"`,
  () => `const key = crypto.randomBytes(32).toString('hex');`,
  () => `session.secret = process.env.SESSION_SECRET || crypto.randomUUID();`,
  () => `Authorization: \`Bearer \${accessToken}\`,`,
  () => `headers: { 'X-API-Key': apiKey, 'Content-Type': 'application/json' },`,
  () => `"password": { "type": "string", "minLength": 12, "format": "password" },`,
  () => `ENV ${pick(NAMES)}_FILE /run/secrets/${lower(pick(NAMES))}`,
  () => `ARG ${pick(NAMES)}`,
  () => `deploy --api-token-file ~/.config/${s(L, 6)}/token --region eu-west-${int(3)}`,
  () => `<add key="${pick(NAMES)}" value="%${pick(NAMES)}%" />`,
  () => `the twitter account ${s(L, 8)} posted ${int(900)} times since 20${int(10) + 10}`,
  () => `cloudflare token rotation runs every ${int(90)} days`,
];
const everyday = [];
for (let i = 0; i < 2000; i++) everyday.push({ text: EVERYDAY[i % EVERYDAY.length]() });
writeFileSync(join(here, 'everyday.jsonl'), everyday.map((p) => JSON.stringify(p)).join('\n') + '\n');
console.log(
  `positives: ${positives.length} rows, ${new Set(positives.map((p) => p.rule)).size} rules; near-misses: ${nm.length}; rule near-misses: ${ruleNearMisses.length}; everyday lines: ${everyday.length}`,
);
