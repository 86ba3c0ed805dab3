/** Credential stores: explicit values, docker/helm/podman config files, credential helpers. */
export { sealCredential, redactedFields } from './credential';
export type { Credential } from './credential';
export { StaticCredentials, ChainCredentialStore } from './store';
export type { CredentialStore, SyncCredentialStore } from './store';
export { DockerConfigStore } from './docker-config-store';
export type { DockerConfigStoreOptions } from './docker-config-store';
export { parseDockerConfig, lookupSteps, entryCredential } from './docker-config';
export type { DockerConfigFile, DockerAuthEntry, LookupStep } from './docker-config';
export {
  processHelperRunner,
  runCredentialHelper,
  runCredentialHelperSync,
  helperProgram,
  CREDENTIALS_NOT_FOUND,
} from './helper';
export type { CredentialHelperRunner, ProcessResult, ProcessHelperRunnerOptions } from './helper';
export { defaultCredentialStore, readCredentialForHost, lookupCredentialForHost, credentialSourceStores } from './default-store';
export { LocalLoginStore } from './local-login-store';
export type { CredentialSource, CredentialLookupOptions, ReadCredentialOptions, CredentialLookupResult } from './default-store';
export { helmRegistryConfigPath, dockerConfigPath, podmanAuthPaths, homeOf } from './paths';
export type { ConfigLocation } from './paths';
export { DOCKER_HUB_SERVER_KEY, serverHostname, serverKeyFor, findServerEntry } from './server-keys';
export type { ServerMatchOptions } from './server-keys';
export { CredentialHelperError, CredentialConfigError } from '../errors';
export type { CredentialHelperFailure } from '../errors';
