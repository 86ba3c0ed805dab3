/**
 * cdk8s constructs for Helm charts and plain manifests in OCI registries,
 * delivered by Flux.
 *
 * @module flux-oci/cdk8s
 */
export * from './settings';
export * from './private-registry-secret';
export * from './registry-tls-secret';
export * from './registry-proxy-secret';
export * from './secret-reference';
export * from '../model/chart-verification';
export * from './oci-helm-source';
export * from './chart-release';
export * from './oci-artifact-source';
export * from './flux-kustomization';
export * from '../model/option-types';
export { resolveApp } from './app-resolution';
export type { AvailableVersions, ResolutionReport, ResolutionFailure, ResolutionOutcome, ResolutionSource, ResolveMode, FailureCause, ContentReport } from '../check';
export type { ImportedChart } from '../model/release';
export type { CredentialSource } from '../registry/credentials';
export type { TlsProblem } from '../registry/errors';
export type { RegistryCheckSettings, FluxOciSettingsOptions } from '../check/settings';
export type { RetryOptions, TimeoutOptions } from '../registry/transport';
export type { ContentLimits } from '../archives/content-limits';
export type { ContentOutcome, FetchedLayer } from '../check/content-fetch';
