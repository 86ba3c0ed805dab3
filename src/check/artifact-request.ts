import { ociRepositoryRequest } from './oci-repository-request';
import { RegistryAccess, ChartRequest } from './request';
import type { OciArtifactSourceSpec } from '../model/artifact-source';
import type { Target } from '../model/target';

/**
 * The registry check an artifact source needs: what its OCIRepository
 * pulls (`ociRepositoryRequest`, the request `flux-oci check` makes for the
 * same object in YAML). Both front ends call this, so they check the same thing.
 */
export function artifactChartRequest(path: string, spec: OciArtifactSourceSpec, access?: RegistryAccess, target?: Target): ChartRequest {
  return ociRepositoryRequest(path, spec.url, spec, 'artifact', target?.kind === 'flux' ? target.fluxVersion : undefined, access);
}
