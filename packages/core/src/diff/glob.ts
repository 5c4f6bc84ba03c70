// Gitignore-style path globs for `--exclude`. Matching simulates the pattern
// as a small automaton (every live position at once), so time is
// O(path × pattern) whatever the pattern: no backtracking regex to blow up.
//
//   *      any run of characters except '/'
//   **     any run of characters including '/' (`**/` also matches no directory)
//   ?      one character except '/'
//   [abc]  [a-z] [!x]   one character from (or not from) a set
//   {a,b}  alternatives (expanded before matching, nesting allowed)
//   dir/   trailing slash: the directory and everything under it
//   name   no slash: a file or directory with that name at any depth
//   /x, a/b  containing a slash: anchored at the repository root

const enum Kind {
  Lit,
  One,
  Star,
  GlobStar,
  /** A `**` segment followed by '/': the entry of the optional group (any run, then '/'). */
  DirStar,
  Class,
}

type Token =
  | { kind: Kind.Lit; ch: number }
  | { kind: Kind.One | Kind.Star | Kind.GlobStar | Kind.DirStar }
  | { kind: Kind.Class; negate: boolean; ranges: number[] };

interface Compiled {
  tokens: Token[];
  /** Pattern had no '/' (other than a trailing one): match any path component. */
  basename: boolean;
  /** Trailing '/': only directories (path prefixes) match. */
  dirOnly: boolean;
}

/** Expanding `{a,b}` is capped so a hostile pattern cannot explode. */
const MAX_ALTERNATIVES = 256;

/** Whether `path` (repository-relative, '/'-separated) matches the glob. */
export function matchGlob(pattern: string, path: string): boolean {
  return compileGlobs([pattern])(path);
}

/** Compile once; the returned predicate is true when any pattern matches. */
export function compileGlobs(patterns: readonly string[]): (path: string) => boolean {
  const compiled: Compiled[] = [];
  for (const raw of patterns) {
    const p = raw.trim();
    if (p === '') continue;
    for (const alt of expandBraces(p)) compiled.push(compileOne(alt));
  }
  if (compiled.length === 0) return () => false;
  return (path: string): boolean => {
    const norm = normalizePath(path);
    if (norm === '') return false;
    for (const c of compiled) if (matchCompiled(c, norm)) return true;
    return false;
  };
}

function normalizePath(path: string): string {
  let p = path.replace(/\\/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  while (p.startsWith('/')) p = p.slice(1);
  return p;
}

function compileOne(pattern: string): Compiled {
  let p = pattern.replace(/\\/g, '/');
  let dirOnly = false;
  while (p.length > 1 && p.endsWith('/')) {
    p = p.slice(0, -1);
    dirOnly = true;
  }
  if (p.startsWith('./')) p = p.slice(2);
  const anchored = p.startsWith('/');
  if (anchored) p = p.replace(/^\/+/, '');
  const basename = !anchored && !p.includes('/');
  return { tokens: tokenize(p), basename, dirOnly };
}

function matchCompiled(c: Compiled, path: string): boolean {
  if (c.basename) {
    // Any component; a directory component also covers everything under it.
    let start = 0;
    for (;;) {
      const slash = path.indexOf('/', start);
      const end = slash === -1 ? path.length : slash;
      const isDir = slash !== -1;
      if ((isDir || !c.dirOnly) && run(c.tokens, path, start, end)) return true;
      if (slash === -1) return false;
      start = slash + 1;
    }
  }
  // Anchored: the whole path, or any directory prefix of it (one pass for all prefixes).
  return run(c.tokens, path, 0, path.length, true, !c.dirOnly);
}

function tokenize(p: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < p.length; i++) {
    const ch = p.charCodeAt(i);
    if (ch === 42 /* * */) {
      if (p.charCodeAt(i + 1) === 42) {
        // `**` only means "across directories" as a whole path segment.
        const atStart = i === 0 || p.charCodeAt(i - 1) === 47;
        let j = i;
        while (p.charCodeAt(j) === 42) j++;
        if (atStart && p.charCodeAt(j) === 47) {
          // (.*/)? as three states: an optional entry, any run, then '/'.
          out.push({ kind: Kind.DirStar }, { kind: Kind.GlobStar }, { kind: Kind.Lit, ch: 47 });
          i = j; // also consumes the '/'
        } else {
          // `**` as a whole segment crosses directories; `a**b` is just a star.
          out.push({ kind: atStart && j === p.length ? Kind.GlobStar : Kind.Star });
          i = j - 1;
        }
      } else if (out.length === 0 || out[out.length - 1]!.kind !== Kind.Star) {
        out.push({ kind: Kind.Star });
      }
    } else if (ch === 63 /* ? */) {
      out.push({ kind: Kind.One });
    } else if (ch === 91 /* [ */) {
      const cls = parseClass(p, i);
      if (cls === null) {
        out.push({ kind: Kind.Lit, ch });
      } else {
        out.push(cls.token);
        i = cls.end;
      }
    } else if (ch === 92 /* \ */ && i + 1 < p.length) {
      out.push({ kind: Kind.Lit, ch: p.charCodeAt(++i) });
    } else {
      out.push({ kind: Kind.Lit, ch });
    }
  }
  return out;
}

