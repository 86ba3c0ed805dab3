import { customHealthCheckProblems } from './custom-health-checks';
import { checkString } from './field-checks';
import type { FluxVersion } from './flux-version';
import { BOOLEAN, FieldShapes, INTEGER, listOf, objectOf, required, STRING, STRING_MAP } from './shapes';
import type { IssueList } from '../foundation/issues';

/**
 * HelmRelease settings, named and shaped as in `helm.toolkit.fluxcd.io/v2`
 * so the Flux documentation applies unchanged. Both front ends take these
 * as props/args.
 */

/** How Helm handles CRDs shipped in the chart's `crds/` folder. */
export type CrdPolicy = 'Skip' | 'Create' | 'CreateReplace';
export const CRD_POLICIES: readonly CrdPolicy[] = ['Skip', 'Create', 'CreateReplace'];

/** What helm-controller does after a failed install or upgrade. */
export type ActionStrategyName = 'RemediateOnFailure' | 'RetryOnFailure';
export const ACTION_STRATEGY_NAMES: readonly ActionStrategyName[] = ['RemediateOnFailure', 'RetryOnFailure'];

/** What helm-controller does after a failed install or upgrade (Flux 2.7+). */
export interface ActionStrategy {
  /** `RemediateOnFailure` (remediate per `remediation`) or `RetryOnFailure` (retry without remediation). */
  readonly name: ActionStrategyName;
  /**
   * Time between retries; only with `RetryOnFailure`.
   * @default '5m' (Flux's default)
   */
  readonly retryInterval?: string;
}

/** Retries and remediation after a failed install. */
export interface InstallRemediation {
  /**
   * Retries before giving up; a negative number retries forever.
   * @default 0
   */
  readonly retries?: number;
  /**
   * Keep going when Helm tests fail.
   * @default false
   */
  readonly ignoreTestFailures?: boolean;
  /**
   * Remediate the last failure when retries are exhausted.
   * @default false
   */
  readonly remediateLastFailure?: boolean;
}

/** Retries and remediation after a failed upgrade. */
export interface UpgradeRemediation extends InstallRemediation {
  /**
   * `rollback` or `uninstall` on failure.
   * @default 'rollback'
   */
  readonly strategy?: 'rollback' | 'uninstall';
}

/** Settings install and upgrade share. */
interface CommonActionOptions {
  /**
   * Time Helm waits for the action, e.g. '10m'.
   * @default - the HelmRelease `timeout`
   */
  readonly timeout?: string;
  /**
   * Skip Helm hooks.
   * @default false
   */
  readonly disableHooks?: boolean;
  /**
   * Do not wait for the release's resources to be ready.
   * @default false
   */
  readonly disableWait?: boolean;
  /**
   * Do not wait for the release's Jobs to complete.
   * @default false
   */
  readonly disableWaitForJobs?: boolean;
  /**
   * Skip OpenAPI validation of the rendered manifests.
   * @default false
   */
  readonly disableOpenAPIValidation?: boolean;
  /**
   * Skip the chart's JSON-schema validation of the values.
   * @default false
   */
  readonly disableSchemaValidation?: boolean;
}

/** How Helm installs the release (HelmRelease `spec.install`). */
export interface InstallOptions extends CommonActionOptions {
  /**
   * What Helm does with the CRDs in the chart's `crds/` folder on install.
   * @default 'Create'
   */
  readonly crds?: CrdPolicy;
  /**
   * Create the target namespace if it is missing.
   * @default false
   */
  readonly createNamespace?: boolean;
  /**
   * Reuse the name of a deleted release that is still in the history.
   * @default false
   */
  readonly replace?: boolean;
  /**
   * What helm-controller does after a failed install (Flux 2.7+).
   * @default - Flux's default, RemediateOnFailure
   */
  readonly strategy?: ActionStrategy;
  /**
   * Retries and remediation after a failed install.
   * @default - no retries
   */
  readonly remediation?: InstallRemediation;
}

