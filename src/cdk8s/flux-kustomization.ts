import { Construct, IConstruct } from 'constructs';
import { lazyApiObject } from './api-objects';
import { defaultName, defaultNamespace } from './defaults';
import { IOciArtifactSource, OciArtifactSource } from './oci-artifact-source';
import { ARTIFACT_SOURCE, checkDependencies, KUSTOMIZATION_DEPENDENCY } from './prop-shapes';
import { FluxOci } from './settings';
import type { ContentOutcome } from '../check/content-fetch';
import { IssueList } from '../foundation/issues';
import { warn } from '../foundation/warnings';
import { buildKustomization, kustomizationHead } from '../model/builders/kustomization';
import { dependencyRefOf, FluxDependency, isReadyExprDependency } from '../model/dependencies';
import { checkDnsLabel, checkDnsSubdomain } from '../model/field-checks';
import { KubeManifest } from '../model/kube-object';
import { KustomizationOptions, KustomizationSpec, kustomizationSpecOf, validateKustomization } from '../model/kustomization';
import { CDK8S_ORDERING, checkRenamedDependsOn } from '../model/renamed-options';
import { checkShape, requireProps } from '../model/shapes';
import { Target } from '../model/target';

/** A Kustomization other Kustomizations can depend on. */
export interface IFluxKustomization extends IConstruct {
  /** Name of the Kustomization object. */
  readonly name: string;
  /** Namespace of the Kustomization object. */
  readonly namespace?: string;
}

/** Props of a {@link FluxKustomization} (see `KustomizationOptions`). */
export interface FluxKustomizationProps extends KustomizationOptions<IOciArtifactSource, IFluxKustomization> {}

/**
 * Applies the manifests of an OCI artifact to the cluster: a
 * `kustomize.toolkit.fluxcd.io/v1` Kustomization whose `sourceRef` is an
 * OciArtifactSource, in the same namespace or another one.
 */
export class FluxKustomization extends Construct implements IFluxKustomization {
  /** A Kustomization that exists in the cluster, for `fluxDependsOn`. */
  public static fromKustomizationName(scope: Construct, id: string, name: string, namespace?: string): IFluxKustomization {
    return new ImportedFluxKustomization(scope, id, name, namespace);
  }

  public readonly name: string;
  public readonly namespace?: string;
  /** The artifact holding the manifests. */
  public readonly source: IOciArtifactSource;
  private readonly target: Target;
  private readonly props: FluxKustomizationProps;
  private readonly extraFluxDependsOn: FluxDependency<IFluxKustomization>[] = [];
  private warnedFor?: ContentOutcome;
  /** The object, built once per `fluxDependsOn` list (the rest of the spec is fixed at construction). */
  private builtMemo?: { readonly dependencies: number; readonly object: KubeManifest };

  constructor(scope: Construct, id: string, props: FluxKustomizationProps) {
    super(scope, id);
    requireProps(this.node.path, props, '{ source, prune }');
    this.props = props;
    this.source = props.source;
    this.target = FluxOci._targetOf(this);
    this.name = defaultName(this, props.name);
    this.namespace = defaultNamespace(this, props.namespace);

    const issues = new IssueList(this.node.path);
    checkShape(issues, 'source', props.source, ARTIFACT_SOURCE);
    if (props.fluxDependsOn !== undefined) checkDependencies(issues, props.fluxDependsOn, KUSTOMIZATION_DEPENDENCY);
    checkRenamedDependsOn(issues, props, CDK8S_ORDERING);
    issues.throwIfAny();
    validateKustomization(this._spec(), this.target, issues);
    issues.throwIfAny();

    this.node.defaultChild = lazyApiObject(this, this, 'Resource', kustomizationHead(this, this.target), () => this.built());
    // Only known once every addFluxDependsOn() has run.
    this.node.addValidation({ validate: () => this.dependencyCycle() });
    if (props.source instanceof OciArtifactSource) {
      const source = props.source;
      source._wantContent();
      // Runs after the app-wide registry check (a validation on the root, which cdk8s runs first).
      this.node.addValidation({ validate: () => this.pathInArtifact(source) });
    }
  }

