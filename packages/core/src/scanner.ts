// createScanner: compiles every engine once from a config and exposes the
// scan entry points. It owns the one path from an engine's RawHit to a
// Finding (location, suppression, decision), so engines never decide.
import { Buffer } from 'node:buffer';
import { createA2aScanner, isA2aPayload, looksLikeAgentCard } from './a2a/index.js';
import type { A2aScanResult } from './a2a/index.js';
import { resolveConfig } from './config/index.js';
import type { Config, PartialConfig } from './config/index.js';
import type { RawHit, ScanContext, SectionKey } from './context.js';
import { createDlpEngine } from './dlp/index.js';
import type { DlpEngine, DlpScanOptions } from './dlp/index.js';
import { compileGlobs, DiffScan, scanDiffWith } from './diff/index.js';
import type { DiffChunk } from './diff/index.js';
import { mapUnescaped, unescapeRuns } from './encoding/escapes.js';
import { createSseStreamScanner, scanHttpRequest, scanHttpResponse } from './http/index.js';
import { withoutKeysGoingHome } from './http/issuers.js';
import type { StreamScanner, StreamScannerOptions } from './http/index.js';
import { createInjectionEngine } from './injection/index.js';
import type { InjectionEngine } from './injection/index.js';
import { createMcpScanner } from './mcp/index.js';
import type { McpScanResult, McpSession, McpTool } from './mcp/index.js';
import { fingerprint } from './redact.js';
import type { Finding, HeadersLike, ScanResult, SectionAction } from './types.js';
import { strongestAction } from './types.js';
import { createSessionTracker } from './session/index.js';
import type { SessionTracker } from './session/index.js';
import { createUrlScanner } from './url/index.js';
import type { UrlScanOptions } from './url/index.js';
import { decide } from './verdict/decide.js';
import { createWebSocketScanner } from './ws/index.js';
import type { WebSocketFrame, WebSocketScanner, WebSocketScannerOptions } from './ws/index.js';

export interface ScannerContext {
  /** Values to watch for leaks (the CLI and proxy pass their environment when dlp.scan_env is true). */
  env?: Record<string, string | undefined>;
  /** Known secrets (the contents of dlp.secrets_file), matched raw and encoded. */
  secrets?: string[];
  /**
   * Clock in ms since the epoch, for rate limits, budgets and windows. Without
   * one, time stands still: per-minute rate limits and data budgets are off and
   * chain windows are bounded by count only. The proxy passes Date.now.
   */
  now?: () => number;
  /** Whether an operator can answer `ask` prompts; without one `ask` falls back to block. */
  canAsk?: boolean;
}

/**
 * Where scanned text is going, which decides the example-credential policy
 * (dlp.example_credentials): egress (URLs, headers, bodies, WebSocket client
 * frames, MCP arguments: the default), ingress (responses, SSE, tool results),
 * code_review (scanDiff, `pipelock scan`).
 */
export type DlpSurface = 'egress' | 'ingress' | 'code_review';

