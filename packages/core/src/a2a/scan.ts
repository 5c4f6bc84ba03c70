// A2A traffic scanned like MCP: messages an agent sends to a remote agent
// (message/send, message/stream, SendMessage, tasks/send) get DLP on every
// part (text, data, file bytes decoded, file URIs through the URL pipeline,
// a secret split across text parts, credential dumps) and injection; what
// comes back (Tasks, Messages, status and artifact updates, history) gets
// injection and DLP; Agent Cards get the tool-poisoning checks on every
// description, name, tag and example, DLP, and the URL pipeline (SSRF,
// blocklist, scheme) on every URL the client would contact. Engines are
// called, never copied: injection and DLP through ctx, poisoning through
// MCP tool-poisoning detector (each skill, and the card itself, as a tool).
import { Buffer } from 'node:buffer';
import type { RawHit, ScanContext, SectionKey } from '../context.js';
import { checkTextBytes } from '../encoding/primitives.js';
import { PayloadSignals } from '../exfil/index.js';
import { hitKey } from '../http/sink.js';
import { walkJson } from '../json/walk.js';
import type { JsonLeaf } from '../json/walk.js';
import type { McpMessageDecision } from '../mcp/index.js';
import { createPoisonDetector, toolNameIndex } from '../mcp/poison.js';
import type { PoisonTool } from '../mcp/poison.js';
import type { Finding, ScanResult } from '../types.js';
import { strongestAction } from '../types.js';
import type { UrlScanner } from '../url/index.js';
import { embeddedStrings } from '../ws/scan.js';
import { A2A_METHODS, CARD_URL_KEY, FILE_BYTES_KEY, FILE_URI_KEY, looksLikeAgentCard } from './protocol.js';

/** 'to-server': what our agent sends to a remote agent; 'to-client': what comes back. */
export type A2aDirection = 'to-server' | 'to-client';

export interface A2aScanResult extends ScanResult {
  /** One decision per JSON-RPC message (or bare object), as scanMcpMessage gives. */
  messages: McpMessageDecision[];
}

export interface A2aScanner {
  /** A JSON-RPC message or batch (object, array or JSON / SSE text), or a bare Message, Task, update or card. */
  scanMessage(msg: unknown, direction?: A2aDirection | string): A2aScanResult;
  /** An Agent Card: poisoning, injection, DLP, and the URL pipeline on its URLs. */
  scanCard(card: unknown, location?: string): ScanResult;
}

const LIMITS = { maxDepth: 32, maxNodes: 20_000 };
/** File parts decoded per message, in decoded bytes (larger files are not text an agent types). */
const MAX_FILE_BYTES = 1 << 20;
/** URLs per message or card sent through the URL pipeline. */
const MAX_URLS = 16;
/** Card texts the poisoning detector reads (the card and its skills as tools). */
const TOOL_TEXT = /^\$\.(?:name|description)$|^\$\.skills\[\d+\]\.(?:name|id|description|tags|examples)\b/;
/** Skills scored as tools per card (the rest are still scanned for injection and secrets). */
const MAX_SKILLS = 256;
/** Values that are protocol vocabulary, not prose: not scanned for injection. */
const PROTOCOL_KEY = /\.(?:kind|type|role|state|messageId|taskId|contextId|artifactId|id|mimeType|mediaType|protocolVersion|version|preferredTransport|transport|timestamp|method|jsonrpc)$/;
// Nothing a user reads needs zero-width, bidi-control or Tags-block characters in a card.
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\udb40[\udc00-\udc7f]/;

/** Card URLs the URL pipeline checks; other transports (grpc, dns) are left alone... */
const WEB_SCHEMES: ReadonlySet<string> = new Set(['http', 'https', 'ws', 'wss']);
/** ...except schemes that reach the client's own machine or run code. */
const LOCAL_SCHEMES: ReadonlySet<string> = new Set(['file', 'javascript', 'data', 'vbscript', 'gopher', 'dict', 'ldap', 'jar', 'netdoc']);

const OUT_WORDS = new Set(['to-server', 'outbound', 'request', 'send', 'client-to-server', 'to-agent']);
const IN_WORDS = new Set(['to-client', 'inbound', 'response', 'receive', 'server-to-client', 'from-agent']);

