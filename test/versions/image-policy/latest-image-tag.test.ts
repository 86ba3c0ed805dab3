/**
 * `latestImageTag`, `imagePolicyProblem` and `withoutExcludedTags` as
 * image-reflector-controller runs them (fluxcd/image-reflector-controller@debe2aaa
 * internal/controller/imagepolicy_controller.go `applyPolicy`,
 * internal/controller/imagerepository_controller.go `filterOutTags`,
 * api/v1/imagerepository_types.go `GetExclusionList`): the order of the
 * checks, the controller's messages, the rules per release, ties.
 */
import {
  DEFAULT_IMAGE_EXCLUSION_LIST,
  ImagePolicyChoice,
  ImagePolicyRules,
  imagePolicyProblem,
  latestImageTag,
  NEWEST_IMAGE_POLICY_RULES,
  withoutExcludedTags,
} from '../../../src/versions/image-policy';

const RULES = NEWEST_IMAGE_POLICY_RULES;
const FLUX_2_6: ImagePolicyRules = { parseVersion: 'strict', masterminds: '3.3.0' };
const FLUX_2_0: ImagePolicyRules = { parseVersion: 'strict', masterminds: '3.2.1' };
const SEMVER_ANY: ImagePolicyChoice = { semver: { range: '>=0.0.0' } };

describe('applyPolicy: the order of the checks', () => {
  test('an invalid policy fails before the tags are read, so even without tags', () => {
    const expected = { ok: false, cause: 'invalid-policy', message: "invalid policy: invalid order argument provided: 'UP', must be one of: ASC, DESC" };
    expect(latestImageTag([], { numerical: { order: 'up' } }, undefined, RULES)).toEqual(expected);
    expect(latestImageTag(['1'], { numerical: { order: 'up' } }, undefined, RULES)).toEqual(expected);
  });

  test('no policy at all', () => {
    expect(latestImageTag(['1'], {}, undefined, RULES)).toEqual({
      ok: false, cause: 'invalid-policy', message: 'invalid policy: given ImagePolicyChoice object is invalid',
    });
    expect(latestImageTag(['1'], undefined, undefined, RULES).ok).toBe(false);
  });

  test('an invalid semver range is the Masterminds error of the release', () => {
    expect(latestImageTag(['1.0.0'], { semver: { range: 'a' } }, undefined, RULES)).toEqual({
      ok: false, cause: 'invalid-policy', message: 'invalid policy: improper constraint: "a"',
    });
    expect(latestImageTag(['1.0.0'], { semver: { range: 'a' } }, undefined, FLUX_2_0)).toEqual({
      ok: false, cause: 'invalid-policy', message: 'invalid policy: improper constraint: a',
    });
  });

  test('no tags: the controller retries ("no tags in database"), even when the filter pattern is bad', () => {
    expect(latestImageTag([], SEMVER_ANY, undefined, RULES)).toEqual({ ok: false, cause: 'no-tags', message: 'no tags in database', considered: 0 });
    expect(latestImageTag([], SEMVER_ANY, { pattern: '(' }, RULES)).toMatchObject({ cause: 'no-tags' });
  });

  test('a bad filter pattern, once there are tags, stalls the policy', () => {
    expect(latestImageTag(['1.0.0'], SEMVER_ANY, { pattern: '(' }, RULES)).toEqual({
      ok: false,
      cause: 'invalid-policy',
      message: "failed to filter tags: invalid regular expression pattern '(': error parsing regexp: missing closing ): `(`",
      considered: 1,
    });
    expect(latestImageTag(['1.0.0'], SEMVER_ANY, { pattern: '\\d(?=\\.)' }, RULES)).toMatchObject({
      cause: 'invalid-policy', hint: "Go's RE2 syntax has no lookahead",
    });
  });

  test('a filter that keeps nothing: the policy gets an empty list', () => {
    expect(latestImageTag(['1.0.0', '2.0.0'], SEMVER_ANY, { pattern: '^v' }, RULES)).toEqual({
      ok: false, cause: 'no-match', message: 'version list argument cannot be empty', considered: 2, afterFilter: 0,
    });
  });

  test('no tag satisfies the range', () => {
    expect(latestImageTag(['1.0.0', 'latest'], { semver: { range: '>=2.0.0' } }, undefined, RULES)).toEqual({
      ok: false, cause: 'no-match', message: 'unable to determine latest version from provided list', considered: 2, afterFilter: 2,
    });
  });

  test('a numerical policy fails on any tag that is not a Go float, even past the winner', () => {
    expect(latestImageTag(['1', '2', 'abc'], { numerical: {} }, undefined, RULES)).toEqual({
      ok: false, cause: 'not-numeric', message: "failed to parse invalid numeric value 'abc'", considered: 3, afterFilter: 3,
    });
    expect(latestImageTag(['1', '1e400'], { numerical: {} }, undefined, RULES)).toMatchObject({ cause: 'not-numeric' });
    expect(latestImageTag(['1', '0x10'], { numerical: {} }, undefined, RULES)).toMatchObject({ cause: 'not-numeric' });
    expect(latestImageTag(['1', ' 2'], { numerical: {} }, undefined, RULES)).toMatchObject({ cause: 'not-numeric' });
  });

  test('the filter removes what the numerical policy could not read', () => {
    expect(latestImageTag(['1', '2', 'abc', '1e400'], { numerical: {} }, { pattern: '^\\d+$' }, RULES)).toEqual({
      ok: true, tag: '2', considered: 4, afterFilter: 2,
    });
  });
});

