// The proxy's calls into core that more than one handler needs.
import { isIP } from 'node:net';
import type { Scanner, ScanResult } from '@pipelock/core';

const CLEAN: ScanResult = Object.freeze({ action: 'allow', findings: [] }) as ScanResult;

/**
 * DLP on a host name before it is resolved: a secret packed into subdomain
 * labels would otherwise leave in the DNS query itself, before any other
 * check runs. IP literals need no lookup and are checked by the URL pipeline.
 */
export function preDnsScan(scanner: Scanner, host: string): ScanResult {
  if (isIP(host) !== 0) return CLEAN;
  // DLP only: a host name carries no instructions for the model.
  return scanner.scanText(host, { location: 'url.host', only: 'dlp' });
}
