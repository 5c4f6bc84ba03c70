// Header hygiene for a forwarding proxy (RFC 9110 §7.6.1): hop-by-hop
// headers describe one connection and must not be forwarded, and any header
// the Connection header names is hop-by-hop too. Also forces
// Accept-Encoding: identity so every response body is one core can read.
import type { OutgoingHttpHeaders } from 'node:http';

/** Always removed, in both directions. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'proxy-authenticate',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Lower-cased names listed in Connection headers ('Connection: close, X-Foo'). */
function connectionTokens(raw: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if ((raw[i] as string).toLowerCase() !== 'connection' && (raw[i] as string).toLowerCase() !== 'proxy-connection') continue;
    for (const tok of (raw[i + 1] as string).split(',')) {
      const t = tok.trim().toLowerCase();
      if (t !== '') out.add(t);
    }
  }
  return out;
}

/**
 * End-to-end headers from a raw header list (name, value, name, value...),
 * keeping the sender's spelling and repeated headers. `drop` names extra
 * lower-cased headers to leave out (the proxy sets them itself).
 */
export function endToEndHeaders(raw: readonly string[], drop: ReadonlySet<string>): OutgoingHttpHeaders {
  const named = connectionTokens(raw);
  const out: Record<string, string | string[]> = {};
  const spelled = new Map<string, string>();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const value = raw[i + 1] as string;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named.has(lower) || drop.has(lower)) continue;
    const key = spelled.get(lower);
    if (key === undefined) {
      spelled.set(lower, name);
      out[name] = value;
    } else {
      const prev = out[key] as string | string[];
      out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
  }
  return out;
}

/**
 * The same as a flat list (name, value, name, value...), the form undici
 * takes: no object to build, repeated headers stay separate lines.
 */
export function endToEndHeaderList(raw: readonly string[], drop: ReadonlySet<string>): string[] {
  const named = connectionTokens(raw);
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named.has(lower) || drop.has(lower)) continue;
    out.push(name, raw[i + 1] as string);
  }
  return out;
}

/** Request headers the proxy rewrites itself rather than forwarding. */
// x-pipelock-agent names the agent's session to pipelock and is never forwarded.
export const REQUEST_REWRITTEN = new Set(['host', 'accept-encoding', 'content-length', 'expect', 'x-pipelock-agent']);
/** Response headers the proxy recomputes after scanning (the body may change length). */
export const RESPONSE_REWRITTEN = new Set(['content-length']);
