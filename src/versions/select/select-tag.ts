import { parseFluxVersion } from '../semver';
import { Candidate, collectCandidates, compareCandidates, recentCandidates } from './candidates';
import { nearestToRange, nearestToVersion } from './nearest';
import { newestMatch } from './newest-match';
import { pickCandidate } from './pick';
import type { RuleSet } from './rule-set';
import { NEWEST_SELECTION_RULES, SelectionRules } from './selection-rules';
import { compileSemverFilter } from './semver-filter';
import { versionToTag } from './tag-conversion';
import { exactVersionRequest, rangeVersionRequest } from './version-request';

/** What to pick a tag from, and by which rules. */
export interface SelectTagInput {
  /** The repository's tags as the registry lists them (raw OCI tags, `_` not `+`). */
  readonly tags: readonly string[];
  /** The release's `version`: an exact version or a Masterminds constraint (`''` = `*`). */
  readonly constraint: string;
  /** The Flux shape whose selection rules apply. */
  readonly ruleSet: RuleSet;
  /**
   * OCIRepository `ref.semverFilter`: a Go regexp matched against the raw
   * tags before anything else. Only the `'oci-repository'` rule set has it,
   * and only for ranges (Flux ignores it for `ref.tag`); ignored otherwise.
   * @default - every tag is kept
   */
  readonly semverFilter?: string;
  /**
   * On the `'oci-repository'` path, whether the OCIRepository selects the Helm
   * chart layer, which makes source-controller (≥ 1.8.5, when `rules` say
   * so) read `_` in tags as `+`. Without it, tags containing `_` are not
   * versions.
   * @default true
   */
  readonly helmChartLayer?: boolean;
  /**
   * `constraint` is an OCIRepository `ref.semver` as written (an
   * `OciArtifactSource`'s `semver`), not a release `version`: Flux makes no
   * exact-versus-range decision there, so `1.2.3` is the range `=1.2.3` over
   * every tag and may pull `v1.2.3` (`getArtifactRef`,
   * `fluxcd/source-controller@v1.7.0:internal/controller/ocirepository_controller.go#L866`).
   * @default false
   */
  readonly alwaysRange?: boolean;
  /**
   * The rules of the Flux release that will pull (see `SelectionRules`).
   * @default - the newest Flux release's (`NEWEST_SELECTION_RULES`)
   */
  readonly rules?: SelectionRules;
}

interface Counts {
  /** How many tags were looked at (all of `tags`). */
  readonly considered: number;
  /** Tags that are no usable version under the rule set (after the filter). */
  readonly ignored: number;
  /** Tags the `semverFilter` excluded. */
  readonly filteredOut: number;
}

/** A tag Flux would pull. */
export interface TagMatch extends Counts {
  readonly matched: true;
  /** The OCI tag Flux pulls (`1.2.3_build.5`, `v1.2.3`), as listed (see `Candidate.tag` for the one exception). */
  readonly tag: string;
  /** The version it stands for, normalised (`1.2.3+build.5`, `1.2.3`). */
  readonly version: string;
}

/**
 * Nothing Flux would pull, with what exists instead. Versions are given as
 * the user would write them in `version` (`v` kept, `_` as `+`).
 */
export interface TagMismatch extends Counts {
  readonly matched: false;
  /** Up to 5 ignored tags, in listing order. */
  readonly ignoredExamples: readonly string[];
  /**
   * Up to 5 existing versions, closest to the request first: for an exact
   * version those sharing its major.minor first, nearest outwards; for a
   * range the highest below it, the lowest above it, then those inside it
   * that failed (prereleases, `!=`), newest first; for an open range the
   * newest.
   */
  readonly nearest: readonly string[];
  /** The highest usable version without a prerelease. */
  readonly newestStable?: string;
  /** The highest prerelease, when it is newer than `newestStable`. */
  readonly newestPrerelease?: string;
}

/** The outcome of `selectTag`. */
export type TagSelection = TagMatch | TagMismatch;

const DETAIL_LIMIT = 5;

