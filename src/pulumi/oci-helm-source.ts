import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { outputOf, throwIfAny, whenKnown } from './inputs';
import { customResource, sourceObjectType } from './kube-objects';
import { IRegistrySecret, RegistryCredentials } from './private-registry-secret';
import { SecretReference } from './secret-reference';
import { EffectiveSettings, FluxOciSettings, effectiveSettings } from './settings';
import { IssueList } from '../foundation/issues';
import { sourceObjectHead } from '../model/builders/heads';
import { buildSourceObject, sourceNeedsRepositoryObject } from '../model/builders/objects';
import { ChartVerification } from '../model/chart-verification';
import { ObjectRef } from '../model/kube-object';
import { toDnsLabel } from '../model/names';
import { registryHostOf } from '../model/registry-host';
import { RegistrySecretRef } from '../model/secret-ref';
import { OciSourceSpec, RegistryProvider, SourceStrategy, validateSource } from '../model/source';

/** A registry location holding charts, as ChartReleases see it. */
export interface IOciHelmSource {
  /** `oci://host[:port]/path`. */
  readonly url: pulumi.Input<string>;
  /** Name of the HelmRepository (HelmRepository strategy). */
  readonly name: pulumi.Input<string>;
  /** Namespace of the source objects and their Secrets. */
  readonly namespace?: pulumi.Input<string | undefined>;
  /** @internal */
  _spec(): pulumi.Input<OciSourceSpec>;
  /** @internal */
  _settings(): EffectiveSettings;
  /**
   * The strategy given to the source (known at construction).
   * @internal
   */
  _strategy(): SourceStrategy | undefined;
  /** @internal */
  _credentials(): pulumi.Output<RegistryCredentials | undefined>;
  /**
   * Called by each ChartRelease: creates the HelmRepository when the
   * strategy needs one, and returns what the release's objects must wait for.
   * @internal
   */
  _useStrategy(strategy: SourceStrategy): pulumi.Resource[];
}

export interface OciHelmSourceArgs {
  /** Registry location of the charts, `oci://host[:port]/path` without chart name, tag or digest. */
  readonly url: pulumi.Input<string>;
  /**
   * Name of the HelmRepository object, when one is created.
   * @default - the resource name as a DNS-1123 label
   */
  readonly name?: pulumi.Input<string>;
  /**
   * Namespace of the source objects (and of the releases' OCIRepositories);
   * the Secrets they use must be there too.
   * @default - the Kubernetes provider's namespace
   */
  readonly namespace?: pulumi.Input<string>;
  /**
   * How releases from this source reach their chart: Flux's recommended
   * OCIRepository + `chartRef`, or HelmRepository `type: oci` + `chart.spec`.
   * @default 'OCIRepository'
   */
  readonly strategy?: SourceStrategy;
  /**
   * Pull credentials: a PrivateRegistrySecret, or `PrivateRegistrySecret.fromSecretName(...)`.
   * @default - anonymous, or `provider`
   */
  readonly secret?: IRegistrySecret;
  /**
   * Log in with the cloud identity of the source-controller instead of a Secret.
   * @default 'generic' (no cloud login)
   */
  readonly provider?: RegistryProvider;
  /**
   * Secret with the TLS CA and client certificate for the registry.
   * @default - system roots, no client certificate
   */
  readonly certSecret?: SecretReference;
  /**
   * Secret with proxy settings (OCIRepository strategy, Flux 2.4+).
   * @default - no proxy
   */
  readonly proxySecret?: SecretReference;
  /**
   * Plain HTTP registry.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * How often Flux checks the registry for new chart versions: each
   * release's OCIRepository interval. Written on a HelmRepository too, where
   * Flux ignores it for OCI; there a release's `chartInterval` applies.
   * @default '10m' (OCIRepository); unset (HelmRepository)
   */
  readonly interval?: string;
  /**
   * Timeout for registry operations; `ms`, `s` or `m` only.
   * @default - Flux's default, 60s
   */
  readonly timeout?: string;
  /**
   * Stop reconciling the source.
   * @default false
   */
  readonly suspend?: boolean;
  /**
   * ServiceAccount whose image pull secrets (or workload identity) the OCIRepository uses.
   * @default - none
   */
  readonly serviceAccountName?: pulumi.Input<string>;
  /**
   * Verify chart signatures before use.
   * @default - no verification
   */
  readonly verify?: ChartVerification;
  /**
   * Target controller, Flux version, default `pin` and resolver, inherited
   * by the releases from this source.
   * @default - the newest Flux, pin 'none', `defaultChartResolver`
   */
  readonly settings?: FluxOciSettings;
}

