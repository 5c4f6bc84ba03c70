// The URL pipeline: decides whether an agent may reach a URL. Scheme, CRLF,
// traversal, length, blocklist/allowlist, DLP on every part (and on secrets
// split across parts), entropy, SSRF on literal and resolved addresses, and
// per-base-domain rate limit and data budget. It never resolves names or
// reads the clock itself: the caller passes resolved IPs and ctx.now().
//
// Choices a user may trip over, on purpose:
// - '*.x.com' in the blocklist also blocks x.com; in api_allowlist and
//   trusted_domains it does not (list both, as the default allowlist does).
// - In strict mode an empty api_allowlist reaches nothing.
// - Entropy is a warning-level heuristic (medium): known-random-by-design
//   strings are excluded before measuring (see entropy.ts); opaque document
//   ids (Google Docs) still warn, and api_allowlist silences them.
// - Joins of split pieces that are only digits are not scanned (dates and
//   numeric ids would pass the card checksum).
// - Subdomain labels are a channel before any connection (DNS): labels that
//   decode to text, or random label chains, block (labels.ts); platforms whose
//   labels are random ids by design are exempt from the chain count only.
// - Entropy alone stays a warning, except where random data is unmistakable:
//   several long random path segments, or one very long one; a path segment
//   or query value that decodes to a credential-shaped token blocks.
import { DEFAULT_INTERNAL_CIDRS } from '../config/index.js';
import type { RawHit, ScanContext } from '../context.js';
import { decodeViews } from '../encoding/index.js';
import type { DecodedView } from '../encoding/index.js';
import { credentialView, isTokenLike, mayBeEncoded } from '../exfil/index.js';
import { redact } from '../redact.js';
import type { Finding } from '../types.js';
import { percentDecodeDeep } from './decode.js';
import { baseDomain, compileHostGlobs, normalizeHost } from './domain.js';
import { ASSET_DIRS, MIN_LABEL_LENGTH, MIN_SEGMENT_LENGTH, entropyCandidate, shannonEntropy } from './entropy.js';
import { compileCidrs, formatIp, parseIpLoose } from './ip.js';
import type { ParsedIp } from './ip.js';
import { inspectLabels } from './labels.js';
import type { LabelVerdict } from './labels.js';
import { RANDOM_LABEL_PLATFORMS } from './platforms.js';
import { DomainWindows } from './window.js';

export interface UrlScanOptions {
  /** Addresses the caller resolved the host to and will connect to (SSRF is checked on these). */
  resolvedIps?: string[];
  /** Bytes about to be sent or received, counted against the base domain's data budget. */
  bytes?: number;
  /** 'forward' | 'fetch' | 'websocket' | 'connect'. websocket allows ws/wss; connect accepts 'host:port'. */
  transport?: string;
}

export interface UrlScanner {
  scan(url: string, opts?: UrlScanOptions): Finding[];
  /** A host name before DNS (as written, case kept): DLP on it and its labels, and the label verdicts. */
  scanHost(host: string): Finding[];
  /** Count bytes received from a URL's base domain (after a response) against the data budget. */
  recordBytes(url: string, bytes: number): Finding[];
}

export interface UrlScannerOptions {
  /** Cap on base domains tracked for rate limits and budgets (least recently used evicted). */
  maxTrackedDomains?: number;
  /** Per-minute rate limit and data budget; false when the caller supplied no clock. */
  rateLimits?: boolean;
}

/** Joined variants (split secrets) are only scanned when they are at least this long. */
const MIN_JOINED_LENGTH = 16;
/** Pieces considered for joins, and the longest join: a split secret is short, its pieces shorter. */
const MAX_JOIN_PIECES = 12;
const MAX_JOIN_CHARS = 160;
const MAX_ENTROPY_FINDINGS = 4;
const MAX_LOCATION_KEY = 64;
/** Random path data that blocks: two segments of this many random characters (all three classes)... */
const RANDOM_SEGMENT_CHARS = 24;
/** ...or one of this many at RANDOM_LONG_BITS bits per character (base64 of 48+ random bytes). */
const RANDOM_LONG_CHARS = 64;
const RANDOM_LONG_BITS = 5;
/** Whether decoded views cover the whole piece: it is encoded text (data to judge by what it says, not random). */
function coversPiece(views: readonly DecodedView[], piece: string): boolean {
  for (const v of views) if (v.start === 0 && v.end >= piece.length - 2) return true;
  return false;
}

/** URL pieces decoded for a hidden credential: at least this long, at most this many per URL. */
const MIN_ENCODED_PIECE = 16;
const MAX_ENCODED_PIECES = 8;
const PIECE_DECODE_LIMITS = { maxDepth: 3, maxViews: 8 } as const;

const HEX_PIECE_RE = /^[0-9a-f]+$/i;
/**
 * Query parameters whose values are long random strings by design: URL
 * signatures, OAuth and OIDC values, ad click ids, pagination and sync
 * tokens. A long random value under any other name is data being carried.
 */