/**
 * Picks the tag Flux would pull for `constraint` from a known tag list, by
 * the rules of the Flux release in `rules`, in Flux's order of steps:
 *
 * - An exact version (fluxcd/pkg `ParseVersion` under `rules.parseVersion`)
 *   is pulled by its tag (`+`→`_`) without listing, so it matches only that
 *   tag: an exact string match wins over any other tag of equal precedence.
 * - A range, `'oci-repository'`: the `semverFilter` is compiled before the
 *   constraint is parsed, so a bad filter is the error even when the
 *   constraint is bad too (source-controller `getTagBySemver`); it keeps raw
 *   tags it matches anywhere; `_`→`+` with `helmChartLayer` where the rules
 *   map it; `ParseVersion`; Masterminds `Check`.
 * - A range, `'helm-repository'`: tags mapped `_`→`+`, strict SemVer only
 *   (Helm), `ParseVersion`, Masterminds `Check`.
 *
 * Prerelease matching and error texts follow `rules.masterminds`. Among
 * versions equal in precedence, the one Go's `sort.Sort` puts first wins
 * (`pickCandidate`). Linear in the number of tags unless the newest match
 * is tied; the constraint and filter are parsed once per call.
 *
 * @throws InvalidSemverFilterError when `semverFilter` is not a valid Go regexp
 * @throws InvalidConstraintError when `constraint` is neither a version nor a constraint
 */
export function selectTag(input: SelectTagInput): TagSelection {
  const { tags, ruleSet } = input;
  const rules = input.rules ?? NEWEST_SELECTION_RULES;
  const exact = input.alwaysRange ? undefined : exactVersionRequest(input.constraint, rules);
  const useFilter = ruleSet === 'oci-repository' && !exact && input.semverFilter;
  const filter = useFilter ? compileSemverFilter(input.semverFilter!) : undefined;
  const request = exact ?? rangeVersionRequest(input.constraint, rules);
  const helmChartLayer = input.helmChartLayer ?? true;
  const recent = recentCandidates(tags, ruleSet, rules, helmChartLayer, filter);
  if (request.kind === 'range' && !recent) {
    // One range on a fresh listing, the usual lookup: one pass, no candidate set (see newestMatch).
    const found = newestMatch(tags, ruleSet, rules, helmChartLayer, filter, request.parsed);
    if (found) {
      const { tag, version, ignored, filteredOut } = found;
      return { matched: true, tag, version, considered: tags.length, ignored, filteredOut };
    }
  }
  const candidates = recent ?? collectCandidates(tags, ruleSet, rules, helmChartLayer, filter);
  const { usable, ignored, filteredOut } = candidates;
  const counts: Counts = { considered: tags.length, ignored: ignored.length, filteredOut };

  if (request.kind === 'exact') {
    if (tags.includes(request.tag)) return { matched: true, tag: request.tag, version: request.parsed.toString(), ...counts };
    const sorted = [...usable].sort(compareCandidates);
    return mismatch(counts, ignored, sorted, nearestToVersion(sorted, request.parsed, DETAIL_LIMIT));
  }

  const best = pickCandidate(candidates, ruleSet, request.parsed);
  if (best) return { matched: true, tag: best.tag, version: best.version.toString(), ...counts };
  const sorted = [...usable].sort(compareCandidates);
  return mismatch(counts, ignored, sorted, nearestToRange(sorted, request.parsed, DETAIL_LIMIT));
}

/**
 * The tag Flux pulls for an exact `version` (`+` as `_`, `v` kept), if the
 * list holds it. Both rule sets pull an exact version by that tag without
 * listing, so a `v1.2.3` tag counts even for `'helm-repository'`.
 *
 * @param rules which `ParseVersion` decides what is exact; the newest Flux's by default
 * @throws InvalidVersionError when `version` is not an exact version (fluxcd/pkg `ParseVersion`)
 */
export function findExactTag(
  tags: readonly string[],
  version: string,
  ruleSet: RuleSet,
  rules: SelectionRules = NEWEST_SELECTION_RULES,
): string | undefined {
  void ruleSet; // both shapes pull exact versions alike; kept so call sites state their shape
  parseFluxVersion(version, rules.parseVersion);
  const tag = versionToTag(version);
  return tags.includes(tag) ? tag : undefined;
}

function mismatch(counts: Counts, ignored: readonly string[], sorted: readonly Candidate[], nearest: Candidate[]): TagMismatch {
  const newest = (prerelease: boolean): Candidate | undefined => {
    for (let i = sorted.length - 1; i >= 0; i--) if (sorted[i].version.isPrerelease === prerelease) return sorted[i];
    return undefined;
  };
  const stable = newest(false);
  const pre = newest(true);
  const preIsNewer = pre && (!stable || pre.version.compare(stable.version) > 0);
  return {
    matched: false,
    ...counts,
    ignoredExamples: ignored.slice(0, DETAIL_LIMIT),
    nearest: nearest.map(written),
    ...(stable ? { newestStable: written(stable) } : {}),
    ...(preIsNewer ? { newestPrerelease: written(pre) } : {}),
  };
}

/** A candidate as the user would write it as `version`. */
function written(c: Candidate): string {
  return c.version.original;
}
