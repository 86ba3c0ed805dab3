import { comparePrerelease, SemVer, tryParseFluxVersion } from '../semver';
import { helmListedVersion, RuleSet, tagVersion } from './rule-set';
import type { SelectionRules } from './selection-rules';
import type { SemverFilter } from './semver-filter';
import { versionToTag } from './tag-conversion';

/** A listed tag that is a usable version under a rule set. */
export interface Candidate {
  /**
   * The tag Flux pulls for it: the tag as listed, except on the
   * HelmRepository path, where source-controller pulls Helm's normalised
   * version with `+` as `_` (the same tag, unless Masterminds ≤ 3.3.0 let
   * an empty identifier through: listed `1.2.3_` is pulled as `1.2.3`).
   */
  readonly tag: string;
  /** The version it stands for; `original` is the tag after `_`→`+` where that applies. */
  readonly version: SemVer;
}

/** The listed tags, sorted into what a rule set can use and what it skips. */
export interface CandidateSet {
  /** Usable versions, in listing order. */
  readonly usable: readonly Candidate[];
  /**
   * HelmRepository path: every tag Helm's listing keeps, in listing order,
   * which Helm sorts before source-controller reads them; `usable` holds
   * the same objects, less those source-controller cannot read. Empty on
   * the OCIRepository path.
   */
  readonly helmListed: readonly Candidate[];
  /** Tags that passed the filter but are no version under the rule set, in listing order. */
  readonly ignored: readonly string[];
  /** Tags the semverFilter excluded. */
  readonly filteredOut: number;
}

/**
 * Candidate sets already built, per tag list and per what decides the
 * parse. Keyed by the list itself: a listing is read once and never changed
 * (its type is readonly), and each range the resolver, `selectTag` and
 * `tagsInRange` check against it would otherwise parse every tag again.
 * Weak, so a set lives as long as its listing.
 */
const parsedLists = new WeakMap<readonly string[], Map<string, CandidateSet>>();

/**
 * The tags sorted into candidates under a rule set: one pass, each tag
 * filtered and parsed once per tag list (the result is shared by every
 * later call with the same list, rules, layer and filter; do not change
 * the list after).
 */
export function collectCandidates(
  tags: readonly string[],
  ruleSet: RuleSet,
  rules: SelectionRules,
  helmChartLayer: boolean,
  filter: SemverFilter | undefined,
): CandidateSet {
  let byParse = parsedLists.get(tags);
  if (!byParse) parsedLists.set(tags, byParse = new Map());
  const key = JSON.stringify([ruleSet, rules.parseVersion, rules.masterminds, rules.chartLayerUnderscore, helmChartLayer, filter?.source ?? null]);
  let set = byParse.get(key);
  if (!set) byParse.set(key, set = parseCandidates(tags, ruleSet, rules, helmChartLayer, filter));
  return set;
}

function parseCandidates(
  tags: readonly string[],
  ruleSet: RuleSet,
  rules: SelectionRules,
  helmChartLayer: boolean,
  filter: SemverFilter | undefined,
): CandidateSet {
  const usable: Candidate[] = [];
  const helmListed: Candidate[] = [];
  const ignored: string[] = [];
  let filteredOut = 0;
  for (const tag of tags) {
    if (filter && !filter.test(tag)) {
      filteredOut++;
      continue;
    }
    if (ruleSet === 'helm-repository') {
      const listed = helmListedVersion(tag, rules);
      const version = listed && tryParseFluxVersion(listed.toString(), rules.parseVersion);
      if (listed) helmListed.push({ tag: versionToTag(listed.toString()), version: version ?? listed });
      if (version) usable.push(helmListed[helmListed.length - 1]);
      else ignored.push(tag);
      continue;
    }
    const version = tagVersion(tag, ruleSet, rules, helmChartLayer);
    if (version) usable.push({ tag, version });
    else ignored.push(tag);
  }
  return { usable, helmListed, ignored, filteredOut };
}

/**
 * A total order on candidates for reports (nearest and newest versions):
 * SemVer precedence, then build metadata (no metadata lowest, identifiers
 * compared like prerelease ones, so `+10` beats `+9`), then the tag in
 * code-unit order. Which of several equal-precedence versions Flux pulls is
 * not this order but Go's sort over the listing (`pickCandidate`).
 */
export function compareCandidates(a: Candidate, b: Candidate): number {
  const byVersion = a.version.compare(b.version);
  if (byVersion !== 0) return byVersion;
  const byMetadata = compareMetadata(a.version.metadata, b.version.metadata);
  if (byMetadata !== 0) return byMetadata;
  return a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0;
}

function compareMetadata(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return -1;
  if (b === '') return 1;
  return comparePrerelease(a, b);
}
