// One line per decision, JSON or text, to stdout, a file or both. Lines carry
// findings as core made them (excerpts already redacted) and the path without
// its query string: bodies, raw headers and queries may hold secrets and are
// never logged.
import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { redact } from '@pipelock/core';
import type { Config, Finding } from '@pipelock/core';

export interface LoggedFinding {
  scanner: string;
  rule: string;
  severity: string;
  action: string;
  location?: string;
  excerpt?: string;
}

export interface DecisionEntry {
  time: string;
  proxy: 'forward' | 'connect' | 'mcp' | 'api' | 'fetch' | 'websocket';
  client: string;
  method: string;
  host: string;
  /** Path only: never the query string. */
  path: string;
  decision: string;
  status?: number;
  /** Why a request was refused without a scan finding (kill switch, limits, upstream errors). */
  reason?: string;
  findings: LoggedFinding[];
  duration_ms: number;
}

export type LogLevel = 'info' | 'warn' | 'error';

export interface ProxyLogger {
  decision(entry: DecisionEntry): void;
  event(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  close?(): Promise<void>;
}

export function loggedFindings(findings: readonly Finding[]): LoggedFinding[] {
  return findings.map((f) => {
    const out: LoggedFinding = { scanner: f.scanner, rule: f.rule, severity: f.severity, action: f.action };
    if (f.location !== undefined) out.location = f.location;
    if (f.excerpt !== undefined) out.excerpt = f.excerpt;
    return out;
  });
}

/** Scanners whose findings mean "a secret is in this part of the URL" (not "this host is internal"). */
const CONTENT_SCANNERS = new Set(['dlp', 'env', 'entropy', 'encoding']);

/**
 * The host and path to log. A finding that puts a secret in the path or in a
 * host label (subdomain exfiltration) means that part is logged redacted,
 * like the finding's own excerpt.
 */
export function loggableTarget(host: string, path: string, findings: readonly Finding[]): { host: string; path: string } {
  let h = host;
  let p = path;
  for (const f of findings) {
    if (!CONTENT_SCANNERS.has(f.scanner) || f.location === undefined) continue;
    if (f.location === 'url' || f.location.startsWith('url.path')) p = redact(path);
    if (f.location === 'url' || f.location.startsWith('url.host')) h = redact(host);
  }
  return { host: h, path: p };
}

function textValue(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.includes(' ') || s.includes('"') || s === '' ? JSON.stringify(s) : s;
}

function decisionText(e: DecisionEntry): string {
  let line = `${e.time} ${e.proxy} ${e.decision} ${e.method} ${e.host}${e.path} client=${e.client}`;
  if (e.status !== undefined) line += ` status=${e.status}`;
  line += ` duration_ms=${e.duration_ms}`;
  if (e.reason !== undefined) line += ` reason=${textValue(e.reason)}`;
  for (const f of e.findings) {
    line += ` finding=${textValue(`${f.scanner}/${f.rule}/${f.severity}/${f.action}${f.location ? `@${f.location}` : ''}${f.excerpt ? ` ${f.excerpt}` : ''}`)}`;
  }
  return line;
}

function eventText(time: string, level: LogLevel, message: string, fields: Record<string, unknown>): string {
  let line = `${time} ${level} ${message}`;
  for (const [k, v] of Object.entries(fields)) line += ` ${k}=${textValue(v)}`;
  return line;
}

export interface LoggerSinks {
  /** Where stdout lines go; defaults to process.stdout. */
  stdout?: { write(line: string): unknown };
}

/** The logger pipelock.yaml's `logging` section describes. */
export function createConfigLogger(logging: Config['logging'], sinks: LoggerSinks = {}): ProxyLogger {
  const stdout = sinks.stdout ?? process.stdout;
  const toStdout = logging.output === 'stdout' || logging.output === 'both';
  let file: WriteStream | undefined;
  if ((logging.output === 'file' || logging.output === 'both') && logging.file !== '') {
    file = createWriteStream(logging.file, { flags: 'a', mode: 0o600 });
    // A log file that cannot be written must not take the daemon down.
    file.on('error', (err) => {
      process.stderr.write(`pipelock: cannot write log file ${logging.file}: ${err.message}\n`);
      file = undefined;
    });
  }
  const json = logging.format === 'json';
  // Lines are batched and written once per event-loop turn: stdout is a
  // blocking pipe under Docker, and one write per request would cost more
  // than scanning the request.
  let batch = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (batch === '') return;
    const out = batch;
    batch = '';
    if (toStdout) stdout.write(out);
    file?.write(out);
  };
  const write = (line: string): void => {
    batch += line + '\n';
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return {
    decision(e) {
      write(json ? JSON.stringify(e) : decisionText(e));
    },
    event(level, message, fields = {}) {
      const time = new Date().toISOString();
      write(json ? JSON.stringify({ time, level, msg: message, ...fields }) : eventText(time, level, message, fields));
    },
    close() {
      flush();
      const f = file;
      file = undefined;
      if (!f) return Promise.resolve();
      return new Promise<void>((resolve) => f.end(() => resolve()));
    },
  };
}
