// Soak: a bounded loopback load through the daemon (`startProxy`, what
// `pipelock run` starts: forward proxy and MCP reverse proxy at once), sampling the daemon's RSS, open file descriptors
// and sockets every SAMPLE_SECONDS, then printing the curve and a verdict.
// Not part of CI: `pnpm build && pnpm soak` (SOAK_SECONDS=600 by default).
//
//   SOAK_SECONDS=120 SOAK_CONNECTIONS=8 pnpm soak
//
// Load mix per tick: clean JSON POSTs through the forward proxy, POSTs that
// carry a runtime-built secret (blocked), upstream answers that are cut off
// mid-body, JSON-RPC tools/call through the MCP reverse proxy, and clients
// that disconnect mid-upload. Leak signal: fds and RSS at the end against the
// first sample after warm-up. Everything runs on 127.0.0.1.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(fileURLToPath(new URL('../test/package.json', import.meta.url)));
const autocannon = require('autocannon');
const CORE = new URL('../packages/core/dist/index.js', import.meta.url).href;
const PROXY = new URL('../packages/proxy/dist/index.js', import.meta.url).href;
const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const SAMPLE = Number(process.env.SAMPLE_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 8);

const UPSTREAM_SRC = `
const http = require('node:http');
const s = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString();
    if (req.url.startsWith('/cut')) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('{"partial":"');
      setTimeout(() => res.socket.destroy(), 5);
      return;
    }
    if (req.url.startsWith('/mcp')) {
      let id = null;
      try { id = JSON.parse(raw).id ?? null; } catch {}
      const body = JSON.stringify({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: 'The weather is sunny.' }] } });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    const body = '{"choices":[{"message":{"role":"assistant","content":"The report shows steady growth."}}]}';
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => console.log('PORT ' + s.address().port));
`;

