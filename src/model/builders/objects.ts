import { KubeManifest } from '../kube-object';
import { ChartReleaseSpec } from '../release';
import { ResolvedChart } from '../resolution';
import { OciSourceSpec, SourceStrategy } from '../source';
import { Target } from '../target';
import { ReleaseObjectRole } from './heads';
import { buildOperatorHelmRelease, buildOperatorHelmRepository } from './helm-operator';
import { buildHelmRelease } from './helm-release';
import { buildHelmRepository } from './helm-repository';
import { buildOciRepository } from './oci-repository';

/**
 * Which objects a release and a source turn into, so front ends need not
 * know the strategies: they create one object per role (see heads.ts) and
 * fill it from these builders at synth time, when the resolution is known.
 * @internal
 */
export function releaseObjectRoles(strategy: SourceStrategy, target: Target): ReleaseObjectRole[] {
  if (target.kind === 'flux' && strategy === 'OCIRepository') return ['OCIRepository', 'HelmRelease'];
  return ['HelmRelease'];
}

/** @internal */
export function buildReleaseObject(role: ReleaseObjectRole, spec: ChartReleaseSpec, target: Target, resolved?: ResolvedChart): KubeManifest {
  if (target.kind === 'helm-operator') return buildOperatorHelmRelease(spec, target, resolved);
  return role === 'OCIRepository' ? buildOciRepository(spec, target, resolved) : buildHelmRelease(spec, target, resolved);
}

/**
 * Whether a source needs its own repository object: HelmRepository-strategy
 * releases point at it, the helm-operator target always has one, and
 * OCIRepository-strategy releases carry their own OCIRepository instead.
 * @internal
 */
export function sourceNeedsRepositoryObject(target: Target, releaseStrategies: Iterable<SourceStrategy>): boolean {
  if (target.kind === 'helm-operator') return true;
  for (const s of releaseStrategies) if (s === 'HelmRepository') return true;
  return false;
}

/** @internal */
export function buildSourceObject(spec: OciSourceSpec, target: Target): KubeManifest {
  return target.kind === 'helm-operator' ? buildOperatorHelmRepository(spec, target) : buildHelmRepository(spec, target);
}
