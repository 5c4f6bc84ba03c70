// /fetch?url= end to end: a real HTML upstream on 127.0.0.1, the daemon in
// process, plain fetch() as the client. Checks extraction, response scanning
// (block and strip), SSRF on the first URL and on redirects, and refusals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INJECTION, startTestProxy, startUpstream, testConfig } from './helpers.js';
import type { TestProxy, Upstream } from './helpers.js';

const PAGE = `<!doctype html>
<html><head><title>Release &amp; notes</title>
<style>body { color: red } .SECRET_STYLE_MARKER {}</style>
<script>var token = "SCRIPT_MARKER"; if (a < b) { document.write("<p>nope</p>") }</script>
</head>
<body>
<!-- COMMENT_MARKER -->
<h1>Version   2.0</h1>
<p>First paragraph with <b>bold</b> text &mdash; and an entity &#x41;&#66;.</p>
<div>Second<br>line</div>
<img src="x.png" alt="A diagram">
<noscript>NOSCRIPT_MARKER</noscript>
<template><p>TEMPLATE_MARKER</p></template>
<svg><text>SVG_MARKER</text></svg>
<ul><li>one</li><li>two</li></ul>
</body></html>`;

const INJECTED = `<html><head><title>Docs</title></head><body><p>Welcome to the docs.</p><p>${INJECTION}</p><p>Goodbye.</p></body></html>`;

let upstream: Upstream;

beforeAll(async () => {
  upstream = await startUpstream((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/page') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    } else if (path === '/inject') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(INJECTED);
    } else if (path === '/plain') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('  just   text\n<b>kept as is</b>');
    } else if (path === '/image') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    } else if (path === '/to-page') {
      res.writeHead(302, { location: '/page' });
      res.end();
    } else if (path === '/to-metadata') {
      res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    } else if (path === '/loop') {
      res.writeHead(302, { location: '/loop' });
      res.end();
    } else if (path === '/ua') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`ua=${req.headers['user-agent'] ?? ''} ae=${req.headers['accept-encoding'] ?? ''}`);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not here');
    }
  });
});

afterAll(async () => {
  await upstream.close();
});

