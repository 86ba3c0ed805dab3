import { checkDependencyRefs, DEPENDENCY_REF_SHAPE, DependencyRef, FluxDependency } from './dependencies';
import { checkBoolean, checkDnsLabel, checkDnsSubdomain, checkDuration, checkEnum, checkInteger, checkString } from './field-checks';
import { FluxFeature, supports, unsupportedMessage } from './flux-version';
import { checkJsonValues } from './json-values';
import { ObjectRef } from './kube-object';
import { checkKustomizeSelector } from './kustomize-target';
import {
  ACTION_STRATEGY_NAMES, CRD_POLICIES, DELETION_PROPAGATIONS, DRIFT_DETECTION_MODES, DriftDetectionOptions,
  InstallOptions, KubeConfigReference, PostRenderer, RollbackOptions, TestOptions, UninstallOptions,
  UpgradeOptions, ValuesReference, ActionStrategy, RELEASE_OPTION_SHAPES, CommonMetadata, CustomHealthCheck, PostRenderStrategy,
  WaitStrategy, POST_RENDER_STRATEGIES, WAIT_STRATEGY_NAMES, checkCustomHealthChecks, checkIgnoreRules,
} from './release-options';
import { PIN_MODES, PinMode } from './resolution';
import { ANY, BOOLEAN, checkFields, FieldShapes, INTEGER, listOf, required, STRING } from './shapes';
import { OciSourceSpec, SOURCE_STRATEGIES, SourceStrategy, validateSourceForStrategy } from './source';
import { Target } from './target';
import { checkVersionRequest } from './version-request';
import { IssueList } from '../foundation/issues';

/**
 * A chart installed from a source as a HelmRelease, as users declare it in
 * either front end: cdk8s `ChartReleaseProps` extend it, Pulumi
 * `ChartReleaseArgs` are derived from it (each field an `Input`). Fields
 * carry Flux's names (`helm.toolkit.fluxcd.io/v2`), so Flux's documentation
 * applies.
 *
 * @typeParam TSource the front end's chart source (`IOciHelmSource`)
 * @typeParam TDependency how the front end names another release
 * @typeParam TValues the chart's values, e.g. an interface `flux-oci import` wrote
 */
