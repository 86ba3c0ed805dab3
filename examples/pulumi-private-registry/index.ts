/**
 * Seed scenario, as a Pulumi program: a chart in a private GitLab container
 * registry, pulled by Flux with a dockerconfigjson Secret. The token comes
 * from the stack's secret config, so the Secret's data is a Pulumi secret
 * (encrypted in state, hidden in diffs). The chart version is resolved
 * against the registry during `pulumi preview` (with the token, inside the
 * secret) and recorded in `flux-oci.lock.json`; `FLUX_OCI_RESOLVE=locked`
 * in CI makes the preview use only the lockfile.
 *
 *   pulumi config set gitlabUser deploy-bot
 *   pulumi config set --secret gitlabToken glpat-...
 *   pulumi preview
 */
import * as pulumi from '@pulumi/pulumi';
import { ChartRelease, OciHelmSource, PrivateRegistrySecret } from 'flux-oci/pulumi';

const config = new pulumi.Config();
const namespace = config.get('namespace') ?? 'flux-system';

const pullSecret = new PrivateRegistrySecret('gitlab-registry', {
  registry: 'registry.gitlab.com',
  namespace,
  username: config.require('gitlabUser'),
  password: config.requireSecret('gitlabToken'),
});

const charts = new OciHelmSource('gitlab-charts', {
  url: 'oci://registry.gitlab.com/acme/charts',
  strategy: 'HelmRepository',
  secret: pullSecret,
  interval: '1m',
  namespace,
});

const apache = new ChartRelease('apache', {
  source: charts,
  chart: 'apache',
  version: '0.1.x',
  interval: '5m',
  targetNamespace: 'web',
  values: { replicaCount: 2 },
});

export const pullSecretName = pullSecret.name;
export const helmReleaseName = apache.name;
/** The version 0.1.x resolved to during preview (undefined with resolution off). */
export const chartVersion = apache.resolvedVersion;
