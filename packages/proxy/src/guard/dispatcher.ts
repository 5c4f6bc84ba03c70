// createGuardedDispatcher: an undici Dispatcher that scans every request it
// sends and every response it delivers, for code that talks to undici
// directly (undici.request, a client library taking a `dispatcher`). Built
// as an interceptor over a base dispatcher, so pooling stays undici's.
import type { IncomingHttpHeaders } from 'node:http';
import type { Scanner, ScanResult } from '@pipelock/core';
import type { Duplex } from 'node:stream';
import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import { limitResult, PipelockBlockedError } from './blocked.js';
import type { GuardOptions, Resolve } from './check.js';
import { checkRequest, readBounded, report, resolverOf } from './check.js';
import { createPinnedAgent } from './pinned.js';
import type { PinnedAgent } from './pinned.js';

type Controller = Dispatcher.DispatchController;
type Handler = Dispatcher.DispatchHandler;

/**
 * Wrap `base` (default: an agent that connects only to addresses core
 * checked). With your own `base`, its DNS is its own: the SSRF check still
 * runs on the addresses we resolve, but rebinding between the two lookups is
 * then possible.
 *
 * Requests ask for `accept-encoding: identity`: a compressed answer cannot
 * be scanned and would fail closed.
 */
export function createGuardedDispatcher(scanner: Scanner, base?: Dispatcher, opts: GuardOptions = {}): Dispatcher {
  const resolve = resolverOf(opts);
  const pinned: PinnedAgent | undefined = base === undefined && resolve ? createPinnedAgent() : undefined;
  // Without DNS (resolve: false) there is nothing to pin: a plain agent.
  const inner: Dispatcher = base ?? pinned?.agent ?? new Agent();
  const cfg = scanner.config;
  const limits = {
    request: opts.maxRequestBytes ?? cfg.request_body_scanning.max_body_bytes,
    response: opts.maxResponseBytes ?? cfg.fetch_proxy.max_response_mb * 1024 * 1024,
  };
  return inner.compose((dispatch) => (dopts, handler) => {
    guardDispatch(scanner, opts, resolve, pinned, limits, dispatch, dopts, handler).catch((err: unknown) => {
      // Nothing was sent: report the refusal (or the DNS failure) as the request's error.
      handler.onResponseError?.(null as unknown as Controller, err instanceof Error ? err : new Error(String(err)));
    });
    return true;
  });
}

async function guardDispatch(
  scanner: Scanner,
  opts: GuardOptions,
  resolve: Resolve | undefined,
  pinned: PinnedAgent | undefined,
  limits: { request: number; response: number },
  dispatch: Dispatcher.Dispatch,
  dopts: Dispatcher.DispatchOptions,
  handler: Handler,
): Promise<void> {
  if (dopts.origin === undefined) throw new TypeError('pipelock: a guarded dispatch needs an origin');
  const url = new URL(dopts.path, dopts.origin).href;
  const method = dopts.method;
  const headers = headerPairs(dopts.headers);
  const { bytes, contentType } = await bodyBytes(dopts.body, limits.request);
  if (bytes === null) throw blocked(opts, 'request', method, url, limitResult('Request Body Too Large', 'body'));
  if (contentType !== undefined && !headers.some(([k]) => k.toLowerCase() === 'content-type')) headers.push(['content-type', contentType]);

  const checked = await checkRequest(scanner, { method, url, headers, body: bytes }, resolve);
  report(opts, 'request', method, url, checked.result);
  if (checked.result.action === 'block') throw new PipelockBlockedError('request', url, checked.result);
  if (pinned && checked.ips) pinned.pin(checked.host, checked.ips);

  const out: Record<string, string | string[]> = {};
  for (const [k, v] of headers) {
    const key = k.toLowerCase();
    if (key === 'accept-encoding') continue;
    const prev = out[key];
    out[key] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  out['accept-encoding'] = 'identity';
  const sent: Dispatcher.DispatchOptions = { ...dopts, headers: out, body: bytes ?? null };
  dispatch(sent, new GuardedResponse(scanner, opts, method, url, limits.response, handler));
}

function blocked(opts: GuardOptions, phase: 'request' | 'response', method: string, url: string, result: ScanResult): PipelockBlockedError {
  report(opts, phase, method, url, result);
  return new PipelockBlockedError(phase, url, result);
}

/** Any of undici's header shapes as name/value pairs. */
function headerPairs(h: Dispatcher.DispatchOptions['headers']): [string, string][] {
  const out: [string, string][] = [];
  const add = (k: unknown, v: unknown): void => {
    if (v === undefined || v === null) return;
    if (Array.isArray(v)) for (const x of v) add(k, x);
    else out.push([String(k), Buffer.isBuffer(v) ? v.toString('latin1') : String(v)]);
  };
  if (h === null || h === undefined) return out;
  if (Array.isArray(h)) {
    // Flat [name, value, name, value, ...]
    for (let i = 0; i + 1 < h.length; i += 2) add(h[i], h[i + 1]);
  } else if (typeof (h as Iterable<unknown>)[Symbol.iterator] === 'function') {
    for (const [k, v] of h as Iterable<[string, unknown]>) add(k, v);
  } else {
    for (const [k, v] of Object.entries(h as Record<string, unknown>)) add(k, v);
  }
  return out;
}

/** The request body as bytes (null: over the limit). Streams are read whole: a body is scanned before it is sent. */
async function bodyBytes(body: unknown, limit: number): Promise<{ bytes: Uint8Array | undefined | null; contentType?: string }> {
  if (body === undefined || body === null) return { bytes: undefined };
  if (typeof body === 'string') {
    const b = Buffer.from(body);
    return { bytes: b.length > limit ? null : b };
  }
  if (body instanceof Uint8Array) return { bytes: body.length > limit ? null : body };
  if (body instanceof FormData) {
    // Serialise once here so the bytes scanned are the bytes sent, boundary included.
    const r = new Response(body);
    const b = new Uint8Array(await r.arrayBuffer());
    return { bytes: b.length > limit ? null : b, contentType: r.headers.get('content-type') ?? undefined };
  }
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
    const b = await readBounded(body as AsyncIterable<Uint8Array | string>, limit);
    return { bytes: b === undefined ? null : b };
  }
  throw new TypeError('pipelock: unsupported request body type');
}

