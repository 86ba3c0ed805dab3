import { UsageError } from './errors';
import { FLUX_VERSIONS, FluxVersion, isFluxVersion } from '../model/flux-version';

/** `--flux-version <v>`: a Flux release flux-oci knows, or a usage error listing them. */
export function fluxVersionOption(value: string | undefined): FluxVersion | undefined {
  if (value === undefined) return undefined;
  if (!isFluxVersion(value)) throw new UsageError(`--flux-version '${value}' is not a Flux release flux-oci knows; use one of ${FLUX_VERSIONS.join(', ')}`);
  return value;
}

/** The range of releases, for usage texts: `2.0-2.9`. */
export const FLUX_VERSION_RANGE = `${FLUX_VERSIONS[0]}-${FLUX_VERSIONS[FLUX_VERSIONS.length - 1]}`;
