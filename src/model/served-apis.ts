/**
 * Which Flux releases serve which apiVersion of each kind flux-oci knows,
 * and, for the versions current Flux no longer serves, what replaced them
 * and which fields changed on the way. The one table the synth-time
 * target (`fluxApiVersions` picks from what it serves), `flux-oci check`'s
 * messages and its Flux-release inference read.
 *
 * Sources (research notes of issue 13, §5):
 * - removals: fluxcd/source-controller v1.7.0 (`ca436314`, source v1beta1)
 *   and v1.8.0 (source v1beta2); fluxcd/helm-controller v1.4.0 (`d7cd9ae`,
 *   v2beta1) and v1.5.0 (`34861e7`, v2beta2); fluxcd/kustomize-controller
 *   v1.7.0 (`c8b9d82`, v1beta1) and v1.8.0 (`64558eb`, v1beta2, whose
 *   CHANGELOG asks users to run `flux migrate`); the controller each Flux
 *   minor ships is in fluxcd/flux2 `manifests/bases/*` at the Flux tag;
 * - field changes: the `.spec` trees of the last CRD serving the old version
 *   (helm-controller v1.3.0 / v1.4.5, source-controller v1.7.4,
 *   kustomize-controller v1.6.1 / v1.7.3) against the current CRD;
 * - GitRepository, Bucket, the notification and the image kinds: the served
 *   versions in `config/crd/bases/` of source-, notification-,
 *   image-reflector- and image-automation-controller at the tag fluxcd/flux2
 *   (`da23ca0e`) names for the first and last patch of each Flux minor, and
 *   their v1beta2 `.spec` trees (source-controller v1.7.4, notification-
 *   controller v1.8.4, image-reflector v1.1.2, image-automation v1.1.4)
 *   against the current ones (reference/flux-crds/SOURCE.md).
 */
import { FLUX_VERSIONS, FluxVersion, LATEST_FLUX_VERSION } from './flux-version';

/** One apiVersion of one kind, and the Flux releases that serve it. */
export interface ServedApi {
  readonly apiVersion: string;
  readonly kind: string;
  /** The first Flux minor that serves it (2.0 for everything flux-oci's oldest target already had). */
  readonly since: FluxVersion;
  /** The last Flux minor that serves it; absent while the newest Flux still does. */
  readonly until?: FluxVersion;
  /** For a version Flux no longer serves: the apiVersion to use instead. */
  readonly replacement?: string;
  /**
   * For a version Flux no longer serves: what a manifest must change besides
   * the apiVersion; empty when only the apiVersion changes, absent when the
   * schemas were not compared.
   */
  readonly changes?: readonly ApiChange[];
}

/** One field change between a removed apiVersion and its replacement. */
export interface ApiChange {
  /**
   * The fields it concerns, dotted, `[]` for every item of a list: a
   * manifest without any of them is not affected. None for a tighter
   * constraint, which validating the manifest as the new version shows.
   */
  readonly fields: readonly string[];
  /** What to do. */
  readonly text: string;
}

const SOURCE_V1 = 'source.toolkit.fluxcd.io/v1';
const HELM_V2 = 'helm.toolkit.fluxcd.io/v2';
const KUSTOMIZE_V1 = 'kustomize.toolkit.fluxcd.io/v1';
const NOTIFICATION_V1 = 'notification.toolkit.fluxcd.io/v1';
const NOTIFICATION_V1BETA3 = 'notification.toolkit.fluxcd.io/v1beta3';
const IMAGE_V1 = 'image.toolkit.fluxcd.io/v1';

