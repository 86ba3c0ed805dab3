import { ArtifactLayer, ChartRequest, RegistryAccess } from './request';
import type { FluxVersion } from '../model/flux-version';
import { ruleSetFor } from '../model/version-request';

/** An OCIRepository's `spec.ref`. */
export interface OciRepositoryRefFields {
  readonly tag?: string;
  readonly semver?: string;
  readonly semverFilter?: string;
  readonly digest?: string;
}

/**
 * The registry check of what one OCIRepository pulls, by Flux's ref
 * precedence: `digest`, then `semver` (a range over the tags, after
 * `semverFilter`), then `tag`, then `latest`; a digest or tag is looked up as
 * written. `subject` says which layer Flux takes: a Helm chart (a HelmRelease
 * `chartRef` reads it) or an artifact of plain manifests, whose `layer` is the
 * one its layerSelector picks. Used by the cdk8s
 * OciArtifactSource and by `flux-oci check`.
 */
export function ociRepositoryRequest(
  path: string, url: string, ref: OciRepositoryRefFields | undefined, subject: 'chart' | 'artifact',
  fluxVersion: FluxVersion | undefined, access?: RegistryAccess, layer?: ArtifactLayer,
): ChartRequest {
  const { digest, semver, semverFilter, tag } = ref ?? {};
  const asked = semver !== undefined && digest === undefined
    ? { version: semver, ...(semverFilter ? { semverFilter } : {}) }
    : { version: digest ?? tag ?? 'latest', literal: true };
  return {
    path,
    reference: url,
    ...(subject === 'artifact' ? { subject, ...(layer !== undefined ? { layer } : {}) } : {}),
    ruleSet: ruleSetFor('OCIRepository'),
    ...(fluxVersion ? { fluxVersion } : {}),
    ...asked,
    ...(access ? { access } : {}),
  };
}
