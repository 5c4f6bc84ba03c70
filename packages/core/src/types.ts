// The shapes every scanner speaks: findings, results and their vocabulary.
// Nothing here may hold a whole secret: excerpts are redacted where made.

export type Severity = 'low' | 'medium' | 'high' | 'critical';
export type Action = 'allow' | 'warn' | 'block' | 'strip';
/** What a config section may ask for; `ask` resolves to block without an operator TTY. */
export type SectionAction = 'block' | 'warn' | 'strip' | 'ask';
export type Mode = 'strict' | 'balanced' | 'audit';

export type ScannerName =
  | 'dlp'
  | 'env'
  | 'injection'
  | 'url'
  | 'entropy'
  | 'ssrf'
  | 'policy'
  | 'tool-poison'
  | 'drift'
  | 'session'
  | 'chain'
  | 'rate'
  | 'budget'
  | 'encoding'
  | 'limit'
  | (string & {});

export interface Finding {
  scanner: ScannerName;
  /** Human-readable rule name, stable across releases, e.g. 'AWS Access Key ID'. */
  rule: string;
  severity: Severity;
  action: Action;
  /** Where it was found: 'url.query.key', 'body.$.messages[2].content', 'header.authorization', 'diff:src/a.ts:14'. */
  location?: string;
  /** Always redacted: a recognisable prefix and the length, never the whole secret. */
  excerpt?: string;
  /** Diff findings: file path in the new tree and 1-based line number. */
  file?: string;
  line?: number;
  /** Encodings peeled off before the match, outermost first (e.g. ['base64', 'hex']). */
  encoding?: string[];
  /** Stable fingerprint for baselines: hash of rule + location + secret, never the secret. */
  fingerprint?: string;
  /** True when a suppress entry, an inline ignore or a baseline silenced it. */
  suppressed?: boolean;
  suppressedBy?: string;
}

export interface ScanResult {
  action: Action;
  findings: Finding[];
  /** The rewritten body when action is 'strip'. */
  body?: string;
}

export type HeadersLike =
  | Record<string, string | string[] | undefined>
  | Iterable<[string, string]>
  | { forEach(cb: (value: string, key: string) => void): void };

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { low: 0, medium: 1, high: 2, critical: 3 };
export const ACTION_RANK: Readonly<Record<Action, number>> = { allow: 0, warn: 1, strip: 2, block: 3 };

/** The strongest of several actions (block > strip > warn > allow). */
export function strongestAction(actions: Iterable<Action>): Action {
  let best: Action = 'allow';
  for (const a of actions) if (ACTION_RANK[a] > ACTION_RANK[best]) best = a;
  return best;
}
