import { SemVer, tryParseFluxVersion, tryParseStrictVersion } from '../semver';
import { tagToVersion } from './tag-conversion';

/**
 * Which Flux shape's tag-selection rules apply (notes/flux.md §3):
 * - `'helm-repository'`: HelmRelease `chart.spec` → HelmRepository `type: oci`.
 *   Helm lists the tags, maps `_`→`+` and keeps only strict SemVer, so
 *   `v1.2.3`, `1.2` and `latest` are invisible.
 * - `'oci-repository'`: OCIRepository `ref.semver`. source-controller applies
 *   `semverFilter` to the raw tags, maps `_`→`+` only for the Helm chart
 *   layer type, and parses with fluxcd/pkg `version.ParseVersion`, so
 *   `v1.2.3` counts and `1.2` does not.
 */
export type RuleSet = 'helm-repository' | 'oci-repository';

export const RULE_SETS: readonly RuleSet[] = ['helm-repository', 'oci-repository'];

/**
 * The version a raw OCI tag stands for under `ruleSet`, or `undefined` when
 * that rule set would skip the tag.
 *
 * @param helmChartLayer on the `oci-repository` path, whether `_` maps to `+`
 *   (the OCIRepository selects the Helm chart layer; source-controller ≥ 1.8.5)
 */
export function tagVersion(tag: string, ruleSet: RuleSet, helmChartLayer = true): SemVer | undefined {
  if (ruleSet === 'helm-repository') return tryParseStrictVersion(tagToVersion(tag));
  return tryParseFluxVersion(helmChartLayer ? tagToVersion(tag) : tag);
}
