// The request side of the in-process guards: the same sequence as the
// forward proxy (host DLP before any DNS query, resolve, URL pipeline with
// SSRF on the resolved addresses, then headers and body), merged into one
// verdict. Core decides; this module only gathers what core needs.
import type { Action, Finding, HeadersLike, Scanner, ScanResult } from '@pipelock/core';
import { strongestAction } from '@pipelock/core';
import { bareHost, resolveHost } from '../forward/resolve.js';
import { preDnsScan } from '../forward/scan.js';
import type { GuardPhase } from './blocked.js';

/** Options shared by createGuardedFetch and createGuardedDispatcher. */
export interface GuardOptions {
  /**
   * DNS for the SSRF check: every address is checked by core and the
   * connection is made to those addresses only (no second lookup, so DNS
   * rebinding cannot swap in an internal address). `false` skips resolution:
   * only IP literals are checked for SSRF. Default: node:dns lookup.
   */
  resolve?: ((host: string) => Promise<string[]>) | false;
  /** DNS timeout for the default resolver. Default 5000 ms. */
  dnsTimeoutMs?: number;
  /** Request bodies above this fail closed. Default request_body_scanning.max_body_bytes. */
  maxRequestBytes?: number;
  /** Response bodies above this fail closed. Default fetch_proxy.max_response_mb. */
  maxResponseBytes?: number;
  /** Called for every verdict with findings (warn, strip and block alike), e.g. to log them. */
  onDecision?: (decision: GuardDecision) => void;
}

export interface GuardDecision {
  phase: GuardPhase;
  method: string;
  /** Scheme, host and port: the path or query may hold what was found. */
  origin: string;
  action: Action;
  findings: readonly Finding[];
}

export type Resolve = (host: string) => Promise<string[]>;

export function resolverOf(opts: GuardOptions): Resolve | undefined {
  if (opts.resolve === false) return undefined;
  if (opts.resolve) return opts.resolve;
  const timeout = opts.dnsTimeoutMs ?? 5000;
  return (host) => resolveHost(host, timeout);
}

export interface CheckedRequest {
  result: ScanResult;
  /** The host as sockets want it, and the addresses core approved (undefined: not resolved). */
  host: string;
  ips: string[] | undefined;
}

/** Findings from several core calls, each hit kept once (scanRequest repeats the URL pipeline). */
export function merge(results: readonly ScanResult[]): ScanResult {
  const findings: Finding[] = [];
  for (const r of results) {
    for (const f of r.findings) {
      if (!findings.some((g) => g.rule === f.rule && g.location === f.location && g.scanner === f.scanner)) findings.push(f);
    }
  }
  return { action: strongestAction(findings.map((f) => f.action)), findings };
}

export async function checkRequest(
  scanner: Scanner,
  req: { method: string; url: string; headers: HeadersLike; body: Uint8Array | undefined },
  resolve: Resolve | undefined,
): Promise<CheckedRequest> {
  const host = bareHost(new URL(req.url).hostname);
  // Before any DNS query: a secret packed into subdomain labels would leave in the lookup itself.
  const pre = preDnsScan(scanner, host);
  if (pre.action === 'block') return { result: pre, host, ips: undefined };
  const ips = resolve ? await resolve(host) : undefined;
  const url = scanner.scanUrl(req.url, ips ? { transport: 'fetch', resolvedIps: ips } : { transport: 'fetch' });
  const body = req.body !== undefined && req.body.length > 0 ? req.body : undefined;
  const request = scanner.scanRequest({ method: req.method, url: req.url, headers: req.headers, body });
  return { result: merge([pre, url, request]), host, ips };
}

export function report(opts: GuardOptions, phase: GuardPhase, method: string, url: string, result: ScanResult): void {
  if (!opts.onDecision || result.findings.length === 0) return;
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    origin = '(invalid URL)';
  }
  opts.onDecision({ phase, method, origin, action: result.action, findings: result.findings });
}

/** Read a byte stream whole, or return undefined as soon as it passes `limit` bytes (the stream is cancelled). */
export async function readBounded(stream: AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const iterable = stream as AsyncIterable<Uint8Array | string>;
  for await (const chunk of iterable) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += buf.length;
    if (total > limit) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks, total);
}
