import { describe, expect, it } from 'vitest';
import { DEFAULT_INTERNAL_CIDRS } from '../config/index.js';
import { compileCidrs, createCidrMatcher, formatIp, parseIpLoose } from './ip.js';

const v4 = (s: string) => {
  const p = parseIpLoose(s);
  if (!p) return null;
  return formatIp(p);
};

describe('parseIpLoose', () => {
  // Every spelling a resolver or a WHATWG URL parser turns into the same address.
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['0177.0000.0000.0001', '127.0.0.1'],
    ['0x7f.0.0.1', '127.0.0.1'],
    ['0X7F.0.0.1', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['017700000001', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['127.0.1', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['127.0.0.1.', '127.0.0.1'],
    ['169.254.169.254', '169.254.169.254'],
    ['2852039166', '169.254.169.254'],
    ['0251.0376.0251.0376', '169.254.169.254'],
    ['0xa9.0xfe.0xa9.0xfe', '169.254.169.254'],
    ['0xa9fea9fe', '169.254.169.254'],
    ['169.16689662', '169.254.169.254'],
    ['169.254.43518', '169.254.169.254'],
    ['0', '0.0.0.0'],
    ['10.1.1', '10.1.0.1'],
  ])('IPv4 %s -> %s', (input, expected) => {
    const p = parseIpLoose(input);
    expect(p?.family).toBe(4);
    expect(v4(input)).toBe(expected);
  });

  it.each([
    ['::1', '::1'],
    ['[::1]', '::1'],
    ['::ffff:127.0.0.1', '::ffff:127.0.0.1'],
    ['::ffff:7f00:1', '::ffff:127.0.0.1'],
    ['[::ffff:7f00:1]', '::ffff:127.0.0.1'],
    ['::ffff:a9fe:a9fe', '::ffff:169.254.169.254'],
    ['0:0:0:0:0:ffff:7f00:0001', '::ffff:127.0.0.1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['2606:4700:4700::1111', '2606:4700:4700::1111'],
    ['FD00::ABCD', 'fd00::abcd'],
  ])('IPv6 %s -> %s', (input, expected) => {
    const p = parseIpLoose(input);
    expect(p?.family).toBe(6);
    expect(v4(input)).toBe(expected);
  });

  it.each([
    'example.com',
    '1password.com',
    'localhost',
    '1.2.3.4.5',
    '256.1.1.1',
    '1.2.3.256',
    '1.2.65536',
    '4294967296',
    '08.1.1.1', // 8 is not an octal digit
    '0x1g.1.1.1',
    '',
    '1..1',
    '::1::',
    '1:2:3:4:5:6:7:8:9',
    '[127.0.0.1]',
    '[::1',
    '12345::',
    '::ffff:127.1', // short forms are not allowed inside IPv6
  ])('not an address: %j', (input) => {
    expect(parseIpLoose(input)).toBeNull();
  });
});

describe('createCidrMatcher with the default internal list', () => {
  const isInternal = createCidrMatcher([...DEFAULT_INTERNAL_CIDRS]);

  it.each([
    '127.0.0.1',
    '2130706433',
    '0177.0.0.1',
    '0x7f.0.0.1',
    '0x7f000001',
    '127.1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '[::ffff:7f00:1]',
    '169.254.169.254',
    '2852039166',
    '0251.0376.0251.0376',
    '0xa9fea9fe',
    '169.16689662',
    '::ffff:a9fe:a9fe',
    '10.0.0.1',
    '10.1.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fd12:3456::1',
    'fe80::1%eth0',
    '::127.0.0.1', // IPv4-compatible
    '64:ff9b::a9fe:a9fe', // NAT64
    '2002:7f00:1::', // 6to4 of 127.0.0.1
  ])('%s is internal', (ip) => {
    expect(isInternal(ip)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '172.15.255.255',
    '100.128.0.1',
    '100.63.255.255',
    '11.0.0.1',
    '192.169.0.1',
    '::ffff:8.8.8.8', // mapped public address: checked as its IPv4
    '2606:4700:4700::1111',
    '2002:0808:0808::', // 6to4 of 8.8.8.8
    'example.com',
    '',
  ])('%s is not internal', (ip) => {
    expect(isInternal(ip)).toBe(false);
  });
});

describe('compileCidrs', () => {
  it('matches bare addresses as single hosts and masks host bits', () => {
    const m = createCidrMatcher(['127.0.0.1', '10.1.2.3/8', '2001:db8::1/32']);
    expect(m('127.0.0.1')).toBe(true);
    expect(m('127.0.0.2')).toBe(false);
    expect(m('10.200.0.1')).toBe(true);
    expect(m('2001:db8:ffff::1')).toBe(true);
    expect(m('2001:db9::1')).toBe(false);
  });

  it('turns v6 ranges inside the mapped space into v4 ranges', () => {
    const m = createCidrMatcher(['::ffff:10.0.0.0/104']);
    expect(m('10.9.9.9')).toBe(true);
    expect(m('::ffff:10.9.9.9')).toBe(true);
    expect(m('11.0.0.1')).toBe(false);
  });

  it('an allowlist of one v4 host also covers its mapped spelling', () => {
    const m = createCidrMatcher(['127.0.0.1/32']);
    expect(m('::ffff:127.0.0.1')).toBe(true);
    expect(m('0x7f000001')).toBe(true);
  });

  it('/0 matches everything of its family', () => {
    const m = createCidrMatcher(['0.0.0.0/0']);
    expect(m('8.8.8.8')).toBe(true);
    expect(m('2606:4700::1')).toBe(false);
  });

  it.each(['10.0.0.0/33', 'fc00::/129', 'not-a-cidr', '10.0.0.0/x', '::1/-1'])('throws on %j', (bad) => {
    expect(() => compileCidrs([bad])).toThrow(/invalid CIDR/);
  });
});

describe('parseIpLoose properties', async () => {
  const fc = await import('fast-check');
  it('every spelling of a random IPv4 address parses to the same bytes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const b = [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
        const dotted = b.join('.');
        const spellings = [
          String(n),
          `0x${n.toString(16)}`,
          `0${n.toString(8)}`,
          b.map((x) => `0x${x.toString(16)}`).join('.'),
          b.map((x) => `0${x.toString(8)}`).join('.'),
          `${b[0]}.${(n & 0xffffff) >>> 0}`,
          `${b[0]}.${b[1]}.${n & 0xffff}`,
          `::ffff:${dotted}`,
        ];
        for (const s of spellings) {
          const p = parseIpLoose(s);
          expect(p, s).not.toBeNull();
          const v4bytes = p?.family === 4 ? p.bytes : p?.bytes.subarray(12);
          expect(Array.from(v4bytes ?? []), s).toEqual(b);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        parseIpLoose(s);
      }),
      { numRuns: 500 },
    );
  });
});
