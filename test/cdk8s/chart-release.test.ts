import { Chart } from 'cdk8s';
import { ChartRelease, ChartVerification, OciHelmSource, PrivateRegistrySecret, RegistryProxySecret, RegistryTlsSecret } from '../../src/cdk8s';
import { findObject, synthValid, testChart } from '../support/synth';

const HELM_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

describe('ChartRelease with the OCIRepository strategy (default)', () => {
  test('writes an OCIRepository for <source>/<chart> and a HelmRelease with chartRef', () => {
    const { app, chart } = testChart();
    const secret = PrivateRegistrySecret.fromSecretName(chart, 'pull', 'ghcr-auth', { registry: 'ghcr.io', format: 'dockerconfigjson' });
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts/', secret });
    new ChartRelease(chart, 'podinfo', { source, chart: 'podinfo', version: '>=6.0.0 <7.0.0', values: { replicaCount: 2 } });

    const objects = synthValid(app);
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'helm.toolkit.fluxcd.io/v2 HelmRelease/podinfo',
      'source.toolkit.fluxcd.io/v1 OCIRepository/podinfo',
    ]);
    const repo = findObject(objects, 'OCIRepository');
    expect(repo.metadata.namespace).toBe('flux-system');
    expect(repo.spec).toStrictEqual({
      interval: '10m',
      url: 'oci://ghcr.io/acme/charts/podinfo',
      ref: { semver: '>=6.0.0 <7.0.0' },
      layerSelector: { mediaType: HELM_LAYER, operation: 'copy' },
      secretRef: { name: 'ghcr-auth' },
    });
    const hr = findObject(objects, 'HelmRelease');
    expect(hr.spec).toStrictEqual({
      interval: '10m',
      chartRef: { kind: 'OCIRepository', name: 'podinfo' },
      values: { replicaCount: 2 },
    });
  });

  test('an exact version becomes ref.tag, with + stored as _ as Helm pushes it', () => {
    const { app, chart } = testChart();
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    new ChartRelease(chart, 'a', { source, chart: 'a', version: '1.2.3' });
    new ChartRelease(chart, 'b', { source, chart: 'b', version: '1.2.3+build.7' });
    const objects = synthValid(app);
    expect(findObject(objects, 'OCIRepository', 'a').spec.ref).toStrictEqual({ tag: '1.2.3' });
    expect(findObject(objects, 'OCIRepository', 'b').spec.ref).toStrictEqual({ tag: '1.2.3_build.7' });
  });

  test('no version means the newest stable chart (semver *), never the tag latest', () => {
    const { app, chart } = testChart();
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    new ChartRelease(chart, 'a', { source, chart: 'a' });
    expect(findObject(synthValid(app), 'OCIRepository').spec.ref).toStrictEqual({ semver: '*' });
  });

  test('source settings reach the OCIRepository: provider, TLS, proxy, verify, insecure, timeout, serviceAccount', () => {
    const { app, chart } = testChart();
    const ca = RegistryTlsSecret.fromSecretName(chart, 'ca', 'registry-ca');
    const proxy = new RegistryProxySecret(chart, 'proxy', { address: 'http://proxy.internal:3128' });
    const source = new OciHelmSource(chart, 'charts', {
      url: 'oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/charts',
      provider: 'aws',
      certSecret: ca,
      proxySecret: proxy,
      serviceAccountName: 'flux-pull',
      timeout: '90s',
      interval: '1h',
      suspend: true,
      verify: ChartVerification.cosign({ matchOidcIdentity: [{ issuer: '^https://token.actions.githubusercontent.com$', subject: '^https://github.com/acme/.*$' }] }),
    });
    new ChartRelease(chart, 'payments', { source, chart: 'payments', version: '3.x' });
    const objects = synthValid(app);
    expect(findObject(objects, 'OCIRepository').spec).toStrictEqual({
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
    expect(findObject(objects, 'Secret', 'proxy').stringData).toStrictEqual({ address: 'http://proxy.internal:3128' });
  });

  test('semverFilter is written next to the range', () => {
    const { app, chart } = testChart();
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    new ChartRelease(chart, 'rc', { source, chart: 'app', version: '>= 6.1.x-0', semverFilter: '.*-rc.*' });
    expect(findObject(synthValid(app), 'OCIRepository').spec.ref).toStrictEqual({ semver: '>= 6.1.x-0', semverFilter: '.*-rc.*' });
  });
});

