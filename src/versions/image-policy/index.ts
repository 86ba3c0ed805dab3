/**
 * How Flux's image-reflector-controller picks the latest image tag for an
 * ImagePolicy from an ImageRepository's tags: the exclusion list of the
 * scan, `filterTags` with Go's regexp and `Expand`, and the semver,
 * alphabetical and numerical policies, per controller release. Pure: the
 * tags come from the caller.
 */
export { latestImageTag, imagePolicyProblem, IMAGE_POLICY_HINT } from './latest-image-tag';
export type { ImagePolicyProblem } from './latest-image-tag';
export { withoutExcludedTags, DEFAULT_IMAGE_EXCLUSION_LIST } from './exclusion-list';
export type { ExclusionOutcome } from './exclusion-list';
export { NEWEST_IMAGE_POLICY_RULES } from './types';
export type {
  ImagePolicyChoice,
  ImageTagFilter,
  ImagePolicyRules,
  LatestTagOutcome,
  ImagePolicyPick,
  LatestTagFailure,
  LatestTagFailureCause,
} from './types';
export { expandGoTemplate } from './go-expand';
export { parseGoFloat } from './go-parse-float';
export type { GoFloatParse } from './go-parse-float';
export { compareGoStrings } from './go-strings';
