// The daemon's operations surface: /health, /metrics (valid Prometheus
// text), the kill switch from config, sentinel file and bearer-token API,
// hot reload (a bad file keeps the old config), logging to a file.
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@pipelock/core';
import { startProxy } from '@pipelock/proxy';
import { awsKey, curl, startTestProxy, startUpstream, testConfig, waitFor } from './helpers.js';
import type { Upstream } from './helpers.js';

let upstream: Upstream;
let dir: string;

beforeAll(async () => {
  upstream = await startUpstream((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('upstream ok');
  });
  dir = mkdtempSync(join(tmpdir(), 'pipelock-ops-'));
});

afterAll(async () => {
  await upstream.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Checks every line of a Prometheus text exposition; returns the sample names. */
function parsePrometheus(text: string): Map<string, number[]> {
  const samples = new Map<string, number[]>();
  const typed = new Map<string, string>();
  const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
  const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)( -?[0-9]+)?$/;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ')) {
      const name = line.slice(7).split(' ')[0] ?? '';
      expect(name, line).toMatch(metricName);
      continue;
    }
    if (line.startsWith('# TYPE ')) {
      const [name, type] = line.slice(7).split(' ');
      expect(name ?? '', line).toMatch(metricName);
      expect(['counter', 'gauge', 'histogram', 'summary', 'untyped'], line).toContain(type);
      typed.set(name ?? '', type ?? '');
      continue;
    }
    expect(line.startsWith('#'), `unexpected comment: ${line}`).toBe(false);
    const m = sample.exec(line);
    expect(m, `not a valid sample line: ${line}`).not.toBeNull();
    const name = m?.[1] ?? '';
    const base = name.replace(/_(bucket|sum|count|total|created)$/, '');
    expect(typed.has(name) || typed.has(base), `sample without TYPE: ${line}`).toBe(true);
    const list = samples.get(name) ?? [];
    list.push(Number(m?.[3]));
    samples.set(name, list);
  }
  return samples;
}

describe('/health and /metrics', () => {
  it('serves health JSON and valid Prometheus text on the proxy port', async () => {
    const p = await startTestProxy(testConfig());
    try {
      const h = await curl([`${p.url}/health`]);
      expect(h.status).toBe(200);
      const health = JSON.parse(h.body) as Record<string, unknown>;
      expect(health).toMatchObject({ status: 'healthy', mode: 'balanced', kill_switch_active: false });
      expect(typeof health['version']).toBe('string');
      expect(typeof health['uptime_seconds']).toBe('number');
      expect(health['listeners']).toEqual({ forward: `127.0.0.1:${p.proxy.address.port}` });

      // Some traffic so the counters have series: one allow, one block.
      await curl(['-x', p.url, `${upstream.url}/a`]);
      await curl(['-x', p.url, '-H', `x-api-key: ${awsKey()}`, `${upstream.url}/b`]);

      const m = await curl([`${p.url}/metrics`]);
      expect(m.status).toBe(200);
      const samples = parsePrometheus(m.body);
      for (const name of [
        'pipelock_requests_total',
        'pipelock_findings_total',
        'pipelock_scan_duration_seconds_bucket',
        'pipelock_active_tunnels',
        'pipelock_tunnel_bytes_total',
        'pipelock_kill_switch_active',
        'pipelock_config_reloads_total',
        'pipelock_process_cpu_user_seconds_total',
      ]) {
        expect(samples.has(name), name).toBe(true);
      }
      expect(m.body).toContain('pipelock_requests_total{proxy="forward",decision="allow"} 1');
      expect(m.body).toContain('pipelock_requests_total{proxy="forward",decision="block"} 1');
      expect(m.body).toMatch(/pipelock_findings_total\{scanner="dlp",[^}]*severity="critical"/);

      expect((await curl([`${p.url}/nope`])).status).toBe(404);
    } finally {
      await p.proxy.close();
    }
  });
});

