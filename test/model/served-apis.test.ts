import { builtObjectProblems, crdSetFor } from '../../src/model/built-objects';
import { hasSchema, servedSchemas } from '../../src/model/crd';
import { FLUX_VERSIONS, fluxApiVersions, LATEST_FLUX_VERSION } from '../../src/model/flux-version';
import { inferFluxVersion, isServedBy, removedApiMessage, removedIn, SERVED_APIS, servedApi } from '../../src/model/served-apis';

describe('the served-API table', () => {
  test('every apiVersion a target writes is served by that Flux release', () => {
    for (const v of FLUX_VERSIONS) {
      const apis = fluxApiVersions(v);
      for (const [kind, apiVersion] of [['HelmRepository', apis.helmRepository], ['OCIRepository', apis.ociRepository], ['HelmRelease', apis.helmRelease], ['Kustomization', apis.kustomization]]) {
        const api = servedApi(apiVersion, kind);
        expect(api && isServedBy(api, v) ? `${v} ${apiVersion} ${kind}` : `${v} ${apiVersion} ${kind} not served`).toBe(`${v} ${apiVersion} ${kind}`);
      }
    }
  });

  test('each removed version names a replacement the newest Flux serves, and each has a packaged schema unless noted', () => {
    for (const api of SERVED_APIS.filter((a) => a.until !== undefined)) {
      const replacement = servedApi(api.replacement!, api.kind);
      expect(replacement && isServedBy(replacement, LATEST_FLUX_VERSION)).toBe(true);
      expect(removedIn(api)).toBe(FLUX_VERSIONS[FLUX_VERSIONS.indexOf(api.until!) + 1]);
    }
    // The CRDs of these are not packaged (reference/ has no release that serves them).
    expect(SERVED_APIS.filter((a) => !hasSchema(a.apiVersion, a.kind)).map((a) => `${a.apiVersion} ${a.kind}`)).toEqual([
      'source.toolkit.fluxcd.io/v1beta1 HelmRepository',
      'source.toolkit.fluxcd.io/v1beta1 HelmChart',
      'source.toolkit.fluxcd.io/v1beta1 GitRepository',
      'source.toolkit.fluxcd.io/v1beta1 Bucket',
      'kustomize.toolkit.fluxcd.io/v1beta2 Kustomization',
      'kustomize.toolkit.fluxcd.io/v1beta1 Kustomization',
      'notification.toolkit.fluxcd.io/v1beta1 Alert',
      'notification.toolkit.fluxcd.io/v1beta1 Provider',
      'notification.toolkit.fluxcd.io/v1beta1 Receiver',
      'image.toolkit.fluxcd.io/v1beta1 ImageRepository',
      'image.toolkit.fluxcd.io/v1beta1 ImagePolicy',
      'image.toolkit.fluxcd.io/v1beta1 ImageUpdateAutomation',
    ]);
  });

  test('every apiVersion a packaged current CRD serves is in the table, as served by the newest Flux', () => {
    // The table and reference/ are kept apart; a CRD added without its row would go unchecked for removal and inference.
    const current = servedSchemas().filter((s) => s.origin === 'current' && /(\.toolkit\.fluxcd\.io|^source\.extensions\.fluxcd\.io)\//.test(s.apiVersion));
    expect(current.length).toBeGreaterThanOrEqual(14);
    for (const { apiVersion, kind } of current) {
      const api = servedApi(apiVersion, kind);
      expect(api && isServedBy(api, LATEST_FLUX_VERSION) ? 'served' : `${apiVersion} ${kind} not in the table as served`).toBe('served');
    }
  });

  test('notification and image APIs: v1beta2 last served by Flux 2.8, with the version that replaced it', () => {
    const alert = servedApi('notification.toolkit.fluxcd.io/v1beta2', 'Alert')!;
    expect(removedApiMessage(alert, { manifest: { spec: { providerRef: { name: 'slack' } } } })).toBe(
      'notification.toolkit.fluxcd.io/v1beta2 Alert is not served by Flux 2.9 or newer (last served by Flux 2.8.x); '
      + 'use notification.toolkit.fluxcd.io/v1beta3 (none of its fields change, only the apiVersion). \'flux migrate\' rewrites manifests in place',
    );
    expect(servedApi('image.toolkit.fluxcd.io/v1beta2', 'ImageUpdateAutomation')).toMatchObject({ since: '2.3', until: '2.8', replacement: 'image.toolkit.fluxcd.io/v1' });
    expect(removedApiMessage(servedApi('source.toolkit.fluxcd.io/v1beta2', 'GitRepository')!, { manifest: { spec: { gitImplementation: 'go-git' } } }))
      .toContain('field changes: spec.gitImplementation is gone (go-git is the only implementation): drop it');
    expect(inferFluxVersion([
      { apiVersion: 'notification.toolkit.fluxcd.io/v1beta2', kind: 'Alert' },
      { apiVersion: 'image.toolkit.fluxcd.io/v1', kind: 'ImagePolicy' },
    ])).toEqual({ fluxVersion: '2.8', because: 'notification.toolkit.fluxcd.io/v1beta2 Alert' });
    expect(inferFluxVersion([{ apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'Bucket' }, { apiVersion: 'kustomize.toolkit.fluxcd.io/v1beta1', kind: 'Kustomization' }]).fluxVersion).toBe('2.6');
  });

  test('the message names the release that dropped it, the replacement, and only the field changes the object has', () => {
    const v2beta1 = servedApi('helm.toolkit.fluxcd.io/v2beta1', 'HelmRelease')!;
    expect(removedApiMessage(v2beta1)).toMatch(/^helm\.toolkit\.fluxcd\.io\/v2beta1 HelmRelease is not served by Flux 2\.7 or newer \(last served by Flux 2\.6\.x\); use helm\.toolkit\.fluxcd\.io\/v2 \(field changes: spec\.chart\.spec\.valuesFile is gone/);
    const uses = { spec: { chart: { spec: { chart: 'web', valuesFile: 'prod.yaml' } }, postRenderers: [{ kustomize: { patchesJson6902: [] } }] } };
    const message = removedApiMessage(v2beta1, { manifest: uses, servedByTarget: '2.5' });
    expect(message).toContain('is served by Flux 2.5 but not by Flux 2.7 or newer');
    expect(message).toContain('field changes: spec.chart.spec.valuesFile is gone: use spec.chart.spec.valuesFiles[]; spec.postRenderers[].kustomize.patchesStrategicMerge');
    expect(message).not.toContain('kubeConfig');
    expect(removedApiMessage(v2beta1, { manifest: { spec: { chart: { spec: { chart: 'web' } } } } })).toContain('(none of its fields change, only the apiVersion)');
  });

  test('the Flux release inferred from apiVersions: the newest that serves them all', () => {
    expect(inferFluxVersion([])).toEqual({ fluxVersion: LATEST_FLUX_VERSION });
    expect(inferFluxVersion([{ apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease' }, { apiVersion: 'example.com/v1', kind: 'Thing' }])).toEqual({ fluxVersion: LATEST_FLUX_VERSION });
    expect(inferFluxVersion([
      { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository' },
      { apiVersion: 'helm.toolkit.fluxcd.io/v2beta2', kind: 'HelmRelease' },
      { apiVersion: 'source.toolkit.fluxcd.io/v1beta2', kind: 'HelmRepository' },
    ])).toEqual({ fluxVersion: '2.7', because: 'helm.toolkit.fluxcd.io/v2beta2 HelmRelease' });
  });
});

describe('CRD set per target', () => {
  test('Flux 2.8 and newer (and helm-operator) use the current CRDs, older targets the Flux 2.7 ones', () => {
    expect(FLUX_VERSIONS.map((v) => crdSetFor({ kind: 'flux', fluxVersion: v }))).toEqual([...Array(8).fill('legacy'), 'current', 'current']);
    expect(crdSetFor({ kind: 'helm-operator', fluxVersion: '2.0' })).toBe('current');
  });

  test('a field only the current HelmRelease has is refused for a Flux 2.7 target', () => {
    const release = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'web', namespace: 'apps' },
      spec: { interval: '10m', chartRef: { kind: 'OCIRepository', name: 'web' }, waitStrategy: { name: 'poller' } },
    };
    expect(builtObjectProblems(release, { kind: 'flux', fluxVersion: '2.9' })).toEqual([]);
    expect(builtObjectProblems(release, { kind: 'flux', fluxVersion: '2.7' }).map((p) => p.pointer)).toEqual(['/spec/waitStrategy']);
  });
});
