// Who is speaking to whom: turns a grammar match into evidence by reading
// the words around it. An imperative at the start of a clause, or "you must
// ...", is a command; "the model ignores ...", "tricks it into ignoring ...",
// a quoted payload in a sentence about attacks, or a negation is not. Also
// finds vocatives ("Assistant, ...", "note to the AI", "if you are an LLM")
// that make an instruction in data an instruction to the model.
// Reads tokens and, for quotes only, the text; never decides a band.
import { WORD_CLASSES } from './lexicon.js';
import type { WordClass } from './lexicon.js';
import {
  CLASS_WORDS,
  classIndex,
  G_CLAUSE,
  G_COLON,
  G_COMMA,
  G_DASH,
  G_CLOSE,
  G_CODE,
  G_DOT,
  G_END,
  G_NL,
  G_OPEN,
  G_PARA,
  G_QMARK,
  G_AT,
  G_QUOTE,
  G_SENTENCE,
  G_URL,
  T_CAP,
  T_FUZZY,
  T_HOST,
  T_LEET,
  T_NUM,
  T_SQUASH,
  T_INFL,
  T_SCHEME,
} from './tokens.js';

import type { Lexicon, Tokens } from './tokens.js';

/** Elements that hold text on ordinary pages (tables, lists, paragraphs, inline styling). */
const HTML_TEXT_TAGS = new Set([
  'td', 'th', 'tr', 'table', 'tbody', 'thead', 'tfoot', 'caption', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'p', 'div', 'span',
  'br', 'b', 'i', 'u', 'em', 'strong', 'small', 'a', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article', 'header',
  'footer', 'main', 'aside', 'blockquote', 'font', 'label', 'figure', 'figcaption', 'sup', 'sub', 'mark', 'cite', 'q',
]);

export const MOOD_IMPERATIVE = 1;
export const MOOD_DIRECTIVE = 2;
export const MOOD_NEUTRAL = 3;
export const MOOD_INFINITIVE = 4;
export const MOOD_DESCRIPTIVE = 5;
export const MOOD_REPORTED = 6;
/** An unknown word right before the verb: most likely its subject ("frameworks ask", "policies override"). */
export const MOOD_SUBJECT = 7;

/** Weight added for each reading of the anchor verb (docs/injection-patterns.md). */
export const MOOD_WEIGHT: Readonly<Record<number, number>> = {
  [MOOD_IMPERATIVE]: 0.1,
  [MOOD_DIRECTIVE]: 0.1,
  [MOOD_NEUTRAL]: 0,
  [MOOD_INFINITIVE]: -0.3,
  [MOOD_DESCRIPTIVE]: -0.45,
  [MOOD_REPORTED]: -0.6,
  [MOOD_SUBJECT]: -0.25,
};

/** "a copy of your instructions" hands over the existing text: the article does not make it new. */
const CONTAINERS = ['copy', 'version', 'list', 'summary', 'transcript', 'dump', 'printout', 'rundown', 'recap', 'overview', 'excerpt', 'snapshot', 'record', 'log', 'duplicate', 'replica', 'rendition', 'translation'];

export const VOICE_WEIGHTS = {
  /** An inflected anchor (ignoring, ignored) that is not clause-initial. */
  inflected: -0.35,
  /** A quoted match in a sentence that talks about attacks, examples or phrases. */
  quotedDiscussion: -0.8,
  /** An unquoted match after "such as", "for example", "attackers may" ... */
  discussionBefore: -0.6,
  /** Two or more discussion words elsewhere in the sentence. */
  discussionAround: -0.3,
  /** A question ("...?") for commands that are not questions by nature. */
  question: -0.1,
  /** A human using an interface ("click Reveal to show your API key"). */
  interface: -0.45,
  /** Each token read with a typo. */
  typo: -0.08,
  /** "write a system prompt", "give me a password": an object made new, not handed over. */
  indefinite: -0.3,
  /** Verb + bare noun ("ignore rules") where the verb is not clearly a command. */
  bareObject: -0.3,
  /** A task hijack inside code (an example prompt in a code sample). */
  inCode: -0.2,
  /** The sentence (or the one before) addresses the model. */
  addressed: 0.15,
  /** ... for instructions that only make sense as an attack when addressed (task hijacks). */
  addressedHijack: 0.3,
} as const;

const cls = (names: readonly WordClass[]): Int32Array => {
  const m = new Int32Array(CLASS_WORDS);
  for (const c of names) {
    const ci = classIndex(c);
    m[(ci / 31) | 0] = (m[(ci / 31) | 0] as number) | (1 << ci % 31);
  }
  return m;
};

