import { Constraint, SemVer, tryParseFluxVersion } from '../semver';
import { helmPulledTag } from './candidates';
import { helmListedVersion, helmReadBack, RuleSet } from './rule-set';
import type { SelectionRules } from './selection-rules';
import type { SemverFilter } from './semver-filter';
import { tagToVersion } from './tag-conversion';
import { parsePlainRelease } from '../semver/plain-release';

/** The tag a range selects, found by `newestMatch`. */
export interface NewestMatch {
  /** The tag Flux pulls (see `Candidate.tag`). */
  readonly tag: string;
  /** Its version, normalised. */
  readonly version: string;
  /** Tags that passed the filter but are no version under the rule set. */
  readonly ignored: number;
  /** Tags the semverFilter excluded. */
  readonly filteredOut: number;
}

/**
 * The tag Flux pulls for a range, in one pass over the listing that keeps
 * no candidate: what `collectCandidates` and `pickCandidate` answer
 * together, by the same per-tag rules, when one matching version is
 * strictly the newest. `undefined` when the pass cannot answer alone: no
 * tag matches (the report needs every candidate) or the newest match is
 * tied in precedence (Go's sort decides, over the whole candidate set).
 *
 * Why a second path: a lookup checks one range per listing, and building the
 * candidate set (an object per listed tag, kept in arrays) was most of
 * what selection allocated. Nearly every tag is a plain release
 * (`parsePlainRelease`), which is read into one of two scratch versions,
 * the newest match so far and the next tag, so such a listing allocates
 * nothing per tag. Any other tag is parsed in full, as `collectCandidates`
 * does; test/versions/select/newest-match.test.ts checks both paths agree.
 */
export function newestMatch(
  tags: readonly string[],
  ruleSet: RuleSet,
  rules: SelectionRules,
  helmChartLayer: boolean,
  filter: SemverFilter | undefined,
  constraint: Constraint,
): NewestMatch | undefined {
  const helm = ruleSet === 'helm-repository';
  // A plain release reads alike under every rule set with or without `_`→`+` (it has no `_`); only Helm's strict parser refuses the `v`.
  const allowV = !helm;
  const underscore = !helm && helmChartLayer && rules.chartLayerUnderscore;
  const scratchA = new SemVer(0n, 0n, 0n);
  const scratchB = new SemVer(0n, 0n, 0n);
  let spare = scratchA;
  let best: SemVer | undefined;
  let bestTag = '';
  let ties = 0;
  let ignored = 0;
  let filteredOut = 0;
  for (const tag of tags) {
    if (filter && !filter.test(tag)) {
      filteredOut++;
      continue;
    }
    let version: SemVer | undefined = parsePlainRelease(tag, allowV, spare);
    // A plain release is its own pulled tag on both paths (no `+`, and Helm prints it as listed).
    let pulled: string | SemVer = tag;
    if (!version) {
      if (helm) {
        const listed = helmListedVersion(tag, rules);
        version = listed && helmReadBack(listed, rules);
        if (version) pulled = listed!;
      } else {
        version = tryParseFluxVersion(underscore ? tagToVersion(tag) : tag, rules.parseVersion);
      }
      if (!version) {
        ignored++;
        continue;
      }
    }
    if (!constraint.check(version)) continue;
    const d = best ? version.compare(best) : 1;
    if (d > 0) {
      best = version;
      bestTag = typeof pulled === 'string' ? pulled : helmPulledTag(tag, pulled, version);
      ties = 1;
      if (version === spare) spare = spare === scratchA ? scratchB : scratchA;
    } else if (d === 0) {
      ties++;
    }
  }
  if (!best || ties > 1) return undefined;
  return { tag: bestTag, version: best.toString(), ignored, filteredOut };
}
