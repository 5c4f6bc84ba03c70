// One decision's record on any listener: the findings gathered along the way
// (kept once each), the time spent in the scanning engine, and at the end one
// log line and one metrics sample. Forward requests, CONNECT tunnels, /fetch
// and /ws all end through it, so their log lines have one shape.
import { performance } from 'node:perf_hooks';
import type { Finding, ScanResult } from '@pipelock/core';
import type { DaemonContext } from '../context.js';
import { loggableTarget, loggedFindings } from './logger.js';
import type { ProxyKind } from './metrics.js';

export class Outcome {
  readonly findings: Finding[] = [];
  scanSeconds = 0;
  private done = false;
  private readonly started = performance.now();

  constructor(
    private readonly d: DaemonContext,
    private readonly proxy: ProxyKind,
    private readonly client: string,
    private readonly method: string,
    /** Where the request goes; the path never carries a query string. Settable once the target is known. */
    public host = '',
    public path = '',
  ) {}

  /**
   * Keep findings for the log line and metrics. The same hit can come from
   * two calls (a request scan repeats the URL pipeline; the pre-DNS host check
   * overlaps it): it is kept once.
   */
  add(result: ScanResult | readonly Finding[]): void {
    const list = Array.isArray(result) ? result : (result as ScanResult).findings;
    for (const f of list) {
      if (!this.findings.some((g) => g.rule === f.rule && g.location === f.location && g.scanner === f.scanner)) this.findings.push(f);
    }
  }

  /** Time a core call: the histogram shows the engine's share of the latency. */
  scan<T>(fn: () => T): T {
    const t = performance.now();
    try {
      return fn();
    } finally {
      this.scanSeconds += (performance.now() - t) / 1000;
    }
  }

  get finished(): boolean {
    return this.done;
  }

  /** The one log line and metrics sample; later calls do nothing. */
  finish(decision: string, status: number | undefined, reason?: string): void {
    if (this.done) return;
    this.done = true;
    const entry = {
      time: new Date().toISOString(),
      proxy: this.proxy,
      client: this.client,
      method: this.method,
      ...loggableTarget(this.host, this.path, this.findings),
      decision,
      ...(status !== undefined ? { status } : {}),
      ...(reason !== undefined ? { reason } : {}),
      findings: loggedFindings(this.findings),
      duration_ms: Math.round((performance.now() - this.started) * 1000) / 1000,
    };
    this.d.metrics.scanSeconds(this.proxy, this.scanSeconds);
    this.d.record(entry, this.findings);
  }
}
