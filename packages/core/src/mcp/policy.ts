// Tool policy: built-in and configured rules over a tool call's name and its
// arguments. Arguments that are command lines (shell-context.ts) go through
// the shell risk engine (shell-risk.ts) and the shell-scoped regex rows;
// other arguments only through the data-scoped and general rows, so a message
// that quotes "rm -rf /" is not treated as a command. Built-in regexes run as
// V8 regexes (written RE2-safe and tested with RE2); user rules are compiled
// with RE2 so they cannot backtrack.
import RE2 from 're2';
import { ConfigError } from '../errors.js';
import type { RawHit } from '../context.js';
import { walkJson } from '../json/walk.js';
import type { SectionAction, Severity } from '../types.js';
import { SEVERITY_RANK } from '../types.js';
import { BUILTIN_TOOL_POLICY } from './policy-rules.js';
import { argKind, looksLikeCommand, toolLanguage } from './shell-context.js';
import { deobfuscateShell } from './shell.js';
import { analyzeCode, analyzeShell } from './shell-risk.js';
import type { ShellFinding } from './shell-risk.js';

export interface ToolPolicyRuleSpec {
  name: string;
  tool_pattern: string;
  arg_pattern?: string | undefined;
  action?: SectionAction | undefined;
  severity?: Severity | undefined;
}

interface Tester {
  test(s: string): boolean;
}

interface CompiledRule {
  name: string;
  tool: Tester | null;
  args: Tester | null;
  severity: Severity;
  scope: 'shell' | 'data' | 'any';
  action?: SectionAction;
}

export interface ToolPolicy {
  /** Hits for a call given its arguments as JSON: each string argument judged as a command, code, prose or data. */
  checkCall(toolName: string, args: unknown): RawHit[];
  /** Hits for a call given all its string arguments joined by newlines (judged as one command when it reads like one). */
  check(toolName: string, argText: string): RawHit[];
  readonly ruleNames: readonly string[];
}

const LEAF_LIMITS = { maxDepth: 32, maxNodes: 20_000 };
const COMMAND_KEYS = /^(?:command|cmd|executable|program|file|binary)$/i;
const ARGV_KEYS = /^(?:args|argv|arguments|parameters|params)$/i;

function compileUser(src: string, path: string): Tester {
  try {
    return new RE2(src, 'iu');
  } catch (e) {
    throw new ConfigError([{ path, message: `RE2 cannot compile ${JSON.stringify(src)} (${(e as Error).message}); back-references and look-around are not supported` }]);
  }
}

