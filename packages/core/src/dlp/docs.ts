// The docs table of built-in DLP classes, generated from the pattern table so
// docs/dlp-patterns.md can never drift from the code (a test compares them).
import { BUILTIN_DLP_PATTERNS } from './patterns.js';
import type { DlpCategory } from './patterns.js';

const CATEGORY_TITLES: Record<DlpCategory, string> = {
  llm: 'LLM providers',
  cloud: 'Cloud',
  vcs: 'Version control',
  chat: 'Chat and webhooks',
  payment: 'Payment',
  registry: 'Package registries',
  saas: 'SaaS and developer tools',
  'private-key': 'Private keys',
  token: 'Tokens',
  crypto: 'Crypto wallets',
  pii: 'Personal data',
  url: 'URLs',
};

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Markdown: one table per category, one row per built-in class. */
export function dlpPatternTableMarkdown(): string {
  const out: string[] = [];
  out.push(`${BUILTIN_DLP_PATTERNS.length} built-in classes.`, '');
  const cats = [...new Set(BUILTIN_DLP_PATTERNS.map((r) => r.category))];
  for (const cat of cats) {
    out.push(`### ${CATEGORY_TITLES[cat]}`, '');
    out.push('| Rule | Severity | Prefilter | Checks | Format docs |');
    out.push('|---|---|---|---|---|');
    for (const r of BUILTIN_DLP_PATTERNS.filter((x) => x.category === cat)) {
      const pre = r.keywords.length > 0 ? r.keywords.map((k) => `\`${cell(k)}\``).join(' ') : `(${r.trigger ?? 'always'})`;
      const checks = [r.note ?? '', r.validate && !r.note ? 'validated' : ''].filter(Boolean).join('; ');
      const docs = r.docs ? `[link](${r.docs})` : '';
      out.push(`| ${cell(r.name)} | ${r.severity} | ${pre} | ${cell(checks)} | ${docs} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
