import { describe, expect, it } from 'vitest';
import { BUILTIN_DLP_PATTERNS } from '../dlp/index.js';
import { createScanner } from '../scanner.js';
import type { HeadersLike } from '../types.js';
import { httpsHostOf, issuedBy, issuerQueryKeys, issuerTable } from './issuers.js';

// Shaped like real credentials (not vendors' published examples).
const OPENAI = 'sk-proj-Rk3vQ9mZt2XbL7pWc4NyHs8DfJ1aGe6UT3BlbkFJq5Wn0Yx7Bv2Kd9Lm4Pr8Ts1Zc6Hg3Nf';
const GH = 'ghp_x8Kq2Lm7Vn4Bc9Zt1Rw6Yp3Hs5Dj0Fg2Ae7U';
const AWS_ID = 'AKIAQW3RT5YU7IO9PZX2';
const ANTHROPIC = `sk-ant-api03-${'Zq8vN3xLp5Rt7Yw2Qa9KdL4mHs6Jc1Fb'.repeat(3)}-AbCdEfAA`;

const scanner = createScanner({ mode: 'balanced' });
const dlpOf = (url: string, headers: HeadersLike, body?: string, s = scanner) =>
  s
    .scanRequest({ method: 'POST', url, headers, ...(body === undefined ? {} : { body }) })
    .findings.filter((f) => f.scanner === 'dlp')
    .map((f) => `${f.rule}@${f.location}:${f.action}`);

