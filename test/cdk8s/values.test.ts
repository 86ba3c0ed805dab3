import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart } from 'cdk8s';
import { ChartRelease, FluxOci, FluxOciSettings, OciHelmSource, resolveApp } from '../../src/cdk8s';
import { registryCheckWithWarnings } from '../support/captured-warnings';
import { pushProjectChart } from '../support/project-charts';
import { startRegistry, TestRegistry } from '../support/registry';
import { API, WEB, WORKER } from '../values/charts';

let registry: TestRegistry;
let cache: string;

beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  for (const files of [WEB, API, WORKER]) await pushProjectChart(registry, 'charts', files);
});
afterAll(() => registry.stop());

const warnings = registryCheckWithWarnings('FLUX_OCI_VALUES');
beforeEach(() => {
  cache = mkdtempSync(join(tmpdir(), 'flux-oci-values-cache-'));
});

function project(settings: FluxOciSettings = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-values-'));
  const app = new App({ outdir: join(dir, 'dist') });
  FluxOci.configure(app, { ...settings, resolve: { lockfile: join(dir, 'flux-oci.lock.json'), cache, ...settings.resolve } });
  const chart = new Chart(app, 'apps', { namespace: 'web' });
  const charts = new OciHelmSource(chart, 'charts', { url: `oci://${registry.host}/charts`, insecure: true });
  return { app, chart, charts, dir };
}

