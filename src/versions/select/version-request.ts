import { Constraint, SemVer, tryParseFluxVersion } from '../semver';
import type { RuleSet } from './rule-set';
import { versionToTag } from './tag-conversion';

/** An exact chart version: Flux pulls its tag directly, without listing tags. */
export interface ExactVersionRequest {
  readonly kind: 'exact';
  /** The version as the user wrote it (a leading `v` kept). */
  readonly version: string;
  /** The OCI tag Flux pulls: `version` with `+` as `_`. */
  readonly tag: string;
  /** `version` parsed. */
  readonly parsed: SemVer;
}

/** A version range: Flux lists the tags and picks the highest match. */
export interface RangeVersionRequest {
  readonly kind: 'range';
  /** The constraint to write (`*` when the user gave `''`). */
  readonly constraint: string;
  /** `constraint` parsed, to check many tags without parsing it again. */
  readonly parsed: Constraint;
}

/** What a release's `version` asks for. */
export type VersionRequest = ExactVersionRequest | RangeVersionRequest;

/**
 * Whether `version` is exact or a range, as source-controller decides it:
 * exact when fluxcd/pkg `version.ParseVersion` accepts it (three dot-separated
 * numbers, optional `v`, optional prerelease and `+build`), otherwise a
 * Masterminds constraint, with `''` and `*` meaning the newest stable version.
 *
 * Both rule sets classify alike: for `'helm-repository'` an exact version is
 * pulled without listing; for `'oci-repository'` flux-oci writes it as
 * `ref.tag` and a range as `ref.semver`.
 *
 * @throws InvalidConstraintError (`FLUX_OCI_INVALID_CONSTRAINT`) when it is
 *   neither an exact version nor a valid constraint
 * @example classifyVersionRequest('1.2.3+build.5', 'helm-repository') // { kind: 'exact', tag: '1.2.3_build.5', … }
 * @example classifyVersionRequest('~1.2', 'oci-repository') // { kind: 'range', constraint: '~1.2', … }
 */
export function classifyVersionRequest(version: string, ruleSet: RuleSet): VersionRequest {
  void ruleSet; // both shapes classify alike today; callers still say which one they mean
  const exact = tryParseFluxVersion(version);
  if (exact) return { kind: 'exact', version, tag: versionToTag(version), parsed: exact };
  const constraint = version === '' ? '*' : version;
  return { kind: 'range', constraint, parsed: Constraint.parse(constraint) };
}
