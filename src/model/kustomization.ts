import { checkDependencyRefs, DEPENDENCY_REF_SHAPE, DependencyRef, FluxDependency } from './dependencies';
import {
  checkBoolean, checkDnsLabel, checkDnsSubdomain, checkDuration, checkEnum, checkString, describe,
} from './field-checks';
import { isFluxVariableName } from './flux-variables';
import { atLeast, FluxVersion } from './flux-version';
import { ObjectRef } from './kube-object';
import { checkKustomizeSelector } from './kustomize-target';
import {
  checkCustomHealthChecks, checkIgnoreRules, COMMON_METADATA_SHAPE, CommonMetadata, CUSTOM_HEALTH_CHECK_SHAPE, CustomHealthCheck, DriftIgnoreRule,
  IGNORE_RULE_SHAPE, IMAGE_SHAPE, KUBE_CONFIG_SHAPE, KubeConfigReference, KustomizePatch, KustomizeImage, PATCH_SHAPE,
} from './release-options';
import { BOOLEAN, checkFields, FieldShapes, listOf, objectOf, required, STRING, STRING_MAP } from './shapes';
import { Target } from './target';
import { IssueList } from '../foundation/issues';

/**
 * A `kustomize.toolkit.fluxcd.io/v1` Kustomization applying the manifests
 * of a source artifact, as users declare it: fields named and shaped as the
 * CRD, so Flux's documentation applies. cdk8s `FluxKustomizationProps`
 * extend it, Pulumi `FluxKustomizationArgs` are derived from it.
 *
 * @typeParam TSource the front end's artifact source
 * @typeParam TDependency how the front end names another Kustomization
 */
export interface KustomizationOptions<TSource, TDependency> {
  /** The artifact holding the manifests. */
  readonly source: TSource;
  /**
   * Delete objects from the cluster when they disappear from the artifact
   * (and, by default, when the Kustomization is deleted). Flux has no
   * default: choose.
   */
  readonly prune: boolean;
  /**
   * Directory in the artifact with a `kustomization.yaml` or plain YAML
   * files, relative to the artifact root.
   * @example './deploy/production'
   * @default - the artifact root
   */
  readonly path?: string;
  /**
   * Name of the Kustomization.
   * @default - the construct id (cdk8s) or resource name (Pulumi) as a DNS-1123 label
   */
  readonly name?: string;
  /**
   * Namespace of the Kustomization.
   * @default - the Chart's namespace (cdk8s), the source's namespace (Pulumi)
   */
  readonly namespace?: string;
  /**
   * How often kustomize-controller applies the artifact again, correcting drift.
   * @default '10m'
   */
  readonly interval?: string;
  /**
   * How soon a failed reconciliation is retried.
   * @default - `interval`
   */
  readonly retryInterval?: string;
  /**
   * Timeout for building, applying and health checking.
   * @default - Flux's default, `interval`
   */
  readonly timeout?: string;
  /**
   * Namespace every namespaced object is put in; it must exist or be part of the artifact.
   * @default - the namespaces the manifests name
   */
  readonly targetNamespace?: string;
  /**
   * ServiceAccount kustomize-controller impersonates when applying.
   * @default - the controller's own
   */
  readonly serviceAccountName?: string;
  /**
   * Kustomizations that must be ready before Flux applies this one (the
   * Kustomization's `spec.dependsOn`); `{ dependency, readyExpr }` says
   * with CEL when one counts as ready (Flux 2.7+). Not the creation order
   * of Pulumi resources (`opts.dependsOn`) or of cdk8s objects.
   * @default - none
   */
  readonly fluxDependsOn?: readonly FluxDependency<TDependency>[];
  /**
   * Wait until every applied object is ready (replaces `healthChecks`).
   * @default false
   */
  readonly wait?: boolean;
  /**
   * Objects whose readiness decides whether the Kustomization is ready.
   * @default - none
   */
  readonly healthChecks?: readonly KustomizationHealthCheck[];
  /**
   * CEL health checks for custom resources kstatus does not know, read
   * when the Kustomization waits or lists them in `healthChecks` (Flux 2.5+).
   * @default - none
   */
  readonly healthCheckExprs?: readonly CustomHealthCheck[];
  /**
   * Variables substituted into the built manifests.
   * @default - no substitution
   */
  readonly postBuild?: PostBuildSubstitution;
  /**
   * Strategic merge or JSON6902 patches applied by Kustomize.
   * @default - none
   */
  readonly patches?: readonly KustomizePatch[];
  /**
   * Image name, tag or digest overrides.
   * @default - none
   */
  readonly images?: readonly KustomizeImage[];
  /**
   * Kustomize components, relative to `path`.
   * @default - none
   */
  readonly components?: readonly string[];
  /**
   * Leave out `components` the source does not have instead of failing (Flux 2.7+).
   * @default false
   */
  readonly ignoreMissingComponents?: boolean;
  /**
   * Kustomize build metadata added to the applied objects: `originAnnotations`
   * (the file each object came from), `transformerAnnotations` (what changed it) (Flux 2.9+).
   * @default - none
   */
  readonly buildMetadata?: readonly BuildMetadataOption[];
  /**
   * Fields kustomize-controller neither applies nor corrects, per JSON pointer and target (Flux 2.9+).
   * @default - none
   */
  readonly ignore?: readonly DriftIgnoreRule[];
  /**
   * Labels and annotations set on every applied object.
   * @default - none
   */
  readonly commonMetadata?: CommonMetadata;
  /**
   * Prefix added to the names of the applied objects (Flux 2.3+).
   * @default - none
   */
  readonly namePrefix?: string;
  /**
   * Suffix added to the names of the applied objects (Flux 2.3+).
   * @default - none
   */
  readonly nameSuffix?: string;
  /**
   * Recreate objects that cannot be patched (immutable fields).
   * @default false
   */
  readonly force?: boolean;
  /**
   * What happens to the applied objects when the Kustomization is deleted (Flux 2.5+; `WaitForTermination` 2.6+).
   * @default - Flux's default, 'MirrorPrune' (follow `prune`)
   */
  readonly deletionPolicy?: DeletionPolicy;
  /**
   * Decrypt SOPS-encrypted Secrets in the artifact.
   * @default - no decryption
   */
  readonly decryption?: KustomizationDecryption;
  /**
   * Apply to a remote cluster.
   * @default - the cluster Flux runs in
   */
  readonly kubeConfig?: KubeConfigReference;
  /**
   * Stop reconciling.
   * @default false
   */
  readonly suspend?: boolean;
}

