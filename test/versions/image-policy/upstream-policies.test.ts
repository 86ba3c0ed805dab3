/**
 * Every case of image-reflector-controller's policy tests, ported:
 * fluxcd/image-reflector-controller@debe2aaa internal/policy/factory_test.go,
 * semver_test.go, alphabetical_test.go and numerical_test.go. The Go tests
 * call the constructors and `Latest` directly; these call their ports.
 */
import { alphabeticalPolicer } from '../../../src/versions/image-policy/alphabetical-policy';
import { policerFromSpec } from '../../../src/versions/image-policy/factory';
import { numericalPolicer } from '../../../src/versions/image-policy/numerical-policy';
import type { Policer, PolicerResult } from '../../../src/versions/image-policy/policer';
import { semverPolicer } from '../../../src/versions/image-policy/semver-policy';
import { ImagePolicyRules, NEWEST_IMAGE_POLICY_RULES } from '../../../src/versions/image-policy/types';

const RULES: ImagePolicyRules = NEWEST_IMAGE_POLICY_RULES;

function built(result: PolicerResult): Policer {
  if (!result.ok) throw new Error(`unexpected error: ${result.reason}`);
  return result.policer;
}

/** Every rotation of `list`, forwards and backwards: Go's test shuffles; the answer must not depend on the order. */
function orders(list: readonly string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < list.length; i++) {
    const rotated = [...list.slice(i), ...list.slice(0, i)];
    out.push(rotated, [...rotated].reverse());
  }
  return out;
}

describe('factory_test.go TestFactory_PolicerFromSpec', () => {
  test('an empty ImagePolicyChoice is an error', () => {
    expect(policerFromSpec({}, RULES)).toEqual({ ok: false, reason: 'given ImagePolicyChoice object is invalid' });
    expect(policerFromSpec(undefined, RULES)).toEqual({ ok: false, reason: 'given ImagePolicyChoice object is invalid' });
  });

  test('a SemVerPolicy with range 1.0.x builds', () => {
    expect(policerFromSpec({ semver: { range: '1.0.x' } }, RULES).ok).toBe(true);
  });

  test('an AlphabeticalPolicy without order builds', () => {
    expect(policerFromSpec({ alphabetical: {} }, RULES).ok).toBe(true);
  });

  test('an invalid semver range *-* gives an error and no policer', () => {
    const result = policerFromSpec({ semver: { range: '*-*' } }, RULES);
    expect(result).toEqual({ ok: false, reason: 'improper constraint: "*-*"' });
    expect('policer' in result).toBe(false);
  });
});

describe('semver_test.go TestNewSemVer', () => {
  test.each(['1.0.x', '^1.0', '=1.0.0', '~1.0', '>=1.0', '>0,<2.0'])('valid range %p', (range) => {
    expect(semverPolicer(range, RULES).ok).toBe(true);
  });

  test.each(['1.0.0p', '1x', 'x1', '-1', 'a', ''])('invalid range %p', (range) => {
    const result = semverPolicer(range, RULES);
    expect(result.ok).toBe(false);
    expect(result.ok === false && result.reason).toMatch(/^(improper constraint: |constraint parser error)/);
  });
});

describe('semver_test.go TestSemVer_Latest', () => {
  test.each<[string, string, readonly string[], string | undefined]>([
    ['With valid format', '1.0.x', ['1.0.0', '1.0.0.1', '1.0.0p', '1.0.1', '1.2.0', '0.1.0'], '1.0.1'],
    ['With valid format prefix', '1.0.x', ['v1.2.3', 'v1.0.0', 'v0.1.0'], 'v1.0.0'],
    ['With invalid format prefix', '1.0.x', ['b1.2.3', 'b1.0.0', 'b0.1.0'], undefined],
    ['With empty list', '1.0.x', [], undefined],
    ['With non-matching version list', '1.0.x', ['1.2.0'], undefined],
  ])('%s', (_label, range, versions, expected) => {
    const latest = built(semverPolicer(range, RULES)).latest(versions);
    if (expected === undefined) expect(latest.ok).toBe(false);
    else expect(latest).toEqual({ ok: true, tag: expected });
  });

  test('the errors are those of semver.go', () => {
    const policer = built(semverPolicer('1.0.x', RULES));
    expect(policer.latest([])).toEqual({ ok: false, cause: 'no-match', message: 'version list argument cannot be empty' });
    expect(policer.latest(['1.2.0'])).toEqual({ ok: false, cause: 'no-match', message: 'unable to determine latest version from provided list' });
  });
});

describe('alphabetical_test.go TestNewAlphabetical', () => {
  test.each(['', 'ASC', 'DESC'])('valid order %p', (order) => {
    expect(alphabeticalPolicer(order).ok).toBe(true);
  });

  test('invalid order', () => {
    expect(alphabeticalPolicer('invalid')).toEqual({ ok: false, reason: "invalid order argument provided: 'invalid', must be one of: ASC, DESC" });
  });
});

