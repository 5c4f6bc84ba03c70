// String formats that pipelock.yaml values must have: CIDRs, IPs, host globs,
// listen addresses, Go-style durations, RE2 regexes. Pure functions, no I/O:
// core may not import node:net, so IP parsing is done by hand here.
import RE2 from 're2';

/** Parse a dotted-quad IPv4 address into 4 bytes, or undefined. */
export function parseIpv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    // Leading zeros are rejected (Go's net.ParseIP does the same): "010" is ambiguous (octal?).
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

/** Parse an IPv6 address (with optional embedded IPv4 tail) into 16 bytes, or undefined. */
export function parseIpv6(s: string): number[] | undefined {
  if (s.length === 0 || s.includes('%')) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups = part.split(':');
    const bytes: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] ?? '';
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (!v4) return undefined;
        bytes.push(...v4);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      const n = parseInt(g, 16);
      bytes.push(n >> 8, n & 0xff);
    }
    return bytes;
  };
  const head = parseGroups(halves[0] ?? '');
  if (!head) return undefined;
  if (halves.length === 1) return head.length === 16 ? head : undefined;
  const tail = parseGroups(halves[1] ?? '');
  if (!tail) return undefined;
  const fill = 16 - head.length - tail.length;
  if (fill < 2) return undefined; // '::' stands for at least one zero group
  return [...head, ...new Array<number>(fill).fill(0), ...tail];
}

export function isIp(s: string): boolean {
  return parseIpv4(s) !== undefined || parseIpv6(s) !== undefined;
}

export interface ParsedCidr {
  family: 4 | 6;
  bytes: number[];
  prefix: number;
}

/** Parse 'a.b.c.d/n' or 'x::/n'. A bare address is not a CIDR (as in Go's net.ParseCIDR). */
export function parseCidr(s: string): ParsedCidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(bits)) return undefined;
  const prefix = Number(bits);
  const v4 = parseIpv4(addr);
  if (v4) return prefix <= 32 ? { family: 4, bytes: v4, prefix } : undefined;
  const v6 = parseIpv6(addr);
  if (v6) return prefix <= 128 ? { family: 6, bytes: v6, prefix } : undefined;
  return undefined;
}

/**
 * Why a host glob is unusable, or undefined when it is fine. Accepted:
 * 'example.com', '*.example.com', 'api-*.example.com' (a '*' inside one label),
 * a bare '*' (everything), IPv4/IPv6 literals. Rejected: URLs, paths, ports,
 * whitespace, empty labels — the usual ways a pasted value silently never matches.
 */
export function hostGlobProblem(raw: string): string | undefined {
  const s = raw.trim();
  if (s === '') return 'must not be empty';
  if (s !== raw) return 'must not have leading or trailing whitespace';
  if (s.includes('://')) return 'use a host name, not a URL (drop the scheme)';
  if (s.includes('/')) return 'use a host name, not a URL or path';
  if (isIp(s) || (s.startsWith('[') && s.endsWith(']') && parseIpv6(s.slice(1, -1)))) return undefined;
  if (s.includes(':')) return 'use a host name without a port';
  if (s === '*') return undefined;
  const host = s.endsWith('.') ? s.slice(0, -1) : s;
  const labels = host.split('.');
  for (const label of labels) {
    if (label === '') return 'has an empty label (two dots in a row, or a leading dot)';
    if (!/^[A-Za-z0-9_*-]+$/.test(label)) return `label "${label}" has characters a host name cannot contain`;
    if (label.length > 63) return `label "${label}" is longer than 63 characters`;
  }
  return undefined;
}

/** Listen address 'host:port', '[v6]:port' or ':port'. Port 0 means "any free port". */
export function listenProblem(s: string): string | undefined {
  const m = /^(\[[^\]]*\]|[^:\[\]]*):([0-9]{1,5})$/.exec(s);
  if (!m) return 'must be host:port (e.g. 127.0.0.1:8888 or :8888)';
  const host = m[1] ?? '';
  const port = Number(m[2]);
  if (port > 65535) return 'port must be 0-65535';
  if (host.startsWith('[')) {
    if (!parseIpv6(host.slice(1, -1))) return 'bracketed host must be an IPv6 address';
  } else if (host !== '' && hostGlobProblem(host) !== undefined) {
    return 'host part is not a host name or IP address';
  } else if (host.includes('*')) {
    return 'host part must not contain wildcards';
  }
  return undefined;
}

const UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3,
  'μs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/**
 * Parse a duration the way Go's time.ParseDuration does ('24h', '1h30m',
 * '1.5h', '300ms', '0'), returning milliseconds, or undefined when invalid.
 */
export function parseDurationMs(s: string): number | undefined {
  let rest = s.trim();
  if (rest === '') return undefined;
  let sign = 1;
  if (rest[0] === '+' || rest[0] === '-') {
    if (rest[0] === '-') sign = -1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let totalNs = 0;
  const re = /^([0-9]*(?:\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/;
  while (rest.length > 0) {
    const m = re.exec(rest);
    if (!m || m[1] === undefined || m[1] === '' || m[1] === '.') return undefined;
    const unit = UNIT_NS[m[2] ?? ''];
    if (unit === undefined) return undefined;
    totalNs += Number(m[1]) * unit;
    rest = rest.slice(m[0].length);
  }
  return (sign * totalNs) / 1e6;
}

/** The RE2 error message when `src` does not compile, or undefined when it does. */
export function re2Problem(src: string): string | undefined {
  try {
    new RE2(src, 'u');
    return undefined;
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return `RE2 cannot compile this regex (${detail}); RE2 does not support back-references or look-around`;
  }
}

/** Why a path glob (suppress entries, exclude lists) is malformed: an unclosed '[' never matches anything. */
export function globProblem(glob: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (!inClass && ch === '[') inClass = true;
    else if (inClass && ch === ']') inClass = false;
  }
  return inClass ? `invalid glob "${glob}": "[" is never closed` : undefined;
}
