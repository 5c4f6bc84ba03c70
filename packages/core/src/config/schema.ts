// The whole pipelock.yaml as one zod schema: the single source of the Config
// type (z.infer), of every default, and of every validation rule. Objects are
// strict so a typo ("dlp.paterns") is an error, never a silently disabled scanner.
import { z } from 'zod';
import { globProblem, hostGlobProblem, isIp, listenProblem, parseCidr, parseDurationMs, re2Problem } from './formats.js';

/**
 * SSRF ranges used when `internal` is absent. Giving `internal` replaces this
 * list (it is not merged), as in Go Pipelock.
 */
export const DEFAULT_INTERNAL_CIDRS: readonly string[] = Object.freeze([
  '0.0.0.0/8', // "this" network: services bound to all interfaces
  '10.0.0.0/8', // RFC 1918
  '100.64.0.0/10', // CGNAT / shared address space (Tailscale)
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local, cloud metadata (169.254.169.254)
  '172.16.0.0/12', // RFC 1918
  '192.0.0.0/24', // IETF protocol assignments
  '192.168.0.0/16', // RFC 1918
  '168.63.129.16/32', // Azure WireServer metadata
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, incl. broadcast
  '::/128', // unspecified
  '::1/128', // loopback
  // Not listed on purpose: 64:ff9b::/96 (NAT64) and 198.18.0.0/15 would block
  // every host on IPv6-only DNS64 networks and behind fake-IP DNS proxies. IPv4
  // inside IPv6 (::ffff:a.b.c.d) is for the URL engine to unwrap, not for this list.
  'fc00::/7', // unique local
  'fe80::/10', // link-local
  'ff00::/8', // multicast
]);

// ---------- building blocks ----------

/** A positive integer; 0 means "use the default" as in Pipelock, negatives are errors. */
const posInt = (def: number) =>
  z
    .number({ invalid_type_error: 'must be a number' })
    .int('must be a whole number')
    .nonnegative('must not be negative (0 means the default)')
    .default(def)
    .transform((v) => (v === 0 ? def : v));

/** A positive number (fractions allowed); 0 means the default. */
const posNum = (def: number) =>
  z
    .number({ invalid_type_error: 'must be a number' })
    .nonnegative('must not be negative (0 means the default)')
    .default(def)
    .transform((v) => (v === 0 ? def : v));

/** A non-negative integer where 0 is meaningful (usually "disabled"). */
const nonNegInt = (def: number) =>
  z.number({ invalid_type_error: 'must be a number' }).int('must be a whole number').nonnegative('must not be negative').default(def);

// Go Pipelock (yaml.v3) also reads YAML 1.1 words into booleans; accept them so such files still load.
const YAML11_TRUE = ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON'] as const;
const YAML11_FALSE = ['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF'] as const;
const bool = (def: boolean) =>
  z
    .union([z.boolean(), z.enum([...YAML11_TRUE, ...YAML11_FALSE])], {
      errorMap: (issue, ctx) => ({ message: issue.code === 'invalid_union' ? 'must be true or false' : ctx.defaultError }),
    })
    .default(def)
    .transform((v) => (typeof v === 'boolean' ? v : (YAML11_TRUE as readonly string[]).includes(v)));
const str = (def = '') => z.string({ invalid_type_error: 'must be a string' }).default(def);
const filePath = () => z.string({ invalid_type_error: 'must be a file path (a string)' }).default('');

const hostGlob = z.string({ invalid_type_error: 'must be a host name or glob (a string)' }).superRefine((s, ctx) => {
  const p = hostGlobProblem(s);
  if (p) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `invalid host pattern "${s}": ${p}` });
});
const hostList = (def: readonly string[] = []) => z.array(hostGlob).default([...def]);

