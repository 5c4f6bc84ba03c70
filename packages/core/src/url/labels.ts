// Subdomain labels as a data channel (DNS exfiltration): a name is resolved
// before any connection is made, so whatever an agent writes into the labels
// has already left by the time a request could be refused. This module
// decides, before resolution, whether the labels carry data: text encoded as
// hex, base32 or base64url (one label, a run of labels, or neighbours in
// different encodings), or long random label chains that decode to nothing.
// Ordinary names never get here: a label is only examined when it is long and
// fits an encoding alphabet, and the result is cached per host by the caller.
import { checkTextBytes, decodeBase32Into, decodeBase64Into, decodeHexInto } from '../encoding/primitives.js';
import { shannonEntropy } from './entropy.js';

export interface LabelVerdict {
  /** Decoded texts (each label or run of labels that decoded to text), for DLP and the env-value watch. */
  decoded: string[];
  /** Encodings of the first decoded text, outermost first ('base32', 'hex', 'base64url'). */
  encoding: string[] | undefined;
  /** The labels' data carries text (decoded). Excerpt of the encoded form, redacted by the caller. */
  encodedText: boolean;
  /** Random-looking labels carrying at least DATA_CHARS characters, or a chain of them. */
  dataLabels: boolean;
  /** Characters of the data labels, for the finding's excerpt. */
  dataChars: number;
}

/** Shortest label (or run of labels) decoded: shorter spans hold too few bytes to tell text from chance. */
const MIN_HEX = 16;
const MIN_B32 = 16;
const MIN_B64 = 12;
/** Fewest decoded bytes that count as text. */
const MIN_DECODED_BYTES = 6;
/** Labels considered in one host (DNS allows 127; beyond this the rest are not decoded). */
const MAX_LABELS = 16;
/** Longest run of labels joined for decoding. */
const MAX_RUN = 8;
/** A data label: at least this long, random-looking (see isDataLabel). */
const MIN_DATA_LABEL = 8;
/** Data characters in the labels that make a channel: a 20-byte key is 32 base32 or 40 hex characters. */
const DATA_CHARS = 40;
/** Or this many data labels with at least CHAIN_CHARS between them (dnscat, iodine chunking). */
const CHAIN_LABELS = 3;
const CHAIN_CHARS = 24;
/** Bits per character a data label must exceed (lower-cased base32/base36 sits near 4.3 at 24 characters). */
const DATA_ENTROPY = 3.2;
/**
 * A mixed-case data label this long is a channel on its own: names are
 * case-insensitive and written in one case, so case carrying information
 * (base58, base62, base64 as written) means data.
 */
const MIXED_CASE_DATA = 20;
/** Letters-only labels count as data from this length when their vowels are this scarce (words run near 0.4). */
const RANDOM_LETTERS_MIN = 8;
const RANDOM_LETTERS_VOWELS = 0.2;

// Per-character alphabet bits (ASCII only).
const A_HEX = 1;
const A_B32 = 2; // a-z A-Z 2-7
const A_B64 = 4; // A-Z a-z 0-9 - _
const A_UPPER = 8;
const A_LOWER = 16;
const A_DIGIT = 32;
const ALPHA = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) ALPHA[c] = A_HEX | A_B64 | A_DIGIT | (c >= 0x32 && c <= 0x37 ? A_B32 : 0);
for (let c = 0x41; c <= 0x5a; c++) ALPHA[c] = A_B32 | A_B64 | A_UPPER | (c <= 0x46 ? A_HEX : 0);
for (let c = 0x61; c <= 0x7a; c++) ALPHA[c] = A_B32 | A_B64 | A_LOWER | (c <= 0x66 ? A_HEX : 0);
ALPHA[0x2d] = A_B64;
ALPHA[0x5f] = A_B64;

/** AND and OR of the alphabet bits of a label (0 AND when a character is outside every alphabet). */
function shape(label: string): { and: number; or: number } {
  let and = 0xff;
  let or = 0;
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    const k = c < 128 ? (ALPHA[c] as number) : 0;
    and &= k;
    or |= k;
  }
  return { and, or };
}

let scratch = new Uint8Array(512);

/**
 * Decoded bytes that read as text an agent would send: valid UTF-8, mostly
 * printable, mostly ASCII letters, digits and punctuation. Random bytes pass
 * this about once in (256/95)^n for n bytes, which is why spans are long.
 */
function textOf(bytes: Uint8Array, n: number): string | null {
  if (n < MIN_DECODED_BYTES || !checkTextBytes(bytes, n)) return null;
  let ascii = 0;
  let alnum = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b >= 0x20 && b < 0x7f) ascii++;
    else if (b === 0x0a || b === 0x0d || b === 0x09) ascii++;
    if ((b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a)) alnum++;
  }
  if (ascii * 10 < n * 9 || alnum * 2 < n) return null;
  return new TextDecoder().decode(bytes.subarray(0, n));
}

type Enc = 'hex' | 'base32' | 'base64url';

function decodeAs(s: string, enc: Enc): string | null {
  const need = enc === 'hex' ? s.length >> 1 : Math.ceil((s.length * 6) / 8);
  if (scratch.length < need) scratch = new Uint8Array(Math.max(need, scratch.length * 2));
  let n: number;
  if (enc === 'hex') n = s.length % 2 === 0 ? decodeHexInto(s, 0, s.length, scratch) : -1;
  else if (enc === 'base32') n = decodeBase32Into(s, 0, s.length, scratch);
  else n = decodeBase64Into(s, 0, s.length, scratch);
  return n > 0 ? textOf(scratch, n) : null;
}

