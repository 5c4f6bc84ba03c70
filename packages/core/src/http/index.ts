// The HTTP scanners' surface for scanner.ts and the proxy: requests,
// responses, SSE streams, and the pieces the proxy needs to agree with core
// (header normalisation, fail-closed rule names, limits).
export { scanHttpRequest } from './request.js';
export type { HttpRequestInput } from './request.js';
export { scanHttpResponse, REDACTED } from './response.js';
export type { HttpResponseInput, HttpResponseOptions, StripFn } from './response.js';
export { createSseStreamScanner, extractDeltas, SSE_DEFAULTS } from './stream.js';
export { blockedStreamEvent, sseErrorEvent, STREAM_BLOCKED } from './stream-error.js';
export type { StreamErrorInit } from './stream-error.js';
export type { SseStreamOptions, StreamScannerOptions, StreamDecision, StreamScanner } from './stream.js';
export { normalizeHeaders, headerValue, isScannedHeader } from './headers.js';
export type { HeaderList } from './headers.js';
export { BODY_LIMITS } from './body.js';
export { FAIL_CLOSED } from './sink.js';
export { isExemptUrl } from './exempt.js';
export { hostMatchesAuthority } from './authority.js';