function parseClass(p: string, open: number): { token: Token; end: number } | null {
  let i = open + 1;
  let negate = false;
  if (p[i] === '!' || p[i] === '^') {
    negate = true;
    i++;
  }
  const ranges: number[] = [];
  let first = true;
  for (; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c === 93 /* ] */ && !first) return { token: { kind: Kind.Class, negate, ranges }, end: i };
    first = false;
    if (p.charCodeAt(i + 1) === 45 /* - */ && i + 2 < p.length && p.charCodeAt(i + 2) !== 93) {
      ranges.push(c, p.charCodeAt(i + 2));
      i += 2;
    } else {
      ranges.push(c, c);
    }
  }
  return null;
}

function classHas(t: { negate: boolean; ranges: number[] }, c: number): boolean {
  let hit = false;
  for (let k = 0; k < t.ranges.length; k += 2) {
    if (c >= t.ranges[k]! && c <= t.ranges[k + 1]!) {
      hit = true;
      break;
    }
  }
  return t.negate ? !hit && c !== 47 : hit;
}

/**
 * Simulate tokens over s[start, end). `cur[i]` means "the first i tokens
 * match the text read so far"; each character advances every live state.
 */
function run(tokens: Token[], s: string, start: number, end: number, dirPrefix = false, whole = true): boolean {
  const n = tokens.length;
  let cur = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  cur[0] = 1;
  closure(tokens, cur);
  for (let pos = start; pos < end; pos++) {
    const c = s.charCodeAt(pos);
    // With dirPrefix, matching the text before any '/' (a directory) is a match.
    if (dirPrefix && c === 47 && pos > start && cur[n] === 1) return true;
    next.fill(0);
    let any = false;
    for (let i = 0; i < n; i++) {
      if (cur[i] === 0) continue;
      const t = tokens[i]!;
      switch (t.kind) {
        case Kind.Lit:
          if (c === t.ch) next[i + 1] = 1;
          break;
        case Kind.One:
          if (c !== 47) next[i + 1] = 1;
          break;
        case Kind.Class:
          if (classHas(t, c)) next[i + 1] = 1;
          break;
        case Kind.Star:
          if (c !== 47) next[i] = 1;
          break;
        case Kind.GlobStar:
          next[i] = 1;
          break;
        case Kind.DirStar:
          // Consumes nothing: only an entry point that may skip its group.
          break;
      }
    }
    closure(tokens, next);
    for (let i = 0; i <= n; i++) {
      if (next[i] !== 0) {
        any = true;
        break;
      }
    }
    if (!any) return false;
    const tmp = cur;
    cur = next;
    next = tmp;
  }
  return whole && cur[n] === 1;
}

/** Tokens that can match nothing (star, globstar, dirstar) let the state skip ahead. */
function closure(tokens: Token[], set: Uint8Array): void {
  for (let i = 0; i < tokens.length; i++) {
    if (set[i] === 0) continue;
    const k = tokens[i]!.kind;
    if (k === Kind.Star || k === Kind.GlobStar) set[i + 1] = 1;
    else if (k === Kind.DirStar) {
      set[i + 1] = 1;
      set[i + 3] = 1;
    }
  }
}

/** `{a,b}c` -> ['ac', 'bc'], nested braces allowed; an unbalanced brace is literal. */
export function expandBraces(p: string): string[] {
  const open = findBrace(p);
  if (open === null) return [p];
  const { start, end, parts } = open;
  const out: string[] = [];
  const head = p.slice(0, start);
  const tail = p.slice(end + 1);
  for (const part of parts) {
    for (const e of expandBraces(head + part + tail)) {
      out.push(e);
      if (out.length >= MAX_ALTERNATIVES) return out;
    }
  }
  return out;
}

function findBrace(p: string): { start: number; end: number; parts: string[] } | null {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') {
      i++;
      continue;
    }
    if (p[i] !== '{') continue;
    let depth = 0;
    const parts: string[] = [];
    let partStart = i + 1;
    for (let j = i; j < p.length; j++) {
      const c = p[j];
      if (c === '\\') {
        j++;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          parts.push(p.slice(partStart, j));
          // `{a}` with no comma is literal in shells and gitignore-ish tools.
          if (parts.length > 1) return { start: i, end: j, parts };
          break;
        }
      } else if (c === ',' && depth === 1) {
        parts.push(p.slice(partStart, j));
        partStart = j + 1;
      }
    }
  }
  return null;
}
