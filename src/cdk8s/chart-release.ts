import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { lazyApiObject } from './api-objects';
import { attachAppResolution, RegistryCheckResult } from './app-resolution';
import { CheckedApiObject, currentEpoch } from './checked-api-object';
import { defaultName, defaultNamespace } from './defaults';
import { IOciHelmSource } from './oci-helm-source';
import { checkDependencies, HELM_SOURCE, RELEASE_DEPENDENCY } from './prop-shapes';
import { FluxOci } from './settings';
import { valuesSourcesIn } from './values-sources';
import { ContentOutcome } from '../check/content-fetch';
import { describeFailure } from '../check/errors';
import { ResolutionFailure, ResolutionOutcome } from '../check/outcome';
import { releaseChartRequest } from '../check/release-request';
import { ChartRequest } from '../check/request';
import type { ReleaseValues, ValuesFinding } from '../check/values-stage';
import { FluxOciError } from '../foundation/errors';
import { IssueList } from '../foundation/issues';
import { warn } from '../foundation/warnings';
import { releaseObjectHead, ReleaseObjectRole } from '../model/builders/heads';
import { buildReleaseObject, releaseObjectRoles } from '../model/builders/objects';
import { dependencyRefOf, FluxDependency } from '../model/dependencies';
import { checkDnsLabel, checkDnsSubdomain } from '../model/field-checks';
import { substitutionDisabled } from '../model/flux-variables';
import { KubeManifest } from '../model/kube-object';
import { ChartReleaseOptions, ChartReleaseSpec, releaseSpecOf, releaseStrategy, validateRelease } from '../model/release';
import { CDK8S_ORDERING, checkRenamedDependsOn } from '../model/renamed-options';
import { ResolvedChart } from '../model/resolution';
import { checkShape, requireProps } from '../model/shapes';
import { Target } from '../model/target';

/** A HelmRelease other releases can depend on. */
export interface IChartRelease extends IConstruct {
  /** Name of the HelmRelease object. */
  readonly name: string;
  /** Namespace of the HelmRelease object. */
  readonly namespace?: string;
}

/**
 * Props of a {@link ChartRelease}: the release options both front ends share (see `ChartReleaseOptions`).
 * @typeParam TValues the chart's values type, e.g. the interface `flux-oci import` wrote
 */
export interface ChartReleaseProps<TValues extends object = Record<string, unknown>>
  extends ChartReleaseOptions<IOciHelmSource, IChartRelease, TValues> {}

/**
 * A Helm chart from an OCI source, installed by Flux: a HelmRelease, plus
 * its OCIRepository with the OCIRepository strategy. The registry check at
 * synth time fills in what `pin` asks for, and checks the values against
 * the chart it resolved.
 *
 * @typeParam TValues the chart's values type: `new ChartRelease<PodinfoValues>(…)`
 * with an interface from `flux-oci import`, or inferred from `valuesType`
 */
export class ChartRelease<TValues extends object = Record<string, unknown>> extends Construct implements IChartRelease {
  /** A HelmRelease that exists in the cluster, for `fluxDependsOn`. */
  public static fromHelmReleaseName(scope: Construct, id: string, name: string, namespace?: string): IChartRelease {
    return new ImportedChartRelease(scope, id, name, namespace);
  }

  public readonly name: string;
  public readonly namespace?: string;
  /** Where the chart lives. */
  public readonly source: IOciHelmSource;
  private readonly target: Target;
  private readonly props: ChartReleaseProps<TValues>;
  private readonly extraFluxDependsOn: FluxDependency<IChartRelease>[] = [];
  private readonly check = new RegistryCheckResult();
  /** The objects the release writes; their CRD checks run in its validation (`checkedByOwner`). */
  private readonly objects: CheckedApiObject[] = [];
  private valuesFindings?: { readonly content: ContentOutcome; readonly findings: readonly ValuesFinding[] };
  /** `_spec()` until `addFluxDependsOn` changes it (props are readonly; settings are fixed once children exist). */
  private specMemo?: ChartReleaseSpec;
  /**
   * The last validation: the release's errors with the spec and check
   * result they were found for, and with its objects' errors, the synth
   * (`epoch`) and the objects' change count they were found in.
   */
  private validated?: {
    readonly spec: ChartReleaseSpec;
    readonly failure?: ResolutionFailure;
    readonly resolved?: ResolvedChart;
    readonly content?: ContentOutcome;
    readonly errors: string[];
    readonly epoch: number;
    readonly revisions: number;
    readonly all: string[];
  };
  /** The objects built from one spec and resolution: validation, the CRD check and the written file share one build. */
  private builtMemo?: {
    readonly spec: ChartReleaseSpec;
    readonly resolved?: ResolvedChart;
    readonly objects: Partial<Record<ReleaseObjectRole, KubeManifest>>;
  };