/**
 * The Kustomization as the model sees it: its options with the source as a
 * reference and the name settled. Validated by `validateKustomization`.
 * @internal
 */
export interface KustomizationSpec extends Omit<KustomizationOptions<never, ObjectRef>, 'source' | 'name' | 'fluxDependsOn'> {
  readonly name: string;
  /** The Kustomizations Flux waits for, by name, each with its readyExpr where it has one. @default - none */
  readonly fluxDependsOn?: readonly DependencyRef[];
  /** The source object holding the manifests. */
  readonly sourceRef: KustomizationSourceRef;
}

/** The spec of a Kustomization from its options: every option as given, with what the front end settled. @internal */
export function kustomizationSpecOf<TSource, TDependency>(
  options: KustomizationOptions<TSource, TDependency>,
  settled: Pick<KustomizationSpec, 'name' | 'namespace' | 'sourceRef' | 'fluxDependsOn'>,
): KustomizationSpec {
  const { source: _source, fluxDependsOn: _fluxDependsOn, ...rest } = options;
  return { ...rest, ...settled, fluxDependsOn: settled.fluxDependsOn?.length ? settled.fluxDependsOn : undefined };
}

/** The source of a Kustomization: an OCIRepository by name. */
export interface KustomizationSourceRef {
  /** Kind of the source object. */
  readonly kind: 'OCIRepository';
  /** Name of the source object. */
  readonly name: string;
  /**
   * Namespace of the source object.
   * @default - the Kustomization's namespace
   */
  readonly namespace?: string;
}

/** An object whose readiness the Kustomization waits for. */
export interface KustomizationHealthCheck {
  /** Kind of the object, e.g. `Deployment` or `HelmRelease`. */
  readonly kind: string;
  /** Name of the object. */
  readonly name: string;
  /**
   * Namespace of the object.
   * @default - none (cluster-scoped objects)
   */
  readonly namespace?: string;
  /**
   * apiVersion of the object, e.g. `apps/v1`.
   * @default - the preferred version of `kind`
   */
  readonly apiVersion?: string;
}

