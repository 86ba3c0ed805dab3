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
  InvalidOptionError,
  TlsConfigError,
} from './errors';
export type { RegistryFault, RegistryErrorDetails, TlsProblem, UnauthorizedReason, UnavailableReason } from './errors';
export { parseRegistryErrors } from './response-mapping';
export type { RegistryErrorEntry } from './response-mapping';

export { RegistryClient } from './client';
export type { RegistryClientOptions, PingResult } from './client';
export { DEFAULT_TAG_LIST_LIMITS, MAX_TAG_PAGE_BYTES, TAG_PAGE_SIZE } from './tag-limits';
export type { TagListLimits } from './tag-limits';
export type { CallOptions } from './api';
export type { ManifestDescriptor, FetchedManifest, OciManifest, OciDescriptor } from './image-manifest';
export type { BlobOptions, GetBlobOptions, OpenedBlob } from './blob';
export type { HelmChartMetadata, ChartMetadataResult } from './chart';

export { Transport, header, headerValues, DEFAULT_RETRY_POLICY, parseRetryAfter, isLoopbackHost, usesProxy, proxySettings } from './transport';
export type {
  HttpDispatcher,
  TransportOptions,
  TimeoutOptions,
  TransportRequest,
  TransportResponse,
  BufferedResponse,
  StreamingResponse,
  ResponseHeaders,
  HttpMethod,
  RetryOptions,
  RetryPolicy,
  RequestStats,
  HostStats,
  RequestEvent,
  ProxySettings,
  CaInput,
  ClientCertificate,
  ClientCertificatePem,
} from './transport';

export { Authenticator } from './auth/authenticator';
export type { AuthRequest, AuthOutcome, AuthenticatorOptions } from './auth/authenticator';
export { parseChallenges } from './auth/challenge';
export type { AuthChallenge } from './auth/challenge';
export { TokenCache } from './auth/token-cache';
export type { TokenCacheOptions, IssuedToken } from './auth/token-cache';
export { repositoryScope, mergeScopes } from './auth/scope';

export * from './credentials';
export * from './trust';

// Blob and manifest uploads are RegistryClient methods (pushBlob, pushManifest, blobExists).
export type { BlobContent, BlobFile, BlobProgress, PushBlobOptions, PushedBlob } from './blob-upload';
export type { PushManifestOptions, PushedManifest } from './manifest-push';
export { storeLogin, removeLogin } from './credentials/login';
export type { LoginStoreOptions, StoredLogin, RemovedLogin } from './credentials/login';
