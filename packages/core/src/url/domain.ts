// Host names: glob lists compiled once (blocklist, api_allowlist,
// trusted_domains) and the registrable base domain that keys rate limits and
// data budgets, so rotating subdomains of one site shares one budget.
// No I/O: the public-suffix knowledge is a small built-in table.

/**
 * Multi-label public suffixes under which each child is a separate owner.
 * Not the whole Public Suffix List: the common country second levels and the
 * hosting platforms agents actually reach. Anything else falls back to the
 * last two labels, which errs towards sharing a budget (safer for exfil).
 */
const MULTI_LABEL_SUFFIXES: ReadonlySet<string> = new Set([
  // country second levels
  'co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'ltd.uk', 'plc.uk', 'me.uk', 'net.uk', 'nhs.uk', 'sch.uk',
  'com.au', 'net.au', 'org.au', 'edu.au', 'gov.au', 'id.au', 'asn.au',
  'co.nz', 'org.nz', 'net.nz', 'ac.nz', 'govt.nz', 'geek.nz',
  'co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'go.jp', 'gr.jp',
  'co.kr', 'or.kr', 'ne.kr', 'ac.kr', 'go.kr',
  'com.br', 'net.br', 'org.br', 'gov.br', 'edu.br',
  'com.cn', 'net.cn', 'org.cn', 'gov.cn', 'edu.cn', 'ac.cn',
  'com.tw', 'org.tw', 'edu.tw', 'gov.tw', 'com.hk', 'org.hk', 'edu.hk', 'gov.hk',
  'co.in', 'net.in', 'org.in', 'firm.in', 'gen.in', 'ind.in', 'ac.in', 'gov.in',
  'co.za', 'org.za', 'gov.za', 'ac.za', 'web.za',
  'com.mx', 'org.mx', 'gob.mx', 'edu.mx', 'com.ar', 'org.ar', 'gob.ar', 'com.co', 'com.pe', 'com.ve', 'com.uy', 'cl.cl',
  'com.tr', 'org.tr', 'gov.tr', 'edu.tr', 'com.sg', 'org.sg', 'edu.sg', 'gov.sg', 'com.my', 'org.my', 'gov.my',
  'co.id', 'or.id', 'ac.id', 'go.id', 'co.il', 'org.il', 'ac.il', 'gov.il', 'co.th', 'in.th', 'ac.th', 'go.th',
  'com.vn', 'com.ph', 'com.pk', 'com.bd', 'com.eg', 'com.sa', 'com.ua', 'org.ua', 'co.ke', 'com.ng', 'com.pl', 'net.pl', 'org.pl',
  'co.at', 'or.at', 'ac.at', 'gv.at', 'com.es', 'org.es', 'com.pt', 'com.gr', 'co.hu', 'com.ru', 'org.ru', 'spb.ru', 'msk.ru',
  // hosting platforms: every tenant is a different owner
  'github.io', 'gitlab.io', 'githubusercontent.com', 'herokuapp.com', 'appspot.com', 'vercel.app', 'now.sh',
  'netlify.app', 'netlify.com', 'pages.dev', 'workers.dev', 'r2.dev', 'web.app', 'firebaseapp.com', 'azurewebsites.net',
  'cloudapp.net', 'azurestaticapps.net', 'cloudfront.net', 's3.amazonaws.com', 'elasticbeanstalk.com', 'amplifyapp.com',
  'blogspot.com', 'wordpress.com', 'fly.dev', 'onrender.com', 'railway.app', 'up.railway.app', 'glitch.me',
  'repl.co', 'replit.dev', 'ngrok.io', 'ngrok.app', 'ngrok-free.app', 'ngrok-free.dev', 'trycloudflare.com',
  'loca.lt', 'deno.dev', 'surge.sh', 'readthedocs.io', 'bitbucket.io', 'codeberg.page', 'hf.space',
  'supabase.co', 'streamlit.app', 'modal.run', 'onrender.com',
]);