/** How Helm upgrades the release (HelmRelease `spec.upgrade`). */
export interface UpgradeOptions extends CommonActionOptions {
  /**
   * What Helm does with the CRDs in the chart's `crds/` folder on upgrade.
   * @default 'Skip'
   */
  readonly crds?: CrdPolicy;
  /**
   * Delete the resources a failed upgrade created.
   * @default false
   */
  readonly cleanupOnFail?: boolean;
  /**
   * Replace resources that cannot be patched by deleting and recreating them.
   * @default false
   */
  readonly force?: boolean;
  /**
   * Reuse the values of the last release instead of the chart's defaults.
   * @default false
   */
  readonly preserveValues?: boolean;
  /**
   * What helm-controller does after a failed upgrade (Flux 2.7+).
   * @default - Flux's default, RemediateOnFailure
   */
  readonly strategy?: ActionStrategy;
  /**
   * Retries and remediation after a failed upgrade.
   * @default - no retries, then roll back
   */
  readonly remediation?: UpgradeRemediation;
}

/** How Helm rolls the release back after a failed upgrade (HelmRelease `spec.rollback`). */
export interface RollbackOptions {
  /**
   * Time Helm waits for the rollback, e.g. '5m'.
   * @default - the HelmRelease `timeout`
   */
  readonly timeout?: string;
  /**
   * Delete the resources the failed upgrade created.
   * @default false
   */
  readonly cleanupOnFail?: boolean;
  /**
   * Skip Helm hooks during the rollback.
   * @default false
   */
  readonly disableHooks?: boolean;
  /**
   * Do not wait for the resources to be ready after the rollback.
   * @default false
   */
  readonly disableWait?: boolean;
  /**
   * Do not wait for Jobs to complete after the rollback.
   * @default false
   */
  readonly disableWaitForJobs?: boolean;
  /**
   * Replace resources that cannot be patched by deleting and recreating them.
   * @default false
   */
  readonly force?: boolean;
}

/** How Kubernetes deletes the release's objects on uninstall. */
export type DeletionPropagation = 'background' | 'foreground' | 'orphan';
export const DELETION_PROPAGATIONS: readonly DeletionPropagation[] = ['background', 'foreground', 'orphan'];

/** How Helm uninstalls the release when the HelmRelease is deleted (HelmRelease `spec.uninstall`). */
export interface UninstallOptions {
  /**
   * Time Helm waits for the uninstall, e.g. '5m'.
   * @default - the HelmRelease `timeout`
   */
  readonly timeout?: string;
  /**
   * Skip Helm hooks during the uninstall.
   * @default false
   */
  readonly disableHooks?: boolean;
  /**
   * Do not wait for the resources to be deleted.
   * @default false
   */
  readonly disableWait?: boolean;
  /**
   * Keep the release history after the uninstall.
   * @default false
   */
  readonly keepHistory?: boolean;
  /**
   * How Kubernetes deletes the release's objects.
   * @default 'background'
   */
  readonly deletionPropagation?: DeletionPropagation;
}

/** Selects Helm tests by name. */
export interface TestFilter {
  /** Name of the Helm test. */
  readonly name: string;
  /**
   * Leave this test out instead of running only the listed ones.
   * @default false
   */
  readonly exclude?: boolean;
}

/** Helm tests run after install and upgrade (HelmRelease `spec.test`). */
export interface TestOptions {
  /**
   * Run the chart's Helm tests after install and upgrade.
   * @default false
   */
  readonly enable?: boolean;
  /**
   * Keep the release ready when its tests fail.
   * @default false
   */
  readonly ignoreFailures?: boolean;
  /**
   * Time Helm waits for the tests, e.g. '5m'.
   * @default - the HelmRelease `timeout`
   */
  readonly timeout?: string;
  /**
   * Which tests run (Flux 2.2+).
   * @default - every test of the chart
   */
  readonly filters?: TestFilter[];
}

/** How Helm waits for the release's objects to be ready: kstatus polling, or Helm 3's own logic. */
export type WaitStrategyName = 'poller' | 'legacy';
export const WAIT_STRATEGY_NAMES: readonly WaitStrategyName[] = ['poller', 'legacy'];

/** How Helm waits for the release's objects (HelmRelease `spec.waitStrategy`, Flux 2.8+). */
export interface WaitStrategy {
  /** `poller` (kstatus, which `healthCheckExprs` extend) or `legacy` (Helm 3's waiting logic). */
  readonly name: WaitStrategyName;
}

