import { InvalidSemverFilterError } from '../../../src/versions/errors';
import { compileSemverFilter } from '../../../src/versions/select';

describe('compileSemverFilter: Go RE2 semantics (re2js)', () => {
  test.each([
    // filter, tag, Go's MatchString
    ['.*-rc.*', '6.1.0-rc.1', true],
    ['.*-rc.*', '6.1.0', false],
    ['rc', '6.1.0-rc.1', true], // unanchored
    ['^rc', '6.1.0-rc.1', false],
    ['^v', 'v1.0.0', true],
    ['^v?1\\.2\\.', '1.2.3', true],
    ['^v?1\\.2\\.', '1.22.3', false],
    ['\\d+\\.\\d+\\.\\d+$', '1.2.3', true],
    ['\\d+\\.\\d+\\.\\d+$', '1.2.3-rc', false],
    ['(?i)-RC', '1.0.0-rc.1', true],
    ['-RC', '1.0.0-rc.1', false],
    ['(?i:r)C', '1.0.0-rC', true],
    ['(?i:r)C', '1.0.0-rc', false],
    ['[[:digit:]]+_[[:alpha:]]+', '1.0.0_build', true],
    ['\\Q1.2\\E', '1x2', false],
    ['\\Q1.2\\E', '1.2.0', true],
    ['^[^v]', 'v1.0.0', false],
    ['x{2}', 'ax', false],
    ['a{,2}', 'a{,2}', true], // not a repeat in Go: literal text
    ['(?P<major>\\d+)\\.', '1.0.0', true],
    ['\\x2d', '1.0.0-rc', true],
    ['\\_', '1.0.0_b', true],
    ['^\\pN', '1.0.0', true],
    ['', 'anything', true],
  ])('%p on %p is %p', (filter, tag, expected) => {
    expect(compileSemverFilter(filter).test(tag)).toBe(expected);
  });

  test.each([
    ['(?=rc)', 'lookahead'],
    ['(?!rc)', 'negative lookahead'],
    ['(?<=-)rc', 'lookbehind'],
    ['(?<!-)rc', 'negative lookbehind'],
    ['(a)\\1', 'backreferences'],
    ['(?P<n>a)(?P=n)', 'backreferences'],
    ['(?>a)', 'atomic groups'],
  ])('%p is rejected: RE2 has no %s', (filter, what) => {
    expect(() => compileSemverFilter(filter)).toThrow(`Go's RE2 syntax has no ${what}`);
  });

  test.each([
    ['a++', 'invalid nested repetition operator: `++`'],
    ['(rc', 'missing closing ): `(rc`'],
    ['rc)', 'unexpected ): `rc)`'],
    ['[a-', 'missing closing ]: `[a-`'],
    ['*rc', 'missing argument to repetition operator: `*`'],
    ['a{1001}', 'invalid repeat count: `{1001}`'],
    ['[z-a]', 'invalid character class range: `z-a`'],
    ['\\e', 'invalid escape sequence: `\\e`'],
    ['rc\\', 'trailing backslash at end of expression: ``'],
    ['(?z)', 'invalid or unsupported Perl syntax: `(?z`'],
    ['(?P<n>a)(?P=n)', 'invalid or unsupported Perl syntax: `(?P` (Go\'s RE2 syntax has no backreferences)'],
    ['\\C', 'invalid escape sequence: `\\C`'],
    ['\\p{L&}', 'invalid character class range: `\\p{L&}` (Go 1.25 and later also accept long and lowercase Unicode class names such as \\p{Letter} or \\p{greek}; flux-oci\'s RE2 engine (re2js) does not, so write the short name, e.g. \\p{L} or \\p{Greek})'],
  ])('%p is rejected with Go\'s error: %s', (filter, goError) => {
    let caught: unknown;
    try {
      compileSemverFilter(filter);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidSemverFilterError);
    const error = caught as InvalidSemverFilterError;
    expect(error.code).toBe('FLUX_OCI_INVALID_SEMVER_FILTER');
    expect(error.filter).toBe(filter);
    expect(error.reason).toBe(`error parsing regexp: ${goError}`);
    expect(error.message).toContain(JSON.stringify(filter));
  });

  // Go accepts these (regexp/syntax parse.go at 08459da0: no duplicate-name check; golang/go#70781
  // canonicalName and unicode.CategoryAliases since 1.25); re2js 2.10.0 does not. The message says so.
  test.each([
    ['(?P<a>x)(?P<a>y)', "duplicate capture group name: `a` (Go accepts a repeated group name, but flux-oci's RE2 engine (re2js) does not"],
    ['^\\p{Letter}', 'invalid character class range: `\\p{Letter}` (Go 1.25 and later also accept'],
  ])('%p: Go accepts it, re2js does not, and the error says which name to write', (filter, reason) => {
    expect(() => compileSemverFilter(filter)).toThrow(reason);
  });

  test('a lone surrogate is invalid UTF-8, as Go reads the pattern', () => {
    expect(() => compileSemverFilter('a\ud800b')).toThrow('error parsing regexp: invalid UTF-8: `\ud800b`');
  });
});

describe('compileSemverFilter runs in linear time (RE2 has no backtracking)', () => {
  // A backtracking engine takes minutes (the documented example on 1 MiB) or
  // 2^40 steps (nested quantifier) on these; jest's 5 s test timeout is the bound.
  test("the documented '.*-rc.*' on a 1 MiB tag without a match", () => {
    expect(compileSemverFilter('.*-rc.*').test('-r'.repeat(512 * 1024))).toBe(false);
    expect(compileSemverFilter('.*-rc.*').test(`${'-r'.repeat(512 * 1024)}c`)).toBe(true);
  });

  test('a nested quantifier on 40 characters that do not match', () => {
    expect(compileSemverFilter('^(a+)+$').test(`${'a'.repeat(40)}b`)).toBe(false);
  });
});
