// Financial and crypto classes through the public scanner: card numbers in
// JSON bodies, IBANs, and the opt-in address group (dlp.crypto_addresses).
import { describe, expect, it } from 'vitest';
import { createScanner } from '../scanner.js';
import type { ScanResult } from '../types.js';
import { base58AddressValid, ethereumAddressValid, segwitAddressValid } from './validators.js';

const rules = (r: ScanResult) => r.findings.map((f) => f.rule);
const post = (body: unknown) => ({
  method: 'POST',
  url: 'https://checkout.example.net/api',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
  resolvedIps: ['93.184.215.14'],
});

describe('card numbers in JSON bodies', () => {
  const s = createScanner({ mode: 'balanced', request_body_scanning: { action: 'block' } });
  it.each([
    ['test card, spaces', { card: '4111 1111 1111 1111' }],
    ['test card, dashes', { card: '4111-1111-1111-1111' }],
    ['Visa, nested', { payment: { pan: '4532 0151 1283 0366' } }],
    ['Amex 4-6-5', { cc: '3714 496353 98431' }],
    ['a number value, not a string', { pan: 4532015112830366 }],
  ])('%s is blocked', (_n, body) => {
    const r = s.scanRequest(post(body));
    expect(rules(r)).toContain('Credit Card Number');
    expect(r.action).toBe('block');
  });
  it.each([
    ['Luhn-invalid', { card: '4532 0151 1283 0367' }],
    ['mixed separators', { card: '4532-0151 1283-0366' }],
    ['a timestamp', { ts: 1700000000000 }],
  ])('%s passes', (_n, body) => {
    expect(rules(s.scanRequest(post(body)))).not.toContain('Credit Card Number');
  });
});

describe('IBAN', () => {
  it('a valid IBAN blocks in balanced mode (high), a wrong check digit does not match', () => {
    const s = createScanner({ mode: 'balanced' });
    const r = s.scanText('refund to DE89 3704 0044 0532 0130 00');
    expect(r.findings.find((f) => f.rule === 'IBAN')?.severity).toBe('high');
    expect(r.action).toBe('block');
    expect(rules(s.scanText('refund to DE88 3704 0044 0532 0130 00'))).not.toContain('IBAN');
  });
});

describe('crypto addresses (dlp.crypto_addresses)', () => {
  // BIP-173 / BIP-350 / EIP-55 published vectors and well-formed P2PKH / P2SH.
  const ADDRESSES: Array<[string, string]> = [
    ['P2PKH', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'],
    ['P2SH', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy'],
    ['bech32 v0', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'],
    ['bech32m taproot', 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0'],
    ['EIP-55', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'],
    ['lower-case Ethereum', '0xfb6916095ca1df60bb79ce92ce3ea74c37c5d359'],
  ];

  it.each(ADDRESSES)('%s: not reported by default (addresses are public)', (_n, a) => {
    expect(createScanner().scanText(`pay to ${a}`).findings).toEqual([]);
  });

  it.each(ADDRESSES)('%s: reported with crypto_addresses block (blocks) and warn (warns)', (_n, a) => {
    const block = createScanner({ dlp: { crypto_addresses: 'block' } }).scanText(`pay to ${a}`);
    expect(block.action).toBe('block');
    expect(block.findings[0]?.rule).toMatch(/^(?:Bitcoin|Ethereum) Address$/);
    expect(block.findings[0]?.excerpt ?? '').not.toContain(a);
    const warn = createScanner({ dlp: { crypto_addresses: 'warn' } }).scanText(`pay to ${a}`);
    expect(warn.action).toBe('warn');
    expect(warn.findings).toHaveLength(1);
  });

  it.each([
    ['P2PKH, one character changed', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3'],
    ['bech32 v0, bad checksum', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5'],
    ['bech32, a made-up tail', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh'],
    ['mixed case bech32', 'bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'],
    ['EIP-55 with one letter flipped', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD'],
    ['all-zero address', '0x0000000000000000000000000000000000000000'],
    ['a git SHA-1 with 0x', 'commit 0x3f2a9c'],
  ])('near-miss: %s', (_n, a) => {
    expect(createScanner({ dlp: { crypto_addresses: 'block' } }).scanText(`pay to ${a}`).findings).toEqual([]);
  });

  it('validators agree with the vectors', () => {
    expect(base58AddressValid('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2')).toBe(true);
    expect(segwitAddressValid('BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4')).toBe(true);
    expect(ethereumAddressValid('0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB')).toBe(true);
    expect(ethereumAddressValid('0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb')).toBe(true);
  });
});
