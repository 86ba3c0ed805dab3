/**
 * Seed scenario: the same chart for the helm-operator.ketches.cn operator:
 * an OCI HelmRepository with basic auth from an Opaque Secret, and a
 * HelmRelease naming the chart's full OCI URL, with values as YAML text.
 */
import { App, Chart } from 'cdk8s';
import { main } from '../run';
import { ChartRelease, OciHelmSource, PrivateRegistrySecret } from 'flux-oci/cdk8s';

export function defineApp(app: App): void {
  const chart = new Chart(app, 'helm-operator', { namespace: 'helm-operator-system' });

  const auth = PrivateRegistrySecret.fromSecretName(chart, 'ghcr-basic-auth', 'ghcr-basic-auth', {
    registry: 'ghcr.io',
    format: 'opaque',
  });

  const repo = new OciHelmSource(chart, 'myorg-charts', {
    url: 'oci://ghcr.io/myorg/charts',
    secret: auth,
    interval: '30m',
  });

  new ChartRelease(chart, 'nginx', {
    source: repo,
    chart: 'nginx',
    version: '15.4.4',
    releaseName: 'nginx',
    targetNamespace: 'web',
    createNamespace: true,
    values: { replicaCount: 2, service: { type: 'ClusterIP' } },
  });
}

if (require.main === module) main(__dirname, defineApp, { target: 'helm-operator' });
