/** WebSocket scanning: frames to messages (RFC 6455, permessage-deflate) and per-connection message scanning. */
export { createWebSocketScanner, wsDirection } from './scan.js';
export type { WebSocketDecision, WebSocketDirection, WebSocketScanner, WebSocketScannerOptions } from './scan.js';
export { MessageAssembler, WS_RULES } from './frames.js';
export type { AssembledMessage, WebSocketFrame, WsOpcode } from './frames.js';
