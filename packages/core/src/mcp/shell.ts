// Shell de-obfuscation: rewrites the tricks that hide a command from a
// pattern match (r\m, 'r''m', ${IFS}, $'\x72m', octal escapes, {a,b} brace
// lists, $(printf '\x72m'), $(echo rm)) into the command a shell would run.
// It never executes anything; unknown constructs are left as written, and the
// work is bounded by the input length and a fixed number of rounds.

const MAX_INPUT = 64 * 1024;
const MAX_ROUNDS = 4;

/** Decodes ANSI-C escapes as in $'...': \xHH, \NNN (octal), \uHHHH, \n, \t, \\, \', \". */
export function decodeAnsiC(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[i + 1]!;
    if (n === 'x') {
      const m = /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 2, i + 4));
      if (m) {
        out += String.fromCharCode(parseInt(m[0], 16));
        i += 1 + m[0].length;
        continue;
      }
    } else if (n === 'u' || n === 'U') {
      const m = /^[0-9a-fA-F]{1,8}/.exec(body.slice(i + 2, i + (n === 'u' ? 6 : 10)));
      if (m) {
        const cp = parseInt(m[0], 16);
        out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
        i += 1 + m[0].length;
        continue;
      }
    } else if (n >= '0' && n <= '7') {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1, i + 4));
      if (m) {
        out += String.fromCharCode(parseInt(m[0], 8) & 0xff);
        i += m[0].length;
        continue;
      }
    } else {
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '', b: '', e: '', f: '', v: '', '\\': '\\', "'": "'", '"': '"', '?': '?' };
      if (n in simple) {
        out += simple[n]!;
        i += 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** printf's format: escapes as in $'...', %s/%b replaced by the following args. */
export function evalPrintf(args: string[]): string {
  const [fmt = '', ...rest] = args;
  let k = 0;
  const withArgs = fmt.replace(/%[sbdc]/g, () => rest[k++] ?? '');
  return decodeAnsiC(withArgs) + (k < rest.length ? rest.slice(k).join('') : '');
}

/** Splits a simple word list, honouring single and double quotes and backslashes. */
function splitWords(s: string): string[] {
  const words: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      cur += end < 0 ? s.slice(i + 1) : s.slice(i + 1, end);
      i = end < 0 ? s.length : end;
      has = true;
    } else if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') {
        if (s[j] === '\\' && j + 1 < s.length) j++;
        cur += s[j];
        j++;
      }
      i = j;
      has = true;
    } else if (c === '\\' && i + 1 < s.length) {
      cur += s[++i];
      has = true;
    } else if (c === ' ' || c === '\t') {
      if (has) words.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) words.push(cur);
  return words;
}

function expandBraces(s: string): string {
  // {rm,-rf,/} as a command word list (no spaces inside) becomes "rm -rf /";
  // a prefix/suffix form a{b,c}d is expanded as the shell would.
  // Anchored at word starts and with comma-free items: otherwise a 64 KB word
  // (or an unclosed '{a,a,...') backtracks quadratically.
  return s.replace(/(?<!\S)(\S*?)\{([^{}\s,]*(?:,[^{}\s,]*)+)\}(\S*)/g, (_m, pre: string, list: string, post: string) => {
    const items = list.split(',');
    if (pre === '' && post === '') return items.join(' ');
    return items.map((it) => `${pre}${it}${post}`).join(' ');
  });
}

function round(s: string): string {
  let t = s;
  // $'...' ANSI-C quoting.
  t = t.replace(/\$'((?:[^'\\]|\\.)*)'/g, (_m, body: string) => decodeAnsiC(body));
  // Command substitution with printf or echo: evaluated, since both are pure.
  t = t.replace(/\$\(\s*printf\s+([^()]*)\)|`\s*printf\s+([^`]*)`/g, (_m, a?: string, b?: string) => evalPrintf(splitWords(a ?? b ?? '')));
  t = t.replace(/\$\(\s*echo\s+(?:-[neE]+\s+)?([^()]*)\)|`\s*echo\s+(?:-[neE]+\s+)?([^`]*)`/g, (_m, a?: string, b?: string) =>
    splitWords(a ?? b ?? '').join(' '),
  );
  // Field separators and empty expansions used as spacers or fillers.
  t = t.replace(/\$\{IFS(?:[%#:][^}]*)?\}|\$IFS\b/g, ' ');
  t = t.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*:?-\}|\$@|\$\*|\$\{\}/g, '');
  t = t.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)\}/g, '$1');
  // Quotes glued inside words ('r''m', "r"m, r""m) and backslash escapes (r\m).
  t = t.replace(/(['"])\1/g, '');
  t = t.replace(/(\w)(['"])(\w*)\2/g, '$1$3');
  t = t.replace(/(['"])(\w+)\1(?=[\w'"])/g, '$2');
  t = t.replace(/(^|[\s;|&(])(['"])([\w./~+-]+)\2(?=$|[\s;|&)])/g, '$1$3');
  t = t.replace(/\\(?=[A-Za-z0-9\/._-])/g, '');
  t = t.replace(/\\\n/g, '');
  t = expandBraces(t);
  return t;
}

/**
 * The command as a shell would see it after quoting and expansion tricks.
 * Returns the input unchanged when it has none of the trigger characters.
 */
export function deobfuscateShell(input: string): string {
  let s = input.length > MAX_INPUT ? input.slice(0, MAX_INPUT) : input;
  if (!/[\\'"$`{]/.test(s)) return s;
  for (let i = 0; i < MAX_ROUNDS; i++) {
    const next = round(s);
    if (next === s) break;
    s = next.length > MAX_INPUT ? next.slice(0, MAX_INPUT) : next;
  }
  return s.replace(/[ \t]+/g, ' ');
}
