// Percent-decoding for URL parts, lenient (malformed escapes never throw) and
// iterative (double- and triple-encoding is how CRLF, traversal and secrets
// hide from a single decode). '+' is kept as it is: base64 secrets contain
// '+', and a form-style '+' -> ' ' would break them apart.

const MAX_ROUNDS = 4;

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** One round of percent-decoding; invalid UTF-8 sequences decode byte-wise (Latin-1). */
export function percentDecodeOnce(s: string): string {
  if (s.indexOf('%') < 0) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    let out = '';
    let last = 0;
    let i = s.indexOf('%');
    while (i >= 0 && i + 2 < s.length) {
      const hi = hexVal(s.charCodeAt(i + 1));
      const lo = hexVal(s.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        out += s.slice(last, i) + String.fromCharCode(hi * 16 + lo);
        last = i + 3;
        i = s.indexOf('%', i + 3);
      } else {
        i = s.indexOf('%', i + 1);
      }
    }
    return out + s.slice(last);
  }
}

/** Decode until stable (at most a few rounds). */
export function percentDecodeDeep(s: string): string {
  let cur = s;
  for (let r = 0; r < MAX_ROUNDS; r++) {
    if (cur.indexOf('%') < 0) return cur;
    const next = percentDecodeOnce(cur);
    if (next === cur) return cur;
    cur = next;
  }
  return cur;
}
