/**
 * The foundation every layer builds on: the error base and issue lists, OCI
 * references, digests and media types, process warnings. Imports nothing of
 * flux-oci.
 */
export * from './errors';
export * from './issues';
export * from './warnings';
export { printable } from './printable';
export { registerSecret, maskSecrets, MIN_SECRET_LENGTH, SECRET_MASK } from './secrets';
export { OciReference, parseOciReference, isValidTag, validateDigest, DOCKER_HUB_HOST } from './reference';
export type { ParseOciReferenceOptions, OciReferenceParts } from './reference';
export * from './media-types';
export { computeDigest } from './digest';
