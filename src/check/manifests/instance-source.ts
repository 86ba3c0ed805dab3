/**
 * The GitRepository a FluxInstance makes for its sync, and the
 * `spec.ignore` it has once the instance's `kustomize.patches` are applied:
 * a monorepo's instance often sets it there (`/*`, `!/kubernetes`), and it
 * decides what the sync source's artifact holds (./sync-artifact.ts).
 *
 * As controlplaneio-fluxcd/flux-operator at 17c6aea builds it:
 * internal/builder/templates.go `syncTmpl` writes the GitRepository
 * (`interval`, `ref.name`, `secretRef` from `pullSecret`, `provider`,
 * `url`) named after `sync.name`, else the namespace, and
 * internal/controller/fluxinstance_controller.go appends
 * `spec.kustomize.patches` to the `patches` of the kustomization that
 * builds it, which kustomize applies in order (./flux-patches.ts
 * `compilePatch`). A patch that selects by label or annotation depends on
 * the labels the operator's transformers set, so what it does is not
 * known here.
 */
import { compilePatch } from './flux-patches';
import type { ManifestObject } from './manifest-object';
import { describeObject, fieldAt, stringAt } from './object-index';
import { namesGitRepository } from './sync-source';
import { pointerAsField } from '../../foundation/json-pointer';
import { isPlainObject } from '../../model/json-values';

/** The `spec.ignore` of the GitRepository an instance makes (none when unset), or why it is not known. */
export type SourceIgnore = { readonly ignore?: string } | { readonly unknown: string };

/**
 * What `spec.ignore` the GitRepository of `by`'s sync has, once `patches`
 * (the instance's `kustomize.patches`, written at `at`) are applied;
 * `namespace` is the instance's.
 */
export function instanceSourceIgnore(by: ManifestObject, sync: unknown, namespace: string | undefined, patches: unknown, at: string): SourceIgnore {
  const entries = Array.isArray(patches) ? patches : [];
  if (entries.length === 0) return {};
  const unknown = (i: number, why: string): SourceIgnore => ({ unknown: `${describeObject(by)} ${pointerAsField(`${at}/${i}`)} ${why}` });
  // Where the instance's namespace is not known, neither are the source's name and namespace its targets match.
  if (namespace === undefined) return namesGitRepository(entries) ? unknown(0, 'may set its GitRepository\'s spec.ignore') : {};
  const name = stringAt(sync, 'name') ?? namespace;
  const ref = stringAt(sync, 'ref');
  const pullSecret = stringAt(sync, 'pullSecret');
  const provider = stringAt(sync, 'provider');
  let value: Record<string, unknown> = {
    apiVersion: 'source.toolkit.fluxcd.io/v1',
    kind: 'GitRepository',
    metadata: { name, namespace },
    spec: {
      interval: fieldAt(sync, 'interval') ?? '1m',
      ...(ref !== undefined ? { ref: { name: ref } } : {}),
      ...(pullSecret !== undefined ? { secretRef: { name: pullSecret } } : {}),
      ...(provider !== undefined ? { provider } : {}),
      url: stringAt(sync, 'url') ?? '',
    },
  };
  for (const [i, entry] of entries.entries()) {
    const target = fieldAt(entry, 'target');
    if (isPlainObject(target) && (target.labelSelector !== undefined || target.annotationSelector !== undefined)) {
      return unknown(i, 'selects by label or annotation, which the operator sets: whether it changes the GitRepository\'s spec.ignore is not known');
    }
    const compiled = compilePatch(stringAt(entry, 'patch') ?? '', target);
    if ('error' in compiled) return unknown(i, compiled.error);
    for (const patch of compiled) {
      const source = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', name, namespace, value };
      if (!patch.selects(source)) continue;
      const after = patch.apply(value);
      if (after === undefined) return unknown(i, 'deletes the GitRepository of its sync');
      if ('error' in after) return unknown(i, `cannot be applied to the GitRepository of its sync: ${after.error}`);
      value = after;
    }
  }
  const ignore = fieldAt(value, 'spec', 'ignore');
  return typeof ignore === 'string' ? { ignore } : {};
}
