// Checksums and structure checks that turn a regex candidate into a finding.
// A format with a checksum is validated, because recall without precision
// makes the gate useless on ordinary code. Pure functions, no I/O.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { BIP39_ENGLISH } from './bip39-english.js';

/** Luhn (mod 10) over a string of digits. */
export function luhn(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Card networks by issuer prefix and allowed lengths (ISO/IEC 7812 IIN ranges in public use). */
export function cardNetwork(digits: string): string | undefined {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  const p6 = Number(digits.slice(0, 6));
  if (digits[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'visa';
  if (((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) && n === 16) return 'mastercard';
  if ((p2 === 34 || p2 === 37) && n === 15) return 'amex';
  if ((p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || (p6 >= 622126 && p6 <= 622925)) && n >= 16 && n <= 19)
    return 'discover';
  if (p4 >= 3528 && p4 <= 3589 && n >= 16 && n <= 19) return 'jcb';
  if (((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) && n >= 14 && n <= 19) return 'diners';
  if (p2 === 62 && n >= 16 && n <= 19) return 'unionpay';
  return undefined;
}

/**
 * Published test card numbers (Stripe, Braintree, Adyen, PayPal docs). They are
 * in every payment SDK's docs and fixtures and identify no one, so they are not
 * reported (docs/dlp-patterns.md, "Placeholders").
 */
const TEST_CARDS = new Set([
  '4111111111111111', '4242424242424242', '4012888888881881', '4222222222222', '4000056655665556',
  '4000000000000002', '4000000000000077', '4000000000000093', '4000000000000119', '4000000000000127',
  '4000000000000069', '4000000000000341', '4000000000009995', '4000000000003220', '4005519200000004',
  '4009348888881881', '4012000033330026', '4012000077777777', '4217651111111119', '4500600000000061',
  '4444333322221111', '4988438843884305', '4166676667666746', '4646464646464644', '4000020000000000',
  '5555555555554444', '5200828282828210', '5105105105105100', '5431111111111111', '5555341244441115',
  '2223003122003222', '2222400070000005', '5454545454545454', '5500000000000004', '5424000000000015',
  '378282246310005', '371449635398431', '378734493671000', '340000000000009', '370000000000002',
  '6011111111111117', '6011000990139424', '6011000000000004', '6011601160116611', '6445644564456445',
  '3056930009020004', '36227206271667', '30569309025904', '38520000023237', '36006666333344',
  '3566002020360505', '3530111333300000', '3566111111111113', '6200000000000005', '6205500000000000004',
]);

export function isTestCard(digits: string): boolean {
  return TEST_CARDS.has(digits);
}

/** IBAN total length by country (SWIFT IBAN registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21,
  CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18,
  FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26,
  IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24,
  ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29,
  PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23,
  ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/** IBAN: known country, exact length, mod-97 == 1 (ISO 13616). Spaces are ignored. */
export function ibanValid(raw: string): boolean {
  const s = raw.replace(/ /g, '');
  const len = IBAN_LENGTHS[s.slice(0, 2)];
  if (len === undefined || s.length !== len) return false;
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(s)) return false;
  const r = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < r.length; i++) {
    const c = r.charCodeAt(i);
    if (c >= 65) {
      const v = c - 55;
      rem = (rem * 100 + v) % 97;
    } else {
      rem = (rem * 10 + (c - 48)) % 97;
    }
  }
  return rem === 1;
}

/**
 * US SSN structure (SSA rules): area not 000, 666 or 900-999, group not 00,
 * serial not 0000. Numbers the SSA voided after they were published in
 * advertising (078-05-1120, 219-09-9999) and the textbook 123-45-6789 are
 * well-known examples: valid only with `examples` (a prompt that gives one as
 * "my SSN" is still PII on its way out; a diff under review is not).
 */
export function ssnValid(s: string, examples = false): boolean {
  const m = /^(\d{3})-(\d{2})-(\d{4})$/.exec(s);
  if (!m) return false;
  const area = Number(m[1]);
  if (area === 0 || area === 666 || area >= 900) return false;
  if (m[2] === '00' || m[3] === '0000') return false;
  if (s === '078-05-1120' || s === '219-09-9999' || s === '123-45-6789') return examples;
  return true;
}

const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const B58_MAP = new Int8Array(128).fill(-1);
for (let i = 0; i < B58.length; i++) B58_MAP[B58.charCodeAt(i)] = i;

/** Base58 (Bitcoin alphabet) to bytes; undefined on a character outside the alphabet. */
export function base58Decode(s: string): Uint8Array | undefined {
  let n = 0n;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? (B58_MAP[c] ?? -1) : -1;
    if (v < 0) return undefined;
    n = n * 58n + BigInt(v);
  }
  const bytes: number[] = [];
  while (n > 0n) {
    bytes.push(Number(n & 0xffn));
    n >>= 8n;
  }
  for (let i = 0; i < s.length && s[i] === '1'; i++) bytes.push(0);
  return Uint8Array.from(bytes.reverse());
}

function sha256(b: Uint8Array): Buffer {
  return createHash('sha256').update(b).digest();
}

/** Base58Check: the last 4 bytes are the first 4 of SHA-256(SHA-256(payload)). Returns the payload. */
export function base58Check(s: string): Uint8Array | undefined {
  const b = base58Decode(s);
  if (!b || b.length < 5) return undefined;
  const payload = b.subarray(0, b.length - 4);
  const sum = sha256(sha256(payload));
  for (let i = 0; i < 4; i++) if (sum[i] !== b[b.length - 4 + i]) return undefined;
  return payload;
}

/** Bitcoin WIF: version 0x80 (mainnet) or 0xef (testnet), 32-byte key, optional 0x01 compression flag. */
export function wifValid(s: string): boolean {
  const p = base58Check(s);
  if (!p) return false;
  if (p[0] !== 0x80 && p[0] !== 0xef) return false;
  return p.length === 33 || (p.length === 34 && p[33] === 0x01);
}

/** BIP-32 extended private key: 78-byte payload whose key data starts with 0x00. */
export function extendedPrivateKeyValid(s: string): boolean {
  const p = base58Check(s);
  return p !== undefined && p.length === 78 && p[45] === 0;
}

const BIP39_INDEX = new Map<string, number>(BIP39_ENGLISH.map((w, i) => [w, i]));

export function isBip39Word(w: string): boolean {
  return BIP39_INDEX.has(w);
}

/**
 * BIP-39: 12/15/18/21/24 words from the English list whose checksum bits match
 * SHA-256(entropy). `examples` accepts the published test vectors (one word
 * repeated, "abandon … about"), which egress surfaces report.
 */
export function bip39Valid(words: readonly string[], examples = false): boolean {
  const n = words.length;
  if (n < 12 || n > 24 || n % 3 !== 0) return false;
  const totalBits = n * 11;
  const csBits = totalBits / 33;
  const entBytes = (totalBits - csBits) / 8;
  const bits = new Uint8Array(totalBits);
  for (let i = 0; i < n; i++) {
    const idx = BIP39_INDEX.get(words[i] ?? '');
    if (idx === undefined) return false;
    for (let b = 0; b < 11; b++) bits[i * 11 + b] = (idx >> (10 - b)) & 1;
  }
  const ent = new Uint8Array(entBytes);
  for (let i = 0; i < entBytes * 8; i++) ent[i >> 3]! |= (bits[i] ?? 0) << (7 - (i & 7));
  const h = sha256(ent)[0] ?? 0;
  for (let b = 0; b < csBits; b++) if (((h >> (7 - b)) & 1) !== bits[entBytes * 8 + b]) return false;
  // A phrase of one repeated word (the BIP-39 test vectors' "abandon … about") is a
  // documentation example: reported only with `examples`. Other phrases with
  // few distinct words are padding or a printed list, never a wallet.
  const distinct = new Set(words).size;
  if (distinct <= 2) return examples;
  if (distinct < Math.min(n, 6)) return false;
  // Words in list order (a printed word list, an index) pass the checksum one
  // time in 16; a random phrase is sorted with probability ~1e-5.
  let descents = 0;
  for (let i = 1; i < n; i++) if ((words[i] ?? '') < (words[i - 1] ?? '')) descents++;
  return descents > 1;
}

/**
 * Finds BIP-39 phrases in a run of lowercase words: the longest window of 24, 21,
 * 18, 15 or 12 consecutive list words with a valid checksum. Offsets are
 * relative to `run`.
 */
export function findSeedPhrase(run: string, examples = false): { start: number; end: number } | undefined {
  const re = /[a-z]+/g;
  const words: Array<{ w: string; s: number; e: number }> = [];
  for (let m = re.exec(run); m; m = re.exec(run)) words.push({ w: m[0], s: m.index, e: m.index + m[0].length });
  // Each window costs a SHA-256: a run of thousands of list words (a printed
  // word list, hostile padding) gets a bounded number of windows.
  let budget = 2048;
  let i = 0;
  while (i < words.length && budget > 0) {
    // Extend a run of list words starting at i.
    let j = i;
    while (j < words.length && BIP39_INDEX.has(words[j]!.w)) j++;
    if (j - i >= 12) {
      for (let s = i; s + 12 <= j && budget > 0; s++, budget--) {
        for (const n of [24, 21, 18, 15, 12]) {
          if (s + n > j) continue;
          if (bip39Valid(words.slice(s, s + n).map((x) => x.w), examples)) return { start: words[s]!.s, end: words[s + n - 1]!.e };
        }
      }
    }
    i = j + 1;
  }
  return undefined;
}

function b64urlDecodeText(s: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(s)) return undefined;
  return Buffer.from(s, 'base64url').toString('utf8');
}

/**
 * JWT: the header segment is base64url JSON with a string "alg". The jwt.io
 * sample token is accepted only with `examples` (egress surfaces).
 */
export function jwtValid(token: string, examples = false): boolean {
  const [h, p] = token.split('.');
  if (h === undefined || p === undefined) return false;
  const header = b64urlDecodeText(h);
  if (header === undefined) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(header);
  } catch {
    return false;
  }
  const alg = (parsed as { alg?: unknown } | null)?.alg;
  if (typeof parsed !== 'object' || parsed === null || typeof alg !== 'string') return false;
  // An unsigned token (alg "none"; RFC 7519 §6: its signature is empty)
  // authenticates nothing: anyone can write one, and OAuth clients use them as
  // state. Not a credential, whatever follows the last dot.
  if (alg.toLowerCase() === 'none') return false;
  if (examples) return true;
  const payload = b64urlDecodeText(p) ?? '';
  // The jwt.io / RFC sample claims: published everywhere, grant nothing.
  if (payload.includes('"John Doe"') || payload.includes('"sub":"1234567890"')) return false;
  return true;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/**
 * Documentation placeholders: AWS's EXAMPLE keys, the words EXAMPLE, PLACEHOLDER,
 * REDACTED, DUMMY, SAMPLE, YOUR_, FAKE inside the token, runs of six or more identical
 * characters (xxxxxx, 000000, ******), template syntax (${VAR}, {{x}}, <value>, %s).
 * A random token contains none of these by chance with useful probability.
 */
const PLACEHOLDER_WORDS = /example|placeholder|redacted|dummy|sample|your[_-]|fake|insert|replace|changeme/i;
const PLACEHOLDER_SYNTAX = /\$\{|\{\{|<[^>]*>|%s|\*\*\*/;
export function isPlaceholder(token: string): boolean {
  if (PLACEHOLDER_WORDS.test(token) || PLACEHOLDER_SYNTAX.test(token)) return true;
  let run = 1;
  for (let i = 1; i < token.length; i++) {
    if (token.charCodeAt(i) === token.charCodeAt(i - 1)) {
      if (++run >= 6) return true;
    } else run = 1;
  }
  return false;
}

/** Sequential alphabets ('abcdefgh', '12345678') that only people type. */
export function hasSequentialRun(token: string, len = 8): boolean {
  let up = 1;
  for (let i = 1; i < token.length; i++) {
    if (token.charCodeAt(i) === token.charCodeAt(i - 1) + 1) {
      if (++up >= len) return true;
    } else up = 1;
  }
  return false;
}

const URL_PLACEHOLDER_SECRETS = new Set([
  'password', 'passwd', 'pass', 'pwd', 'secret', 'changeme', 'example', 'test', 'testing', 'admin', 'root',
  'guest', 'user', 'username', 'token', 'apikey', 'api_key', 'mypassword', 'yourpassword', 'your_password',
  'pass123', 'password123', 'foobar', 'foo', 'bar', 'baz', 'qux', 'x-oauth-basic', 'xxx', 'dummy', 'redacted',
  'masked', 'hidden', 'secretpassword', 'mysecretpassword', 'topsecret', 'letmein', 'postgres', 'mysql', 'redis',
  'rabbitmq', 'mongo', 'default', 'demo', 'sample', 'placeholder', 'pw', 'p4ssw0rd', 'pa55word', 'abc123', '123456',
]);
const EXAMPLE_HOSTS = /(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid|localhost\.localdomain|host|hostname|domain\.com|server|yourdomain\.com|your-domain\.com)$/i;

/**
 * Credentials in a URL are reported unless they are documentation placeholders:
 * template syntax, well-known sample passwords, password equal to the user name,
 * an all-same-character or masked password, or an example.com / .test / .invalid host.
 */
export function urlCredentialsReal(user: string, password: string, host: string): boolean {
  if (EXAMPLE_HOSTS.test(host)) return false;
  return credentialPairReal(user, password);
}

/**
 * A user:password pair that is not a documentation placeholder: template
 * syntax, well-known sample passwords, password equal to the user name, an
 * all-same-character or masked password, the anonymous FTP login.
 */
export function credentialPairReal(user: string, password: string): boolean {
  const p = password.toLowerCase();
  if (p.length < 4) return false;
  if (URL_PLACEHOLDER_SECRETS.has(p) || p === user.toLowerCase()) return false;
  if (isPlaceholder(password) || isPlaceholder(user)) return false;
  if (/^[$%{<[(*#:]|[}>\])*]$/.test(password) || /^[$%{<[(]/.test(user)) return false;
  if (/^(.)\1+$/.test(p)) return false;
  if (/^(?:pass|password|secret|pw|pwd)[_-]?\d*$/.test(p) || /^your|^my[_-]?pass/i.test(p)) return false;
  // MDN's and RFC 1738's conventional anonymous login carries no secret.
  if (/^(?:anonymous|ftp)$/i.test(user)) return false;
  return true;
}

/**
 * A value that carries no information at all: one character makes up half of
 * it or more in a single run (xxxxxxxx, ****, 00000000), or it is template
 * syntax. Dropped on every surface, because no secret can hide in it; the
 * other placeholder checks (EXAMPLE words, sequential runs, low entropy) are
 * code-review concerns (docs/dlp-patterns.md, "Example credentials").
 */
export function isMask(token: string): boolean {
  if (PLACEHOLDER_SYNTAX.test(token)) return true;
  let run = 1;
  let longest = 1;
  for (let i = 1; i < token.length; i++) {
    if (token.charCodeAt(i) === token.charCodeAt(i - 1)) {
      if (++run > longest) longest = run;
    } else run = 1;
  }
  return token.length >= 6 && longest * 2 >= token.length;
}

/**
 * Whether the letters of a value read as words: random letters are about one
 * vowel in five, words and names about two in five. Hex has only a-f, where
 * a and e are a third of the letters, so hex is never "word-like". The bar is
 * 3.5 standard deviations above the random rate, so a short random key is not
 * rejected by chance.
 */
export function wordLike(v: string): boolean {
  if (/^[0-9a-fA-F-]+$/.test(v)) return false;
  const letters = v.replace(/[^A-Za-z]/g, '');
  const n = letters.length;
  // Below 20 letters the vowel count of a random key varies too much to tell.
  if (n < 20) return false;
  const vowels = (letters.match(/[aeiouAEIOU]/g) ?? []).length;
  return vowels > n * 0.19 + 3.5 * Math.sqrt(n * 0.19 * 0.81);
}

/**
 * Whether a value next to a secret-ish name looks machine-generated rather
 * than typed: letters with digits (or both cases and high entropy), enough
 * entropy for its length, not a dotted identifier or path, not a name made of
 * words (see wordLike and isIdentifier).
 */
export function looksRandom(v: string, minEntropy = 3.3): boolean {
  if (v.length < 8) return false;
  if (isPlaceholder(v) || hasSequentialRun(v, 6)) return false;
  if (!/[A-Za-z]/.test(v)) return false;
  const h = shannonEntropy(v);
  if (!/[0-9]/.test(v) && !(/[a-z]/.test(v) && /[A-Z]/.test(v) && h >= 3.8)) return false;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(v)) return false; // env.X, config.api.key
  if (/^(?:[\w-]+\/)+[\w.-]+$/.test(v) && /[a-z]{4}/.test(v)) return false; // a/b/c.js
  if (/^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+(?:\/[\w.-]*)*$/i.test(v) && /[a-z]{4}/i.test(v)) return false; // host.name/path
  if (h < Math.min(minEntropy, Math.log2(v.length) - 0.1)) return false;
  if (wordLike(v)) return false;
  if (isIdentifier(v)) return false;
  return true;
}

/**
 * Names, not secrets: CONSTANT_CASE, snake_case, kebab-case or dotted names
 * (MY_SECRET_KEY_2, MYSQL_CACHING_SHA2_PASSWORD, api-token-v2) whose segments
 * are pronounceable words or short numbers, and CamelCase names made of three
 * or more capitalised words (OAuth2CredentialProviderVendor). Random base64url
 * values have separators and capitals too, but their segments mix letters and
 * digits and rarely read as words.
 */
export function isIdentifier(v: string): boolean {
  const segs = v.split(/[_.-]+/).filter(Boolean);
  const wordish = (w: string) => /^(?:[A-Z]?[a-z]+|[A-Z]+)\d{0,3}$/.test(w) && (w.replace(/\d+$/, '').length <= 3 || /[aeiouyAEIOUY]/.test(w));
  if (segs.length >= 2 && segs.every((w) => /^\d{1,4}$/.test(w) || wordish(w))) return true;
  const letters = v.replace(/[^A-Za-z]/g, '').length;
  if (v.replace(/[^0-9]/g, '').length > 2) return false;
  // Capitalised words with a vowel (Workload, Access, For) and short acronyms (JWT, ID).
  const words = (v.match(/[A-Z][a-z]{2,}/g) ?? []).filter((w) => /[aeiouy]/.test(w));
  const acronyms = (v.match(/[A-Z]{2,4}(?![a-z])/g) ?? []).reduce((n, w) => n + w.length, 0);
  const covered = words.reduce((n, w) => n + w.length, 0) + acronyms;
  return words.length >= 3 && covered >= 0.8 * letters;
}

// ---- Crypto addresses (opt-in, dlp.crypto_addresses) -------------------------

/** Bitcoin P2PKH / P2SH (mainnet): Base58Check, version 0x00 or 0x05, 20-byte hash. */
export function base58AddressValid(s: string): boolean {
  const p = base58Check(s);
  return p !== undefined && p.length === 21 && (p[0] === 0x00 || p[0] === 0x05);
}

const BECH32_CHARS = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function bech32Polymod(values: number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ BECH32_GEN[i]!) >>> 0;
  }
  return chk;
}

/**
 * Segwit address (BIP-173 bech32 for witness v0, BIP-350 bech32m for v1+):
 * one case throughout, hrp bc or tb, checksum, and a witness program of a
 * length the version allows.
 */
export function segwitAddressValid(raw: string): boolean {
  if (raw !== raw.toLowerCase() && raw !== raw.toUpperCase()) return false;
  const s = raw.toLowerCase();
  const sep = s.lastIndexOf('1');
  const hrp = s.slice(0, sep);
  if ((hrp !== 'bc' && hrp !== 'tb') || s.length > 90 || s.length - sep - 1 < 7) return false;
  const data: number[] = [];
  for (const ch of s.slice(sep + 1)) {
    const v = BECH32_CHARS.indexOf(ch);
    if (v < 0) return false;
    data.push(v);
  }
  const expanded = [...hrp].map((c) => c.charCodeAt(0) >> 5).concat([0], [...hrp].map((c) => c.charCodeAt(0) & 31));
  const check = bech32Polymod([...expanded, ...data]);
  const version = data[0]!;
  if (version > 16) return false;
  if (check !== (version === 0 ? 1 : 0x2bc830a3)) return false;
  // 5-bit groups to bytes: the witness program.
  let acc = 0;
  let bits = 0;
  const prog: number[] = [];
  for (const v of data.slice(1, -6)) {
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      prog.push((acc >> bits) & 0xff);
    }
  }
  if (bits >= 5 || (acc & ((1 << bits) - 1)) !== 0) return false;
  if (prog.length < 2 || prog.length > 40) return false;
  return version !== 0 || prog.length === 20 || prog.length === 32;
}

const KECCAK_RC = [
  0x0000000000000001n, 0x0000000000008082n, 0x800000000000808an, 0x8000000080008000n, 0x000000000000808bn,
  0x0000000080000001n, 0x8000000080008081n, 0x8000000000008009n, 0x000000000000008an, 0x0000000000000088n,
  0x0000000080008009n, 0x000000008000000an, 0x000000008000808bn, 0x800000000000008bn, 0x8000000000008089n,
  0x8000000000008003n, 0x8000000000008002n, 0x8000000000000080n, 0x000000000000800an, 0x800000008000000an,
  0x8000000080008081n, 0x8000000000008080n, 0x0000000080000001n, 0x8000000080008008n,
];
const KECCAK_ROT = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];
const M64 = (1n << 64n) - 1n;
const rotl = (x: bigint, n: number): bigint => (n === 0 ? x : ((x << BigInt(n)) | (x >> BigInt(64 - n))) & M64);

/**
 * Keccak-256 as Ethereum uses it (original padding 0x01, not SHA3's 0x06),
 * which node:crypto does not offer. Only EIP-55 candidates reach it.
 */
export function keccak256(input: Uint8Array): Uint8Array {
  const rate = 136;
  const padded = new Uint8Array(Math.floor(input.length / rate) * rate + rate);
  padded.set(input);
  padded[input.length]! ^= 0x01;
  padded[padded.length - 1]! ^= 0x80;
  const st: bigint[] = new Array<bigint>(25).fill(0n);
  for (let off = 0; off < padded.length; off += rate) {
    for (let i = 0; i < rate / 8; i++) {
      let lane = 0n;
      for (let b = 7; b >= 0; b--) lane = (lane << 8n) | BigInt(padded[off + i * 8 + b]!);
      st[i] = st[i]! ^ lane;
    }
    for (let round = 0; round < 24; round++) {
      const c = [0, 1, 2, 3, 4].map((x) => st[x]! ^ st[x + 5]! ^ st[x + 10]! ^ st[x + 15]! ^ st[x + 20]!);
      for (let x = 0; x < 5; x++) {
        const d = c[(x + 4) % 5]! ^ rotl(c[(x + 1) % 5]!, 1);
        for (let y = 0; y < 25; y += 5) st[x + y] = st[x + y]! ^ d;
      }
      const b: bigint[] = new Array<bigint>(25);
      for (let x = 0; x < 5; x++) for (let y = 0; y < 5; y++) b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(st[x + 5 * y]!, KECCAK_ROT[x + 5 * y]!);
      for (let x = 0; x < 5; x++) for (let y = 0; y < 25; y += 5) st[x + y] = b[x + y]! ^ (~b[((x + 1) % 5) + y]! & M64 & b[((x + 2) % 5) + y]!);
      st[0] = st[0]! ^ KECCAK_RC[round]!;
    }
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 4; i++) for (let b = 0; b < 8; b++) out[i * 8 + b] = Number((st[i]! >> BigInt(8 * b)) & 0xffn);
  return out;
}

/**
 * Ethereum address: 0x + 40 hex. All lower or all upper case carries no
 * checksum and is accepted; mixed case must be EIP-55 (a letter is upper case
 * exactly when the matching nibble of keccak256(lower-case hex) is >= 8).
 */
export function ethereumAddressValid(s: string): boolean {
  const hex = s.slice(2);
  if (!/^[0-9a-fA-F]{40}$/.test(hex)) return false;
  if (/^0+$/.test(hex)) return false;
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return true;
  const hash = keccak256(new TextEncoder().encode(hex.toLowerCase()));
  for (let i = 0; i < 40; i++) {
    const c = hex[i]!;
    if (c >= '0' && c <= '9') continue;
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    if ((nibble >= 8) !== (c >= 'A' && c <= 'F')) return false;
  }
  return true;
}
