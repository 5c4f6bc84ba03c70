// Load figures for the forward proxy (not part of the test suite):
//   pnpm exec tsc -b packages/cli && node test/proxy/load.mjs [seconds] [connections] [--pin] [--only=post] [--cpu-prof=DIR] [--rounds=N]
// --pin: taskset the load generator (this process) to CPU 0 and the proxy,
//   the bare forwarder and the upstream to CPU 1, so the client never
//   competes with the server side; the direct run has the upstream alone on
//   CPU 1, the proxied runs add the proxy there (a conservative ratio).
// --only=post: the JSON POST comparison only; --only=tunnel: the CONNECT one only
//   (--tunnel-mb=N, default 100). --rounds=N: repeat direct /
//   pipelock / bare N times, interleaved, and report medians.
// --upstream-cpu=N: pin the upstreams to CPU N instead (0: beside the load
//   generator, so the proxy has CPU 1 to itself and its profile is not
//   mixed with the upstream's turns).
// --cpu-prof=DIR: write a V8 CPU profile of the proxy to DIR.
// LOAD_NO_ALLOW_LOG=1: the proxy does not log allowed requests.
// LOAD_ENGINES_OFF=1: body and response scanning off (the URL pipeline still runs).
// 1. A 1 KB JSON POST (body scanning on) through `pipelock run` versus
//    straight to the same upstream, with autocannon: requests/s, latency
//    percentiles and the ratios.
// 2. An SSE stream of 1,000 token events through the proxy: per-event delay
//    between the upstream writing an event and the client receiving it.
// 3. 100 MB through a CONNECT tunnel versus a direct TCP connection.
// The upstreams and the daemon run as child processes; the clients run here.
import { spawn, spawnSync } from 'node:child_process';
import { Agent, request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transfer, waitLine } from './load-helpers.mjs';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon');
const BIN = process.env.PIPELOCK_BIN ?? fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const flag = (name) => process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const flagValue = (name) => flag(name)?.split('=')[1];
const seconds = Number(positional[0] ?? 10);
const connections = Number(positional[1] ?? 10);
const pin = flag('pin') !== undefined;
const onlyPost = flagValue('only') === 'post';
// --only=latency: one request at a time (no queueing), N = --requests (default
//   3000) per path, round-trip time from performance.now(): the latency the
//   proxy adds, in µs (autocannon's percentiles are whole milliseconds).
const onlyLatency = flagValue('only') === 'latency';
// --only=tunnel: the CONNECT comparison only (--rounds=N of it, interleaved, medians).
const onlyTunnel = flagValue('only') === 'tunnel';
const rounds = Number(flagValue('rounds') ?? 1);
const cpuProf = flagValue('cpu-prof');
// --compare=BIN: also run a second daemon from another build (its cli
//   dist/bin.js, e.g. main's) as the path 'compare', interleaved with the others.
const compareBin = flagValue('compare');
// --paths=direct,pipelock: measure only these of direct, pipelock, compare, bare, undici.
const paths = new Set(onlyTunnel || onlyLatency ? [] : (flagValue('paths') ?? 'direct,pipelock,compare,bare,undici').split(','));
// Server side on CPU 1, load generator on CPU 0 (taskset from util-linux).
const server = (args, cpu = '1') => (pin ? ['taskset', ['-c', cpu, process.execPath, ...args]] : [process.execPath, args]);
const upstreamCpu = flagValue('upstream-cpu') ?? '1';
if (pin) spawnSync('taskset', ['-p', '-c', '0', String(process.pid)], { stdio: 'ignore' });

const UPSTREAM_SRC = `
const http = require('node:http');
const s = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = '{"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"The report shows steady growth."},"finish_reason":"stop"}]}';
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
s.keepAliveTimeout = 60000;
s.listen(0, '127.0.0.1', () => console.log('PORT ' + s.address().port));
`;

