import { Construct, IConstruct } from 'constructs';
import { lazyApiObject } from './api-objects';
import { attachAppResolution, RegistryCheckResult } from './app-resolution';
import { defaultName, defaultNamespace } from './defaults';
import { IOciHelmSource } from './oci-helm-source';
import { FluxOci } from './settings';
import { ResolutionOutcome } from '../check/outcome';
import { releaseChartRequest } from '../check/release-request';
import { ChartRequest } from '../check/request';
import { describeFailure } from '../check/resolution-error';
import { FluxOciError } from '../foundation/errors';
import { IssueList } from '../foundation/issues';
import { releaseObjectHead } from '../model/builders/heads';
import { buildReleaseObject, releaseObjectRoles } from '../model/builders/objects';
import { checkDnsLabel, checkDnsSubdomain } from '../model/field-checks';
import { ObjectRef } from '../model/kube-object';
import { ChartReleaseSpec, releaseStrategy, validateRelease } from '../model/release';
import {
  DriftDetectionOptions, InstallOptions, KubeConfigReference, PostRenderer, RollbackOptions, TestOptions,
  UninstallOptions, UpgradeOptions, ValuesReference,
} from '../model/release-options';
import { PinMode, ResolvedChart } from '../model/resolution';
import { SourceStrategy } from '../model/source';
import { Target } from '../model/target';

/** A HelmRelease other releases can depend on. */
export interface IChartRelease extends IConstruct {
  /** Name of the HelmRelease object. */
  readonly name: string;
  /** Namespace of the HelmRelease object. */
  readonly namespace?: string;
}

export interface ChartReleaseProps {
  /** Where the chart lives. */
  readonly source: IOciHelmSource;
  /** Chart name, appended to the source URL (`<url>/<chart>`). */
  readonly chart: string;
  /**
   * Exact version (`1.2.3`) or Masterminds range (`1.2.x`, `>=1.0.0 <2.0.0`, `^1.2`);
   * prereleases only when the range names one.
   * @default '*' (newest stable version)
   */
  readonly version?: string;
  /**
   * Go regexp tags must match before `version` applies (OCIRepository strategy), e.g. `.*-rc.*`.
   * @default - all tags
   */
  readonly semverFilter?: string;
  /**
   * Overrides the source's strategy for this release.
   * @default - the source's strategy
   */
  readonly strategy?: SourceStrategy;
  /**
   * What to write after the registry check: what you asked for, the resolved
   * version, or the resolved version and its digest.
   * @default - the app-wide `pin`, else 'none'
   */
  readonly pin?: PinMode;
  /**
   * Name of the HelmRelease (and of its OCIRepository).
   * @default - the construct id as a DNS-1123 label
   */
  readonly name?: string;
  /**
   * Namespace of the HelmRelease.
   * @default - the Chart's namespace
   */
  readonly namespace?: string;
  /**
   * Helm release name, at most 53 characters.
   * @default - Flux's default, `[<targetNamespace>-]<name>`
   */
  readonly releaseName?: string;
  /**
   * Namespace the chart's objects are installed into.
   * @default - the HelmRelease's namespace
   */
  readonly targetNamespace?: string;
  /**
   * Namespace of Helm's release storage.
   * @default - the HelmRelease's namespace
   */
  readonly storageNamespace?: string;
  /**
   * Create `targetNamespace` on install (same as `install.createNamespace`).
   * @default false
   */
  readonly createNamespace?: boolean;
  /**
   * Helm values; must be plain JSON data.
   * @default - the chart's defaults
   */
  readonly values?: Record<string, unknown>;
  /**
   * ConfigMaps and Secrets merged into the values, in order, before `values`.
   * @default - none
   */
  readonly valuesFrom?: ValuesReference[];
  /**
   * Releases that must be ready before this one is installed or upgraded.
   * @default - none
   */
  readonly dependsOn?: IChartRelease[];
  /** @default - Flux's install defaults */
  readonly install?: InstallOptions;
  /** @default - Flux's upgrade defaults */
  readonly upgrade?: UpgradeOptions;
  /** @default - Flux's rollback defaults */
  readonly rollback?: RollbackOptions;
  /** @default - Flux's uninstall defaults */
  readonly uninstall?: UninstallOptions;
  /** @default - no Helm tests */
  readonly test?: TestOptions;
  /** @default - drift detection disabled */
  readonly driftDetection?: DriftDetectionOptions;
  /** @default - none */
  readonly postRenderers?: PostRenderer[];
  /**
   * ServiceAccount helm-controller impersonates.
   * @default - the controller's own
   */
  readonly serviceAccountName?: string;
  /**
   * Install into a remote cluster.
   * @default - the cluster Flux runs in
   */
  readonly kubeConfig?: KubeConfigReference;
  /**
   * Timeout for Helm actions.
   * @default - Flux's default, 5m
   */
  readonly timeout?: string;
  /**
   * How often helm-controller reconciles the release.
   * @default '10m'
   */
  readonly interval?: string;
  /**
   * How often Flux looks for a new chart version: the OCIRepository's
   * interval, or `chart.spec.interval` with the HelmRepository strategy.
   * @default - the source's `interval` (OCIRepository strategy), the release's `interval` (HelmRepository strategy)
   */
  readonly chartInterval?: string;
  /**
   * Helm release revisions kept.
   * @default - Flux's default, 5
   */
  readonly maxHistory?: number;
  /**
   * Stop reconciling the release.
   * @default false
   */
  readonly suspend?: boolean;
}

