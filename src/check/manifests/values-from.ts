/**
 * A HelmRelease's `valuesFrom` entries as the files tell them: the content
 * of a ConfigMap or Secret in the files (a SOPS-encrypted Secret is not
 * read), or of a ConfigMap or Secret a kustomization generates for the
 * release under the name it gives (./kustomize-generated.ts; from a
 * SOPS-encrypted file, not read); else unknown.
 */
import type { GeneratedObjects } from './kustomize-generated';
import type { ManifestObject } from './manifest-object';
import { fieldAt, isSopsEncrypted, stringAt } from './object-index';
import type { UnknownValuesSource } from '../../values/check';
import type { KnownValuesSource } from '../../values/flux-values';

/** The ConfigMap or Secret (`v1`) of a name in a namespace, when the files have it. */
export type FindValuesObject = (kind: 'ConfigMap' | 'Secret', name: string, namespace: string | undefined) => ManifestObject | undefined;

/**
 * One `valuesFrom` entry of `release`. A generated ConfigMap counts only
 * when its content is its own (not merged into a base's), its name is the
 * one the release reads (no hash, or one kustomize writes into the
 * reference: generatedNameFindings reports the others) and the key is
 * known.
 */
export function valuesSourceOf(
  entry: unknown, release: ManifestObject, find: FindValuesObject, generatedFor: GeneratedObjects,
): KnownValuesSource | UnknownValuesSource {
  const kind = stringAt(entry, 'kind') === 'Secret' ? 'Secret' : 'ConfigMap';
  const name = stringAt(entry, 'name') ?? '';
  const targetPath = stringAt(entry, 'targetPath');
  const valuesKey = stringAt(entry, 'valuesKey') ?? 'values.yaml';
  const optional = fieldAt(entry, 'optional') === true;
  const object = find(kind, name, release.appliedNamespace);
  if (object) {
    if (kind === 'Secret' && isSopsEncrypted(object)) return { kind, name, ...(targetPath ? { targetPath } : {}), unknown: true };
    return { kind, name, valuesKey, ...(targetPath ? { targetPath } : {}), data: keyOf(object, valuesKey), optional };
  }
  const generated = generatedFor(release, kind, name);
  const readable = generated && !generated.merged && (!generated.hashed || generated.valuesFromRewritten);
  if (generated && readable && (generated.data.has(valuesKey) || !generated.partial)) {
    return { kind, name, valuesKey, ...(targetPath ? { targetPath } : {}), data: generated.data.get(valuesKey), optional };
  }
  return { kind, name, ...(targetPath ? { targetPath } : {}), unknown: true };
}

/** A key's text: `data` (base64 in a Secret), then a Secret's `stringData` (the API server merges it over `data`). */
function keyOf(object: ManifestObject, key: string): string | undefined {
  if (object.kind === 'Secret') {
    const text = stringAt(object.value, 'stringData', key);
    if (text !== undefined) return text;
    const encoded = stringAt(object.value, 'data', key);
    return encoded === undefined ? undefined : Buffer.from(encoded, 'base64').toString('utf8');
  }
  return stringAt(object.value, 'data', key);
}
