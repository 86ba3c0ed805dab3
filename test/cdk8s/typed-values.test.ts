import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { ChartRelease, FluxOci, ImportedChart, OciHelmSource, resolveApp } from '../../src/cdk8s';
import { registryCheckWithWarnings } from '../support/captured-warnings';
import { pushProjectChart } from '../support/project-charts';
import { startRegistry, TestRegistry } from '../support/registry';
import { WORKER } from '../values/charts';

/** The values type `flux-oci import` wrote, against the version the synth resolved. */

interface WorkerValues {
  concurrency?: number;
  queue?: string;
}

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  await pushProjectChart(registry, 'charts', WORKER);
  await pushProjectChart(registry, 'charts', { ...WORKER, 'Chart.yaml': WORKER['Chart.yaml'].replace('version: 2.0.0', 'version: 2.1.0') });
});
afterAll(() => registry.stop());

const warnings = registryCheckWithWarnings('FLUX_OCI_VALUES');

async function synthWith(version: string, valuesType: ImportedChart<WorkerValues>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-typed-'));
  const app = new App({ outdir: join(dir, 'dist') });
  FluxOci.configure(app, { resolve: { lockfile: join(dir, 'flux-oci.lock.json'), cache: join(dir, 'cache') } });
  const chart = new Chart(app, 'apps', { namespace: 'work' });
  const charts = new OciHelmSource(chart, 'charts', { url: `oci://${registry.host}/charts`, insecure: true });
  new ChartRelease(chart, 'worker', { source: charts, chart: 'worker', version, valuesType, values: { concurrency: 2 } });
  await resolveApp(app);
  app.synth();
}

test('a values type imported from another version than the one resolved is a warning naming both', async () => {
  await synthWith('2.x', { chart: 'worker', version: '2.0.0' });
  expect(warnings).toEqual([
    `[apps/worker] values type was imported from worker@2.0.0, but 2.1.0 resolved; run 'flux-oci import oci://${registry.host}/charts/worker --version 2.1.0' to update it`,
  ]);
});

test('the same version: no warning', async () => {
  await synthWith('2.0.0', { chart: 'worker', version: '2.0.0' });
  expect(warnings).toEqual([]);
});
