// An undici Agent that only connects to addresses core has approved. The
// guard resolves a host, core checks every address (SSRF), and the socket
// is opened to one of those same addresses: a second DNS answer (rebinding)
// never reaches a connect call. A host nobody checked cannot be dialled.
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent } from 'undici';

const MAX_PINNED_HOSTS = 1024;

export interface PinnedAgent {
  agent: Agent;
  /** Record the addresses core approved for a host; connections use them. */
  pin(host: string, ips: readonly string[]): void;
}

export function createPinnedAgent(): PinnedAgent {
  const pins = new Map<string, readonly string[]>();
  const lookup = (
    hostname: string,
    options: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    const ips = pins.get(bareLower(hostname));
    if (!ips || ips.length === 0) {
      const err: NodeJS.ErrnoException = new Error(`pipelock: ${hostname} was not checked before connecting`);
      err.code = 'ENOTFOUND';
      callback(err, '');
      return;
    }
    const wanted = options.family === 4 || options.family === 6 ? options.family : 0;
    const list = ips.map((address) => ({ address, family: isIP(address) })).filter((a) => wanted === 0 || a.family === wanted);
    if (list.length === 0) {
      const err: NodeJS.ErrnoException = new Error(`pipelock: no IPv${wanted} address was checked for ${hostname}`);
      err.code = 'ENOTFOUND';
      callback(err, '');
      return;
    }
    if (options.all) callback(null, list);
    else callback(null, list[0]!.address, list[0]!.family);
  };
  const agent = new Agent({ connect: { lookup } });
  return {
    agent,
    pin(host, ips) {
      const key = bareLower(host);
      pins.delete(key);
      pins.set(key, [...ips]);
      while (pins.size > MAX_PINNED_HOSTS) pins.delete(pins.keys().next().value as string);
    },
  };
}

function bareLower(host: string): string {
  const h = host.toLowerCase();
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}
