import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { DEFAULT_INTERNAL_CIDRS, parseConfig, resolveConfig } from './index.js';
import { COMPAT_SECTIONS } from './schema.js';
import type { Config } from './index.js';

/** Parse text that must fail; return the error for inspection. */
function fail(input: string | object): ConfigError {
  try {
    parseConfig(input);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error(`expected a ConfigError for:\n${typeof input === 'string' ? input : JSON.stringify(input)}`);
}

describe('parseConfig: defaults', () => {
  it.each([
    ['empty text', ''],
    ['only a comment', '# nothing here\n'],
    ['an empty document marker', '---\n'],
    ['an empty object', {}],
  ])('%s gives the balanced defaults', (_name, input) => {
    const c = parseConfig(input);
    expect(c.mode).toBe('balanced');
    expect(c.enforce).toBe(true);
    expect(c.fetch_proxy.listen).toBe('127.0.0.1:8888');
    expect(c.fetch_proxy.monitoring.max_url_length).toBe(2048);
    expect(c.fetch_proxy.monitoring.entropy_threshold).toBe(4.5);
    expect(c.dlp.min_env_secret_length).toBe(16);
    expect(c.dlp.include_defaults).toBe(true);
    expect(c.websocket_proxy.enabled).toBe(false);
    expect(c.internal).toEqual([...DEFAULT_INTERNAL_CIDRS]);
    expect(c.request_body_scanning.sensitive_headers.map((h) => h.toLowerCase())).toEqual(
      expect.arrayContaining(['authorization', 'cookie', 'x-api-key', 'proxy-authorization']),
    );
  });

  it('every section is present in the parsed config', () => {
    const c = parseConfig('');
    for (const key of [
      'fetch_proxy', 'forward_proxy', 'tls_interception', 'request_body_scanning', 'websocket_proxy', 'dlp',
      'response_scanning', 'mcp_input_scanning', 'mcp_tool_scanning', 'mcp_tool_policy', 'mcp_session_binding',
      'tool_chain_detection', 'session_profiling', 'adaptive_enforcement', 'kill_switch', 'emit', 'suppress',
      'logging', 'internal', 'trusted_domains', 'ssrf',
    ] as const) {
      expect(c[key], key).toBeDefined();
    }
    expect(c.response_scanning.sse_streaming.max_event_bytes).toBe(65536);
    expect(c.emit.webhook.min_severity).toBe('warn');
    expect(c.emit.syslog.facility).toBe('local0');
  });

  it('the default internal list covers the special ranges', () => {
    for (const r of ['0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12',
      '192.168.0.0/16', '::1/128', 'fc00::/7', 'fe80::/10']) {
      expect(DEFAULT_INTERNAL_CIDRS).toContain(r);
    }
  });

  it('a file overrides only what it names; mode does not pull in another preset', () => {
    const c = parseConfig('mode: audit\nfetch_proxy:\n  monitoring:\n    max_url_length: 4096\n');
    expect(c.mode).toBe('audit');
    expect(c.fetch_proxy.monitoring.max_url_length).toBe(4096);
    expect(c.fetch_proxy.monitoring.entropy_threshold).toBe(4.5);
    expect(c.request_body_scanning.action).toBe(parseConfig('').request_body_scanning.action);
    const s = parseConfig('mode: strict\n');
    expect(s.fetch_proxy.monitoring.entropy_threshold).toBe(4.5);
  });

  it('an empty value means "not set", as in Go Pipelock', () => {
    const c = parseConfig('dlp:\nlogging:\n  format:\ninternal:\n');
    expect(c.dlp.scan_env).toBe(true);
    expect(c.logging.format).toBe('json');
    expect(c.internal).toEqual([...DEFAULT_INTERNAL_CIDRS]);
  });

  it.each([
    ['yes', true],
    ['on', true],
    ['No', false],
    ['OFF', false],
  ])('reads the YAML 1.1 boolean %s as %s, as Go Pipelock does', (word, value) => {
    expect(parseConfig(`enforce: ${word}\n`).enforce).toBe(value);
  });

  it('0 means the default for Go-style positive settings', () => {
    const c = parseConfig('forward_proxy:\n  max_tunnel_seconds: 0\nfetch_proxy:\n  timeout_seconds: 0\n');
    expect(c.forward_proxy.max_tunnel_seconds).toBe(300);
    expect(c.fetch_proxy.timeout_seconds).toBe(30);
  });

  it('internal replaces the default list rather than merging', () => {
    expect(parseConfig('internal:\n  - 10.0.0.0/8\n').internal).toEqual(['10.0.0.0/8']);
    expect(parseConfig('internal: []\n').internal).toEqual([]);
  });

  it('cert_ttl accepts Go durations and seconds', () => {
    expect(parseConfig('tls_interception:\n  cert_ttl: 1h30m\n').tls_interception.cert_ttl).toBe('1h30m');
    expect(parseConfig('tls_interception:\n  cert_ttl: 3600\n').tls_interception.cert_ttl).toBe('3600s');
  });
});

// One row per section: a valid value that must be taken, and a wrongly typed one
// that must be reported at its path and line. `line` counts from the first line of `bad`.
interface SectionRow {
  section: string;
  good: string;
  check: (c: Config) => unknown;
  expected: unknown;
  bad: string;
  path: string;
  line: number;
}

const SECTIONS: SectionRow[] = [
  { section: 'version', good: 'version: 1', check: (c) => c.version, expected: 1, bad: 'version: one', path: 'version', line: 1 },
  { section: 'mode', good: 'mode: audit', check: (c) => c.mode, expected: 'audit', bad: 'mode: paranoid', path: 'mode', line: 1 },
  { section: 'enforce', good: 'enforce: false', check: (c) => c.enforce, expected: false, bad: 'enforce: "nope"', path: 'enforce', line: 1 },
  { section: 'explain_blocks', good: 'explain_blocks: true', check: (c) => c.explain_blocks, expected: true, bad: 'explain_blocks: 1', path: 'explain_blocks', line: 1 },
  { section: 'api_allowlist', good: 'api_allowlist:\n  - "*.example.com"', check: (c) => c.api_allowlist, expected: ['*.example.com'], bad: 'api_allowlist:\n  - ok.example.com\n  - https://x.example.com/', path: 'api_allowlist[1]', line: 3 },
  { section: 'fetch_proxy', good: 'fetch_proxy:\n  listen: 0.0.0.0:9999', check: (c) => c.fetch_proxy.listen, expected: '0.0.0.0:9999', bad: 'fetch_proxy:\n  timeout_seconds: soon', path: 'fetch_proxy.timeout_seconds', line: 2 },
  { section: 'fetch_proxy.monitoring', good: 'fetch_proxy:\n  monitoring:\n    blocklist: ["*.evil.example"]', check: (c) => c.fetch_proxy.monitoring.blocklist, expected: ['*.evil.example'], bad: 'fetch_proxy:\n  monitoring:\n    entropy_threshold: high', path: 'fetch_proxy.monitoring.entropy_threshold', line: 3 },
  { section: 'forward_proxy', good: 'forward_proxy:\n  enabled: false', check: (c) => c.forward_proxy.enabled, expected: false, bad: 'forward_proxy:\n  idle_timeout_seconds: -5', path: 'forward_proxy.idle_timeout_seconds', line: 2 },
  { section: 'tls_interception', good: 'tls_interception:\n  passthrough_domains: ["*.bank.example"]', check: (c) => c.tls_interception.passthrough_domains, expected: ['*.bank.example'], bad: 'tls_interception:\n  cert_ttl: forever', path: 'tls_interception.cert_ttl', line: 2 },
  { section: 'request_body_scanning', good: 'request_body_scanning:\n  header_mode: all', check: (c) => c.request_body_scanning.header_mode, expected: 'all', bad: 'request_body_scanning:\n  action: strip', path: 'request_body_scanning.action', line: 2 },
  { section: 'websocket_proxy', good: 'websocket_proxy:\n  enabled: true', check: (c) => c.websocket_proxy.enabled, expected: true, bad: 'websocket_proxy:\n  origin_policy: anything', path: 'websocket_proxy.origin_policy', line: 2 },
  { section: 'dlp', good: 'dlp:\n  min_env_secret_length: 20', check: (c) => c.dlp.min_env_secret_length, expected: 20, bad: 'dlp:\n  scan_env: sometimes', path: 'dlp.scan_env', line: 2 },
  { section: 'dlp.patterns', good: 'dlp:\n  patterns:\n    - name: X\n      regex: "x_[a-z]{8}"\n      severity: low', check: (c) => c.dlp.patterns[0]?.severity, expected: 'low', bad: 'dlp:\n  patterns:\n    - name: X\n      regex: "x"\n      severity: extreme', path: 'dlp.patterns[0].severity', line: 5 },
  { section: 'response_scanning', good: 'response_scanning:\n  action: ask', check: (c) => c.response_scanning.action, expected: 'ask', bad: 'response_scanning:\n  action: redact', path: 'response_scanning.action', line: 2 },
  { section: 'response_scanning.sse_streaming', good: 'response_scanning:\n  sse_streaming:\n    max_event_bytes: 1024', check: (c) => c.response_scanning.sse_streaming.max_event_bytes, expected: 1024, bad: 'response_scanning:\n  sse_streaming:\n    action: ask', path: 'response_scanning.sse_streaming.action', line: 3 },
  { section: 'mcp_input_scanning', good: 'mcp_input_scanning:\n  on_parse_error: forward', check: (c) => c.mcp_input_scanning.on_parse_error, expected: 'forward', bad: 'mcp_input_scanning:\n  on_parse_error: ignore', path: 'mcp_input_scanning.on_parse_error', line: 2 },
  { section: 'mcp_tool_scanning', good: 'mcp_tool_scanning:\n  detect_drift: false', check: (c) => c.mcp_tool_scanning.detect_drift, expected: false, bad: 'mcp_tool_scanning:\n  action: ask', path: 'mcp_tool_scanning.action', line: 2 },
  { section: 'mcp_tool_policy', good: 'mcp_tool_policy:\n  rules:\n    - name: R\n      tool_pattern: "^bash$"', check: (c) => c.mcp_tool_policy.rules[0]?.name, expected: 'R', bad: 'mcp_tool_policy:\n  rules:\n    - name: R\n      tool_pattern: "^bash$"\n      action: redirect', path: 'mcp_tool_policy.rules[0].action', line: 5 },
  { section: 'mcp_session_binding', good: 'mcp_session_binding:\n  unknown_tool_action: block', check: (c) => c.mcp_session_binding.unknown_tool_action, expected: 'block', bad: 'mcp_session_binding:\n  no_baseline_action: allow', path: 'mcp_session_binding.no_baseline_action', line: 2 },
  { section: 'tool_chain_detection', good: 'tool_chain_detection:\n  pattern_overrides:\n    read-then-exec: disabled', check: (c) => c.tool_chain_detection.pattern_overrides['read-then-exec'], expected: 'disabled', bad: 'tool_chain_detection:\n  tool_categories:\n    read: read_file', path: 'tool_chain_detection.tool_categories.read', line: 3 },
  { section: 'tool_chain_detection.custom_patterns', good: 'tool_chain_detection:\n  custom_patterns:\n    - name: C\n      sequence: [read, network]\n      severity: critical', check: (c) => c.tool_chain_detection.custom_patterns[0]?.sequence, expected: ['read', 'network'], bad: 'tool_chain_detection:\n  custom_patterns:\n    - name: C\n      sequence: [read]', path: 'tool_chain_detection.custom_patterns[0].sequence', line: 4 },
  { section: 'session_profiling', good: 'session_profiling:\n  max_sessions: 50', check: (c) => c.session_profiling.max_sessions, expected: 50, bad: 'session_profiling:\n  volume_spike_ratio: big', path: 'session_profiling.volume_spike_ratio', line: 2 },
  { section: 'adaptive_enforcement', good: 'session_profiling:\n  enabled: true\nadaptive_enforcement:\n  enabled: true\n  levels:\n    high:\n      upgrade_ask: ""', check: (c) => c.adaptive_enforcement.levels.high.upgrade_ask, expected: '', bad: 'adaptive_enforcement:\n  levels:\n    critical:\n      block_all: maybe', path: 'adaptive_enforcement.levels.critical.block_all', line: 4 },
  { section: 'kill_switch', good: 'kill_switch:\n  allowlist_ips: [10.1.2.3, 192.168.0.0/16]', check: (c) => c.kill_switch.allowlist_ips, expected: ['10.1.2.3', '192.168.0.0/16'], bad: 'kill_switch:\n  allowlist_ips: [10.1.2.300]', path: 'kill_switch.allowlist_ips[0]', line: 2 },
  { section: 'emit', good: 'emit:\n  webhook:\n    url: https://hooks.example.com/x', check: (c) => c.emit.webhook.url, expected: 'https://hooks.example.com/x', bad: 'emit:\n  syslog:\n    address: syslog.example.com', path: 'emit.syslog.address', line: 3 },
  { section: 'suppress', good: 'suppress:\n  - rule: JWT Token\n    path: "test/**"\n    reason: fixtures', check: (c) => c.suppress[0]?.reason, expected: 'fixtures', bad: 'suppress:\n  - rule: JWT Token', path: 'suppress[0].path', line: 2 },
  { section: 'logging', good: 'logging:\n  output: both\n  file: /var/log/pipelock.json', check: (c) => c.logging.output, expected: 'both', bad: 'logging:\n  format: xml', path: 'logging.format', line: 2 },
  { section: 'internal', good: 'internal:\n  - 10.0.0.0/8\n  - fd00::/8', check: (c) => c.internal, expected: ['10.0.0.0/8', 'fd00::/8'], bad: 'internal:\n  - 10.0.0.0/8\n  - 10.0.0.0', path: 'internal[1]', line: 3 },
  { section: 'trusted_domains', good: 'trusted_domains: [ollama.lan]', check: (c) => c.trusted_domains, expected: ['ollama.lan'], bad: 'trusted_domains: ollama.lan', path: 'trusted_domains', line: 1 },
  { section: 'ssrf', good: 'ssrf:\n  ip_allowlist: [10.9.0.0/16]', check: (c) => c.ssrf.ip_allowlist, expected: ['10.9.0.0/16'], bad: 'ssrf:\n  ip_allowlist: [not-a-cidr]', path: 'ssrf.ip_allowlist[0]', line: 2 },
];

describe('parseConfig: every section', () => {
  it.each(SECTIONS)('$section accepts a valid value', (row) => {
    expect(row.check(parseConfig(row.good))).toEqual(row.expected);
  });
  it.each(SECTIONS)('$section rejects a wrong value with path and line', (row) => {
    const e = fail(`# leading comment\n${row.bad}\n`);
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.issues[0]).toMatchObject({ path: row.path, line: row.line + 1 });
    expect(e.message).toContain(row.path);
    expect(e.message).toContain(`line ${row.line + 1}`);
  });
});

