import { formatSchemaProblem, hasSchema, packagedSchema, validateObject, validateObjects } from '../../../src/model/crd';
import { expectValid, NoSchemaError, servedVersions, validateManifest } from '../../support/validate';

const HELM_CHART_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
const meta = (name: string) => ({ name, namespace: 'flux-system' });
const b64 = (s: string) => Buffer.from(s).toString('base64');

function ociRepository(apiVersion = 'source.toolkit.fluxcd.io/v1'): any {
  return {
    apiVersion,
    kind: 'OCIRepository',
    metadata: meta('apache'),
    spec: {
      interval: '10m',
      url: 'oci://registry.gitlab.com/acme/charts/apache',
      ref: { semver: '0.1.x' },
      layerSelector: { mediaType: HELM_CHART_LAYER, operation: 'copy' },
      secretRef: { name: 'gitlab' },
      timeout: '60s',
    },
  };
}

function helmRepository(apiVersion = 'source.toolkit.fluxcd.io/v1'): any {
  return {
    apiVersion,
    kind: 'HelmRepository',
    metadata: meta('charts'),
    spec: { type: 'oci', interval: '1h', url: 'oci://registry.gitlab.com/acme/charts', secretRef: { name: 'gitlab' } },
  };
}

function releaseWithChartRef(): any {
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: meta('apache'),
    spec: {
      interval: '10m',
      chartRef: { kind: 'OCIRepository', name: 'apache' },
      releaseName: 'apache',
      targetNamespace: 'web',
      install: { createNamespace: true, remediation: { retries: 3 } },
      values: { replicaCount: 2, nested: { anything: ['goes'] } },
    },
  };
}

function releaseWithChartSpec(apiVersion = 'helm.toolkit.fluxcd.io/v2'): any {
  return {
    apiVersion,
    kind: 'HelmRelease',
    metadata: meta('mysql'),
    spec: {
      interval: '10m',
      chart: { spec: { chart: 'mysql', version: '9.x', sourceRef: { kind: 'HelmRepository', name: 'bitnami' } } },
      values: { auth: { database: 'app' } },
    },
  };
}

function dockerConfigSecret(config: unknown = { auths: { 'registry.gitlab.com': { username: 'u', password: 'p', auth: b64('u:p') } } }): any {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta('gitlab'),
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': b64(JSON.stringify(config)) },
  };
}

function externalSecret(): any {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: meta('gitlab'),
    spec: {
      refreshInterval: '1h',
      secretStoreRef: { name: 'vault', kind: 'ClusterSecretStore' },
      target: {
        name: 'gitlab',
        creationPolicy: 'Owner',
        template: {
          type: 'kubernetes.io/dockerconfigjson',
          engineVersion: 'v2',
          data: { '.dockerconfigjson': '{"auths":{"registry.gitlab.com":{"username":"{{ .username }}","password":"{{ .password }}"}}}' },
        },
      },
      data: [
        { secretKey: 'username', remoteRef: { key: 'ci/gitlab', property: 'username' } },
        { secretKey: 'password', remoteRef: { key: 'ci/gitlab', property: 'password' } },
      ],
    },
  };
}

