import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BIP39_ENGLISH } from './bip39-english.js';
import {
  base58Check,
  bip39Valid,
  cardNetwork,
  extendedPrivateKeyValid,
  findSeedPhrase,
  hasSequentialRun,
  ibanValid,
  isPlaceholder,
  jwtValid,
  luhn,
  shannonEntropy,
  ssnValid,
  urlCredentialsReal,
  wifValid,
} from './validators.js';

describe('luhn and card networks', () => {
  it.each([
    ['79927398713', true],
    ['79927398710', false],
    ['4532015112830366', true],
    ['4532015112830367', false],
    ['', false],
    ['12a4', false],
  ])('luhn(%s) = %s', (d, ok) => expect(luhn(d)).toBe(ok));

  it.each([
    ['4532015112830366', 'visa'],
    ['5425233430109903', 'mastercard'],
    ['2223000048410010', 'mastercard'],
    ['374245455400126', 'amex'],
    ['6011000991300009', 'discover'],
    ['3530111333300000', 'jcb'],
    ['9007199254740991', undefined],
    ['453201511283036', undefined], // visa prefix, wrong length
  ])('cardNetwork(%s) = %s', (d, n) => expect(cardNetwork(d)).toBe(n));
});

describe('IBAN mod-97', () => {
  it.each([
    ['DE89370400440532013000', true],
    ['GB82 WEST 1234 5698 7654 32', true],
    ['FR1420041010050500013M02606', true],
    ['NL91ABNA0417164300', true],
    ['DE89370400440532013001', false], // checksum
    ['DE8937040044053201300', false], // length
    ['XX89370400440532013000', false], // country
    ['GB82WEST1234569876543X', false],
  ])('ibanValid(%s) = %s', (s, ok) => expect(ibanValid(s)).toBe(ok));
});

describe('SSN structure', () => {
  it.each([
    ['123-45-6780', true],
    ['001-01-0001', true],
    ['000-12-3456', false],
    ['666-12-3456', false],
    ['900-12-3456', false],
    ['123-00-4567', false],
    ['123-45-0000', false],
    ['078-05-1120', false],
    ['12-345-6789', false],
  ])('ssnValid(%s) = %s', (s, ok) => expect(ssnValid(s)).toBe(ok));
  it.each(['078-05-1120', '219-09-9999', '123-45-6789'])('%s is a published example: a hit only when examples are detected', (s) => {
    expect(ssnValid(s, true)).toBe(true);
    expect(ssnValid(s, false)).toBe(false);
  });
});

describe('base58check, WIF, extended keys', () => {
  // Public test vectors: the WIF example from the Bitcoin wiki and BIP-32 test vector 1 master key.
  const wif = '5HueCGU8rMjxEXxiPuD5BDku4MkFqeZyd4dZ1jvhTVqvbTLvyTJ';
  const xprv = 'xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi';
  it('accepts valid encodings', () => {
    expect(base58Check(wif)?.[0]).toBe(0x80);
    expect(wifValid(wif)).toBe(true);
    expect(extendedPrivateKeyValid(xprv)).toBe(true);
  });
  it('rejects a flipped character and wrong payloads', () => {
    expect(wifValid(`${wif.slice(0, -1)}K`)).toBe(false);
    expect(extendedPrivateKeyValid(`${xprv.slice(0, 20)}A${xprv.slice(21)}`)).toBe(false);
    expect(wifValid(xprv)).toBe(false);
    expect(base58Check('0OIl')).toBeUndefined();
  });
});

