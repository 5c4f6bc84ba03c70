// Character escapes written out as text: '\x41\x4b', '\u0041\u004b',
// '0x41,0x4b', '&#x41;&#75;', octal '\101\113'. A secret spelled this way has none of its own
// characters left, and its runs are too short for the encoded-run detector
// (each byte is its own token), so the DLP engine never sees it. Here runs of
// escapes are replaced by what they spell, in place, so that context
// ('token: ...') survives and key=value patterns still match. Clean text costs
// four indexOf calls.

/** Fewest escapes in a run: shorter runs are ordinary code ('\x1b[0m', '0x00'). */
const MIN_RUN = 6;
/** Most runs decoded per text (each costs a slice). */
const MAX_RUNS = 64;

export interface Unescaped {
  text: string;
  /** Replaced runs: [start in text, end in text, start in input, end in input], in order. */
  runs: number[];
}

const hexVal = (c: number): number => {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  return l >= 97 && l <= 102 ? l - 87 : -1;
};

function hexAt(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const d = hexVal(s.charCodeAt(i + k));
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** One escape at i: [code unit or byte value, length], or null. `kind` fixes the form for the rest of a run. */
function escapeAt(s: string, i: number, kind: number): [number, number, number] | null {
  const c = s.charCodeAt(i);
  if (c === 0x5c /* \ */) {
    const d = s.charCodeAt(i + 1) | 0x20;
    if (d === 0x78 /* x */ && (kind === 0 || kind === 1)) {
      const v = hexAt(s, i + 2, 2);
      return v < 0 ? null : [v, 4, 1];
    }
    // Octal '\163\153': three digits, the first 0-3 (a byte).
    const o = s.charCodeAt(i + 1);
    if (o >= 0x30 && o <= 0x33 && (kind === 0 || kind === 5)) {
      const a = s.charCodeAt(i + 2) - 0x30;
      const b = s.charCodeAt(i + 3) - 0x30;
      if (a < 0 || a > 7 || b < 0 || b > 7) return null;
      return [(o - 0x30) * 64 + a * 8 + b, 4, 5];
    }
    if (d === 0x75 /* u */ && (kind === 0 || kind === 2)) {
      if (s.charCodeAt(i + 2) === 0x7b /* { */) {
        const close = s.indexOf('}', i + 3);
        if (close < 0 || close - i > 10) return null;
        const v = hexAt(s, i + 3, close - i - 3);
        return v < 0 || v > 0x10ffff ? null : [v, close - i + 1, 2];
      }
      const v = hexAt(s, i + 2, 4);
      return v < 0 ? null : [v, 6, 2];
    }
    return null;
  }
  if (c === 0x30 /* 0 */ && (s.charCodeAt(i + 1) | 0x20) === 0x78 && (kind === 0 || kind === 3)) {
    const v = hexAt(s, i + 2, 2);
    // '0x41' must end there: '0x4142' is a number, not a byte list.
    if (v < 0 || hexVal(s.charCodeAt(i + 4)) >= 0) return null;
    return [v, 4, 3];
  }
  if (c === 0x26 /* & */ && s.charCodeAt(i + 1) === 0x23 /* # */ && (kind === 0 || kind === 4)) {
    const semi = s.indexOf(';', i + 2);
    if (semi < 0 || semi - i > 10) return null;
    const hex = (s.charCodeAt(i + 2) | 0x20) === 0x78;
    const body = s.slice(i + (hex ? 3 : 2), semi);
    if (body === '' || !(hex ? /^[0-9a-f]+$/i : /^\d+$/).test(body)) return null;
    const v = parseInt(body, hex ? 16 : 10);
    return v > 0x10ffff ? null : [v, semi - i + 1, 4];
  }
  return null;
}

/** Separators allowed between escapes of a run: none, or for 0x lists ',', ' ', ', '. */
function gap(s: string, i: number, kind: number): number {
  if (kind !== 3) return 0;
  const c = s.charCodeAt(i);
  if (c === 0x2c) return s.charCodeAt(i + 1) === 0x20 ? 2 : 1;
  if (c === 0x20) return 1;
  return 0;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** What a run spells: \x, 0x and octal runs are bytes (UTF-8), \u runs code units or points, &# code points. */
function spell(values: number[], kind: number): string | null {
  if (kind === 1 || kind === 3 || kind === 5) {
    try {
      return utf8.decode(Uint8Array.from(values));
    } catch {
      return null;
    }
  }
  let out = '';
  for (const v of values) out += v > 0xffff ? String.fromCodePoint(v) : String.fromCharCode(v);
  return out;
}

/**
 * Where the next escape may start at or after `from`: a backslash before
 * x, u or an octal digit 0-3 ('\\x41', '\\u0041', '\\101'), '0x', '0X' or
 * '&#'. Positions are found with indexOf, so text between candidates is never
 * looped over; `next` caches each search (-2: not made yet, -1: none left).
 */
function nextStart(s: string, from: number, next: Int32Array): number {
  let at = -1;
  for (let k = 0; k < 4; k++) {
    let p = next[k]!;
    if (p !== -1 && p < from) {
      if (k === 0) {
        // Only a backslash before x, u or 0-3 starts an escape.
        p = s.indexOf('\\', from);
        while (p >= 0 && !isBackslashStart(s.charCodeAt(p + 1))) p = s.indexOf('\\', p + 1);
      } else {
        p = s.indexOf(k === 1 ? '0x' : k === 2 ? '0X' : '&#', from);
      }
      next[k] = p;
    }
    if (p >= 0 && (at < 0 || p < at)) at = p;
  }
  return at;
}

/** nextStart's searches, reused: unescapeRuns never re-enters itself. */
const NEXT = new Int32Array(4);

/** x, X, u, U, or an octal digit 0-3: what may follow a backslash in an escape. */
function isBackslashStart(c: number): boolean {
  const l = c | 0x20;
  return l === 0x78 || l === 0x75 || (c >= 0x30 && c <= 0x33);
}

/**
 * The text with every run of at least MIN_RUN escapes of one form replaced
 * by the characters it spells, or null when there is none. Runs that spell
 * controls or invalid UTF-8 are left as written.
 */
export function unescapeRuns(s: string): Unescaped | null {
  // The common case, text without a backslash, '0x' or '&#', costs four native scans.
  const bs = s.indexOf('\\');
  const next = NEXT;
  next[1] = s.indexOf('0x');
  next[2] = s.indexOf('0X');
  next[3] = s.indexOf('&#');
  if (bs < 0 && next[1] < 0 && next[2] < 0 && next[3] < 0) return null;
  // A backslash is an escape's start only before x, u or 0-3: nextStart looks.
  next[0] = bs < 0 ? -1 : -2;
  if (nextStart(s, 0, next) < 0) return null;
  let out = '';
  let last = 0;
  const runs: number[] = [];
  let i = 0;
  const n = s.length;
  while (i < n && runs.length < MAX_RUNS * 4) {
    // The nearest candidate at or after i.
    const at = nextStart(s, i, next);
    if (at < 0) break;
    i = at;
    const first = escapeAt(s, i, 0);
    if (first === null) {
      i++;
      continue;
    }
    const kind = first[2];
    const values = [first[0]];
    let j = i + first[1];
    let end = j;
    for (;;) {
      const g = gap(s, j, kind);
      const e = escapeAt(s, j + g, kind);
      if (e === null) break;
      values.push(e[0]);
      j += g + e[1];
      end = j;
    }
    if (values.length >= MIN_RUN) {
      const text = spell(values, kind);
      if (text !== null && !/[\u0000-\u0008\u000e-\u001f]/.test(text)) {
        out += s.slice(last, i);
        runs.push(out.length, out.length + text.length, i, end);
        out += text;
        last = end;
      }
    }
    i = end > i ? end : i + 1;
  }
  if (runs.length === 0) return null;
  return { text: out + s.slice(last), runs };
}

/** Map an offset in unescaped text back to the input (inside a run: the run's start, or its end for `end`). */
export function mapUnescaped(u: Unescaped, pos: number, end: boolean): number {
  let shift = 0;
  const r = u.runs;
  for (let k = 0; k < r.length; k += 4) {
    const os = r[k] as number;
    const oe = r[k + 1] as number;
    const is = r[k + 2] as number;
    const ie = r[k + 3] as number;
    if (pos < os) break;
    if (pos < oe || (end && pos === oe)) return end ? ie : is;
    shift = ie - oe;
  }
  return pos + shift;
}
