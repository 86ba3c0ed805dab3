/**
 * How Flux picks a chart's tag, per Flux shape and per Flux release:
 * exact-or-range classification, tag selection, `semverFilter`, and the
 * `+`/`_` mapping.
 */
export { versionToTag, tagToVersion } from './tag-conversion';
export { RULE_SETS, tagVersion, describeTagRules } from './rule-set';
export type { RuleSet } from './rule-set';
export { NEWEST_SELECTION_RULES, sameSelectionRules } from './selection-rules';
export type { SelectionRules } from './selection-rules';
export { classifyVersionRequest } from './version-request';
export type { VersionRequest, ExactVersionRequest, RangeVersionRequest } from './version-request';
export { compileSemverFilter } from './semver-filter';
export type { SemverFilter } from './semver-filter';
export { selectTag, findExactTag } from './select-tag';
export { tagsInRange } from './tags-in-range';
export type { TagsInRange } from './tags-in-range';
export type { SelectTagInput, TagSelection, TagMatch, TagMismatch } from './select-tag';
export { compareCandidates } from './candidates';
export type { Candidate } from './candidates';