export interface Scanner {
  readonly config: Config;
  /**
   * DLP + prompt injection on free text (`only` limits it to one of them, e.g.
   * DLP on a host name). `surface` defaults to egress.
   */
  scanText(text: string, opts?: { location?: string; only?: 'dlp' | 'injection'; surface?: DlpSurface }): ScanResult;
  /** The URL pipeline; the caller resolves DNS and passes the addresses it will connect to. */
  scanUrl(url: string, opts?: UrlScanOptions): ScanResult;
  /**
   * A host name about to be resolved: DLP on the name and its subdomain
   * labels (joined, upper-cased, decoded) and the label checks (Encoded Data
   * In Hostname, Data In Hostname Labels). Call it before the lookup: the
   * query itself carries the labels out. Pass the name as written when you
   * have it (case matters for base64). IP literals: allow.
   */
  scanHost(host: string): ScanResult;
  /** Counts bytes received from a URL's base domain against the data budget. */
  recordBytes(url: string, bytes: number): ScanResult;
  /**
   * URL + headers + body. Pass the addresses the host resolved to (and the
   * transport) so the URL pipeline's SSRF check runs once, on what will be dialled.
   */
  scanRequest(req: { method: string; url: string; headers?: HeadersLike; body?: string | Uint8Array; resolvedIps?: string[]; transport?: string }): ScanResult;
  scanResponse(res: { url?: string; status?: number; headers?: HeadersLike; body: string | Uint8Array }): ScanResult;
  /** Incremental scanning of a text/event-stream body: per event, forward / hold / terminate. */
  createStreamScanner(opts?: StreamScannerOptions): StreamScanner;
  /** Unified diff: only added lines, findings carry file + line. */
  scanDiff(diff: string, opts?: { exclude?: string[] }): ScanResult;
  /**
   * The same, streaming: push the diff as it arrives, end(), then read
   * `findings`. With `onChunk` the caller runs DLP on each chunk (elsewhere,
   * e.g. worker threads with a scan context of the same config) and hands the
   * hits back with resolve(), in order; findings are then identical.
   */
  createDiffScan(opts?: { exclude?: string[] }, onChunk?: (chunk: DiffChunk) => void): DiffScan;
  /** An MCP tools/call: DLP + injection on every argument, tool policy, session binding and chains. */
  scanToolCall(call: { name: string; arguments?: unknown }, session?: McpSession): ScanResult;
  /** A tools/list answer: poisoned descriptions and schemas; pins the inventory or reports drift. */
  scanToolsList(tools: McpTool[], session?: McpSession): ScanResult;
  /** A tools/call result: injection + DLP over text blocks, resources and structured content. */
  scanToolResult(result: unknown, session?: McpSession): ScanResult;
  /** Any JSON-RPC message or batch, in either direction: the entry point the MCP proxies use. */
  scanMcpMessage(msg: unknown, direction: 'to-server' | 'to-client', session?: McpSession): McpScanResult;
  /** State for inventory pinning, drift, pending requests and chains of one MCP session. */
  createMcpSession(): McpSession;
  /** Per-agent profiling and adaptive enforcement (session_profiling, adaptive_enforcement). */
  createSessionTracker(): SessionTracker;
  /**
   * Per-connection, per-direction WebSocket scanning: frames (fragments,
   * permessage-deflate) or whole messages in, one decision per message out,
   * with a window across messages. One scanner per direction of a connection.
   */
  createWebSocketScanner(opts?: WebSocketScannerOptions): WebSocketScanner;
  /**
   * A recorded WebSocket exchange at once: `frames` (and/or whole `messages`)
   * of one direction through one scanner; blocked if any message is.
   */
  scanWebSocket(input: { url?: string; direction?: string; frames?: WebSocketFrame[]; messages?: Array<string | { payload?: string; data?: string; binary?: boolean }> }): ScanResult;
  /**
   * A2A traffic: a JSON-RPC message or batch (message/send, message/stream,
   * tasks/*, SendMessage, ...; object, array, JSON or SSE text) or a bare
   * Message, Task or update. 'to-server' (default for requests): DLP and
   * injection on every part; 'to-client' (default for results): injection
   * and DLP. scanMcpMessage routes A2A messages here too.
   */
  scanA2aMessage(msg: unknown, direction?: 'to-server' | 'to-client' | string): A2aScanResult;
  /** An A2A Agent Card: poisoned descriptions, skills and examples, DLP, SSRF on its URLs. scanResponse does this for a card body. */
  scanAgentCard(card: unknown): ScanResult;
}

interface SuppressRule {
  rule: string;
  matchPath: (path: string) => boolean;
  reason: string;
}

/** What each section asks for when a hit carries no per-pattern action. */
function sectionActions(config: Config): Record<SectionKey, SectionAction> {
  return {
    dlp: 'block',
    url: 'block',
    request_body_scanning: config.request_body_scanning.action,
    response_scanning: config.response_scanning.action,
    sse_streaming: config.response_scanning.sse_streaming.action,
    mcp_input_scanning: config.mcp_input_scanning.action,
    mcp_tool_scanning: config.mcp_tool_scanning.action,
    mcp_tool_policy: config.mcp_tool_policy.action,
    mcp_session_binding: config.mcp_session_binding.unknown_tool_action,
    tool_chain_detection: config.tool_chain_detection.action,
    websocket_proxy: 'block',
  } as Record<SectionKey, SectionAction>;
}

