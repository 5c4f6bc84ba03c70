/** A2A (Agent2Agent): messages, tasks, streamed updates and Agent Cards, scanned like MCP. */
export { createA2aScanner } from './scan.js';
export type { A2aDirection, A2aScanner, A2aScanResult } from './scan.js';
export { A2A_METHODS, isA2aPayload, looksLikeA2aObject, looksLikeAgentCard } from './protocol.js';
export type { A2aMethodKind } from './protocol.js';