describe('PolicerFromSpec: precedence and order', () => {
  test('semver wins over alphabetical and numerical, alphabetical over numerical', () => {
    const tags = ['1.0.0', '9', '10'];
    expect(latestImageTag(tags, { semver: { range: '*' }, alphabetical: {}, numerical: {} }, undefined, RULES)).toMatchObject({ tag: '1.0.0' });
    expect(latestImageTag(tags, { alphabetical: {}, numerical: { order: 'nonsense' } }, undefined, RULES)).toMatchObject({ tag: '9' });
    expect(latestImageTag(['9', '10'], { numerical: {} }, undefined, RULES)).toMatchObject({ tag: '10' });
  });

  test('the order is upper-cased (Go strings.ToUpper) before it is checked; empty is ASC', () => {
    const tags = ['b', 'c', 'a'];
    expect(latestImageTag(tags, { alphabetical: { order: 'desc' } }, undefined, RULES)).toMatchObject({ tag: 'a' });
    expect(latestImageTag(tags, { alphabetical: { order: 'Asc' } }, undefined, RULES)).toMatchObject({ tag: 'c' });
    expect(latestImageTag(tags, { alphabetical: { order: '' } }, undefined, RULES)).toMatchObject({ tag: 'c' });
    expect(latestImageTag(tags, { alphabetical: { order: 'aſc' } }, undefined, RULES)).toMatchObject({ tag: 'c' });
    expect(latestImageTag(tags, { alphabetical: { order: 'ascending' } }, undefined, RULES)).toMatchObject({
      message: "invalid policy: invalid order argument provided: 'ASCENDING', must be one of: ASC, DESC",
    });
    expect(latestImageTag(tags, { alphabetical: { order: 'ß' } }, undefined, RULES)).toMatchObject({
      message: "invalid policy: invalid order argument provided: 'ß', must be one of: ASC, DESC",
    });
  });
});

