/**
 * A Pulumi program that uses every public component, written as a user
 * writes it: only the entry point `flux-oci/pulumi`, option types by name.
 * The packed-tarball test type-checks it in a stock Pulumi `typescript`
 * project (target es2020, strict, nodenext, no skipLibCheck).
 */
import * as pulumi from '@pulumi/pulumi';
// The test installs flux-oci beside the template's own dependencies, as a user does.
// eslint-disable-next-line import/no-extraneous-dependencies
import {
  ChartRelease, ChartVerification, FluxKustomization, InstallOptions, KustomizationHealthCheck, OciArtifactSource, OciHelmSource, PinMode,
  PrivateRegistrySecret, RegistryProxySecret, RegistryTlsSecret, ResolveSettings, noChartResolution,
} from 'flux-oci/pulumi';

const config = new pulumi.Config();
const resolve: ResolveSettings = { mode: 'off', lockfile: false };

const gitlab = new PrivateRegistrySecret('gitlab', {
  registry: 'registry.gitlab.com', username: config.get('gitlabUser') ?? 'deploy', password: config.getSecret('gitlabToken') ?? pulumi.secret('token'),
});
const pull = PrivateRegistrySecret.fromSecretName('ghcr-auth', { registry: 'ghcr.io' });
const ca = new RegistryTlsSecret('harbor-ca', { caCert: config.get('harborCa') ?? '-----BEGIN CERTIFICATE-----\n' });
const existingCa = RegistryTlsSecret.fromSecretName('registry-ca', { caCert: config.get('registryCa') });
const proxy = new RegistryProxySecret('egress', { address: 'http://proxy.internal:3128' });

const charts = new OciHelmSource('charts', {
  url: 'oci://registry.gitlab.com/acme/charts',
  secret: gitlab,
  certSecret: ca,
  proxySecret: proxy,
  verify: ChartVerification.cosign({ matchOidcIdentity: [{ issuer: 'https://gitlab.com', subject: 'project_path:acme/charts' }] }),
  settings: { fluxVersion: '2.9', resolve },
});
const existing = OciHelmSource.fromHelmRepositoryName('ghcr-charts', { url: 'oci://ghcr.io/acme/charts', secret: pull, settings: { resolver: noChartResolution } });

const install: InstallOptions = { crds: 'CreateReplace' };
const pin: PinMode = 'digest';
const db = new ChartRelease('db', { source: charts, chart: 'postgres', version: config.get('dbVersion') ?? '15.x', install, pin });
const web = new ChartRelease('web', {
  source: existing,
  chart: pulumi.output('web'),
  version: '^1.2',
  fluxDependsOn: [db, { name: 'cert-manager', namespace: 'cert-manager' }],
  values: { image: { tag: config.get('webTag') ?? 'latest' } },
}, { dependsOn: [proxy] });

const manifests = new OciArtifactSource('manifests', { url: 'oci://ghcr.io/acme/manifests', tag: 'production', certSecret: existingCa, settings: { resolve } });
const healthChecks: KustomizationHealthCheck[] = [{ kind: 'Deployment', name: 'web', namespace: 'web' }];
const infra = new FluxKustomization('infra', { source: manifests, prune: true, path: './infra' });
new FluxKustomization('app', {
  source: OciArtifactSource.fromOCIRepositoryName('platform', { namespace: 'flux-system' }), prune: true, healthChecks, fluxDependsOn: [infra],
});

export const webVersion = web.resolvedVersion;
export const artifactDigest = manifests.resolvedArtifact.apply((r) => r?.digest);
