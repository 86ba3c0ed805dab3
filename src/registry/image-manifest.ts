import { ApiContext, apiFetch, CallOptions } from './api';
import { verifyDigest } from './digest-check';
import { ManifestNotFoundError, RegistryProtocolError, RepositoryNotFoundError } from './errors';
import { MAX_TAG_PAGE_BYTES, TAG_PAGE_SIZE } from './tag-limits';
import { header } from './transport';
import { computeDigest, digestAlgorithm, isVerifiableDigest } from '../foundation/digest';
import { InvalidReferenceError } from '../foundation/errors';
import { baseMediaType, MANIFEST_ACCEPT, OCI_INDEX_MEDIA_TYPE, OCI_MANIFEST_MEDIA_TYPE } from '../foundation/media-types';
import { OciReference, validateDigest } from '../foundation/reference';

/**
 * Manifest HEAD and GET, always with the explicit Accept list
 * (distribution 2.8 hides OCI manifests from clients that do not ask for
 * them), digests taken from `Docker-Content-Digest` or computed.
 */

/** Largest manifest read (the distribution spec lets registries refuse larger ones). */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** An OCI content descriptor. */
export interface OciDescriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly artifactType?: string;
  readonly [key: string]: unknown;
}

/** An OCI image manifest or index (Docker v2 manifests have the same shape). */
export interface OciManifest {
  readonly schemaVersion?: number;
  readonly mediaType?: string;
  readonly artifactType?: string;
  readonly config?: OciDescriptor;
  readonly layers?: readonly OciDescriptor[];
  readonly manifests?: readonly OciDescriptor[];
  readonly subject?: OciDescriptor;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

/** What a manifest HEAD tells. */
export interface ManifestDescriptor {
  /** `sha256:…` of the manifest bytes. */
  readonly digest: string;
  /** Manifest media type (the body's `mediaType`, else `Content-Type`). */
  readonly mediaType: string;
  /** Manifest size in bytes. */
  readonly size: number;
}

/** A fetched manifest. */
export interface FetchedManifest extends ManifestDescriptor {
  /** The exact bytes; the digest is over these. */
  readonly bytes: Buffer;
  readonly manifest: OciManifest;
}

/**
 * Digest, media type and size of the manifest `ref` names (tag or digest),
 * by HEAD, which Docker Hub does not count as a pull. Falls back to GET
 * when the registry omits `Docker-Content-Digest` or `Content-Length`, and
 * to learn the error code of a bodiless 404.
 */
export async function headManifest(ctx: ApiContext, ref: OciReference, options: CallOptions = {}): Promise<ManifestDescriptor> {
  const version = manifestVersion(ref);
  const res = await apiFetch(ctx, {
    method: 'HEAD',
    ref,
    target: `manifests/${version}`,
    kind: 'manifest',
    ok: [200, 404],
    headers: { accept: MANIFEST_ACCEPT },
    insecure: options.insecure,
  });
  const digest = header(res.headers, 'docker-content-digest');
  const length = header(res.headers, 'content-length');
  if (res.statusCode === 404 || !digest || !isValidDigest(digest) || length === undefined || !/^\d+$/.test(length)) {
    const fetched = await getManifest(ctx, ref, options);
    return { digest: fetched.digest, mediaType: fetched.mediaType, size: fetched.size };
  }
  if (ref.digest !== undefined && digest !== ref.digest) {
    throw new RegistryProtocolError(`registry ${ref.host} answered a HEAD for ${ref.digest} with digest ${digest}`,
      { host: ref.host, reference: ref.format(), method: 'HEAD', statusCode: 200 });
  }
  const mediaType = baseMediaType(header(res.headers, 'content-type'));
  return { digest, size: Number(length), mediaType: mediaType ?? OCI_MANIFEST_MEDIA_TYPE };
}

/**
 * The manifest `ref` names, verified against the reference's digest (or,
 * failing that, the `Docker-Content-Digest` header).
 */
export async function getManifest(ctx: ApiContext, ref: OciReference, options: CallOptions = {}): Promise<FetchedManifest> {
  const version = manifestVersion(ref);
  const res = await apiFetch(ctx, {
    method: 'GET',
    ref,
    target: `manifests/${version}`,
    kind: 'manifest',
    headers: { accept: MANIFEST_ACCEPT },
    maxBodyBytes: MAX_MANIFEST_BYTES,
    insecure: options.insecure,
  }).catch((err) => diagnoseNotFound(ctx, ref, err, options));
  const what = `the manifest of ${ref.format()}`;
  const check = { host: ref.host, what, reference: ref.format(), method: 'GET' };
  const headerDigest = header(res.headers, 'docker-content-digest');
  let digest: string;
  if (ref.digest !== undefined) {
    if (!isVerifiableDigest(ref.digest)) {
      throw new RegistryProtocolError(`cannot verify ${what}: digest algorithm '${digestAlgorithm(ref.digest)}' is not supported (sha256, sha512)`, check);
    }
    verifyDigest(res.body, ref.digest, check);
    digest = ref.digest;
  } else if (headerDigest && isValidDigest(headerDigest) && isVerifiableDigest(headerDigest)) {
    verifyDigest(res.body, headerDigest, check);
    digest = headerDigest;
  } else {
    digest = computeDigest(res.body);
  }
  const manifest = parseManifest(res.body, ref);
  const mediaType = (typeof manifest.mediaType === 'string' && manifest.mediaType)
    || baseMediaType(header(res.headers, 'content-type'))
    || (Array.isArray(manifest.manifests) ? OCI_INDEX_MEDIA_TYPE : OCI_MANIFEST_MEDIA_TYPE);
  return { digest, mediaType, size: res.body.length, bytes: res.body, manifest };
}

/**
 * distribution answers `MANIFEST_UNKNOWN` for a missing repository as well
 * as for a missing tag, so a manifest 404 is checked against the tag list:
 * `NAME_UNKNOWN` there means the path is wrong. Costs one request, on
 * failure only; if the check itself fails, the original error stands.
 */
async function diagnoseNotFound(ctx: ApiContext, ref: OciReference, err: unknown, options: CallOptions): Promise<never> {
  if (!(err instanceof ManifestNotFoundError)) throw err;
  let repositoryMissing: RepositoryNotFoundError | undefined;
  try {
    await apiFetch(ctx, { method: 'GET', ref, target: `tags/list?n=${TAG_PAGE_SIZE}`, kind: 'tags', insecure: options.insecure, maxBodyBytes: MAX_TAG_PAGE_BYTES });
  } catch (check) {
    if (check instanceof RepositoryNotFoundError) repositoryMissing = check;
  }
  if (!repositoryMissing) throw err;
  const manifestSaid = err.registryCode ?? err.statusCode;
  const tagsSaid = repositoryMissing.registryCode ?? repositoryMissing.statusCode;
  throw new RepositoryNotFoundError(
    `repository '${ref.repository}' does not exist on ${ref.host} (the manifest request answered ${manifestSaid}, the tag list ${tagsSaid}); `
    + `check the path in '${ref.withoutVersion().format()}'`,
    {
      host: ref.host,
      statusCode: repositoryMissing.statusCode,
      registryCode: repositoryMissing.registryCode,
      reference: ref.format(),
      method: err.method,
    },
    { cause: err });
}

function manifestVersion(ref: OciReference): string {
  const version = ref.manifestReference;
  if (version === undefined) {
    throw new InvalidReferenceError(ref.format(), 'tag',
      `'${ref.format()}' names no manifest; add a tag (':1.2.3') or a digest ('@sha256:…')`);
  }
  return version;
}

function parseManifest(body: Buffer, ref: OciReference): OciManifest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RegistryProtocolError(`registry ${ref.host} sent a manifest for ${ref.format()} that is not a JSON object`,
      { host: ref.host, reference: ref.format(), method: 'GET', statusCode: 200 });
  }
  return parsed as OciManifest;
}

function isValidDigest(d: string): boolean {
  try {
    validateDigest(d);
    return true;
  } catch {
    return false;
  }
}
