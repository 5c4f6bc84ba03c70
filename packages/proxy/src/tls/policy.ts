// tls_interception settings in the form the interceptor uses: which CONNECT
// hosts stay spliced (passthrough_domains) and how long a leaf lives
// (cert_ttl). The config schema has already validated both.
// TODO(core): core's compileHostGlobs and parseDurationMs do the same and are
// not on core's public surface yet; switch to them once they are exported.

/** Lower case, no trailing dot, no IPv6 brackets. */
export function normalizeHost(host: string): string {
  let h = host.toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

/** '*' inside one label matches any run of characters in that label. */
function labelMatches(pattern: string, label: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === label;
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (!label.startsWith(first) || !label.endsWith(last) || label.length < first.length + last.length) return false;
  let at = first.length;
  for (const mid of parts.slice(1, -1)) {
    const i = label.indexOf(mid, at);
    if (i < 0 || i + mid.length > label.length - last.length) return false;
    at = i + mid.length;
  }
  return true;
}

/**
 * Host globs: 'bank.example' (that host), '*.bank.example' (its subdomains at
 * any depth, not the apex: an exemption from scanning stays as narrow as
 * written), 'api-*.example' (a '*' within one label) and '*' (everything).
 */
export function compilePassthrough(patterns: readonly string[]): (host: string) => boolean {
  const compiled = patterns.map((p) => normalizeHost(p.trim())).filter((p) => p !== '');
  if (compiled.length === 0) return () => false;
  if (compiled.includes('*')) return () => true;
  return (rawHost: string) => {
    const host = normalizeHost(rawHost);
    const labels = host.split('.');
    return compiled.some((p) => {
      if (p.startsWith('*.')) {
        const suffix = p.slice(2).split('.');
        if (labels.length <= suffix.length) return false;
        return suffix.every((s, i) => labelMatches(s, labels[labels.length - suffix.length + i] as string));
      }
      const pl = p.split('.');
      return pl.length === labels.length && pl.every((s, i) => labelMatches(s, labels[i] as string));
    });
  };
}

const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };

/** A Go duration ('24h', '1h30m', '90s') in milliseconds; undefined when malformed. */
export function durationMs(text: string): number | undefined {
  let rest = text.trim();
  if (rest === '') return undefined;
  let total = 0;
  while (rest.length > 0) {
    let i = 0;
    while (i < rest.length && ((rest[i] as string) === '.' || ((rest[i] as string) >= '0' && (rest[i] as string) <= '9'))) i++;
    const num = Number(rest.slice(0, i));
    if (i === 0 || !Number.isFinite(num)) return undefined;
    rest = rest.slice(i);
    let j = 0;
    while (j < rest.length && !((rest[j] as string) >= '0' && (rest[j] as string) <= '9') && rest[j] !== '.') j++;
    const unit = UNIT_MS[rest.slice(0, j)];
    if (unit === undefined) return undefined;
    total += num * unit;
    rest = rest.slice(j);
  }
  return total;
}
