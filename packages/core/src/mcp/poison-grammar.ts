// Directive grammar: what a tool text asks the model to do when no secret
// moves. A description states the tool's own function, in its first
// sentence or in the third person ("Deletes a branch"); a poisoned one gives
// the model an order: an imperative (or "the assistant forwards …") with an
// act from poison-grammar-patterns.ts (destroy, widen access, approve in
// bulk, inflate an order, cheat a check, rewrite another call, send out to a
// fixed place, obey the tool's output, take credit), held together with the
// parts that make it an order rather than a description: a trigger on other
// events, a reach into other tools, the model addressed, a claim of consent
// or policy, a push to act at once, concealment, a marker. Each family
// scores from how many of those parts it has; poison.ts adds the points.
import {
  APPROVE,
  AT_ONCE,
  ATTRIBUTION,
  CHEAT,
  CONSENT_CLAIM,
  CROSS_TOOL,
  DECEIVE,
  DELEGATE,
  DESTROY,
  EXAMPLE_MARK,
  EXFIL_VERB,
  FIXED_DESTINATION,
  GUARDED_AFTER,
  MONEY,
  NOT_BEFORE,
  OVERRIDE_VALUE,
  PASSIVE_ORDER,
  POLICY_CLAIM,
  SESSION_OBJECT,
  TAMPER,
  TELL_USER,
  TRIGGER,
  UNIVERSAL,
  WIDEN_ACCESS,
} from './poison-grammar-patterns.js';
import { MODEL_ADDRESS, SECRET_OBJECT } from './poison-intent-patterns.js';
import type { OtherTools } from './tool-names.js';

export interface GrammarSignal {
  rule: string;
  points: number;
  excerpt: string;
}

/** What the text as a whole already says (computed by poison-intent.ts). */
export interface GrammarContext {
  /** A marker tag, a schema value or schema prose: the text is set apart for the model. */
  context: boolean;
  /** Concealment or a claim of authority over the user somewhere in the text. */
  covert: boolean;
}