describe('ChartRelease with the HelmRepository strategy', () => {
  test('one HelmRepository type oci per source, HelmReleases with chart.spec', () => {
    const { app, chart } = testChart();
    const secret = PrivateRegistrySecret.fromSecretName(chart, 'pull', 'gitlab', { format: 'basic-auth' });
    const source = new OciHelmSource(chart, 'gitlab-charts', { url: 'oci://registry.gitlab.com/acme/charts', strategy: 'HelmRepository', secret, interval: '1m' });
    new ChartRelease(chart, 'apache', { source, chart: 'apache', version: '0.1.x', targetNamespace: 'web', createNamespace: true });
    new ChartRelease(chart, 'redis', { source, chart: 'redis', version: '18.2.0', chartInterval: '30m' });

    const objects = synthValid(app);
    expect(objects.filter((o) => o.kind === 'HelmRepository')).toHaveLength(1);
    expect(findObject(objects, 'HelmRepository').spec).toStrictEqual({
      type: 'oci',
      url: 'oci://registry.gitlab.com/acme/charts',
      interval: '1m',
      secretRef: { name: 'gitlab' },
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
    expect(objects.filter((o) => o.kind === 'OCIRepository')).toHaveLength(0);
  });

  test('a release can override its source strategy; the source then writes a HelmRepository too', () => {
    const { app, chart } = testChart();
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    new ChartRelease(chart, 'a', { source, chart: 'a', version: '1.0.0' });
    new ChartRelease(chart, 'b', { source, chart: 'b', version: '1.0.0', strategy: 'HelmRepository' });
    const objects = synthValid(app);
    expect(findObject(objects, 'HelmRelease', 'a').spec.chartRef).toBeDefined();
    expect(findObject(objects, 'HelmRelease', 'b').spec.chart.spec.sourceRef).toStrictEqual({ kind: 'HelmRepository', name: 'charts' });
    expect(findObject(objects, 'HelmRepository', 'charts').spec.type).toBe('oci');
  });

  test('an imported HelmRepository is referenced, not written', () => {
    const { app, chart } = testChart();
    const source = OciHelmSource.fromHelmRepositoryName(chart, 'bitnami', 'bitnami', { url: 'oci://registry-1.docker.io/bitnamicharts', namespace: 'flux-system' });
    new ChartRelease(chart, 'mysql', { source, chart: 'mysql', version: '9.x' });
    const objects = synthValid(app);
    expect(objects.map((o) => o.kind)).toEqual(['HelmRelease']);
    expect(objects[0].spec.chart.spec.sourceRef).toStrictEqual({ kind: 'HelmRepository', name: 'bitnami' });
  });
});

describe('namespaces and names', () => {
  test('objects default to the Chart namespace; a Chart without one writes no namespace', () => {
    const { app, chart } = testChart({}, null);
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    new ChartRelease(chart, 'web', { source, chart: 'web' });
    for (const o of synthValid(app)) expect(o.metadata.namespace).toBeUndefined();
  });

  test('a release in apps using a source in flux-system: the OCIRepository stays with the source and its Secret', () => {
    const { app, chart: flux } = testChart({}, 'flux-system');
    const apps = new Chart(app, 'apps', { namespace: 'apps' });
    const secret = PrivateRegistrySecret.fromSecretName(flux, 'pull', 'ghcr-auth', { registry: 'ghcr.io' });
    const source = new OciHelmSource(flux, 'charts', { url: 'oci://ghcr.io/acme/charts', secret });
    new ChartRelease(apps, 'web', { source, chart: 'web', version: '1.x' });
    const objects = synthValid(app);
    const repo = findObject(objects, 'OCIRepository');
    expect(repo.metadata).toMatchObject({ name: 'apps-web', namespace: 'flux-system' });
    expect(repo.spec.secretRef).toStrictEqual({ name: 'ghcr-auth' });
    expect(findObject(objects, 'HelmRelease').metadata.namespace).toBe('apps');
    expect(findObject(objects, 'HelmRelease').spec.chartRef).toStrictEqual({ kind: 'OCIRepository', name: 'apps-web', namespace: 'flux-system' });
  });

  test('HelmRepository strategy across namespaces sets sourceRef.namespace', () => {
    const { app, chart: flux } = testChart({}, 'flux-system');
    const apps = new Chart(app, 'apps', { namespace: 'apps' });
    const source = new OciHelmSource(flux, 'charts', { url: 'oci://ghcr.io/acme/charts', strategy: 'HelmRepository' });
    new ChartRelease(apps, 'web', { source, chart: 'web' });
    const hr = findObject(synthValid(app), 'HelmRelease');
    expect(hr.spec.chart.spec.sourceRef).toStrictEqual({ kind: 'HelmRepository', name: 'charts', namespace: 'flux-system' });
  });

  test('names come from construct ids as DNS-1123 labels and do not depend on the tree', () => {
    const { app, chart } = testChart();
    const source = new OciHelmSource(chart, 'My_Charts', { url: 'oci://ghcr.io/acme/charts', strategy: 'HelmRepository' });
    new ChartRelease(chart, 'MySQL', { source, chart: 'mysql' });
    const objects = synthValid(app);
    expect(findObject(objects, 'HelmRepository').metadata.name).toBe('my-charts');
    expect(findObject(objects, 'HelmRelease').metadata.name).toBe('mysql');
  });

  test('two releases writing the same HelmRelease name in one namespace fail validation, naming both', () => {
    const { app, chart } = testChart();
    const other = new Chart(app, 'other', { namespace: 'flux-system' });
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    new ChartRelease(chart, 'web', { source, chart: 'web' });
    new ChartRelease(other, 'web', { source, chart: 'web' });
    expect(() => app.synth()).toThrow(/\[test\/web\] HelmRelease 'web' in namespace 'flux-system' is also written by 'other\/web'/);
  });
});

describe('dependsOn', () => {
  test('emits Flux dependsOn with the namespace only when it differs, and nothing else', () => {
    const { app, chart } = testChart();
    const apps = new Chart(app, 'apps', { namespace: 'apps' });
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    const crds = new ChartRelease(chart, 'crds', { source, chart: 'crds' });
    const db = new ChartRelease(apps, 'db', { source, chart: 'db' });
    const external = ChartRelease.fromHelmReleaseName(chart, 'cert-manager', 'cert-manager', 'cert-manager');
    const web = new ChartRelease(apps, 'web', { source, chart: 'web', fluxDependsOn: [db, crds] });
    web.addFluxDependsOn(external);
    const objects = synthValid(app);
    expect(findObject(objects, 'HelmRelease', 'web').spec.dependsOn).toStrictEqual([
      { name: 'db' },
      { name: 'crds', namespace: 'flux-system' },
      { name: 'cert-manager', namespace: 'cert-manager' },
    ]);
    // No cdk8s dependency or extra object appears for the dependency.
    expect(objects).toHaveLength(6);
  });

  test('a dependency with a readyExpr (Flux 2.7) is written with it, compiled as helm-controller compiles it', () => {
    const { app, chart } = testChart();
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    const db = new ChartRelease(chart, 'db', { source, chart: 'db' });
    const crds = new ChartRelease(chart, 'crds', { source, chart: 'crds' });
    const readyExpr = "dep.metadata.annotations['app/version'] == self.metadata.annotations['app/version']";
    const web = new ChartRelease(chart, 'web', { source, chart: 'web', fluxDependsOn: [{ dependency: db, readyExpr }] });
    web.addFluxDependsOn(crds, { dependency: ChartRelease.fromHelmReleaseName(chart, 'cm', 'cert-manager', 'cert-manager'), readyExpr: 'has(dep.status)' });
    expect(findObject(synthValid(app), 'HelmRelease', 'web').spec.dependsOn).toStrictEqual([
      { name: 'db', readyExpr },
      { name: 'crds' },
      { name: 'cert-manager', namespace: 'cert-manager', readyExpr: 'has(dep.status)' },
    ]);
  });

  test.each([
    ['an undeclared name', { readyExpr: 'dep.status.ready == deps.status.ready' }, {}, 'fluxDependsOn[0].readyExpr',
      /Flux's CEL compiler \(cel-go, with the variables self and dep\) refuses it: undeclared reference to 'deps': .* \(at column 21 of the expression\)/],
    ['a result that is not a bool', { readyExpr: 'dep.status.ready' }, {}, 'fluxDependsOn[0].readyExpr', /the expression's type is dyn, and Flux compiles it to require bool/],
    ['an empty expression', { readyExpr: '' }, {}, 'fluxDependsOn[0].readyExpr', /has 0 characters/],
    ['a Flux before 2.7', { readyExpr: 'true' }, { fluxVersion: '2.6' as const }, 'fluxDependsOn[0].readyExpr', /HelmRelease dependsOn readyExpr needs Flux 2.7 or newer/],
    ['the helm-operator target', { readyExpr: 'true' }, { target: 'helm-operator' as const }, 'fluxDependsOn[0].readyExpr', /helm-operator target .* has no equivalent/],
  ])('a readyExpr dependency with %s fails the release at the entry', (_title, entry, settings, field, message) => {
    const { chart } = testChart(settings);
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    const db = new ChartRelease(chart, 'db', { source, chart: 'db' });
    let error: any;
    try {
      new ChartRelease(chart, 'web', { source, chart: 'web', fluxDependsOn: [{ dependency: db, ...entry }] });
    } catch (e) {
      error = e;
    }
    expect(error?.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'test/web', field, message: expect.stringMatching(message) })]));
  });

  test('a readyExpr entry must name a release', () => {
    const { chart } = testChart();
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    expect(() => new ChartRelease(chart, 'web', { source, chart: 'web', fluxDependsOn: [{ dependency: 'db' as any, readyExpr: 'true' }] }))
      .toThrow('[test/web] fluxDependsOn[0].dependency: expected a ChartRelease (or ChartRelease.fromHelmReleaseName())');
  });

  test('a dependency added after a synth is in the next one (the built objects are reused only while the release is unchanged)', () => {
    const { app, chart } = testChart();
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    const db = new ChartRelease(chart, 'db', { source, chart: 'db' });
    const web = new ChartRelease(chart, 'web', { source, chart: 'web' });
    expect(findObject(synthValid(app), 'HelmRelease', 'web').spec.dependsOn).toBeUndefined();
    web.addFluxDependsOn(db);
    expect(findObject(synthValid(app), 'HelmRelease', 'web').spec.dependsOn).toStrictEqual([{ name: 'db' }]);
  });

  test('the old name dependsOn, from untyped code, fails naming fluxDependsOn instead of being dropped', () => {
    const { chart } = testChart();
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    const db = new ChartRelease(chart, 'db', { source, chart: 'db' });
    expect(() => new ChartRelease(chart, 'web', { source, chart: 'web', dependsOn: [db] } as any))
      .toThrow('[test/web] dependsOn: renamed fluxDependsOn: what Flux waits for (spec.dependsOn) is fluxDependsOn; the order of objects in the YAML is node.addDependency()');
  });
});

