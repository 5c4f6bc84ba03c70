// Public surface of the DLP engine.
export { createDlpEngine, isWatchableEnvValue, ENV_LEAK_RULE, KNOWN_SECRET_RULE } from './engine.js';
export type { CryptoAddressPolicy, DlpEngine, DlpEngineOptions, DlpPatternSpec, DlpScanOptions, ExampleCredentialPolicy } from './engine.js';
export { BUILTIN_DLP_PATTERNS } from './patterns.js';
export type { DlpAnchor, DlpPatternRow, DlpValidator, DlpTrigger, DlpCategory, ValidateContext } from './patterns.js';
export { dlpPatternTableMarkdown } from './docs.js';
