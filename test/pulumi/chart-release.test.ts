import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { RecordingMocks, findObject, validObjects, expectResourceFailure, isSecretEnvelope, manifests, optionRecorder, runProgram, settle, urnTail, useMocks, valueOf } from './mocks';
import { ValidationError } from '../../src/foundation/errors';
import { ChartRelease, ChartVerification, FluxOciSettings, OciHelmSource, PrivateRegistrySecret, noChartResolution } from '../../src/pulumi';
import { expectValid } from '../support/validate';

const HELM_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
/** Resolution is tested in resolution.test.ts; here nothing is looked up. */
const OFFLINE: FluxOciSettings = { resolver: noChartResolution };

let mocks: RecordingMocks;
beforeEach(async () => {
  mocks = await useMocks();
});
afterEach(settle);

describe('ChartRelease with the OCIRepository strategy (default)', () => {
  test('creates exactly an OCIRepository and a HelmRelease, parented to the release, the HelmRelease after the OCIRepository', async () => {
    const rec = optionRecorder();
    const pull = PrivateRegistrySecret.fromSecretName('ghcr-auth', { registry: 'ghcr.io', format: 'dockerconfigjson' });
    const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts/', namespace: 'flux-system', secret: pull, settings: OFFLINE });
    const release = new ChartRelease('podinfo', { source, chart: 'podinfo', version: '>=6.0.0 <7.0.0', values: { replicaCount: 2 } }, { transformations: rec.transformations });

    const resources = await mocks.resources();
    expect(resources.map((r) => urnTail(r.urn))).toEqual([
      'flux-oci:index:OciHelmSource::charts',
      'flux-oci:index:ChartRelease::podinfo',
      'flux-oci:index:ChartRelease$kubernetes:source.toolkit.fluxcd.io/v1:OCIRepository::podinfo',
      'flux-oci:index:ChartRelease$kubernetes:helm.toolkit.fluxcd.io/v2:HelmRelease::podinfo',
    ]);
    const ociRepository = rec.options.get('kubernetes:source.toolkit.fluxcd.io/v1:OCIRepository::podinfo')!;
    const helmRelease = rec.options.get('kubernetes:helm.toolkit.fluxcd.io/v2:HelmRelease::podinfo')!;
    expect(ociRepository.parent).toBe(release);
    expect(helmRelease.parent).toBe(release);
    expect(helmRelease.dependsOn).toEqual([release.ociRepository]);

    const objects = await validObjects(mocks);
    expect(findObject(objects, 'OCIRepository')).toStrictEqual({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: 'podinfo', namespace: 'flux-system' },
      spec: {
        interval: '10m',
        url: 'oci://ghcr.io/acme/charts/podinfo',
        ref: { semver: '>=6.0.0 <7.0.0' },
        layerSelector: { mediaType: HELM_LAYER, operation: 'copy' },
        secretRef: { name: 'ghcr-auth' },
      },
    });
    expect(findObject(objects, 'HelmRelease')).toStrictEqual({
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'podinfo', namespace: 'flux-system' },
      spec: { interval: '10m', chartRef: { kind: 'OCIRepository', name: 'podinfo' }, values: { replicaCount: 2 } },
    });
    expect(await valueOf(release.name)).toBe('podinfo');
    expect(await valueOf(release.namespace)).toBe('flux-system');
    expect(await valueOf(release.ociRepositoryName)).toBe('podinfo');
  });

  test('the OCIRepository waits for the pull Secret the source uses', async () => {
    const rec = optionRecorder();
    const pull = new PrivateRegistrySecret('ghcr', { registry: 'ghcr.io', username: 'bot', password: pulumi.secret('t0ken-8d2b') });
    const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts', secret: pull, settings: OFFLINE });
    new ChartRelease('podinfo', { source, chart: 'podinfo' }, { transformations: rec.transformations });
    await mocks.resources();
    expect(rec.options.get('kubernetes:source.toolkit.fluxcd.io/v1:OCIRepository::podinfo')!.dependsOn).toEqual([pull]);
  });

  test('source settings reach the OCIRepository: provider, TLS, proxy, verify, insecure, timeout, serviceAccount', async () => {
    const source = new OciHelmSource('charts', {
      url: 'oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/charts',
      provider: 'aws',
      certSecret: { name: 'registry-ca' },
      proxySecret: { name: pulumi.output('proxy') },
      serviceAccountName: 'flux-pull',
      timeout: '90s',
      interval: '1h',
      suspend: true,
      verify: ChartVerification.cosign({ matchOidcIdentity: [{ issuer: '^https://token.actions.githubusercontent.com$', subject: '^https://github.com/acme/.*$' }] }),
      settings: OFFLINE,
    });
    new ChartRelease('payments', { source, chart: 'payments', version: '3.x' });
    expect(findObject(await validObjects(mocks), 'OCIRepository').spec).toStrictEqual({
      interval: '1h',
      url: 'oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/charts/payments',
      ref: { semver: '3.x' },
      layerSelector: { mediaType: HELM_LAYER, operation: 'copy' },
      provider: 'aws',
      serviceAccountName: 'flux-pull',
      certSecretRef: { name: 'registry-ca' },
      proxySecretRef: { name: 'proxy' },
      verify: { provider: 'cosign', matchOIDCIdentity: [{ issuer: '^https://token.actions.githubusercontent.com$', subject: '^https://github.com/acme/.*$' }] },
      timeout: '90s',
      suspend: true,
    });
  });
});