  constructor(scope: Construct, id: string, props: ChartReleaseProps<TValues>) {
    super(scope, id);
    requireProps(this.node.path, props, '{ source, chart }');
    this.props = props;
    this.source = props.source;
    this.target = FluxOci._targetOf(this);
    this.name = defaultName(this, props.name);
    this.namespace = defaultNamespace(this, props.namespace);

    const issues = new IssueList(this.node.path);
    checkShape(issues, 'source', props.source, HELM_SOURCE);
    if (props.fluxDependsOn !== undefined) checkDependencies(issues, props.fluxDependsOn, RELEASE_DEPENDENCY);
    checkRenamedDependsOn(issues, props, CDK8S_ORDERING);
    issues.throwIfAny();
    const spec = this._spec();
    validateRelease(spec, this.target, issues);
    issues.throwIfAny();

    const strategy = releaseStrategy(spec);
    props.source._useStrategy(strategy);
    for (const role of releaseObjectRoles(strategy, this.target)) {
      const obj = lazyApiObject(this, this, role === 'HelmRelease' ? 'Resource' : role, releaseObjectHead(role, spec, this.target),
        () => this.built(role), { checkedByOwner: true });
      this.objects.push(obj);
      if (role === 'HelmRelease') this.node.defaultChild = obj;
    }
    // The registry check runs once per app, for every release together,
    // before any release validates (the app's own validation runs first).
    attachAppResolution(this);
    // Builders must not fail while files are being written: build once at
    // validation, when cdk8s collects every error before writing any file.
    // One validation for the release and its objects' CRD checks: cdk8s
    // calls every validation of the app once per chart file it writes.
    this.node.addValidation({ validate: () => this.validateRelease() });
  }

  /** Adds HelmReleases Flux waits for before installing or upgrading this one (`fluxDependsOn`), each a release or `{ dependency, readyExpr }`. */
  public addFluxDependsOn(...releases: FluxDependency<IChartRelease>[]): void {
    const issues = new IssueList(this.node.path);
    checkDependencies(issues, releases, RELEASE_DEPENDENCY, (this.props.fluxDependsOn?.length ?? 0) + this.extraFluxDependsOn.length);
    issues.throwIfAny();
    this.extraFluxDependsOn.push(...releases);
    this.specMemo = undefined;
  }

  /** The release as the core model sees it. @internal */
  public _spec(): ChartReleaseSpec {
    if (this.specMemo) return this.specMemo;
    const fluxDependsOn = [...(this.props.fluxDependsOn ?? []), ...this.extraFluxDependsOn]
      .map((d) => dependencyRefOf(d, (r) => ({ name: r.name, namespace: r.namespace })));
    this.specMemo = releaseSpecOf(this.props, {
      name: this.name,
      namespace: this.namespace,
      source: this.props.source._spec(),
      pin: this.props.pin ?? FluxOci.settingsOf(this).pin,
      fluxDependsOn,
    });
    return this.specMemo;
  }

  /** The registry check this release needs. @internal */
  public _chartRequest(): ChartRequest {
    return releaseChartRequest(this.node.path, this._spec(), this.source._registryAccess(), this.target);
  }

  /** Whether the registry check has run (or was skipped) for this release. @internal */
  public get _checked(): boolean {
    return this.check.checked;
  }

  /** The values are checked against the chart, so the check fetches it. @internal */
  public _needsContent(): boolean {
    return this.target.kind === 'flux';
  }

  /** What the registry check found; `undefined` when checks are off. @internal */
  public _setOutcome(outcome: ResolutionOutcome | undefined, content?: ContentOutcome): void {
    this.check.set(outcome, content);
  }

