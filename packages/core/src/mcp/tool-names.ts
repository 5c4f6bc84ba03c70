// The other tools of a tools/list as one tool's texts see them: which names
// a text mentions as words (for shadowing and cross-tool hooks) and which
// name imitates this tool's (read_fiIe ≈ read_file). One index per list.
import { needsNormalization, normalizeText } from '../normalize/index.js';

/** A name as it looks: case, lookalike letters, separators and doubled letters folded (read_fiIe ≈ read_file). */
export function nameSkeleton(name: string): string {
  let n = needsNormalization(name) ? normalizeText(name) : name;
  n = n.replace(/[Ii1|]/g, 'l').toLowerCase().replace(/0/g, 'o').replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/[-.\s]+/g, '_');
  return n.replace(/([a-z])\1+/g, '$1');
}

/** The other tools of a list, as the texts of one tool see them: the names a text mentions, a name that imitates its own. */
export interface OtherTools {
  /** Names (lower-cased) that the lower-cased text mentions as a word, each once, in list order. */
  mentioned(lower: string): string[];
  /** A name in the list that folds to the same skeleton as `name` (as written) but is not it. */
  twin(name: string): string | undefined;
}

const WORD = /[a-z0-9_]+/g;

/**
 * One index per tools/list (names lower-cased; names under 4 characters are
 * never matched): a text is split into words once and each word looked up,
 * instead of one search per name per text, which made a 551-tool list
 * quadratic. `except(name)` is the view of the tool called `name`.
 */
export function toolNameIndex(names: readonly string[]): { except(self: string): OtherTools } {
  const order = new Map<string, number>();
  const odd: string[] = [];
  const skeletons = new Map<string, string[]>();
  names.forEach((n, i) => {
    if (n.length < 4 || order.has(n)) return;
    order.set(n, i);
    if (!/^[a-z0-9_]+$/.test(n)) odd.push(n);
    const k = nameSkeleton(n);
    const same = skeletons.get(k);
    if (same) same.push(n);
    else skeletons.set(k, [n]);
  });
  const isWordChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
  return {
    except(self: string): OtherTools {
      return {
        mentioned(lower: string): string[] {
          const found = new Set<string>();
          WORD.lastIndex = 0;
          for (let m = WORD.exec(lower); m; m = WORD.exec(lower)) if (m[0] !== self && order.has(m[0])) found.add(m[0]);
          for (const o of odd) {
            if (o === self || found.has(o)) continue;
            for (let at = lower.indexOf(o); at >= 0; at = lower.indexOf(o, at + 1)) {
              if (!isWordChar(lower.charCodeAt(at - 1)) && !isWordChar(lower.charCodeAt(at + o.length))) {
                found.add(o);
                break;
              }
            }
          }
          return found.size > 1 ? [...found].sort((a, b) => order.get(a)! - order.get(b)!) : [...found];
        },
        twin(name: string): string | undefined {
          const lowered = name.toLowerCase();
          return skeletons.get(nameSkeleton(name))?.find((o) => o !== lowered && o !== self);
        },
      };
    },
  };
}

/** A plain list of other names (tests, callers without an index) as an index view. */
export function asOtherTools(others: readonly string[] | OtherTools): OtherTools {
  return Array.isArray(others) ? toolNameIndex(others as readonly string[]).except('\u0000') : (others as OtherTools);
}