// Reference point: the least a Node proxy can do (read body, forward with a
// keep-alive agent, buffer the answer, reply), no scanning, no logging. The
// gap between this and direct is Node's HTTP cost; the gap between this and
// pipelock is ours.
const BARE_SRC = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true });
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const u = new URL(req.url);
    const body = Buffer.concat(chunks);
    const up = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: req.method, agent,
      headers: { 'content-type': req.headers['content-type'], 'content-length': body.length } }, (ur) => {
      const rc = [];
      ur.on('data', (c) => rc.push(c));
      ur.on('end', () => { const b = Buffer.concat(rc); res.writeHead(ur.statusCode, { 'content-type': ur.headers['content-type'], 'content-length': b.length }); res.end(b); });
    });
    up.on('error', () => res.destroy());
    up.end(body);
  });
}).on('connect', (req, client, head) => {
  // The least a CONNECT tunnel can be in Node: dial, answer, pipe both ways.
  const [h, p] = req.url.split(':');
  const up = require('node:net').connect(Number(p), h, () => {
    client.write('HTTP/1.1 200 Connection Established\\r\\n\\r\\n');
    if (head.length) up.write(head);
    client.pipe(up);
    up.pipe(client);
  });
  up.on('error', () => client.destroy());
  client.on('error', () => up.destroy());
}).listen(0, '127.0.0.1', function () { console.log('PORT ' + this.address().port); });
`;

// The same forwarder with undici's Pool (one per origin, keep-alive) as the
// upstream client instead of http.request: how much of the bare cost is
// node:http's client side.
const BARE_UNDICI_SRC = `
const http = require('node:http');
const { Pool } = require(${JSON.stringify(createRequire(new URL('../../packages/proxy/package.json', import.meta.url)).resolve('undici'))});
const pools = new Map();
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const u = new URL(req.url);
    let pool = pools.get(u.origin);
    if (!pool) pools.set(u.origin, (pool = new Pool(u.origin, { connections: 64 })));
    const body = Buffer.concat(chunks);
    try {
      const r = await pool.request({ path: u.pathname, method: req.method, headers: { 'content-type': req.headers['content-type'], 'content-length': String(body.length) }, body });
      const b = Buffer.from(await r.body.arrayBuffer());
      res.writeHead(r.statusCode, { 'content-type': r.headers['content-type'], 'content-length': b.length });
      res.end(b);
    } catch { res.destroy(); }
  });
}).listen(0, '127.0.0.1', function () { console.log('PORT ' + this.address().port); });
`;

// SSE: 1,000 OpenAI-style token events, one every 2 ms, each stamped with its send time.
// Sink: a TCP server that swallows bytes (the CONNECT target).
const STREAM_SRC = `
const http = require('node:http');
const net = require('node:net');
const s = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  let i = 0;
  const t = setInterval(() => {
    const ev = { choices: [{ index: 0, delta: { content: ' token' + i } }], t: performance.timeOrigin + performance.now() };
    res.write('data: ' + JSON.stringify(ev) + '\\n\\n');
    if (++i === 1000) { clearInterval(t); res.end('data: [DONE]\\n\\n'); }
  }, 2);
});
const sink = net.createServer((c) => { c.on('data', () => {}); c.on('end', () => c.end('done')); });
s.listen(0, '127.0.0.1', () => sink.listen(0, '127.0.0.1', () => console.log('PORTS ' + s.address().port + ' ' + sink.address().port)));
`;

/** `n` POSTs one after another on one kept-alive connection; each round trip in ms. */
async function roundTrips(base, path, n) {
  const u = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(path.startsWith('http') ? { host: new URL(path).host } : {}) };
  const one = () =>
    new Promise((resolve, reject) => {
      const t = performance.now();
      const req = request({ host: u.hostname, port: Number(u.port), path, method: 'POST', headers, agent }, (res) => {
        res.on('data', () => {});
        res.on('end', () => (res.statusCode === 200 ? resolve(performance.now() - t) : reject(new Error(`status ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  const out = [];
  for (let i = 0; i < n; i++) out.push(await one());
  agent.destroy();
  return out;
}

