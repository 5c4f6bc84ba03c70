import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { encodeBase32 } from '../encoding/index.js';
import type { PartialConfig } from '../config/index.js';
import { createScanContext } from '../scanner.js';
import type { Finding } from '../types.js';
import { createUrlScanner } from './pipeline.js';
import type { UrlScanOptions } from './pipeline.js';

// Built at runtime so the repository never holds a scannable key.
const AWS_KEY = ['AKIA', 'Z7K2QX5M', 'WB3RTJ4N'].join('');

function scannerFor(config: PartialConfig = {}, now: () => number = () => 0) {
  // A high rate limit unless a test sets one: most tests scan one domain many times.
  const monitoring = { max_requests_per_minute: 1_000_000, ...(config.fetch_proxy?.monitoring ?? {}) };
  const ctx = createScanContext({ ...config, fetch_proxy: { ...(config.fetch_proxy ?? {}), monitoring } } as PartialConfig, { now });
  return createUrlScanner(ctx);
}

const rules = (fs: Finding[]) => fs.map((f) => f.rule);
const find = (fs: Finding[], rule: string) => fs.find((f) => f.rule === rule);

describe('clean URLs', () => {
  const s = scannerFor();
  it.each([
    'https://docs.python.org/3/library/urllib.parse.html',
    'https://api.github.com/repos/o/r/issues?state=open&per_page=50',
    'https://example.com/',
    'http://example.com',
    'https://www.bbc.co.uk/news/world-europe-68123456',
    'https://en.wikipedia.org/wiki/List_of_countries_by_population_(United_Nations)',
    'https://github.com/nodejs/node/commit/9fceb02d0ae598e95dc970b74767f19372d61af8',
    'https://api.example.com/v1/users/3f2b8c1e-9a4d-4e6f-b2c1-7d8e9f0a1b2c/profile',
    'https://example.com/_next/static/Hk3j9sL0pQXv2mNaB7cD9zQ/_buildManifest.js',
    'https://example.com/_next/static/chunks/pages/_app-5f2c3b0e9a8d7c6b.js',
    'https://cdn.example.com/assets/app.3f9a8c1e.js',
    'https://cdn.example.com/img/iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ.png',
    'https://registry.npmjs.org/typescript/-/typescript-5.9.3.tgz',
    'https://example.com/releases/v12.3.45-beta.1+build.20240115',
    'https://example.com/archive/2024-01-15T10:30:00Z',
    'https://example.com/archive/2024/01/15/1234/5678',
    'https://example.com/search?q=how+to+configure+a+proxy&page=2&lang=en',
    'https://example.com/a/b/c/d/e/f/g/h/i/j?x=1&y=2&z=3#section-2',
    'https://d1a2b3c4d5e6f7.cloudfront.net/index.html',
    'https://example.com/docs/wait.../next',
    'https://example.com/range?r=1..5',
    'https://www.google.com/search?q=typescript+strict+mode&oq=typescript&aqs=chrome..69i57j0i512l9.2345j0j7&ie=UTF-8',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLFgquLnL59alCl_2TQvOiD5Vgm1hCaGSI',
    'https://files.pythonhosted.org/packages/70/8e/0e2d847013cb52cd35b38c009bb167a1a26b2ce6cd6965bf26b47bc0bf44/requests-2.31.0-py3-none-any.whl',
    'https://raw.githubusercontent.com/owner/repo/9fceb02d0ae598e95dc970b74767f19372d61af8/README.md',
    'https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/resolve/main/config.json',
    'https://cdn.jsdelivr.net/npm/bootstrap@5.3.2/dist/css/bootstrap.min.css',
    'https://images.unsplash.com/photo-1506744038136-46273834b3fb?ixlib=rb-4.0.3&auto=format&fit=crop&w=1350&q=80',
    'https://medium.com/@user/how-i-built-a-thing-3f9a8c1e2b4d',
    'https://registry.npmjs.org/@types%2fnode',
    'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=3f2b8c1e-9a4d-4e6f-b2c1-7d8e9f0a1b2c&redirect_uri=http%3A%2F%2Flocalhost%3A3000%2Fcallback',
    'https://en.wikipedia.org/wiki/Caf%C3%A9',
    'https://discord.com/api/v10/channels/1093847561029384756/messages',
    'https://www.notion.so/workspace/Page-Title-3f9a8c1e2b4d4e6f8a0b1c2d3e4f5a6b',
    'https://a0.muscache.com/im/pictures/Hosting-12345/original/3f2b8c1e-9a4d-4e6f-b2c1-7d8e9f0a1b2c.jpeg?im_w=720',
    'https://ghcr.io/v2/owner/image/manifests/sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'https://example.com/wp-content/uploads/2024/01/image-1024x768.png',
  ])('%s has no findings', (url) => {
    expect(s.scan(url)).toEqual([]);
  });
});

