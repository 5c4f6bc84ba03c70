// A small, tolerant shell parser for risk analysis: splits a command line into
// pipelines of simple commands and expands each word the way a shell would
// (quotes, backslashes, $'…' escapes, ${IFS}, variables assigned earlier in
// the same line, {a,b} lists, $(echo …)/$(printf …), globs in command names),
// keeping command substitutions, process substitutions, here-documents and
// here-strings as nested scripts. It never executes anything and never fails:
// unknown syntax is kept as literal text. Work is bounded by the input cap,
// the nesting depth and a node budget shared by the whole parse.

import { decodeAnsiC, evalPrintf } from './shell.js';

const MAX_INPUT = 64 * 1024;
export const MAX_DEPTH = 5;
const MAX_NODES = 4000;
const MAX_BRACE_ITEMS = 64;
const MAX_WORD = 8 * 1024;

export interface Redirect {
  /** '>', '>>', '<', '<>', '>&', '<&', '&>', '&>>', '<<', '<<<', '>|' */
  op: string;
  fd: string;
  /** The expanded target word (a file, a descriptor, or the here-string / here-document text). */
  target: string;
}

export interface Command {
  /** Words after expansion; argv[0] is the command name as written after de-obfuscation. */
  argv: string[];
  assigns: Array<[string, string]>;
  redirects: Redirect[];
  /** Text fed on standard input by a here-string or here-document, when any. */
  stdin?: string;
  /** Scripts inside $(…), `…`, <(…), >(…) anywhere in this command's words. */
  subs: Script[];
  /** The command name needed de-obfuscation (quotes inside it, escapes, built from variables, printf…). */
  obfuscatedName: boolean;
  /** Some word other than the name needed de-obfuscation. */
  obfuscatedArgs: boolean;
  /** A body in { … } or ( … ): its commands are parsed into `group`. */
  group?: Script;
  /** A function definition name(){ body }: the body is in `group`. */
  defines?: string;
}

export interface Pipeline {
  cmds: Command[];
}

export interface Script {
  pipelines: Pipeline[];
  /** IFS was assigned a non-default value somewhere in this script. */
  ifsChanged: boolean;
  /** Full-width or other compatibility letters were folded before parsing. */
  folded: boolean;
}

interface Budget {
  nodes: number;
}

