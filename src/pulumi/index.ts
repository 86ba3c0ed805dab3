/**
 * Pulumi components for Helm charts and plain manifests in OCI registries,
 * delivered by Flux: the same objects as `flux-oci/cdk8s`, built by the
 * same model builders.
 *
 * Type tokens (part of stack state, never renamed):
 * `flux-oci:index:PrivateRegistrySecret`, `flux-oci:index:RegistryTlsSecret`,
 * `flux-oci:index:RegistryProxySecret`, `flux-oci:index:OciHelmSource`,
 * `flux-oci:index:ChartRelease`, `flux-oci:index:OciArtifactSource`,
 * `flux-oci:index:FluxKustomization`.
 *
 * @module flux-oci/pulumi
 */
export type { FluxOciSettings } from './settings';
export type { ChartResolutionContext, ChartResolver, ResolveSettings } from './chart-resolver';
export { defaultChartResolver, noChartResolution, registryChartResolver } from './chart-resolver';
export type { DeepInput, InputsOf } from './inputs';
export type { ExistingSecretOptions, SecretReference } from './secret-reference';
export type {
  DockerConfigSecretArgs, EnvSecretArgs, ExistingRegistrySecretOptions, IRegistrySecret, PrivateRegistrySecretArgs, RegistryCredentials,
} from './private-registry-secret';
export { PRIVATE_REGISTRY_SECRET_TYPE, PrivateRegistrySecret } from './private-registry-secret';
export type { ExistingTlsSecretOptions, RegistryTlsSecretArgs } from './registry-tls-secret';
export { REGISTRY_TLS_SECRET_TYPE, RegistryTlsSecret } from './registry-tls-secret';
export type { RegistryProxySecretArgs } from './registry-proxy-secret';
export { REGISTRY_PROXY_SECRET_TYPE, RegistryProxySecret } from './registry-proxy-secret';
export type { ExistingHelmRepositoryOptions, IOciHelmSource, OciHelmSourceArgs } from './oci-helm-source';
export { OCI_HELM_SOURCE_TYPE, OciHelmSource } from './oci-helm-source';
export type { ChartReleaseArgs, ChartReleaseReference } from './chart-release';
export { CHART_RELEASE_TYPE, ChartRelease } from './chart-release';
export type { ExistingOciRepositoryOptions, IOciArtifactSource, OciArtifactSourceArgs } from './oci-artifact-source';
export { OCI_ARTIFACT_SOURCE_TYPE, OciArtifactSource } from './oci-artifact-source';
export type { FluxKustomizationArgs, KustomizationReference } from './flux-kustomization';
export { FLUX_KUSTOMIZATION_TYPE, FluxKustomization } from './flux-kustomization';
export { ChartVerification } from '../model/chart-verification';
export * from '../model/option-types';
export type { RegistryCheckSettings, FluxOciSettingsOptions } from '../check/settings';
// What a custom ChartResolver is given.
export type { ChartReleaseSpec } from '../model/release';
export type { OciSourceSpec } from '../model/source';
export type { ObjectRef } from '../model/kube-object';
export type { RegistrySecretRef } from '../model/secret-ref';
export type { VerifySpec } from '../model/verify';
export type { Target } from '../model/target';
export type { UsernamePassword } from '../model/builders/secrets';
export type { LocalLogin } from '../check/request';
export type { CredentialSource } from '../registry/credentials';
export type { ResolveMode } from '../check/mode';
export type { RetryOptions, TimeoutOptions } from '../registry/transport';
export type { ContentLimits } from '../archives/content-limits';
export type { ContentOutcome, FetchedLayer } from '../check/content-fetch';
export type { ImportedChart } from '../model/release';
