// Compiles the frames (frames.ts) into slot arrays over lexicon entries and
// matches them at the tokens that can anchor them. Matching is a small
// bounded backtracking over one sentence: at most a dozen slots, each a
// class-bit test on a typed array. Never looks at the text itself.
import { FRAGMENTS, GRAMMAR_FRAMES } from './frames.js';
import type { GrammarFrame } from './frames.js';
import { WORD_CLASSES } from './lexicon.js';
import { CLASS_WORDS, classIndex, G_COLON, G_COMMA, G_CLAUSE, G_DASH, G_DOT, G_NL, G_SENTENCE, T_CAP, T_FUZZY, T_HOST, T_NUM, T_SCHEME } from './tokens.js';
import type { Lexicon, Tokens } from './tokens.js';

/**
 * A sentence summary and a frame need share one layout of SUM words: the
 * class words, then the word bloom (lo, hi), then zeros. A need is met when
 * any word of it meets the summary's (a bloom hit included), so the test is
 * an OR of SUM ANDs, written out for the usual six.
 */
const SUM = Math.max(6, CLASS_WORDS + 2);

const Z_NONE = 0;
const Z_CLAUSE = 1;
const Z_COLON = 2;
const Z_END = 3;

const F_URL = 1;
const F_CAP = 2;

interface Slot {
  readonly mask: Int32Array | null;
  readonly words: Set<number> | null;
  /** A bit per id & 31 of the words (wordsLo: ids with bit 5 clear): most entries miss it, without a Set probe. */
  readonly wordsLo: number;
  readonly wordsHi: number;
  readonly any: boolean;
  readonly flag: number;
  readonly zero: number;
  readonly min: number;
  readonly max: number;
  readonly bonus: number;
  /** Counts as a content word (for the typo rule: not every content word may be a guess). */
  readonly content: boolean;
}

export interface CompiledFrame {
  readonly index: number;
  readonly frame: GrammarFrame;
  readonly slots: readonly Slot[];
  /**
   * The required slots after the anchor, as class masks and word blooms: a
   * sentence that holds no token for one of them cannot match, so the frame
   * is not even tried there.
   */
  readonly need: ReadonlyArray<{ mask: Int32Array | null; bloom: number; bloomHi: number }>;
}

export interface FrameMatch {
  frame: number;
  /** First and one-past-last token. */
  a: number;
  b: number;
  bonus: number;
  fuzzy: number;
  content: number;
  /** Tokens in the span read exactly as a lexicon word (no typo). */
  exact: number;
}

const NON_CONTENT = new Set(['FILL', 'ADV', 'YOUR', 'MY', 'ME', 'YOU', 'BE', 'HAVE', 'TO', 'AS', 'IN', 'WITH', 'THAT', 'OPENER', 'NOW', 'MODAL']);
const PHRASE_END_CLASSES = ['OPENER', 'ADV', 'TO', 'AS', 'IN', 'FILL', 'THAT', 'NOW'];

function expand(seq: string): string {
  let out = seq;
  for (let guard = 0; guard < 8 && out.includes('{'); guard++) {
    out = out.replace(/\{(\w+)\}/g, (_, name: string) => {
      const f = FRAGMENTS[name];
      if (f === undefined) throw new Error(`injection grammar: unknown fragment {${name}}`);
      return f;
    });
  }
  return out;
}

type Compiled = { frames: CompiledFrame[]; anchors: Map<number, number[]>; phraseEnd: Int32Array };
const memo = new WeakMap<Lexicon, WeakMap<readonly GrammarFrame[], Compiled>>();

/** Compiled frames, once per (lexicon, frame list): engines are built per scanner and share them. */
export function compileFrames(lex: Lexicon, frames: readonly GrammarFrame[] = GRAMMAR_FRAMES): Compiled {
  let byFrames = memo.get(lex);
  if (byFrames === undefined) {
    byFrames = new WeakMap();
    memo.set(lex, byFrames);
  }
  const hit = byFrames.get(frames);
  if (hit !== undefined) return hit;
  const c = compileFramesNow(lex, frames);
  byFrames.set(frames, c);
  return c;
}

