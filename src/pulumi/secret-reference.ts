import * as pulumi from '@pulumi/pulumi';

/**
 * A Secret in the cluster that a source refers to by name, e.g.
 * `{ name: caSecret.metadata.name }` for a `k8s.core.v1.Secret` created in
 * the same program (the Output also orders the source after it).
 */
export interface SecretReference {
  /** Name of the Secret. */
  readonly name: pulumi.Input<string>;
  /**
   * Namespace of the Secret; Flux reads it from the source's own namespace.
   * @default - the source's namespace
   */
  readonly namespace?: pulumi.Input<string>;
}
