// A small service that calls other services, and asks pipelock before every
// call leaves and before every answer is used. No proxy process: the scanner
// runs in this process (createGuardedFetch for fetch-style code,
// createGuardedDispatcher for code that speaks undici).
//
//   POST /notify   {"message": "..."}  -> posts the message to NOTIFY_URL
//   GET  /preview?url=https://...      -> fetches a page and returns its text
//   GET  /status?url=https://...       -> the same through undici.request + the guarded dispatcher
//
// Environment: PORT (default 3000; 0 picks a free port), NOTIFY_URL,
// TRUSTED_HOSTS (comma-separated hosts exempt from the SSRF check, e.g. a
// local model server; everything else on a private address is refused).
import http from 'node:http';
import { createScanner } from '@pipelock/core';
import { createGuardedDispatcher, createGuardedFetch, PipelockBlockedError } from '@pipelock/proxy';
import { request } from 'undici';

const port = Number(process.env.PORT ?? 3000);
const notifyUrl = process.env.NOTIFY_URL;
const trusted = (process.env.TRUSTED_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean);

// One scanner for the process: patterns are compiled once, here.
const scanner = createScanner(
  {
    mode: 'balanced',
    trusted_domains: trusted,
    // Pages we read may carry instructions aimed at the model that will see
    // them: remove those spans instead of passing them on.
    response_scanning: { action: 'strip' },
  },
  { now: Date.now },
);

// Every verdict with findings, one JSON line each (excerpts are redacted by core).
const onDecision = (d) => {
  const findings = d.findings.map((f) => ({ rule: f.rule, location: f.location, action: f.action }));
  console.error(JSON.stringify({ pipelock: d.action, phase: d.phase, method: d.method, origin: d.origin, findings }));
};

const guardedFetch = createGuardedFetch(scanner, { onDecision });
const dispatcher = createGuardedDispatcher(scanner, undefined, { onDecision });

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A refusal names the rule and where it matched; the secret itself is never echoed. */
function refuse(res, err) {
  if (err instanceof PipelockBlockedError) {
    send(res, 403, { error: 'blocked', phase: err.phase, rule: err.rule, location: err.location ?? null });
  } else {
    send(res, 502, { error: 'upstream', message: err instanceof Error ? err.message : String(err) });
  }
}

async function readJson(req) {
  const chunks = [];
  let size = 0;
  for await (const c of req) {
    size += c.length;
    if (size > 1024 * 1024) throw new Error('request body too large');
    chunks.push(c);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  try {
    if (req.method === 'POST' && url.pathname === '/notify') {
      if (!notifyUrl) return send(res, 500, { error: 'NOTIFY_URL is not set' });
      const { message } = await readJson(req);
      try {
        const r = await guardedFetch(notifyUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: String(message ?? '') }),
        });
        await r.arrayBuffer();
        return send(res, 202, { delivered: r.ok, upstreamStatus: r.status });
      } catch (err) {
        return refuse(res, err);
      }
    }
    if (req.method === 'GET' && url.pathname === '/preview') {
      const target = url.searchParams.get('url');
      if (!target) return send(res, 400, { error: 'url is required' });
      try {
        const r = await guardedFetch(target);
        const text = await r.text();
        return send(res, 200, { status: r.status, stripped: r.headers.get('x-pipelock-decision') === 'strip', text: text.slice(0, 2000) });
      } catch (err) {
        return refuse(res, err);
      }
    }
    if (req.method === 'GET' && url.pathname === '/status') {
      const target = url.searchParams.get('url');
      if (!target) return send(res, 400, { error: 'url is required' });
      try {
        const r = await request(target, { dispatcher });
        const text = await r.body.text();
        return send(res, 200, { status: r.statusCode, text: text.slice(0, 2000) });
      } catch (err) {
        return refuse(res, err);
      }
    }
    send(res, 404, { error: 'not found' });
  } catch (err) {
    send(res, 400, { error: err instanceof Error ? err.message : String(err) });
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(`guarded-fetch example listening on http://127.0.0.1:${server.address().port}`);
});

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    dispatcher.close().catch(() => undefined);
  });
}
