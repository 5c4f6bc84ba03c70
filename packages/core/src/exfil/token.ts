// Whether a string is a credential by its shape alone: a long random token
// with no known prefix (a password, a signing key, an opaque API key). Used
// where the shape is already suspicious by context (the value of a
// secret-named assignment, a whole decoded base64 payload), never on free
// text: on its own a random string is just as likely an id.
import { shannonEntropy } from '../url/entropy.js';

/** Shortest token considered: below this, passwords and ids overlap too much. */
export const MIN_TOKEN_LENGTH = 12;
const MAX_TOKEN_LENGTH = 512;

const TOKEN_CHARS = /^[A-Za-z0-9+/=_.~!#$%^&*:@?-]+$/;
const EMAIL = /^[^@\s]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;
const HEX_ONLY = /^(?:0x)?[0-9a-f]+$/i;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const VERSION = /^v?\d+(?:[._-]\d+)+(?:[-+][0-9a-z.-]*)?$/i;
const NUMERIC = /^[\d\s.,:_/+-]+$/;
/** 'correct-horse-battery', 'summer_2024', 'POSTGRES_MD5': words (with a short number) joined by punctuation. */
const WORDS = /^(?:[A-Za-z]{2,}\d{0,4}|\d{1,6})(?:[-_.:~]+(?:[A-Za-z]{2,}\d{0,4}|\d{1,6}))+$/;
/**
 * Code, not a value: 'apigwv2.ApiKey', 'os.environ.API_KEY',
 * 'props.policy?.tempPasswordValidity', 'this.options.port??2773',
 * '@aws-cdk/core:checkSecretUsage'.
 */
const MEMBER_EXPRESSION = /^[A-Za-z_$][\w$]*(?:[?!]?\.[A-Za-z_$][\w$]*)+[+?!]*$|\?\.|\?\?|=>|^(?:this|self|props|process|config|options|window|globalThis|exports|module|require|env)\.|^@[\w-]+\/[\w.-]+(?::[\w.-]+)?$/;
/**
 * Word humps of CamelCase ('My', 'Api', 'Characters') and short acronyms
 * before a hump, a digit or the end ('JSX', 'URL'); long capital runs are
 * not words.
 */
const HUMPS = /[A-Z]{2,5}(?=[A-Z][a-z]|[^A-Za-z]|$)|[A-Z]?[a-z]+/g;
/** Identifiers are made of words (3.5+ characters a hump on average); generated tokens of 1-2 character humps. */
const MIN_WORD_HUMP = 3.5;

/** Template and placeholder syntax: '${VAR}', '<your-key>', '{{ secret }}', 'xxxxxxxx', '****'. */
const PLACEHOLDER = /^\$\{|^\$[A-Z_]|^<.*>$|^\{\{|%\(|^\*+$|(?:x{6,}|X{6,}|\*{4,}|\.{4,}|0{8,})|(?:^|[-_.])(?:your|example|sample|changeme|placeholder|dummy|redacted|replace|insert|todo|fake|test(?:ing)?)(?:[-_.]|$)/i;

function classes(s: string): number {
  let u = 0;
  let l = 0;
  let d = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) u = 1;
    else if (c >= 97 && c <= 122) l = 1;
    else if (c >= 48 && c <= 57) d = 1;
    else o = 1;
  }
  return u + l + d + o;
}

/** One character repeated 6+ times, or an 8-long ascending run ('abcdefgh', '12345678'): typed, not generated. */
function typedPattern(s: string): boolean {
  let rep = 1;
  let asc = 1;
  for (let i = 1; i < s.length; i++) {
    const a = s.charCodeAt(i - 1);
    const b = s.charCodeAt(i);
    rep = a === b ? rep + 1 : 1;
    asc = b === a + 1 ? asc + 1 : 1;
    if (rep >= 6 || asc >= 8) return true;
  }
  return false;
}

/** Share of vowels (with y) above which letters read as words; random letters sit near 6 in 26. */
const WORD_VOWELS = 0.3;
const VOWELS = /[aeiouy]/gi;

/**
 * Made of words: 'HEADER_X_API_KEY' (separated words), or CamelCase whose
 * word humps hold most of the letters, average MIN_WORD_HUMP or more and are
 * vowel-rich like language ('MyApiKeyThatIsAtLeast20Characters'). Random
 * strings have short humps and long capital runs ('2zHQuQOEVMBWA0ue').
 */
function identifierLike(s: string): boolean {
  if (/[_.-]/.test(s)) {
    const parts = s.split(/[_.-]+/).filter((p) => p !== '');
    if (parts.length > 1 && parts.every((p) => /^[A-Za-z]{1,16}$/.test(p) || /^\d{1,4}$/.test(p))) return true;
  }
  const letters = s.replace(/[^A-Za-z]/g, '').length;
  if (letters === 0) return false;
  let inWords = 0;
  let words = 0;
  let vowels = 0;
  let lower = 0;
  for (const h of s.match(HUMPS) ?? []) {
    if (h.length < 2) continue;
    inWords += h.length;
    words++;
    // Acronyms carry no vowels; only the word humps are held to the language's share.
    if (/[a-z]/.test(h)) {
      lower += h.length;
      vowels += (h.match(VOWELS) ?? []).length;
    }
  }
  return words > 0 && inWords >= letters * 0.85 && inWords / words >= MIN_WORD_HUMP && vowels >= lower * WORD_VOWELS;
}

/**
 * A random-looking credential: 12..512 token characters, at least three of
 * upper / lower / digit / symbol (two when it is long), at least 3.3 bits
 * per character; not hex (hashes and ids), a UUID, a version, a number,
 * joined words, a path, a URL or a placeholder.
 */
export function isTokenLike(s: string, minLength = MIN_TOKEN_LENGTH): boolean {
  const n = s.length;
  if (n < minLength || n > MAX_TOKEN_LENGTH) return false;
  // Cheap tests first: most strings that get here fail on classes or entropy.
  const k = classes(s);
  // Two classes are enough when long, or when they are both cases (a random
  // 20-letter token has no digit one time in 40).
  if (k < 2 || (k < 3 && n < 24 && !(/[a-z]/.test(s) && /[A-Z]/.test(s)))) return false;
  if (shannonEntropy(s) < (n < 20 ? 3.3 : 3.6) || typedPattern(s)) return false;
  if (!TOKEN_CHARS.test(s)) return false;
  if (HEX_ONLY.test(s) || UUID.test(s) || VERSION.test(s) || NUMERIC.test(s) || WORDS.test(s)) return false;
  if (s.includes('://') || s.startsWith('/') || s.startsWith('./') || PLACEHOLDER.test(s) || MEMBER_EXPRESSION.test(s) || EMAIL.test(s)) return false;
  return !identifierLike(s);
}

/**
 * A value that may be a human-chosen password: 8..256 characters without
 * spaces, mixing letters with digits or symbols, and none of the shapes that
 * are not values (placeholders, templates, code, URLs, paths, numbers,
 * versions). Used only behind a name that always holds a secret
 * ('password', 'client_secret'), where 'Winter2025!Corp' is the point.
 */
export function isPasswordLike(s: string): boolean {
  const n = s.length;
  if (n < 8 || n > 256 || !TOKEN_CHARS.test(s)) return false;
  if (UUID.test(s) || VERSION.test(s) || NUMERIC.test(s) || WORDS.test(s) || /^[A-Za-z]+$/.test(s)) return false;
  // Structured names ('arn:aws:secretsmanager:...', 'urn:x:y'): two or more ':' separated fields.
  if (s.indexOf(':') !== s.lastIndexOf(':')) return false;
  if (s.includes('://') || s.startsWith('/') || s.startsWith('./') || PLACEHOLDER.test(s) || MEMBER_EXPRESSION.test(s) || EMAIL.test(s)) return false;
  if (/^(?:true|false|null|none|undefined|required|optional|string|number)$/i.test(s)) return false;
  return classes(s) >= 2 && !typedPattern(s);
}
