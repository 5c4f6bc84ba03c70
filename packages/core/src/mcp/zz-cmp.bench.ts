import { readFileSync } from 'node:fs';
import { bench, describe } from 'vitest';
import { createPoisonDetector as oldDet } from './zz-poison-old.js';
import { createPoisonDetector as newDet } from './poison.js';
const dir = new URL('../../../../test/corpus/mcp/', import.meta.url);
const tools: any[] = JSON.parse(readFileSync(new URL('benign-tools.json', dir), 'utf8'));
for (const f of ['poison-blind2.json', 'poison-blind3.json', 'poison-blind4.json']) { const b = JSON.parse(readFileSync(new URL(f, dir), 'utf8')); tools.push(...b.benign, ...b.poisoned); }
const names = tools.slice(0, 10).map((t) => String(t.name).toLowerCase());
const o = oldDet(); const n = newDet(); const inj = () => [];
const long = { name: 'long_tool', description: Array.from({ length: 20000 }, (_, i) => ['read', 'the', 'file', 'and', 'send', 'user', 'tool', 'when', 'any', 'other'][i % 10]).join(' ') };
describe(`scanTool over ${tools.length} tools`, () => {
  bench('main', () => { for (const t of tools) o.scanTool(t, names, inj); });
  bench('poison2', () => { for (const t of tools) n.scanTool(t, names, inj); });
});
describe('one 110 KB description without punctuation', () => {
  bench('main', () => { o.scanTool(long, names, inj); });
  bench('poison2', () => { n.scanTool(long, names, inj); });
});
