// docs/configuration.md must document every key the schema accepts, in the
// section that owns it, so the reference cannot fall behind the schema.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configSchema } from './index.js';

const doc = readFileSync(fileURLToPath(new URL('../../../../docs/configuration.md', import.meta.url)), 'utf8');

function unwrap(s: z.ZodTypeAny): z.ZodTypeAny {
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional) s = s._def.innerType as z.ZodTypeAny;
    else if (s instanceof z.ZodEffects) s = s._def.schema as z.ZodTypeAny;
    else return s;
  }
}

/** Key paths below a section ('monitoring.max_url_length', 'name' for list items). */
function leafPaths(s: z.ZodTypeAny, prefix = ''): string[] {
  const t = unwrap(s);
  if (t instanceof z.ZodArray) return leafPaths(t.element as z.ZodTypeAny, '');
  if (!(t instanceof z.ZodObject)) return prefix ? [prefix] : [];
  return Object.entries(t.shape as Record<string, z.ZodTypeAny>).flatMap(([k, v]) => leafPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** The text of the '## ' section whose heading names `key` in backticks. */
function sectionText(key: string): string | undefined {
  const parts = doc.split(/^## /m);
  return parts.find((p) => (p.split('\n')[0] ?? '').includes(`\`${key}\``));
}

const shape = (unwrap(configSchema) as z.ZodObject<z.ZodRawShape>).shape as Record<string, z.ZodTypeAny>;
const SECTIONS = Object.entries(shape).filter(([, v]) => {
  const t = unwrap(v);
  return t instanceof z.ZodObject || (t instanceof z.ZodArray && unwrap(t.element as z.ZodTypeAny) instanceof z.ZodObject);
});
const SCALARS = Object.keys(shape).filter((k) => !SECTIONS.some(([s]) => s === k));

describe('docs/configuration.md', () => {
  it.each(SECTIONS.map(([k, v]) => [k, v] as const))('documents every key of %s', (key, schema) => {
    const text = sectionText(key);
    expect(text, `no "## ... \`${key}\`" section`).toBeDefined();
    const missing = leafPaths(schema).filter((p) => {
      const last = p.split('.').pop() ?? p;
      return !text!.includes(`\`${p}\``) && !text!.includes(`\`${last}\``);
    });
    expect(missing).toEqual([]);
  });

  it('documents every top-level key', () => {
    const missing = SCALARS.filter((k) => !doc.includes(`\`${k}\``));
    expect(missing).toEqual([]);
  });
});
