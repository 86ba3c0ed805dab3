/** pin 'version' with resolution off: nothing to write, so the preview fails. */
import { ChartRelease, OciHelmSource, noChartResolution } from '../../../src/pulumi';

const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/stefanprodan/charts', settings: { resolver: noChartResolution } });
new ChartRelease('podinfo', { source, chart: 'podinfo', version: '6.x', pin: 'version' });
