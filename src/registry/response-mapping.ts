import { AuthOutcome } from './auth/authenticator';
import {
  BlobNotFoundError,
  ManifestNotFoundError,
  RegistryDeniedError,
  RegistryError,
  RegistryProtocolError,
  RegistryRateLimitedError,
  RegistryUnauthorizedError,
  RegistryUnavailableError,
  RepositoryNotFoundError,
} from './errors';
import { displayUrl, header, parseRetryAfter, ResponseHeaders } from './transport';
import { baseMediaType } from '../foundation/media-types';
import { printable } from '../foundation/printable';

/**
 * Turns a non-success registry response into a typed error: the
 * `{"errors":[…]}` body when there is one, the status code otherwise.
 */

/** One entry of a registry error body. */
export interface RegistryErrorEntry {
  readonly code: string;
  readonly message?: string;
}

/** What was being done, for the message. */
export interface ResponseErrorContext {
  readonly host: string;
  readonly method: string;
  readonly url: URL;
  /** What the request was about. */
  readonly target: 'manifest' | 'tags' | 'blob' | 'ping' | 'other';
  /** Repository name as used in the API. @default - none */
  readonly repository?: string;
  /** Reference as the user wrote it, e.g. `oci://ghcr.io/acme/app:1.0.0`. @default - none */
  readonly reference?: string;
  /** Tag or digest asked for. @default - none */
  readonly version?: string;
  /** @default - nothing sent */
  readonly auth?: AuthOutcome;
}

/** A response as far as classification needs it. */
export interface ErrorResponse {
  readonly statusCode: number;
  readonly headers: ResponseHeaders;
  readonly body: Buffer;
  readonly attempts: number;
}

/**
 * The `errors` array of a JSON error body; empty when the body is not JSON
 * (e.g. distribution's text/plain `404 page not found`, Docker Hub's
 * plain-text 429).
 */
export function parseRegistryErrors(headers: ResponseHeaders, body: Buffer): RegistryErrorEntry[] {
  const type = baseMediaType(header(headers, 'content-type'));
  const text = body.toString('utf8').trim();
  if (!(type?.endsWith('json') || text.startsWith('{'))) return [];
  try {
    const parsed = JSON.parse(text);
    if (!Array.isArray(parsed?.errors)) return [];
    return parsed.errors
      .filter((e: any) => typeof e?.code === 'string')
      .map((e: any) => ({ code: e.code, message: typeof e.message === 'string' ? e.message : undefined }));
  } catch {
    return [];
  }
}

export function responseError(res: ErrorResponse, ctx: ResponseErrorContext): RegistryError {
  const entries = parseRegistryErrors(res.headers, res.body);
  const registryCode = entries[0]?.code;
  const said = entries[0]?.message ? `: ${sanitize(entries[0].message)}` : '';
  const codeText = registryCode ? ` ${registryCode}` : '';
  const status = res.statusCode;
  const details = { host: ctx.host, statusCode: status, registryCode, reference: ctx.reference, method: ctx.method };
  const where = ctx.repository ? `repository '${ctx.repository}' on ${ctx.host}` : ctx.host;
  const codes = new Set(entries.map((e) => e.code));

  if (status === 401 || (codes.has('UNAUTHORIZED') && status !== 403)) return unauthorized(ctx, details, where);
  if (status === 403 || codes.has('DENIED')) {
    return new RegistryDeniedError(ctx.auth?.credentialsSent
      ? `access to ${where} was denied (${status}${codeText}${said}); the credentials for ${ctx.host} lack permission for it`
      : `anonymous access to ${where} was denied (${status}${codeText}${said}); provide credentials for ${ctx.host}`, details);
  }
  if (status === 429 || codes.has('TOOMANYREQUESTS')) {
    const retryAfterMs = parseRetryAfter(header(res.headers, 'retry-after'), Date.now());
    const remaining = header(res.headers, 'ratelimit-remaining');
    return new RegistryRateLimitedError(
      `registry ${ctx.host} is rate-limiting requests (${status}${codeText}) after ${res.attempts} attempt${res.attempts === 1 ? '' : 's'}`
      + (retryAfterMs !== undefined ? `; it asks to retry after ${Math.ceil(retryAfterMs / 1000)} s` : '')
      + (remaining !== undefined ? ` (ratelimit-remaining: ${sanitize(remaining)})` : ''),
      { ...details, retryAfterMs });
  }
  if (status >= 500) {
    return new RegistryUnavailableError(
      `registry ${ctx.host} answered ${status}${codeText}${said} to ${ctx.method} ${displayUrl(ctx.url)}`
      + (res.attempts > 1 ? ` on all ${res.attempts} attempts` : ''),
      { ...details, reason: 'server-error', attempts: res.attempts });
  }
  if (codes.has('NAME_UNKNOWN')) {
    return new RepositoryNotFoundError(
      `repository '${ctx.repository ?? '?'}' does not exist on ${ctx.host} (NAME_UNKNOWN)${ctx.reference ? `; check the path in '${ctx.reference}'` : ''}`, details);
  }
  if (codes.has('MANIFEST_UNKNOWN')) {
    return new ManifestNotFoundError(
      `version '${ctx.version ?? '?'}' was not found in ${where} (MANIFEST_UNKNOWN${said}); the repository exists, so check the version or tag`, details);
  }
  if (codes.has('BLOB_UNKNOWN')) {
    return new BlobNotFoundError(`${where} lacks blob ${ctx.version ?? '?'} (BLOB_UNKNOWN); the registry's content is inconsistent, push the artifact again`, details);
  }
  if (codes.has('NAME_INVALID')) {
    return new RegistryError(`registry ${ctx.host} rejects the repository name '${ctx.repository ?? '?'}' (NAME_INVALID${said})`, { ...details, fault: 'path' });
  }
  if (status === 404) return notFound(res, ctx, details, where);
  if (status === 400 && /http request to an https server/i.test(res.body.toString('utf8'))) {
    return new RegistryProtocolError(`registry ${ctx.host} serves HTTPS, but the request was plain HTTP; do not mark ${ctx.host} as insecure`, details);
  }
  return new RegistryError(`registry ${ctx.host} answered ${status}${codeText}${said} to ${ctx.method} ${displayUrl(ctx.url)}`, { ...details, fault: 'registry' });
}