function directionOf(d: string | undefined): A2aDirection | undefined {
  if (d === undefined) return undefined;
  const l = d.toLowerCase();
  if (OUT_WORDS.has(l)) return 'to-server';
  if (IN_WORDS.has(l)) return 'to-client';
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The key a leaf's value sits under ('$.env.DB_PASSWORD' -> 'DB_PASSWORD'), for the dump signal. */
function keyOf(path: string): string | undefined {
  const dot = /\.([A-Za-z_$][\w$]*)$/.exec(path);
  if (dot) return dot[1];
  const q = /\[("(?:[^"\\]|\\.)*")\]$/.exec(path);
  if (!q) return undefined;
  try {
    return JSON.parse(q[1] as string) as string;
  } catch {
    return undefined;
  }
}

/**
 * base64 file content as text: the text itself, or the printable strings a
 * binary file embeds (a PDF's or an archive's plain parts); undefined when
 * too large or empty.
 */
function fileText(b64: string): string | undefined {
  if (b64.length > (MAX_FILE_BYTES * 4) / 3 + 4) return undefined;
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.byteLength === 0) return undefined;
  if (!checkTextBytes(bytes, bytes.byteLength)) return embeddedStrings(bytes) || undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return embeddedStrings(bytes) || undefined;
  }
}

/** Parse what a caller hands over: an object, or JSON text, or SSE text with one JSON-RPC message per data line. */
function parseInput(msg: unknown): { values: unknown[]; error?: string } {
  if (typeof msg !== 'string') return { values: Array.isArray(msg) ? msg : [msg] };
  const t = msg.trim();
  if (t.startsWith('data:') || t.includes('\ndata:')) {
    const values: unknown[] = [];
    for (const line of t.split(/\r?\n/)) {
      if (!line.startsWith('data:')) continue;
      try {
        values.push(JSON.parse(line.slice(5).trim()));
      } catch {
        return { values, error: 'an SSE data line is not JSON' };
      }
    }
    return { values };
  }
  try {
    const v: unknown = JSON.parse(t);
    return { values: Array.isArray(v) ? v : [v] };
  } catch {
    return { values: [], error: 'not JSON' };
  }
}

