// DLP results of short request texts, remembered per scan context. An agent
// sends the same header lines and JSON keys on every request ("content-type:
// application/json", "authorization: Bearer <the same key>", "model",
// "messages", its system prompt), and DLP is a pure function of the text for
// a given engine, so the second request need not scan them again; a header
// carrying a real key costs the engine tens of µs per scan, every time.
// Only short texts are kept and the table is bounded, so memory stays small
// whatever the traffic; long or varying texts (message contents, request
// ids, the joined passes) miss and are scanned as before. The table holds
// the texts themselves (an Authorization line among them) for as long as the
// scanner lives, in the same process that already holds them per request;
// it never reaches a finding, a log or an error.
import type { RawHit, ScanContext } from '../context.js';

/** Texts longer than this are scanned every time (they rarely repeat, and would hold memory). */
const MAX_TEXT = 512;
/** Entries kept per scan context; the oldest goes first (insertion order). */
const MAX_ENTRIES = 1024;

const memos = new WeakMap<ScanContext, ScanContext>();

/** `ctx` whose dlp() answers repeated short texts from a bounded table; results identical to ctx.dlp. */
export function withDlpMemo(ctx: ScanContext): ScanContext {
  let m = memos.get(ctx);
  if (m === undefined) {
    const table = new Map<string, readonly RawHit[]>();
    const dlp = (text: string): RawHit[] => {
      if (text.length > MAX_TEXT) return ctx.dlp(text);
      const known = table.get(text);
      if (known !== undefined) return known.length === 0 ? [] : known.map(copyHit);
      const hits = ctx.dlp(text);
      if (table.size >= MAX_ENTRIES) table.delete(table.keys().next().value as string);
      table.set(text, hits.map(copyHit));
      return hits;
    };
    m = { ...ctx, dlp };
    memos.set(ctx, m);
  }
  return m;
}

/** Callers may change a hit they were given (an excerpt, an encoding chain): the table keeps its own. */
function copyHit(h: RawHit): RawHit {
  return h.encoding === undefined ? { ...h } : { ...h, encoding: [...h.encoding] };
}
