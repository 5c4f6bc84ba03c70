// GET /fetch?url=URL: fetch a page on the agent's behalf, turn HTML into
// readable text, scan that text (injection + DLP, per response_scanning) and
// answer JSON. Every hop, redirects included, goes through the URL pipeline
// with SSRF on the addresses it resolved to, and is dialled at that address.
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { performance } from 'node:perf_hooks';
import { PipelockError, strongestAction } from '@pipelock/core';
import type { Finding, Scanner } from '@pipelock/core';
import { clientOf } from '../context.js';
import type { DaemonContext } from '../context.js';
import { checkDestination, isSecure, pinnedOptions } from '../forward/dial.js';
import { blockBody, killSwitchBody, sendJson } from '../forward/respond.js';
import { loggedFindings } from '../ops/logger.js';
import { Outcome } from '../ops/outcome.js';
import { extractText } from './extract.js';

export const FETCH_PATH = '/fetch';
/** Redirects followed per fetch; each one is checked like the first URL. */
export const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

interface Fetched {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

type MediaClass = 'html' | 'text' | 'binary' | 'sniff';

/** How /fetch treats a media type: HTML is extracted, text returned as is, the rest refused. */
function mediaClass(type: string): MediaClass {
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === '') return 'sniff';
  if (type.startsWith('text/') || type.endsWith('+json') || type.endsWith('+xml')) return 'text';
  if (
    type === 'application/json' ||
    type === 'application/xml' ||
    type === 'application/javascript' ||
    type === 'application/ecmascript' ||
    type === 'application/x-ndjson' ||
    type === 'application/yaml' ||
    type === 'application/x-yaml' ||
    type === 'application/toml'
  ) {
    return 'text';
  }
  if (type === 'application/octet-stream') return 'sniff';
  return 'binary';
}

function mediaType(value: string | undefined): { type: string; charset: string | undefined } {
  if (value === undefined) return { type: '', charset: undefined };
  const parts = value.split(';');
  const type = (parts[0] ?? '').trim().toLowerCase();
  let charset: string | undefined;
  for (const p of parts.slice(1)) {
    const eq = p.indexOf('=');
    if (eq > 0 && p.slice(0, eq).trim().toLowerCase() === 'charset') charset = p.slice(eq + 1).trim().replace(/^"|"$/g, '');
  }
  return { type, charset };
}

function decoder(charset: string | undefined): InstanceType<typeof TextDecoder> | undefined {
  try {
    return new TextDecoder(charset === undefined || charset === '' ? 'utf-8' : charset, { fatal: false });
  } catch {
    return undefined;
  }
}

function upstreamError(err: unknown): { status: number; error: string; message: string } {
  if (err instanceof PipelockError && err.code === 'UPSTREAM_TIMEOUT') return { status: 504, error: 'upstream_timeout', message: err.message };
  if (err instanceof PipelockError) return { status: 502, error: 'upstream_failed', message: err.message };
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return { status: 502, error: 'upstream_failed', message: `upstream connection failed${code ? ` (${code})` : ''}` };
}

/** One GET to the checked address, body read whole up to `limit` bytes. */
function getOnce(
  d: DaemonContext,
  scanner: Scanner,
  url: URL,
  ip: string,
  deadline: number,
  onRequest: (destroy: () => void) => void,
): Promise<Fetched> {
  const cfg = scanner.config;
  const limit = cfg.fetch_proxy.max_response_mb * 1024 * 1024;
  return new Promise<Fetched>((resolve, reject) => {
    const options = {
      ...pinnedOptions(d, url, ip),
      method: 'GET',
      path: url.pathname + url.search,
      headers: {
        Host: url.host,
        'User-Agent': cfg.fetch_proxy.user_agent,
        Accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5',
        // The body must be readable by the extractor and the scanner.
        'Accept-Encoding': 'identity',
      },
    };
    const upReq = isSecure(url) ? httpsRequest(options) : httpRequest(options);
    let done = false;
    const finish = (err: unknown, value?: Fetched): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err !== undefined) {
        upReq.destroy();
        reject(err);
      } else {
        resolve(value as Fetched);
      }
    };
    const timer = setTimeout(
      () => finish(new PipelockError('UPSTREAM_TIMEOUT', `${url.host} did not answer within ${cfg.fetch_proxy.timeout_seconds}s`)),
      Math.max(0, deadline - Date.now()),
    );
    onRequest(() => finish(new PipelockError('UPSTREAM_FAILED', 'client went away')));
    upReq.on('error', (err) => finish(err));
    upReq.on('response', (ures: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      ures.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > limit) {
          chunks.length = 0;
          finish(new PipelockError('UPSTREAM_FAILED', `response exceeds fetch_proxy.max_response_mb (${cfg.fetch_proxy.max_response_mb} MB)`, { data: { tooLarge: true } }));
          return;
        }
        chunks.push(chunk);
      });
      ures.on('error', (err) => finish(err));
      ures.on('aborted', () => finish(new PipelockError('UPSTREAM_FAILED', `${url.host} closed the response early`)));
      ures.on('end', () => finish(undefined, { status: ures.statusCode ?? 502, headers: ures.headers, body: Buffer.concat(chunks, size) }));
    });
    upReq.end();
  });
}

