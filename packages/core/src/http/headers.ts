// Request headers: which ones are scanned and how. A secret may sit in one
// header's value, behind an auth scheme, base64'd in Basic credentials, or be
// split across several headers, so each value is scanned alone, as
// "name: value", and all scanned values are scanned once more joined in order.
import type { Config } from '../config/index.js';
import type { RawHit, ScanContext } from '../context.js';
import type { HeadersLike } from '../types.js';
import { hitKey } from './sink.js';
import type { FindingSink } from './sink.js';
import { isAuthHeader, issuedBy } from './issuers.js';
import { base64ToBytes, decodeUtf8 } from './text.js';

export type HeaderList = Array<[name: string, value: string]>;

/**
 * HeadersLike to lower-cased [name, value] pairs in their original order.
 * Multi-valued headers (arrays, repeated pairs) stay separate entries.
 */
export function normalizeHeaders(h: HeadersLike | undefined): HeaderList {
  const out: HeaderList = [];
  if (h === undefined || h === null) return out;
  if (typeof (h as Iterable<[string, string]>)[Symbol.iterator] === 'function') {
    for (const pair of h as Iterable<[string, string]>) {
      if (pair[1] === undefined || pair[1] === null) continue;
      out.push([String(pair[0]).toLowerCase(), String(pair[1])]);
    }
    return out;
  }
  const maybe = h as { forEach?: unknown };
  if (typeof maybe.forEach === 'function') {
    (h as { forEach(cb: (value: string, key: string) => void): void }).forEach((value, key) => {
      out.push([key.toLowerCase(), String(value)]);
    });
    return out;
  }
  for (const [k, v] of Object.entries(h as Record<string, string | string[] | undefined>)) {
    if (v === undefined || v === null) continue;
    const name = k.toLowerCase();
    if (Array.isArray(v)) for (const item of v) out.push([name, String(item)]);
    else out.push([name, String(v)]);
  }
  return out;
}

/** All values of one (lower-case) header joined with ', ', or undefined. */
export function headerValue(list: HeaderList, name: string): string | undefined {
  let v: string | undefined;
  for (const [n, value] of list) if (n === name) v = v === undefined ? value : `${v}, ${value}`;
  return v;
}

interface HeaderPolicy {
  mode: 'sensitive' | 'all';
  sensitive: ReadonlySet<string>;
  ignore: ReadonlySet<string>;
}

const policies = new WeakMap<Config['request_body_scanning'], HeaderPolicy>();

/** Lower-cased header sets, computed once per config (not per request). */
function policyOf(cfg: Config['request_body_scanning']): HeaderPolicy {
  let p = policies.get(cfg);
  if (!p) {
    p = {
      mode: cfg.header_mode,
      sensitive: new Set(cfg.sensitive_headers.map((s) => s.toLowerCase())),
      ignore: new Set(cfg.ignore_headers.map((s) => s.toLowerCase())),
    };
    policies.set(cfg, p);
  }
  return p;
}

/**
 * Whether a header is scanned. 'sensitive' mode: only sensitive_headers.
 * 'all' mode: everything except ignore_headers. Nothing else is exempt by
 * name: a header the origin receives can carry a secret, so the only
 * built-in exemption is the list the operator can see and edit (the default
 * ignore_headers already holds hop-by-hop and framing headers such as
 * Connection, Host and Content-Length).
 */
export function isScannedHeader(cfg: Config['request_body_scanning'], name: string): boolean {
  const p = policyOf(cfg);
  return p.mode === 'sensitive' ? p.sensitive.has(name) : !p.ignore.has(name);
}

/** Whether a (lower-case) header name is in sensitive_headers. */
function isSensitiveName(cfg: Config['request_body_scanning'], name: string): boolean {
  return policyOf(cfg).sensitive.has(name);
}

/** The name-only DLP class: a random-looking value under a secret-ish name. */
const NAME_ONLY_RULE = 'Secret Assignment';
/** Cookie names under which a random value is a secret the user holds, not a session the site issued. */
const SECRET_COOKIE_NAME = /passw|pwd|secret|api[_.-]?key|private|credential|access[_.-]?key/i;