/** Options for `OciHelmSource.fromHelmRepositoryName`. */
export interface ExistingHelmRepositoryOptions {
  /** The repository's `oci://` URL (releases need it for resolution and OCIRepository URLs). */
  readonly url: pulumi.Input<string>;
  /**
   * Namespace of the HelmRepository.
   * @default - the Kubernetes provider's namespace
   */
  readonly namespace?: pulumi.Input<string>;
  /**
   * The pull Secret the repository uses (for OCIRepository-strategy releases and resolution).
   * @default - anonymous
   */
  readonly secret?: IRegistrySecret;
  /**
   * Strategy of releases using this source.
   * @default 'HelmRepository'
   */
  readonly strategy?: SourceStrategy;
  /**
   * Plain HTTP registry.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * Inherited by the releases, as with `OciHelmSourceArgs.settings`.
   * @default - the newest Flux, pin 'none', `defaultChartResolver`
   */
  readonly settings?: FluxOciSettings;
}

/** Pulumi type token of OciHelmSource; part of stack state, never renamed. */
export const OCI_HELM_SOURCE_TYPE = 'flux-oci:index:OciHelmSource';

/**
 * A registry location holding charts (`oci://host/path`) and how Flux
 * reaches it. Creates a HelmRepository `type: oci` when a release uses the
 * HelmRepository strategy; OCIRepository-strategy releases carry their
 * own OCIRepository built from these settings.
 */
export class OciHelmSource extends pulumi.ComponentResource implements IOciHelmSource {
  /** A HelmRepository that already exists in the cluster; nothing is created for it. */
  public static fromHelmRepositoryName(name: pulumi.Input<string>, options: ExistingHelmRepositoryOptions): IOciHelmSource {
    return new ExistingOciHelmSource(name, options);
  }

  public readonly url: pulumi.Output<string>;
  public readonly name: pulumi.Output<string>;
  public readonly namespace: pulumi.Output<string | undefined>;
  private readonly resourceName: string;
  private readonly spec: pulumi.Input<OciSourceSpec>;
  private readonly settings: EffectiveSettings;
  private readonly secret?: IRegistrySecret;
  private readonly strategy?: SourceStrategy;
  private repository?: k8s.apiextensions.CustomResource;

  constructor(name: string, args: OciHelmSourceArgs, opts?: pulumi.ComponentResourceOptions) {
    super(OCI_HELM_SOURCE_TYPE, name, {}, opts);
    this.resourceName = name;
    this.settings = effectiveSettings(name, args.settings);
    this.secret = args.secret;
    this.strategy = args.strategy;
    this.spec = sourceSpec(name, args, this.settings, false);
    const spec = outputOf(this.spec);
    this.url = spec.apply((s) => s.url);
    this.name = spec.apply((s) => s.name);
    this.namespace = spec.apply((s) => s.namespace);
    this.registerOutputs({ url: this.url, name: this.name, namespace: this.namespace });
  }

  /** The HelmRepository, once a HelmRepository-strategy release (or the helm-operator target) needs it. */
  public get helmRepository(): k8s.apiextensions.CustomResource | undefined {
    return this.repository;
  }

  /** @internal */
  public _spec(): pulumi.Input<OciSourceSpec> {
    return this.spec;
  }

  /** @internal */
  public _settings(): EffectiveSettings {
    return this.settings;
  }

  /** @internal */
  public _strategy(): SourceStrategy | undefined {
    return this.strategy;
  }

  /** @internal */
  public _credentials(): pulumi.Output<RegistryCredentials | undefined> {
    return this.secret?._credentials() ?? pulumi.output(undefined);
  }

