import { Readable } from 'node:stream';
import { AuthOutcome, Authenticator } from './auth/authenticator';
import { repositoryScope } from './auth/scope';
import { responseError, ResponseErrorContext } from './response-mapping';
import type { TagListLimits } from './tag-limits';
import { BufferedResponse, HttpMethod, StreamingResponse, Transport } from './transport';
import { OciReference } from '../foundation/reference';

/**
 * One registry API call: URL building, auth scopes, and turning an
 * unexpected status into a typed error. Shared by the read operations and,
 * later, push (which passes `actions: ['pull', 'push']`).
 */

/** The layers an operation uses. */
export interface ApiContext {
  readonly transport: Transport;
  readonly auth: Authenticator;
  /** @default - DEFAULT_TAG_LIST_LIMITS (tags.ts) */
  readonly tagListLimits?: TagListLimits;
}

/** Per-call options every public operation accepts. */
export interface CallOptions {
  /**
   * Reach this registry over plain HTTP for this call.
   * @default - whether the host is in `insecureHosts`
   */
  readonly insecure?: boolean;
}

export interface ApiCall {
  readonly method: HttpMethod;
  readonly ref: OciReference;
  /** Absolute URL, or a path under `/v2/<repository>/` (e.g. `tags/list`). */
  readonly target: URL | string;
  /** For error classification. */
  readonly kind: ResponseErrorContext['target'];
  /** Statuses that are not errors. @default [200] */
  readonly ok?: readonly number[];
  readonly headers?: Readonly<Record<string, string>>;
  /** Actions for the repository scope. @default ['pull'] */
  readonly actions?: readonly string[];
  /** Extra scopes (e.g. a mount source). @default [] */
  readonly extraScopes?: readonly string[];
  /** Tag or digest, for error messages. @default - the reference's */
  readonly version?: string;
  /** Buffered body limit. @default 16 MiB */
  readonly maxBodyBytes?: number;
  readonly insecure?: boolean;
  /** Request body (push). @default - none */
  readonly body?: Buffer | string;
  /** Safe to send again on a retryable failure. @default - true for GET and HEAD */
  readonly idempotent?: boolean;
}

/** `https://host` (or http for insecure hosts) of the call's registry, as text: no URL is parsed for it. */
function originText(ctx: ApiContext, call: Pick<ApiCall, 'ref' | 'insecure'>): string {
  return `${ctx.transport.scheme(call.ref.host, call.insecure)}://${call.ref.host}`;
}

export function apiUrl(ctx: ApiContext, call: Pick<ApiCall, 'ref' | 'target' | 'insecure'>): URL {
  if (call.target instanceof URL) return call.target;
  // One parse per call: the origin as text gives what `new URL(path, origin)` does for this absolute path.
  return new URL(`${originText(ctx, call)}/v2/${call.ref.repository}/${call.target}`);
}

export async function apiFetch(ctx: ApiContext, call: ApiCall): Promise<BufferedResponse & { readonly auth: AuthOutcome }> {
  const url = apiUrl(ctx, call);
  const res = await ctx.auth.fetch(authRequest(ctx, call, url));
  if (!(call.ok ?? [200]).includes(res.statusCode)) throw responseError(res, errorContext(call, url, res.auth));
  return res;
}

/**
 * Streams the response; an error status is read (bounded) and thrown as a
 * typed error. With `follow`, 3xx responses are returned, not thrown.
 */
export async function apiStream(ctx: ApiContext, call: ApiCall): Promise<StreamingResponse & { readonly auth: AuthOutcome }> {
  const url = apiUrl(ctx, call);
  const res = await ctx.auth.stream(authRequest(ctx, call, url));
  if ((call.ok ?? [200]).includes(res.statusCode)) return res;
  const body = await readBounded(res.body, 64 * 1024);
  throw responseError({ ...res, body }, errorContext(call, url, res.auth));
}

function authRequest(ctx: ApiContext, call: ApiCall, url: URL) {
  return {
    method: call.method,
    url,
    headers: call.headers,
    registry: call.ref.host,
    // A path's URL is on the registry's origin; an absolute target (a redirect, an upload location) may not be.
    // As text, unparsed: the auth layer compares it with the URL's origin and parses it only when they differ (e.g. `:443`).
    origin: call.target instanceof URL ? originText(ctx, call) : url.origin,
    repository: call.ref.repository,
    scopes: [repositoryScope(call.ref.repository, call.actions ?? ['pull']), ...(call.extraScopes ?? [])],
    reference: call.ref.format(),
    maxBodyBytes: call.maxBodyBytes,
    body: call.body,
    idempotent: call.idempotent,
  };
}

export function errorContext(call: ApiCall, url: URL, auth?: AuthOutcome): ResponseErrorContext {
  return {
    host: call.ref.host,
    method: call.method,
    url,
    target: call.kind,
    repository: call.ref.repository,
    reference: call.ref.format(),
    version: call.version ?? call.ref.manifestReference,
    auth,
  };
}

/** Reads up to `limit` bytes of an error body and discards the rest. */
async function readBounded(body: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      if (size < limit) chunks.push(buf.subarray(0, limit - size));
      size += buf.length;
    }
  } catch {
    // An error body that breaks off still classifies by status.
  }
  return Buffer.concat(chunks);
}
