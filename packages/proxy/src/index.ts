// Public surface of @pipelock/proxy: the daemons over @pipelock/core.
export { startProxy } from './daemon.js';
export type { RunningProxy, StartProxyOptions } from './daemon.js';
export { installSignalHandlers } from './signals.js';
export type { SignalOptions } from './signals.js';
export { createConfigLogger } from './ops/logger.js';
export type { DecisionEntry, LoggedFinding, LogLevel, ProxyLogger } from './ops/logger.js';
export type { KillSwitch, KillSwitchSource } from './ops/killswitch.js';
export type { ProxyMetrics } from './ops/metrics.js';
export { formatHostPort, parseListen } from './listen.js';
export type { HostPort } from './listen.js';
export type { HostResolver } from './forward/resolve.js';
export { VERSION } from './version.js';
// MCP: reverse proxy handler and stdio wrapper/bridge.
export { createMcpProxyHandler } from './mcp/reverse.js';
export type { McpDecisionRecord, McpProxyHandler, McpProxyOptions } from './mcp/reverse.js';
export { bridgeStdioToHttp, wrapStdioServer } from './mcp/stdio.js';
export type { StdioBridgeOptions, StdioWrapOptions } from './mcp/stdio.js';
export { BLOCKED_CODE, PARSE_ERROR_CODE } from './mcp/decisions.js';
// In-process guards: fetch and an undici Dispatcher that ask core before sending and before delivering.
export { createGuardedFetch } from './guard/fetch.js';
export type { GuardedFetchOptions } from './guard/fetch.js';
export { createGuardedDispatcher } from './guard/dispatcher.js';
export { PipelockBlockedError } from './guard/blocked.js';
export type { GuardPhase } from './guard/blocked.js';
export type { GuardDecision, GuardOptions } from './guard/check.js';
// TLS interception: the CA behind `pipelock tls init` and the leaves minted from it.
export { generateCa, loadCa, loadCaFiles } from './tls/ca.js';
export type { CaKeyType, CertAuthority, GenerateCaOptions, GeneratedCa, LeafCertificate } from './tls/ca.js';
// /fetch's HTML-to-text extractor (linear, no DOM), for embedders that fetch pages themselves.
export { extractText } from './fetch/extract.js';
export type { Extracted } from './fetch/extract.js';
