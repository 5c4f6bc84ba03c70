// Readable text from an HTML page for /fetch: what a reader of the rendered
// page would see, as plain text for an agent. One forward pass over the
// markup (no DOM, no backtracking), so a hostile page costs linear time.
// It decides nothing: the caller scans what it returns.
import { decodeEntities } from './entities.js';

export interface Extracted {
  /** The first <title>, whitespace collapsed; '' when there is none. */
  title: string;
  /** Text of the page: block elements on their own lines, whitespace collapsed. */
  text: string;
}

/** Elements whose contents are raw text up to their end tag and never shown. */
const RAW_DROPPED = new Set(['script', 'style', 'noscript', 'iframe', 'xmp', 'noembed', 'noframes']);
/** Elements whose whole subtree is not readable text. */
const SUBTREE_DROPPED = new Set(['head', 'template', 'svg', 'math', 'object', 'canvas', 'select', 'datalist']);
/** What may appear inside <head>; anything else means the body started without a <body> tag. */
const HEAD_CONTENT = new Set(['title', 'meta', 'link', 'style', 'script', 'noscript', 'base', 'template']);
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'details', 'dialog', 'div', 'dl', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'main',
  'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'ul', 'body', 'html', 'legend', 'textarea',
]);
/** Line-level items: a newline before each, none after, so lists and rows stay compact. */
const LINE = new Set(['li', 'tr', 'dt', 'dd', 'option', 'br']);
const CELL = new Set(['td', 'th']);

const NEWLINE = '\n';
/**
 * Open dropped elements tracked at most. Keeps every stack operation bounded
 * (nesting thousands of <template>s cannot make the pass quadratic); past it,
 * an early end tag may reveal text, which is then scanned like the rest.
 */
const MAX_DROPPED_DEPTH = 256;

/** ASCII-only lower-casing keeps every index valid (String#toLowerCase may change the length). */
function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

const isNameChar = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 58 || c === 95 || (c >= 65 && c <= 90);
const isLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;

function collapse(s: string): string {
  return s.replace(/[\t\n\f\r \u00a0]+/g, ' ');
}

export function extractText(html: string): Extracted {
  const lower = asciiLower(html);
  const n = html.length;
  const out: string[] = [];
  const dropped: string[] = [];
  let pre = 0;
  let title = '';

  const text = (raw: string): void => {
    if (dropped.length > 0 || raw === '') return;
    const decoded = decodeEntities(raw);
    if (pre > 0) {
      const lines = decoded.replace(/\r\n?/g, '\n').split('\n');
      lines.forEach((line, k) => {
        if (k > 0) out.push(NEWLINE);
        out.push(collapse(line));
      });
    } else {
      out.push(collapse(decoded));
    }
  };

  /** The index just past the '>' that ends a tag opened before `from`, or n. */
  const tagEnd = (from: number): number => {
    const gt = html.indexOf('>', from);
    return gt < 0 ? n : gt + 1;
  };

  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      text(html.slice(i));
      break;
    }
    text(html.slice(i, lt));
    const c1 = html.charCodeAt(lt + 1);
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (c1 === 33 /* ! */ || c1 === 63 /* ? */) {
      i = tagEnd(lt + 2);
      continue;
    }
    if (c1 === 47 /* / */ && isLetter(html.charCodeAt(lt + 2))) {
      let j = lt + 2;
      while (j < n && isNameChar(html.charCodeAt(j))) j++;
      closeTag(lower.slice(lt + 2, j));
      i = tagEnd(j);
      continue;
    }
    if (!isLetter(c1)) {
      text('<');
      i = lt + 1;
      continue;
    }

    // A start tag: name, then attributes (quoted values may contain '>').
    let j = lt + 1;
    while (j < n && isNameChar(html.charCodeAt(j))) j++;
    const name = lower.slice(lt + 1, j);
    const attrs = new Map<string, string>();
    let selfClosing = false;
    while (j < n) {
      const c = html.charCodeAt(j);
      if (c === 62 /* > */) {
        j++;
        break;
      }
      if (isSpace(c) || c === 47) {
        selfClosing = c === 47;
        j++;
        continue;
      }
      selfClosing = false;
      const a = j;
      while (j < n && !isSpace(html.charCodeAt(j)) && html.charCodeAt(j) !== 61 && html.charCodeAt(j) !== 62 && html.charCodeAt(j) !== 47) j++;
      if (j === a) j++; // a stray '=': step over it
      const attr = lower.slice(a, j);
      while (j < n && isSpace(html.charCodeAt(j))) j++;
      let value = '';
      if (html.charCodeAt(j) === 61 /* = */) {
        j++;
        while (j < n && isSpace(html.charCodeAt(j))) j++;
        const q = html.charCodeAt(j);
        if (q === 34 || q === 39) {
          const close = html.indexOf(q === 34 ? '"' : "'", j + 1);
          const end = close < 0 ? n : close;
          value = html.slice(j + 1, end);
          j = close < 0 ? n : close + 1;
        } else {
          const v = j;
          while (j < n && !isSpace(html.charCodeAt(j)) && html.charCodeAt(j) !== 62) j++;
          value = html.slice(v, j);
        }
      }
      if (attr !== '' && !attrs.has(attr)) attrs.set(attr, value);
    }
    i = j;

    if (dropped.length === 1 && dropped[0] === 'head' && !HEAD_CONTENT.has(name)) dropped.length = 0;
    if (name === 'body') {
      const h = dropped.indexOf('head');
      if (h >= 0) dropped.splice(h);
    }
    if (name === 'title' || RAW_DROPPED.has(name)) {
      // Raw text: nothing inside is markup, up to the matching end tag.
      const end = lower.indexOf(`</${name}`, i);
      const content = html.slice(i, end < 0 ? n : end);
      if (name === 'title' && title === '' && !dropped.some((e) => e !== 'head')) title = collapse(decodeEntities(content)).trim();
      i = end < 0 ? n : tagEnd(end + name.length + 2);
      continue;
    }
    if (SUBTREE_DROPPED.has(name)) {
      if (!selfClosing && dropped.length < MAX_DROPPED_DEPTH) dropped.push(name);
      continue;
    }
    if (dropped.length > 0) continue;
    if (BLOCK.has(name) || LINE.has(name)) out.push(NEWLINE);
    else if (CELL.has(name)) out.push(' ');
    if (name === 'pre' && !selfClosing) pre++;
    const alt = attrs.get('alt');
    if (alt !== undefined && (name === 'img' || name === 'area' || (name === 'input' && attrs.get('type')?.toLowerCase() === 'image'))) {
      out.push(' ', collapse(decodeEntities(alt)), ' ');
    }
  }

  function closeTag(name: string): void {
    if (SUBTREE_DROPPED.has(name)) {
      const k = dropped.lastIndexOf(name);
      if (k >= 0) dropped.splice(k);
      return;
    }
    if (dropped.length > 0) return;
    if (name === 'pre' && pre > 0) pre--;
    if (BLOCK.has(name)) out.push(NEWLINE);
    else if (CELL.has(name)) out.push(' ');
  }

  // Each replace below is a single linear pass (no nested quantifiers).
  const joined = out
    .join('')
    .replace(/ {2,}/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { title, text: joined };
}
