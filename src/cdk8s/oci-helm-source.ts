import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { lazyApiObject } from './api-objects';
import { defaultName, defaultNamespace } from './defaults';
import { IRegistrySecret } from './private-registry-secret';
import { registryAccessFor } from './registry-access';
import { ISecretReference } from './secret-reference';
import { FluxOci } from './settings';
import { RegistryAccess } from '../check/request';
import { IssueList } from '../foundation/issues';
import { sourceObjectHead } from '../model/builders/heads';
import { buildSourceObject, sourceNeedsRepositoryObject } from '../model/builders/objects';
import { ChartVerification } from '../model/chart-verification';
import { registryHostOf } from '../model/registry-host';
import { OciSourceSpec, RegistryProvider, SourceStrategy, validateSource } from '../model/source';

/** A registry location holding charts, as ChartReleases see it. */
export interface IOciHelmSource extends IConstruct {
  /** `oci://host[:port]/path`. */
  readonly url: string;
  /** Name of the HelmRepository (HelmRepository strategy). */
  readonly name: string;
  /** Namespace of the source objects and their Secrets. */
  readonly namespace?: string;
  /** The pull Secret, if any. */
  readonly secret?: IRegistrySecret;
  /** @internal */
  _spec(): OciSourceSpec;
  /**
   * Called by each ChartRelease, so the source writes a HelmRepository only when a release needs one.
   * @internal
   */
  _useStrategy(strategy: SourceStrategy): void;
  /**
   * How synth-time checks reach the registry: credentials of the source's
   * Secret (when given to the construct), `insecure`, the CA of `certSecret`.
   * @internal
   */
  _registryAccess(): RegistryAccess;
}

export interface OciHelmSourceProps {
  /** Registry location of the charts, `oci://host[:port]/path` without chart name, tag or digest. */
  readonly url: string;
  /**
   * Name of the HelmRepository object, when one is written.
   * @default - the construct id as a DNS-1123 label
   */
  readonly name?: string;
  /**
   * Namespace of the source objects; the Secrets they use must be there too.
   * @default - the Chart's namespace
   */
  readonly namespace?: string;
  /**
   * How releases from this source reach their chart: Flux's recommended
   * OCIRepository + `chartRef`, or HelmRepository `type: oci` + `chart.spec`.
   * @default 'OCIRepository'
   */
  readonly strategy?: SourceStrategy;
  /**
   * Pull credentials.
   * @default - anonymous, or `provider`
   */
  readonly secret?: IRegistrySecret;
  /**
   * Log in with the cloud identity of the source-controller instead of a Secret.
   * @default 'generic' (no cloud login)
   */
  readonly provider?: RegistryProvider;
  /**
   * TLS CA and client certificate for the registry.
   * @default - system roots, no client certificate
   */
  readonly certSecret?: ISecretReference;
  /**
   * Proxy for reaching the registry (OCIRepository strategy, Flux 2.4+).
   * @default - no proxy
   */
  readonly proxySecret?: ISecretReference;
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
  readonly serviceAccountName?: string;
  /**
   * Verify chart signatures before use.
   * @default - no verification
   */
  readonly verify?: ChartVerification;
}

/** Options for `OciHelmSource.fromHelmRepositoryName`. */
export interface ExistingHelmRepositoryOptions {
  /** The repository's `oci://` URL (releases need it to check charts and for OCIRepository URLs). */
  readonly url: string;
  /**
   * Namespace of the HelmRepository.
   * @default - the Chart's namespace
   */
  readonly namespace?: string;
  /**
   * The pull Secret the repository uses (for OCIRepository-strategy releases and synth-time checks).
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
}

/**
 * A registry location holding charts (`oci://host/path`) and how Flux
 * reaches it. Writes a HelmRepository `type: oci` when a release uses the
 * HelmRepository strategy; OCIRepository-strategy releases carry their
 * own OCIRepository built from these settings.
 */
export class OciHelmSource extends Construct implements IOciHelmSource {
  /** A HelmRepository that already exists in the cluster; nothing is written for it. */
  public static fromHelmRepositoryName(scope: Construct, id: string, name: string, options: ExistingHelmRepositoryOptions): IOciHelmSource {
    return new OciHelmSource(scope, id, { ...options, name, strategy: options.strategy ?? 'HelmRepository' }, true);
  }

  public readonly url: string;
  public readonly name: string;
  public readonly namespace?: string;
  public readonly secret?: IRegistrySecret;
  private readonly spec: OciSourceSpec;
  private readonly certSecret?: ISecretReference;
  private repository?: ApiObject;

  constructor(scope: Construct, id: string, props: OciHelmSourceProps);
  /** @internal */
  constructor(scope: Construct, id: string, props: OciHelmSourceProps, imported: boolean);
  constructor(scope: Construct, id: string, props: OciHelmSourceProps, imported = false) {
    super(scope, id);
    const issues = new IssueList(this.node.path);
    const target = FluxOci._targetOf(this);
    this.url = typeof props.url === 'string' ? props.url.replace(/\/+$/, '') : props.url;
    this.name = defaultName(this, props.name);
    this.namespace = defaultNamespace(this, props.namespace);
    this.secret = props.secret;
    this.certSecret = props.certSecret;
    this.spec = {
      url: this.url,
      name: this.name,
      namespace: this.namespace,
      strategy: props.strategy,
      secret: props.secret && {
        name: props.secret.name,
        namespace: props.secret.namespace,
        format: props.secret.format,
        registry: props.secret.registry,
      },
      provider: props.provider,
      certSecretRef: props.certSecret && { name: props.certSecret.name, namespace: props.certSecret.namespace },
      proxySecretRef: props.proxySecret && { name: props.proxySecret.name, namespace: props.proxySecret.namespace },
      insecure: props.insecure,
      interval: props.interval,
      timeout: props.timeout,
      suspend: props.suspend,
      serviceAccountName: props.serviceAccountName,
      verify: props.verify?._toSpec(),
      imported,
    };
    validateSource(this.spec, target, issues);
    const urlHost = issues.empty ? registryHostOf(this.url, issues, 'url') : undefined;
    if (urlHost && props.secret?.registry && props.secret.registry !== urlHost) {
      issues.add('secret', `Secret '${props.secret.name}' holds credentials for '${props.secret.registry}' but the URL's host is '${urlHost}'; Flux looks up auths['${urlHost}'], so create the PrivateRegistrySecret with registry '${urlHost}'`);
    }
    issues.throwIfAny();
  }

  /** @internal */
  public _spec(): OciSourceSpec {
    return this.spec;
  }

  /** @internal */
  public _registryAccess(): RegistryAccess {
    return registryAccessFor(this.url, { secret: this.secret, insecure: this.spec.insecure, certSecret: this.certSecret });
  }

  /** @internal */
  public _useStrategy(strategy: SourceStrategy): void {
    const target = FluxOci._targetOf(this);
    if (this.repository || this.spec.imported || !sourceNeedsRepositoryObject(target, [strategy])) return;
    this.repository = lazyApiObject(this, this, 'Resource', sourceObjectHead(this.spec, target), () => buildSourceObject(this.spec, target));
    this.node.defaultChild = this.repository;
  }
}
