/**
 * The types a user writes in props and args, re-exported by both front-end
 * entry points (`flux-oci/cdk8s`, `flux-oci/pulumi`) so a program needs only
 * the entry point it builds with. Types only: nothing here loads at run time.
 */
export type { ChartReleaseOptions } from './release';
export type { DependencyRef, FluxDependency, ReadyExprDependency } from './dependencies';
export type {
  ActionStrategy, ActionStrategyName, CommonMetadata, CrdPolicy, CustomHealthCheck, DeletionPropagation, DriftDetectionMode, DriftDetectionOptions,
  DriftIgnoreRule, InstallOptions, InstallRemediation, KubeConfigReference, KustomizeImage, KustomizePatch, KustomizeSelector, PostRenderer,
  PostRenderStrategy, RollbackOptions, TestFilter, TestOptions, UninstallOptions, UpgradeOptions, UpgradeRemediation, ValuesReference,
  WaitStrategy, WaitStrategyName,
} from './release-options';
export type { ExistingHelmRepositoryFields, OciHelmSourceOptions, RegistryAccessOptions } from './source-options';
export type { RegistryCheckCredentials, RegistryProvider, SourceStrategy } from './source';
export type { ExistingOciRepositoryFields, OciArtifactSourceOptions } from './artifact-source';
export type {
  BuildMetadataOption, DeletionPolicy, KustomizationDecryption, KustomizationHealthCheck, KustomizationOptions, PostBuildSubstitution,
  SubstituteReference,
} from './kustomization';
export type { ExistingRegistrySecretFields, PrivateRegistrySecretOptions } from './secret-options';
export type { RegistrySecretFormat } from './secret-ref';
export type { RegistryProxySecretOptions, RegistryTlsSecretOptions } from './connection-secrets';
export type { ExternalSecretSource } from './builders/external-secret';
export type { CosignVerificationOptions, NotationVerificationOptions } from './chart-verification';
export type { OidcIdentityMatch } from './verify';
export type { PinMode, ResolvedChart } from './resolution';
export type { FluxVersion } from './flux-version';
export type { TargetKind, TargetOptions } from './target';
