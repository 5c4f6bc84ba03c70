import { describe, expect, it } from 'vitest';
import { JsonRpcParseError, parseJsonRpc } from './jsonrpc.js';

describe('parseJsonRpc', () => {
  it('classifies requests, notifications and responses', () => {
    expect(parseJsonRpc('{"jsonrpc":"2.0","id":1,"method":"tools/list"}').messages[0]!.kind).toBe('request');
    expect(parseJsonRpc('{"jsonrpc":"2.0","method":"notifications/initialized"}').messages[0]!.kind).toBe('notification');
    expect(parseJsonRpc('{"jsonrpc":"2.0","id":"a","result":{}}').messages[0]!.kind).toBe('response');
    const err = parseJsonRpc('{"jsonrpc":"2.0","id":2,"error":{"code":-32601,"message":"nope"}}').messages[0]!;
    expect(err.kind === 'response' && err.error?.code).toBe(-32601);
  });

  it('handles batches and flags invalid members without failing the batch', () => {
    const p = parseJsonRpc('[{"jsonrpc":"2.0","id":1,"method":"a"},{"jsonrpc":"1.0","id":2,"method":"b"},{"id":3}]');
    expect(p.batch).toBe(true);
    expect(p.messages.map((m) => m.kind)).toEqual(['request', 'invalid', 'invalid']);
  });

  it.each([
    ['not JSON', '{"jsonrpc":'],
    ['empty batch', '[]'],
    ['too deep', '['.repeat(100) + ']'.repeat(100)],
  ])('rejects %s', (_n, input) => {
    expect(() => parseJsonRpc(input)).toThrow(JsonRpcParseError);
  });

  it('bounds size and batch length', () => {
    expect(() => parseJsonRpc('"' + 'a'.repeat(2000) + '"', { maxBytes: 1000 })).toThrow(/over 1000 bytes/);
    const batch = JSON.stringify(Array.from({ length: 101 }, (_, i) => ({ jsonrpc: '2.0', id: i, method: 'x' })));
    expect(() => parseJsonRpc(batch)).toThrow(/over the limit/);
  });

  it('rejects ids of the wrong type and result+error together', () => {
    expect(parseJsonRpc({ jsonrpc: '2.0', id: {}, method: 'x' }).messages[0]!.kind).toBe('invalid');
    expect(parseJsonRpc({ jsonrpc: '2.0', id: 1, result: 1, error: { code: 1, message: 'x' } }).messages[0]!.kind).toBe('invalid');
  });
});
