// The kill switch: deny all proxied traffic in an emergency. Four sources,
// any one of which turns it on: the config flag, SIGUSR1 (toggles), the
// sentinel file's existence, and the bearer-token API. Exempt endpoints and
// allowlisted client IPs are decided here too, so every listener asks one place.
import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import type { Config } from '@pipelock/core';

export type KillSwitchSource = 'config' | 'signal' | 'api' | 'sentinel';

export interface KillSwitch {
  /** Whether traffic is denied right now. */
  active(): boolean;
  /** Which sources currently hold it on. */
  sources(): KillSwitchSource[];
  /** SIGUSR1: flip the signal source; returns the new overall state. */
  toggleSignal(): boolean;
  setApi(active: boolean): void;
  /** True when this client may pass even while active (kill_switch.allowlist_ips). */
  clientExempt(ip: string | undefined): boolean;
  /** Call after a config reload. */
  configure(cfg: Config['kill_switch']): void;
}

/** How often the sentinel file is looked at, at most: a stat per request would be wasted work. */
const SENTINEL_CHECK_MS = 200;

/** '::ffff:10.0.0.1' is 10.0.0.1: allowlists are written in IPv4. */
export function plainIp(ip: string): string {
  if (ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4) return ip.slice(7);
  return ip;
}

function buildAllowlist(entries: readonly string[]): BlockList | undefined {
  if (entries.length === 0) return undefined;
  const list = new BlockList();
  for (const raw of entries) {
    const e = raw.trim();
    const slash = e.indexOf('/');
    const addr = slash < 0 ? e : e.slice(0, slash);
    const family = isIP(addr) === 6 ? 'ipv6' : 'ipv4';
    if (slash < 0) list.addAddress(addr, family);
    else list.addSubnet(addr, Number(e.slice(slash + 1)), family);
  }
  return list;
}

export function createKillSwitch(initial: Config['kill_switch'], now: () => number = Date.now): KillSwitch {
  let cfg = initial;
  let allow = buildAllowlist(cfg.allowlist_ips);
  let signal = false;
  let api = false;
  let sentinel = false;
  let checkedAt = -Infinity;

  const sentinelOn = (): boolean => {
    if (cfg.sentinel_file === '') return false;
    const t = now();
    if (t - checkedAt >= SENTINEL_CHECK_MS) {
      checkedAt = t;
      sentinel = existsSync(cfg.sentinel_file);
    }
    return sentinel;
  };

  const self: KillSwitch = {
    active() {
      return cfg.enabled || signal || api || sentinelOn();
    },
    sources() {
      const out: KillSwitchSource[] = [];
      if (cfg.enabled) out.push('config');
      if (signal) out.push('signal');
      if (api) out.push('api');
      if (sentinelOn()) out.push('sentinel');
      return out;
    },
    toggleSignal() {
      signal = !signal;
      return self.active();
    },
    setApi(active) {
      api = active;
    },
    clientExempt(ip) {
      if (!allow || ip === undefined) return false;
      const p = plainIp(ip);
      return allow.check(p, isIP(p) === 6 ? 'ipv6' : 'ipv4');
    },
    configure(next) {
      cfg = next;
      allow = buildAllowlist(cfg.allowlist_ips);
      checkedAt = -Infinity;
    },
  };
  return self;
}

/**
 * Compare a presented bearer token with the configured one in constant time:
 * both are hashed first so lengths never differ and never leak.
 */
export function bearerMatches(authorization: string | undefined, token: string): boolean {
  if (token === '' || authorization === undefined) return false;
  const prefix = 'bearer ';
  if (authorization.length <= prefix.length || authorization.slice(0, prefix.length).toLowerCase() !== prefix) return false;
  const presented = authorization.slice(prefix.length).trim();
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}
