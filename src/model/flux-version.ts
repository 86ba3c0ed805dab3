/**
 * Which Flux release the manifests are written for, and what that release
 * serves. The table follows the controller versions each Flux minor shipped
 * (fluxcd/flux2 `manifests/bases/*`) and the CRDs in `shared/flux-crds`.
 *
 * A minor stands for its newest patch release: where something changed
 * within a minor (selection rules in 2.8.8), `'2.8'` has the 2.8.8 behaviour.
 */
import { NEWEST_SELECTION_RULES, SelectionRules } from '../versions/select/selection-rules';


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

export function fluxApiVersions(v: FluxVersion): FluxApiVersions {
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
  'HelmRelease valuesFrom literal': '2.8',
  'HelmRelease kubeConfig.configMapRef': '2.6',
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

export function atLeast(v: FluxVersion, min: FluxVersion): boolean {
  return minor(v) >= minor(min);
}

function minor(v: FluxVersion): number {
  return Number(v.split('.')[1]);
}