describe('scheme, CRLF, traversal, length, invalid', () => {
  const s = scannerFor();
  it.each([
    ['not a url', 'Invalid URL', 'url'],
    ['http://', 'Invalid URL', 'url'],
    ['http://[fe80::1%25eth0]/', 'Invalid URL', 'url'],
    ['ftp://example.com/file', 'Blocked Scheme', 'url.scheme'],
    ['file:///etc/passwd', 'Blocked Scheme', 'url.scheme'],
    ['gopher://127.0.0.1:6379/_INFO', 'Blocked Scheme', 'url.scheme'],
    ['ws://example.com/socket', 'Blocked Scheme', 'url.scheme'],
    ['https://example.com/a%0d%0aSet-Cookie:x=1', 'CRLF Injection', 'url'],
    ['https://example.com/a%0D%0A', 'CRLF Injection', 'url'],
    ['https://example.com/a%250d%250aX:1', 'CRLF Injection', 'url'],
    ['https://example.com/a?x=1%0aX-Injected:1', 'CRLF Injection', 'url'],
    ['https://example.com/a\r\nHost: evil', 'CRLF Injection', 'url'],
    ['https://example.com/../etc/passwd', 'Path Traversal', 'url.path'],
    ['https://example.com/a/..%2f..%2fetc/passwd', 'Path Traversal', 'url.path'],
    ['https://example.com/a/%2e%2e/%2e%2e/etc/passwd', 'Path Traversal', 'url.path'],
    ['https://example.com/a/%252e%252e%252fetc', 'Path Traversal', 'url.path'],
    ['https://example.com/a\\..\\..\\windows', 'Path Traversal', 'url.path'],
    ['https://example.com/a/.%2e/b', 'Path Traversal', 'url.path'],
    ['https://example.com/read?file=../../etc/passwd', 'Path Traversal', 'url.query'],
    ['https://example.com/read?file=..%2F..%2Fetc%2Fpasswd', 'Path Traversal', 'url.query'],
  ])('%j -> %s at %s', (url, rule, location) => {
    const f = find(s.scan(url), rule);
    expect(f, JSON.stringify(s.scan(url))).toBeDefined();
    expect(f?.location).toBe(location);
    expect(f?.action).toBe('block');
  });

  it.each([
    'https://example.com/a%0b', // vertical tab, not CR/LF
    'https://example.com/100%25done',
    'https://example.com/a/..b/c',
    'https://example.com/a/b../c',
    'https://example.com/.well-known/security.txt',
    'https://example.com/a?x=..b',
  ])('near-miss %j has no CRLF/traversal finding', (url) => {
    expect(rules(s.scan(url))).not.toContain('CRLF Injection');
    expect(rules(s.scan(url))).not.toContain('Path Traversal');
  });

  it('ws/wss are allowed for the websocket transport only', () => {
    expect(s.scan('wss://example.com/socket', { transport: 'websocket' })).toEqual([]);
    expect(s.scan('ws://example.com/socket', { transport: 'websocket' })).toEqual([]);
    expect(rules(s.scan('wss://example.com/socket', { transport: 'fetch' }))).toEqual(['Blocked Scheme']);
  });

  it('URL Too Long over max_url_length, not at it', () => {
    const sc = scannerFor({ fetch_proxy: { monitoring: { max_url_length: 100 } } } as PartialConfig);
    const base = 'https://example.com/';
    const at = base + 'a'.repeat(100 - base.length);
    expect(rules(sc.scan(at))).not.toContain('URL Too Long');
    const f = find(sc.scan(at + 'a'), 'URL Too Long');
    expect(f?.location).toBe('url');
    expect(f?.action).toBe('block');
  });

  it('connect transport accepts host:port', () => {
    expect(s.scan('example.com:443', { transport: 'connect' })).toEqual([]);
    expect(find(s.scan('127.0.0.1:6379', { transport: 'connect' }), 'SSRF: Internal Address')?.scanner).toBe('ssrf');
  });
});

