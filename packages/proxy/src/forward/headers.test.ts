import { describe, expect, it } from 'vitest';
import { endToEndHeaders, REQUEST_REWRITTEN } from './headers.js';
import { parseAuthority } from './connect.js';

describe('endToEndHeaders (RFC 9110 §7.6.1)', () => {
  const cases: [string, string[], Record<string, string | string[]>][] = [
    ['keeps end-to-end headers with their spelling', ['Content-Type', 'application/json', 'X-Trace', '1'], { 'Content-Type': 'application/json', 'X-Trace': '1' }],
    [
      'drops the fixed hop-by-hop set',
      ['Connection', 'keep-alive', 'Keep-Alive', 'timeout=5', 'Proxy-Connection', 'keep-alive', 'Proxy-Authorization', 'Basic x', 'TE', 'trailers', 'Trailer', 'X-Sum', 'Transfer-Encoding', 'chunked', 'Upgrade', 'h2c', 'Accept', '*/*'],
      { Accept: '*/*' },
    ],
    ['drops headers named by Connection', ['Connection', 'close, X-Private ,x-other', 'X-Private', 'a', 'X-Other', 'b', 'X-Kept', 'c'], { 'X-Kept': 'c' }],
    ['drops headers named by Proxy-Connection too', ['Proxy-Connection', 'X-Hop', 'X-Hop', '1'], {}],
    ['keeps repeated headers as a list', ['Set-Cookie', 'a=1', 'set-cookie', 'b=2'], { 'Set-Cookie': ['a=1', 'b=2'] }],
    ['leaves the headers the proxy rewrites to the proxy', ['Host', 'evil', 'Accept-Encoding', 'gzip', 'Content-Length', '3', 'Expect', '100-continue'], {}],
  ];
  for (const [name, raw, want] of cases) {
    it(name, () => {
      expect(endToEndHeaders(raw, REQUEST_REWRITTEN)).toEqual(want);
    });
  }
});

describe('parseAuthority (CONNECT targets)', () => {
  const ok: [string, string, number][] = [
    ['example.com:443', 'example.com', 443],
    ['EXAMPLE.com:8443', 'example.com', 8443],
    ['127.0.0.1:1', '127.0.0.1', 1],
    ['[::1]:443', '::1', 443],
  ];
  for (const [input, host, port] of ok) {
    it(`accepts ${input}`, () => {
      expect(parseAuthority(input)).toEqual({ host, port });
    });
  }
  for (const bad of ['example.com', 'example.com:', 'example.com:0', 'example.com:65536', 'example.com:08', 'user@example.com:443', 'example.com:443/path', ':443', '[::1]', 'exa mple.com:443', '']) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      expect(parseAuthority(bad)).toBeUndefined();
    });
  }
});
