import { PushInputError } from './errors';
import { OCI_MANIFEST_MEDIA_TYPE } from '../foundation/media-types';
import { OciReference, parseOciReference } from '../foundation/reference';
import { CallOptions } from '../registry/api';
import type { BlobContent, BlobProgress, PushedBlob } from '../registry/blob-upload';
import type { RegistryClient } from '../registry/client';
import { OciDescriptor } from '../registry/image-manifest';

/** A blob to push with its descriptor fields. */
export interface BlobInput {
  readonly mediaType: string;
  /** The bytes, or a file uploaded in chunks (memory independent of its size). */
  readonly content: BlobContent;
  /** Descriptor annotations. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Options shared by every push. */
export interface PushOptions extends CallOptions {
  /**
   * Another repository on the same registry to mount blobs from when the
   * target lacks them.
   * @default - no mounts
   */
  readonly mountFrom?: string;
  /** Chunk size for large blobs. @default 64 MiB */
  readonly chunkSize?: number;
  /** Called as blob bytes are acknowledged. @default - none */
  readonly onProgress?: (progress: BlobProgress) => void;
}

/** What a push did. */
export interface PushResult {
  /** Where it went, `oci://host/repo:tag`. */
  readonly reference: string;
  /** Manifest digest. */
  readonly digest: string;
  readonly tag: string;
  /** Bytes of blobs sent (config and layers; the manifest excluded). */
  readonly uploadedBytes: number;
  /** Bytes of blobs the registry already had or mounted. */
  readonly skippedBytes: number;
  /** Each blob and what happened to it. */
  readonly blobs: readonly PushedBlob[];
  /** The manifest as pushed. */
  readonly manifest: Buffer;
}

/** The manifest of an image: config, layers, annotations. */
export interface ImageInput {
  readonly config: BlobInput;
  readonly layers: readonly BlobInput[];
  /** Manifest annotations. @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * Pushes config and layers, then the manifest under `ref`'s tag. The
 * manifest goes last, and only after every blob is confirmed, so a reader
 * never finds a manifest whose blobs are missing.
 */
export async function pushImage(client: RegistryClient, ref: OciReference, image: ImageInput, options: PushOptions = {}): Promise<PushResult> {
  const tag = ref.tag ?? ref.digest;
  if (tag === undefined) throw new PushInputError('reference', `${ref.format()} has no tag or digest to push the manifest under`);
  const repository = ref.withoutVersion();
  const blobs: PushedBlob[] = [];
  const descriptors: OciDescriptor[] = [];
  // Sequential: a push is a handful of blobs, and one at a time keeps progress readable.
  for (const blob of [image.config, ...image.layers]) {
    const pushed = await client.pushBlob(repository, blob.content, options);
    blobs.push(pushed);
    descriptors.push({
      mediaType: blob.mediaType,
      digest: pushed.digest,
      size: pushed.size,
      ...(blob.annotations && Object.keys(blob.annotations).length > 0 ? { annotations: { ...blob.annotations } } : {}),
    });
  }
  const [config, ...layers] = descriptors;
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST_MEDIA_TYPE,
    config,
    layers,
    ...(image.annotations && Object.keys(image.annotations).length > 0 ? { annotations: image.annotations } : {}),
  }));
  const pushed = await client.pushManifest(ref, manifest, { insecure: options.insecure });
  const uploadedBytes = blobs.filter((b) => b.outcome === 'uploaded').reduce((n, b) => n + b.size, 0);
  const skippedBytes = blobs.filter((b) => b.outcome !== 'uploaded').reduce((n, b) => n + b.size, 0);
  return { reference: ref.format(), digest: pushed.digest, tag, uploadedBytes, skippedBytes, blobs, manifest };
}

/** A push destination given as text: it must be an `oci://` reference (`example` shows one). */
export function parseDestination(destination: OciReference | string, example: string): OciReference {
  if (typeof destination !== 'string') return destination;
  if (!destination.startsWith('oci://')) throw new PushInputError('reference', `${JSON.stringify(destination)} is not an oci:// reference; give e.g. ${example}`);
  return parseOciReference(destination);
}