describe('blocklist and api_allowlist', () => {
  const s = scannerFor({ fetch_proxy: { monitoring: { blocklist: ['*.pastebin.com', 'evil.example'] } } } as PartialConfig);
  it.each([
    ['https://pastebin.com/raw/abc', true],
    ['https://x.pastebin.com/raw/abc', true],
    ['https://X.PasteBin.COM./raw', true],
    ['https://evil.example/', true],
    ['https://notpastebin.com/', false],
    ['https://pastebin.com.example.org/', false],
    ['https://sub.evil.example/', false],
  ])('%s blocklisted: %s', (url, blocked) => {
    const f = find(s.scan(url), 'Blocklisted Domain');
    expect(f !== undefined).toBe(blocked);
    if (f) {
      expect(f.location).toBe('url.host');
      expect(f.action).toBe('block');
    }
  });

  it('strict mode: only api_allowlist hosts are reachable', () => {
    const strict = scannerFor({ mode: 'strict', api_allowlist: ['*.openai.com', 'github.com'] });
    expect(strict.scan('https://api.openai.com/v1/chat/completions')).toEqual([]);
    expect(strict.scan('https://github.com/o/r')).toEqual([]);
    const f = find(strict.scan('https://example.com/'), 'Host Not In Allowlist');
    expect(f?.location).toBe('url.host');
    expect(f?.action).toBe('block');
    expect(find(strict.scan('https://openai.com/'), 'Host Not In Allowlist')).toBeDefined();
  });

  it('balanced mode: hosts outside the allowlist are reachable', () => {
    const bal = scannerFor({ api_allowlist: ['api.openai.com'] });
    expect(bal.scan('https://example.com/')).toEqual([]);
  });

  it('allowlisted hosts skip entropy (not DLP) outside strict mode', () => {
    const path = 'https://api.openai.com/v1/files/Zx9Qw2Er7Ty4Ui1Op8As5Df3Gh6Jk0Lz';
    const bal = scannerFor({ api_allowlist: ['api.openai.com'] });
    expect(bal.scan(path)).toEqual([]);
    expect(rules(bal.scan(`https://api.openai.com/v1?k=${AWS_KEY}`))).toEqual(['AWS Access Key ID']);
    const other = scannerFor({ api_allowlist: [] });
    expect(rules(other.scan(path))).toEqual(['High Entropy Path']);
    const strict = scannerFor({ mode: 'strict', api_allowlist: ['api.openai.com'] });
    expect(rules(strict.scan(path))).toEqual(['High Entropy Path']);
  });
});

describe('DLP on every part', () => {
  const s = scannerFor();

  it('an AWS key in a query value blocks at url.query.k', () => {
    const fs = s.scan(`https://evil.example/?k=${AWS_KEY}`);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ scanner: 'dlp', rule: 'AWS Access Key ID', location: 'url.query.k', action: 'block' });
    expect(fs[0]?.excerpt).not.toContain(AWS_KEY);
  });

  const a = AWS_KEY.slice(0, 4);
  const b = AWS_KEY.slice(4, 12);
  const c = AWS_KEY.slice(12);
  it.each([
    ['query value, encoded', `https://evil.example/?k=${encodeURIComponent(AWS_KEY).replace(/A/g, '%41')}`, 'url.query.k'],
    ['query value, double-encoded', `https://evil.example/?k=%2541${AWS_KEY.slice(1)}`, 'url.query.k'],
    ['query key', `https://evil.example/?${AWS_KEY}=1`, 'url.query(key)'],
    ['path segment', `https://evil.example/upload/${AWS_KEY}`, 'url.path'],
    ['host label', `https://${AWS_KEY}.evil.example/`, 'url.host'],
    ['host label, lower-cased', `https://${AWS_KEY.toLowerCase()}.evil.example/`, 'url.host'],
    ['userinfo', `https://${AWS_KEY}:x@evil.example/`, 'url.userinfo'],
    ['fragment', `https://evil.example/#${AWS_KEY}`, 'url.fragment'],
    ['split query values', `https://evil.example/?a=${a}&b=${b}&c=${c}`, 'url.query(joined)'],
    ['split query values with decoys', `https://evil.example/?x=hello&a=${a}&b=${b}&c=${c}&y=world`, 'url.query(joined)'],
    ['split path segments', `https://evil.example/${a}/${b}/${c}`, 'url.path(joined)'],
    ['split path segments after a prefix', `https://evil.example/upload/${a}/${b}/${c}/done`, 'url.path(joined)'],
    ['split host labels', `https://${a}.${b}.${c}.evil.example/`, 'url.host(joined)'],
    ['split host labels, lower-cased', `https://${a}.${b}.${c}.evil.example/`.toLowerCase(), 'url.host(joined)'],
  ])('%s -> %s', (_name, url, location) => {
    const fs = s.scan(url);
    const f = find(fs, 'AWS Access Key ID');
    expect(f, JSON.stringify(fs)).toBeDefined();
    expect(f?.location).toBe(location);
    expect(f?.action).toBe('block');
    expect(fs.filter((x) => x.rule === 'AWS Access Key ID')).toHaveLength(1);
    for (const x of fs) expect(x.location ?? '').not.toContain(AWS_KEY);
  });

  it.each([
    ['key-shaped but too short', `https://evil.example/?k=${AWS_KEY.slice(0, 16)}`],
    // AWS's documentation key is a credential on egress (dlp.example_credentials); a mask is not.
    ['AWS key mask', 'https://evil.example/?k=AKIAXXXXXXXXXXXXXXXX'],
    ['pieces out of order', `https://evil.example/?a=${b}&b=${a}&c=${c}`],
    ['lower-case key in a path', `https://evil.example/x/${AWS_KEY.toLowerCase()}`],
  ])('near-miss: %s', (_name, url) => {
    expect(rules(s.scan(url))).not.toContain('AWS Access Key ID');
  });

  it.each([
    ['userinfo', 'https://deploy:Zq8vN3xLp5Rt7Yw2@git.corp-net.io/repo.git', 'url.userinfo'],
    ['a connection string in a query value', 'https://evil.example/?redirect=postgres://app:Zq8vN3xLp5Rt7Yw2@db.corp-net.io:5432/prod', 'url.query.redirect'],
  ])('Credentials in URL: %s -> %s', (_name, url, location) => {
    const f = find(s.scan(url), 'Credentials in URL');
    expect(f, JSON.stringify(s.scan(url))).toBeDefined();
    expect(f?.location).toBe(location);
    expect(f?.excerpt ?? '').not.toContain('Zq8vN3xLp5Rt7Yw2');
  });

  it('a JWT split over two query values is reassembled', () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const jwt = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'u-8841', iat: 1716239022 })}.${'Qm9Zx7Lp2Kd8Rt5Vw3Ny6Hj1'}`;
    const f = find(s.scan(`https://evil.example/c?p1=${jwt.slice(0, 30)}&p2=${jwt.slice(30)}`), 'JSON Web Token');
    expect(f?.location).toBe('url.query(joined)');
    expect(find(s.scan(`https://evil.example/c?t=${jwt}`), 'JSON Web Token')?.location).toBe('url.query.t');
  });

  it('env values are found in URLs (scanner env)', () => {
    const secret = ['Zq8', 'vN3xLp', '5Rt7Yw', '2Kd9'].join('');
    const ctx = createScanContext({ fetch_proxy: { monitoring: { max_requests_per_minute: 1_000_000 } } } as PartialConfig, {
      env: { MY_TOKEN: secret },
    });
    const fs = createUrlScanner(ctx).scan(`https://evil.example/collect?d=${secret}`);
    const f = fs.find((x) => x.scanner === 'env');
    expect(f, JSON.stringify(fs)).toBeDefined();
    expect(f?.location).toBe('url.query.d');
  });
});

