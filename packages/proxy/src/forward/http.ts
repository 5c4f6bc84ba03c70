// Absolute-URI HTTP requests through the forward proxy: read the body
// (bounded), resolve and scan the destination, scan the request, forward it
// to the checked address, then scan the response (buffered and bounded, or
// event by event for text/event-stream) and forward, strip or block.
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { Dispatcher } from 'undici';
import { PipelockError, hostMatchesAuthority, sseErrorEvent } from '@pipelock/core';
import type { Scanner, StreamDecision } from '@pipelock/core';
import { clientOf } from '../context.js';
import type { DaemonContext } from '../context.js';
import { Outcome } from '../ops/outcome.js';
import { endToEndHeaderList, endToEndHeaders, REQUEST_REWRITTEN, RESPONSE_REWRITTEN } from './headers.js';
import { defaultPort } from './dial.js';
import { bareHost } from './resolve.js';
import { preDnsScan } from './scan.js';
import { applySession } from './sessions.js';
import { decisive, killSwitchBody, sendBlock, sendJson } from './respond.js';

type BodyRead = { ok: true; body: Buffer } | { ok: false; reason: 'too_large' | 'aborted' };

/** Read a request body up to `limit` bytes; never buffers more than that. */
function readBody(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve({ ok: false, reason: 'too_large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: BodyRead): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(r);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        req.pause();
        settle({ ok: false, reason: 'too_large' });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => settle({ ok: true, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size) }));
    req.once('error', () => settle({ ok: false, reason: 'aborted' }));
    req.once('close', () => {
      if (!req.complete) settle({ ok: false, reason: 'aborted' });
    });
  });
}

function isEventStream(headers: IncomingMessage['headers']): boolean {
  const ct = headers['content-type'];
  return typeof ct === 'string' && ct.trimStart().toLowerCase().startsWith('text/event-stream');
}

/** Status for an error on the way to or from the upstream. */
function upstreamStatus(err: unknown): { status: number; error: string; message: string } {
  if (err instanceof PipelockError && err.code === 'UPSTREAM_TIMEOUT') {
    return { status: 504, error: 'upstream_timeout', message: err.message };
  }
  if (err instanceof PipelockError) return { status: 502, error: 'upstream_failed', message: err.message };
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return { status: 502, error: 'upstream_failed', message: `upstream connection failed${code ? ` (${code})` : ''}` };
}

/**
 * A request that arrived inside an intercepted CONNECT tunnel (tls/): its
 * destination was resolved and checked when the tunnel opened, and its
 * response limit is tls_interception.max_response_bytes.
 */
export interface InterceptedOrigin {
  /** The addresses checked for the CONNECT; the first is dialled. */
  ips: string[];
  maxResponseBytes: number;
}

/** How large a buffered response may be, and the config key to name when it is not. */
interface ResponseLimit {
  bytes: number;
  /** The setting, with its value, for the client's error message. */
  key: string;
  /** The decision line's reason. */
  reason: string;
}

/**
 * Handle one absolute-URI request, or (with `via`) one request decrypted from
 * an intercepted tunnel, whose `target` is https://<CONNECT authority><path>.
 * The caller has already applied the kill switch and forward_proxy.enabled.
 */