describe('ChartRelease with the HelmRepository strategy', () => {
  test('one HelmRepository per source, parented to the source, that every HelmRelease waits for', async () => {
    const rec = optionRecorder();
    const pull = PrivateRegistrySecret.fromSecretName('gitlab', { format: 'basic-auth' });
    const source = new OciHelmSource('gitlab-charts', {
      url: 'oci://registry.gitlab.com/acme/charts', strategy: 'HelmRepository', secret: pull, interval: '1m', settings: OFFLINE,
    }, { transformations: rec.transformations });
    const apache = new ChartRelease('apache', { source, chart: 'apache', version: '0.1.x', targetNamespace: 'web', createNamespace: true }, { transformations: rec.transformations });
    new ChartRelease('redis', { source, chart: 'redis', version: '18.2.0', chartInterval: '30m' }, { transformations: rec.transformations });

    const resources = await mocks.resources();
    expect(resources.map((r) => urnTail(r.urn)).sort()).toEqual([
      'flux-oci:index:ChartRelease$kubernetes:helm.toolkit.fluxcd.io/v2:HelmRelease::apache',
      'flux-oci:index:ChartRelease$kubernetes:helm.toolkit.fluxcd.io/v2:HelmRelease::redis',
      'flux-oci:index:ChartRelease::apache',
      'flux-oci:index:ChartRelease::redis',
      'flux-oci:index:OciHelmSource$kubernetes:source.toolkit.fluxcd.io/v1:HelmRepository::gitlab-charts',
      'flux-oci:index:OciHelmSource::gitlab-charts',
    ]);
    expect(rec.options.get('kubernetes:source.toolkit.fluxcd.io/v1:HelmRepository::gitlab-charts')!.parent).toBe(source);
    expect(rec.options.get('kubernetes:helm.toolkit.fluxcd.io/v2:HelmRelease::apache')!.dependsOn).toEqual([source.helmRepository]);
    expect(rec.options.get('kubernetes:helm.toolkit.fluxcd.io/v2:HelmRelease::redis')!.dependsOn).toEqual([source.helmRepository]);
    expect(apache.ociRepository).toBeUndefined();
    expect(await valueOf(apache.ociRepositoryName)).toBeUndefined();

    const objects = await validObjects(mocks);
    expect(findObject(objects, 'HelmRepository').spec).toStrictEqual({
      type: 'oci', url: 'oci://registry.gitlab.com/acme/charts', interval: '1m', secretRef: { name: 'gitlab' },
    });
    expect(findObject(objects, 'HelmRelease', 'apache').spec).toStrictEqual({
      interval: '10m',
      chart: { spec: { chart: 'apache', version: '0.1.x', sourceRef: { kind: 'HelmRepository', name: 'gitlab-charts' } } },
      targetNamespace: 'web',
      install: { createNamespace: true },
    });
    expect(findObject(objects, 'HelmRelease', 'redis').spec.chart.spec).toStrictEqual({
      chart: 'redis', version: '18.2.0', sourceRef: { kind: 'HelmRepository', name: 'gitlab-charts' }, interval: '30m',
    });
  });

  test('a release can override its source strategy; the source then creates a HelmRepository too', async () => {
    const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts', settings: OFFLINE });
    new ChartRelease('a', { source, chart: 'a', version: '1.0.0' });
    new ChartRelease('b', { source, chart: 'b', version: '1.0.0', strategy: 'HelmRepository' });
    const objects = await validObjects(mocks);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['HelmRelease/a', 'HelmRelease/b', 'HelmRepository/charts', 'OCIRepository/a']);
    expect(findObject(objects, 'HelmRelease', 'b').spec.chart.spec.sourceRef).toStrictEqual({ kind: 'HelmRepository', name: 'charts' });
  });

  test('an existing HelmRepository is referenced, not created', async () => {
    const source = OciHelmSource.fromHelmRepositoryName('bitnami', { url: 'oci://registry-1.docker.io/bitnamicharts', namespace: 'flux-system', settings: OFFLINE });
    new ChartRelease('mysql', { source, chart: 'mysql', version: '9.x' });
    const objects = await validObjects(mocks);
    expect(objects.map((o) => o.kind)).toEqual(['HelmRelease']);
    expect(objects[0].metadata).toStrictEqual({ name: 'mysql', namespace: 'flux-system' });
    expect(objects[0].spec.chart.spec.sourceRef).toStrictEqual({ kind: 'HelmRepository', name: 'bitnami' });
  });
});