describe('kill switch', () => {
  it('from config: proxied requests get 503 with the message; health and metrics stay up', async () => {
    const p = await startTestProxy(testConfig({ kill_switch: { enabled: true, message: 'Stopped by ops' } }));
    try {
      const before = upstream.seen.length;
      const r = await curl(['-x', p.url, `${upstream.url}/x`]);
      expect(r.status).toBe(503);
      expect(JSON.parse(r.body)).toEqual({ error: 'kill_switch', message: 'Stopped by ops' });
      expect(upstream.seen.length).toBe(before);
      const h = await curl([`${p.url}/health`]);
      expect(h.status).toBe(200);
      expect(JSON.parse(h.body)).toMatchObject({ kill_switch_active: true });
      expect((await curl([`${p.url}/metrics`])).body).toContain('pipelock_kill_switch_active 1');
    } finally {
      await p.proxy.close();
    }
  });

  it('health is not exempt when health_exempt is false; allowlisted clients pass', async () => {
    const a = await startTestProxy(testConfig({ kill_switch: { enabled: true, health_exempt: false } }));
    const b = await startTestProxy(testConfig({ kill_switch: { enabled: true, allowlist_ips: ['127.0.0.0/8'] } }));
    try {
      expect((await curl([`${a.url}/health`])).status).toBe(503);
      expect((await curl(['-x', b.url, `${upstream.url}/x`])).status).toBe(200);
    } finally {
      await a.proxy.close();
      await b.proxy.close();
    }
  });

  it('follows the sentinel file', async () => {
    const sentinel = join(dir, 'deny-all');
    const p = await startTestProxy(testConfig({ kill_switch: { sentinel_file: sentinel } }));
    try {
      expect((await curl(['-x', p.url, `${upstream.url}/x`])).status).toBe(200);
      writeFileSync(sentinel, '');
      await waitFor(async () => (await curl(['-x', p.url, `${upstream.url}/x`])).status === 503);
      unlinkSync(sentinel);
      await waitFor(async () => (await curl(['-x', p.url, `${upstream.url}/x`])).status === 200);
    } finally {
      await p.proxy.close();
    }
  });

  it('API on its own port with a bearer token: wrong token 401, right token toggles', async () => {
    const token = 'kill-switch-token-for-tests-0123456789';
    const p = await startTestProxy(testConfig({ kill_switch: { api_token: token, api_listen: '127.0.0.1:0' } }));
    try {
      const api = `http://127.0.0.1:${p.proxy.apiAddress?.port ?? 0}/api/v1/killswitch`;
      const post = (auth: string, body: string) => curl(['-X', 'POST', '-H', `Authorization: ${auth}`, '-H', 'content-type: application/json', '--data-binary', body, api]);
      expect((await post('Bearer wrong', '{"active":true}')).status).toBe(401);
      expect((await post(`Bearer ${token}x`, '{"active":true}')).status).toBe(401);
      expect((await post(`Basic ${token}`, '{"active":true}')).status).toBe(401);
      expect((await curl(['-x', p.url, `${upstream.url}/x`])).status).toBe(200);
      expect((await post(`Bearer ${token}`, '{"active":"yes"}')).status).toBe(400);

      const on = await post(`Bearer ${token}`, '{"active":true}');
      expect(on.status).toBe(200);
      expect(JSON.parse(on.body)).toEqual({ active: true, sources: ['api'] });
      expect((await curl(['-x', p.url, `${upstream.url}/x`])).status).toBe(503);
      // The main port does not serve the API when api_listen is set.
      expect((await curl(['-X', 'POST', '-H', `Authorization: Bearer ${token}`, `${p.url}/api/v1/killswitch`])).status).toBe(404);

      const off = await post(`Bearer ${token}`, '{"active":false}');
      expect(JSON.parse(off.body)).toEqual({ active: false, sources: [] });
      expect((await curl(['-x', p.url, `${upstream.url}/x`])).status).toBe(200);
      expect(p.logs.text()).not.toContain(token);
    } finally {
      await p.proxy.close();
    }
  });

  it('API on the main port when api_listen is unset', async () => {
    const token = 'another-kill-switch-token-abcdefgh';
    const p = await startTestProxy(testConfig({ kill_switch: { api_token: token } }));
    try {
      const r = await curl(['-X', 'POST', '-H', `Authorization: Bearer ${token}`, '--data-binary', '{"active":true}', `${p.url}/api/v1/killswitch`]);
      expect(r.status).toBe(200);
      expect(p.proxy.killSwitch.active()).toBe(true);
    } finally {
      await p.proxy.close();
    }
  });
});

