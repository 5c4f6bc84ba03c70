// Human output for terminals and CI logs, on stderr: one line per finding,
// then one summary line. Excerpts are already redacted by core.
import type { Finding } from '@pipelock/core';
import type { Summary } from './summary.js';
import { visible, where } from './summary.js';

export function humanReport(findings: readonly Finding[], summary: Summary, verbose: boolean): string {
  const out: string[] = [];
  for (const f of visible(findings, verbose)) {
    let line = `${where(f)}  ${f.rule}  ${f.excerpt ?? ''}`.trimEnd();
    line += `  (${f.severity}, ${f.action})`;
    if (f.suppressed) line += `  [suppressed: ${f.suppressedBy ?? 'yes'}]`;
    out.push(line);
  }
  out.push(summaryLine(summary, verbose));
  return `${out.join('\n')}\n`;
}

export function summaryLine(s: Summary, verbose: boolean): string {
  const sup = s.suppressed > 0 ? ` (${s.suppressed} suppressed${verbose ? '' : ', shown with --verbose'})` : '';
  if (s.findings === 0) return `pipelock: no findings${sup}`;
  const files = s.files > 0 ? ` in ${s.files} file${s.files === 1 ? '' : 's'}` : '';
  return `pipelock: ${s.findings} finding${s.findings === 1 ? '' : 's'}${files}, action ${s.action}${sup}`;
}
