// The interception CA: create one (`pipelock tls init`), load one from
// tls_interception.ca_cert / ca_key, and mint short-lived leaf certificates
// for the hosts agents connect to. Leaves name exactly one host (SAN), never
// a wildcard, and never outlive the CA. Certificates are built with
// node:crypto and a small DER encoder: no global polyfills in a library that
// others embed.
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { PipelockError } from '@pipelock/core';
import { bits, bool, children, explicit, namedBits, nul, octets, oid, readElement, seq, set, smallInt, time, tlv, uint, utf8 } from './der.js';

export type CaKeyType = 'ec' | 'rsa';

export interface GeneratedCa {
  /** The CA certificate (PEM): what clients must trust. */
  certPem: string;
  /** The CA private key (PKCS#8 PEM): keep it readable by pipelock only. */
  keyPem: string;
}

export interface GenerateCaOptions {
  /** 'ec' (ECDSA P-256, default) or 'rsa' (RSA 2048). */
  keyType?: CaKeyType;
  commonName?: string;
  /** Validity in days (default 3650). */
  validDays?: number;
  now?: Date;
}

export interface LeafCertificate {
  certPem: string;
  keyPem: string;
  notAfter: Date;
}

export interface CertAuthority {
  readonly certPem: string;
  /** 'AB:CD:…' SHA-256 of the CA certificate. */
  readonly fingerprint256: string;
  readonly notAfter: Date;
  /** A fresh leaf for `host` (a DNS name or an IP literal), valid for `ttlMs` (capped at the CA's own expiry). */
  mint(host: string, ttlMs: number, now?: Date): LeafCertificate;
}

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  subjectKeyId: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyId: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
} as const;

// KeyUsage bit numbers (RFC 5280 §4.2.1.3).
const DIGITAL_SIGNATURE = 0;
const KEY_CERT_SIGN = 5;
const CRL_SIGN = 6;

/** Clock skew allowance: a leaf is valid from an hour ago. */
const BACKDATE_MS = 60 * 60 * 1000;
/** RFC 5280 §4.1.2.4: a CommonName is at most 64 characters; longer hosts go in the SAN only. */
const CN_MAX = 64;