  /** Adds Kustomizations Flux waits for before applying this one (`fluxDependsOn`), each a Kustomization or `{ dependency, readyExpr }`. */
  public addFluxDependsOn(...kustomizations: FluxDependency<IFluxKustomization>[]): void {
    const issues = new IssueList(this.node.path);
    checkDependencies(issues, kustomizations, KUSTOMIZATION_DEPENDENCY, (this.props.fluxDependsOn?.length ?? 0) + this.extraFluxDependsOn.length);
    issues.throwIfAny();
    const before = this.extraFluxDependsOn.length;
    this.extraFluxDependsOn.push(...kustomizations);
    validateKustomization(this._spec(), this.target, issues);
    if (!issues.empty) {
      this.extraFluxDependsOn.splice(before);
      issues.throwIfAny();
    }
  }

  /**
   * kustomize-controller does not detect dependency cycles: each Kustomization
   * of a cycle waits for the next forever, so report one here. An entry with
   * a readyExpr waits for what its expression says, not for the next to be
   * Ready, so it breaks a cycle (as `flux-oci check` judges them).
   */
  private dependencyCycle(): string[] {
    const seen = new Set<FluxKustomization>();
    const search = (from: FluxKustomization, trail: FluxKustomization[]): FluxKustomization[] | undefined => {
      for (const next of from.dependencies()) {
        if (isReadyExprDependency(next) || !(next instanceof FluxKustomization)) continue;
        if (next === this) return [...trail, next];
        if (seen.has(next)) continue;
        seen.add(next);
        const cycle = search(next, [...trail, next]);
        if (cycle) return cycle;
      }
      return undefined;
    };
    const cycle = search(this, [this]);
    if (!cycle) return [];
    const names = cycle.map((k) => `'${k.namespace ? `${k.namespace}/` : ''}${k.name}'`).join(' -> ');
    return [`fluxDependsOn: Kustomizations ${names} depend on each other in a cycle, so Flux would never apply them; remove one of these fluxDependsOn entries`];
  }

  /** Whether `path` holds something kustomize-controller can build, in the artifact the check fetched. */
  private pathInArtifact(source: OciArtifactSource): string[] {
    const content = source._content;
    if (!content) return [];
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the archive readers load only when there is an artifact to read
    const { checkKustomizationPath } = require('../check/artifact-path') as typeof import('../check/artifact-path');
    const limits = FluxOci.settingsOf(this).resolve?.contentLimits;
    const { path, components } = this.props;
    const finding = checkKustomizationPath(path, source.url, content, { limits, ignore: source._ignore, components });
    if (finding?.severity === 'warning' && this.warnedFor !== content) {
      // Once per check: cdk8s may validate more than once.
      this.warnedFor = content;
      warn('FLUX_OCI_ARTIFACT_PATH', `[${this.node.path}] ${finding.message}`);
    }
    return finding?.severity === 'error' ? [finding.message] : [];
  }

  private built(): KubeManifest {
    const dependencies = this.extraFluxDependsOn.length;
    if (this.builtMemo?.dependencies !== dependencies) this.builtMemo = { dependencies, object: buildKustomization(this._spec(), this.target) };
    return this.builtMemo.object;
  }

  private dependencies(): FluxDependency<IFluxKustomization>[] {
    return [...(this.props.fluxDependsOn ?? []), ...this.extraFluxDependsOn];
  }

  /** The Kustomization as the core model sees it. @internal */
  public _spec(): KustomizationSpec {
    return kustomizationSpecOf(this.props, {
      name: this.name,
      namespace: this.namespace,
      sourceRef: this.props.source._sourceRef(),
      fluxDependsOn: this.dependencies().map((d) => dependencyRefOf(d, (k) => ({ name: k.name, namespace: k.namespace }))),
    });
  }
}

class ImportedFluxKustomization extends Construct implements IFluxKustomization {
  constructor(scope: Construct, id: string, public readonly name: string, public readonly namespace?: string) {
    super(scope, id);
    const issues = new IssueList(this.node.path);
    checkDnsSubdomain(issues, 'name', name);
    checkDnsLabel(issues, 'namespace', namespace);
    issues.throwIfAny();
  }
}
