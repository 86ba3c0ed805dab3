import { ChartRequest, RegistryAccess } from './request';
import { parseOciReference } from '../foundation/reference';
import type { ChartReleaseSpec } from '../model/release';
import { releaseStrategy } from '../model/release';
import type { Target } from '../model/target';
import { ruleSetFor } from '../model/version-request';

/**
 * The registry check a release needs: `<source url>/<chart>` at its version
 * or range, under the selection rules of the Flux shape it is written as.
 * Both front ends call this, so they check the same thing.
 */
export function releaseChartRequest(path: string, spec: ChartReleaseSpec, access?: RegistryAccess, target?: Target): ChartRequest {
  const reference = parseOciReference(spec.source.url, { allowTag: false, allowDigest: false }).child(spec.chart).format();
  // helm-operator pulls with Helm's own OCI client: strict SemVer tags, as a HelmRepository.
  const strategy = target?.kind === 'helm-operator' ? 'HelmRepository' : releaseStrategy(spec);
  return {
    path,
    reference,
    version: spec.version ?? '*',
    ruleSet: ruleSetFor(strategy),
    // helm-operator's own rules are unread: it is checked by the newest Flux's.
    ...(target?.kind === 'flux' ? { fluxVersion: target.fluxVersion } : {}),
    ...(strategy === 'OCIRepository' && spec.semverFilter ? { semverFilter: spec.semverFilter } : {}),
    pin: spec.pin ?? 'none',
    ...(access ? { access } : {}),
  };
}
