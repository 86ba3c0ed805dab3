/**
 * Seed scenario: charts in Google Artifact Registry, pulled with GKE
 * Workload Identity (`provider: 'gcp'`) or with a `_json_key` Secret.
 */
import { App, Chart } from 'cdk8s';
import { main } from '../run';
import { ChartRelease, OciHelmSource, PrivateRegistrySecret } from 'flux-oci/cdk8s';

const GAR = 'europe-west1-docker.pkg.dev';

export function defineApp(app: App): void {
  const withIdentity = new Chart(app, 'gar-workload-identity', { namespace: 'flux-system' });
  const gar = new OciHelmSource(withIdentity, 'gar-charts', {
    url: 'oci://europe-west1-docker.pkg.dev/acme-prod/charts',
    strategy: 'HelmRepository',
    provider: 'gcp',
    interval: '5m',
  });
  new ChartRelease(withIdentity, 'search', {
    source: gar,
    chart: 'search',
    version: '0.9.x',
    interval: '10m',
    targetNamespace: 'search',
  });

  const withSecret = new Chart(app, 'gar-json-key', { namespace: 'flux-system' });
  // A service-account key (`_json_key_base64`) in a dockerconfigjson Secret created out of band.
  const key = PrivateRegistrySecret.fromSecretName(withSecret, 'gar-key', 'gar-json-key', {
    registry: GAR,
    format: 'dockerconfigjson',
  });
  const garWithSecret = new OciHelmSource(withSecret, 'gar-charts-key', {
    url: 'oci://europe-west1-docker.pkg.dev/acme-prod/charts',
    strategy: 'HelmRepository',
    secret: key,
    interval: '5m',
  });
  new ChartRelease(withSecret, 'indexer', {
    source: garWithSecret,
    chart: 'indexer',
    version: '1.1.0',
    interval: '10m',
    targetNamespace: 'search',
  });
}

if (require.main === module) main(__dirname, defineApp);
