// The CA and leaf certificates we build by hand, checked by two independent
// X.509 implementations: node:crypto and `openssl verify`.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCa, loadCa } from './ca.js';
import { createLeafCache } from './cache.js';

const dir = mkdtempSync(join(tmpdir(), 'pipelock-ca-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function opensslVerify(caPem: string, leafPem: string, host: string): string {
  const ca = join(dir, 'ca.pem');
  const leaf = join(dir, 'leaf.pem');
  writeFileSync(ca, caPem);
  writeFileSync(leaf, leafPem);
  const check = host.includes(':') || /^\d+\.\d+\.\d+\.\d+$/.test(host) ? ['-verify_ip', host] : ['-verify_hostname', host];
  return execFileSync('openssl', ['verify', '-purpose', 'sslserver', ...check, '-CAfile', ca, leaf], { encoding: 'utf8' });
}

describe.each(['ec', 'rsa'] as const)('a %s CA', (keyType) => {
  const generated = generateCa({ keyType, commonName: `Test CA ${keyType}` });
  const ca = loadCa(generated.certPem, generated.keyPem);
  const caCert = new X509Certificate(generated.certPem);

  it('is a self-signed CA certificate', () => {
    expect(caCert.ca).toBe(true);
    expect(caCert.verify(caCert.publicKey)).toBe(true);
    expect(caCert.subject).toContain(`CN=Test CA ${keyType}`);
    expect(ca.fingerprint256).toBe(caCert.fingerprint256);
  });

  it.each(['localhost', 'api.example.com', '127.0.0.1', '::1', 'a'.repeat(63) + '.' + 'b'.repeat(20) + '.example'])('mints a leaf for %s', (host) => {
    const leaf = loadCa(generated.certPem, generated.keyPem).mint(host, 3_600_000);
    const x = new X509Certificate(leaf.certPem);
    expect(x.ca).toBe(false);
    expect(x.verify(caCert.publicKey)).toBe(true);
    expect(x.checkIssued(caCert)).toBe(true);
    if (host.includes(':') || /^\d/.test(host)) expect(x.checkIP(host)).toBe(host);
    else expect(x.checkHost(host)).toBe(host);
    expect(x.checkHost('other.example')).toBeUndefined();
    expect(opensslVerify(generated.certPem, leaf.certPem, host)).toContain(': OK');
    const life = new Date(x.validTo).getTime() - Date.now();
    expect(life).toBeLessThanOrEqual(3_600_000);
    expect(life).toBeGreaterThan(3_500_000);
  });
});

describe('loadCa', () => {
  it('refuses a key that does not belong to the certificate', () => {
    const a = generateCa();
    const b = generateCa();
    expect(() => loadCa(a.certPem, b.keyPem)).toThrow(/does not belong/);
  });

  it('refuses a certificate that is not a CA', () => {
    const a = generateCa();
    const leaf = loadCa(a.certPem, a.keyPem).mint('x.example', 60_000);
    expect(() => loadCa(leaf.certPem, leaf.keyPem)).toThrow(/not a CA/);
  });

  it('refuses garbage', () => {
    const a = generateCa();
    expect(() => loadCa('nope', a.keyPem)).toThrow(/not a PEM certificate/);
    expect(() => loadCa(a.certPem, 'nope')).toThrow(/not a PEM private key/);
  });

  it('never mints a leaf that outlives the CA', () => {
    const a = generateCa({ validDays: 1 });
    const leaf = loadCa(a.certPem, a.keyPem).mint('x.example', 30 * 86_400_000);
    expect(leaf.notAfter.getTime()).toBeLessThanOrEqual(new Date(new X509Certificate(a.certPem).validTo).getTime());
  });
});

describe('leaf cache', () => {
  const a = generateCa();
  const ca = loadCa(a.certPem, a.keyPem);

  it('reuses a leaf, evicts the least recently used, and re-mints near expiry', () => {
    let now = Date.now();
    const cache = createLeafCache(ca, { size: 2, ttlMs: 3_600_000, now: () => now });
    const first = cache.get('a.example');
    expect(cache.get('a.example')).toBe(first);
    cache.get('b.example');
    cache.get('a.example'); // a is now the most recent
    cache.get('c.example'); // evicts b
    expect(cache.stats()).toEqual({ minted: 3, hits: 2, size: 2 });
    cache.get('b.example');
    expect(cache.stats().minted).toBe(4);
    now += 3_600_000; // past every leaf's life
    expect(cache.get('b.example')).not.toBe(first);
    expect(cache.stats().minted).toBe(5);
  });
});