/** Handle GET /fetch?url=. The caller routes by path; everything else is decided here. */
export async function handleFetch(d: DaemonContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const scanner = d.scanner();
  const cfg = scanner.config;
  const out = new Outcome(d, 'fetch', clientOf(req.socket), 'GET');
  const findings = out.findings;
  const add = (list: readonly Finding[]): void => out.add(list);
  const timed = <T>(fn: () => T): T => out.scan(fn);
  const record = (decision: string, status: number, reason?: string): void => out.finish(decision, status, reason);
  const refuse = (status: number, body: Record<string, unknown>, decision: string, reason?: string): void => {
    sendJson(res, status, body, decision === 'block' ? { 'x-pipelock-decision': 'block' } : {});
    record(decision, status, reason ?? (typeof body['message'] === 'string' ? body['message'] : undefined));
  };

  if (req.method !== 'GET') return sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET' });
  const raw = new URL(req.url ?? '/', 'http://localhost').searchParams.get('url');
  let target: URL;
  try {
    if (raw === null || raw === '') throw new Error('missing');
    target = new URL(raw);
  } catch {
    return sendJson(res, 400, { error: 'bad_request', message: 'GET /fetch?url=<absolute http(s) URL>' });
  }
  out.host = target.host;
  out.path = target.pathname;
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return sendJson(res, 400, { error: 'bad_request', message: `cannot fetch ${target.protocol} URLs` });
  }
  if (d.killSwitch.active() && !d.killSwitch.clientExempt(req.socket.remoteAddress)) {
    return refuse(503, killSwitchBody(cfg.kill_switch.message), 'kill_switch', 'kill switch active');
  }

  let cancel: (() => void) | undefined;
  res.once('close', () => cancel?.());
  const deadline = Date.now() + cfg.fetch_proxy.timeout_seconds * 1000;
  let current = target;
  let fetched: Fetched | undefined;
  for (let hop = 0; ; hop++) {
    const t = performance.now();
    const check = await checkDestination(d, scanner, current, 'fetch');
    out.scanSeconds += (performance.now() - t) / 1000; // includes DNS; the engine dominates on cached answers
    add(check.findings);
    if (!check.ok) {
      if (check.kind === 'blocked') {
        return refuse(403, { ...blockBody(cfg, findings, 'request'), url: current.href }, 'block', hop > 0 ? `redirect ${hop} blocked` : undefined);
      }
      const s = upstreamError(check.error);
      return refuse(s.status, { error: s.error, message: s.message }, 'error');
    }
    try {
      fetched = await getOnce(d, scanner, current, check.ip, deadline, (destroy) => (cancel = destroy));
    } catch (err) {
      if (res.destroyed) return record('error', 499, 'client closed the connection');
      if (err instanceof PipelockError && (err.data as { tooLarge?: boolean } | undefined)?.tooLarge) {
        return refuse(502, { error: 'response_too_large', message: err.message }, 'block');
      }
      const s = upstreamError(err);
      return refuse(s.status, { error: s.error, message: s.message }, 'error');
    }
    const location = fetched.headers.location;
    if (!REDIRECTS.has(fetched.status) || location === undefined) break;
    if (hop >= MAX_REDIRECTS) {
      return refuse(502, { error: 'too_many_redirects', message: `more than ${MAX_REDIRECTS} redirects` }, 'error');
    }
    let next: URL;
    try {
      next = new URL(location, current);
    } catch {
      return refuse(502, { error: 'bad_redirect', message: 'redirect Location is not a URL' }, 'error');
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      return refuse(502, { error: 'bad_redirect', message: `redirect to a ${next.protocol} URL` }, 'error');
    }
    current = next;
  }

  const encoding = fetched.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity' && encoding.trim() !== '') {
    // We asked for identity; a coded body cannot be scanned, so it is not returned.
    return refuse(502, { error: 'unreadable_encoding', message: `response is ${encoding}-encoded and cannot be scanned` }, 'block');
  }
  const contentType = fetched.headers['content-type'] ?? '';
  const media = mediaType(contentType);
  let kind = mediaClass(media.type);
  const dec = decoder(media.charset);
  if (kind === 'binary' || dec === undefined) {
    return refuse(415, { error: 'unsupported_media_type', content_type: contentType, message: 'only HTML and text responses can be fetched' }, 'block');
  }
  let body = dec.decode(fetched.body);
  if (kind === 'sniff') {
    // NUL bytes in the first KB mean binary (the heuristic git uses).
    if (body.slice(0, 1024).includes('\u0000')) {
      return refuse(415, { error: 'unsupported_media_type', content_type: contentType, message: 'only HTML and text responses can be fetched' }, 'block');
    }
    kind = 'text';
  }
  if (body.charCodeAt(0) === 0xfeff) body = body.slice(1);
  const page = kind === 'html' ? extractText(body) : { title: '', text: body };

  // Scanned as one JSON document: core scans the decoded values (title and
  // text together) and a strip keeps the document valid.
  const result = timed(() =>
    scanner.scanResponse({ url: current.href, status: fetched.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(page) }),
  );
  add(result.findings);
  const budget = fetched.body.length > 0 ? scanner.recordBytes(current.href, fetched.body.length) : undefined;
  if (budget) add(budget.findings);
  const action = strongestAction([result.action, ...findings.map((f) => f.action)]);
  if (action === 'block') {
    return refuse(403, { ...blockBody(cfg, findings, 'response'), url: target.href, final_url: current.href }, 'block');
  }
  let { title, text } = page;
  if (result.action === 'strip') {
    try {
      const stripped = JSON.parse(result.body ?? '') as { title?: unknown; text?: unknown };
      if (typeof stripped.title !== 'string' || typeof stripped.text !== 'string') throw new Error('shape');
      title = stripped.title;
      text = stripped.text;
    } catch {
      // Fail closed: a strip we cannot apply is a block.
      return refuse(403, { ...blockBody(cfg, findings, 'response'), url: target.href, final_url: current.href }, 'block');
    }
  }
  sendJson(
    res,
    200,
    {
      url: target.href,
      final_url: current.href,
      status: fetched.status,
      content_type: contentType,
      title,
      text,
      action,
      findings: loggedFindings(findings),
    },
    { 'x-pipelock-decision': action },
  );
  record(action, 200);
}