/**
 * The registrable base domain of a host ('a.b.example.co.uk' -> 'example.co.uk',
 * 'x.y.evil.com' -> 'evil.com', 'user.github.io' -> 'user.github.io').
 * IP literals and single labels are returned as they are (lower-cased, without
 * brackets or a trailing dot).
 */
export function baseDomain(host: string): string {
  let h = host.toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h.startsWith('[') && h.endsWith(']')) return h.slice(1, -1);
  if (h.includes(':')) return h; // IPv6 literal without brackets
  const last = h.lastIndexOf('.');
  if (last <= 0) return h;
  const c = h.charCodeAt(last + 1);
  if (c >= 48 && c <= 57) return h; // numeric last label: an IPv4 literal, not a name
  const second = h.lastIndexOf('.', last - 1);
  if (second < 0) return h; // already two labels
  const third = h.lastIndexOf('.', second - 1);
  // Try a three-label suffix first (s3.amazonaws.com, up.railway.app), then two labels.
  if (third >= 0 && MULTI_LABEL_SUFFIXES.has(h.slice(third + 1))) {
    const fourth = h.lastIndexOf('.', third - 1);
    return h.slice(fourth + 1);
  }
  if (MULTI_LABEL_SUFFIXES.has(h.slice(second + 1))) return h.slice(third + 1);
  return h.slice(second + 1);
}

/** Lower-case, no trailing dot, no IPv6 brackets: the form every host check compares. */
export function normalizeHost(host: string): string {
  let h = host.toLowerCase();
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h.length > 1 && h.charCodeAt(0) === 91 && h.charCodeAt(h.length - 1) === 93) h = h.slice(1, -1);
  return h;
}

export interface HostGlobOptions {
  /** Whether '*.example.com' also matches 'example.com' itself. */
  apex: boolean;
}

/**
 * Compile host globs: exact hosts, '*.example.com' (any depth of subdomain),
 * a '*' inside labels ('api-*.example.com', one label's worth of characters)
 * and a bare '*' (everything). Case-insensitive. The returned predicate
 * expects a host already passed through normalizeHost.
 */
export function compileHostGlobs(patterns: readonly string[], opts: HostGlobOptions): (host: string) => boolean {
  const exact = new Set<string>();
  const suffixes = new Set<string>();
  const regexes: RegExp[] = [];
  let all = false;
  for (const raw of patterns) {
    const p = normalizeHost(raw.trim());
    if (p === '') continue;
    if (p === '*') {
      all = true;
      continue;
    }
    if (p.startsWith('*.') && !p.slice(2).includes('*')) {
      suffixes.add(p.slice(2));
      if (opts.apex) exact.add(p.slice(2));
      continue;
    }
    if (!p.includes('*')) {
      exact.add(p);
      continue;
    }
    // A leading '*.' still means "any depth"; other '*' stay inside one label.
    const body = p
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^.]*');
    const src = body.startsWith('[^.]*\\.') ? `^(?:.+\\.)${body.slice('[^.]*\\.'.length)}$` : `^${body}$`;
    regexes.push(new RegExp(src));
  }
  if (all) return () => true;
  const hasSuffixes = suffixes.size > 0;
  const hasRegexes = regexes.length > 0;
  if (exact.size === 0 && !hasSuffixes && !hasRegexes) return () => false;
  return (host: string) => {
    if (exact.has(host)) return true;
    if (hasSuffixes) {
      // Walk the parent domains: 'a.b.example.com' checks 'b.example.com', 'example.com', 'com'.
      let i = host.indexOf('.');
      while (i >= 0) {
        if (suffixes.has(host.slice(i + 1))) return true;
        i = host.indexOf('.', i + 1);
      }
    }
    if (hasRegexes) for (const r of regexes) if (r.test(host)) return true;
    return false;
  };
}
