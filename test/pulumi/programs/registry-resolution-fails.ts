/**
 * A release whose version the local test registry does not have, resolved
 * by the registry check (`FLUX_OCI_RESOLVE` from the test). Config: `url`
 * of the source; `username` and secret `password` when the registry wants them;
 * `insecure: false` for a TLS registry.
 */
import * as pulumi from '@pulumi/pulumi';
import { ChartRelease, OciHelmSource, PrivateRegistrySecret } from '../../../src/pulumi';

const config = new pulumi.Config();
const url = config.require('url');
const username = config.get('username');
const pull = username
  ? new PrivateRegistrySecret('pull', { registry: new URL(url.replace(/^oci:/, 'http:')).host, username, password: config.requireSecret('password') })
  : undefined;
const source = new OciHelmSource('charts', { url, insecure: config.getBoolean('insecure') ?? true, secret: pull, settings: { resolve: { lockfile: false } } });
new ChartRelease('web', { source, chart: config.require('chart'), version: config.require('version') });