const cidr = z.string({ invalid_type_error: 'must be a CIDR (a string)' }).superRefine((s, ctx) => {
  if (!parseCidr(s))
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `invalid CIDR "${s}": expected address/prefix like 10.0.0.0/8 or fc00::/7` });
});
const ipOrCidr = z.string({ invalid_type_error: 'must be an IP or CIDR (a string)' }).superRefine((s, ctx) => {
  if (!isIp(s) && !parseCidr(s))
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `invalid IP or CIDR "${s}"` });
});

const listen = (def: string, allowEmpty: boolean) =>
  z
    .string({ invalid_type_error: 'must be a listen address (a string)' })
    .default(def)
    .superRefine((s, ctx) => {
      if (allowEmpty && s === '') return;
      const p = listenProblem(s);
      if (p) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `invalid listen address "${s}": ${p}` });
    });

/** A user regex: compiled with RE2 at load time so a bad one is a config error, never a silent skip. */
const re2Regex = z.string({ invalid_type_error: 'must be a regex (a string)' }).superRefine((s, ctx) => {
  if (s === '') {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'regex must not be empty' });
    return;
  }
  const p = re2Problem(s);
  if (p) ctx.addIssue({ code: z.ZodIssueCode.custom, message: p });
});

const nonEmpty = (what: string) => z.string({ invalid_type_error: `${what} must be a string` }).min(1, `${what} must not be empty`);

/** Go duration string ('24h', '90m') or a number of seconds; stored as a duration string. */
const duration = (def: string) =>
  z
    .union([z.string(), z.number()], {
      errorMap: (issue, ctx) => ({
        message: issue.code === 'invalid_union' ? 'must be a duration like "24h" or a number of seconds' : ctx.defaultError,
      }),
    })
    .default(def)
    .transform((v, ctx) => {
      const s = typeof v === 'number' ? `${v}s` : v.trim();
      const ms = parseDurationMs(s);
      if (ms === undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `invalid duration "${String(v)}": use e.g. "24h", "90m", "3600s" or seconds` });
        return z.NEVER;
      }
      if (ms <= 0) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `duration "${String(v)}" must be positive` });
        return z.NEVER;
      }
      return s;
    });

const severity = z.enum(['low', 'medium', 'high', 'critical'], {
  errorMap: () => ({ message: 'must be one of low, medium, high, critical' }),
});
// Go Pipelock's `redirect` tool-policy action runs a local program instead of
// the tool; this implementation does not execute programs, so it says so.
const warnBlock = z.enum(['warn', 'block'], {
  errorMap: (issue) => ({
    message:
      issue.code === 'invalid_enum_value' && issue.received === 'redirect'
        ? 'must be warn or block (redirect is not supported by this implementation)'
        : issue.code === 'invalid_enum_value' && issue.received === 'ask'
          ? 'must be warn or block (ask is only available for response_scanning.action)'
          : 'must be warn or block',
  }),
});
/** Only response scanning may `ask`: it is the one place an operator prompt can hold a response. */
const responseAction = z.enum(['block', 'strip', 'warn', 'ask'], {
  errorMap: () => ({ message: 'must be block, strip, warn or ask' }),
});
const streamAction = z.enum(['block', 'strip', 'warn'], {
  errorMap: () => ({ message: 'must be block, strip or warn (ask cannot hold a stream)' }),
});
const chainSeverity = z.enum(['medium', 'high', 'critical'], {
  errorMap: () => ({ message: 'must be one of medium, high, critical' }),
});
/** A strictly positive threshold: 0 would silently disable (or max out) the check, so it is refused. */
const threshold = (def: number) =>
  z.number({ invalid_type_error: 'must be a number' }).positive('must be greater than 0 (omit the key for the default)').default(def);
const emitSeverity = z.enum(['info', 'warn', 'critical'], { errorMap: () => ({ message: 'must be info, warn or critical' }) });
const upgrade = z.enum(['block', ''], { errorMap: () => ({ message: 'must be "block" or "" (no upgrade)' }) });

// ---------- sections ----------