describe('semver: version.ParseVersion of the release', () => {
  const tags = ['v1.0', '1.2', '2025.01.02', '1.2.3', 'v1.5.0', 'latest'];
  test("lenient (Flux 2.7+): two dots needed, leading zeros and 'v' allowed", () => {
    expect(latestImageTag(tags, SEMVER_ANY, undefined, RULES)).toMatchObject({ ok: true, tag: '2025.01.02' });
    expect(latestImageTag(['v1.0', '1.2', '0.9.0'], SEMVER_ANY, undefined, RULES)).toMatchObject({ tag: '0.9.0' });
    expect(latestImageTag(['1.2-rc.1'], { semver: { range: '>=1.0.0-0' } }, undefined, RULES)).toMatchObject({ ok: true, tag: '1.2-rc.1' });
  });

  test("strict (Flux 2.0-2.6): MAJOR.MINOR.PATCH with an optional 'v', no leading zeros", () => {
    expect(latestImageTag(tags, SEMVER_ANY, undefined, FLUX_2_6)).toMatchObject({ ok: true, tag: 'v1.5.0' });
    expect(latestImageTag(['2025.01.02', '1.2', 'v1.0'], SEMVER_ANY, undefined, FLUX_2_6)).toMatchObject({ cause: 'no-match' });
    expect(latestImageTag(['1.2-rc.1'], { semver: { range: '>=1.0.0-0' } }, undefined, FLUX_2_6)).toMatchObject({ cause: 'no-match' });
  });

  test('empty prerelease identifiers stay unreadable under Masterminds 3.2.1 (NewVersion refuses them after StrictNewVersion)', () => {
    expect(latestImageTag(['1.2.3-', '1.0.0'], { semver: { range: '*' } }, undefined, FLUX_2_0)).toMatchObject({ tag: '1.0.0' });
    expect(latestImageTag(['1.2.3-rc..1', '1.2.3-rc.1'], { semver: { range: '>=1.0.0-0' } }, undefined, FLUX_2_0)).toMatchObject({ tag: '1.2.3-rc.1' });
  });

  test('the tag is returned as written, not normalised', () => {
    expect(latestImageTag(['v1.2.3', 'v1.0.0'], SEMVER_ANY, undefined, FLUX_2_6)).toMatchObject({ tag: 'v1.2.3' });
  });

  test('of equal versions the first listed wins (GreaterThan is strict)', () => {
    expect(latestImageTag(['1.2.3', 'v1.2.3', '1.2.3+b'], SEMVER_ANY, undefined, RULES)).toEqual({ ok: true, tag: '1.2.3', considered: 3, afterFilter: 3 });
    expect(latestImageTag(['1.2.3+b', 'v1.2.3', '1.2.3'], SEMVER_ANY, undefined, RULES)).toMatchObject({ tag: '1.2.3+b' });
  });
});