export interface ChartReleaseOptions<TSource, TDependency, TValues extends object = Record<string, unknown>> {
  /** Where the chart lives. */
  readonly source: TSource;
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
   * @default - the app-wide `pin` (cdk8s `FluxOci.configure`, Pulumi the source's `settings.pin`), else 'none'
   */
  readonly pin?: PinMode;
  /**
   * Name of the HelmRelease (and of its OCIRepository).
   * @default - the construct id (cdk8s) or resource name (Pulumi) as a DNS-1123 label
   */
  readonly name?: string;
  /**
   * Namespace of the HelmRelease.
   * @default - the Chart's namespace (cdk8s), the source's namespace (Pulumi)
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
   * Helm values; plain JSON data, checked at synth against the chart (its
   * values.schema.json as Helm applies it, and keys it does not know).
   * Under Pulumi, Outputs may sit anywhere inside, and a secret Output
   * makes the HelmRelease's spec a secret.
   * @default - the chart's defaults
   */
  readonly values?: TValues;
  /**
   * ConfigMaps and Secrets merged into the values, in order, before `values`.
   * @default - none
   */
  readonly valuesFrom?: readonly ValuesReference[];
  /**
   * The chart's values files merged in order to replace its values.yaml
   * (`chart.spec.valuesFiles`; list `values.yaml` to keep it). HelmRepository strategy only.
   * @default - the chart's values.yaml
   */
  readonly valuesFiles?: readonly string[];
  /**
   * Skip `valuesFiles` the chart does not have instead of failing (Flux 2.3+).
   * @default false
   */
  readonly ignoreMissingValuesFiles?: boolean;
  /**
   * Values keys the chart does not know (a typo Helm would silently
   * ignore) fail the synth instead of warning.
   * @default - the app-wide `strictValues`, else false
   */
  readonly strictValues?: boolean;
  /**
   * The chart version the values type was imported from (the constant
   * `flux-oci import` writes next to the interface); a different version
   * resolved at synth is a warning. Also gives `values` its type.
   * @default - none
   */
  readonly valuesType?: ImportedChart<TValues>;
  /**
   * HelmReleases that must be ready before Flux installs or upgrades this
   * one (the HelmRelease's `spec.dependsOn`); `{ dependency, readyExpr }`
   * says with CEL when one counts as ready (Flux 2.7+). Not the creation
   * order of Pulumi resources (`opts.dependsOn`) or of cdk8s objects.
   * @default - none
   */
  readonly fluxDependsOn?: readonly FluxDependency<TDependency>[];
  /**
   * How Helm installs the release: CRD policy, timeouts, hooks, retries and remediation.
   * @default - Flux's install defaults
   */
  readonly install?: InstallOptions;
  /**
   * How Helm upgrades the release: CRD policy, timeouts, hooks, retries and remediation.
   * @default - Flux's upgrade defaults
   */
  readonly upgrade?: UpgradeOptions;
  /**
   * How Helm rolls the release back after a failed upgrade.
   * @default - Flux's rollback defaults
   */
  readonly rollback?: RollbackOptions;
  /**
   * How Helm uninstalls the release when the HelmRelease is deleted.
   * @default - Flux's uninstall defaults
   */
  readonly uninstall?: UninstallOptions;
  /**
   * Helm tests run after install and upgrade.
   * @default - no Helm tests
   */
  readonly test?: TestOptions;
  /**
   * Whether helm-controller compares the cluster with the release and corrects drift.
   * @default - drift detection disabled
   */
  readonly driftDetection?: DriftDetectionOptions;
  /**
   * Kustomize patches and image overrides applied to the rendered chart.
   * @default - none
   */
  readonly postRenderers?: readonly PostRenderer[];
  /**
   * Whether Helm hands hooks to the post-renderers, and how (Flux 2.9+).
   * @default - Flux's default, 'combined' (Helm 4)
   */
  readonly postRenderStrategy?: PostRenderStrategy;
  /**
   * Labels and annotations helm-controller sets on every object of the release (Flux 2.7+).
   * @default - none
   */
  readonly commonMetadata?: CommonMetadata;
  /**
   * How Helm waits for the release's objects to be ready (Flux 2.8+).
   * @default - Flux's default, 'poller'
   */
  readonly waitStrategy?: WaitStrategy;
  /**
   * CEL health checks for custom resources of the release, read by the
   * `poller` wait strategy when the action waits (Flux 2.8+).
   * @default - none
   */
  readonly healthCheckExprs?: readonly CustomHealthCheck[];
  /**
   * Keep one Kubernetes client for the release's reconciliations instead of
   * one per reconciliation (helm-controller's own default is true).
   * @default - Flux's default, true
   */
  readonly persistentClient?: boolean;
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
 * A chart version whose values type `flux-oci import` generated: the
 * module exports one of these beside the interface.
 *
 * @typeParam TValues the generated values interface
 */
export interface ImportedChart<TValues extends object = Record<string, unknown>> {
  /** Chart name. */
  readonly chart: string;
  /** Chart version the type was generated from. */
  readonly version: string;
  /**
   * Manifest digest of that version.
   * @default - not compared
   */
  readonly digest?: string;
  /**
   * Never set: carries the values type so `valuesType` gives `values` its type.
   * @default - none
   */
  readonly valuesTypeMarker?: TValues;
}

/**
 * One chart installed from a source as a HelmRelease: the options with the
 * source and dependencies as the model sees them and the name settled.
 * Validated by `validateRelease`.
 */
export interface ChartReleaseSpec extends Omit<ChartReleaseOptions<OciSourceSpec, ObjectRef>, 'name' | 'fluxDependsOn'> {
  /** Name of the HelmRelease (and, by default, of its OCIRepository). */
  readonly name: string;
  /** The HelmReleases Flux waits for, by name, each with its readyExpr where it has one. @default - none */
  readonly fluxDependsOn?: readonly DependencyRef[];
}

/**
 * The spec of a release from its options: every option as given, with the
 * name, namespace, source, dependencies and `pin` the front end settled.
 * @internal
 */
export function releaseSpecOf<TSource, TDependency, TValues extends object>(
  options: ChartReleaseOptions<TSource, TDependency, TValues>,
  settled: Pick<ChartReleaseSpec, 'name' | 'namespace' | 'source' | 'fluxDependsOn' | 'pin'>,
): ChartReleaseSpec {
  const { source: _source, fluxDependsOn: _fluxDependsOn, values, valuesType, ...release } = options;
  // `{ ...release, ...settled, values, … }`, built by assignment onto the
  // rest copy: the same keys in the same order, but on Node 20 (V8 11) a
  // spread followed by more properties gives each spec its own hidden class.
  const spec: Record<string, unknown> = Object.assign(release, settled);
  // The generic values type is the user's view; the model holds plain JSON (checked by validateRelease).
  spec.values = values;
  spec.valuesType = valuesType;
  spec.fluxDependsOn = settled.fluxDependsOn?.length ? settled.fluxDependsOn : undefined;
  return spec as unknown as ChartReleaseSpec;
}

/** The JavaScript type of every release field (the source is checked as a source). */
const RELEASE_SHAPES: FieldShapes<Omit<ChartReleaseSpec, 'source'>> = {
  ...RELEASE_OPTION_SHAPES,
  chart: required(STRING),
  version: STRING,
  semverFilter: STRING,
  strategy: STRING,
  pin: STRING,
  name: required(STRING),
  namespace: STRING,
  releaseName: STRING,
  targetNamespace: STRING,
  storageNamespace: STRING,
  createNamespace: BOOLEAN,
  values: ANY,
  valuesFiles: listOf(STRING),
  ignoreMissingValuesFiles: BOOLEAN,
  strictValues: BOOLEAN,
  // Checked for its chart and version by validateRelease.
  valuesType: ANY,
  fluxDependsOn: listOf(DEPENDENCY_REF_SHAPE),
  serviceAccountName: STRING,
  timeout: STRING,
  interval: STRING,
  chartInterval: STRING,
  maxHistory: INTEGER,
  suspend: BOOLEAN,
  postRenderStrategy: STRING,
  persistentClient: BOOLEAN,
};

/** Default HelmRelease reconcile interval. @internal */
export const DEFAULT_RELEASE_INTERVAL = '10m';

const CHART_NAME = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;
const VALUES_KEY = /^[\-._a-zA-Z0-9]+$/;
const TARGET_PATH = /^([a-zA-Z0-9_\-.\\\/]|\[[0-9]{1,5}\])+$/;

/** The strategy a release ends up with: its own, else its source's, else OCIRepository. @internal */
export function releaseStrategy(release: Pick<ChartReleaseSpec, 'strategy'> & { readonly source: Pick<OciSourceSpec, 'strategy'> }): SourceStrategy {
  return release.strategy ?? release.source.strategy ?? 'OCIRepository';
}

/**
 * Checks a release the way the HelmRelease CRD and helm-controller would,
 * and what the chosen Flux version lacks.
 * @internal
 */
export function validateRelease(spec: ChartReleaseSpec, target: Target, issues: IssueList): void {
  if (!checkFields(issues, spec, RELEASE_SHAPES)) return;
  checkDnsLabel(issues, 'name', spec.name);
  checkDnsLabel(issues, 'namespace', spec.namespace);
  checkString(issues, 'chart', spec.chart, {
    min: 1,
    max: 2048,
    pattern: CHART_NAME,
    hint: "a chart name is a lowercase OCI repository path segment such as 'mysql' (no tag, version or 'oci://'); put the version in 'version'",
  });
  checkEnum(issues, 'strategy', spec.strategy, SOURCE_STRATEGIES);
  checkEnum(issues, 'pin', spec.pin, PIN_MODES);
  const strategy = releaseStrategy(spec);
  checkVersionRequest(issues, spec, strategy, target);

  checkString(issues, 'releaseName', spec.releaseName, {
    min: 1,
    max: 53,
    hint: 'Helm release names are at most 53 characters',
  });
  checkDnsLabel(issues, 'targetNamespace', spec.targetNamespace);
  checkDnsLabel(issues, 'storageNamespace', spec.storageNamespace);
  checkBoolean(issues, 'createNamespace', spec.createNamespace);
  checkBoolean(issues, 'suspend', spec.suspend);
  checkDuration(issues, 'timeout', spec.timeout, { allowHours: true });
  checkDuration(issues, 'interval', spec.interval, { allowHours: true });
  checkDuration(issues, 'chartInterval', spec.chartInterval, { allowHours: true });
  checkInteger(issues, 'maxHistory', spec.maxHistory, { min: 0 });
  checkString(issues, 'serviceAccountName', spec.serviceAccountName, { min: 1, max: 253 });
  checkJsonValues(issues, 'values', spec.values);
  spec.valuesFrom?.forEach((v, i) => checkValuesReference(issues, `valuesFrom[${i}]`, v));
  checkValuesFiles(issues, spec, strategy, target);
  checkBoolean(issues, 'strictValues', spec.strictValues);
  const imported = spec.valuesType;
  if (imported !== undefined && (typeof imported?.version !== 'string' || typeof imported?.chart !== 'string')) {
    issues.add('valuesType', 'expected the chart constant a `flux-oci import` module exports ({ chart, version, digest })');
  }
  checkDependencyRefs(issues, 'fluxDependsOn', spec.fluxDependsOn);
  if (spec.createNamespace !== undefined && spec.install?.createNamespace !== undefined && spec.createNamespace !== spec.install.createNamespace) {
    issues.add('createNamespace', `createNamespace (${spec.createNamespace}) contradicts install.createNamespace (${spec.install.createNamespace}); set one of them`);
  }
  if (spec.createNamespace && !spec.targetNamespace) {
    issues.add('createNamespace', 'createNamespace creates targetNamespace, which is not set; set targetNamespace or drop createNamespace');
  }
  checkInstall(issues, spec.install);
  checkUpgrade(issues, spec.upgrade);
  checkRollback(issues, spec.rollback);
  checkUninstall(issues, spec.uninstall);
  checkTest(issues, spec.test);
  checkDrift(issues, spec.driftDetection);
  checkEnum(issues, 'postRenderStrategy', spec.postRenderStrategy, POST_RENDER_STRATEGIES);
  checkEnum(issues, 'waitStrategy.name', spec.waitStrategy?.name, WAIT_STRATEGY_NAMES);
  // A release that does not serve the field is told so once (checkFeatures), not entry by entry.
  if (supports(target.fluxVersion, 'HelmRelease waitStrategy and healthCheckExprs')) {
    checkCustomHealthChecks(issues, 'healthCheckExprs', spec.healthCheckExprs, target.fluxVersion);
  }
  // helm-controller's API (v1.6 helmrelease_types.go): evaluated only "when ... the 'poller' WaitStrategy is used".
  if (spec.healthCheckExprs?.length && spec.waitStrategy?.name === 'legacy') {
    issues.add('healthCheckExprs', "Helm reads healthCheckExprs only with the 'poller' wait strategy, and waitStrategy is 'legacy'; use 'poller' or drop them");
  }
  spec.postRenderers?.forEach((p, i) => {
    p.patches?.forEach((patch, j) => {
      checkString(issues, `postRenderers[${i}].patches[${j}].patch`, patch.patch, { min: 1 });
      checkKustomizeSelector(issues, `postRenderers[${i}].patches[${j}].target`, patch.target);
    });
    p.images?.forEach((img, j) => checkString(issues, `postRenderers[${i}].images[${j}].name`, img.name, { min: 1 }));
  });
  if (spec.kubeConfig) {
    checkDnsSubdomain(issues, 'kubeConfig.secretName', spec.kubeConfig.secretName);
    checkString(issues, 'kubeConfig.key', spec.kubeConfig.key, { min: 1 });
  }

  validateSourceForStrategy(spec.source, strategy, target, issues);
  if (target.kind === 'flux') checkFeatures(spec, target, issues);
  else checkHelmOperator(spec, issues);
}

function checkValuesFiles(issues: IssueList, spec: ChartReleaseSpec, strategy: SourceStrategy, target: Target): void {
  checkBoolean(issues, 'ignoreMissingValuesFiles', spec.ignoreMissingValuesFiles);
  if (spec.valuesFiles === undefined) return;
  if (!Array.isArray(spec.valuesFiles)) {
    issues.add('valuesFiles', "expected a list of file paths inside the chart, e.g. ['values.yaml', 'values-prod.yaml']");
    return;
  }
  spec.valuesFiles.forEach((f, i) => checkString(issues, `valuesFiles[${i}]`, f, { min: 1, hint: "a path inside the chart, e.g. 'values-prod.yaml'" }));
  if (spec.valuesFiles.length && strategy !== 'HelmRepository') {
    issues.add('valuesFiles', "valuesFiles need the HelmRepository strategy (chart.spec); an OCIRepository chartRef has none. Set strategy: 'HelmRepository' or merge the file's values into 'values'");
  }
  if (target.kind === 'flux' && spec.ignoreMissingValuesFiles && !supports(target.fluxVersion, 'HelmRelease chart.spec.ignoreMissingValuesFiles')) {
    issues.add('ignoreMissingValuesFiles', unsupportedMessage(target.fluxVersion, 'HelmRelease chart.spec.ignoreMissingValuesFiles'));
  }
}

function checkValuesReference(issues: IssueList, at: string, v: ValuesReference): void {
  checkEnum(issues, `${at}.kind`, v.kind, ['ConfigMap', 'Secret'] as const);
  checkDnsSubdomain(issues, `${at}.name`, v.name);
  checkString(issues, `${at}.valuesKey`, v.valuesKey, { max: 253, pattern: VALUES_KEY, hint: "use letters, digits, '-', '_' and '.', e.g. 'values.yaml'" });
  checkString(issues, `${at}.targetPath`, v.targetPath, { max: 250, pattern: TARGET_PATH, hint: "use a dot path such as 'image.tag' or 'list[0].name'" });
  checkBoolean(issues, `${at}.optional`, v.optional);
}

function checkStrategy(issues: IssueList, at: string, s: ActionStrategy | undefined): void {
  if (!s) return;
  checkEnum(issues, `${at}.name`, s.name, ACTION_STRATEGY_NAMES);
  checkDuration(issues, `${at}.retryInterval`, s.retryInterval, { allowHours: true });
  if (s.retryInterval !== undefined && s.name !== 'RetryOnFailure') {
    issues.add(`${at}.retryInterval`, `retryInterval applies only to strategy 'RetryOnFailure', not '${s.name}'`);
  }
}

function checkInstall(issues: IssueList, o: InstallOptions | undefined): void {
  if (!o) return;
  checkEnum(issues, 'install.crds', o.crds, CRD_POLICIES);
  checkDuration(issues, 'install.timeout', o.timeout, { allowHours: true });
  checkStrategy(issues, 'install.strategy', o.strategy);
  checkInteger(issues, 'install.remediation.retries', o.remediation?.retries);
}

function checkUpgrade(issues: IssueList, o: UpgradeOptions | undefined): void {
  if (!o) return;
  checkEnum(issues, 'upgrade.crds', o.crds, CRD_POLICIES);
  checkDuration(issues, 'upgrade.timeout', o.timeout, { allowHours: true });
  checkStrategy(issues, 'upgrade.strategy', o.strategy);
  checkInteger(issues, 'upgrade.remediation.retries', o.remediation?.retries);
  checkEnum(issues, 'upgrade.remediation.strategy', o.remediation?.strategy, ['rollback', 'uninstall'] as const);
}

function checkRollback(issues: IssueList, o: RollbackOptions | undefined): void {
  if (o) checkDuration(issues, 'rollback.timeout', o.timeout, { allowHours: true });
}

function checkUninstall(issues: IssueList, o: UninstallOptions | undefined): void {
  if (!o) return;
  checkDuration(issues, 'uninstall.timeout', o.timeout, { allowHours: true });
  checkEnum(issues, 'uninstall.deletionPropagation', o.deletionPropagation, DELETION_PROPAGATIONS);
}

function checkTest(issues: IssueList, o: TestOptions | undefined): void {
  if (!o) return;
  checkDuration(issues, 'test.timeout', o.timeout, { allowHours: true });
  o.filters?.forEach((f, i) => checkString(issues, `test.filters[${i}].name`, f.name, { min: 1, max: 253 }));
}

function checkDrift(issues: IssueList, o: DriftDetectionOptions | undefined): void {
  if (!o) return;
  checkEnum(issues, 'driftDetection.mode', o.mode, DRIFT_DETECTION_MODES);
  checkIgnoreRules(issues, 'driftDetection.ignore', o.ignore);
}

/** Fields the chosen Flux version does not serve. */
function checkFeatures(spec: ChartReleaseSpec, target: Target, issues: IssueList): void {
  const need = (field: string, used: unknown, feature: FluxFeature) => {
    if (used && !supports(target.fluxVersion, feature)) issues.add(field, unsupportedMessage(target.fluxVersion, feature));
  };
  need('semverFilter', spec.semverFilter, 'OCIRepository ref.semverFilter');
  need('driftDetection', spec.driftDetection, 'HelmRelease driftDetection');
  need('test.filters', spec.test?.filters?.length, 'HelmRelease test.filters');
  need('install.strategy', spec.install?.strategy, 'HelmRelease install/upgrade strategy');
  need('upgrade.strategy', spec.upgrade?.strategy, 'HelmRelease install/upgrade strategy');
  need('commonMetadata', spec.commonMetadata, 'HelmRelease commonMetadata');
  need('waitStrategy', spec.waitStrategy, 'HelmRelease waitStrategy and healthCheckExprs');
  need('healthCheckExprs', spec.healthCheckExprs?.length, 'HelmRelease waitStrategy and healthCheckExprs');
  need('postRenderStrategy', spec.postRenderStrategy, 'HelmRelease postRenderStrategy');
  spec.fluxDependsOn?.forEach((d, i) => need(`fluxDependsOn[${i}].readyExpr`, d.readyExpr, 'HelmRelease dependsOn readyExpr'));
}

function checkHelmOperator(spec: ChartReleaseSpec, issues: IssueList): void {
  const unsupported: [string, unknown][] = [
    ['semverFilter', spec.semverFilter], ['valuesFrom', spec.valuesFrom?.length], ['valuesFiles', spec.valuesFiles?.length],
    ['driftDetection', spec.driftDetection], ['postRenderers', spec.postRenderers?.length], ['serviceAccountName', spec.serviceAccountName],
    ['kubeConfig', spec.kubeConfig], ['storageNamespace', spec.storageNamespace], ['test', spec.test], ['strategy', spec.strategy],
    ['commonMetadata', spec.commonMetadata], ['waitStrategy', spec.waitStrategy], ['healthCheckExprs', spec.healthCheckExprs?.length],
    ['postRenderStrategy', spec.postRenderStrategy], ['persistentClient', spec.persistentClient],
    ...(spec.fluxDependsOn ?? []).map((d, i): [string, unknown] => [`fluxDependsOn[${i}].readyExpr`, d.readyExpr]),
  ];
  for (const [field, used] of unsupported) {
    if (used) issues.add(field, `the helm-operator target (helm-operator.ketches.cn/v1alpha1) has no equivalent of ${field}; remove it or target Flux`);
  }
  if (spec.pin === 'digest') issues.add('pin', "the helm-operator target cannot pin a digest; use pin 'version'");
}
