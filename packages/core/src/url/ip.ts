// IP literal parsing in every spelling a resolver or URL parser accepts, and
// CIDR tables compiled once. SSRF checks must see through '0x7f.1',
// '2130706433', '0177.0.0.1' and '::ffff:7f00:1'; a strict parser would let
// those through as "not an IP". No I/O: resolution is the caller's job.

export interface ParsedIp {
  family: 4 | 6;
  bytes: Uint8Array;
}

const MAX_V4 = 0xffffffff;

/** One inet_aton/WHATWG-style IPv4 part: 0x.. hex, 0.. octal, else decimal. */
function parseV4Part(p: string): number {
  const len = p.length;
  if (len === 0) return -1;
  let radix = 10;
  let i = 0;
  if (len >= 2 && p.charCodeAt(0) === 48 /* 0 */ && (p.charCodeAt(1) | 0x20) === 120 /* x */) {
    radix = 16;
    i = 2;
    if (len === 2) return 0; // WHATWG: "0x" alone is zero
  } else if (len >= 2 && p.charCodeAt(0) === 48) {
    radix = 8;
    i = 1;
  }
  let n = 0;
  for (; i < len; i++) {
    const c = p.charCodeAt(i);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (radix === 16 && (c | 0x20) >= 97 && (c | 0x20) <= 102) d = (c | 0x20) - 87;
    else return -1;
    if (d >= radix) return -1;
    n = n * radix + d;
    if (n > MAX_V4) return -1;
  }
  return n;
}

/** Loose IPv4: 1 to 4 parts, the last one filling the remaining bytes (127.1, 10.1.1, 2130706433). */
function parseV4Loose(s: string): Uint8Array | null {
  if (s.length === 0 || s.length > 64) return null;
  let str = s;
  if (str.charCodeAt(str.length - 1) === 46 /* . */) str = str.slice(0, -1); // one trailing dot is allowed
  const parts = str.split('.');
  const n = parts.length;
  if (n === 0 || n > 4) return null;
  const vals: number[] = [];
  for (const p of parts) {
    const v = parseV4Part(p);
    if (v < 0) return null;
    vals.push(v);
  }
  let addr = 0;
  for (let i = 0; i < n - 1; i++) {
    const v = vals[i] as number;
    if (v > 255) return null;
    addr = addr * 256 + v;
  }
  const last = vals[n - 1] as number;
  const room = 2 ** (8 * (5 - n));
  if (last >= room) return null;
  addr = addr * room + last;
  const out = new Uint8Array(4);
  out[0] = (addr >>> 24) & 0xff;
  out[1] = (addr >>> 16) & 0xff;
  out[2] = (addr >>> 8) & 0xff;
  out[3] = addr & 0xff;
  return out;
}

/** Strict dotted-decimal IPv4, as allowed at the tail of an IPv6 address. */
function parseV4Dotted(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (p.length === 0 || p.length > 3) return null;
    let v = 0;
    for (let i = 0; i < p.length; i++) {
      const c = p.charCodeAt(i);
      if (c < 48 || c > 57) return null;
      v = v * 10 + (c - 48);
    }
    if (v > 255) return null;
    out.push(v);
  }
  return out;
}

function parseV6Groups(part: string, allowV4Tail: boolean): number[] | null {
  if (part === '') return [];
  const groups = part.split(':');
  const bytes: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as string;
    if (allowV4Tail && i === groups.length - 1 && g.includes('.')) {
      const v4 = parseV4Dotted(g);
      if (!v4) return null;
      bytes.push(...v4);
      continue;
    }
    if (g.length === 0 || g.length > 4) return null;
    let n = 0;
    for (let j = 0; j < g.length; j++) {
      const c = g.charCodeAt(j) | 0x20;
      let d: number;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (c >= 97 && c <= 102) d = c - 87;
      else return null;
      n = n * 16 + d;
    }
    bytes.push(n >> 8, n & 0xff);
  }
  return bytes;
}

