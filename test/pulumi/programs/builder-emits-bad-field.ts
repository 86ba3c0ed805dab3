/**
 * A builder mutated to emit a field the HelmRelease CRD does not have: the
 * resource fails when its body resolves, naming the field.
 */
import * as objects from '../../../src/model/builders/objects';
import { ChartRelease, OciHelmSource, noChartResolution } from '../../../src/pulumi';

const build = objects.buildReleaseObject;
Object.assign(objects, {
  buildReleaseObject: (...args: Parameters<typeof build>) => {
    const built = build(...args);
    return args[0] === 'HelmRelease' ? { ...built, spec: { ...built.spec as object, chartt: 'web' } } : built;
  },
});

const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts', namespace: 'flux-system', settings: { resolver: noChartResolution } });
new ChartRelease('web', { source, chart: 'web', version: '1.0.0' });
