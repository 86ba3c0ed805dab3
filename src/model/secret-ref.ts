import { ObjectRef } from './kube-object';
import type { Target } from './target';

/**
 * How a registry Secret stores credentials:
 * - `dockerconfigjson`: `kubernetes.io/dockerconfigjson`, `auths` keyed by the
 *   bare registry host (what OCIRepository and HelmRepository read);
 * - `basic-auth`: `kubernetes.io/basic-auth` with `username`/`password`
 *   (HelmRepository `type: oci` only; what `flux create secret helm` writes);
 * - `opaque`: `Opaque` with `username`/`password` (the helm-operator target).
 */
export type RegistrySecretFormat = 'dockerconfigjson' | 'basic-auth' | 'opaque';
export const REGISTRY_SECRET_FORMATS: readonly RegistrySecretFormat[] = ['dockerconfigjson', 'basic-auth', 'opaque'];

/** A registry Secret as sources see it: its name, namespace and format. */
export interface RegistrySecretRef extends ObjectRef {
  /**
   * How the Secret stores the credentials.
   * @default - unknown (an imported Secret)
   */
  readonly format?: RegistrySecretFormat;
  /** Bare registry host the Secret holds credentials for. @default - unknown */
  readonly registry?: string;
}

/** The format a registry Secret gets unless told otherwise: what the target's controller reads. */
export function defaultSecretFormat(target: Target): RegistrySecretFormat {
  return target.kind === 'helm-operator' ? 'opaque' : 'dockerconfigjson';
}
