// Public surface of the config module: parse, resolve, presets, summary.
export { configSchema, DEFAULT_INTERNAL_CIDRS } from './schema.js';
export type {
  Config,
  ChainPatternConfig,
  DlpPatternConfig,
  ResponsePatternConfig,
  SuppressEntry,
  ToolPolicyRuleConfig,
} from './schema.js';
export { parseConfig, resolveConfig } from './parse.js';
export type { PartialConfig } from './parse.js';
export { PRESET_NAMES, presetConfig, presetYaml, configSummary } from './presets.js';
export type { PresetName } from './presets.js';
