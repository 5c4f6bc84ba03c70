// The docs table of built-in DLP classes, generated from the pattern table so
// docs/dlp-patterns.md can never drift from the code (a test compares them).
import { BUILTIN_DLP_PATTERNS } from './patterns.js';
import type { DlpCategory, DlpPatternRow } from './patterns.js';

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

/** Validated classes whose validator itself knows published examples. */
const EXAMPLE_VALIDATORS: Record<string, string> = {
  'credit-card': 'test cards reported',
  jwt: 'jwt.io sample reported',
  'bip39-seed-phrase': 'test vectors reported',
};

/** What `dlp.example_credentials: detect` (egress) changes for a row; code review keeps every check. */
function onEgress(r: DlpPatternRow): string {
  const v = EXAMPLE_VALIDATORS[r.id];
  if (v) return v;
  if (r.tokenChecks === false) return 'same as code review';
  switch (r.anchor ?? 'prefix') {
    case 'prefix':
      return 'any value of the format (masks dropped)';
    case 'keyword':
      return 'placeholder words accepted; entropy kept';
    case 'generic':
      return 'same as code review';
  }
}

function prefilterCell(r: DlpPatternRow): string {
  const kws = r.keywords.length > 5 ? [...r.keywords.slice(0, 5), '…'] : r.keywords;
  const list = kws.map((k) => (k === '…' ? k : `\`${cell(k)}\``)).join(' ');
  const parts: string[] = [];
  if (list) parts.push(r.atKeyword ? `at ${list}` : list);
  if (r.trigger) parts.push(`(${r.trigger})`);
  return parts.join(' ') || '(always)';
}

/** Markdown: one table per category, one row per built-in class. */
export function dlpPatternTableMarkdown(): string {
  const out: string[] = [];
  const optIn = BUILTIN_DLP_PATTERNS.filter((r) => r.optIn).length;
  out.push(`${BUILTIN_DLP_PATTERNS.length} built-in classes (${optIn} of them off unless \`dlp.crypto_addresses\` turns them on).`, '');
  const cats = [...new Set(BUILTIN_DLP_PATTERNS.map((r) => r.category))];
  for (const cat of cats) {
    out.push(`### ${CATEGORY_TITLES[cat]}`, '');
    out.push('| Rule | Severity | Prefilter | Checks | On egress | Format docs |');
    out.push('|---|---|---|---|---|---|');
    for (const r of BUILTIN_DLP_PATTERNS.filter((x) => x.category === cat)) {
      const checks = [r.note ?? '', r.validate && !r.note ? 'validated' : ''].filter(Boolean).join('; ');
      const docs = r.docs ? `[link](${r.docs})` : '';
      out.push(`| ${cell(r.name)} | ${r.severity} | ${prefilterCell(r)} | ${cell(checks)} | ${onEgress(r)} | ${docs} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
