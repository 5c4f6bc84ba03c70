// tls_interception settings in the form the interceptor uses: which CONNECT
// hosts stay spliced (passthrough_domains) and how long a leaf lives
// (cert_ttl). The config schema has already validated both; the matching and
// the duration grammar are core's, shared with the URL pipeline and config.
import { compileHostGlobs, normalizeHost, parseDurationMs } from '@pipelock/core';

export { normalizeHost };

/**
 * Host globs: 'bank.example' (that host), '*.bank.example' (its subdomains at
 * any depth, not the apex: an exemption from scanning stays as narrow as
 * written), 'api-*.example' (a '*' within one label) and '*' (everything).
 */
export function compilePassthrough(patterns: readonly string[]): (host: string) => boolean {
  const match = compileHostGlobs(
    patterns.map((p) => p.trim()).filter((p) => p !== ''),
    { apex: false },
  );
  return (host: string) => match(normalizeHost(host));
}

/** A Go duration ('24h', '1h30m', '90s') in milliseconds; undefined when malformed. */
export function durationMs(text: string): number | undefined {
  return parseDurationMs(text);
}
