import { ContentCache } from './content-cache';
import { accessKey, ArtifactLayer, RegistryAccess } from './request';
import { contentLimits, ContentLimits } from '../archives/content-limits';
import { FluxOciError } from '../foundation/errors';
import {
  DOCKER_MANIFEST_LIST_MEDIA_TYPE, FLUX_CONTENT_MEDIA_TYPE, HELM_CHART_LAYER_MEDIA_TYPE, HELM_CONFIG_MEDIA_TYPE, OCI_INDEX_MEDIA_TYPE,
} from '../foundation/media-types';
import { parseOciReference } from '../foundation/reference';
import type { RegistryClient } from '../registry/client';
import type { OciDescriptor, OciManifest } from '../registry/image-manifest';

/**
 * The content layer of a resolved chart or artifact, by the manifest digest
 * the registry check found (or the lockfile holds): from the content cache
 * when it has the manifest and the layer, else one manifest GET and one blob
 * GET, both by digest and verified, then cached. A cached chart therefore
 * costs no request beyond the manifest HEAD of the check itself (none at
 * all with a lockfile entry).
 */

/** What to fetch: a resolved chart or artifact. Plain data (it crosses into the lookup worker). */
export interface ContentTarget {
  /** `oci://host/path/name`, no tag or digest. */
  readonly reference: string;
  /** The manifest digest resolution found. */
  readonly digest: string;
  /** Which layer: the Helm chart layer, or an artifact's (`layer`). */
  readonly subject: 'chart' | 'artifact';
  /** An artifact's layer, as its OCIRepository selects it. @default - Flux's content layer */
  readonly layer?: ArtifactLayer;
  readonly access?: RegistryAccess;
}

/** What makes two targets one layer to fetch: subject and layer choice, manifest, and how the registry is reached. */
export function contentKey(target: ContentTarget): string {
  return [target.subject, JSON.stringify(target.layer ?? null), target.reference, target.digest, accessKey(target.access)].join('\n');
}

/** A fetched layer, verified against its descriptor's digest. */
export interface FetchedLayer {
  /** Digest of the manifest the layer was read from (what Flux pulls). */
  readonly manifestDigest: string;
  /** Digest of the layer, verified against its bytes. */
  readonly layerDigest: string;
  /** The layer as stored (a gzipped tar). */
  readonly bytes: Buffer;
  /** Whether any request was made for it. */
  readonly from: 'cache' | 'registry';
}

/**
 * The content of one target:
 * - `fetched`: the layer;
 * - `not-cached`: the mode forbids the network (`locked`, `off`) and the cache lacks it;
 * - `failed`: the registry or the manifest is at fault; the message says how.
 */
export type ContentOutcome =
  | { readonly state: 'fetched'; readonly layer: FetchedLayer }
  | { readonly state: 'not-cached'; readonly message: string }
  | { readonly state: 'failed'; readonly message: string };

/** A manifest that does not hold the layer it should, or a layer over its limit. */
export class ContentError extends FluxOciError {
  public readonly code: string = 'FLUX_OCI_CONTENT';
}

/** The layer from the cache alone, or undefined (no request is made). */
export function layerFromCache(cache: ContentCache | undefined, target: ContentTarget, limits: ContentLimits = {}): FetchedLayer | undefined {
  const manifest = cache?.get(target.digest);
  if (!manifest) return undefined;
  const layer = selectLayer(parseManifest(manifest, target), target, limits);
  const bytes = cache?.get(layer.digest);
  return bytes ? { manifestDigest: target.digest, layerDigest: layer.digest, bytes, from: 'cache' } : undefined;
}

/**
 * The layer from the cache, else from the registry (manifest and blob by
 * digest, each verified and then cached).
 *
 * @throws ContentError, or the client's RegistryError
 */
export async function fetchLayer(
  client: RegistryClient, target: ContentTarget, cache: ContentCache | undefined, limits: ContentLimits = {},
): Promise<FetchedLayer> {
  const repository = parseOciReference(target.reference, { allowTag: false, allowDigest: false });
  let manifestBytes = cache?.get(target.digest);
  let from: FetchedLayer['from'] = 'cache';
  if (!manifestBytes) {
    manifestBytes = (await client.getManifest(repository.withDigest(target.digest))).bytes;
    cache?.put(target.digest, manifestBytes);
    from = 'registry';
  }
  const layer = selectLayer(parseManifest(manifestBytes, target), target, limits);
  let bytes = cache?.get(layer.digest);
  if (!bytes) {
    bytes = await client.getBlob(repository, layer.digest, { size: layer.size, maxBytes: contentLimits(limits).maxLayerBytes });
    cache?.put(layer.digest, bytes);
    from = 'registry';
  }
  return { manifestDigest: target.digest, layerDigest: layer.digest, bytes, from };
}

function parseManifest(bytes: Buffer, target: ContentTarget): OciManifest {
  try {
    return JSON.parse(bytes.toString('utf8')) as OciManifest;
  } catch {
    throw new ContentError(`${label(target)}: the manifest is not JSON`);
  }
}

/**
 * The layer Flux extracts: the Helm chart layer (helm-controller), or an
 * artifact's as its OCIRepository selects it: the first of the
 * layerSelector's media type, or without one the first layer
 * (fluxcd/source-controller at 39b711b1:
 * internal/controller/ocirepository_controller.go `selectLayer`).
 */
function selectLayer(manifest: OciManifest, target: ContentTarget, limits: ContentLimits): OciDescriptor {
  const where = label(target);
  if (manifest.mediaType === OCI_INDEX_MEDIA_TYPE || manifest.mediaType === DOCKER_MANIFEST_LIST_MEDIA_TYPE || Array.isArray(manifest.manifests)) {
    throw new ContentError(`${where} is an image index, not a ${target.subject === 'chart' ? 'Helm chart' : 'Flux artifact'}`);
  }
  if (target.subject === 'chart' && manifest.config?.mediaType !== HELM_CONFIG_MEDIA_TYPE) {
    throw new ContentError(`${where} is not a Helm chart: its config media type is '${manifest.config?.mediaType ?? 'missing'}', expected '${HELM_CONFIG_MEDIA_TYPE}'`);
  }
  const layers = manifest.layers ?? [];
  const first = target.subject === 'artifact' && target.layer === 'first';
  const mediaType = target.subject === 'chart' ? HELM_CHART_LAYER_MEDIA_TYPE
    : typeof target.layer === 'object' ? target.layer.mediaType : FLUX_CONTENT_MEDIA_TYPE;
  const layer = first ? layers[0] : layers.find((l) => l?.mediaType === mediaType);
  if (!layer || typeof layer.digest !== 'string' || typeof layer.size !== 'number') {
    const found = layers.map((l) => `'${l?.mediaType}'`).join(', ') || 'none';
    throw new ContentError(first ? `${where} has no layers; Flux would find nothing to extract`
      : `${where} has no layer of media type '${mediaType}' (layers: ${found}); Flux would find nothing to ${target.subject === 'chart' ? 'install' : 'extract'}`);
  }
  const max = contentLimits(limits).maxLayerBytes;
  if (layer.size > max) {
    throw new ContentError(`${where}: the ${target.subject} layer is ${layer.size} bytes, more than the ${max} allowed (raise resolve.contentLimits.maxLayerBytes if the chart is meant to be this large)`);
  }
  return layer;
}

function label(target: ContentTarget): string {
  return `${target.reference}@${target.digest}`;
}
