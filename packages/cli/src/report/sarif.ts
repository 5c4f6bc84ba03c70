// --sarif: SARIF 2.1.0 for GitHub code scanning (upload-sarif). Rules are
// derived from the findings; results carry a repository-relative path, a
// start line, and our line-independent fingerprint so alerts survive edits.
import type { Finding, Severity } from '@pipelock/core';
import { visible } from './summary.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/luckyPipewrench/pipelock';
export const FINGERPRINT_KEY = 'pipelockFingerprint/v1';

/** GitHub maps security-severity to its labels: ≥9 critical, ≥7 high, ≥4 medium, else low. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0' };
const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

type Level = 'error' | 'warning' | 'note';
const level = (s: Severity): Level => (s === 'high' || s === 'critical' ? 'error' : 'warning');

export interface SarifOptions {
  version: string;
  verbose: boolean;
  /** Public documentation of a rule's format, where core knows it (DLP pattern rows carry links). */
  helpUri?: (rule: string) => string | undefined;
}

/** 'AWS Access Key ID' -> 'dlp/aws-access-key-id': stable across runs, as GitHub requires. */
export function ruleId(f: Pick<Finding, 'scanner' | 'rule'>): string {
  const slug = f.rule
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${f.scanner}/${slug || 'rule'}`;
}

/** A repository-relative path as a URI reference: '/'-separated, each segment percent-encoded. */
export function pathUri(path: string): string {
  return path
    .replace(/\\/g, '/')
    .replace(/^\.\//, '')
    .split('/')
    .map((s) => encodeURIComponent(s))
    .join('/');
}

export function sarifReport(findings: readonly Finding[], opts: SarifOptions): string {
  const shown = visible(findings, opts.verbose);
  const rules: Array<Record<string, unknown>> = [];
  const ruleIndex = new Map<string, number>();
  const ruleSeverity = new Map<string, Severity>();
  for (const f of shown) {
    const id = ruleId(f);
    const prev = ruleSeverity.get(id);
    if (prev === undefined || RANK[f.severity] > RANK[prev]) ruleSeverity.set(id, f.severity);
    if (ruleIndex.has(id)) continue;
    ruleIndex.set(id, rules.length);
    const rule: Record<string, unknown> = { id, name: f.rule, shortDescription: { text: f.rule } };
    const help = opts.helpUri?.(f.rule);
    if (help !== undefined) rule.helpUri = help;
    rules.push(rule);
  }
  for (const r of rules) {
    const sev = ruleSeverity.get(r.id as string) ?? 'medium';
    const scanner = (r.id as string).split('/')[0] ?? 'dlp';
    r.fullDescription = { text: `${r.name as string} (pipelock ${scanner} scanner)` };
    r.defaultConfiguration = { level: level(sev) };
    r.properties = { 'security-severity': SECURITY_SEVERITY[sev], tags: ['security', scanner], precision: 'high' };
  }

  const results = shown.map((f) => {
    const id = ruleId(f);
    const text = f.excerpt ? `${f.rule}: ${f.excerpt}` : f.rule;
    const result: Record<string, unknown> = {
      ruleId: id,
      ruleIndex: ruleIndex.get(id),
      level: level(f.severity),
      message: { text },
    };
    if (f.file !== undefined) {
      result.locations = [
        {
          physicalLocation: {
            artifactLocation: { uri: pathUri(f.file), uriBaseId: '%SRCROOT%' },
            region: { startLine: f.line !== undefined && f.line >= 1 ? f.line : 1 },
          },
        },
      ];
    }
    if (f.fingerprint !== undefined) result.partialFingerprints = { [FINGERPRINT_KEY]: f.fingerprint };
    result.properties = { severity: f.severity, action: f.action, scanner: f.scanner };
    if (f.suppressed) {
      result.suppressions = [
        {
          kind: f.suppressedBy === 'inline' ? 'inSource' : 'external',
          status: 'accepted',
          justification: f.suppressedBy ?? 'suppressed',
        },
      ];
    }
    return result;
  });

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pipelock',
            informationUri: INFORMATION_URI,
            version: opts.version,
            semanticVersion: opts.version,
            rules,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
