import { SemVer, tryParseFluxVersion, tryParseStrictVersion } from '../semver';
import { NEWEST_SELECTION_RULES, SelectionRules } from './selection-rules';
import { tagToVersion } from './tag-conversion';
import { mastermindsBehaviour } from '../semver/masterminds-release';

/**
 * Which Flux shape's tag-selection rules apply (notes/flux.md §3):
 * - `'helm-repository'`: HelmRelease `chart.spec` → HelmRepository `type: oci`.
 *   Helm lists the tags, maps `_`→`+` and keeps only strict SemVer, so
 *   `v1.2.3`, `1.2` and `latest` are invisible.
 * - `'oci-repository'`: OCIRepository `ref.semver`. source-controller applies
 *   `semverFilter` to the raw tags, maps `_`→`+` only for the Helm chart
 *   layer type (Flux 2.8.8+), and parses with fluxcd/pkg
 *   `version.ParseVersion`, so `v1.2.3` counts, and from Flux 2.7 so do
 *   `2025.01.02` and `1.2-rc.1`.
 */
export type RuleSet = 'helm-repository' | 'oci-repository';

export const RULE_SETS: readonly RuleSet[] = ['helm-repository', 'oci-repository'];

/**
 * The version a raw OCI tag stands for under `ruleSet` and `rules`, or
 * `undefined` when Flux would skip the tag. On the `'helm-repository'` path
 * the version is what source-controller reads back from Helm's list: the
 * normalised string (`original` has `+`, not `_`).
 *
 * - `'helm-repository'`: Helm's `registry.Client.Tags`
 *   (`helm/helm@v3.12.1:pkg/registry/client.go#L620`, same through v4.2.1):
 *   `StrictNewVersion` of the tag with `_`→`+`, then `String()`; then
 *   source-controller's `version.ParseVersion` of that string
 *   (`fluxcd/source-controller@v1.7.0:internal/helm/repository/oci_chart_repository.go#L313`).
 * - `'oci-repository'`: `version.ParseVersion` of the tag, `_`→`+` first
 *   when `helmChartLayer` and the rules map it
 *   (`fluxcd/source-controller@v1.9.1:internal/controller/ocirepository_controller.go#L1433`).
 *
 * @param helmChartLayer on the `'oci-repository'` path, whether the
 *   OCIRepository selects the Helm chart layer
 */
export function tagVersion(
  tag: string,
  ruleSet: RuleSet,
  rules: SelectionRules = NEWEST_SELECTION_RULES,
  helmChartLayer = true,
): SemVer | undefined {
  if (ruleSet === 'helm-repository') {
    const listed = helmListedVersion(tag, rules);
    return listed && helmReadBack(listed, rules);
  }
  return tryParseFluxVersion(helmChartLayer && rules.chartLayerUnderscore ? tagToVersion(tag) : tag, rules.parseVersion);
}

/** @internal the version Helm's tag listing keeps for `tag`, before source-controller reads it */
export function helmListedVersion(tag: string, rules: SelectionRules): SemVer | undefined {
  // The rules carry `masterminds`: passed as they are, no options object per listed tag.
  return tryParseStrictVersion(tagToVersion(tag), rules);
}

/**
 * @internal what source-controller reads back from Helm's list for a
 * version Helm kept: `version.ParseVersion(listed.String())`
 * (`fluxcd/source-controller@v1.7.0:internal/helm/repository/oci_chart_repository.go#L313`).
 *
 * Where `StrictNewVersion` refuses empty identifiers (Masterminds 3.3.1+),
 * that is `listed` itself, without printing and parsing it again: a
 * version it accepted has no `v`, no leading zeros and no empty identifier,
 * so `String()` gives back the very string it read, and both rules of
 * `ParseVersion` read that string to the same segments and identifiers
 * (the strict rule is `StrictNewVersion` again; the lenient one's loose
 * regex and identifier checks accept all it accepts). Up to 3.3.0, `1.2.3-`
 * is listed as `1.2.3` and `1.2.3-rc..1` is listed but unreadable, so those
 * releases take the long way.
 */
export function helmReadBack(listed: SemVer, rules: SelectionRules): SemVer | undefined {
  if (!mastermindsBehaviour(rules.masterminds).strictAllowsEmptyIdentifiers) return listed;
  return tryParseFluxVersion(listed.toString(), rules.parseVersion);
}

/** What counts as a version under a rule set, for messages. */
export function describeTagRules(ruleSet: RuleSet, rules: SelectionRules = NEWEST_SELECTION_RULES): string {
  if (ruleSet === 'helm-repository') return "HelmRepository rules: strict SemVer tags, '_' read as '+'";
  return rules.parseVersion === 'lenient'
    ? "OCIRepository rules (Flux 2.7+): SemVer tags with two dots, 'v' prefix and leading zeros allowed"
    : "OCIRepository rules (Flux 2.0-2.6): SemVer tags, 'v' prefix allowed";
}
