/**
 * Byte-level decoders for the encodings an agent (or an attacker steering
 * one) uses to smuggle a secret or an instruction past a text matcher
 * (product spec §4: base64/base32/hex, delimiter-separated hex, multi-layer
 * URL encoding). Each `...Into` decoder writes into a caller buffer and
 * returns the byte count or -1, so a rejected candidate allocates nothing.
 */

const INVALID = 255;

/** base64 alphabet, both standard (+/) and url-safe (-_) in one table. */
const B64 = new Uint8Array(128).fill(INVALID);
for (let i = 0; i < 26; i++) {
  B64[0x41 + i] = i;
  B64[0x61 + i] = 26 + i;
}
for (let i = 0; i < 10; i++) B64[0x30 + i] = 52 + i;
B64[0x2b] = 62; // +
B64[0x2d] = 62; // -
B64[0x2f] = 63; // /
B64[0x5f] = 63; // _

/** RFC 4648 base32, accepted in either case. */
const B32 = new Uint8Array(128).fill(INVALID);
for (let i = 0; i < 26; i++) {
  B32[0x41 + i] = i;
  B32[0x61 + i] = i;
}
for (let i = 0; i < 6; i++) B32[0x32 + i] = 26 + i; // '2'..'7'

/** Hex digit value, or INVALID. */
export const HEX_VALUE = new Uint8Array(128).fill(INVALID);
for (let i = 0; i < 10; i++) HEX_VALUE[0x30 + i] = i;
for (let i = 0; i < 6; i++) {
  HEX_VALUE[0x41 + i] = 10 + i;
  HEX_VALUE[0x61 + i] = 10 + i;
}

const hexAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i);
  return c < 128 ? (HEX_VALUE[c] as number) : INVALID;
};

/** Trailing '=' padding is optional; returns the end index without it. */
function stripPadding(s: string, start: number, end: number, max: number): number {
  let e = end;
  while (e > start && end - e < max && s.charCodeAt(e - 1) === 0x3d) e--;
  return e;
}

/** Bytes needed to decode s[start,end) as base64 (upper bound). */
export const base64MaxBytes = (len: number): number => Math.ceil((len * 3) / 4);

/**
 * Decode base64 (standard or url-safe, padded or not) from s[start,end) into
 * out. Mixed alphabets are rejected: no encoder produces them.
 */
