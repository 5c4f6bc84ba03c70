// JSON-RPC 2.0 framing for MCP: single messages and batches, classified as
// request / notification / response, with size and nesting bounds checked
// before JSON.parse so a hostile message costs no more than its bytes.
import { jsonNestingDepth } from '../json/walk.js';

export type JsonRpcId = string | number | null;

export type JsonRpcMessage =
  | { kind: 'request'; id: JsonRpcId; method: string; params?: unknown; raw: Record<string, unknown> }
  | { kind: 'notification'; method: string; params?: unknown; raw: Record<string, unknown> }
  | { kind: 'response'; id: JsonRpcId; result?: unknown; error?: { code: number; message: string; data?: unknown }; raw: Record<string, unknown> }
  | { kind: 'invalid'; reason: string; raw: unknown };

export interface ParsedJsonRpc {
  batch: boolean;
  messages: JsonRpcMessage[];
}

export interface JsonRpcLimits {
  maxBytes?: number;
  maxDepth?: number;
  maxBatch?: number;
}

export const JSONRPC_DEFAULT_LIMITS = { maxBytes: 10 * 1024 * 1024, maxDepth: 64, maxBatch: 100 } as const;

/** Thrown for input that is not JSON-RPC at all (not JSON, too big, too deep). */
export class JsonRpcParseError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'JsonRpcParseError';
  }
}

function isId(v: unknown): v is JsonRpcId {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || v === null;
}

export function classifyMessage(v: unknown): JsonRpcMessage {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return { kind: 'invalid', reason: 'message is not an object', raw: v };
  const o = v as Record<string, unknown>;
  if (o.jsonrpc !== '2.0') return { kind: 'invalid', reason: 'jsonrpc must be "2.0"', raw: v };
  const hasId = 'id' in o;
  if (typeof o.method === 'string') {
    if (!hasId) return { kind: 'notification', method: o.method, params: o.params, raw: o };
    if (!isId(o.id)) return { kind: 'invalid', reason: 'id must be a string, number or null', raw: v };
    return { kind: 'request', id: o.id, method: o.method, params: o.params, raw: o };
  }
  if ('method' in o) return { kind: 'invalid', reason: 'method must be a string', raw: v };
  if (hasId && ('result' in o || 'error' in o)) {
    if (!isId(o.id)) return { kind: 'invalid', reason: 'id must be a string, number or null', raw: v };
    if ('result' in o && 'error' in o) return { kind: 'invalid', reason: 'a response has result or error, not both', raw: v };
    if ('error' in o) {
      const e = o.error as Record<string, unknown> | null;
      if (!e || typeof e !== 'object' || typeof e.code !== 'number' || typeof e.message !== 'string')
        return { kind: 'invalid', reason: 'error must have a numeric code and a message', raw: v };
      return { kind: 'response', id: o.id, error: { code: e.code, message: e.message, data: e.data }, raw: o };
    }
    return { kind: 'response', id: o.id, result: o.result, raw: o };
  }
  return { kind: 'invalid', reason: 'neither a request, a notification nor a response', raw: v };
}

/** Parses text (or an already-parsed value) as a JSON-RPC message or batch. */
export function parseJsonRpc(input: string | unknown, limits: JsonRpcLimits = {}): ParsedJsonRpc {
  const maxBytes = limits.maxBytes ?? JSONRPC_DEFAULT_LIMITS.maxBytes;
  const maxDepth = limits.maxDepth ?? JSONRPC_DEFAULT_LIMITS.maxDepth;
  const maxBatch = limits.maxBatch ?? JSONRPC_DEFAULT_LIMITS.maxBatch;
  let value: unknown = input;
  if (typeof input === 'string') {
    if (input.length > maxBytes) throw new JsonRpcParseError(`message over ${maxBytes} bytes`);
    if (jsonNestingDepth(input) > maxDepth) throw new JsonRpcParseError(`message nested deeper than ${maxDepth}`);
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new JsonRpcParseError(`not JSON: ${(e as Error).message}`);
    }
  }
  if (Array.isArray(value)) {
    if (value.length === 0) throw new JsonRpcParseError('empty batch');
    if (value.length > maxBatch) throw new JsonRpcParseError(`batch of ${value.length} messages is over the limit of ${maxBatch}`);
    return { batch: true, messages: value.map(classifyMessage) };
  }
  return { batch: false, messages: [classifyMessage(value)] };
}