const monitoringSchema = z
  .object({
    max_url_length: posInt(2048),
    entropy_threshold: threshold(4.5),
    subdomain_entropy_threshold: threshold(4.0),
    max_requests_per_minute: posInt(60),
    /** Bytes per base domain per minute; 0 disables the data budget. */
    max_data_per_minute: nonNegInt(0),
    blocklist: hostList(['*.pastebin.com', '*.hastebin.com', '*.paste.ee', '*.transfer.sh', '*.file.io', '*.requestbin.com']),
    subdomain_entropy_exclusions: hostList(),
  })
  .strict()
  .default({});

const fetchProxySchema = z
  .object({
    listen: listen('127.0.0.1:8888', false),
    timeout_seconds: posInt(30),
    max_response_mb: posInt(10),
    user_agent: str('Pipelock Fetch/1.0'),
    monitoring: monitoringSchema,
  })
  .strict()
  .default({});

const forwardProxySchema = z
  .object({
    enabled: bool(true),
    max_tunnel_seconds: posInt(300),
    idle_timeout_seconds: posInt(120),
    sni_verification: bool(true),
    redirect_websocket_hosts: hostList(),
  })
  .strict()
  .default({});

const tlsInterceptionSchema = z
  .object({
    enabled: bool(false),
    ca_cert: filePath(),
    ca_key: filePath(),
    passthrough_domains: hostList(),
    cert_ttl: duration('24h'),
    cert_cache_size: posInt(10000),
    max_response_bytes: posInt(5 * 1024 * 1024),
  })
  .strict()
  .default({});

export const DEFAULT_SENSITIVE_HEADERS: readonly string[] = Object.freeze([
  'Authorization',
  'Cookie',
  'X-Api-Key',
  'X-Token',
  'Proxy-Authorization',
  'X-Goog-Api-Key',
]);
export const DEFAULT_IGNORE_HEADERS: readonly string[] = Object.freeze([
  'Connection',
  'Keep-Alive',
  'Proxy-Authenticate',
  'Te',
  'Trailer',
  'Transfer-Encoding',
  'Upgrade',
  'Host',
  'Content-Length',
  'Content-Type',
  'Accept',
  'Accept-Encoding',
]);

const headerName = nonEmpty('header name').regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'is not a valid HTTP header name');

const requestBodyScanningSchema = z
  .object({
    enabled: bool(true),
    action: warnBlock.default('block'),
    max_body_bytes: posInt(5 * 1024 * 1024),
    scan_headers: bool(true),
    // 'all' by default: a secret leaves as well in X-Debug-Data as in Authorization.
    header_mode: z.enum(['sensitive', 'all'], { errorMap: () => ({ message: 'must be sensitive or all' }) }).default('all'),
    sensitive_headers: z.array(headerName).default([...DEFAULT_SENSITIVE_HEADERS]),
    ignore_headers: z.array(headerName).default([...DEFAULT_IGNORE_HEADERS]),
    content_entropy_enabled: bool(false),
    content_entropy_action: warnBlock.default('warn'),
    content_entropy_threshold: threshold(4.5),
    content_entropy_min_length: posInt(32),
  })
  .strict()
  .default({});

const websocketProxySchema = z
  .object({
    enabled: bool(false),
    max_message_bytes: posInt(1024 * 1024),
    max_concurrent_connections: posInt(128),
    scan_text_frames: bool(true),
    allow_binary_frames: bool(false),
    strip_compression: bool(true),
    max_connection_seconds: posInt(3600),
    idle_timeout_seconds: posInt(300),
    origin_policy: z
      .enum(['rewrite', 'forward', 'strip'], { errorMap: () => ({ message: 'must be rewrite, forward or strip' }) })
      .default('rewrite'),
    forward_cookies: bool(false),
  })
  .strict()
  .default({});

const dlpPatternSchema = z
  .object({
    name: nonEmpty('pattern name'),
    regex: re2Regex,
    severity: severity.default('high'),
    action: warnBlock.optional(),
    validator: z
      .enum(['luhn', 'mod97', 'aba', 'wif'], { errorMap: () => ({ message: 'must be luhn, mod97, aba or wif' }) })
      .optional(),
    exempt_domains: hostList(),
  })
  .strict();

