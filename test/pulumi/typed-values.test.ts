import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onlinePreviewPerTest, valueOf } from './mocks';
import { ChartRelease, ImportedChart, OciHelmSource } from '../../src/pulumi';
import { pushProjectChart } from '../support/project-charts';
import { startRegistry, TestRegistry } from '../support/registry';
import { WORKER } from '../values/charts';

/** The values type `flux-oci import` wrote, against the version the preview resolved. */

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
afterAll(() => registry?.stop());

const preview = onlinePreviewPerTest();

async function previewWith(version: string, valuesType: ImportedChart<WorkerValues>): Promise<string[]> {
  const source = new OciHelmSource('charts', {
    url: `oci://${registry.host}/charts`,
    insecure: true,
    settings: { resolve: { lockfile: false, cache: mkdtempSync(join(tmpdir(), 'flux-oci-pulumi-typed-')) } },
  });
  const release = new ChartRelease('worker', { source, chart: 'worker', version, valuesType, values: { concurrency: 2 } });
  await valueOf(release.resolvedVersion);
  await preview.mocks.resources();
  return preview.warnings.mock.calls.map((c) => c[0]);
}

test('a values type imported from another version than the one resolved is a warning naming both', async () => {
  expect(await previewWith('2.x', { chart: 'worker', version: '2.0.0' })).toContain(
    `[worker] values type was imported from worker@2.0.0, but 2.1.0 resolved; run 'flux-oci import oci://${registry.host}/charts/worker --version 2.1.0' to update it`,
  );
});

test('the same version: no such warning', async () => {
  expect((await previewWith('2.0.0', { chart: 'worker', version: '2.0.0' })).filter((w) => w.includes('values type'))).toEqual([]);
});