export async function handleForwardRequest(
  d: DaemonContext,
  req: IncomingMessage,
  res: ServerResponse,
  target: URL,
  via?: InterceptedOrigin,
): Promise<void> {
  // One scanner for the whole request, even if a reload swaps it meanwhile.
  const scanner = d.scanner();
  const cfg = scanner.config;
  const out = new Outcome(d, 'forward', clientOf(req.socket), req.method ?? 'GET', target.host, target.pathname);
  const method = req.method ?? 'GET';

  // Fail closed on a Host header that names another authority than the target
  // (absolute-form URI, or the CONNECT an intercepted request came through).
  const hostHeader = typeof req.headers.host === 'string' ? req.headers.host : undefined;
  if (!hostMatchesAuthority(hostHeader, target.host, target.protocol === 'https:' ? 443 : 80)) {
    sendJson(res, 400, { error: 'host_mismatch', message: 'the Host header does not match the request target' }, { connection: 'close' });
    out.finish('block', 400, 'Host/authority mismatch');
    return;
  }

  const read = await readBody(req, cfg.request_body_scanning.max_body_bytes);
  if (!read.ok) {
    if (read.reason === 'too_large') {
      // Fail closed: a body we cannot scan whole is not forwarded.
      sendJson(
        res,
        413,
        { error: 'body_too_large', message: `request body exceeds request_body_scanning.max_body_bytes (${cfg.request_body_scanning.max_body_bytes})` },
        { connection: 'close' },
      );
      out.finish('block', 413, 'request body over max_body_bytes');
    } else {
      res.destroy();
      out.finish('error', undefined, 'client aborted the request');
    }
    return;
  }
  const body = read.body;
  const href = target.href;
  const host = bareHost(target.hostname);

  // URL first, before any DNS query: a secret in a subdomain label must not
  // leave as a DNS lookup.
  const urlPre = out.scan(() => preDnsScan(scanner, host));
  out.add(urlPre);
  if (urlPre.action === 'block') {
    sendBlock(res, cfg, out.findings, 'request');
    out.finish('block', 403);
    return;
  }

  let ips: string[];
  try {
    ips = via?.ips ?? (await d.resolve(host, cfg.fetch_proxy.timeout_seconds * 1000));
  } catch (err) {
    const s = upstreamStatus(err);
    sendJson(res, s.status, { error: s.error, message: s.message });
    out.finish('error', s.status, s.message);
    return;
  }

  // The URL pipeline (SSRF on the addresses we will dial), headers and body, in one call.
  const reqResult = applySession(
    scanner,
    req,
    host,
    body.length,
    out.scan(() =>
      scanner.scanRequest({ method, url: href, headers: req.headers, body: body.length > 0 ? body : undefined, resolvedIps: ips, transport: 'forward' }),
    ),
  );
  out.add(reqResult);
  if (reqResult.action === 'block') {
    sendBlock(res, cfg, out.findings, 'request');
    out.finish('block', 403);
    return;
  }

  const limit: ResponseLimit =
    via !== undefined
      ? { bytes: via.maxResponseBytes, key: `tls_interception.max_response_bytes (${via.maxResponseBytes})`, reason: 'response over max_response_bytes' }
      : {
          bytes: cfg.fetch_proxy.max_response_mb * 1024 * 1024,
          key: `fetch_proxy.max_response_mb (${cfg.fetch_proxy.max_response_mb} MB)`,
          reason: 'response over max_response_mb',
        };
  await forward(d, scanner, out, req, res, target, ips[0] as string, body, limit);
}

/** Where a response's bytes go once its headers have arrived. */
interface ResponseSink {
  data(chunk: Buffer): void;
  end(): void;
}

/** undici's connection-level failures: after the response began, the upstream cut it short. */
function isSocketError(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH';
}

/**
 * One upstream exchange, as undici's dispatch handler: the request we sent,
 * the response we read, and the single place it ends (settle). Every event
 * runs inside a try, so a throw anywhere (a bug, in core or here) fails this
 * request closed and never takes the daemon down.
 */
class Exchange implements Dispatcher.DispatchHandler {
  private settled = false;
  private timer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private onIdle: (() => void) | undefined;
  private controller: Dispatcher.DispatchController | undefined;
  private sink: ResponseSink | undefined;
  private waitingDrain = false;
  /** The response's status line and headers, once they arrived. */
  status = 502;
  statusMessage = '';
  headers: IncomingHttpHeaders = {};
  /** Response headers as sent (name, value, ...), for forwarding with their spelling. */
  rawHeaders: string[] = [];

  constructor(
    readonly d: DaemonContext,
    readonly scanner: Scanner,
    readonly out: Outcome,
    readonly res: ServerResponse,
    readonly href: string,
    /** The target's authority, for messages. */
    readonly authority: string,
    readonly method: string,
    readonly limit: ResponseLimit,
    readonly timeoutMs: number,
    private readonly resolve: () => void,
  ) {}

  get done(): boolean {
    return this.settled;
  }

