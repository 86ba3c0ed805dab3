/**
 * Seed scenario: Flux's recommended shape, an OCIRepository that follows a
 * semver range with a pull Secret, and a HelmRelease with `chartRef`.
 */
import { App, Chart } from 'cdk8s';
import { main } from '../run';
import { ChartRelease, OciHelmSource, PrivateRegistrySecret } from 'flux-oci/cdk8s';

export function defineApp(app: App): void {
  const chart = new Chart(app, 'ocirepository-semver', { namespace: 'flux-system' });

  // Created in the cluster by `flux create secret oci ghcr-auth ...`.
  const ghcr = PrivateRegistrySecret.fromSecretName(chart, 'ghcr-auth', 'ghcr-auth', {
    registry: 'ghcr.io',
    format: 'dockerconfigjson',
  });

  const charts = new OciHelmSource(chart, 'podinfo-charts', {
    url: 'oci://ghcr.io/stefanprodan/charts',
    secret: ghcr,
    interval: '5m',
  });

  new ChartRelease(chart, 'podinfo', {
    source: charts,
    chart: 'podinfo',
    version: '>=6.0.0 <7.0.0',
    interval: '10m',
    targetNamespace: 'podinfo',
    createNamespace: true,
    values: { replicaCount: 2 },
  });
}

if (require.main === module) main(__dirname, defineApp);
