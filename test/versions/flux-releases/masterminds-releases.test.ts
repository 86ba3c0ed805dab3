/**
 * `NewConstraint`, `Check` and `Validate` of each Masterminds/semver release
 * Flux links, run in Go on the constraints of `reference/semver-vectors`
 * (`check` rows without options, `parseConstraint` rows of the full parser)
 * plus the cases where the releases part ways:
 * - v3.2.1 (e06051f), v3.3.0 (e6e3d4d): prereleases per term, `!=` admits them;
 * - v3.3.1 (1558ca3): as v3.3.0, but `NewVersion` rejects leading zeros (#253);
 * - v3.4.0 (61fc460): prereleases per AND group (#267), lower-case errors (#269);
 * - 71f2b39 (≈ v3.5.0): `%q` in constraint errors (#278, d985eca).
 * Source: `Masterminds/semver@<tag>:constraints.go` and `version.go`;
 * CHANGELOG.md at v3.4.0.
 */
import { q, resultFor, vectors } from './vectors';
import { InvalidConstraintError } from '../../../src/versions/errors';
import { Constraint, MASTERMINDS_RELEASES, parseVersion } from '../../../src/versions/semver';

const cases = MASTERMINDS_RELEASES.flatMap((release) =>
  vectors.constraints.map((row) => [`${release} ${q(row.constraint)}`, release, row] as const));

describe('Masterminds/semver per release', () => {
  test.each(cases)('%s', (_title, release, row) => {
    const expected = resultFor(row.results, 'masterminds', release);
    let constraint: Constraint;
    try {
      constraint = Constraint.parse(row.constraint, { masterminds: release });
    } catch (e) {
      if (!(e instanceof InvalidConstraintError)) throw e;
      expect(expected).toEqual({ error: e.reason });
      return;
    }
    expect('checks' in expected).toBe(true);
    if (!('checks' in expected)) return;
    for (const [version, outcome] of Object.entries(expected.checks)) {
      if (outcome === null) continue;
      const v = parseVersion(version);
      const validation = constraint.validate(v);
      expect({ version, check: constraint.check(v), validate: validation.satisfied, errors: validation.errors })
        .toEqual({ version, ...outcome });
    }
  });

  test('the releases really differ where the README says', () => {
    const prerelease = vectors.constraints.find((r) => r.constraint === '>=1.0.0-0 <2.0.0')!;
    expect(resultFor(prerelease.results, 'masterminds', '3.3.0')).toMatchObject({ checks: { '1.5.0-rc.1': { check: false } } });
    expect(resultFor(prerelease.results, 'masterminds', '3.4.0')).toMatchObject({ checks: { '1.5.0-rc.1': { check: true } } });
    const notEqual = vectors.constraints.find((r) => r.constraint === '!=1.2.3')!;
    expect(resultFor(notEqual.results, 'masterminds', '3.2.1')).toMatchObject({ checks: { '1.3.0-rc.1': { check: true, validate: false } } });
    const leadingZero = vectors.constraints.find((r) => r.constraint === '01.x')!;
    expect(resultFor(leadingZero.results, 'masterminds', '3.3.1')).toEqual({ error: 'constraint Parser Error' });
    const improper = vectors.constraints.find((r) => r.constraint === 'foo')!;
    expect(resultFor(improper.results, 'masterminds', '3.4.0')).toEqual({ error: 'improper constraint: foo' });
    expect(resultFor(improper.results, 'masterminds', '3.5.0')).toEqual({ error: 'improper constraint: "foo"' });
  });
});
