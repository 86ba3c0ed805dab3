import { ApiContext, apiFetch, CallOptions } from './api';
import { PUSH_ACTIONS } from './blob-upload';
import { RegistryProtocolError } from './errors';
import { header } from './transport';
import { computeDigest } from '../foundation/digest';
import { OCI_MANIFEST_MEDIA_TYPE } from '../foundation/media-types';
import { OciReference } from '../foundation/reference';

/** Options for `RegistryClient.pushManifest`. */
export interface PushManifestOptions extends CallOptions {
  /** `Content-Type` of the manifest. @default 'application/vnd.oci.image.manifest.v1+json' */
  readonly mediaType?: string;
}

/** A pushed manifest. */
export interface PushedManifest {
  /** `sha256:<hex>` of the bytes sent. */
  readonly digest: string;
  readonly size: number;
  readonly mediaType: string;
}

/**
 * `PUT …/manifests/<tag or digest>`. A PUT of the same bytes is idempotent,
 * so it is retried like a read. Push the blobs it names first: a registry
 * rejects (or worse, a reader sees) a manifest whose blobs are missing.
 *
 * @param ref where to push: its tag, else its digest
 * @throws RegistryProtocolError when the registry reports a different digest than the bytes sent
 */
export async function pushManifest(ctx: ApiContext, ref: OciReference, manifest: Buffer, options: PushManifestOptions = {}): Promise<PushedManifest> {
  const digest = computeDigest(manifest);
  const mediaType = options.mediaType ?? OCI_MANIFEST_MEDIA_TYPE;
  const version = ref.tag ?? ref.digest ?? digest;
  const res = await apiFetch(ctx, {
    ref,
    method: 'PUT',
    target: `manifests/${version}`,
    kind: 'manifest',
    ok: [201],
    actions: PUSH_ACTIONS,
    version,
    body: manifest,
    headers: { 'content-type': mediaType },
    idempotent: true,
    insecure: options.insecure,
  });
  const reported = header(res.headers, 'docker-content-digest');
  if (reported !== undefined && reported !== digest) {
    throw new RegistryProtocolError(`registry ${ref.host} stored the manifest of ${ref.format()} as ${reported}, but the bytes sent hash to ${digest}`, {
      host: ref.host, reference: ref.format(), statusCode: res.statusCode,
    });
  }
  return { digest, size: manifest.length, mediaType };
}
