// The three presets (balanced, strict, audit) as complete configs, their
// commented YAML for `pipelock generate config`, and the short summary that
// `pipelock check --config` prints. Presets are differences from the schema
// defaults, so a default can never drift between the schema and a preset.
import { stringify } from 'yaml';
import { resolveConfig } from './parse.js';
import type { PartialConfig } from './parse.js';
import { DEFAULT_INTERNAL_CIDRS } from './schema.js';
import type { Config } from './schema.js';

export const PRESET_NAMES = ['balanced', 'strict', 'audit'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

const PRESET_OVERRIDES: Readonly<Record<PresetName, PartialConfig>> = {
  // balanced is the schema's defaults, nothing more.
  balanced: {},
  strict: {
    mode: 'strict',
    fetch_proxy: {
      monitoring: {
        max_url_length: 500,
        // 3.5 bits/char also catches base64 and hex encoded secrets (more false positives).
        entropy_threshold: 3.5,
        subdomain_entropy_threshold: 3.5,
        max_requests_per_minute: 30,
      },
    },
    request_body_scanning: { action: 'block', header_mode: 'all' },
    response_scanning: { action: 'block', sse_streaming: { action: 'block' } },
    mcp_input_scanning: { action: 'block', on_parse_error: 'block' },
    mcp_tool_scanning: { action: 'block' },
    mcp_tool_policy: { action: 'block' },
    mcp_session_binding: { unknown_tool_action: 'block', no_baseline_action: 'block' },
    tool_chain_detection: { action: 'block' },
    session_profiling: { enabled: true, anomaly_action: 'block' },
  },
  audit: {
    mode: 'audit',
    request_body_scanning: { action: 'warn' },
    response_scanning: { action: 'warn', sse_streaming: { action: 'warn' } },
    mcp_input_scanning: { action: 'warn' },
    mcp_tool_scanning: { action: 'warn' },
    mcp_tool_policy: { action: 'warn' },
    mcp_session_binding: { unknown_tool_action: 'warn', no_baseline_action: 'warn' },
    tool_chain_detection: { action: 'warn' },
    session_profiling: { anomaly_action: 'warn' },
  },
};

function isPresetName(name: string): name is PresetName {
  return (PRESET_NAMES as readonly string[]).includes(name);
}

/** A complete config for a preset. Throws RangeError for an unknown name. */
export function presetConfig(name: PresetName): Config {
  if (!isPresetName(name)) throw new RangeError(`unknown preset "${String(name)}": use one of ${PRESET_NAMES.join(', ')}`);
  return resolveConfig(PRESET_OVERRIDES[name]);
}

const PRESET_HEADERS: Readonly<Record<PresetName, string>> = {
  balanced: [
    'Pipelock configuration: balanced preset (the default when no file is given).',
    'Critical and high findings block where a section says `block`; the rest is logged as a warning.',
    'Every host is reachable except fetch_proxy.monitoring.blocklist and internal (SSRF) ranges.',
  ].join('\n'),
  strict: [
    'Pipelock configuration: strict preset.',
    'Every finding blocks, and only api_allowlist hosts are reachable. Tighter URL',
    'thresholds, all request headers scanned, every MCP protection blocks.',
  ].join('\n'),
  audit: [
    'Pipelock configuration: audit preset.',
    'Nothing is blocked; every finding is logged. Use it to roll out, then move to balanced.',
  ].join('\n'),
};

/** One comment per section, printed above it in generated YAML. */
const SECTION_COMMENTS: Readonly<Partial<Record<keyof Config, string>>> = {
  version: 'Config schema version.',
  mode: 'strict | balanced | audit: how findings become decisions (see docs/configuration.md).',
  enforce: 'false turns every block into a warning (detect and log only).',
  explain_blocks: 'true adds the scanner and rule to block responses (useful while tuning; discloses config).',
  api_allowlist: 'Hosts reachable in strict mode (globs: *.example.com).',
  fetch_proxy: 'Listener for the forward proxy, /fetch, /health and /metrics, and URL checks.',
  forward_proxy: 'HTTP forward proxy and CONNECT tunnels (HTTPS_PROXY=http://pipelock:8888).',
  tls_interception:
    'Decrypt CONNECT tunnels to scan inside them. Needs a CA (`pipelock tls init`); passthrough_domains stay spliced.',
  request_body_scanning: 'DLP on outbound request bodies and headers.',
  websocket_proxy: 'WebSocket frame scanning on /ws?url= (off by default).',
  dlp: 'Secret and PII detection. include_defaults merges your patterns with the built-ins by name.',
  response_scanning: 'Prompt-injection scanning of responses; action block | strip | warn | ask.',
  mcp_input_scanning: 'DLP and injection on MCP requests from the agent (tool arguments).',
  mcp_tool_scanning: 'Tool-poisoning checks on tools/list and drift detection per session.',
  mcp_tool_policy: 'Rules on tool calls (tool_pattern / arg_pattern are RE2 regexes), added to the built-in rules.',
  mcp_session_binding: 'Pin the tool inventory of each MCP session; flag calls to tools outside it.',
  tool_chain_detection: 'Multi-step attack patterns across tool calls (e.g. recon, credential read, network send).',
  session_profiling: 'Per-session behaviour: bursts of new domains and volume spikes.',
  adaptive_enforcement: 'Escalate a session that keeps tripping scanners.',
  kill_switch: 'Emergency deny-all: this flag, SIGUSR1, the sentinel file, or the API on api_listen.',
  emit: 'Send events to a webhook, syslog or OTLP.',
  suppress: 'Silence a rule at a path or URL pattern; every entry needs a reason. Suppressed findings stay visible with --verbose.',
  logging: 'Decision log: format json | text, output stdout | file | both.',
  internal: 'SSRF ranges. Giving this list REPLACES the defaults shown here.',
  trusted_domains: 'Hosts exempt from the SSRF check (e.g. a model server on the LAN).',
  ssrf: 'ip_allowlist: CIDRs allowed even though they are inside internal ranges.',
  metrics_listen: 'Separate listener for /metrics; empty serves it on fetch_proxy.listen.',
};

function commentBlock(text: string): string {
  return text
    .split('\n')
    .map((l) => `# ${l}`.trimEnd())
    .join('\n');
}

/**
 * A complete, commented pipelock.yaml for a preset. parseConfig of this text
 * returns exactly presetConfig(name).
 */
export function presetYaml(name: PresetName): string {
  const config = presetConfig(name);
  const parts: string[] = [commentBlock(PRESET_HEADERS[name]), ''];
  for (const [key, value] of Object.entries(config) as [keyof Config, unknown][]) {
    if (value === undefined) continue;
    const comment = SECTION_COMMENTS[key];
    if (comment) parts.push(commentBlock(comment));
    parts.push(stringify({ [key]: value }, { lineWidth: 0, indentSeq: true }).trimEnd(), '');
  }
  return parts.join('\n');
}

const onOff = (b: boolean) => (b ? 'on' : 'off');

/** Short lines describing a config, for `pipelock check --config`. */
export function configSummary(config: Config): string[] {
  const c = config;
  const lines: string[] = [];
  lines.push(`mode: ${c.mode}, enforce: ${onOff(c.enforce)}${c.enforce ? '' : ' (blocks become warnings)'}`);
  lines.push(
    `listen: ${c.fetch_proxy.listen} (forward proxy ${onOff(c.forward_proxy.enabled)}, websocket ${onOff(c.websocket_proxy.enabled)}, tls interception ${onOff(c.tls_interception.enabled)})`,
  );
  if (c.metrics_listen) lines.push(`metrics: ${c.metrics_listen}`);
  if (c.kill_switch.api_listen) lines.push(`kill switch api: ${c.kill_switch.api_listen}`);
  lines.push(
    `dlp: ${c.dlp.patterns.length} custom pattern(s)${c.dlp.include_defaults ? ' + built-ins' : ' only (built-ins off)'}, scan_env ${onOff(c.dlp.scan_env)}${c.dlp.secrets_file ? `, secrets_file ${c.dlp.secrets_file}` : ''}`,
  );
  lines.push(
    `request body scanning: ${onOff(c.request_body_scanning.enabled)}${c.request_body_scanning.enabled ? ` (${c.request_body_scanning.action}, headers ${c.request_body_scanning.scan_headers ? c.request_body_scanning.header_mode : 'off'})` : ''}`,
  );
  lines.push(
    `response scanning: ${onOff(c.response_scanning.enabled)}${c.response_scanning.enabled ? ` (${c.response_scanning.action}, ${c.response_scanning.patterns.length} custom pattern(s)${c.response_scanning.include_defaults ? ' + built-ins' : ' only'}, sse ${c.response_scanning.sse_streaming.enabled ? c.response_scanning.sse_streaming.action : 'off'})` : ''}`,
  );
  const mcp = [
    `input ${c.mcp_input_scanning.enabled ? c.mcp_input_scanning.action : 'off'}`,
    `tools ${c.mcp_tool_scanning.enabled ? c.mcp_tool_scanning.action : 'off'}${c.mcp_tool_scanning.enabled && c.mcp_tool_scanning.detect_drift ? '+drift' : ''}`,
    `policy ${c.mcp_tool_policy.enabled ? `${c.mcp_tool_policy.action}, ${c.mcp_tool_policy.rules.length} custom rule(s)` : 'off'}`,
    `binding ${c.mcp_session_binding.enabled ? c.mcp_session_binding.unknown_tool_action : 'off'}`,
    `chains ${c.tool_chain_detection.enabled ? `${c.tool_chain_detection.action}, ${c.tool_chain_detection.custom_patterns.length} custom pattern(s)` : 'off'}`,
  ];
  lines.push(`mcp: ${mcp.join('; ')}`);
  const isDefaultInternal =
    c.internal.length === DEFAULT_INTERNAL_CIDRS.length && c.internal.every((v, i) => v === DEFAULT_INTERNAL_CIDRS[i]);
  lines.push(
    `ssrf: ${c.internal.length} internal range(s)${isDefaultInternal ? ' (default)' : ' (custom)'}, ${c.trusted_domains.length} trusted domain(s), ${c.ssrf.ip_allowlist.length} allowlisted range(s)`,
  );
  lines.push(
    `hosts: ${c.api_allowlist.length} in api_allowlist${c.mode === 'strict' ? ' (only these are reachable)' : ''}, ${c.fetch_proxy.monitoring.blocklist.length} in blocklist`,
  );
  if (c.session_profiling.enabled || c.adaptive_enforcement.enabled)
    lines.push(`sessions: profiling ${onOff(c.session_profiling.enabled)}, adaptive enforcement ${onOff(c.adaptive_enforcement.enabled)}`);
  if (c.kill_switch.enabled) lines.push('kill switch: ENGAGED (all traffic denied)');
  if (c.suppress.length > 0) lines.push(`suppress: ${c.suppress.length} entr${c.suppress.length === 1 ? 'y' : 'ies'}`);
  const sinks = [c.emit.webhook.url && 'webhook', c.emit.syslog.address && 'syslog', c.emit.otlp.endpoint && 'otlp'].filter(Boolean);
  lines.push(`logging: ${c.logging.format} to ${c.logging.output}${c.logging.file ? ` (${c.logging.file})` : ''}${sinks.length ? `; emit: ${sinks.join(', ')}` : ''}`);
  return lines;
}