describe('parseConfig: unknown keys are errors', () => {
  it.each([
    ['root', 'mode: balanced\ndlpp:\n  scan_env: true\n', 'dlpp', 2, 'dlp'],
    ['nested', 'dlp:\n  scan_env: true\n  paterns: []\n', 'dlp.paterns', 3, 'patterns'],
    ['deep', 'fetch_proxy:\n  monitoring:\n    max_url_lenght: 10\n', 'fetch_proxy.monitoring.max_url_lenght', 3, 'max_url_length'],
    ['in a list item', 'dlp:\n  patterns:\n    - name: a\n      regex: x\n      severty: high\n', 'dlp.patterns[0].severty', 5, 'severity'],
    ['in a nested section', 'response_scanning:\n  sse_streaming:\n    enable: true\n', 'response_scanning.sse_streaming.enable', 3, 'enabled'],
  ])('%s', (_name, text, path, line, suggestion) => {
    const e = fail(text);
    expect(e.issues[0]).toMatchObject({ path, line });
    expect(e.issues[0]?.message).toContain('unknown key');
    expect(e.issues[0]?.message).toContain(`did you mean "${suggestion}"`);
  });

  it('reports every problem, in file order', () => {
    const e = fail('zzz: 1\nmode: nope\nlogging:\n  colour: red\n');
    expect(e.issues.map((i) => [i.path, i.line])).toEqual([
      ['zzz', 1],
      ['mode', 2],
      ['logging.colour', 4],
    ]);
    expect(e.message).toContain('(+2 more)');
  });

  it.each(COMPAT_SECTIONS)('the Go section %s is accepted and kept as written', (section) => {
    const c = parseConfig(`${section}:\n  some_key: 1\n`);
    expect(c[section]).toEqual({ some_key: 1 });
  });

  it('Go sections this implementation does not act on are accepted, misspelt ones are not', () => {
    const c = parseConfig('git_protection:\n  enabled: true\nmetrics_listen: 127.0.0.1:9191\n');
    expect(c.git_protection).toEqual({ enabled: true });
    expect(c.metrics_listen).toBe('127.0.0.1:9191');
    expect(fail('git_protections:\n  enabled: true\n').issues[0]?.path).toBe('git_protections');
  });
});