/**
 * How Helm hands hooks to the post-renderers (HelmRelease
 * `spec.postRenderStrategy`, Flux 2.9+): not at all (`nohooks`, Helm 3's
 * behaviour), with the templates (`combined`, Helm 4's default) or in a
 * stream of their own (`separate`, Helm 4.2).
 */
export type PostRenderStrategy = 'nohooks' | 'combined' | 'separate';
export const POST_RENDER_STRATEGIES: readonly PostRenderStrategy[] = ['nohooks', 'combined', 'separate'];

/** Labels and annotations set on every object the Kustomization or HelmRelease applies. */
export interface CommonMetadata {
  /**
   * Labels added to every applied object.
   * @default - no labels
   */
  readonly labels?: Record<string, string>;
  /**
   * Annotations added to every applied object.
   * @default - no annotations
   */
  readonly annotations?: Record<string, string>;
}

/**
 * When a custom resource is healthy, in CEL expressions over the object
 * (fluxcd/pkg apis/kustomize `CustomHealthCheck`): what Flux's health
 * checks and Helm's `poller` wait read for kinds kstatus does not know.
 */
export interface CustomHealthCheck {
  /** API version of the custom resource, e.g. `cert-manager.io/v1`. */
  readonly apiVersion: string;
  /**
   * Kind of the custom resource, e.g. `Certificate`; one entry per kind (Flux 2.8+ refuses a second, older releases skip it). Required before Flux 2.9.
   * @default - every kind of the API group of `apiVersion` (Flux 2.9+)
   */
  readonly kind?: string;
  /** CEL expression true once the resource has reached its desired state, e.g. `status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True')`. */
  readonly current: string;
  /**
   * CEL expression true while the resource is still getting there.
   * @default - not current and not failed
   */
  readonly inProgress?: string;
  /**
   * CEL expression true when the resource has failed.
   * @default - never failed
   */
  readonly failed?: string;
}

/** The JavaScript types of a `CustomHealthCheck` and of `CommonMetadata` (see `checkShape`). @internal */
export const CUSTOM_HEALTH_CHECK_SHAPE = objectOf<CustomHealthCheck>('CustomHealthCheck', {
  apiVersion: required(STRING), kind: STRING, current: required(STRING), inProgress: STRING, failed: STRING,
});
/**
 * A CustomHealthCheck as the CRD takes one: an apiVersion and a `current`
 * expression, each non-empty. The expressions are compiled by the
 * controller at reconcile time with Flux's own CEL environment, not here.
 * @internal
 */
export function checkCustomHealthChecks(
  issues: IssueList, field: string, checks: readonly CustomHealthCheck[] | undefined, fluxVersion: FluxVersion,
): void {
  checks?.forEach((c, i) => checkString(issues, `${field}[${i}].apiVersion`, c.apiVersion, { min: 1 }));
  for (const problem of customHealthCheckProblems(checks ?? [], fluxVersion)) {
    // An entry the release skips is written for nothing: an error here too.
    issues.add(`${field}[${problem.index}]${problem.field ? `.${problem.field}` : ''}`, problem.message);
  }
}

/** @internal */
export const COMMON_METADATA_SHAPE = objectOf<CommonMetadata>('CommonMetadata', { labels: STRING_MAP, annotations: STRING_MAP });

/** Whether helm-controller corrects drift (`enabled`), reports it (`warn`) or ignores it. */
export type DriftDetectionMode = 'enabled' | 'warn' | 'disabled';
export const DRIFT_DETECTION_MODES: readonly DriftDetectionMode[] = ['enabled', 'warn', 'disabled'];

/** Fields helm-controller leaves out when comparing the cluster with the release. */
export interface DriftIgnoreRule {
  /** JSON pointers of the fields to ignore, e.g. `/spec/replicas`. */
  readonly paths: string[];
  /**
   * The objects the rule applies to.
   * @default - every object of the release
   */
  readonly target?: KustomizeSelector;
}

/** Whether helm-controller compares the cluster with the release (HelmRelease `spec.driftDetection`, Flux 2.2+). */
export interface DriftDetectionOptions {
  /**
   * Correct drift, report it, or do not look.
   * @default 'disabled'
   */
  readonly mode?: DriftDetectionMode;
  /**
   * Fields helm-controller ignores when comparing.
   * @default - no field is ignored
   */
  readonly ignore?: DriftIgnoreRule[];
}