function waitLine(child, stream, re, ms = 15000) {
  return new Promise((resolve, reject) => {
    let buf = '';
    const t = setTimeout(() => reject(new Error(`timed out waiting for ${re} (got: ${buf.slice(-300)})`)), ms);
    child[stream].on('data', (d) => {
      buf += d.toString();
      const m = re.exec(buf);
      if (m) {
        clearTimeout(t);
        resolve(m);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before ${re}: ${buf.slice(-300)}`)));
  });
}

function freePort() {
  return new Promise((resolve) => {
    const s = require('node:net').createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** RSS (KiB), open fds and sockets of a Linux process, from /proc. */
function sample(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  let fds = 0;
  let sockets = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    fds++;
    try {
      if (require('node:fs').readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) sockets++;
    } catch {
      // closed between readdir and readlink
    }
  }
  return { rss, fds, sockets };
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const awsKey = () => 'AKIA' + Array.from({ length: 16 }, () => B32[randomInt(32)]).join('');

function cannon(url, requests, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration, requests }, (err, r) => (err ? reject(err) : resolve(r)));
  });
}

function oneRequest(port, path, body) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
      res.on('error', () => resolve(-1));
    });
    req.on('error', () => resolve(-1));
    req.end(body);
  });
}

function abandonUpload(port, path) {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1', () => {
      sock.write(`POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{"a":"`);
      sock.write('x'.repeat(5000));
      setTimeout(() => {
        sock.destroy();
        resolve();
      }, 20);
    });
    sock.on('error', () => resolve());
  });
}

const dir = mkdtempSync(join(tmpdir(), 'pipelock-soak-'));
const children = [];
let failed = false;
try {
  const up = spawn(process.execPath, ['-e', UPSTREAM_SRC], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(up);
  const upPort = Number((await waitLine(up, 'stdout', /PORT (\d+)/))[1]);
  const mcpPort = await freePort();
  const config = join(dir, 'pipelock.yaml');
  writeFileSync(
    config,
    [
      'mode: balanced',
      'fetch_proxy:',
      '  timeout_seconds: 5',
      '  monitoring:',
      '    max_requests_per_minute: 100000000',
      'ssrf:',
      '  ip_allowlist: ["127.0.0.1/32"]',
      'dlp:',
      '  scan_env: false',
      '',
    ].join('\n'),
  );
  // The daemon as `pipelock run` does it (startProxy from the built package),
  // in its own process so its RSS and descriptors are measured alone.
  const daemonSrc = `
    import { readFileSync } from 'node:fs';
    import { parseConfig } from ${JSON.stringify(CORE)};
    import { startProxy, installSignalHandlers } from ${JSON.stringify(PROXY)};
    const config = parseConfig(readFileSync(${JSON.stringify(config)}, 'utf8'));
    const p = await startProxy({ config, listen: '127.0.0.1:0', env: {}, mcp: { listen: '127.0.0.1:${mcpPort}', upstream: 'http://127.0.0.1:${upPort}/mcp' } });
    installSignalHandlers(p, { exit: (code) => process.exit(code) });
    console.error('listening on 127.0.0.1:' + p.address.port + ' ');
  `;
  const proxy = spawn(process.execPath, ['--input-type=module', '-e', daemonSrc], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(proxy);
  const addr = (await waitLine(proxy, 'stderr', /listening on (\S+?)[ ;(]/))[1];
  const proxyPort = Number(addr.split(':').pop());
  const fwd = `http://127.0.0.1:${proxyPort}`;
  const target = (p) => `http://127.0.0.1:${upPort}${p}`;
  const clean = JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Summarise the quarterly report for the finance team.' }] });
  const call = (i) => JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'get_weather', arguments: { city: 'Lisbon' } } });

  console.log(`soak: ${SECONDS}s, sample every ${SAMPLE}s, ${CONNECTIONS} connections; daemon pid ${proxy.pid}, forward ${fwd}, MCP 127.0.0.1:${mcpPort}`);
  console.log('  t(s)   rss(MiB)  fds  sockets  fwd req/s  mcp req/s  non-2xx');
  const rows = [];
  const started = Date.now();
  let tick = 0;
  while ((Date.now() - started) / 1000 < SECONDS) {
    const slice = Math.max(1, Math.min(SAMPLE, SECONDS - Math.floor((Date.now() - started) / 1000)));
    const half = Math.max(1, Math.floor(slice / 2));
    const [f, m] = await Promise.all([
      cannon(fwd, [{ method: 'POST', path: target('/v1/chat'), headers: { 'content-type': 'application/json' }, body: clean }], half),
      cannon(`http://127.0.0.1:${mcpPort}`, [{ method: 'POST', path: '/mcp', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: call(tick) }], half),
    ]);
    // Faults and blocks, a few of each per tick.
    const extra = [];
    for (let i = 0; i < 20; i++) {
      extra.push(oneRequest(proxyPort, target('/v1/chat'), JSON.stringify({ k: awsKey() })));
      extra.push(oneRequest(proxyPort, target('/cut'), clean));
      extra.push(abandonUpload(proxyPort, target('/v1/chat')));
      extra.push(abandonUpload(mcpPort, '/mcp'));
    }
    await Promise.all(extra);
    await new Promise((r) => setTimeout(r, Math.max(0, (slice - half) * 1000 - 200)));
    const s = sample(proxy.pid);
    const row = { t: Math.round((Date.now() - started) / 1000), ...s, fwd: Math.round(f.requests.average), mcp: Math.round(m.requests.average), non2xx: f.non2xx + m.non2xx + f.errors + m.errors };
    rows.push(row);
    console.log(
      `${String(row.t).padStart(6)} ${(row.rss / 1024).toFixed(1).padStart(10)} ${String(row.fds).padStart(4)} ${String(row.sockets).padStart(8)} ${String(row.fwd).padStart(10)} ${String(row.mcp).padStart(10)} ${String(row.non2xx).padStart(8)}`,
    );
    tick++;
  }
  // Idle a moment so keep-alive sockets time out, then a last sample.
  await new Promise((r) => setTimeout(r, 6000));
  const end = sample(proxy.pid);
  const base = rows[Math.min(1, rows.length - 1)];
  console.log(`idle end: rss ${(end.rss / 1024).toFixed(1)} MiB, fds ${end.fds}, sockets ${end.sockets}`);
  const fdGrowth = end.fds - (base?.fds ?? end.fds);
  const rssGrowth = end.rss / (base?.rss || end.rss);
  console.log(`verdict: fds ${fdGrowth >= 0 ? '+' : ''}${fdGrowth} after warm-up, RSS x${rssGrowth.toFixed(2)}`);
  // Listeners plus the daemon's keep-alive pools to the upstream are expected; more is a leak.
  if (end.sockets > 2 * CONNECTIONS + 8 || fdGrowth > 16 || rssGrowth > 2) {
    console.log('soak: FAIL (descriptor or memory growth)');
    failed = true;
  } else {
    console.log('soak: OK');
  }
} catch (err) {
  console.error(`soak: ${err.message}`);
  failed = true;
} finally {
  for (const c of children.reverse()) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
