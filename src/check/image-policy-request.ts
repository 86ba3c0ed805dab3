import type { FailureCause } from './outcome';
import type { RegistryAccess } from './request';
import type { ImagePolicyChoice, ImagePolicyRules, ImageTagFilter } from '../versions/image-policy';
import { compareGoStrings, latestImageTag, withoutExcludedTags } from '../versions/image-policy';
import { tryParseFluxVersion } from '../versions/semver';

/**
 * One ImagePolicy to check against its image's registry: what
 * image-reflector-controller will do with it, the ImageRepository's scan
 * (list the tags, drop the exclusion list's) and then the policy's choice
 * (`filterTags`, then semver, alphabetical or numerical). Plain data.
 */
export interface ImagePolicyRequest {
  /** Who asked, for messages: `file:line ImagePolicy ns/name`. */
  readonly path: string;
  /** The ImageRepository's `spec.image`, as written (no scheme, no tag). */
  readonly image: string;
  /** The ImageRepository's `spec.exclusionList`. @default - Flux's `^.*\.sig$` */
  readonly exclusionList?: readonly string[];
  /** The ImagePolicy's `spec.policy`. */
  readonly policy: ImagePolicyChoice;
  /** The ImagePolicy's `spec.filterTags`. @default - every tag */
  readonly filter?: ImageTagFilter;
  /** How the target Flux release's image-reflector-controller parses versions. */
  readonly rules: ImagePolicyRules;
  /**
   * `spec.digestReflectionPolicy` is `Always` or `IfNotPresent`: the
   * controller then fetches the chosen tag's digest, which can fail.
   * @default false
   */
  readonly digest?: boolean;
  /** How the ImageRepository reaches its registry. @default - the engineer's login, over HTTPS */
  readonly access?: RegistryAccess;
}

/** What image-reflector-controller will make of an ImagePolicy, as far as the registry tells. */
export type ImagePolicyOutcome = ImagePolicySelection | ImagePolicyFailure;

/** The tag an ImagePolicy selects. */
export interface ImagePolicySelection {
  readonly ok: true;
  /** The tag the policy selects, as listed. */
  readonly tag: string;
  /** The value `filterTags.extract` made of it, which the policy compared. @default - the tag itself */
  readonly extracted?: string;
  /**
   * Other tags the controller may select instead, at random on each
   * reconcile: with `filterTags` it ranks a Go map, whose order is random,
   * and these rank equal to `tag`. @default - none: the answer is certain
   */
  readonly alsoPossible?: readonly string[];
  /** Its digest, when the policy reflects digests. */
  readonly digest?: string;
  /** Tags listed, and those the exclusion list kept. */
  readonly listed: number;
  readonly kept: number;
}

/** Why an ImagePolicy selects nothing. */
export interface ImagePolicyFailure {
  readonly ok: false;
  /**
   * Where it failed: reaching the registry (`cause` says how), the
   * ImageRepository's exclusion list, or the policy over the tags.
   */
  readonly stage: 'registry' | 'exclusion' | 'policy' | 'digest';
  readonly cause: FailureCause;
  /** One line, in the controller's words where it has them; never a credential. */
  readonly message: string;
  readonly registryCode?: string;
  /** Tags listed, those the exclusion list kept, and those `filterTags` kept (for a policy failure). */
  readonly listed?: number;
  readonly kept?: number;
  readonly afterFilter?: number;
  /** For a policy that selects none, up to five tags it had to choose from (see `nearestTags`). */
  readonly examples?: { readonly what: 'newest versions' | 'tags'; readonly tags: readonly string[] };
  /** What flux-oci adds to the controller's words (what RE2 lacks, what a numerical policy needs). */
  readonly hint?: string;
}

/**
 * The policy over a listed tag list, as image-reflector-controller applies
 * it: the exclusion list at scan time (internal/controller/imagerepository_controller.go
 * `filterOutTags`), then `applyPolicy` (internal/controller/imagepolicy_controller.go)
 * at fluxcd/image-reflector-controller@debe2aaa. `digestOf` is asked for
 * the chosen tag when the request reflects digests.
 */
export async function selectImage(
  request: ImagePolicyRequest, tags: readonly string[], digestOf: (tag: string) => Promise<string>,
): Promise<ImagePolicyOutcome> {
  const kept = withoutExcludedTags(tags, request.exclusionList);
  if (!kept.ok) return { ok: false, stage: 'exclusion', cause: 'invalid-request', message: kept.message, ...hintOf(kept) };
  const counts = { listed: tags.length, kept: kept.tags.length };
  const chosen = latestImageTag(kept.tags, request.policy, request.filter, request.rules);
  if (!chosen.ok) {
    const cause: FailureCause = chosen.cause === 'invalid-policy' ? 'invalid-request' : 'no-matching-version';
    const filtered = request.filter && chosen.afterFilter !== undefined ? { afterFilter: chosen.afterFilter } : {};
    const examples = chosen.cause === 'no-match' ? { examples: nearestTags(kept.tags, request) } : {};
    return { ok: false, stage: 'policy', cause, message: chosen.message, ...counts, ...filtered, ...examples, ...hintOf(chosen) };
  }
  const extras = {
    ...chosen.extracted !== undefined && chosen.extracted !== chosen.tag ? { extracted: chosen.extracted } : {},
    ...chosen.alsoPossible?.length ? { alsoPossible: chosen.alsoPossible } : {},
  };
  if (!request.digest) return { ok: true, tag: chosen.tag, ...extras, ...counts };
  return { ok: true, tag: chosen.tag, ...extras, digest: await digestOf(chosen.tag), ...counts };
}

function hintOf(outcome: { readonly hint?: string }): { hint?: string } {
  return outcome.hint === undefined ? {} : { hint: outcome.hint };
}

/**
 * What a policy that selects nothing had to choose from, to compare with
 * the range or pattern: for a semver policy without a filter, the five
 * newest tags that parse as versions; otherwise five tags, greatest first
 * in Go's byte order.
 */
function nearestTags(tags: readonly string[], request: ImagePolicyRequest): { what: 'newest versions' | 'tags'; tags: string[] } {
  if (request.policy.semver && !request.filter) {
    const versions = tags.flatMap((tag) => {
      const version = tryParseFluxVersion(tag, request.rules.parseVersion);
      return version ? [{ tag, version }] : [];
    });
    if (versions.length > 0) return { what: 'newest versions', tags: versions.sort((a, b) => b.version.compare(a.version)).slice(0, 5).map((v) => v.tag) };
  }
  return { what: 'tags', tags: [...tags].sort((a, b) => compareGoStrings(b, a)).slice(0, 5) };
}
