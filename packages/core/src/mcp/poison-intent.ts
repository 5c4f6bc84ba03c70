// Intent of a tool text, read per sentence from word classes
// (poison-intent-patterns.ts) instead of fixed phrases, so a poisoned
// description in words nobody wrote down before still adds up: a
// secret-bearing object + a verb that moves it + somewhere for it to go (an
// argument, a URL, "the assistant") is a data flow; a demand to keep things
// from the user, a claim over the user's say, a changed recipient, a
// precondition on every request, a hook onto other tools that carries data.
// The context of the whole text (a marker tag, concealment, a precondition)
// lets a sentence count without its own sink. Each signal names its rule;
// poison.ts adds them into the tool's score.
import {
  AUTHORITY,
  CONCEAL,
  DESTINATION_LITERAL,
  HAND_OVER,
  HOOK_ACTION,
  MODEL_ADDRESS,
  MOVE_VERB,
  NEGATION_BEFORE,
  OTHER_TOOL,
  PERSISTENCE,
  RECIPIENT_CHANGE,
  SECRET_OBJECT,
  SINK,
  TOOL_HOOK,
  UNIVERSAL_PRECONDITION,
  WEAK_OBJECT,
} from './poison-intent-patterns.js';
import { crossSignals } from './poison-cross.js';
import { userSignals } from './poison-user.js';
import { agentSignals } from './poison-agent.js';
import { pretextSignals } from './poison-pretext.js';
import { forbidsFalseClaim, grammarSignals, guardedByProhibition, handoffRecap, keepsSecret, ordinaryRouting } from './poison-grammar.js';
import { asOtherTools } from './tool-names.js';
import type { OtherTools } from './tool-names.js';

export interface IntentSignal {
  rule: string;
  points: number;
  critical: boolean;
  excerpt: string;
}

