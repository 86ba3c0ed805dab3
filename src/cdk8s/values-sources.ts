import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import type { ValuesReference } from '../model/release-options';
import type { UnknownValuesSource } from '../values/check';
import type { KnownValuesSource } from '../values/flux-values';

/**
 * A release's `valuesFrom` as the app defines them: each ConfigMap or
 * Secret found among the app's objects (same name, in the release's
 * namespace, as helm-controller looks it up) with the content of its key;
 * the ones the app does not define are left unknown — reported as not
 * checked, never guessed.
 */
export function valuesSourcesIn(
  scope: IConstruct, namespace: string | undefined, refs: readonly ValuesReference[] | undefined,
): (KnownValuesSource | UnknownValuesSource)[] {
  if (!refs?.length) return [];
  const objects = scope.node.root.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && (c.kind === 'ConfigMap' || c.kind === 'Secret'));
  return refs.map((ref) => {
    const found = objects.find((o) => o.kind === ref.kind && o.name === ref.name && (o.metadata.namespace ?? undefined) === (namespace ?? undefined));
    if (!found) return { kind: ref.kind, name: ref.name, targetPath: ref.targetPath, unknown: true as const };
    const key = ref.valuesKey ?? 'values.yaml';
    const { kind, name, valuesKey, targetPath, optional } = ref;
    return { kind, name, valuesKey, targetPath, optional, data: dataOf(found.toJson(), key) };
  });
}

/** A ConfigMap's `data`, or a Secret's `stringData` or base64 `data`, at `key`. */
function dataOf(manifest: any, key: string): string | undefined {
  if (manifest?.kind === 'Secret') {
    const plain = manifest.stringData?.[key];
    if (typeof plain === 'string') return plain;
    const encoded = manifest.data?.[key];
    return typeof encoded === 'string' ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
  }
  const value = manifest?.data?.[key];
  return typeof value === 'string' ? value : undefined;
}