const POST_RENDERER_PATCHES: ApiChange = {
  fields: ['spec.postRenderers[].kustomize.patchesStrategicMerge', 'spec.postRenderers[].kustomize.patchesJson6902'],
  text: 'spec.postRenderers[].kustomize.patchesStrategicMerge and .patchesJson6902 are gone: use spec.postRenderers[].kustomize.patches[] ({patch, target})',
};
const HELM_VALUES_FILE: ApiChange = { fields: ['spec.chart.spec.valuesFile'], text: 'spec.chart.spec.valuesFile is gone: use spec.chart.spec.valuesFiles[]' };
const KUSTOMIZE_PATCHES: ApiChange = {
  fields: ['spec.patchesStrategicMerge', 'spec.patchesJson6902'],
  text: 'spec.patchesStrategicMerge and spec.patchesJson6902 are gone: use spec.patches[] ({patch, target})',
};
const ACCESS_FROM: ApiChange = { fields: ['spec.accessFrom'], text: 'spec.accessFrom is gone (it was never implemented): drop it' };
const KUSTOMIZE_VALIDATION: ApiChange = { fields: ['spec.validation'], text: 'spec.validation is gone, with no replacement (v1 always validates server-side)' };

export const SERVED_APIS: readonly ServedApi[] = [
  { apiVersion: SOURCE_V1, kind: 'HelmRepository', since: '2.3' },
  { apiVersion: SOURCE_V1, kind: 'HelmChart', since: '2.3' },
  { apiVersion: SOURCE_V1, kind: 'OCIRepository', since: '2.6' },
  { apiVersion: 'source.toolkit.fluxcd.io/v1beta2', kind: 'HelmRepository', since: '2.0', until: '2.7', replacement: SOURCE_V1, changes: [] },
  { apiVersion: 'source.toolkit.fluxcd.io/v1beta2', kind: 'OCIRepository', since: '2.0', until: '2.7', replacement: SOURCE_V1, changes: [] },
  {
    apiVersion: 'source.toolkit.fluxcd.io/v1beta2',
    kind: 'HelmChart',
    since: '2.0',
    until: '2.7',
    replacement: SOURCE_V1,
    changes: [
      { fields: ['spec.valuesFile'], text: 'spec.valuesFile is gone: use spec.valuesFiles[]' },
      ACCESS_FROM,
    ],
  },
  { apiVersion: 'source.toolkit.fluxcd.io/v1beta1', kind: 'HelmRepository', since: '2.0', until: '2.6', replacement: SOURCE_V1 },
  { apiVersion: 'source.toolkit.fluxcd.io/v1beta1', kind: 'HelmChart', since: '2.0', until: '2.6', replacement: SOURCE_V1 },
  { apiVersion: SOURCE_V1, kind: 'GitRepository', since: '2.0' },
  {
    apiVersion: 'source.toolkit.fluxcd.io/v1beta2',
    kind: 'GitRepository',
    since: '2.0',
    until: '2.7',
    replacement: SOURCE_V1,
    changes: [ACCESS_FROM, { fields: ['spec.gitImplementation'], text: 'spec.gitImplementation is gone (go-git is the only implementation): drop it' }],
  },
  { apiVersion: 'source.toolkit.fluxcd.io/v1beta1', kind: 'GitRepository', since: '2.0', until: '2.6', replacement: SOURCE_V1 },
  { apiVersion: SOURCE_V1, kind: 'Bucket', since: '2.4' },
  { apiVersion: 'source.toolkit.fluxcd.io/v1beta2', kind: 'Bucket', since: '2.0', until: '2.7', replacement: SOURCE_V1, changes: [ACCESS_FROM] },
  { apiVersion: 'source.toolkit.fluxcd.io/v1beta1', kind: 'Bucket', since: '2.0', until: '2.6', replacement: SOURCE_V1 },
  // source-watcher, a Flux component from 2.7 (fluxcd/flux2 manifests/bases/source-watcher: v2.0.1 in Flux 2.7.0).
  { apiVersion: 'source.extensions.fluxcd.io/v1beta1', kind: 'ArtifactGenerator', since: '2.7' },
  { apiVersion: HELM_V2, kind: 'HelmRelease', since: '2.3' },
  {
    apiVersion: 'helm.toolkit.fluxcd.io/v2beta2',
    kind: 'HelmRelease',
    since: '2.2',
    until: '2.7',
    replacement: HELM_V2,
    changes: [HELM_VALUES_FILE, POST_RENDERER_PATCHES],
  },
  {
    apiVersion: 'helm.toolkit.fluxcd.io/v2beta1',
    kind: 'HelmRelease',
    since: '2.0',
    until: '2.6',
    replacement: HELM_V2,
    changes: [
      HELM_VALUES_FILE,
      POST_RENDERER_PATCHES,
      { fields: ['spec.chartRef'], text: 'exactly one of spec.chart and spec.chartRef must be set (v2beta1 required spec.chart)' },
      { fields: ['spec.kubeConfig'], text: 'spec.kubeConfig needs exactly one of secretRef and configMapRef' },
      { fields: [], text: 'spec.chart.spec.chart is 1 to 2048 characters, spec.serviceAccountName 1 to 253' },
    ],
  },
  { apiVersion: KUSTOMIZE_V1, kind: 'Kustomization', since: '2.0' },
  {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1beta2',
    kind: 'Kustomization',
    since: '2.0',
    until: '2.7',
    replacement: KUSTOMIZE_V1,
    changes: [KUSTOMIZE_VALIDATION, KUSTOMIZE_PATCHES],
  },
  {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1beta1',
    kind: 'Kustomization',
    since: '2.0',
    until: '2.6',
    replacement: KUSTOMIZE_V1,
    changes: [
      KUSTOMIZE_VALIDATION,
      KUSTOMIZE_PATCHES,
      { fields: ['spec.interval', 'spec.retryInterval', 'spec.timeout'], text: 'spec.interval, spec.retryInterval and spec.timeout must be Go durations such as 10m or 1h30m' },
    ],
  },
  ...(['Alert', 'Provider'] as const).flatMap((kind): ServedApi[] => [
    { apiVersion: NOTIFICATION_V1BETA3, kind, since: '2.2' },
    { apiVersion: 'notification.toolkit.fluxcd.io/v1beta2', kind, since: '2.0', until: '2.8', replacement: NOTIFICATION_V1BETA3, changes: [] },
    { apiVersion: 'notification.toolkit.fluxcd.io/v1beta1', kind, since: '2.0', until: '2.6', replacement: NOTIFICATION_V1BETA3 },
  ]),
  { apiVersion: NOTIFICATION_V1, kind: 'Receiver', since: '2.0' },
  { apiVersion: 'notification.toolkit.fluxcd.io/v1beta2', kind: 'Receiver', since: '2.0', until: '2.8', replacement: NOTIFICATION_V1, changes: [] },
  { apiVersion: 'notification.toolkit.fluxcd.io/v1beta1', kind: 'Receiver', since: '2.0', until: '2.6', replacement: NOTIFICATION_V1 },
  ...(['ImageRepository', 'ImagePolicy', 'ImageUpdateAutomation'] as const).flatMap((kind): ServedApi[] => [
    { apiVersion: IMAGE_V1, kind, since: '2.7' },
    // ImageUpdateAutomation was v1beta1 only until image-automation-controller v0.38.0 (Flux 2.3).
    { apiVersion: 'image.toolkit.fluxcd.io/v1beta2', kind, since: kind === 'ImageUpdateAutomation' ? '2.3' : '2.0', until: '2.8', replacement: IMAGE_V1, changes: [] },
    { apiVersion: 'image.toolkit.fluxcd.io/v1beta1', kind, since: '2.0', until: '2.6', replacement: IMAGE_V1 },
  ]),
];

