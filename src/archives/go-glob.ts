import { BadPatternError } from './errors';

/**
 * Go's `path/filepath.Match` on `/`-separated paths: `*` and `?` never match
 * `/`, `[...]` classes negate with `^`, `\` escapes. Both `.helmignore` (Helm)
 * and Flux's gitignore port match path segments with it, so their patterns
 * behave exactly like this, not like fnmatch(3) or minimatch.
 */

const SEP = 0x2f; // '/'
const BACKSLASH = 0x5c;

/**
 * Whether `name` matches `pattern` as Go's `filepath.Match` decides.
 * @throws BadPatternError when the pattern is malformed
 */
export function goPathMatch(pattern: string, name: string): boolean {
  // The common shapes answered without the general matcher (a check matches every path against
  // the ignore patterns): a literal, and `*` followed by a literal (`*.png`), which cannot cross a `/`.
  const shape = shapeOf(pattern);
  if (shape === 'literal') return name === pattern;
  if (shape === 'star-suffix') {
    const suffix = pattern.slice(1);
    return name.endsWith(suffix) && !name.slice(0, name.length - suffix.length).includes('/');
  }
  const bad = (): never => {
    throw new BadPatternError(pattern);
  };
  let p = [...pattern].map((c) => c.codePointAt(0)!);
  let s = [...name].map((c) => c.codePointAt(0)!);
  outer: while (p.length > 0) {
    const chunk = scanChunk(p);
    p = chunk.rest;
    if (chunk.star && chunk.chunk.length === 0) return !s.includes(SEP);
    const here = matchChunk(chunk.chunk, s, bad);
    if (here !== undefined && (here.length === 0 || p.length > 0)) {
      s = here;
      continue;
    }
    if (chunk.star) {
      for (let i = 0; i < s.length && s[i] !== SEP; i++) {
        const rest = matchChunk(chunk.chunk, s.slice(i + 1), bad);
        if (rest !== undefined) {
          if (p.length === 0 && rest.length > 0) continue;
          s = rest;
          continue outer;
        }
      }
    }
    // Go reports a malformed remainder even when the match already failed.
    while (p.length > 0) {
      const next = scanChunk(p);
      p = next.rest;
      matchChunk(next.chunk, [], bad);
    }
    return false;
  }
  return s.length === 0;
}

const SPECIAL = /[*?[\\]/;

/** A pattern without `*`, `?`, `[` or `\\` (a literal), `*` then such a literal, or anything else. */
function shapeOf(pattern: string): 'literal' | 'star-suffix' | 'general' {
  if (!SPECIAL.test(pattern)) return 'literal';
  return pattern.startsWith('*') && !SPECIAL.test(pattern.slice(1)) ? 'star-suffix' : 'general';
}

/** Whether Go's `filepath.Match` accepts `pattern` at all. */
export function isValidGoPattern(pattern: string): boolean {
  try {
    goPathMatch(pattern, 'abc');
    return true;
  } catch (e) {
    if (e instanceof BadPatternError) return false;
    throw e;
  }
}

function scanChunk(p: number[]): { star: boolean; chunk: number[]; rest: number[] } {
  let star = false;
  let i = 0;
  while (i < p.length && p[i] === 0x2a) {
    i++;
    star = true;
  }
  const body = p.slice(i);
  let inRange = false;
  let j = 0;
  scan: for (; j < body.length; j++) {
    switch (body[j]) {
      case BACKSLASH:
        if (j + 1 < body.length) j++;
        break;
      case 0x5b: // [
        inRange = true;
        break;
      case 0x5d: // ]
        inRange = false;
        break;
      case 0x2a: // *
        if (!inRange) break scan;
        break;
    }
  }
  return { star, chunk: body.slice(0, j), rest: body.slice(j) };
}

/** The rest of `s` after `chunk` matched its start, or undefined. */
function matchChunk(chunk: number[], s: number[], bad: () => never): number[] | undefined {
  let failed = false;
  let c = 0;
  let i = 0;
  while (c < chunk.length) {
    if (!failed && i >= s.length) failed = true;
    switch (chunk[c]) {
      case 0x5b: { // [
        const r = failed ? -1 : s[i++];
        c++;
        let negated = false;
        if (chunk[c] === 0x5e) { // ^
          negated = true;
          c++;
        }
        let match = false;
        let ranges = 0;
        for (;;) {
          if (c < chunk.length && chunk[c] === 0x5d && ranges > 0) {
            c++;
            break;
          }
          const lo = escaped(chunk, c, bad);
          c = lo.next;
          let hi = lo.rune;
          if (chunk[c] === 0x2d) { // -
            const h = escaped(chunk, c + 1, bad);
            hi = h.rune;
            c = h.next;
          }
          if (lo.rune <= r && r <= hi) match = true;
          ranges++;
        }
        if (match === negated) failed = true;
        break;
      }
      case 0x3f: // ?
        if (!failed) {
          if (s[i] === SEP) failed = true;
          i++;
        }
        c++;
        break;
      default:
        if (chunk[c] === BACKSLASH) {
          c++;
          if (c >= chunk.length) bad();
        }
        if (!failed) {
          if (chunk[c] !== s[i]) failed = true;
          i++;
        }
        c++;
    }
  }
  return failed ? undefined : s.slice(i);
}

/** Go's `getEsc`: one (possibly escaped) class character that must be followed by more pattern. */
function escaped(chunk: number[], c: number, bad: () => never): { rune: number; next: number } {
  if (c >= chunk.length || chunk[c] === 0x2d || chunk[c] === 0x5d) bad();
  if (chunk[c] === BACKSLASH) {
    c++;
    if (c >= chunk.length) bad();
  }
  const rune = chunk[c];
  c++;
  if (c >= chunk.length) bad();
  return { rune, next: c };
}
