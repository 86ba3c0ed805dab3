import { RegistryAccess, ChartRequest } from './request';
import type { OciArtifactSourceSpec } from '../model/artifact-source';
import type { Target } from '../model/target';

/**
 * The registry check an artifact source needs: what Flux will pull, by its
 * ref precedence (source-controller's OCIRepository reconciler: digest,
 * then semver, then tag, `latest` when none is set). Both front ends call
 * this, so they check the same thing.
 */
export function artifactChartRequest(path: string, spec: OciArtifactSourceSpec, access?: RegistryAccess, target?: Target): ChartRequest {
  const { digest, semver, semverFilter, tag } = spec;
  const asked = semver !== undefined && digest === undefined
    ? { version: semver, ...(semverFilter ? { semverFilter } : {}) }
    : { version: digest ?? tag ?? 'latest', literal: true };
  return {
    path,
    reference: spec.url,
    subject: 'artifact',
    ruleSet: 'oci-repository',
    ...(target?.kind === 'flux' ? { fluxVersion: target.fluxVersion } : {}),
    ...asked,
    ...(access ? { access } : {}),
  };
}
