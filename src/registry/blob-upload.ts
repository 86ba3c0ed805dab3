import { FileHandle, open } from 'node:fs/promises';
import { ApiCall, ApiContext, apiFetch, CallOptions } from './api';
import { repositoryScope } from './auth/scope';
import { RegistryError, RegistryProtocolError, RegistryRateLimitedError, RegistryUnavailableError } from './errors';
import { header } from './transport';
import { computeDigest, createDigester } from '../foundation/digest';
import { OciReference } from '../foundation/reference';

/**
 * Blob uploads (distribution spec "Pushing blobs"): a HEAD first, so a blob
 * the repository already has is never sent again; then an optional
 * cross-repository mount; then a monolithic POST + PUT, or POST + PATCH
 * chunks + PUT for large blobs. The upload `Location` is opaque: it may be
 * relative and may carry query parameters the registry needs, so it is
 * resolved against the request URL and only ever appended to.
 */

/** Scope actions of every push call, so one token covers the whole push. */
export const PUSH_ACTIONS = ['pull', 'push'] as const;

/**
 * A blob stored in a file, uploaded in chunks read from disk so memory does
 * not grow with its size. The bytes sent are hashed on the way and the upload
 * is committed (the final PUT) only when they match `digest`.
 */
export interface BlobFile {
  /** Path of the file. */
  readonly path: string;
  /** `algo:<hex>` of the file's content, computed when it was written. */
  readonly digest: string;
}

/** What `pushBlob` uploads: bytes in memory, or a file. */
export type BlobContent = Buffer | BlobFile;

/** Upload progress of one blob. */
export interface BlobProgress {
  readonly digest: string;
  /** Bytes the registry has acknowledged so far. */
  readonly sent: number;
  readonly total: number;
}

/** Options for `RegistryClient.pushBlob`. */
export interface PushBlobOptions extends CallOptions {
  /**
   * Digest of in-memory `content`; verified before anything is sent (a
   * {@link BlobFile} carries its own).
   * @default - computed (sha256)
   */
  readonly digest?: string;
  /**
   * Another repository of the same registry that may hold the blob; it is
   * mounted from there instead of uploaded when the registry allows it.
   * @default - no mount attempted
   */
  readonly mountFrom?: string;
  /**
   * Blobs larger than this go up in PATCH chunks of this size (which also
   * gives progress between chunks); smaller ones in one PUT.
   * @default 64 MiB (a local benchmark found one PUT faster than 8 MiB PATCHes)
   */
  readonly chunkSize?: number;
  /**
   * Upload sessions tried for one blob when the registry or the network
   * fails mid-upload; each new one starts after checking the blob did not
   * arrive after all.
   * @default 3
   */
  readonly sessionAttempts?: number;
  /** @default - none */
  readonly onProgress?: (progress: BlobProgress) => void;
}

/** What `RegistryClient.pushBlob` did. */
export interface PushedBlob {
  readonly digest: string;
  readonly size: number;
  /** `uploaded`: bytes were sent; `exists`: the repository had it; `mounted`: linked from `mountFrom`. */
  readonly outcome: 'uploaded' | 'exists' | 'mounted';
}

const DEFAULT_CHUNK = 64 * 1024 * 1024;

/** Whether the repository has a blob (`HEAD …/blobs/<digest>`). */
export async function blobExists(ctx: ApiContext, repository: OciReference, digest: string, options: CallOptions = {}): Promise<boolean> {
  const res = await apiFetch(ctx, {
    ...baseCall(repository, options, digest),
    method: 'HEAD',
    target: `blobs/${digest}`,
    ok: [200, 404],
  });
  return res.statusCode === 200;
}

/**
 * Uploads a blob unless the repository already has it.
 * @throws RegistryProtocolError when `digest` does not match the content (nothing is committed), or the registry answers without an upload `Location`
 */
export async function pushBlob(ctx: ApiContext, repository: OciReference, content: BlobContent, options: PushBlobOptions = {}): Promise<PushedBlob> {
  const source = await openSource(content, repository);
  try {
    const digest = source.digest ?? options.digest ?? computeDigest(source.buffer!);
    if (source.buffer && options.digest !== undefined && computeDigest(source.buffer, digest.split(':')[0]) !== digest) {
      throw mismatch(repository, digest);
    }
    const done = (outcome: PushedBlob['outcome']): PushedBlob => {
      if (outcome !== 'exists') options.onProgress?.({ digest, sent: source.size, total: source.size });
      return { digest, size: source.size, outcome };
    };
    if (await blobExists(ctx, repository, digest, options)) return done('exists');

    const attempts = Math.max(1, options.sessionAttempts ?? 3);
    for (let attempt = 1; ; attempt++) {
      try {
        const mounted = await uploadOnce(ctx, repository, source, digest, options, attempt === 1 ? options.mountFrom : undefined);
        return done(mounted ? 'mounted' : 'uploaded');
      } catch (e) {
        if (attempt >= attempts || !restartable(e)) throw e;
        // The failed request may have completed on the registry's side.
        if (await blobExists(ctx, repository, digest, options)) return done('uploaded');
      }
    }
  } finally {
    await source.close();
  }
}