const exampleCredentialPolicy = (def: 'detect' | 'suppress') =>
  z.enum(['detect', 'suppress'], { errorMap: () => ({ message: 'must be detect or suppress' }) }).default(def);

/**
 * Vendor-format example credentials (AKIAIOSFODNN7EXAMPLE, test cards, the
 * jwt.io token) per surface: a firewall treats them as credentials, a code
 * review treats them as documentation (docs/dlp-patterns.md).
 */
const exampleCredentialsSchema = z
  .object({
    egress: exampleCredentialPolicy('detect'),
    ingress: exampleCredentialPolicy('suppress'),
    code_review: exampleCredentialPolicy('suppress'),
  })
  .strict()
  .default({});

const dlpSchema = z
  .object({
    scan_env: bool(true),
    secrets_file: filePath(),
    min_env_secret_length: posInt(16),
    include_defaults: bool(true),
    patterns: z.array(dlpPatternSchema).default([]),
    example_credentials: exampleCredentialsSchema,
    // A provider credential in an auth header of an HTTPS request to that provider's own host is not a leak (http/issuers.ts).
    issuer_hosts: bool(true),
    // `off` is a boolean to YAML 1.1 readers: false means off too.
    crypto_addresses: z
      .preprocess(
        (v) => (v === false ? 'off' : v),
        z.enum(['off', 'warn', 'block'], { errorMap: () => ({ message: 'must be off, warn or block' }) }),
      )
      .default('off'),
  })
  .strict()
  .default({});

const responsePatternSchema = z
  .object({
    name: nonEmpty('pattern name'),
    regex: re2Regex,
    severity: severity.default('high'),
  })
  .strict();

const sseStreamingSchema = z
  .object({
    enabled: bool(true),
    action: streamAction.default('block'),
    max_event_bytes: posInt(64 * 1024),
    // Text at the end of each streamed channel kept back until no match can
    // still start in it (0: release each event once scanned), and the longest
    // an event is held so a pausing stream still flows.
    hold_back_bytes: nonNegInt(512),
    hold_back_ms: posInt(1000),
  })
  .strict()
  .default({});

const responseScanningSchema = z
  .object({
    enabled: bool(true),
    action: responseAction.default('warn'),
    ask_timeout_seconds: posInt(30),
    include_defaults: bool(true),
    exempt_domains: hostList(),
    patterns: z.array(responsePatternSchema).default([]),
    sse_streaming: sseStreamingSchema,
  })
  .strict()
  .default({});

const mcpInputScanningSchema = z
  .object({
    enabled: bool(true),
    action: warnBlock.default('block'),
    on_parse_error: z.enum(['block', 'forward'], { errorMap: () => ({ message: 'must be block or forward' }) }).default('block'),
  })
  .strict()
  .default({});

const mcpToolScanningSchema = z
  .object({
    enabled: bool(true),
    action: warnBlock.default('warn'),
    detect_drift: bool(true),
  })
  .strict()
  .default({});

const toolPolicyRuleSchema = z
  .object({
    name: nonEmpty('rule name'),
    tool_pattern: re2Regex,
    arg_pattern: re2Regex.optional(),
    arg_key: re2Regex.optional(),
    action: warnBlock.optional(),
    redirect_profile: z.string().optional(),
  })
  .strict();

const mcpToolPolicySchema = z
  .object({
    enabled: bool(true),
    action: warnBlock.default('warn'),
    rules: z.array(toolPolicyRuleSchema).default([]),
    redirect_profiles: z.record(z.string(), z.unknown()).optional(),
    quarantine_dir: z.string().optional(),
  })
  .strict()
  .default({});

const mcpSessionBindingSchema = z
  .object({
    enabled: bool(true),
    unknown_tool_action: warnBlock.default('warn'),
    no_baseline_action: warnBlock.default('warn'),
  })
  .strict()
  .default({});

