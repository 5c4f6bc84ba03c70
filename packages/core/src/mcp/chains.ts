// Chain detection over a session's recent tool calls (window by count and by
// time on the injected clock). Each pattern is matched backwards from the
// newest call, taking the nearest earlier call of each step, which leaves the
// most room for the remaining steps under `max_gap`.
import type { RawHit } from '../context.js';
import type { SectionAction, Severity } from '../types.js';
import { BUILTIN_CHAIN_PATTERNS, CATEGORY_ARG_PATTERNS, CATEGORY_NAME_WORDS } from './chain-patterns.js';
import { compileGlobs } from '../diff/glob.js';

export interface ChainSettings {
  window_size: number;
  window_seconds: number;
  max_gap: number;
  tool_categories: Record<string, string[]>;
  pattern_overrides: Record<string, 'warn' | 'block' | 'disabled'>;
  custom_patterns: Array<{ name: string; sequence: string[]; severity: Severity; action?: 'warn' | 'block' | undefined }>;
}

interface Pattern {
  name: string;
  sequence: string[];
  severity: Severity;
  action?: SectionAction;
}

export interface CallRecord {
  tool: string;
  categories: ReadonlySet<string>;
  at: number;
}

export interface ChainDetector {
  categorize(tool: string, argText: string): Set<string>;
  /** Adds a call to `history` (mutated, bounded) and returns the chains it completes. */
  record(history: CallRecord[], tool: string, argText: string, now: number): RawHit[];
}

function nameWords(tool: string): string[] {
  return tool
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function createChainDetector(settings: ChainSettings): ChainDetector {
  const userCats = Object.entries(settings.tool_categories).map(([cat, globs]) => ({ cat, match: compileGlobs(globs) }));
  const wordToCats = new Map<string, string[]>();
  for (const [cat, words] of Object.entries(CATEGORY_NAME_WORDS))
    for (const w of words) wordToCats.set(w, [...(wordToCats.get(w) ?? []), cat]);
  const argCats = Object.entries(CATEGORY_ARG_PATTERNS).map(([cat, src]) => ({ cat, re: new RegExp(src, 'i') }));

  const patterns: Pattern[] = [];
  for (const row of BUILTIN_CHAIN_PATTERNS) {
    const o = settings.pattern_overrides[row.name];
    if (o === 'disabled') continue;
    const p: Pattern = { name: row.name, sequence: [...row.sequence], severity: row.severity };
    if (o) p.action = o;
    patterns.push(p);
  }
  for (const c of settings.custom_patterns) {
    const o = settings.pattern_overrides[c.name];
    if (o === 'disabled') continue;
    const p: Pattern = { name: c.name, sequence: c.sequence, severity: c.severity };
    const action = o ?? c.action;
    if (action) p.action = action;
    patterns.push(p);
  }

  function categorize(tool: string, argText: string): Set<string> {
    const cats = new Set<string>();
    let configured = false;
    for (const u of userCats)
      if (u.match(tool)) {
        cats.add(u.cat);
        configured = true;
      }
    if (!configured) for (const w of nameWords(tool)) for (const c of wordToCats.get(w) ?? []) cats.add(c);
    if (argText) for (const a of argCats) if (a.re.test(argText)) cats.add(a.cat);
    return cats;
  }

  function matches(history: CallRecord[], p: Pattern): boolean {
    let idx = history.length - 1;
    const last = p.sequence.length - 1;
    if (!history[idx]!.categories.has(p.sequence[last]!)) return false;
    for (let s = last - 1; s >= 0; s--) {
      const want = p.sequence[s]!;
      let found = -1;
      for (let j = idx - 1; j >= 0 && idx - j - 1 <= settings.max_gap; j--) {
        if (history[j]!.categories.has(want)) {
          found = j;
          break;
        }
      }
      if (found < 0) return false;
      idx = found;
    }
    return true;
  }

  return {
    categorize,
    record(history, tool, argText, now) {
      history.push({ tool, categories: categorize(tool, argText), at: now });
      const horizon = now - settings.window_seconds * 1000;
      let drop = 0;
      while (drop < history.length - 1 && (history.length - drop > settings.window_size || history[drop]!.at < horizon)) drop++;
      if (drop > 0) history.splice(0, drop);
      const hits: RawHit[] = [];
      if (history[history.length - 1]!.categories.size === 0) return hits;
      for (const p of patterns) {
        if (p.sequence.length > history.length) continue;
        if (!matches(history, p)) continue;
        const hit: RawHit = {
          scanner: 'chain',
          rule: p.name,
          severity: p.severity,
          excerpt: `${p.sequence.join(' → ')} ending at ${tool}`,
        };
        if (p.action) hit.patternAction = p.action;
        hits.push(hit);
      }
      return hits;
    },
  };
}