describe('filterTags: extract, original tags, and Go map order', () => {
  test('extract: the policy ranks the extracted values, the original tag is reported', () => {
    const tags = ['main-1700000000-abc', 'main-1700000500-def', 'pr-1800000000-x', 'main-1600000000-ghi'];
    const filter = { pattern: '^main-(?P<ts>\\d+)-', extract: '$ts' };
    expect(latestImageTag(tags, { numerical: {} }, filter, RULES)).toEqual({
      ok: true, tag: 'main-1700000500-def', extracted: '1700000500', considered: 4, afterFilter: 3,
    });
  });

  test('a semver policy over extracted versions, prefix included', () => {
    const tags = ['app-v1.2.0-linux', 'app-v1.10.0-linux', 'app-v1.9.9-darwin', 'other-v9.0.0'];
    expect(latestImageTag(tags, { semver: { range: '^1.0.0' } }, { pattern: '^app-(v[^-]+)-linux$', extract: '$1' }, RULES)).toEqual({
      ok: true, tag: 'app-v1.10.0-linux', extracted: 'v1.10.0', considered: 4, afterFilter: 2,
    });
  });

  test('duplicates after extract: the last tag listed with the winning value is reported, and that is certain', () => {
    const tags = ['build-2-a', 'build-1-a', 'build-2-b', 'build-1-b'];
    const filter = { pattern: '^build-(\\d+)-', extract: '$1' };
    expect(latestImageTag(tags, { numerical: {} }, filter, RULES)).toEqual({ ok: true, tag: 'build-2-b', extracted: '2', considered: 4, afterFilter: 2 });
    expect(latestImageTag(tags, { alphabetical: { order: 'DESC' } }, filter, RULES)).toMatchObject({ tag: 'build-1-b', extracted: '1' });
  });

  test('without extract there is no extracted value, even with a pattern', () => {
    const outcome = latestImageTag(['v1', 'v2'], { alphabetical: {} }, { pattern: '^v', extract: '' }, RULES);
    expect(outcome).toEqual({ ok: true, tag: 'v2', considered: 2, afterFilter: 2 });
  });

  test('an empty pattern keeps every tag', () => {
    expect(latestImageTag(['a', 'c', 'b'], { alphabetical: {} }, { pattern: '' }, RULES)).toMatchObject({ tag: 'c', afterFilter: 3 });
  });

  test('semver ties under a filter: Go may report either, so the others are listed', () => {
    const outcome = latestImageTag(['1.2.3', 'v1.2.3', '1.2.2', '1.2.3+build'], SEMVER_ANY, { pattern: '.*' }, RULES);
    expect(outcome).toEqual({ ok: true, tag: '1.2.3', alsoPossible: ['v1.2.3', '1.2.3+build'], considered: 4, afterFilter: 4 });
  });

  test('semver ties through extract are reported as original tags', () => {
    const outcome = latestImageTag(['a-1.0.0', 'b-v1.0.0', 'c-0.1.0'], SEMVER_ANY, { pattern: '-(.*)$', extract: '$1' }, RULES);
    expect(outcome).toEqual({ ok: true, tag: 'a-1.0.0', extracted: '1.0.0', alsoPossible: ['b-v1.0.0'], considered: 3, afterFilter: 3 });
  });

  test('numerical ties: the last walked wins; without a filter that is certain', () => {
    expect(latestImageTag(['1', '1.0', '0.5'], { numerical: {} }, undefined, RULES)).toEqual({ ok: true, tag: '1.0', considered: 3, afterFilter: 3 });
    expect(latestImageTag(['1.0', '1', '0.5'], { numerical: {} }, undefined, RULES)).toMatchObject({ tag: '1' });
    expect(latestImageTag(['1', '1e0', '2'], { numerical: { order: 'DESC' } }, undefined, RULES)).toMatchObject({ tag: '1e0' });
  });

  test('numerical ties under a filter are listed', () => {
    expect(latestImageTag(['1', '1.0', '0.5', '01'], { numerical: {} }, { pattern: '' }, RULES)).toEqual({
      ok: true, tag: '01', alsoPossible: ['1', '1.0'], considered: 4, afterFilter: 4,
    });
    expect(latestImageTag(['0', '-0'], { numerical: {} }, { pattern: '' }, RULES)).toMatchObject({ tag: '-0', alsoPossible: ['0'] });
  });

  test('NaN always replaces and is always replaced: the answer depends on the order, and under a filter any tag may win', () => {
    expect(latestImageTag(['nan', '1', '2'], { numerical: {} }, undefined, RULES)).toMatchObject({ tag: '2' });
    expect(latestImageTag(['1', '2', 'nan'], { numerical: {} }, undefined, RULES)).toMatchObject({ tag: 'nan' });
    expect(latestImageTag(['3', 'nan', '1'], { numerical: {} }, undefined, RULES)).toMatchObject({ tag: '1' });
    expect(latestImageTag(['3', 'nan', '1'], { numerical: {} }, { pattern: '' }, RULES)).toMatchObject({ tag: '1', alsoPossible: ['3', 'nan'] });
  });

  test('alphabetical has no ties: distinct tags never compare equal', () => {
    expect(latestImageTag(['b', 'a'], { alphabetical: {} }, { pattern: '' }, RULES)).not.toHaveProperty('alsoPossible');
  });
});

