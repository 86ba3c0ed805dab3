/** Manifest media types the client asks for and understands. */

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
