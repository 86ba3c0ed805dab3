import type { ExternalSecretSource } from './builders/external-secret';
import type { RegistrySecretFormat } from './secret-ref';
import { FieldShapes, objectOf, required, SECRET_STRING, STRING } from './shapes';

/**
 * Registry credentials for Flux, as users declare them in either front end:
 * cdk8s `PrivateRegistrySecretProps` extend it, Pulumi
 * `PrivateRegistrySecretArgs` are derived from it.
 */
export interface PrivateRegistrySecretOptions {
  /** Registry host the credentials are for (`ghcr.io`, `registry.example.com:5000`); an `oci://` URL's host is used as is. */
  readonly registry: string;
  /**
   * Name of the Secret.
   * @default - the construct id (cdk8s) or resource name (Pulumi) as a DNS-1123 label
   */
  readonly name?: string;
  /**
   * Namespace of the Secret; it must be the namespace of the sources using it.
   * @default - the Chart's namespace (cdk8s), the Kubernetes provider's namespace (Pulumi)
   */
  readonly namespace?: string;
  /**
   * Registry username. cdk8s uses it for the synth-time check and writes it
   * only with `plaintext: true`; Pulumi creates the Secret from it (as a Pulumi secret).
   * @default - no credentials: the Secret exists in the cluster or is rendered by `externalSecret`
   */
  readonly username?: string;
  /**
   * Registry password or token; under Pulumi pass a secret, e.g. `config.requireSecret('registryToken')`.
   * @default - no credentials
   */
  readonly password?: string;
  /**
   * Render the Secret in the cluster with the External Secrets Operator
   * from this store entry, instead of writing or creating it from
   * `username`/`password` (which then serve only the registry check).
   * @default - no ExternalSecret
   */
  readonly externalSecret?: ExternalSecretSource;
  /**
   * How the Secret stores the credentials.
   * @default 'dockerconfigjson' ('opaque' for the helm-operator target)
   */
  readonly format?: RegistrySecretFormat;
}

/** Options for `PrivateRegistrySecret.fromSecretName`, a Secret that already exists. */
export interface ExistingRegistrySecretFields {
  /**
   * Namespace of the Secret.
   * @default - the namespace of the source using it
   */
  readonly namespace?: string;
  /**
   * Registry host the Secret holds credentials for, checked against the sources' URLs.
   * @default - not checked
   */
  readonly registry?: string;
  /**
   * How the Secret stores credentials, checked against what the sources need.
   * @default - not checked
   */
  readonly format?: RegistrySecretFormat;
}

/** The JavaScript type of every registry Secret option (see `checkShape`); credentials are type-checked without printing them. @internal */
export const PRIVATE_REGISTRY_SECRET_SHAPES: FieldShapes<PrivateRegistrySecretOptions> = {
  registry: required(STRING),
  name: STRING,
  namespace: STRING,
  username: SECRET_STRING,
  password: SECRET_STRING,
  externalSecret: objectOf<ExternalSecretSource>('ExternalSecretSource', {
    storeName: required(STRING),
    storeKind: STRING,
    remoteKey: required(STRING),
    usernameProperty: STRING,
    passwordProperty: STRING,
    refreshInterval: STRING,
  }),
  format: STRING,
};

/** The JavaScript type of every field of `PrivateRegistrySecret.fromSecretName`'s options. @internal */
export const EXISTING_REGISTRY_SECRET_SHAPES: FieldShapes<ExistingRegistrySecretFields> = { namespace: STRING, registry: STRING, format: STRING };
