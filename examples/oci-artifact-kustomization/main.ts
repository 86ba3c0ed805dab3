/**
 * Seed scenario: plain Kubernetes manifests published as an OCI artifact
 * (`flux push artifact`, or `flux-oci push artifact`) instead of committed
 * to Git, pulled by an OCIRepository with a pull Secret and applied by a
 * Kustomization.
 *
 * CI side, per commit:
 *   flux push artifact oci://ghcr.io/acme/app-manifests:$(git rev-parse --short HEAD) \
 *     --path=./deploy --source="$(git config --get remote.origin.url)" \
 *     --revision="$(git branch --show-current)@sha1:$(git rev-parse HEAD)"
 *   flux tag artifact oci://ghcr.io/acme/app-manifests:$(git rev-parse --short HEAD) --tag latest
 */
import { App, Chart } from 'cdk8s';
import { main } from '../run';
import { FluxKustomization, OciArtifactSource, PrivateRegistrySecret } from 'flux-oci/cdk8s';

export function defineApp(app: App): void {
  const chart = new Chart(app, 'oci-artifact-kustomization', { namespace: 'flux-system' });

  // Created in the cluster by `flux create secret oci ghcr-auth ...`.
  const ghcr = PrivateRegistrySecret.fromSecretName(chart, 'ghcr-auth', 'ghcr-auth', {
    registry: 'ghcr.io',
    format: 'dockerconfigjson',
  });

  const manifests = new OciArtifactSource(chart, 'app-manifests', {
    url: 'oci://ghcr.io/acme/app-manifests',
    tag: 'latest',
    secret: ghcr,
    interval: '5m',
  });

  new FluxKustomization(chart, 'app', {
    source: manifests,
    path: './',
    prune: true,
    targetNamespace: 'apps',
    wait: true,
    timeout: '2m',
    interval: '10m',
  });
}

if (require.main === module) main(__dirname, defineApp);
