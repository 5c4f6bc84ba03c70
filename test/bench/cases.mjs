// The per-kind benchmark cases, defined once for both runners: the vitest
// bench (test/bench/kinds.bench.ts, engines from source) and the MB/s table
// (scripts/bench-kinds.mjs, engines from dist). `core` is the @pipelock/core
// module either way, so both measure the same calls on the same inputs.
import { KINDS, chatRequestBody, mcpToolResult, readmeUrls, slices, utf8Bytes } from './inputs.mjs';

export const SIZES = [
  { label: '1 KB', chars: 1024, count: 32 },
  { label: '10 KB', chars: 10 * 1024, count: 16 },
  { label: '1 MB', chars: 1024 * 1024, count: 2 },
];

/**
 * @typedef {{ kind: string; group: string; label: string; inputs: Array<unknown>; bytes: number[]; run: (input: any) => unknown }} BenchCase
 * `bytes[i]` is the UTF-8 size of `inputs[i]`, for MB/s.
 */

/**
 * Every case: per kind and size, scanText (default, DLP only, injection
 * only); per kind, an MCP tool result of 5 text blocks and a 1 KB JSON chat
 * POST through scanRequest; once, the URL pipeline over real README URLs.
 * @param {any} core the @pipelock/core module
 * @param {{ kinds?: string[]; sizes?: string[] }} [opts]
 * @returns {BenchCase[]}
 */
export function benchCases(core, opts = {}) {
  const kinds = KINDS.map((k) => k.kind).filter((k) => !opts.kinds || opts.kinds.includes(k));
  const sizes = SIZES.filter((s) => !opts.sizes || opts.sizes.includes(s.label));
  const scanner = core.createScanner({});
  // The rate limiter counts every URL but never trips during a bench.
  const urlScanner = core.createScanner({ fetch_proxy: { monitoring: { max_requests_per_minute: 1e12 } } });
  const cases = [];
  const add = (kind, group, label, inputs, run) => cases.push({ kind, group, label, inputs, bytes: inputs.map((i) => utf8Bytes(typeof i === 'string' ? i : JSON.stringify(i))), run });

  for (const kind of kinds) {
    for (const size of sizes) {
      const inputs = slices(kind, size.chars, size.count);
      add(kind, `scanText ${size.label}`, 'default (DLP + injection)', inputs, (t) => scanner.scanText(t));
      add(kind, `scanText ${size.label}`, 'DLP only', inputs, (t) => scanner.scanText(t, { only: 'dlp' }));
      add(kind, `scanText ${size.label}`, 'injection only', inputs, (t) => scanner.scanText(t, { only: 'injection' }));
    }
    const results = Array.from({ length: 16 }, (_, i) => mcpToolResult(kind, 7, 200, i));
    add(kind, 'MCP', 'tool result, 5 text blocks', results, (msg) => {
      const s = scanner.createMcpSession();
      s.expect(7, { method: 'tools/call', tool: 'x' });
      return scanner.scanMcpMessage(msg, 'to-client', s);
    });
    const bodies = Array.from({ length: 16 }, (_, i) => chatRequestBody(kind, 1024, i));
    const headers = { 'content-type': 'application/json', 'user-agent': 'bench/1.0', accept: 'application/json' };
    add(kind, 'HTTP', 'scanRequest, 1 KB JSON POST', bodies, (body) =>
      scanner.scanRequest({ method: 'POST', url: 'https://api.openai.com/v1/chat/completions', headers, body, resolvedIps: ['104.18.6.192'] }),
    );
  }
  if (!opts.kinds || opts.kinds.includes('url')) {
    const urls = readmeUrls(512);
    add('url', 'URL', 'scanUrl, real README URLs', urls, (u) => urlScanner.scanUrl(u, { resolvedIps: ['93.184.215.14'] }));
  }
  return cases;
}
