// A value that is nothing but an encoding of a credential: a secret with no
// provider prefix, base64'd (or hex'd, base32'd, chained) so that no DLP
// pattern sees it. Judged on what it decodes to: a bare random token, a
// secret-named assignment, or 'user:password'. Used on URL pieces and on
// whole body values, never on free text (a blob inside prose is DLP's).
import { decodeViews } from '../encoding/index.js';
import type { DecodedView } from '../encoding/index.js';
import { findSecretAssignments } from './assignments.js';
import { isPasswordLike, isTokenLike } from './token.js';

/** Shortest value decoded, and the shortest decoded token that counts. */
export const MIN_ENCODED_VALUE = 16;
/** Longest value decoded (a credential file base64'd is a few KB). */
const MAX_ENCODED_VALUE = 64 * 1024;
const DECODE_LIMITS = { maxDepth: 3, maxViews: 8 } as const;
const MAX_PAIR_TEXT = 200;
const USER_NAME_RE = /^[A-Za-z][\w.@-]{0,63}$/;
const HEX_RE = /^[0-9a-f]+$/i;
const UPPER_RE = /[A-Z]/;
const LOWER_BASE32_RE = /^[a-z2-7]{24,}=*$/;
const ENCODED_CHARS_RE = /^[A-Za-z0-9+/_=-]+$/;

/**
 * A cheap shape test before any decoding: hex long enough to hold a
 * credential, anything with a capital letter (base64 and base32 of text
 * nearly always have one), or lower-case base32. UUIDs, slugs, numbers and
 * lower-case ids stop here.
 */
export function mayBeEncoded(piece: string): boolean {
  if (HEX_RE.test(piece)) return piece.length >= 24;
  if (UPPER_RE.test(piece)) return true;
  return LOWER_BASE32_RE.test(piece);
}

/**
 * Short free text (not JSON: structured app state carries random nonces)
 * of a few fields, one of them a random token: 'root:Xk9...', 'aws Qm3...';
 * or an account name and a password.
 */
export function credentialPair(t: string): boolean {
  if (t.length > MAX_PAIR_TEXT || t.charCodeAt(0) === 0x7b || t.charCodeAt(0) === 0x5b) return false;
  const fields = t.split(/[\s:=,;|]+/);
  if (fields.length < 2 || fields.length > 4) return false;
  if (fields.some((f) => isTokenLike(f, MIN_ENCODED_VALUE))) return true;
  return fields.length === 2 && USER_NAME_RE.test(fields[0] as string) && isPasswordLike(fields[1] as string);
}

/** Whether decoded text is a credential: a bare token, a secret-named assignment, a name and a password. */
export function isCredentialText(text: string): boolean {
  const t = text.trim();
  return isTokenLike(t, MIN_ENCODED_VALUE) || findSecretAssignments(t).length > 0 || credentialPair(t);
}

/** The first decoded view of `views` that is a credential, if any. */
export function credentialView(views: readonly DecodedView[]): DecodedView | undefined {
  for (const v of views) if (isCredentialText(v.text)) return v;
  return undefined;
}

/**
 * A whole value (a JSON string, a form field, a body) that is one encoded
 * blob decoding to a credential: the view, or undefined. Values that are not
 * one run of the base64/base32/hex alphabet are not decoded here.
 */
export function encodedCredentialValue(value: string): DecodedView | undefined {
  const v = value.trim();
  if (v.length < MIN_ENCODED_VALUE || v.length > MAX_ENCODED_VALUE) return undefined;
  // MIME-wrapped base64 keeps its line breaks.
  const compact = v.indexOf('\n') >= 0 ? v.replace(/\r?\n/g, '') : v;
  if (!ENCODED_CHARS_RE.test(compact) || !mayBeEncoded(compact)) return undefined;
  return credentialView(decodeViews(compact, DECODE_LIMITS));
}