const chainPatternSchema = z
  .object({
    name: nonEmpty('pattern name'),
    sequence: z.array(nonEmpty('category name')).min(2, 'a chain needs at least 2 steps'),
    severity: chainSeverity.default('high'),
    action: warnBlock.optional(),
  })
  .strict();

const toolNameGlob = nonEmpty('tool name pattern');

const toolChainDetectionSchema = z
  .object({
    enabled: bool(true),
    action: warnBlock.default('warn'),
    window_size: posInt(20),
    window_seconds: posInt(60),
    max_gap: nonNegInt(3),
    tool_categories: z.record(z.string(), z.array(toolNameGlob)).default({}),
    pattern_overrides: z
      .record(z.string(), z.enum(['warn', 'block', 'disabled'], { errorMap: () => ({ message: 'must be warn, block or disabled' }) }))
      .default({}),
    custom_patterns: z.array(chainPatternSchema).default([]),
  })
  .strict()
  .default({});

const sessionProfilingSchema = z
  .object({
    enabled: bool(false),
    anomaly_action: warnBlock.default('warn'),
    domain_burst: posInt(5),
    window_minutes: posInt(5),
    volume_spike_ratio: posNum(3.0),
    max_sessions: posInt(1000),
    session_ttl_minutes: posInt(30),
    cleanup_interval_seconds: posInt(60),
  })
  .strict()
  .default({});

const escalationLevel = (warn: '' | 'block', ask: '' | 'block', blockAll: boolean) =>
  z
    .object({
      upgrade_warn: upgrade.default(warn),
      upgrade_ask: upgrade.default(ask),
      block_all: bool(blockAll),
    })
    .strict()
    .default({});

const adaptiveEnforcementSchema = z
  .object({
    enabled: bool(false),
    escalation_threshold: posNum(5.0),
    decay_per_clean_request: posNum(0.5),
    level_duration_seconds: posInt(300),
    deescalation_check_seconds: posInt(30),
    cooperative_tool_downweight: bool(true),
    exempt_domains: hostList(),
    levels: z
      .object({
        elevated: escalationLevel('block', '', false),
        high: escalationLevel('block', 'block', false),
        critical: escalationLevel('block', 'block', true),
      })
      .strict()
      .default({}),
  })
  .strict()
  .default({});

const killSwitchSchema = z
  .object({
    enabled: bool(false),
    sentinel_file: filePath(),
    message: str('Emergency deny-all active'),
    health_exempt: bool(true),
    metrics_exempt: bool(true),
    api_exempt: bool(true),
    api_token: str(),
    api_listen: listen('', true),
    allowlist_ips: z.array(ipOrCidr).default([]),
  })
  .strict()
  .default({});

const httpUrlOrEmpty = z
  .string({ invalid_type_error: 'must be a URL (a string)' })
  .default('')
  .superRefine((s, ctx) => {
    if (s === '') return;
    let ok = false;
    try {
      const u = new URL(s);
      ok = u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `invalid URL "${s}": must be an http(s) URL` });
  });

const emitSchema = z
  .object({
    instance_id: str(),
    webhook: z
      .object({
        url: httpUrlOrEmpty,
        min_severity: emitSeverity.default('warn'),
        auth_token: str(),
        timeout_seconds: posInt(5),
        queue_size: posInt(64),
      })
      .strict()
      .default({}),
    syslog: z
      .object({
        address: z
          .string({ invalid_type_error: 'must be an address (a string)' })
          .default('')
          .refine((s) => s === '' || /^(udp|tcp|tls):\/\/[^/\s]+:[0-9]{1,5}$/.test(s), {
            message: 'must be like udp://host:514 or tcp://host:514',
          }),
        min_severity: emitSeverity.default('warn'),
        facility: z
          .enum(
            ['kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp',
              'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'],
            { errorMap: () => ({ message: 'must be a syslog facility such as local0' }) },
          )
          .default('local0'),
        tag: str('pipelock'),
      })
      .strict()
      .default({}),
    otlp: z
      .object({
        endpoint: httpUrlOrEmpty,
        headers: z.record(z.string(), z.string()).default({}),
        timeout_seconds: posInt(10),
        min_severity: emitSeverity.default('warn'),
        queue_size: posInt(256),
        gzip: bool(false),
      })
      .strict()
      .default({}),
  })
  .strict()
  .default({});