function sseLags(proxyAddr, upstreamPort) {
  const [host, port] = proxyAddr.split(':');
  return new Promise((resolve, reject) => {
    const lags = [];
    const req = request({ host, port: Number(port), path: `http://127.0.0.1:${upstreamPort}/v1/chat/completions`, headers: { host: `127.0.0.1:${upstreamPort}` } }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (c) => {
        const now = performance.timeOrigin + performance.now();
        buf += c;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const ev = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (ev.startsWith('data: {')) lags.push(now - JSON.parse(ev.slice(6)).t);
        }
      });
      res.on('end', () => resolve(lags));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Send `bytes` over a socket (direct or through CONNECT) and time it until the sink answers. */

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};


const sentence = 'Please summarise the quarterly report for the finance team and list the three largest cost increases. ';
let content = '';
while (JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: content + sentence }] }).length <= 1024) content += sentence;
const body = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: content.padEnd(1024 - 60, '.') }] });

/** CPU seconds (user + system) a child has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSeconds(child) {
  try {
    const f = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return NaN;
  }
}

/** A load run plus the CPU each server-side process spent on it, in µs per request. */
async function measured(url, path, procs) {
  const before = procs.map(cpuSeconds);
  const r = await run(url, path);
  const n = r.requests.total || 1;
  r.cpuUs = procs.map((p, i) => ((cpuSeconds(p) - before[i]) * 1e6) / n);
  return r;
}

function run(url, path) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        duration: seconds,
        // Through the proxy the path is an absolute URI and Host must name its authority.
        requests: [{ method: 'POST', path, headers: { 'content-type': 'application/json', ...(path.startsWith('http') ? { host: new URL(path).host } : {}) }, body }],
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

