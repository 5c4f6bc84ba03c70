// HTML character references for the text extractor: numeric ones and the
// named ones pages actually use. An unknown name is left as written (the
// scanner then sees exactly what a reader would).

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', shy: '\u00ad',
  copy: '\u00a9', reg: '\u00ae', trade: '\u2122', deg: '\u00b0', plusmn: '\u00b1', times: '\u00d7', divide: '\u00f7',
  sect: '\u00a7', para: '\u00b6', middot: '\u00b7', bull: '\u2022', hellip: '\u2026', prime: '\u2032',
  ndash: '\u2013', mdash: '\u2014', lsquo: '\u2018', rsquo: '\u2019', sbquo: '\u201a', ldquo: '\u201c', rdquo: '\u201d',
  bdquo: '\u201e', laquo: '\u00ab', raquo: '\u00bb', lsaquo: '\u2039', rsaquo: '\u203a',
  euro: '\u20ac', pound: '\u00a3', yen: '\u00a5', cent: '\u00a2', curren: '\u00a4',
  larr: '\u2190', rarr: '\u2192', uarr: '\u2191', darr: '\u2193', harr: '\u2194', rArr: '\u21d2', lArr: '\u21d0',
  ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009', zwnj: '\u200c', zwj: '\u200d', lrm: '\u200e', rlm: '\u200f',
  iexcl: '\u00a1', iquest: '\u00bf', frac12: '\u00bd', frac14: '\u00bc', frac34: '\u00be', sup2: '\u00b2', sup3: '\u00b3',
  micro: '\u00b5', ordf: '\u00aa', ordm: '\u00ba', macr: '\u00af', acute: '\u00b4', cedil: '\u00b8', uml: '\u00a8',
  agrave: '\u00e0', aacute: '\u00e1', acirc: '\u00e2', atilde: '\u00e3', auml: '\u00e4', aring: '\u00e5', aelig: '\u00e6',
  ccedil: '\u00e7', egrave: '\u00e8', eacute: '\u00e9', ecirc: '\u00ea', euml: '\u00eb', igrave: '\u00ec', iacute: '\u00ed',
  icirc: '\u00ee', iuml: '\u00ef', ntilde: '\u00f1', ograve: '\u00f2', oacute: '\u00f3', ocirc: '\u00f4', otilde: '\u00f5',
  ouml: '\u00f6', oslash: '\u00f8', ugrave: '\u00f9', uacute: '\u00fa', ucirc: '\u00fb', uuml: '\u00fc', yacute: '\u00fd',
  yuml: '\u00ff', szlig: '\u00df', Agrave: '\u00c0', Aacute: '\u00c1', Acirc: '\u00c2', Auml: '\u00c4', Aring: '\u00c5',
  Ccedil: '\u00c7', Eacute: '\u00c9', Egrave: '\u00c8', Ntilde: '\u00d1', Ouml: '\u00d6', Uuml: '\u00dc', Oslash: '\u00d8',
  alpha: '\u03b1', beta: '\u03b2', gamma: '\u03b3', delta: '\u03b4', pi: '\u03c0', sigma: '\u03c3', mu: '\u03bc', lambda: '\u03bb',
  infin: '\u221e', ne: '\u2260', le: '\u2264', ge: '\u2265', asymp: '\u2248', minus: '\u2212', sum: '\u2211', radic: '\u221a',
};

/** Names HTML accepts without the closing semicolon (legacy pages rely on these). */
const NO_SEMICOLON = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg']);

/** WHATWG: these C1 references mean windows-1252 characters. */
const C1: Record<number, number> = {
  0x80: 0x20ac, 0x82: 0x201a, 0x83: 0x0192, 0x84: 0x201e, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02c6,
  0x89: 0x2030, 0x8a: 0x0160, 0x8b: 0x2039, 0x8c: 0x0152, 0x8e: 0x017d, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c,
  0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02dc, 0x99: 0x2122, 0x9a: 0x0161, 0x9b: 0x203a,
  0x9c: 0x0153, 0x9e: 0x017e, 0x9f: 0x0178,
};

function codePoint(n: number): string {
  if (!Number.isFinite(n) || n === 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return '\ufffd';
  return String.fromCodePoint(C1[n] ?? n);
}

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHex = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/** Decode character references in one pass; each character is looked at a bounded number of times. */
export function decodeEntities(s: string): string {
  let amp = s.indexOf('&');
  if (amp < 0) return s;
  let out = '';
  let last = 0;
  const n = s.length;
  while (amp >= 0) {
    let i = amp + 1;
    let decoded: string | undefined;
    if (s.charCodeAt(i) === 35 /* # */) {
      i++;
      const hex = s.charCodeAt(i) === 120 || s.charCodeAt(i) === 88;
      if (hex) i++;
      const start = i;
      // At most 8 digits: anything longer is not a code point anyway.
      while (i < n && i - start < 8 && (hex ? isHex(s.charCodeAt(i)) : isDigit(s.charCodeAt(i)))) i++;
      if (i > start) {
        decoded = codePoint(parseInt(s.slice(start, i), hex ? 16 : 10));
        if (s.charCodeAt(i) === 59) i++;
      }
    } else {
      const start = i;
      while (i < n && i - start < 10 && isAlnum(s.charCodeAt(i))) i++;
      const name = s.slice(start, i);
      const value = NAMED[name];
      if (value !== undefined && s.charCodeAt(i) === 59) {
        decoded = value;
        i++;
      } else if (value !== undefined && NO_SEMICOLON.has(name)) {
        decoded = value;
      }
    }
    if (decoded !== undefined) {
      out += s.slice(last, amp) + decoded;
      last = i;
    }
    amp = s.indexOf('&', Math.max(i, amp + 1));
  }
  return out + s.slice(last);
}
