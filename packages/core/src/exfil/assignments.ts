// Secret-named assignments in text: `DB_PASSWORD=...`, `client_secret: ...`,
// `"api_key": "..."`, `<Password>...</Password>`, with a value that is a
// random-looking credential. This is how configuration leaves a machine
// (an .env file, a YAML config, a dump of the environment) when its secrets have no
// provider prefix for DLP to recognise. One such assignment is ordinary (a
// login form, an API call that takes its key in the body); several distinct
// ones in one payload are a dump, and one inside an encoded blob is hidden.
import { isPasswordLike, isTokenLike } from './token.js';

export interface SecretAssignment {
  /** The name as written, bounded (never the value). */
  name: string;
  /** Names that only ever hold secrets (password, client_secret), as opposed to token / api_key / *_KEY. */
  strong: boolean;
  /** The value, for de-duplication and redaction by the caller; never put in a finding. */
  value: string;
  start: number;
  end: number;
}

/** Assignments reported per text: enough to decide, bounded for hostile input. */
const MAX_ASSIGNMENTS = 32;
/** Texts longer than this are scanned in their first part only (a dump is not hidden behind megabytes). */
const MAX_SCAN_CHARS = 256 * 1024;

// name, separator, optional quote, value. The name may be quoted (JSON) or an
// XML tag; separators are '=', ':', '=>', '>' (the end of an XML start tag).
// A value holds no '=' but base64 padding: 'a=b=c' is a chain of code, not a value.
const ASSIGNMENT = /(?:^|[\s"'<{(,;&?[])([A-Za-z][A-Za-z0-9_.-]{1,63})["']?[ \t]{0,4}(?:=>|[:=>])[ \t]{0,4}["']?([^\s"'<>,;&=]{8,256}={0,2})(?![^\s"'<>,;&])/gm;

/** Components that name a secret in every configuration dialect. */
const STRONG = /(?:^|_)(?:pass(?:word|wd|phrase)?|pwd|secret|secrets|private_?key|priv_?key|client_?secret|secret_?key|api_?secret|signing_?key|encryption_?key|master_?key|db_?pass)(?:_|$)/;
/** Components that usually name a credential. */
const WEAK = /(?:^|_)(?:token|api_?key|apikey|access_?key|auth_?key|auth|credentials?|bearer|license_?key)(?:_|$)/;
/** Names with a secret word that hold no secret, or hold a protocol value the caller sends on purpose. */
const NOT_SECRET = /(?:^|_)(?:csrf|xsrf|nonce|state|type|types|hint|length|len|min|max|count|expires?|expiry|ttl|url|uri|endpoint|file|path|name|id|ids|hash|policy|mode|enabled|required|prompt|tokens|tokenizer|public|publishable|pub|cache|sort|partition|primary|foreign|idempotency|access_token|refresh_token|id_token|code_verifier|page_token|next_token|continuation_token|sync_token)(?:_|$)/;

/** 'clientSecret' / 'client-secret' / 'Client.Secret' -> 'client_secret'. */
function canonical(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-.]/g, '_')
    .toLowerCase();
}

/** UPPER_SNAKE names ending in _KEY are env-style secrets ('STRIPE_KEY'); lower-case 'key' is too common to count. */
const ENV_KEY = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_KEY$/;

/** How a name reads: 'strong', 'weak' or null (not a secret name). */
export function secretNameKind(name: string): 'strong' | 'weak' | null {
  const c = canonical(name);
  if (NOT_SECRET.test(c)) return null;
  if (STRONG.test(c)) return 'strong';
  if (WEAK.test(c) || ENV_KEY.test(name)) return 'weak';
  return null;
}

/**
 * Secret-named assignments in `text` whose value is token-like, in order,
 * at most MAX_ASSIGNMENTS. Cheap on ordinary text: the regex needs a
 * separator right after a name, and the name test runs only then.
 */
export function findSecretAssignments(text: string): SecretAssignment[] {
  const out: SecretAssignment[] = [];
  const t = text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text;
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(t); m !== null && out.length < MAX_ASSIGNMENTS; m = ASSIGNMENT.exec(t)) {
    const name = m[1] as string;
    const kind = secretNameKind(name);
    if (kind === null) continue;
    const value = stripClosers(m[2] as string);
    if (!isSecretValue(value, kind)) continue;
    const end = m.index + m[0].length;
    out.push({ name: name.length > 40 ? name.slice(0, 40) : name, strong: kind === 'strong', value, start: end - (m[2] as string).length, end });
  }
  return out;
}

/** Behind a strong name a human password counts; behind a weak one only a generated token. */
export function isSecretValue(value: string, kind: 'strong' | 'weak'): boolean {
  return kind === 'strong' ? isPasswordLike(value) : isTokenLike(value);
}

/** A value the regex took up to a closing bracket or brace it should not include. */
function stripClosers(v: string): string {
  let e = v.length;
  while (e > 0 && (v.charCodeAt(e - 1) === 0x7d || v.charCodeAt(e - 1) === 0x5d || v.charCodeAt(e - 1) === 0x29)) e--;
  return e === v.length ? v : v.slice(0, e);
}

/** Distinct values among assignments (a password and its confirmation are one secret). */
export function distinctValues(list: readonly SecretAssignment[]): number {
  return new Set(list.map((a) => a.value)).size;
}
