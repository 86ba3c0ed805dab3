/**
 * A cdk8s program that uses every public construct and the core API the
 * README shows, written as a user writes it: only the entry points
 * `flux-oci` and `flux-oci/cdk8s`, option types by name. The packed-tarball
 * test type-checks it in a stock `cdk8s init typescript-app` project
 * (lib es2016, @types/node 14, no skipLibCheck) and then runs it.
 */
import { App, Chart } from 'cdk8s';
import {
  formatSchemaProblem, packageChart, RegistryClient, resolveChart, Resolver, validateObject,
} from 'flux-oci';
import {
  ChartRelease, ChartVerification, FluxKustomization, FluxOci, InstallOptions, KustomizationHealthCheck, OciArtifactSource, OciHelmSource,
  PinMode, PostBuildSubstitution, PrivateRegistrySecret, RegistryProxySecret, RegistryTlsSecret, SourceStrategy, UpgradeOptions, resolveApp,
} from 'flux-oci/cdk8s';

const CA = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';

const app = new App();
FluxOci.configure(app, { fluxVersion: '2.9', pin: 'none', resolve: { mode: 'off', lockfile: false } });
const flux = new Chart(app, 'flux', { namespace: 'flux-system' });
const apps = new Chart(app, 'apps', { namespace: 'apps' });

const pull = PrivateRegistrySecret.fromSecretName(flux, 'ghcr-auth', 'ghcr-auth', { registry: 'ghcr.io', format: 'dockerconfigjson' });
const gitlab = new PrivateRegistrySecret(flux, 'gitlab', {
  registry: 'registry.gitlab.com',
  externalSecret: { storeName: 'vault', remoteKey: 'ci/gitlab-registry' },
});
const tls = new RegistryTlsSecret(flux, 'harbor-ca', { caCert: CA });
const proxy = RegistryProxySecret.fromSecretName(flux, 'egress', 'egress');
const strategy: SourceStrategy = 'OCIRepository';
const charts = new OciHelmSource(flux, 'charts', {
  url: 'oci://ghcr.io/acme/charts',
  secret: pull,
  certSecret: tls,
  proxySecret: proxy,
  strategy,
  verify: ChartVerification.cosign({ matchOidcIdentity: [{ issuer: 'https://token.actions.githubusercontent.com', subject: 'repo:acme/charts' }] }),
});
const existing = OciHelmSource.fromHelmRepositoryName(flux, 'gitlab-charts', 'gitlab-charts', { url: 'oci://registry.gitlab.com/acme/charts', secret: gitlab });

const install: InstallOptions = { crds: 'CreateReplace', remediation: { retries: 3 } };
const upgrade: UpgradeOptions = { remediation: { retries: 3, strategy: 'rollback' } };
const pin: PinMode = 'none';
const db = new ChartRelease(apps, 'db', { source: charts, chart: 'postgres', version: '15.x', install, upgrade, pin });
const web = new ChartRelease(apps, 'web', { source: existing, chart: 'web', version: '^1.2', fluxDependsOn: [db], values: { replicaCount: 2 } });
web.addFluxDependsOn(ChartRelease.fromHelmReleaseName(apps, 'cert-manager', 'cert-manager', 'cert-manager'));

const manifests = new OciArtifactSource(flux, 'manifests', { url: 'oci://ghcr.io/acme/manifests', semver: '>=1.0.0', secret: pull });
const healthChecks: KustomizationHealthCheck[] = [{ kind: 'Deployment', name: 'web', namespace: 'web' }];
const postBuild: PostBuildSubstitution = { substitute: { cluster: 'prod' } };
const infra = new FluxKustomization(flux, 'infra', { source: manifests, prune: true, path: './infra' });
const appKs = new FluxKustomization(apps, 'app', {
  source: OciArtifactSource.fromOCIRepositoryName(apps, 'platform', 'platform', { namespace: 'flux-system' }),
  prune: true,
  healthChecks,
  postBuild,
  fluxDependsOn: [infra],
});
appKs.addFluxDependsOn(FluxKustomization.fromKustomizationName(apps, 'crds', 'crds', 'flux-system'));

async function main(): Promise<void> {
  await resolveApp(app);
  app.synth();
  // The core API, as the README shows it (not called: no registry here).
  void [packageChart, RegistryClient, resolveChart, Resolver];
  for (const p of validateObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a' } })) console.error(formatSchemaProblem(p));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
