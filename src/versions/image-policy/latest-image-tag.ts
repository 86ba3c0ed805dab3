import { policerFromSpec } from './factory';
import { compileTagFilter } from './regex-filter';
import type { ImagePolicyChoice, LatestTagOutcome, ImagePolicyPick, ImagePolicyRules, ImageTagFilter } from './types';

/** What the controller reports while the repository has no tags (`errNoTagsInDatabase`); it retries. */
const NO_TAGS = 'no tags in database';

/**
 * The tag image-reflector-controller picks for an ImagePolicy from its
 * ImageRepository's tags (fluxcd/image-reflector-controller
 * `internal/controller/imagepolicy_controller.go` @debe2aaa, `applyPolicy`),
 * step for step:
 *
 * 1. The policy is built (`PolicerFromSpec`); an invalid one fails first,
 *    with or without tags: `invalid policy: …`.
 * 2. The tags are read; none is `no tags in database`.
 * 3. With `filterTags`, the pattern is compiled (`failed to filter tags:
 *    invalid regular expression pattern '…': …`, so a bad pattern shows
 *    only once there are tags), the tags filtered and extracted, and the
 *    policy ranks the distinct values; the answer is mapped back to the
 *    original tag. Without it the policy ranks the tags as listed.
 *
 * Go walks filtered values in random map order; where that can change the
 * answer, `alsoPossible` lists the other answers (see `ImagePolicyPick`).
 * Without `filterTags` Go walks the tags in the order the scan stored them,
 * the registry's, so pass them in that order: the semver policy keeps the
 * first of equal versions, the numerical one the last of equal values.
 *
 * @param tags the ImageRepository's scanned tags, after its exclusion list
 *   (`withoutExcludedTags`), in registry order
 * @param policy `spec.policy`
 * @param filter `spec.filterTags`; absent means no filtering (an empty
 *   pattern is a filter that keeps every tag)
 * @param rules the image-reflector-controller release's libraries
 * @example latestImageTag(['1.0.0', 'v1.1.0', 'latest'], { semver: { range: '>=1.0.0' } }, undefined, NEWEST_IMAGE_POLICY_RULES)
 *   // { ok: true, tag: 'v1.1.0', considered: 3, afterFilter: 3 }
 */
export function latestImageTag(
  tags: readonly string[],
  policy: ImagePolicyChoice | undefined,
  filter: ImageTagFilter | undefined,
  rules: ImagePolicyRules,
): LatestTagOutcome {
  const built = policerFromSpec(policy, rules);
  if (!built.ok) return { ok: false, cause: 'invalid-policy', message: `invalid policy: ${built.reason}` };
  const policer = built.policer;
  const considered = tags.length;
  if (considered === 0) return { ok: false, cause: 'no-tags', message: NO_TAGS, considered };

  if (filter === undefined) {
    const latest = policer.latest(tags);
    if (!latest.ok) return { ...latest, considered, afterFilter: considered };
    return { ok: true, tag: latest.tag, considered, afterFilter: considered };
  }

  const compiled = compileTagFilter(filter);
  if (!compiled.ok) {
    const message = `failed to filter tags: ${compiled.reason}`;
    return compiled.hint === undefined
      ? { ok: false, cause: 'invalid-policy', message, considered }
      : { ok: false, cause: 'invalid-policy', message, hint: compiled.hint, considered };
  }
  const kept = compiled.apply(tags);
  const values = [...kept.keys()];
  const afterFilter = values.length;
  const latest = policer.latest(values);
  if (!latest.ok) return { ...latest, considered, afterFilter };
  const pick: ImagePolicyPick = { ok: true, tag: kept.get(latest.tag)!, considered, afterFilter };
  const rivals = policer.rivals(values, latest.tag).map((value) => kept.get(value)!);
  return {
    ...pick,
    ...((filter.extract ?? '') === '' ? {} : { extracted: latest.tag }),
    ...(rivals.length === 0 ? {} : { alsoPossible: rivals }),
  };
}

/** What makes an ImagePolicy invalid whatever the tags, and where: `spec.policy` or `spec.filterTags.pattern`. */
export interface ImagePolicyProblem {
  readonly field: 'policy' | 'filter';
  /** The controller's text, word for word: `invalid policy: …` or `failed to filter tags: …`. */
  readonly message: string;
  /** flux-oci's addition to a regular expression error (see `GoRegexpRejected.hint`). */
  readonly hint?: string;
}

/**
 * What image-reflector-controller would stall the ImagePolicy on
 * (`InvalidPolicy`) whatever the tags: an invalid `spec.policy`, checked
 * first, or a `filterTags.pattern` Go rejects (which the controller itself
 * reports only once the repository has tags). Undefined when there is
 * none. For checking manifests before any registry is asked.
 */
export function imagePolicyProblem(
  policy: ImagePolicyChoice | undefined,
  filter: ImageTagFilter | undefined,
  rules: ImagePolicyRules,
): ImagePolicyProblem | undefined {
  const built = policerFromSpec(policy, rules);
  if (!built.ok) return { field: 'policy', message: `invalid policy: ${built.reason}` };
  if (filter === undefined) return undefined;
  const compiled = compileTagFilter(filter);
  if (compiled.ok) return undefined;
  const message = `failed to filter tags: ${compiled.reason}`;
  return compiled.hint === undefined ? { field: 'filter', message } : { field: 'filter', message, hint: compiled.hint };
}

/**
 * What an ImagePolicy's `spec.policy` and `spec.filterTags` may hold
 * (fluxcd/image-reflector-controller `api/v1/imagepolicy_types.go`
 * @debe2aaa); shown when they are invalid.
 */
export const IMAGE_POLICY_HINT =
  "spec.policy takes one of semver.range (a version constraint such as '>=1.0.0 <2.0.0'), " +
  "alphabetical.order or numerical.order ('ASC', the default, or 'DESC'); " +
  'spec.filterTags.pattern is a Go (RE2) regular expression matched anywhere in each tag';