/** The table's row for `apiVersion`/`kind`, if flux-oci knows it. */
export function servedApi(apiVersion: string, kind: string): ServedApi | undefined {
  return SERVED_APIS.find((a) => a.apiVersion === apiVersion && a.kind === kind);
}

/** Whether Flux `version` serves the row's apiVersion. */
export function isServedBy(api: ServedApi, version: FluxVersion): boolean {
  const i = FLUX_VERSIONS.indexOf(version);
  return i >= FLUX_VERSIONS.indexOf(api.since) && (api.until === undefined || i <= FLUX_VERSIONS.indexOf(api.until));
}

/** The first Flux minor that no longer serves the row's apiVersion; undefined while served. */
export function removedIn(api: ServedApi): FluxVersion | undefined {
  return api.until === undefined ? undefined : FLUX_VERSIONS[FLUX_VERSIONS.indexOf(api.until) + 1];
}

/**
 * One sentence for a version the newest Flux no longer serves: since when,
 * what to use instead, which fields change. With `manifest`, only the
 * changes that concern its fields are listed. `servedByTarget` names an
 * older Flux the user targets that still serves it.
 */
export function removedApiMessage(api: ServedApi, options: { readonly manifest?: unknown; readonly servedByTarget?: FluxVersion } = {}): string {
  const removed = removedIn(api) ?? LATEST_FLUX_VERSION;
  const head = options.servedByTarget
    ? `${api.apiVersion} ${api.kind} is served by Flux ${options.servedByTarget} but not by Flux ${removed} or newer (last served by Flux ${api.until}.x)`
    : `${api.apiVersion} ${api.kind} is not served by Flux ${removed} or newer (last served by Flux ${api.until}.x)`;
  const changes = options.manifest === undefined
    ? api.changes
    : api.changes?.filter((c) => c.fields.some((f) => hasField(options.manifest, f)));
  const listed = changes === undefined
    ? 'field changes are not recorded here: compare the object with the reference of the new version'
    : changes.length > 0 ? `field changes: ${changes.map((c) => c.text).join('; ')}`
      : options.manifest === undefined ? 'no field changes, only the apiVersion' : 'none of its fields change, only the apiVersion';
  return `${head}; use ${api.replacement} (${listed}). 'flux migrate' rewrites manifests in place`;
}

