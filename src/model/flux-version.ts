/**
 * Which Flux release the manifests are written for, and what that release
 * serves. The table follows the controller versions each Flux minor shipped
 * (fluxcd/flux2 `manifests/bases/*`) and the CRDs in `shared/flux-crds`.
 *
 * A minor stands for its newest patch release: where something changed
 * within a minor (selection rules in 2.8.8), `'2.8'` has the 2.8.8 behaviour.
 */
import { NEWEST_SELECTION_RULES, SelectionRules } from '../versions/select/selection-rules';
import type { FluxParseRule, MastermindsRelease } from '../versions/semver';


/** Flux minor releases flux-oci can write manifests for. */
export type FluxVersion = '2.0' | '2.1' | '2.2' | '2.3' | '2.4' | '2.5' | '2.6' | '2.7' | '2.8' | '2.9';

export const FLUX_VERSIONS: readonly FluxVersion[] = ['2.0', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8', '2.9'];

/** The newest Flux release: the default target. */
export const LATEST_FLUX_VERSION: FluxVersion = '2.9';

export function isFluxVersion(value: unknown): value is FluxVersion {
  return typeof value === 'string' && (FLUX_VERSIONS as readonly string[]).includes(value);
}

/** The API versions a Flux release serves as its preferred version. */
export interface FluxApiVersions {
  readonly helmRepository: string;
  readonly ociRepository: string;
  readonly helmRelease: string;
  readonly kustomization: string;
}

/** Per Flux release, made once: each object's head asks, at construction and at every build. */
const apiVersions = new Map<FluxVersion, FluxApiVersions>();

export function fluxApiVersions(v: FluxVersion): FluxApiVersions {
  let apis = apiVersions.get(v);
  if (!apis) {
    apis = Object.freeze(apiVersionsOf(v));
    apiVersions.set(v, apis);
  }
  return apis;
}

function apiVersionsOf(v: FluxVersion): FluxApiVersions {
  return {
    // HelmRepository/HelmChart v1 GA in source-controller v1.3.0 (Flux 2.3).
    helmRepository: atLeast(v, '2.3') ? 'source.toolkit.fluxcd.io/v1' : 'source.toolkit.fluxcd.io/v1beta2',
    // OCIRepository v1 GA in source-controller v1.6.0 (Flux 2.6).
    ociRepository: atLeast(v, '2.6') ? 'source.toolkit.fluxcd.io/v1' : 'source.toolkit.fluxcd.io/v1beta2',
    // HelmRelease v2beta2 came with Flux 2.2, v2 GA with helm-controller v1.0.0 (Flux 2.3).
    helmRelease: atLeast(v, '2.3')
      ? 'helm.toolkit.fluxcd.io/v2'
      : atLeast(v, '2.2') ? 'helm.toolkit.fluxcd.io/v2beta2' : 'helm.toolkit.fluxcd.io/v2beta1',
    kustomization: 'kustomize.toolkit.fluxcd.io/v1',
  };
}

/**
 * Fields and shapes that appeared after Flux 2.0, with the first Flux minor
 * that serves them. Used to reject what an older target lacks instead of
 * writing a manifest its API server would prune or refuse.
 */
export const FLUX_FEATURES = {
  'HelmRelease chartRef (the OCIRepository strategy)': '2.3',
  'OCIRepository ref.semverFilter': '2.3',
  'notation signature verification': '2.3',
  'cosign keyless matchOIDCIdentity': '2.2',
  'OCIRepository proxySecretRef': '2.4',
  'OCIRepository verify.trustedRootSecretRef': '2.9',
  'HelmRelease driftDetection': '2.2',
  'HelmRelease test.filters': '2.2',
  'HelmRelease install/upgrade strategy': '2.7',
  'HelmRelease commonMetadata': '2.7',
  'HelmRelease waitStrategy and healthCheckExprs': '2.8',
  'HelmRelease postRenderStrategy': '2.9',
  'HelmRelease valuesFrom literal': '2.8',
  'HelmRelease kubeConfig.configMapRef': '2.6',
  'HelmRelease chart.spec.ignoreMissingValuesFiles': '2.3',
  'HelmRelease dependsOn readyExpr': '2.7',
  // notification-controller v1.5.0, v1.6.0 and v1.9.0 (Flux 2.5, 2.6 and 2.9 ship them); checked in YAML only, the constructs make neither kind.
  'Receiver resourceFilter': '2.5',
  'Provider commitStatusExpr': '2.6',
  'Receiver resources[].filter': '2.9',
} as const satisfies Record<string, FluxVersion>;

export type FluxFeature = keyof typeof FLUX_FEATURES;

export function supports(v: FluxVersion, feature: FluxFeature): boolean {
  return atLeast(v, FLUX_FEATURES[feature]);
}

/** Message for a feature the target lacks, naming the version that has it. */
export function unsupportedMessage(v: FluxVersion, feature: FluxFeature): string {
  return `${feature} needs Flux ${FLUX_FEATURES[feature]} or newer, but fluxVersion is '${v}'; raise fluxVersion or remove it`;
}

/**
 * How each Flux release reads chart versions and picks tags (see
 * `SelectionRules`). Sources: each release's source-controller
 * (fluxcd/flux2 `manifests/bases/source-controller/kustomization.yaml` at
 * the Flux tag) and that controller's `go.mod` at its tag; the Masterminds
 * release is the one Go's module selection links.
 *
 * | Flux | source-controller | fluxcd/pkg/version | Masterminds/semver |
 * |---|---|---|---|
 * | 2.0–2.3 | v1.0.0–v1.3.0 | v0.2.2–v0.4.0 | v3.2.1 |
 * | 2.4 | v1.4.1 | v0.4.1 | v3.3.0 |
 * | 2.5 | v1.5.0 | v0.6.0 | v3.3.1 |
 * | 2.6 | v1.6.x | v0.7.0 | v3.3.0 (`replace` in go.mod, source-controller PR #1785) |
 * | 2.7 (.0–.5) | v1.7.x | v0.10.0, v0.11.0 | v3.4.0 |
 * | 2.8.0–2.8.7 | v1.8.0–v1.8.4 | v0.12.0 | v3.4.0 |
 * | 2.8.8 | v1.8.5 | v0.12.0 | v3.5.0, and `_`→`+` for Helm chart layers |
 * | 2.9 | v1.9.x | v0.16.0 | v3.5.0 |
 *
 * `ParseVersion` turned lenient in fluxcd/pkg 622aa13e (`version/v0.10.0`),
 * first shipped in source-controller v1.7.0. `'2.8'` means 2.8.8 and later;
 * 2.8.0–2.8.7 select like 2.7 (no `_` tags under OCIRepository, unquoted
 * messages).
 */
export function selectionRulesFor(v: FluxVersion): SelectionRules {
  if (atLeast(v, '2.8')) return NEWEST_SELECTION_RULES;
  if (v === '2.7') return { parseVersion: 'lenient', masterminds: '3.4.0', chartLayerUnderscore: false };
  const masterminds = v === '2.5' ? '3.3.1' : atLeast(v, '2.4') ? '3.3.0' : '3.2.1';
  return { parseVersion: 'strict', masterminds, chartLayerUnderscore: false };
}

/**
 * How a Flux release's image-reflector-controller reads tags for an
 * ImagePolicy's semver policy: fluxcd/pkg `version.ParseVersion` and the
 * Masterminds/semver release its go.mod names, at the controller tag each
 * Flux minor ships (fluxcd/flux2 `manifests/bases/image-reflector-controller`):
 *
 * | Flux | image-reflector-controller | fluxcd/pkg/version | Masterminds/semver |
 * |---|---|---|---|
 * | 2.0–2.3 | v0.29.0–v0.32.0 | v0.2.2–v0.4.0 | v3.2.1 |
 * | 2.4 | v0.33.0 | v0.4.1 | v3.3.0 |
 * | 2.5 | v0.34.0 | v0.6.0 | v3.3.1 |
 * | 2.6 | v0.35.x | v0.7.0 | v3.3.0 |
 * | 2.7 | v1.0.1–v1.0.4 | v0.10.0, v0.11.0 | v3.4.0 |
 * | 2.8 | v1.1.0–v1.1.2 | v0.12.0 | v3.4.0 |
 * | 2.9 | v1.2.1–v1.2.4 | v0.16.0 | v3.5.0 |
 *
 * The same as the release's OCIRepository rules except in 2.8, whose
 * image-reflector-controller never moved to Masterminds v3.5.0.
 */
export function imagePolicyRulesFor(v: FluxVersion): { readonly parseVersion: FluxParseRule; readonly masterminds: MastermindsRelease } {
  const { parseVersion, masterminds } = selectionRulesFor(v);
  return { parseVersion, masterminds: v === '2.8' ? '3.4.0' : masterminds };
}

export function atLeast(v: FluxVersion, min: FluxVersion): boolean {
  return minor(v) >= minor(min);
}

/** Minor numbers read once per release: every release's checks compare versions, and a split per comparison was garbage. */
const minors = new Map<string, number>();

function minor(v: FluxVersion): number {
  let n = minors.get(v);
  if (n === undefined) {
    n = Number(v.split('.')[1]);
    minors.set(v, n);
  }
  return n;
}

/**
 * How Helm coalesces values, by the Helm releases where it changed (run
 * against Helm's own coalesce.go and dependencies.go of each release):
 * - `A` Helm 3.14.0–3.17.0;
 * - `B` 3.17.1–3.19.4: a subchart's section always merges (nulls kept for the final pass);
 * - `C` 3.19.5–3.20.0, 4.0.0–4.1.1: a user `null` reaches keys the defaults lack;
 * - `D` 3.20.1–3.21.x, 4.1.3–4.1.4: a `null` deletes only a key that had a non-null default;
 * - `E` 4.2.0 and later: `null`s in chart defaults are dropped.
 */
export type HelmCoalesceBand = 'A' | 'B' | 'C' | 'D' | 'E';

/** The Helm a Flux release's helm-controller links, and what of it shapes values. */
export interface HelmRelease {
  /** Helm version (helm-controller's `go.mod` at the controller tag Flux ships). */
  readonly version: string;
  readonly coalesce: HelmCoalesceBand;
  /**
   * Which JSON Schema validator Helm calls: xeipuuv/gojsonschema (before
   * 3.18.5; a missing `$schema` means a draft-04/06/07 hybrid) or
   * santhosh-tekuri/jsonschema v6 (3.18.5 on; a missing `$schema` means 2020-12).
   */
  readonly schemaEngine: 'gojsonschema' | 'jsonschema-v6';
  /** Helm 3.19.1 on skips absent or `null` subchart values when validating (`ValidateAgainstSchema`). */
  readonly skipsNullSubchartValues: boolean;
  /** Helm 4 merges every YAML document of values.yaml (`LoadValues`); Helm 3 reads the first. */
  readonly multiDocumentValues: boolean;
}

/**
 * The Helm each Flux minor embeds (its newest patch release): fluxcd/flux2
 * `manifests/bases/helm-controller` at each Flux tag, and that
 * helm-controller's `go.mod`.
 *
 * | Flux | helm-controller | Helm |
 * |---|---|---|
 * | 2.0 / 2.1 / 2.2 | v0.35.0 / v0.36.2 / v0.37.4 | 3.12.1 / 3.12.3 / 3.13.3 |
 * | 2.3 / 2.4 | v1.0.1 / v1.1.0 | 3.14.4 / 3.16.1 |
 * | 2.5 / 2.6 | v1.2.0 / v1.3.0 | 3.17.1 / 3.17.3 |
 * | 2.7 (.4–.5) | v1.4.4–v1.4.5 | 3.19.2 |
 * | 2.8 (.8) | v1.5.5 | 4.2.0 |
 * | 2.9 | v1.6.1–v1.6.3 | 4.2.2 |
 *
 * Before 2.3 (Helm ≤ 3.13) coalescing differs again in ways not modelled;
 * those releases are checked by band A.
 */
export function helmReleaseFor(v: FluxVersion): HelmRelease {
  const version = ({
    '2.0': '3.12.1',
    '2.1': '3.12.3',
    '2.2': '3.13.3',
    '2.3': '3.14.4',
    '2.4': '3.16.1',
    '2.5': '3.17.1',
    '2.6': '3.17.3',
    '2.7': '3.19.2',
    '2.8': '4.2.0',
    '2.9': '4.2.2',
  } as const satisfies Record<FluxVersion, string>)[v];
  const coalesce: HelmCoalesceBand = atLeast(v, '2.8') ? 'E' : atLeast(v, '2.5') ? 'B' : 'A';
  return {
    version,
    coalesce,
    schemaEngine: atLeast(v, '2.7') ? 'jsonschema-v6' : 'gojsonschema',
    skipsNullSubchartValues: atLeast(v, '2.7'),
    multiDocumentValues: atLeast(v, '2.8'),
  };
}
