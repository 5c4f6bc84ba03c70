// Tool policy: built-in and configured rules over a tool call's name and its
// de-obfuscated arguments. Built-ins run as V8 regexes (written RE2-safe and
// tested with RE2); user rules are compiled with RE2 so they cannot backtrack.
import RE2 from 're2';
import { ConfigError } from '../errors.js';
import type { RawHit } from '../context.js';
import type { SectionAction, Severity } from '../types.js';
import { BUILTIN_TOOL_POLICY } from './policy-rules.js';
import { deobfuscateShell } from './shell.js';

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
  action?: SectionAction;
}

export interface ToolPolicy {
  /** Hits for a call; `argText` is every string argument joined by newlines. */
  check(toolName: string, argText: string): RawHit[];
  readonly ruleNames: readonly string[];
}

function compileUser(src: string, path: string): Tester {
  try {
    return new RE2(src, 'iu');
  } catch (e) {
    throw new ConfigError([{ path, message: `RE2 cannot compile ${JSON.stringify(src)} (${(e as Error).message}); back-references and look-around are not supported` }]);
  }
}

export function createToolPolicy(rules: readonly ToolPolicyRuleSpec[] = [], includeBuiltins = true): ToolPolicy {
  const compiled: CompiledRule[] = [];
  const userNames = new Set(rules.map((r) => r.name.toLowerCase()));
  if (includeBuiltins) {
    for (const row of BUILTIN_TOOL_POLICY) {
      if (userNames.has(row.name.toLowerCase())) continue; // a user rule with the same name replaces it
      const c: CompiledRule = { name: row.name, tool: row.tool ? new RegExp(row.tool, 'i') : null, args: new RegExp(row.args, 'i'), severity: row.severity };
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
    };
    if (r.action) c.action = r.action;
    compiled.push(c);
  });

  return {
    ruleNames: compiled.map((c) => c.name),
    check(toolName, argText) {
      const hits: RawHit[] = [];
      const clear = deobfuscateShell(argText);
      const views = clear === argText ? [argText] : [argText, clear];
      for (const rule of compiled) {
        if (rule.tool && !rule.tool.test(toolName)) continue;
        if (rule.args && !views.some((v) => rule.args!.test(v))) continue;
        if (!rule.tool && !rule.args) continue;
        const hit: RawHit = { scanner: 'policy', rule: rule.name, severity: rule.severity, excerpt: `tool ${toolName}` };
        if (rule.action) hit.patternAction = rule.action;
        if (clear !== argText && rule.args && !rule.args.test(argText)) hit.encoding = ['shell-obfuscation'];
        hits.push(hit);
      }
      return hits;
    },
  };
}
