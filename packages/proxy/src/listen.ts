// Listen addresses as pipelock.yaml writes them ('127.0.0.1:8888', ':8888',
// '[::1]:8888'). The config schema already validated the shape; this only
// splits it for net.Server.listen.
import { PipelockError } from '@pipelock/core';

export interface HostPort {
  host: string;
  port: number;
}

/** Split 'host:port'. An empty host (':8888') means every interface, as in Go. */
export function parseListen(addr: string): HostPort {
  const i = addr.lastIndexOf(':');
  if (i < 0) throw new PipelockError('USAGE', `invalid listen address "${addr}": expected host:port`);
  let host = addr.slice(0, i);
  const portText = addr.slice(i + 1);
  const port = Number(portText);
  if (portText === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new PipelockError('USAGE', `invalid listen address "${addr}": port must be 0-65535`);
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === '') host = '0.0.0.0';
  return { host, port };
}

/** 'host:port' with IPv6 hosts bracketed. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
