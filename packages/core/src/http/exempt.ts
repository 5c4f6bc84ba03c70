// response_scanning.exempt_domains: hosts whose responses are trusted not to
// carry instructions. Exempt responses skip the injection scan only; DLP still
// runs, because a secret reaching the agent's context is exfiltration waiting
// to happen whoever sent it.
import type { Config } from '../config/index.js';
import { compileHostGlobs, normalizeHost } from '../url/domain.js';

type ResponseConfig = Config['response_scanning'];

const matchers = new WeakMap<ResponseConfig, (host: string) => boolean>();

/**
 * Whether the URL's host matches an exempt_domains glob. '*.example.com'
 * matches subdomains only, not example.com itself: an exemption lowers
 * scanning, so it covers exactly what was written. Compiled once per config.
 */
export function isExemptUrl(cfg: ResponseConfig, url: string): boolean {
  if (cfg.exempt_domains.length === 0) return false;
  let match = matchers.get(cfg);
  if (!match) {
    match = compileHostGlobs(cfg.exempt_domains, { apex: false });
    matchers.set(cfg, match);
  }
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host !== '' && match(normalizeHost(host));
}
