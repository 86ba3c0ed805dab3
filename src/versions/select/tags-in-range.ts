import { collectCandidates, compareCandidates } from './candidates';
import { selectTag, SelectTagInput, TagSelection } from './select-tag';
import { NEWEST_SELECTION_RULES } from './selection-rules';
import { compileSemverFilter } from './semver-filter';
import { exactVersionRequest, rangeVersionRequest } from './version-request';

/** Every tag a version request accepts, and the one Flux pulls. */
export interface TagsInRange {
  /** What `selectTag` picks: the tag Flux pulls, or what exists instead. */
  readonly selection: TagSelection;
  /**
   * The tags the request accepts, oldest version first: for an exact
   * version its one tag (if listed), for a range every usable tag (after
   * `semverFilter`) whose version satisfies it under the same rules, each
   * once.
   */
  readonly matching: readonly string[];
}

/**
 * The tags `input.constraint` accepts under the rule set and Flux release in
 * `input`, with the one Flux pulls (`selectTag`, whose rules this follows:
 * same exact-or-range decision, filter, candidates and constraint check).
 * For people listing what a range covers (`flux-oci tags --version`).
 *
 * @throws InvalidSemverFilterError, InvalidConstraintError as `selectTag`
 */
export function tagsInRange(input: SelectTagInput): TagsInRange {
  const rules = input.rules ?? NEWEST_SELECTION_RULES;
  if (!input.alwaysRange && exactVersionRequest(input.constraint, rules)) {
    const selection = selectTag(input);
    return { selection, matching: selection.matched ? [selection.tag] : [] };
  }
  // The filter before the constraint, as selectTag: a bad filter is the error even when both are bad.
  const filter = input.ruleSet === 'oci-repository' && input.semverFilter ? compileSemverFilter(input.semverFilter) : undefined;
  const request = rangeVersionRequest(input.constraint, rules);
  // Built first, so selectTag picks from this set rather than making its own pass over the listing.
  const { usable } = collectCandidates(input.tags, input.ruleSet, rules, input.helmChartLayer ?? true, filter);
  const selection = selectTag(input);
  const matching = usable.filter((c) => request.parsed.check(c.version)).sort(compareCandidates).map((c) => c.tag);
  // A tag the registry lists twice is shown once.
  return { selection, matching: [...new Set(matching)] };
}
