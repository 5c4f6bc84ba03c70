// MCP scanning: tool calls (DLP + injection on every argument string, key and
// scalar; tool policy; session binding; chains), tool results (injection +
// DLP over text blocks, resources and structured content), tool lists
// (poisoned descriptions and schemas, drift, inventory pinning) and any
// JSON-RPC message or batch in either direction.
import type { RawHit, ScanContext, SectionKey } from '../context.js';
import { BUILTIN_INJECTION_PATTERNS } from '../injection/index.js';
import { walkJson } from '../json/walk.js';
import type { JsonLeaf } from '../json/walk.js';
import { redact } from '../redact.js';
import type { Finding, ScanResult } from '../types.js';
import { strongestAction } from '../types.js';
import type { ChainDetector } from './chains.js';
import { createChainDetector } from './chains.js';
import { JsonRpcParseError, parseJsonRpc } from './jsonrpc.js';
import type { JsonRpcMessage } from './jsonrpc.js';
import { createToolPolicy } from './policy.js';
import type { ToolPolicy } from './policy.js';
import { createPoisonDetector, toolNameIndex } from './poison.js';
import { MAX_TOOLS_PER_SESSION, McpSession, toolHash } from './session.js';

export interface McpTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
  [k: string]: unknown;
}

export interface McpMessageDecision {
  /** Position in the batch (0 for a single message). */
  index: number;
  id?: string | number | null;
  method?: string;
  action: ScanResult['action'];
  findings: Finding[];
}

export interface McpScanResult extends ScanResult {
  /** One decision per JSON-RPC message, so a proxy can answer a blocked request in a batch and forward the rest. */
  messages: McpMessageDecision[];
}

export interface McpScanner {
  scanToolCall(call: { name: string; arguments?: unknown }, session?: McpSession): ScanResult;
  scanToolResult(result: unknown, session?: McpSession): ScanResult;
  scanToolsList(tools: McpTool[], session?: McpSession): ScanResult;
  scanMcpMessage(msg: unknown, direction: 'to-server' | 'to-client', session?: McpSession): McpScanResult;
  createSession(): McpSession;
}

const LEAF_LIMITS = { maxDepth: 32, maxNodes: 20_000 };
// Keys whose values are binary payloads in MCP content blocks, not text.
const BINARY_KEYS = /\.(?:data|blob)$/;

function result(findings: Finding[]): ScanResult {
  return { action: strongestAction(findings.map((f) => f.action)), findings };
}

/**
 * The injection engine's code rows (a destructive command, an env dump posted
 * out) judge code found in data. In tool-call arguments the shell risk engine
 * (policy.checkCall) decides instead: it knows a command argument from an
 * e-mail body that quotes `rm -rf /`.
 */
const CODE_RULES: ReadonlySet<string> = new Set(BUILTIN_INJECTION_PATTERNS.filter((r) => r.family === 'malicious-code').map((r) => r.name));

/**
 * Another JSON-RPC protocol on the same entry point (A2A): given a message
 * as parsed (or an object that is not JSON-RPC at all), its findings when it
 * belongs to that protocol, undefined when MCP should handle it.
 */
export type ForeignMessageScan = (raw: unknown, direction: 'to-server' | 'to-client') => { findings: Finding[]; method?: string } | undefined;