  /** The release's values as the values check reads them: the app's ConfigMaps and Secrets filled in. @internal */
  public _releaseValues(): ReleaseValues {
    const spec = this._spec();
    return valuesStage().releaseValuesOf(spec, {
      valuesFrom: valuesSourcesIn(this, spec.namespace, spec.valuesFrom),
      appStrictValues: FluxOci.settingsOf(this).strictValues,
      fluxVersion: this.target.fluxVersion,
      // The synthesized files reach the cluster through a Flux Kustomization, which may substitute ${var} first,
      // unless the HelmRelease opts out (a label or annotation added to it, or the chart's labels).
      fluxVariables: !substitutionDisabled({ metadata: ApiObject.of(this).metadata.toJson() }),
    });
  }

  /** The version the registry check found, if it ran. */
  public get resolvedVersion(): ResolvedChart | undefined {
    return this.check.resolved;
  }

  /**
   * The release's errors, found once per spec and check result, then its
   * objects' CRD checks (each error names its object). cdk8s validates the
   * whole app again before writing each chart file, all in one synchronous
   * synth: a pass in the same synth with the same spec, check result and
   * objects (no JSON patch or metadata change since) finds what the last
   * one found, and answers without asking the objects.
   */
  private validateRelease(): string[] {
    const spec = this._spec();
    const { failure, resolved, content } = this.check;
    const epoch = currentEpoch();
    let revisions = 0;
    for (const obj of this.objects) revisions += obj._revision;
    const last = this.validated;
    const sameRelease = last !== undefined
      && last.spec === spec && last.failure === failure && last.resolved === resolved && last.content === content;
    if (sameRelease && last.epoch === epoch && last.revisions === revisions) return last.all;
    const errors = sameRelease ? last.errors : failure ? [describeFailure(failure)] : [...this.dryRun(), ...this.valuesErrors()];
    let all = errors;
    for (const obj of this.objects) {
      const found = obj.validate();
      if (found.length) all = [...all, ...found];
    }
    this.validated = { spec, failure, resolved, content, errors, epoch, revisions, all };
    // cdk8s copies what a validation returns (constructs' flatMap), so the kept lists are never changed.
    return all;
  }

  /**
   * Values problems: errors fail the synth with the others of the app;
   * warnings are printed, once per check (cdk8s may validate more than once).
   */
  private valuesErrors(): string[] {
    const { resolved, content } = this.check;
    if (!resolved || !content) return [];
    if (this.valuesFindings?.content !== content) {
      const request = this._chartRequest();
      const limits = FluxOci.settingsOf(this).resolve?.contentLimits;
      const findings = valuesStage().checkReleaseValues(this._releaseValues(), request.reference, resolved, content, limits);
      for (const f of findings) if (f.severity === 'warning') warn('FLUX_OCI_VALUES', `[${this.node.path}] ${f.message}`);
      this.valuesFindings = { content, findings };
    }
    return this.valuesFindings.findings.filter((f) => f.severity === 'error').map((f) => f.message);
  }

  /**
   * The object of `role`, built once per spec and resolution: cdk8s
   * validates the app once per chart file it writes, and the object is
   * also serialized for the CRD check and for the file.
   */
  private built(role: ReleaseObjectRole): KubeManifest {
    const spec = this._spec();
    const resolved = this.check.resolved;
    // A plain object rather than a Map for the two roles: it lives as long as the app.
    if (this.builtMemo?.spec !== spec || this.builtMemo.resolved !== resolved) this.builtMemo = { spec, resolved, objects: {} };
    return this.builtMemo.objects[role] ??= buildReleaseObject(role, spec, this.target, resolved);
  }

  private dryRun(): string[] {
    const spec = this._spec();
    const errors: string[] = [];
    for (const role of releaseObjectRoles(releaseStrategy(spec), this.target)) {
      try {
        this.built(role);
      } catch (e) {
        if (!(e instanceof FluxOciError)) throw e;
        errors.push(e.message);
      }
    }
    return errors;
  }
}

/**
 * The values check, loaded when a release first has a chart to check its
 * values against: it brings ajv and the chart archive readers, which a
 * synth without registry lookups never uses.
 */
function valuesStage(): typeof import('../check/values-stage') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  return require('../check/values-stage') as typeof import('../check/values-stage');
}

class ImportedChartRelease extends Construct implements IChartRelease {
  constructor(scope: Construct, id: string, public readonly name: string, public readonly namespace?: string) {
    super(scope, id);
    const issues = new IssueList(this.node.path);
    checkDnsSubdomain(issues, 'name', name);
    checkDnsLabel(issues, 'namespace', namespace);
    issues.throwIfAny();
  }
}
