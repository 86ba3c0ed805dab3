import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { InputsOf, outputOf, throwIfAny, whenKnown } from './inputs';
import { ExistingSecretOptions, SecretReference } from './secret-reference';
import { IssueList } from '../foundation/issues';
import { buildProxySecret } from '../model/builders/secrets';
import { RegistryProxySecretOptions, RegistryProxySecretSpec, validateProxySecret } from '../model/connection-secrets';
import { meta } from '../model/kube-object';
import { toDnsLabel } from '../model/names';

/**
 * Args of a {@link RegistryProxySecret}: the proxy options both front ends
 * share (`RegistryProxySecretOptions`), each an `Input`. Pass `password` as
 * a secret, e.g. `config.requireSecret('proxyPassword')`.
 */
export interface RegistryProxySecretArgs extends InputsOf<RegistryProxySecretOptions> {}

/** Pulumi type token of RegistryProxySecret; part of stack state, never renamed. */
export const REGISTRY_PROXY_SECRET_TYPE = 'flux-oci:index:RegistryProxySecret';

/**
 * A proxy for reaching a registry, as a source's `proxySecret` (an
 * OCIRepository's `proxySecretRef`, Flux 2.4+): a Secret with `address`
 * and optional `username`/`password`. The Secret's data is a Pulumi secret
 * (encrypted in state, hidden in diffs), as for every Kubernetes Secret.
 */
export class RegistryProxySecret extends pulumi.ComponentResource implements SecretReference {
  /**
   * A proxy Secret that exists in the cluster (or is created elsewhere in
   * the program), by name; nothing is created. The same as passing
   * `{ name, namespace }` as `proxySecret`.
   */
  public static fromSecretName(name: pulumi.Input<string>, options: ExistingSecretOptions = {}): SecretReference {
    return { name, namespace: options.namespace };
  }

  /** Name of the Secret. */
  public readonly name: pulumi.Output<string>;
  /** Namespace of the Secret; undefined when the provider's namespace applies. */
  public readonly namespace: pulumi.Output<string | undefined>;
  /** The Secret. */
  public readonly secret: k8s.core.v1.Secret;

  constructor(name: string, args: RegistryProxySecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super(REGISTRY_PROXY_SECRET_TYPE, name, {}, opts);
    // Names only: a secret password must not make the Secret's name a secret too.
    const head = outputOf({ name: args.name ?? toDnsLabel(name), namespace: args.namespace }) as pulumi.Output<{ name: string; namespace?: string }>;
    const manifest = outputOf(whenKnown({ ...args, name: args.name ?? toDnsLabel(name) }, (g: RegistryProxySecretSpec) => {
      const issues = new IssueList(name);
      validateProxySecret(g, issues);
      throwIfAny(issues);
      return buildProxySecret({ name: g.name, namespace: g.namespace }, g);
    }, this));
    this.secret = new k8s.core.v1.Secret(name, {
      metadata: head.apply((h) => ({ ...meta(h.name, h.namespace) })),
      type: 'Opaque',
      stringData: pulumi.secret(manifest.apply((m) => m.stringData as Record<string, string>)),
    }, { parent: this });
    this.name = head.apply((h) => h.name);
    this.namespace = head.apply((h) => h.namespace);
    this.registerOutputs({ name: this.name, namespace: this.namespace });
  }
}