describe('alphabetical_test.go TestAlphabetical_Latest', () => {
  const ubuntu = ['16.04', '16.04.1', '16.10', '20.04', '20.10'];
  const names = ['xenial', 'yakkety', 'zesty', 'artful', 'bionic'];
  const timestamps = ['1606234201', '1606364286', '1606334092', '1606334284', '1606334201'];
  const prefixed = ['rel-1606234201', 'rel-1606364286', 'rel-1606334092', 'rel-1606334284', 'rel-1606334201'];
  const rfc3339 = ['2021-01-08T21-18-21Z', '2020-05-08T21-18-21Z', '2021-01-08T19-20-00Z', '1990-01-08T00-20-00Z', '2023-05-08T00-20-00Z'];
  test.each<[string, string, readonly string[], string | undefined]>([
    ['With Ubuntu CalVer', '', ubuntu, '20.10'],
    ['With Ubuntu CalVer descending', 'DESC', ubuntu, '16.04'],
    ['With Ubuntu code names', '', names, 'zesty'],
    ['With Ubuntu code names descending', 'DESC', names, 'artful'],
    ['With Timestamps', '', timestamps, '1606364286'],
    ['With Unix Timestamps desc', 'DESC', timestamps, '1606234201'],
    ['With Unix Timestamps prefix', '', prefixed, 'rel-1606364286'],
    ['With RFC3339', '', rfc3339, '2023-05-08T00-20-00Z'],
    ['With RFC3339 desc', 'DESC', rfc3339, '1990-01-08T00-20-00Z'],
    ['Empty version list', '', [], undefined],
  ])('%s', (_label, order, versions, expected) => {
    const policer = built(alphabeticalPolicer(order));
    for (const list of versions.length ? orders(versions) : [[]]) {
      const latest = policer.latest(list);
      if (expected === undefined) expect(latest).toEqual({ ok: false, cause: 'no-match', message: 'version list argument cannot be empty' });
      else expect(latest).toEqual({ ok: true, tag: expected });
    }
  });
});

describe('numerical_test.go TestNewNumerical', () => {
  test.each(['', 'ASC', 'DESC'])('valid order %p', (order) => {
    expect(numericalPolicer(order).ok).toBe(true);
  });

  test('invalid order', () => {
    expect(numericalPolicer('invalid')).toEqual({ ok: false, reason: "invalid order argument provided: 'invalid', must be one of: ASC, DESC" });
  });
});

describe('numerical_test.go TestNumerical_Latest (shuffle replaced by every rotation and its reverse)', () => {
  const timestamps = ['1606234201', '1606364286', '1606334092', '1606334284', '1606334201'];
  test.each<[string, string, readonly string[], string | undefined]>([
    ['With unordered list of integers ascending', '', ['-62', '-88', '73', '72', '15', '16', '15', '29', '-33', '-91'], '73'],
    ['With unordered list of integers descending', 'DESC', ['5', '-8', '-78', '25', '70', '-4', '80', '92', '-20', '-24'], '-78'],
    [
      'With unordered list of floats ascending', '',
      ['47.40896403322944', '-27.8520927455902', '-27.930666514224427', '-31.352485948094568', '-50.41072694704882',
        '-21.962849842263736', '24.71884721436865', '-39.99177354004344', '53.47333823144817', '3.2008658570411086'],
      '53.47333823144817',
    ],
    [
      'With unordered list of floats descending', 'DESC',
      ['-65.27202780220686', '57.82948329142309', '22.40184684363291', '-86.36934305697784', '-90.29082099756083',
        '-12.041712603564264', '77.70488240399305', '-38.98425003883552', '16.06867070412028', '53.735674335181216'],
      '-90.29082099756083',
    ],
    ['With Unix Timestamps ascending', '', timestamps, '1606364286'],
    ['With Unix Timestamps descending', 'DESC', timestamps, '1606234201'],
    ['With single value ascending', '', ['1'], '1'],
    ['With single value descending', 'DESC', ['1'], '1'],
    ['With invalid numerical value', '', ['0', '1a', 'b'], undefined],
    ['Empty version list', '', [], undefined],
  ])('%s', (_label, order, versions, expected) => {
    const policer = built(numericalPolicer(order));
    for (const list of versions.length ? orders(versions) : [[]]) {
      const latest = policer.latest(list);
      if (expected === undefined) expect(latest.ok).toBe(false);
      else expect(latest).toEqual({ ok: true, tag: expected });
    }
  });

  test('the errors are those of numerical.go: the first tag walked that is not a float is named', () => {
    const policer = built(numericalPolicer(''));
    expect(policer.latest([])).toEqual({ ok: false, cause: 'no-match', message: 'version list argument cannot be empty' });
    expect(policer.latest(['0', '1a', 'b'])).toEqual({ ok: false, cause: 'not-numeric', message: "failed to parse invalid numeric value '1a'" });
    expect(policer.latest(['b', '1a', '0'])).toEqual({ ok: false, cause: 'not-numeric', message: "failed to parse invalid numeric value 'b'" });
  });
});
