/**
 * A SOPS-encrypted Secret that a Flux Kustomization applies without
 * decrypting it. kustomize-controller decrypts during its build only with
 * `spec.decryption` (provider `sops`: fluxcd/kustomize-controller at
 * 186fb3b, internal/decryptor/decryptor.go `DecryptResource`; its
 * `--sops-age-secret` flag only supplies a fallback key). Before applying,
 * it refuses the whole set when a v1 Secret still has its `sops` field,
 * unless the Secret opts out with `kustomize.toolkit.fluxcd.io/decrypt:
 * disabled` (internal/controller/kustomization_controller.go `apply`,
 * decryptor.go `IsEncryptedSecret`, `IsDecryptionDisabled`): "… is SOPS
 * encrypted, configuring decryption is required for this secret to be
 * reconciled", and nothing of that Kustomization is applied.
 */
import type { Finding } from './finding';
import type { ManifestObject } from './manifest-object';
import { describeObject, fieldAt, identityOf, isFluxKustomization, stringAt } from './object-index';

const DECRYPT_ANNOTATION = 'kustomize.toolkit.fluxcd.io/decrypt';

/**
 * An error when a Kustomization in the files builds the encrypted
 * `secret` without `spec.decryption`, as the Kustomization reaches the
 * cluster (its own patches and those of what builds it applied: the
 * version of it among `objects`; where several builds make it differently,
 * one with decryption is enough). Undefined otherwise.
 */
export function undecryptedSecretFinding(secret: ManifestObject, objects: readonly ManifestObject[]): Finding | undefined {
  if (stringAt(secret.value, 'metadata', 'annotations', DECRYPT_ANNOTATION)?.toLowerCase() === 'disabled') return undefined;
  const lacking = (secret.builtBy ?? []).filter((builder) => {
    const versions = objects.filter((o) => o.location === builder.location && isFluxKustomization(o));
    return (versions.length > 0 ? versions : [builder]).every((k) => stringAt(k.value, 'spec', 'decryption', 'provider') !== 'sops');
  });
  if (lacking.length === 0) return undefined;
  const [first] = lacking;
  const more = lacking.length > 1 ? ` (and ${lacking.length - 1} more Kustomization${lacking.length > 2 ? 's' : ''} applying it)` : '';
  const reason = fieldAt(first.value, 'spec', 'decryption') === undefined ? 'has no spec.decryption' : "has no spec.decryption with provider 'sops'";
  return {
    rule: 'encrypted-secret',
    severity: 'error',
    location: secret.location,
    object: identityOf(secret),
    message: `${describeObject(secret)} is SOPS-encrypted, and ${describeObject(first)} in ${first.location.file}, which applies it, ${reason}${more}: `
      + `kustomize-controller refuses to apply it ("Secret/${secret.appliedNamespace ?? secret.namespace ?? ''}/${secret.name ?? ''} is SOPS encrypted, configuring decryption `
      + 'is required for this secret to be reconciled"), and nothing that Kustomization builds is applied; set its spec.decryption '
      + '({provider: sops, secretRef: {name: <the Secret holding the key>}}), or annotate the Secret kustomize.toolkit.fluxcd.io/decrypt: disabled',
  };
}
