/**
 * fluxcd/pkg `version.ParseVersion` before and after 622aa13e, run in Go:
 * - strict: `fluxcd/pkg@version/v0.9.0:version/version.go#L28` on
 *   Masterminds/semver v3.3.0 (e6e3d4d); v3.2.1 and v3.3.1 accept the same
 *   strings with the same values (their error texts differ: not compared).
 * - lenient: `fluxcd/pkg@622aa13e:version/version.go#L30` (unchanged
 *   through `version/v0.16.0`) on Masterminds/semver v3.4.0 (61fc460);
 *   71f2b39 (≈ v3.5.0) gives the same. Error texts compared too.
 * Flux discards these errors; the values decide which tags count and which
 * versions are exact.
 */
import { ParseOutcome, q, vectors } from './vectors';
import { InvalidVersionError } from '../../../src/versions/errors';
import { FluxParseRule, parseFluxVersion, tryParseFluxVersion } from '../../../src/versions/semver';

function attempt(input: string, rule: FluxParseRule): ParseOutcome {
  try {
    const v = parseFluxVersion(input, rule);
    return v.original === v.toString() ? { version: v.toString() } : { version: v.toString(), original: v.original };
  } catch (e) {
    if (!(e instanceof InvalidVersionError)) throw e;
    return { error: e.reason };
  }
}

describe('fluxcd/pkg ParseVersion, Flux 2.0–2.6 (strict)', () => {
  test.each(vectors.parseVersion.map((r) => [q(r.input), r] as const))('%s', (_title, row) => {
    const got = attempt(row.input, 'strict');
    if (row.strict.error !== undefined) {
      expect(got.error).toBeDefined();
      expect(tryParseFluxVersion(row.input, 'strict')).toBeUndefined();
    } else {
      expect(got).toEqual(row.strict);
    }
  });
});

describe('fluxcd/pkg ParseVersion, Flux 2.7+ (lenient)', () => {
  test.each(vectors.parseVersion.map((r) => [q(r.input), r] as const))('%s', (_title, row) => {
    expect(attempt(row.input, 'lenient')).toEqual(row.lenient);
  });
});

describe('the lenient rule only adds', () => {
  test('every string the strict rule accepts, the lenient rule accepts with the same value', () => {
    for (const row of vectors.parseVersion) {
      if (row.strict.error === undefined) expect(row.lenient).toEqual(row.strict);
    }
  });

  test('the vectors cover both directions of the change', () => {
    const added = vectors.parseVersion.filter((r) => r.strict.error !== undefined && r.lenient.error === undefined).map((r) => r.input);
    expect(added).toEqual(expect.arrayContaining(['01.2.3', '2025.01.02', '1.2-rc.1', '1-rc.1.2', '1.2+build.5', 'v1.2-beta.5']));
    const stillRejected = vectors.parseVersion.filter((r) => r.lenient.error !== undefined).map((r) => r.input);
    expect(stillRejected).toEqual(expect.arrayContaining(['1.2', 'v1.2-beta5', '1.2-5', '1.2.3.4', 'V1.2.3', '1.2.3-rc.01']));
  });

  test('a lenient rejection names the forms Flux 2.7 reads', () => {
    expect(() => parseFluxVersion('1.2')).toThrow('with at least two dots');
    expect(() => parseFluxVersion('1.2', 'strict')).toThrow("MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] with an optional 'v' prefix");
  });
});
