// Recall and false alarms of the URL exfiltration heuristics per family, on
// generated URLs (a seeded generator, so every run sees the same set): each
// attack family is one technique with random content, each benign family one
// shape of ordinary traffic that looks random. Prints blocked/total per
// family. Not part of CI: `pnpm build && node scripts/egress-families.mjs`
// (FAMILY_N=500 by default).
import { createScanner } from '../packages/core/dist/index.js';

const N = Number(process.env.FAMILY_N ?? 500);

// mulberry32: small, seeded, good enough to vary shapes.
let seed = 0x5eed1234;
function rand() {
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (a, b) => a + Math.floor(rand() * (b - a + 1));
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const str = (alphabet, n) => Array.from({ length: n }, () => pick(alphabet)).join('');
const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B36 = 'abcdefghijklmnopqrstuvwxyz0123456789';
const HEXA = '0123456789abcdef';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const WORDS = ('api cdn static assets media img images app web www mail docs blog shop store auth login account billing status ' +
  'metrics events search data edge origin prod staging dev test eu us west east north south central cache files upload download ' +
  'portal admin dashboard console help support community forum news video stream live chat push notify hooks gateway').split(' ');
const TLDS = ['com', 'net', 'io', 'org', 'dev', 'app', 'co'];
const site = () => `${pick(WORDS)}-${pick(WORDS)}.${pick(TLDS)}`;
const chunk = (s, lo, hi) => {
  const out = [];
  for (let i = 0; i < s.length; ) {
    const n = int(lo, hi);
    out.push(s.slice(i, i + n));
    i += n;
  }
  return out;
};
const b32 = (text) => {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of Buffer.from(text)) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += B32[(acc >> bits) & 31];
    }
  }
  if (bits > 0) out += B32[(acc << (5 - bits)) & 31];
  return out;
};
/** Secret-ish text an agent could be made to send: a key=value line or a bare token. */
const secretText = () =>
  pick([
    () => `${pick(['password', 'token', 'api_key', 'secret', 'session'])}=${str(B62, int(12, 32))}`,
    () => `${pick(['root', 'admin', 'deploy', 'svc'])}:${str(B62 + '!#%', int(10, 20))}`,
    () => `${pick(['aws', 'db', 'prod'])} ${str(B62, int(20, 40))}`,
  ])();

const ATTACKS = {
  'host: base32 text in labels': () => `https://${chunk(b32(secretText()).toLowerCase(), 20, 52).join('.')}.${site()}/`,
  'host: hex text in labels': () => `https://${chunk(Buffer.from(secretText()).toString('hex'), 16, 60).join('.')}.${site()}/`,
  'host: base64url text, mixed case': () => `https://${chunk(Buffer.from(secretText()).toString('base64url'), 16, 50).join('.')}.${site()}/`,
  'host: random label chain': () => `https://${Array.from({ length: int(4, 8) }, () => str(B36, int(8, 14))).join('.')}.${site()}/`,
  'host: one long random label': () => `https://${str(B36, int(40, 63))}.${site()}/`,
  'path: 2-3 random segments': () => `https://${site()}/${Array.from({ length: int(2, 3) }, () => str(B62, int(24, 40))).join('/')}`,
  'path: one 64-128 random segment': () => `https://${site()}/u/${str(B62 + '-_', int(64, 128))}`,
  'query: one 64-128 random value': () => `https://${site()}/c?${pick(['d', 'data', 'q', 'payload', 'x'])}=${str(B62, int(64, 128))}&t=${int(1e9, 2e9)}`,
  'path: base64 of a token': () => `https://${site()}/v/${Buffer.from(str(B62, int(20, 40))).toString('base64url')}`,
  'path/query: encoded secret text': () =>
    pick([
      () => `https://${site()}/p/${Buffer.from(secretText()).toString('base64url')}`,
      () => `https://${site()}/c?d=${Buffer.from(secretText()).toString('hex')}`,
    ])(),
};

const uuid = () => `${str(HEXA, 8)}-${str(HEXA, 4)}-4${str(HEXA, 3)}-a${str(HEXA, 3)}-${str(HEXA, 12)}`;
const BENIGN = {
  'uuid and hash ids': () => `https://${site()}/v1/items/${uuid()}/revisions/${str(HEXA, 40)}?etag=${str(HEXA, 32)}`,
  'hex cdn labels': () => `https://${str(HEXA, int(8, 16))}.${pick(['cdn', 'edge', 'static'])}.${site()}/${pick(WORDS)}.${str(HEXA, 8)}.js`,
  'one opaque document id': () => `https://docs.${site()}/document/d/${str(B62 + '-_', 44)}/edit`,
  'word subdomains': () => `https://${Array.from({ length: int(1, 4) }, () => `${pick(WORDS)}${rand() < 0.3 ? `-${int(1, 99)}` : ''}`).join('.')}.${site()}/`,
  'OAuth authorize and callback': () =>
    pick([
      () => `https://accounts.${site()}/oauth/authorize?client_id=${int(1e11, 9e11)}-${str(B36, 32)}&state=${str(B62, 32)}&code_challenge=${str(B62 + '-_', 43)}&code_challenge_method=S256`,
      () => `https://app.${site()}/auth/callback?code=${str(B62 + '-_', int(40, 80))}&state=${str(B62, 32)}`,
    ])(),
  'click ids and page tokens': () =>
    `https://${site()}/landing?gclid=Cj0KCQjw${str(B62 + '-_', int(60, 90))}&fbclid=IwAR${str(B62 + '-_', int(50, 60))}&pageToken=${str(B62 + '-_', int(64, 160))}`,
  'base64 JSON state': () => `https://${site()}/track?s=${Buffer.from(JSON.stringify({ page: `/${pick(WORDS)}`, ref: pick(WORDS), n: int(1, 99) })).toString('base64')}`,
  'platform random labels': () =>
    pick([
      () => `https://${str(B36, 32)}.lambda-url.${pick(['us-east-1', 'eu-west-1'])}.on.aws/`,
      () => `https://d${str(B36, 13)}.cloudfront.net/${pick(WORDS)}.css`,
      () => `https://${str('abcdefghijklmnopqrstuvwxyz', 20)}.supabase.co/rest/v1/${pick(WORDS)}`,
      () => `https://${str(B36, 10)}.execute-api.us-east-1.amazonaws.com/prod/${pick(WORDS)}`,
    ])(),
};

const scanner = createScanner({ mode: 'balanced' });
const run = (families, want) => {
  for (const [name, gen] of Object.entries(families)) {
    let blocked = 0;
    const misses = [];
    for (let i = 0; i < N; i++) {
      const url = gen();
      const r = scanner.scanUrl(url, { resolvedIps: ['93.184.215.14'] });
      if (r.action === 'block') blocked++;
      else if (misses.length < 2) misses.push(url);
      if (want === 'allow' && r.action === 'block' && misses.length < 2) misses.push(`${url} [${r.findings.filter((f) => f.action === 'block').map((f) => f.rule)}]`);
    }
    const shown = want === 'block' ? `${blocked}/${N} blocked` : `${blocked}/${N} falsely blocked`;
    console.log(`  ${name.padEnd(34)} ${shown}${misses.length && (want === 'block' ? blocked < N : blocked > 0) ? `  e.g. ${misses.slice(0, 1).join(' ')}` : ''}`);
  }
};
console.log(`attack families (N=${N} each)`);
run(ATTACKS, 'block');
console.log('benign families');
run(BENIGN, 'allow');