function compileFramesNow(lex: Lexicon, frames: readonly GrammarFrame[]): {
  frames: CompiledFrame[];
  /** entry id → indexes of frames it can anchor */
  anchors: Map<number, number[]>;
  phraseEnd: Int32Array;
} {
  // entries per class word bit, so a frame's anchors are read off its first slot's classes
  const byBit: number[][] = Array.from({ length: CLASS_WORDS * 31 }, () => []);
  for (let e = 0; e < lex.words.length; e++) {
    for (let w = 0; w < CLASS_WORDS; w++) {
      const bits = lex.cls[e * CLASS_WORDS + w] as number;
      if (bits === 0) continue;
      for (let bit = 0; bit < 31; bit++) if ((bits & (1 << bit)) !== 0) (byBit[w * 31 + bit] as number[]).push(e);
    }
  }
  /** About how many lexicon entries can fill a slot (its words and its classes' members): orders the needs, rarest first. */
  const entriesOf = (sl: Slot): number => {
    let n = sl.words?.size ?? 0;
    if (sl.mask !== null) for (let w = 0; w < CLASS_WORDS; w++) for (let bit = 0; bit < 31; bit++) if (((sl.mask[w] as number) & (1 << bit)) !== 0) n += (byBit[w * 31 + bit] as number[]).length;
    return n;
  };
  const compiled: CompiledFrame[] = frames.map((frame, index) => {
    const slots = expand(frame.seq).trim().split(/\s+/).map((item) => parseSlot(lex, item, frame.id));
    const need = slots
      .slice(1)
      .filter((sl) => sl.min >= 1 && !sl.any && sl.zero === Z_NONE && sl.flag === 0)
      .map((sl) => {
        let bloom = 0;
        let bloomHi = 0;
        for (const id of sl.words ?? []) {
          if ((id & 63) < 32) bloom |= 1 << (id & 31);
          else bloomHi |= 1 << (id & 31);
        }
        return { mask: sl.mask, bloom, bloomHi, entries: entriesOf(sl) };
      })
      // the rarest slot first: most sentences fail the frame there, after one test
      .sort((x, y) => x.entries - y.entries)
      .map(({ mask, bloom, bloomHi }) => ({ mask, bloom, bloomHi }));
    return { index, frame, slots, need };
  });
  const anchors = new Map<number, number[]>();
  for (const cf of compiled) {
    const first = cf.slots[0];
    if (first === undefined || first.min < 1 || first.any || first.zero !== Z_NONE || first.flag !== 0) throw new Error(`injection grammar ${cf.frame.id}: the first slot must be a required word or class`);
    const es = new Set<number>(first.words ?? []);
    if (first.mask !== null) {
      for (let w = 0; w < CLASS_WORDS; w++) {
        const bits = first.mask[w] as number;
        for (let bit = 0; bit < 31; bit++) if ((bits & (1 << bit)) !== 0) for (const e of byBit[w * 31 + bit] as number[]) es.add(e);
      }
    }
    for (const e of [...es].sort((x, y) => x - y)) {
      const list = anchors.get(e);
      if (list) list.push(cf.index);
      else anchors.set(e, [cf.index]);
    }
  }
  const phraseEnd = maskOf(PHRASE_END_CLASSES);
  return { frames: compiled, anchors, phraseEnd };
}

function maskOf(classes: readonly string[]): Int32Array {
  const m = new Int32Array(CLASS_WORDS);
  for (const c of classes) {
    const ci = classIndex(c);
    m[(ci / 31) | 0] = (m[(ci / 31) | 0] as number) | (1 << ci % 31);
  }
  return m;
}

