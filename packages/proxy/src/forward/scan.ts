// The proxy's calls into core that more than one handler needs.
import { isIP } from 'node:net';
import type { Scanner, ScanResult } from '@pipelock/core';

const CLEAN: ScanResult = Object.freeze({ action: 'allow', findings: [] }) as ScanResult;

/**
 * Host names a scanner found nothing in. Agents call the same few API hosts
 * over and over, and the pre-DNS check is pure (same scanner, same host, same
 * answer), so a clean answer is remembered; a host with findings is scanned
 * every time, so its findings stay fresh objects for each request's record.
 * Bounded, and per scanner: a reload starts empty.
 */
const cleanHosts = new WeakMap<Scanner, Set<string>>();
const MAX_CLEAN_HOSTS = 4096;

/**
 * The host name's checks before it is resolved: a secret or encoded data
 * packed into subdomain labels would otherwise leave in the DNS query itself,
 * before any other check runs (core's scanHost: DLP on the name and its
 * labels, encoded text and random label chains). IP literals need no lookup
 * and are checked by the URL pipeline.
 */
export function preDnsScan(scanner: Scanner, host: string): ScanResult {
  if (isIP(host) !== 0) return CLEAN;
  let clean = cleanHosts.get(scanner);
  if (clean?.has(host)) return CLEAN;
  const result = scanner.scanHost(host);
  if (result.findings.length === 0) {
    if (clean === undefined) cleanHosts.set(scanner, (clean = new Set()));
    if (clean.size >= MAX_CLEAN_HOSTS) clean.clear();
    clean.add(host);
  }
  return result;
}