  /** Arm (or re-arm) the deadline; `what` says which wait ran out. */
  deadline(ms: number, what: string): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fail(new PipelockError('UPSTREAM_TIMEOUT', what)), ms);
  }

  clearDeadline(): void {
    clearTimeout(this.timer);
  }

  /**
   * An idle timeout over the response's chunks (streams): `onIdle` runs after
   * `ms` without one. Called per chunk; the armed timer is restarted in place
   * (refresh), not cleared and allocated again.
   */
  idle(ms: number, onIdle: () => void): void {
    if (this.settled) return;
    if (this.idleTimer !== undefined && this.onIdle === onIdle) {
      this.idleTimer.refresh();
      return;
    }
    clearTimeout(this.idleTimer);
    this.onIdle = onIdle;
    this.idleTimer = setTimeout(onIdle, ms);
  }

  settle(decision: string, status: number | undefined, reason?: string): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.out.finish(decision, status, reason);
    this.resolve();
  }

  /** An upstream failure: 502/504 if we can still answer, else cut the connection. */
  fail(err: unknown): void {
    if (this.settled) return;
    const s = upstreamStatus(err);
    if (this.res.headersSent) this.res.destroy();
    else sendJson(this.res, s.status, { error: s.error, message: s.message });
    this.settle('error', s.status, s.message);
    this.abortUpstream();
  }

  /** A throw in a handler: fail the request closed (500) instead of crashing. */
  internal(err: unknown): void {
    if (this.settled) return;
    this.d.logger.event('error', 'internal error while proxying; request failed closed', { error: (err as Error).message });
    if (this.res.headersSent) this.res.destroy();
    else sendJson(this.res, 500, { error: 'internal', message: 'pipelock internal error; nothing more was forwarded' });
    this.settle('error', 500, 'internal error');
    this.abortUpstream();
  }

  /** Drop the upstream request: its connection is closed, never reused. */
  abortUpstream(): void {
    // Before undici started the request there is no controller yet; onRequestStart aborts it.
    this.controller?.abort(new PipelockError('UPSTREAM_FAILED', 'exchange ended'));
  }

  /** Write with backpressure: pause the upstream while the client is slow. */
  write(data: string | Buffer): void {
    if (!this.res.write(data) && !this.waitingDrain) {
      this.waitingDrain = true;
      this.controller?.pause();
      this.res.once('drain', this.drained);
    }
  }

  private readonly drained = (): void => {
    this.waitingDrain = false;
    this.controller?.resume();
  };

  // ---- undici's handler interface ----

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.settled) controller.abort(new PipelockError('UPSTREAM_FAILED', 'exchange ended'));
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders, statusMessage?: string): void {
    // 1xx informational answers are not forwarded (node:http dropped them too); the final one follows.
    if (this.settled || statusCode < 200) return;
    try {
      this.status = statusCode;
      this.statusMessage = statusMessage ?? '';
      this.headers = headers;
      this.rawHeaders = rawHeaderList(controller.rawHeaders, headers);
      const cfg = this.scanner.config;
      if (!cfg.response_scanning.enabled) this.sink = pipeUnscanned(this);
      else if (isEventStream(headers) && cfg.response_scanning.sse_streaming.enabled) this.sink = streamEvents(this);
      else this.sink = bufferAndScan(this);
    } catch (err) {
      this.internal(err);
    }
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    try {
      this.sink?.data(chunk);
    } catch (err) {
      this.internal(err);
    }
  }

  onResponseEnd(): void {
    if (this.settled) return;
    try {
      this.sink?.end();
    } catch (err) {
      this.internal(err);
    }
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    if (this.settled) return;
    if (this.sink !== undefined && isSocketError(err)) {
      this.fail(new PipelockError('UPSTREAM_FAILED', `upstream ${this.authority} closed the response early`));
    } else {
      this.fail(err);
    }
  }
}

/** undici's raw response headers (Buffers, or strings) as the string list endToEndHeaders reads. */
function rawHeaderList(raw: Dispatcher.DispatchController['rawHeaders'], parsed: IncomingHttpHeaders): string[] {
  const out: string[] = [];
  if (Array.isArray(raw)) {
    for (const v of raw as Array<Buffer | string>) out.push(typeof v === 'string' ? v : v.toString('latin1'));
    return out;
  }
  for (const [k, v] of Object.entries(parsed)) {
    if (Array.isArray(v)) for (const one of v) out.push(k, one);
    else if (v !== undefined) out.push(k, v);
  }
  return out;
}