describe('BIP-39', () => {
  it('ships the 2048-word English list, sorted and unique', () => {
    expect(BIP39_ENGLISH.length).toBe(2048);
    expect(new Set(BIP39_ENGLISH).size).toBe(2048);
    expect([...BIP39_ENGLISH].sort()).toEqual(BIP39_ENGLISH);
    expect(BIP39_ENGLISH[0]).toBe('abandon');
    expect(BIP39_ENGLISH[2047]).toBe('zoo');
  });

  // Published BIP-39 test vectors (trezor/python-mnemonic vectors.json).
  const legal = 'legal winner thank year wave sausage worth useful legal winner thank yellow';
  const letter = 'letter advice cage absurd amount doctor acoustic avoid letter advice cage above';
  it.each([
    [legal, true],
    [letter, true],
    ['legal winner thank year wave sausage worth useful legal winner thank year', false], // checksum
    ['legal winner thank year wave sausage worth useful legal winner thank', false], // 11 words
    ['abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about', false], // repeated-word sample
  ])('bip39Valid(%s) = %s', (p, ok) => expect(bip39Valid(p.split(' '))).toBe(ok));

  it('checks entropy against SHA-256 like the spec (generated 24-word phrase)', () => {
    const ent = createHash('sha256').update('pipelock').digest();
    const bits = [...ent].map((b) => b.toString(2).padStart(8, '0')).join('') + (ent.length ? createHash('sha256').update(ent).digest()[0]!.toString(2).padStart(8, '0') : '');
    const words = Array.from({ length: 24 }, (_, i) => BIP39_ENGLISH[parseInt(bits.slice(i * 11, i * 11 + 11), 2)]!);
    expect(bip39Valid(words)).toBe(true);
    expect(findSeedPhrase(`seed: ${words.join(' ')} end`)).toEqual({ start: 6, end: 6 + words.join(' ').length });
  });

  it('rejects word-list order (a printed list passes the checksum 1 in 16)', () => {
    // Twelve consecutive list words whose checksum happens to be valid would still be sorted.
    for (let i = 0; i + 12 <= 400; i++) expect(bip39Valid(BIP39_ENGLISH.slice(i, i + 12))).toBe(false);
  });
});

describe('JWT header', () => {
  const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  it.each([
    [`${b({ alg: 'HS256', typ: 'JWT' })}.${b({ sub: 'u1' })}.c2lnbmF0dXJlc2lnbmF0dXJl`, true],
    [`${b({ typ: 'JWT' })}.${b({ sub: 'u1' })}.c2ln`, false], // no alg
    [`${Buffer.from('{not json').toString('base64url')}.${b({})}.c2ln`, false],
    [`${b({ alg: 'HS256' })}.${b({ sub: '1234567890', name: 'John Doe' })}.c2ln`, false], // jwt.io sample
    [`${b({ alg: 'none' })}.${b({ nonce: '123' })}.`, false], // unsigned: authenticates nothing (OAuth state)
    [`${b({ alg: 'None', typ: 'JWT' })}.${b({ sub: 'u1' })}.E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw`, false], // 'none' whatever follows
    [`${b({ alg: 'RS256', kid: 'none' })}.${b({ sub: 'u1' })}.c2lnbmF0dXJlc2lnbmF0dXJl`, true], // 'none' elsewhere is no reason
  ])('jwtValid #%#', (t, ok) => expect(jwtValid(t)).toBe(ok));
});

describe('placeholders, entropy, URL credentials', () => {
  it.each([
    ['AKIAIOSFODNN7EXAMPLE', true],
    ['sk-proj-xxxxxxxxxxxxxxxx', true],
    ['ghp_YOUR_TOKEN_HERE', true],
    ['${GITHUB_TOKEN}', true],
    ['<api-key>', true],
    ['000000000000', true],
    ['ghp_R8mN2kL5vB9xC3zQ7wE1tY4uI6oP0aS2dF8g', false],
  ])('isPlaceholder(%s) = %s', (s, ok) => expect(isPlaceholder(s)).toBe(ok));

  it('sequential runs and entropy', () => {
    expect(hasSequentialRun('abcdefgh')).toBe(true);
    expect(hasSequentialRun('x12345678y')).toBe(true);
    expect(hasSequentialRun('R8mN2kL5vB9x')).toBe(false);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBe(2);
  });

  it.each([
    ['app', 'Zq8vN3kP2mX7', 'db.internal', true],
    ['user', 'password', 'db.internal', false],
    ['postgres', 'postgres', 'localhost', false],
    ['app', '${DB_PASS}', 'db', false],
    ['app', '<password>', 'db', false],
    ['app', '***', 'db', false],
    ['admin', 'Zq8vN3kP2mX7', 'example.com', false],
    ['anonymous', 'flabada', 'developer.mozilla.org', false],
  ])('urlCredentialsReal(%s, %s, %s) = %s', (u, p, h, ok) => expect(urlCredentialsReal(u, p, h)).toBe(ok));
});
