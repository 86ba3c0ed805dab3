/**
 * `compileGoRegexp`, the one compiler of user-written Go regular
 * expressions (semverFilter, filterTags, exclusionList): Go's error text
 * apart from flux-oci's hint, and the cache. Go's acceptance and wording
 * are covered in depth by test/versions/select/semver-filter.test.ts.
 */
import { compileGoRegexp, withHint } from '../../../src/versions/go-regexp';

describe('compileGoRegexp', () => {
  test('a valid pattern compiles to a reusable regexp, cached per pattern', () => {
    const a = compileGoRegexp('^v(\\d+)');
    expect(a.ok && a.regexp.test('v12')).toBe(true);
    expect(a.ok && a.regexp.test('x12')).toBe(false);
    expect(compileGoRegexp('^v(\\d+)')).toBe(a);
  });

  test("the reason is Go's text alone; the hint is apart", () => {
    const rejected = compileGoRegexp('(?<=a)b');
    expect(rejected).toMatchObject({
      ok: false,
      reason: 'error parsing regexp: invalid named capture: `(?<=a)b`',
      hint: "Go's RE2 syntax has no lookbehind",
    });
    expect(rejected.ok === false && withHint(rejected.reason, rejected.hint))
      .toBe("error parsing regexp: invalid named capture: `(?<=a)b` (Go's RE2 syntax has no lookbehind)");
  });

  test('a plain syntax error has no hint, and a trailing backslash gets Go\'s empty snippet', () => {
    expect(compileGoRegexp('[a-')).toEqual(expect.objectContaining({ ok: false, reason: 'error parsing regexp: missing closing ]: `[a-`' }));
    expect(compileGoRegexp('[a-')).not.toHaveProperty('hint');
    expect(compileGoRegexp('a\\')).toEqual(expect.objectContaining({ ok: false, reason: 'error parsing regexp: trailing backslash at end of expression: ``' }));
  });

  test('a lone surrogate is invalid UTF-8, before re2js sees it', () => {
    expect(compileGoRegexp('x\udc00')).toEqual({ ok: false, reason: 'error parsing regexp: invalid UTF-8: `\udc00`' });
  });
});