describe('parseConfig: user regexes must compile with RE2', () => {
  it.each([
    ['back-reference', 'dlp:\n  patterns:\n    - name: ok\n      regex: "ok"\n    - name: bad\n      regex: "(a)\\\\1"\n', 'dlp.patterns[1].regex', 6],
    ['look-ahead', 'response_scanning:\n  patterns:\n    - name: la\n      regex: "(?=x)y"\n', 'response_scanning.patterns[0].regex', 4],
    ['look-behind in tool_pattern', 'mcp_tool_policy:\n  rules:\n    - name: r\n      tool_pattern: "(?<!x)bash"\n', 'mcp_tool_policy.rules[0].tool_pattern', 4],
    ['unbalanced in arg_pattern', 'mcp_tool_policy:\n  rules:\n    - name: r\n      tool_pattern: bash\n      arg_pattern: "rm ("\n', 'mcp_tool_policy.rules[0].arg_pattern', 5],
    ['empty regex', 'dlp:\n  patterns:\n    - name: e\n      regex: ""\n', 'dlp.patterns[0].regex', 4],
  ])('%s', (_name, text, path, line) => {
    const e = fail(text);
    expect(e.issues[0]).toMatchObject({ path, line });
    if (!_name.startsWith('empty')) {
      expect(e.issues[0]?.message).toContain('RE2');
      expect(e.issues[0]?.message).toMatch(/back-references or look-around/);
    }
  });

  it('accepts the Go regex syntax the presets use (inline flags, (?-i:...))', () => {
    const c = parseConfig(
      "response_scanning:\n  patterns:\n    - name: Role Override\n      regex: '(?i)you\\s+are\\s+(now\\s+)?((?-i:\\bDAN\\b)|evil)'\n",
    );
    expect(c.response_scanning.patterns[0]?.name).toBe('Role Override');
  });
});

