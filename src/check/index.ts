/**
 * The registry check: the Resolver with its lockfile and modes, the online
 * lookup, and the synchronous bridge for cdk8s.
 */
export type { ArtifactLayer, ChartRequest, LocalLogin, RegistryAccess } from './request';
export type { ImagePolicyFailure, ImagePolicyOutcome, ImagePolicyRequest, ImagePolicySelection } from './image-policy-request';
export { requestKey } from './request';
export type { FailureCause, AvailableVersions, ResolutionFailure, ResolutionOutcome, ResolutionSource } from './outcome';
export { RESOLVE_MODES, resolveModeFromEnv } from './mode';
export type { ResolveMode } from './mode';
export type { RegistryCheckSettings } from './settings';
export { Lockfile, LOCKFILE_NAME } from './lockfile';
export type { FileLockOptions } from './file-lock';
export type { LockEntry } from './lockfile';
export { OnlineLookup } from './online-lookup';
export type { OnlineLookupOptions } from './online-lookup';
export type { ResolutionReport } from './plan';
export { Resolver } from './resolver';
export type { BatchReport, ResolveBatchOptions, ResolveCallOptions, ResolverOptions } from './resolver';
export { resolveChart } from './resolve-chart';
export type { ResolveChartOptions } from './resolve-chart';
export { InvalidResolveModeError, LockfileBusyError, LockfileError, ManifestReadError, ResolutionError, SyncBridgeError, describeFailure } from './errors';
export { resolveSync } from './sync/resolve-sync';
export type { ResolveSyncOptions } from './sync/resolve-sync';
export { ContentCache, defaultCacheDir } from './content-cache';
export type { ContentCacheOptions } from './content-cache';
export { ContentError } from './content-fetch';
export type { ContentOutcome, ContentTarget, FetchedLayer } from './content-fetch';
export type { ContentSettings } from './content-stage';
export type { ContentReport } from './resolver';
export { checkReleaseValues, ValuesCheckError } from './values-stage';
export type { ReleaseValues, ValuesFinding } from './values-stage';
export * from './manifests';
