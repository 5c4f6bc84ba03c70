import { describe, expect, it } from 'vitest';
import { mapUnescaped, unescapeRuns } from './escapes.js';

const spell = (s: string, f: (c: number) => string, sep = ''): string => [...Buffer.from(s)].map(f).join(sep);
const hx = (c: number): string => c.toString(16).padStart(2, '0');

describe('unescapeRuns', () => {
  it.each<[string, string, string]>([
    ['\\x runs', `key: ${spell('sk_live_x9', (c) => `\\x${hx(c)}`)}`, 'key: sk_live_x9'],
    ['\\u runs', `key: ${[...'gsk_abc123'].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}`, 'key: gsk_abc123'],
    ['\\u{} runs', `${[...'secret!'].map((ch) => `\\u{${ch.charCodeAt(0).toString(16)}}`).join('')}`, 'secret!'],
    ['0x lists with commas', spell('ghp_token', (c) => `0x${hx(c)}`, ','), 'ghp_token'],
    ['0x lists with comma-space', spell('ghp_token', (c) => `0x${hx(c)}`, ', '), 'ghp_token'],
    ['decimal and hex entities', `${[...'hello!'].map((ch) => `&#${ch.charCodeAt(0)};`).join('')} ${[...'world!'].map((ch) => `&#x${ch.charCodeAt(0).toString(16)};`).join('')}`, 'hello! world!'],
    ['octal escapes', spell('sk_live_x9', (c) => `\\${c.toString(8).padStart(3, '0')}`), 'sk_live_x9'],
    ['UTF-8 bytes', `${spell('café au lait', (c) => `\\x${hx(c)}`)}`, 'café au lait'],
    ['a run after backslashes that start no escape', `"a\\n\\t\\\\b" ${spell('sk_live_x9', (c) => `\\x${hx(c)}`)}`, '"a\\n\\t\\\\b" sk_live_x9'],
    ['a run after zeros and short runs of every form', `0 10 0x1 \\x41 &#65; ${spell('ghp_token', (c) => `0X${hx(c).toUpperCase()}`, ', ')}`, '0 10 0x1 \\x41 &#65; ghp_token'],
  ])('%s', (_n, input, want) => {
    expect(unescapeRuns(input)?.text).toBe(want);
  });

  it.each<[string, string]>([
    ['plain text', 'nothing to see here'],
    ['short escapes in code', 'printf("\\x1b[0m"); const mask = 0x00ff; s = "\\u00e9t\\u00e9";'],
    ['a hex number, not a byte list', 'const big = 0x41424344454647484950;'],
    ['control characters stay escaped', '\\x01\\x02\\x03\\x04\\x05\\x06\\x07'],
  ])('leaves %s alone', (_n, input) => {
    expect(unescapeRuns(input)).toBeNull();
  });

  it('maps offsets back into the input', () => {
    const input = `a ${spell('secret', (c) => `\\x${hx(c)}`)} z`;
    const u = unescapeRuns(input);
    expect(u?.text).toBe('a secret z');
    if (!u) return;
    expect(mapUnescaped(u, 2, false)).toBe(2);
    expect(mapUnescaped(u, 8, true)).toBe(input.length - 2);
    expect(mapUnescaped(u, 9, false)).toBe(input.length - 1);
  });
});