describe('inputs from other resources', () => {
  test('namespaces, names and values may be Outputs; they reach the objects once known', async () => {
    const ns = new k8s.core.v1.Namespace('apps', { metadata: { name: 'apps' } });
    const config = new k8s.core.v1.ConfigMap('overrides', { metadata: { name: 'web-overrides' } });
    const source = new OciHelmSource('charts', { url: pulumi.output('oci://ghcr.io/acme/charts'), namespace: pulumi.output('flux-system'), settings: OFFLINE });
    const release = new ChartRelease('web', {
      source,
      chart: 'web',
      namespace: ns.metadata.name,
      targetNamespace: ns.metadata.name,
      values: { image: { tag: pulumi.output('1.2.3') } },
      valuesFrom: [{ kind: 'ConfigMap', name: config.metadata.name }],
    });
    const objects = await validObjects(mocks);
    expect(findObject(objects, 'OCIRepository').metadata).toStrictEqual({ name: 'apps-web', namespace: 'flux-system' });
    expect(findObject(objects, 'HelmRelease')).toMatchObject({
      metadata: { name: 'web', namespace: 'apps' },
      spec: {
        chartRef: { kind: 'OCIRepository', name: 'apps-web', namespace: 'flux-system' },
        targetNamespace: 'apps',
        values: { image: { tag: '1.2.3' } },
        valuesFrom: [{ kind: 'ConfigMap', name: 'web-overrides' }],
      },
    });
    expect(await valueOf(release.namespace)).toBe('apps');
  });

  test('a secret Helm value makes the HelmRelease spec secret, not its name', async () => {
    const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts', namespace: 'flux-system', settings: OFFLINE });
    new ChartRelease('db', { source, chart: 'db', values: { auth: { password: pulumi.secret('db-pa55-e91f') } } });
    const helmRelease = (await mocks.resources()).find((r) => r.type.endsWith(':HelmRelease'))!;
    expect(isSecretEnvelope(helmRelease.inputs.spec)).toBe(true);
    expect(helmRelease.inputs.metadata).toStrictEqual({ name: 'db', namespace: 'flux-system' });
  });
});