/**
 * A suppress entry matches by rule name (or '*') and a path glob. Diff
 * locations ('diff:src/a.ts:14') are matched on their file path; other
 * locations ('url.query.k', 'body.$.messages[0]') as they are.
 */
function findSuppression(rules: SuppressRule[], lowerRule: string, location: string): SuppressRule | undefined {
  const path = location.startsWith('diff:') ? location.slice(5, location.lastIndexOf(':')) : location;
  return rules.find((r) => (r.rule === '*' || r.rule === lowerRule) && r.matchPath(path));
}

function dlpEngineOf(cfg: Config, sctx: ScannerContext): DlpEngine {
  return createDlpEngine({
    patterns: cfg.dlp.patterns,
    includeDefaults: cfg.dlp.include_defaults,
    env: sctx.env,
    minEnvSecretLength: cfg.dlp.min_env_secret_length,
    secrets: sctx.secrets,
    examples: cfg.dlp.example_credentials.egress,
    cryptoAddresses: cfg.dlp.crypto_addresses,
  });
}

/**
 * The DLP engine exactly as createScanContext builds it from a config, for
 * callers that need DLP alone (scan-diff's worker threads): the same hits as
 * the scanner's, without compiling the other engines.
 */
export function createDlpEngineFor(config?: Config | PartialConfig, sctx: ScannerContext = {}): DlpEngine {
  return dlpEngineOf(resolveConfig(config as PartialConfig | undefined), sctx);
}

/**
 * The engines plus the hit-to-finding path, without the public entry points.
 * Exported for the engines' own tests and for the proxy, which needs the same
 * context for streaming and MCP sessions.
 */
export function createScanContext(config?: Config | PartialConfig, sctx: ScannerContext = {}): ScanContext & {
  readonly dlpEngine: DlpEngine;
  readonly injectionEngine: InjectionEngine;
  /** DLP with the example-credential policy of a surface; `dlp` itself is the egress one. */
  dlpFor(surface: DlpSurface): (text: string) => RawHit[];
} {
  const cfg = resolveConfig(config as PartialConfig | undefined);
  const examples = cfg.dlp.example_credentials;
  const dlpEngine = dlpEngineOf(cfg, sctx);
  const injectionEngine = createInjectionEngine({
    patterns: cfg.response_scanning.patterns,
    includeDefaults: cfg.response_scanning.include_defaults,
  });
  const actions = sectionActions(cfg);
  const suppress: SuppressRule[] = cfg.suppress.map((s) => ({
    rule: s.rule.toLowerCase(),
    matchPath: s.path ? compileGlobs([s.path]) : () => true,
    reason: s.reason ?? '',
  }));
  const now = sctx.now ?? (() => 0);
  const canAsk = sctx.canAsk ?? false;

  function finding(hit: RawHit, location: string, section: SectionKey): Finding {
    const f: Finding = {
      scanner: hit.scanner,
      rule: hit.rule,
      severity: hit.severity,
      action: 'allow',
      location,
    };
    if (hit.excerpt !== undefined) f.excerpt = hit.excerpt;
    if (hit.encoding && hit.encoding.length > 0) f.encoding = hit.encoding;
    f.fingerprint = fingerprint(hit.rule, location, hit.secretHash ?? hit.excerpt ?? '');
    const s = suppress.length === 0 ? undefined : findSuppression(suppress, hit.rule.toLowerCase(), location);
    if (s) {
      f.suppressed = true;
      f.suppressedBy = s.reason ? `config: ${s.reason}` : 'config';
    }
    f.action = decide({
      mode: cfg.mode,
      sectionAction: hit.patternAction ?? actions[section],
      severity: hit.severity,
      enforce: cfg.enforce,
      suppressed: f.suppressed === true,
      failClosed: hit.failClosed === true,
      canAsk,
    });
    return f;
  }

  /**
   * DLP on the text and, when it spells characters as escapes ('\x41',
   * '\u0041', '0x41,', '&#65;'), on the text with those runs spelled out:
   * the engine's encoded-run detector never sees one-byte tokens.
   */
  function dlpWith(scanOpts: DlpScanOptions | undefined, text: string): RawHit[] {
    const hits = dlpEngine.scan(text, scanOpts);
    const u = unescapeRuns(text);
    if (u === null) return hits;
    const known = new Set(hits.map((h) => `${h.rule}\u0000${h.secretHash ?? ''}`));
    for (const h of dlpEngine.scan(u.text, scanOpts)) {
      if (known.has(`${h.rule}\u0000${h.secretHash ?? ''}`)) continue;
      const mapped: RawHit = { ...h, encoding: ['escape', ...(h.encoding ?? [])] };
      if (h.start !== undefined) mapped.start = mapUnescaped(u, h.start, false);
      if (h.end !== undefined) mapped.end = mapUnescaped(u, h.end, true);
      hits.push(mapped);
    }
    return hits;
  }
  const egressDlp = (text: string) => dlpWith(undefined, text);
  const onSurface = (policy: typeof examples.egress) =>
    policy === examples.egress ? egressDlp : (text: string) => dlpWith({ examples: policy }, text);
  const surfaceDlp: Record<DlpSurface, (text: string) => RawHit[]> = {
    egress: egressDlp,
    ingress: onSurface(examples.ingress),
    code_review: onSurface(examples.code_review),
  };

  return {
    config: cfg,
    dlpEngine,
    injectionEngine,
    dlp: egressDlp,
    dlpFor: (surface) => surfaceDlp[surface],
    injection: (text) => injectionEngine.scan(text),
    finding,
    now,
  };
}