/**
 * A Helm chart from an OCI source, installed by Flux: a HelmRelease, plus
 * its OCIRepository with the OCIRepository strategy. The registry check at
 * synth time fills in what `pin` asks for.
 */
export class ChartRelease extends Construct implements IChartRelease {
  /** A HelmRelease that exists in the cluster, for `dependsOn`. */
  public static fromHelmReleaseName(scope: Construct, id: string, name: string, namespace?: string): IChartRelease {
    return new ImportedChartRelease(scope, id, name, namespace);
  }

  public readonly name: string;
  public readonly namespace?: string;
  public readonly source: IOciHelmSource;
  private readonly target: Target;
  private readonly props: ChartReleaseProps;
  private readonly extraDependsOn: IChartRelease[] = [];
  private readonly check = new RegistryCheckResult();

  constructor(scope: Construct, id: string, props: ChartReleaseProps) {
    super(scope, id);
    this.props = props;
    this.source = props.source;
    this.target = FluxOci._targetOf(this);
    this.name = defaultName(this, props.name);
    this.namespace = defaultNamespace(this, props.namespace);

    const issues = new IssueList(this.node.path);
    if (!props.source || typeof props.source._spec !== 'function') {
      issues.add('source', 'expected an OciHelmSource (or OciHelmSource.fromHelmRepositoryName())');
      issues.throwIfAny();
    }
    const spec = this._spec();
    validateRelease(spec, this.target, issues);
    issues.throwIfAny();

    props.source._useStrategy(releaseStrategy(spec));
    for (const role of releaseObjectRoles(spec, this.target)) {
      const obj = lazyApiObject(this, this, role === 'HelmRelease' ? 'Resource' : role, releaseObjectHead(role, spec, this.target),
        () => buildReleaseObject(role, this._spec(), this.target, this.check.resolved));
      if (role === 'HelmRelease') this.node.defaultChild = obj;
    }
    // The registry check runs once per app, for every release together,
    // before any release validates (the app's own validation runs first).
    attachAppResolution(this);
    // Builders must not fail while files are being written: build once at
    // validation, when cdk8s collects every error before writing any file.
    this.node.addValidation({ validate: () => this.validateResolvedRelease() });
  }

  /** Adds releases that must be ready first. */
  public addDependsOn(...releases: IChartRelease[]): void {
    const issues = new IssueList(this.node.path);
    releases.forEach((r, i) => checkDependency(issues, `dependsOn[${i}]`, r));
    issues.throwIfAny();
    this.extraDependsOn.push(...releases);
  }

  /** The release as the core model sees it. @internal */
  public _spec(): ChartReleaseSpec {
    // Props and spec share their release fields; only these differ.
    const { source, dependsOn: given, namespace: _namespace, name: _name, pin, ...release } = this.props;
    const dependsOn = [...(given ?? []), ...this.extraDependsOn].map((d): ObjectRef => ({ name: d.name, namespace: d.namespace }));
    return {
      ...release,
      name: this.name,
      namespace: this.namespace,
      source: source._spec(),
      pin: pin ?? FluxOci.settingsOf(this).pin,
      dependsOn: dependsOn.length ? dependsOn : undefined,
    };
  }

  /** The registry check this release needs. @internal */
  public _chartRequest(): ChartRequest {
    return releaseChartRequest(this.node.path, this._spec(), this.source._registryAccess(), this.target);
  }

  /** Whether the registry check has run (or was skipped) for this release. @internal */
  public get _checked(): boolean {
    return this.check.checked;
  }

  /** What the registry check found; `undefined` when checks are off. @internal */
  public _setOutcome(outcome: ResolutionOutcome | undefined): void {
    this.check.set(outcome);
  }

  /** The version the registry check found, if it ran. */
  public get resolvedVersion(): ResolvedChart | undefined {
    return this.check.resolved;
  }

  private validateResolvedRelease(): string[] {
    if (this.check.failure) return [describeFailure(this.check.failure)];
    return this.dryRun();
  }

  private dryRun(): string[] {
    const spec = this._spec();
    const errors: string[] = [];
    for (const role of releaseObjectRoles(spec, this.target)) {
      try {
        buildReleaseObject(role, spec, this.target, this.check.resolved);
      } catch (e) {
        if (!(e instanceof FluxOciError)) throw e;
        errors.push(e.message);
      }
    }
    return errors;
  }
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

function checkDependency(issues: IssueList, field: string, r: IChartRelease | undefined): void {
  if (!r || typeof r.name !== 'string') issues.add(field, 'expected a ChartRelease (or ChartRelease.fromHelmReleaseName())');
}
