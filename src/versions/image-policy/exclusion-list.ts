import type { RE2JS } from 're2js';
import { compileGoRegexp } from '../go-regexp';

/**
 * The exclusion list an ImageRepository scans with when its
 * `spec.exclusionList` is empty or absent: signature tags (fluxcd/image-reflector-controller
 * `api/v1/imagerepository_types.go` @debe2aaa, `GetExclusionList`).
 */
export const DEFAULT_IMAGE_EXCLUSION_LIST: readonly string[] = ['^.*\\.sig$'];

/** The outcome of `withoutExcludedTags`. */
export type ExclusionOutcome =
  | { readonly ok: true; readonly tags: string[] }
  | {
    readonly ok: false;
    /** The first pattern Go's `regexp.Compile` rejects. */
    readonly pattern: string;
    /** The controller's text, `failed to compile regex %s: %w`, e.g. ``failed to compile regex (: error parsing regexp: missing closing ): `(` ``. */
    readonly message: string;
    /** flux-oci's addition to Go's text (see `GoRegexpRejected.hint`). */
    readonly hint?: string;
  };

/**
 * The tags an ImageRepository scan stores, from the tags the registry
 * lists, in their order (fluxcd/image-reflector-controller
 * `internal/controller/imagerepository_controller.go` @debe2aaa,
 * `filterOutTags`): every pattern of the exclusion list compiled first (the
 * first bad one fails the scan, whatever the tags), then each tag dropped
 * when any pattern matches anywhere in it. An empty or absent list means
 * `DEFAULT_IMAGE_EXCLUSION_LIST`, so to keep `.sig` tags a list must name
 * some other pattern.
 */
export function withoutExcludedTags(tags: readonly string[], exclusionList: readonly string[] | undefined): ExclusionOutcome {
  const patterns = exclusionList !== undefined && exclusionList.length > 0 ? exclusionList : DEFAULT_IMAGE_EXCLUSION_LIST;
  const compiled: RE2JS[] = [];
  for (const pattern of patterns) {
    const c = compileGoRegexp(pattern);
    if (!c.ok) {
      const message = `failed to compile regex ${pattern}: ${c.reason}`;
      return c.hint === undefined ? { ok: false, pattern, message } : { ok: false, pattern, message, hint: c.hint };
    }
    compiled.push(c.regexp);
  }
  return { ok: true, tags: tags.filter((tag) => !compiled.some((r) => r.test(tag))) };
}
