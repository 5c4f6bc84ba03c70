// The proxy's calls into core that more than one handler needs.
import { isIP } from 'node:net';
import type { Scanner, ScanResult } from '@pipelock/core';

const CLEAN: ScanResult = Object.freeze({ action: 'allow', findings: [] }) as ScanResult;

/**
 * The host name's checks before it is resolved: a secret or encoded data
 * packed into subdomain labels would otherwise leave in the DNS query itself,
 * before any other check runs (core's scanHost: DLP on the name and its
 * labels, encoded text and random label chains). IP literals need no lookup
 * and are checked by the URL pipeline.
 */
export function preDnsScan(scanner: Scanner, host: string): ScanResult {
  if (isIP(host) !== 0) return CLEAN;
  return scanner.scanHost(host);
}
