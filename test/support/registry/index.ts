/**
 * Integration-test harness: real CNCF Distribution registries (Debian
 * `docker-registry` 2.8.2) on 127.0.0.1 in anonymous, htpasswd, token and
 * TLS modes, a test token server, seeding by raw API calls, skopeo as an
 * independent client, loopback fronts (pagination, faults, cross-host
 * redirects) and credential fixtures. Needs `docker-registry`, `skopeo`,
 * `htpasswd` and `openssl` on PATH; Distribution config as in the registry notes of the steering repository.
 *
 * @example
 * let registry: TestRegistry;
 * beforeAll(async () => { registry = await startRegistry({ mode: 'token' }); });
 * afterAll(() => registry.stop());
 * test('resolves', async () => {
 *   const chart = await pushTestChart(registry, { repository: 'charts/mychart', version: '1.2.3' });
 *   // ... point flux-oci at `oci://${registry.host}/charts` with registry.username / registry.password
 *   expect(errorText).not.toContain(CANARY);
 * });
 */
export { CANARY, DEFAULT_USERNAME, canaryPassword, basicAuthorization } from './credentials';
export { RegistryHarnessError } from './errors';
export { startRegistry } from './registry';
export type { RegistryAuth, RegistryMode, StartRegistryOptions, TestRegistry } from './registry';
export { SEED_CLIENT_ID, startTokenServer } from './token-server';
export type { StartTokenServerOptions, TestTokenServer, TokenAccess, TokenRequestRecord, TokenServerOptions } from './token-server';
export type { KeyReference, TokenAlgorithm } from './jwt';
export { buildTestChart } from './chart';
export type { BuiltChart, TestChartSpec } from './chart';
export { MEDIA_TYPES } from './media-types';
export type { OciDescriptor, OciManifest } from './media-types';
export { pushBlob, pushRawManifest, pushTestChart, pushTestTags, sha256Digest } from './push';
export type { PushedChart, PushTestChartOptions, PushTestTagsOptions } from './push';
export { authorizationFor } from './seed-client';
export { skopeo, skopeoInspectRaw, skopeoListTags } from './skopeo';
export type { SkopeoOptions } from './skopeo';
export type { CommandResult } from './processes';
export { startPaginatingFront } from './fronts/paginating-front';
export type { PaginatingFrontOptions } from './fronts/paginating-front';
export { startFaultProxy } from './fronts/fault-proxy';
export type { Fault, FaultProxy, FaultRule } from './fronts/fault-proxy';
export { startRedirectingFront } from './fronts/redirecting-front';
export type { RedirectingFront, RedirectingFrontOptions } from './fronts/redirecting-front';
export type { FrontOptions, ProxyRequestRecord, RegistryFront } from './fronts/front-server';
export { startBlackHole, startHostileFront } from './fronts/hostile-front';
export type { BlackHole, HostileFrontOptions } from './fronts/hostile-front';
export { basicAuthEntry, writeDockerConfig } from './docker-config';
export type { DockerAuthEntry, DockerConfigFile } from './docker-config';
export { createCredentialHelper } from './credential-helper';
export type { CredentialHelper, CredentialHelperCall, CredentialHelperOptions } from './credential-helper';
