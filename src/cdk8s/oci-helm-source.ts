import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { lazyApiObject } from './api-objects';
import { defaultName, defaultNamespace } from './defaults';
import { IRegistrySecret, secretRefsOf } from './private-registry-secret';
import { checkRegistryAccessComponents } from './prop-shapes';
import { registryAccessFor } from './registry-access';
import { ISecretReference } from './secret-reference';
import { FluxOci } from './settings';
import { RegistryAccess } from '../check/request';
import { IssueList } from '../foundation/issues';
import { sourceObjectHead } from '../model/builders/heads';
import { buildSourceObject, sourceNeedsRepositoryObject } from '../model/builders/objects';
import { KubeManifest } from '../model/kube-object';
import { requireProps } from '../model/shapes';
import { OciSourceSpec, SourceStrategy, validateSource } from '../model/source';
import { ExistingHelmRepositoryFields, OciHelmSourceOptions, sourceSpecOf } from '../model/source-options';

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
   * How synth-time checks reach the registry: the credentials Flux will
   * have (see `sourceRegistryAccess`), `insecure`, the CA of `certSecret`.
   * @internal
   */
  _registryAccess(): RegistryAccess;
}

/** Props of an {@link OciHelmSource}: the source options both front ends share (see `OciHelmSourceOptions`). */
export interface OciHelmSourceProps extends OciHelmSourceOptions<IRegistrySecret, ISecretReference> {}

/** Options for `OciHelmSource.fromHelmRepositoryName`. */
export interface ExistingHelmRepositoryOptions extends ExistingHelmRepositoryFields<IRegistrySecret> {}

/**
 * A registry location holding charts (`oci://host/path`) and how Flux
 * reaches it. Writes a HelmRepository `type: oci` when a release uses the
 * HelmRepository strategy; OCIRepository-strategy releases carry their
 * own OCIRepository built from these settings.
 */
export class OciHelmSource extends Construct implements IOciHelmSource {
  /** A HelmRepository that already exists in the cluster; nothing is written for it. */
  public static fromHelmRepositoryName(scope: Construct, id: string, name: string, options: ExistingHelmRepositoryOptions): IOciHelmSource {
    requireProps(`${scope.node.path}/${id}`, options, '{ url }');
    return new OciHelmSource(scope, id, { ...options, name, strategy: options.strategy ?? 'HelmRepository' }, true);
  }

  public readonly url: string;
  public readonly name: string;
  public readonly namespace?: string;
  public readonly secret?: IRegistrySecret;
  private readonly spec: OciSourceSpec;
  private readonly certSecret?: ISecretReference;
  private repository?: ApiObject;
  /** Holds the credentials the check uses: a #private field, so inspecting the construct does not show them. */
  #access?: RegistryAccess;

  constructor(scope: Construct, id: string, props: OciHelmSourceProps);
  /** @internal */
  constructor(scope: Construct, id: string, props: OciHelmSourceProps, imported: boolean);
  constructor(scope: Construct, id: string, props: OciHelmSourceProps, imported = false) {
    super(scope, id);
    requireProps(this.node.path, props, '{ url }');
    const issues = new IssueList(this.node.path);
    if (!checkRegistryAccessComponents(issues, props)) issues.throwIfAny();
    const target = FluxOci._targetOf(this);
    this.url = typeof props.url === 'string' ? props.url.replace(/\/+$/, '') : props.url;
    this.name = defaultName(this, props.name);
    this.namespace = defaultNamespace(this, props.namespace);
    this.secret = props.secret;
    this.certSecret = props.certSecret;
    this.spec = sourceSpecOf(props, { url: this.url, name: this.name, namespace: this.namespace, ...secretRefsOf(props) }, imported);
    validateSource(this.spec, target, issues);
    issues.throwIfAny();
  }

  /** @internal */
  public _spec(): OciSourceSpec {
    return this.spec;
  }

  /** @internal Worked out once: every input is fixed at construction, and each release asks at every synth. */
  public _registryAccess(): RegistryAccess {
    if (!this.#access) {
      const { insecure, provider, serviceAccountName, checkWith } = this.spec;
      const { secret, certSecret } = this;
      this.#access = registryAccessFor(this.url, { secret, certSecret, insecure, provider, serviceAccountName, checkWith });
    }
    return this.#access;
  }

  /** @internal */
  public _useStrategy(strategy: SourceStrategy): void {
    const target = FluxOci._targetOf(this);
    if (this.repository || this.spec.imported || !sourceNeedsRepositoryObject(target, [strategy])) return;
    let built: KubeManifest | undefined;
    this.repository = lazyApiObject(this, this, 'Resource', sourceObjectHead(this.spec, target), () => built ??= buildSourceObject(this.spec, target));
    this.node.defaultChild = this.repository;
  }
}
