// The forward proxy's idle timeout on responses it streams (event streams,
// and every response when response_scanning is off): it counts the time
// since the last chunk, not since the response began. A response that keeps
// trickling past fetch_proxy.timeout_seconds in total arrives whole; one
// that goes quiet is cut, and the client can tell it was cut.
// Real upstream and a real client through the proxy on 127.0.0.1.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProxy, startUpstream, testConfig } from './helpers.js';
import type { TestProxy, Upstream } from './helpers.js';

interface Received {
  status: number;
  body: string;
  /** false when the response ended short (connection cut mid-body). */
  complete: boolean;
}

function get(proxyUrl: string, target: string): Promise<Received> {
  const p = new URL(proxyUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: p.hostname, port: Number(p.port), path: target, headers: { host: new URL(target).host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, complete: res.complete }));
      res.on('aborted', () => resolve({ status: res.statusCode ?? 0, body, complete: false }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body, complete: false }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('idle timeout on streamed responses (timeout_seconds: 1)', () => {
  let up: Upstream;
  let scanned: TestProxy;
  let unscanned: TestProxy;
  beforeAll(async () => {
    // Writes `parts` pieces `gap` ms apart, then ends; with `stall`, stops writing after that many.
    up = await startUpstream((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      const parts = Number(u.searchParams.get('parts') ?? 5);
      const gap = Number(u.searchParams.get('gap') ?? 300);
      const stall = Number(u.searchParams.get('stall') ?? -1);
      const sse = u.pathname === '/sse';
      res.writeHead(200, { 'content-type': sse ? 'text/event-stream' : 'text/plain' });
      let i = 0;
      const next = (): void => {
        if (i === stall) return; // quiet, with the connection left open
        if (i === parts) {
          res.end(sse ? 'data: [DONE]\n\n' : 'end\n');
          return;
        }
        res.write(sse ? `data: {"part":${i}}\n\n` : `part ${i}\n`);
        i++;
        setTimeout(next, gap);
      };
      next();
    });
    scanned = await startTestProxy(testConfig({ fetch_proxy: { timeout_seconds: 1 }, response_scanning: { sse_streaming: { hold_back_ms: 50 } } }));
    unscanned = await startTestProxy(testConfig({ fetch_proxy: { timeout_seconds: 1 }, response_scanning: { enabled: false } }));
  });
  afterAll(async () => {
    await scanned.proxy.close();
    await unscanned.proxy.close();
    await up.close();
  });

  it('an event stream that keeps flowing for longer than the timeout arrives whole', async () => {
    // 7 events 300 ms apart: about 2 s in all, never 1 s quiet.
    const r = await get(scanned.url, `${up.url}/sse?parts=7&gap=300`);
    expect(r.status).toBe(200);
    for (let i = 0; i < 7; i++) expect(r.body).toContain(`data: {"part":${i}}`);
    expect(r.body).toContain('data: [DONE]');
    expect(r.body).not.toContain('event: error');
  });

  it('an event stream that goes quiet ends with an error event, not a short stream', async () => {
    const r = await get(scanned.url, `${up.url}/sse?parts=7&gap=200&stall=2`);
    expect(r.body).toContain('data: {"part":1}');
    expect(r.body).not.toContain('[DONE]');
    expect(r.body).toContain('event: error');
    expect(r.body).toContain('upstream_timeout');
  });

  it('with response scanning off, a response that keeps trickling arrives whole', async () => {
    const r = await get(unscanned.url, `${up.url}/plain?parts=6&gap=300`);
    expect(r.status).toBe(200);
    expect(r.complete).toBe(true);
    expect(r.body).toBe('part 0\npart 1\npart 2\npart 3\npart 4\npart 5\nend\n');
  });

  it('with response scanning off, a response that goes quiet is cut, and the client sees it incomplete', async () => {
    const r = await get(unscanned.url, `${up.url}/plain?parts=6&gap=200&stall=2`);
    expect(r.body).toBe('part 0\npart 1\n');
    expect(r.complete).toBe(false);
  });
});