function unauthorized(ctx: ResponseErrorContext, details: object, where: string): RegistryUnauthorizedError {
  const sent = ctx.auth?.credentialsSent ?? false;
  const insufficient = ctx.auth?.challengeError === 'insufficient_scope';
  const action = ctx.method === 'GET' || ctx.method === 'HEAD' ? 'pull' : 'push';
  if (insufficient && !sent) {
    return new RegistryUnauthorizedError(
      `anonymous access to ${where} was refused: the repository is private or does not exist; provide credentials for ${ctx.host}`,
      { ...details, reason: 'insufficient-scope', credentialsSent: false });
  }
  if (insufficient) {
    return new RegistryUnauthorizedError(
      `the credentials for ${ctx.host} do not grant ${action} access to ${where}, or the repository does not exist`,
      { ...details, reason: 'insufficient-scope', credentialsSent: true });
  }
  if (!sent) {
    return new RegistryUnauthorizedError(
      `no credentials were sent to ${ctx.host}, and it requires authentication; log in (helm/docker/podman) or pass credentials for ${ctx.host}`,
      { ...details, reason: 'no-credentials', credentialsSent: false });
  }
  return new RegistryUnauthorizedError(
    `the registry refused the credentials for ${ctx.host}; check the username and password or token`,
    { ...details, reason: 'credentials-refused', credentialsSent: true });
}

function notFound(res: ErrorResponse, ctx: ResponseErrorContext, details: object, where: string): RegistryError {
  const text = res.body.toString('utf8').trim();
  if (/^404 page not found$/i.test(text)) {
    // distribution's router answers this way when the path does not match an API route at all.
    return new RepositoryNotFoundError(
      `registry ${ctx.host} has no API route for ${ctx.method} ${ctx.url.pathname} (404 page not found); the repository path '${ctx.repository ?? '?'}' is not valid there`,
      details);
  }
  switch (ctx.target) {
    case 'tags':
      return new RepositoryNotFoundError(`repository '${ctx.repository ?? '?'}' does not exist on ${ctx.host} (404)`, details);
    case 'manifest':
      return new ManifestNotFoundError(
        `version '${ctx.version ?? '?'}' was not found in ${where} (404 without an error code, so the repository may not exist either)`, details);
    case 'blob':
      return new BlobNotFoundError(`${where} lacks blob ${ctx.version ?? '?'} (404)`, details);
    default:
      return new RegistryError(`registry ${ctx.host} answered 404 to ${ctx.method} ${displayUrl(ctx.url)}; is it an OCI registry?`, { ...(details as any), fault: 'path' });
  }
}

/**
 * Registry text in our messages: bounded, control characters escaped (one
 * line, no terminal escapes), Authorization values masked; any credential
 * the process knows is masked by the error base class.
 */
function sanitize(text: string): string {
  const cut = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return printable(cut.replace(/\b(Bearer|Basic)\s+[^\s,;]+/gi, '$1 ***'));
}
