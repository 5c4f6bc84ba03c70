/**
 * Prompt-injection scanning: a word grammar of intent (frames.ts over
 * lexicon.ts), pattern rows for shapes that are not word grammar
 * (patterns.ts), context weighing (voice.ts) and score bands (score.ts).
 */
export { ADDRESSED_RULE, createInjectionEngine } from './engine.js';
export type { InjectionEngine, InjectionEngineOptions, InjectionEvidence, InjectionPatternSpec } from './engine.js';
export { BUILTIN_INJECTION_PATTERNS, injectionPatternTableMarkdown } from './patterns.js';
export type { InjectionPatternRow } from './patterns.js';
export { GRAMMAR_FRAMES, grammarTableMarkdown } from './frames.js';
export type { GrammarFrame, InjectionFamily } from './frames.js';
export { THRESHOLDS, bandOf } from './score.js';
