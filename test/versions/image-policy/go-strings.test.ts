/** Go's string order (byte-wise UTF-8) and `strings.ToUpper`, which the alphabetical policy and the order check use. */
import { compareGoStrings, goToUpper } from '../../../src/versions/image-policy/go-strings';

describe('compareGoStrings: byte-wise UTF-8 order', () => {
  test.each<[string, string, -1 | 0 | 1]>([
    ['a', 'b', -1],
    ['b', 'a', 1],
    ['a', 'a', 0],
    ['', '', 0],
    ['', 'a', -1],
    ['a', 'ab', -1],
    ['Z', 'a', -1], // upper case before lower case
    ['1.10', '1.9', -1], // not numeric
    ['v1', '1', 1],
    ['z', 'é', -1], // U+00E9 encodes as C3 A9, after 7A
    ['\uE000', '\u{1F600}', -1], // JavaScript's code-unit order says the opposite (D83D < E000)
    ['\uFFFF', '\u{10000}', -1],
    ['a\u{1F600}', 'a\uE000', 1],
    ['\u{1F600}', '\u{1F601}', -1], // same high surrogate, low surrogates decide
    ['\uD800', '\uFFFD', 0], // a lone surrogate reads as U+FFFD
    ['\uD800', '\uFFFC', 1],
  ])('%p vs %p', (a, b, sign) => {
    expect(Math.sign(compareGoStrings(a, b))).toBe(sign);
    expect(Math.sign(compareGoStrings(b, a))).toBe(-sign || 0);
  });
});

describe('goToUpper: strings.ToUpper, simple case mapping', () => {
  test.each([
    ['asc', 'ASC'],
    ['Desc', 'DESC'],
    ['ASC', 'ASC'],
    ['', ''],
    ['aſc', 'ASC'], // U+017F LATIN SMALL LETTER LONG S upper-cases to S, in Go too
    ['ınvalid', 'INVALID'], // dotless i
    ['straße', 'STRAßE'], // no one-to-one upper case: kept (JavaScript would write SS)
    ['ﬀ', 'ﬀ'],
    ['é😀', 'É😀'],
  ])('%p → %p', (input, expected) => {
    expect(goToUpper(input)).toBe(expected);
  });
});