function forward(
  d: DaemonContext,
  scanner: Scanner,
  out: Outcome,
  req: IncomingMessage,
  res: ServerResponse,
  target: URL,
  ip: string,
  body: Buffer,
  limit: ResponseLimit,
): Promise<void> {
  const cfg = scanner.config;
  const method = req.method ?? 'GET';
  const timeoutMs = cfg.fetch_proxy.timeout_seconds * 1000;
  const https = target.protocol === 'https:';

  const headers = endToEndHeaderList(req.rawHeaders, REQUEST_REWRITTEN);
  // RFC 9112 §3.2.2: a proxy uses the request-target's authority, not the client's Host.
  // Every response must be readable by the scanner: Accept-Encoding identity.
  headers.push('Host', target.host, 'Accept-Encoding', 'identity');
  if (body.length > 0 || req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined) {
    headers.push('Content-Length', String(body.length));
  }
  const hostname = bareHost(target.hostname);

  return new Promise<void>((resolve) => {
    const x = new Exchange(d, scanner, out, res, target.href, target.host, method, limit, timeoutMs, resolve);
    // Until the response is complete (buffered) or its headers arrive (streamed).
    x.deadline(timeoutMs, `upstream ${target.host} did not answer within ${cfg.fetch_proxy.timeout_seconds}s`);
    res.on('close', () => {
      if (x.done) return;
      x.settle('error', undefined, 'client closed the connection');
      x.abortUpstream();
    });
    // Dial the checked address; Host and SNI still name the original host.
    d.upstreams.dispatch(
      { https, ip, port: defaultPort(target), ...(https && isIP(hostname) === 0 ? { servername: hostname } : {}) },
      { method, path: target.pathname + target.search, headers, body: body.length > 0 ? body : null },
      x,
    );
  });
}

/** Response headers for the client: end-to-end only; Content-Length recomputed by the caller. */
function responseHeaders(x: Exchange): OutgoingHttpHeaders {
  return endToEndHeaders(x.rawHeaders, RESPONSE_REWRITTEN);
}

/** The usual case: read the whole response (bounded), scan it, then forward, strip or block. */
function bufferAndScan(x: Exchange): ResponseSink {
  const cfg = x.scanner.config;
  const maxResponse = x.limit.bytes;
  const status = x.status;
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    data(chunk) {
      size += chunk.length;
      if (size > maxResponse) {
        // Fail closed: we never forward what we could not scan whole.
        chunks.length = 0;
        sendJson(x.res, 502, {
          error: 'response_too_large',
          message: `upstream response exceeds ${x.limit.key}`,
        });
        x.settle('block', 502, x.limit.reason);
        x.abortUpstream();
        return;
      }
      chunks.push(chunk);
    },
    end() {
      x.clearDeadline();
      const bodyIn = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      const result = x.out.scan(() => x.scanner.scanResponse({ url: x.href, status, headers: x.headers, body: bodyIn }));
      x.out.add(result);
      if (size > 0) x.out.add(x.scanner.recordBytes(x.href, size));
      if (result.action === 'block') {
        sendBlock(x.res, cfg, x.out.findings, 'response');
        x.settle('block', 403);
        return;
      }
      const headers = responseHeaders(x);
      let payload: Buffer = bodyIn;
      if (result.action === 'strip' && result.body !== undefined) payload = Buffer.from(result.body, 'utf8');
      if (x.method === 'HEAD') {
        const cl = x.headers['content-length'];
        if (cl !== undefined) headers['Content-Length'] = cl;
        payload = Buffer.alloc(0);
      } else if (status !== 204 && status !== 304) {
        headers['Content-Length'] = String(payload.length);
      }
      if (result.action === 'strip') headers['X-Pipelock-Decision'] = 'strip';
      x.res.writeHead(status, x.statusMessage, headers);
      x.res.end(payload);
      x.settle(result.action, status);
    },
  };
}

/** response_scanning disabled: stream straight through, idle timeout only. */
function pipeUnscanned(x: Exchange): ResponseSink {
  x.clearDeadline();
  const status = x.status;
  const headers = responseHeaders(x);
  const cl = x.headers['content-length'];
  if (cl !== undefined) headers['Content-Length'] = cl;
  x.res.writeHead(status, x.statusMessage, headers);
  let size = 0;
  const idle = (): void => x.fail(new PipelockError('UPSTREAM_TIMEOUT', 'upstream went idle'));
  x.idle(x.timeoutMs, idle);
  return {
    data(chunk) {
      x.idle(x.timeoutMs, idle);
      size += chunk.length;
      x.write(chunk);
    },
    end() {
      x.res.end();
      if (size > 0) x.out.add(x.scanner.recordBytes(x.href, size));
      x.settle('allow', status);
    },
  };
}