describe('parseConfig: value formats', () => {
  it.each([
    ['CIDR prefix too long', 'internal: [10.0.0.0/33]', 'internal[0]'],
    ['CIDR octet out of range', 'internal: [256.0.0.0/8]', 'internal[0]'],
    ['IPv6 CIDR prefix too long', 'ssrf:\n  ip_allowlist: ["fe80::/129"]', 'ssrf.ip_allowlist[0]'],
    ['host glob with a port', 'trusted_domains: ["ollama.lan:11434"]', 'trusted_domains[0]'],
    ['host glob with a path', 'fetch_proxy:\n  monitoring:\n    blocklist: ["evil.example/x"]', 'fetch_proxy.monitoring.blocklist[0]'],
    ['empty host glob', 'api_allowlist: [""]', 'api_allowlist[0]'],
    ['listen without port', 'fetch_proxy:\n  listen: localhost', 'fetch_proxy.listen'],
    ['listen port out of range', 'fetch_proxy:\n  listen: 127.0.0.1:70000', 'fetch_proxy.listen'],
    ['negative duration', 'tls_interception:\n  cert_ttl: -1h', 'tls_interception.cert_ttl'],
    ['zero entropy threshold', 'fetch_proxy:\n  monitoring:\n    entropy_threshold: 0', 'fetch_proxy.monitoring.entropy_threshold'],
    ['fractional count', 'session_profiling:\n  max_sessions: 1.5', 'session_profiling.max_sessions'],
    ['webhook not http', 'emit:\n  webhook:\n    url: ftp://x.example', 'emit.webhook.url'],
    ['unknown validator', 'dlp:\n  patterns:\n    - {name: a, regex: a, validator: crc32}', 'dlp.patterns[0].validator'],
    ['bad header name', 'request_body_scanning:\n  sensitive_headers: ["X Api Key"]', 'request_body_scanning.sensitive_headers[0]'],
    ['file path not a string', 'dlp:\n  secrets_file: [a, b]', 'dlp.secrets_file'],
    ['unclosed glob class in suppress', 'suppress:\n  - {rule: r, path: "src/[ab.ts", reason: x}', 'suppress[0].path'],
    ['chain severity low', 'tool_chain_detection:\n  custom_patterns:\n    - {name: c, sequence: [a, b], severity: low}', 'tool_chain_detection.custom_patterns[0].severity'],
    ['ask on request bodies', 'request_body_scanning:\n  action: ask', 'request_body_scanning.action'],
    ['section given as a list', 'dlp: [1, 2]', 'dlp'],
  ])('%s', (_name, text, path) => {
    expect(fail(text).issues[0]?.path).toBe(path);
  });
});

