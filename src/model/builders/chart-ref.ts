import { versionToTag } from '../../versions/select/tag-conversion';
import { PinWithoutResolutionError } from '../errors';
import type { ChartReleaseSpec } from '../release';
import { ResolvedChart } from '../resolution';
import type { SourceStrategy } from '../source';
import type { Target } from '../target';
import { versionRequestOf } from '../version-request';

/**
 * The version or reference a manifest names for a release, after pinning.
 * One place decides, so the OCIRepository, HelmRelease and helm-operator
 * builders write the same thing the resolver checked.
 * @internal
 */
export type WrittenRef =
  | { readonly kind: 'tag'; readonly tag: string; readonly version: string }
  | { readonly kind: 'semver'; readonly constraint: string; readonly semverFilter?: string }
  | { readonly kind: 'digest'; readonly tag: string; readonly version: string; readonly digest: string };

/** @internal */
export function writtenRef(spec: ChartReleaseSpec, strategy: SourceStrategy, target: Target, resolved: ResolvedChart | undefined): WrittenRef {
  const pin = spec.pin ?? 'none';
  if (pin !== 'none') {
    if (!resolved || (pin === 'digest' && !resolved.digest)) throw new PinWithoutResolutionError(spec.name, pin);
    return pin === 'digest'
      ? { kind: 'digest', tag: resolved.tag, version: resolved.version, digest: resolved.digest! }
      : { kind: 'tag', tag: resolved.tag, version: resolved.version };
  }
  const request = versionRequestOf(spec, strategy, target);
  if (request.kind === 'exact') {
    // Written as the user wrote it; OCIRepository ref.tag is used verbatim, so `+` becomes `_`.
    return { kind: 'tag', tag: versionToTag(spec.version!), version: spec.version! };
  }
  return { kind: 'semver', constraint: request.constraint, semverFilter: spec.semverFilter };
}