function parseV6(s: string): Uint8Array | null {
  if (s.length === 0 || s.length > 64) return null;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = parseV6Groups(halves[0] as string, halves.length === 1);
  if (!head) return null;
  let bytes: number[];
  if (halves.length === 1) {
    if (head.length !== 16) return null;
    bytes = head;
  } else {
    const tail = parseV6Groups(halves[1] as string, true);
    if (!tail) return null;
    const fill = 16 - head.length - tail.length;
    if (fill < 2) return null; // '::' stands for at least one zero group
    bytes = [...head, ...new Array<number>(fill).fill(0), ...tail];
  }
  return Uint8Array.from(bytes);
}

/**
 * Parse an IP address in any spelling resolvers or URL parsers accept:
 * dotted, decimal (2130706433), octal (0177.0.0.1), hex (0x7f.0.0.1,
 * 0x7f000001), short forms (127.1, 10.1.1), IPv6 (also IPv4-mapped and
 * bracketed). A zone id ('fe80::1%eth0') is stripped. Returns null for
 * anything that is not an address (host names included).
 */
export function parseIpLoose(s: string): ParsedIp | null {
  let str = s.trim();
  if (str.length === 0) return null;
  let bracketed = false;
  if (str.charCodeAt(0) === 91 /* [ */) {
    if (str.charCodeAt(str.length - 1) !== 93 /* ] */) return null;
    str = str.slice(1, -1);
    bracketed = true;
  }
  const zone = str.indexOf('%');
  if (str.includes(':')) {
    if (zone >= 0) str = str.slice(0, zone);
    const b = parseV6(str);
    return b ? { family: 6, bytes: b } : null;
  }
  if (bracketed || zone >= 0) return null;
  const b = parseV4Loose(str);
  return b ? { family: 4, bytes: b } : null;
}

/** The IPv4 address an IPv6 address carries, when it is one of the embedding forms. */
export function embeddedIpv4(b: Uint8Array): { v4: Uint8Array; mapped: boolean } | null {
  if (b.length !== 16) return null;
  let zeros10 = true;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) zeros10 = false;
  // ::ffff:a.b.c.d (IPv4-mapped): this *is* an IPv4 address.
  if (zeros10 && b[10] === 0xff && b[11] === 0xff) return { v4: b.subarray(12, 16), mapped: true };
  // ::a.b.c.d (deprecated IPv4-compatible); '::' and '::1' are left to the v6 table.
  if (zeros10 && b[10] === 0 && b[11] === 0) {
    if (b[12] === 0 && b[13] === 0 && b[14] === 0 && (b[15] as number) <= 1) return null;
    return { v4: b.subarray(12, 16), mapped: false };
  }
  // 64:ff9b::a.b.c.d (NAT64 well-known prefix): the gateway connects to the v4 address.
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) {
    let z = true;
    for (let i = 4; i < 12; i++) if (b[i] !== 0) z = false;
    if (z) return { v4: b.subarray(12, 16), mapped: false };
  }
  // 2002:aabb:ccdd::/48 (6to4): the relay delivers to aa.bb.cc.dd.
  if (b[0] === 0x20 && b[1] === 0x02) return { v4: b.subarray(2, 6), mapped: false };
  return null;
}