/** Selects objects, as in Kustomize patch targets; every field set must match. */
export interface KustomizeSelector {
  /**
   * API group, e.g. `apps`.
   * @default - any group
   */
  readonly group?: string;
  /**
   * API version, e.g. `v1`.
   * @default - any version
   */
  readonly version?: string;
  /**
   * Kind, e.g. `Deployment`.
   * @default - any kind
   */
  readonly kind?: string;
  /**
   * Object name (a regular expression).
   * @default - any name
   */
  readonly name?: string;
  /**
   * Object namespace (a regular expression).
   * @default - any namespace
   */
  readonly namespace?: string;
  /**
   * Label selector, e.g. `app=web`.
   * @default - any labels
   */
  readonly labelSelector?: string;
  /**
   * Annotation selector, e.g. `team=web`.
   * @default - any annotations
   */
  readonly annotationSelector?: string;
}

/** A Kustomize patch: strategic merge or JSON6902. */
export interface KustomizePatch {
  /** Strategic merge or JSON6902 patch, as YAML or JSON text. */
  readonly patch: string;
  /**
   * The objects the patch applies to.
   * @default - the object the patch itself names
   */
  readonly target?: KustomizeSelector;
}

/** A Kustomize image override. */
export interface KustomizeImage {
  /** Image name to replace, as written in the manifests. */
  readonly name: string;
  /**
   * Image name to write instead.
   * @default - the name is unchanged
   */
  readonly newName?: string;
  /**
   * Tag to write instead.
   * @default - the tag is unchanged
   */
  readonly newTag?: string;
  /**
   * Digest to write instead of the tag, `sha256:<hex>`.
   * @default - no digest
   */
  readonly digest?: string;
}

/** A Kustomize post-renderer applied to the rendered chart. */
export interface PostRenderer {
  /**
   * Patches applied to the rendered manifests.
   * @default - no patches
   */
  readonly patches?: KustomizePatch[];
  /**
   * Image overrides applied to the rendered manifests.
   * @default - no image overrides
   */
  readonly images?: KustomizeImage[];
}

/** A ConfigMap or Secret whose data is merged into the values. */
export interface ValuesReference {
  /** `ConfigMap` or `Secret`. */
  readonly kind: 'ConfigMap' | 'Secret';
  /** Name of the object, in the HelmRelease's namespace. */
  readonly name: string;
  /**
   * Data key holding the values.
   * @default 'values.yaml'
   */
  readonly valuesKey?: string;
  /**
   * Dot path the value is written to instead of being merged, e.g. `image.tag`.
   * @default - merged at the root
   */
  readonly targetPath?: string;
  /**
   * Tolerate a missing object or key.
   * @default false
   */
  readonly optional?: boolean;
}

/** A kubeconfig for installing into a remote cluster. */
export interface KubeConfigReference {
  /** Secret holding the kubeconfig, in the object's namespace. */
  readonly secretName: string;
  /**
   * Data key of the kubeconfig in the Secret.
   * @default - Flux tries 'value', then 'value.yaml'
   */
  readonly key?: string;
}

const SELECTOR = objectOf<KustomizeSelector>('KustomizeSelector', {
  group: STRING, version: STRING, kind: STRING, name: STRING, namespace: STRING, labelSelector: STRING, annotationSelector: STRING,
});

/** Shapes of Kustomize patches and images (HelmRelease post-renderers, Kustomization). @internal */
export const PATCH_SHAPE = objectOf<KustomizePatch>('KustomizePatch', { patch: required(STRING), target: SELECTOR });
/** @internal */
export const IGNORE_RULE_SHAPE = objectOf<DriftIgnoreRule>('DriftIgnoreRule', { paths: required(listOf(STRING)), target: SELECTOR });