export function createA2aScanner(ctx: ScanContext, urls: UrlScanner): A2aScanner {
  const cfg = ctx.config;
  const poison = createPoisonDetector();

  const sectionsFor = (d: A2aDirection): { dlp: SectionKey; injection: SectionKey } =>
    d === 'to-server' ? { dlp: 'mcp_input_scanning', injection: 'mcp_input_scanning' } : { dlp: 'dlp', injection: 'response_scanning' };

  /** Scan one A2A value's leaves: joined DLP and injection, file bytes decoded, URIs, split parts, dumps. */
  function scanValue(value: unknown, base: string, direction: A2aDirection): Finding[] {
    const out: Finding[] = [];
    const sec = sectionsFor(direction);
    const walked = walkJson(value, '$', LIMITS);
    if (walked.truncated) {
      out.push(ctx.finding({ scanner: 'limit', rule: 'A2A Message Too Deep Or Large', severity: 'high', failClosed: true }, base, sec.dlp));
    }
    const parts: Array<{ leaf: JsonLeaf; text: string; prose: boolean }> = [];
    const uris: Array<{ path: string; url: string }> = [];
    for (const leaf of walked.leaves) {
      if (leaf.kind === 'scalar' && leaf.text.length < 6) continue;
      if (leaf.kind === 'string' && FILE_BYTES_KEY.test(leaf.path)) {
        const t = fileText(leaf.text);
        if (t !== undefined) parts.push({ leaf, text: t, prose: true });
        continue;
      }
      if (leaf.kind === 'string' && FILE_URI_KEY.test(leaf.path) && /^[a-z][a-z0-9+.-]*:\/\//i.test(leaf.text)) {
        if (uris.length < MAX_URLS) uris.push({ path: leaf.path, url: leaf.text });
        continue;
      }
      parts.push({ leaf, text: leaf.text, prose: leaf.kind === 'string' && !PROTOCOL_KEY.test(leaf.path) });
    }
    const where = (leaf: JsonLeaf): string => `${base}${leaf.path.slice(1)}`;
    if (parts.length > 0) {
      const starts: number[] = [];
      let joined = '';
      for (const p of parts) {
        starts.push(joined.length);
        joined += `${p.text}\n`;
      }
      const at = (pos: number): number => {
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if ((starts[mid] as number) <= pos) lo = mid;
          else hi = mid - 1;
        }
        return lo;
      };
      const seen = new Set<string>();
      const place = (hits: RawHit[], section: SectionKey, proseOnly: boolean): void => {
        for (const h of hits) {
          const p = h.start === undefined ? undefined : parts[at(h.start)];
          if (proseOnly && p !== undefined && !p.prose) continue;
          seen.add(hitKey(h));
          out.push(ctx.finding(h, p ? where(p.leaf) : base, section));
        }
      };
      place(ctx.dlp(joined), sec.dlp, false);
      if (cfg.response_scanning.enabled || direction === 'to-server') place(ctx.injection(joined), sec.injection, true);
      // A secret split across text parts: the texts joined with nothing between them.
      const texts = parts.filter((p) => p.leaf.kind === 'string' && /\.text$/.test(p.leaf.path) && p.text.length < 4096);
      if (texts.length >= 2 && texts.length <= 64) {
        const fresh = ctx.dlp(texts.map((p) => p.text).join('')).filter((h) => !seen.has(hitKey(h)));
        for (const h of fresh) out.push(ctx.finding(h, `${base}.parts(joined)`, sec.dlp));
      }
      if (direction === 'to-server') {
        const signals = new PayloadSignals();
        for (const p of parts) {
          if (p.leaf.kind !== 'string') continue;
          const k = keyOf(p.leaf.path);
          if (k !== undefined && !/^\d+$/.test(k)) signals.segment(k, true, () => base);
          signals.segment(p.text, false, () => where(p.leaf));
        }
        for (const { hit, location } of signals.result()) out.push(ctx.finding(hit, location ?? base, sec.dlp));
      }
    }
    for (const u of uris) for (const f of urls.scan(u.url)) out.push({ ...f, location: `${base}${u.path.slice(1)}` });
    return out;
  }

  function scanCard(card: unknown, location = 'a2a.card'): ScanResult {
    const out: Finding[] = [];
    if (!isObject(card)) {
      out.push(ctx.finding({ scanner: 'a2a', rule: 'Invalid Agent Card', severity: 'high', failClosed: true, excerpt: 'not a JSON object' }, location, 'mcp_tool_scanning'));
      return { action: 'block', findings: out };
    }
    const walked = walkJson(card, '$', LIMITS);
    if (walked.truncated) out.push(ctx.finding({ scanner: 'limit', rule: 'Agent Card Too Deep Or Large', severity: 'high', failClosed: true }, location, 'mcp_tool_scanning'));
    const texts: Array<{ path: string; text: string }> = [];
    let nUrls = 0;
    for (const leaf of walked.leaves) {
      if (leaf.kind !== 'string') continue;
      const loc = `${location}${leaf.path.slice(1)}`;
      if (CARD_URL_KEY.test(leaf.path) && /^[a-z][a-z0-9+.-]*:/i.test(leaf.text)) {
        // Every URL the client would contact: the pipeline's scheme, SSRF
        // (literal and internal-by-name hosts), blocklist and DLP checks.
        const scheme = leaf.text.slice(0, leaf.text.indexOf(':')).toLowerCase();
        if (LOCAL_SCHEMES.has(scheme)) {
          out.push(ctx.finding({ scanner: 'url', rule: 'Blocked Scheme', severity: 'high', failClosed: true, excerpt: scheme }, loc, 'url'));
        } else if (WEB_SCHEMES.has(scheme) && nUrls++ < MAX_URLS) {
          const r = urls.scan(leaf.text, scheme.startsWith('ws') ? { transport: 'websocket' } : {});
          for (const f of r) out.push({ ...f, location: loc });
        }
        continue;
      }
      // The card's and skills' own texts get this from the poisoning detector below.
      if (!TOOL_TEXT.test(leaf.path) && INVISIBLE.test(leaf.text)) {
        out.push(ctx.finding({ scanner: 'tool-poison', rule: 'Invisible Characters In Agent Card', severity: 'high', excerpt: 'invisible formatting characters' }, loc, 'mcp_tool_scanning'));
      }
      if (leaf.text.length < 8 || PROTOCOL_KEY.test(leaf.path)) continue;
      texts.push({ path: loc, text: leaf.text });
    }
    // The card and each skill are what a tool is to MCP: the poisoning
    // detector scores their texts (weak signals block only together) and
    // checks them for shadowing each other.
    const skills = Array.isArray(card.skills) ? card.skills.slice(0, MAX_SKILLS) : [];
    const tools: Array<{ tool: PoisonTool; base: string }> = [{ tool: { name: card.name, description: card.description }, base: location }];
    skills.forEach((sk, i) => {
      if (!isObject(sk)) return;
      tools.push({
        tool: { name: typeof sk.name === 'string' ? sk.name : sk.id, title: sk.id, description: sk.description, annotations: { tags: sk.tags, examples: sk.examples } },
        base: `${location}.skills[${i}]`,
      });
    });
    const names = tools.map(({ tool }) => (typeof tool.name === 'string' ? tool.name.toLowerCase() : ''));
    const poisoned = new Set<string>();
    const index = toolNameIndex(names);
    tools.forEach(({ tool, base }, i) => {
      for (const f of poison.scanTool(tool, index.except(names[i]!), (t) => ctx.injection(t))) {
        // Map the tool view back onto the card: '.annotations.examples[0]' is the skill's '.examples[0]'.
        const path = f.path.replace(/^\.annotations\./, '.').replace(/^\.title$/, '.id');
        const loc = path === '' ? `${base}.name` : `${base}${path}`;
        poisoned.add(loc);
        out.push(ctx.finding(f.hit, loc, 'mcp_tool_scanning'));
      }
    });
    if (texts.length > 0) {
      const starts: number[] = [];
      let joined = '';
      for (const t of texts) {
        starts.push(joined.length);
        joined += `${t.text}\n`;
      }
      const locAt = (pos: number | undefined): string => {
        if (pos === undefined) return location;
        let i = starts.length - 1;
        while (i > 0 && (starts[i] as number) > pos) i--;
        return (texts[i] as { path: string }).path;
      };
      // Injection in the card's other texts (provider, extensions, security scheme descriptions, ...).
      for (const h of ctx.injection(joined)) {
        const loc = locAt(h.start);
        if (!poisoned.has(loc)) out.push(ctx.finding({ ...h, scanner: 'tool-poison' }, loc, 'mcp_tool_scanning'));
      }
      for (const h of ctx.dlp(joined)) out.push(ctx.finding(h, locAt(h.start), 'dlp'));
    }
    return { action: strongestAction(out.map((f) => f.action)), findings: out };
  }

  /** One JSON-RPC message or bare object. */
  function scanOne(v: unknown, given: A2aDirection | undefined): { findings: Finding[]; id?: string | number | null; method?: string } {
    if (!isObject(v)) return { findings: [parseError('message is not an object', 'a2a.message')] };
    const id = typeof v.id === 'string' || typeof v.id === 'number' || v.id === null ? (v.id as string | number | null) : undefined;
    if (typeof v.method === 'string') {
      const method = v.method;
      const kind = A2A_METHODS.get(method);
      const direction = given ?? 'to-server';
      if (kind === 'card') return { id, method, findings: [] };
      return { id, method, findings: scanValue(v.params, `a2a.${method}.params`, direction) };
    }
    if ('result' in v || 'error' in v) {
      const direction = given ?? 'to-client';
      if ('error' in v && v.error !== undefined) return { id, findings: scanValue(v.error, 'a2a.error', direction) };
      if (looksLikeAgentCard(v.result)) return { id, findings: scanCard(v.result).findings };
      return { id, findings: scanValue(v.result, 'a2a.result', direction) };
    }
    if (looksLikeAgentCard(v)) return { findings: scanCard(v).findings };
    // A bare object: a user message goes out, anything an agent produced comes in.
    const role = typeof v.role === 'string' ? v.role.toLowerCase() : isObject(v.message) && typeof v.message.role === 'string' ? v.message.role.toLowerCase() : '';
    const direction = given ?? (role === 'user' || role === 'role_user' ? 'to-server' : 'to-client');
    return { findings: scanValue(v, 'a2a', direction) };
  }

  function parseError(reason: string, loc: string): Finding {
    const block = cfg.mcp_input_scanning.on_parse_error === 'block';
    const hit: RawHit = { scanner: 'a2a', rule: 'Invalid A2A Message', severity: block ? 'high' : 'low', excerpt: reason.slice(0, 80) };
    if (block) hit.failClosed = true;
    else hit.patternAction = 'warn';
    return ctx.finding(hit, loc, 'mcp_input_scanning');
  }

  function scanMessage(msg: unknown, direction?: A2aDirection | string): A2aScanResult {
    const given = directionOf(direction);
    const parsed = parseInput(msg);
    const messages: McpMessageDecision[] = parsed.values.map((v, index) => {
      const r = scanOne(v, given);
      const d: McpMessageDecision = { index, action: strongestAction(r.findings.map((f) => f.action)), findings: r.findings };
      if (r.id !== undefined) d.id = r.id;
      if (r.method !== undefined) d.method = r.method;
      return d;
    });
    if (parsed.error !== undefined) {
      const f = parseError(parsed.error, 'a2a.message');
      messages.push({ index: messages.length, action: f.action, findings: [f] });
    }
    const findings = messages.flatMap((m) => m.findings);
    return { action: strongestAction(messages.map((m) => m.action)), findings, messages };
  }

  return { scanMessage, scanCard };
}