describe('validateManifest: valid objects pass', () => {
  const valid: Array<[string, () => any]> = [
    ['OCIRepository v1', () => ociRepository()],
    ['OCIRepository v1beta2', () => ociRepository('source.toolkit.fluxcd.io/v1beta2')],
    ['HelmRepository v1 type oci', () => helmRepository()],
    ['HelmRepository v1beta2 type oci', () => helmRepository('source.toolkit.fluxcd.io/v1beta2')],
    ['HelmRelease v2 with chartRef', releaseWithChartRef],
    ['HelmRelease v2 with chart.spec', () => releaseWithChartSpec()],
    ['HelmRelease v2beta1 with chart.spec', () => releaseWithChartSpec('helm.toolkit.fluxcd.io/v2beta1')],
    ['HelmRelease v2beta2 with chart.spec', () => releaseWithChartSpec('helm.toolkit.fluxcd.io/v2beta2')],
    ['Kustomization v1', () => ({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: meta('apps'),
      spec: { interval: '10m', path: './apps', prune: true, sourceRef: { kind: 'OCIRepository', name: 'apps' } },
    })],
    ['helm-operator HelmRepository', () => ({
      apiVersion: 'helm-operator.ketches.cn/v1alpha1',
      kind: 'HelmRepository',
      metadata: meta('charts'),
      spec: { type: 'oci', url: 'oci://registry.gitlab.com/acme/charts', auth: { basic: { secretRef: { name: 'gitlab-basic' } } } },
    })],
    ['helm-operator HelmRelease', () => ({
      apiVersion: 'helm-operator.ketches.cn/v1alpha1',
      kind: 'HelmRelease',
      metadata: meta('apache'),
      spec: {
        chart: { name: 'apache', version: '0.1.0', ociRepository: 'oci://registry.gitlab.com/acme/charts/apache' },
        release: { name: 'apache', namespace: 'web', createNamespace: true },
        values: 'replicaCount: 2\n',
      },
    })],
    ['Secret kubernetes.io/dockerconfigjson (data)', () => dockerConfigSecret()],
    ['Secret kubernetes.io/dockerconfigjson (stringData)', () => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('gitlab'),
      type: 'kubernetes.io/dockerconfigjson',
      stringData: { '.dockerconfigjson': JSON.stringify({ auths: { 'ghcr.io': { auth: b64('u:p') } } }) },
    })],
    ['Secret kubernetes.io/basic-auth', () => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('gitlab-basic'),
      type: 'kubernetes.io/basic-auth',
      stringData: { username: 'u', password: 'p' },
    })],
    ['Secret kubernetes.io/tls', () => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('registry-ca'),
      type: 'kubernetes.io/tls',
      data: { 'tls.crt': b64('cert'), 'tls.key': b64('key'), 'ca.crt': b64('ca') },
    })],
    ['Secret Opaque, immutable', () => ({
      apiVersion: 'v1', kind: 'Secret', metadata: meta('plain'), immutable: true, data: { username: b64('u') },
    })],
    ['Namespace', () => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web', labels: { 'app.kubernetes.io/part-of': 'apps' } } })],
    ['ExternalSecret templating a dockerconfigjson', externalSecret],
  ];

  test.each(valid)('%s', (_name, make) => {
    expect(validateManifest(make())).toEqual([]);
  });
});

