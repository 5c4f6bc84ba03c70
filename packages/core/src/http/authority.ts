// Host header vs request authority. A request whose Host names another
// authority than its target (absolute-form URI, CONNECT authority, or the
// CONNECT a TLS-intercepted request arrived through) is how a scanner that
// trusts one and a server that trusts the other are played off against each
// other: such requests are refused, fail-closed.

function split(authority: string, defaultPort: number): { host: string; port: number } | null {
  const a = authority.trim().toLowerCase();
  if (a === '') return null;
  let host: string;
  let portText = '';
  if (a.startsWith('[')) {
    const end = a.indexOf(']');
    if (end < 0) return null;
    host = a.slice(1, end);
    const rest = a.slice(end + 1);
    if (rest !== '' && !rest.startsWith(':')) return null;
    portText = rest.slice(1);
  } else {
    const i = a.lastIndexOf(':');
    if (i >= 0 && a.indexOf(':') === i) {
      host = a.slice(0, i);
      portText = a.slice(i + 1);
    } else if (i >= 0) {
      host = a; // bare IPv6 without brackets: no port
    } else host = a;
  }
  if (host.endsWith('.')) host = host.slice(0, -1);
  const port = portText === '' ? defaultPort : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return null;
  return { host, port };
}

/**
 * True when a Host header names the same authority as the request target.
 * Absent Host headers match (HTTP/1.0 clients); default ports may be omitted
 * on either side; comparison ignores case and a trailing dot.
 */
export function hostMatchesAuthority(hostHeader: string | undefined, authority: string, defaultPort: number): boolean {
  if (hostHeader === undefined || hostHeader === '') return true;
  const h = split(hostHeader, defaultPort);
  const a = split(authority, defaultPort);
  if (!h || !a) return false;
  return h.host === a.host && h.port === a.port;
}
