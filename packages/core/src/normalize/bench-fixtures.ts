/** Inputs shared by normalize.bench.ts and decode.bench.ts (benchmarks only). */

export const CODE_1K = `import { createScanner, type ScannerOptions } from './scanner.js';

export async function handleRequest(req: IncomingRequest, options: ScannerOptions): Promise<Response> {
  const scanner = createScanner(options);
  const body = await req.text();
  const verdict = scanner.scanRequestBody(body, { url: req.url, method: req.method });
  if (verdict.action === 'block') {
    return new Response(JSON.stringify({ error: 'blocked', reason: verdict.reason }), {
      status: 403,
      headers: { 'content-type': 'application/json' },
    });
  }
  for (const finding of verdict.findings) {
    logger.warn({ rule: finding.ruleId, severity: finding.severity }, 'finding');
  }
  const upstream = await fetch(options.upstreamUrl + req.path, { method: req.method, body });
  return new Response(upstream.body, { status: upstream.status, headers: upstream.headers });
}

// commit 3f786850e387550fdab836ed7e6dc881de23001b - retry with exponential backoff (max 5 attempts)
`.slice(0, 1024);

const PARAGRAPH =
  'The committee met on Tuesday afternoon to review the proposal for the new library wing. ' +
  'Several members raised concerns about the budget, noting that construction costs had risen ' +
  'sharply over the past two years, while others argued that the community needed more space ' +
  'for study groups, children\'s reading programmes and public lectures. After a long discussion ' +
  'the chair proposed a compromise: a smaller first phase, with the option to extend later. ';

const prose = (bytes: number): string => PARAGRAPH.repeat(Math.ceil(bytes / PARAGRAPH.length)).slice(0, bytes);

export const PROSE_10K = prose(10 * 1024);
export const PROSE_1M = prose(1024 * 1024);
/** Same prose with typographic quotes and an accented word per paragraph: the non-ASCII path. */
export const PROSE_10K_TYPOGRAPHIC = PROSE_10K.replace(/'/g, '\u2019').replace(/library/g, 'bibliothèque');
