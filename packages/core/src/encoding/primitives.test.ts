import { describe, expect, it } from 'vitest';
import { Buffer } from 'node:buffer';
import { checkTextBytes, decodeBase32, decodeBase64, decodeHex, urlDecodeIterative, urlDecodeOnce } from './index.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('decodeBase64', () => {
  it.each([
    ['standard padded', b64('secret value?'), 'secret value?'],
    ['standard unpadded', b64('secret value?').replace(/=+$/, ''), 'secret value?'],
    ['url-safe', Buffer.from('??>>??').toString('base64url'), '??>>??'],
    ['standard with + and /', b64('??>>??'), '??>>??'],
    ['surrounding whitespace', ` ${b64('hi there')}\n`, 'hi there'],
    ['UTF-8 text', b64('héllo 中文'), 'héllo 中文'],
    ['empty', '', ''],
  ])('%s', (_n, input, want) => {
    expect(decodeBase64(input)).toBe(want);
  });
  it.each([
    ['invalid character', 'aGVs*G8='],
    ['length 1 mod 4', 'aGVsb'],
    ['mixed alphabets', 'ab+_cdef'],
    ['padding on an incomplete quantum', 'aGVsbG8=='.slice(0, 6) + '='],
    ['not UTF-8', Buffer.from([0xff, 0xfe, 0x80]).toString('base64')],
    ['non-ASCII input', 'aGVsbG8é'],
  ])('rejects %s', (_n, input) => {
    expect(decodeBase64(input)).toBeNull();
  });
});

describe('decodeBase32', () => {
  it.each([
    ['padded', 'NBSWY3DP', 'hello'],
    ['padded with =', 'MZXW6===', 'foo'],
    ['unpadded', 'MZXW6', 'foo'],
    ['lower case', 'mzxw6ytboi======', 'foobar'],
  ])('%s', (_n, input, want) => {
    expect(decodeBase32(input)).toBe(want);
  });
  it.each([
    ['digit outside 2-7', 'MZXW1==='],
    ['impossible length', 'MZX'],
    ['base64 punctuation', 'MZ+W6==='],
  ])('rejects %s', (_n, input) => {
    expect(decodeBase32(input)).toBeNull();
  });
});

describe('decodeHex', () => {
  it.each([
    ['plain lower', '414b4941', 'AKIA'],
    ['plain upper', '414B4941', 'AKIA'],
    ['0x prefix', '0x414b4941', 'AKIA'],
    ['colons', '41:4b:49:41', 'AKIA'],
    ['dashes', '41-4b-49-41', 'AKIA'],
    ['spaces', '41 4b 49 41', 'AKIA'],
    ['commas', '41,4b,49,41', 'AKIA'],
    ['comma space', '41, 4b, 49, 41', 'AKIA'],
    ['backslash x', '\\x41\\x4b\\x49\\x41', 'AKIA'],
    ['0x comma', '0x41,0x4b,0x49,0x41', 'AKIA'],
    ['0x comma space', '0x41, 0x4b, 0x49, 0x41', 'AKIA'],
    ['0x space', '0x41 0x4b 0x49 0x41', 'AKIA'],
  ])('%s', (_n, input, want) => {
    expect(decodeHex(input)).toBe(want);
  });
  it.each([
    ['odd length', '414b494'],
    ['non-hex', '414g'],
    ['mixed delimiters', '41:4b-49:41'],
    ['single-digit byte', '41:4:49'],
    ['trailing delimiter', '41:4b:'],
    ['not UTF-8', 'ff fe'],
  ])('rejects %s', (_n, input) => {
    expect(decodeHex(input)).toBeNull();
  });
});

describe('URL decoding', () => {
  it.each([
    ['single layer', 'a%20b%2Fc', 1, 'a b/c'],
    ['double encoded', '%2541%2542', 4, 'AB'],
    ['triple encoded', '%252541', 4, 'A'],
    ['rounds limit respected', '%252541', 1, '%2541'],
    ['UTF-8 run', '%E4%B8%AD%E6%96%87', 4, '中文'],
    ['invalid escape left alone', '100%zz %4', 4, '100%zz %4'],
    ['invalid UTF-8 left as written', '%E9t%E9', 4, '%E9t%E9'],
    ['plus is not a space', 'a+b%2B', 4, 'a+b+'],
    ['nothing to do', 'plain', 4, 'plain'],
  ])('%s', (_n, input, rounds, want) => {
    expect(urlDecodeIterative(input, rounds)).toBe(want);
  });
  it('one round decodes one layer', () => {
    expect(urlDecodeOnce('%2541')).toBe('%41');
  });
});

describe('checkTextBytes', () => {
  const check = (bytes: number[]): boolean => checkTextBytes(Uint8Array.from(bytes), bytes.length);
  it.each([
    ['ASCII text', [0x68, 0x69, 0x21], true],
    ['two-byte UTF-8', [0xc3, 0xa9, 0x61], true],
    ['four-byte UTF-8 emoji with a letter', [0xf0, 0x9f, 0x98, 0x80, 0x61], true],
    ['newline and tab allowed', [0x61, 0x0a, 0x09, 0x62], true],
    ['NUL', [0x61, 0x00, 0x62], false],
    ['control in a short string', [0x61, 0x01, 0x62], false],
    ['overlong encoding', [0xc0, 0xaf, 0x61], false],
    ['truncated sequence', [0x61, 0xe4, 0xb8], false],
    ['surrogate encoded', [0xed, 0xa0, 0x80, 0x61], false],
    ['lone continuation byte', [0x80, 0x61], false],
    ['no letters at all', [0x2d, 0x2d, 0x2d], false],
    ['empty', [], false],
  ])('%s', (_n, bytes, want) => {
    expect(check(bytes)).toBe(want);
  });
});
