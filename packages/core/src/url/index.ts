// Public surface of the URL pipeline.
export { createUrlScanner } from './pipeline.js';
export type { UrlScanner, UrlScanOptions, UrlScannerOptions } from './pipeline.js';
export { parseIpLoose, createCidrMatcher, compileCidrs, embeddedIpv4, formatIp } from './ip.js';
export type { ParsedIp, CidrTable } from './ip.js';
export { baseDomain, compileHostGlobs, normalizeHost } from './domain.js';
export { shannonEntropy, entropyCandidate } from './entropy.js';
export { percentDecodeDeep } from './decode.js';
