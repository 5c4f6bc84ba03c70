// Inbound HTTP responses: what the agent is about to read, scanned for
// prompt injection (unless the host is exempt) and for secrets. JSON bodies
// are scanned as their decoded string values, not as raw JSON, so escapes
// (\u0069gnore) cannot hide text; `strip` rewrites inside the values so the
// body stays valid JSON.
import type { RawHit, ScanContext } from '../context.js';
import type { Finding, HeadersLike, ScanResult } from '../types.js';
import { strongestAction } from '../types.js';
import { prepareBody, walkBody } from './body.js';
import type { SegmentVisitor } from './body.js';
import { isExemptUrl } from './exempt.js';
import { normalizeHeaders } from './headers.js';
import { FindingSink } from './sink.js';
import { createSseStreamScanner } from './stream.js';

export interface HttpResponseInput {
  url?: string;
  status?: number;
  headers?: HeadersLike;
  body: string | Uint8Array;
}

export interface HttpResponseOptions {
  /** Bytes above which the body fails closed ('Body Too Large'); the proxy passes its read limit. No limit when absent. */
  maxBodyBytes?: number;
}

/** The injection engine's strip: the text with matched spans removed, and what matched. */
export type StripFn = (text: string) => { text: string; hits: RawHit[] };

/** What replaces a DLP match when a response is stripped. */
export const REDACTED = '[REDACTED]';

/**
 * Scan one response body. Actions follow response_scanning.action through
 * ctx.finding: block, warn, ask (block without an operator), strip (the
 * result carries the rewritten body). Strip rewrites text, JSON and NDJSON
 * bodies; where it cannot (form, multipart, SSE, a DLP match without a
 * span, or text that still matches after stripping) the result blocks.
 */