/** Ignore rules as helm-controller and kustomize-controller take them: each lists JSON pointers. @internal */
export function checkIgnoreRules(issues: IssueList, field: string, rules: readonly DriftIgnoreRule[] | undefined): void {
  rules?.forEach((rule, i) => {
    if (!Array.isArray(rule.paths) || rule.paths.length === 0) {
      issues.add(`${field}[${i}].paths`, "list at least one JSON pointer, e.g. '/spec/replicas'");
    }
    rule.paths?.forEach((p, j) => {
      if (typeof p !== 'string' || !p.startsWith('/')) issues.add(`${field}[${i}].paths[${j}]`, `'${String(p)}' is not a JSON pointer; it starts with '/', e.g. '/spec/replicas'`);
    });
  });
}
/** @internal */
export const IMAGE_SHAPE = objectOf<KustomizeImage>('KustomizeImage', { name: required(STRING), newName: STRING, newTag: STRING, digest: STRING });
/** @internal */
export const KUBE_CONFIG_SHAPE = objectOf<KubeConfigReference>('KubeConfigReference', { secretName: required(STRING), key: STRING });

const STRATEGY = objectOf<ActionStrategy>('ActionStrategy', { name: required(STRING), retryInterval: STRING });
const COMMON_ACTION: FieldShapes<CommonActionOptions> = {
  timeout: STRING,
  disableHooks: BOOLEAN,
  disableWait: BOOLEAN,
  disableWaitForJobs: BOOLEAN,
  disableOpenAPIValidation: BOOLEAN,
  disableSchemaValidation: BOOLEAN,
};
const INSTALL_REMEDIATION: FieldShapes<InstallRemediation> = { retries: INTEGER, ignoreTestFailures: BOOLEAN, remediateLastFailure: BOOLEAN };

/** The JavaScript types of the HelmRelease settings (see `checkShape`). @internal */
export const RELEASE_OPTION_SHAPES = {
  valuesFrom: listOf(objectOf<ValuesReference>('ValuesReference', {
    kind: required(STRING), name: required(STRING), valuesKey: STRING, targetPath: STRING, optional: BOOLEAN,
  })),
  install: objectOf<InstallOptions>('InstallOptions', {
    ...COMMON_ACTION,
    crds: STRING,
    createNamespace: BOOLEAN,
    replace: BOOLEAN,
    strategy: STRATEGY,
    remediation: objectOf<InstallRemediation>('InstallRemediation', INSTALL_REMEDIATION),
  }),
  upgrade: objectOf<UpgradeOptions>('UpgradeOptions', {
    ...COMMON_ACTION,
    crds: STRING,
    cleanupOnFail: BOOLEAN,
    force: BOOLEAN,
    preserveValues: BOOLEAN,
    strategy: STRATEGY,
    remediation: objectOf<UpgradeRemediation>('UpgradeRemediation', { ...INSTALL_REMEDIATION, strategy: STRING }),
  }),
  rollback: objectOf<RollbackOptions>('RollbackOptions', {
    timeout: STRING, cleanupOnFail: BOOLEAN, disableHooks: BOOLEAN, disableWait: BOOLEAN, disableWaitForJobs: BOOLEAN, force: BOOLEAN,
  }),
  uninstall: objectOf<UninstallOptions>('UninstallOptions', {
    timeout: STRING, disableHooks: BOOLEAN, disableWait: BOOLEAN, keepHistory: BOOLEAN, deletionPropagation: STRING,
  }),
  test: objectOf<TestOptions>('TestOptions', {
    enable: BOOLEAN,
    ignoreFailures: BOOLEAN,
    timeout: STRING,
    filters: listOf(objectOf<TestFilter>('TestFilter', { name: required(STRING), exclude: BOOLEAN })),
  }),
  driftDetection: objectOf<DriftDetectionOptions>('DriftDetectionOptions', {
    mode: STRING,
    ignore: listOf(IGNORE_RULE_SHAPE),
  }),
  postRenderers: listOf(objectOf<PostRenderer>('PostRenderer', { patches: listOf(PATCH_SHAPE), images: listOf(IMAGE_SHAPE) })),
  kubeConfig: KUBE_CONFIG_SHAPE,
  commonMetadata: COMMON_METADATA_SHAPE,
  waitStrategy: objectOf<WaitStrategy>('WaitStrategy', { name: required(STRING) }),
  healthCheckExprs: listOf(CUSTOM_HEALTH_CHECK_SHAPE),
} as const;
