import type { FluxParseRule, MastermindsRelease } from '../semver';

/**
 * The tag-selection rules one Flux release applies, on top of the Flux shape
 * (`RuleSet`). Which release has which rules is the model's table
 * (`selectionRulesFor` in `model/flux-version.ts`); this is what differs:
 *
 * - `parseVersion`: fluxcd/pkg `version.ParseVersion` (`FluxParseRule`),
 *   which reads OCIRepository tags and decides whether a HelmChart version
 *   is exact: `'strict'` in Flux 2.0–2.6, `'lenient'` from 2.7.
 * - `masterminds`: the Masterminds/semver release source-controller links
 *   (`MastermindsRelease`): constraint parsing, prerelease matching, Helm's
 *   strict tag filter, error texts.
 * - `chartLayerUnderscore`: OCIRepository reads `_` in tags as `+` when its
 *   `layerSelector.mediaType` is the Helm chart layer: source-controller
 *   v1.8.5 (backport 79fe9e80 of b7e54e59) and v1.9+, i.e. Flux 2.8.8+.
 *
 * Ties (versions equal in precedence, e.g. `1.2.3` and `v1.2.3`) are broken
 * the same way by every release: Go's `sort.Sort` over the matching
 * versions in listing order (`goSort`), so this holds no field for it.
 */
export interface SelectionRules {
  readonly parseVersion: FluxParseRule;
  readonly masterminds: MastermindsRelease;
  readonly chartLayerUnderscore: boolean;
}

/** The rules of the newest Flux releases (2.8.8+, 2.9): the default wherever rules can be chosen. */
export const NEWEST_SELECTION_RULES: SelectionRules = {
  parseVersion: 'lenient',
  masterminds: '3.5.0',
  chartLayerUnderscore: true,
};

/** Whether two rule sets select alike. */
export function sameSelectionRules(a: SelectionRules, b: SelectionRules): boolean {
  return a.parseVersion === b.parseVersion && a.masterminds === b.masterminds && a.chartLayerUnderscore === b.chartLayerUnderscore;
}
