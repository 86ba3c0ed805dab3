import { FluxOciError } from '../../../src/foundation/errors';
import { InvalidConstraintError } from '../../../src/versions/errors';
import {
  Constraint,
  parseConstraint,
  parseVersion,
  tryParseConstraint,
} from '../../../src/versions/semver';

const accepts = (constraint: string, version: string): boolean => parseConstraint(constraint).check(parseVersion(version));

describe('Constraint: behaviour users rely on', () => {
  test.each([
    ['*', '2.0.0-rc.1', false],
    ['>=1.0.0', '1.5.0-beta.1', false],
    ['^1.2.0', '1.3.0-alpha.1', false],
    ['>=1.0.0-0', '1.5.0-beta.1', true],
    // Masterminds lets a prerelease in when any term of its AND group has one, whatever its major.minor.patch.
    ['^1.1.2-alpha', '1.2.1-beta1', true],
    ['>= 1.0.0 <= 2.0.0-beta', '1.0.1-beta', true],
    // ... but only within that group.
    ['>= 1.0.0 <= 2.0.0-beta || > 3', '3.0.1-beta', false],
  ])('prereleases: %p with %p is %p', (constraint, version, expected) => {
    expect(accepts(constraint, version)).toBe(expected);
  });

  test('includePrerelease opens every group to prereleases', () => {
    const c = Constraint.parse('^1.1', { includePrerelease: true });
    expect(c.check(parseVersion('1.1.1-alpha'))).toBe(true);
    expect(c.withIncludePrerelease(false).check(parseVersion('1.1.1-alpha'))).toBe(false);
  });

  test.each([
    ['>=1.1, <2', '1.5.0', true],
    ['>=1.1, <2', '2.0.0', false],
    ['>=1.1,<2', '1.0.0', false],
    ['>=1.1 <2', '1.5.0', true],
  ])('comma and space both mean AND: %p with %p is %p', (constraint, version, expected) => {
    expect(accepts(constraint, version)).toBe(expected);
    expect(parseConstraint(constraint).groups).toHaveLength(1);
    expect(parseConstraint(constraint).groups[0]).toHaveLength(2);
  });

  test('~0.0.0 accepts any release, unlike npm', () => {
    expect(accepts('~0.0.0', '1.2.3')).toBe(true);
    expect(accepts('~0.0.0', '99.0.0')).toBe(true);
    expect(accepts('~0.0.0', '1.2.3-rc.1')).toBe(false);
  });

  test('!= excludes one version or a wildcard family', () => {
    expect(accepts('!=1.2.3', '1.2.3')).toBe(false);
    expect(accepts('!=1.2.3', '1.2.4')).toBe(true);
    expect(accepts('!=4.x', '4.9.0')).toBe(false);
    expect(accepts('!=4.x', '5.0.0')).toBe(true);
    expect(accepts('>=1.0.0 !=1.2.3', '1.2.3+build.1')).toBe(false);
  });

  test('hyphen ranges are inclusive and may be ANDed with more terms', () => {
    expect(accepts('1.2 - 1.4.5', '1.4.5')).toBe(true);
    expect(accepts('1.2 - 1.4.5', '1.4.6')).toBe(false);
    expect(accepts('1.0.0 - 2.0.0, !=1.5.0', '1.5.0')).toBe(false);
  });

  test('v prefixes and => / =< are accepted; toString keeps what was written without inner spaces', () => {
    const c = parseConstraint('=> v1.2, =< v2 || ~> 3');
    expect(c.check(parseVersion('1.9.0'))).toBe(true);
    expect(c.check(parseVersion('3.0.7'))).toBe(true);
    expect(c.toString()).toBe('=>v1.2 =<v2 || ~>3');
    expect(parseConstraint(c.toString()).toString()).toBe(c.toString());
  });

  test('build metadata is ignored when comparing', () => {
    expect(accepts('=1.2.3', '1.2.3+build.7')).toBe(true);
    expect(accepts('>1.2.3', '1.2.3+build.7')).toBe(false);
  });

  test('validate explains a failure in Masterminds words', () => {
    const result = parseConstraint('^1.2').validate(parseVersion('2.0.0'));
    expect(result).toEqual({ satisfied: false, errors: ['"2.0.0" does not have same major version as "1.2"'] });
    expect(parseConstraint('^1.2').validate(parseVersion('1.3.0'))).toEqual({ satisfied: true, errors: [] });
  });

  test.each([
    ['', 'improper constraint: ""'],
    ['>= bar', 'improper constraint: ">= bar"'],
    ['1.2.3.4', 'improper constraint: "1.2.3.4"'],
    ['>=1.0 || foo', 'improper constraint: " foo"'],
    ['1x', 'constraint parser error'],
  ])('rejects %p with a typed error naming the input', (input, reason) => {
    let caught: unknown;
    try {
      parseConstraint(input);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidConstraintError);
    expect(caught).toBeInstanceOf(FluxOciError);
    const error = caught as InvalidConstraintError;
    expect(error.code).toBe('FLUX_OCI_INVALID_CONSTRAINT');
    expect(error.input).toBe(input);
    expect(error.reason).toBe(reason);
    expect(error.message).toContain(JSON.stringify(input));
    expect(error.message).toContain("'>=1.2.0 <2.0.0'");
    expect(tryParseConstraint(input)).toBeUndefined();
  });

  test('a long invalid constraint fails without catastrophic backtracking', () => {
    // Each gap of two spaces is ambiguous for the Go pattern written naively.
    const input = Array.from({ length: 40 }, (_, i) => `>=1.${i}`).join('  ') + ' !';
    expect(tryParseConstraint(input)).toBeUndefined();
  });
});
