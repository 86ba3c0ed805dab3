import { ChartRelease, ChartVerification, OciHelmSource, PrivateRegistrySecret } from '../../src/cdk8s';
import { FLUX_VERSIONS, FluxVersion } from '../../src/model/flux-version';
import { findObject, synthValid, testChart } from '../support/synth';

/**
 * Each Flux release gets the API versions it served, and every object
 * validates against the CRD schema of that version (legacy CRDs for the
 * beta APIs).
 */
const EXPECTED: Record<FluxVersion, { helmRepository: string; ociRepository: string; helmRelease: string }> = {
  '2.0': { helmRepository: 'v1beta2', ociRepository: 'v1beta2', helmRelease: 'v2beta1' },
  '2.1': { helmRepository: 'v1beta2', ociRepository: 'v1beta2', helmRelease: 'v2beta1' },
  '2.2': { helmRepository: 'v1beta2', ociRepository: 'v1beta2', helmRelease: 'v2beta2' },
  '2.3': { helmRepository: 'v1', ociRepository: 'v1beta2', helmRelease: 'v2' },
  '2.4': { helmRepository: 'v1', ociRepository: 'v1beta2', helmRelease: 'v2' },
  '2.5': { helmRepository: 'v1', ociRepository: 'v1beta2', helmRelease: 'v2' },
  '2.6': { helmRepository: 'v1', ociRepository: 'v1', helmRelease: 'v2' },
  '2.7': { helmRepository: 'v1', ociRepository: 'v1', helmRelease: 'v2' },
  '2.8': { helmRepository: 'v1', ociRepository: 'v1', helmRelease: 'v2' },
  '2.9': { helmRepository: 'v1', ociRepository: 'v1', helmRelease: 'v2' },
};

describe.each(FLUX_VERSIONS)('fluxVersion %s', (fluxVersion) => {
  const expected = EXPECTED[fluxVersion];

  test('HelmRepository strategy: API versions of that release, valid for its CRDs', () => {
    const { app, chart } = testChart({ fluxVersion });
    const secret = PrivateRegistrySecret.fromSecretName(chart, 's', 'creds', { registry: 'ghcr.io' });
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts', strategy: 'HelmRepository', secret, interval: '5m', verify: ChartVerification.cosign({ publicKeysSecretName: 'cosign-pub' }) });
    new ChartRelease(chart, 'web', {
      source,
      chart: 'web',
      version: '1.x',
      targetNamespace: 'web',
      createNamespace: true,
      values: { a: 1 },
      upgrade: { remediation: { retries: 3 } },
    });
    const objects = synthValid(app);
    expect(findObject(objects, 'HelmRepository').apiVersion).toBe(`source.toolkit.fluxcd.io/${expected.helmRepository}`);
    const hr = findObject(objects, 'HelmRelease');
    expect(hr.apiVersion).toBe(`helm.toolkit.fluxcd.io/${expected.helmRelease}`);
    expect(hr.spec.chart.spec.verify).toStrictEqual({ provider: 'cosign', secretRef: { name: 'cosign-pub' } });
  });
});

// chartRef (the OCIRepository strategy) exists from Flux 2.3; older versions reject it (validation.test.ts).
describe.each(FLUX_VERSIONS.filter((v) => Number(v.split('.')[1]) >= 3))('fluxVersion %s', (fluxVersion) => {
  test('OCIRepository strategy: OCIRepository API version of that release', () => {
    const expected = EXPECTED[fluxVersion];
    const { app, chart } = testChart({ fluxVersion });
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    new ChartRelease(chart, 'web', { source, chart: 'web', version: '1.x' });
    const objects = synthValid(app);
    expect(findObject(objects, 'OCIRepository').apiVersion).toBe(`source.toolkit.fluxcd.io/${expected.ociRepository}`);
    expect(findObject(objects, 'HelmRelease').apiVersion).toBe('helm.toolkit.fluxcd.io/v2');
  });
});