/** Blob bytes by offset, from memory or from an open file. */
interface BlobSource {
  readonly size: number;
  /** The whole content, when it is in memory. */
  readonly buffer?: Buffer;
  /** The digest a file was given (checked while it is read). */
  readonly digest?: string;
  read(offset: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

async function openSource(content: BlobContent, repository: OciReference): Promise<BlobSource> {
  if (Buffer.isBuffer(content)) {
    const read = async (offset: number, length: number) => content.subarray(offset, offset + length);
    return { size: content.length, buffer: content, read, close: async () => undefined };
  }
  let handle: FileHandle;
  try {
    handle = await open(content.path, 'r');
  } catch (e) {
    throw new RegistryProtocolError(`cannot read blob file ${content.path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}) to upload it to ${repository.format()}`, {
      host: repository.host, reference: repository.format(),
    }, { cause: e });
  }
  const size = (await handle.stat()).size;
  return {
    size,
    digest: content.digest,
    read: async (offset, length) => {
      const chunk = Buffer.alloc(length);
      const { bytesRead } = await handle.read(chunk, 0, length, offset);
      return chunk.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
}

function mismatch(repository: OciReference, digest: string): RegistryProtocolError {
  return new RegistryProtocolError(`blob content does not match its digest ${digest}; refusing to upload it to ${repository.format()}`, {
    host: repository.host, reference: repository.format(),
  });
}

/** Failures after which a fresh upload session may succeed: the registry or network failed, or it lost the session. */
function restartable(e: unknown): boolean {
  if (e instanceof RegistryUnavailableError || e instanceof RegistryRateLimitedError) return true;
  return e instanceof RegistryError && (e.registryCode === 'BLOB_UPLOAD_UNKNOWN' || e.registryCode === 'BLOB_UPLOAD_INVALID');
}

/** One upload session; resolves `true` when the registry mounted the blob instead. */
async function uploadOnce(
  ctx: ApiContext, repository: OciReference, source: BlobSource, digest: string, options: PushBlobOptions, mountFrom: string | undefined,
): Promise<boolean> {
  const mount = mountFrom !== undefined && mountFrom !== repository.repository;
  const start = await apiFetch(ctx, {
    ...baseCall(repository, options, digest),
    method: 'POST',
    target: mount ? `blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(mountFrom)}` : 'blobs/uploads/',
    ok: mount ? [201, 202] : [202],
    extraScopes: mount ? [repositoryScope(mountFrom, ['pull'])] : [],
    headers: { 'content-length': '0' },
    // A session that is started twice is only an orphan the registry expires.
    idempotent: true,
  });
  if (start.statusCode === 201) return true;

  let location = uploadLocation(start.headers, start.url, repository);
  const chunkSize = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK);
  // A file is hashed as it is read: what the final PUT commits is what was checked.
  const sent = source.buffer ? undefined : createDigester(digest.split(':')[0]);
  const read = async (offset: number, length: number): Promise<Buffer> => {
    const chunk = await source.read(offset, length);
    if (chunk.length !== length) {
      throw new RegistryProtocolError(`blob file for ${digest} changed while it was uploaded (${source.size} bytes when opened); refusing to upload it to ${repository.format()}`, {
        host: repository.host, reference: repository.format(),
      });
    }
    sent?.update(chunk);
    return chunk;
  };
  let body: Buffer;
  if (source.size > chunkSize) {
    for (let offset = 0; offset < source.size; offset += chunkSize) {
      const chunk = await read(offset, Math.min(chunkSize, source.size - offset));
      const res = await apiFetch(ctx, {
        ...baseCall(repository, options, digest),
        method: 'PATCH',
        target: location,
        ok: [202],
        body: chunk,
        headers: {
          'content-type': 'application/octet-stream',
          'content-range': `${offset}-${offset + chunk.length - 1}`,
        },
      });
      location = uploadLocation(res.headers, res.url, repository);
      options.onProgress?.({ digest, sent: offset + chunk.length, total: source.size });
    }
    body = Buffer.alloc(0);
  } else {
    body = await read(0, source.size);
  }
  if (sent && sent.digest() !== digest) throw mismatch(repository, digest);
  await apiFetch(ctx, {
    ...baseCall(repository, options, digest),
    method: 'PUT',
    target: withQuery(location, 'digest', digest),
    ok: [201],
    body,
    headers: { 'content-type': 'application/octet-stream' },
    // Content-addressed: the registry stores the bytes under `digest` or not at all.
    idempotent: true,
  });
  return false;
}

function baseCall(repository: OciReference, options: CallOptions, digest: string): Pick<ApiCall, 'ref' | 'kind' | 'actions' | 'version' | 'insecure'> {
  return { ref: repository, kind: 'blob', actions: PUSH_ACTIONS, version: digest, insecure: options.insecure };
}

/** The upload URL a response points to, resolved against the request URL (it may be relative). */
export function uploadLocation(headers: Record<string, string | string[] | undefined>, requestUrl: URL, repository: OciReference): URL {
  const location = header(headers, 'location');
  if (!location) {
    throw new RegistryProtocolError(`registry ${repository.host} started a blob upload for ${repository.format()} without a Location header`, {
      host: repository.host, reference: repository.format(),
    });
  }
  try {
    return new URL(location, requestUrl);
  } catch (e) {
    throw new RegistryProtocolError(`registry ${repository.host} sent an upload Location that is not a URL`, {
      host: repository.host, reference: repository.format(),
    }, { cause: e });
  }
}

/** Appends one query parameter, leaving the registry's own parameters byte for byte as sent. */
export function withQuery(url: URL, name: string, value: string): URL {
  const base = url.href.replace(/#.*$/, '');
  const sep = url.search === '' ? (base.endsWith('?') ? '' : '?') : '&';
  return new URL(`${base}${sep}${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
}
