/**
 * The Masterminds/semver v3 releases that Flux controllers link, and what
 * differs between them where Flux can see it. Each source-controller binary
 * links one copy (Helm's registry client included), chosen by Go's minimal
 * version selection and `replace` in its `go.mod`:
 *
 * - v3.2.1 (e06051f): source-controller v1.0–v1.3 (Flux 2.0–2.3)
 * - v3.3.0 (e6e3d4d): v1.4 (Flux 2.4), and v1.6 (Flux 2.6) through
 *   `replace github.com/Masterminds/semver/v3 => v3.3.0` (source-controller
 *   PR #1785, after v3.3.1 broke leading zeros: Masterminds issue #258)
 * - v3.3.1 (1558ca3): v1.5 (Flux 2.5)
 * - v3.4.0 (61fc460): v1.7–v1.8.4 (Flux 2.7.0–2.8.7)
 * - v3.5.0: v1.8.5 and v1.9 (Flux 2.8.8, 2.9); the code read here is
 *   Masterminds/semver 71f2b39, v3.4.0 plus #278 and #279, which
 *   `reference/semver-vectors` is pinned to as well
 *
 * Changes between them (Masterminds/semver `CHANGELOG.md` and the diffs of
 * `constraints.go` / `version.go` between the tags):
 *
 * - 3.3.0 #241 "Simplify StrictNewVersion parsing": error texts only.
 * - 3.3.1 #253 (252dd61): `NewVersion` uses the SemVer spec regex, so a
 *   constraint with a leading zero (`01.x`, `>=2025.01.0`) no longer parses,
 *   and empty identifiers (`1.2.3-rc..1`, `1.2.3-`) fail `StrictNewVersion`.
 * - 3.4.0 #266 (4ed619e): `NewVersion` coerces leading zeros again; #269
 *   (a2cd9c2): every error text lower-cased (`constraint Parser Error` →
 *   `constraint parser error`); #267 (abab1c2): a prerelease is admitted by
 *   a whole AND group when one of its terms names a prerelease, where before
 *   each term had to name one itself, and `!=` no longer lets prereleases
 *   through; #268 (c374751): `Constraints.IncludePrerelease`.
 * - 3.5.0 #278 (d985eca): constraint errors quote input with Go's `%q`
 *   (`improper constraint: "foo"`).
 */
export type MastermindsRelease = '3.2.1' | '3.3.0' | '3.3.1' | '3.4.0' | '3.5.0';

export const MASTERMINDS_RELEASES: readonly MastermindsRelease[] = ['3.2.1', '3.3.0', '3.3.1', '3.4.0', '3.5.0'];

/** The newest release, and the default everywhere a release can be chosen. */
export const NEWEST_MASTERMINDS_RELEASE: MastermindsRelease = '3.5.0';

/** @internal what a release does differently, as the code reads it */
export interface MastermindsBehaviour {
  /**
   * Where a prerelease version is let in: `'term'` (< 3.4.0) when the term
   * itself names a prerelease, or always for a `!=` without wildcards;
   * `'group'` (≥ 3.4.0) when any term of its AND group names one.
   */
  readonly prereleaseScope: 'term' | 'group';
  /**
   * How a constraint reads its versions (`NewVersion`): `'loose'` accepts
   * leading zeros (`01.2` → 1.2.0); `'spec'` (3.3.1) rejects them.
   */
  readonly constraintVersions: 'loose' | 'spec';
  /** `StrictNewVersion` accepts empty prerelease/metadata identifiers (`1.2.3-`, `1.2.3-rc..1`): ≤ 3.3.0. */
  readonly strictAllowsEmptyIdentifiers: boolean;
  /** Error texts as before #269: `constraint Parser Error`. */
  readonly capitalisedErrors: boolean;
  /** Constraint errors quote input with `%q` (#278); before, `%s`. */
  readonly quotesInput: boolean;
}

const BEHAVIOURS: Record<MastermindsRelease, MastermindsBehaviour> = {
  '3.2.1': { prereleaseScope: 'term', constraintVersions: 'loose', strictAllowsEmptyIdentifiers: true, capitalisedErrors: true, quotesInput: false },
  '3.3.0': { prereleaseScope: 'term', constraintVersions: 'loose', strictAllowsEmptyIdentifiers: true, capitalisedErrors: true, quotesInput: false },
  '3.3.1': { prereleaseScope: 'term', constraintVersions: 'spec', strictAllowsEmptyIdentifiers: false, capitalisedErrors: true, quotesInput: false },
  '3.4.0': { prereleaseScope: 'group', constraintVersions: 'loose', strictAllowsEmptyIdentifiers: false, capitalisedErrors: false, quotesInput: false },
  '3.5.0': { prereleaseScope: 'group', constraintVersions: 'loose', strictAllowsEmptyIdentifiers: false, capitalisedErrors: false, quotesInput: true },
};

/** @internal */
export function mastermindsBehaviour(release: MastermindsRelease): MastermindsBehaviour {
  return BEHAVIOURS[release];
}