/** Canonical text of a parsed address (for excerpts and logs). */
export function formatIp(ip: ParsedIp): string {
  const b = ip.bytes;
  if (ip.family === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  const e = embeddedIpv4(b);
  if (e?.mapped) return `::ffff:${e.v4[0]}.${e.v4[1]}.${e.v4[2]}.${e.v4[3]}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((b[i] as number) << 8) | (b[i + 1] as number));
  // Longest run of zero groups (length >= 2) becomes '::'.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function v4ToUint(b: Uint8Array): number {
  return (((b[0] as number) << 24) | ((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number)) >>> 0;
}

/** A compiled CIDR table. Mapped IPv6 addresses are matched as the IPv4 address they are. */
export interface CidrTable {
  /** True when the address is inside any range. */
  contains(ip: ParsedIp): boolean;
  readonly size: number;
}

/**
 * Compile CIDR strings ('10.0.0.0/8', 'fc00::/7', a bare address = one host)
 * into a table. Throws on a string that is not a CIDR: a typo must not
 * silently shrink an SSRF list. '::ffff:0:0/96' itself is not a range here:
 * mapped addresses are always checked as IPv4 (a v6 CIDR inside the mapped
 * space with a longer prefix, '::ffff:10.0.0.0/104', becomes '10.0.0.0/8').
 */
export function compileCidrs(cidrs: readonly string[]): CidrTable {
  const v4Net: number[] = [];
  const v4Mask: number[] = [];
  const v6: { words: Uint32Array; prefix: number }[] = [];
  for (const raw of cidrs) {
    const s = raw.trim();
    const slash = s.indexOf('/');
    const addrText = slash < 0 ? s : s.slice(0, slash);
    const ip = parseIpLoose(addrText);
    let prefix = ip?.family === 6 ? 128 : 32;
    if (slash >= 0) {
      const bits = s.slice(slash + 1);
      prefix = /^[0-9]{1,3}$/.test(bits) ? Number(bits) : -1;
    }
    if (!ip || prefix < 0 || prefix > (ip.family === 4 ? 32 : 128)) {
      throw new Error(`invalid CIDR "${raw}": expected address/prefix like 10.0.0.0/8 or fc00::/7`);
    }
    let family = ip.family;
    let bytes = ip.bytes;
    if (family === 6) {
      const e = embeddedIpv4(bytes);
      if (e?.mapped) {
        if (prefix <= 96) continue; // the mapped space as a whole: handled by checking mapped addresses as v4
        family = 4;
        bytes = e.v4;
        prefix -= 96;
      }
    }
    if (family === 4) {
      const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
      v4Net.push((v4ToUint(bytes) & mask) >>> 0);
      v4Mask.push(mask);
    } else {
      const words = new Uint32Array(4);
      for (let w = 0; w < 4; w++) {
        const bitsInWord = Math.max(0, Math.min(32, prefix - w * 32));
        const mask = bitsInWord === 0 ? 0 : (0xffffffff << (32 - bitsInWord)) >>> 0;
        words[w] = (v4ToUint(bytes.subarray(w * 4, w * 4 + 4)) & mask) >>> 0;
      }
      v6.push({ words, prefix });
    }
  }
  const n4 = v4Net.length;
  const net4 = Uint32Array.from(v4Net);
  const mask4 = Uint32Array.from(v4Mask);

  function containsV4(b: Uint8Array): boolean {
    const x = v4ToUint(b);
    for (let i = 0; i < n4; i++) if (((x & (mask4[i] as number)) >>> 0) === net4[i]) return true;
    return false;
  }
  function containsV6(b: Uint8Array): boolean {
    for (const r of v6) {
      let ok = true;
      for (let w = 0; w < 4 && ok; w++) {
        const bitsInWord = Math.max(0, Math.min(32, r.prefix - w * 32));
        if (bitsInWord === 0) break;
        const mask = (0xffffffff << (32 - bitsInWord)) >>> 0;
        if (((v4ToUint(b.subarray(w * 4, w * 4 + 4)) & mask) >>> 0) !== r.words[w]) ok = false;
      }
      if (ok) return true;
    }
    return false;
  }
  return {
    size: n4 + v6.length,
    contains(ip: ParsedIp): boolean {
      if (ip.family === 4) return containsV4(ip.bytes);
      const e = embeddedIpv4(ip.bytes);
      if (e?.mapped) return containsV4(e.v4);
      if (containsV6(ip.bytes)) return true;
      return e !== null && containsV4(e.v4);
    },
  };
}

/** A predicate over IP strings (any spelling parseIpLoose accepts); non-addresses never match. */
export function createCidrMatcher(cidrs: string[]): (ip: string) => boolean {
  const table = compileCidrs(cidrs);
  return (ip: string) => {
    const p = parseIpLoose(ip);
    return p !== null && table.contains(p);
  };
}
