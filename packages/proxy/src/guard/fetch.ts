// createGuardedFetch: a drop-in `fetch` that asks core before a request
// leaves the process and before its answer reaches the caller. Redirects are
// followed here, hop by hop, so every destination gets the same checks
// (a redirect to 169.254.169.254 is an SSRF like any other).
import type { Scanner, ScanResult } from '@pipelock/core';
import { fetch as undiciFetch } from 'undici';
import { limitResult, PipelockBlockedError } from './blocked.js';
import type { GuardOptions } from './check.js';
import { checkRequest, readBounded, report, resolverOf } from './check.js';
import { createPinnedAgent } from './pinned.js';
import type { PinnedAgent } from './pinned.js';

export interface GuardedFetchOptions extends GuardOptions {
  /**
   * The fetch that sends the checked request. Default: undici's fetch over an
   * agent that connects only to the addresses core checked. A fetch given
   * here does its own DNS, so the rebinding defence is then up to it.
   */
  fetch?: typeof fetch;
  /** Redirect hops followed (each one checked). Default 20, as fetch. */
  maxRedirects?: number;
}

/** What the guard needs from the underlying fetch's answer. */
interface RawResponse {
  status: number;
  statusText: string;
  headers: { forEach(cb: (value: string, key: string) => void): void; get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
}
type Send = (url: string, init: { method: string; headers: Headers; body: Uint8Array | undefined; signal: AbortSignal }) => Promise<RawResponse>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NO_BODY = new Set([101, 103, 204, 205, 304]);
/** Dropped when a redirect leaves the origin: they were meant for the first one. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];

export function createGuardedFetch(scanner: Scanner, opts: GuardedFetchOptions = {}): typeof fetch {
  const resolve = resolverOf(opts);
  const cfg = scanner.config;
  const maxRequest = opts.maxRequestBytes ?? cfg.request_body_scanning.max_body_bytes;
  const maxResponse = opts.maxResponseBytes ?? cfg.fetch_proxy.max_response_mb * 1024 * 1024;
  const maxRedirects = opts.maxRedirects ?? 20;
  let pinned: PinnedAgent | undefined;
  let send: Send;
  if (opts.fetch) {
    const given = opts.fetch;
    send = (url, init) => given(url, { ...init, redirect: 'manual' }) as Promise<RawResponse>;
  } else {
    pinned = resolve ? createPinnedAgent() : undefined;
    const dispatcher = pinned?.agent;
    send = (url, init) =>
      undiciFetch(url, {
        method: init.method,
        headers: [...init.headers],
        body: init.body,
        signal: init.signal,
        redirect: 'manual',
        ...(dispatcher ? { dispatcher } : {}),
      }) as unknown as Promise<RawResponse>;
  }

  const guarded = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    let method = request.method;
    let url = request.url;
    const headers = new Headers(request.headers);
    let body: Uint8Array | undefined;
    if (request.body) {
      body = await readBounded(request.body, maxRequest);
      if (body === undefined) throw block(opts, 'request', method, url, limitResult('Request Body Too Large', 'body'));
    }

    for (let hop = 0; ; hop++) {
      const checked = await checkRequest(scanner, { method, url, headers, body }, resolve);
      report(opts, 'request', method, url, checked.result);
      if (checked.result.action === 'block') throw new PipelockBlockedError('request', url, checked.result);
      if (pinned && checked.ips) pinned.pin(checked.host, checked.ips);

      const raw = await send(url, { method, headers, body: methodHasBody(method) ? body : undefined, signal: request.signal });
      const location = raw.headers.get('location');
      if (!REDIRECTS.has(raw.status) || location === null || request.redirect === 'manual') {
        return guardResponse(scanner, opts, { method, url, redirected: hop > 0, maxResponse }, raw);
      }
      await raw.body?.cancel().catch(() => undefined);
      if (request.redirect === 'error') throw new TypeError(`fetch failed: redirected to ${new URL(location, url).origin} with redirect: 'error'`);
      if (hop >= maxRedirects) throw new TypeError('fetch failed: too many redirects');
      const next = new URL(location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new TypeError(`fetch failed: redirect to ${next.protocol} URL`);
      if (raw.status === 303 ? method !== 'HEAD' : (raw.status === 301 || raw.status === 302) && method === 'POST') {
        method = 'GET';
        body = undefined;
        for (const h of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(h);
      }
      if (next.origin !== new URL(url).origin) for (const h of CREDENTIAL_HEADERS) headers.delete(h);
      url = next.href;
    }
  };
  return guarded as typeof fetch;
}

function methodHasBody(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

function block(opts: GuardOptions, phase: 'request' | 'response', method: string, url: string, result: ScanResult): PipelockBlockedError {
  report(opts, phase, method, url, result);
  return new PipelockBlockedError(phase, url, result);
}

interface Exchange {
  method: string;
  url: string;
  redirected: boolean;
  maxResponse: number;
}

async function guardResponse(scanner: Scanner, opts: GuardOptions, x: Exchange, raw: RawResponse): Promise<Response> {
  const headers = new Headers();
  raw.headers.forEach((value, key) => headers.append(key, value));
  // fetch has already decoded the body: these described the bytes on the wire.
  headers.delete('content-encoding');
  headers.delete('content-length');
  const status = raw.status;
  const finish = (body: ConstructorParameters<typeof Response>[0]): Response => {
    const res = new Response(body, { status, statusText: raw.statusText, headers });
    Object.defineProperty(res, 'url', { value: x.url });
    Object.defineProperty(res, 'redirected', { value: x.redirected });
    return res;
  };

  if (raw.body === null || x.method === 'HEAD' || NO_BODY.has(status)) {
    await raw.body?.cancel().catch(() => undefined);
    const head = scanner.scanResponse({ url: x.url, status, headers, body: '' });
    report(opts, 'response', x.method, x.url, head);
    if (head.action === 'block') throw new PipelockBlockedError('response', x.url, head);
    return finish(null);
  }

  if ((headers.get('content-type') ?? '').toLowerCase().startsWith('text/event-stream')) {
    const head = scanner.scanResponse({ url: x.url, status, headers, body: '' });
    if (head.action === 'block') {
      await raw.body.cancel().catch(() => undefined);
      throw block(opts, 'response', x.method, x.url, head);
    }
    return finish(guardEventStream(scanner, opts, x, raw.body));
  }

  const bytes = await readBounded(raw.body, x.maxResponse);
  if (bytes === undefined) {
    await raw.body.cancel().catch(() => undefined);
    throw block(opts, 'response', x.method, x.url, limitResult('Response Too Large', 'body'));
  }
  const result = scanner.scanResponse({ url: x.url, status, headers, body: bytes });
  if (bytes.length > 0) scanner.recordBytes(x.url, bytes.length);
  report(opts, 'response', x.method, x.url, result);
  if (result.action === 'block') throw new PipelockBlockedError('response', x.url, result);
  if (result.action === 'strip' && result.body !== undefined) {
    headers.set('x-pipelock-decision', 'strip');
    return finish(result.body);
  }
  return finish(bytes);
}

/**
 * text/event-stream: events flow to the caller as core releases them (core
 * holds back the tail of the streamed text; a read that waits past core's
 * nextReleaseAt() releases what has been held long enough). When core
 * terminates the stream, the body errors with PipelockBlockedError and
 * nothing held is delivered.
 */
function guardEventStream(scanner: Scanner, opts: GuardOptions, x: Exchange, source: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const stream = scanner.createStreamScanner({ url: x.url });
  const reader = source.getReader();
  const encoder = new TextEncoder();
  // A read still outstanding when the time bound woke us up; the next pull waits on it again.
  let pending: ReturnType<typeof reader.read> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        pending ??= reader.read();
        const at = stream.nextReleaseAt();
        let timer: NodeJS.Timeout | undefined;
        const next =
          at === undefined
            ? await pending
            : await Promise.race([pending, new Promise<'due'>((r) => (timer = setTimeout(() => r('due'), Math.max(0, at - Date.now()))))]);
        clearTimeout(timer);
        let done = false;
        let decisions;
        if (next === 'due') {
          decisions = stream.flush(Date.now());
        } else {
          pending = undefined;
          done = next.done;
          decisions = next.done ? stream.end() : stream.push(next.value, Date.now());
        }
        let delivered = false;
        for (const d of decisions) {
          if (d.kind === 'forward') {
            if (d.findings.length > 0) report(opts, 'response', x.method, x.url, { action: 'warn', findings: d.findings });
            controller.enqueue(encoder.encode(d.raw));
            delivered = true;
          } else if (d.kind === 'terminate') {
            const result: ScanResult = { action: 'block', findings: d.findings };
            report(opts, 'response', x.method, x.url, result);
            await reader.cancel().catch(() => undefined);
            controller.error(new PipelockBlockedError('response', x.url, result, d.reason));
            return;
          }
        }
        if (done) {
          controller.close();
          return;
        }
        if (delivered) return;
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}
