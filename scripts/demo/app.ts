/**
 * The demo's cdk8s app, written as a user writes one: two charts from a
 * registry, checked against it when the app synthesizes, pinned to the
 * digests the registry holds. `npm run demo` (run.ts) runs it against a
 * local registry; DEMO_REGISTRY is that registry's host, DEMO_WEB_VERSION
 * the version of 'web' to ask for.
 */
import { resolve } from 'node:path';
import { App, Chart } from 'cdk8s';
import { ChartRelease, FluxOci, OciHelmSource } from 'flux-oci/cdk8s';

const registry = process.env.DEMO_REGISTRY ?? 'localhost:5000';

const app = new App();
FluxOci.configure(app, {
  // Write the manifest digest the check found: Flux then deploys exactly what was checked.
  pin: 'digest',
  resolve: { lockfile: resolve('flux-oci.lock.json') },
});
const flux = new Chart(app, 'demo', { namespace: 'flux-system' });

// A local registry speaks plain HTTP: Flux's `insecure: true`.
const charts = new OciHelmSource(flux, 'charts', { url: `oci://${registry}/charts`, insecure: true });

new ChartRelease(flux, 'web', {
  source: charts,
  chart: 'web',
  version: process.env.DEMO_WEB_VERSION ?? '1.x',
  targetNamespace: 'web',
  createNamespace: true,
});
new ChartRelease(flux, 'api', {
  source: charts,
  chart: 'api',
  version: '0.3.x',
  targetNamespace: 'api',
  createNamespace: true,
  values: { replicaCount: 3 },
});

app.synth();
