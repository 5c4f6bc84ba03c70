// The few ASN.1 DER pieces an X.509 certificate needs (ITU-T X.690): an
// encoder for building CA and leaf certificates, and a reader just deep
// enough to take the subject and key identifier out of an existing CA.
// Never parses anything from the network: inputs are our own CA files.

const Tag = {
  Boolean: 0x01,
  Integer: 0x02,
  BitString: 0x03,
  OctetString: 0x04,
  Null: 0x05,
  Oid: 0x06,
  Utf8String: 0x0c,
  UtcTime: 0x17,
  GeneralizedTime: 0x18,
  Sequence: 0x30,
  Set: 0x31,
} as const;

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One TLV with a raw tag byte (context tags: 0xa0 | n constructed, 0x80 | n primitive). */
export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

export const seq = (...items: Buffer[]): Buffer => tlv(Tag.Sequence, Buffer.concat(items));
export const set = (...items: Buffer[]): Buffer => tlv(Tag.Set, Buffer.concat(items));
export const octets = (b: Buffer): Buffer => tlv(Tag.OctetString, b);
export const nul = (): Buffer => tlv(Tag.Null, Buffer.alloc(0));
export const bool = (v: boolean): Buffer => tlv(Tag.Boolean, Buffer.from([v ? 0xff : 0x00]));
export const utf8 = (s: string): Buffer => tlv(Tag.Utf8String, Buffer.from(s, 'utf8'));
export const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner);

/** A non-negative INTEGER from big-endian bytes (minimal: no redundant leading zeros, a 0x00 before a high bit). */
export function uint(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  let b = bytes.subarray(i);
  if (b.length === 0) b = Buffer.from([0]);
  if ((b[0] as number) & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(Tag.Integer, b);
}

export const smallInt = (n: number): Buffer => uint(Buffer.from([n]));

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [(parts[0] as number) * 40 + (parts[1] as number)];
  for (const p of parts.slice(2)) {
    const group: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) group.unshift(0x80 | (v & 0x7f));
    out.push(...group);
  }
  return tlv(Tag.Oid, Buffer.from(out));
}

/** BIT STRING holding whole bytes (signatures, key identifiers' sources). */
export const bits = (b: Buffer): Buffer => tlv(Tag.BitString, Buffer.concat([Buffer.from([0]), b]));

/**
 * A named-bit BIT STRING (KeyUsage): bit 0 is the high bit of the first byte;
 * DER drops trailing zero bits and says how many bits of the last byte are unused.
 */
export function namedBits(set: readonly number[]): Buffer {
  const highest = Math.max(...set);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of set) bytes[bit >> 3] = (bytes[bit >> 3] as number) | (0x80 >> (bit & 7));
  const unused = 7 - (highest & 7);
  return tlv(Tag.BitString, Buffer.concat([Buffer.from([unused]), bytes]));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(d: Date): Buffer {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  const rest = `${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  const y = d.getUTCFullYear();
  if (y >= 1950 && y < 2050) return tlv(Tag.UtcTime, Buffer.from(`${p(y % 100)}${rest}`, 'ascii'));
  return tlv(Tag.GeneralizedTime, Buffer.from(`${p(y, 4)}${rest}`, 'ascii'));
}

// ---- reading ----

export interface Element {
  tag: number;
  /** The whole TLV. */
  raw: Buffer;
  /** The value bytes. */
  content: Buffer;
}

/** The element starting at `offset` (DER: definite lengths only). */
export function readElement(buf: Buffer, offset = 0): Element {
  if (offset + 2 > buf.length) throw new Error('truncated DER');
  const tag = buf[offset] as number;
  let len = buf[offset + 1] as number;
  let head = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || offset + 2 + n > buf.length) throw new Error('unsupported DER length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[offset + 2 + i] as number);
    head += n;
  }
  const end = offset + head + len;
  if (end > buf.length) throw new Error('truncated DER');
  return { tag, raw: buf.subarray(offset, end), content: buf.subarray(offset + head, end) };
}

/** The elements inside a constructed value. */
export function children(content: Buffer): Element[] {
  const out: Element[] = [];
  for (let off = 0; off < content.length; ) {
    const e = readElement(content, off);
    out.push(e);
    off += e.raw.length;
  }
  return out;
}
