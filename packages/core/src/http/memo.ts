// DLP results of short texts, remembered per scan context. An agent sends
// the same header lines and JSON keys on every request ("content-type:
// application/json", "authorization: Bearer <the same key>", "model",
// "messages", its system prompt), and DLP is a pure function of the text
// for a given engine, so the next request need not scan them again; a
// header carrying a real key costs the engine tens of µs per scan, every time.
// Only short texts are kept, and only once they have been seen twice: a text
// that never repeats (a request id, a joined pass) leaves a 32-bit hash in a
// bounded set, not itself, so the table churns only with what repeats and a
// secret sent once is not held. The table holds the repeated texts (an
// Authorization line among them) for as long as the scanner lives, in the
// same process that already holds them per request; it never reaches a
// finding, a log or an error. (Tried on the URL pipeline too: a URL that
// does not repeat then cost ~1 µs more, so it is not used there.)
import type { RawHit, ScanContext } from '../context.js';

/** Texts longer than this are scanned every time (they rarely repeat, and would hold memory). */
const MAX_TEXT = 512;
/** Texts kept per scan context; the oldest goes first (insertion order). */
const MAX_ENTRIES = 512;
/** Hashes of texts seen once; cleared when full. */
const MAX_SEEN_ONCE = 8192;

const memos = new WeakMap<ScanContext, ScanContext>();

/** `ctx` whose dlp() answers repeated short texts from a bounded table; results identical to ctx.dlp. */
export function withDlpMemo(ctx: ScanContext): ScanContext {
  let m = memos.get(ctx);
  if (m === undefined) {
    const table = new Map<string, readonly RawHit[]>();
    const seenOnce = new Set<number>();
    const dlp = (text: string): RawHit[] => {
      if (text.length > MAX_TEXT) return ctx.dlp(text);
      const known = table.get(text);
      if (known !== undefined) return known.length === 0 ? [] : known.map(copyHit);
      const hits = ctx.dlp(text);
      // A hash collision only lets a text in early; the table itself is keyed by the text.
      const h = hashOf(text);
      if (!seenOnce.has(h)) {
        if (seenOnce.size >= MAX_SEEN_ONCE) seenOnce.clear();
        seenOnce.add(h);
        return hits;
      }
      if (table.size >= MAX_ENTRIES) table.delete(table.keys().next().value as string);
      table.set(text, hits.map(copyHit));
      return hits;
    };
    m = { ...ctx, dlp };
    memos.set(ctx, m);
  }
  return m;
}

/** FNV-1a over the UTF-16 code units, as a small integer. */
function hashOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Callers may change a hit they were given (an excerpt, an encoding chain): the table keeps its own. */
function copyHit(h: RawHit): RawHit {
  return h.encoding === undefined ? { ...h } : { ...h, encoding: [...h.encoding] };
}
