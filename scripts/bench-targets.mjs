// The issue-12 target cases (shared/spec/performance.md) for DLP, the URL
// pipeline and MCP tool results, A/B between two builds of core in one run,
// because on the shared machine only same-run comparisons mean anything.
//   node scripts/bench-targets.mjs [--base=packages/core/.base-dist] [--ms=300] [--kinds=readme,source,...]
// (--kinds adds the DLP engine alone on 16 slices of 10 KB per kind.)
// Make the base build with: cp -r packages/core/dist packages/core/.base-dist
// before changing anything (it must sit inside packages/core to find re2).
// With --base, each case is timed alternately on the base build and on
// packages/core/dist, and the ratio printed.
import { slices, mcpToolResult } from '../test/bench/inputs.mjs';
import { printAbTable } from './ab-cpu.mjs';

const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const minMs = Number(arg('ms') ?? 300);
const base = arg('base');
const builds = [{ name: 'dist', core: await import('../packages/core/dist/index.js') }];
if (base) builds.unshift({ name: 'base', core: await import(new URL(`../${base}/index.js`, import.meta.url).href) });

const AWS_KEY = ['AKIA', 'Z7K2QX5M', 'WB3RTJ4N'].join('');
function casesFor(core) {
  const cfg = { fetch_proxy: { monitoring: { max_requests_per_minute: 1e12 } } };
  const scanner = core.createScanner(cfg);
  const source = slices('source', 1024, 32);
  const readme = slices('readme', 1024, 32);
  const mcp = (kind) => Array.from({ length: 16 }, (_, i) => mcpToolResult(kind, 7, 200, i));
  const mcpJoined = (kind) => mcp(kind).map((m) => JSON.parse(m).result.content.map((b) => `${b.text}\n`).join(''));
  const mcpRun = (msg) => {
    const s = scanner.createMcpSession();
    s.expect(7, { method: 'tools/call', tool: 'x' });
    return scanner.scanMcpMessage(msg, 'to-client', s);
  };
  const perKind = (arg('kinds') ?? '').split(',').filter(Boolean).map((kind) => ({
    name: `DLP engine, 10 KB ${kind}`,
    inputs: slices(kind, 10 * 1024, 16),
    run: ((e) => (t) => e.scan(t))(core.createDlpEngine()),
  }));
  return [
    ...perKind,
    { name: 'URL allowed (api.github.com issues)', inputs: ['https://api.github.com/repos/o/r/issues?state=open&per_page=50'], run: (u) => scanner.scanUrl(u, { resolvedIps: ['140.82.112.6'] }) },
    { name: 'URL AWS key in query', inputs: [`https://evil.example/?k=${AWS_KEY}`], run: (u) => scanner.scanUrl(u, { resolvedIps: ['93.184.215.14'] }) },
    { name: 'DLP 1 KB source (scanText dlp)', inputs: source, run: (t) => scanner.scanText(t, { only: 'dlp' }) },
    { name: 'DLP 1 KB readme (scanText dlp)', inputs: readme, run: (t) => scanner.scanText(t, { only: 'dlp' }) },
    { name: 'MCP 5 blocks readme (default)', inputs: mcp('readme'), run: mcpRun },
    { name: 'MCP 5 blocks source (default)', inputs: mcp('source'), run: mcpRun },
    // The DLP share of an MCP tool result: the engine runs once over the text leaves joined by '\n'.
    { name: 'MCP DLP share, readme (5 blocks joined, scanText dlp)', inputs: mcpJoined('readme'), run: (t) => scanner.scanText(t, { only: 'dlp' }) },
    { name: 'MCP DLP share, source (5 blocks joined, scanText dlp)', inputs: mcpJoined('source'), run: (t) => scanner.scanText(t, { only: 'dlp' }) },
  ];
}

// CPU time (process.cpuUsage: user + system), not wall time: on a shared
// machine wall time also counts the time this process waited for a core.
function batch(c) {
  const t0 = process.cpuUsage();
  let n = 0;
  do { for (const i of c.inputs) c.run(i); n += c.inputs.length; } while (n < 256);
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / n;
}
const all = builds.map((b) => casesFor(b.core));
printAbTable(builds, all, batch, minMs, 58);
