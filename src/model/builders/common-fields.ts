import { compactOrUndefined } from '../kube-object';
import type { CommonMetadata } from '../release-options';

/**
 * Fields a Kustomization and a HelmRelease write alike: a reference's
 * namespace, and `spec.commonMetadata`.
 */

/** A reference's namespace, written only when it differs from the referrer's. */
export function crossNamespace(refNamespace: string | undefined, ownNamespace: string | undefined): string | undefined {
  return refNamespace !== undefined && refNamespace !== ownNamespace ? refNamespace : undefined;
}

/** `spec.commonMetadata`, without empty maps; undefined when nothing is left. */
export function commonMetadataBlock(metadata: CommonMetadata | undefined): Record<string, unknown> | undefined {
  return compactOrUndefined(metadata && { labels: nonEmpty(metadata.labels), annotations: nonEmpty(metadata.annotations) });
}

function nonEmpty(map: Record<string, string> | undefined): Record<string, string> | undefined {
  return map && Object.keys(map).length ? { ...map } : undefined;
}
