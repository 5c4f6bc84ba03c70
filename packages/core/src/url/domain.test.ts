import { describe, expect, it } from 'vitest';
import { baseDomain, compileHostGlobs, normalizeHost } from './domain.js';

describe('baseDomain', () => {
  it.each([
    ['example.com', 'example.com'],
    ['api.example.com', 'example.com'],
    ['a.b.c.evil.com', 'evil.com'],
    ['AKIA.IOSF.evil.COM', 'evil.com'],
    ['evil.com.', 'evil.com'],
    ['www.bbc.co.uk', 'bbc.co.uk'],
    ['bbc.co.uk', 'bbc.co.uk'],
    ['co.uk', 'co.uk'],
    ['shop.example.com.au', 'example.com.au'],
    ['user.github.io', 'user.github.io'],
    ['x.y.user.github.io', 'user.github.io'],
    ['my-app.vercel.app', 'my-app.vercel.app'],
    ['bucket.s3.amazonaws.com', 'bucket.s3.amazonaws.com'],
    ['a.bucket.s3.amazonaws.com', 'bucket.s3.amazonaws.com'],
    ['ec2-1-2-3-4.compute-1.amazonaws.com', 'amazonaws.com'],
    ['localhost', 'localhost'],
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]', '::1'],
    ['::1', '::1'],
  ])('%s -> %s', (host, expected) => {
    expect(baseDomain(host)).toBe(expected);
  });
});

describe('compileHostGlobs', () => {
  const deny = compileHostGlobs(['*.pastebin.com', 'evil.example', 'API-*.Corp.internal', '[::1]'], { apex: true });
  const allow = compileHostGlobs(['*.github.com', 'api.openai.com'], { apex: false });

  it.each([
    ['pastebin.com', true], // deny lists also match the apex
    ['x.pastebin.com', true],
    ['a.b.pastebin.com', true],
    ['evil.example', true],
    ['api-eu.corp.internal', true],
    ['::1', true],
    ['notpastebin.com', false],
    ['pastebin.com.evil.net', false],
    ['sub.evil.example', false], // exact entries match only themselves
    ['api.corp.internal', false],
    ['api-eu.x.corp.internal', false], // '*' stays inside one label
  ])('deny list: %s -> %s', (host, expected) => {
    expect(deny(normalizeHost(host))).toBe(expected);
  });

  it.each([
    ['api.github.com', true],
    ['github.com', false], // allow lists need the apex listed explicitly
    ['api.openai.com', true],
    ['API.OPENAI.COM.', true],
    ['openai.com', false],
    ['evilgithub.com', false],
  ])('allow list: %s -> %s', (host, expected) => {
    expect(allow(normalizeHost(host))).toBe(expected);
  });

  it('a bare * matches everything, an empty list nothing', () => {
    expect(compileHostGlobs(['*'], { apex: false })('anything.example')).toBe(true);
    expect(compileHostGlobs([], { apex: true })('anything.example')).toBe(false);
  });
});