const RANDOM_BY_DESIGN_PARAMS: ReadonlySet<string> = new Set([
  'signature', 'sig', 'x-amz-signature', 'x-goog-signature', 'x-amz-security-token', 'x-amz-credential', 'policy', 'key-pair-id', 'hmac', 'hash', 'token',
  'code', 'state', 'nonce', 'code_challenge', 'code_verifier', 'id_token', 'access_token', 'refresh_token', 'session_state', 'samlrequest', 'samlresponse', 'relaystate', 'client_assertion',
  'gclid', 'gbraid', 'wbraid', 'fbclid', 'msclkid', 'dclid', 'ttclid', 'twclid', 'li_fat_id', 'yclid', '_gl', 'mc_eid',
  'pagetoken', 'page_token', 'nexttoken', 'next_token', 'continuation', 'cursor', 'after', 'before', 'synctoken', 'sync_token', 'resumetoken',
  'v', 'etag', 'integrity', 'sri', 'checksum', 'digest',
]);

const CARD_RULE = 'Credit Card Number';
const BARE_DIGITS_RE = /^\d+$/;
const isHexCode = (c: number): boolean => (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
/** s[i..] starts like delimiter-separated hex bytes ('41:', '4b-', '41 ', '41,'). */
function delimitedHexAt(s: string, i: number): boolean {
  const d = s.charCodeAt(i + 2);
  return (d === 58 || d === 44 || d === 32 || d === 45) && isHexCode(s.charCodeAt(i)) && isHexCode(s.charCodeAt(i + 1));
}

const SCHEME_RE = /^[a-z][a-z0-9+.-]*:\/\//i;
/** '..' as a whole path segment (or query value) after decoding and '\' -> '/'. */
const TRAVERSAL_RE = /(?:^|[/?&=;])\.\.(?:[/?#&;]|$)/;
/** Encoded dots ('%2e', '%252e', ...): traversal may hide behind them. */
const ENCODED_DOT_RE = /%(?:25)*2e/i;
const CRLF_RE = /[\r\n]/;
const DIGITS_RE = /^[\d\s.,:_-]*$/;
const WORDS_RE = /^[a-z\s.,:_~+-]*$/;
/** 'name.ext' with a short alphabetic extension. */
const FILE_NAME_RE = /\.[a-z][a-z0-9]{0,4}$/;

const LOOPBACK: ParsedIp[] = [parseIpLoose('127.0.0.1') as ParsedIp, parseIpLoose('::1') as ParsedIp];
const METADATA: ParsedIp[] = [parseIpLoose('169.254.169.254') as ParsedIp];
/**
 * Names that reach internal services without DNS (RFC 6761 localhost, cloud
 * metadata aliases). They stand for the addresses they always mean, so the
 * same `internal` and `ssrf.ip_allowlist` rules apply to them.
 */
const INTERNAL_NAMES: ReadonlyMap<string, ParsedIp[]> = new Map([
  ['localhost', LOOPBACK],
  ['localhost.localdomain', LOOPBACK],
  ['ip6-localhost', LOOPBACK],
  ['ip6-loopback', LOOPBACK],
  ['metadata.google.internal', METADATA],
  ['metadata.goog', METADATA],
  ['metadata', METADATA],
  ['instance-data', METADATA],
  ['instance-data.ec2.internal', METADATA],
]);

function impliedAddresses(host: string): ParsedIp[] | undefined {
  const named = INTERNAL_NAMES.get(host);
  if (named) return named;
  if (host.endsWith('.localhost')) return LOOPBACK;
  return undefined;
}

function hit(scanner: string, rule: string, severity: RawHit['severity'], excerpt?: string, failClosed?: boolean): RawHit {
  const h: RawHit = { scanner, rule, severity };
  if (excerpt !== undefined) h.excerpt = excerpt;
  if (failClosed) h.failClosed = true;
  return h;
}

/** A query key as it may appear in a location: bounded and printable. */
function locationKey(key: string): string {
  const k = key.length > MAX_LOCATION_KEY ? key.slice(0, MAX_LOCATION_KEY) : key;
  return k.replace(/[\u0000-\u0020\u007f]/g, '?');
}

/** str.split(sep) without the empty pieces; indexOf + slice is several times faster than split here. */
function splitNonEmpty(str: string, sep: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (;;) {
    const i = str.indexOf(sep, from);
    const end = i < 0 ? str.length : i;
    if (end > from) out.push(str.slice(from, end));
    if (i < 0) return out;
    from = i + 1;
  }
}

interface RawParts {
  /** Case-preserved host as written (no userinfo, no port), or '' when not extractable. */
  host: string;
  /** Path and query as written, without the fragment. */
  tail: string;
}

/** Split the URL as written: WHATWG parsing lower-cases the host and resolves '..' before we could see it. */
function splitRaw(raw: string): RawParts {
  const sep = raw.indexOf('://');
  if (sep < 0) return { host: '', tail: raw };
  const start = sep + 3;
  let end = raw.length;
  for (let i = start; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 47 /* / */ || c === 92 /* \ */ || c === 63 /* ? */ || c === 35 /* # */) {
      end = i;
      break;
    }
  }
  const hash = raw.indexOf('#', end);
  const tail = raw.slice(end, hash < 0 ? raw.length : hash);
  const at = raw.lastIndexOf('@', end - 1);
  let host = raw.slice(at >= start ? at + 1 : start, end);
  if (host.startsWith('[')) return { host: '', tail };
  const colon = host.lastIndexOf(':');
  if (colon >= 0) host = host.slice(0, colon);
  return { host, tail };
}

/** What the pipeline knows about a host, computed once per host and cached. */
interface HostInfo {
  /** Lower-case, no trailing dot, no brackets. */
  host: string;
  /** Rate-limit key: registrable base domain, or the address for IP literals. */
  base: string;
  literal: ParsedIp | null;
  /** Addresses an internal-by-name host stands for (localhost, metadata aliases). */
  implied: ParsedIp[] | undefined;
  blocklisted: boolean;
  allowlisted: boolean;
  trusted: boolean;
  labelEntropyExempt: boolean;
  /** Label chains are not counted as data (platform ids, subdomain_entropy_exclusions). */
  labelDataExempt: boolean;
  /** The label verdict for the name written in lower case (the common case), once computed. */
  labels?: LabelVerdict;
}

const HOST_CACHE_MAX = 4096;
const QUERY_LOC = 'url.query.';

/**
 * Build the URL scanner for one config. Everything is compiled here (host
 * globs, CIDR tables); scan() is the hot path.
 */
export function createUrlScanner(ctx: ScanContext, options: UrlScannerOptions = {}): UrlScanner {
  const cfg = ctx.config;
  const mon = cfg.fetch_proxy.monitoring;
  const maxUrlLength = mon.max_url_length;
  const pathThreshold = mon.entropy_threshold;
  const labelThreshold = mon.subdomain_entropy_threshold ?? mon.entropy_threshold;
  // Without a real clock (no `now` given to createScanner) a window never
  // ends, so per-minute limits would only ever fill up: they are off then.
  const limits = options.rateLimits !== false;
  const maxRequests = limits ? (mon.max_requests_per_minute ?? 0) : 0;
  const maxData = limits ? (mon.max_data_per_minute ?? 0) : 0;
  const strict = cfg.mode === 'strict';

  // Deny lists also match the apex ('*.pastebin.com' blocks pastebin.com);
  // allow lists do not (list 'github.com' and '*.github.com' to allow both).
  const isBlocklisted = compileHostGlobs(mon.blocklist ?? [], { apex: true });
  const isAllowlisted = compileHostGlobs(cfg.api_allowlist ?? [], { apex: false });
  const isTrusted = compileHostGlobs(cfg.trusted_domains ?? [], { apex: false });
  const isLabelEntropyExempt = compileHostGlobs(mon.subdomain_entropy_exclusions ?? [], { apex: true });
  const isRandomLabelPlatform = compileHostGlobs(RANDOM_LABEL_PLATFORMS, { apex: true });
  const internal = compileCidrs(cfg.internal ?? DEFAULT_INTERNAL_CIDRS);
  const ipAllowlist = compileCidrs(cfg.ssrf?.ip_allowlist ?? []);
  const windows = new DomainWindows(options.maxTrackedDomains ?? 10_000);
  const hostCache = new Map<string, HostInfo>();
  /** Label verdicts by host as written (case matters for base64), bounded like hostCache. */
  const labelCache = new Map<string, LabelVerdict>();

  // Parts of the URL handed to DLP, reused across calls (scan is synchronous).
  // The parts are also concatenated as they are added ('\n' between them) so
  // that the engine runs once per URL; `starts` maps its offsets back to parts.
  const texts: string[] = [];
  const locs: string[] = [];
  /** For query parameters: the decoded key (its location is built only when something is found). */
  const keys: (string | undefined)[] = [];
  const starts: number[] = [];
  let nParts = 0;
  let combined = '';

  function add(t: string, loc: string, key?: string): void {
    texts[nParts] = t;
    locs[nParts] = loc;
    keys[nParts] = key;
    if (nParts === 0) {
      starts[0] = 0;
      combined = t;
    } else {
      starts[nParts] = combined.length + 1;
      combined = `${combined}\n${t}`;
    }
    nParts++;
  }

  /**
   * A secret split over consecutive pieces (query values, path segments,
   * host labels) is reassembled: every run of two or more consecutive
   * pieces, so decoy pieces before or after cannot glue onto the secret and
   * break its word boundaries. Bounded by MAX_JOIN_PIECES and MAX_JOIN_CHARS.
   * Not joined, to keep ordinary URLs cheap and quiet: file names
   * ('app.3f9a8c1e.js' ends a run: a secret inside one is found in the piece
   * itself), runs that are only digits (dates and ids would pass the card
   * checksum) and runs that are only lower-case words ('_nextstaticchunks').
   */
  function addJoins(pieces: string[], loc: string, upper: boolean): void {
    const n = Math.min(pieces.length, MAX_JOIN_PIECES);
    if (n < 2) return;
    let total = 0;
    for (let i = 0; i < n; i++) total += (pieces[i] as string).length;
    if (total < MIN_JOINED_LENGTH) return;
    for (let i = 0; i < n - 1; i++) {
      let s = pieces[i] as string;
      if (FILE_NAME_RE.test(s)) continue;
      for (let j = i + 1; j < n; j++) {
        const next = pieces[j] as string;
        if (FILE_NAME_RE.test(next)) break;
        s += next;
        if (s.length > MAX_JOIN_CHARS) break;
        if (s.length < MIN_JOINED_LENGTH || DIGITS_RE.test(s) || WORDS_RE.test(s)) continue;
        add(s, loc);
        if (upper) {
          const up = s.toUpperCase();
          if (up !== s) add(up, loc);
        }
      }
    }
  }

  function hostInfo(hostname: string): HostInfo {
    const cached = hostCache.get(hostname);
    if (cached) return cached;
    const host = normalizeHost(hostname);
    const c0 = host.charCodeAt(0);
    const literal = host !== '' && ((c0 >= 48 && c0 <= 57) || host.includes(':')) ? parseIpLoose(host) : null;
    const info: HostInfo = {
      host,
      base: host === '' || literal ? host : baseDomain(host),
      literal,
      implied: literal ? undefined : impliedAddresses(host),
      blocklisted: host !== '' && isBlocklisted(host),
      allowlisted: host !== '' && isAllowlisted(host),
      trusted: host !== '' && isTrusted(host),
      labelEntropyExempt: isLabelEntropyExempt(host),
      labelDataExempt: false,
    };
    info.labelDataExempt = info.labelEntropyExempt || (host !== '' && !literal && isRandomLabelPlatform(host));
    if (hostCache.size >= HOST_CACHE_MAX) hostCache.clear();
    hostCache.set(hostname, info);
    return info;
  }

  function isInternal(ip: ParsedIp): boolean {
    return internal.contains(ip) && !ipAllowlist.contains(ip);
  }

  /**
   * A resolved address as the caller passed it: parsed and checked once per
   * string (the same few addresses come back on every request to a host),
   * bounded like hostCache. Internal ones are not cached: they are reported.
   */
  const externalResolved = new Set<string>();
  function internalResolved(s: string): ParsedIp | undefined {
    if (externalResolved.has(s)) return undefined;
    const ip = parseIpLoose(s);
    if (ip && isInternal(ip)) return ip;
    if (externalResolved.size >= HOST_CACHE_MAX) externalResolved.clear();
    externalResolved.add(s);
    return undefined;
  }

  function locationOf(i: number, hitStart: number | undefined, partStart: number): string {
    const key = keys[i];
    if (key === undefined) return locs[i] as string;
    // A secret used as a query key must not end up in the location string.
    if (hitStart !== undefined && hitStart < partStart + key.length) return 'url.query(key)';
    return QUERY_LOC + locationKey(key);
  }

  function scanDlp(out: Finding[]): void {
    const n = nParts;
    if (n === 0) return;
    // One engine pass over all parts; the engine's offsets say which part a hit is in.
    const all = combined;
    const hits = ctx.dlp(all);
    combined = '';
    if (hits.length === 0) return;
    const partAt = (pos: number): number => {
      for (let i = n - 1; i >= 0; i--) if ((starts[i] as number) <= pos) return i;
      return -1;
    };
    // The same secret is often in several parts (a value and a join of values):
    // report it once, at the earliest (most specific) part. One hit needs no table.
    let chosen: Iterable<{ h: RawHit; part: number }>;
    if (hits.length === 1) {
      const h = hits[0] as RawHit;
      chosen = [{ h, part: h.start === undefined ? -1 : partAt(h.start) }];
    } else {
      const best = new Map<string, { h: RawHit; part: number }>();
      for (const h of hits) {
        const id = `${h.rule}\u0000${h.secretHash ?? h.excerpt ?? ''}`;
        const part = h.start === undefined ? -1 : partAt(h.start);
        const prev = best.get(id);
        if (!prev || (part >= 0 && (prev.part < 0 || part < prev.part))) best.set(id, { h, part });
      }
      chosen = best.values();
    }
    let perPart: (RawHit[] | undefined)[] | undefined;
    for (const { h, part } of chosen) {
      if (part >= 0) {
        const f = ctx.finding(idSegmentCard(h, part, all), locationOf(part, h.start, starts[part] as number), 'url');
        out.push(f);
        continue;
      }
      // No offset from the engine: find the part by scanning them one by one.
      perPart ??= new Array<RawHit[] | undefined>(n);
      let found = false;
      for (let i = 0; i < n && !found; i++) {
        let ph = perPart[i];
        if (ph === undefined) ph = perPart[i] = ctx.dlp(texts[i] as string);
        const m = ph.find((x) => x.rule === h.rule && (x.secretHash === undefined || h.secretHash === undefined || x.secretHash === h.secretHash));
        if (m) {
          found = true;
          out.push(ctx.finding(m, locationOf(i, m.start === undefined ? undefined : (starts[i] as number) + m.start, starts[i] as number), 'url'));
        }
      }
      if (!found) out.push(ctx.finding(h, 'url', 'url'));
    }
  }

  /**
   * The host's DLP parts: the name, joins of its subdomain labels (upper-cased
   * too: DNS lower-cases), and what the labels decode to; plus the label
   * verdict, cached per host as written.
   */
  function addHostParts(hi: HostInfo, hostText: string): LabelVerdict | undefined {
    const host = hi.host;
    add(hostText, 'url.host');
    hostSubLabels = undefined;
    const base = hi.base;
    if (base.length >= host.length) return undefined;
    const sub = hostText.slice(0, host.length - base.length - 1);
    const subLabels = splitNonEmpty(sub, '.');
    // DNS is case-insensitive: an upper-case secret survives lower-casing only as its upper-case form.
    addJoins(subLabels, 'url.host(joined)', true);
    if (subLabels.length === 1 && sub.length >= MIN_JOINED_LENGTH) {
      const upper = sub.toUpperCase();
      if (upper !== sub) add(upper, 'url.host');
    } else {
      // A long label on its own, upper-cased: 'akia...' survives DNS only lower-cased.
      for (const l of subLabels) {
        if (l.length < MIN_JOINED_LENGTH) continue;
        const upper = l.toUpperCase();
        if (upper !== l) add(upper, 'url.host');
      }
    }
    hostSubLabels = subLabels;
    // Case matters only to base64: a name as written in lower case keeps its verdict on its HostInfo.
    let labels = hostText === host ? hi.labels : labelCache.get(hostText);
    if (labels === undefined) {
      labels = inspectLabels(subLabels, hi.labelDataExempt);
      if (hostText === host) hi.labels = labels;
      else {
        if (labelCache.size >= HOST_CACHE_MAX) labelCache.clear();
        labelCache.set(hostText, labels);
      }
    }
    // What the labels decode to is scanned like any other part: a key, an env value.
    for (let i = 0; i < labels.decoded.length; i++) add(labels.decoded[i] as string, 'url.host(decoded)');
    return labels;
  }
  /** The subdomain labels addHostParts split (scan is synchronous: read right after the call). */
  let hostSubLabels: string[] | undefined;

  /**
   * The checks a host name needs before it is resolved (the lookup itself
   * carries the labels out): DLP on the name and its labels, and the label
   * verdicts. IP literals need no lookup: empty.
   */
  function scanHost(name: string): Finding[] {
    const out: Finding[] = [];
    let raw = name;
    if (raw.endsWith('.')) raw = raw.slice(0, -1);
    if (raw.startsWith('[')) return out;
    const hi = hostInfo(raw.toLowerCase());
    if (hi.host === '' || hi.literal) return out;
    nParts = 0;
    combined = '';
    const hostText = raw.length === hi.host.length && raw.toLowerCase() === hi.host ? raw : hi.host;
    const labels = addHostParts(hi, hostText);
    scanDlp(out);
    if (labels !== undefined && (labels.encodedText || labels.dataLabels)) labelFindings(out, labels);
    return out;
  }

  /** Subdomain labels that carry data: encoded text, or random label chains (labels.ts decides). */
  function labelFindings(out: Finding[], v: LabelVerdict): void {
    if (v.encodedText) {
      const h = hit('url', 'Encoded Data In Hostname', 'high', `labels decode to text (${v.encoding?.join('+') ?? 'encoded'})`);
      if (v.encoding) h.encoding = v.encoding;
      out.push(ctx.finding(h, 'url.host', 'url'));
    } else if (v.dataLabels) {
      out.push(ctx.finding(hit('url', 'Data In Hostname Labels', 'high', `${v.dataChars} random-looking characters in subdomain labels`), 'url.host', 'url'));
    }
  }

  /**
   * Path segments and query values that decode (base64, base32, hex, URL,
   * chains) to a credential-shaped token or a secret assignment: a secret
   * without a provider prefix, hidden by encoding it. Only long pieces that
   * are neither hashes of assets nor ids are decoded.
   */
  /** Decoded views of the pieces of the URL being scanned (a piece is decoded once per scan). */
  const pieceViews = new Map<string, DecodedView[]>();
  function viewsOf(piece: string): DecodedView[] {
    let v = pieceViews.get(piece);
    if (v === undefined) {
      v = decodeViews(piece, PIECE_DECODE_LIMITS);
      pieceViews.set(piece, v);
    }
    return v;
  }

  function encodedPieces(out: Finding[], segments: string[] | undefined, values: string[] | undefined, keys: string[] | undefined): void {
    let budget = MAX_ENCODED_PIECES;
    const check = (piece: string, loc: string): boolean => {
      if (piece.length < MIN_ENCODED_PIECE || budget <= 0 || !mayBeEncoded(piece)) return false;
      // Hex text is skipped by the entropy filter (hashes); decode it only when long enough to hold a credential.
      if (!HEX_PIECE_RE.test(piece) && entropyCandidate(piece, MIN_ENCODED_PIECE, 'segment') === null) return false;
      budget--;
      const v = credentialView(viewsOf(piece));
      if (v === undefined) return false;
      const h = hit('url', 'Encoded Credential In URL', 'high', `${redact(piece)} decodes to a credential`);
      h.encoding = v.chain;
      out.push(ctx.finding(h, loc, 'url'));
      return true;
    };
    if (segments) {
      for (const seg of segments) {
        if (ASSET_DIRS.has(seg.toLowerCase())) break;
        if (check(seg, 'url.path')) return;
      }
    }
    if (values && keys) {
      for (let i = 0; i < values.length; i++) if (check(values[i] as string, QUERY_LOC + locationKey(keys[i] as string))) return;
    }
  }

  /**
   * A card-number match that is a whole path segment of bare digits
   * ('/api/4505871093121024/envelope') is a resource id far more often than a
   * card: Sentry project ids, snowflakes and order numbers pass Luhn one time
   * in ten. It is kept, at medium severity (a warning in balanced mode); card
   * numbers in query values, with separators or inside text still block.
   */
  function idSegmentCard(h: RawHit, part: number, all: string): RawHit {
    if (h.rule !== CARD_RULE || locs[part] !== 'url.path' || h.start === undefined || h.end === undefined) return h;
    const before = h.start > 0 ? all.charCodeAt(h.start - 1) : 47;
    const after = h.end < all.length ? all.charCodeAt(h.end) : 47;
    const edge = (c: number): boolean => c === 47 /* / */ || c === 10 /* part end */;
    if (!edge(before) || !edge(after) || !BARE_DIGITS_RE.test(all.slice(h.start, h.end))) return h;
    return { ...h, severity: 'medium' };
  }

  function scan(url: string, opts: UrlScanOptions = {}): Finding[] {
    if (pieceViews.size > 0) pieceViews.clear();
    const out: Finding[] = [];
    const transport = opts.transport;
    let raw = url;
    // CONNECT authority form: 'host:port'.
    if (transport === 'connect' && !SCHEME_RE.test(raw)) raw = `https://${raw}`;

    // ---- 1. the string as written ----
    if (raw.length > maxUrlLength) {
      out.push(ctx.finding(hit('url', 'URL Too Long', 'high', `${raw.length} chars (max ${maxUrlLength})`), 'url', 'url'));
    }
    const hasPct = raw.indexOf('%') >= 0;
    if (raw.indexOf('\r') >= 0 || raw.indexOf('\n') >= 0 || (hasPct && CRLF_RE.test(percentDecodeDeep(raw)))) {
      out.push(ctx.finding(hit('url', 'CRLF Injection', 'high', 'CR/LF in URL', true), 'url', 'url'));
    }
    let rawParts: RawParts | undefined;
    if (raw.indexOf('..') >= 0 || (hasPct && ENCODED_DOT_RE.test(raw))) {
      rawParts = splitRaw(raw);
      const tail = rawParts.tail;
      const q = tail.indexOf('?');
      const inPath = TRAVERSAL_RE.test(percentDecodeDeep(q < 0 ? tail : tail.slice(0, q)).replace(/\\/g, '/'));
      const inQuery = !inPath && q >= 0 && TRAVERSAL_RE.test(percentDecodeDeep(tail.slice(q)).replace(/\\/g, '/'));
      if (inPath || inQuery) {
        out.push(ctx.finding(hit('url', 'Path Traversal', 'high', "'..' path segment"), inPath ? 'url.path' : 'url.query', 'url'));
      }
    }

    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      out.push(ctx.finding(hit('url', 'Invalid URL', 'high', redact(raw), true), 'url', 'url'));
      // Still say what the string leaks, for the log.
      for (const h of ctx.dlp(raw)) out.push(ctx.finding(h, 'url', 'url'));
      return out;
    }

    // ---- 2. scheme ----
    const proto = u.protocol;
    const schemeOk =
      proto === 'https:' || proto === 'http:' || (transport === 'websocket' && (proto === 'wss:' || proto === 'ws:'));
    if (!schemeOk) {
      out.push(ctx.finding(hit('url', 'Blocked Scheme', 'high', proto.slice(0, -1).slice(0, 32), true), 'url.scheme', 'url'));
    }

    // ---- 3. host lists ----
    const hostname = u.hostname;
    const hi = hostInfo(hostname);
    const host = hi.host;
    if (hi.blocklisted) {
      out.push(ctx.finding(hit('url', 'Blocklisted Domain', 'high', host, true), 'url.host', 'url'));
    }
    if (strict && host !== '' && !hi.allowlisted) {
      out.push(ctx.finding(hit('url', 'Host Not In Allowlist', 'high', host), 'url.host', 'url'));
    }

    // ---- 4. SSRF ----
    const resolved = opts.resolvedIps;
    if (host !== '' && !hi.trusted && (hi.literal || hi.implied || (resolved && resolved.length > 0))) {
      const via = transport ? `${transport}: ` : '';
      let flagged = false;
      if (hi.literal) {
        if (isInternal(hi.literal)) {
          flagged = true;
          out.push(ctx.finding(hit('ssrf', 'SSRF: Internal Address', 'critical', `${via}${formatIp(hi.literal)}`, true), 'url.host', 'url'));
        }
      } else if (hi.implied) {
        const implied = hi.implied;
        if (implied.some((ip) => internal.contains(ip)) && !implied.some((ip) => ipAllowlist.contains(ip))) {
          flagged = true;
          out.push(ctx.finding(hit('ssrf', 'SSRF: Internal Address', 'critical', `${via}${host}`, true), 'url.host', 'url'));
        }
      }
      if (resolved && !flagged) {
        for (const s of resolved) {
          const ip = internalResolved(s);
          if (ip) {
            const h = hit('ssrf', 'SSRF: Internal Address', 'critical', `${via}${host} -> ${formatIp(ip)}`, true);
            out.push(ctx.finding(h, 'url.host(resolved)', 'url'));
            break;
          }
        }
      }
    }

    // ---- 5. DLP on every part ----
    nParts = 0;
    combined = '';
    let subLabels: string[] | undefined;
    let labels: LabelVerdict | undefined;
    if (host !== '' && !hi.literal) {
      // Keep the case as written when it is the same name (an AKIA... key
      // survives only in upper case); WHATWG parsing lower-cased u.hostname.
      let hostText = host;
      if (raw.indexOf(host) < 0) {
        let rh = (rawParts ??= splitRaw(raw)).host;
        if (rh.endsWith('.')) rh = rh.slice(0, -1);
        if (rh.length === host.length && rh.toLowerCase() === host) hostText = rh;
      }
      labels = addHostParts(hi, hostText);
      subLabels = hostSubLabels;
    }
    if (u.username !== '' || u.password !== '') {
      const user = percentDecodeDeep(u.username);
      const pass = u.password === '' ? '' : `:${percentDecodeDeep(u.password)}`;
      add(`${proto}//${user}${pass}@${host}`, 'url.userinfo');
    }
    const path = u.pathname;
    let segments: string[] | undefined;
    if (path.length > 1) {
      const dpath = percentDecodeDeep(path);
      add(dpath, 'url.path');
      segments = splitNonEmpty(dpath, '/');
      addJoins(segments, 'url.path(joined)', false);
    }
    const search = u.search;
    // Allowlisted API hosts skip the encoded-piece checks (outside strict mode): no keys to keep for them.
    const checkPieces = !(hi.allowlisted && !strict);
    let pieces: string[] | undefined;
    let pieceKeys: string[] | undefined;
    if (search.length > 1) {
      const params = splitNonEmpty(search.slice(1), '&');
      pieces = [];
      if (checkPieces) pieceKeys = [];
      for (const p of params) {
        const eq = p.indexOf('=');
        if (p.indexOf('%') < 0) {
          const key = eq < 0 ? p : p.slice(0, eq);
          add(p, QUERY_LOC, key);
          if (eq >= 0 && delimitedHexAt(p, eq + 1)) add(p.slice(eq + 1), QUERY_LOC + locationKey(key));
          pieces.push(eq < 0 || eq === p.length - 1 ? key : p.slice(eq + 1));
          pieceKeys?.push(key);
          continue;
        }
        const key = percentDecodeDeep(eq < 0 ? p : p.slice(0, eq));
        const value = eq < 0 ? '' : percentDecodeDeep(p.slice(eq + 1));
        add(eq < 0 ? key : `${key}=${value}`, QUERY_LOC, key);
        // '41:4b:49...' right after '=' reads as one token with the key; alone it is delimited hex.
        if (delimitedHexAt(value, 0)) add(value, QUERY_LOC + locationKey(key));
        pieces.push(value === '' ? key : value);
        pieceKeys?.push(key);
      }
      addJoins(pieces, 'url.query(joined)', false);
    }
    if (u.hash.length > 1) add(percentDecodeDeep(u.hash.slice(1)), 'url.fragment');
    scanDlp(out);
    if (labels !== undefined && (labels.encodedText || labels.dataLabels)) labelFindings(out, labels);
    // A URL already blocked needs no further heuristic to decide it.
    if (checkPieces && !out.some((f) => f.action === 'block')) encodedPieces(out, segments, pieces, pieceKeys);

    // ---- 6. entropy (not for allowlisted API hosts outside strict mode) ----
    if (!(hi.allowlisted && !strict)) {
      let n = 0;
      if (segments) {
        let randomSegments = 0;
        let longRandom = false;
        for (const seg of segments) {
          if (seg.length < MIN_SEGMENT_LENGTH) {
            if (ASSET_DIRS.has(seg.toLowerCase())) break;
            continue;
          }
          const cand = entropyCandidate(seg, MIN_SEGMENT_LENGTH, 'segment');
          if (cand === null) continue;
          const e = shannonEntropy(cand);
          if (e > pathThreshold && n++ < MAX_ENTROPY_FINDINGS) {
            out.push(ctx.finding(hit('entropy', 'High Entropy Path', 'medium', `${redact(seg)} (${e.toFixed(2)} bits/char)`), 'url.path', 'url'));
          }
          // Random by shape (a 32-character random string sits anywhere from
          // 4.2 to 4.8 bits, so the entropy threshold alone misses half), and
          // not encoded text (that is the encoded-credential check's to judge).
          if (cand.length >= RANDOM_SEGMENT_CHARS && isTokenLike(cand, RANDOM_SEGMENT_CHARS) && !coversPiece(viewsOf(seg), seg)) {
            randomSegments++;
            if (cand.length >= RANDOM_LONG_CHARS && e >= RANDOM_LONG_BITS) longRandom = true;
          }
        }
        // One random id in a path is ordinary (a document id); several, or one
        // as long as an encoded key file, is data being carried out.
        if (randomSegments >= 2 || longRandom) {
          const why = longRandom ? `a ${RANDOM_LONG_CHARS}+ character random segment` : `${randomSegments} random segments`;
          out.push(ctx.finding(hit('entropy', 'Random Data In URL Path', 'high', why), 'url.path', 'url'));
        }
      }
      // A query value as long as an encoded key file and as random, under a
      // name that is not random by design (signatures, OAuth codes, click ids).
      if (pieces && pieceKeys && !out.some((f) => f.rule === 'Random Data In URL Path')) {
        for (let i = 0; i < pieces.length; i++) {
          const v = pieces[i] as string;
          if (v.length < RANDOM_LONG_CHARS || RANDOM_BY_DESIGN_PARAMS.has((pieceKeys[i] as string).toLowerCase())) continue;
          if (!isTokenLike(v, RANDOM_LONG_CHARS) || shannonEntropy(v) < RANDOM_LONG_BITS || coversPiece(viewsOf(v), v)) continue;
          out.push(ctx.finding(hit('entropy', 'Random Data In URL Query', 'high', `${redact(v)} in ${locationKey(pieceKeys[i] as string)}`), QUERY_LOC + locationKey(pieceKeys[i] as string), 'url'));
          break;
        }
      }
      if (subLabels && !hi.labelEntropyExempt) {
        for (const label of subLabels) {
          if (label.length < MIN_LABEL_LENGTH) continue;
          const cand = entropyCandidate(label.toLowerCase(), MIN_LABEL_LENGTH, 'label');
          if (cand === null) continue;
          const e = shannonEntropy(cand);
          if (e > labelThreshold && n++ < MAX_ENTROPY_FINDINGS) {
            out.push(
              ctx.finding(hit('entropy', 'High Entropy Subdomain', 'medium', `${redact(label)} (${e.toFixed(2)} bits/char)`), 'url.host', 'url'),
            );
          }
        }
      }
    }

    // ---- 7. rate limit and data budget, per base domain ----
    const base = hi.base;
    if (base !== '' && (maxRequests > 0 || maxData > 0)) {
      const now = ctx.now();
      if (maxRequests > 0 && windows.takeRequest(base, now, maxRequests) < 0) {
        out.push(ctx.finding(hit('rate', 'Rate Limit Exceeded', 'high', `${base}: over ${maxRequests} requests/min`), 'url.host', 'url'));
      }
      if (maxData > 0) {
        const total = windows.addBytes(base, now, opts.bytes ?? 0);
        if (total > maxData) {
          out.push(ctx.finding(hit('budget', 'Data Budget Exceeded', 'high', `${base}: ${total} of ${maxData} bytes/min`), 'url.host', 'url'));
        }
      }
    }
    return out;
  }

  function recordBytes(url: string, bytes: number): Finding[] {
    if (maxData <= 0) return [];
    let hostname: string;
    try {
      hostname = new URL(SCHEME_RE.test(url) ? url : `https://${url}`).hostname;
    } catch {
      return [];
    }
    const base = hostInfo(hostname).base;
    if (base === '') return [];
    const total = windows.addBytes(base, ctx.now(), bytes > 0 ? bytes : 0);
    if (total <= maxData) return [];
    return [ctx.finding(hit('budget', 'Data Budget Exceeded', 'high', `${base}: ${total} of ${maxData} bytes/min`), 'url.host', 'url')];
  }

  return { scan, scanHost, recordBytes };
}