const suppressEntrySchema = z
  .object({
    rule: nonEmpty('rule'),
    path: nonEmpty('path'),
    reason: str(),
  })
  .strict();

const loggingSchema = z
  .object({
    format: z.enum(['json', 'text'], { errorMap: () => ({ message: 'must be json or text' }) }).default('json'),
    output: z.enum(['stdout', 'file', 'both'], { errorMap: () => ({ message: 'must be stdout, file or both' }) }).default('stdout'),
    file: filePath(),
    include_allowed: bool(true),
    include_blocked: bool(true),
  })
  .strict()
  .default({});

const ssrfSchema = z
  .object({
    ip_allowlist: z.array(cidr).default([]),
  })
  .strict()
  .default({});

/**
 * Sections that Go Pipelock knows and this implementation does not act on.
 * They are accepted (so existing files load unchanged) and kept verbatim, but
 * they are still keyed by exact name: a misspelt section is an error.
 */
const passthrough = z.record(z.string(), z.unknown()).optional();
export const COMPAT_SECTIONS = [
  'git_protection',
  'sentry',
  'mcp_ws_listener',
  'cross_request_detection',
  'scan_api',
  'address_protection',
  'seed_phrase_detection',
  'rules',
  'file_sentry',
  'sandbox',
  'agents',
] as const;

// ---------- the whole file ----------