const SHELL_SPECIAL = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
/** Characters with no meaning inside a word: taken as one run. */
const PLAIN_RUN = /[^\s;&|<>()'"\\$`{]+/y;


/** Finds the index of the ')' closing a '(' at `open`, honouring quotes; -1 when unclosed. */
function matchParen(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      i++;
    } else if (c === "'") {
      const e = s.indexOf("'", i + 1);
      if (e < 0) return -1;
      i = e;
    } else if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Word fragments: literal text (not split), or expansion results (split on IFS when unquoted). */
interface Frag {
  text: string;
  split: boolean;
  /** Unquoted literal text: brace expansion and globbing apply. */
  literal: boolean;
}

class Parser {
  private i = 0;
  private readonly vars: Map<string, string>;
  obfName = false;
  private obfWord = false;
  readonly script: Script;
  private pendingHeredocs: Array<{ delim: string; strip: boolean; cmd: Command; quoted: boolean }> = [];

  constructor(
    private readonly s: string,
    private readonly depth: number,
    private readonly budget: Budget,
    inherited?: Map<string, string>,
  ) {
    this.vars = new Map(inherited ?? []);
    this.script = { pipelines: [], ifsChanged: false, folded: false };
  }

  private ifs(): string {
    return this.vars.get('IFS') ?? ' \t\n';
  }

  parse(): Script {
    let pipe: Pipeline = { cmds: [] };
    while (this.i < this.s.length && this.budget.nodes < MAX_NODES) {
      this.skipBlanks();
      const c = this.s[this.i];
      if (c === undefined) break;
      if (c === '#') {
        const nl = this.s.indexOf('\n', this.i);
        this.i = nl < 0 ? this.s.length : nl;
        continue;
      }
      if (c === '\n' || c === ';' || c === '&' || (c === '|' && this.s[this.i + 1] === '|')) {
        if (c === '\n') this.readHeredocs();
        this.i += c === '|' || (c === '&' && this.s[this.i + 1] === '&') || (c === ';' && this.s[this.i + 1] === ';') ? 2 : 1;
        if (pipe.cmds.length) this.script.pipelines.push(pipe);
        pipe = { cmds: [] };
        continue;
      }
      if (c === '|') {
        this.i += this.s[this.i + 1] === '&' ? 2 : 1;
        continue;
      }
      if (c === ')' || c === '}') {
        this.i++;
        continue;
      }
      const cmd = this.command();
      if (cmd) {
        pipe.cmds.push(cmd);
        this.budget.nodes++;
      }
    }
    if (pipe.cmds.length) this.script.pipelines.push(pipe);
    return this.script;
  }

  private skipBlanks(): void {
    while (this.i < this.s.length) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\r') this.i++;
      else if (c === '\\' && this.s[this.i + 1] === '\n') this.i += 2;
      else break;
    }
  }

  private readHeredocs(): void {
    // Here-document bodies start on the line after the operator.
    if (!this.pendingHeredocs.length) return;
    let pos = this.s.indexOf('\n', this.i);
    if (pos < 0) return;
    pos++;
    for (const h of this.pendingHeredocs) {
      const lines: string[] = [];
      while (pos < this.s.length) {
        const nl = this.s.indexOf('\n', pos);
        const line = this.s.slice(pos, nl < 0 ? this.s.length : nl);
        pos = nl < 0 ? this.s.length : nl + 1;
        const cmp = h.strip ? line.replace(/^\t+/, '') : line;
        if (cmp === h.delim) break;
        lines.push(cmp);
      }
      const body = lines.join('\n');
      h.cmd.stdin = h.cmd.stdin === undefined ? body : `${h.cmd.stdin}\n${body}`;
      h.cmd.redirects.push({ op: '<<', fd: '0', target: body });
    }
    this.pendingHeredocs = [];
    this.i = pos - 1; // leave the newline before the next command to be consumed
    if (this.i < 0) this.i = 0;
  }

  private sub(text: string, cmd: Command): void {
    if (this.depth >= MAX_DEPTH || this.budget.nodes >= MAX_NODES) return;
    const p = new Parser(text, this.depth + 1, this.budget, this.vars);
    cmd.subs.push(p.parse());
  }

  private command(): Command | null {
    const cmd: Command = { argv: [], assigns: [], redirects: [], subs: [], obfuscatedName: false, obfuscatedArgs: false };
    // Subshell or group: ( … ) / { …; }
    const c0 = this.s[this.i];
    if (c0 === '(' || (c0 === '{' && /[\s]/.test(this.s[this.i + 1] ?? ''))) {
      if (c0 === '(' && this.s[this.i + 1] === '(') {
        // (( arithmetic )): skipped
        const end = this.s.indexOf('))', this.i + 2);
        this.i = end < 0 ? this.s.length : end + 2;
        return null;
      }
      const close = c0 === '(' ? matchParen(this.s, this.i) : this.matchBrace(this.i);
      const body = this.s.slice(this.i + 1, close < 0 ? this.s.length : close);
      this.i = close < 0 ? this.s.length : close + 1;
      if (this.depth < MAX_DEPTH) cmd.group = new Parser(body, this.depth + 1, this.budget, this.vars).parse();
      this.redirectsAfterGroup(cmd);
      return cmd;
    }
    let nameSeen = false;
    while (this.i < this.s.length) {
      this.skipBlanks();
      const c = this.s[this.i];
      if (c === undefined || c === '\n' || c === ';' || c === '|' || c === ')') break;
      if (c === '&' && this.s[this.i + 1] !== '>') break;
      if (c === '#') break;
      // Function definition: name() { … }
      if (c === '(' && this.s[this.i + 1] === ')' && cmd.argv.length === 1) {
        this.i += 2;
        this.skipBlanks();
        while (this.s[this.i] === '\n') this.i++;
        this.skipBlanks();
        if (this.s[this.i] === '{') {
          const close = this.matchBrace(this.i);
          const body = this.s.slice(this.i + 1, close < 0 ? this.s.length : close);
          this.i = close < 0 ? this.s.length : close + 1;
          cmd.defines = cmd.argv[0]!;
          if (this.depth < MAX_DEPTH) cmd.group = new Parser(body, this.depth + 1, this.budget, this.vars).parse();
        }
        return cmd;
      }
      // Process substitution <( … ) / >( … ) as a word.
      if ((c === '<' || c === '>') && this.s[this.i + 1] === '(') {
        const close = matchParen(this.s, this.i + 1);
        const body = this.s.slice(this.i + 2, close < 0 ? this.s.length : close);
        this.i = close < 0 ? this.s.length : close + 1;
        this.sub(body, cmd);
        cmd.argv.push(`/dev/fd/63`);
        nameSeen = true;
        continue;
      }
      const redir = /^(\d*)(&>>|&>|>>|>&|<<<|<<-|<<|<&|<>|>\||>|<)/.exec(this.s.slice(this.i, this.i + 8));
      if (redir && (redir[1] === '' || true)) {
        this.i += redir[0].length;
        this.skipBlanks();
        const op = redir[2]!;
        const fd = redir[1] || (op.startsWith('<') ? '0' : '1');
        if (op === '<<' || op === '<<-') {
          const { words, quoted } = this.wordRaw();
          const delim = words;
          this.pendingHeredocs.push({ delim, strip: op === '<<-', cmd, quoted });
          // A here-document given on one line (no newline follows) has no body.
          continue;
        }
        const target = this.word(cmd, false);
        const text = target.join(' ');
        if (op === '<<<') {
          cmd.stdin = cmd.stdin === undefined ? text : `${cmd.stdin}\n${text}`;
        }
        cmd.redirects.push({ op, fd, target: text });
        continue;
      }
      // Assignment before the command name: NAME=value
      if (!nameSeen) {
        const asg = /^([A-Za-z_][A-Za-z0-9_]*)(\+?=)/.exec(this.s.slice(this.i, this.i + 128));
        if (asg) {
          this.i += asg[0].length;
          const v = this.s[this.i] === '(' ? this.arrayValue() : this.word(cmd, true).join(' ');
          const name = asg[1]!;
          const value = asg[2] === '+=' ? (this.vars.get(name) ?? '') + v : v;
          cmd.assigns.push([name, value]);
          this.vars.set(name, value);
          if (name === 'IFS') this.script.ifsChanged = true;
          continue;
        }
      }
      const before = this.i;
      this.obfWord = false;
      const words = this.word(cmd, false);
      if (this.i === before) {
        this.i++; // unknown character: skip it rather than loop
        continue;
      }
      if (!nameSeen && words.length) {
        nameSeen = true;
        if (this.obfWord) cmd.obfuscatedName = true;
        // A word split by a changed IFS into the name and its arguments.
        if (words.length > 1 && this.obfWord) cmd.obfuscatedName = true;
      } else if (this.obfWord) cmd.obfuscatedArgs = true;
      for (const w of words) if (cmd.argv.length < 512) cmd.argv.push(w);
      // export/declare/local/readonly NAME=value also assign for later words.
      if (cmd.argv.length >= 2 && /^(?:export|declare|local|readonly|typeset)$/.test(cmd.argv[0]!)) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(cmd.argv[cmd.argv.length - 1]!);
        if (m) {
          this.vars.set(m[1]!, m[2]!);
          if (m[1] === 'IFS') this.script.ifsChanged = true;
        }
      }
    }
    if (this.s[this.i] === '\n') {
      // leave it for parse()
    }
    if (!cmd.argv.length && !cmd.assigns.length && !cmd.redirects.length) return null;
    return cmd;
  }

  private redirectsAfterGroup(cmd: Command): void {
    for (;;) {
      this.skipBlanks();
      const redir = /^(\d*)(&>>|&>|>>|>&|<<<|<&|<>|>|<)/.exec(this.s.slice(this.i, this.i + 8));
      if (!redir) return;
      this.i += redir[0].length;
      this.skipBlanks();
      const target = this.word(cmd, false).join(' ');
      const op = redir[2]!;
      if (op === '<<<') cmd.stdin = target;
      cmd.redirects.push({ op, fd: redir[1] || (op.startsWith('<') ? '0' : '1'), target });
    }
  }

  private matchBrace(open: number): number {
    let depth = 0;
    for (let i = open; i < this.s.length; i++) {
      const c = this.s[i]!;
      if (c === '\\') i++;
      else if (c === "'") {
        const e = this.s.indexOf("'", i + 1);
        if (e < 0) return -1;
        i = e;
      } else if (c === '"') {
        let j = i + 1;
        while (j < this.s.length && this.s[j] !== '"') j += this.s[j] === '\\' ? 2 : 1;
        i = j;
      } else if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) return i;
      }
    }
    return -1;
  }

  private arrayValue(): string {
    const close = matchParen(this.s, this.i);
    const body = this.s.slice(this.i + 1, close < 0 ? this.s.length : close);
    this.i = close < 0 ? this.s.length : close + 1;
    return body.trim();
  }

  /** The raw word (for here-document delimiters): quotes removed, nothing expanded. */
  private wordRaw(): { words: string; quoted: boolean } {
    let out = '';
    let quoted = false;
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (SHELL_SPECIAL.has(c)) break;
      if (c === "'" || c === '"') {
        quoted = true;
        const e = this.s.indexOf(c, this.i + 1);
        out += this.s.slice(this.i + 1, e < 0 ? this.s.length : e);
        this.i = e < 0 ? this.s.length : e + 1;
      } else if (c === '\\') {
        quoted = true;
        out += this.s[this.i + 1] ?? '';
        this.i += 2;
      } else {
        out += c;
        this.i++;
      }
    }
    return { words: out, quoted };
  }

  /**
   * Reads one shell word at the cursor and expands it. Returns the resulting
   * fields (several when an unquoted expansion is split or a brace list expands).
   */
  private word(cmd: Command, assignment: boolean): string[] {
    const frags: Frag[] = [];
    const lit = (text: string) => {
      const last = frags[frags.length - 1];
      if (last && last.literal) last.text += text;
      else frags.push({ text, split: false, literal: true });
    };
    const quoted = (text: string) => frags.push({ text, split: false, literal: false });
    let sawQuote = false;
    let sawLiteralChar = false;
    let len = 0;
    while (this.i < this.s.length && len < MAX_WORD) {
      const c = this.s[this.i]!;
      if (SHELL_SPECIAL.has(c)) break;
      if (c === '{' && this.s[this.i + 1] === ' ') break;
      if (c === '\\') {
        const n = this.s[this.i + 1];
        if (n === '\n') {
          this.i += 2;
          continue;
        }
        if (n !== undefined) {
          quoted(n);
          if (/[A-Za-z0-9]/.test(n)) this.obfWord = true;
        }
        this.i += 2;
        len++;
        continue;
      }
      if (c === "'") {
        const e = this.s.indexOf("'", this.i + 1);
        const body = this.s.slice(this.i + 1, e < 0 ? this.s.length : e);
        this.i = e < 0 ? this.s.length : e + 1;
        quoted(body);
        if (sawLiteralChar || sawQuote || (this.s[this.i] !== undefined && !SHELL_SPECIAL.has(this.s[this.i]!))) this.markGlue(body);
        sawQuote = true;
        len += body.length;
        continue;
      }
      if (c === '$' && this.s[this.i + 1] === "'") {
        const start = this.i + 2;
        let j = start;
        while (j < this.s.length && this.s[j] !== "'") j += this.s[j] === '\\' ? 2 : 1;
        const raw = this.s.slice(start, j);
        const body = decodeAnsiC(raw);
        if (body !== raw) this.obfWord = true;
        this.i = j + 1;
        quoted(body);
        sawQuote = true;
        len += body.length;
        continue;
      }
      if (c === '"') {
        this.i++;
        let body = '';
        while (this.i < this.s.length && this.s[this.i] !== '"') {
          const d = this.s[this.i]!;
          if (d === '\\' && this.i + 1 < this.s.length) {
            const n = this.s[this.i + 1]!;
            if ('$`"\\\n'.includes(n)) {
              if (n !== '\n') body += n;
              this.i += 2;
              continue;
            }
            body += d;
            this.i++;
            continue;
          }
          if (d === '$' || d === '`') {
            const v = this.dollar(cmd);
            if (v !== null) {
              body += v.text;
              continue;
            }
          }
          body += d;
          this.i++;
        }
        this.i++;
        quoted(body);
        if (sawLiteralChar || sawQuote || (this.s[this.i] !== undefined && !SHELL_SPECIAL.has(this.s[this.i]!))) this.markGlue(body);
        sawQuote = true;
        len += body.length;
        continue;
      }
      if (c === '$' || c === '`') {
        const v = this.dollar(cmd);
        if (v !== null) {
          frags.push({ text: v.text, split: v.split && !assignment, literal: false });
          len += v.text.length;
          continue;
        }
      }
      // A run of ordinary characters is taken at once.
      PLAIN_RUN.lastIndex = this.i;
      const run = PLAIN_RUN.exec(this.s);
      const end = run ? run.index + run[0].length : this.i + 1;
      const chunk = end > this.i + 1 ? this.s.slice(this.i, end) : c;
      lit(chunk);
      if (sawQuote && /[A-Za-z0-9]/.test(chunk)) this.obfWord = true;
      sawLiteralChar = true;
      len += chunk.length;
      this.i += chunk.length;
    }
    if (this.i < this.s.length && len >= MAX_WORD) {
      // Skip the rest of an over-long word.
      while (this.i < this.s.length && !SHELL_SPECIAL.has(this.s[this.i]!)) this.i++;
    }
    return this.fields(frags, assignment);
  }

  /** Quotes glued to letters inside a word ("r"m, 'r''m', c"a"t) are a classic evasion. */
  private markGlue(body: string): void {
    if (body === '' || /^[A-Za-z0-9]{1,3}$/.test(body)) this.obfWord = true;
  }

  /** Joins fragments into fields: splitting unquoted expansions on IFS, brace expansion on literals. */
  private fields(frags: Frag[], assignment: boolean): string[] {
    if (!frags.length) return [];
    if (frags.length === 1 && !frags[0]!.split && !(frags[0]!.literal && frags[0]!.text.includes('{'))) return [frags[0]!.text];
    const ifs = this.ifs();
    const out: string[] = [];
    let cur: string[] = [''];
    for (const f of frags) {
      if (f.literal && !assignment && f.text.includes('{') && f.text.includes(',')) {
        const expanded = expandBraceList(f.text);
        if (expanded.length > 1) {
          const next: string[] = [];
          for (const c of cur) for (const e of expanded) if (next.length < MAX_BRACE_ITEMS) next.push(c + e);
          cur = next;
          if (cur.length > 1 && frags.length === 1) this.obfWord = this.obfWord || expanded.some((e) => e.length > 0 && /^-/.test(e));
          continue;
        }
      }
      if (f.split && ifs !== '') {
        const { parts, lead, trail } = splitIfs(f.text, ifs);
        if (lead) {
          for (const c of cur) if (c !== '') out.push(c);
          cur = [''];
        }
        if (parts.length === 0) {
          continue;
        }
        cur = cur.map((c) => c + parts[0]!);
        for (let k = 1; k < parts.length; k++) {
          out.push(...cur);
          cur = [parts[k]!];
        }
        if (trail) {
          out.push(...cur);
          cur = [''];
        }
        continue;
      }
      cur = cur.map((c) => c + f.text);
    }
    const onlySplit = frags.every((f) => f.split);
    for (const c of cur) if (c !== '' || !onlySplit) out.push(c);
    return out.filter((w) => w !== '' || !onlySplit).slice(0, MAX_BRACE_ITEMS);
  }

  /** Expands $…, ${…}, $(…), `…`, $((…)) at the cursor; null when '$' is literal. */
  private dollar(cmd: Command): { text: string; split: boolean } | null {
    const s = this.s;
    const c = s[this.i]!;
    if (c === '`') {
      let j = this.i + 1;
      while (j < s.length && s[j] !== '`') j += s[j] === '\\' ? 2 : 1;
      const body = s.slice(this.i + 1, j).replace(/\\([`\\$])/g, '$1');
      this.i = j + 1;
      const v = this.substitute(body, cmd);
      return { text: v, split: !v.startsWith('$(') };
    }
    const n = s[this.i + 1];
    if (n === '(' && s[this.i + 2] === '(') {
      const end = s.indexOf('))', this.i + 3);
      this.i = end < 0 ? s.length : end + 2;
      return { text: '0', split: false };
    }
    if (n === '(') {
      const close = matchParen(s, this.i + 1);
      const body = s.slice(this.i + 2, close < 0 ? s.length : close);
      this.i = close < 0 ? s.length : close + 1;
      const v = this.substitute(body, cmd);
      return { text: v, split: !v.startsWith('$(') };
    }
    if (n === '{') {
      const close = s.indexOf('}', this.i + 2);
      if (close < 0) return null;
      const inner = s.slice(this.i + 2, close);
      this.i = close + 1;
      return { text: this.param(inner), split: true };
    }
    if (n === '@' || n === '*' || n === '#' || n === '?' || n === '$' || n === '!' || n === '-' || (n !== undefined && n >= '0' && n <= '9')) {
      this.i += 2;
      if (n === '@' || n === '*') {
        this.obfWord = true;
        return { text: '', split: true };
      }
      return { text: `$${n}`, split: false };
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(this.i + 1, this.i + 130));
    if (!m) return null;
    this.i += 1 + m[0].length;
    const v = this.vars.get(m[0]);
    if (m[0] === 'IFS') {
      this.obfWord = true;
      return { text: v ?? ' ', split: true };
    }
    if (v === undefined) return { text: `$${m[0]}`, split: false };
    this.obfWord = true;
    return { text: v, split: true };
  }

  private param(inner: string): string {
    if (inner === 'IFS' || /^IFS[%#:]/.test(inner)) {
      this.obfWord = true;
      return this.vars.get('IFS') ?? ' ';
    }
    if (inner === '') return '';
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-=+?])(.*))?$/s.exec(inner);
    if (m) {
      const v = this.vars.get(m[1]!);
      const op = m[2];
      if (op === undefined) {
        if (v !== undefined) this.obfWord = true;
        return v ?? `\${${m[1]}}`;
      }
      if (op.endsWith('-') || op.endsWith('=')) {
        if (v !== undefined && v !== '') return v;
        this.obfWord = true;
        return expandDefault(m[3] ?? '');
      }
      if (op.endsWith('+')) return v ? (m[3] ?? '') : '';
      return v ?? '';
    }
    // ${x:0:2}, ${x/a/b}, ${!x}: substrings and replacements of known values.
    const sub = /^([A-Za-z_][A-Za-z0-9_]*):(\d+)(?::(\d+))?$/.exec(inner);
    if (sub) {
      const v = this.vars.get(sub[1]!);
      if (v !== undefined) {
        this.obfWord = true;
        const from = Number(sub[2]);
        return sub[3] === undefined ? v.slice(from) : v.slice(from, from + Number(sub[3]));
      }
    }
    const rep = /^([A-Za-z_][A-Za-z0-9_]*)\/\/?([^/]*)\/(.*)$/.exec(inner);
    if (rep) {
      const v = this.vars.get(rep[1]!);
      if (v !== undefined) {
        this.obfWord = true;
        return v.split(rep[2]!).join(rep[3]!);
      }
    }
    return `\${${inner}}`;
  }

  /** $(…) and `…`: parsed as a nested script; echo/printf/base64/rev of literals are evaluated. */
  private substitute(body: string, cmd: Command): string {
    this.sub(body, cmd);
    const inner = cmd.subs[cmd.subs.length - 1];
    const value = inner ? evalPure(inner) : null;
    if (value !== null) {
      this.obfWord = true;
      return value;
    }
    return `$(${body.length > 200 ? body.slice(0, 200) : body})`;
  }
}

function expandDefault(v: string): string {
  // Defaults are words themselves: strip one level of quotes.
  return v.replace(/^'(.*)'$/s, '$1').replace(/^"(.*)"$/s, '$1');
}

function splitIfs(text: string, ifs: string): { parts: string[]; lead: boolean; trail: boolean } {
  const isWhite = (ch: string) => (ch === ' ' || ch === '\t' || ch === '\n') && ifs.includes(ch);
  const isSep = (ch: string) => ifs.includes(ch);
  const parts: string[] = [];
  let cur = '';
  let has = false;
  for (const ch of text) {
    if (isWhite(ch)) {
      if (has) parts.push(cur);
      cur = '';
      has = false;
    } else if (isSep(ch)) {
      parts.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has) parts.push(cur);
  const first = text[0];
  const last = text[text.length - 1];
  return { parts, lead: first !== undefined && isSep(first), trail: last !== undefined && isSep(last) };
}

/** a{b,c}d → abd acd; {x,y} → x y; ranges {1..3} are left alone. */
export function expandBraceList(word: string): string[] {
  const open = word.indexOf('{');
  if (open < 0) return [word];
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let i = open; i < word.length; i++) {
    if (word[i] === '{') depth++;
    else if (word[i] === '}') {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    } else if (word[i] === ',' && depth === 1) commas.push(i);
  }
  if (close < 0 || commas.length === 0) return [word];
  const pre = word.slice(0, open);
  const post = word.slice(close + 1);
  const items: string[] = [];
  let from = open + 1;
  for (const c of [...commas, close]) {
    items.push(word.slice(from, c));
    from = c + 1;
  }
  const out: string[] = [];
  for (const it of items.slice(0, MAX_BRACE_ITEMS)) {
    for (const tail of expandBraceList(post)) {
      if (out.length >= MAX_BRACE_ITEMS) break;
      out.push(pre + it + tail);
    }
  }
  return out;
}

/** The output of a substitution that only prints literals (echo, printf, and decoders of them). */
function evalPure(script: Script): string | null {
  if (script.pipelines.length !== 1) return null;
  const cmds = script.pipelines[0]!.cmds;
  if (cmds.length === 0 || cmds.length > 3) return null;
  let text: string | null = null;
  for (const c of cmds) {
    const name = c.argv[0];
    if (!name) return null;
    if (text === null) {
      if (name === 'echo') text = c.argv.slice(1).filter((a, k) => !(k === 0 && /^-[neE]+$/.test(a))).join(' ');
      else if (name === 'printf') text = evalPrintf(c.argv.slice(1));
      else if (c.stdin !== undefined && (name === 'base64' || name === 'rev' || name === 'cat')) text = c.stdin;
      else return null;
      if (name === 'echo' && /^-[a-zA-Z]*e/.test(c.argv[1] ?? '')) text = decodeAnsiC(text);
      if (name === 'base64' || name === 'rev') text = transform(name, c.argv, text);
      if (text === null) return null;
      continue;
    }
    text = transform(name, c.argv, text);
    if (text === null) return null;
  }
  return text !== null && text.length <= MAX_WORD ? text : null;
}

function transform(name: string, argv: string[], text: string): string | null {
  if (name === 'rev') return text.split('\n').map((l) => [...l].reverse().join('')).join('\n');
  if (name === 'base64' && argv.some((a) => a === '-d' || a === '--decode' || a === '-D')) return decodeB64(text.trim());
  if (name === 'tr' && argv.length >= 3) return trMap(text, argv[1]!, argv[2]!);
  if (name === 'xxd' && argv.includes('-r')) return decodeHexText(text);
  return null;
}

function decodeB64(s: string): string | null {
  const clean = s.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/=_-]+$/.test(clean) || clean.length < 4) return null;
  try {
    const txt = Buffer.from(clean, 'base64').toString('utf8');
    return /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(txt) && !txt.includes('\ufffd') ? txt : null;
  } catch {
    return null;
  }
}

function decodeHexText(s: string): string | null {
  const clean = s.replace(/\s+/g, '');
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(clean)) return null;
  const txt = Buffer.from(clean, 'hex').toString('utf8');
  return txt.includes('\ufffd') ? null : txt;
}

function trRange(spec: string): string {
  let out = '';
  for (let i = 0; i < spec.length; i++) {
    if (spec[i + 1] === '-' && i + 2 < spec.length) {
      const a = spec.charCodeAt(i);
      const b = spec.charCodeAt(i + 2);
      for (let c = a; c <= b && out.length < 512; c++) out += String.fromCharCode(c);
      i += 2;
    } else out += spec[i];
  }
  return out;
}

function trMap(text: string, from: string, to: string): string | null {
  if (from.startsWith('[:') || to.startsWith('[:')) return null;
  const f = trRange(from);
  const t = trRange(to);
  if (!f || !t) return null;
  let out = '';
  for (const ch of text) {
    const k = f.indexOf(ch);
    out += k < 0 ? ch : (t[Math.min(k, t.length - 1)] ?? ch);
  }
  return out;
}


/** Command text after folding full-width and other compatibility letters (ｒｍ → rm), with a flag. */
function fold(s: string): { text: string; folded: boolean } {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return { text: s, folded: false };
  const out = s.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, '');
  const nf = out.normalize('NFKC');
  return { text: nf, folded: nf !== s };
}

/** Parses a command line (or a script) into pipelines of expanded simple commands. */
export function parseShell(input: string, depth = 0, budget: Budget = { nodes: 0 }): Script {
  const capped = input.length > MAX_INPUT ? input.slice(0, MAX_INPUT) : input;
  const { text, folded } = fold(capped);
  const p = new Parser(text, depth, budget);
  const script = p.parse();
  script.folded = folded;
  return script;
}

/** Every simple command in a script, including those in groups and substitutions (depth-first, bounded). */
export function* walkCommands(script: Script, depth = 0): Generator<Command> {
  if (depth > MAX_DEPTH) return;
  for (const p of script.pipelines)
    for (const c of p.cmds) {
      yield c;
      if (c.group) yield* walkCommands(c.group, depth + 1);
      for (const s of c.subs) yield* walkCommands(s, depth + 1);
    }
}

export { decodeB64 as decodeBase64Text };
