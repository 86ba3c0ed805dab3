/**
 * Versions: Masterminds semver (the library Helm and Flux embed) and the tag
 * selection rules Flux and Helm apply to a repository's tags, per Flux release,
 * and how image-reflector-controller picks an ImagePolicy's tag.
 */
export * from './semver';
export * from './select';
export { InvalidVersionError, InvalidConstraintError, InvalidSemverFilterError, CONSTRAINT_HINT } from './errors';
export type { VersionErrorName, VersionParser } from './errors';
export { goQuote } from './go-quote';
export { latestImageTag, imagePolicyProblem, withoutExcludedTags, DEFAULT_IMAGE_EXCLUSION_LIST, NEWEST_IMAGE_POLICY_RULES } from './image-policy';
export type {
  ImagePolicyChoice, ImageTagFilter, ImagePolicyRules, LatestTagOutcome, ImagePolicyPick, LatestTagFailure,
  LatestTagFailureCause, ImagePolicyProblem, ExclusionOutcome,
} from './image-policy';