/**
 * Holds the response until it is scanned whole (bounded), then replays it to
 * the caller's handler, stripped or refused as core decides. Event streams
 * flow per event instead, as core releases them: it holds back the tail of
 * the streamed text, and a timer at its nextReleaseAt() lets a pausing
 * stream flow.
 */
class GuardedResponse implements Handler {
  private status = 0;
  private statusMessage: string | undefined;
  private headers: IncomingHttpHeaders = {};
  private chunks: Buffer[] = [];
  private size = 0;
  private stream: ReturnType<Scanner['createStreamScanner']> | undefined;
  private ended = false;
  /** Wakes at core's nextReleaseAt() so held events of a pausing stream still flow. */
  private timer: NodeJS.Timeout | undefined;
  private timerAt: number | undefined;

  constructor(
    private readonly scanner: Scanner,
    private readonly opts: GuardOptions,
    private readonly method: string,
    private readonly url: string,
    private readonly max: number,
    private readonly inner: Handler,
  ) {}

  onRequestStart(controller: Controller, context: unknown): void {
    this.inner.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(controller: Controller, statusCode: number, headers: IncomingHttpHeaders, socket: Duplex): void {
    this.inner.onRequestUpgrade?.(controller, statusCode, headers, socket);
  }

  onResponseStart(controller: Controller, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    this.status = statusCode;
    this.statusMessage = statusMessage;
    this.headers = headers;
    const type = String(headers['content-type'] ?? '').toLowerCase();
    if (type.startsWith('text/event-stream')) {
      const head = this.scanner.scanResponse({ url: this.url, status: statusCode, headers, body: '' });
      if (head.action === 'block') {
        controller.abort(blocked(this.opts, 'response', this.method, this.url, head));
        return;
      }
      this.stream = this.scanner.createStreamScanner({ url: this.url });
      this.inner.onResponseStart?.(controller, statusCode, headers, statusMessage);
    }
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    if (this.ended || controller.aborted) return;
    if (this.stream) {
      this.apply(controller, this.stream.push(chunk, Date.now()));
      return;
    }
    this.size += chunk.length;
    if (this.size > this.max) {
      this.chunks = [];
      controller.abort(blocked(this.opts, 'response', this.method, this.url, limitResult('Response Too Large', 'body')));
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(controller: Controller, trailers: IncomingHttpHeaders): void {
    if (this.ended || controller.aborted) return;
    if (this.stream) {
      this.stopTimer();
      this.apply(controller, this.stream.end());
      if (!this.ended && !controller.aborted) this.inner.onResponseEnd?.(controller, trailers);
      return;
    }
    const body = Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    const result = this.scanner.scanResponse({ url: this.url, status: this.status, headers: this.headers, body });
    if (body.length > 0) this.scanner.recordBytes(this.url, body.length);
    report(this.opts, 'response', this.method, this.url, result);
    if (result.action === 'block') {
      this.ended = true;
      this.inner.onResponseError?.(controller, new PipelockBlockedError('response', this.url, result));
      return;
    }
    let payload = body;
    const headers: IncomingHttpHeaders = { ...this.headers };
    if (result.action === 'strip' && result.body !== undefined) {
      payload = Buffer.from(result.body, 'utf8');
      headers['x-pipelock-decision'] = 'strip';
      if (headers['content-length'] !== undefined) headers['content-length'] = String(payload.length);
    }
    this.inner.onResponseStart?.(controller, this.status, headers, this.statusMessage);
    if (payload.length > 0 && !controller.aborted) this.inner.onResponseData?.(controller, payload);
    if (!controller.aborted) this.inner.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Controller, err: Error): void {
    this.stopTimer();
    if (this.ended) return;
    this.ended = true;
    this.inner.onResponseError?.(controller, err);
  }

  private apply(controller: Controller, decisions: ReturnType<ReturnType<Scanner['createStreamScanner']>['push']>): void {
    for (const d of decisions) {
      if (d.kind === 'forward') {
        if (d.findings.length > 0) report(this.opts, 'response', this.method, this.url, { action: 'warn', findings: d.findings });
        this.inner.onResponseData?.(controller, Buffer.from(d.raw, 'utf8'));
      } else if (d.kind === 'terminate') {
        const result: ScanResult = { action: 'block', findings: d.findings };
        report(this.opts, 'response', this.method, this.url, result);
        this.stopTimer();
        controller.abort(new PipelockBlockedError('response', this.url, result, d.reason));
        return;
      }
    }
    this.arm(controller);
  }

  private stopTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = undefined;
  }

  private arm(controller: Controller): void {
    const at = this.ended || controller.aborted ? undefined : this.stream?.nextReleaseAt();
    if (at === this.timerAt && (at === undefined || this.timer !== undefined)) return;
    this.stopTimer();
    if (at === undefined) return;
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = undefined;
      if (this.ended || controller.aborted || !this.stream) return;
      try {
        this.apply(controller, this.stream.flush(Date.now()));
      } catch (err) {
        // Outside undici's callbacks a throw would reach the process: fail this request instead.
        this.stopTimer();
        controller.abort(err as Error);
      }
    }, Math.max(0, at - Date.now()));
  }
}
