// Public surface of the DLP engine.
export { createDlpEngine, isWatchableEnvValue, ENV_LEAK_RULE, KNOWN_SECRET_RULE } from './engine.js';
export type { DlpEngine, DlpEngineOptions, DlpPatternSpec } from './engine.js';
export { BUILTIN_DLP_PATTERNS } from './patterns.js';
export type { DlpPatternRow, DlpValidator, DlpTrigger, DlpCategory, ValidateContext } from './patterns.js';
export { dlpPatternTableMarkdown } from './docs.js';
