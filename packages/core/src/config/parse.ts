// Turns pipelock.yaml text (or a plain object) into a validated Config, and
// every mistake into a ConfigError naming the key path and its YAML line.
// Pure: the caller reads the file and passes the text in.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import type { ConfigIssue } from '../errors.js';
import { configSchema } from './schema.js';
import type { Config, ConfigInput } from './schema.js';

/** What library users may pass: the file's shape with every key optional. */
export type PartialConfig = ConfigInput;

type PathSeg = string | number;

/** 'dlp.patterns[2].regex'; keys that are not plain words are quoted: 'tool_categories["a.b"]'. */
export function formatPath(path: readonly PathSeg[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z0-9_-]+$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  object: 'a mapping (key: value)',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  null: 'empty',
};

const errorMap: z.ZodErrorMap = (issue, ctx) => {
  if (issue.code === z.ZodIssueCode.invalid_type) {
    if (issue.received === 'undefined') return { message: 'is required' };
    const want = TYPE_NAMES[issue.expected] ?? issue.expected;
    const got = TYPE_NAMES[issue.received] ?? issue.received;
    return { message: `must be ${want}, not ${got}` };
  }
  return { message: ctx.defaultError };
};

/** Remove `key: null` members (an empty YAML value means "not set", as in Go Pipelock). */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = dropNulls(v);
    return out;
  }
  return value;
}

/** 1-based line of the node a path points to: the key's line for map entries, the item's line for list items. */
function lineOf(doc: Document | undefined, lc: LineCounter | undefined, path: readonly PathSeg[]): number | undefined {
  if (!doc || !lc) return undefined;
  let node: unknown = doc.contents;
  let offset: number | undefined = (node as YamlNode | null)?.range?.[0];
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(seg));
      if (!pair) break;
      const keyNode = pair.key as YamlNode | null;
      offset = keyNode?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YamlNode | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lc.linePos(offset).line;
}

function zodIssues(err: z.ZodError, doc?: Document, lc?: LineCounter): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (path: PathSeg[], message: string) => {
    const issue: ConfigIssue = { path: formatPath(path), message };
    const line = lineOf(doc, lc, path);
    if (line !== undefined) issue.line = line;
    issues.push(issue);
  };
  for (const i of err.issues) {
    if (i.code === z.ZodIssueCode.unrecognized_keys) {
      for (const key of i.keys) add([...i.path, key], `unknown key "${key}"${suggest(key, i.path)}`);
    } else {
      add(i.path, i.message);
    }
  }
  // Report in file order, so the first error the CLI prints is the first in the file.
  return issues
    .map((v, idx) => ({ v, idx }))
    .sort((a, b) => (a.v.line ?? Infinity) - (b.v.line ?? Infinity) || a.idx - b.idx)
    .map((x) => x.v);
}

/** "did you mean" for a misspelt key, from the keys valid at that place. */
function suggest(key: string, parent: readonly PathSeg[]): string {
  const shape = shapeAt(parent);
  if (!shape) return '';
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of shape) {
    const d = editDistance(key, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(key.length / 4)) ? ` (did you mean "${best}"?)` : '';
}

function unwrap(s: z.ZodTypeAny): z.ZodTypeAny {
  let cur = s;
  for (;;) {
    if (cur instanceof z.ZodDefault) cur = cur._def.innerType as z.ZodTypeAny;
    else if (cur instanceof z.ZodOptional) cur = cur._def.innerType as z.ZodTypeAny;
    else if (cur instanceof z.ZodEffects) cur = cur._def.schema as z.ZodTypeAny;
    else return cur;
  }
}

function shapeAt(path: readonly PathSeg[]): string[] | undefined {
  let cur: z.ZodTypeAny = unwrap(configSchema);
  for (const seg of path) {
    if (cur instanceof z.ZodObject && typeof seg === 'string') {
      const next = (cur.shape as Record<string, z.ZodTypeAny>)[seg];
      if (!next) return undefined;
      cur = unwrap(next);
    } else if (cur instanceof z.ZodArray && typeof seg === 'number') {
      cur = unwrap(cur.element as z.ZodTypeAny);
    } else if (cur instanceof z.ZodRecord) {
      cur = unwrap(cur.valueSchema as z.ZodTypeAny);
    } else {
      return undefined;
    }
  }
  return cur instanceof z.ZodObject ? Object.keys(cur.shape as object) : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

function validate(raw: unknown, doc?: Document, lc?: LineCounter): Config {
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
    throw new ConfigError([
      { path: '', ...(doc ? { line: 1 } : {}), message: 'the config must be a mapping of sections (key: value), not a list or a single value' },
    ]);
  }
  const result = configSchema.safeParse(dropNulls(raw ?? {}), { errorMap });
  if (!result.success) throw new ConfigError(zodIssues(result.error, doc, lc), { cause: result.error });
  return result.data;
}

/**
 * Parse pipelock.yaml text, or validate a plain object, into a fully-defaulted
 * Config. Empty text gives the balanced defaults. The file is applied on top
 * of those defaults; `mode` only selects the decision mode and never pulls in
 * another preset's values. Throws ConfigError (CONFIG_YAML for syntax errors,
 * CONFIG_INVALID otherwise) whose issues carry key path and line.
 */
export function parseConfig(input: string | object): Config {
  if (typeof input !== 'string') return validate(input);
  const lc = new LineCounter();
  const doc = parseDocument(input, { lineCounter: lc, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const issues: ConfigIssue[] = doc.errors.map((e) => {
      const first = (e.message.split('\n')[0] ?? '').replace(/\s*at line \d+, column \d+:?\s*$/, '').trim();
      const issue: ConfigIssue = { path: '', message: `YAML syntax error: ${first}` };
      const line = e.linePos?.[0]?.line;
      if (line !== undefined) issue.line = line;
      return issue;
    });
    throw new ConfigError(issues, { code: 'CONFIG_YAML', cause: doc.errors[0] });
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // Alias bombs ("billion laughs") and unresolvable aliases end up here.
    throw new ConfigError([{ path: '', message: `YAML error: ${e instanceof Error ? e.message : String(e)}` }], {
      code: 'CONFIG_YAML',
      cause: e,
    });
  }
  return validate(raw === null ? undefined : raw, doc, lc);
}

/** Validate and default a partial config object (library users); same rules as parseConfig. */
export function resolveConfig(partial?: PartialConfig): Config {
  return validate(partial ?? {});
}
