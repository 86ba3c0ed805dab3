/**
 * OCI media types: the manifests the client asks for and understands, and
 * the config/layer types Helm and Flux agree on (helm/helm
 * pkg/registry/constants.go, fluxcd/pkg oci/globals.go).
 */

export const HELM_CHART_LAYER_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
export const HELM_CONFIG_MEDIA_TYPE = 'application/vnd.cncf.helm.config.v1+json';
export const HELM_PROVENANCE_MEDIA_TYPE = 'application/vnd.cncf.helm.chart.provenance.v1.prov';
export const FLUX_CONFIG_MEDIA_TYPE = 'application/vnd.cncf.flux.config.v1+json';
export const FLUX_CONTENT_MEDIA_TYPE = 'application/vnd.cncf.flux.content.v1.tar+gzip';

export const OCI_MANIFEST_MEDIA_TYPE = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX_MEDIA_TYPE = 'application/vnd.oci.image.index.v1+json';
export const DOCKER_MANIFEST_MEDIA_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST_MEDIA_TYPE = 'application/vnd.docker.distribution.manifest.list.v2+json';

/**
 * Sent on every manifest request. distribution 2.8 answers `404
 * MANIFEST_UNKNOWN` for an OCI manifest (even by digest) unless the OCI type
 * is accepted, and likewise for an index.
 */
export const MANIFEST_ACCEPT = [
  OCI_MANIFEST_MEDIA_TYPE,
  OCI_INDEX_MEDIA_TYPE,
  DOCKER_MANIFEST_MEDIA_TYPE,
  DOCKER_MANIFEST_LIST_MEDIA_TYPE,
].join(', ');

/** `type/subtype` without parameters, lowercased (`Content-Type: a/b; charset=x` → `a/b`). */
export function baseMediaType(contentType: string | undefined): string | undefined {
  const base = contentType?.split(';')[0].trim().toLowerCase();
  return base ? base : undefined;
}