describe('HelmRelease fields', () => {
  test('release options map to the v2 fields', () => {
    const { app, chart } = testChart();
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    new ChartRelease(chart, 'web', {
      source,
      chart: 'web',
      releaseName: 'web-frontend',
      targetNamespace: 'web',
      storageNamespace: 'web',
      serviceAccountName: 'deployer',
      kubeConfig: { secretName: 'remote-cluster', key: 'value.yaml' },
      timeout: '15m',
      interval: '1h',
      maxHistory: 3,
      suspend: false,
      install: { crds: 'CreateReplace', createNamespace: true, strategy: { name: 'RetryOnFailure', retryInterval: '2m' } },
      upgrade: { crds: 'CreateReplace', cleanupOnFail: true, remediation: { retries: 3, strategy: 'rollback' } },
      rollback: { cleanupOnFail: true },
      uninstall: { keepHistory: true, deletionPropagation: 'foreground' },
      test: { enable: true, filters: [{ name: 'smoke', exclude: false }] },
      driftDetection: { mode: 'enabled', ignore: [{ paths: ['/spec/replicas'], target: { kind: 'Deployment' } }] },
      postRenderers: [{ patches: [{ patch: '- op: add\n  path: /metadata/labels/team\n  value: web\n', target: { kind: 'Deployment' } }] }],
      postRenderStrategy: 'separate',
      commonMetadata: { labels: { team: 'web' }, annotations: {} },
      waitStrategy: { name: 'poller' },
      healthCheckExprs: [{ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', current: "status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True')" }],
      persistentClient: false,
      valuesFrom: [{ kind: 'ConfigMap', name: 'web-values' }, { kind: 'Secret', name: 'web-secrets', valuesKey: 'secrets.yaml', targetPath: 'auth.token', optional: true }],
    });
    const hr = findObject(synthValid(app), 'HelmRelease');
    expect(hr.spec).toMatchObject({
      releaseName: 'web-frontend',
      targetNamespace: 'web',
      storageNamespace: 'web',
      serviceAccountName: 'deployer',
      kubeConfig: { secretRef: { name: 'remote-cluster', key: 'value.yaml' } },
      timeout: '15m',
      interval: '1h',
      maxHistory: 3,
      suspend: false,
      install: { crds: 'CreateReplace', createNamespace: true, strategy: { name: 'RetryOnFailure', retryInterval: '2m' } },
      upgrade: { crds: 'CreateReplace', cleanupOnFail: true, remediation: { retries: 3, strategy: 'rollback' } },
      rollback: { cleanupOnFail: true },
      uninstall: { keepHistory: true, deletionPropagation: 'foreground' },
      test: { enable: true, filters: [{ name: 'smoke', exclude: false }] },
      driftDetection: { mode: 'enabled', ignore: [{ paths: ['/spec/replicas'], target: { kind: 'Deployment' } }] },
      postRenderers: [{ kustomize: { patches: [{ patch: '- op: add\n  path: /metadata/labels/team\n  value: web\n', target: { kind: 'Deployment' } }] } }],
      postRenderStrategy: 'separate',
      commonMetadata: { labels: { team: 'web' } },
      waitStrategy: { name: 'poller' },
      healthCheckExprs: [{ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', current: "status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True')" }],
      persistentClient: false,
      valuesFrom: [{ kind: 'ConfigMap', name: 'web-values' }, { kind: 'Secret', name: 'web-secrets', valuesKey: 'secrets.yaml', targetPath: 'auth.token', optional: true }],
    });
    // An empty map is not written.
    expect(hr.spec.commonMetadata).toEqual({ labels: { team: 'web' } });
  });

  test("a post-renderer patch target kustomize cannot compile fails at construction, at the target's path", () => {
    const { chart } = testChart();
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    expect(() => new ChartRelease(chart, 'web', { source, chart: 'web', postRenderers: [{ patches: [{ patch: 'x', target: { kind: 'Deploy(ment' } }] }] }))
      .toThrow(/\[test\/web\] postRenderers\[0\]\.patches\[0\]\.target: 'Deploy\(ment' is not a regular expression Go accepts: .*, so kustomize fails the build/);
  });

  test('defaultChild is the HelmRelease', () => {
    const { chart } = testChart();
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    const release = new ChartRelease(chart, 'web', { source, chart: 'web' });
    expect((release.node.defaultChild as any).kind).toBe('HelmRelease');
  });
});