describe('alphabetical: Go byte order', () => {
  test('code points, not UTF-16 code units', () => {
    const tags = ['\uE000', '\u{1F600}', 'z'];
    expect(latestImageTag(tags, { alphabetical: {} }, undefined, RULES)).toMatchObject({ tag: '\u{1F600}' });
    expect(latestImageTag(tags, { alphabetical: { order: 'DESC' } }, undefined, RULES)).toMatchObject({ tag: 'z' });
  });

  test('not numeric: 1.9 after 1.10', () => {
    expect(latestImageTag(['1.10', '1.9'], { alphabetical: {} }, undefined, RULES)).toMatchObject({ tag: '1.9' });
  });
});

describe('imagePolicyProblem: invalid whatever the tags', () => {
  test('valid', () => {
    expect(imagePolicyProblem({ semver: { range: '^1' } }, { pattern: '^v', extract: '$1' }, RULES)).toBeUndefined();
    expect(imagePolicyProblem({ numerical: { order: 'desc' } }, undefined, RULES)).toBeUndefined();
  });

  test('the policy first, then the filter', () => {
    expect(imagePolicyProblem({ numerical: { order: 'x' } }, { pattern: '(' }, RULES)).toEqual({
      field: 'policy', message: "invalid policy: invalid order argument provided: 'X', must be one of: ASC, DESC",
    });
    expect(imagePolicyProblem({ numerical: {} }, { pattern: '(' }, RULES)).toEqual({
      field: 'filter', message: "failed to filter tags: invalid regular expression pattern '(': error parsing regexp: missing closing ): `(`",
    });
    expect(imagePolicyProblem({ numerical: {} }, { pattern: '(a)\\1' }, RULES)).toEqual({
      field: 'filter',
      message: "failed to filter tags: invalid regular expression pattern '(a)\\1': error parsing regexp: invalid escape sequence: `\\1`",
      hint: "Go's RE2 syntax has no backreferences",
    });
  });

  test('no policy at all is invalid', () => {
    expect(imagePolicyProblem({}, undefined, RULES)).toEqual({ field: 'policy', message: 'invalid policy: given ImagePolicyChoice object is invalid' });
  });
});

describe('withoutExcludedTags: the ImageRepository scan', () => {
  const tags = ['1.0.0', 'sha256-abc.sig', 'x.sig.bak', '.sig', 'sig', 'sha256-abc.att'];

  test('an empty or absent list means the default, which drops signature tags', () => {
    expect(DEFAULT_IMAGE_EXCLUSION_LIST).toEqual(['^.*\\.sig$']);
    const kept = ['1.0.0', 'x.sig.bak', 'sig', 'sha256-abc.att'];
    expect(withoutExcludedTags(tags, undefined)).toEqual({ ok: true, tags: kept });
    expect(withoutExcludedTags(tags, [])).toEqual({ ok: true, tags: kept });
  });

  test('a list replaces the default, so .sig tags are kept unless it names them', () => {
    expect(withoutExcludedTags(tags, ['\\.att$'])).toEqual({ ok: true, tags: ['1.0.0', 'sha256-abc.sig', 'x.sig.bak', '.sig', 'sig'] });
  });

  test('patterns match anywhere, any of them excludes, order is kept', () => {
    expect(withoutExcludedTags(['latest', 'latest-1', '2-latest', '1.0', 'dev'], ['latest', '^dev$'])).toEqual({ ok: true, tags: ['1.0'] });
  });

  test('an invalid pattern fails the scan with the controller\'s words, whatever the tags', () => {
    const expected = { ok: false, pattern: '(', message: 'failed to compile regex (: error parsing regexp: missing closing ): `(`' };
    expect(withoutExcludedTags(['1.0.0'], ['^v', '(', '['])).toEqual(expected);
    expect(withoutExcludedTags([], ['('])).toEqual(expected);
    expect(withoutExcludedTags([], ['x++'])).toEqual({
      ok: false, pattern: 'x++', message: 'failed to compile regex x++: error parsing regexp: invalid nested repetition operator: `++`',
    });
  });
});