const re = (s: string, flags = 'i') => new RegExp(s, flags);
const SECRET = re(SECRET_OBJECT);
const WEAK = re(WEAK_OBJECT);
const MOVE = re(MOVE_VERB, 'gi');
const SINK_RE = re(SINK);
const ADDRESS = re(MODEL_ADDRESS);
const CONCEAL_RE = re(CONCEAL, 'gi');
const AUTHORITY_RE = re(AUTHORITY, 'gi');
const RECIPIENT = re(RECIPIENT_CHANGE);
const LITERAL = re(DESTINATION_LITERAL, '');
const PRECONDITION = re(UNIVERSAL_PRECONDITION);
const OTHER = re(OTHER_TOOL);
const HOOK = re(TOOL_HOOK);
const HOOK_ACT = re(HOOK_ACTION);
const NEGATED = re(NEGATION_BEFORE);
const PERSIST = re(PERSISTENCE);
const HAND = re(HAND_OVER);
const MARKER = /\b(?:model|agent|assistant|ai|llm)_(?:directive|instructions?|policy|rules?|note)\b|<<\s*\/?\s*(?:SYS|SYSTEM|ADMIN|INST|IMPORTANT|HIDDEN)\s*>>|\[\[\s*\/?\s*[\w-]*(?:assistant|ai|system|hidden|admin|directive|note|instructions?)[\w-]*\s*\]\]|\{\{\s*(?:[\w-]+[\s_:-]+){0,3}(?:assistant|agent|model|ai|system|directive|instructions?|override)\b|<\|im_start\|>|⟦[^⟧]{0,20}⟧|#{2,}\s*[A-Z ]{0,30}(?:DIRECTIVE|INSTRUCTIONS?|SYSTEM|INTERNAL)\b|<\s*\/?\s*(?:[a-z]+[-_])?(?:important|system|instructions?|hidden|secret|admin|critical|note|ai|assistant|prompt|model|llm|agent|wichtig|importante|重要)(?:[-_][a-z]+)?(?:\s[^>]{0,40})?>|\[{1,2}\s*(?:important|system|admin|note|hidden)[^\]]{0,20}\]|<[^<>]{0,40}\b(?:CLAUDE|GPT|AI|MODEL|ASSISTANT|LLM|AGENT)S?\b[^<>]{0,20}>|\[[\w-]*(?:admin|system|directive)[\w-]*\]|\b(?:IMPORTANT|SYSTEM|NOTE FOR AI|NOTICE TO AI|WICHTIG|IMPORTANTE|HINWEIS|URGENT|ACTION REQUIRED)\b|<!--|display\s*:\s*none|<span\s+hidden\b/u;
/** Sentence ends, tag boundaries and line breaks; keeps each sentence short for the classes. */
const SPLIT = /(?<=[.!?;。！？；])\s+|[\n\r]+|<\s*\/?\s*[\p{L}][\p{L} -]{1,30}>/u;
/** Characters read from each end of a very long text (linear classes, so the cost stays bounded). */
const MAX_TEXT = 32_000;

/** A move verb in the sentence that is not negated ("never reads", "do not store"). */
function movesData(s: string): string | null {
  MOVE.lastIndex = 0;
  for (let m = MOVE.exec(s); m; m = MOVE.exec(s)) {
    if (!NEGATED.test(s.slice(Math.max(0, m.index - 40), m.index))) return m[0];
  }
  return null;
}

/** "Managers can approve all reports", "which tools run without asking": a modal, "lets you" or a relative clause before a claim describes what the tool allows. */
const HEDGED = /\b(?:can|could|may|might|lets?\s+(?:you|users?)|allows?\s+(?:you|users?)\s+to|enables?\s+(?:you|users?)\s+to)\s+(?:\w+\s+)?$|\bwhich\s+(?:\w+\s+){1,3}$/i;
/** The first match of the global `g` that is not hedged, nor the guard of a prohibition ("never … without asking"). */
function unhedged(g: RegExp, t: string, hedge = true): RegExpExecArray | null {
  g.lastIndex = 0;
  for (let m = g.exec(t), n = 0; m && n < 8; m = g.exec(t), n++) {
    if ((!hedge || !HEDGED.test(t.slice(Math.max(0, m.index - 40), m.index))) && !guardedByProhibition(t, m.index, m[0])) return m;
    if (m[0].length === 0) g.lastIndex++;
  }
  return null;
}

/**
 * Signals of one text. `valueField`: the text is a schema value (default,
 * enum, title); `inSchema`: it sits in a schema or annotations, where an
 * instruction to move data is out of place; `others`: the other tools' names
 * in the list, lower-cased.
 */
export function intentSignals(text: string, valueField: boolean, otherNames: readonly string[] | OtherTools = [], inSchema = false): IntentSignal[] {
  const others = asOtherTools(otherNames);
  // Head and tail: padding in the middle cannot push an instruction out of reach.
  const t = text.length > 2 * MAX_TEXT ? `${text.slice(0, MAX_TEXT)}\n${text.slice(-MAX_TEXT)}` : text;
  const out: IntentSignal[] = [];
  let conceal = unhedged(CONCEAL_RE, t, false);
  if (conceal && keepsSecret(t, conceal.index, conceal[0])) conceal = null;
  if (conceal && forbidsFalseClaim(t, conceal.index, conceal[0])) conceal = null;
  const authority = unhedged(AUTHORITY_RE, t);
  const precondition = PRECONDITION.exec(t);
  if (conceal) out.push({ rule: 'Conceal From User', points: 70, critical: false, excerpt: conceal[0].slice(0, 60) });
  if (authority) out.push({ rule: 'Authority Over User', points: 70, critical: false, excerpt: authority[0].slice(0, 60) });
  if (precondition) out.push({ rule: 'Universal Precondition', points: HAND.test(t) ? 70 : 45, critical: false, excerpt: precondition[0].slice(0, 60) });
  // Context that makes a bare "read X and pass it" an instruction to the model.
  const context = valueField || inSchema || !!conceal || !!authority || !!precondition || MARKER.test(t);
  // A deploy-key tool may add keys; a text that speaks to the model, carries its own key or says "every host" plants access.
  const persist = PERSIST.exec(t);
  if (persist) {
    const planted = context || ADDRESS.test(t) || /\bssh-(?:rsa|ed25519|ecdsa)\b|\bevery\s+(?:host|server|machine)\b/i.test(t);
    out.push({ rule: 'Persistence Write', points: planted ? 80 : 45, critical: planted, excerpt: persist[0].slice(0, 60) });
  }
  // Orders with no secret in them: harmful acts, tampering with other calls, fixed destinations, credit.
  for (const g of grammarSignals(t, others, { context, covert: !!conceal || !!authority })) out.push({ rule: g.rule, points: g.points, critical: false, excerpt: g.excerpt });
  // Orders aimed at the other tools: harvesting secrets into them, shunning them, shell commands to run, call chains to a fixed place.
  for (const c of crossSignals(t, others)) out.push(c);
  // Orders that harm the user with no secret moved: false reassurance, side-effect state changes elsewhere, URL templates to fill.
  for (const c of userSignals(t, others)) out.push(c);
  // Orders that take over the agent or its ground: planted memories, swapped registries, self-call loops, relayed tokens, licence scams, erased backups, forced languages, notes for other agents.
  for (const c of agentSignals(t, context || !!conceal || !!authority, inSchema)) out.push(c);
  // Orders wrapped in a pretext: changelogs, fake errors, compatibility steps, consent already given, time triggers, superseded tools.
  for (const c of pretextSignals(t, valueField)) out.push(c);
  // Prefilter: a class whose key part is nowhere in the text is skipped for every sentence.
  let flow = !SECRET.test(t) && !WEAK.test(t);
  let recipient = !RECIPIENT.test(t);
  let hook = !HOOK.test(t);
  if (flow && recipient && hook) return out;
  let previous = '';
  for (const s of t.split(SPLIT)) {
    if (s.length < 12) continue;
    // The object may sit in the sentence before the verb ("needs ~/.x. Open it and put it into `y`").
    const pair = /^\s*(?:\w+\s+){0,8}?(?:open|read|take|grab|copy|put|send|pass|include|paste|attach)\s+(?:it|them|this|that)\b/i.test(s) ? `${previous} ${s}` : s;
    const prior = previous;
    previous = s;
    if (!flow) {
      // A strong object (a key file, the conversation) moves with a sink or an address to the model;
      // a weak one ("credentials", "API keys") only where the text speaks to the model.
      const address = ADDRESS.test(pair);
      const strong = SECRET.exec(pair);
      // Schema prose alone does not make a weak object count ("build secrets to pass to docker build" is a parameter's job).
      const weakContext = valueField || !!conceal || !!authority || !!precondition || MARKER.test(t);
      const obj = strong && (context || address || SINK_RE.test(pair)) ? strong : weakContext || address ? WEAK.exec(pair) : null;
      const verb = obj ? movesData(pair) : null;
      // A hand-off tool's recap of the conversation for the person taking over is its function.
      // …and so is a move the user gates, an identifier ("the conversation id"), a generated password handed back.
      const objAt = obj ? pair.indexOf(obj[0]) : -1;
      const ordinary = obj && (ordinaryRouting(pair, objAt, objAt + obj[0].length) || /\b(?:generated|new|random)\s+(?:\w+\s+)?$/i.test(pair.slice(Math.max(0, objAt - 20), objAt)));
      if (obj && verb && !ordinary && !(/\b(?:conversation|chat)\b/i.test(obj[0]) && handoffRecap(t))) {
        flow = true;
        out.push({ rule: 'Secret Data Flow', points: 80, critical: true, excerpt: `${verb} … ${obj[0]}`.slice(0, 60) });
      }
    }
    if (!recipient) {
      const r = RECIPIENT.exec(s);
      if (r) {
        recipient = true;
        // the literal destination may stand in the sentence before ("… account DE44…; update the payee …")
        const strong = LITERAL.test(s) || LITERAL.test(prior) || !!conceal || !!authority;
        out.push({ rule: 'Recipient Substitution', points: strong ? 75 : 45, critical: false, excerpt: r[0].slice(0, 60) });
      }
    }
    if (!hook) {
      // The hook comes first ("whenever X is used, also …"); "run X first, deploy when it passes" is an ordering.
      const h = HOOK.exec(s);
      const rest = h ? s.slice(h.index) : '';
      const o = h ? (OTHER.exec(rest)?.[0] ?? others.mentioned(rest.toLowerCase())[0] ?? null) : null;
      if (o && HOOK_ACT.test(s)) {
        hook = true;
        const strong = SECRET.test(s) || LITERAL.test(s) || SINK_RE.test(s) || /https?:\/\//.test(s) || movesData(s) !== null;
        out.push({ rule: 'Cross-Tool Hook', points: strong ? 70 : 40, critical: false, excerpt: `reaches ${o}`.slice(0, 60) });
      }
    }
  }
  return out;
}
