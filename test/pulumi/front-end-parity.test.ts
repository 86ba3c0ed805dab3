import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { App, Chart, Testing } from 'cdk8s';
import { RecordingMocks, manifests, settle, useMocks } from './mocks';
import { HARBOR_CA } from '../../examples/harbor-tls/main';
import * as Cdk8s from '../../src/cdk8s';
import { FluxOci } from '../../src/cdk8s';
import {
  ChartRelease, FluxKustomization, FluxOciSettings, OciArtifactSource, OciHelmSource, PrivateRegistrySecret, RegistryProxySecret, RegistryTlsSecret,
  noChartResolution,
} from '../../src/pulumi';
import { expectValid } from '../support/validate';

/**
 * The seed examples (cdk8s programs in examples/) and the same props given
 * to the Pulumi components must produce the same objects: both front ends
 * only translate props for the same core builders.
 */

const EXAMPLES = join(__dirname, '..', '..', 'examples');

function cdk8sObjects(example: string, settings: FluxOciSettings): any[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { defineApp } = require(join(EXAMPLES, example, 'main.ts')) as { defineApp: (app: App) => void };
  const app = Testing.app();
  FluxOci.configure(app, { target: settings.target, fluxVersion: settings.fluxVersion, pin: settings.pin });
  defineApp(app);
  return app.charts.flatMap((c) => Testing.synth(c));
}

type PulumiProgram = (settings: FluxOciSettings) => void;