export function scanHttpResponse(ctx: ScanContext, strip: StripFn, res: HttpResponseInput, opts: HttpResponseOptions = {}): ScanResult {
  const cfg = ctx.config.response_scanning;
  if (!cfg.enabled) return { action: 'allow', findings: [] };
  const injectionOn = !(res.url !== undefined && isExemptUrl(cfg, res.url));
  const headers = normalizeHeaders(res.headers);
  const sink = new FindingSink(ctx, 'response_scanning');
  const body = prepareBody(headers, res.body, { maxBytes: opts.maxBodyBytes }, sink);
  if (!body) return result(sink.findings);

  if (body.kind === 'sse') {
    // A whole event stream handed over at once: the same per-event and
    // cross-event scan as live streaming.
    const s = createSseStreamScanner(ctx, { url: res.url });
    const findings: Finding[] = [];
    for (const d of [...s.push(body.text), ...s.end()]) if (d.kind !== 'hold') findings.push(...d.findings);
    return result(findings.map(noStrip));
  }

  // Pass 1: collect the text segments (string values, keys, part contents)
  // and scan them joined, one DLP and one injection pass per body: engines
  // cost per call, and an instruction split across adjacent JSON values is
  // still one instruction. Hits map back to their segment by offset.
  const texts: string[] = [];
  walkBody(body, (text) => {
    texts.push(text);
    return undefined;
  }, sink);
  if (texts.length === 0) return result(sink.findings);
  const offsets = new Array<number>(texts.length);
  let pos = 0;
  for (let i = 0; i < texts.length; i++) {
    offsets[i] = pos;
    pos += (texts[i] ?? '').length + 1;
  }
  const joined = texts.length === 1 ? (texts[0] ?? '') : texts.join('\n');
  const dlpHits = ctx.dlp(joined);
  const injHits = injectionOn ? ctx.injection(joined) : [];
  if (dlpHits.length === 0 && injHits.length === 0) return result(sink.findings);

  const segOf = (h: RawHit): number => (h.start === undefined ? -1 : segmentAt(offsets, h.start));
  const hitSegs = new Map<number, RawHit[]>(); // segment -> its DLP hits, spans relative to the segment
  for (const h of dlpHits) {
    const i = segOf(h);
    if (i < 0) continue;
    const shift = offsets[i] ?? 0;
    const list = hitSegs.get(i) ?? [];
    list.push({ ...h, start: (h.start ?? 0) - shift, end: h.end === undefined ? undefined : h.end - shift });
    hitSegs.set(i, list);
  }
  const dlpSegs = new Set(hitSegs.keys());
  for (const h of injHits) {
    const i = segOf(h);
    if (i >= 0 && !hitSegs.has(i)) hitSegs.set(i, []);
  }
  // Locations only for segments with hits: a second walk, paid only when something matched.
  const locations = new Map<number, string>();
  let seg = 0;
  walkBody(body, (text, where, isKey) => {
    const i = seg++;
    if (!hitSegs.has(i)) return undefined;
    // A key that is itself a secret must not reach a location.
    if (isKey && dlpSegs.has(i)) where.redactKey(text);
    locations.set(i, where.location());
    return undefined;
  }, new FindingSink(ctx, 'response_scanning'));
  const locate = (h: RawHit): string => locations.get(segOf(h)) ?? 'body';
  for (const h of dlpHits) sink.add([h], locate(h));
  for (const h of injHits) sink.add([h], locate(h));
  const findings = sink.findings;
  if (strongestAction(findings.map((f) => f.action)) !== 'strip') return result(findings);

  // Pass 2 (strip): rewrite only the segments that had hits, then re-scan
  // the rewritten segments to make sure nothing enforceable is left.
  if (body.kind !== 'json' && body.kind !== 'ndjson' && body.kind !== 'text') return result(findings.map(noStrip));
  if (dlpHits.some((h) => segOf(h) < 0) || injHits.some((h) => segOf(h) < 0)) return result(findings.map(noStrip));
  let residue = false;
  const after: string[] = [];
  seg = 0;
  const rewrite: SegmentVisitor = (text) => {
    const i = seg++;
    const segDlp = hitSegs.get(i);
    if (segDlp === undefined) {
      after.push(text);
      return undefined;
    }
    const redacted = redactSpans(text, segDlp);
    if (redacted === undefined) {
      residue = true;
      after.push(text);
      return undefined;
    }
    const stripped = injectionOn ? strip(redacted).text : redacted;
    after.push(stripped);
    return stripped === text ? undefined : stripped;
  };
  const rewritten = walkBody(body, rewrite, new FindingSink(ctx, 'response_scanning'));
  if (residue || enforceable(ctx, after.join('\n'), injectionOn)) return result(findings.map(noStrip));
  return { action: 'strip', findings, body: rewritten ?? body.text };
}

/** Index of the segment whose [offset, next offset) holds `pos`. */
function segmentAt(offsets: number[], pos: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  if (hi < 0 || pos < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((offsets[mid] ?? 0) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function result(findings: Finding[]): ScanResult {
  return { action: strongestAction(findings.map((f) => f.action)), findings };
}

/** A strip we cannot perform is a block: forwarding the match would be the bypass. */
function noStrip(f: Finding): Finding {
  return f.action === 'strip' ? { ...f, action: 'block' } : f;
}

/** Replace each DLP match span with REDACTED; undefined when a hit has no usable span. */
function redactSpans(text: string, hits: RawHit[]): string | undefined {
  if (hits.length === 0) return text;
  const spans: Array<[number, number]> = [];
  for (const h of hits) {
    if (h.start === undefined || h.end === undefined || h.start < 0 || h.end > text.length || h.end <= h.start) return undefined;
    spans.push([h.start, h.end]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let pos = 0;
  for (const [s, e] of spans) {
    if (e <= pos) continue;
    out += text.slice(pos, Math.max(pos, s)) + REDACTED;
    pos = e;
  }
  return out + text.slice(pos);
}

/** Whether text still holds a hit that would strip or block (the check that a strip really cleaned). */
function enforceable(ctx: ScanContext, text: string, injectionOn: boolean): boolean {
  const hits = injectionOn ? [...ctx.dlp(text), ...ctx.injection(text)] : ctx.dlp(text);
  for (const h of hits) {
    const a = ctx.finding(h, 'body', 'response_scanning').action;
    if (a === 'strip' || a === 'block') return true;
  }
  return false;
}
