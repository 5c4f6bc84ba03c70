// Walks a parsed JSON value and yields every string, every key and every
// stringified scalar with a JSONPath-like location, within depth and node
// bounds. Scanners use it so a secret cannot hide in a key, a number or a
// deeply nested value; the bounds keep hostile documents from costing more
// than their size.

export interface JsonLeaf {
  /** '$.messages[2].content', '$.arguments["file name"]', '$.a.<key>' for a key itself. */
  path: string;
  text: string;
  kind: 'string' | 'key' | 'scalar';
}

export interface WalkLimits {
  maxDepth?: number;
  maxNodes?: number;
}

export interface WalkResult {
  leaves: JsonLeaf[];
  /** Set when a bound was crossed; the caller decides (usually fail-closed). */
  truncated?: 'depth' | 'nodes';
}

const SIMPLE_KEY = /^[A-Za-z_$][\w$]*$/;

function child(path: string, key: string): string {
  return SIMPLE_KEY.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

export function walkJson(value: unknown, root = '$', limits: WalkLimits = {}): WalkResult {
  const maxDepth = limits.maxDepth ?? 64;
  const maxNodes = limits.maxNodes ?? 100_000;
  const leaves: JsonLeaf[] = [];
  let nodes = 0;
  let truncated: WalkResult['truncated'];
  const stack: Array<{ v: unknown; path: string; depth: number }> = [{ v: value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (++nodes > maxNodes) {
      truncated = 'nodes';
      break;
    }
    if (typeof v === 'string') {
      leaves.push({ path, text: v, kind: 'string' });
    } else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
      leaves.push({ path, text: String(v), kind: 'scalar' });
    } else if (v !== null && typeof v === 'object') {
      if (depth >= maxDepth) {
        truncated = 'depth';
        continue;
      }
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      } else {
        const keys = Object.keys(v);
        for (let i = keys.length - 1; i >= 0; i--) {
          const k = keys[i]!;
          stack.push({ v: (v as Record<string, unknown>)[k], path: child(path, k), depth: depth + 1 });
        }
        for (const k of keys) leaves.push({ path: `${child(path, k)}.<key>`, text: k, kind: 'key' });
      }
    }
  }
  return truncated ? { leaves, truncated } : { leaves };
}

/** Depth of a JSON text's nesting, counted without parsing (strings skipped). */
export function jsonNestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inStr = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inStr) {
      if (c === 92) i++;
      else if (c === 34) inStr = false;
    } else if (c === 34) inStr = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}
