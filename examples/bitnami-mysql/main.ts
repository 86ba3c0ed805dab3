/**
 * Seed scenario: public Bitnami MySQL chart from Docker Hub's OCI registry,
 * installed into its own namespace with values.
 */
import { App, Chart } from 'cdk8s';
import { main } from '../run';
import { ChartRelease, OciHelmSource } from 'flux-oci/cdk8s';

export function defineApp(app: App): void {
  const chart = new Chart(app, 'bitnami-mysql', { namespace: 'flux-system' });

  const bitnami = new OciHelmSource(chart, 'bitnami', {
    url: 'oci://registry-1.docker.io/bitnamicharts',
    strategy: 'HelmRepository',
    interval: '5m',
  });

  new ChartRelease(chart, 'mysql', {
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
}

if (require.main === module) main(__dirname, defineApp);