describe('validateManifest: invalid objects fail with a precise error', () => {
  test('HelmRelease v2 with both chart and chartRef fails the CEL rule with its CRD message', () => {
    const release = releaseWithChartRef();
    release.spec.chart = releaseWithChartSpec().spec.chart;
    expect(validateManifest(release)).toEqual([
      '/spec: either chart or chartRef must be set (CEL rule: (has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef)))',
    ]);
  });

  test('HelmRelease v2 with neither chart nor chartRef fails the CEL rule', () => {
    const release = releaseWithChartRef();
    delete release.spec.chartRef;
    expect(validateManifest(release)).toEqual([
      expect.stringMatching(/^\/spec: either chart or chartRef must be set \(CEL rule: /),
    ]);
  });

  test('HelmRelease v2 without interval', () => {
    const release = releaseWithChartRef();
    delete release.spec.interval;
    expect(validateManifest(release)).toEqual(['/spec/interval: required field is missing']);
  });

  test('OCIRepository timeout with hours fails the source timeout pattern', () => {
    const repo = ociRepository();
    repo.spec.timeout = '1h';
    expect(validateManifest(repo)).toEqual(['/spec/timeout: must match ^([0-9]+(\\.[0-9]+)?(ms|s|m))+$; got "1h"']);
  });

  test('HelmRelease releaseName of 54 characters', () => {
    const release = releaseWithChartRef();
    release.spec.releaseName = 'a'.repeat(54);
    expect(validateManifest(release)).toEqual([`/spec/releaseName: must be at most 53 characters; got 54: "${'a'.repeat(54)}"`]);
  });

  test('releaseName of 53 characters is accepted', () => {
    const release = releaseWithChartRef();
    release.spec.releaseName = 'a'.repeat(53);
    expect(validateManifest(release)).toEqual([]);
  });

  test('unknown field in spec is an error, not pruned', () => {
    const repo = ociRepository();
    repo.spec.tag = '0.1.0';
    expect(validateManifest(repo)).toEqual([
      '/spec/tag: unknown field: not in the source.toolkit.fluxcd.io/v1 OCIRepository schema (the API server would drop it)',
    ]);
  });

  test('unknown enum value in layerSelector.operation', () => {
    const repo = ociRepository();
    repo.spec.layerSelector.operation = 'move';
    expect(validateManifest(repo)).toEqual(['/spec/layerSelector/operation: must be one of "extract", "copy"; got "move"']);
  });

  test('verify.provider notation in HelmRelease v2beta1 chart.spec (cosign only there)', () => {
    const release = releaseWithChartSpec('helm.toolkit.fluxcd.io/v2beta1');
    release.spec.chart.spec.verify = { provider: 'notation', secretRef: { name: 'trust' } };
    expect(validateManifest(release)).toEqual(['/spec/chart/spec/verify/provider: must be one of "cosign"; got "notation"']);
    const v2 = releaseWithChartSpec('helm.toolkit.fluxcd.io/v2');
    v2.spec.chart.spec.verify = { provider: 'notation', secretRef: { name: 'trust' } };
    expect(validateManifest(v2)).toEqual([]);
  });

  // helm-controller v1.3.0's v2beta1 schema does declare `chartRef`, but
  // still requires `chart`: a chartRef-only release is rejected there.
  test('chartRef instead of chart in HelmRelease v2beta1 fails: chart is required', () => {
    const release = releaseWithChartSpec('helm.toolkit.fluxcd.io/v2beta1');
    delete release.spec.chart;
    release.spec.chartRef = { kind: 'OCIRepository', name: 'apache' };
    expect(validateManifest(release)).toEqual(['/spec/chart: required field is missing']);
  });

  test('a v2-only field (commonMetadata) in HelmRelease v2beta1 is an unknown field', () => {
    const release = releaseWithChartSpec('helm.toolkit.fluxcd.io/v2beta1');
    release.spec.commonMetadata = { labels: { team: 'web' } };
    expect(validateManifest(release)).toEqual([
      '/spec/commonMetadata: unknown field: not in the helm.toolkit.fluxcd.io/v2beta1 HelmRelease schema (the API server would drop it)',
    ]);
    const v2 = releaseWithChartSpec();
    v2.spec.commonMetadata = { labels: { team: 'web' } };
    expect(validateManifest(v2)).toEqual([]);
  });

  test('Secret data that is not base64 fails without showing the value', () => {
    const secret = dockerConfigSecret();
    secret.data.extra = 'hunter2-not-base64!';
    const errors = validateManifest(secret);
    expect(errors).toEqual(['/data/extra: must be padded standard base64; got <redacted>']);
    expect(errors.join('\n')).not.toContain('hunter2');
  });

  test('dockerconfigjson Secret without auths', () => {
    const secret = dockerConfigSecret({ credsStore: 'desktop' });
    expect(validateManifest(secret)).toEqual([
      '/data/.dockerconfigjson: must hold a docker config JSON with an "auths" object (registry host → credentials)',
    ]);
  });

  test('dockerconfigjson Secret whose content is not JSON names no credential', () => {
    const secret = dockerConfigSecret();
    secret.data['.dockerconfigjson'] = b64('{"auths": {"x": {"password": "s3cr3t"}');
    const errors = validateManifest(secret);
    expect(errors).toEqual([expect.stringMatching(/^\/data\/\.dockerconfigjson: must hold JSON/)]);
    expect(errors.join('\n')).not.toContain('s3cr3t');
  });

  test('unknown apiVersion throws NoSchemaError naming the known versions', () => {
    const release = releaseWithChartSpec('helm.toolkit.fluxcd.io/v2beta3');
    expect(() => validateManifest(release)).toThrow(NoSchemaError);
    expect(() => validateManifest(release)).toThrow(/no schema for apiVersion "helm.toolkit.fluxcd.io\/v2beta3" kind "HelmRelease".*v2beta1/);
    expect(() => validateManifest({ kind: 'HelmRelease' })).toThrow(NoSchemaError);
    expect(() => validateManifest('HelmRelease')).toThrow(NoSchemaError);
  });
});

describe('CEL rules', () => {
  test('retryInterval only with RetryOnFailure (upgrade) and not with RemediateOnFailure (install)', () => {
    const release = releaseWithChartRef();
    release.spec.upgrade = { strategy: { name: 'RemediateOnFailure', retryInterval: '5m' } };
    release.spec.install = { strategy: { name: 'RemediateOnFailure', retryInterval: '5m' } };
    expect(validateManifest(release)).toEqual([
      '/spec/install/strategy: .retryInterval cannot be set when .name is \'RemediateOnFailure\' (CEL rule: !has(self.retryInterval) || self.name != \'RemediateOnFailure\')',
      '/spec/upgrade/strategy: .retryInterval can only be set when .name is \'RetryOnFailure\' (CEL rule: !has(self.retryInterval) || self.name == \'RetryOnFailure\')',
    ]);
    release.spec.upgrade.strategy.name = 'RetryOnFailure';
    release.spec.install.strategy.name = 'RetryOnFailure';
    expect(validateManifest(release)).toEqual([]);
  });

  test('kubeConfig needs exactly one of configMapRef and secretRef', () => {
    const release = releaseWithChartRef();
    release.spec.kubeConfig = { secretRef: { name: 'remote' }, configMapRef: { name: 'remote' } };
    expect(validateManifest(release)).toEqual([
      expect.stringMatching(/^\/spec\/kubeConfig: exactly one of spec.kubeConfig.configMapRef or spec.kubeConfig.secretRef must be specified \(CEL rule: !has/),
    ]);
    release.spec.kubeConfig = {};
    expect(validateManifest(release)).toEqual([
      expect.stringMatching(/^\/spec\/kubeConfig: exactly one of .* \(CEL rule: has\(self.configMapRef\) \|\| has\(self.secretRef\)\)$/),
    ]);
    release.spec.kubeConfig = { secretRef: { name: 'remote' } };
    expect(validateManifest(release)).toEqual([]);
  });

  test('HelmChart verify only with a HelmRepository source', () => {
    const chart = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'HelmChart',
      metadata: meta('apache'),
      spec: {
        interval: '10m',
        chart: 'apache',
        sourceRef: { kind: 'GitRepository', name: 'repo' },
        verify: { provider: 'cosign' },
      },
    };
    expect(validateManifest(chart)).toEqual([
      '/spec: spec.verify is only supported when spec.sourceRef.kind is \'HelmRepository\' (CEL rule: !has(self.verify) || self.sourceRef.kind == \'HelmRepository\')',
    ]);
  });
});

describe('defaults, as the API server applies them before it validates', () => {
  test('a required field with a default may be left out: OCIRepository verify.provider, ImageUpdateAutomation sourceRef.kind', () => {
    const repository = ociRepository();
    repository.spec.verify = { secretRef: { name: 'cosign-key' } };
    expect(validateManifest(repository)).toEqual([]);
    const automation = {
      apiVersion: 'image.toolkit.fluxcd.io/v1',
      kind: 'ImageUpdateAutomation',
      metadata: meta('apps'),
      spec: {
        interval: '30m',
        sourceRef: { name: 'flux-system' },
        git: { commit: { author: { name: 'fluxcdbot', email: 'fluxcdbot@users.noreply.github.com' } } },
        update: { path: './clusters/production', strategy: 'Setters' },
      },
    };
    expect(validateManifest(automation)).toEqual([]);
    // A required field without a default is still required.
    delete (automation.spec.sourceRef as { name?: string }).name;
    expect(validateManifest(automation)).toEqual(['/spec/sourceRef/name: required field is missing']);
  });

  test('a null where the schema does not allow one is pruned first, as the API server does: an empty YAML value is no error, but in a required field it is missing', () => {
    const repository = ociRepository();
    repository.spec.timeout = null;
    repository.spec.ref = { semver: '0.1.x', tag: null };
    expect(validateManifest(repository)).toEqual([]);
    const release = releaseWithChartRef();
    release.spec.interval = null;
    release.spec.install = null;
    // Below x-kubernetes-preserve-unknown-fields a null stays (in Helm values it removes a chart default).
    release.spec.values = { ingress: null };
    expect(validateManifest(release)).toEqual(['/spec/interval: required field is missing']);
    // A wrong type is reported as before, and a null is named as such.
    repository.spec.ref = { tag: 5 };
    expect(validateManifest(repository)).toEqual(['/spec/ref/tag: must be string; got integer 5']);
    expect(validateManifest({ ...repository, spec: { ...repository.spec, ref: [null] } })).toEqual(['/spec/ref: must be object; got array [null]']);
  });

  test('a CEL rule sees the defaulted field: a Bucket without provider is a generic one', () => {
    const bucket = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'Bucket',
      metadata: meta('artifacts'),
      spec: { bucketName: 'artifacts', endpoint: 'minio.example.com', interval: '5m', sts: { provider: 'ldap', endpoint: 'https://ldap.example.com' } },
    };
    expect(validateManifest(bucket)).toEqual([]);
    expect(validateManifest({ ...bucket, spec: { ...bucket.spec, sts: undefined, serviceAccountName: 'reader' } })).toEqual([
      '/spec: ServiceAccountName is not supported for the \'generic\' Bucket provider (CEL rule: self.provider != \'generic\' || !has(self.serviceAccountName))',
    ]);
  });
});

