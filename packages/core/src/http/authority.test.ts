import { describe, expect, it } from 'vitest';
import { hostMatchesAuthority } from './authority.js';

describe('hostMatchesAuthority', () => {
  it.each([
    ['api.example.com', 'api.example.com', 443],
    ['API.Example.com', 'api.example.com:443', 443],
    ['api.example.com:443', 'api.example.com', 443],
    ['api.example.com.', 'api.example.com', 443],
    ['127.0.0.1:8080', '127.0.0.1:8080', 80],
    ['[::1]:8443', '[::1]:8443', 443],
    [undefined, 'api.example.com', 443],
  ])('%s matches %s', (host, authority, port) => {
    expect(hostMatchesAuthority(host, authority, port)).toBe(true);
  });

  it.each([
    ['evil.example.net', 'api.example.com', 443],
    ['api.example.com:8443', 'api.example.com', 443],
    ['api.example.com', 'api.example.com:8443', 443],
    ['evil.example.net:443', '127.0.0.1:443', 443],
    ['api.example.com:99999', 'api.example.com', 443],
    ['[::1', '[::1]:443', 443],
  ])('%s does not match %s', (host, authority, port) => {
    expect(hostMatchesAuthority(host, authority, port)).toBe(false);
  });
});