describe('parseConfig: rules across keys', () => {
  it.each([
    ['logging to a file without a file', 'logging:\n  output: file', 'logging.file', /logging\.file is required/],
    ['tls interception without a CA', 'tls_interception:\n  enabled: true\n  ca_key: /k.pem', 'tls_interception.ca_cert', /ca_cert and ca_key/],
    ['kill switch API without a token', 'kill_switch:\n  api_listen: 127.0.0.1:9090', 'kill_switch.api_token', /api_token is required/],
    ['kill switch API on the proxy port', 'kill_switch:\n  api_listen: 0.0.0.0:8888\n  api_token: t', 'kill_switch.api_listen', /already used by fetch_proxy\.listen/],
    ['metrics on the kill switch port', 'kill_switch:\n  api_listen: 127.0.0.1:9090\n  api_token: t\nmetrics_listen: 127.0.0.1:9090', 'metrics_listen', /kill_switch\.api_listen/],
    ['strict with an empty allowlist', 'mode: strict\napi_allowlist: []', 'api_allowlist', /strict mode needs/],
    ['session binding without tool scanning', 'mcp_tool_scanning:\n  enabled: false', 'mcp_session_binding.enabled', /needs mcp_tool_scanning/],
    ['adaptive enforcement without profiling', 'adaptive_enforcement:\n  enabled: true', 'adaptive_enforcement.enabled', /needs session_profiling/],
    ['websocket without compression stripping', 'websocket_proxy:\n  enabled: true\n  strip_compression: false', 'websocket_proxy.strip_compression', /compressed frames/],
    ['duplicate policy rule names', 'mcp_tool_policy:\n  rules:\n    - {name: a, tool_pattern: x}\n    - {name: a, tool_pattern: y}', 'mcp_tool_policy.rules[1].name', /duplicate rule name/],
    ['arg_key without arg_pattern', 'mcp_tool_policy:\n  rules:\n    - {name: a, tool_pattern: x, arg_key: cmd}', 'mcp_tool_policy.rules[0].arg_key', /needs an arg_pattern/],
  ])('%s', (_name, text, path, message) => {
    const e = fail(text);
    expect(e.issues[0]?.path).toBe(path);
    expect(e.issues[0]?.message).toMatch(message);
  });

  it('the matching valid forms pass', () => {
    expect(() =>
      parseConfig(
        'logging:\n  output: file\n  file: /tmp/p.log\nkill_switch:\n  api_listen: 127.0.0.1:9090\n  api_token: t\nmode: strict\nsession_profiling:\n  enabled: true\nadaptive_enforcement:\n  enabled: true\n',
      ),
    ).not.toThrow();
  });
});

