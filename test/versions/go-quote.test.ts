/**
 * `goQuote` against Go's `strconv.Quote` (`%q`): the `quote` rows of
 * flux-releases/vectors.json were printed by Go 1.19.8 (golang/go
 * `src/strconv/quote.go`, unchanged through Go 1.26) and hold only code
 * points whose printability is the same in Go 1.19's Unicode 13.0 and in
 * the Unicode 15.0 of Go 1.21–1.26, which builds Flux 2.8.8+. The code
 * points assigned after Unicode 15.0 are checked by name below.
 */
import { q, vectors } from './flux-releases/vectors';
import { goQuote } from '../../src/versions';
import { goIsPrint } from '../../src/versions/go-isprint';

describe('goQuote is Go %q', () => {
  test.each(vectors.quote.map((r) => [q(r.input).slice(0, 60), r] as const))('%s', (_title, row) => {
    expect(goQuote(row.input)).toBe(row.go);
  });

  test.each([
    // Unicode 15.0 additions: printable for Go 1.21–1.26 (Go 1.19 escapes them)
    ['\u{1FAE0}', '"\u{1FAE0}"'], // MELTING FACE, Unicode 14.0
    ['\u061D', '"\u061D"'], // ARABIC END OF TEXT MARK, Unicode 14.0
    ['\u0890', '"\\u0890"'], // ARABIC POUND MARK ABOVE, Unicode 14.0, a format character
    ['\u{31350}', '"\u{31350}"'], // CJK Extension H, Unicode 15.0
    ['\u{1E030}', '"\u{1E030}"'], // MODIFIER LETTER CYRILLIC SMALL A, Unicode 15.0
    // assigned after Unicode 15.0: Go 1.26 escapes them, though Node's regex calls them printable
    ['\u{2EBF0}', '"\\U0002ebf0"'], // CJK Extension I, Unicode 15.1
    ['\u{2FFC}', '"\\u2ffc"'], // IDEOGRAPHIC DESCRIPTION CHARACTER, Unicode 15.1
    ['\u{1FAE9}', '"\\U0001fae9"'], // FACE WITH BAGS UNDER EYES, Unicode 16.0
    ['\u{1CC00}', '"\\U0001cc00"'], // Symbols for Legacy Computing Supplement, Unicode 16.0
    // a lone surrogate reaches Go as U+FFFD, which is printable
    ['\ud800', '"\ufffd"'],
    ['a\udc00b', '"a\ufffdb"'],
  ])('%p → %s', (input, go) => {
    expect(goQuote(input)).toBe(go);
  });

  test('the Unicode 15.0 table: U+0020 and L/M/N/P/S, 148 998 code points, all printable to Node too', () => {
    const nodePrintable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
    let count = 0;
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (!goIsPrint(cp)) continue;
      count++;
      if (cp !== 0x20 && !nodePrintable.test(String.fromCodePoint(cp))) throw new Error(`U+${cp.toString(16)} is not L/M/N/P/S to Node`);
    }
    expect(count).toBe(148998);
  });

  test('spaces, controls, format and private-use characters are escaped', () => {
    for (const cp of [0x00a0, 0x00ad, 0x1680, 0x2000, 0x200b, 0x2028, 0x2029, 0x202f, 0x3000, 0xe000, 0xfeff, 0xe0001, 0x10ffff]) {
      expect(goIsPrint(cp)).toBe(false);
    }
  });
});
