import type { DependencyRef } from '../dependencies';
import { compact, compactOrUndefined } from '../kube-object';
import type { CommonMetadata, CustomHealthCheck, DriftIgnoreRule } from '../release-options';

/**
 * Fields a Kustomization and a HelmRelease write alike: a reference's
 * namespace, `spec.dependsOn`, `spec.commonMetadata`, ignore rules and
 * `spec.healthCheckExprs`.
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

/** Ignore rules (a HelmRelease's `driftDetection.ignore`, a Kustomization's `ignore`); undefined when there are none. */
export function ignoreRulesBlock(rules: readonly DriftIgnoreRule[] | undefined): Record<string, unknown>[] | undefined {
  return rules?.length ? rules.map((r) => compact({ paths: [...r.paths], target: r.target && compact({ ...r.target }) })) : undefined;
}

/** `spec.dependsOn`: each entry's namespace only where it differs from `ownNamespace`; undefined when there are none. */
export function dependsOnBlock(
  entries: readonly DependencyRef[] | undefined, ownNamespace: string | undefined,
): Record<string, unknown>[] | undefined {
  return entries?.length
    ? entries.map((d) => compact({ name: d.name, namespace: crossNamespace(d.namespace, ownNamespace), readyExpr: d.readyExpr }))
    : undefined;
}

/** `spec.healthCheckExprs`; undefined when there are none. */
export function healthCheckExprsBlock(checks: readonly CustomHealthCheck[] | undefined): Record<string, unknown>[] | undefined {
  return checks?.length ? checks.map((c) => compact({ ...c })) : undefined;
}