describe('parseConfig: YAML errors', () => {
  it.each([
    ['unclosed flow sequence', 'mode: balanced\ninternal: [10.0.0.0/8\nlogging:\n  format: json\n'],
    ['bad indentation', 'dlp:\n  scan_env: true\n    min_env_secret_length: 3\n'],
    ['tab indentation', 'dlp:\n\tscan_env: true\n'],
    ['unterminated quote', 'mode: "balanced\nenforce: true\n'],
  ])('%s → CONFIG_YAML with a line', (_name, text) => {
    const e = fail(text);
    expect(e.code).toBe('CONFIG_YAML');
    expect(e.issues[0]?.line).toBeGreaterThanOrEqual(1);
    expect(e.issues[0]?.message).toMatch(/^YAML syntax error: /);
  });

  it('names the line of the syntax error', () => {
    expect(fail('mode: balanced\nenforce: true\n\nlogging: format: json\n').issues[0]?.line).toBe(4);
    expect(fail('mode: balanced\ndlp:\n  scan_env: true\n  patterns: [a, b}\nlogging: {}\n').issues[0]?.line).toBe(4);
  });

  it('duplicate keys are an error (the second would silently win)', () => {
    const e = fail('mode: strict\nmode: audit\n');
    expect(e.code).toBe('CONFIG_YAML');
    expect(e.issues[0]?.line).toBe(2);
  });

  it.each([
    ['a list', '- mode: balanced\n'],
    ['a scalar', 'balanced\n'],
  ])('a document that is %s is refused', (_name, text) => {
    expect(fail(text).issues[0]?.message).toMatch(/must be a mapping/);
  });

  it('alias bombs are refused', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${new Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    expect(fail(bomb.join('\n')).code).toBe('CONFIG_YAML');
  });
});

