import { FluxVersion, LATEST_FLUX_VERSION, FLUX_VERSIONS, isFluxVersion } from './flux-version';
import { IssueList } from '../foundation/issues';

/**
 * The controller that reads the manifests: Flux (default), or the
 * `helm-operator.ketches.cn` operator.
 */
export type TargetKind = 'flux' | 'helm-operator';

export const TARGET_KINDS: readonly TargetKind[] = ['flux', 'helm-operator'];

/** What the manifests are written for. */
export interface Target {
  /** The controller that reads the manifests. */
  readonly kind: TargetKind;
  /** Flux release whose APIs are emitted (ignored for helm-operator). */
  readonly fluxVersion: FluxVersion;
}

export const DEFAULT_TARGET: Target = { kind: 'flux', fluxVersion: LATEST_FLUX_VERSION };

/** Options a user sets app-wide (cdk8s context, Pulumi args). */
export interface TargetOptions {
  /**
   * The controller that reads the manifests.
   * @default 'flux'
   */
  readonly target?: TargetKind;
  /**
   * The Flux release to write manifests for: older releases get the API
   * versions they served, and fields they lack are rejected.
   * @default '2.9' (the newest Flux)
   */
  readonly fluxVersion?: FluxVersion;
}

export function toTarget(options: TargetOptions, issues: IssueList): Target {
  const kind = options.target ?? 'flux';
  if (!TARGET_KINDS.includes(kind)) {
    issues.add('target', `unknown target '${String(kind)}'; valid: ${TARGET_KINDS.map((k) => `'${k}'`).join(', ')}`);
  }
  const fluxVersion = options.fluxVersion ?? LATEST_FLUX_VERSION;
  if (!isFluxVersion(fluxVersion)) {
    issues.add('fluxVersion', `unknown Flux version '${String(fluxVersion)}'; valid: ${FLUX_VERSIONS.join(', ')}`);
    return { kind, fluxVersion: LATEST_FLUX_VERSION };
  }
  return { kind, fluxVersion };
}
