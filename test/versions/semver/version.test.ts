import { InvalidVersionError } from '../../../src/versions/errors';
import {
  parseFluxVersion,
  parseStrictVersion,
  parseVersion,
  tryParseFluxVersion,
  tryParseStrictVersion,
  tryParseVersion,
} from '../../../src/versions/semver';

describe('SemVer parsing', () => {
  test('segments are uint64: the largest value parses, one more overflows as Masterminds reports it', () => {
    const max = parseVersion('18446744073709551615.0.0');
    expect(max.major).toBe(18446744073709551615n);
    expect(max.toString()).toBe('18446744073709551615.0.0');
    expect(() => parseVersion('18446744073709551616.0.0')).toThrow(
      'error parsing version segment: strconv.ParseUint: parsing "18446744073709551616": value out of range',
    );
    expect(() => parseStrictVersion('1.18446744073709551616.0')).toThrow(
      'strconv.ParseUint: parsing "18446744073709551616": value out of range',
    );
    expect(parseVersion('9007199254740993.0.0').compare(parseVersion('9007199254740992.0.0'))).toBe(1);
  });

  test.each([
    // input, lenient, strict, fluxcd/pkg ParseVersion before Flux 2.7, since 2.7
    ['1.2.3', true, true, true, true],
    ['v1.2.3', true, false, true, true],
    ['1.2', true, false, false, false],
    ['v1', true, false, false, false],
    ['01.2.3', true, false, false, true],
    ['1.2-rc.1', true, false, false, true],
    ['1.2.3-rc.1+build.5', true, true, true, true],
    ['vv1.2.3', false, false, false, false],
    ['latest', false, false, false, false],
    ['1.2.3_build', false, false, false, false],
    ['', false, false, false, false],
  ])('%p: lenient %p, strict %p, flux strict %p, flux lenient %p', (input, lenient, strict, fluxStrict, fluxLenient) => {
    expect(tryParseVersion(input) !== undefined).toBe(lenient);
    expect(tryParseStrictVersion(input) !== undefined).toBe(strict);
    expect(tryParseFluxVersion(input, 'strict') !== undefined).toBe(fluxStrict);
    expect(tryParseFluxVersion(input, 'lenient') !== undefined).toBe(fluxLenient);
    expect(tryParseFluxVersion(input) !== undefined).toBe(fluxLenient);
  });

  test('parseFluxVersion keeps the v in original and drops it from toString', () => {
    const v = parseFluxVersion('v1.2.3+meta');
    expect(v.original).toBe('v1.2.3+meta');
    expect(v.toString()).toBe('1.2.3+meta');
    expect(JSON.stringify({ v })).toBe('{"v":"1.2.3+meta"}');
  });

  test('errors are typed and say which form is expected', () => {
    let caught: unknown;
    try {
      parseStrictVersion('v1.2.3');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvalidVersionError);
    const error = caught as InvalidVersionError;
    expect(error.code).toBe('FLUX_OCI_INVALID_VERSION');
    expect(error.errorName).toBe('ErrInvalidCharacters');
    expect(error.input).toBe('v1.2.3');
    expect(error.message).toContain("no 'v' prefix");
  });
});
