/**
 * Pulumi components for Helm charts in OCI registries, delivered by Flux:
 * the same objects as `flux-oci/cdk8s`, built by the same core builders.
 *
 * Type tokens (part of stack state, never renamed):
 * `flux-oci:index:PrivateRegistrySecret`, `flux-oci:index:OciHelmSource`,
 * `flux-oci:index:ChartRelease`.
 *
 * @module flux-oci/pulumi
 */
export type { FluxOciSettings } from './settings';
export type { ChartResolutionContext, ChartResolver } from './chart-resolver';
export { defaultChartResolver, noChartResolution } from './chart-resolver';
export type { ResolveSettings } from './chart-resolver';
export { registryChartResolver } from './chart-resolver';
export type { SecretReference } from './secret-reference';
export type { ExistingRegistrySecretOptions, IRegistrySecret, PrivateRegistrySecretArgs } from './private-registry-secret';
export { PRIVATE_REGISTRY_SECRET_TYPE, PrivateRegistrySecret } from './private-registry-secret';
export type { ExistingHelmRepositoryOptions, IOciHelmSource, OciHelmSourceArgs } from './oci-helm-source';
export { OCI_HELM_SOURCE_TYPE, OciHelmSource } from './oci-helm-source';
export type { ChartReleaseArgs, ChartReleaseReference } from './chart-release';
export { CHART_RELEASE_TYPE, ChartRelease } from './chart-release';
export { ChartVerification } from '../model/chart-verification';
export type { CosignVerificationOptions, NotationVerificationOptions } from '../model/chart-verification';
export type { ExternalSecretSource } from '../model/builders/external-secret';
export type { ImportedChart } from '../model/release';