describe('parseConfig and resolveConfig with objects', () => {
  it('validates objects the same way, without lines', () => {
    const e = fail({ dlp: { patterns: [{ name: 'x', regex: '(?=a)' }] } });
    expect(e.issues[0]).toEqual({ path: 'dlp.patterns[0].regex', message: expect.stringContaining('RE2') });
  });

  it('resolveConfig fills defaults and is idempotent', () => {
    const c = resolveConfig({ mode: 'audit', dlp: { patterns: [{ name: 'p', regex: 'p_[0-9]{4}' }] } });
    expect(c.dlp.patterns[0]).toEqual({ name: 'p', regex: 'p_[0-9]{4}', severity: 'high', exempt_domains: [] });
    expect(resolveConfig(c)).toEqual(c);
    expect(resolveConfig()).toEqual(parseConfig(''));
  });

  it('resolveConfig rejects unknown keys too', () => {
    expect(() => resolveConfig({ dlp: { paterns: [] } } as never)).toThrow(ConfigError);
  });
});

describe('parseConfig never fails with anything but ConfigError', () => {
  const keys = ['mode', 'dlp', 'patterns', 'regex', 'internal', 'enforce', 'fetch_proxy', 'listen', '- ', ': ', '[', ']', '{', '}', '&a', '*a', '"', "'", '\n', '  ', '\t', '#', '0', 'null', '~', '(?=x)'];
  it('holds for arbitrary text built from config-ish tokens', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 6 })), { maxLength: 40 }), (tokens) => {
        try {
          parseConfig(tokens.join(''));
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          for (const issue of e.issues) if (issue.line !== undefined) expect(issue.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 500, seed: 20261123 },
    );
  });

  it('holds for arbitrary JSON values passed as objects', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('mode', 'dlp', 'internal', 'suppress', 'logging', 'x'), fc.jsonValue({ maxDepth: 3 })), (obj) => {
        try {
          parseConfig(obj);
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
        }
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });
});