export function createMcpScanner(ctx: ScanContext, foreign?: ForeignMessageScan): McpScanner {
  const cfg = ctx.config;
  const policy: ToolPolicy | null = cfg.mcp_tool_policy.enabled ? createToolPolicy(cfg.mcp_tool_policy.rules) : null;
  const chains: ChainDetector | null = cfg.tool_chain_detection.enabled ? createChainDetector(cfg.tool_chain_detection) : null;
  const poison = createPoisonDetector();

  function textHits(
    out: Finding[],
    leaves: JsonLeaf[],
    prefix: string,
    dlpSection: SectionKey,
    injSection: SectionKey | null,
    skipRules?: ReadonlySet<string>,
  ): void {
    // Every scanned leaf is joined into one text (one leaf per line) so the
    // engines run once per message instead of once per leaf; each hit is
    // placed back on its leaf by its start offset.
    const parts: JsonLeaf[] = [];
    const starts: number[] = [];
    let joined = '';
    for (const leaf of leaves) {
      if (leaf.kind === 'scalar' && leaf.text.length < 8) continue;
      if (BINARY_KEYS.test(leaf.path)) continue;
      starts.push(joined.length);
      parts.push(leaf);
      joined += leaf.text + '\n';
    }
    if (parts.length === 0) return;
    const leafAt = (pos: number): number => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= pos) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const dlpHits = ctx.dlp(joined);
    let injHits = injSection ? ctx.injection(joined) : [];
    if (skipRules && injHits.length > 0) injHits = injHits.filter((h) => !skipRules.has(h.rule));
    // A key that is itself a secret must not reach a location, neither its own
    // nor those of the values under it: such keys are shown redacted.
    let secretKeys: Array<[string, string]> | undefined;
    for (const h of dlpHits) {
      const leaf = h.start === undefined ? undefined : parts[leafAt(h.start)];
      if (leaf?.kind === 'key') (secretKeys ??= []).push([leaf.text, `[${JSON.stringify(redact(leaf.text))}]`]);
    }
    const where = (leaf: JsonLeaf): string => {
      let loc = `${prefix}${leaf.path.slice(1)}`;
      if (secretKeys) for (const [k, shown] of secretKeys) loc = loc.split(`.${k}`).join(shown).split(`[${JSON.stringify(k)}]`).join(shown);
      return loc;
    };
    const place = (hits: RawHit[], section: SectionKey, stringsOnly: boolean): void => {
      for (const h of hits) {
        if (h.start === undefined) {
          // No offset: find the leaf by scanning leaf by leaf (rare).
          for (const leaf of parts) {
            if (stringsOnly && leaf.kind !== 'string') continue;
            const again = section === dlpSection ? ctx.dlp(leaf.text) : ctx.injection(leaf.text);
            for (const g of again) if (g.rule === h.rule) out.push(ctx.finding(g, where(leaf), section));
          }
          continue;
        }
        const leaf = parts[leafAt(h.start)]!;
        if (stringsOnly && leaf.kind !== 'string') continue;
        out.push(ctx.finding(h, where(leaf), section));
      }
    };
    place(dlpHits, dlpSection, false);
    if (injSection) place(injHits, injSection, true);
  }

  /** A secret split across several arguments: scan the string values joined, when small. */
  function joinedHits(out: Finding[], leaves: JsonLeaf[], loc: string, section: SectionKey): void {
    const strings = leaves.filter((l) => l.kind === 'string' && l.text.length > 0 && l.text.length < 512);
    if (strings.length < 2 || strings.length > 64) return;
    const joined = strings.map((l) => l.text).join('');
    const seen = new Set(out.map((f) => f.rule));
    for (const h of ctx.dlp(joined)) if (!seen.has(h.rule)) out.push(ctx.finding(h, loc, section));
  }

  function argText(args: unknown, keyFilter?: (key: string) => boolean): string {
    const { leaves } = walkJson(args, '$', LEAF_LIMITS);
    const parts: string[] = [];
    for (const l of leaves) {
      if (l.kind === 'key') continue;
      if (keyFilter && !keyFilter(l.path)) continue;
      parts.push(l.text);
    }
    return parts.join('\n');
  }

  function scanToolCall(call: { name: string; arguments?: unknown }, session?: McpSession): ScanResult {
    const out: Finding[] = [];
    const name = typeof call.name === 'string' ? call.name : String(call.name);
    const args = call.arguments ?? {};
    if (cfg.mcp_input_scanning.enabled) {
      const walked = walkJson(args, '$', LEAF_LIMITS);
      if (walked.truncated) {
        out.push(ctx.finding({ scanner: 'limit', rule: 'Tool Arguments Too Deep Or Large', severity: 'high', failClosed: true }, `mcp.tools/call[${name}].arguments`, 'mcp_input_scanning'));
      }
      for (const h of ctx.dlp(name)) out.push(ctx.finding(h, `mcp.tools/call.name`, 'mcp_input_scanning'));
      textHits(out, walked.leaves, `mcp.tools/call[${name}].arguments`, 'mcp_input_scanning', 'mcp_input_scanning', policy ? CODE_RULES : undefined);
      joinedHits(out, walked.leaves, `mcp.tools/call[${name}].arguments(joined)`, 'mcp_input_scanning');
    }
    const text = chains && session ? argText(args) : '';
    if (policy) for (const h of policy.checkCall(name, args)) out.push(ctx.finding(h, `mcp.tools/call[${name}]`, 'mcp_tool_policy'));
    if (session) {
      session.lastSeen = ctx.now();
      if (cfg.mcp_session_binding.enabled) {
        if (session.inventory === null) {
          out.push(
            ctx.finding(
              { scanner: 'session', rule: 'Tool Call Before Tool List', severity: 'medium', patternAction: cfg.mcp_session_binding.no_baseline_action, excerpt: `tool ${name}` },
              `mcp.tools/call[${name}]`,
              'mcp_session_binding',
            ),
          );
        } else if (!session.inventory.has(name)) {
          out.push(
            ctx.finding(
              { scanner: 'session', rule: 'Unknown Tool', severity: 'high', patternAction: cfg.mcp_session_binding.unknown_tool_action, excerpt: `tool ${name}` },
              `mcp.tools/call[${name}]`,
              'mcp_session_binding',
            ),
          );
        }
      }
      if (chains) for (const h of chains.record(session.history, name, text, ctx.now())) out.push(ctx.finding(h, `mcp.session.chain`, 'tool_chain_detection'));
    }
    return result(out);
  }

  function scanToolResult(res: unknown, session?: McpSession): ScanResult {
    const out: Finding[] = [];
    if (session) session.lastSeen = ctx.now();
    if (!cfg.mcp_tool_scanning.enabled && !cfg.response_scanning.enabled) return result(out);
    const walked = walkJson(res, '$', LEAF_LIMITS);
    if (walked.truncated) out.push(ctx.finding({ scanner: 'limit', rule: 'Tool Result Too Deep Or Large', severity: 'high', failClosed: true }, 'mcp.result', 'mcp_tool_scanning'));
    const leaves = walked.leaves.filter((l) => l.kind !== 'key' && !/\.(?:type|mimeType|uri|isError)$/.test(l.path));
    textHits(out, leaves, 'mcp.result', 'dlp', 'response_scanning');
    return result(out);
  }

  function scanToolsList(tools: McpTool[], session?: McpSession): ScanResult {
    const out: Finding[] = [];
    if (!Array.isArray(tools)) return result(out);
    if (tools.length > MAX_TOOLS_PER_SESSION) {
      out.push(ctx.finding({ scanner: 'limit', rule: 'Too Many Tools', severity: 'high', failClosed: true, excerpt: `${tools.length} tools` }, 'mcp.tools', 'mcp_tool_scanning'));
      return result(out);
    }
    const names = tools.map((t) => (typeof t?.name === 'string' ? t.name.toLowerCase() : ''));
    if (cfg.mcp_tool_scanning.enabled) {
      const index = toolNameIndex(names);
      tools.forEach((tool, i) => {
        if (!tool || typeof tool !== 'object') return;
        const name = names[i]!;
        const base = `mcp.tools[${tool.name}]`;
        for (const f of poison.scanTool(tool, index.except(name), ctx.injection)) out.push(ctx.finding(f.hit, `${base}${f.path}`, 'mcp_tool_scanning'));
      });
    }
    if (session) {
      session.lastSeen = ctx.now();
      const current = new Map<string, string>();
      for (const t of tools) if (t && typeof t.name === 'string') current.set(t.name, toolHash(t));
      if (session.inventory === null) {
        session.inventory = current;
      } else {
        for (const [name, hash] of current) {
          const pinned = session.inventory.get(name);
          if (pinned === undefined) {
            if (cfg.mcp_session_binding.enabled)
              out.push(ctx.finding({ scanner: 'session', rule: 'Tool Added After Baseline', severity: 'medium', excerpt: `tool ${name}` }, `mcp.tools[${name}]`, 'mcp_session_binding'));
          } else if (pinned !== hash && cfg.mcp_tool_scanning.detect_drift) {
            out.push(ctx.finding({ scanner: 'drift', rule: 'Tool Definition Changed', severity: 'high', excerpt: `tool ${name}` }, `mcp.tools[${name}]`, 'mcp_tool_scanning'));
          }
        }
      }
    }
    return result(out);
  }

  function genericHits(value: unknown, loc: string, dlpSection: SectionKey, injSection: SectionKey | null): Finding[] {
    const out: Finding[] = [];
    const walked = walkJson(value, '$', LEAF_LIMITS);
    if (walked.truncated) out.push(ctx.finding({ scanner: 'limit', rule: 'Message Too Deep Or Large', severity: 'high', failClosed: true }, loc, dlpSection));
    textHits(
      out,
      walked.leaves.filter((l) => l.kind !== 'key'),
      loc,
      dlpSection,
      injSection,
    );
    return out;
  }

  function parseErrorFinding(reason: string, loc: string): Finding {
    const block = cfg.mcp_input_scanning.on_parse_error === 'block';
    const hit: RawHit = { scanner: 'mcp', rule: 'Invalid JSON-RPC', severity: block ? 'high' : 'low', excerpt: reason.slice(0, 80) };
    if (block) hit.failClosed = true;
    else hit.patternAction = 'warn';
    return ctx.finding(hit, loc, 'mcp_input_scanning');
  }

  function scanOne(m: JsonRpcMessage, direction: 'to-server' | 'to-client', session: McpSession | undefined): { findings: Finding[]; id?: string | number | null; method?: string } {
    if (foreign !== undefined && m.raw !== null && typeof m.raw === 'object') {
      const r = foreign(m.raw, direction);
      if (r !== undefined) return m.kind === 'request' || m.kind === 'response' ? { id: m.id, ...r } : r;
    }
    if (m.kind === 'invalid') return { findings: [parseErrorFinding(m.reason, 'mcp.message')] };
    if (direction === 'to-server') {
      if (m.kind === 'request') {
        if (m.method === 'tools/call') {
          const p = (m.params ?? {}) as { name?: unknown; arguments?: unknown };
          const name = typeof p.name === 'string' ? p.name : '';
          session?.expect(m.id, { method: m.method, tool: name });
          if (!name) return { id: m.id, method: m.method, findings: [parseErrorFinding('tools/call without a tool name', 'mcp.params.name')] };
          return { id: m.id, method: m.method, findings: scanToolCall({ name, arguments: p.arguments }, session).findings };
        }
        session?.expect(m.id, { method: m.method });
        return { id: m.id, method: m.method, findings: cfg.mcp_input_scanning.enabled ? genericHits(m.params, `mcp.${m.method}.params`, 'mcp_input_scanning', 'mcp_input_scanning') : [] };
      }
      if (m.kind === 'notification')
        return { method: m.method, findings: cfg.mcp_input_scanning.enabled ? genericHits(m.params, `mcp.${m.method}.params`, 'mcp_input_scanning', null) : [] };
      // A client's answer to a server request (sampling, elicitation, roots).
      return { id: m.id, findings: cfg.mcp_input_scanning.enabled ? genericHits(m.kind === 'response' ? (m.result ?? m.error) : undefined, 'mcp.response', 'mcp_input_scanning', null) : [] };
    }
    // to-client
    if (m.kind === 'response') {
      const req = session?.answer(m.id);
      if (m.error) return { id: m.id, findings: genericHits(m.error, 'mcp.error', 'dlp', 'response_scanning') };
      if (req?.method === 'tools/list' || (!req && Array.isArray((m.result as { tools?: unknown })?.tools))) {
        const tools = (m.result as { tools?: McpTool[] })?.tools ?? [];
        return { id: m.id, method: 'tools/list', findings: scanToolsList(tools, session).findings };
      }
      if (req?.method === 'tools/call' || (!req && Array.isArray((m.result as { content?: unknown })?.content)))
        return { id: m.id, method: 'tools/call', findings: scanToolResult(m.result, session).findings };
      return { id: m.id, ...(req ? { method: req.method } : {}), findings: genericHits(m.result, 'mcp.result', 'dlp', 'response_scanning') };
    }
    if (m.kind === 'request') {
      session?.expect(m.id, { method: m.method });
      return { id: m.id, method: m.method, findings: genericHits(m.params, `mcp.${m.method}.params`, 'dlp', 'response_scanning') };
    }
    return { method: m.method, findings: genericHits(m.params, `mcp.${m.method}.params`, 'dlp', 'response_scanning') };
  }

  function scanMcpMessage(msg: unknown, direction: 'to-server' | 'to-client', session?: McpSession): McpScanResult {
    let parsed;
    try {
      parsed = parseJsonRpc(msg);
    } catch (e) {
      const reason = e instanceof JsonRpcParseError ? e.reason : 'unreadable message';
      const f = parseErrorFinding(reason, 'mcp.message');
      return { action: f.action, findings: [f], messages: [{ index: 0, action: f.action, findings: [f] }] };
    }
    const messages: McpMessageDecision[] = parsed.messages.map((m, index) => {
      const r = scanOne(m, direction, session);
      const d: McpMessageDecision = { index, action: strongestAction(r.findings.map((f) => f.action)), findings: r.findings };
      if (r.id !== undefined) d.id = r.id;
      if (r.method !== undefined) d.method = r.method;
      return d;
    });
    const findings = messages.flatMap((m) => m.findings);
    return { action: strongestAction(messages.map((m) => m.action)), findings, messages };
  }

  return {
    scanToolCall,
    scanToolResult,
    scanToolsList,
    scanMcpMessage,
    createSession: () => new McpSession(ctx.now()),
  };
}
