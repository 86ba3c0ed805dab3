/**
 * Seed scenario: a self-hosted Harbor with a private CA, pulled with a
 * robot account. The CA bundle is not secret and is written as a Secret;
 * the robot account's Secret already exists in the cluster.
 */
import { App, Chart } from 'cdk8s';
import { main } from '../run';
import { ChartRelease, OciHelmSource, PrivateRegistrySecret, RegistryTlsSecret } from 'flux-oci/cdk8s';

/**
 * The private CA that signed harbor.example.internal (public material, safe
 * to commit). Generated for this example with `openssl req -x509 -newkey ec`;
 * its key was discarded.
 */
export const HARBOR_CA = `-----BEGIN CERTIFICATE-----
MIIB0TCCAXegAwIBAgIUZzk8aQ8MZaB2RLIksD+KWP34EyAwCgYIKoZIzj0EAwIw
PjE8MDoGA1UEAwwzRXhhbXBsZSBIYXJib3IgQ0EgKGZsdXgtb2NpIGV4YW1wbGUs
IGtleSBkaXNjYXJkZWQpMB4XDTI2MTEyMzAzMjMzNloXDTM2MTEyMDAzMjMzNlow
PjE8MDoGA1UEAwwzRXhhbXBsZSBIYXJib3IgQ0EgKGZsdXgtb2NpIGV4YW1wbGUs
IGtleSBkaXNjYXJkZWQpMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExhxGQh/q
GeWHcgGNJVsEizVoiDCHW+7AqV5dW7XpYK3N496TDqhYm5qt3dxrqDMCvY5e9CWn
X0lWnbiU7FDSiqNTMFEwHQYDVR0OBBYEFFnhI4xMQ32zQOkdBXjBpWs57o7HMB8G
A1UdIwQYMBaAFFnhI4xMQ32zQOkdBXjBpWs57o7HMA8GA1UdEwEB/wQFMAMBAf8w
CgYIKoZIzj0EAwIDSAAwRQIhAOy9PAB0q5pLOdVPlejwMoppnotXObzg4sgo+t5B
yUMkAiAcMeMvNaSjwF6ChsgmKgYHy4oCeMHyIPDpvJYH46ma6g==
-----END CERTIFICATE-----
`;

export function defineApp(app: App): void {
  const chart = new Chart(app, 'harbor-tls', { namespace: 'flux-system' });

  const robot = PrivateRegistrySecret.fromSecretName(chart, 'harbor-robot', 'harbor-robot', {
    registry: 'harbor.example.internal',
    format: 'dockerconfigjson',
  });
  const ca = new RegistryTlsSecret(chart, 'harbor-ca', { caCert: HARBOR_CA });

  const harbor = new OciHelmSource(chart, 'harbor-charts', {
    url: 'oci://harbor.example.internal/platform',
    strategy: 'HelmRepository',
    secret: robot,
    certSecret: ca,
    interval: '5m',
    timeout: '60s',
  });

  new ChartRelease(chart, 'ingress', {
    source: harbor,
    chart: 'ingress-nginx',
    version: '4.10.x',
    interval: '10m',
    targetNamespace: 'ingress',
    createNamespace: true,
    values: { controller: { replicaCount: 2 } },
  });
}

if (require.main === module) main(__dirname, defineApp);
