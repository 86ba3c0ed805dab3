import { pipeline, Readable } from 'node:stream';
import { ApiCall, ApiContext, apiFetch, apiStream, apiUrl, CallOptions } from './api';
import { DigestCheckContext, DigestVerifier, verifyDigest } from './digest-check';
import { RegistryProtocolError } from './errors';
import { header, TransportResponse } from './transport';
import { digestAlgorithm, isVerifiableDigest } from '../foundation/digest';
import { OciReference, validateDigest } from '../foundation/reference';

/**
 * Blob downloads. Registries often redirect blob GETs to object storage
 * or a CDN; redirects are followed here, one hop at a time, and the
 * registry's credentials go only to the registry's own origin (the auth
 * layer drops them for any other). The content is verified against the
 * digest.
 */

const REDIRECTS = [301, 302, 303, 307, 308];
const MAX_REDIRECTS = 5;

/** Options for blob downloads. */
export interface BlobOptions extends CallOptions {
  /** Expected size (from the descriptor); a different size is a protocol error. @default - not checked */
  readonly size?: number;
}

/** Options for `RegistryClient.getBlob`. */
export interface GetBlobOptions extends BlobOptions {
  /** Largest blob read into memory. @default 64 MiB */
  readonly maxBytes?: number;
}

/** An open blob download. */
export interface OpenedBlob {
  /**
   * The content; fails with a `RegistryProtocolError` at the end when the
   * digest or size does not match. Consume or destroy it.
   */
  readonly stream: Readable;
  /** `Content-Length`, when sent. */
  readonly size?: number;
  readonly digest: string;
}

/** Downloads a blob into memory, verified. */
export async function getBlob(ctx: ApiContext, repository: OciReference, digest: string, options: GetBlobOptions = {}): Promise<Buffer> {
  const ref = checkedRef(repository, digest);
  const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
  const check = checkContext(ref, digest);
  if (options.size !== undefined && options.size > maxBytes) {
    throw new RegistryProtocolError(`blob ${digest} of ${ref.format()} is ${options.size} bytes, more than the ${maxBytes} allowed in memory; use openBlob()`, check);
  }
  const res = await follow(ctx, ref, digest, options, (call) => apiFetch(ctx, { ...call, maxBodyBytes: maxBytes }), async () => undefined);
  if (options.size !== undefined && res.body.length !== options.size) {
    throw new RegistryProtocolError(`registry ${ref.host} sent ${res.body.length} bytes for blob ${digest}, but its descriptor says ${options.size}`, check);
  }
  verifyDigest(res.body, digest, check);
  return res.body;
}

/** Opens a blob download as a stream that verifies the digest as it ends. */
export async function openBlob(ctx: ApiContext, repository: OciReference, digest: string, options: BlobOptions = {}): Promise<OpenedBlob> {
  const ref = checkedRef(repository, digest);
  const res = await follow(ctx, ref, digest, options, (call) => apiStream(ctx, call), async (r) => { r.body.destroy(); });
  const length = header(res.headers, 'content-length');
  const size = length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined;
  const check = checkContext(ref, digest);
  if (options.size !== undefined && size !== undefined && size !== options.size) {
    res.body.destroy();
    throw new RegistryProtocolError(`registry ${ref.host} announced ${size} bytes for blob ${digest}, but its descriptor says ${options.size}`, check);
  }
  const verifier = new DigestVerifier(digest, check, options.size ?? size);
  // pipeline destroys both sides on error, so a broken download fails the stream the caller reads.
  pipeline(res.body, verifier, () => undefined);
  return { stream: verifier, size: options.size ?? size, digest };
}

async function follow<R extends TransportResponse>(
  ctx: ApiContext,
  ref: OciReference,
  digest: string,
  options: CallOptions,
  send: (call: ApiCall) => Promise<R>,
  discard: (res: R) => Promise<void>,
): Promise<R> {
  let target = apiUrl(ctx, { ref, target: `blobs/${digest}`, insecure: options.insecure });
  for (let hop = 0; ; hop++) {
    const res = await send({
      method: 'GET', ref, target, kind: 'blob', version: digest, insecure: options.insecure, ok: [200, ...REDIRECTS],
    });
    if (!REDIRECTS.includes(res.statusCode)) return res;
    await discard(res);
    target = redirectTarget(res, target, ref, digest, hop);
  }
}

function redirectTarget(res: TransportResponse, current: URL, ref: OciReference, digest: string, hop: number): URL {
  const details = { host: ref.host, reference: ref.format(), method: 'GET', statusCode: res.statusCode };
  if (hop >= MAX_REDIRECTS) {
    throw new RegistryProtocolError(`registry ${ref.host} redirected the download of blob ${digest} more than ${MAX_REDIRECTS} times`, details);
  }
  const location = header(res.headers, 'location');
  let next: URL | undefined;
  try {
    next = location ? new URL(location, current) : undefined;
  } catch {
    next = undefined;
  }
  if (!next || (next.protocol !== 'https:' && next.protocol !== 'http:')) {
    throw new RegistryProtocolError(`registry ${ref.host} redirected the download of blob ${digest} (${res.statusCode}) without a usable http(s) Location`, details);
  }
  if (current.protocol === 'https:' && next.protocol === 'http:') {
    throw new RegistryProtocolError(`registry ${ref.host} redirected the download of blob ${digest} from HTTPS to plain HTTP (${next.origin}); refusing the downgrade`, details);
  }
  return next;
}

function checkedRef(repository: OciReference, digest: string): OciReference {
  validateDigest(digest);
  const ref = repository.withoutVersion();
  if (!isVerifiableDigest(digest)) {
    throw new RegistryProtocolError(`cannot verify blob ${digest}: digest algorithm '${digestAlgorithm(digest)}' is not supported (sha256, sha512)`,
      { host: ref.host, reference: ref.format() });
  }
  return ref;
}

function checkContext(ref: OciReference, digest: string): DigestCheckContext {
  return { host: ref.host, what: `blob ${digest} of ${ref.format()}`, reference: ref.format(), method: 'GET' };
}