describe('dependsOn', () => {
  test('writes Flux dependsOn (namespace only when it differs) and orders the HelmRelease after the other releases', async () => {
    const rec = optionRecorder();
    const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts', namespace: 'flux-system', settings: OFFLINE });
    const crds = new ChartRelease('crds', { source, chart: 'crds' });
    const db = new ChartRelease('db', { source, chart: 'db', namespace: 'apps' });
    new ChartRelease('web', { source, chart: 'web', fluxDependsOn: [crds, db, { name: 'cert-manager', namespace: 'cert-manager' }] }, { transformations: rec.transformations });
    const web = findObject(await validObjects(mocks), 'HelmRelease', 'web');
    expect(web.spec.dependsOn).toStrictEqual([{ name: 'crds' }, { name: 'db', namespace: 'apps' }, { name: 'cert-manager', namespace: 'cert-manager' }]);
    const options = rec.options.get('kubernetes:helm.toolkit.fluxcd.io/v2:HelmRelease::web')!;
    expect(options.dependsOn).toEqual(expect.arrayContaining([crds, db]));
  });

  test('an entry with a readyExpr (Flux 2.7) writes it, of a release or of a reference, and still orders the HelmRelease after the release', async () => {
    const rec = optionRecorder();
    const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts', namespace: 'flux-system', settings: OFFLINE });
    const db = new ChartRelease('db', { source, chart: 'db', namespace: 'apps' });
    const readyExpr = "dep.metadata.annotations['app/version'] == self.metadata.annotations['app/version']";
    new ChartRelease('web', {
      source,
      chart: 'web',
      namespace: 'apps',
      fluxDependsOn: [{ dependency: db, readyExpr }, { dependency: { name: 'cert-manager', namespace: 'cert-manager' }, readyExpr: 'has(dep.status)' }],
    }, { transformations: rec.transformations });
    const web = findObject(await validObjects(mocks), 'HelmRelease', 'web');
    expect(web.spec.dependsOn).toStrictEqual([{ name: 'db', readyExpr }, { name: 'cert-manager', namespace: 'cert-manager', readyExpr: 'has(dep.status)' }]);
    expect(rec.options.get('kubernetes:helm.toolkit.fluxcd.io/v2:HelmRelease::web')!.dependsOn).toEqual(expect.arrayContaining([db]));
  });

  test('a readyExpr Flux would refuse fails the release at the entry', () => {
    const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts', namespace: 'flux-system', settings: OFFLINE });
    expect(() => new ChartRelease('web', { source, chart: 'web', fluxDependsOn: [{ dependency: { name: 'db' }, readyExpr: 'dep.status.ready' }] }))
      .toThrow(/^\[web\] fluxDependsOn\[0\]\.readyExpr: Flux's CEL compiler .* the expression's type is dyn, and Flux compiles it to require bool/);
  });
});

