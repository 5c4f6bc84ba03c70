// Per-session MCP state: the tool inventory pinned at the first tools/list,
// the recent calls for chain detection, and the ids of requests awaiting an
// answer (so a response can be scanned as what it answers). Every collection
// is bounded; the clock is the scanner's injected one.
import { createHash } from 'node:crypto';
import type { CallRecord } from './chains.js';

export const MAX_TOOLS_PER_SESSION = 1000;
export const MAX_PENDING_REQUESTS = 1024;

export interface PendingRequest {
  method: string;
  tool?: string;
}

export class McpSession {
  /** name → hash of the tool's description and input schema, from the first tools/list. */
  inventory: Map<string, string> | null = null;
  readonly history: CallRecord[] = [];
  private readonly pending = new Map<string, PendingRequest>();
  readonly createdAt: number;
  lastSeen: number;

  constructor(now: number) {
    this.createdAt = now;
    this.lastSeen = now;
  }

  expect(id: unknown, req: PendingRequest): void {
    const key = JSON.stringify(id);
    this.pending.delete(key);
    this.pending.set(key, req);
    if (this.pending.size > MAX_PENDING_REQUESTS) this.pending.delete(this.pending.keys().next().value!);
  }

  /** The request a response answers, removed once matched. */
  answer(id: unknown): PendingRequest | undefined {
    const key = JSON.stringify(id);
    const req = this.pending.get(key);
    if (req) this.pending.delete(key);
    return req;
  }

  get pendingCount(): number {
    return this.pending.size;
  }
}

/** JSON with object keys sorted, so equal schemas hash equally whatever the key order. */
function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

export function toolHash(tool: { description?: unknown; inputSchema?: unknown; title?: unknown }): string {
  return createHash('sha256')
    .update(canonical({ d: tool.description ?? null, s: tool.inputSchema ?? null, t: tool.title ?? null }))
    .digest('hex')
    .slice(0, 32);
}
