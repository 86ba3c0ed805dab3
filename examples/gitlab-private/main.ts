/**
 * Seed scenario: a chart in a private GitLab container registry, pulled with
 * a dockerconfigjson Secret. The Secret is rendered in the cluster by the
 * External Secrets Operator from a store entry, so no token is committed;
 * `username`/`password` from the environment serve the synth-time check.
 */
import { App, Chart } from 'cdk8s';
import { main } from '../run';
import { ChartRelease, OciHelmSource, PrivateRegistrySecret } from 'flux-oci/cdk8s';

export function defineApp(app: App): void {
  const chart = new Chart(app, 'gitlab-private', { namespace: 'flux-system' });

  const pullSecret = new PrivateRegistrySecret(chart, 'gitlab-registry', {
    registry: 'registry.gitlab.com',
    username: process.env.GITLAB_USER,
    password: process.env.GITLAB_TOKEN,
    externalSecret: { storeName: 'vault', storeKind: 'ClusterSecretStore', remoteKey: 'ci/gitlab-registry' },
  });

  const charts = new OciHelmSource(chart, 'gitlab-charts', {
    url: 'oci://registry.gitlab.com/acme/charts',
    strategy: 'HelmRepository',
    secret: pullSecret,
    interval: '1m',
  });

  new ChartRelease(chart, 'apache', {
    source: charts,
    chart: 'apache',
    version: '0.1.x',
    interval: '5m',
    targetNamespace: 'web',
    values: { replicaCount: 2 },
  });
}

if (require.main === module) main(__dirname, defineApp);
