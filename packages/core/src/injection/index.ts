/**
 * Prompt-injection scanning: the built-in pattern table and the engine that
 * runs it (raw, normalized, leetspeak, vowel-fold, no-space, decoded passes).
 */
export { createInjectionEngine } from './engine.js';
export type { InjectionEngine, InjectionEngineOptions, InjectionPatternSpec } from './engine.js';
export { BUILTIN_INJECTION_PATTERNS, injectionPatternTableMarkdown } from './patterns.js';
export type { InjectionFamily, InjectionPatternRow } from './patterns.js';