describe('metadata', () => {
  test('name is required and must be a DNS-1123 subdomain', () => {
    const repo = ociRepository();
    delete repo.metadata.name;
    expect(validateManifest(repo)).toEqual(['/metadata/name: required field is missing']);
    repo.metadata.name = 'Apache_1';
    expect(validateManifest(repo)).toEqual([expect.stringMatching(/^\/metadata\/name: must be a DNS-1123 subdomain.*; got "Apache_1"$/)]);
  });

  test('HelmRelease names follow the subdomain rule (dots allowed, up to 253), not the label rule', () => {
    const release = releaseWithChartRef();
    release.metadata.name = `apache.${'a'.repeat(70)}`;
    expect(validateManifest(release)).toEqual([]);
    release.metadata.name = 'a'.repeat(254);
    expect(validateManifest(release)).toEqual([expect.stringMatching(/^\/metadata\/name: must be at most 253 characters \(has 254\); got "a+…$/)]);
  });

  test('namespace must be a DNS-1123 label; Namespace itself takes none and a label-rule name', () => {
    const repo = ociRepository();
    repo.metadata.namespace = 'flux.system';
    expect(validateManifest(repo)).toEqual([expect.stringMatching(/^\/metadata\/namespace: must be a DNS-1123 label/)]);
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web.apps', namespace: 'default' } };
    expect(validateManifest(ns)).toEqual([
      expect.stringMatching(/^\/metadata\/name: must be a DNS-1123 label/),
      '/metadata/namespace: not allowed on a cluster-scoped kind',
    ]);
  });

  test('labels and annotations are string maps with valid keys and label values', () => {
    const repo = ociRepository();
    repo.metadata.labels = { 'app.kubernetes.io/name': 'apache', 'bad key': 'x', 'tier': 'not valid!' };
    repo.metadata.annotations = { 'flux-oci.io/chart-version': '0.1.0+build.1', 'count': 3 };
    repo.metadata.uid = 'abc';
    expect(validateManifest(repo)).toEqual([
      '/metadata/uid: unknown metadata field (not set in generated manifests)',
      expect.stringMatching(/^\/metadata\/labels\/bad key: invalid key: name part must be/),
      expect.stringMatching(/^\/metadata\/labels\/tier: invalid value: .*; got "not valid!"$/),
      '/metadata/annotations/count: value must be a string; got 3',
    ]);
  });
});

describe('Secret rules', () => {
  test('basic-auth needs username or password; tls needs tls.crt and tls.key', () => {
    const basic = { apiVersion: 'v1', kind: 'Secret', metadata: meta('b'), type: 'kubernetes.io/basic-auth', stringData: { user: 'u' } };
    expect(validateManifest(basic)).toEqual(['/data: type kubernetes.io/basic-auth needs key "username" or "password" in data or stringData']);
    const tls = { apiVersion: 'v1', kind: 'Secret', metadata: meta('t'), type: 'kubernetes.io/tls', data: { 'tls.crt': b64('c') } };
    expect(validateManifest(tls)).toEqual(['/data: type kubernetes.io/tls needs key "tls.key" in data or stringData']);
  });

  test('data keys must be valid Secret keys and stringData values strings', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: meta('s'), data: { 'a/b': b64('x') }, stringData: { n: 1 } };
    expect(validateManifest(secret)).toEqual([
      '/stringData/n: must be string; got integer <redacted>',
      '/data/a~1b: invalid key: must consist of letters, digits, \'-\', \'_\' or \'.\'',
    ]);
  });
});

describe('ExternalSecret (hand-written schema)', () => {
  test('store kind, creation policy, engine version and refresh interval are checked', () => {
    const es = externalSecret();
    es.spec.secretStoreRef.kind = 'Vault';
    es.spec.target.creationPolicy = 'Always';
    es.spec.target.template.engineVersion = 'v1';
    es.spec.refreshInterval = 'hourly';
    es.spec.data[0].remoteRef.field = 'username';
    expect(validateManifest(es)).toEqual([
      '/spec/secretStoreRef/kind: must be one of "SecretStore", "ClusterSecretStore"; got "Vault"',
      '/spec/target/creationPolicy: must be one of "Owner", "Orphan", "Merge", "None"; got "Always"',
      '/spec/target/template/engineVersion: must be one of "v2"; got "v1"',
      '/spec/refreshInterval: must be a Go duration such as 90s or 1h30m; got "hourly"',
      '/spec/data/0/remoteRef/field: unknown field: not in the external-secrets.io/v1 ExternalSecret schema (the API server would drop it)',
    ]);
  });
});

describe('CRD sets', () => {
  test('current and legacy differ where the schemas do: OCIRepository verify.trustedRootSecretRef is new in source-controller v1.9', () => {
    const repo = ociRepository();
    repo.spec.verify = { provider: 'cosign', trustedRootSecretRef: { name: 'root' } };
    expect(validateManifest(repo)).toEqual([]);
    expect(validateManifest(repo, { crdSet: 'legacy' })).toEqual([
      '/spec/verify/trustedRootSecretRef: unknown field: not in the source.toolkit.fluxcd.io/v1 OCIRepository schema (the API server would drop it)',
    ]);
  });

  test('servedVersions names the file each version is checked against', () => {
    const current = servedVersions();
    const find = (list: typeof current, apiVersion: string, kind: string) =>
      list.find((v) => v.apiVersion === apiVersion && v.kind === kind);
    expect(find(current, 'helm.toolkit.fluxcd.io/v2', 'HelmRelease')).toMatchObject({
      file: 'flux-crds/helm.toolkit.fluxcd.io_helmreleases.yaml', origin: 'current', deprecated: false,
    });
    expect(find(current, 'helm.toolkit.fluxcd.io/v2beta1', 'HelmRelease')).toMatchObject({
      file: 'flux-crds/legacy/helm-controller-v1.3.0/helm.toolkit.fluxcd.io_helmreleases.yaml', deprecated: true,
    });
    expect(find(current, 'helm.toolkit.fluxcd.io/v2beta2', 'HelmRelease')?.file)
      .toBe('flux-crds/legacy/helm-controller-v1.4.5/helm.toolkit.fluxcd.io_helmreleases.yaml');
    expect(find(current, 'source.toolkit.fluxcd.io/v1beta2', 'OCIRepository')?.file)
      .toBe('flux-crds/legacy/source-controller-v1.7.4/source.toolkit.fluxcd.io_ocirepositories.yaml');
    expect(find(current, 'v1', 'Secret')?.origin).toBe('hand-written');
    const legacy = servedVersions({ crdSet: 'legacy' });
    expect(find(legacy, 'helm.toolkit.fluxcd.io/v2', 'HelmRelease')?.file)
      .toBe('flux-crds/legacy/helm-controller-v1.4.5/helm.toolkit.fluxcd.io_helmreleases.yaml');
    expect(find(legacy, 'kustomize.toolkit.fluxcd.io/v1', 'Kustomization')?.origin).toBe('current');
  });

  test.each(['current', 'legacy'] as const)('every version of the %s set has a schema and validates a bare object', (crdSet) => {
    for (const { apiVersion, kind } of servedVersions({ crdSet })) {
      expect(hasSchema(apiVersion, kind, { crdSet })).toBe(true);
      // a bare object is invalid for every kind (no metadata), never an exception
      expect(validateObject({ apiVersion, kind }, { crdSet })).toContainEqual(expect.objectContaining({ pointer: '/metadata' }));
    }
  });
});

describe('expectValid', () => {
  test('passes for valid objects, one or many', () => {
    expect(() => expectValid([ociRepository(), releaseWithChartRef(), dockerConfigSecret()])).not.toThrow();
    expect(() => expectValid(helmRepository())).not.toThrow();
  });

  test('lists each invalid object by apiVersion/kind and name with its errors, unknown kinds included', () => {
    const bad = releaseWithChartRef();
    delete bad.spec.interval;
    const unknown = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    let message = '';
    try {
      expectValid([ociRepository(), bad, unknown]);
    } catch (e) {
      expect((e as Error).name).toBe('AssertionError');
      message = (e as Error).message;
    }
    expect(message).toContain('2 of 3 objects are invalid');
    expect(message).toContain('#1 helm.toolkit.fluxcd.io/v2/HelmRelease flux-system/apache:\n    /spec/interval: required field is missing');
    expect(message).toContain('#2 example.com/v1/Widget w:\n    no schema for apiVersion "example.com/v1" kind "Widget"');
    expect(message).not.toContain('#0');
  });
});

describe('library API', () => {
  test('validateObject names the object, the pointer, the CRD\'s message and the rule', () => {
    const release = releaseWithChartRef();
    release.spec.chart = releaseWithChartSpec().spec.chart;
    release.spec.interval = '10 minutes';
    expect(validateObject(release)).toEqual([
      {
        object: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'apache', namespace: 'flux-system' },
        pointer: '/spec',
        message: 'either chart or chartRef must be set',
        rule: '(has(self.chart) && !has(self.chartRef)) || (!has(self.chart) && has(self.chartRef))',
      },
      {
        object: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'apache', namespace: 'flux-system' },
        pointer: '/spec/interval',
        message: 'must match ^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$; got "10 minutes"',
      },
    ]);
  });

  test('validateObjects lists the problems of every object in order; formatSchemaProblem makes one line of each', () => {
    const repo = ociRepository();
    repo.spec.url = 'https://registry.gitlab.com/acme/charts/apache';
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'Web' } };
    const problems = validateObjects([helmRepository(), repo, ns]);
    expect(problems.map(formatSchemaProblem)).toEqual([
      'source.toolkit.fluxcd.io/v1 OCIRepository flux-system/apache /spec/url: must match ^oci://.*$; got "https://registry.gitlab.com/acme/charts/apache"',
      expect.stringMatching(/^v1 Namespace Web \/metadata\/name: must be a DNS-1123 label/),
    ]);
  });

  test('an object of unknown kind throws from validateObjects too; hasSchema tells beforehand', () => {
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } };
    expect(() => validateObjects([ociRepository(), widget])).toThrow(NoSchemaError);
    expect(hasSchema('example.com/v1', 'Widget')).toBe(false);
    expect(hasSchema('helm.toolkit.fluxcd.io/v2beta1', 'HelmRelease')).toBe(true);
    expect(hasSchema('kustomize.toolkit.fluxcd.io/v1beta2', 'Kustomization')).toBe(false);
  });

  test('packagedSchema returns the compact JSON Schema, a copy each time', () => {
    const schema = packagedSchema('source.toolkit.fluxcd.io/v1', 'OCIRepository') as any;
    expect(schema.properties.spec.properties.url).toEqual({ type: 'string', pattern: '^oci://.*$' });
    expect(schema.properties.status).toEqual({ type: 'object' });
    expect(JSON.stringify(schema)).not.toContain('description');
    schema.properties.spec = {};
    expect((packagedSchema('source.toolkit.fluxcd.io/v1', 'OCIRepository') as any).properties.spec.properties.url).toBeDefined();
    expect(packagedSchema('example.com/v1', 'Widget')).toBeUndefined();
  });
});