describe('targets', () => {
  test('fluxVersion 2.2 writes the APIs Flux 2.2 served', async () => {
    const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts', strategy: 'HelmRepository', namespace: 'flux-system', settings: { ...OFFLINE, fluxVersion: '2.2' } });
    new ChartRelease('web', { source, chart: 'web', version: '1.x' });
    const resources = await mocks.resources();
    expect(resources.filter((r) => r.type.startsWith('kubernetes:')).map((r) => r.type).sort()).toEqual([
      'kubernetes:helm.toolkit.fluxcd.io/v2beta2:HelmRelease',
      'kubernetes:source.toolkit.fluxcd.io/v1beta2:HelmRepository',
    ]);
    expectValid(manifests(resources));
  });

  test('the helm-operator target writes helm-operator.ketches.cn objects with values as YAML', async () => {
    const auth = PrivateRegistrySecret.fromSecretName('ghcr-basic-auth', { registry: 'ghcr.io', format: 'opaque' });
    const source = new OciHelmSource('myorg-charts', { url: 'oci://ghcr.io/myorg/charts', secret: auth, namespace: 'helm-operator-system', settings: { ...OFFLINE, target: 'helm-operator' } });
    new ChartRelease('nginx', { source, chart: 'nginx', version: '15.4.4', values: { replicaCount: 2 } });
    const objects = await validObjects(mocks);
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}`).sort()).toEqual([
      'helm-operator.ketches.cn/v1alpha1 HelmRelease',
      'helm-operator.ketches.cn/v1alpha1 HelmRepository',
    ]);
    expect(findObject(objects, 'HelmRelease').spec.chart).toStrictEqual({
      name: 'nginx', version: '15.4.4', ociRepository: 'oci://ghcr.io/myorg/charts/nginx', repository: { name: 'myorg-charts', namespace: 'helm-operator-system' },
    });
    expect(findObject(objects, 'HelmRelease').spec.values).toBe('replicaCount: 2\n');
  });

  test('children use the Kubernetes provider given to each component', async () => {
    const provider = new k8s.Provider('cluster', {});
    const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts', strategy: 'HelmRepository', settings: OFFLINE }, { provider });
    new ChartRelease('web', { source, chart: 'web' }, { provider });
    const objects = (await mocks.resources()).filter((r) => r.type.startsWith('kubernetes:') && !r.type.startsWith('pulumi:'));
    expect(objects).toHaveLength(2);
    for (const o of objects) expect(o.provider).toMatch(/::pulumi:providers:kubernetes::cluster::cluster-id$/);
  });
});

describe('validation', () => {
  test('plain args fail in the constructor with the resource name and field', () => {
    const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts', settings: OFFLINE });
    expect(() => new ChartRelease('web', { source, chart: 'oci://ghcr.io/acme/charts/web' })).toThrow(ValidationError);
    expect(() => new ChartRelease('web', { source, chart: 'oci://ghcr.io/acme/charts/web' })).toThrow(/^\[web\] chart: /);
    expect(() => new ChartRelease('web', { source, chart: 'web', version: '1.0.0', semverFilter: '.*' })).toThrow("[web] semverFilter: semverFilter applies only to a version range, but version '1.0.0' is exact");
    expect(() => new OciHelmSource('bad', { url: 'https://ghcr.io/acme/charts' })).toThrow("[bad] url: 'https://ghcr.io/acme/charts' uses the https:// scheme; Helm charts in OCI registries are addressed as 'oci://ghcr.io/acme/charts'");
    expect(() => new OciHelmSource('bad', { url: 'oci://ghcr.io/acme', settings: { fluxVersion: '1.9' as any } })).toThrow(/^\[bad\] settings\.fluxVersion: unknown Flux version '1\.9'/);
  });

  test('a PrivateRegistrySecret for another host than the URL fails at the source', () => {
    const pull = PrivateRegistrySecret.fromSecretName('gitlab', { registry: 'registry.gitlab.com' });
    expect(() => new OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts', secret: pull })).toThrow(/^\[charts\] secret: Secret 'gitlab' holds credentials for 'registry\.gitlab\.com' but the URL's host is 'ghcr\.io'/);
  });

  test('what the Flux version lacks fails in the constructor', () => {
    const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts', settings: { ...OFFLINE, fluxVersion: '2.2' } });
    expect(() => new ChartRelease('web', { source, chart: 'web' })).toThrow(/^\[web\] strategy: HelmRelease chartRef \(the OCIRepository strategy\) needs Flux 2\.3 or newer/);
  });

  test('args known only from Outputs are checked when they resolve, failing the program with the same message', () => {
    const run = runProgram('invalid-namespace-output');
    expect(run.failures.length).toBeGreaterThan(0);
    expect(run.failures.every((f) => f.code === 'FLUX_OCI_VALIDATION')).toBe(true);
    expectResourceFailure(run, 'FLUX_OCI_VALIDATION', 'charts', "[charts] namespace: 'Flux_System' is not a valid DNS-1123 label");
    expect(run.resources.filter((r) => r.type.startsWith('kubernetes:'))).toEqual([]);
  });
});
