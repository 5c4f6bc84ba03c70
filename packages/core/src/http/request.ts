// Outbound HTTP requests: URL, headers and body, scanned for what must not
// leave (DLP). The verdict is the strongest finding's action; fail-closed
// conditions (compressed, too large, unparsable) block whatever the action.
import type { RawHit, ScanContext } from '../context.js';
import { redact } from '../redact.js';
import { encodedCredentialValue, PayloadSignals } from '../exfil/index.js';
import type { Finding, HeadersLike, ScanResult } from '../types.js';
import { strongestAction } from '../types.js';
import { prepareBody, walkBody } from './body.js';
import type { PreparedBody, SegmentVisitor } from './body.js';
import { normalizeHeaders, scanRequestHeaders } from './headers.js';
import { httpsHostOf } from './issuers.js';
import { withDlpMemo } from './memo.js';
import { FindingSink, hitKey } from './sink.js';

export interface HttpRequestInput {
  method: string;
  url: string;
  headers?: HeadersLike;
  body?: string | Uint8Array;
}

/**
 * Scan one outbound request. `urlScan` is the URL pipeline (its findings are
 * included as they are). Headers and body are scanned when
 * request_body_scanning is enabled. `strip` is a response-only action
 * (product.md §3): a request finding that resolves to strip blocks instead.
 */
export function scanHttpRequest(scanCtx: ScanContext, urlScan: (url: string) => Finding[], req: HttpRequestInput): ScanResult {
  const findings: Finding[] = [...urlScan(req.url)];
  const cfg = scanCtx.config.request_body_scanning;
  if (cfg.enabled) {
    // Header lines and JSON keys repeat from request to request (http/memo.ts).
    const ctx = withDlpMemo(scanCtx);
    const sink = new FindingSink(ctx, 'request_body_scanning');
    const headers = normalizeHeaders(req.headers);
    scanRequestHeaders(ctx, headers, sink, ctx.config.dlp.issuer_hosts ? httpsHostOf(req.url) : undefined);
    const body = prepareBody(headers, req.body, { maxBytes: cfg.max_body_bytes }, sink);
    if (body) scanOutboundBody(ctx, body, sink);
    for (const f of sink.findings) findings.push(f.action === 'strip' ? { ...f, action: 'block' } : f);
  }
  return { action: strongestAction(findings.map((f) => f.action)), findings };
}

/**
 * DLP over an outbound payload already read into text: every segment the
 * walk yields (JSON keys and values, form fields, multipart parts), the
 * payload-level signals (credential dumps, bulk personal data), and for JSON
 * one raw pass. Shared by HTTP request bodies, WebSocket messages and A2A
 * parts; locations start at the body's `base` ('body' unless given).
 */
export function scanOutboundBody(ctx: ScanContext, body: PreparedBody, sink: FindingSink, base = 'body'): void {
  const seen = new Set<string>();
  // Dumps and bulk records: no single segment shows them (exfil/dump.ts).
  const signals = new PayloadSignals();
  // Short values in order, for a secret split across several of them.
  const pieces: string[] = [];
  const visit: SegmentVisitor = (text, where, isKey) => {
    const hits = ctx.dlp(text);
    signals.segment(text, isKey, () => (isKey ? base : where.location()));
    if (!isKey && text.length < MAX_JOIN_PIECE && pieces.length < MAX_JOIN_PIECES && !DIGITS_ONLY.test(text)) pieces.push(text);
    if (hits.length === 0 && !isKey) {
      // A value that is one encoded blob of a credential no DLP pattern knows.
      const view = encodedCredentialValue(text);
      if (view !== undefined) {
        sink.add([{ scanner: 'dlp', rule: ENCODED_CREDENTIAL_RULE, severity: 'high', excerpt: `${redact(text.trim())} decodes to a credential`, encoding: view.chain }], where.location());
      }
      return undefined;
    }
    if (hits.length === 0) return undefined;
    signals.hits(hits);
    if (isKey) where.redactKey(text);
    for (const h of hits) seen.add(hitKey(h));
    sink.add(hits, where.location());
    return undefined;
  };
  walkBody(body, visit, sink, base);
  for (const { hit, location } of signals.result()) sink.add([hit], location ?? base);
  // Digit-only values stay out: dates and ids joined would pass the card checksum.
  if (pieces.length >= 2) {
    const fresh = ctx.dlp(pieces.join('')).filter((h) => !seen.has(hitKey(h)));
    for (const h of fresh) seen.add(hitKey(h));
    if (fresh.length > 0) sink.add(fresh, `${base}(joined)`);
  }
  // One pass over the raw text as the origin will see it: catches what
  // parsing hides from the walk (a duplicated JSON key whose first value
  // the parser dropped, integers beyond 2^53 that lost digits).
  if (body.kind === 'json' || body.kind === 'ndjson') rawPass(ctx, body.text, seen, sink, `${base}(raw)`);
}

export const ENCODED_CREDENTIAL_RULE = 'Encoded Credential In Body';

/** Values joined for split secrets: short ones (a split secret's pieces are short), at most this many. */
const MAX_JOIN_PIECE = 512;
const MAX_JOIN_PIECES = 64;
const DIGITS_ONLY = /^[\d\s.,:_/+-]*$/;

function rawPass(ctx: ScanContext, text: string, seen: Set<string>, sink: FindingSink, location: string): void {
  const fresh: RawHit[] = [];
  for (const h of ctx.dlp(text)) if (!seen.has(hitKey(h))) fresh.push(h);
  if (fresh.length > 0) sink.add(fresh, location);
}
