/**
 * Encoded forms of a configured secret (an environment variable's value),
 * so the DLP engine can find it leaked as base64, hex, base32 or
 * URL-encoded without decoding every candidate in the traffic (product spec
 * §4: env-value leaks, raw, base64, hex, base32, URL-encoded).
 * Called once per value at scanner construction, not on the hot path.
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';

const utf8 = new TextEncoder();

export function encodeBase64(bytes: Uint8Array, pad = true): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += B64[v >> 18]! + B64[(v >> 12) & 63]! + B64[(v >> 6) & 63]! + B64[v & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const v = (bytes[i] as number) << 16;
    out += B64[v >> 18]! + B64[(v >> 12) & 63]! + (pad ? '==' : '');
  } else if (rest === 2) {
    const v = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += B64[v >> 18]! + B64[(v >> 12) & 63]! + B64[(v >> 6) & 63]! + (pad ? '=' : '');
  }
  return out;
}

export function encodeBase32(bytes: Uint8Array, pad = true): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += B32[(acc >> bits) & 31]!;
    }
  }
  if (bits > 0) out += B32[(acc << (5 - bits)) & 31]!;
  if (pad) while (out.length % 8 !== 0) out += '=';
  return out;
}

export function encodeHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += HEX[b >> 4]! + HEX[b & 15]!;
  return out;
}

export function encodeVariants(value: string): Array<{ text: string; encoding: string }> {
  const bytes = utf8.encode(value);
  const b64 = encodeBase64(bytes);
  const hex = encodeHex(bytes);
  const candidates: Array<[string, string]> = [
    ['base64', b64],
    ['base64-unpadded', encodeBase64(bytes, false)],
    ['base64url', encodeBase64(bytes, false).replace(/\+/g, '-').replace(/\//g, '_')],
    ['hex', hex],
    ['hex-upper', hex.toUpperCase()],
    ['base32', encodeBase32(bytes)],
    ['base32-unpadded', encodeBase32(bytes, false)],
    ['url', safeEncodeURIComponent(value)],
    ['url-all', hex.replace(/(..)/g, '%$1').toUpperCase()],
  ];
  const seen = new Set<string>([value]);
  const out: Array<{ text: string; encoding: string }> = [];
  for (const [encoding, text] of candidates) {
    if (text === '' || seen.has(text)) continue;
    seen.add(text);
    out.push({ text, encoding });
  }
  return out;
}

/** encodeURIComponent throws on lone surrogates; encode U+FFFD in their place. */
function safeEncodeURIComponent(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    let w = '';
    for (const ch of s) {
      const c = ch.charCodeAt(0);
      w += ch.length === 1 && c >= 0xd800 && c <= 0xdfff ? '\uFFFD' : ch;
    }
    return encodeURIComponent(w);
  }
}
