import { comparePrerelease, SemVer } from '../semver';
import { RuleSet, tagVersion } from './rule-set';
import type { SemverFilter } from './semver-filter';

/** A listed tag that is a usable version under a rule set. */
export interface Candidate {
  /** The tag as listed (what gets pulled). */
  readonly tag: string;
  /** The version it stands for; `original` is the tag after `_`→`+` where that applies. */
  readonly version: SemVer;
}

/** The listed tags, sorted into what a rule set can use and what it skips. */
export interface CandidateSet {
  readonly usable: readonly Candidate[];
  /** Tags that passed the filter but are no version under the rule set, in listing order. */
  readonly ignored: readonly string[];
  /** Tags the semverFilter excluded. */
  readonly filteredOut: number;
}

/** One pass over the tags: each is filtered and parsed once. */
export function collectCandidates(
  tags: readonly string[],
  ruleSet: RuleSet,
  helmChartLayer: boolean,
  filter: SemverFilter | undefined,
): CandidateSet {
  const usable: Candidate[] = [];
  const ignored: string[] = [];
  let filteredOut = 0;
  for (const tag of tags) {
    if (filter && !filter.test(tag)) {
      filteredOut++;
      continue;
    }
    const version = tagVersion(tag, ruleSet, helmChartLayer);
    if (version) usable.push({ tag, version });
    else ignored.push(tag);
  }
  return { usable, ignored, filteredOut };
}

/**
 * A total order on candidates: SemVer precedence, then build metadata (no
 * metadata lowest, identifiers compared like prerelease ones, so `+10` beats
 * `+9`), then the raw tag in code-unit order. Flux leaves the order of
 * versions equal in precedence undefined (an unstable sort); this makes the
 * pick deterministic and independent of listing order.
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
