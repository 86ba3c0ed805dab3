import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { outputOf, throwIfAny, whenKnown } from './inputs';
import { customResource, effectiveStrategy, releaseObjectType, releaseRoles } from './kube-objects';
import { IOciHelmSource } from './oci-helm-source';
import { RegistryCredentials } from './private-registry-secret';
import { EffectiveSettings } from './settings';
import { IssueList } from '../foundation/issues';
import { ReleaseObjectRole, releaseObjectHead } from '../model/builders/heads';
import { buildReleaseObject } from '../model/builders/objects';
import { ObjectRef } from '../model/kube-object';
import { toDnsLabel } from '../model/names';
import { registryHostOf } from '../model/registry-host';
import { ChartReleaseSpec, validateRelease } from '../model/release';
import {
  DriftDetectionOptions, InstallOptions, KubeConfigReference, PostRenderer, RollbackOptions, TestOptions,
  UninstallOptions, UpgradeOptions, ValuesReference,
} from '../model/release-options';
import { PinMode, ResolvedChart } from '../model/resolution';
import { OciSourceSpec, SourceStrategy } from '../model/source';

/** A HelmRelease other releases can depend on: a ChartRelease, or `{ name, namespace }` of one that exists. */
export interface ChartReleaseReference {
  /** Name of the HelmRelease object. */
  readonly name: pulumi.Input<string>;
  /**
   * Namespace of the HelmRelease object.
   * @default - the depending release's namespace
   */
  readonly namespace?: pulumi.Input<string | undefined>;
}

/** `ValuesReference` whose object name may come from another resource. */
export interface ValuesReferenceArgs extends Omit<ValuesReference, 'name'> {
  /** Name of the ConfigMap or Secret, in the HelmRelease's namespace. */
  readonly name: pulumi.Input<string>;
}

/** `KubeConfigReference` whose Secret name may come from another resource. */
export interface KubeConfigReferenceArgs extends Omit<KubeConfigReference, 'secretName'> {
  /** Secret holding the kubeconfig. */
  readonly secretName: pulumi.Input<string>;
}

export interface ChartReleaseArgs {
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
   * What to write after resolution: what you asked for, the resolved
   * version, or the resolved version and its digest.
   * @default - the source's `settings.pin`, else 'none'
   */
  readonly pin?: PinMode;
  /**
   * Name of the HelmRelease (and of its OCIRepository).
   * @default - the resource name as a DNS-1123 label
   */
  readonly name?: pulumi.Input<string>;
  /**
   * Namespace of the HelmRelease.
   * @default - the source's namespace
   */
  readonly namespace?: pulumi.Input<string>;
  /**
   * Helm release name, at most 53 characters.
   * @default - Flux's default, `[<targetNamespace>-]<name>`
   */
  readonly releaseName?: pulumi.Input<string>;
  /**
   * Namespace the chart's objects are installed into.
   * @default - the HelmRelease's namespace
   */
  readonly targetNamespace?: pulumi.Input<string>;
  /**
   * Namespace of Helm's release storage.
   * @default - the HelmRelease's namespace
   */
  readonly storageNamespace?: pulumi.Input<string>;
  /**
   * Create `targetNamespace` on install (same as `install.createNamespace`).
   * @default false
   */
  readonly createNamespace?: boolean;
  /**
   * Helm values; plain JSON data, with Outputs allowed anywhere inside. A
   * secret Output inside makes the HelmRelease's spec a secret.
   * @default - the chart's defaults
   */
  readonly values?: pulumi.Input<Record<string, unknown>>;
  /**
   * ConfigMaps and Secrets merged into the values, in order, before `values`.
   * @default - none
   */
  readonly valuesFrom?: ValuesReferenceArgs[];
  /**
   * Releases that must be ready before this one is installed or upgraded.
   * @default - none
   */
  readonly dependsOn?: ChartReleaseReference[];
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
  readonly serviceAccountName?: pulumi.Input<string>;
  /**
   * Install into a remote cluster.
   * @default - the cluster Flux runs in
   */
  readonly kubeConfig?: KubeConfigReferenceArgs;
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

/** Pulumi type token of ChartRelease; part of stack state, never renamed. */
export const CHART_RELEASE_TYPE = 'flux-oci:index:ChartRelease';

/**
 * A Helm chart from an OCI source, installed by Flux: a HelmRelease, plus
 * its OCIRepository with the OCIRepository strategy. The chart is resolved
 * against the registry while Pulumi evaluates the program, so the preview
 * shows the version (and digest) `pin` writes, and a chart that does not
 * exist fails the preview.
 */
export class ChartRelease extends pulumi.ComponentResource implements ChartReleaseReference {
  /** Name of the HelmRelease. */
  public readonly name: pulumi.Output<string>;
  /** Namespace of the HelmRelease (and, by default, of the source objects). */
  public readonly namespace: pulumi.Output<string | undefined>;
  /** Name of the release's OCIRepository; undefined with the HelmRepository strategy or the helm-operator target. */
  public readonly ociRepositoryName: pulumi.Output<string | undefined>;
  /** The version resolution found; undefined without resolution. */
  public readonly resolvedVersion: pulumi.Output<string | undefined>;
  /** The manifest digest resolution found; undefined without resolution. */
  public readonly resolvedDigest: pulumi.Output<string | undefined>;
  /** The HelmRelease. */
  public readonly helmRelease: k8s.apiextensions.CustomResource;
  /** The OCIRepository, with the OCIRepository strategy. */
  public readonly ociRepository?: k8s.apiextensions.CustomResource;
  private readonly ref: pulumi.Input<ObjectRef>;

