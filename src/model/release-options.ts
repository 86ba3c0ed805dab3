import { BOOLEAN, FieldShapes, INTEGER, listOf, objectOf, required, STRING } from './shapes';

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

export interface ActionStrategy {
  /** `RemediateOnFailure` (remediate per `remediation`) or `RetryOnFailure` (retry without remediation). */
  readonly name: ActionStrategyName;
  /**
   * Time between retries; only with `RetryOnFailure`.
   * @default '5m' (Flux's default)
   */
  readonly retryInterval?: string;
}

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

export interface UpgradeRemediation extends InstallRemediation {
  /**
   * `rollback` or `uninstall` on failure.
   * @default 'rollback'
   */
  readonly strategy?: 'rollback' | 'uninstall';
}

interface CommonActionOptions {
  /**
   * Time to wait for the action, e.g. '10m'.
   * @default - the HelmRelease `timeout`
   */
  readonly timeout?: string;
  /** Skip Helm hooks. @default false */
  readonly disableHooks?: boolean;
  /** Do not wait for resources to be ready. @default false */
  readonly disableWait?: boolean;
  /** Do not wait for Jobs to complete. @default false */
  readonly disableWaitForJobs?: boolean;
  /** Skip OpenAPI validation of rendered manifests. @default false */
  readonly disableOpenAPIValidation?: boolean;
  /** Skip JSON-schema validation of values. @default false */
  readonly disableSchemaValidation?: boolean;
}

export interface InstallOptions extends CommonActionOptions {
  /** CRD handling on install. @default 'Create' */
  readonly crds?: CrdPolicy;
  /** Create the target namespace if missing. @default false */
  readonly createNamespace?: boolean;
  /** Reuse the release name of a deleted release. @default false */
  readonly replace?: boolean;
  /** What happens on failure. @default - Flux's default (RemediateOnFailure) */
  readonly strategy?: ActionStrategy;
  /** Retries and remediation after a failed install. @default - no retries */
  readonly remediation?: InstallRemediation;
}

export interface UpgradeOptions extends CommonActionOptions {
  /** CRD handling on upgrade. @default 'Skip' */
  readonly crds?: CrdPolicy;
  /** Delete new resources created during a failed upgrade. @default false */
  readonly cleanupOnFail?: boolean;
  /** Force resource updates through delete/recreate. @default false */
  readonly force?: boolean;
  /** Reuse the values of the last release. @default false */
  readonly preserveValues?: boolean;
  /** What happens on failure. @default - Flux's default (RemediateOnFailure) */
  readonly strategy?: ActionStrategy;
  /** Retries and remediation after a failed upgrade. @default - no retries, rollback */
  readonly remediation?: UpgradeRemediation;
}

export interface RollbackOptions {
  /** @default - the HelmRelease `timeout` */
  readonly timeout?: string;
  /** @default false */
  readonly cleanupOnFail?: boolean;
  /** @default false */
  readonly disableHooks?: boolean;
  /** @default false */
  readonly disableWait?: boolean;
  /** @default false */
  readonly disableWaitForJobs?: boolean;
  /** @default false */
  readonly force?: boolean;
}

export type DeletionPropagation = 'background' | 'foreground' | 'orphan';
export const DELETION_PROPAGATIONS: readonly DeletionPropagation[] = ['background', 'foreground', 'orphan'];

export interface UninstallOptions {
  /** @default - the HelmRelease `timeout` */
  readonly timeout?: string;
  /** @default false */
  readonly disableHooks?: boolean;
  /** @default false */
  readonly disableWait?: boolean;
  /** Keep the release history after uninstall. @default false */
  readonly keepHistory?: boolean;
  /** @default 'background' */
  readonly deletionPropagation?: DeletionPropagation;
}

export interface TestFilter {
  /** Test name. */
  readonly name: string;
  /** Exclude instead of include. @default false */
  readonly exclude?: boolean;
}

