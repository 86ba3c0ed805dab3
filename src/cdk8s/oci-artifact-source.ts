import { Construct, IConstruct } from 'constructs';
import { lazyApiObject } from './api-objects';
import { attachAppResolution, RegistryCheckResult } from './app-resolution';
import { defaultName, defaultNamespace } from './defaults';
import { IRegistrySecret, secretRefsOf } from './private-registry-secret';
import { checkRegistryAccessComponents } from './prop-shapes';
import { registryAccessFor } from './registry-access';
import { ISecretReference } from './secret-reference';
import { FluxOci } from './settings';
import { artifactChartRequest } from '../check/artifact-request';
import type { ContentOutcome } from '../check/content-fetch';
import { describeFailure } from '../check/errors';
import { ResolutionOutcome } from '../check/outcome';
import { ChartRequest } from '../check/request';
import { IssueList } from '../foundation/issues';
import {
  artifactSourceSpecOf, ExistingOciRepositoryFields, OciArtifactSourceOptions, OciArtifactSourceSpec, validateArtifactSource,
} from '../model/artifact-source';
import { artifactSourceHead, buildArtifactRepository } from '../model/builders/artifact-repository';
import { checkDnsLabel, checkDnsSubdomain } from '../model/field-checks';
import { KubeManifest } from '../model/kube-object';
import { KustomizationSourceRef } from '../model/kustomization';
import { ResolvedChart } from '../model/resolution';
import { requireProps } from '../model/shapes';

/** An OCIRepository holding plain manifests, as Kustomizations see it. */
export interface IOciArtifactSource extends IConstruct {
  /** Name of the OCIRepository. */
  readonly name: string;
  /** Namespace of the OCIRepository. */
  readonly namespace?: string;
  /**
   * The reference a Kustomization writes as its `sourceRef`.
   * @internal
   */
  _sourceRef(): KustomizationSourceRef;
}

/** Props of an {@link OciArtifactSource} (see `OciArtifactSourceOptions`). */
export interface OciArtifactSourceProps extends OciArtifactSourceOptions<IRegistrySecret, ISecretReference> {}

/** Options for `OciArtifactSource.fromOCIRepositoryName` (see `ExistingOciRepositoryFields`). */
export interface ExistingOciRepositoryOptions extends ExistingOciRepositoryFields {}

/**
 * An OCI artifact of plain Kubernetes manifests (`flux push artifact`), as
 * a `source.toolkit.fluxcd.io` OCIRepository that extracts Flux's content
 * layer. A FluxKustomization applies it.
 *
 * At synth the registry is asked for what Flux will pull (the digest, else
 * the highest `semver` match, else the tag, `latest` by default), so a
 * typo'd tag or path fails the synth instead of the reconcile.
 */
export class OciArtifactSource extends Construct implements IOciArtifactSource {
  /** An OCIRepository that already exists in the cluster; nothing is written for it. */
  public static fromOCIRepositoryName(scope: Construct, id: string, name: string, options: ExistingOciRepositoryOptions = {}): IOciArtifactSource {
    requireProps(`${scope.node.path}/${id}`, options, '{ namespace }');
    return new ImportedOciArtifactSource(scope, id, name, options.namespace);
  }

  public readonly name: string;
  public readonly namespace?: string;
  /** Repository of the artifact, `oci://host[:port]/path`. */
  public readonly url: string;
  /** The pull Secret, if any. */
  public readonly secret?: IRegistrySecret;
  private readonly props: OciArtifactSourceProps;
  private readonly spec: OciArtifactSourceSpec;
  private readonly check = new RegistryCheckResult();
  /** Whether a FluxKustomization reads this artifact, so the check fetches its content layer. */
  private contentWanted = false;

  constructor(scope: Construct, id: string, props: OciArtifactSourceProps) {
    super(scope, id);
    requireProps(this.node.path, props, '{ url }');
    const components = new IssueList(this.node.path);
    if (!checkRegistryAccessComponents(components, props)) components.throwIfAny();
    const target = FluxOci._targetOf(this);
    this.url = typeof props.url === 'string' ? props.url.replace(/\/+$/, '') : props.url;
    this.name = defaultName(this, props.name);
    this.namespace = defaultNamespace(this, props.namespace);
    this.secret = props.secret;
    this.props = props;
    const spec = artifactSourceSpecOf(props, { url: this.url, name: this.name, namespace: this.namespace, ...secretRefsOf(props) });
    this.spec = spec;

    const issues = new IssueList(this.node.path);
    validateArtifactSource(spec, target, issues);
    issues.throwIfAny();

    let built: KubeManifest | undefined;
    this.node.defaultChild = lazyApiObject(this, this, 'Resource', artifactSourceHead(spec, target), () => built ??= buildArtifactRepository(spec, target));
    attachAppResolution(this);
    this.node.addValidation({ validate: () => (this.check.failure ? [describeFailure(this.check.failure)] : []) });
  }

  /** What the registry check found: the tag or version Flux will pull and its digest; `undefined` before synth or with checks off. */
  public get resolvedArtifact(): ResolvedChart | undefined {
    return this.check.resolved;
  }

  /** The lookup Flux's ref precedence implies: digest, then semver, then tag. @internal */
  public _chartRequest(): ChartRequest {
    return artifactChartRequest(this.node.path, this.spec, registryAccessFor(this.url, this.props), FluxOci._targetOf(this));
  }

  /** @internal */
  public get _checked(): boolean {
    return this.check.checked;
  }

  /** @internal */
  public _needsContent(): boolean {
    return this.contentWanted;
  }

  /** @internal */
  public _setOutcome(outcome: ResolutionOutcome | undefined, content?: ContentOutcome): void {
    this.check.set(outcome, content);
  }

  /**
   * Asks the registry check for the artifact's content layer (a
   * FluxKustomization checks its `path` in it).
   * @internal
   */
  public _wantContent(): void {
    this.contentWanted = true;
  }

  /** The content layer the check fetched; undefined before synth, with checks off, or when the lookup failed. @internal */
  public get _content(): ContentOutcome | undefined {
    return this.check.resolved ? this.check.content : undefined;
  }

  /** The OCIRepository's `spec.ignore`, by which source-controller leaves files of the artifact out. @internal */
  public get _ignore(): string | undefined {
    return this.spec.ignore;
  }

  /** @internal */
  public _sourceRef(): KustomizationSourceRef {
    return { kind: 'OCIRepository', name: this.name, namespace: this.namespace };
  }
}

class ImportedOciArtifactSource extends Construct implements IOciArtifactSource {
  public readonly namespace?: string;

  constructor(scope: Construct, id: string, public readonly name: string, namespace: string | undefined) {
    super(scope, id);
    this.namespace = defaultNamespace(this, namespace);
    const issues = new IssueList(this.node.path);
    checkDnsSubdomain(issues, 'name', name);
    checkDnsLabel(issues, 'namespace', this.namespace);
    issues.throwIfAny();
  }

  public _sourceRef(): KustomizationSourceRef {
    return { kind: 'OCIRepository', name: this.name, namespace: this.namespace };
  }
}
