import { comparePrerelease, SemVer } from '../semver';
import { helmListedVersion, helmReadBack, RuleSet, tagVersion } from './rule-set';
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

/** A candidate set with what it was built from. */
interface BuiltSet {
  readonly tags: readonly string[];
  readonly key: string;
  readonly set: CandidateSet;
}

/** @internal how many of the latest candidate sets `collectCandidates` keeps */
export const RECENT_SETS = 8;

/**
 * The latest candidate sets, newest last. Callers that check several ranges
 * against one listing do so back to back (`tagsInRange` after `selectTag`,
 * the resolver's requests for one repository, `outdated`), so a few recent
 * sets spare them parsing every tag again. Only a few, and held strongly:
 * sets kept for as long as their listing lives (a WeakMap did that) survive
 * into the old generation, and a resolver keeps every listing until it is
 * done, so the garbage collector's work for them cost more than parsing
 * the tags again (plain releases parse without allocating beyond the version).
 */
const recentSets: BuiltSet[] = [];

/**
 * The tags sorted into candidates under a rule set: one pass, each tag
 * filtered and parsed once (the result is shared with later calls with the
 * same list, rules, layer and filter that follow soon; do not change the
 * list after).
 */
export function collectCandidates(
  tags: readonly string[],
  ruleSet: RuleSet,
  rules: SelectionRules,
  helmChartLayer: boolean,
  filter: SemverFilter | undefined,
): CandidateSet {
  const key = setKey(ruleSet, rules, helmChartLayer, filter);
  const recent = recentSet(tags, key);
  if (recent) return recent;
  const set = parseCandidates(tags, ruleSet, rules, helmChartLayer, filter);
  if (recentSets.length >= RECENT_SETS) recentSets.shift();
  recentSets.push({ tags, key, set });
  return set;
}

/** The candidate set `collectCandidates` built lately for the same arguments, if it still keeps it; builds nothing. */
export function recentCandidates(
  tags: readonly string[],
  ruleSet: RuleSet,
  rules: SelectionRules,
  helmChartLayer: boolean,
  filter: SemverFilter | undefined,
): CandidateSet | undefined {
  return recentSet(tags, setKey(ruleSet, rules, helmChartLayer, filter));
}

function setKey(ruleSet: RuleSet, rules: SelectionRules, helmChartLayer: boolean, filter: SemverFilter | undefined): string {
  // Every part but the filter is a fixed word without spaces, and the filter comes last, so no two keys collide.
  return `${ruleSet} ${rules.parseVersion} ${rules.masterminds} ${rules.chartLayerUnderscore} ${helmChartLayer} ${filter ? `/${filter.source}` : '-'}`;
}

function recentSet(tags: readonly string[], key: string): CandidateSet | undefined {
  for (const built of recentSets) if (built.tags === tags && built.key === key) return built.set;
  return undefined;
}

function parseCandidates(
  tags: readonly string[],
  ruleSet: RuleSet,
  rules: SelectionRules,
  helmChartLayer: boolean,
  filter: SemverFilter | undefined,
): CandidateSet {
  const usable: Candidate[] = [];
  // On the HelmRepository path, `usable` itself until a listed version is unreadable (rare): one array, not two, per listing.
  let helmListed: Candidate[] | undefined;
  const ignored: string[] = [];
  let filteredOut = 0;
  for (const tag of tags) {
    if (filter && !filter.test(tag)) {
      filteredOut++;
      continue;
    }
    if (ruleSet === 'helm-repository') {
      const listed = helmListedVersion(tag, rules);
      const version = listed && helmReadBack(listed, rules);
      if (version) {
        const candidate = { tag: helmPulledTag(tag, listed, version), version };
        usable.push(candidate);
        helmListed?.push(candidate);
        continue;
      }
      if (listed) (helmListed ??= [...usable]).push({ tag: helmPulledTag(tag, listed, version), version: listed });
      ignored.push(tag);
      continue;
    }
    const version = tagVersion(tag, ruleSet, rules, helmChartLayer);
    if (version) usable.push({ tag, version });
    else ignored.push(tag);
  }
  return { usable, helmListed: helmListed ?? (ruleSet === 'helm-repository' ? usable : []), ignored, filteredOut };
}

/**
 * @internal The tag source-controller pulls for a version Helm listed: Helm's
 * `String()` with `+` as `_`. When `helmReadBack` returned `listed` itself,
 * that string is the tag with `_` as `+`, so the tag is its own answer
 * unless it holds a `+` (no valid OCI tag does, but any list can be given).
 */
export function helmPulledTag(tag: string, listed: SemVer, readBack: SemVer | undefined): string {
  return readBack === listed && !tag.includes('+') ? tag : versionToTag(listed.toString());
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