/**
 * A Cookie header, read whole in one DLP pass; a name-only hit is judged by
 * the name of the cookie it sits in. Sites set session and token cookies
 * themselves and get them back on every request: a random value under a
 * session-ish name (session-token, sid, auth) is what a cookie is, so the
 * name-only class does not count there. Every other class does (a vendor key,
 * a JWT, an encoded secret), and the name-only class still counts under names
 * that say password, secret or API key, or when the hit has no position.
 */
function scanCookie(ctx: ScanContext, value: string, take: (hits: RawHit[]) => void): void {
  const hits = ctx.dlp(value);
  take(hits.some((h) => h.rule === NAME_ONLY_RULE) ? hits.filter((h) => h.rule !== NAME_ONLY_RULE || h.start === undefined || SECRET_COOKIE_NAME.test(cookieNameAt(value, h.start))) : hits);
}

/** The name of the cookie pair ("name=value") that position `at` of a Cookie header falls in. */
function cookieNameAt(value: string, at: number): string {
  const from = value.lastIndexOf(';', at - 1) + 1;
  const eq = value.indexOf('=', from);
  return (eq < 0 || eq > at ? value.slice(from, at) : value.slice(from, eq)).trim();
}

// Auth schemes whose credential follows a space; the credential is scanned alone
// so anchored patterns still match it.
const SCHEME = /^(bearer|basic|token|bot|apikey|api-key|digest|negotiate|ntlm)\s+/i;

/**
 * Scan the request headers the config selects into `sink`. Locations
 * 'header.<name>' and 'header(joined)'. `issuerHost` is the lower-case host
 * of an HTTPS request when dlp.issuer_hosts is on: a provider credential in
 * an authentication header to its own provider's host is not reported
 * (http/issuers.ts).
 */
export function scanRequestHeaders(ctx: ScanContext, headers: HeaderList, sink: FindingSink, issuerHost?: string): void {
  const cfg = ctx.config.request_body_scanning;
  if (!cfg.scan_headers) return;
  const seen = new Set<string>();
  let joined = '';
  let scannedCount = 0;
  for (const [name, value] of headers) {
    if (!isScannedHeader(cfg, name) || value === '') continue;
    scannedCount++;
    const location = `header.${name}`;
    const local = new Set<string>();
    const home = issuerHost !== undefined && isAuthHeader(name) ? issuerHost : undefined;
    const take = (hits: RawHit[]): void => {
      const fresh: RawHit[] = [];
      for (const h of hits) {
        const k = hitKey(h);
        if (local.has(k)) continue;
        local.add(k);
        seen.add(k);
        // Going home: seen (so the joined pass does not report it) but not reported.
        if (home !== undefined && issuedBy(h.rule, home)) continue;
        fresh.push(h);
      }
      sink.add(fresh, location);
    };
    if (name === 'cookie') {
      scanCookie(ctx, value, take);
      joined += value;
      continue;
    }
    const m = SCHEME.exec(value);
    const credential = m ? value.slice(m[0].length).trim() : value;
    // Credential headers get the value alone too (anchored patterns, a
    // whole-value encoding); any other header one pass as "name: value".
    if (m || isSensitiveName(cfg, name)) {
      take(ctx.dlp(credential));
      if (m && m[1]?.toLowerCase() === 'basic') {
        const bytes = base64ToBytes(credential);
        if (bytes) take(ctx.dlp(decodeUtf8(bytes)));
      }
    }
    // "x-api-key: AKIA..." lets context-keyed patterns (key = value) fire.
    take(ctx.dlp(`${name}: ${value}`));
    joined += credential;
  }
  // A secret split across headers only appears in the concatenation; report
  // only what no single header already reported.
  if (scannedCount > 1) {
    // A key that went home in an auth header can run into the next value here: still home.
    const fresh = ctx.dlp(joined).filter((h) => !seen.has(hitKey(h)) && !(issuerHost !== undefined && issuedBy(h.rule, issuerHost)));
    sink.add(fresh, 'header(joined)');
  }
}
