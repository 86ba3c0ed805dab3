/**
 * Character-class arithmetic for the Go regexp translator: classes as sorted
 * code-point ranges, Go's Perl and POSIX classes, and case folding.
 */

/** An inclusive code-point range. */
export type Range = readonly [number, number];

export const MAX_RUNE = 0x10ffff;

const DIGIT: Range[] = [[0x30, 0x39]];
const SPACE: Range[] = [[0x09, 0x0a], [0x0c, 0x0d], [0x20, 0x20]];
const WORD: Range[] = [[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]];

/** Go's Perl classes (all ASCII); `\s` is `[\t\n\f\r ]`, narrower than JS's. */
export const PERL_CLASSES: Record<string, { ranges: Range[]; negated: boolean }> = {
  d: { ranges: DIGIT, negated: false },
  D: { ranges: DIGIT, negated: true },
  s: { ranges: SPACE, negated: false },
  S: { ranges: SPACE, negated: true },
  w: { ranges: WORD, negated: false },
  W: { ranges: WORD, negated: true },
};

/** Go's `[:name:]` classes, by name. */
export const POSIX_CLASSES: Record<string, Range[]> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  ascii: [[0x00, 0x7f]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: DIGIT,
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  word: WORD,
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

/** Sorted, merged ranges. */
export function normalize(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) {
      if (hi > last[1]) last[1] = hi;
    } else {
      out.push([lo, hi]);
    }
  }
  return out;
}

/** Every code point not in `ranges`. */
export function complement(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of normalize(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

// Go folds k/K with KELVIN SIGN and s/S with LATIN SMALL LETTER LONG S.
const SPECIAL_FOLDS: readonly (readonly number[])[] = [
  [0x4b, 0x6b, 0x212a],
  [0x53, 0x73, 0x17f],
];

/**
 * `ranges` plus their case-fold equivalents, as Go's `(?i)` adds them. Exact
 * for ASCII and Go's two non-ASCII ASCII-folds; other scripts are not folded
 * (OCI tags are ASCII, so a semverFilter never meets them).
 */
export function fold(ranges: readonly Range[]): Range[] {
  const out: Range[] = [...ranges];
  for (const [lo, hi] of ranges) {
    const upperLo = Math.max(lo, 0x41);
    const upperHi = Math.min(hi, 0x5a);
    if (upperLo <= upperHi) out.push([upperLo + 0x20, upperHi + 0x20]);
    const lowerLo = Math.max(lo, 0x61);
    const lowerHi = Math.min(hi, 0x7a);
    if (lowerLo <= lowerHi) out.push([lowerLo - 0x20, lowerHi - 0x20]);
    for (const orbit of SPECIAL_FOLDS) {
      if (orbit.some((c) => c >= lo && c <= hi)) for (const c of orbit) out.push([c, c]);
    }
  }
  return normalize(out);
}

/** A code point as a JS `u`-mode escape, safe inside and outside classes. */
export function escapeCodePoint(cp: number): string {
  const c = String.fromCodePoint(cp);
  return /^[0-9A-Za-z]$/.test(c) ? c : `\\u{${cp.toString(16)}}`;
}