/** Which encodings a span with these alphabet bits could be, most specific first. */
function encodingsFor(and: number, or: number, len: number): Enc[] {
  const out: Enc[] = [];
  if (and & A_HEX && len >= MIN_HEX) out.push('hex');
  // base32 is case-insensitive; as written it is one case throughout.
  if (and & A_B32 && len >= MIN_B32 && !((or & A_UPPER) && (or & A_LOWER))) out.push('base32');
  // base64 needs its case: DNS would have destroyed it, so only a mixed-case span as written can be base64.
  if (and & A_B64 && len >= MIN_B64 && or & A_UPPER && or & A_LOWER) out.push('base64url');
  return out;
}

/**
 * A label that looks like a chunk of data rather than a name: long, letters
 * mixed with digits (or letters alone but as poor in vowels as random
 * letters are), not word-like, and about as varied as random characters.
 */
function isDataLabel(label: string, or: number): boolean {
  if (label.length < MIN_DATA_LABEL) return false;
  if (!(or & (A_UPPER | A_LOWER))) return false;
  if (!(or & A_DIGIT)) {
    if (label.length < RANDOM_LETTERS_MIN || !/^[a-z]+$/i.test(label)) return false;
    const vowels = (label.match(/[aeiouy]/gi) ?? []).length;
    if (vowels > label.length * RANDOM_LETTERS_VOWELS) return false;
  }
  // 'us-east-1', 'ec2-54-213-87-102', 'api-v2-staging': hyphen-joined words and numbers are names.
  if (label.includes('-')) {
    let wordy = true;
    for (const part of label.split('-')) if (part.length > 6 && !/^[a-z]+$/i.test(part)) wordy = false;
    if (wordy) return false;
  }
  // One digit in a word ('web3', 'k8s', 'i18n'), or digits only at the end ('server042'): a name.
  if (or & A_DIGIT && (/^[a-z]+\d{1,6}$/i.test(label) || /^\d+[a-z]{0,3}$/i.test(label))) return false;
  // Entropy cannot exceed log2(length): an 8-character label tops out at 3 bits.
  return shannonEntropy(label.toLowerCase()) > Math.min(DATA_ENTROPY, 0.75 * Math.log2(label.length));
}

/**
 * Look at the subdomain labels (as written, case kept) of one host. Labels
 * are decoded one by one and as runs of consecutive labels in the same
 * alphabet (chunked payloads), and the decoded texts of neighbouring labels
 * are joined (one chunk hex, the next base32). `exempt` hosts (platforms
 * whose tenant ids are random by design) skip the data-label count, never
 * the decoding: no platform puts encoded text in a name.
 */
export function inspectLabels(labels: readonly string[], exempt: boolean): LabelVerdict {
  const v: LabelVerdict = { decoded: [], encoding: undefined, encodedText: false, dataLabels: false, dataChars: 0 };
  const n = Math.min(labels.length, MAX_LABELS);
  const shapes: Array<{ and: number; or: number }> = new Array(n);
  let candidates = 0;
  let dataLabels = 0;
  let dataChars = 0;
  let mixedCase = false;
  for (let i = 0; i < n; i++) {
    const l = labels[i] as string;
    const sh = shape(l);
    shapes[i] = sh;
    if (l.length >= 4 && sh.and !== 0) candidates++;
    if (!exempt && isDataLabel(l, sh.or)) {
      dataLabels++;
      dataChars += l.length;
      if (l.length >= MIXED_CASE_DATA && sh.or & A_UPPER && sh.or & A_LOWER) mixedCase = true;
    }
  }
  if (dataChars >= DATA_CHARS || mixedCase || (dataLabels >= CHAIN_LABELS && dataChars >= CHAIN_CHARS)) {
    v.dataLabels = true;
    v.dataChars = dataChars;
  }
  if (candidates === 0) return v;

  // Decoded text per label (for joining neighbours), then runs of labels.
  const perLabel: (string | null)[] = new Array(n).fill(null);
  const seen = new Set<string>();
  const put = (text: string, enc: Enc): void => {
    if (seen.has(text)) return;
    seen.add(text);
    v.decoded.push(text);
    v.encoding ??= [enc];
    v.encodedText = true;
  };
  for (let i = 0; i < n; i++) {
    const l = labels[i] as string;
    const sh = shapes[i] as { and: number; or: number };
    if (sh.and === 0) continue;
    for (const enc of encodingsFor(sh.and, sh.or, l.length)) {
      const t = decodeAs(l, enc);
      if (t !== null) {
        perLabel[i] = t;
        put(t, enc);
        break;
      }
    }
  }
  for (let i = 0; i < n - 1; i++) {
    let and = (shapes[i] as { and: number }).and;
    let or = (shapes[i] as { or: number }).or;
    if (and === 0) continue;
    let joined = labels[i] as string;
    for (let j = i + 1; j < n && j - i < MAX_RUN; j++) {
      const sh = shapes[j] as { and: number; or: number };
      and &= sh.and;
      or |= sh.or;
      if (and === 0) break;
      joined += labels[j] as string;
      for (const enc of encodingsFor(and, or, joined.length)) {
        const t = decodeAs(joined, enc);
        if (t !== null) {
          put(t, enc);
          break;
        }
      }
    }
  }
  // Neighbours decoded in different encodings: their texts joined.
  for (let i = 0; i < n - 1; i++) {
    if (perLabel[i] === null) continue;
    let joined = perLabel[i] as string;
    for (let j = i + 1; j < n && perLabel[j] !== null; j++) {
      joined += perLabel[j] as string;
      if (!seen.has(joined)) {
        seen.add(joined);
        v.decoded.push(joined);
      }
    }
  }
  return v;
}