export const configSchema = z
  .object({
    version: posInt(1),
    mode: z.enum(['strict', 'balanced', 'audit'], { errorMap: () => ({ message: 'must be strict, balanced or audit' }) }).default('balanced'),
    enforce: bool(true),
    explain_blocks: bool(false),
    api_allowlist: hostList([
      '*.anthropic.com',
      '*.openai.com',
      'github.com',
      '*.github.com',
      '*.githubusercontent.com',
      'registry.npmjs.org',
    ]),
    fetch_proxy: fetchProxySchema,
    forward_proxy: forwardProxySchema,
    tls_interception: tlsInterceptionSchema,
    request_body_scanning: requestBodyScanningSchema,
    websocket_proxy: websocketProxySchema,
    dlp: dlpSchema,
    response_scanning: responseScanningSchema,
    mcp_input_scanning: mcpInputScanningSchema,
    mcp_tool_scanning: mcpToolScanningSchema,
    mcp_tool_policy: mcpToolPolicySchema,
    mcp_session_binding: mcpSessionBindingSchema,
    tool_chain_detection: toolChainDetectionSchema,
    session_profiling: sessionProfilingSchema,
    adaptive_enforcement: adaptiveEnforcementSchema,
    kill_switch: killSwitchSchema,
    emit: emitSchema,
    suppress: z.array(suppressEntrySchema).default([]),
    logging: loggingSchema,
    internal: z.array(cidr).default([...DEFAULT_INTERNAL_CIDRS]),
    trusted_domains: hostList(),
    ssrf: ssrfSchema,
    metrics_listen: listen('', true),
    git_protection: passthrough,
    sentry: passthrough,
    mcp_ws_listener: passthrough,
    cross_request_detection: passthrough,
    scan_api: passthrough,
    address_protection: passthrough,
    seed_phrase_detection: passthrough,
    rules: passthrough,
    file_sentry: passthrough,
    sandbox: passthrough,
    agents: passthrough,
    license_key: z.string().optional(),
    license_file: z.string().optional(),
    license_public_key: z.string().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    // Cross-field rules: each names the key the user has to change.
    if ((c.logging.output === 'file' || c.logging.output === 'both') && c.logging.file === '') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['logging', 'file'],
        message: `logging.file is required when logging.output is ${c.logging.output}`,
      });
    }
    if (c.tls_interception.enabled && (c.tls_interception.ca_cert === '' || c.tls_interception.ca_key === '')) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['tls_interception', c.tls_interception.ca_cert === '' ? 'ca_cert' : 'ca_key'],
        message: 'tls_interception needs ca_cert and ca_key when enabled (create them with `pipelock tls init`)',
      });
    }
    if (c.kill_switch.api_listen !== '' && c.kill_switch.api_token === '') {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['kill_switch', 'api_token'],
        message: 'kill_switch.api_token is required when kill_switch.api_listen is set (the API must not be open)',
      });
    }
    if (c.mode === 'strict' && c.api_allowlist.length === 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['api_allowlist'],
        message: 'strict mode needs at least one host in api_allowlist (strict reaches only those hosts)',
      });
    }
    if (c.mcp_session_binding.enabled && !c.mcp_tool_scanning.enabled) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['mcp_session_binding', 'enabled'],
        message: 'mcp_session_binding needs mcp_tool_scanning.enabled: the tool baseline is captured by tool scanning',
      });
    }
    if (c.adaptive_enforcement.enabled && !c.session_profiling.enabled) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['adaptive_enforcement', 'enabled'],
        message: 'adaptive_enforcement needs session_profiling.enabled: scores are kept per session',
      });
    }
    if (c.websocket_proxy.enabled && !c.websocket_proxy.strip_compression) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['websocket_proxy', 'strip_compression'],
        message: 'websocket_proxy.strip_compression must be true: compressed frames cannot be scanned',
      });
    }
    // Two listeners on one port would fail at bind time; say which keys collide now.
    const port = (addr: string) => addr.slice(addr.lastIndexOf(':') + 1);
    const mainPort = port(c.fetch_proxy.listen);
    const listeners: [string, string][] = [
      ['kill_switch.api_listen', c.kill_switch.api_listen],
      ['metrics_listen', c.metrics_listen],
    ];
    const used = new Map<string, string>([[mainPort, 'fetch_proxy.listen']]);
    for (const [key, addr] of listeners) {
      if (addr === '' || port(addr) === '0') continue;
      const other = used.get(port(addr));
      if (other !== undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: key.split('.'),
          message: `port ${port(addr)} is already used by ${other}`,
        });
      } else {
        used.set(port(addr), key);
      }
    }
    c.mcp_tool_policy.rules.forEach((r, i) => {
      if (r.arg_key !== undefined && r.arg_pattern === undefined)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['mcp_tool_policy', 'rules', i, 'arg_key'],
          message: 'arg_key scopes arg_pattern, so it needs an arg_pattern',
        });
    });
    c.suppress.forEach((e, i) => {
      const p = globProblem(e.path);
      if (p) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['suppress', i, 'path'], message: p });
    });
    const seen = new Map<string, number>();
    c.mcp_tool_policy.rules.forEach((r, i) => {
      const prev = seen.get(r.name);
      if (prev !== undefined)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['mcp_tool_policy', 'rules', i, 'name'],
          message: `duplicate rule name "${r.name}" (also rules[${prev}])`,
        });
      else seen.set(r.name, i);
    });
  });

/** The validated, fully-defaulted configuration. */
export type Config = z.output<typeof configSchema>;
/** What a caller may pass: the file's shape, every key optional. */
export type ConfigInput = z.input<typeof configSchema>;

export type DlpPatternConfig = Config['dlp']['patterns'][number];
export type ResponsePatternConfig = Config['response_scanning']['patterns'][number];
export type ToolPolicyRuleConfig = Config['mcp_tool_policy']['rules'][number];
export type ChainPatternConfig = Config['tool_chain_detection']['custom_patterns'][number];
export type SuppressEntry = Config['suppress'][number];
