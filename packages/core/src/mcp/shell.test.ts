import { describe, expect, it } from 'vitest';
import { decodeAnsiC, deobfuscateShell } from './shell.js';

describe('deobfuscateShell', () => {
  it.each([
    ['backslash inside a word', 'r\\m -rf /', 'rm -rf /'],
    ['glued empty quotes', "'r''m' -rf /", 'rm -rf /'],
    ['double quotes inside a word', 'c"a"t ~/.ssh/id_rsa', 'cat ~/.ssh/id_rsa'],
    ['empty quotes inside a path', 'cat ~/.s""sh/id_rsa', 'cat ~/.ssh/id_rsa'],
    ['${IFS} as a space', 'rm${IFS}-rf${IFS}/', 'rm -rf /'],
    ['$IFS as a space', 'cat$IFS/etc/shadow', 'cat /etc/shadow'],
    ["ANSI-C hex $'\\x72\\x6d'", "$'\\x72\\x6d' -rf /", 'rm -rf /'],
    ["ANSI-C octal $'\\162\\155'", "$'\\162\\155' -rf /", 'rm -rf /'],
    ['brace expansion word list', '{rm,-rf,/}', 'rm -rf /'],
    ['brace expansion with prefix', 'cat /etc/{passwd,shadow}', 'cat /etc/passwd /etc/shadow'],
    ['printf substitution', "$(printf '\\x72\\x6d') -rf /", 'rm -rf /'],
    ['backtick printf', "`printf '\\162\\155'` -rf /", 'rm -rf /'],
    ['echo substitution', '$(echo rm) -rf /', 'rm -rf /'],
    ['empty expansion filler', 'r$@m -rf /', 'rm -rf /'],
    ['default-value expansion', '${x:-rm} -rf /', 'rm -rf /'],
    ['nested: quotes inside ANSI-C', "$'\\x63'at ~/.a\"w\"s/credentials", 'cat ~/.aws/credentials'],
  ])('%s', (_name, input, want) => {
    expect(deobfuscateShell(input)).toBe(want);
  });

  it('leaves ordinary commands alone', () => {
    for (const s of ['ls -la', 'git status', 'echo "hello world"', 'npm test -- --watch=false', 'grep -rn TODO src']) {
      expect(deobfuscateShell(s)).toBe(s);
    }
    // Quotes a shell would remove anyway are removed; the words stay the same.
    expect(deobfuscateShell("grep -r 'TODO' src")).toBe('grep -r TODO src');
  });

  it('is bounded on hostile input', () => {
    const s = "$'\\x41'".repeat(50_000) + '{a,b}'.repeat(10_000);
    const out = deobfuscateShell(s);
    expect(out.length).toBeLessThanOrEqual(64 * 1024 * 2);
  });

  it('decodes ANSI-C escapes', () => {
    expect(decodeAnsiC('\\x41\\102\\u00e9\\n')).toBe('AB\u00e9\n');
  });
});
