// Poisoned tool definitions: every text of a tool (name, title, description,
// input and output schema: property descriptions, defaults, enums, titles,
// examples, keys) is checked for the signals of poison-patterns.ts, for
// shadowing of the other tools in the list, invisible characters, prompt
// injection, and a name that imitates another tool's. A tool's signals add
// up to one score, so weak ones block only together; every finding names its
// signal, where it was, and the tool's score. Walks are bounded.
import type { RawHit } from '../context.js';
import { walkJson } from '../json/walk.js';
import { needsNormalization, normalizeText } from '../normalize/index.js';
import type { Severity } from '../types.js';
import { forbidsFalseClaim, guardedByProhibition, handoffRecap, keepsSecret, ordinaryRouting } from './poison-grammar.js';
import { intentSignals } from './poison-intent.js';
import { asOtherTools } from './tool-names.js';
import type { OtherTools } from './tool-names.js';

export { nameSkeleton, toolNameIndex } from './tool-names.js';
export type { OtherTools } from './tool-names.js';
import { BUILTIN_POISON_PATTERNS, POISON_POINTS, SHADOWING_PATTERNS } from './poison-patterns.js';

// Any invisible formatting character in tool metadata is suspect: nothing a
// user reads needs zero-width, bidi-control or Tags-block characters.
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|\udb40[\udc00-\udc7f]/;
const LEAF_LIMITS = { maxDepth: 32, maxNodes: 20_000 };
/** Schema fields that hold values, not prose: an instruction there is out of place. */
const VALUE_FIELD = /\.(?:default|enum|examples|const|title|pattern|format)(?:\[\d+\])?$|\.enum\[\d+\]$|\.examples\[\d+\]$/;
/** Rows whose match spans verb … object, so a negation inside it reverses the sense. */
/** A property name that spells out reading a secret-bearing file (words split at _ - and case). */
const KEY_VERB = /\b(?:reading|read|dump|dumped|copy|copied|paste|include|insert|cat|contents?\s+of)\b/;
const KEY_SECRET = /\b(?:ssh|id\s+rsa|id\s+ed25519|private\s+key|aws\s+credentials|dot\s+env|env\s+file|mcp\s+json|passwd|shadow|kube\s*config|netrc|npmrc|cookies|keychain|api\s+keys?|tokens?|secrets?|passwords?)\b/;
const EXAMPLE_BEFORE = /\b(?:e\.g\.|eg\.|i\.e\.|for\s+example|for\s+instance|such\s+as)[,:]?\s*$/i;
const PLACEHOLDER = /@(?:example|yourcompany|your-company|yourdomain|your-domain|company)\.(?:com|org|net)\b|https?:\/\/(?:[\w-]+\.)?example\.(?:com|org|net)\b/i;
const NEGATABLE = new Set(['Sensitive File Directive', 'Data Routing Instruction', 'Parameter Smuggling']);
const NEGATED = /\b(?:not|never|no|without)\s+(?:be\s+)?$|n't\s+(?:be\s+)?$/i;
const ADDRESSES_MODEL = /\byou\s+(?:must|should|need\s+to|have\s+to|are\s+required)\b|\b(?:the\s+)?(?:assistant|model|ai|llm|agent)\s+(?:must|should)\b/i;

/** A word in Cyrillic letters only, and a word that mixes Latin and Cyrillic (a look-alike disguise). */
const CYRILLIC_WORD = /[\u0400-\u04ff]{4,}/;
const MIXED_WORD = /[a-z][\u0400-\u04ff]|[\u0400-\u04ff][a-z]/i;
/** A run of single characters with spaces between ("r e a d   t h e   . e n v"): letter-spacing hides words from every class. */
const SPACED_RUN = /(?<!\S)(?:\S {1,3}){9,}\S(?!\S)/;
/** Letter-spaced text joined back into words: a run of single characters loses its single spaces, wider gaps stay word breaks. */
export function despace(t: string): string {
  if (t.length < 40 || !SPACED_RUN.test(t)) return t;
  return t.replace(/(?<!\S)(?:\S {1,3})+\S(?!\S)/g, (run) => (/(?:\S ){3}/.test(run) ? run.split(/ {2,}/).map((w) => w.replace(/ /g, '')).join(' ') : run));
}

export interface PoisonTool {
  name?: unknown;
  title?: unknown;
  description?: unknown;
  inputSchema?: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
}

export interface PoisonFinding {
  hit: RawHit;
  /** Path inside the tool ('.description', '.inputSchema.properties.x.default', '' for the name). */
  path: string;
}

interface Signal {
  rule: string;
  points: number;
  severity?: Severity;
  excerpt: string;
  path: string;
  hit?: RawHit;
}

