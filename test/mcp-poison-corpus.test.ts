// Poisoned and benign MCP tool definitions (test/corpus/mcp): each poisoned
// tool is listed with ordinary tools it could shadow; benign tools are listed
// per server, as a real tools/list answer would carry them. Balanced mode,
// tool scanning set to block. Prints recall per family, hiding place and
// split, false blocks per server, and fails below the floors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createScanner } from '@pipelock/core';
import type { McpTool } from '@pipelock/core';
import { filesUnder } from './corpus/walk.js';

const dir = fileURLToPath(new URL('./corpus/mcp/', import.meta.url));
interface Poisoned {
  id: string;
  family: string;
  position: string;
  split: 'tune' | 'holdout';
  tool: McpTool;
  others?: McpTool[];
}
const { poisoned } = JSON.parse(readFileSync(`${dir}poison-corpus.json`, 'utf8')) as { poisoned: Poisoned[] };

/** benign-tools.txt: "name | description | param: description; …" per line, "## server" groups. */
function loadBenign(): Map<string, McpTool[]> {
  const groups = new Map<string, McpTool[]>();
  let group = 'misc';
  for (const line of readFileSync(`${dir}benign-tools.txt`, 'utf8').split('\n')) {
    if (line.startsWith('## ')) group = line.slice(3).trim();
    else if (line.trim() && !line.startsWith('#')) {
      const [name, description, params = ''] = line.split(' | ').map((x) => x.trim());
      const properties: Record<string, unknown> = {};
      for (const p of params.split(';').map((x) => x.trim()).filter(Boolean)) {
        const c = p.indexOf(':');
        properties[p.slice(0, c).trim()] = { type: 'string', description: p.slice(c + 1).trim() };
      }
      const list = groups.get(group) ?? [];
      groups.set(group, list);
      list.push({ name: name!, description: description!, inputSchema: { type: 'object', properties } });
    }
  }
  groups.set('reference-servers (benign-tools.json)', JSON.parse(readFileSync(`${dir}benign-tools.json`, 'utf8')) as McpTool[]);
  return groups;
}
const benign = loadBenign();

const scanner = createScanner({ mode: 'balanced', mcp_tool_scanning: { action: 'block' } });
const neighbours: McpTool[] = ['send_email', 'read_file', 'create_issue', 'git_push', 'query_database', 'http_request', 'list_files', 'get_balance', 'send_message'].map((name) => ({
  name,
  description: `The ${name.replace(/_/g, ' ')} tool.`,
}));

function blockedTools(tools: McpTool[]): Set<string> {
  const r = scanner.scanToolsList(tools);
  const out = new Set<string>();
  for (const f of r.findings) if (f.action === 'block') out.add(/^mcp\.tools\[([^\]]*)\]/.exec(f.location ?? '')?.[1] ?? '');
  return out;
}

const rate = (a: number, b: number) => (b ? `${a}/${b} = ${((100 * a) / b).toFixed(1)} %` : '-');

describe('tool poisoning corpus', () => {
  it('has at least 100 poisoned and 300 benign tool definitions', () => {
    expect(poisoned.length).toBeGreaterThanOrEqual(100);
    expect([...benign.values()].flat().length).toBeGreaterThanOrEqual(300);
  });

  it('recall per family and hiding place, false blocks per server', () => {
    const caught = poisoned.map((p) => ({ p, hit: blockedTools([p.tool, ...neighbours, ...(p.others ?? [])]).has(String(p.tool.name)) }));
    const lines: string[] = [];
    const by = (key: (x: (typeof caught)[number]) => string, rows = caught) => {
      const m = new Map<string, [number, number]>();
      for (const x of rows) {
        const v = m.get(key(x)) ?? [0, 0];
        v[1]++;
        if (x.hit) v[0]++;
        m.set(key(x), v);
      }
      return [...m].sort().map(([k, [a, b]]) => `    ${k.padEnd(24)} ${rate(a, b)}`);
    };
    for (const split of ['tune', 'holdout'] as const) {
      const rows = caught.filter((x) => x.p.split === split);
      lines.push(`  ${split}: recall ${rate(rows.filter((x) => x.hit).length, rows.length)}`, ...by((x) => x.p.family, rows));
    }
    lines.push('  by hiding place (both splits):', ...by((x) => x.p.position));
    let fp = 0;
    let total = 0;
    const falseBlocks: string[] = [];
    const perGroup: string[] = [];
    for (const [group, tools] of benign) {
      const b = blockedTools(tools);
      fp += b.size;
      total += tools.length;
      if (b.size) perGroup.push(`    ${group.padEnd(24)} ${rate(b.size, tools.length)}`);
      for (const n of b) falseBlocks.push(`    false block (${group}): ${n}`);
    }
    lines.push(`  benign: false blocks ${rate(fp, total)}`, ...perGroup);
    const misses = caught.filter((x) => !x.hit).map((x) => `    miss ${x.p.id}`);
    console.log(`tool poisoning corpus: ${poisoned.length} poisoned, ${total} benign\n${lines.join('\n')}\n${[...falseBlocks, ...misses].join('\n')}`);
    const recall = (split: string) => {
      const rows = caught.filter((x) => x.p.split === split);
      return rows.filter((x) => x.hit).length / rows.length;
    };
    expect(recall('tune')).toBeGreaterThanOrEqual(FLOORS.tuneRecall);
    expect(recall('holdout')).toBeGreaterThanOrEqual(FLOORS.holdoutRecall);
    expect(fp / total).toBeLessThanOrEqual(FLOORS.fp);
  });
});