/** Variables substituted into the built manifests (`${var}`, `${var:=default}`). */
export interface PostBuildSubstitution {
  /**
   * Variable names and their string values.
   * @default - none
   */
  readonly substitute?: Record<string, string>;
  /**
   * ConfigMaps and Secrets whose keys become variables, in order (later ones win, `substitute` wins over all).
   * @default - none
   */
  readonly substituteFrom?: readonly SubstituteReference[];
}

/** A ConfigMap or Secret in the Kustomization's namespace whose data keys are variables. */
export interface SubstituteReference {
  /** `ConfigMap` or `Secret`. */
  readonly kind: 'ConfigMap' | 'Secret';
  /** Name of the object, in the Kustomization's namespace. */
  readonly name: string;
  /**
   * Treat a missing object as empty instead of failing.
   * @default false
   */
  readonly optional?: boolean;
}

/** Kustomize build metadata kustomize-controller can add to applied objects. */
export type BuildMetadataOption = 'originAnnotations' | 'transformerAnnotations';
export const BUILD_METADATA_OPTIONS: readonly BuildMetadataOption[] = ['originAnnotations', 'transformerAnnotations'];

/** What happens to the applied objects when the Kustomization is deleted. */
export type DeletionPolicy = 'MirrorPrune' | 'Delete' | 'WaitForTermination' | 'Orphan';
export const DELETION_POLICIES: readonly DeletionPolicy[] = ['MirrorPrune', 'Delete', 'WaitForTermination', 'Orphan'];

/** SOPS decryption of encrypted Secrets in the artifact. */
export interface KustomizationDecryption {
  /**
   * The only provider Flux has.
   * @default 'sops'
   */
  readonly provider?: 'sops';
  /**
   * Secret with the age/PGP keys or KMS credentials, in the Kustomization's namespace.
   * @default - the controller's own identity (cloud KMS)
   */
  readonly secretName?: string;
}

/** The JavaScript type of every Kustomization field (see `checkShape`); the source is checked as a source. */
const KUSTOMIZATION_SHAPES: FieldShapes<Omit<KustomizationSpec, 'sourceRef' | 'prune'>> = {
  path: STRING,
  name: required(STRING),
  namespace: STRING,
  interval: STRING,
  retryInterval: STRING,
  timeout: STRING,
  targetNamespace: STRING,
  serviceAccountName: STRING,
  fluxDependsOn: listOf(DEPENDENCY_REF_SHAPE),
  wait: BOOLEAN,
  healthChecks: listOf(objectOf<KustomizationHealthCheck>('KustomizationHealthCheck', {
    kind: required(STRING), name: required(STRING), namespace: STRING, apiVersion: STRING,
  })),
  postBuild: objectOf<PostBuildSubstitution>('PostBuildSubstitution', {
    substitute: STRING_MAP,
    substituteFrom: listOf(objectOf<SubstituteReference>('SubstituteReference', { kind: required(STRING), name: required(STRING), optional: BOOLEAN })),
  }),
  patches: listOf(PATCH_SHAPE),
  images: listOf(IMAGE_SHAPE),
  components: listOf(STRING),
  ignoreMissingComponents: BOOLEAN,
  buildMetadata: listOf(STRING),
  ignore: listOf(IGNORE_RULE_SHAPE),
  healthCheckExprs: listOf(CUSTOM_HEALTH_CHECK_SHAPE),
  commonMetadata: COMMON_METADATA_SHAPE,
  namePrefix: STRING,
  nameSuffix: STRING,
  force: BOOLEAN,
  deletionPolicy: STRING,
  decryption: objectOf<KustomizationDecryption>('KustomizationDecryption', { provider: STRING, secretName: STRING }),
  kubeConfig: KUBE_CONFIG_SHAPE,
  suspend: BOOLEAN,
};

/** Default Kustomization reconcile interval. @internal */
export const DEFAULT_KUSTOMIZATION_INTERVAL = '10m';

/**
 * Kustomization v1 fields that appeared after Flux 2.0, with the first Flux
 * minor whose kustomize-controller serves them (kustomize-controller CRDs
 * at v1.3.0, v1.5.0, v1.6.0).
 * @internal
 */
export const KUSTOMIZATION_FEATURES = {
  'Kustomization namePrefix/nameSuffix': '2.3',
  'Kustomization healthCheckExprs': '2.5',
  'Kustomization ignoreMissingComponents': '2.7',
  'Kustomization dependsOn readyExpr': '2.7',
  'Kustomization buildMetadata and ignore': '2.9',
  'Kustomization deletionPolicy': '2.5',
  "Kustomization deletionPolicy 'WaitForTermination'": '2.6',
} as const satisfies Record<string, FluxVersion>;

