/**
 * `filterTags` as image-reflector-controller applies it: every case of
 * fluxcd/image-reflector-controller@debe2aaa internal/policy/filter_test.go
 * (TestRegexFilter, which sorts `Items()` before comparing), then what that
 * test leaves out: which match `extract` expands, and which original tag a
 * duplicate extracted value maps back to.
 */
import { compileTagFilter } from '../../../src/versions/image-policy/regex-filter';
import type { ImageTagFilter } from '../../../src/versions/image-policy/types';

function apply(filter: ImageTagFilter, tags: readonly string[]): Map<string, string> {
  const compiled = compileTagFilter(filter);
  if (!compiled.ok) throw new Error(compiled.reason);
  return compiled.apply(tags);
}

describe('filter_test.go TestRegexFilter', () => {
  const debug = ['123-123.123.abcd123-debug', '123-123.123.abcd123', '123-123.123.abcd456-debug', '123-123.123.abcd456'];
  test.each<[string, readonly string[], string, string, readonly string[]]>([
    ['none', ['a'], '', '', ['a']],
    ['valid pattern', ['ver1', 'ver2', 'ver3', 'rel1'], '^ver', '', ['ver1', 'ver2', 'ver3']],
    ['valid pattern with capture group', ['ver1', 'ver2', 'ver3', 'rel1'], 'ver(\\d+)', '$1', ['1', '2', '3']],
    ['valid pattern (complex regex 1)', debug, '^(123-[0-9]+\\.[0-9]+\\.[a-z0-9]+-debug)', '', ['123-123.123.abcd123-debug', '123-123.123.abcd456-debug']],
    [
      'valid pattern with capture group (complex regex 2)', debug, '^(?P<tag>123-[0-9]+\\.[0-9]+\\.[a-z0-9]+[^-debug])', '$tag',
      ['123-123.123.abcd123', '123-123.123.abcd456'],
    ],
    ['valid pattern with capture group (complex regex 3)', debug, '^(?P<tag>123-[0-9]+\\.[0-9]+\\.[a-z0-9]+$)', '$tag', ['123-123.123.abcd123', '123-123.123.abcd456']],
  ])('%s', (_label, tags, pattern, extract, expected) => {
    expect([...apply({ pattern, extract }, tags).keys()].sort()).toEqual(expected);
  });
});

describe('RegexFilter.Apply beyond the upstream test', () => {
  test('the pattern matches anywhere in the tag (FindStringSubmatchIndex, not anchored)', () => {
    expect([...apply({ pattern: 'rc' }, ['1.0.0-rc.1', '1.0.0', 'rc']).keys()]).toEqual(['1.0.0-rc.1', 'rc']);
  });

  test('extract expands the leftmost match only, leftmost-first like Go (not longest)', () => {
    expect([...apply({ pattern: '(\\d+)', extract: '$1' }, ['a12b345']).keys()]).toEqual(['12']);
    expect([...apply({ pattern: '(a|ab)', extract: '<$1>' }, ['xab']).keys()]).toEqual(['<a>']);
  });

  test('without extract the value is the tag, and each value maps to its tag', () => {
    expect([...apply({ pattern: '^v' }, ['v1', 'x', 'v2']).entries()]).toEqual([['v1', 'v1'], ['v2', 'v2']]);
  });

  test('two tags extracting to the same value: the later tag is the original (the Go map is written in list order)', () => {
    const kept = apply({ pattern: '^build-(\\d+)', extract: '$1' }, ['build-1-a', 'build-2-x', 'build-1-b', 'build-2-y']);
    expect([...kept.entries()]).toEqual([['1', 'build-1-b'], ['2', 'build-2-y']]);
    const reversed = apply({ pattern: '^build-(\\d+)', extract: '$1' }, ['build-2-y', 'build-1-b', 'build-2-x', 'build-1-a']);
    expect([...reversed.entries()]).toEqual([['2', 'build-2-x'], ['1', 'build-1-a']]);
  });

  test('a group that does not take part extracts to the empty value, which is still a value', () => {
    expect([...apply({ pattern: '(a)|b', extract: '$1' }, ['b', 'a']).entries()]).toEqual([['', 'b'], ['a', 'a']]);
  });

  test('groups after astral characters are cut at the right place (re2js indexes UTF-16, Go bytes)', () => {
    expect([...apply({ pattern: '😀-(.)(.+)$', extract: '$2$1' }, ['x😀-é🚀z']).keys()]).toEqual(['🚀zé']);
  });

  test('an empty pattern keeps every tag', () => {
    expect([...apply({ pattern: '' }, ['a', '', 'b']).keys()]).toEqual(['a', '', 'b']);
  });

  test("an invalid pattern is NewRegexFilter's error, in Go's words, with flux-oci's hint apart", () => {
    expect(compileTagFilter({ pattern: '(' })).toEqual({ ok: false, reason: "invalid regular expression pattern '(': error parsing regexp: missing closing ): `(`" });
    expect(compileTagFilter({ pattern: 'v(?!1)' })).toEqual({
      ok: false,
      reason: "invalid regular expression pattern 'v(?!1)': error parsing regexp: invalid or unsupported Perl syntax: `(?!`",
      hint: "Go's RE2 syntax has no negative lookahead",
    });
  });
});
