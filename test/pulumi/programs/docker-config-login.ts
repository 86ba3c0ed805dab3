/**
 * A release whose source's Secret comes from `PrivateRegistrySecret.fromDockerConfig()`
 * with `externalSecret` (the login serves only the registry check), in the
 * mode `FLUX_OCI_RESOLVE` gives. Config: `url` of the source, `version`,
 * `lockfile` (or none).
 */
import * as pulumi from '@pulumi/pulumi';
import { ChartRelease, OciHelmSource, PrivateRegistrySecret } from '../../../src/pulumi';

const config = new pulumi.Config();
const url = config.require('url');
const pull = PrivateRegistrySecret.fromDockerConfig('pull', {
  registry: new URL(url.replace(/^oci:/, 'http:')).host,
  externalSecret: { storeName: 'vault', remoteKey: 'ci/registry' },
});
const source = new OciHelmSource('charts', { url, insecure: true, secret: pull, settings: { resolve: { lockfile: config.get('lockfile') ?? false } } });
new ChartRelease('web', { source, chart: 'web', version: config.require('version'), pin: 'digest' });