export function createPoisonDetector() {
  const rows = BUILTIN_POISON_PATTERNS.map((p) => ({ ...p, re: new RegExp(p.regex, 'i'), negatable: NEGATABLE.has(p.name) }));
  const shadowing = new RegExp(SHADOWING_PATTERNS.join('|'), 'i');

  function textSignals(text: string, path: string, others: OtherTools, injection: (t: string) => RawHit[], out: Signal[]): void {
    let recap: boolean | null = null;
    const isRecap = (t: string) => (recap ??= handoffRecap(t));
    if (INVISIBLE.test(text)) out.push({ rule: 'Invisible Characters In Tool Metadata', points: POISON_POINTS.invisible, severity: 'high', excerpt: 'invisible formatting characters', path });
    // Russian text is not a disguise: its words are Cyrillic throughout, so only a word that mixes scripts is folded to Latin.
    const plain = despace(needsNormalization(text) ? (CYRILLIC_WORD.test(text) && !MIXED_WORD.test(text) ? text.normalize('NFKC') : normalizeText(text)) : text);
    for (const p of rows) {
      const m = p.re.exec(plain);
      // A negated directive ("values are not read from .env") says what the tool does not do.
      // …and so does one negated between its verb and its object ("does not need the private key"), or a masked secret.
      if (m && p.negatable && /\b(?:not|never|no|without|masked|redacted)\b|n't\b/i.test(m[0])) continue;
      // "e.g. forward invoices to accounting@yourcompany.com" is an example of what the user may set up.
      if (m && p.name === 'Exfiltration Directive' && (EXAMPLE_BEFORE.test(plain.slice(Math.max(0, m.index - 30), m.index)) || PLACEHOLDER.test(m[0]) || /\bas\s+@?[\w.+-]+@[\w-]+\.[\w.]+$/.test(m[0]))) continue;
      // "Pass the access token returned by login as the token argument": an auth flow hands its own token on.
      if (m && p.name === 'Parameter Smuggling' && /\b(?:returned|issued|obtained|received)\s+(?:by|from)\b/i.test(m[0])) continue;
      // "Never run destructive commands without asking the user": a prohibition's guard asks the user, it hides nothing.
      if (m && guardedByProhibition(plain, m.index, m[0])) continue;
      if (m && p.name === 'Conceal From User' && (keepsSecret(plain, m.index, m[0]) || forbidsFalseClaim(plain, m.index, m[0]))) continue;
      // "The assistant must never run commands that delete data without the user's OK": a prohibition with a consent guard.
      if (m && /\bnever\b|\bnot\b|n't\b/i.test(m[0]) && /^[^.;\n]{0,80}\b(?:without|unless)\s+(?:first\s+)?(?:asking|the\s+user|confirm|approval|explicit|permission|their|user)/i.test(plain.slice(m.index + m[0].length))) continue;
      // "Copy a password to the clipboard": the user's own clipboard is no route out.
      if (m && p.name === 'Data Routing Instruction' && /^\s*(?:the\s+)?(?:system\s+|local\s+|user'?s\s+)?clipboard\b/i.test(plain.slice(m.index + m[0].length))) continue;
      // "Load variables from a .env file into the server process at startup": the server reads its own settings.
      if (m && p.name === 'Sensitive File Directive' && /^[^.;\n]{0,80}?\b(?:into\s+(?:the\s+|its\s+)?(?:(?:tool\s+)?server'?s?\s+|own\s+)?(?:process(?:\.env)?|environment)|at\s+(?:startup|start-?up|launch|boot)|when\s+(?:it|the\s+server)\s+starts)\b/i.test(plain.slice(m.index + m[0].length)) && !/\b(?:send|pass|include|upload|post|return|show|print|attach|forward|copy|paste)\w*\b/i.test(plain.slice(m.index + m[0].length).split(/[.;\n]/)[0] ?? '')) continue;
      // "Open an SSH session to a host configured in ~/.ssh/config": host aliases and known hosts are no secret.
      if (m && p.name === 'Sensitive File Directive' && /^[`'"(]?(?:~\/)?\.(?:ssh\/(?:config|known_hosts)|aws\/config|gitconfig)[`'".,;:)]*$/.test(plain.slice(plain.lastIndexOf(' ', m.index + m[0].length - 1) + 1).split(/\s/)[0] ?? '') && !/\b(?:send|pass|include|upload|post|attach|forward|copy|paste|put|embed)\w*\b/i.test(plain.slice(m.index).split(/[;\n]|\.\s/)[0] ?? '')) continue;
      // "Send product feedback to the team at feedback@…": the user's feedback to the vendor is the tool's function.
      if (m && p.name === 'Exfiltration Directive' && /\b(?:feedback|bug\s+reports?|feature\s+requests?|suggestions?|crash\s+reports?)\b/i.test(m[0]) && !/\b(?:conversation|chat|history|transcript|messages|every|each|all|secrets?|tokens?|keys?|passwords?|files?|data)\b/i.test(m[0])) continue;
      // "The assistant should never remove files outside the project": a standing prohibition on a risky act is safety guidance.
      // "The agent should first call list_tables to learn the schema": an ordering between named tools, not an order over the user.
      if (m && p.name === 'Model-Directed Override' && /\bfirst$/i.test(m[0]) && /^\s+(?:call|use|run|invoke)\s+[a-z][a-z0-9]*_[a-z0-9_]+\s+to\s+(?:learn|get|find|check|see|look\s+up|know|discover|list|read)\b[^'"`.;\n]*(?:[.;\n]|$)/i.test(plain.slice(m.index + m[0].length)) && !/\b(?:any|every|each|all|whenever)\b/i.test(plain.slice(Math.max(0, m.index - 80), m.index).split(/[.;\n]\s/).pop() ?? '')) continue;
      if (m && p.name === 'Model-Directed Override' && ((/\balways$/i.test(m[0]) && /^\s+(?:explain|ask|confirm|check|show|cite|verify|warn|validate|preview|describe|respect|quote|double-check|summari[sz]e|mention\s+what|state\s+what)\b/i.test(plain.slice(m.index + m[0].length))) || (/\bnever$/i.test(m[0]) && /^\s+(?:\w+\s+)?(?:remove|delete|run|execute|share|reveal|send|expose|commit|push|modify|overwrite|access|touch|write|install|store|log|print|output|disclose|upload|leak|drop|deploy|force|change|edit|move|follow|trust|open|click|guess|invent|fabricate|make\s+up)\b/i.test(plain.slice(m.index + m[0].length))))) continue;
      // A move the user gates, an identifier, a mail thread's messages, a key in a request header.
      if (m && (p.name === 'Parameter Smuggling' || p.name === 'Data Routing Instruction') && ordinaryRouting(plain, m.index, m.index + m[0].length)) continue;
      // "Load a .env file and return the names of the variables it defines"; a public key (~/.ssh/id_ed25519.pub).
      if (m && p.name === 'Sensitive File Directive' && ((/\b(?:names|keys)\s+of\s+(?:the\s+)?(?:variables|entries|settings)\b|\bvariable\s+names\b|\bnames\s+only\b/i.test(plain.slice(m.index, m.index + m[0].length + 120).split(/[.;\n](?:\s|$)/)[0] ?? '') && !/\bvalues?\b(?![^.;\n]{0,5}\b(?:never|not))/i.test((plain.slice(m.index, m.index + m[0].length + 120).split(/[.;\n](?:\s|$)/)[0] ?? '').replace(/\b(?:no|never|not|without)\s+(?:\w+\s+)?values?\b/gi, ''))) || /^[^\s)]*\.pub\b/.test(plain.slice(m.index + m[0].length)))) continue;
      // A hand-off tool that carries a short recap to the person taking over.
      if (m && (p.name === 'Parameter Smuggling' || p.name === 'Data Routing Instruction' || p.name === 'Hooked Tool Call') && isRecap(plain)) continue;
      if (m && !NEGATED.test(plain.slice(Math.max(0, m.index - 24), m.index))) out.push({ rule: p.name, points: p.points, severity: p.severity, excerpt: m[0].slice(0, 60), path });
    }
    for (const i of intentSignals(plain, VALUE_FIELD.test(path), others, /Schema\b|^\.annotations\b/.test(path))) out.push({ rule: i.rule, points: i.points, severity: i.critical ? 'critical' : 'high', excerpt: i.excerpt, path });
    for (const h of injection(text)) out.push({ rule: h.rule, points: POISON_POINTS.injection, severity: h.severity, excerpt: h.excerpt ?? '', path, hit: h });
    // Upper-case labels (SYSTEM:, IMPORTANT:) address the model; "Important: dates are UTC" is ordinary.
    const label = /(?:^|[\s"'(\[{#])(?:SYSTEM|ADMIN|INSTRUCTIONS?|AI|ASSISTANT|DEVELOPER)\s*:|(?:^|\n)\s*#{1,4}\s*SYSTEM\b/.exec(plain);
    if (label) out.push({ rule: 'Hidden Instruction Tag', points: 45, severity: 'high', excerpt: label[0].trim().slice(0, 60), path });
    const lower = plain.toLowerCase();
    for (const other of others.mentioned(lower)) {
      let at = lower.indexOf(other);
      while (at >= 0) {
        const before = lower.charCodeAt(at - 1);
        const after = lower.charCodeAt(at + other.length);
        const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
        if (!isWordChar(before) && !isWordChar(after)) {
          const from = Math.max(0, at - 140);
          const around = `${lower.slice(from, at)}__tool__${lower.slice(at + other.length, at + other.length + 160)}`;
          if (shadowing.test(around)) {
            out.push({ rule: 'Cross-Tool Shadowing', points: POISON_POINTS.shadowing, severity: 'high', excerpt: `mentions tool ${other}`, path });
            break;
          }
        }
        at = lower.indexOf(other, at + other.length);
      }
    }
  }

  return {
    /**
     * Findings for one tool. `otherNames` are the other tools' names in the
     * same list (lower-cased), or the view of a toolNameIndex of the list;
     * `injection` is the prompt-injection scan.
     */
    scanTool(tool: PoisonTool, otherNames: readonly string[] | OtherTools, injection: (t: string) => RawHit[]): PoisonFinding[] {
      const others = asOtherTools(otherNames);
      const signals: Signal[] = [];
      const meta = walkJson({ name: tool.name, title: tool.title, description: tool.description, inputSchema: tool.inputSchema, outputSchema: tool.outputSchema, annotations: tool.annotations }, '$', LEAF_LIMITS);
      let inValueField = false;
      let addressed = false;
      for (const leaf of meta.leaves) {
        const path = leaf.path.slice(1);
        if (leaf.kind === 'scalar' || leaf.text.length < 8) {
          if (leaf.kind !== 'scalar' && INVISIBLE.test(leaf.text)) signals.push({ rule: 'Invisible Characters In Tool Metadata', points: POISON_POINTS.invisible, severity: 'high', excerpt: 'invisible formatting characters', path });
          continue;
        }
        // Schema keywords and property names that are plain identifiers are not prose…
        if (leaf.kind === 'key' && !needsNormalization(leaf.text) && /^[\w$-]+$/.test(leaf.text)) {
          // …unless the name is itself an order to read a secret ("content_from_reading_ssh_id_rsa").
          const words = leaf.text.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_$-]+/g, ' ').toLowerCase();
          if (words.split(' ').length >= 4 && KEY_VERB.test(words) && KEY_SECRET.test(words)) signals.push({ rule: 'Instruction In Schema Key', points: 75, severity: 'high', excerpt: leaf.text.slice(0, 60), path });
          continue;
        }
        const before = signals.length;
        textSignals(leaf.text, path, others, injection, signals);
        if (signals.length > before) {
          if (VALUE_FIELD.test(path) || (leaf.kind === 'key' && path.includes('Schema'))) inValueField = true;
          if (ADDRESSES_MODEL.test(leaf.text)) addressed = true;
        }
      }
      const name = typeof tool.name === 'string' ? tool.name : '';
      if (name) {
        const twin = others.twin(name);
        if (twin) signals.push({ rule: 'Tool Name Impersonation', points: POISON_POINTS.impersonation, severity: 'high', excerpt: `name imitates tool ${twin}`, path: '' });
      }
      if (!signals.length) return [];
      // One score per tool: each rule counts once (its strongest hit), plus boosters.
      const best = new Map<string, number>();
      for (const s of signals) best.set(s.rule, Math.max(best.get(s.rule) ?? 0, s.points));
      // "Note for agents:" is read by the tag row and by the injection engine's 'Note to the AI': one piece of evidence, counted once.
      if (best.has('Hidden Instruction Tag') && best.has('Note to the AI') && signals.some((x) => x.rule === 'Note to the AI' && x.hit?.severity !== 'critical')) best.set('Note to the AI', 0);
      let score = [...best.values()].reduce((a, b) => a + b, 0);
      if (inValueField) score += POISON_POINTS.schemaField;
      if (addressed) score += POISON_POINTS.addressesModel;
      const toolSeverity: Severity | null = score >= 70 ? 'high' : score >= 40 ? 'medium' : null;
      const rules = [...best.keys()].join(', ');
      const out: PoisonFinding[] = [];
      const seen = new Set<string>();
      for (const s of signals) {
        const key = `${s.rule}\u0000${s.path}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // Signals take the tool's severity: a prompt-injection hit adds its points like any other
        // ("tell the user to restart" alone is ordinary in a description); only a critical one blocks alone.
        const rank = { low: 0, medium: 1, high: 2, critical: 3 } as const;
        let sev: Severity | null = toolSeverity;
        if (s.hit?.severity === 'critical') sev = !sev || rank[s.hit.severity] > rank[sev] ? s.hit.severity : sev;
        else if (s.severity === 'critical' && sev === 'high') sev = 'critical';
        if (!sev) continue;
        const hit: RawHit = s.hit ? { ...s.hit, scanner: 'tool-poison', severity: sev } : { scanner: 'tool-poison', rule: s.rule, severity: sev, excerpt: s.excerpt };
        hit.excerpt = `${(hit.excerpt ?? '').slice(0, 60)} (tool score ${score}: ${rules})`.slice(0, 200);
        out.push({ hit, path: s.path });
      }
      return out;
    },
  };
}
