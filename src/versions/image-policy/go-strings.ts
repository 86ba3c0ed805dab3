/**
 * Go string semantics the ImagePolicy code relies on: byte-wise order of
 * UTF-8 (`<` on Go strings, so `sort.StringSlice`) and `strings.ToUpper`.
 */

/** U+FFFD, what Go's JSON and YAML decoders put in place of a lone surrogate. */
const REPLACEMENT = 0xfffd;

function codePointAt(s: string, i: number): number {
  const cp = s.codePointAt(i)!;
  return cp >= 0xd800 && cp <= 0xdfff ? REPLACEMENT : cp;
}

/**
 * Go's string comparison (the Go spec's comparison operators; what
 * `sort.StringSlice` sorts by in fluxcd/image-reflector-controller
 * `internal/policy/alphabetical.go` @debe2aaa): byte by byte over UTF-8,
 * which orders code points numerically. JavaScript's `<` compares UTF-16 code units instead, and puts
 * U+10000 and above before U+E000–U+FFFF; this does not. A lone surrogate,
 * which UTF-8 cannot hold, compares as U+FFFD.
 *
 * @returns negative, zero or positive, like `a < b`, `a == b`, `a > b` in Go
 */
export function compareGoStrings(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = codePointAt(a, i);
    const y = codePointAt(b, j);
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return (a.length - i) - (b.length - j);
}

/**
 * Go's `strings.ToUpper` (Go src/strings/strings.go, go1.26), which
 * `PolicerFromSpec` applies to the order (fluxcd/image-reflector-controller
 * `internal/policy/factory.go` @debe2aaa): each code point through
 * `unicode.ToUpper`, the simple (one-to-one) case mapping. JavaScript's `toUpperCase` applies the
 * full mapping (`ß` → `SS`); where that gives more than one code point the
 * character is kept, as Go keeps it. (Go's simple mapping differs from
 * keeping it only for a few Greek letters with ypogegrammeni, e.g. `ᾳ` →
 * `ᾼ`; the ImagePolicy order is only compared with `ASC` and `DESC`, so
 * only the text of an error could differ.)
 */
export function goToUpper(s: string): string {
  let out = '';
  for (const ch of s) {
    const upper = ch.toUpperCase();
    out += [...upper].length === 1 ? upper : ch;
  }
  return out;
}