  constructor(name: string, args: ChartReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super(CHART_RELEASE_TYPE, name, {}, opts);
    const issues = new IssueList(name);
    if (!args.source || typeof args.source._spec !== 'function') {
      issues.add('source', 'expected an OciHelmSource (or OciHelmSource.fromHelmRepositoryName())');
    }
    args.dependsOn?.forEach((d, i) => {
      if (!d || d.name === undefined || d.name === null) issues.add(`dependsOn[${i}]`, 'expected a ChartRelease or { name, namespace } of a HelmRelease');
    });
    throwIfAny(issues);

    const source = args.source;
    const settings = source._settings();
    const target = settings.target;
    const given = givenArgs(name, args);
    const specInput = whenKnown(given, (g: ResolvedReleaseArgs) => validated(name, releaseSpec(g, args, settings), settings));
    // Names and namespaces only: Helm values (possibly secret) stay out of the objects' metadata.
    const headInput = whenKnown({ ...given, values: undefined }, (g: ResolvedReleaseArgs) => releaseSpec(g, args, settings));
    this.ref = whenKnown(headInput, (s: ChartReleaseSpec): ObjectRef => ({ name: s.name, namespace: s.namespace }));

    const spec = outputOf(specInput);
    const heads = outputOf(headInput);
    const resolved = resolution(name, spec, source, settings);

    const strategy = effectiveStrategy(args.strategy, source._strategy());
    const sourceDependencies = source._useStrategy(strategy);
    const releaseDependencies = (args.dependsOn ?? []).filter((d): d is ChartRelease & pulumi.Resource => pulumi.Resource.isInstance(d));
    const roles = releaseRoles(target, args.strategy, source._strategy());
    const create = (role: ReleaseObjectRole, dependsOn: pulumi.Resource[]) => customResource(name, releaseObjectType(role, target),
      heads.apply((s) => releaseObjectHead(role, s, target)),
      pulumi.all([spec, resolved]).apply(([s, r]) => buildReleaseObject(role, s, target, r)),
      { parent: this, dependsOn });
    // The chart's source object first, then the HelmRelease that reads it.
    this.ociRepository = roles.includes('OCIRepository') ? create('OCIRepository', sourceDependencies) : undefined;
    this.helmRelease = create('HelmRelease', [...(this.ociRepository ? [this.ociRepository] : sourceDependencies), ...releaseDependencies]);

    this.name = heads.apply((s) => s.name);
    this.namespace = heads.apply((s) => s.namespace);
    this.ociRepositoryName = this.ociRepository
      ? heads.apply((s) => releaseObjectHead('OCIRepository', s, target).name)
      : pulumi.output(undefined);
    this.resolvedVersion = resolved.apply((r) => r?.version);
    this.resolvedDigest = resolved.apply((r) => r?.digest);
    this.registerOutputs({
      name: this.name,
      namespace: this.namespace,
      ociRepositoryName: this.ociRepositoryName,
      resolvedVersion: this.resolvedVersion,
      resolvedDigest: this.resolvedDigest,
    });
  }

