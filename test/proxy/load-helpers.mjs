// Helpers shared by the proxy load scripts (load.mjs, instructions.mjs,
// tunnel-syscalls.mjs): waiting for a child's "listening" line, pushing
// bytes through a CONNECT tunnel (or straight to the sink) until it answers,
// and reading an `strace -c` summary.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';

/** The first match of `re` in a child's stdout or stderr; rejects if the child exits first. */
export function waitLine(child, stream, re) {
  return new Promise((resolve, reject) => {
    let buf = '';
    child[stream].on('data', (c) => {
      buf += c.toString();
      const m = re.exec(buf);
      if (m) resolve(m);
    });
    child.once('exit', (code) => reject(new Error(`child exited ${code}: ${buf.slice(-2000)}`)));
  });
}

/**
 * Send `bytes` to the sink on `sinkPort`, through the CONNECT proxy at
 * `proxyAddr` ('host:port') when given, and resolve with the milliseconds
 * until the sink says 'done'.
 */
export function transfer(bytes, sinkPort, proxyAddr) {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const [host, port] = proxyAddr ? proxyAddr.split(':') : ['127.0.0.1', String(sinkPort)];
    const sock = connect(Number(port), host);
    sock.on('error', reject);
    const start = () => {
      const t = performance.now();
      let sent = 0;
      const pump = () => {
        while (sent < bytes) {
          sent += chunk.length;
          if (!sock.write(chunk)) return void sock.once('drain', pump);
        }
        sock.end();
      };
      sock.on('data', (c) => {
        if (c.toString().includes('done')) resolve(performance.now() - t);
      });
      pump();
    };
    if (!proxyAddr) return void sock.once('connect', start);
    sock.once('connect', () => sock.write(`CONNECT 127.0.0.1:${sinkPort} HTTP/1.1\r\nHost: 127.0.0.1:${sinkPort}\r\n\r\n`));
    sock.once('data', (c) => {
      if (!c.toString().startsWith('HTTP/1.1 200')) return reject(new Error(c.toString()));
      start();
    });
  });
}

/**
 * An `strace -c` summary file as [total calls, the `top` busiest calls], both
 * divided by `per` (requests, MB): e.g. [38.0, 'read 12.1, write 11.9'].
 */
export function straceCounts(file, per, top, digits) {
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 5 && /^\d/.test(f[0] ?? ''));
  const total = rows.find((f) => f[f.length - 1] === 'total');
  const busiest = rows
    .filter((f) => f[f.length - 1] !== 'total')
    .map((f) => [f[f.length - 1], Number(f[3])])
    .sort((x, y) => y[1] - x[1])
    .slice(0, top)
    .map(([n, c]) => `${n} ${(c / per).toFixed(digits)}`)
    .join(', ');
  return [total ? (Number(total[3]) / per).toFixed(digits) : '?', busiest];
}
