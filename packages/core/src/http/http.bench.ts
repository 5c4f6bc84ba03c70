// pnpm vitest bench --run packages/core/src/http/http.bench.ts
// Request (1 KB JSON chat-completion POST), response (10 KB JSON), and an
// SSE stream of 1,000 token events (divide the stream figure by 1,000 for
// the per-event cost).
import { bench, describe } from 'vitest';
import { createScanContext } from '../scanner.js';
import { scanHttpRequest } from './request.js';
import { scanHttpResponse } from './response.js';
import { createSseStreamScanner } from './stream.js';

const ctx = createScanContext();
const strip = (t: string) => ctx.injectionEngine.strip(t);

const PROSE =
  'The committee reviewed the quarterly figures and agreed to postpone the vendor decision until the audit is complete. ' +
  'Please summarise the main risks, list the open questions, and suggest two options with their costs. ';

function repeatTo(s: string, n: number): string {
  let out = '';
  while (out.length < n) out += s;
  return out.slice(0, n);
}

const requestBody = JSON.stringify({
  model: 'gpt-4o',
  temperature: 0.2,
  messages: [
    { role: 'system', content: 'You are a careful financial assistant. Answer briefly.' },
    { role: 'user', content: repeatTo(PROSE, 760) },
  ],
});
const requestHeaders = {
  'content-type': 'application/json',
  authorization: 'Bearer not-a-real-token-just-a-placeholder',
  'user-agent': 'ruby-openai/7.0',
  accept: 'application/json',
};

const responseBody = JSON.stringify({
  id: 'chatcmpl-123',
  object: 'chat.completion',
  created: 1700000000,
  model: 'gpt-4o',
  choices: [{ index: 0, message: { role: 'assistant', content: repeatTo(PROSE, 9800) }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 200, completion_tokens: 2000, total_tokens: 2200 },
});

const tokens = repeatTo(PROSE, 5000).split(/(?=\s)/);
let stream = '';
for (let i = 0; i < 1000; i++) {
  const content = tokens[i % tokens.length] ?? ' x';
  stream += `data: ${JSON.stringify({ id: 'chatcmpl-123', object: 'chat.completion.chunk', created: 1700000000, model: 'gpt-4o', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
}
const events = stream.split(/(?<=\n\n)/);

describe('http', () => {
  bench(`scanRequest: 1 KB JSON chat-completion POST (${requestBody.length} B)`, () => {
    scanHttpRequest(ctx, () => [], { method: 'POST', url: 'https://api.openai.com/v1/chat/completions', headers: requestHeaders, body: requestBody });
  });
  bench(`scanResponse: 10 KB JSON chat completion (${responseBody.length} B)`, () => {
    scanHttpResponse(ctx, strip, { url: 'https://api.openai.com/v1/chat/completions', headers: { 'content-type': 'application/json' }, body: responseBody });
  });
  // The engines alone on the same text: what the HTTP layer adds is the difference.
  const responseText = (JSON.parse(responseBody) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content ?? '';
  bench('baseline: ctx.dlp + ctx.injection on the 10 KB content alone', () => {
    ctx.dlp(responseText);
    ctx.injection(responseText);
  });
  bench('stream: 1,000 token events pushed one by one (whole stream)', () => {
    const s = createSseStreamScanner(ctx);
    for (const e of events) s.push(e);
    s.end();
  });
  // The hold-back's own cost: the same stream with it off, compared in the same run.
  bench('stream: same, hold_back_bytes 0 (each event released once scanned)', () => {
    const s = createSseStreamScanner(ctx, { holdBackBytes: 0 });
    for (const e of events) s.push(e);
    s.end();
  });
});
