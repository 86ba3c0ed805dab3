/**
 * A HelmRelease's `valuesFrom` entries as the files tell them: the content
 * of a ConfigMap or Secret in the files (a SOPS-encrypted Secret is not
 * read), or of a ConfigMap or Secret a kustomization generates for the
 * release under the name it gives (./kustomize-generated.ts; from a
 * SOPS-encrypted file, not read); else unknown.
 */
import type { GeneratedObjects } from './kustomize-generated';
import type { ManifestObject } from './manifest-object';
import { fieldAt, isSopsEncrypted, ObjectIndex, secretValue, stringAt } from './object-index';
import type { UnknownValuesSource } from '../../values/check';
import type { KnownValuesSource } from '../../values/flux-values';

/**
 * One `valuesFrom` entry of `release`. A generated ConfigMap counts only
 * when its content is its own (not merged into a base's), its name is the
 * one the release reads (no hash, or one kustomize writes into the
 * reference: generatedNameFindings reports the others) and the key is
 * known.
 */
export function valuesSourceOf(
  entry: unknown, release: ManifestObject, index: ObjectIndex, generatedFor: GeneratedObjects,
): KnownValuesSource | UnknownValuesSource {
  const kind = stringAt(entry, 'kind') === 'Secret' ? 'Secret' : 'ConfigMap';
  const name = stringAt(entry, 'name') ?? '';
  const targetPath = stringAt(entry, 'targetPath');
  const valuesKey = stringAt(entry, 'valuesKey') ?? 'values.yaml';
  const optional = fieldAt(entry, 'optional') === true;
  const object = index.find('', kind, name, release.appliedNamespace);
  if (object) {
    if (kind === 'Secret' && isSopsEncrypted(object)) return { kind, name, ...(targetPath ? { targetPath } : {}), unknown: true };
    return { kind, name, valuesKey, ...(targetPath ? { targetPath } : {}), data: kind === 'Secret' ? secretValue(object, valuesKey) : stringAt(object.value, 'data', valuesKey), optional };
  }
  const generated = generatedFor(release, kind, name);
  const readable = generated && !generated.merged && (!generated.hashed || generated.valuesFromRewritten);
  if (generated && readable && (generated.data.has(valuesKey) || !generated.partial)) {
    return { kind, name, valuesKey, ...(targetPath ? { targetPath } : {}), data: generated.data.get(valuesKey), optional };
  }
  return { kind, name, ...(targetPath ? { targetPath } : {}), unknown: true };
}
