/**
 * One release of the WEB test chart with the values the test passes, checked
 * against the local registry during preview. Config: `url`; `values` (JSON);
 * `strictValues` ('true' for the source setting); secret `serviceType`
 * (becomes `values.service.type` through a secret Output).
 */
import * as pulumi from '@pulumi/pulumi';
import { ChartRelease, OciHelmSource } from '../../../src/pulumi';

const config = new pulumi.Config();
const values = JSON.parse(config.get('values') ?? '{}');
const serviceType = config.getSecret('serviceType');
if (serviceType) values.service = { type: serviceType };
const source = new OciHelmSource('charts', {
  url: config.require('url'),
  insecure: true,
  settings: { strictValues: config.getBoolean('strictValues'), resolve: { lockfile: false } },
});
new ChartRelease('web', { source, chart: 'web', version: '1.2.0', values });