/** Whether `manifest` sets the dotted `field` (`[]`: in any item of a list). */
function hasField(manifest: unknown, field: string): boolean {
  const [head, ...rest] = field.split('.');
  const list = head.endsWith('[]');
  const key = list ? head.slice(0, -2) : head;
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) return false;
  const value = (manifest as Record<string, unknown>)[key];
  if (value === undefined) return false;
  if (rest.length === 0) return true;
  const next = rest.join('.');
  return list ? Array.isArray(value) && value.some((item) => hasField(item, next)) : hasField(value, next);
}

/** The Flux release a set of manifests is written for, as far as their apiVersions tell. */
export interface InferredFluxVersion {
  readonly fluxVersion: FluxVersion;
  /** The apiVersion/kind that capped it below the newest Flux, e.g. `helm.toolkit.fluxcd.io/v2beta1 HelmRelease`. */
  readonly because?: string;
  /** The apiVersions no single Flux release serves together, when they conflict. */
  readonly conflict?: readonly string[];
}

/**
 * The newest Flux release that serves every apiVersion/kind given (those
 * the table knows); the newest Flux when none limits it, or when no single
 * release serves them all (`conflict` says which).
 */
export function inferFluxVersion(objects: Iterable<{ readonly apiVersion: string; readonly kind: string }>): InferredFluxVersion {
  let low = 0;
  let high = FLUX_VERSIONS.length - 1;
  let lowBy: ServedApi | undefined;
  let highBy: ServedApi | undefined;
  for (const { apiVersion, kind } of objects) {
    const api = servedApi(apiVersion, kind);
    if (!api) continue;
    const since = FLUX_VERSIONS.indexOf(api.since);
    const until = api.until === undefined ? FLUX_VERSIONS.length - 1 : FLUX_VERSIONS.indexOf(api.until);
    if (since > low) [low, lowBy] = [since, api];
    if (until < high) [high, highBy] = [until, api];
  }
  const describe = (api: ServedApi): string => `${api.apiVersion} ${api.kind}`;
  if (low > high) {
    return { fluxVersion: LATEST_FLUX_VERSION, conflict: [lowBy, highBy].filter((a): a is ServedApi => !!a).map(describe) };
  }
  return { fluxVersion: FLUX_VERSIONS[high], ...(highBy ? { because: describe(highBy) } : {}) };
}
