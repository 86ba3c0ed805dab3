import type { FluxParseRule, MastermindsRelease } from '../semver';

/**
 * An ImagePolicy's `spec.policy`, as written: Go's `ImagePolicyChoice`
 * (fluxcd/image-reflector-controller `api/v1/imagepolicy_types.go`
 * @debe2aaa), a struct of three optional pointers. The CRD asks for exactly
 * one; when several are set, `semver` wins over `alphabetical`, which wins
 * over `numerical` (`internal/policy/factory.go` @debe2aaa), and with none
 * the policy is invalid.
 */
export interface ImagePolicyChoice {
  /** `semver.range`: a Masterminds/semver constraint; the greatest tag version satisfying it wins. */
  readonly semver?: { readonly range: string };
  /** `alphabetical.order`: `ASC` (default; the greatest tag in byte order wins) or `DESC` (the smallest); case-insensitive. */
  readonly alphabetical?: { readonly order?: string };
  /** `numerical.order`: `ASC` (default; the greatest number wins) or `DESC` (the smallest); case-insensitive. */
  readonly numerical?: { readonly order?: string };
}

/**
 * An ImagePolicy's `spec.filterTags` (Go's `TagFilter`): keep the tags the
 * Go regular expression `pattern` matches anywhere in, and, with `extract`,
 * rank the `$1`/`${name}` expansion of the first match instead of the tag.
 */
export interface ImageTagFilter {
  readonly pattern: string;
  /** A Go `Regexp.Expand` template; empty or absent ranks the tag itself. */
  readonly extract?: string;
}

/**
 * Which fluxcd/pkg `version.ParseVersion` and which Masterminds/semver the
 * image-reflector-controller of a Flux release links (its `go.mod`; the
 * policy code itself is the same in all of them, v0.29.0 to v1.2.0); which
 * release links which is the model's table (`imagePolicyRulesFor` in
 * `model/flux-version.ts`).
 *
 * `masterminds` decides how `semver.range` parses, which prereleases it
 * admits and the wording of its errors. Reading a tag does not depend on
 * it: the strict `ParseVersion` is `StrictNewVersion` of the tag without
 * one leading `v` and then `NewVersion` of the whole tag, whose loose
 * regular expression refuses the empty identifiers (`1.2.3-`) that
 * `StrictNewVersion` ≤ 3.3.0 lets through; the lenient one only ships with
 * 3.4.0+.
 */
export interface ImagePolicyRules {
  readonly parseVersion: FluxParseRule;
  readonly masterminds: MastermindsRelease;
}

/** The rules of the newest image-reflector-controller (v1.2, Flux 2.9; its `go.mod` at @debe2aaa). */
export const NEWEST_IMAGE_POLICY_RULES: ImagePolicyRules = { parseVersion: 'lenient', masterminds: '3.5.0' };

/** The outcome of `latestImageTag`: what fluxcd/image-reflector-controller `applyPolicy` returns (@debe2aaa). */
export type LatestTagOutcome = ImagePolicyPick | LatestTagFailure;

/**
 * The tag image-reflector-controller writes to the ImagePolicy's
 * `status.latestRef.tag` (`internal/controller/imagepolicy_controller.go`
 * @debe2aaa, `updateImageRefs`).
 */
export interface ImagePolicyPick {
  readonly ok: true;
  /** The tag as the registry lists it (`filter.GetOriginalTag`), never the extracted value. */
  readonly tag: string;
  /** With a non-empty `filterTags.extract`: the value the policy ranked for `tag`. */
  readonly extracted?: string;
  /**
   * Other tags Flux may report instead of `tag`, on the same tags. Only
   * with `filterTags`: the controller then ranks the keys of a Go map,
   * whose iteration order Go randomises, and two keys the policy ranks
   * equal (semver: `1.2.3` and `v1.2.3`; numerical: `1` and `1.0`, or any
   * tag when one is NaN) are then won by whichever comes first (semver) or
   * last (numerical). flux-oci walks the keys in the order the tags first
   * produced them, so `tag` is one of the possible answers; this lists the
   * rest. Absent when the answer is certain.
   */
  readonly alsoPossible?: readonly string[];
  /** How many tags the policy started from (the scanned list after the exclusion list). */
  readonly considered: number;
  /** How many distinct values the policy ranked: `considered` without `filterTags`. */
  readonly afterFilter: number;
}

/**
 * Why image-reflector-controller has no latest tag
 * (`internal/controller/imagepolicy_controller.go` @debe2aaa, how
 * `Reconcile` treats `applyPolicy`'s error):
 *
 * - `'invalid-policy'`: the ImagePolicy stalls (`InvalidPolicy`) and is not
 *   retried: no policy, a bad order, a semver range Masterminds rejects, or
 *   a `filterTags.pattern` Go rejects.
 * - `'no-tags'`: the repository has no tags (after its exclusion list);
 *   the controller marks the policy not ready and retries.
 * - `'no-match'`: no tag passes `filterTags`, or none satisfies the semver range.
 * - `'not-numeric'`: a numerical policy met a tag that is not a Go float.
 */
export type LatestTagFailureCause = 'invalid-policy' | 'no-tags' | 'no-match' | 'not-numeric';

/** No latest tag, with the controller's message (the Ready condition's text in `imagepolicy_controller.go` @debe2aaa). */
export interface LatestTagFailure {
  readonly ok: false;
  readonly cause: LatestTagFailureCause;
  /**
   * The controller's error text, word for word, e.g. `invalid policy:
   * invalid order argument provided: 'UP', must be one of: ASC, DESC` or
   * `unable to determine latest version from provided list`.
   */
  readonly message: string;
  /** flux-oci's addition to a regular expression error (see `GoRegexpRejected.hint`). */
  readonly hint?: string;
  /** How many tags the policy started from, once tags were read. */
  readonly considered?: number;
  /** How many distinct values the policy ranked, once `filterTags` ran. */
  readonly afterFilter?: number;
}