export interface TestOptions {
  /** Run Helm tests after install/upgrade. @default false */
  readonly enable?: boolean;
  /** Do not fail the release when tests fail. @default false */
  readonly ignoreFailures?: boolean;
  /** @default - the HelmRelease `timeout` */
  readonly timeout?: string;
  /** Which tests to run. @default - all */
  readonly filters?: TestFilter[];
}

export type DriftDetectionMode = 'enabled' | 'warn' | 'disabled';
export const DRIFT_DETECTION_MODES: readonly DriftDetectionMode[] = ['enabled', 'warn', 'disabled'];

export interface DriftIgnoreRule {
  /** JSON pointers to ignore, e.g. `/spec/replicas`. */
  readonly paths: string[];
  /** Objects the rule applies to. @default - all objects of the release */
  readonly target?: KustomizeSelector;
}

export interface DriftDetectionOptions {
  /** @default 'disabled' */
  readonly mode?: DriftDetectionMode;
  /** Fields helm-controller ignores when comparing. @default - none */
  readonly ignore?: DriftIgnoreRule[];
}

/** Selects objects, as in Kustomize patch targets. */
export interface KustomizeSelector {
  /** @default - any */
  readonly group?: string;
  /** @default - any */
  readonly version?: string;
  /** @default - any */
  readonly kind?: string;
  /** @default - any */
  readonly name?: string;
  /** @default - any */
  readonly namespace?: string;
  /** @default - any */
  readonly labelSelector?: string;
  /** @default - any */
  readonly annotationSelector?: string;
}

export interface KustomizePatch {
  /** Strategic merge or JSON6902 patch, as YAML or JSON text. */
  readonly patch: string;
  /** @default - the objects the patch itself names */
  readonly target?: KustomizeSelector;
}

export interface KustomizeImage {
  /** Image name to replace. */
  readonly name: string;
  /** @default - unchanged */
  readonly newName?: string;
  /** @default - unchanged */
  readonly newTag?: string;
  /** @default - unchanged */
  readonly digest?: string;
}

/** A Kustomize post-renderer applied to the rendered chart. */
export interface PostRenderer {
  /** @default - none */
  readonly patches?: KustomizePatch[];
  /** @default - none */
  readonly images?: KustomizeImage[];
}

/** A ConfigMap or Secret whose data is merged into the values. */
export interface ValuesReference {
  /** `ConfigMap` or `Secret`. */
  readonly kind: 'ConfigMap' | 'Secret';
  /** Name of the object, in the HelmRelease's namespace. */
  readonly name: string;
  /** @default 'values.yaml' */
  readonly valuesKey?: string;
  /** Dot path the value is written to instead of merging. @default - merged at the root */
  readonly targetPath?: string;
  /** Tolerate a missing object or key. @default false */
  readonly optional?: boolean;
}

/** A kubeconfig for installing into a remote cluster. */
export interface KubeConfigReference {
  /** Secret holding the kubeconfig. */
  readonly secretName: string;
  /** @default 'value' (Flux tries 'value' then 'value.yaml') */
  readonly key?: string;
}

const SELECTOR = objectOf<KustomizeSelector>('KustomizeSelector', {
  group: STRING, version: STRING, kind: STRING, name: STRING, namespace: STRING, labelSelector: STRING, annotationSelector: STRING,
});

/** Shapes of Kustomize patches and images (HelmRelease post-renderers, Kustomization). @internal */
export const PATCH_SHAPE = objectOf<KustomizePatch>('KustomizePatch', { patch: required(STRING), target: SELECTOR });
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
    ignore: listOf(objectOf<DriftIgnoreRule>('DriftIgnoreRule', { paths: required(listOf(STRING)), target: SELECTOR })),
  }),
  postRenderers: listOf(objectOf<PostRenderer>('PostRenderer', { patches: listOf(PATCH_SHAPE), images: listOf(IMAGE_SHAPE) })),
  kubeConfig: KUBE_CONFIG_SHAPE,
} as const;