/** @internal */
export type KustomizationFeature = keyof typeof KUSTOMIZATION_FEATURES;


/**
 * Checks a Kustomization the way its CRD and kustomize-controller would,
 * plus what the chosen Flux version lacks.
 * @internal
 */
export function validateKustomization(spec: KustomizationSpec, target: Target, issues: IssueList): void {
  if (target.kind !== 'flux') {
    issues.add('target', `the ${target.kind} target has no Kustomization; plain-manifest artifacts need Flux, so remove target '${target.kind}' from the settings of this scope`);
    return;
  }
  if (typeof spec.prune !== 'boolean') {
    issues.add('prune', `Flux requires a choice: true deletes objects that disappear from the artifact, false leaves them in the cluster; got ${spec.prune === undefined ? 'nothing' : describe(spec.prune)}`);
  }
  if (!checkFields(issues, spec, KUSTOMIZATION_SHAPES)) return;
  checkDnsSubdomain(issues, 'name', spec.name);
  checkDnsLabel(issues, 'namespace', spec.namespace);
  checkPath(issues, 'path', spec.path);
  checkDuration(issues, 'interval', spec.interval, { allowHours: true });
  checkDuration(issues, 'retryInterval', spec.retryInterval, { allowHours: true });
  checkDuration(issues, 'timeout', spec.timeout, { allowHours: true });
  checkDnsLabel(issues, 'targetNamespace', spec.targetNamespace);
  checkDnsSubdomain(issues, 'serviceAccountName', spec.serviceAccountName);
  for (const field of ['wait', 'force', 'suspend'] as const) checkBoolean(issues, field, spec[field]);

  checkDependencyRefs(issues, 'fluxDependsOn', spec.fluxDependsOn);
  spec.fluxDependsOn?.forEach((d, i) => {
    if (d.name === spec.name && (d.namespace ?? spec.namespace) === spec.namespace) {
      issues.add(`fluxDependsOn[${i}]`, `Kustomization '${spec.name}' depends on itself and would never become ready`);
    }
  });
  checkHealthChecks(issues, spec, target.fluxVersion);
  checkPostBuild(issues, spec.postBuild);
  spec.patches?.forEach((p, i) => {
    checkString(issues, `patches[${i}].patch`, p.patch, { min: 1 });
    checkKustomizeSelector(issues, `patches[${i}].target`, p.target);
  });
  spec.images?.forEach((img, i) => {
    checkString(issues, `images[${i}].name`, img.name, { min: 1 });
    for (const f of ['newName', 'newTag', 'digest'] as const) checkString(issues, `images[${i}].${f}`, img[f], { min: 1 });
  });
  spec.components?.forEach((c, i) => {
    if (checkString(issues, `components[${i}]`, c, { min: 1 }) && c.startsWith('/')) {
      issues.add(`components[${i}]`, `'${c}' is absolute; components are paths relative to 'path', e.g. '../ingress'`);
    }
  });
  checkString(issues, 'namePrefix', spec.namePrefix, { min: 1, max: 200 });
  checkString(issues, 'nameSuffix', spec.nameSuffix, { min: 1, max: 200 });
  checkEnum(issues, 'deletionPolicy', spec.deletionPolicy, DELETION_POLICIES);
  if (spec.decryption) {
    checkEnum(issues, 'decryption.provider', spec.decryption.provider, ['sops'] as const);
    checkDnsSubdomain(issues, 'decryption.secretName', spec.decryption.secretName);
  }
  if (spec.kubeConfig) {
    checkDnsSubdomain(issues, 'kubeConfig.secretName', spec.kubeConfig.secretName);
    checkString(issues, 'kubeConfig.key', spec.kubeConfig.key, { min: 1 });
  }
  checkFeatures(issues, spec, target.fluxVersion);
}

/** Paths are joined to the artifact root, so they must stay inside it. */
function checkPath(issues: IssueList, field: string, path: unknown): void {
  if (!checkString(issues, field, path) || path === undefined) return;
  if (path.startsWith('/')) {
    issues.add(field, `'${path}' is absolute; write it relative to the artifact root, e.g. '.${path}'`);
  } else if (path.split(/[\\/]/).includes('..')) {
    issues.add(field, `'${path}' goes up with '..'; a path stays inside the artifact, e.g. './deploy'`);
  }
}

