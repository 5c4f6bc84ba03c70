// Prometheus metrics for one daemon: a Registry per daemon (never the global
// one) so two daemons in one process, as in the tests, never share counters.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Finding } from '@pipelock/core';

export type ProxyKind = 'forward' | 'connect' | 'mcp' | 'api' | 'fetch' | 'websocket';

export interface ProxyMetrics {
  readonly registry: Registry;
  request(proxy: ProxyKind, decision: string): void;
  findings(findings: readonly Finding[]): void;
  scanSeconds(proxy: ProxyKind, seconds: number): void;
  tunnelOpened(): void;
  tunnelClosed(sentBytes: number, receivedBytes: number): void;
  reload(ok: boolean): void;
  /** An event stream stopped mid-way (error frame sent, nothing held released), by the deciding scanner. */
  streamBlocked(proxy: ProxyKind, scanner: string): void;
  /** Where the MCP sessions gauge reads its value (the reverse proxy's live session count). */
  mcpSessionSource(count: () => number): void;
  text(): Promise<string>;
  readonly contentType: string;
}

export function createMetrics(killSwitchActive: () => boolean): ProxyMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'pipelock_' });
  const requests = new Counter({
    name: 'pipelock_requests_total',
    help: 'Requests handled, by proxy (forward, connect, mcp, fetch, websocket) and decision (allow, warn, block, strip, error, kill_switch).',
    labelNames: ['proxy', 'decision'] as const,
    registers: [registry],
  });
  const findings = new Counter({
    name: 'pipelock_findings_total',
    help: 'Scanner findings, by scanner, rule, severity and the action taken.',
    labelNames: ['scanner', 'rule', 'severity', 'action'] as const,
    registers: [registry],
  });
  const scanDuration = new Histogram({
    name: 'pipelock_scan_duration_seconds',
    help: 'Time spent in the scanning engine per request, by proxy.',
    labelNames: ['proxy'] as const,
    buckets: [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers: [registry],
  });
  const tunnels = new Gauge({
    name: 'pipelock_active_tunnels',
    help: 'CONNECT tunnels currently open.',
    registers: [registry],
  });
  const tunnelBytes = new Counter({
    name: 'pipelock_tunnel_bytes_total',
    help: 'Bytes spliced through CONNECT tunnels, by direction (sent = client to upstream).',
    labelNames: ['direction'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'pipelock_kill_switch_active',
    help: '1 while the kill switch denies traffic, else 0.',
    registers: [registry],
    collect() {
      this.set(killSwitchActive() ? 1 : 0);
    },
  });
  let mcpSessions = (): number => 0;
  new Gauge({
    name: 'pipelock_mcp_sessions',
    help: 'MCP sessions the reverse proxy is tracking now (per replica).',
    registers: [registry],
    collect() {
      this.set(mcpSessions());
    },
  });
  const reloads = new Counter({
    name: 'pipelock_config_reloads_total',
    help: 'Config reload attempts, by result (success keeps the new config, failure keeps the old one).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const streamBlocks = new Counter({
    name: 'pipelock_stream_blocks_total',
    help: 'Event streams stopped mid-way: the client got an error event and nothing held back was released. By proxy and the scanner that decided (dlp, injection, limit).',
    labelNames: ['proxy', 'scanner'] as const,
    registers: [registry],
  });
  // Pre-create the common series so a scrape shows them at zero.
  reloads.inc({ result: 'success' }, 0);
  reloads.inc({ result: 'failure' }, 0);
  tunnelBytes.inc({ direction: 'sent' }, 0);
  tunnelBytes.inc({ direction: 'received' }, 0);

  // Label lookups hash their arguments on every call; the hot series are cached children.
  const requestChildren = new Map<string, { inc(): void }>();
  const durationChildren = new Map<string, { observe(v: number): void }>();

  return {
    registry,
    contentType: registry.contentType,
    request(proxy, decision) {
      const key = `${proxy}\u0000${decision}`;
      let child = requestChildren.get(key);
      if (child === undefined) {
        child = requests.labels({ proxy, decision });
        requestChildren.set(key, child);
      }
      child.inc();
    },
    findings(list) {
      for (const f of list) findings.inc({ scanner: f.scanner, rule: f.rule, severity: f.severity, action: f.action });
    },
    scanSeconds(proxy, seconds) {
      let child = durationChildren.get(proxy);
      if (child === undefined) {
        child = scanDuration.labels({ proxy });
        durationChildren.set(proxy, child);
      }
      child.observe(seconds);
    },
    tunnelOpened() {
      tunnels.inc();
    },
    tunnelClosed(sent, received) {
      tunnels.dec();
      if (sent > 0) tunnelBytes.inc({ direction: 'sent' }, sent);
      if (received > 0) tunnelBytes.inc({ direction: 'received' }, received);
    },
    reload(ok) {
      reloads.inc({ result: ok ? 'success' : 'failure' });
    },
    streamBlocked(proxy, scanner) {
      streamBlocks.inc({ proxy, scanner });
    },
    mcpSessionSource(count) {
      mcpSessions = count;
    },
    text() {
      return registry.metrics();
    },
  };
}
