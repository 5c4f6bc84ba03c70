import { describe, expect, it } from 'vitest';
import { parseConfig } from '@pipelock/core';
import { bearerMatches, createKillSwitch, plainIp } from './killswitch.js';
import { parseListen } from '../listen.js';

const ks = (extra: Record<string, unknown> = {}) => parseConfig({ kill_switch: extra }).kill_switch;

describe('kill switch state', () => {
  it('is on while any source holds it', () => {
    const k = createKillSwitch(ks());
    expect(k.active()).toBe(false);
    expect(k.toggleSignal()).toBe(true);
    k.setApi(true);
    expect(k.sources()).toEqual(['signal', 'api']);
    expect(k.toggleSignal()).toBe(true);
    k.setApi(false);
    expect(k.active()).toBe(false);
    k.configure(ks({ enabled: true }));
    expect(k.sources()).toEqual(['config']);
  });

  it('exempts allowlisted clients, IPv4-mapped addresses included', () => {
    const k = createKillSwitch(ks({ allowlist_ips: ['10.0.0.0/8', '192.168.1.7', 'fd00::/8'] }));
    expect(k.clientExempt('10.1.2.3')).toBe(true);
    expect(k.clientExempt('::ffff:10.1.2.3')).toBe(true);
    expect(k.clientExempt('192.168.1.7')).toBe(true);
    expect(k.clientExempt('192.168.1.8')).toBe(false);
    expect(k.clientExempt('fd12::1')).toBe(true);
    expect(k.clientExempt(undefined)).toBe(false);
    expect(plainIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
  });
});

describe('bearerMatches', () => {
  const token = 'a-long-kill-switch-token';
  it.each([
    [`Bearer ${token}`, true],
    [`bearer ${token}`, true],
    [`Bearer  ${token} `, true],
    [`Bearer ${token}x`, false],
    [`Basic ${token}`, false],
    [token, false],
    ['Bearer ', false],
    [undefined, false],
  ])('%s → %s', (header, want) => {
    expect(bearerMatches(header, token)).toBe(want);
  });
  it('never matches when no token is configured', () => {
    expect(bearerMatches('Bearer ', '')).toBe(false);
  });
});

describe('parseListen', () => {
  it.each([
    ['127.0.0.1:8888', '127.0.0.1', 8888],
    [':8888', '0.0.0.0', 8888],
    ['[::1]:0', '::1', 0],
    ['localhost:9', 'localhost', 9],
  ])('%s', (addr, host, port) => {
    expect(parseListen(addr)).toEqual({ host, port });
  });
  it.each(['8888', 'host:', 'host:70000', 'host:x'])('refuses %s', (addr) => {
    expect(() => parseListen(addr)).toThrow(/listen address/);
  });
});