/** Resolves (async path), then synthesizes; returns the synth error text, '' when it passed. */
async function synth(app: App): Promise<string> {
  await resolveApp(app);
  try {
    app.synth();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

test('values errors fail the synth with the construct path, chart@version, pointer and what the schema wants', async () => {
  const { app, chart, charts } = project();
  new ChartRelease(chart, 'web', { source: charts, chart: 'web', version: '1.2.0', values: { replicaCount: '2', cache: { port: 'x' } } });
  new ChartRelease(chart, 'api', { source: charts, chart: 'api', version: '0.3.x', values: { mode: 'slow' } });
  new ChartRelease(chart, 'fine', { source: charts, chart: 'worker', version: '2.0.0', values: { concurrency: 8 } });
  const message = await synth(app);
  expect(message).toContain('[apps/web] values of chart web@1.2.0 at /replicaCount: got string, want integer (values.schema.json of web)');
  expect(message).toContain("[apps/web] values of chart web@1.2.0 at /cache/port: got string, want integer (values.schema.json of subchart 'cache')");
  expect(message).toContain("[apps/api] values of chart api@0.3.0 at /mode: value must be one of 'fast', 'safe'; got 'slow' (values.schema.json of api)");
  expect(message).not.toContain('apps/fine');
});

test('a value holding a Flux post-build variable does not fail the synth: the Kustomization that applies dist/ may substitute it; a warning says it is not checked', async () => {
  const { app, chart, charts } = project();
  new ChartRelease(chart, 'web', { source: charts, chart: 'web', version: '1.2.0', values: { replicaCount: '${REPLICAS}' } });
  expect(await synth(app)).toBe('');
  expect(warnings).toEqual([
    '[apps/web] values of chart web@1.2.0 at /replicaCount: got string, want integer '
      + '(the value holds the Flux variable ${REPLICAS}: a Kustomization whose postBuild substitutes it hands Helm the result, which is not checked here) (values.schema.json of web)',
  ]);
});

test('a HelmRelease labelled kustomize.toolkit.fluxcd.io/substitute: disabled reaches Helm as written, so a value holding a variable fails the synth as any other', async () => {
  const { app, chart, charts } = project();
  const release = new ChartRelease(chart, 'web', { source: charts, chart: 'web', version: '1.2.0', values: { replicaCount: '${REPLICAS}' } });
  ApiObject.of(release).metadata.addLabel('kustomize.toolkit.fluxcd.io/substitute', 'disabled');
  expect(await synth(app)).toContain('[apps/web] values of chart web@1.2.0 at /replicaCount: got string, want integer (values.schema.json of web)');
  expect(warnings).toEqual([]);
});

test('unknown keys warn with suggestions (no false positives on global or template keys); strictValues fails the synth', async () => {
  const values = { replicaCont: 2, global: { region: 'us' }, nameOverride: 'x', podAnnotations: { a: 'b' } };
  const first = project();
  new ChartRelease(first.chart, 'web', { source: first.charts, chart: 'web', version: '1.2.0', values });
  expect(await synth(first.app)).toBe('');
  expect(warnings).toEqual([
    "[apps/web] values of chart web@1.2.0 at /replicaCont: 'replicaCont' is not a value this chart knows (not in its values.yaml, schema or templates); Helm ignores it; did you mean 'replicaCount'?",
  ]);

  const strict = project({ strictValues: true });
  new ChartRelease(strict.chart, 'web', { source: strict.charts, chart: 'web', version: '1.2.0', values });
  expect(await synth(strict.app)).toContain("[apps/web] values of chart web@1.2.0 at /replicaCont: 'replicaCont' is not a value this chart knows");
  const perRelease = project({ strictValues: true });
  new ChartRelease(perRelease.chart, 'web', { source: perRelease.charts, chart: 'web', version: '1.2.0', values, strictValues: false });
  expect(await synth(perRelease.app)).toBe('');
});

test('valuesFrom: an in-app ConfigMap is checked, an external Secret is reported as not checked', async () => {
  const { app, chart, charts } = project();
  new ApiObject(chart, 'web-values', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-values' }, data: { 'values.yaml': 'replicaCount: 0\n' } });
  new ChartRelease(chart, 'web', {
    source: charts,
    chart: 'web',
    version: '1.2.0',
    // The ConfigMap is merged after the Secret, so what it sets stands whatever the Secret holds.
    valuesFrom: [{ kind: 'Secret', name: 'web-credentials', optional: true }, { kind: 'ConfigMap', name: 'web-values' }],
  });
  const message = await synth(app);
  expect(message).toContain('[apps/web] values of chart web@1.2.0 at /replicaCount: minimum: got 0, want 1 (values.schema.json of web)');
  expect(warnings).toContain("[apps/web] values of chart web@1.2.0 at the top level: valuesFrom Secret 'web-credentials' is not defined in this app, so the values it supplies are not checked");
});

test("an in-app Secret's content never reaches the report", async () => {
  const { app, chart, charts } = project();
  new ApiObject(chart, 'web-secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'web-secret' }, stringData: { 'values.yaml': 'service:\n  type: hunter2-s3cret\n' } });
  new ChartRelease(chart, 'web', { source: charts, chart: 'web', version: '1.2.0', valuesFrom: [{ kind: 'Secret', name: 'web-secret' }] });
  const message = await synth(app);
  expect(message).toContain('at /service/type: value must be one of');
  expect(message).not.toContain('hunter2');
});

test('disableSchemaValidation on install and upgrade: Helm skips the schema, so does the check', async () => {
  const { app, chart, charts } = project();
  new ChartRelease(chart, 'web', {
    source: charts,
    chart: 'web',
    version: '1.2.0',
    values: { replicaCount: 0 },
    install: { disableSchemaValidation: true },
    upgrade: { disableSchemaValidation: true },
  });
  expect(await synth(app)).toBe('');
});

test('valuesFiles (HelmRepository strategy) replace values.yaml as source-controller does', async () => {
  const { app, chart, charts } = project();
  new ChartRelease(chart, 'web', { source: charts, chart: 'web', version: '1.2.0', strategy: 'HelmRepository', valuesFiles: ['values-prod.yaml'] });
  const message = await synth(app);
  expect(message).toContain("[apps/web] values of chart web@1.2.0 at the top level: missing property 'image' (values.schema.json of web)");
  const ok = project();
  new ChartRelease(ok.chart, 'web', { source: ok.charts, chart: 'web', version: '1.2.0', strategy: 'HelmRepository', valuesFiles: ['values.yaml', 'values-prod.yaml'] });
  expect(await synth(ok.app)).toBe('');
});

test('offline: with the lockfile and a warm cache, locked mode checks values with zero requests; a cold cache says "not checked"', async () => {
  const build = (settings: FluxOciSettings) => {
    const p = project(settings);
    new ChartRelease(p.chart, 'web', { source: p.charts, chart: 'web', version: '1.x', values: { replicaCount: 0 } });
    return p;
  };
  const lockfile = join(mkdtempSync(join(tmpdir(), 'flux-oci-values-lock-')), 'flux-oci.lock.json');
  const online = build({ resolve: { lockfile } });
  expect(await synth(online.app)).toContain('minimum: got 0, want 1');
  // The failed synth wrote no lockfile; a passing release writes it.
  const passing = project({ resolve: { lockfile } });
  new ChartRelease(passing.chart, 'web', { source: passing.charts, chart: 'web', version: '1.x' });
  expect(await synth(passing.app)).toBe('');

  const locked = build({ resolve: { lockfile, mode: 'locked' } });
  const report = await resolveApp(locked.app);
  expect(report.registryRequests).toBe(0);
  expect(() => locked.app.synth()).toThrow(/minimum: got 0, want 1/);

  const cold = build({ resolve: { lockfile, mode: 'locked', cache: mkdtempSync(join(tmpdir(), 'flux-oci-cold-')) } });
  expect(await synth(cold.app)).toBe('');
  expect(warnings).toContain("[apps/web] values not checked: chart not cached (FLUX_OCI_RESOLVE=locked makes no request); run 'flux-oci lock' to fetch it");
});

test('app.synth() alone (the synchronous path) fetches the chart in the worker and checks the values', () => {
  const { app, chart, charts } = project();
  new ChartRelease(chart, 'web', { source: charts, chart: 'web', version: '1.2.0', values: { image: { repository: 5 } } });
  expect(() => app.synth()).toThrow('[apps/web] values of chart web@1.2.0 at /image/repository: got number, want string (values.schema.json of web)');
});