const dir = mkdtempSync(join(tmpdir(), 'pipelock-load-'));
const children = [];
try {
  const up = spawn(...server(['-e', UPSTREAM_SRC], upstreamCpu), { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(up);
  const upPort = Number((await waitLine(up, 'stdout', /PORT (\d+)/))[1]);

  const config = join(dir, 'pipelock.yaml');
  writeFileSync(
    config,
    ['mode: balanced', 'fetch_proxy:', '  monitoring:', '    max_requests_per_minute: 100000000', 'ssrf:', '  ip_allowlist: ["127.0.0.1/32"]', 'dlp:', '  scan_env: false', ...(process.env.LOAD_NO_ALLOW_LOG ? ['logging:', '  include_allowed: false'] : []),
      // LOAD_ENGINES_OFF=1: no body or response scanning (the URL pipeline and header checks still run): the proxy's own cost.
      ...(process.env.LOAD_ENGINES_OFF ? ['request_body_scanning:', '  enabled: false', 'response_scanning:', '  enabled: false'] : []),
      ''].join('\n'),
  );
  const profArgs = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${cpuProf}`] : [];
  const proxy = spawn(...server([...profArgs, BIN, 'run', '--config', config, '--listen', '127.0.0.1:0']), { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(proxy);
  const addr = (await waitLine(proxy, 'stderr', /listening on (\S+)/))[1];
  let cmp;
  let cmpAddr;
  if (compareBin) {
    cmp = spawn(...server([compareBin, 'run', '--config', config, '--listen', '127.0.0.1:0']), { stdio: ['ignore', 'ignore', 'pipe'] });
    children.push(cmp);
    cmpAddr = (await waitLine(cmp, 'stderr', /listening on (\S+)/))[1];
  } else paths.delete('compare');

  const target = `http://127.0.0.1:${upPort}/v1/chat/completions`;
  const bareChild = spawn(...server(['-e', BARE_SRC]), { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(bareChild);
  const barePort = Number((await waitLine(bareChild, 'stdout', /PORT (\d+)/))[1]);
  const undiciChild = spawn(...server(['-e', BARE_UNDICI_SRC]), { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(undiciChild);
  const undiciPort = Number((await waitLine(undiciChild, 'stdout', /PORT (\d+)/))[1]);
  // Warm every path (JIT, keep-alive pools).
  const legs = {
    direct: [`http://127.0.0.1:${upPort}`, '/v1/chat/completions', [up]],
    pipelock: [`http://${addr}`, target, [proxy, up]],
    ...(cmp ? { compare: [`http://${cmpAddr}`, target, [cmp, up]] } : {}),
    bare: [`http://127.0.0.1:${barePort}`, target, [bareChild, up]],
    undici: [`http://127.0.0.1:${undiciPort}`, target, [undiciChild, up]],
  };
  for (const [name, [url, path]] of Object.entries(legs)) if (paths.has(name)) await run(url, path);
  const runsOf = { direct: [], pipelock: [], compare: [], bare: [], undici: [] };
  for (let r = 0; r < rounds; r++) {
    for (const [name, [url, path, procs]] of Object.entries(legs)) if (paths.has(name)) runsOf[name].push(await measured(url, path, procs));
  }
  // The median round by throughput, per path.
  const median = (rs) => (rs.length === 0 ? undefined : [...rs].sort((a, b) => a.requests.average - b.requests.average)[rs.length >> 1]);
  const direct = median(runsOf.direct);
  const proxied = median(runsOf.pipelock);
  const compared = median(runsOf.compare);
  const bare = median(runsOf.bare);
  const bareUndici = median(runsOf.undici);

  const cpu = (r) => (r.cpuUs.length > 1 ? `  CPU/request: forwarder ${r.cpuUs[0].toFixed(0)} µs, upstream ${r.cpuUs[1].toFixed(0)} µs` : `  CPU/request: upstream ${r.cpuUs[0].toFixed(0)} µs`);
  const row = (name, r) =>
    r === undefined ? `${name.padEnd(9)}(not run)` : `${name.padEnd(9)}${String(Math.round(r.requests.average)).padStart(7)} req/s  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  errors ${r.errors} non2xx ${r.non2xx}${cpu(r)}`;
  const load = (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  if (!onlyTunnel && !onlyLatency) {
    console.log(`1 KB JSON POST (${Buffer.byteLength(body)} bytes), ${connections} connections, ${seconds} s each, ${rounds} round(s), node ${process.version}${pin ? ', pinned: load generator CPU 0, servers CPU 1' : ''}, load average ${load}`);
    console.log(row('direct', direct));
    console.log(row('pipelock', proxied));
    if (cmp) console.log(row('compare', compared) + `   (${compareBin})`);
    console.log(row('bare', bare) + '   (bare Node forwarder, no scanning: the ceiling for any Node proxy here)');
    console.log(row('undici', bareUndici) + '   (the same with an undici Pool as the upstream client)');
    const ratio = (a, b) => (a && b ? `${((a.requests.average / b.requests.average) * 100).toFixed(1)} %` : 'n/a');
    console.log(`throughput ratio pipelock/direct: ${ratio(proxied, direct)}, bare/direct: ${ratio(bare, direct)}, pipelock/bare: ${ratio(proxied, bare)}, pipelock/undici: ${ratio(proxied, bareUndici)}${cmp ? `, compare/direct: ${ratio(compared, direct)}` : ''}`);
    if (proxied && direct) console.log(`added latency: p50 ${(proxied.latency.p50 - direct.latency.p50).toFixed(2)} ms, p99 ${(proxied.latency.p99 - direct.latency.p99).toFixed(2)} ms`);
    if (rounds > 1) {
      const list = (rs) => rs.map((r) => `${Math.round(r.requests.average)} (${r.cpuUs[0].toFixed(0)} µs)`).join(', ');
      console.log(`rounds (req/s): direct ${list(runsOf.direct)}; pipelock ${list(runsOf.pipelock)};${cmp ? ` compare ${list(runsOf.compare)};` : ''} bare ${list(runsOf.bare)}; undici ${list(runsOf.undici)}`);
    }
  }
  if (onlyLatency) {
    const n = Number(flagValue('requests') ?? 3000);
    const legsL = { direct: [`http://127.0.0.1:${upPort}`, '/v1/chat/completions'], pipelock: [`http://${addr}`, target], ...(cmp ? { compare: [`http://${cmpAddr}`, target] } : {}), bare: [`http://127.0.0.1:${barePort}`, target], undici: [`http://127.0.0.1:${undiciPort}`, target] };
    const all = {};
    for (const [name, [url, path]] of Object.entries(legsL)) await roundTrips(url, path, 500); // warm
    for (let r = 0; r < rounds; r++) for (const [name, [url, path]] of Object.entries(legsL)) (all[name] ??= []).push(...(await roundTrips(url, path, n)));
    const us = (ms) => `${(ms * 1000).toFixed(0)} µs`;
    console.log(`1 KB JSON POST, one at a time on one connection, ${n} x ${rounds} per path, load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    for (const [name, xs] of Object.entries(all)) {
      const added = name === 'direct' ? '' : `   added p50 ${us(pct(xs, 50) - pct(all.direct, 50))}, p99 ${us(pct(xs, 99) - pct(all.direct, 99))}`;
      console.log(`${name.padEnd(9)} p50 ${us(pct(xs, 50))}  p90 ${us(pct(xs, 90))}  p99 ${us(pct(xs, 99))}${added}`);
    }
  }
  if (!onlyPost && !onlyLatency) {
    const st = spawn(...server(['-e', STREAM_SRC]), { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(st);
    const [, ssePort, sinkPort] = (await waitLine(st, 'stdout', /PORTS (\d+) (\d+)/)).map(Number);
    if (!onlyTunnel) {
      const lags = await sseLags(addr, ssePort);
      console.log(
        `SSE 1,000 token events through the proxy: ${lags.length} received; delay upstream write -> client read ` +
          `p50 ${pct(lags, 50).toFixed(2)} ms, p99 ${pct(lags, 99).toFixed(2)} ms, max ${Math.max(...lags).toFixed(2)} ms`,
      );
    }

    const MB = Number(flagValue('tunnel-mb') ?? 100);
    await transfer(8 * 1024 * 1024, sinkPort); // warm up
    await transfer(8 * 1024 * 1024, sinkPort, addr);
    await transfer(8 * 1024 * 1024, sinkPort, `127.0.0.1:${barePort}`);
    const directs = [];
    const tunnels = [];
    const bares = [];
    // CPU of the proxy and of the sink per MB moved, through the tunnel.
    const cpuPerMb = [];
    for (let r = 0; r < (onlyTunnel ? rounds : 1); r++) {
      directs.push(await transfer(MB * 1024 * 1024, sinkPort));
      const before = [cpuSeconds(proxy), cpuSeconds(st)];
      tunnels.push(await transfer(MB * 1024 * 1024, sinkPort, addr));
      cpuPerMb.push([(cpuSeconds(proxy) - before[0]) * 1e6 / MB, (cpuSeconds(st) - before[1]) * 1e6 / MB]);
      const b0 = cpuSeconds(bareChild);
      bares.push(await transfer(MB * 1024 * 1024, sinkPort, `127.0.0.1:${barePort}`));
      cpuPerMb[cpuPerMb.length - 1].push((cpuSeconds(bareChild) - b0) * 1e6 / MB);
    }
    const mid = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const directMs = mid(directs);
    const tunnelMs = mid(tunnels);
    const rate = (ms) => ((MB / ms) * 1000).toFixed(0);
    console.log(`${MB} MB over TCP${pin ? ' (pinned: client CPU 0, proxy and sink CPU 1)' : ''}: direct ${directMs.toFixed(0)} ms (${rate(directMs)} MB/s), CONNECT tunnel ${tunnelMs.toFixed(0)} ms (${rate(tunnelMs)} MB/s), ratio ${((directMs / tunnelMs) * 100).toFixed(1)} %; bare Node tunnel ${mid(bares).toFixed(0)} ms (${rate(mid(bares))} MB/s, ${((directMs / mid(bares)) * 100).toFixed(1)} %)`);
    const pm = cpuPerMb[cpuPerMb.length >> 1];
    console.log(`  tunnel CPU per MB: proxy ${pm[0].toFixed(0)} µs, sink ${pm[1].toFixed(0)} µs; bare tunnel ${pm[2].toFixed(0)} µs`);
    if (directs.length > 1) console.log(`  rounds (ms): direct ${directs.map((x) => x.toFixed(0)).join(', ')}; tunnel ${tunnels.map((x) => x.toFixed(0)).join(', ')}; bare ${bares.map((x) => x.toFixed(0)).join(', ')}`);
  }
  if (cpuProf) {
    // SIGINT lets the proxy shut down cleanly, which is when V8 writes the profile.
    proxy.kill('SIGINT');
    await new Promise((r) => proxy.once('exit', r));
  }
} finally {
  for (const c of children) c.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