  /**
   * Name and namespace as given, plain when they are, so releases depending
   * on this one can still be checked at construction.
   * @internal
   */
  public _ref(): pulumi.Input<ObjectRef> {
    return this.ref;
  }
}

/** The Input-typed args once resolved. */
interface ResolvedReleaseArgs {
  readonly source: OciSourceSpec;
  readonly name: string;
  readonly namespace?: string;
  readonly releaseName?: string;
  readonly targetNamespace?: string;
  readonly storageNamespace?: string;
  readonly values?: Record<string, unknown>;
  readonly valuesFrom?: ValuesReference[];
  readonly dependsOn?: ObjectRef[];
  readonly serviceAccountName?: string;
  readonly kubeConfig?: KubeConfigReference;
}

function givenArgs(name: string, args: ChartReleaseArgs) {
  return {
    source: args.source._spec(),
    name: args.name ?? toDnsLabel(name),
    namespace: args.namespace,
    releaseName: args.releaseName,
    targetNamespace: args.targetNamespace,
    storageNamespace: args.storageNamespace,
    values: args.values,
    valuesFrom: args.valuesFrom,
    dependsOn: args.dependsOn?.map((d) => d instanceof ChartRelease ? d._ref() : { name: d.name, namespace: d.namespace }),
    serviceAccountName: args.serviceAccountName,
    kubeConfig: args.kubeConfig,
  };
}

function releaseSpec(g: ResolvedReleaseArgs, args: ChartReleaseArgs, settings: EffectiveSettings): ChartReleaseSpec {
  return {
    name: g.name,
    namespace: g.namespace ?? g.source.namespace,
    source: g.source,
    chart: args.chart,
    version: args.version,
    semverFilter: args.semverFilter,
    strategy: args.strategy,
    pin: args.pin ?? settings.pin,
    values: g.values,
    valuesFrom: g.valuesFrom,
    releaseName: g.releaseName,
    targetNamespace: g.targetNamespace,
    storageNamespace: g.storageNamespace,
    createNamespace: args.createNamespace,
    dependsOn: g.dependsOn?.length ? g.dependsOn : undefined,
    install: args.install,
    upgrade: args.upgrade,
    rollback: args.rollback,
    uninstall: args.uninstall,
    test: args.test,
    driftDetection: args.driftDetection,
    postRenderers: args.postRenderers,
    serviceAccountName: g.serviceAccountName,
    kubeConfig: g.kubeConfig,
    timeout: args.timeout,
    interval: args.interval,
    chartInterval: args.chartInterval,
    maxHistory: args.maxHistory,
    suspend: args.suspend,
  };
}

function validated(path: string, spec: ChartReleaseSpec, settings: EffectiveSettings): ChartReleaseSpec {
  const issues = new IssueList(path);
  validateRelease(spec, settings.target, issues);
  throwIfAny(issues);
  return spec;
}

/**
 * The resolver's answer, computed while Pulumi evaluates the program. It
 * sees the pull credentials inside the secret Output; only the version,
 * tag and digest come out, and those are not secret.
 */
function resolution(
  path: string, spec: pulumi.Output<ChartReleaseSpec>, source: IOciHelmSource, settings: EffectiveSettings,
): pulumi.Output<ResolvedChart | undefined> {
  const resolving = pulumi.all([spec, source._credentials()]).apply(([s, c]) =>
    settings.resolver(s, { path, target: settings.target, credentials: credentialsForUrl(s.source.url, c) }));
  return pulumi.unsecret(resolving);
}

function credentialsForUrl(url: string, c: RegistryCredentials | undefined) {
  if (!c || c.registry !== registryHostOf(url, new IssueList(''), 'url')) return undefined;
  return { username: c.username, password: c.password };
}