export function decodeBase64Into(s: string, start: number, end: number, out: Uint8Array): number {
  const e = stripPadding(s, start, end, 2);
  const len = e - start;
  if (len % 4 === 1) return -1;
  let acc = 0;
  let bits = 0;
  let n = 0;
  let std = false;
  let url = false;
  for (let i = start; i < e; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? (B64[c] as number) : INVALID;
    if (v === INVALID) return -1;
    if (c === 0x2b || c === 0x2f) std = true;
    else if (c === 0x2d || c === 0x5f) url = true;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  if (std && url) return -1;
  // With padding present the unpadded length must complete a quantum.
  if (e !== end && (end - start) % 4 !== 0) return -1;
  return n;
}

/** Decode RFC 4648 base32 (padding optional) from s[start,end) into out. */
export function decodeBase32Into(s: string, start: number, end: number, out: Uint8Array): number {
  const e = stripPadding(s, start, end, 6);
  const rem = (e - start) % 8;
  if (rem === 1 || rem === 3 || rem === 6) return -1;
  let acc = 0;
  let bits = 0;
  let n = 0;
  for (let i = start; i < e; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? (B32[c] as number) : INVALID;
    if (v === INVALID) return -1;
    acc = ((acc << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return n;
}

/** Decode plain hex digits (even count) from s[start,end) into out. */
export function decodeHexInto(s: string, start: number, end: number, out: Uint8Array): number {
  if ((end - start) % 2 !== 0) return -1;
  let n = 0;
  for (let i = start; i < end; i += 2) {
    const hi = hexAt(s, i);
    const lo = hexAt(s, i + 1);
    if (hi === INVALID || lo === INVALID) return -1;
    out[n++] = (hi << 4) | lo;
  }
  return n;
}

/**
 * Decode delimiter-separated hex bytes: "41:4b:49", "41-4b", "41 4b",
 * "41,4b", "41, 4b", "\x41\x4b", "0x41,0x4b", "0x41 0x4b". Every byte is
 * exactly two digits and one delimiter style is used throughout.
 */
export function decodeDelimitedHexInto(s: string, start: number, end: number, out: Uint8Array): number {
  let i = start;
  let n = 0;
  let prefix = 0; // 0: none, 1: "\x", 2: "0x"
  if (s.charCodeAt(i) === 0x5c && (s.charCodeAt(i + 1) | 0x20) === 0x78) prefix = 1;
  else if (s.charCodeAt(i) === 0x30 && (s.charCodeAt(i + 1) | 0x20) === 0x78 && end - start > 4) prefix = 2;
  let delim = '';
  let first = true;
  while (i < end) {
    if (!first && prefix !== 1) {
      // delimiter between bytes, fixed by the first one seen
      let j = i;
      while (j < end && j - i < 2 && (s.charCodeAt(j) === 0x3a || s.charCodeAt(j) === 0x2d || s.charCodeAt(j) === 0x20 || s.charCodeAt(j) === 0x2c)) j++;
      const d = s.slice(i, j);
      if (d === '') return -1;
      if (delim === '') delim = d;
      else if (d !== delim) return -1;
      i = j;
    }
    first = false;
    if (prefix !== 0) {
      const p0 = s.charCodeAt(i);
      if (p0 !== (prefix === 1 ? 0x5c : 0x30) || (s.charCodeAt(i + 1) | 0x20) !== 0x78) return -1;
      i += 2;
    }
    if (i + 2 > end) return -1;
    const hi = hexAt(s, i);
    const lo = hexAt(s, i + 1);
    if (hi === INVALID || lo === INVALID) return -1;
    out[n++] = (hi << 4) | lo;
    i += 2;
  }
  return n;
}

const utf8 = new TextDecoder('utf-8');

/**
 * Length of valid UTF-8 in bytes[0,n) that is "mostly printable text", or -1.
 * Rejects invalid or overlong sequences, surrogates, NUL; allows at most one
 * control character per ten characters (none in short strings), and needs
 * at least one letter or digit.
 */
export function checkTextBytes(bytes: Uint8Array, n: number): boolean {
  let chars = 0;
  let bad = 0;
  let letters = 0;
  for (let i = 0; i < n; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      if (b < 0x20 ? b !== 0x09 && b !== 0x0a && b !== 0x0d : b === 0x7f) {
        if (b === 0) return false;
        bad++;
      } else if (((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a) || (b >= 0x30 && b <= 0x39)) letters++;
      chars++;
      i++;
      continue;
    }
    let need: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
    } else return false;
    if (i + need >= n) return false;
    for (let k = 1; k <= need; k++) {
      const cb = bytes[i + k] as number;
      if ((cb & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (cb & 0x3f);
    }
    if ((need === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (need === 3 && (cp < 0x10000 || cp > 0x10ffff))) {
      return false;
    }
    if (cp <= 0x9f || cp === 0xfffd) bad++;
    else letters++;
    chars++;
    i += need + 1;
  }
  if (chars === 0 || letters === 0) return false;
  return chars < 8 ? bad === 0 : bad * 10 <= chars;
}

/** Decode bytes already checked by checkTextBytes. */
export const bytesToText = (bytes: Uint8Array, n: number): string => utf8.decode(bytes.subarray(0, n));

type IntoDecoder = (s: string, start: number, end: number, out: Uint8Array) => number;

function decodeTextWith(decoder: IntoDecoder, s: string, maxBytes: number): string | null {
  const out = new Uint8Array(maxBytes);
  const n = decoder(s, 0, s.length, out);
  if (n < 0) return null;
  const text = utf8Strict(out, n);
  return text;
}

const strict = new TextDecoder('utf-8', { fatal: true });
function utf8Strict(bytes: Uint8Array, n: number): string | null {
  try {
    return strict.decode(bytes.subarray(0, n));
  } catch {
    return null;
  }
}

/** base64 (standard or url-safe, padding optional) to UTF-8 text, or null. */
export function decodeBase64(s: string): string | null {
  return decodeTextWith(decodeBase64Into, s.trim(), base64MaxBytes(s.length));
}

/** RFC 4648 base32 (padding optional, either case) to UTF-8 text, or null. */
export function decodeBase32(s: string): string | null {
  return decodeTextWith(decodeBase32Into, s.trim(), Math.ceil((s.length * 5) / 8));
}

/**
 * Hex to UTF-8 text, or null. Accepts plain digits (optionally "0x"-prefixed)
 * and the delimited forms of decodeDelimitedHexInto.
 */
export function decodeHex(s: string): string | null {
  const t = s.trim();
  const out = new Uint8Array(Math.ceil(t.length / 2));
  const plain = t.length > 2 && t.charCodeAt(0) === 0x30 && (t.charCodeAt(1) | 0x20) === 0x78 && !/[\s,:-]/.test(t) ? 2 : 0;
  let n = decodeHexInto(t, plain, t.length, out);
  if (n < 0) n = decodeDelimitedHexInto(t, 0, t.length, out);
  return n < 0 ? null : utf8Strict(out, n);
}

/**
 * One round of %XX decoding. Runs of escapes are decoded as UTF-8; a run
 * that is not valid UTF-8 is left as written. '+' is left alone (it is a
 * base64 character far more often than a form-encoded space here).
 */
export function urlDecodeOnce(s: string): string {
  let i = s.indexOf('%');
  if (i < 0) return s;
  let parts: string[] | null = null;
  let last = 0;
  let buf: Uint8Array | null = null;
  while (i >= 0 && i < s.length) {
    if (hexAt(s, i + 1) === INVALID || hexAt(s, i + 2) === INVALID) {
      i = s.indexOf('%', i + 1);
      continue;
    }
    const runStart = i;
    let n = 0;
    buf ??= new Uint8Array(Math.ceil(s.length / 3));
    while (s.charCodeAt(i) === 0x25 && hexAt(s, i + 1) !== INVALID && hexAt(s, i + 2) !== INVALID) {
      buf[n++] = (hexAt(s, i + 1) << 4) | hexAt(s, i + 2);
      i += 3;
    }
    const text = utf8Strict(buf, n);
    if (text !== null) {
      parts ??= [];
      parts.push(s.slice(last, runStart), text);
      last = i;
    }
    i = s.indexOf('%', i);
  }
  if (parts === null) return s;
  parts.push(s.slice(last));
  return parts.join('');
}

/** Rounds of URL decoding applied before the text stopped changing. */
export function urlDecodeRounds(s: string, maxRounds: number): { text: string; rounds: number } {
  let text = s;
  let rounds = 0;
  while (rounds < maxRounds) {
    const next = urlDecodeOnce(text);
    if (next === text) break;
    text = next;
    rounds++;
  }
  return { text, rounds };
}

/** Decode %XX escapes repeatedly (%2541 -> %41 -> A), at most maxRounds times. */
export function urlDecodeIterative(s: string, maxRounds = 4): string {
  return urlDecodeRounds(s, maxRounds).text;
}
