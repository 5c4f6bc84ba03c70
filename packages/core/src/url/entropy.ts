// Shannon entropy and the conservative filter that decides which URL path
// segments and host labels are worth measuring. Go Pipelock's users
// complained about entropy false positives, so everything that is high
// entropy *by construction* on the ordinary web is excluded before measuring:
// UUIDs, hex hashes (git SHAs, content digests), bundler asset names,
// framework build directories, image and font files, versions and dates,
// plain word slugs. What remains is random-looking mixed text, which is what
// an encoded secret in a path or label looks like. Known secret formats are
// found by DLP whatever this filter says.

const counts = new Int32Array(128);

/** Shannon entropy in bits per character (code unit). 0 for the empty string. */
export function shannonEntropy(s: string): number {
  const n = s.length;
  if (n === 0) return 0;
  let ascii = true;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) {
      ascii = false;
      break;
    }
    counts[c] = (counts[c] as number) + 1;
  }
  let h = 0;
  if (ascii) {
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      const k = counts[c] as number;
      if (k === 0) continue; // already counted
      const p = k / n;
      h -= p * Math.log2(p);
      counts[c] = 0;
    }
    return h;
  }
  counts.fill(0);
  const m = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    m.set(c, (m.get(c) ?? 0) + 1);
  }
  for (const k of m.values()) {
    const p = k / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Shortest path segment measured: shorter strings cannot reach useful thresholds. */
export const MIN_SEGMENT_LENGTH = 20;
/** Shortest host label measured (labels are lower-cased, so their entropy is lower). */
export const MIN_LABEL_LENGTH = 16;

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** Hex runs of 7+ characters: git SHAs (short and full), content hashes, digests. */
const HEX_RUN_RE = /(?:^|(?<=[^0-9a-z]))(?:0x)?[0-9a-f]{7,}(?=$|[^0-9a-z])/gi;
const HEX_ONLY_RE = /^(?:0x)?[0-9a-f]+$/i;
/** Bundled or binary assets: content-hashed names and base64-looking image names are normal here. */
const ASSET_EXT_RE =
  /\.(?:m?js|cjs|jsx|ts|tsx|css|scss|map|png|jpe?g|gif|svg|webp|avif|ico|bmp|tiff?|heic|woff2?|ttf|otf|eot|wasm|mp[34]|m4a|webm|ogg|wav|flac|mov|avi|pdf|zip|gz|tgz|br|zst|whl|jar|deb|rpm|apk|dmg|exe|msi)$/i;
const SEMVER_RE = /^v?\d+(?:\.\d+){1,3}(?:[-+][0-9a-z.+-]*)?$/i;
/** Dates, times, numbers and their punctuation only. */
const NUMERIC_RE = /^[\d\s:.,/TZ+_-]+$/;
/** Word slugs: letters separated by punctuation ('how-to-configure-the-proxy'). */
const SLUG_RE = /^[a-z]+(?:[-_.~+ ][a-z]+)*$/i;

/**
 * Framework and CDN directories whose children are build ids and content
 * hashes: '/_next/static/<buildId>/...', '/_nuxt/...', '/assets/...'.
 * Segments after one of these are not measured.
 */
export const ASSET_DIRS: ReadonlySet<string> = new Set([
  '_next', '_nuxt', '_astro', '_app', '_expo', '__vite', 'static', 'assets', 'immutable', 'chunks', 'build', 'dist', 'cdn-cgi',
]);

/** How many of upper case, lower case and digits a string mixes (0..3). */
export function charClasses(s: string): number {
  let upper = 0;
  let lower = 0;
  let digit = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 48 && c <= 57) digit = 1;
  }
  return upper + lower + digit;
}

/**
 * The part of a path segment or label worth measuring, or null when it must
 * not be measured at all. Hex runs and UUIDs are removed first (they carry at
 * most 4 bits per character and are everywhere: commit SHAs, ETags, ids).
 */
export function entropyCandidate(s: string, minLength: number, kind: 'segment' | 'label'): string | null {
  if (s.length < minLength) return null;
  if (HEX_ONLY_RE.test(s)) return null;
  // Punycode (IDN) labels: the encoding, not the name, sets their entropy.
  if (kind === 'label' && s.startsWith('xn--')) return null;
  if (kind === 'segment') {
    if (ASSET_EXT_RE.test(s)) return null;
    if (SEMVER_RE.test(s) || NUMERIC_RE.test(s) || SLUG_RE.test(s)) return null;
  }
  let rest = s;
  if (rest.includes('-')) rest = rest.replace(UUID_RE, '');
  rest = rest.replace(HEX_RUN_RE, '');
  if (rest.length < minLength) return null;
  // Random encodings mix character classes; words, slugs and identifiers mostly do not.
  if (charClasses(rest) < 2) return null;
  if (kind === 'segment' && (SLUG_RE.test(rest) || NUMERIC_RE.test(rest))) return null;
  return rest;
}
