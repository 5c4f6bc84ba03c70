// The benign corpora read real files from node_modules (package sources,
// READMEs, JSON). One walker for all of them: sorted directory entries, so a
// run on any machine with the same lockfile reads the same files in the same
// order; unreadable entries are skipped, never fatal.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface WalkOptions {
  /** Deepest directory level entered below `dir` (0 = only `dir`'s own files). */
  maxDepth: number;
  /** Whether a file is taken, by its name and size. */
  accept: (name: string, size: number) => boolean;
  /** Directory names never entered (default: `.bin`). */
  skipDirs?: readonly string[];
  /** Stop once this many files are taken. */
  limit?: number;
  /** Report each file by its real path, once (pnpm links the same package from several places). */
  realpath?: boolean;
}

/** Files under `dir` that `accept` takes, in walk order (sorted per directory). */
export function filesUnder(dir: string, opts: WalkOptions): string[] {
  const skip = new Set(opts.skipDirs ?? ['.bin']);
  const limit = opts.limit ?? Infinity;
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (d: string, depth: number): void => {
    let entries: string[];
    try {
      entries = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      if (out.length >= limit) return;
      const p = join(d, e);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (depth < opts.maxDepth && !skip.has(e)) walk(p, depth + 1);
      } else if (opts.accept(e, st.size)) {
        const f = opts.realpath ? realpathSync(p) : p;
        if (seen.has(f)) continue;
        seen.add(f);
        out.push(f);
      }
    }
  };
  walk(dir, 0);
  return out;
}