/** The examples' props, for the Pulumi components; the namespace the cdk8s Chart gives is passed explicitly. */
const PULUMI: Record<string, PulumiProgram> = {
  'gitlab-private': (settings) => {
    const namespace = 'flux-system';
    const pullSecret = new PrivateRegistrySecret('gitlab-registry', {
      registry: 'registry.gitlab.com',
      namespace,
      externalSecret: { storeName: 'vault', storeKind: 'ClusterSecretStore', remoteKey: 'ci/gitlab-registry' },
      settings,
    });
    const charts = new OciHelmSource('gitlab-charts', {
      url: 'oci://registry.gitlab.com/acme/charts', strategy: 'HelmRepository', secret: pullSecret, interval: '1m', namespace, settings,
    });
    new ChartRelease('apache', { source: charts, chart: 'apache', version: '0.1.x', interval: '5m', targetNamespace: 'web', values: { replicaCount: 2 } });
  },
  'ocirepository-semver': (settings) => {
    const namespace = 'flux-system';
    const ghcr = PrivateRegistrySecret.fromSecretName('ghcr-auth', { registry: 'ghcr.io', format: 'dockerconfigjson' });
    const charts = new OciHelmSource('podinfo-charts', { url: 'oci://ghcr.io/stefanprodan/charts', secret: ghcr, interval: '5m', namespace, settings });
    new ChartRelease('podinfo', {
      source: charts, chart: 'podinfo', version: '>=6.0.0 <7.0.0', interval: '10m', targetNamespace: 'podinfo', createNamespace: true, values: { replicaCount: 2 },
    });
  },
  'helm-operator': (settings) => {
    const namespace = 'helm-operator-system';
    const auth = PrivateRegistrySecret.fromSecretName('ghcr-basic-auth', { registry: 'ghcr.io', format: 'opaque' });
    const repo = new OciHelmSource('myorg-charts', { url: 'oci://ghcr.io/myorg/charts', secret: auth, interval: '30m', namespace, settings });
    new ChartRelease('nginx', {
      source: repo,
      chart: 'nginx',
      version: '15.4.4',
      releaseName: 'nginx',
      targetNamespace: 'web',
      createNamespace: true,
      values: { replicaCount: 2, service: { type: 'ClusterIP' } },
    });
  },
  'bitnami-mysql': (settings) => {
    const bitnami = new OciHelmSource('bitnami', { url: 'oci://registry-1.docker.io/bitnamicharts', strategy: 'HelmRepository', interval: '5m', namespace: 'flux-system', settings });
    new ChartRelease('mysql', {
      source: bitnami,
      chart: 'mysql',
      version: '9.x',
      interval: '10m',
      targetNamespace: 'database',
      createNamespace: true,
      values: {
        auth: { database: 'app', username: 'app', existingSecret: 'mysql-credentials' },
        primary: { persistence: { enabled: true, size: '8Gi' } },
        metrics: { enabled: true },
      },
    });
  },
  'aws-ecr': (settings) => {
    const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
    const namespace = 'flux-system';
    const ecr = new OciHelmSource('ecr-charts', { url: `oci://${ECR}/charts`, strategy: 'HelmRepository', provider: 'aws', interval: '5m', namespace, settings });
    new ChartRelease('payments', { source: ecr, chart: 'payments', version: '3.2.1', interval: '10m', targetNamespace: 'payments' });
    const token = PrivateRegistrySecret.fromSecretName('ecr-credentials', { registry: ECR, format: 'dockerconfigjson' });
    const ecrWithSecret = new OciHelmSource('ecr-charts-token', { url: `oci://${ECR}/charts`, strategy: 'HelmRepository', secret: token, interval: '5m', namespace, settings });
    new ChartRelease('ledger', { source: ecrWithSecret, chart: 'ledger', version: '>=1.0.0 <2.0.0', interval: '10m', targetNamespace: 'payments' });
  },
  'azure-acr': (settings) => {
    const namespace = 'flux-system';
    const acr = new OciHelmSource('acr-charts', { url: 'oci://contoso.azurecr.io/helm', strategy: 'HelmRepository', provider: 'azure', interval: '5m', namespace, settings });
    new ChartRelease('frontend', { source: acr, chart: 'frontend', version: '1.4.x', interval: '10m', targetNamespace: 'shop' });
    const sp = PrivateRegistrySecret.fromSecretName('acr-service-principal', { registry: 'contoso.azurecr.io', format: 'dockerconfigjson' });
    const acrWithSecret = new OciHelmSource('acr-charts-sp', { url: 'oci://contoso.azurecr.io/helm', strategy: 'HelmRepository', secret: sp, interval: '5m', namespace, settings });
    new ChartRelease('backend', { source: acrWithSecret, chart: 'backend', version: '2.0.x', interval: '10m', targetNamespace: 'shop' });
  },
  'google-artifact-registry': (settings) => {
    const GAR = 'europe-west1-docker.pkg.dev';
    const namespace = 'flux-system';
    const gar = new OciHelmSource('gar-charts', { url: `oci://${GAR}/acme-prod/charts`, strategy: 'HelmRepository', provider: 'gcp', interval: '5m', namespace, settings });
    new ChartRelease('search', { source: gar, chart: 'search', version: '0.9.x', interval: '10m', targetNamespace: 'search' });
    const key = PrivateRegistrySecret.fromSecretName('gar-json-key', { registry: GAR, format: 'dockerconfigjson' });
    const garWithSecret = new OciHelmSource('gar-charts-key', { url: `oci://${GAR}/acme-prod/charts`, strategy: 'HelmRepository', secret: key, interval: '5m', namespace, settings });
    new ChartRelease('indexer', { source: garWithSecret, chart: 'indexer', version: '1.1.0', interval: '10m', targetNamespace: 'search' });
  },
  'harbor-tls': (settings) => {
    const robot = PrivateRegistrySecret.fromSecretName('harbor-robot', { registry: 'harbor.example.internal', format: 'dockerconfigjson' });
    const ca = new RegistryTlsSecret('harbor-ca', { caCert: HARBOR_CA, namespace: 'flux-system' });
    const harbor = new OciHelmSource('harbor-charts', {
      url: 'oci://harbor.example.internal/platform',
      strategy: 'HelmRepository',
      secret: robot,
      certSecret: ca,
      interval: '5m',
      timeout: '60s',
      namespace: 'flux-system',
      settings,
    });
    new ChartRelease('ingress', {
      source: harbor,
      chart: 'ingress-nginx',
      version: '4.10.x',
      interval: '10m',
      targetNamespace: 'ingress',
      createNamespace: true,
      values: { controller: { replicaCount: 2 } },
    });
  },
  'oci-artifact-kustomization': (settings) => {
    const ghcr = PrivateRegistrySecret.fromSecretName('ghcr-auth', { registry: 'ghcr.io', format: 'dockerconfigjson' });
    const artifact = new OciArtifactSource('app-manifests', {
      url: 'oci://ghcr.io/acme/app-manifests', tag: 'latest', secret: ghcr, interval: '5m', namespace: 'flux-system', settings,
    });
    new FluxKustomization('app', {
      source: artifact, path: './', prune: true, targetNamespace: 'apps', wait: true, timeout: '2m', interval: '10m',
    });
  },
};