/** A command given as {command, args: [...]} is judged as the one line a shell would run. */
function shellQuote(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

export function createToolPolicy(rules: readonly ToolPolicyRuleSpec[] = [], includeBuiltins = true): ToolPolicy {
  const compiled: CompiledRule[] = [];
  const userNames = new Set(rules.map((r) => r.name.toLowerCase()));
  const engineOn = includeBuiltins;
  const replaced = (name: string) => userNames.has(name.toLowerCase());
  if (includeBuiltins) {
    for (const row of BUILTIN_TOOL_POLICY) {
      if (replaced(row.name)) continue; // a user rule with the same name replaces it
      const c: CompiledRule = { name: row.name, tool: row.tool ? new RegExp(row.tool, 'i') : null, args: new RegExp(row.args, 'i'), severity: row.severity, scope: row.scope ?? 'any' };
      if (row.action) c.action = row.action;
      compiled.push(c);
    }
  }
  rules.forEach((r, i) => {
    const c: CompiledRule = {
      name: r.name,
      tool: r.tool_pattern ? compileUser(r.tool_pattern, `mcp_tool_policy.rules[${i}].tool_pattern`) : null,
      args: r.arg_pattern ? compileUser(r.arg_pattern, `mcp_tool_policy.rules[${i}].arg_pattern`) : null,
      severity: r.severity ?? 'high',
      scope: 'any',
    };
    if (r.action) c.action = r.action;
    compiled.push(c);
  });

  function regexHits(hits: Map<string, RawHit>, toolName: string, text: string, scopes: ReadonlySet<string>): void {
    if (!text) return;
    const clear = scopes.has('shell') ? deobfuscateShell(text) : text;
    const views = clear === text ? [text] : [text, clear];
    for (const rule of compiled) {
      if (!scopes.has(rule.scope)) continue;
      if (rule.tool && !rule.tool.test(toolName)) continue;
      if (rule.args && !views.some((v) => rule.args!.test(v))) continue;
      if (!rule.tool && !rule.args) continue;
      const hit: RawHit = { scanner: 'policy', rule: rule.name, severity: rule.severity, excerpt: `tool ${toolName}` };
      if (rule.action) hit.patternAction = rule.action;
      if (clear !== text && rule.args && !rule.args.test(text)) hit.encoding = ['shell-obfuscation'];
      keep(hits, hit);
    }
  }

  function engineHits(hits: Map<string, RawHit>, toolName: string, findings: ShellFinding[]): void {
    for (const f of findings) {
      if (replaced(f.rule)) continue;
      const hit: RawHit = { scanner: 'policy', rule: f.rule, severity: f.severity, excerpt: `tool ${toolName}: ${f.because.join('; ')}`.slice(0, 240) };
      if (f.obfuscated) hit.encoding = ['shell-obfuscation'];
      keep(hits, hit);
    }
  }

  function userHitsOnAll(hits: Map<string, RawHit>, toolName: string, all: string): void {
    // Configured rules and 'any' rows see every argument, as before.
    regexHits(hits, toolName, all, new Set(['any']));
  }

  return {
    ruleNames: compiled.map((c) => c.name),
    checkCall(toolName, args) {
      const hits = new Map<string, RawHit>();
      const lang = toolLanguage(toolName);
      const { leaves } = walkJson(args ?? {}, '$', LEAF_LIMITS);
      const shell: string[] = [];
      const data: string[] = [];
      const all: string[] = [];
      let langHint: string | undefined;
      if (args && typeof args === 'object' && !Array.isArray(args)) {
        const o = args as Record<string, unknown>;
        for (const k of ['language', 'lang', 'shell_type']) if (typeof o[k] === 'string') langHint = o[k] as string;
        const cmdKey = Object.keys(o).find((k) => COMMAND_KEYS.test(k) && typeof o[k] === 'string');
        const argvKey = Object.keys(o).find((k) => ARGV_KEYS.test(k) && Array.isArray(o[k]));
        if (cmdKey && argvKey) {
          const list = (o[argvKey] as unknown[]).filter((x): x is string => typeof x === 'string');
          shell.push([o[cmdKey] as string, ...list].map(shellQuote).join(' '));
        }
      }
      for (const l of leaves) {
        if (l.kind !== 'string') {
          if (l.kind === 'scalar') all.push(l.text);
          continue;
        }
        all.push(l.text);
        if (l.text.length < 2) continue;
        const key = /(?:\.([^.[\]]+)|\[(\d+)\])$/.exec(l.path);
        let k = key?.[1] ?? '';
        if (!k && key?.[2] !== undefined) k = /\.([^.[\]]+)\[\d+\]$/.exec(l.path)?.[1] ?? '';
        const kind = argKind(lang, k, l.text, langHint);
        if (kind.kind === 'shell') shell.push(l.text);
        else if (kind.kind === 'code') {
          if (engineOn) engineHits(hits, toolName, analyzeCode(kind.lang, l.text));
          data.push(l.text);
        } else data.push(l.text);
      }
      if (engineOn) for (const s of shell) engineHits(hits, toolName, analyzeShell(s));
      regexHits(hits, toolName, skeleton(shell.join('\n')), new Set(['shell']));
      regexHits(hits, toolName, data.join('\n'), new Set(['data']));
      userHitsOnAll(hits, toolName, all.join('\n'));
      return [...hits.values()];
    },
    check(toolName, argText) {
      const hits = new Map<string, RawHit>();
      const lang = toolLanguage(toolName);
      const asShell = lang === 'shell' || looksLikeCommand(argText);
      if (lang && lang !== 'shell' && !asShell) {
        if (engineOn) engineHits(hits, toolName, analyzeCode(lang, argText));
        regexHits(hits, toolName, argText, new Set(['data']));
      } else if (asShell) {
        if (engineOn) engineHits(hits, toolName, analyzeShell(argText));
        regexHits(hits, toolName, skeleton(argText), new Set(['shell']));
      } else regexHits(hits, toolName, argText, new Set(['data']));
      userHitsOnAll(hits, toolName, argText);
      return [...hits.values()];
    },
  };
}

/**
 * The command line with quoted text that contains spaces blanked out: the
 * shell-scoped regex rows are a backstop for the structural engine, and must
 * not read prose inside quotes (echo "never run rm -rf /", git commit -m "…
 * curl | sh …") as commands. Quoted code run by sh -c, eval or an
 * interpreter is judged by the engine, which parses it.
 */
function skeleton(text: string): string {
  if (!text.includes("'") && !text.includes('"')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const q = text[i]!;
    if (q !== "'" && q !== '"') {
      out += q;
      i++;
      continue;
    }
    let j = i + 1;
    let spaced = false;
    while (j < text.length && text[j] !== q && text[j] !== '\n') {
      if (q === '"' && text[j] === '\\') j++;
      else if (text[j] === ' ' || text[j] === '\t') spaced = true;
      j++;
    }
    if (j >= text.length || text[j] !== q) {
      out += text.slice(i);
      break;
    }
    out += spaced ? 'Q' : text.slice(i, j + 1);
    i = j + 1;
  }
  return out;
}

/** One hit per rule: the stronger one, or the engine's when equal (it explains itself). */
function keep(hits: Map<string, RawHit>, hit: RawHit): void {
  const prev = hits.get(hit.rule);
  if (!prev || SEVERITY_RANK[hit.severity] > SEVERITY_RANK[prev.severity] || (SEVERITY_RANK[hit.severity] === SEVERITY_RANK[prev.severity] && (hit.excerpt?.length ?? 0) > (prev.excerpt?.length ?? 0))) hits.set(hit.rule, hit);
}
