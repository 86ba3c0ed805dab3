/**
 * The pure manifest builders both front ends call, tested without either
 * front end: every object a release, source or Kustomization turns into,
 * for every Flux release flux-oci writes for, is valid for the CRD of the
 * apiVersion it claims, and carries what `pin` asks for.
 */
import {
  buildKustomization, buildReleaseObject, buildSourceObject, ChartReleaseSpec, FLUX_VERSIONS, kustomizationHead,
  KustomizationSpec, releaseObjectHead, releaseObjectRoles, releaseObjectType, releaseStrategy, ResolvedChart, sourceObjectHead,
  sourceObjectType, Target,
} from '../../src/model';
import { expectValid } from '../support/validate';

const DIGEST = 'sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
const RESOLVED: ResolvedChart = { version: '1.3.0+build.1', tag: '1.3.0_build.1', digest: DIGEST };

function release(more: Partial<ChartReleaseSpec> = {}): ChartReleaseSpec {
  return {
    name: 'web',
    namespace: 'apps',
    chart: 'web',
    version: '1.x',
    source: { url: 'oci://registry.example.com/charts', name: 'charts', namespace: 'flux-system', secret: { name: 'pull', registry: 'registry.example.com' } },
    targetNamespace: 'web',
    values: { replicaCount: 2, image: { tag: 'stable' } },
    ...more,
  };
}

const flux = (fluxVersion: Target['fluxVersion']): Target => ({ kind: 'flux', fluxVersion });

describe.each(FLUX_VERSIONS)('Flux %s', (fluxVersion) => {
  const target = flux(fluxVersion);
  // chartRef (the OCIRepository strategy) came with Flux 2.3.
  const strategies = fluxVersion >= '2.3' ? (['OCIRepository', 'HelmRepository'] as const) : (['HelmRepository'] as const);

  test.each(strategies)('a %s release: each object valid, of the type and name its head announced', (strategy) => {
    for (const pin of ['none', 'version', 'digest'] as const) {
      if (pin === 'digest' && strategy === 'HelmRepository') continue;
      const spec = release({ strategy, pin });
      const roles = releaseObjectRoles(releaseStrategy(spec), target);
      expect(roles).toEqual(strategy === 'OCIRepository' ? ['OCIRepository', 'HelmRelease'] : ['HelmRelease']);
      const objects = roles.map((role) => {
        const obj = buildReleaseObject(role, spec, target, RESOLVED);
        const head = releaseObjectHead(role, spec, target);
        expect({ apiVersion: obj.apiVersion, kind: obj.kind }).toEqual(releaseObjectType(role, target));
        expect(obj.metadata).toMatchObject({ name: head.name, namespace: head.namespace });
        return obj;
      });
      expectValid(objects);
    }
  });

  test('the HelmRepository a HelmRepository-strategy source writes', () => {
    const source = release().source;
    const obj = buildSourceObject(source, target);
    expect({ apiVersion: obj.apiVersion, kind: obj.kind }).toEqual(sourceObjectType(target));
    expect(obj.metadata).toMatchObject({ name: sourceObjectHead(source, target).name, namespace: 'flux-system' });
    expect(obj.spec).toMatchObject({ type: 'oci', url: 'oci://registry.example.com/charts', secretRef: { name: 'pull' } });
    expectValid(obj);
  });
});

describe('what pin writes (OCIRepository strategy)', () => {
  const target = flux('2.9');
  const ociRepository = (pin: 'none' | 'version' | 'digest', resolved?: ResolvedChart) =>
    buildReleaseObject('OCIRepository', release({ pin }), target, resolved).spec as Record<string, any>;

  test("'none' keeps the range as written, resolved or not", () => {
    expect(ociRepository('none', RESOLVED).ref).toEqual({ semver: '1.x' });
    expect(ociRepository('none').ref).toEqual({ semver: '1.x' });
  });
  test("'version' writes the tag holding the resolved version", () => {
    expect(ociRepository('version', RESOLVED).ref).toEqual({ tag: '1.3.0_build.1' });
  });
  test("'digest' writes the digest, and the tag for readers", () => {
    expect(ociRepository('digest', RESOLVED).ref).toEqual({ digest: DIGEST, tag: '1.3.0_build.1' });
  });
  test('the chart layer is copied, never extracted, and the URL is <source>/<chart>', () => {
    expect(ociRepository('none')).toMatchObject({
      url: 'oci://registry.example.com/charts/web',
      layerSelector: { mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', operation: 'copy' },
    });
  });
  test('a release in another namespace than its source: the OCIRepository sits with the source, the HelmRelease points across', () => {
    const spec = release();
    const repository = buildReleaseObject('OCIRepository', spec, target);
    const helmRelease = buildReleaseObject('HelmRelease', spec, target) as any;
    expect(repository.metadata).toEqual({ name: 'apps-web', namespace: 'flux-system' });
    expect(helmRelease.spec.chartRef).toEqual({ kind: 'OCIRepository', name: 'apps-web', namespace: 'flux-system' });
  });
});

describe('the helm-operator target', () => {
  const target: Target = { kind: 'helm-operator', fluxVersion: '2.9' };
  test('one HelmRelease and one HelmRepository of helm-operator.ketches.cn/v1alpha1, valid', () => {
    const spec = release({ source: { url: 'oci://registry.example.com/charts', name: 'charts', namespace: 'apps' } });
    expect(releaseObjectRoles(releaseStrategy(spec), target)).toEqual(['HelmRelease']);
    const objects = [buildReleaseObject('HelmRelease', spec, target, RESOLVED), buildSourceObject(spec.source, target)];
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}`)).toEqual([
      'helm-operator.ketches.cn/v1alpha1 HelmRelease', 'helm-operator.ketches.cn/v1alpha1 HelmRepository',
    ]);
    expectValid(objects);
  });
});

describe('Kustomization', () => {
  test('valid for kustomize.toolkit.fluxcd.io/v1, sourceRef across namespaces', () => {
    const spec: KustomizationSpec = {
      name: 'app',
      namespace: 'apps',
      sourceRef: { kind: 'OCIRepository', name: 'manifests', namespace: 'flux-system' },
      path: './deploy',
      prune: true,
      fluxDependsOn: [{ name: 'infra', namespace: 'flux-system' }],
      postBuild: { substitute: { cluster: 'prod' } },
    };
    const target = flux('2.9');
    const obj = buildKustomization(spec, target);
    expect(obj.metadata).toMatchObject({ name: kustomizationHead(spec, target).name, namespace: 'apps' });
    expect(obj.spec).toMatchObject({ sourceRef: { kind: 'OCIRepository', name: 'manifests', namespace: 'flux-system' }, prune: true });
    expectValid(obj);
  });
});
