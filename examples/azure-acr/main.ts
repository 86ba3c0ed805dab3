/**
 * Seed scenario: charts in Azure Container Registry, pulled two ways:
 * with the cluster's workload identity (`provider: 'azure'`, no Secret),
 * and with a service principal's dockerconfigjson Secret.
 */
import { App, Chart } from 'cdk8s';
import { main } from '../run';
import { ChartRelease, OciHelmSource, PrivateRegistrySecret } from 'flux-oci/cdk8s';

export function defineApp(app: App): void {
  const withIdentity = new Chart(app, 'acr-workload-identity', { namespace: 'flux-system' });
  const acr = new OciHelmSource(withIdentity, 'acr-charts', {
    url: 'oci://contoso.azurecr.io/helm',
    strategy: 'HelmRepository',
    provider: 'azure',
    interval: '5m',
  });
  new ChartRelease(withIdentity, 'frontend', {
    source: acr,
    chart: 'frontend',
    version: '1.4.x',
    interval: '10m',
    targetNamespace: 'shop',
  });

  const withSecret = new Chart(app, 'acr-service-principal', { namespace: 'flux-system' });
  // `az acr token create` / service principal credentials, created in the cluster.
  const sp = PrivateRegistrySecret.fromSecretName(withSecret, 'acr-sp', 'acr-service-principal', {
    registry: 'contoso.azurecr.io',
    format: 'dockerconfigjson',
  });
  const acrWithSecret = new OciHelmSource(withSecret, 'acr-charts-sp', {
    url: 'oci://contoso.azurecr.io/helm',
    strategy: 'HelmRepository',
    secret: sp,
    interval: '5m',
  });
  new ChartRelease(withSecret, 'backend', {
    source: acrWithSecret,
    chart: 'backend',
    version: '2.0.x',
    interval: '10m',
    targetNamespace: 'shop',
  });
}

if (require.main === module) main(__dirname, defineApp);
