/** A resolver that finds no matching version: the preview fails with its message. */
import * as pulumi from '@pulumi/pulumi';
import { FluxOciError } from '../../../src/foundation/errors';
import { ChartRelease, OciHelmSource, PrivateRegistrySecret } from '../../../src/pulumi';

class NoSuchVersion extends FluxOciError {
  public readonly code = 'FLUX_OCI_TEST_NO_SUCH_VERSION';
}

const pull = new PrivateRegistrySecret('gitlab', { registry: 'registry.gitlab.com', username: 'deploy', password: pulumi.secret('glpat-fails-0c4e') });
const source = new OciHelmSource('charts', {
  url: 'oci://registry.gitlab.com/acme/charts',
  secret: pull,
  settings: {
    resolver: async (spec, context) => {
      throw new NoSuchVersion(`[${context.path}] ${spec.source.url}/${spec.chart}: no version matches '${spec.version}'; newest stable is 0.1.7`);
    },
  },
});
new ChartRelease('apache', { source, chart: 'apache', version: '0.9.x' });