describe('reload', () => {
  it('applies a good file, keeps the old config on a bad one, and keeps serving', async () => {
    const file = join(dir, 'pipelock.yaml');
    const good = (mode: string) =>
      `mode: ${mode}\nfetch_proxy:\n  timeout_seconds: 5\n  monitoring:\n    max_requests_per_minute: 100000\nssrf:\n  ip_allowlist: ["127.0.0.1/32"]\ndlp:\n  scan_env: false\n`;
    writeFileSync(file, good('balanced'));
    const p = await startTestProxy(parseConfig(good('balanced')), { configPath: file, watchConfig: false });
    try {
      writeFileSync(file, good('audit'));
      expect(await p.proxy.reload()).toBe(true);
      expect(p.proxy.config.mode).toBe('audit');

      writeFileSync(file, 'mode: sideways\nresponse_scaning: {}\n');
      expect(await p.proxy.reload()).toBe(false);
      expect(p.proxy.config.mode).toBe('audit');
      const ev = p.logs.events.find((e) => e.message.includes('reload failed'));
      expect(String(ev?.fields['error'])).toContain('mode');
      expect((await curl(['-x', p.url, `${upstream.url}/x`])).status).toBe(200);
      const m = await p.proxy.metrics.text();
      expect(m).toContain('pipelock_config_reloads_total{result="success"} 1');
      expect(m).toContain('pipelock_config_reloads_total{result="failure"} 1');
    } finally {
      await p.proxy.close();
    }
  });

  it('reloads when the watched file changes', async () => {
    const file = join(dir, 'watched.yaml');
    const yaml = (mode: string) => `mode: ${mode}\nssrf:\n  ip_allowlist: ["127.0.0.1/32"]\ndlp:\n  scan_env: false\n`;
    writeFileSync(file, yaml('balanced'));
    const p = await startTestProxy(parseConfig(yaml('balanced')), { configPath: file });
    try {
      writeFileSync(file, yaml('strict'));
      await waitFor(() => p.proxy.config.mode === 'strict');
    } finally {
      await p.proxy.close();
    }
  });
});

describe('logging', () => {
  it('writes JSON decision lines to a file without secrets or query strings', async () => {
    const logFile = join(dir, 'decisions.log');
    const proxy = await startProxy({
      config: testConfig({ logging: { output: 'file', file: logFile, format: 'json' } }),
      listen: '127.0.0.1:0',
      env: {},
    });
    const url = `http://127.0.0.1:${proxy.address.port}`;
    const key = awsKey();
    try {
      await curl(['-x', url, `${upstream.url}/ok?session=abc`]);
      await curl(['-x', url, `${upstream.url}/leak?k=${key}`]);
    } finally {
      await proxy.close();
    }
    const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBe(2);
    expect(lines[0]).toMatchObject({ proxy: 'forward', method: 'GET', host: `127.0.0.1:${upstream.port}`, path: '/ok', decision: 'allow' });
    expect(lines[1]).toMatchObject({ path: '/leak', decision: 'block' });
    for (const k of ['time', 'client', 'method', 'host', 'path', 'decision', 'findings', 'duration_ms']) expect(lines[1]).toHaveProperty(k);
    const text = readFileSync(logFile, 'utf8');
    expect(text).not.toContain(key);
    expect(text).not.toContain('session=abc');
  });

  it('text format and include_allowed: false', async () => {
    const logFile = join(dir, 'text.log');
    const proxy = await startProxy({
      config: testConfig({ logging: { output: 'file', file: logFile, format: 'text', include_allowed: false } }),
      listen: '127.0.0.1:0',
      env: {},
    });
    const url = `http://127.0.0.1:${proxy.address.port}`;
    try {
      await curl(['-x', url, `${upstream.url}/quiet`]);
      await curl(['-x', url, '-H', `x-api-key: ${awsKey()}`, `${upstream.url}/loud`]);
    } finally {
      await proxy.close();
    }
    const lines = readFileSync(logFile, 'utf8').trim().split('\n');
    expect(lines.length).toBe(1);
    expect(lines[0]).toContain(' forward block GET ');
    expect(lines[0]).toContain('/loud');
  });
});

describe('graceful shutdown', () => {
  it('close() finishes in-flight requests and then refuses new connections', async () => {
    const slow = await startUpstream((_req, res) => {
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('slow but done');
      }, 600);
    });
    const p = await startTestProxy(testConfig());
    try {
      const inflight = curl(['-x', p.url, `${slow.url}/slow`]);
      await waitFor(() => slow.seen.length === 1, undefined, 10);
      const closing = p.proxy.close();
      const r = await inflight;
      expect(r.status).toBe(200);
      expect(r.body).toBe('slow but done');
      await closing;
      const after = await curl([`${p.url}/health`], 3000);
      expect(after.status).toBe(0);
    } finally {
      await p.proxy.close();
      await slow.close();
    }
  });
});