describe('tool poisoning corpus, blind sets', () => {
  for (const [file, floors] of Object.entries(BLIND_SETS)) {
    it(`recall and false blocks on ${file}`, () => {
      const blind = JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as { poisoned: McpTool[]; benign: McpTool[] };
      const missed = blind.poisoned.filter((t) => !blockedTools([t, ...neighbours]).has(String(t.name)));
      const caught = blind.poisoned.length - missed.length;
      const falseBlocks = [...blockedTools(blind.benign)];
      const detail = process.env.PIPELOCK_CORPUS_DETAIL ? `\n    misses: ${missed.map((t) => t.name).join(', ')}\n    false blocks: ${falseBlocks.join(', ')}` : '';
      console.log(`tool poisoning ${file}: recall ${rate(caught, blind.poisoned.length)}, false blocks ${rate(falseBlocks.length, blind.benign.length)}${detail}`);
      expect(caught / blind.poisoned.length).toBeGreaterThanOrEqual(floors.recall);
      expect(falseBlocks.length / blind.benign.length).toBeLessThanOrEqual(floors.fp);
    });
  }
});

// Real prose as tool descriptions: paragraphs of the Markdown in node_modules
// (READMEs, changelogs, API docs; code fences, tables and headings left out),
// 20 to a tools/list, names that imitate nothing. Developer documentation is
// full of "pass your API key", "you must", "before any request", "ignore
// rules": the hardest ordinary text this scanner meets.
describe('tool poisoning corpus, node_modules prose as descriptions', () => {
  it('blocks at most 0.3 % of Markdown paragraphs', () => {
    const files = filesUnder(join(fileURLToPath(new URL('..', import.meta.url)), 'node_modules/.pnpm'), { maxDepth: 8, accept: (n) => /\.md$/i.test(n), realpath: true });
    const paras: string[] = [];
    let total = 0;
    for (const f of [...files].sort()) {
      if (total > 12e6) break;
      const text = readFileSync(f, 'utf8');
      total += text.length;
      let inFence = false;
      for (const p of text.split(/\n\s*\n/)) {
        if ((p.match(/```/g) ?? []).length % 2) inFence = !inFence;
        if (inFence || p.includes('```') || p.length < 60 || p.length > 1500 || /^\s*[|<#>!\[]/.test(p)) continue;
        paras.push(p.trim());
      }
    }
    // Names from letters joined by '_' so no two fold to the same skeleton.
    const name = (i: number) => `doc_${String(i).split('').map((c) => 'bcdfghjkmn'[Number(c)]).join('_')}`;
    const rules = new Map<string, number>();
    let blocked = 0;
    for (let i = 0; i < paras.length; i += 20) {
      const tools = paras.slice(i, i + 20).map((d, j) => ({ name: name(i + j), description: d }));
      const first = new Map<string, string>();
      for (const f of scanner.scanToolsList(tools).findings) {
        const n = /^mcp\.tools\[([^\]]*)\]/.exec(f.location ?? '')?.[1] ?? '';
        if (f.action === 'block' && !first.has(n)) first.set(n, f.rule);
      }
      blocked += first.size;
      for (const r of first.values()) rules.set(r, (rules.get(r) ?? 0) + 1);
    }
    console.log(`tool poisoning, node_modules prose: false blocks ${rate(blocked, paras.length)} (${[...rules].map(([k, v]) => `${k} ${v}`).join(', ')})`);
    expect(paras.length).toBeGreaterThan(5000);
    expect(blocked / paras.length).toBeLessThanOrEqual(0.003);
  });
});

// Blind set: first measured at 56 % recall (0 of 40 false blocks); after the
// sentence-level data-routing and hooked-call signals were added (written from
// the families, not from its misses) 88 % recall, 0 false blocks.
// poison-blind2.json (65 poisoned, 122 benign, written on branch poison2 in
// the styles of public write-ups): before the changes of that branch
// measured 32/65 = 49.2 % recall, 3/122 = 2.5 % false blocks..
// poison-blind3.json (61 poisoned, 101 benign), written after those changes
// and measured once before any further tuning: 25/61 = 41.0 % recall, 3/101
// = 3.0 % false blocks (main before this branch: 17/61 = 27.9 %, 3/101).
// Its misses then guided a second round of classes (weak vs strong objects,
// more verbs, hooks, authority and concealment wordings, de/es/fr/it/zh), so
// it is tuned too: 61/61, 2/101 (rotate_api_key: the injection engine's
// "tell the user to"; load_dotenv: the "load … .env" file row).
// poison-blind4.json (60 poisoned, 100 benign), written last and never tuned
// on, is this branch's honest figure: 29/60 = 48.3 % recall, 2/100 = 2.0 %
// false blocks (main: 17/60 = 28.3 %, the same 2/100: gh_actions_logs and
// telegram_send, both from the rows that predate the intent classes). Those
// two then led to a fix in the Data Routing row ("chat" alone is no longer a
// sensitive object; a masked secret is not a secret): 0/100 since, which is
// therefore a tuned figure. Its recall misses then guided a third round
// (two-sentence data flows, schema text as context, persistence writes,
// precondition + hand-over, more authority/concealment/recipient wordings):
// 60/60, 0/100, tuned.
// poison-blind5.json (40 poisoned, 62 benign), written after that third
// round and never tuned on, is the branch's last honest figure: 10/40 = 25 %
// recall, 0/62 false blocks (main: 6/40 = 15 %, 1/62). It leans on families
// the classes do not model (harmful actions with no data flow: "double the
// quantity", "point the nameservers to …", "edit the tests so they pass").
// poison-blind6.json (65 poisoned, 83 benign), written on branch poison3
// before any engine change there, never tuned on: first measured 42/65 =
// 64.6 % recall, 3/83 = 3.6 % false blocks (gmail_draft, load_dotenv,
// password_generate). Branch poison3 then built the directive grammar
// (poison-grammar.ts) on its own tune set (poison-tune6.json, eleven fresh
// batches after the first, each measured before it was worked on: 27/30, 15/24, 11/24, 14/20,
// 14/20, 10/20, 3/15, 9/15, 8/15, 9/15, 8/15 poisoned caught on first sight)
// and measured the blind sets once at the end: blind6 61/65 = 93.8 %, 2/83 =
// 2.4 % false blocks; blind5 24/40 = 60.0 % (was 25 %), 0/62.
// poison-blind7.json (43 poisoned, 64 benign), written on branch poison4
// before any engine change there from the five families of issue 11 round 2
// (credential harvesting into another tool, disparaging/denying other tools,
// shell commands the model is told to run, copies to chat handles and
// numbers, multi-step money/data sequences) plus classic ones, with 20
// safety-guidance hard negatives ("never … without asking"); never tuned on.
// Before: 19/43 = 44.2 % recall, 9/64 = 14.1 % false blocks. At the end of
// poison4: 42/43 = 97.7 %, 2/64 = 3.1 % (rm_files: Model-Directed Override on
// "the assistant should never …"; ssh_connect: Sensitive File Directive on
// "configured in ~/.ssh/config"; both older phrase rows). One run midway
// printed its result by mistake (a grep that let the misses line through);
// nothing was changed for it. Measured again after the seventh tune7 batch
// (the last engine change): the same 42/43, 2/64.
const BLIND_SETS: Record<string, { recall: number; fp: number }> = {
  'poison-blind.json': { recall: 0.8, fp: 0.03 },
  'poison-blind2.json': { recall: 0.95, fp: 0.01 },
  'poison-blind3.json': { recall: 0.95, fp: 0.03 },
  'poison-blind4.json': { recall: 0.95, fp: 0.01 },
  'poison-blind5.json': { recall: 0.575, fp: 0.01 },
  // Blind set 6 since poison6: 63/65, 2/83.
  'poison-blind6.json': { recall: 0.95, fp: 0.03 },
  // Tune set of branch poison3 (worked on, not blind): first 54 poisoned 31/54 before; at the end 267/267, 2/330.
  'poison-tune6.json': { recall: 0.98, fp: 0.01 },
  // Tune set of branch poison4 (worked on, not blind): seven batches, first seen 13/38, 15/18, 8/20, 15/20, 11/20, 9/15, 6/8; at the end 139/139, 1/173.
  'poison-tune7.json': { recall: 0.98, fp: 0.01 },
  // Blind set of branch poison4: 19/43, 9/64 before; 42/43, 2/64 at the end; 42/43, 0/64 since poison6 fixed the older rows.
  'poison-blind7.json': { recall: 0.95, fp: 0.01 },
  // Blind set of the lead, end of round 5, in families no brief had named: 3/12 on the round's start, 4/12 and 0/12 at its end;
  // 8/12, 0/12 at the end of poison6 (which built those families from their names in docs/mcp.md on its own tune set, never opening this file).
  'poison-blind8.json': { recall: 0.65, fp: 0.01 },
  // Classic public styles (regression set): 16/16 and 0/10 both at the round's start and end.
  'poison-classic.json': { recall: 1, fp: 0.1 },
  // Tune set of branch poison5 (worked on, not blind): deception, side-effect state changes, URL templates; seven batches, first seen 7/38, 1/25; 11/24, 0/15; 7/18, 1/12; 7/15, 0/10; 3/16, 0/10; 0/10, 0/8; 0/8, 0/8; at the end 129/129, 0/88.
  'poison-tune8.json': { recall: 0.98, fp: 0.01 },
  // Tune set 9b (was blind9): written on branch poison6 as a blind set (56 poisoned, 73 benign), 26/56, 1/73 before and at the end of that branch;
  // branch poison7 opened it and worked on its families (poison-pretext.ts, concealment in ja/ru/nl/pl/ko/tr, letter-spacing): 54/56, 1/73. No longer blind.
  'poison-blind9.json': { recall: 0.95, fp: 0.02 },
  // Tune set of branch poison6 (worked on, not blind): the blind8 families, hard negatives for them and for the older phrase rows; ten batches, first seen
  // 14/40, 2/90; 12/24, 6/32; 20/24, 0/28; 10/16, 4/30; 10/16, 0/43; 11/11, 12/24 (real-wording probes); 5/15, 0/15; 9/16, 0/16; 9/16, 0/16; 3/12, 0/12;
  // 5/16, 1/16; 7/12, 0/12; at the end 218/218, 2/334.
  'poison-tune9.json': { recall: 0.98, fp: 0.01 },
  // Blind set of branch poison7 (33 poisoned, 44 benign, 33 of them hard negatives), the tune-9b families in other wordings and servers;
  // written before any engine change on that branch, never tuned on: 16/33, 0/44 before; 31/33, 0/44 at the end. Its author then built the engine,
  // and its first run printed the names of its misses (a detail switch left on): expect unseen wordings to fare worse than 94 %.
  'poison-blind10.json': { recall: 0.9, fp: 0.01 },
  // Blind set of the lead, end of round 6, in families no brief had named: 4/12, 0/12 on main 038220f (poison6 and poison7 merged). Never tuned on.
  'poison-blind11.json': { recall: 0.3, fp: 0.01 },
  // Tune set of branch poison7 (worked on, not blind): two batches written after the engine change, first seen 9/12, 0/12 and 7/10, 0/10; at the end 22/22, 0/22.
  'poison-tune10.json': { recall: 0.98, fp: 0.01 },
};
// Measured: 100 % recall on both splits, 0.3 % false blocks (1 of 327: the
// prompt-injection engine's "Read credential file" on a .env.example reader);
// 0 of 327 since poison6 (that row no longer reads .env.example as .env).
const FLOORS = { tuneRecall: 0.95, holdoutRecall: 0.95, fp: 0.005 };