async function get(p: TestProxy, url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const r = await fetch(`${p.url}/fetch?url=${encodeURIComponent(url)}`);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

describe('/fetch', () => {
  let p: TestProxy;
  beforeAll(async () => {
    p = await startTestProxy(testConfig({ fetch_proxy: { user_agent: 'pipelock-test/1' }, logging: { include_allowed: true } }));
  });
  afterAll(async () => {
    await p.proxy.close();
  });

  it('returns the readable text of an HTML page without scripts, styles or hidden parts', async () => {
    const { status, body } = await get(p, `${upstream.url}/page`);
    expect(status).toBe(200);
    expect(body['url']).toBe(`${upstream.url}/page`);
    expect(body['final_url']).toBe(`${upstream.url}/page`);
    expect(body['status']).toBe(200);
    expect(body['content_type']).toBe('text/html; charset=utf-8');
    expect(body['title']).toBe('Release & notes');
    expect(body['action']).toBe('allow');
    const text = body['text'] as string;
    expect(text).toContain('Version 2.0');
    expect(text).toContain('First paragraph with bold text \u2014 and an entity AB.');
    expect(text).toMatch(/Second\nline/);
    expect(text).toContain('A diagram');
    expect(text).toMatch(/one\ntwo/);
    for (const marker of ['SCRIPT_MARKER', 'nope', 'SECRET_STYLE_MARKER', 'COMMENT_MARKER', 'NOSCRIPT_MARKER', 'TEMPLATE_MARKER', 'SVG_MARKER', 'Release']) {
      expect(text).not.toContain(marker);
    }
    const line = p.logs.decisions.find((e) => e.proxy === 'fetch' && e.path === '/page');
    expect(line).toMatchObject({ proxy: 'fetch', decision: 'allow', status: 200, host: `127.0.0.1:${upstream.port}` });
  });

  it('sends the configured User-Agent and asks for identity encoding', async () => {
    const { body } = await get(p, `${upstream.url}/ua`);
    expect(body['text']).toBe('ua=pipelock-test/1 ae=identity');
  });

  it('returns non-HTML text unchanged and refuses binary types with 415', async () => {
    const plain = await get(p, `${upstream.url}/plain`);
    expect(plain.status).toBe(200);
    expect(plain.body['text']).toBe('  just   text\n<b>kept as is</b>');
    const image = await get(p, `${upstream.url}/image`);
    expect(image.status).toBe(415);
    expect(image.body['error']).toBe('unsupported_media_type');
  });

  it('follows a redirect and reports the final URL', async () => {
    const { status, body } = await get(p, `${upstream.url}/to-page`);
    expect(status).toBe(200);
    expect(body['final_url']).toBe(`${upstream.url}/page`);
    expect(body['title']).toBe('Release & notes');
  });

  it('stops after 5 redirects', async () => {
    const before = upstream.seen.filter((s) => s.url === '/loop').length;
    const { status, body } = await get(p, `${upstream.url}/loop`);
    expect(status).toBe(502);
    expect(body['error']).toBe('too_many_redirects');
    expect(upstream.seen.filter((s) => s.url === '/loop').length - before).toBe(6);
  });

  it('refuses the cloud metadata address before connecting (SSRF)', async () => {
    const { status, body } = await get(p, 'http://169.254.169.254/latest/meta-data/');
    expect(status).toBe(403);
    expect(body['error']).toBe('blocked');
    expect(String(body['rule'])).toMatch(/SSRF/);
  });

  it('re-checks every redirect: a redirect to an internal address is refused', async () => {
    const { status, body } = await get(p, `${upstream.url}/to-metadata`);
    expect(status).toBe(403);
    expect(String(body['rule'])).toMatch(/SSRF/);
    expect(body['url']).toBe('http://169.254.169.254/latest/meta-data/');
    const line = p.logs.decisions.find((e) => e.proxy === 'fetch' && e.path === '/to-metadata');
    expect(line?.decision).toBe('block');
  });

  it('refuses loopback when it is not allowlisted', async () => {
    const strict = await startTestProxy(testConfig({}, false));
    try {
      const { status, body } = await get(strict, `${upstream.url}/page`);
      expect(status).toBe(403);
      expect(String(body['rule'])).toMatch(/SSRF/);
    } finally {
      await strict.proxy.close();
    }
  });

  it('rejects missing or non-http URLs with 400 and other methods with 405', async () => {
    expect((await fetch(`${p.url}/fetch`)).status).toBe(400);
    expect((await get(p, 'file:///etc/passwd')).status).toBe(400);
    expect((await fetch(`${p.url}/fetch?url=${encodeURIComponent(upstream.url)}`, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('answers 503 while the kill switch is on', async () => {
    p.proxy.killSwitch.setApi(true);
    try {
      const { status, body } = await get(p, `${upstream.url}/page`);
      expect(status).toBe(503);
      expect(body['error']).toBe('kill_switch');
    } finally {
      p.proxy.killSwitch.setApi(false);
    }
  });
});

describe('/fetch response scanning', () => {
  it('blocks an injected page with 403 naming the rule (response_scanning.action: block)', async () => {
    const p = await startTestProxy(testConfig({ response_scanning: { action: 'block' } }));
    try {
      const { status, body } = await get(p, `${upstream.url}/inject`);
      expect(status).toBe(403);
      expect(body['error']).toBe('blocked');
      expect(body['scanner']).toBe('injection');
      expect(typeof body['rule']).toBe('string');
      expect(JSON.stringify(body)).not.toContain('Welcome');
      expect(p.logs.decisions.find((e) => e.proxy === 'fetch')?.decision).toBe('block');
    } finally {
      await p.proxy.close();
    }
  });

  it('strips the injection and returns the rest (response_scanning.action: strip)', async () => {
    const p = await startTestProxy(testConfig({ response_scanning: { action: 'strip' } }));
    try {
      const { status, body } = await get(p, `${upstream.url}/inject`);
      expect(status).toBe(200);
      expect(body['action']).toBe('strip');
      const text = body['text'] as string;
      expect(text).toContain('Welcome to the docs.');
      expect(text).toContain('Goodbye.');
      expect(text.toLowerCase()).not.toContain('ignore all previous instructions');
      expect((body['findings'] as { scanner: string }[]).some((f) => f.scanner === 'injection')).toBe(true);
    } finally {
      await p.proxy.close();
    }
  });

  it('returns the page with the finding when the action is warn', async () => {
    const p = await startTestProxy(testConfig({ response_scanning: { action: 'warn' } }));
    try {
      const { status, body } = await get(p, `${upstream.url}/inject`);
      expect(status).toBe(200);
      expect(body['action']).toBe('warn');
      expect(body['text']).toContain('Ignore all previous instructions');
    } finally {
      await p.proxy.close();
    }
  });
});
