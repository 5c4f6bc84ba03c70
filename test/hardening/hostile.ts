// Hostile inputs an attacker can hand each parser and scanner: long runs,
// floods and bombs of 100-256 KB. properties.test.ts checks every one gets an
// answer (a decision, a bounded result or the parser's own typed error);
// hostile.bench.ts measures how long each takes. Kept apart so the suite
// never asserts the machine's speed.

const KB = 1024;

const diffOf = (path: string, lines: string[]) =>
  [`diff --git a/${path} b/${path}`, 'new file mode 100644', '--- /dev/null', `+++ b/${path}`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => '+' + l), ''].join('\n');

export const HOSTILE = {
  /** scanText: long letter runs, no-space prose, invisible-character floods, homoglyph soup, a base64-looking run. */
  scanText: [
    'a'.repeat(256 * KB),
    'ignoreallpreviousinstructions'.repeat(9 * KB),
    'i\u200bg\u200bn\u200bo\u200br\u200be '.repeat(20 * KB),
    '\u0430\u0435\u043e\u0440'.repeat(64 * KB),
    'A'.repeat(128 * KB) + '=' + 'Q'.repeat(128 * KB),
  ],
  /** decodeViews: a base64-looking blob, nested layers, separator soup. */
  decodeViews: [
    'QUJD'.repeat(64 * KB),
    Buffer.from(Buffer.from(Buffer.from('x'.repeat(40 * KB)).toString('base64')).toString('base64')).toString('hex'),
    '41:'.repeat(85 * KB),
    '%25'.repeat(85 * KB),
    'A='.repeat(128 * KB),
  ],
  /** parseConfig: deep flow nesting, anchors, many rows, a huge scalar, control characters. */
  parseConfig: [
    'mode: ' + '['.repeat(100 * KB),
    'a: &a [' + 'x,'.repeat(50 * KB) + ']\nb: [*a, *a, *a, *a, *a, *a, *a, *a]',
    'dlp:\n  patterns:\n' + '  - {name: p, regex: "a", severity: low}\n'.repeat(4 * KB),
    'mode: "' + 'x'.repeat(256 * KB) + '"',
    '\u0000\uffff\ud800'.repeat(30 * KB),
  ],
  /** parseDiff: hunk floods, one huge line, header floods, many lines, an escaped path bomb. */
  parseDiff: [
    '@@ -1 +1 @@\n'.repeat(20 * KB),
    diffOf('a', ['x'.repeat(256 * KB)]),
    'diff --git a/x b/x\n'.repeat(13 * KB),
    diffOf('b', Array.from({ length: 30 * KB }, () => 'y')),
    'diff --git "a/\\' + '\\'.repeat(128 * KB) + '" b/x\n',
    '+'.repeat(256 * KB),
  ],
  /** parseJsonRpc: all refused (deep nesting, an oversize batch, an empty batch). */
  parseJsonRpc: ['['.repeat(256 * KB), '{"a":'.repeat(50 * KB) + '1' + '}'.repeat(50 * KB), JSON.stringify(Array.from({ length: 101 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'x' }))), '[]'],
  /** JSON request bodies: one over the node bound, one far over the depth bound. */
  jsonBody: [JSON.stringify(Array.from({ length: 100_001 }, () => 0)), '['.repeat(128 * KB) + ']'.repeat(128 * KB)],
  /** multipart/form-data; boundary=b: near-miss delimiters everywhere. */
  multipart: [
    '\n--b'.repeat(64 * KB),
    '--b\r\n' + '\n--bX'.repeat(50 * KB) + '\n--b--',
    '--b\r\n' + 'Content-Type: text/plain\r\n'.repeat(10 * KB) + '\r\nx\r\n--b--',
  ],
  /** scanUrl: all blocked (huge query, percent bomb, many labels, traversal flood, broken IPv6 literal). */
  scanUrl: [
    'https://example.com/?' + 'a=b&'.repeat(64 * KB),
    'https://example.com/' + '%25'.repeat(85 * KB),
    'https://' + 'a.'.repeat(100 * KB) + 'com/',
    'https://example.com/' + '../'.repeat(85 * KB),
    'http://[' + ':'.repeat(256 * KB) + ']/',
  ],
  /** deobfuscateShell: brace bombs, quote floods, nested substitutions, backslash runs. */
  deobfuscateShell: ['{a,b}'.repeat(50 * KB), "'".repeat(256 * KB), '$(echo '.repeat(36 * KB), "$'\\x".repeat(64 * KB), '\\'.repeat(256 * KB), '{' + 'a,'.repeat(128 * KB) + '}'],
} as const;
