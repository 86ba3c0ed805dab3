import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { InputsOf, outputOf, throwIfAny, whenKnown } from './inputs';
import { ExistingSecretOptions, SecretReference, TlsSecretReference } from './secret-reference';
import { IssueList } from '../foundation/issues';
import { buildTlsSecret } from '../model/builders/secrets';
import { checkPemCertificate, RegistryTlsSecretOptions, RegistryTlsSecretSpec, validateTlsSecret } from '../model/connection-secrets';
import { checkDnsLabel, checkDnsSubdomain } from '../model/field-checks';
import { meta } from '../model/kube-object';
import { toDnsLabel } from '../model/names';

/**
 * Args of a {@link RegistryTlsSecret}: the TLS options both front ends
 * share (`RegistryTlsSecretOptions`), each an `Input`. Pass `clientKey` as
 * a secret, e.g. `config.requireSecret('registryClientKey')`.
 */
export interface RegistryTlsSecretArgs extends InputsOf<RegistryTlsSecretOptions> {}

/** Options for `RegistryTlsSecret.fromSecretName`, a TLS Secret that already exists. */
export interface ExistingTlsSecretOptions extends ExistingSecretOptions {
  /**
   * The PEM CA bundle the Secret holds as `ca.crt`, for the registry check
   * only (it cannot read the Secret from the cluster); nothing is written.
   * @default - the check trusts the system roots only
   */
  readonly caCert?: pulumi.Input<string>;
}

/** Pulumi type token of RegistryTlsSecret; part of stack state, never renamed. */
export const REGISTRY_TLS_SECRET_TYPE = 'flux-oci:index:RegistryTlsSecret';

/**
 * TLS settings for a registry, as a source's `certSecret`: a Secret with
 * `ca.crt`, and `tls.crt` + `tls.key` for mutual TLS, as Flux reads them.
 * The registry check trusts its `caCert` too, so the check and Flux trust
 * the same CA. The Secret's data is a Pulumi secret (encrypted in state,
 * hidden in diffs), as for every Kubernetes Secret.
 */
export class RegistryTlsSecret extends pulumi.ComponentResource implements SecretReference {
  /**
   * A TLS Secret that exists in the cluster (or is created elsewhere in the
   * program); nothing is created. Sources using it write its
   * `certSecretRef`; give `caCert` so the registry check trusts the same CA.
   */
  public static fromSecretName(name: pulumi.Input<string>, options: ExistingTlsSecretOptions = {}): SecretReference {
    return new ExistingTlsSecret(name, options);
  }

  /** Name of the Secret. */
  public readonly name: pulumi.Output<string>;
  /** Namespace of the Secret; undefined when the provider's namespace applies. */
  public readonly namespace: pulumi.Output<string | undefined>;
  /** The Secret. */
  public readonly secret: k8s.core.v1.Secret;
  private readonly caCert: pulumi.Input<string | undefined>;

  constructor(name: string, args: RegistryTlsSecretArgs, opts?: pulumi.ComponentResourceOptions) {
    super(REGISTRY_TLS_SECRET_TYPE, name, {}, opts);
    // Names only: a secret key must not make the Secret's name a secret too.
    const head = outputOf({ name: args.name ?? toDnsLabel(name), namespace: args.namespace }) as pulumi.Output<{ name: string; namespace?: string }>;
    const manifest = outputOf(whenKnown({ ...args, name: args.name ?? toDnsLabel(name) }, (g: RegistryTlsSecretSpec) => {
      const issues = new IssueList(name);
      validateTlsSecret(g, issues);
      throwIfAny(issues);
      return buildTlsSecret({ name: g.name, namespace: g.namespace }, g);
    }, this));
    this.secret = new k8s.core.v1.Secret(name, {
      metadata: head.apply((h) => ({ ...meta(h.name, h.namespace) })),
      // The type says only whether a client pair is there.
      type: pulumi.unsecret(manifest.apply((m) => m.type as string)),
      stringData: pulumi.secret(manifest.apply((m) => m.stringData as Record<string, string>)),
    }, { parent: this });
    this.caCert = args.caCert;
    this.name = head.apply((h) => h.name);
    this.namespace = head.apply((h) => h.namespace);
    this.registerOutputs({ name: this.name, namespace: this.namespace });
  }

  /** @internal */
  public _caCert(): pulumi.Input<string | undefined> {
    return this.caCert;
  }

  /** @internal */
  public _dependencies(): pulumi.Resource[] {
    return [this];
  }
}

class ExistingTlsSecret implements TlsSecretReference {
  public readonly name: pulumi.Input<string>;
  public readonly namespace?: pulumi.Input<string>;
  private readonly caCert?: pulumi.Input<string>;

  constructor(name: pulumi.Input<string>, options: ExistingTlsSecretOptions) {
    const path = 'RegistryTlsSecret.fromSecretName';
    const check = (field: string, value: unknown, rule: (issues: IssueList, field: string, value: unknown) => void) => whenKnown(value, (v: any) => {
      const issues = new IssueList(path);
      rule(issues, field, v);
      throwIfAny(issues);
      return v;
    });
    this.name = check('name', name, checkDnsSubdomain);
    this.namespace = options.namespace === undefined ? undefined : check('namespace', options.namespace, checkDnsLabel);
    this.caCert = options.caCert === undefined ? undefined : check('caCert', options.caCert, checkPemCertificate);
  }

  /** @internal */
  public _caCert(): pulumi.Input<string | undefined> {
    return this.caCert;
  }

  /** @internal */
  public _dependencies(): pulumi.Resource[] {
    return [];
  }
}
