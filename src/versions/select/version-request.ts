import { Constraint, SemVer, tryParseFluxVersion } from '../semver';
import type { RuleSet } from './rule-set';
import { NEWEST_SELECTION_RULES, SelectionRules } from './selection-rules';
import { versionToTag } from './tag-conversion';

/** An exact chart version: Flux pulls its tag directly, without listing tags. */
export interface ExactVersionRequest {
  readonly kind: 'exact';
  /** The version as the user wrote it (a leading `v` and leading zeros kept). */
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
 * Whether `version` is exact or a range, as source-controller decides it
 * for a HelmChart (`getChartVersion`,
 * `fluxcd/source-controller@v1.7.0:internal/helm/repository/oci_chart_repository.go#L179`):
 * exact when fluxcd/pkg `version.ParseVersion` accepts it under
 * `rules.parseVersion`, and then pulled as written (`+` as `_`) without
 * listing tags; otherwise a Masterminds constraint under
 * `rules.masterminds`, with `''` and `*` meaning the newest stable version.
 *
 * Flux 2.7 changed the exact test: `01.2.3`, `2025.01.02` and `1.2-rc.1`
 * are exact tags from 2.7 on, ranges before.
 *
 * Both rule sets classify alike: for `'helm-repository'` that is Flux's own
 * decision; for `'oci-repository'` flux-oci writes an exact version as
 * `ref.tag` and a range as `ref.semver`.
 *
 * @param rules the Flux release's rules; the newest Flux's by default
 * @throws InvalidConstraintError (`FLUX_OCI_INVALID_CONSTRAINT`) when it is
 *   neither an exact version nor a valid constraint
 * @example classifyVersionRequest('1.2.3+build.5', 'helm-repository') // { kind: 'exact', tag: '1.2.3_build.5', … }
 * @example classifyVersionRequest('~1.2', 'oci-repository') // { kind: 'range', constraint: '~1.2', … }
 */
export function classifyVersionRequest(version: string, ruleSet: RuleSet, rules: SelectionRules = NEWEST_SELECTION_RULES): VersionRequest {
  void ruleSet; // both shapes classify alike; callers still say which one they mean
  return exactVersionRequest(version, rules) ?? rangeVersionRequest(version, rules);
}

/** @internal the exact half of `classifyVersionRequest` */
export function exactVersionRequest(version: string, rules: SelectionRules): ExactVersionRequest | undefined {
  const parsed = tryParseFluxVersion(version, rules.parseVersion);
  return parsed && { kind: 'exact', version, tag: versionToTag(version), parsed };
}

/** @internal the range half of `classifyVersionRequest` */
export function rangeVersionRequest(version: string, rules: SelectionRules): RangeVersionRequest {
  const constraint = version === '' ? '*' : version;
  return { kind: 'range', constraint, parsed: Constraint.parse(constraint, { masterminds: rules.masterminds }) };
}