describe('a provider credential on its way to its own provider', () => {
  it.each<[string, string, HeadersLike]>([
    ['an OpenAI key as Bearer to api.openai.com', 'https://api.openai.com/v1/chat/completions', { authorization: `Bearer ${OPENAI}` }],
    ['an Anthropic key as x-api-key to api.anthropic.com', 'https://api.anthropic.com/v1/messages', { 'x-api-key': ANTHROPIC, 'anthropic-version': '2023-06-01' }],
    ['a GitHub token as git Basic credentials to github.com', 'https://github.com/o/r.git/git-upload-pack', { authorization: `Basic ${Buffer.from(`x-access-token:${GH}`).toString('base64')}` }],
    ['a GitHub token to api.github.com', 'https://api.github.com/repos/o/r/issues', { authorization: `token ${GH}` }],
    ['a SigV4 Authorization naming the access key id to S3', 'https://s3.us-east-1.amazonaws.com/bucket/key', { authorization: `AWS4-HMAC-SHA256 Credential=${AWS_ID}/20261203/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'7d'.repeat(32)}` }],
  ])('%s is allowed', (_n, url, headers) => {
    expect(dlpOf(url, headers)).toEqual([]);
  });

  it.each<[string, string, HeadersLike, string]>([
    ['to a look-alike host', 'https://api.openai.com.evil.example/v1/chat/completions', { authorization: `Bearer ${OPENAI}` }, 'OpenAI API Key@header.authorization:block'],
    ['to another provider', 'https://api.anthropic.com/v1/messages', { authorization: `Bearer ${OPENAI}` }, 'OpenAI API Key@header.authorization:block'],
    ['over plain HTTP', 'http://api.openai.com/v1/chat/completions', { authorization: `Bearer ${OPENAI}` }, 'OpenAI API Key@header.authorization:block'],
    ['in a header that is not an auth header', 'https://api.openai.com/v1/chat/completions', { 'x-note': OPENAI }, 'OpenAI API Key@header.x-note:block'],
    ['a second provider key beside the right one', 'https://api.openai.com/v1/chat/completions', { authorization: `Bearer ${OPENAI}`, 'x-api-key': GH }, 'GitHub Token@header.x-api-key:block'],
  ])('%s is still reported', (_n, url, headers, expected) => {
    expect(dlpOf(url, headers)).toContain(expected);
  });

  it('the same key in the body or the URL of a request to its provider is reported', () => {
    const url = 'https://api.openai.com/v1/chat/completions';
    const body = JSON.stringify({ messages: [{ role: 'user', content: `my key is ${OPENAI}` }] });
    expect(dlpOf(url, { authorization: `Bearer ${OPENAI}`, 'content-type': 'application/json' }, body)).toContain('OpenAI API Key@body.$.messages[0].content:block');
    const inUrl = scanner.scanRequest({ method: 'GET', url: `${url}?k=${OPENAI}`, headers: {} });
    expect(inUrl.action).toBe('block');
  });

  it('dlp.issuer_hosts: false reports it as any other credential', () => {
    const off = createScanner({ mode: 'balanced', dlp: { issuer_hosts: false } });
    expect(off.scanUrl('https://maps.googleapis.com/x?key=AIzaSyD3kQ9vX2mL7pR4tN8wZ1bC6yH5jF0gE3a').action).toBe('block');
    expect(dlpOf('https://api.openai.com/v1/chat/completions', { authorization: `Bearer ${OPENAI}` }, undefined, off)).toEqual(['OpenAI API Key@header.authorization:block']);
  });

  const GOOGLE = 'AIzaSyD3kQ9vX2mL7pR4tN8wZ1bC6yH5jF0gE3a';
  it.each<[string, string, 'allow' | 'block']>([
    ['a Google key in ?key= to a googleapis.com host', `https://maps.googleapis.com/maps/api/geocode/json?address=Berlin&key=${GOOGLE}`, 'allow'],
    ['the same to Firebase auth', `https://identitytoolkit.googleapis.com/v1/accounts:lookup?key=${GOOGLE}`, 'allow'],
    ['a Google key in ?key= to another host', `https://maps.googleapis.com.evil.example/x?key=${GOOGLE}`, 'block'],
    ['a Google key in another parameter to googleapis.com', `https://maps.googleapis.com/x?q=${GOOGLE}`, 'block'],
    ['a Google key in ?key= over plain HTTP', `http://maps.googleapis.com/x?key=${GOOGLE}`, 'block'],
  ])('%s: %s', (_n, url, action) => {
    expect(scanner.scanUrl(url).action).toBe(action);
    expect(scanner.scanRequest({ method: 'GET', url, headers: {} }).action).toBe(action);
  });

  it('an Algolia search key in x-algolia-api-key goes home to algolia.net, not elsewhere', () => {
    const headers = { 'x-algolia-api-key': '8f3b2c1d9e4a5f6b7c8d9e0f1a2b3c4d', 'x-algolia-application-id': 'ABC123XYZ9' };
    expect(dlpOf('https://abc123xyz9-dsn.algolia.net/1/indexes/*/queries', headers)).toEqual([]);
    expect(dlpOf('https://collector.evil.example/1/q', headers)).toContain('Algolia API Key@header.x-algolia-api-key:block');
  });

  it('every rule the table names is a built-in class, and hosts match on label boundaries', () => {
    const names = new Set(BUILTIN_DLP_PATTERNS.map((p) => p.name));
    for (const [rules] of issuerTable()) for (const r of rules) expect(names, r).toContain(r);
    expect(issuedBy('OpenAI API Key', 'api.openai.com')).toBe(true);
    expect(issuedBy('OpenAI API Key', 'xapi.openai.com')).toBe(false);
    expect(issuedBy('OpenAI API Key', 'eu.api.openai.com')).toBe(true);
    expect(issuedBy('Google API Key', 'generativelanguage.googleapis.com')).toBe(true);
    expect(issuedBy('Google API Key', 'googleapis.com.evil.example')).toBe(false);
    expect(issuedBy('Unknown Rule', 'api.openai.com')).toBe(false);
    expect(httpsHostOf('HTTPS://API.OpenAI.com./v1')).toBe('api.openai.com');
    expect(httpsHostOf('http://api.openai.com/')).toBeUndefined();
    expect(httpsHostOf('https://[bad')).toBeUndefined();
  });
});