/** A finding silenced later (inline ignore, baseline) keeps its record but no longer acts. */
export function resultOf(findings: Finding[], body?: string): ScanResult {
  const action = strongestAction(findings.map((f) => f.action));
  return body === undefined ? { action, findings } : { action, findings, body };
}

/** Where agent cards are published (A2A: /.well-known/agent-card.json; earlier /.well-known/agent.json). */
const CARD_PATH = /\/(?:\.well-known\/agent(?:-card)?\.json|agent-card\.json|agent\.json)$/i;
const AGENT = /agent/i;
const SKILLS = Buffer.from('"skills"');

/** The Agent Card a response body holds: at a card path, or JSON with the card's shape. */
function agentCardIn(url: string | undefined, body: string | Uint8Array): unknown {
  let path = '';
  // Every response passes here: parse the URL only when it can name a card
  // path (the parser drops tabs and newlines, so they are dropped first).
  if (url !== undefined && AGENT.test(/[\t\n\r]/.test(url) ? url.replace(/[\t\n\r]/g, '') : url)) {
    try {
      path = new URL(url).pathname;
    } catch {
      path = '';
    }
  }
  const atCardPath = CARD_PATH.test(path);
  // Bytes are decoded only when they can hold a card: '"skills"' is ASCII,
  // and UTF-8 decoding never turns other bytes into ASCII nor swallows an ASCII byte.
  if (typeof body !== 'string' && !atCardPath && (body.byteLength > 1 << 20 || Buffer.from(body.buffer, body.byteOffset, body.byteLength).indexOf(SKILLS) < 0)) return undefined;
  const text = typeof body === 'string' ? body : body.byteLength <= 1 << 20 ? new TextDecoder().decode(body) : '';
  if (!atCardPath && text.indexOf('"skills"') < 0) return undefined;
  const t = text.trimStart();
  if (!t.startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return looksLikeAgentCard(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export function createScanner(config?: Config | PartialConfig, sctx: ScannerContext = {}): Scanner {
  const ctx = createScanContext(config, sctx);
  // The same engines under another surface's example-credential policy.
  const onSurface = (surface: DlpSurface): ScanContext => (ctx.dlpFor(surface) === ctx.dlp ? ctx : { ...ctx, dlp: ctx.dlpFor(surface) });
  const ingress = onSurface('ingress');
  const review = onSurface('code_review');
  const urls = createUrlScanner(ctx, { rateLimits: sctx.now !== undefined });
  // The URL pipeline, less provider keys going home in their documented query parameter (http/issuers.ts).
  const homeUrl = ctx.config.dlp.issuer_hosts
    ? (url: string, opts?: UrlScanOptions) => withoutKeysGoingHome(url, urls.scan(url, opts))
    : (url: string, opts?: UrlScanOptions) => urls.scan(url, opts);
  const strip = (text: string) => ctx.injectionEngine.strip(text);
  // One MCP scanner for both directions (sessions and chains are shared): its DLP
  // follows the direction of the message being scanned. Scans are synchronous,
  // so the switch cannot leak into another call. A2A uses the egress policy
  // in both directions (the stricter one).
  let mcpDlp = ctx.dlp;
  const inbound = <T>(scan: () => T): T => {
    mcpDlp = ingress.dlp;
    try {
      return scan();
    } finally {
      mcpDlp = ctx.dlp;
    }
  };
  const a2a = createA2aScanner(ctx, urls);
  // A2A messages on the MCP entry point go to the A2A scanner, message by
  // message (MCP's parser has already read them: nothing is parsed twice).
  const mcp = createMcpScanner({ ...ctx, dlp: (text) => mcpDlp(text) }, (raw, direction) => {
    if (!isA2aPayload(raw)) return undefined;
    const m = a2a.scanMessage(raw, direction).messages[0];
    if (m === undefined) return { findings: [] };
    return m.method === undefined ? { findings: m.findings } : { findings: m.findings, method: m.method };
  });
  return {
    config: ctx.config,
    scanToolCall: mcp.scanToolCall,
    scanToolsList: mcp.scanToolsList,
    scanToolResult: (result, session) => inbound(() => mcp.scanToolResult(result, session)),
    scanMcpMessage: (msg, direction, session) =>
      direction === 'to-client' ? inbound(() => mcp.scanMcpMessage(msg, direction, session)) : mcp.scanMcpMessage(msg, direction, session),
    scanA2aMessage: (msg, direction) => a2a.scanMessage(msg, direction),
    scanAgentCard: (card) => a2a.scanCard(card),
    createMcpSession: mcp.createSession,
    createSessionTracker: () => createSessionTracker(ctx),
    scanUrl(url, opts) {
      return resultOf(homeUrl(url, opts));
    },
    scanHost(host) {
      return resultOf(urls.scanHost(host));
    },
    recordBytes(url, bytes) {
      return resultOf(urls.recordBytes(url, bytes));
    },
    scanRequest(req) {
      const opts: UrlScanOptions = {};
      if (req.resolvedIps) opts.resolvedIps = req.resolvedIps;
      if (req.transport) opts.transport = req.transport;
      return scanHttpRequest(ctx, (url) => homeUrl(url, opts), req);
    },
    scanResponse(res) {
      const r = scanHttpResponse(ingress, strip, res);
      const card = agentCardIn(res.url, res.body);
      if (card === undefined) return r;
      const c = a2a.scanCard(card, 'body(agent card)');
      if (c.findings.length === 0) return r;
      const findings = [...r.findings, ...c.findings];
      const action = strongestAction(findings.map((f) => f.action));
      // A card that must be blocked is not stripped into something else.
      return action === 'strip' && r.body !== undefined ? { action, findings, body: r.body } : { action: action === 'strip' ? 'block' : action, findings };
    },
    createStreamScanner(opts) {
      return createSseStreamScanner(ingress, opts);
    },
    scanText(text, opts = {}) {
      const location = opts.location ?? 'text';
      const findings: Finding[] = [];
      const dlp = opts.surface === undefined ? ctx.dlp : ctx.dlpFor(opts.surface);
      if (opts.only !== 'injection') for (const hit of dlp(text)) findings.push(ctx.finding(hit, location, 'dlp'));
      if (opts.only !== 'dlp') for (const hit of ctx.injection(text)) findings.push(ctx.finding(hit, location, 'response_scanning'));
      return resultOf(findings);
    },
    scanDiff(diff, opts = {}) {
      return resultOf(scanDiffWith(review, diff, opts));
    },
    createWebSocketScanner(opts) {
      return createWebSocketScanner(ctx, strip, opts);
    },
    scanWebSocket(input) {
      const ws = createWebSocketScanner(ctx, strip, { direction: input.direction, url: input.url });
      const findings: Finding[] = [];
      for (const f of input.frames ?? []) findings.push(...ws.frame(f).findings);
      for (const m of input.messages ?? []) {
        const r = typeof m === 'string' ? ws.message(m) : ws.message(m.payload ?? m.data ?? '', { binary: m.binary === true });
        findings.push(...r.findings);
      }
      return resultOf(findings);
    },
    createDiffScan(opts = {}, onChunk) {
      return new DiffScan(review, opts, onChunk);
    },
  };
}
