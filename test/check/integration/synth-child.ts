/**
 * Synthesizes a one-release cdk8s app with a plain `app.synth()` and exits
 * non-zero with the error message when the synth throws. Runs in its own
 * process because the synchronous synth blocks its thread (see
 * resolve-sync-child.ts). Input: one JSON argument `{ host, version, outdir, client }`.
 */
import { App, Chart } from 'cdk8s';
import { ChartRelease, FluxOci, OciHelmSource } from '../../../src/cdk8s';
import { ResolveSettings } from '../../../src/cdk8s/settings';

const { host, version, outdir, client } = JSON.parse(process.argv[2]) as {
  host: string; version: string; outdir: string; client: Pick<ResolveSettings, 'timeouts' | 'retry'>;
};
const app = new App({ outdir });
FluxOci.configure(app, { resolve: { mode: 'online', lockfile: false, ...client, deadlineMs: 30_000 } });
const chart = new Chart(app, 'apps', { namespace: 'flux-system' });
const source = new OciHelmSource(chart, 'charts', { url: `oci://${host}/charts`, insecure: true });
new ChartRelease(chart, 'web', { source, chart: 'web', version, pin: 'version' });
try {
  app.synth();
} catch (e) {
  process.stderr.write((e as Error).message);
  process.exit(1);
}
