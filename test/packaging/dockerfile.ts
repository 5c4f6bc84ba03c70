// Reads the repository's Dockerfile and .dockerignore well enough to check
// them without a Docker daemon: instructions per stage (continuations joined,
// comments dropped, ARG defaults substituted) and the build-context file list.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Instruction {
  op: string;
  /** The text after the keyword, flags included. */
  raw: string;
  flags: Record<string, string>;
  /** The arguments with flags removed: JSON (exec) form parsed, else split on whitespace. */
  args: string[];
  /** True when written in JSON exec form. */
  exec: boolean;
}

export interface Stage {
  name: string;
  from: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const lines: string[] = [];
  let acc = '';
  for (const line of text.split('\n')) {
    if (/^\s*#/.test(line) && acc === '') continue;
    if (/^\s*#/.test(line)) continue; // comment inside a continuation
    if (/\\\s*$/.test(line)) {
      acc += line.replace(/\\\s*$/, ' ');
      continue;
    }
    acc += line;
    if (acc.trim() !== '') lines.push(acc.trim());
    acc = '';
  }
  const argDefaults: Record<string, string> = {};
  const stages: Stage[] = [];
  const subst = (s: string): string => s.replace(/\$\{(\w+)\}|\$(\w+)/g, (m, a: string, b: string) => argDefaults[a ?? b] ?? m);
  for (const line of lines) {
    const m = /^(\w+)\s+([\s\S]*)$/.exec(line);
    if (!m) throw new Error(`unparsable Dockerfile line: ${line}`);
    const op = m[1]!.toUpperCase();
    let rest = m[2]!;
    if (op === 'ARG' && stages.length === 0) {
      const [k, v = ''] = rest.split('=');
      argDefaults[k!.trim()] = v.trim();
      continue;
    }
    if (op === 'FROM') {
      const fm = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(subst(rest).trim());
      if (!fm) throw new Error(`unparsable FROM: ${line}`);
      stages.push({ from: fm[1]!, name: fm[2] ?? String(stages.length), instructions: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${op} before FROM`);
    const flags: Record<string, string> = {};
    if (op !== 'RUN' || !rest.startsWith('[')) {
      for (;;) {
        const f = /^--([\w-]+)(?:=(\S+))?\s+/.exec(rest);
        if (!f) break;
        flags[f[1]!] = f[2] ?? 'true';
        rest = rest.slice(f[0].length);
      }
    }
    const trimmed = rest.trim();
    const exec = trimmed.startsWith('[');
    let args: string[];
    if (exec) args = JSON.parse(trimmed) as string[];
    else if (op === 'HEALTHCHECK') {
      const cm = /^CMD\s+([\s\S]*)$/.exec(trimmed);
      args = cm && cm[1]!.trim().startsWith('[') ? (JSON.parse(cm[1]!.trim()) as string[]) : [trimmed];
    } else args = trimmed.split(/\s+/);
    stage.instructions.push({ op, raw: trimmed, flags, args, exec });
  }
  return stages;
}

/** The last instruction of a kind in the stage, or undefined. */
export function last(stage: Stage, op: string): Instruction | undefined {
  return [...stage.instructions].reverse().find((i) => i.op === op);
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  const parts = glob.split('/');
  parts.forEach((p, i) => {
    const sep = i < parts.length - 1 ? '/' : '';
    if (p === '**') {
      re += i < parts.length - 1 ? '(?:[^/]+/)*' : '.*';
      return;
    }
    re += p.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]') + sep;
  });
  return new RegExp(`^${re}$`);
}

interface IgnoreRule {
  re: RegExp;
  negate: boolean;
  text: string;
}

export function parseDockerignore(text: string): IgnoreRule[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negate = l.startsWith('!');
      const p = (negate ? l.slice(1) : l).replace(/^\/+/, '').replace(/\/+$/, '');
      return { re: globToRegExp(p), negate, text: p };
    });
}

/** Docker's rule: the last pattern matching the path or one of its parent directories wins. */
export function ignored(rules: readonly IgnoreRule[], rel: string): boolean {
  const prefixes: string[] = [];
  const parts = rel.split('/');
  for (let i = 1; i <= parts.length; i++) prefixes.push(parts.slice(0, i).join('/'));
  let out = false;
  for (const r of rules) if (prefixes.some((p) => r.re.test(p))) out = !r.negate;
  return out;
}

/** Every file Docker would send as the build context (relative paths). */
export function contextFiles(root: string, rules: readonly IgnoreRule[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const abs = join(dir, name);
      const rel = relative(root, abs);
      const st = statSync(abs);
      if (st.isDirectory()) {
        // Skip a whole excluded directory unless a negation could re-include something inside it.
        if (ignored(rules, rel) && !rules.some((r) => r.negate && r.text.startsWith(`${rel}/`))) continue;
        walk(abs);
      } else if (!ignored(rules, rel)) out.push(rel);
    }
  };
  walk(root);
  return out.sort();
}

export function readDockerfile(root: string): Stage[] {
  return parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));
}