const CASES: [string, FluxOciSettings][] = [
  ['gitlab-private', {}],
  ['gitlab-private', { fluxVersion: '2.2' }],
  ['ocirepository-semver', {}],
  ['ocirepository-semver', { fluxVersion: '2.3' }],
  ['helm-operator', { target: 'helm-operator' }],
  ['bitnami-mysql', {}],
  ['bitnami-mysql', { fluxVersion: '2.0' }],
  ['aws-ecr', {}],
  ['azure-acr', {}],
  ['google-artifact-registry', {}],
  ['harbor-tls', {}],
  ['oci-artifact-kustomization', {}],
  ['oci-artifact-kustomization', { fluxVersion: '2.2' }],
];

const key = (o: any) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const sorted = (objects: any[]) => [...objects].sort((a, b) => key(a).localeCompare(key(b)));

let mocks: RecordingMocks;
beforeEach(async () => {
  mocks = await useMocks();
});
afterEach(settle);

test('every cdk8s seed example has a Pulumi twin here, and every twin runs', () => {
  const seeds = readdirSync(EXAMPLES).filter((e) => existsSync(join(EXAMPLES, e, 'main.ts')));
  expect(Object.keys(PULUMI).sort()).toEqual(seeds.sort());
  expect(new Set(CASES.map(([e]) => e))).toEqual(new Set(seeds));
});

test.each(CASES)('%s %j: the Pulumi components create the objects the cdk8s constructs write', async (example, settings) => {
  const expected = cdk8sObjects(example, settings);
  PULUMI[example]({ ...settings, resolver: noChartResolution });
  const actual = manifests(await mocks.resources());
  expectValid(actual);
  expect(actual.length).toBeGreaterThan(0);
  expect(sorted(actual)).toEqual(sorted(expected));
});

/**
 * Every component with the options the examples leave out: TLS with a
 * client pair, a proxy, artifact ranges, Kustomizations waiting for each
 * other across namespaces, releases waiting for each other.
 */
const CLIENT_KEY = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIFakeKeyForParityTestsOnly0000000000000000\n-----END PRIVATE KEY-----\n';