  /** @internal */
  public _useStrategy(strategy: SourceStrategy): pulumi.Resource[] {
    const secretDependencies = this.secret?._dependencies() ?? [];
    const target = this.settings.target;
    if (!this.repository && sourceNeedsRepositoryObject(target, [strategy])) {
      const spec = outputOf(this.spec);
      this.repository = customResource(this.resourceName, sourceObjectType(target),
        spec.apply((s) => sourceObjectHead(s, target)), spec.apply((s) => buildSourceObject(s, target)),
        { parent: this, dependsOn: secretDependencies });
    }
    return this.repository ? [this.repository] : secretDependencies;
  }
}

class ExistingOciHelmSource implements IOciHelmSource {
  public readonly url: pulumi.Input<string>;
  public readonly namespace?: pulumi.Input<string | undefined>;
  private readonly spec: pulumi.Input<OciSourceSpec>;
  private readonly settings: EffectiveSettings;

  constructor(public readonly name: pulumi.Input<string>, private readonly options: ExistingHelmRepositoryOptions) {
    const path = 'OciHelmSource.fromHelmRepositoryName';
    this.settings = effectiveSettings(path, options.settings);
    this.spec = sourceSpec(path, { ...options, name, strategy: options.strategy ?? 'HelmRepository' }, this.settings, true);
    this.url = whenKnown(this.spec, (s: OciSourceSpec) => s.url);
    this.namespace = whenKnown(this.spec, (s: OciSourceSpec) => s.namespace);
  }

  /** @internal */
  public _spec(): pulumi.Input<OciSourceSpec> {
    return this.spec;
  }

  /** @internal */
  public _settings(): EffectiveSettings {
    return this.settings;
  }

  /** @internal */
  public _strategy(): SourceStrategy | undefined {
    return this.options.strategy ?? 'HelmRepository';
  }

  /** @internal */
  public _credentials(): pulumi.Output<RegistryCredentials | undefined> {
    return this.options.secret?._credentials() ?? pulumi.output(undefined);
  }

  /** @internal */
  public _useStrategy(): pulumi.Resource[] {
    return this.options.secret?._dependencies() ?? [];
  }
}

/** The Input-typed args once resolved. */
interface ResolvedSourceArgs {
  readonly url: string;
  readonly name: string;
  readonly namespace?: string;
  readonly secret?: RegistrySecretRef;
  readonly certSecretRef?: ObjectRef;
  readonly proxySecretRef?: ObjectRef;
  readonly serviceAccountName?: string;
}

/** The args as core's OciSourceSpec, validated now when plain, else when they resolve. */
function sourceSpec(path: string, args: OciHelmSourceArgs, settings: EffectiveSettings, imported: boolean): pulumi.Input<OciSourceSpec> {
  const given = {
    url: args.url,
    name: args.name ?? toDnsLabel(path),
    namespace: args.namespace,
    secret: args.secret?._secretRef(),
    certSecretRef: args.certSecret && { name: args.certSecret.name, namespace: args.certSecret.namespace },
    proxySecretRef: args.proxySecret && { name: args.proxySecret.name, namespace: args.proxySecret.namespace },
    serviceAccountName: args.serviceAccountName,
  };
  return whenKnown(given, (g: ResolvedSourceArgs): OciSourceSpec => {
    const spec: OciSourceSpec = {
      url: typeof g.url === 'string' ? g.url.replace(/\/+$/, '') : g.url,
      name: g.name,
      namespace: g.namespace,
      strategy: args.strategy,
      secret: g.secret,
      provider: args.provider,
      certSecretRef: g.certSecretRef,
      proxySecretRef: g.proxySecretRef,
      insecure: args.insecure,
      interval: args.interval,
      timeout: args.timeout,
      suspend: args.suspend,
      serviceAccountName: g.serviceAccountName,
      verify: args.verify?._toSpec(),
      imported,
    };
    const issues = new IssueList(path);
    validateSource(spec, settings.target, issues);
    // As the cdk8s front end does: Flux looks up auths[<URL host>].
    const urlHost = issues.empty ? registryHostOf(spec.url, issues, 'url') : undefined;
    if (urlHost && spec.secret?.registry && spec.secret.registry !== urlHost) {
      issues.add('secret', `Secret '${spec.secret.name}' holds credentials for '${spec.secret.registry}' but the URL's host is '${urlHost}'; Flux looks up auths['${urlHost}'], so create the PrivateRegistrySecret with registry '${urlHost}'`);
    }
    throwIfAny(issues);
    return spec;
  });
}
