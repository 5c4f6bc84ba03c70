// The hit-to-finding path every entry point shares (location, suppression,
// decision) and the DLP engine as a config builds it, with no entry point of
// its own: createScanner (scanner.ts) adds the other engines and the public
// surfaces; createDiffScanner (diff/scanner.ts) uses it alone, so diff
// scanning loads neither the injection, URL, HTTP nor MCP modules.
import { resolveConfig } from './config/index.js';
import type { Config, PartialConfig } from './config/index.js';
import type { RawHit, ScanContext, SectionKey } from './context.js';
import { createDlpEngine } from './dlp/index.js';
import type { DlpEngine, DlpScanOptions } from './dlp/index.js';
import { compileGlobs } from './diff/glob.js';
import { mapUnescaped, unescapeRuns } from './encoding/escapes.js';
import type { InjectionEngine } from './injection/index.js';
import { fingerprint } from './redact.js';
import type { Finding, ScanResult, SectionAction } from './types.js';
import { strongestAction } from './types.js';
import { decide } from './verdict/decide.js';

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

export function dlpEngineOf(cfg: Config, sctx: ScannerContext): DlpEngine {
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


export type FullScanContext = ScanContext & {
  readonly dlpEngine: DlpEngine;
  readonly injectionEngine: InjectionEngine;
  /** DLP with the example-credential policy of a surface; `dlp` itself is the egress one. */
  dlpFor(surface: DlpSurface): (text: string) => RawHit[];
};

/** How a context gets its prompt-injection engine: built at once (eager) or on first use. */
export interface InjectionSource {
  create(cfg: Config): InjectionEngine;
  eager: boolean;
}

/**
 * The engines plus the hit-to-finding path. The injection engine comes from
 * `injection`, so a caller that never scans for injection (diff scanning)
 * neither compiles nor even loads it.
 */
export function contextOf(config: Config | PartialConfig | undefined, sctx: ScannerContext, injection: InjectionSource): FullScanContext {
  const cfg = resolveConfig(config as PartialConfig | undefined);
  const examples = cfg.dlp.example_credentials;
  const dlpEngine = dlpEngineOf(cfg, sctx);
  let injectionCompiled: InjectionEngine | undefined;
  const injectionEngineOf = (): InjectionEngine => (injectionCompiled ??= injection.create(cfg));
  if (injection.eager) injectionEngineOf();
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
    const lowerRule = hit.rule.toLowerCase();
    const s = suppress.length === 0 ? undefined : findSuppression(suppress, lowerRule, location);
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
    get injectionEngine() {
      return injectionEngineOf();
    },
    dlp: egressDlp,
    dlpFor: (surface) => surfaceDlp[surface],
    injection: (text) => injectionEngineOf().scan(text),
    finding,
    now,
  };
}

/** A finding silenced later (inline ignore, baseline) keeps its record but no longer acts. */
export function resultOf(findings: Finding[], body?: string): ScanResult {
  const action = strongestAction(findings.map((f) => f.action));
  return body === undefined ? { action, findings } : { action, findings, body };
}