function checkHealthChecks(issues: IssueList, spec: KustomizationSpec, fluxVersion: FluxVersion): void {
  // A release that does not serve the field is told so once (checkFeatures), not entry by entry.
  if (atLeast(fluxVersion, KUSTOMIZATION_FEATURES['Kustomization healthCheckExprs'])) checkCustomHealthChecks(issues, 'healthCheckExprs', spec.healthCheckExprs, fluxVersion);
  checkBoolean(issues, 'ignoreMissingComponents', spec.ignoreMissingComponents);
  spec.buildMetadata?.forEach((m, i) => checkEnum(issues, `buildMetadata[${i}]`, m, BUILD_METADATA_OPTIONS));
  checkIgnoreRules(issues, 'ignore', spec.ignore);
  spec.ignore?.forEach((rule, i) => checkKustomizeSelector(issues, `ignore[${i}].target`, rule.target));
  spec.healthChecks?.forEach((h, i) => {
    checkString(issues, `healthChecks[${i}].kind`, h.kind, { min: 1 });
    checkDnsSubdomain(issues, `healthChecks[${i}].name`, h.name);
    checkDnsLabel(issues, `healthChecks[${i}].namespace`, h.namespace);
    checkString(issues, `healthChecks[${i}].apiVersion`, h.apiVersion, { min: 1 });
  });
  if (spec.wait === true && spec.healthChecks?.length) {
    issues.add('healthChecks', 'Flux ignores healthChecks when wait is true (wait checks every applied object); drop one of them');
  }
  // kustomize-controller's API (v1.9 kustomization_types.go): "evaluated only when Wait or HealthChecks are specified".
  if (spec.healthCheckExprs?.length && spec.wait !== true && !spec.healthChecks?.length) {
    issues.add('healthCheckExprs', 'Flux evaluates healthCheckExprs only when wait is true or healthChecks lists objects, and neither is set; set one or drop them');
  }
}

function checkPostBuild(issues: IssueList, postBuild: PostBuildSubstitution | undefined): void {
  if (!postBuild) return;
  for (const name of Object.keys(postBuild.substitute ?? {})) {
    if (!isFluxVariableName(name)) {
      issues.add(`postBuild.substitute.${name}`, `'${name}' is not a valid variable name; use letters, digits and '_', not starting with a digit`);
    }
  }
  postBuild.substituteFrom?.forEach((s, i) => {
    checkEnum(issues, `postBuild.substituteFrom[${i}].kind`, s.kind, ['ConfigMap', 'Secret'] as const);
    checkDnsSubdomain(issues, `postBuild.substituteFrom[${i}].name`, s.name);
    checkBoolean(issues, `postBuild.substituteFrom[${i}].optional`, s.optional);
  });
}

function checkFeatures(issues: IssueList, spec: KustomizationSpec, v: FluxVersion): void {
  const need = (field: string, used: unknown, feature: KustomizationFeature) => {
    if (used && !atLeast(v, KUSTOMIZATION_FEATURES[feature])) {
      issues.add(field, `${feature} needs Flux ${KUSTOMIZATION_FEATURES[feature]} or newer, but fluxVersion is '${v}'; raise fluxVersion or remove it`);
    }
  };
  need('namePrefix', spec.namePrefix !== undefined, 'Kustomization namePrefix/nameSuffix');
  need('healthCheckExprs', (spec.healthCheckExprs?.length ?? 0) > 0, 'Kustomization healthCheckExprs');
  need('ignoreMissingComponents', spec.ignoreMissingComponents !== undefined, 'Kustomization ignoreMissingComponents');
  need('buildMetadata', (spec.buildMetadata?.length ?? 0) > 0, 'Kustomization buildMetadata and ignore');
  spec.fluxDependsOn?.forEach((d, i) => need(`fluxDependsOn[${i}].readyExpr`, d.readyExpr !== undefined, 'Kustomization dependsOn readyExpr'));
  need('ignore', (spec.ignore?.length ?? 0) > 0, 'Kustomization buildMetadata and ignore');
  need('nameSuffix', spec.nameSuffix !== undefined, 'Kustomization namePrefix/nameSuffix');
  if (spec.deletionPolicy === 'WaitForTermination') need('deletionPolicy', true, "Kustomization deletionPolicy 'WaitForTermination'");
  else need('deletionPolicy', spec.deletionPolicy !== undefined, 'Kustomization deletionPolicy');
}