describe('entropy', () => {
  const s = scannerFor();
  it('a random path segment is High Entropy Path (medium, warn in balanced)', () => {
    const f = find(s.scan('https://evil.example/c/Zx9Qw2Er7Ty4Ui1Op8As5Df3Gh6Jk0Lz'), 'High Entropy Path');
    expect(f).toMatchObject({ scanner: 'entropy', severity: 'medium', location: 'url.path', action: 'warn' });
  });

  it('a random subdomain label is High Entropy Subdomain', () => {
    const f = find(s.scan('https://k3j9x2m8q7w1z5v4n6b0t8y2.evil.example/'), 'High Entropy Subdomain');
    expect(f).toMatchObject({ scanner: 'entropy', severity: 'medium', location: 'url.host' });
  });

  it('opaque document ids are a known warn (never a block in balanced); api_allowlist silences them', () => {
    const url = 'https://docs.google.com/document/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit';
    expect(s.scan(url).map((f) => [f.rule, f.action])).toEqual([['High Entropy Path', 'warn']]);
    expect(scannerFor({ api_allowlist: ['docs.google.com'] }).scan(url)).toEqual([]);
  });

  it('subdomain_entropy_exclusions skip label entropy', () => {
    const sc = scannerFor({ fetch_proxy: { monitoring: { subdomain_entropy_exclusions: ['*.evil.example'] } } } as PartialConfig);
    expect(sc.scan('https://k3j9x2m8q7w1z5v4n6b0t8y2.evil.example/')).toEqual([]);
  });

  it('the threshold is the configured one', () => {
    const lax = scannerFor({ fetch_proxy: { monitoring: { entropy_threshold: 6 } } } as PartialConfig);
    expect(lax.scan('https://evil.example/c/Zx9Qw2Er7Ty4Ui1Op8As5Df3Gh6Jk0Lz')).toEqual([]);
  });

  it.each([
    ['uuid', 'https://evil.example/items/3f2b8c1e-9a4d-4e6f-b2c1-7d8e9f0a1b2c'],
    ['git sha', 'https://evil.example/commit/9fceb02d0ae598e95dc970b74767f19372d61af8'],
    ['sha256', 'https://evil.example/blobs/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['asset hash', 'https://evil.example/app.3f9a8c1e.js'],
    ['next build id', 'https://evil.example/_next/static/Zx9Qw2Er7Ty4Ui1Op8As5/_buildManifest.js'],
    ['next chunk', 'https://evil.example/_next/static/chunks/framework-2c79e2a64abdb08b.js'],
    ['base64 image name', 'https://evil.example/i/Zx9Qw2Er7Ty4Ui1Op8As5Df3Gh6Jk0Lz.png'],
    ['semver', 'https://evil.example/v/12.3.45-beta.1+build.20240115'],
    ['date', 'https://evil.example/archive/2024-01-15T10:30:00.000Z'],
    ['hex subdomain', 'https://d1a2b3c4d5e6f7a8b9c0d1e2f3.evil.example/'],
    ['short random label', 'https://k3j9x2m8.evil.example/'],
    ['ELB host', 'https://my-load-balancer-1234567890.us-west-2.elb.amazonaws.com/'],
    ['Heroku app', 'https://shielded-caverns-12345.herokuapp.com/'],
    ['k8s ingress', 'https://k8s-default-ingress-4f3a2b1c9d.example.com/'],
    ['regional service', 'https://prod-api-eu-west-1-a7b3c9.example.com/'],
    ['IDN label', 'https://xn--bcher-kva-berlangewort8b.example/'],
  ])('near-miss: %s', (_name, url) => {
    const r = rules(s.scan(url));
    expect(r).not.toContain('High Entropy Path');
    expect(r).not.toContain('High Entropy Subdomain');
  });
});

describe('data in subdomain labels (before DNS)', () => {
  const s = scannerFor();
  const b32 = (t: string) => encodeBase32(Buffer.from(t), false).toLowerCase();
  const hex = (t: string) => Buffer.from(t).toString('hex');
  const blocking = (url: string) => s.scan(url).filter((f) => f.action === 'block').map((f) => f.rule);

  it('labels that decode to text block as Encoded Data In Hostname, and the text is scanned', () => {
    const url = `https://${b32(AWS_KEY)}.cdn-metrics.example/pixel.gif`;
    const f = find(s.scan(url), 'Encoded Data In Hostname');
    expect(f).toMatchObject({ severity: 'high', action: 'block', location: 'url.host', encoding: ['base32'] });
    expect(blocking(url)).toContain('AWS Access Key ID');
    expect(JSON.stringify(s.scan(url))).not.toContain(AWS_KEY);
  });

  it('text chunked over labels in hex', () => {
    const labels = hex('user=alice pass=Spring2025!').match(/.{1,20}/g)!.join('.');
    expect(blocking(`https://${labels}.status-check.example/`)).toContain('Encoded Data In Hostname');
  });

  it('a random label chain is Data In Hostname Labels', () => {
    expect(blocking('https://k7x2m9qa4w.b3n8v1zp6c.r5t8y2u3i0.h3g2f1d8s7.q.exfil-dns.example/')).toEqual(['Data In Hostname Labels']);
  });

  it('platform hosts are exempt from the chain count, and so are subdomain_entropy_exclusions', () => {
    expect(blocking('https://q4w7e2r9t1y6u3i8o5p0a2s4d6f8g1h3.lambda-url.us-east-1.on.aws/')).toEqual([]);
    const sc = scannerFor({ fetch_proxy: { monitoring: { subdomain_entropy_exclusions: ['*.exfil-dns.example'] } } } as PartialConfig);
    expect(sc.scan('https://k7x2m9qa4w.b3n8v1zp6c.r5t8y2u3i0.h3g2f1d8s7.q.exfil-dns.example/').filter((f) => f.action === 'block')).toEqual([]);
  });

  it('scanHost runs the same checks on a bare name, before any lookup', () => {
    expect(s.scanHost(`${b32(AWS_KEY)}.cdn-metrics.example`).map((f) => f.rule)).toEqual(expect.arrayContaining(['AWS Access Key ID', 'Encoded Data In Hostname']));
    expect(s.scanHost('k7x2m9qa4w.b3n8v1zp6c.r5t8y2u3i0.h3g2f1d8s7.q.exfil-dns.example.').map((f) => f.rule)).toEqual(['Data In Hostname Labels']);
    expect(s.scanHost(`${AWS_KEY}.evil.example`).map((f) => f.rule)).toContain('AWS Access Key ID');
    expect(s.scanHost('api.github.com')).toEqual([]);
    expect(s.scanHost('10.0.0.1')).toEqual([]);
    expect(s.scanHost('[::1]')).toEqual([]);
  });

  it.each([
    'https://api-v2-staging.eu-central-1.internal-tools.acme-corp.example/v1/health',
    'https://ec2-54-213-87-102.us-west-2.compute.amazonaws.com/',
    'https://o450312.ingest.us.sentry.io/api/1/envelope/',
    'https://e12345.dscx.akamaiedge.net/app.css',
    'https://thequickbrownfoxjumps.example/',
  ])('ordinary host: %s', (url) => {
    expect(blocking(url)).toEqual([]);
  });
});

describe('random data and encoded credentials in the path and query', () => {
  const s = scannerFor();
  const blocking = (url: string) => s.scan(url).filter((f) => f.action === 'block').map((f) => f.rule);

  it('two random segments, or one very long one, are Random Data In URL Path', () => {
    expect(blocking('https://dl.example/Zx9Qw2Er7Ty4Ui1Op8As5Df3Gh6Jk0Lz/Mn4Bv7Cx2Za9Qw5Er8Ty1Ui3Op6As0Df')).toEqual(['Random Data In URL Path']);
    const long = Buffer.from('x'.repeat(10) + 'Q7#k2$'.repeat(12)).toString('base64url').slice(0, 8) + 'Hq3T8vN1xR6mZ4pK9wL2sY7cB5dF0gJaE7uI4oQkZx9Qw2Er7Ty4Ui1Op8As5Df3Gh6Jk0Lz';
    expect(blocking(`https://paste.example/raw/${long}`)).toEqual(['Random Data In URL Path']);
  });

  it('a long random query value is Random Data In URL Query, unless its name is random by design', () => {
    const rnd = 'Hq3T8vN1xR6mZ4pK9wL2sY7cB5dF0gJaE7uI4oQkZx9Qw2Er7Ty4Ui1Op8As5Df3Gh6Jk0LzMn4Bv7Cx2Za9Qw5Er8Ty1Ui3Op6As0Df';
    expect(blocking(`https://collect.example/i?d=${rnd}`)).toEqual(['Random Data In URL Query']);
    for (const name of ['gclid', 'Signature', 'code', 'pageToken', 'state']) expect(blocking(`https://ads.example/l?${name}=${rnd}`)).toEqual([]);
    expect(blocking(`https://collect.example/i?d=${rnd.slice(0, 60)}`)).toEqual([]);
  });

  it('one opaque id stays a warning', () => {
    expect(blocking('https://docs.google.com/document/d/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/edit')).toEqual([]);
  });

  it.each<[string, string, string[]]>([
    ['base64 password assignment in a path', `https://img.example/p/${Buffer.from('password=Winter2025!Corp').toString('base64url')}`, ['base64']],
    ['hex token assignment in a path', `https://track.example/o/${Buffer.from('user=alice;token=CiqazfODWbQXQEiKfz2YBwEHQA5t0gMZ').toString('hex')}`, ['hex']],
    ['base64 of a bare random token in a query', `https://api.example/v2?k=${Buffer.from('odlICaeGL9MrcVY1Shc3C1cKLOXTNjfbMLpkuc3sdAq').toString('base64')}`, ['base64']],
  ])('%s is Encoded Credential In URL', (_n, url, encoding) => {
    const f = find(s.scan(url), 'Encoded Credential In URL');
    expect(f).toMatchObject({ severity: 'high', action: 'block', encoding });
  });

  it.each([
    `https://api-js.mixpanel.com/track/?data=${Buffer.from(JSON.stringify({ event: 'Page View', properties: { token: '8c1f9e2a7b3d4c5e6f708192a3b4c5d6', distinct_id: '3f2b8c1e-9a4d-4e6f-b2c1-7d8e9f0a1b2c' } })).toString('base64')}`,
    `https://app.example/cb?code=4%2F0AcvDMrC&state=${Buffer.from(JSON.stringify({ returnTo: '/dashboard', nonce: 'Zx9Qw2Er7Ty4Ui1Op8As5D' })).toString('base64url')}`,
    `https://api.example/graphql?cursor=${Buffer.from('arrayconnection:99').toString('base64')}`,
  ])('base64 state and cursors are not credentials: %s', (url) => {
    expect(rules(s.scan(url))).not.toContain('Encoded Credential In URL');
  });

  it('a card-valid number that is a whole path segment is an id (medium); in a query it blocks', () => {
    const id = '4505871093121024'; // Luhn-valid, Visa-shaped: a Sentry-style project id
    expect(find(s.scan(`https://o1.ingest.sentry.io/api/${id}/envelope/`), 'Credit Card Number')).toMatchObject({ severity: 'medium', action: 'warn' });
    expect(find(s.scan(`https://shop.example/pay?cc=${id}`), 'Credit Card Number')).toMatchObject({ action: 'block' });
  });
});

describe('delimited hex right after "=" in a query value', () => {
  it('is decoded', () => {
    const colon = [...Buffer.from(AWS_KEY)].map((b) => b.toString(16).padStart(2, '0')).join(':');
    expect(find(scannerFor().scan(`https://diag.example/r?d=${colon}`), 'AWS Access Key ID')).toMatchObject({ location: 'url.query.d' });
  });
});

describe('SSRF', () => {
  const s = scannerFor();
  const ssrf = (url: string, opts?: UrlScanOptions, sc = s) => find(sc.scan(url, opts), 'SSRF: Internal Address');

  it.each([
    'http://127.0.0.1/',
    'http://2130706433/',
    'http://0177.0.0.1/',
    'http://0x7f.0.0.1/',
    'http://0x7f000001/',
    'http://127.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:7f00:1]/',
    'http://[::1]:8080/',
    'http://169.254.169.254/latest/meta-data/',
    'http://2852039166/latest/meta-data/',
    'http://0251.0376.0251.0376/',
    'http://0xa9fea9fe/',
    'http://169.16689662/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://10.0.0.5:8080/admin',
    'http://localhost:11434/api/generate',
    'http://LOCALHOST./',
    'http://app.localhost/',
    'http://metadata.google.internal/computeMetadata/v1/',
    'http://0/',
    'http://%31%32%37.0.0.1/',
    'http://\uff11\uff12\uff17.0.0.1/', // full-width digits
    'http://127.0.0.1./',
  ])('%s is blocked as internal', (url) => {
    const f = ssrf(url);
    expect(f, JSON.stringify(s.scan(url))).toMatchObject({ scanner: 'ssrf', severity: 'critical', action: 'block', location: 'url.host' });
  });

  it('resolved addresses are checked', () => {
    for (const ip of ['10.1.2.3', '169.254.169.254', '::1', '::ffff:192.168.0.1', 'fd00::1']) {
      const f = ssrf('https://rebind.evil.example/', { resolvedIps: ['93.184.216.34', ip] });
      expect(f, ip).toMatchObject({ scanner: 'ssrf', location: 'url.host(resolved)', action: 'block' });
    }
    expect(ssrf('https://example.com/', { resolvedIps: ['93.184.216.34', '2606:2800:220:1::1'] })).toBeUndefined();
  });

  it('resolved addresses are checked on every request, not only the first (the parsed-address cache)', () => {
    const sc = scannerFor();
    for (let i = 0; i < 3; i++) {
      expect(ssrf('https://rebind.evil.example/', { resolvedIps: ['93.184.216.34'] }, sc), `round ${i}`).toBeUndefined();
      // The same host rebinds to an internal address: still reported, every time.
      expect(ssrf('https://rebind.evil.example/', { resolvedIps: ['93.184.216.34', '10.1.2.3'] }, sc), `round ${i}`).toMatchObject({ location: 'url.host(resolved)' });
      expect(ssrf('https://rebind.evil.example/', { resolvedIps: ['not-an-ip', '10.1.2.3'] }, sc), `round ${i}`).toMatchObject({ location: 'url.host(resolved)' });
    }
  });

  it.each(['http://8.8.8.8/', 'http://172.32.0.1/', 'http://[::ffff:8.8.8.8]/', 'http://localhost.example.com/', 'http://mylocalhost/'])(
    'near-miss %s is not internal',
    (url) => {
      expect(ssrf(url)).toBeUndefined();
    },
  );

  it('trusted_domains exempt named hosts for every transport', () => {
    const sc = scannerFor({ trusted_domains: ['localhost', 'ollama.internal', '*.models.lan'] });
    for (const transport of ['forward', 'fetch', 'websocket', 'connect']) {
      const opts = { transport, resolvedIps: ['127.0.0.1'] };
      expect(ssrf('http://localhost:11434/api/generate', opts, sc), transport).toBeUndefined();
      expect(ssrf('http://ollama.internal:11434/', { transport, resolvedIps: ['10.0.0.7'] }, sc), transport).toBeUndefined();
      expect(ssrf('http://gpu1.models.lan/', { transport, resolvedIps: ['192.168.1.20'] }, sc), transport).toBeUndefined();
      expect(ssrf('http://evil.example/', { transport, resolvedIps: ['10.0.0.7'] }, sc), transport).toBeDefined();
    }
    expect(ssrf('ollama.internal:443', { transport: 'connect', resolvedIps: ['10.0.0.7'] }, sc)).toBeUndefined();
  });

  it('ssrf.ip_allowlist exempts addresses for every transport, also in odd spellings', () => {
    const sc = scannerFor({ ssrf: { ip_allowlist: ['127.0.0.1/32', '10.0.0.0/24'] } });
    for (const transport of ['forward', 'fetch', 'websocket', 'connect']) {
      expect(ssrf('http://127.0.0.1:11434/', { transport }, sc), transport).toBeUndefined();
      expect(ssrf('http://0x7f000001:11434/', { transport }, sc), transport).toBeUndefined();
      expect(ssrf('http://[::ffff:127.0.0.1]:11434/', { transport }, sc), transport).toBeUndefined();
      expect(ssrf('http://localhost:11434/', { transport }, sc), transport).toBeUndefined();
      expect(ssrf('http://llm.lan/', { transport, resolvedIps: ['10.0.0.9'] }, sc), transport).toBeUndefined();
      expect(ssrf('http://127.0.0.2/', { transport }, sc), transport).toBeDefined();
      expect(ssrf('http://llm.lan/', { transport, resolvedIps: ['10.0.1.9'] }, sc), transport).toBeDefined();
    }
  });

  it('internal replaces the default list', () => {
    const sc = scannerFor({ internal: ['203.0.113.0/24'] });
    expect(ssrf('http://203.0.113.5/', undefined, sc)).toBeDefined();
    expect(ssrf('http://127.0.0.1/', undefined, sc)).toBeUndefined();
    expect(ssrf('http://localhost/', undefined, sc)).toBeUndefined();
  });
});

describe('rate limit and data budget', () => {
  it('max_requests_per_minute per base domain with a sliding minute', () => {
    let t = 1_000_000;
    const s = scannerFor({ fetch_proxy: { monitoring: { max_requests_per_minute: 3 } } } as PartialConfig, () => t);
    expect(s.scan('https://a.evil.example/1')).toEqual([]);
    expect(s.scan('https://b.evil.example/2')).toEqual([]);
    expect(s.scan('https://evil.example/3')).toEqual([]);
    const f = find(s.scan('https://c.evil.example/4'), 'Rate Limit Exceeded');
    expect(f).toMatchObject({ scanner: 'rate', location: 'url.host', action: 'block' });
    // Other base domains have their own window.
    expect(s.scan('https://other.example/')).toEqual([]);
    expect(s.scan('https://www.bbc.co.uk/')).toEqual([]);
    t += 30_000;
    expect(rules(s.scan('https://evil.example/5'))).toEqual(['Rate Limit Exceeded']);
    t += 30_000;
    expect(s.scan('https://evil.example/6')).toEqual([]);
  });

  it('max_data_per_minute via opts.bytes and recordBytes', () => {
    let t = 5_000_000;
    const s = scannerFor({ fetch_proxy: { monitoring: { max_data_per_minute: 1000 } } } as PartialConfig, () => t);
    expect(s.scan('https://evil.example/a', { bytes: 600 })).toEqual([]);
    expect(s.recordBytes('https://x.evil.example/a', 300)).toEqual([]);
    const f = s.recordBytes('https://y.evil.example/b', 200)[0];
    expect(f).toMatchObject({ scanner: 'budget', rule: 'Data Budget Exceeded', location: 'url.host', action: 'block' });
    // Once over, further requests to the base domain are refused until the minute passes.
    expect(rules(s.scan('https://evil.example/c'))).toEqual(['Data Budget Exceeded']);
    expect(s.scan('https://other.example/c', { bytes: 900 })).toEqual([]);
    t += 61_000;
    expect(s.scan('https://evil.example/d')).toEqual([]);
  });

  it('data budget off when max_data_per_minute is 0', () => {
    const s = scannerFor();
    expect(s.scan('https://evil.example/a', { bytes: 1e12 })).toEqual([]);
    expect(s.recordBytes('https://evil.example/a', 1e12)).toEqual([]);
  });

  it('tracks a bounded number of domains', () => {
    const ctx = createScanContext({ fetch_proxy: { monitoring: { max_requests_per_minute: 1 } } } as PartialConfig, { now: () => 0 });
    const s = createUrlScanner(ctx, { maxTrackedDomains: 3 });
    expect(s.scan('https://d0.example/')).toEqual([]);
    expect(rules(s.scan('https://d0.example/'))).toEqual(['Rate Limit Exceeded']);
    for (let i = 1; i <= 3; i++) s.scan(`https://d${i}.example/`);
    // d0.example was evicted (least recently used), so it starts a new window.
    expect(s.scan('https://d0.example/')).toEqual([]);
  });
});

describe('robustness', () => {
  it('scan never throws, whatever the string', async () => {
    const fc = await import('fast-check');
    const s = scannerFor();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.webUrl({ withQueryParameters: true, withFragments: true }),
          fc.tuple(fc.constantFrom('http://', 'https://', 'ws://', ''), fc.string({ maxLength: 80 })).map(([a, b]) => a + b),
        ),
        fc.constantFrom(undefined, 'forward', 'connect', 'websocket'),
        (url, transport) => {
          const fs = s.scan(url, { transport, resolvedIps: ['203.0.113.9'] });
          for (const f of fs) expect(typeof f.rule).toBe('string');
        },
      ),
      { numRuns: 400 },
    );
  });
});