function everyComponentCdk8s(app: App): void {
  const flux = new Chart(app, 'flux', { namespace: 'flux-system' });
  const apps = new Chart(app, 'apps', { namespace: 'apps' });
  const pull = Cdk8s.PrivateRegistrySecret.fromSecretName(flux, 'registry-auth', 'registry-auth', { registry: 'registry.example.com', format: 'dockerconfigjson' });
  const tls = new Cdk8s.RegistryTlsSecret(flux, 'registry-tls', { caCert: HARBOR_CA, clientCert: HARBOR_CA, clientKey: CLIENT_KEY, plaintext: true });
  const proxy = new Cdk8s.RegistryProxySecret(flux, 'egress', { address: 'http://proxy.internal:3128', username: 'flux', password: 'proxy-pw', plaintext: true });
  const charts = new Cdk8s.OciHelmSource(flux, 'charts', { url: 'oci://registry.example.com/charts', secret: pull, certSecret: tls, proxySecret: proxy });
  const db = new Cdk8s.ChartRelease(apps, 'db', { source: charts, chart: 'postgres', version: '15.x' });
  new Cdk8s.ChartRelease(apps, 'web', { source: charts, chart: 'web', version: '>=1.0.0 <2.0.0', semverFilter: '.*', fluxDependsOn: [db], values: { a: 1 } });
  const artifact = new Cdk8s.OciArtifactSource(flux, 'manifests', {
    url: 'oci://registry.example.com/manifests', semver: '>=1.0.0', semverFilter: '^v', secret: pull, certSecret: tls, proxySecret: proxy, ignore: '*.md',
  });
  const infra = new Cdk8s.FluxKustomization(flux, 'infra', { source: artifact, path: './infra', prune: true, wait: true });
  new Cdk8s.FluxKustomization(apps, 'app', {
    source: artifact,
    path: './app',
    prune: false,
    fluxDependsOn: [infra],
    targetNamespace: 'web',
    healthChecks: [{ kind: 'Deployment', name: 'web', namespace: 'web', apiVersion: 'apps/v1' }],
    postBuild: { substitute: { cluster: 'prod' }, substituteFrom: [{ kind: 'ConfigMap', name: 'vars', optional: true }] },
    patches: [{ patch: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n', target: { kind: 'Deployment' } }],
    commonMetadata: { labels: { team: 'web' } },
  });
}

function everyComponentPulumi(settings: FluxOciSettings): void {
  const pull = PrivateRegistrySecret.fromSecretName('registry-auth', { registry: 'registry.example.com', format: 'dockerconfigjson' });
  const tls = new RegistryTlsSecret('registry-tls', { caCert: HARBOR_CA, clientCert: HARBOR_CA, clientKey: pulumi.secret(CLIENT_KEY), namespace: 'flux-system' });
  const proxy = new RegistryProxySecret('egress', { address: 'http://proxy.internal:3128', username: 'flux', password: pulumi.secret('proxy-pw'), namespace: 'flux-system' });
  const charts = new OciHelmSource('charts', { url: 'oci://registry.example.com/charts', secret: pull, certSecret: tls, proxySecret: proxy, namespace: 'flux-system', settings });
  const db = new ChartRelease('db', { source: charts, chart: 'postgres', version: '15.x', namespace: 'apps' });
  new ChartRelease('web', { source: charts, chart: 'web', version: '>=1.0.0 <2.0.0', semverFilter: '.*', fluxDependsOn: [db], values: { a: 1 }, namespace: 'apps' });
  const artifact = new OciArtifactSource('manifests', {
    url: 'oci://registry.example.com/manifests',
    semver: '>=1.0.0',
    semverFilter: '^v',
    secret: pull,
    certSecret: tls,
    proxySecret: proxy,
    ignore: '*.md',
    namespace: 'flux-system',
    settings,
  });
  const infra = new FluxKustomization('infra', { source: artifact, path: './infra', prune: true, wait: true });
  new FluxKustomization('app', {
    source: artifact,
    path: './app',
    prune: false,
    fluxDependsOn: [infra],
    targetNamespace: 'web',
    namespace: 'apps',
    healthChecks: [{ kind: 'Deployment', name: 'web', namespace: 'web', apiVersion: 'apps/v1' }],
    postBuild: { substitute: { cluster: 'prod' }, substituteFrom: [{ kind: 'ConfigMap', name: 'vars', optional: true }] },
    patches: [{ patch: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n', target: { kind: 'Deployment' } }],
    commonMetadata: { labels: { team: 'web' } },
  });
}

test.each([{}, { fluxVersion: '2.4' }] as FluxOciSettings[])('every component, options beyond the examples %j: both front ends write the same objects', async (settings) => {
  const app = Testing.app();
  FluxOci.configure(app, { fluxVersion: settings.fluxVersion });
  everyComponentCdk8s(app);
  const expected = app.charts.flatMap((c) => Testing.synth(c));
  everyComponentPulumi({ ...settings, resolver: noChartResolution });
  const actual = manifests(await mocks.resources());
  expectValid(actual);
  expect(new Set(actual.map((o) => o.kind))).toEqual(new Set(['Secret', 'OCIRepository', 'HelmRelease', 'Kustomization']));
  expect(sorted(actual)).toEqual(sorted(expected));
});

test('the newest HelmRelease fields (commonMetadata, waitStrategy, healthCheckExprs, postRenderStrategy, persistentClient): both front ends write the same objects', async () => {
  const newest = {
    commonMetadata: { labels: { team: 'web' }, annotations: { 'acme.io/owner': 'web' } },
    waitStrategy: { name: 'poller' as const },
    healthCheckExprs: [{ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', current: "status.conditions.all(c, c.type != 'Ready' || c.status == 'True')" }],
    postRenderStrategy: 'nohooks' as const,
    persistentClient: false,
  };
  const app = Testing.app();
  const flux = new Chart(app, 'flux', { namespace: 'flux-system' });
  const charts = new Cdk8s.OciHelmSource(flux, 'charts', { url: 'oci://registry.example.com/charts' });
  new Cdk8s.ChartRelease(new Chart(app, 'apps', { namespace: 'apps' }), 'web', { source: charts, chart: 'web', version: '1.x', ...newest });
  const expected = app.charts.flatMap((c) => Testing.synth(c));
  const source = new OciHelmSource('charts', { url: 'oci://registry.example.com/charts', namespace: 'flux-system', settings: { resolver: noChartResolution } });
  new ChartRelease('web', { source, chart: 'web', version: '1.x', namespace: 'apps', ...newest });
  const actual = manifests(await mocks.resources());
  expectValid(actual);
  expect(actual.find((o) => o.kind === 'HelmRelease')?.spec).toMatchObject({ ...newest, waitStrategy: { name: 'poller' } });
  expect(sorted(actual)).toEqual(sorted(expected));
});

test('dependsOn entries with a readyExpr (Flux 2.7), of releases and of Kustomizations: both front ends write the same objects', async () => {
  const readyExpr = "dep.metadata.annotations['app/version'] == self.metadata.annotations['app/version']";
  const app = Testing.app();
  const flux = new Chart(app, 'flux', { namespace: 'flux-system' });
  const apps = new Chart(app, 'apps', { namespace: 'apps' });
  const charts = new Cdk8s.OciHelmSource(flux, 'charts', { url: 'oci://registry.example.com/charts' });
  const db = new Cdk8s.ChartRelease(apps, 'db', { source: charts, chart: 'postgres', version: '15.x' });
  new Cdk8s.ChartRelease(apps, 'web', { source: charts, chart: 'web', version: '1.x', fluxDependsOn: [{ dependency: db, readyExpr }] });
  const artifact = new Cdk8s.OciArtifactSource(flux, 'manifests', { url: 'oci://registry.example.com/manifests', semver: '>=1.0.0' });
  const infra = new Cdk8s.FluxKustomization(flux, 'infra', { source: artifact, path: './infra', prune: true });
  new Cdk8s.FluxKustomization(flux, 'app', { source: artifact, path: './app', prune: true, fluxDependsOn: [{ dependency: infra, readyExpr: 'has(dep.status)' }] });
  const expected = app.charts.flatMap((c) => Testing.synth(c));

  const settings = { resolver: noChartResolution };
  const source = new OciHelmSource('charts', { url: 'oci://registry.example.com/charts', namespace: 'flux-system', settings });
  const pulumiDb = new ChartRelease('db', { source, chart: 'postgres', version: '15.x', namespace: 'apps' });
  new ChartRelease('web', { source, chart: 'web', version: '1.x', namespace: 'apps', fluxDependsOn: [{ dependency: pulumiDb, readyExpr }] });
  const manifestsSource = new OciArtifactSource('manifests', { url: 'oci://registry.example.com/manifests', semver: '>=1.0.0', namespace: 'flux-system', settings });
  const pulumiInfra = new FluxKustomization('infra', { source: manifestsSource, path: './infra', prune: true });
  new FluxKustomization('app', { source: manifestsSource, path: './app', prune: true, fluxDependsOn: [{ dependency: pulumiInfra, readyExpr: 'has(dep.status)' }] });
  const actual = manifests(await mocks.resources());
  expectValid(actual);
  expect(actual.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'web')?.spec.dependsOn).toStrictEqual([{ name: 'db', readyExpr }]);
  expect(sorted(actual)).toEqual(sorted(expected));
});