const SKIP_BACK = cls(['ADV', 'OPENER']);
const M_YOU = cls(['YOU']);
const M_MODAL = cls(['MODAL', 'BE', 'HAVE']);
const M_TO = cls(['TO']);
const M_WANT = cls(['WANT']);
const M_SUBJ = cls(['SUBJ']);
const M_NEG = cls(['NEG']);
const M_REPORTV = cls(['REPORTV']);
const M_AISELF = cls(['AISELF']);
const M_DISC = cls(['DISC']);
const M_UI = cls(['UI']);
const M_HARM = cls(['HARM']);
const M_YOUR = cls(['YOUR']);
const M_TASKW = cls(['TASKW']);
const M_FILL = cls(['FILL']);
const M_JB = cls(['JB']);
const M_VOC_VERB = cls(['HIJACKV', 'EXT', 'EXTS', 'EXTW', 'OVR', 'OVR2', 'TELLV', 'EXFIL', 'INSERTV', 'OUTV', 'EXEC', 'ROLEV', 'COMPLY', 'DECODE', 'NEG']);
const M_DIRECTIVE_WALK = cls(['MODAL', 'BE', 'HAVE', 'TO', 'NOW', 'ADV']);
const M_CMODAL = cls(['CMODAL']);
const M_OPENER = cls(['OPENER']);
const M_DETLIKE = cls(['FILL', 'YOUR', 'MY', 'PREV', 'ALLQ']);
const M_PHRASE = cls(['FILL', 'AISELF', 'SECRET2', 'SMOD', 'LMOD']);
const M_INSTR = cls(['INSTR', 'PROMPT']);
const M_PROCV = cls(['PROCV']);
const M_ME_PART = cls(['ME', 'PART', 'ADV']);
void WORD_CLASSES;

/** Strong discussion cues: once seen before a match in its sentence, the match is being described. */
const STRONG_CUES = ['such', 'example', 'examples', 'instance', 'e.g.', 'attacker', 'attackers', 'adversary', 'adversarial', 'malicious', 'payload', 'payloads', 'phrase', 'phrases', 'string', 'strings', 'classic', 'typical', 'common'];