function parseSlot(lex: Lexicon, item: string, id: string): Slot {
  if (item === ',' || item === ':' || item === '$') {
    return { mask: null, words: null, wordsLo: 0, wordsHi: 0, any: false, flag: 0, zero: item === ',' ? Z_CLAUSE : item === ':' ? Z_COLON : Z_END, min: 0, max: 0, bonus: 0, content: false };
  }
  const m = /^(.+?)(\?|\*\d+|\+\d+)?(\^-?\d*\.?\d+)?$/.exec(item);
  if (!m) throw new Error(`injection grammar ${id}: cannot read slot "${item}"`);
  const body = m[1] as string;
  const q = m[2];
  let min = 1;
  let max = 1;
  if (q === '?') min = 0;
  else if (q?.startsWith('*')) {
    min = 0;
    max = Number(q.slice(1));
  } else if (q?.startsWith('+')) max = Number(q.slice(1));
  const bonus = m[3] ? Number(m[3].slice(1)) : 0;
  const classes: string[] = [];
  const words = new Set<number>();
  let any = false;
  let flag = 0;
  let content = false;
  for (const alt of body.split('|')) {
    if (alt === '_') any = true;
    else if (alt === '@URL') flag |= F_URL;
    else if (alt === '@CAP') flag |= F_CAP;
    else if (/^[A-Z][A-Z0-9]*$/.test(alt)) {
      if (!(WORD_CLASSES as readonly string[]).includes(alt)) throw new Error(`injection grammar ${id}: unknown class ${alt}`);
      classes.push(alt);
      if (!NON_CONTENT.has(alt)) content = true;
    } else {
      if (!/^[\p{L}\p{N}][\p{L}\p{N}'.-]*$/u.test(alt)) throw new Error(`injection grammar ${id}: cannot read "${alt}" in "${item}"`);
      words.add(lex.idOf(alt));
      if (alt.length >= 4) content = true;
    }
  }
  let wordsLo = 0;
  let wordsHi = 0;
  for (const e of words) {
    if ((e & 32) === 0) wordsLo |= 1 << (e & 31);
    else wordsHi |= 1 << (e & 31);
  }
  return { mask: classes.length > 0 ? maskOf(classes) : null, words: words.size > 0 ? words : null, wordsLo, wordsHi, any, flag, zero: Z_NONE, min, max, bonus, content };
}

function entryMatches(lex: Lexicon, slot: Slot, e: number): boolean {
  if (e < 0) return false;
  if ((((e & 32) === 0 ? slot.wordsLo : slot.wordsHi) & (1 << (e & 31))) !== 0 && slot.words?.has(e) === true) return true;
  const mask = slot.mask;
  if (mask === null) return false;
  const base = e * CLASS_WORDS;
  for (let w = 0; w < CLASS_WORDS; w++) if (((lex.cls[base + w] as number) & (mask[w] as number)) !== 0) return true;
  return false;
}

/** Match frames against one token list. One instance per engine; not reentrant. */
export class GrammarMatcher {
  private t!: Tokens;
  private cf!: CompiledFrame;
  private anchor = 0;
  private bonus = 0;
  private endTok = 0;

  /** Frames each entry anchors, as one flat list (anchorList[anchorStart[e] .. anchorStart[e+1]]). */
  private readonly anchorStart: Int32Array;
  private readonly anchorList: Int32Array;

  constructor(
    private readonly lex: Lexicon,
    readonly frames: readonly CompiledFrame[],
    anchors: Map<number, number[]>,
    private readonly phraseEnd: Int32Array,
  ) {
    const n = lex.words.length;
    this.anchorStart = new Int32Array(n + 1);
    const flat: number[] = [];
    for (let e = 0; e < n; e++) {
      this.anchorStart[e] = flat.length;
      for (const fi of anchors.get(e) ?? []) flat.push(fi);
    }
    this.anchorStart[n] = flat.length;
    this.anchorList = Int32Array.from(flat);
    const nf: number[] = [];
    this.needStart = new Int32Array(frames.length + 1);
    frames.forEach((cf, fi) => {
      this.needStart[fi] = nf.length;
      for (const need of cf.need) {
        for (let w = 0; w < CLASS_WORDS; w++) nf.push(need.mask ? (need.mask[w] as number) : 0);
        nf.push(need.bloom, need.bloomHi);
        for (let w = CLASS_WORDS + 2; w < SUM; w++) nf.push(0);
      }
    });
    this.needStart[frames.length] = nf.length;
    this.needFlat = Int32Array.from(nf);
    // each anchored frame's first (rarest) need next to it in anchor order, so the gate of an anchor's
    // frames reads one run of memory; a frame without needs gets an all-ones need (always met)
    this.anchorNeed = new Int32Array(this.anchorList.length * SUM);
    for (let q = 0; q < this.anchorList.length; q++) {
      const fi = this.anchorList[q] as number;
      const from = this.needStart[fi] as number;
      const has = (this.needStart[fi + 1] as number) > from;
      for (let w = 0; w < SUM; w++) this.anchorNeed[q * SUM + w] = has ? (this.needFlat[from + w] as number) : -1;
    }
  }

  /** anchorList's frames' first needs, SUM words each (see the constructor). */
  private readonly anchorNeed: Int32Array;

  private readonly needStart: Int32Array;
  private readonly needFlat: Int32Array;

  /** Does entry e anchor a frame whose anchor may start words written together (GrammarFrame.squash)? */
  startsRuns(e: number): boolean {
    if (e < 0 || e >= this.anchorStart.length - 1) return false;
    for (let q = this.anchorStart[e] as number; q < (this.anchorStart[e + 1] as number); q++) if ((this.frames[this.anchorList[q] as number] as CompiledFrame).frame.squash !== false) return true;
    return false;
  }

  /** Does entry e anchor any frame? */
  anchors(e: number): boolean {
    return e >= 0 && e < this.anchorStart.length - 1 && (this.anchorStart[e] as number) !== (this.anchorStart[e + 1] as number);
  }

  /** Per sentence, SUM words: its class union and word bloom (see SUM). */
  private sums = new Int32Array(16 * SUM);

  /** Sentences whose summary is computed (by the number of the scan that computed it). */
  private summarized = new Int32Array(16);
  private scanNo = 0;

  /** Class union and word bloom of sentence si (the frames' cheap prefilter), once per sentence. */
  private summarize(t: Tokens, si: number): void {
    if (this.summarized[si] === this.scanNo) return;
    this.summarized[si] = this.scanNo;
    const cls = this.lex.cls;
    const sums = this.sums;
    const s0 = si * SUM;
    let lo = 0;
    let hi = 0;
    const to = t.sentStart[si + 1] as number;
    if (CLASS_WORDS <= 4) {
      // the union in locals (class words past the lexicon's count stay 0)
      let u0 = 0;
      let u1 = 0;
      let u2 = 0;
      let u3 = 0;
      for (let j = t.sentStart[si] as number; j < to; j++) {
        const e = t.entry[j] as number;
        if (e < 0) continue;
        const b = e * CLASS_WORDS;
        u0 |= cls[b] as number;
        if (CLASS_WORDS > 1) u1 |= cls[b + 1] as number;
        if (CLASS_WORDS > 2) u2 |= cls[b + 2] as number;
        if (CLASS_WORDS > 3) u3 |= cls[b + 3] as number;
        // the bloom bit in lo or hi by bit 5 of the id, without a branch (ids are spread evenly)
        const bit = 1 << (e & 31);
        const high = -((e >> 5) & 1);
        hi |= bit & high;
        lo |= bit & ~high;
      }
      // SUM is 6 here: the union's words, then the bloom's (written below), then zeros
      sums[s0] = u0;
      sums[s0 + 1] = u1;
      sums[s0 + 2] = u2;
      sums[s0 + 3] = u3;
      sums[s0 + 4] = 0;
      sums[s0 + 5] = 0;
    } else {
      sums.fill(0, s0, s0 + SUM);
      for (let j = t.sentStart[si] as number; j < to; j++) {
        const e = t.entry[j] as number;
        if (e < 0) continue;
        const b = e * CLASS_WORDS;
        for (let w = 0; w < CLASS_WORDS; w++) sums[s0 + w] = (sums[s0 + w] as number) | (cls[b + w] as number);
        if ((e & 63) < 32) lo |= 1 << (e & 31);
        else hi |= 1 << (e & 31);
      }
    }
    sums[s0 + CLASS_WORDS] = lo;
    sums[s0 + CLASS_WORDS + 1] = hi;
  }

  private prepareSummaries(t: Tokens): void {
    const ns = t.sentences + 1;
    if (this.sums.length < ns * SUM) this.sums = new Int32Array(ns * SUM * 2);
    if (this.summarized.length < ns) this.summarized = new Int32Array(ns * 2);
    // a new scan number invalidates every summary (wraps after 2^31 scans: then start over)
    if (++this.scanNo >= 0x7fffffff) {
      this.scanNo = 1;
      this.summarized.fill(0);
    }
  }

  /** Can sentence si meet every need of frame fi? */
  private sentenceCan(fi: number, si: number): boolean {
    const nf = this.needFlat;
    const sums = this.sums;
    const base = si * SUM;
    const to = this.needStart[fi + 1] as number;
    if (SUM === 6) {
      const a0 = sums[base] as number;
      const a1 = sums[base + 1] as number;
      const a2 = sums[base + 2] as number;
      const a3 = sums[base + 3] as number;
      const a4 = sums[base + 4] as number;
      const a5 = sums[base + 5] as number;
      for (let q = this.needStart[fi] as number; q < to; q += 6) {
        if (((a0 & (nf[q] as number)) | (a1 & (nf[q + 1] as number)) | (a2 & (nf[q + 2] as number)) | (a3 & (nf[q + 3] as number)) | (a4 & (nf[q + 4] as number)) | (a5 & (nf[q + 5] as number))) === 0) return false;
      }
      return true;
    }
    for (let q = this.needStart[fi] as number; q < to; q += SUM) {
      let met = 0;
      for (let w = 0; w < SUM; w++) met |= (sums[base + w] as number) & (nf[q + w] as number);
      if (met === 0) return false;
    }
    return true;
  }

  /** Every frame match in the tokens, at most one per (frame, anchor). */
  matchAll(t: Tokens, out: FrameMatch[]): void {
    this.t = t;
    let summarized = false;
    const marks = t.marks;
    for (let q = 0; q < t.nm; q++) {
      const i = marks[q] as number;
      const e = t.entry[i] as number;
      if (e < 0) continue;
      if (e >= this.anchorStart.length - 1) continue;
      const from = this.anchorStart[e] as number;
      const to = this.anchorStart[e + 1] as number;
      if (from === to) continue;
      if (!summarized) {
        this.prepareSummaries(t);
        summarized = true;
      }
      const si = t.sent[i] as number;
      this.summarize(t, si);
      const sums = this.sums;
      const base = si * SUM;
      const a0 = sums[base] as number;
      const a1 = sums[base + 1] as number;
      const a2 = sums[base + 2] as number;
      const a3 = sums[base + 3] as number;
      const a4 = sums[base + 4] as number;
      const a5 = sums[base + 5] as number;
      const an = this.anchorNeed;
      for (let q = from; q < to; q++) {
        // the frame's rarest need first, from the anchor's own run (most frames stop here)
        if (SUM === 6) {
          const o = q * 6;
          if (((a0 & (an[o] as number)) | (a1 & (an[o + 1] as number)) | (a2 & (an[o + 2] as number)) | (a3 & (an[o + 3] as number)) | (a4 & (an[o + 4] as number)) | (a5 & (an[o + 5] as number))) === 0) continue;
        }
        const fi = this.anchorList[q] as number;
        if (!this.sentenceCan(fi, si)) continue;
        const cf = this.frames[fi] as CompiledFrame;
        this.cf = cf;
        this.anchor = i;
        this.bonus = 0;
        if (this.rec(0, i)) {
          let fuzzy = 0;
          let exact = 0;
          for (let k = i; k < this.endTok; k++) {
            if (((t.flags[k] as number) & T_FUZZY) !== 0) fuzzy++;
            else if ((t.entry[k] as number) >= 0) exact++;
          }
          const content = this.countContent(i, this.endTok);
          out.push({ frame: fi, a: i, b: this.endTok, bonus: this.bonus, fuzzy, content, exact });
        }
      }
    }
  }

  /** Tokens in the span that belong to a content class (the typo rule needs one spelled right). */
  private countContent(a: number, b: number): number {
    let c = 0;
    for (let k = a; k < b; k++) {
      const e = this.t.entry[k] as number;
      if (e >= 0 && this.isContentEntry(e)) c++;
    }
    return c;
  }

  private contentMask: Int32Array | null = null;
  private isContentEntry(e: number): boolean {
    if (this.contentMask === null) this.contentMask = maskOf(WORD_CLASSES.filter((c) => !NON_CONTENT.has(c)));
    const base = e * CLASS_WORDS;
    for (let w = 0; w < CLASS_WORDS; w++) if (((this.lex.cls[base + w] as number) & (this.contentMask[w] as number)) !== 0) return true;
    return false;
  }

  private rec(si: number, j: number): boolean {
    const slots = this.cf.slots;
    if (si === slots.length) {
      this.endTok = j;
      return true;
    }
    const sl = slots[si] as Slot;
    if (sl.zero !== Z_NONE) return this.zeroOk(sl.zero, j) && this.rec(si + 1, j);
    let k = 0;
    while (k < sl.max && this.take(sl, j + k)) k++;
    if (sl.any) {
      // wildcards are lazy: a named slot after them gets the word first (and its bonus)
      for (let c = sl.min; c <= k; c++) {
        if (c > 0) this.bonus += sl.bonus;
        if (this.rec(si + 1, j + c)) return true;
        if (c > 0) this.bonus -= sl.bonus;
      }
      return false;
    }
    for (let c = k; c >= sl.min; c--) {
      if (c > 0) this.bonus += sl.bonus;
      if (this.rec(si + 1, j + c)) return true;
      if (c > 0) this.bonus -= sl.bonus;
    }
    return false;
  }

  private take(sl: Slot, j: number): boolean {
    const t = this.t;
    if (j >= t.n) return false;
    if (j !== this.anchor && ((t.gap[j] as number) & G_SENTENCE) !== 0) return false;
    if (sl.any) return true;
    if (sl.flag !== 0) {
      const f = t.flags[j] as number;
      if ((sl.flag & F_CAP) !== 0 && (f & T_CAP) !== 0) return true;
      if ((sl.flag & F_URL) !== 0) {
        if ((f & (T_SCHEME | T_HOST)) !== 0) return true;
        // a dotted IPv4 address
        if ((f & T_NUM) !== 0 && j + 1 < t.n && ((t.gap[j + 1] as number) & G_DOT) !== 0 && ((t.flags[j + 1] as number) & T_NUM) !== 0) return true;
      }
      if (sl.mask === null && sl.words === null) return false;
    }
    return entryMatches(this.lex, sl, t.entry[j] as number);
  }

  private zeroOk(z: number, j: number): boolean {
    const t = this.t;
    const g = t.gap[j] as number;
    if (z === Z_COLON) return (g & G_COLON) !== 0;
    if (z === Z_CLAUSE) return (g & (G_COMMA | G_COLON | G_DASH | G_NL | G_SENTENCE)) !== 0;
    // Z_END: the noun phrase ends here
    if (j >= t.n || (g & G_CLAUSE) !== 0) return true;
    const e = t.entry[j] as number;
    if (e < 0) return false;
    const base = e * CLASS_WORDS;
    for (let w = 0; w < CLASS_WORDS; w++) if (((this.lex.cls[base + w] as number) & (this.phraseEnd[w] as number)) !== 0) return true;
    return false;
  }
}