/**
 * text/event-stream: hand each chunk to core's stream scanner and write every
 * event it releases. Core holds back the tail of the streamed text until no
 * match can still start in it; a timer at core's nextReleaseAt() lets a
 * pausing stream flow. On terminate the client gets core's `event: error`
 * frame (both LLM SDKs raise it), then the end of the stream; nothing held
 * is sent.
 */
function streamEvents(x: Exchange): ResponseSink | undefined {
  x.clearDeadline();
  const status = x.status;
  const timeoutMs = x.timeoutMs;
  // Headers alone can fail closed (a compressed stream we cannot read).
  const head = x.out.scan(() => x.scanner.scanResponse({ url: x.href, status, headers: x.headers, body: '' }));
  if (head.action === 'block') {
    x.out.add(head);
    sendBlock(x.res, x.scanner.config, x.out.findings, 'response');
    x.settle('block', 403);
    x.abortUpstream();
    return undefined;
  }
  const stream = x.scanner.createStreamScanner({ url: x.href });
  x.res.writeHead(status, x.statusMessage, responseHeaders(x));
  x.res.flushHeaders();
  let size = 0;
  let decision: 'allow' | 'warn' = 'allow';
  let timer: NodeJS.Timeout | undefined;
  let timerAt: number | undefined;

  const stop = (): void => {
    clearTimeout(timer);
    timer = undefined;
  };
  x.res.once('close', stop);

  /** Last words on an event stream: an error frame the client's SDK raises, then the end. */
  const endWithError = (frame: string): void => {
    stop();
    x.res.end(frame);
    x.abortUpstream();
  };

  const apply = (decisions: readonly StreamDecision[]): void => {
    for (const dec of decisions) {
      if (x.done) return;
      if (dec.kind === 'forward') {
        if (dec.findings.length > 0) {
          x.out.add(dec.findings);
          decision = 'warn';
        }
        x.write(dec.raw);
      } else if (dec.kind === 'terminate') {
        x.out.add(dec.findings);
        x.d.metrics.streamBlocked('forward', decisive(dec.findings)?.scanner ?? 'unknown');
        // Settle first: dropping the upstream response would otherwise record an upstream error.
        x.settle('block', status, `event stream stopped: ${dec.reason}`);
        endWithError(dec.errorEvent);
        return;
      }
      // 'hold': core keeps the bytes until it can decide.
    }
    arm();
  };

  // One timer per stream, at the time core will next release a held event.
  const arm = (): void => {
    const at = x.done ? undefined : stream.nextReleaseAt();
    if (at === timerAt && (at === undefined || timer !== undefined)) return;
    stop();
    timerAt = at;
    if (at === undefined) return;
    timer = setTimeout(() => {
      if (x.done) return;
      try {
        timer = undefined;
        timerAt = undefined;
        apply(x.out.scan(() => stream.flush(Date.now())));
      } catch (err) {
        x.internal(err);
      }
    }, Math.max(0, at - Date.now()));
  };

  const idle = (): void => {
    if (x.done) return;
    x.settle('error', status, `event stream idle for ${timeoutMs / 1000}s`);
    // The client must not mistake a stalled answer for a complete one.
    endWithError(sseErrorEvent({ type: 'upstream_timeout', message: `pipelock: the upstream event stream was idle for ${timeoutMs / 1000}s` }));
  };
  x.idle(timeoutMs, idle);
  return {
    data(chunk) {
      x.idle(timeoutMs, idle);
      size += chunk.length;
      apply(x.out.scan(() => stream.push(chunk, Date.now())));
    },
    end() {
      stop();
      apply(x.out.scan(() => stream.end()));
      if (x.done) return;
      stop();
      x.res.end();
      if (size > 0) x.out.add(x.scanner.recordBytes(x.href, size));
      x.settle(decision, status);
    },
  };
}

/** The kill switch answer for proxied requests (the caller parsed the target already). */
export function refuseKillSwitch(d: DaemonContext, req: IncomingMessage, res: ServerResponse, target: URL): void {
  const cfg = d.scanner().config;
  sendJson(res, 503, killSwitchBody(cfg.kill_switch.message), { 'x-pipelock-decision': 'kill_switch' });
  d.record(
    {
      time: new Date().toISOString(),
      proxy: 'forward',
      client: clientOf(req.socket),
      method: req.method ?? 'GET',
      host: target.host,
      path: target.pathname,
      decision: 'kill_switch',
      status: 503,
      reason: 'kill switch active',
      findings: [],
      duration_ms: 0,
    },
    [],
  );
}
