/** A namespace known only once an Output resolves, and invalid: the program fails when it resolves. */
import * as pulumi from '@pulumi/pulumi';
import { ChartRelease, OciHelmSource } from '../../../src/pulumi';

const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts', namespace: pulumi.output('Flux_System') });
new ChartRelease('podinfo', { source, chart: 'podinfo', version: '6.x' });