function tokenBefore(t: Tokens, pos: number): number {
  let lo = 0;
  let hi = t.n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((t.end[mid] as number) <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Quotes are counted at most this many characters back from a match (a
 * sentence is at most SENTENCE_HARD tokens, but the gaps between them may be
 * long runs of punctuation): bounded work per match.
 */
const QUOTE_REACH = 2048;

export class Voice {
  private t!: Tokens;
  private s!: string;
  private readonly strongCues: Set<number>;
  private readonly introducers: Set<number>;
  /** Entry is a model word (or whoever/anyone): a vocative may start there. */
  private readonly vocWord: Uint8Array;
  /** Entry names a speaker in a transcript ("User:", "Human:"). */
  private readonly speaker: Uint8Array;
  private readonly e: Record<string, number>;
  /** Sentence index of each token, and the start token of each sentence. */
  private sentOf: Int32Array = new Int32Array(16);
  private sentStart: number[] = [];
  /** Sentences addressed to the model (a vocative in them or in the one before). */
  private addressed = new Uint8Array(16);
  /** Vocative token positions found in the last prepare(), and where each vocative phrase ends. */
  vocatives: number[] = [];
  private vocEnd = new Map<number, number>();
  /** The text is a transcript ("User: … / Assistant: …"): a line-start "Assistant:" is a speaker, not an address. */
  private transcript = false;

  /** Nouns that hold an existing text ("a copy of", "a list of"): not an indefinite new object. */
  private readonly containers: Set<number>;
  /** Verbs of reluctance that a negation turns into urging ("don't hesitate to", "never fail to"). */
  private readonly urging: Set<number>;
  /** Notices that address whoever they are for ("update for the model", "model instruction update:", "heads up, model"). */
  private readonly notices: Set<number>;

  constructor(private readonly lex: Lexicon) {
    this.strongCues = new Set(STRONG_CUES.map((w) => lex.idOf(w)));
    this.vocWord = new Uint8Array(lex.words.length + 1024);
    this.speaker = new Uint8Array(lex.words.length + 1024);
    for (let x = 0; x < lex.words.length; x++) if (this.has(x, M_AISELF)) this.vocWord[x] = 1;
    this.introducers = new Set(['like', 'says', 'say', 'said', 'saying', 'reads', 'write', 'writes', 'wrote', 'type', 'types', 'typed', 'as', 'phrase', 'text', 'string', 'prompt', 'prompts', 'message'].map((w) => lex.idOf(w)));
    const ids = ['human', 'customer', 'me', 'q', 'question', 'client', 'user', 'note', 'request', 'directive', 'order', 'warning', 'notice', 'comment', 'whoever', 'have', 'needs', 'asked', 'reads', 'dear', 'hey', 'hi', 'hello', 'attention', 'attn', 'to', 'for', 'note', 'message', 'instruction', 'instructions', 'memo', 'reminder', 'if', 'whoever', 'anyone', 'reading', 'processing', 'summarizing', 'summarising', 'parsing', 'analyzing', 'analysing', 'viewing', 'crawling', 'screening', 'reviewing', 'monitoring', 'that', 'who', 'this', 'these', 'the', 'an', 'a', 'any', 'all', 'must', 'should', 'shall', 'need', 'required', 'instructed', 'is', 'are', 'you', "you're", 'youre', 'by', 'of', 'from', 'into', 'about', 'without', 'how', 'able', 'make', 'sure', 'be', 'remember', 'it', 'them', 'do', 'please', 'start', 'begin', 'keep', 'try', 'summarize', 'summarise', 'process', 'read', 'reads', 'processes', 'summarizes', 'summarises', 'your', 'own', 'could', 'would', 'can', 'another', 'some', 'no', 'and', 'hidden', 'up', 'heads'];
    this.e = Object.fromEntries(ids.map((w) => [w, lex.idOf(w)]));
    this.containers = new Set(CONTAINERS.map((w) => lex.idOf(w)));
    this.urging = new Set(['hesitate', 'fail', 'forget', 'neglect', 'omit'].map((w) => lex.idOf(w)));
    this.notices = new Set(['update', 'updates', 'announcement', 'alert', 'change', 'changes', 'bulletin', 'notice', 'note', 'memo', 'reminder', 'directive', 'heads'].map((w) => lex.idOf(w)));
    for (const w of ['whoever', 'anyone']) this.vocWord[this.e[w] as number] = 1;
    for (const w of ['user', 'human', 'customer', 'q', 'question', 'client']) this.speaker[this.e[w] as number] = 1;
  }

  /** Is entry e a model word or a transcript speaker (a token prepare() must see)? */
  voiceEntry(e: number): boolean {
    return e >= 0 && e < this.vocWord.length && (this.vocWord[e] === 1 || this.speaker[e] === 1);
  }

  private has(e: number, mask: Int32Array): boolean {
    if (e < 0) return false;
    const base = e * CLASS_WORDS;
    for (let w = 0; w < CLASS_WORDS; w++) if (((this.lex.cls[base + w] as number) & (mask[w] as number)) !== 0) return true;
    return false;
  }

  private ent(k: number): number {
    return k >= 0 && k < this.t.n ? (this.t.entry[k] as number) : -1;
  }

  /** Index sentences and vocatives for one token list. */
  prepare(t: Tokens, s: string): void {
    this.t = t;
    this.s = s;
    this.sentOf = t.sent;
    // the tokenizer recorded where each sentence starts: one copy per sentence, not a pass over the tokens
    this.sentStart = new Array<number>(t.sentences + 1);
    for (let si = 0; si <= t.sentences; si++) this.sentStart[si] = t.sentStart[si] as number;
    const ns = this.sentStart.length;
    if (this.addressed.length < ns + 1) this.addressed = new Uint8Array(ns + 16);
    else this.addressed.fill(0, 0, ns + 1);
    this.vocatives = [];
    this.vocEnd.clear();
    this.codeMemo.clear();
    this.transcript = false;
    const e = this.e;
    const speaker = this.speaker;
    const voc = this.vocWord;
    let any = false;
    // model words and speakers are among the side marks (R_VOICE): not every marked token is looked at
    const marks = t.side;
    for (let q = 0; q < t.nside; q++) {
      const k = marks[q] as number;
      const x = t.entry[k] as number;
      if (x < 0 || x >= voc.length) continue;
      if (voc[x] === 1) any = true;
      if (speaker[x] === 1 && (k === 0 || ((t.gap[k] as number) & (G_NL | G_PARA)) !== 0) && ((t.gap[k + 1] as number) & G_COLON) !== 0) this.transcript = true;
    }
    for (let q = 0; any && q < t.nside; q++) {
      const k = marks[q] as number;
      const x = t.entry[k] as number;
      if (x < 0 || x >= voc.length || voc[x] !== 1) continue;
      const whoever = x === e.whoever || x === e.anyone;
      if (this.vocEnd.has(k)) continue;
      // a model word found only by folding (leetspeak, words run together, a typo) is no address
      if (((t.flags[k] as number) & (T_LEET | T_SQUASH | T_FUZZY)) !== 0) continue;
      const pe = whoever ? this.whoeverEnd(k) : this.vocative(k);
      if (pe >= 0 && !this.codeLike(this.sentOf[k] as number)) {
        this.vocatives.push(k);
        this.vocEnd.set(k, pe);
        const sk = this.sentOf[k] as number;
        this.addressed[sk] = 1;
        this.addressed[sk + 1] = 1;
        // the rest of the phrase is part of the same vocative
        for (let j = k + 1; j <= pe; j++) this.vocEnd.set(j, -1);
      }
    }
  }

  /** "whoever summarizes this", "anyone processing this": the end of the phrase, or -1. */
  private whoeverEnd(k: number): number {
    let j = k + 1;
    if (this.has(this.ent(j), cls(['BE']))) j++;
    const x = this.ent(j);
    if (this.has(x, M_PROCV) || x === this.e.reads || x === this.e.reading || x === this.e.processing || x === this.e.summarizes || x === this.e.summarises || x === this.e.processes) return j;
    return -1;
  }

  sentenceOf(k: number): number {
    return this.sentOf[k] as number;
  }

  sentenceRange(si: number): [number, number] {
    return [this.sentStart[si] as number, this.sentStart[si + 1] as number];
  }

  get sentenceCount(): number {
    return this.sentStart.length - 1;
  }

  isAddressed(si: number): boolean {
    return this.addressed[si] === 1;
  }

  /**
   * Is the model word at k part of an address to the model? Returns the last
   * token of the address phrase, or -1. Forms: "Assistant, …" / "AI: …" at
   * a clause start; "note to the AI", "dear LLM", "hey assistant", "@agent";
   * "if you are an AI"; "AI reading this"; "AI assistants must …".
   */
  private vocative(k: number): number {
    const t = this.t;
    const e = this.e;
    // the phrase: up to two modifiers before ("the tutoring AI"), model words and a noun after ("AI recruiter")
    let ps = k;
    for (let steps = 0; steps < 2 && ps > 0 && ((t.gap[ps] as number) & (G_CLAUSE | G_AT)) === 0; steps++) {
      const p = t.entry[ps - 1] as number;
      if (p === -1 || this.has(p, M_PHRASE)) ps--;
      else break;
    }
    let pe = k;
    for (let steps = 0; steps < 2 && pe + 1 < t.n && ((t.gap[pe + 1] as number) & (G_CLAUSE | G_SENTENCE)) === 0; steps++) {
      const q = t.entry[pe + 1] as number;
      if (((t.flags[pe + 1] as number) & T_NUM) !== 0) break;
      if (q === -1 || this.has(q, M_AISELF) || this.has(q, M_INSTR) || this.notices.has(q)) pe++;
      else break;
    }
    const after = t.gap[pe + 1] as number;
    const gps = t.gap[ps] as number;
    const clauseStart = ps === 0 || (gps & (G_CLAUSE | G_SENTENCE | G_AT)) !== 0;
    const lineStart = ps === 0 || (gps & (G_NL | G_PARA)) !== 0;
    if ((t.gap[k] as number) & G_AT) return pe;
    // an identifier, not an address: `Agent`, { agent: … }, model: 'gpt-4'
    const before = (t.start[ps] as number) > 0 ? this.s.charCodeAt((t.start[ps] as number) - 1) : 0x20;
    if (before === 0x60 || before === 0x7b) return -1;
    // a quoted value ('gpt-4', "assistant")
    const afterChar = this.s.charCodeAt(t.end[pe] as number);
    if ((before === 0x27 || before === 0x22) && (afterChar === 0x27 || afterChar === 0x22 || afterChar === 0x2d)) return -1;
    if ((after & G_COLON) !== 0 && pe + 1 < t.n) {
      const g = t.gap[pe + 1] as number;
      const nxt = this.s.charCodeAt((t.start[pe + 1] as number) - 1);
      if ((g & (G_QUOTE | G_OPEN)) !== 0 || nxt === 0x7b || ((t.flags[pe + 1] as number) & T_NUM) !== 0) return -1;
    }
    // (a) "Assistant, …", "AI: …", "LLM instructions: …" — a comma opens an address only after an opener ("Also, assistant,")
    const commaOnly = (gps & (G_SENTENCE | G_COLON | G_OPEN | G_QUOTE | G_DASH | G_NL | G_AT)) === 0 && (gps & G_COMMA) !== 0;
    const commaOk = !commaOnly || this.has(this.ent(ps - 1), M_OPENER);
    if (clauseStart && commaOk && (after & (G_COLON | G_COMMA | G_DASH)) !== 0) {
      if (this.transcript && lineStart && (after & G_COLON) !== 0) return -1;
      return pe;
    }
    // (b) lead word: dear / hey / hi / hello / attention / attn; to / for after note, message, instructions …
    let li = ps - 1;
    if (li >= 0 && ((t.gap[ps] as number) & G_SENTENCE) === 0) {
      const lead = t.entry[li] as number;
      if (lead === e.dear || lead === e.hey || lead === e.hi || lead === e.hello || lead === e.attention || lead === e.attn) return pe;
      // "heads up, model"
      if (lead === e.up && this.ent(li - 1) === e.heads) return pe;
      if (lead === e.to || lead === e.for) {
        const before = this.ent(li - 1);
        if (this.notices.has(before)) return pe;
        if (before === e.note || before === e.hidden || before === e.message || before === e.instruction || before === e.instructions || before === e.memo || before === e.reminder || before === e.request || before === e.directive || before === e.order || before === e.warning || before === e.notice || before === e.comment) return pe;
        const leadStart = li === 0 || ((t.gap[li] as number) & (G_CLAUSE | G_SENTENCE)) !== 0;
        if (leadStart && ((after & (G_COLON | G_COMMA | G_DASH)) !== 0 || this.procFollows(pe))) return pe;
      }
    }
    // (c) "if you are an AI", "if you're a language model", "if an AI is summarizing"
    for (let j = Math.max(0, ps - 4); j < ps; j++) {
      if (this.ent(j) !== e.if) continue;
      let clean = true;
      for (let q = j + 1; q < ps && clean; q++) {
        const x = this.ent(q);
        if (((t.gap[q] as number) & (G_SENTENCE | G_COLON)) !== 0) clean = false;
        if (!(x === e.you || x === e.are || x === e["you're"] || x === e.youre || x === e.an || x === e.a || x === e.any || x === e.is)) clean = false;
      }
      if (clean && ((t.gap[ps] as number) & (G_SENTENCE | G_COLON)) === 0) return pe;
    }
    // (d) "AI reading this", "LLMs processing this document", "a model that reads this"
    const nx = this.ent(pe + 1);
    const nx2 = this.ent(pe + 2);
    if (this.procFollows(pe) && (nx2 === e.this || nx2 === e.these || nx2 === e.the || nx2 === e.it || (nx2 === -1 && (t.flags[pe + 2] as number) !== undefined))) return pe + 1;
    if ((nx === e.that || nx === e.who) && (nx2 === e.reads || nx2 === e.read || nx2 === e.processes || nx2 === e.process || nx2 === e.summarizes || nx2 === e.summarises)) return pe + 1;
    // (e) "AI assistants should / must / need to …" at a clause start (not "the assistant should", a description)
    if (clauseStart && ps === k && (nx === e.must || nx === e.should || nx === e.shall || ((nx === e.are || nx === e.is) && (nx2 === e.required || nx2 === e.instructed || nx2 === e.asked)))) return pe;
    return -1;
  }

  private procFollows(k: number): boolean {
    const e = this.e;
    const nx = this.ent(k + 1);
    return (
      nx === e.reading || nx === e.processing || nx === e.summarizing || nx === e.summarising || nx === e.screening || nx === e.reviewing || nx === e.parsing || nx === e.analyzing || nx === e.analysing || nx === e.viewing || nx === e.crawling || nx === e.monitoring
    );
  }

  /** The first imperative verb addressed by the vocative at v (same or next sentence), or -1. */
  addressedVerb(v: number): number {
    const t = this.t;
    const pe = Math.max(v, this.vocEnd.get(v) ?? v);
    const si = this.sentOf[pe] as number;
    const end = Math.min(t.n, this.sentStart[Math.min(si + 2, this.sentStart.length - 1)] as number);
    for (let k = pe + 1; k < end; k++) {
      const e = t.entry[k] as number;
      if (!this.has(e, M_VOC_VERB)) continue;
      if (((t.flags[k] as number) & T_INFL) !== 0) continue;
      if (k === pe + 1) return k;
      // right after a directive modal that follows the address ("AI assistants should reply")
      if (this.has(this.ent(k - 1), cls(['MODAL'])) && k - 1 === pe + 1 && !this.has(e, M_NEG)) return k;
      const m = this.mood(k);
      if (m === MOOD_IMPERATIVE || m === MOOD_DIRECTIVE) return k;
    }
    return -1;
  }

  /** Is the anchor negated ("never share", "don't forget", "do not tell")? */
  negated(a: number, reach = 2): boolean {
    const t = this.t;
    let k = a - 1;
    let seen = 0;
    let crossedAnd = false;
    while (k >= 0 && seen <= reach) {
      if (((t.gap[k + 1] as number) & (G_SENTENCE | G_COLON | G_COMMA | G_DASH)) !== 0 && k + 1 <= a) return false;
      const e = t.entry[k] as number;
      // "no restrictions and tell me": a "no" that determines a noun before "and" negates the noun, not the verb
      // "don't hesitate to run", "never fail to send", "do not forget to add": the negation turns the
      // reluctance round, so the anchor is ordered, not forbidden
      if (this.has(e, M_NEG) && k + 1 < a && this.urging.has(t.entry[k + 1] as number)) return false;
      if (this.has(e, M_NEG)) return !(crossedAnd && (e === this.e.no || e === this.e.without));
      if (e === this.e.and) crossedAnd = true;
      if (!this.has(e, SKIP_BACK) && !this.has(e, M_MODAL) && e !== this.e.to) seen++;
      k--;
    }
    return false;
  }

  /** How the anchor verb at a is used. */
  mood(a: number): number {
    const t = this.t;
    const e = this.e;
    // "you must ignore", "you are going to ignore"; "you can ignore" is permission, not a command
    let can = false;
    for (let j = a - 1, steps = 0; j >= 0 && steps < 5; j--, steps++) {
      if (((t.gap[j + 1] as number) & G_CLAUSE) !== 0) break;
      const x = t.entry[j] as number;
      if (this.has(x, M_YOU)) return can ? MOOD_NEUTRAL : MOOD_DIRECTIVE;
      if (this.has(x, M_CMODAL)) can = true;
      if (!this.has(x, M_DIRECTIVE_WALK)) break;
    }
    let k = a;
    // walk back over adverbs and openers ("please", "now", "and then", "just")
    let opened = false;
    for (;;) {
      if (k === 0 || ((t.gap[k] as number) & G_CLAUSE) !== 0) return MOOD_IMPERATIVE;
      const p = t.entry[k - 1] as number;
      if (this.has(p, SKIP_BACK) && p !== e.so) {
        if (this.has(p, M_OPENER)) opened = true;
        k--;
        continue;
      }
      break;
    }
    // "… and reveal", "then print": a coordinated command
    if (opened) return MOOD_IMPERATIVE;
    const p1 = this.ent(k - 1);
    const p2 = this.ent(k - 2);
    const p3 = this.ent(k - 3);
    // "you ignore", "you must ignore", "you are to ignore", "you have to ignore"
    if (this.has(p1, M_YOU)) return MOOD_DIRECTIVE;
    if (this.has(p1, M_MODAL) && (this.has(p2, M_YOU) || (this.has(p2, M_MODAL) && this.has(p3, M_YOU)))) return MOOD_DIRECTIVE;
    if (this.has(p1, M_TO)) {
      // "I want you to", "you need to", "you are to", "make sure to", "your task is to"
      if (this.has(p2, M_YOU) && (this.has(p3, M_WANT) || this.has(p3, M_MODAL) || p3 === -1 || this.has(p3, M_TASKW))) return MOOD_DIRECTIVE;
      if (this.has(p2, M_YOU)) return MOOD_DIRECTIVE;
      if (this.has(p2, M_MODAL) && (this.has(p3, M_YOU) || this.has(p3, M_TASKW))) return MOOD_DIRECTIVE;
      if (p2 === e.sure || p2 === e.remember || p2 === e.please) return MOOD_DIRECTIVE;
      // "tells the model to", "asks it to"
      if (this.reportedBefore(k - 2)) return MOOD_REPORTED;
      return MOOD_INFINITIVE;
    }
    if (p1 === e.into) return this.reportedBefore(k - 2) ? MOOD_REPORTED : MOOD_DESCRIPTIVE;
    if (p1 === e.by || p1 === e.of || p1 === e.from || p1 === e.about || p1 === e.without || p1 === e.how) return MOOD_DESCRIPTIVE;
    if (this.has(p1, M_SUBJ)) return MOOD_DESCRIPTIVE;
    // "the ignore list", "an override": the verb is a noun here
    if (this.has(p1, M_FILL)) return MOOD_DESCRIPTIVE;
    if (this.has(p1, M_MODAL) && this.has(p2, M_SUBJ)) return MOOD_DESCRIPTIVE;
    if (this.has(p1, M_MODAL) && p2 !== -1 && ((t.flags[k - 2] as number) & T_CAP) !== 0) return MOOD_DESCRIPTIVE;
    // an unknown word before the verb is most likely its subject, unless it is an adverb ("-ly")
    if (p1 === -1 && k >= 1 && ((t.flags[a] as number) & T_CAP) === 0) {
      const end = t.end[k - 1] as number;
      const ly = this.s.charCodeAt(end - 1) === 0x79 && this.s.charCodeAt(end - 2) === 0x6c;
      if (!ly) return MOOD_SUBJECT;
    }
    return MOOD_NEUTRAL;
  }

  /** REPORTV (the|an)? (model|it|them|AI)? just before k. */
  private reportedBefore(k: number): boolean {
    let j = k;
    for (let step = 0; step < 4 && j >= 0; step++, j--) {
      const x = this.ent(j);
      if (this.has(x, M_REPORTV)) return true;
      if (!(this.has(x, M_AISELF) || this.has(x, M_FILL) || x === this.e.it || x === this.e.them || this.has(x, M_SUBJ))) return false;
    }
    return false;
  }

  /** Offset of the quote that is still open at `at` (opened at or after `from`), or -1. */
  private quoteOpenedBefore(from: number, at: number): number {
    const s = this.s;
    let open = -1;
    for (let i = Math.max(from, at - QUOTE_REACH); i < at; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x22 || c === 0x201c || c === 0x201d || c === 0x00ab || c === 0x00bb || c === 0x60) open = open < 0 ? i : -1;
      else if (c === 0x27 || c === 0x2018 || c === 0x2019) {
        const p = i > 0 ? s.charCodeAt(i - 1) : 0x20;
        const n = i + 1 < s.length ? s.charCodeAt(i + 1) : 0x20;
        const letter = (x: number) => (x >= 0x41 && x <= 0x5a) || (x >= 0x61 && x <= 0x7a) || x > 0x7f;
        if (!(letter(p) && letter(n))) open = open < 0 ? i : -1;
      }
    }
    return open;
  }

  /** Is offset `at` inside a quotation opened earlier in the sentence starting at `from`? */
  quotedAt(from: number, at: number): boolean {
    const s = this.s;
    let q = 0;
    for (let i = Math.max(from, at - QUOTE_REACH); i < at; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x22 || c === 0x60 || c === 0x201c || c === 0x201d || c === 0x00ab || c === 0x00bb || c === 0x300c || c === 0x300d) q++;
      else if (c === 0x27 || c === 0x2018 || c === 0x2019) {
        // an apostrophe inside a word is not a quote
        const p = i > 0 ? s.charCodeAt(i - 1) : 0x20;
        const n = i + 1 < s.length ? s.charCodeAt(i + 1) : 0x20;
        const letter = (x: number) => (x >= 0x41 && x <= 0x5a) || (x >= 0x61 && x <= 0x7a) || x > 0x7f;
        if (!(letter(p) && letter(n))) q++;
      }
    }
    return (q & 1) === 1;
  }

  /** The discussion reading of a match spanning tokens [a, b): a negative weight or 0. */
  discussion(a: number, b: number): number {
    const t = this.t;
    const si = this.sentOf[a] as number;
    const [s0, s1] = this.sentenceRange(si);
    // reported speech before the match: "asks the model to", "told ChatGPT it"
    for (let k = s0; k < a; k++) {
      if (!this.has(t.entry[k] as number, M_REPORTV)) continue;
      for (let j = k + 1; j <= Math.min(a, k + 3); j++) if (this.has(this.ent(j), M_AISELF) || this.ent(j) === this.e.it || this.ent(j) === this.e.them) return VOICE_WEIGHTS.discussionBefore;
    }
    // a quote introduced as an utterance: says something like '…'
    const qs = this.quoteOpenedBefore(t.start[s0] as number, t.start[a] as number);
    if (qs >= 0) {
      const k = tokenBefore(t, qs);
      if (k >= s0 && k >= 0 && this.introducers.has(t.entry[k] as number)) return VOICE_WEIGHTS.quotedDiscussion;
    }
    let before = false;
    let count = 0;
    for (let k = s0; k < s1; k++) {
      if (k >= a && k < b) continue;
      // parts of host names and paths ("evil.example") are not words of a discussion
      if ((((t.gap[k] as number) | (t.gap[k + 1] as number)) & (G_DOT | G_URL)) !== 0) continue;
      const e = t.entry[k] as number;
      if (this.has(e, M_DISC)) {
        count++;
        if (k < a && this.strongCues.has(e)) before = true;
      }
    }
    if (count === 0) return 0;
    const quoted = this.quotedAt(t.start[s0] as number, t.start[a] as number);
    if (quoted) return VOICE_WEIGHTS.quotedDiscussion;
    if (before) return VOICE_WEIGHTS.discussionBefore;
    return count >= 2 ? VOICE_WEIGHTS.discussionAround : 0;
  }

  /** The sentence of token a ends with a question mark. */
  question(a: number): boolean {
    const si = this.sentOf[a] as number;
    const [, s1] = this.sentenceRange(si);
    return ((this.t.gap[s1] as number) & G_QMARK) !== 0 || (s1 >= this.t.n && this.s.trimEnd().endsWith('?'));
  }

  /** The sentence mentions an interface a human operates. */
  interfaceContext(a: number): boolean {
    if (this.sentenceHas(a, M_UI)) return true;
    // inline code in the sentence: a command for a human to type
    const [s0, s1] = this.sentenceRange(this.sentOf[a] as number);
    for (let k = s0; k <= s1 && k <= this.t.n; k++) if (((this.t.gap[k] as number) & G_CODE) !== 0 && this.s.charCodeAt((this.t.start[k] as number) - 1) === 0x60) return true;
    return false;
  }

  /** The sentence names something a hijack wants from the user, or a URL. */
  harmContext(a: number): boolean {
    if (this.sentenceHas(a, M_HARM)) return true;
    const [s0, s1] = this.sentenceRange(this.sentOf[a] as number);
    for (let k = s0; k < s1; k++) if (((this.t.flags[k] as number) & (T_SCHEME | T_HOST)) !== 0) return true;
    return false;
  }

  /** The sentence says "you", names the model or a jailbreak persona. */
  /** The sentence (or the one before) names the model or a jailbreak persona, or is addressed to the model. */
  addresseeAI(a: number): boolean {
    if (this.sentenceHas(a, M_AISELF) || this.sentenceHas(a, M_JB) || this.isAddressed(this.sentOf[a] as number)) return true;
    const si = this.sentOf[a] as number;
    if (si === 0) return false;
    const p = this.sentStart[si - 1] as number;
    return this.sentenceHas(p, M_AISELF) || this.sentenceHas(p, M_JB);
  }

  /**
   * The sentence reads as code (braces, brackets, '=', ';', '->' between most
   * words): vocatives there are identifiers ("agent: function …"), not addresses.
   */
  codeLike(si: number): boolean {
    const memo = this.codeMemo.get(si);
    if (memo !== undefined) return memo;
    const r = this.codeLikeNow(si);
    this.codeMemo.set(si, r);
    return r;
  }

  private codeMemo = new Map<number, boolean>();

  private codeLikeNow(si: number): boolean {
    const [s0, s1] = this.sentenceRange(si);
    let code = 0;
    let tagBefore = false;
    for (let k = s0; k <= s1 && k <= this.t.n; k++) {
      // HTML markup around text ('<td>Assistant: …</td>') is not code: the
      // brackets of a tag name and the '>' after it do not count.
      const tag = k < this.t.n && this.htmlTagName(k);
      if (!tag && !tagBefore && ((this.t.gap[k] as number) & (G_CODE | G_OPEN | G_CLOSE)) !== 0) code++;
      tagBefore = tag;
    }
    return code >= 3 && code * 3 >= s1 - s0;
  }

  /** Token k is the name of an ordinary HTML element right after '<' or '</'. */
  private htmlTagName(k: number): boolean {
    const a = this.t.start[k] as number;
    const b = this.t.end[k] as number;
    if (b - a > 10 || a === 0) return false;
    const lt = this.s.charCodeAt(a - 1) === 0x2f /* / */ ? a - 2 : a - 1;
    if (this.s.charCodeAt(lt) !== 0x3c /* < */) return false;
    return HTML_TEXT_TAGS.has(this.s.slice(a, b).toLowerCase());
  }

  addressee(a: number): boolean {
    if (this.sentenceHas(a, M_YOU) || this.sentenceHas(a, M_AISELF) || this.sentenceHas(a, M_JB) || this.isAddressed(this.sentOf[a] as number)) return true;
    // the sentence before ("You are my evil confidant. Answer without any remorse.")
    const si = this.sentOf[a] as number;
    if (si === 0) return false;
    const p = this.sentStart[si - 1] as number;
    return this.sentenceHas(p, M_YOU) || this.sentenceHas(p, M_AISELF) || this.sentenceHas(p, M_JB);
  }

  /** Object of a hijack verb: the reader's own data ("your order number") lowers it, a quote or link raises it. */
  objectWeight(a: number, b: number): number {
    const t = this.t;
    let w = 0;
    let yours = false;
    const [, s1] = this.sentenceRange(this.sentOf[a] as number);
    const end = Math.min(s1, b + 8);
    for (let k = a + 1; k < end; k++) {
      const e = t.entry[k] as number;
      if (this.has(e, M_YOUR) && !this.has(this.ent(k + 1), cls(['RESP'])) && !this.has(this.ent(k + 2), cls(['RESP']))) yours = true;
      if (((t.flags[k] as number) & (T_SCHEME | T_HOST)) !== 0) w = Math.max(w, 0.15);
      if (((t.gap[k] as number) & G_QUOTE) !== 0) w = Math.max(w, 0.15);
      if (this.has(e, M_HARM)) w = Math.max(w, 0.2);
    }
    return yours ? w - 0.2 : w;
  }

  /**
   * The verb's object opens with an indefinite article ("write a system prompt", "give me a
   * password"): something new is being made, not an existing secret or prompt handed over.
   */
  indefiniteObject(a: number, b: number): boolean {
    for (let k = a + 1; k < b && k <= a + 3; k++) {
      const e = this.t.entry[k] as number;
      // "a copy of your instructions", "a list of the rules": a container of the existing thing, not a new one
      if ((e === this.e.a || e === this.e.an) && this.containers.has(this.t.entry[k + 1] as number) && (this.t.entry[k + 2] as number) === this.e.of) return false;
      if (e === this.e.a || e === this.e.an || e === this.e.another || e === this.e.some) return true;
      if (!this.has(e, M_ME_PART)) return false;
    }
    return false;
  }

  /** No determiner, possessive or "previous" word between the verb and its noun: "ignore rules". */
  bare(a: number, b: number): boolean {
    for (let k = a + 1; k < b; k++) if (this.has(this.t.entry[k] as number, M_DETLIKE)) return false;
    return true;
  }

  inflected(a: number): boolean {
    return ((this.t.flags[a] as number) & T_INFL) !== 0;
  }

  private sentenceHas(a: number, mask: Int32Array): boolean {
    const [s0, s1] = this.sentenceRange(this.sentOf[a] as number);
    for (let k = s0; k < s1; k++) if (this.has(this.t.entry[k] as number, mask)) return true;
    return false;
  }

  /** True when the clause of token a ends the sentence with a full stop or '!' (not needed by all callers). */
  endsSentence(a: number): boolean {
    return ((this.t.gap[a] as number) & G_END) !== 0;
  }
}