function name(cn: string, org?: string): Buffer {
  const rdns = [];
  if (org !== undefined) rdns.push(set(seq(oid(OID.organization), utf8(org))));
  if (cn !== '') rdns.push(set(seq(oid(OID.commonName), utf8(cn))));
  return seq(...rdns);
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(spkiDer: Buffer): Buffer {
  const spki = children(readElement(spkiDer).content);
  const keyBits = spki[1];
  if (keyBits === undefined) throw new Error('malformed SubjectPublicKeyInfo');
  return createHash('sha1').update(keyBits.content.subarray(1)).digest();
}

/** Positive 128-bit serial (RFC 5280 §4.1.2.2: at most 20 octets, unique per CA). */
function serial(): Buffer {
  const b = randomBytes(16);
  b[0] = ((b[0] as number) & 0x7f) | 0x01;
  return uint(b);
}

function signatureAlgorithm(key: KeyObject): Buffer {
  if (key.asymmetricKeyType === 'ec') return seq(oid(OID.ecdsaWithSha256));
  if (key.asymmetricKeyType === 'rsa') return seq(oid(OID.sha256WithRsa), nul());
  throw new PipelockError('CONFIG_INVALID', `CA key type ${key.asymmetricKeyType ?? 'unknown'} is not supported (use ECDSA P-256 or RSA)`);
}

function toPem(der: Buffer, label: string): string {
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function signCertificate(tbs: Buffer, sigAlg: Buffer, signer: KeyObject): Buffer {
  // ECDSA signatures come out DER-encoded (Ecdsa-Sig-Value), as X.509 wants; RSA as PKCS#1 v1.5.
  const signature = sign('sha256', tbs, signer);
  return seq(tbs, sigAlg, bits(signature));
}

function tbsCertificate(p: {
  sigAlg: Buffer;
  issuer: Buffer;
  subject: Buffer;
  notBefore: Date;
  notAfter: Date;
  spki: Buffer;
  extensions: Buffer[];
}): Buffer {
  return seq(explicit(0, smallInt(2)), serial(), p.sigAlg, p.issuer, seq(time(p.notBefore), time(p.notAfter)), p.subject, p.spki, explicit(3, seq(...p.extensions)));
}

export function generateCa(opts: GenerateCaOptions = {}): GeneratedCa {
  const keyType = opts.keyType ?? 'ec';
  const { privateKey, publicKey } =
    keyType === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const now = opts.now ?? new Date();
  // A per-install suffix: two pipelock CAs in one trust store stay distinguishable.
  const cn = opts.commonName ?? `Pipelock Interception CA ${randomBytes(3).toString('hex')}`;
  const subject = name(cn, 'Pipelock');
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const sigAlg = signatureAlgorithm(privateKey);
  const tbs = tbsCertificate({
    sigAlg,
    issuer: subject,
    subject,
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + (opts.validDays ?? 3650) * 86_400_000),
    spki,
    extensions: [
      // pathLen 0: this CA signs leaves only, never another CA.
      extension(OID.basicConstraints, true, seq(bool(true), smallInt(0))),
      extension(OID.keyUsage, true, namedBits([DIGITAL_SIGNATURE, KEY_CERT_SIGN, CRL_SIGN])),
      extension(OID.subjectKeyId, false, octets(keyIdentifier(spki))),
    ],
  });
  return {
    certPem: toPem(signCertificate(tbs, sigAlg, privateKey), 'CERTIFICATE'),
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

/** The CA's subject (exact DER, so leaves chain byte for byte) and its key identifier, if it has one. */
function issuerParts(der: Buffer): { subject: Buffer; keyId: Buffer | undefined } {
  const tbs = children(readElement(der).content)[0];
  if (tbs === undefined) throw new Error('malformed certificate');
  const fields = children(tbs.content);
  // [0] version is optional; after it: serial, signature, issuer, validity, subject.
  const start = fields[0]?.tag === 0xa0 ? 1 : 0;
  const subject = fields[start + 4];
  if (subject === undefined) throw new Error('malformed certificate');
  let keyId: Buffer | undefined;
  const exts = fields.find((f) => f.tag === 0xa3);
  if (exts !== undefined) {
    const list = children(readElement(exts.content).content);
    for (const ext of list) {
      const parts = children(ext.content);
      if (parts[0]?.raw.equals(oid(OID.subjectKeyId))) {
        const value = parts[parts.length - 1];
        if (value !== undefined) keyId = readElement(value.content).content;
      }
    }
  }
  return { subject: subject.raw, keyId };
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  // IPv6: expand '::' and any embedded IPv4 tail into 8 groups.
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1] !== undefined) {
    const o = v4[1].split('.').map(Number) as [number, number, number, number];
    text = text.slice(0, -v4[1].length) + `${((o[0] << 8) | o[1]).toString(16)}:${((o[2] << 8) | o[3]).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g, 16), i * 2));
  return out;
}

/** Parse and check a CA (certificate + matching private key). Errors name what is wrong, never the key. */
export function loadCa(certPem: string, keyPem: string): CertAuthority {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
  } catch (err) {
    throw new PipelockError('CONFIG_INVALID', `tls_interception.ca_cert is not a PEM certificate (${(err as Error).message})`);
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch {
    throw new PipelockError('CONFIG_INVALID', 'tls_interception.ca_key is not a PEM private key (encrypted keys are not supported)');
  }
  if (!cert.ca) throw new PipelockError('CONFIG_INVALID', 'tls_interception.ca_cert is not a CA certificate (basicConstraints CA:TRUE is missing)');
  if (!cert.checkPrivateKey(key)) throw new PipelockError('CONFIG_INVALID', 'tls_interception.ca_key does not belong to tls_interception.ca_cert');
  const sigAlg = signatureAlgorithm(key);
  const { subject: issuer, keyId } = issuerParts(cert.raw);
  const caNotAfter = new Date(cert.validTo);

  return {
    certPem: cert.toString(),
    fingerprint256: cert.fingerprint256,
    notAfter: caNotAfter,
    mint(host: string, ttlMs: number, now: Date = new Date()): LeafCertificate {
      // One P-256 key per leaf: cheap to make, and a leaked leaf key exposes one host only.
      const leafKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const spki = leafKeys.publicKey.export({ type: 'spki', format: 'der' });
      const notAfter = new Date(Math.min(now.getTime() + ttlMs, caNotAfter.getTime()));
      const ip = isIP(host) !== 0;
      const san = seq(ip ? tlv(0x87, ipBytes(host)) : tlv(0x82, Buffer.from(host, 'ascii')));
      const cn = host.length <= CN_MAX ? host : '';
      const extensions = [
        extension(OID.basicConstraints, true, seq()),
        extension(OID.keyUsage, true, namedBits([DIGITAL_SIGNATURE])),
        extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth))),
        // RFC 5280 §4.2.1.6: the SAN is critical when the subject is empty.
        extension(OID.subjectAltName, cn === '', san),
        extension(OID.subjectKeyId, false, octets(keyIdentifier(spki))),
        ...(keyId !== undefined ? [extension(OID.authorityKeyId, false, seq(tlv(0x80, keyId)))] : []),
      ];
      const tbs = tbsCertificate({
        sigAlg,
        issuer,
        subject: name(cn),
        notBefore: new Date(now.getTime() - BACKDATE_MS),
        notAfter,
        spki,
        extensions,
      });
      return {
        certPem: toPem(signCertificate(tbs, sigAlg, key), 'CERTIFICATE'),
        keyPem: leafKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
        notAfter,
      };
    },
  };
}

/** loadCa from the two configured files; unreadable files are IO errors naming the path. */
export function loadCaFiles(certPath: string, keyPath: string): CertAuthority {
  const read = (path: string, what: string): string => {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new PipelockError('IO', `cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  };
  return loadCa(read(certPath, 'tls_interception.ca_cert'), read(keyPath, 'tls_interception.ca_key'));
}