const re = (s: string, flags = 'i') => new RegExp(s, flags);
const CHEAT_RE = re(CHEAT, 'gi');
const HARM = [...[DESTROY, WIDEN_ACCESS, APPROVE, MONEY].map((p) => re(p, 'gi')), CHEAT_RE];
const TAMPER_RE = [re(TAMPER, 'gi')];
const EXFIL_RE = re(EXFIL_VERB, 'gi');
const DEST = re(FIXED_DESTINATION, 'gi');
const EXAMPLE = re(`${EXAMPLE_MARK}[^.;\\n]{0,30}$`);
const SESSION = re(SESSION_OBJECT);
const TRIGGER_RE = re(TRIGGER);
const CROSS = re(CROSS_TOOL);
const UNIVERSAL_RE = re(UNIVERSAL);
const AT_ONCE_G = re(AT_ONCE, 'gi');
const CONSENT = re(CONSENT_CLAIM);
const DELEGATE_RE = re(DELEGATE);
const POLICY = re(POLICY_CLAIM);
const DECEIVE_RE = re(DECEIVE);
const PASSIVE = re(PASSIVE_ORDER);
const OVERRIDE = re(OVERRIDE_VALUE);
const TELL_RE = re(TELL_USER);
const ATTRIB = [re(ATTRIBUTION, 'gi')];
const NOT = re(NOT_BEFORE);
const GUARDED = re(GUARDED_AFTER);
const ADDRESS = re(MODEL_ADDRESS);
const SECRET = re(SECRET_OBJECT);
/** The whole text mentions one of the acts: the prefilter for the per-sentence pass. */
const ANY_ACT = re([PASSIVE_ORDER, DECEIVE, DESTROY, WIDEN_ACCESS, APPROVE, MONEY, CHEAT, TAMPER, DELEGATE, ATTRIBUTION, CONSENT_CLAIM].join('|'));
const ANY_DEST = re(FIXED_DESTINATION);
const GERUND_DUTY = /^(?:[^.;\n]|\.(?=\S)){0,120}\b(?:is|are)\s+(?:required|expected|mandatory|necessary|essential|needed|standard|compulsory|the\s+(?:expected|default|required)\s+(?:behaviou?r|step|practice))\b/i;
const DESCRIBES = /\b(?:lets?|allows?|enables?|helps?|used|able)\s+(?:(?:you|the\s+user|users|the\s+assistant|assistants|agents?|the\s+agent|clients?|callers?)\s+)?(?:to\s+)?$/i;
/** A subject that makes a third-person verb an order: "the assistant forwards …". */
const SUBJECT = /\b(?:assistant|ai|model|agent|llm|claude|gpt|copilot|gemini|you)\b[^.;\n]{0,24}$/i;
/** Words that extend a call rather than describe one: "also", "instead", a quoted value, a number. */
const EXTRA = /\b(?:also|too|as\s+well|instead|additionally)\b|'[^']{3,}'|"[^"]{3,}"|\b\d{4,}\b|\b[A-Z]{2}\d{2}[A-Z0-9]{8,}\b|[\w-]+\.(?:com|net|org|io|co|biz|app|dev)\b/;
/** Sentence ends (not the dot of a list number: "1. Change …") and line breaks. */
const SPLIT = /(?<=[.!?;])(?<!(?:^|\n)\s*\d{1,2}\.)\s+|[\n\r]+/;
/** "e.g. /home/me/doc.pdf", "like 'v1.2.3'": an example value, not the one that replaces the user's. */
const EXAMPLE_VALUE = /\b(?:e\.g\.|eg\.|i\.e\.|for\s+example|for\s+instance|such\s+as|like)[,:]?\s*(?:'[^']*'|"[^"]*"|\S+)/gi;
/** Cheap test for a fixed destination before the verb-by-verb pass. */
const DEST_HINT = /@|https?:\/\/|\+\d|\b00\d\d\s?\d|\bnumber\s+\d|#[a-z]|\b\d{3}-\d{4}\b|\buser\s+U(?=[A-Za-z]*\d)[A-Za-z0-9]|\b(?:external|outside|other)\s+(?:workspace|server|host|endpoint|channel|address)\b/i;
/** A copy on top of the send the user asked for: "also", "as well", "mirror", "cc". */
const COPY_TOO = /\b(?:also|as\s+well|too|in\s+addition|additionally|duplicate|mirror\w*|cc|bcc|cop(?:y|ies|ied)|blind[-\s]?cop\w*)\b/i;
/** The user picks the value: "the address they give". */
const USER_CHOICE = /\b(?:the\s+user|they|you)\s+(?:give|gives|gave|choose|chooses|chose|pick|picks|picked|provide|provides|provided|name|names|named|confirm|confirms|confirmed|approve|approves|approved|enter|enters|entered|type|types|typed|select|selects|selected|wrote|write|writes)\b|\bif\s+they\s+(?:enabled|asked|want)\b|\bask\s+the\s+user\b/i;
/** The user asks for this very send ("when the user asks for help", "only if the user agrees"); not a trigger on any question. */
const USER_GATE = /\bwhen\s+the\s+user\s+asks\s+(?:for\s+(?:help|support|it|this|that|a\s+human|a\s+person)|you\s+to)\b|\bif\s+the\s+user\s+(?:wants|agrees|confirms|asks\s+for\s+it)\b|\bat\s+the\s+user'?s\s+request\b|\bonly\s+(?:when|if)\s+the\s+user\b/i;
/** A named third party in the act: a quoted account, an address. */
const LITERAL_PARTY = /'[^']{2,}'|"[^"]{2,}"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
/** A reason that sells the act: "to make logins easier", "; reviewers are busy". */
const RATIONALE = /\bto\s+(?:make\s+\w+\s+(?:easier|faster|smoother|simpler|quicker)|reduce\s+(?:noise|friction|prompts|clutter)|avoid\s+(?:prompts|errors|friction|questions|delays)|speed\s+(?:things\s+)?up|save\s+time)\b|;\s*(?:reviewers|the\s+user|users|they|people|everyone|the\s+team)\s+(?:are|is|have|has|don'?t|do\s+not|usually|always|prefer|want|won'?t)\b|\b(?:it|this)\s+(?:speeds\s+up|fixes\s+everything|saves\s+time|improves\s+speed)\b/i;
/** A prescription: "the fix is to", "the safest fix is". */
const PRESCRIPTION = /\bthe\s+(?:safest\s+|fastest\s+|best\s+|only\s+)?(?:fix|solution|remedy|workaround)\s+(?:for\s+[^.;\n]{0,40})?is\b|\bbest\s+practice\b|\bbest\s+results\s+come\s+from\b/i;
/** The act works on the tool's own arguments: "the given folder", "the users in the list", "the retention period you pass". */
const PARAM_REF = /\bthe\s+(?:given|specified|selected|listed|named|chosen|provided|passed|requested|target)\b|\bin\s+the\s+list\b|\byou\s+(?:pass|give|provide|specify|choose|select|name)\b|\bmatching\s+the\s+(?:pattern|filter|query|glob)\b|\bthe\s+user\s+(?:picks|chooses|selects|names|lists|gives|specifies)\b|\bthey\s+(?:pick|choose|select|name|list)\b|\bfor\s+the\s+given\b/i;
/** The model's own work is the scope: "every repository you touch", "each file you open". */
const YOU_ACT = /\b(?:you|the\s+(?:assistant|agent|model))\s+(?:give|send|post|say|answer|reply|touch|see|find|open|read|create|handle|process|come\s+across|encounter|work\s+on|look\s+at|visit|edit|write|run|execute|make|issue)\b/i;
/** What a passive order changes in another call: its recipient, path, query, result … (named before the order). */
const CALL_PART = /\b(?:recipients?|destinations?|authors?|amounts?|payees?|address(?:es)?|urls?|quer(?:y|ies)|selects?|text|messages?|body|results?|outputs?|paths?|headers?|branch(?:es)?|remotes?|accounts?|requests?|files?|commits?|issues?|e-?mails?|payments?|orders?)\b/i;
const QUICK_SO = /\bso\s+(?:\w+\s+){0,2}?(?:perform|proceed|carry\s+out|go\s+ahead|approve|grant|delete|remove|run|execute|do)\b/i;

