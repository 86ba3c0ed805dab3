/**
 * Seed scenario: charts in Amazon ECR (one ECR repository per chart under
 * the `charts/` prefix), pulled with IRSA/Pod Identity (`provider: 'aws'`)
 * or with a Secret refreshed by an ECR credentials job.
 */
import { App, Chart } from 'cdk8s';
import { main } from '../run';
import { ChartRelease, OciHelmSource, PrivateRegistrySecret } from 'flux-oci/cdk8s';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';

export function defineApp(app: App): void {
  const withIdentity = new Chart(app, 'ecr-irsa', { namespace: 'flux-system' });
  const ecr = new OciHelmSource(withIdentity, 'ecr-charts', {
    url: 'oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/charts',
    strategy: 'HelmRepository',
    provider: 'aws',
    interval: '5m',
  });
  new ChartRelease(withIdentity, 'payments', {
    source: ecr,
    chart: 'payments',
    version: '3.2.1',
    interval: '10m',
    targetNamespace: 'payments',
  });

  const withSecret = new Chart(app, 'ecr-secret', { namespace: 'flux-system' });
  // ECR tokens last 12 hours: a CronJob (or ESO's ECRAuthorizationToken) keeps this Secret fresh.
  const token = PrivateRegistrySecret.fromSecretName(withSecret, 'ecr-token', 'ecr-credentials', {
    registry: ECR,
    format: 'dockerconfigjson',
  });
  const ecrWithSecret = new OciHelmSource(withSecret, 'ecr-charts-token', {
    url: 'oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/charts',
    strategy: 'HelmRepository',
    secret: token,
    interval: '5m',
  });
  new ChartRelease(withSecret, 'ledger', {
    source: ecrWithSecret,
    chart: 'ledger',
    version: '>=1.0.0 <2.0.0',
    interval: '10m',
    targetNamespace: 'payments',
  });
}

if (require.main === module) main(__dirname, defineApp);
