import * as pulumi from '@pulumi/pulumi';

/**
 * A Secret in the cluster that a source refers to by name, e.g.
 * `{ name: caSecret.metadata.name }` for a `k8s.core.v1.Secret` created in
 * the same program (the Output also orders the source after it), a
 * RegistryTlsSecret or a RegistryProxySecret.
 */
export interface SecretReference {
  /** Name of the Secret. */
  readonly name: pulumi.Input<string>;
  /**
   * Namespace of the Secret; Flux reads it from the source's own namespace.
   * @default - the source's namespace
   */
  readonly namespace?: pulumi.Input<string | undefined>;
}

/** Options for the `fromSecretName` of RegistryTlsSecret and RegistryProxySecret: a Secret that already exists. */
export interface ExistingSecretOptions {
  /**
   * Namespace of the Secret.
   * @default - the namespace of the source using it
   */
  readonly namespace?: pulumi.Input<string>;
}

/** What a RegistryTlsSecret (created or existing) tells the sources using it. @internal */
export interface TlsSecretReference extends SecretReference {
  /** The PEM CA bundle the Secret holds, for the registry check; undefined when unknown. @internal */
  _caCert(): pulumi.Input<string | undefined>;
  /** What objects using the Secret must wait for. @internal */
  _dependencies(): pulumi.Resource[];
}

/** The CA a source's `certSecret` holds, as far as the program knows it. */
export function caCertOf(ref: SecretReference | undefined): pulumi.Input<string | undefined> {
  return isTlsSecretReference(ref) ? ref._caCert() : undefined;
}

/** What objects using the Secret must wait for: the component that creates it, if any. */
export function secretDependencies(ref: SecretReference | undefined): pulumi.Resource[] {
  if (!ref) return [];
  if (typeof (ref as Partial<TlsSecretReference>)._dependencies === 'function') return (ref as TlsSecretReference)._dependencies();
  return pulumi.Resource.isInstance(ref) ? [ref] : [];
}

function isTlsSecretReference(ref: SecretReference | undefined): ref is TlsSecretReference {
  return typeof (ref as Partial<TlsSecretReference> | undefined)?._caCert === 'function';
}