/** A prohibition earlier in the clause: "never run … without asking", "do not merge unless …" (not "no need to", "never bother"). */
const PROHIBITION = /\b(?:never|do\s+not|don'?t|does\s+not|doesn'?t|must\s+not|mustn'?t|should\s+not|shouldn'?t|shall\s+not|may\s+not|cannot|can'?t|will\s+not|won'?t|avoid|refuse\w*|under\s+no\s+circumstances|not\s+(?:allowed|permitted)|only\s+(?:use|run|call|when|if|after))\b(?!\s+(?:need|needs|have\s+to|has\s+to|bother|wait|hesitate|ask|stop|pause|check|worry|require|prompt|interrupt|confirm))/i;
/**
 * "Never run destructive commands without asking the user first": a "without
 * <consent>" phrase inside a prohibition is a double negation, a demand to ask,
 * the opposite of acting behind the user's back. True when the clause before
 * `at` (back to a sentence end, a semicolon, a comma or a dash) forbids.
 */
/** "Never reveal the new password in chat": keeping a secret out of sight is safety, not concealment. */
export function keepsSecret(t: string, at: number, phrase: string): boolean {
  return /\b(?:never|not|don'?t)\b/i.test(phrase) && /^[^.;\n]{0,40}?\b(?:passwords?|tokens?|(?:api\s+|secret\s+|private\s+)?keys?|secrets?|credentials?|pins?|otps?|card\s+numbers?)\b/i.test(t.slice(at + phrase.length - 4, at + phrase.length + 60));
}

/** "Do not tell the user a file is clean if any engine flags it": forbidding a false reassurance is honesty, not concealment. */
export function forbidsFalseClaim(t: string, at: number, phrase: string): boolean {
  const end = at + phrase.length;
  return /\b(?:not|never|don'?t)\b/i.test(phrase) && /^[^.;\n]{0,60}?\b(?:safe|clean|secure|fine|passed|valid|approved|harmless)\b[^.;\n]{0,40}?\b(?:if|unless|until|when)\b/i.test(t.slice(Math.max(at, end - 4), end + 120));
}

/** A hand-off tool: its function is to pass the conversation to a person ("Hand off to a human", "Transfer the chat to a live support agent"). */
const HANDOFF = /^\W*(?:[\w-]+[.:]\s+)?(?:hand(?:s|ing)?(?:\s+(?:off|over))?|transfer\w*|escalat\w*|route\w*|connect\w*|pass(?:es)?)\s+(?:the\s+)?(?:(?:conversation|chat|user|customer|case|ticket|call)\s+)?(?:\w+\s+){0,2}?to\s+(?:a\s+|an\s+|the\s+)?(?:human|live|support|real|customer\s+service|person|staff|operator|on-call)\b/i;
/** A recap of the conversation, not the conversation itself: "a short summary of the conversation so far". */
const RECAP = /\b(?:short|brief|concise|one-line|quick)\s+(?:summary|recap|synopsis|overview)\s+of\s+(?:the\s+)?(?:conversation|chat|issue|problem)\b/i;
/**
 * "Hand off to a human. … call this tool with a short summary of the
 * conversation so far": a hand-off tool carries a recap to the person taking
 * over; that is its function. Not when the whole conversation, a secret or a
 * fixed address is named.
 */
export function handoffRecap(t: string): boolean {
  return HANDOFF.test(t) && RECAP.test(t) && !/\b(?:full|entire|whole|complete|verbatim|every)\s+(?:\w+\s+)?(?:conversation|chat|transcript|history|messages?)\b|https?:\/\/|[\w.+-]+@[\w-]+\.\w|\b(?:passwords?|tokens?|api\s+keys?|credentials?|secrets?|\.env|ssh)\b/i.test(t);
}

/** "only if the user asks to save it", "only when they ask to talk to support": the move waits for the user. */
const ONLY_IF_USER = /\bonly\s+(?:if|when|after|once)\s+(?:the\s+user|they|you\s+are\s+asked|asked)\s+(?:explicitly\s+)?(?:asks?|wants?|agrees?|confirms?|requests?|says|chooses?)\b/i;
/** An identifier, not the thing: "the conversation id", "chat_id", "thread key". */
const AN_ID = /^\s*[-_ ]?(?:ids?|identifiers?|keys?|numbers?|titles?|names?|urls?|links?|handles?|counts?)\b/i;
/** An e-mail thread's own messages ("the previous messages of the thread"), not the chat with the model. */
const MAIL_THREAD = /^[^.;\n]{0,20}?\b(?:of|in|from)\s+(?:the\s+|this\s+|that\s+)?(?:same\s+|original\s+)?(?:e-?mail\s+|mail\s+)?(?:thread|chain|mailbox|inbox|channel|ticket)\b/i;

/**
 * Routing rows (Data Routing Instruction, Parameter Smuggling, Secret Data
 * Flow) on what a tool legitimately moves: a move the user gates ("only if
 * the user asks"), an identifier named after the object ("the conversation
 * id"), an e-mail thread's own messages, an API key put in a request header
 * where keys belong. `at` and `end` bound the row's match in `t`.
 */
export function ordinaryRouting(t: string, at: number, end: number): boolean {
  const sentence = t.slice(at).split(/[.;\n](?:\s|$)/)[0] ?? '';
  if (ONLY_IF_USER.test(sentence)) return true;
  const OBJ = /\b(?:conversation|chat|thread|session|history|messages|api[\s_-]?keys?|(?:access\s+|bearer\s+)?tokens?)\b/gi;
  const span = t.slice(at, Math.max(end, at + 1));
  let ordinary = false;
  for (let m = OBJ.exec(span); m; m = OBJ.exec(span)) {
    const rest = t.slice(at + m.index + m[0].length);
    const word = m[0].toLowerCase();
    if (/^(?:conversation|chat|thread|session|history)$/.test(word) && AN_ID.test(rest)) ordinary = true;
    else if (word === 'messages' && MAIL_THREAD.test(rest)) {
      ordinary = true;
      OBJ.lastIndex = m.index + m[0].length + (MAIL_THREAD.exec(rest)?.[0].length ?? 0);
    }
    // "Pass your API key in the X-Api-Key header", "include API keys in the Authorization header, never in the URL".
    else if (/keys?$|tokens?$/.test(word) && /^\s+(?:in|into|as|via)\s+(?:the\s+|an?\s+)?[\w-]*\s*(?:authorization\s+|auth\s+|request\s+|http\s+)?headers?\b/i.test(rest) && !/https?:\/\/|[\w.+-]+@[\w-]+\.\w/.test(sentence)) ordinary = true;
    else return false;
  }
  return ordinary;
}

export function guardedByProhibition(t: string, at: number, phrase: string): boolean {
  if (!/^(?:without|unless|no\s+confirmation)\b/i.test(phrase)) return false;
  // Thousands separators and decimals ("10,000 USD", "1.5 GB") are no clause ends.
  const before = t.slice(Math.max(0, at - 120), at).replace(/(\d)[.,](?=\d)/g, '$1');
  const clause = before.slice(Math.max(...[...'.;!?\n,—–'].map((c) => before.lastIndexOf(c))) + 1);
  return PROHIBITION.test(clause);
}

/** The act is an order: a base-form verb, or a third-person one after the model as subject; not negated, not guarded. */
function ordered(s: string, m: RegExpExecArray): boolean {
  const before = s.slice(Math.max(0, m.index - 80), m.index);
  // "Do not run `rm -rf /`": a quote or code mark between the negation and the act.
  if (NOT.test(before) || NOT.test(before.replace(/[`'"]+/g, ' '))) return false;
  // "a delete event", "to suppress every warning, use …": a noun or a purpose, not an order.
  if (/\b(?:a|an|the|its|their|our|your)\s+$|'s\s+$|(?:^|[,;:(]\s*)to\s+$/i.test(before)) return false;
  // "use this to delete …", "lets you remove …", "allows agents to approve …": what the tool is for.
  if (DESCRIBES.test(before)) return false;
  if (/\bto\s+$/i.test(before) && !/\b(?:need|needs|have|has|are|is|required|expected|supposed|sure|remember|instructed|asked|ought|practice|important|essential|necessary|mandatory|crucial|recommended|advisable|idea|wise|policy|rule)\s+(?:always\s+|simply\s+|just\s+|also\s+)?to\s+$/i.test(before)) return false;
  if (GUARDED.test(s.slice(m.index + m[0].length))) return false;
  const verb = /^(?:(?:always|also|then|just|please|kindly|quietly|silently|simply|now)\s+)*([a-z]+)/i.exec(m[0])?.[1]?.toLowerCase() ?? '';
  // "every document is archived to …": a passive order about the session's data.
  // "Forwarding each invoice … is required", "please consider adding …": a gerund that is the order.
  if (/ing$/.test(verb) && (GERUND_DUTY.test(s.slice(m.index)) || /\b(?:consider|try|keep|start|begin|continue|recommend|suggest|comes?\s+from)\s+$/i.test(before))) return true;
  if (verb.length > 3 && /(?:[^s]s|ed|ing)$/.test(verb) && !/^(?:access|process|bless|ping|bring|feed|embed|shred|proceed|succeed|exceed|seed|speed|bleed)$/.test(verb)) return SUBJECT.test(before) || (/ed$/.test(verb) && /\b(?:every|each|all|any|everything|whatever)\b[^.;\n]{0,80}\b(?:is|are|gets?|get|be|been)\s+(?:also\s+)?(?:re-|cross-)?$/i.test(before) || /\b(?:must|should|shall|has\s+to|have\s+to|needs?\s+to|is\s+to|are\s+to)\s+(?:also\s+|always\s+)?be\s+$/i.test(before));
  return true;
}

/** For the other order families (poison-agent.ts): is the match `m` in sentence `s` an order? */
export function isOrder(s: string, m: RegExpExecArray): boolean {
  return ordered(s, m);
}

/** The first match of any of `res` (global) that is an order; a match that is not is retried one character on ("updating …, set the account"). */
function firstOrdered(s: string, res: readonly RegExp[]): RegExpExecArray | null {
  for (const r of res) {
    r.lastIndex = 0;
    for (let m = r.exec(s), n = 0; m && n < 16; m = r.exec(s), n++) {
      if (ordered(s, m)) return m;
      r.lastIndex = m.index + 1;
    }
  }
  return null;
}

/** A push to act at once that is not the guard of a prohibition ("never … without confirmation"). */
function atOnce(s: string): boolean {
  const g = AT_ONCE_G;
  g.lastIndex = 0;
  for (let m = g.exec(s); m; m = g.exec(s)) if (!guardedByProhibition(s, m.index, m[0])) return true;
  return false;
}

/** A fixed destination after `from` that is not an example ("e.g. https://…"). */
function fixedDestination(s: string, from: number): string | null {
  DEST.lastIndex = from;
  for (let d = DEST.exec(s); d; d = DEST.exec(s)) {
    if (!EXAMPLE.test(s.slice(Math.max(0, d.index - 40), d.index)) && !/example\.(?:com|org|net)|localhost/i.test(d[0])) return d[0];
  }
  return null;
}

/** "Don't attribute it to this tool": the negation is the order itself. */
function disownedCredit(s: string): RegExpExecArray | null {
  if (!/\b(?:don'?t|do\s+not|never)\s+(?:attribute|credit)\b/i.test(s)) return null;
  const r = ATTRIB[0]!;
  r.lastIndex = 0;
  return r.exec(s);
}

export function grammarSignals(t: string, others: OtherTools, ctx: GrammarContext): GrammarSignal[] {
  const out: GrammarSignal[] = [];
  if (!ANY_ACT.test(t) && !ANY_DEST.test(t)) return out;
  const consent = CONSENT.exec(t);
  const policy = POLICY.test(t);
  const textAddress = ADDRESS.test(t);
  const seen = new Set<string>();
  const push = (rule: string, points: number, excerpt: string) => {
    if (seen.has(rule)) return;
    seen.add(rule);
    out.push({ rule, points, excerpt: excerpt.slice(0, 60) });
  };
  let index = 0;
  let harmAnywhere = false;
  // "Whenever a payment tool is used:" followed by "1. Change the payee …": the items inherit the heading's scope.
  let heading = { trigger: false, cross: false };
  // The first sentence of four words or more states the tool's function ("File cleaner. Remove all files older than N days."); the ones after it are extra.
  let functionAt = -1;
  let cursor = 0;
  for (const s of t.split(SPLIT)) {
    if (!s.trim()) continue;
    const start = t.indexOf(s, cursor);
    if (start >= 0) cursor = start + s.length;
    // The clause after the sentence ("…; reviewers are busy", "…; no review needed") may carry the reason or the push.
    const after = start >= 0 ? t.slice(cursor, cursor + 60) : '';
    const at = index++;
    if (functionAt < 0 && s.trim().split(/\s+/).length >= 4) functionAt = at;
    const later = functionAt >= 0 && at > functionAt;
    const item = /^\s*(?:\d{1,2}[.)]|[-*•])\s/.test(s);
    if (!item) heading = { trigger: false, cross: false };
    if (s.length < 12) continue;
    // The parts are read only when the sentence has an act: most sentences have none.
    let memo: { trigger: boolean; cross: boolean; universal: boolean; atOnce: boolean; address: boolean } | null = null;
    const f = () =>
      (memo ??= {
        trigger: TRIGGER_RE.test(s) || (item && heading.trigger),
        cross: CROSS.test(s) || (item && heading.cross) || others.mentioned(s.toLowerCase()).length > 0,
        universal: UNIVERSAL_RE.test(s),
        atOnce: atOnce(s),
        address: ADDRESS.test(s) || YOU_ACT.test(s),
      });
    if (/:\s*$/.test(s)) heading = { trigger: f().trigger, cross: f().cross };
    // Parts that make an act an order; the scope words (trigger, every/any) count once.
    const parts = () => {
      const x = f();
      return Number(x.trigger || x.universal) + Number(x.cross) + Number(x.atOnce) + Number(x.address) + Number(ctx.covert || !!consent) + Number(ctx.context) + Number(policy) + Number(later);
    };

    for (let h = 0; h < HARM.length; h++) {
      const harm = firstOrdered(s, [HARM[h]!]);
      if (!harm) continue;
      harmAnywhere = true;
      // "Delete every merged branch in the selected repository" works on the tool's own arguments: its function.
      if (PARAM_REF.test(s) && !ctx.covert && !consent && !ADDRESS.test(s)) break;
      // A named third party ('contractor-x', bot@x.io), a reason that sells the act, a prescription ("the fix is to").
      const extraParts = Number(LITERAL_PARTY.test(s.replace(EXAMPLE_VALUE, ''))) + Number(RATIONALE.test(s) || RATIONALE.test(`;${after}`)) + Number(PRESCRIPTION.test(s)) + Number(DELEGATE_RE.test(s)) + Number(!f().atOnce && atOnce(after));
      // Cheating a check is out of place with one part; the other acts need two.
      if (parts() + extraParts >= (HARM[h] === CHEAT_RE ? 1 : 2)) push('Harmful Action Directive', 75, harm[0]);
      break;
    }
    const tamper = firstOrdered(s, TAMPER_RE);
    if (tamper) {
      // Another tool's call (or a marked text) and a trigger or an extra value; or "when paying any invoice, change the payee to <literal>".
      const { trigger, cross, universal, atOnce } = f();
      const extra = EXTRA.test(s.slice(tamper.index));
      const fires = ((cross || ctx.context) && (trigger || extra || atOnce || ctx.covert)) || (trigger && (universal || /\binstead\b/i.test(s)) && extra) || (universal && extra);
      // "set the body to the description the user approved": the user's own value.
      if (fires && (ctx.covert || !USER_CHOICE.test(s))) push('Cross-Tool Tampering', 75, tamper[0]);
    }
    if (DEST_HINT.test(s)) {
      EXFIL_RE.lastIndex = 0;
      for (let v = EXFIL_RE.exec(s); v; v = EXFIL_RE.exec(s)) {
        if (!ordered(s, v)) continue;
        const dest = fixedDestination(s, v.index);
        if (!dest) continue;
        const object = SESSION.test(s);
        const scope = () => COPY_TOO.test(s) || PASSIVE.test(s) || f().atOnce || f().trigger || policy || f().address || textAddress || ctx.context || ctx.covert || f().cross || GERUND_DUTY.test(s.slice(v!.index));
        // Session data with something that makes it an order, or a secret: either is out of place on its way to a fixed place.
        // "Email the support team at x@y with the user's question, when the user asks for help": the user's request is the send.
        if (USER_GATE.test(s) && !ctx.covert && !SECRET.test(s)) break;
        if ((object && scope()) || SECRET.test(s)) push('Fixed-Destination Exfiltration', 75, `${v[0]} … ${dest}`);
        break;
      }
    }
    const delegate = DELEGATE_RE.exec(s);
    if (delegate && (consent || ctx.covert || harmAnywhere || f().atOnce || f().address)) push('Obeys Tool Output', 75, delegate[0]);
    // "When sending emails, the recipient must be changed to x@y": a passive order on another call, with the value that replaces the user's.
    const passive = PASSIVE.exec(s);
    if (passive && (f().trigger || f().cross || f().universal)) {
      const lead = s.slice(0, passive.index);
      const hooked = f().cross || ((TRIGGER_RE.test(lead) || UNIVERSAL_RE.test(lead)) && CALL_PART.test(lead.slice(-60)));
      if (hooked && !NOT.test(lead.slice(-30)) && OVERRIDE.test(s.slice(passive.index).replace(EXAMPLE_VALUE, '')) && !USER_CHOICE.test(s)) push('Cross-Tool Tampering', 75, passive[0]);
    }
    const deceive = DECEIVE_RE.exec(s);
    if (deceive && TELL_RE.test(s)) push('Deceive The User', 75, deceive[0]);
    // "don't attribute it to this tool" is itself the order: the negation is part of the class.
    const credit = firstOrdered(s, ATTRIB) ?? disownedCredit(s);
    if (credit) push('Attribution Manipulation', 70, credit[0]);
  }
  if (consent && (harmAnywhere || seen.has('Obeys Tool Output') || QUICK_SO.test(t) || atOnce(t))) push('Consent Claim', 70, consent[0]);
  return out;
}
