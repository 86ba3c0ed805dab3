/**
 * The registry client (read, and push of blobs and manifests): transport,
 * auth, credential stores, typed errors.
 */
export {
  RegistryError,
  RepositoryNotFoundError,
  ManifestNotFoundError,
  BlobNotFoundError,
  RegistryUnauthorizedError,
  RegistryDeniedError,
  RegistryRateLimitedError,
  RegistryUnavailableError,
  RegistryTlsError,
  RegistryProtocolError,
  NotAHelmChartError,
} from './errors';
export type { RegistryFault, RegistryErrorDetails, UnauthorizedReason, UnavailableReason } from './errors';
export { InvalidOptionError } from './option-errors';
export { parseRegistryErrors } from './response-errors';
export type { RegistryErrorEntry } from './response-errors';

export { RegistryClient } from './client';
export type { RegistryClientOptions, PingResult } from './client';
export type { CallOptions } from './api';
export type { ManifestDescriptor, FetchedManifest, OciManifest, OciDescriptor } from './image-manifest';
export type { BlobOptions, GetBlobOptions, OpenedBlob } from './blob';
export type { HelmChartMetadata, ChartMetadataResult } from './chart';

export { Transport, header, headerValues } from './transport';
export type {
  TransportOptions,
  TimeoutOptions,
  TransportRequest,
  TransportResponse,
  BufferedResponse,
  StreamingResponse,
  ResponseHeaders,
  HttpMethod,
} from './transport';
export { DEFAULT_RETRY_POLICY, parseRetryAfter } from './retry';
export type { RetryOptions } from './retry';
export type { RequestStats, HostStats } from './stats';
export type { RequestEvent } from './debug';
export { isLoopbackHost, usesProxy, proxySettings } from './proxy';
export type { ProxySettings } from './proxy';
export type { CaInput } from './tls';

export { Authenticator } from './auth/authenticator';
export type { AuthRequest, AuthOutcome, AuthenticatorOptions } from './auth/authenticator';
export { parseChallenges } from './auth/challenge';
export type { AuthChallenge } from './auth/challenge';
export { TokenCache } from './auth/token-cache';
export type { TokenCacheOptions, IssuedToken } from './auth/token-cache';
export { repositoryScope, mergeScopes } from './auth/scope';

export * from './credentials';

// Blob and manifest uploads are RegistryClient methods (pushBlob, pushManifest, blobExists).
export type { BlobProgress, PushBlobOptions, PushedBlob } from './blob-upload';
export type { PushManifestOptions, PushedManifest } from './manifest-push';
export { storeLogin, removeLogin } from './credentials/login';
export type { LoginStoreOptions, StoredLogin, RemovedLogin } from './credentials/login';
