import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, JsonPatch, Testing } from 'cdk8s';
import { ChartRelease, FluxOci, OciHelmSource } from '../../src/cdk8s';
import * as objects from '../../src/model/builders/objects';
import * as builtObjects from '../../src/model/built-objects';

/**
 * The last step of every synth: each object flux-oci built, as written
 * (labels and patches applied), checked against the CRD of its apiVersion;
 * a failure names the object, the JSON pointer and the CRD's message, and
 * no file is written.
 */

function app(fluxVersion?: '2.0' | '2.9'): { app: App; outdir: string; release: ChartRelease } {
  const outdir = mkdtempSync(join(tmpdir(), 'synth-validation-'));
  const root = new App({ outdir });
  if (fluxVersion) FluxOci.configure(root, { fluxVersion });
  const chart = new Chart(root, 'apps', { namespace: 'apps' });
  // Flux 2.0 has no chartRef: its releases pull through a HelmRepository.
  const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts', ...(fluxVersion === '2.0' ? { strategy: 'HelmRepository' as const } : {}) });
  const release = new ChartRelease(chart, 'web', { source, chart: 'web', version: '1.0.0' });
  return { app: root, outdir, release };
}

/** Three charts (teams a, b, c), each with a source and a release: six objects, three files. */
function threeTeams(): { app: App; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'synth-validation-'));
  const root = new App({ outdir });
  for (const team of ['a', 'b', 'c']) {
    const chart = new Chart(root, team, { namespace: team });
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    new ChartRelease(chart, 'web', { source, chart: 'web', version: '1.0.0' });
  }
  return { app: root, outdir };
}

afterEach(() => jest.restoreAllMocks());

test('a builder mutated to emit a field its CRD lacks fails synth, naming the object and the field; nothing is written', () => {
  const build = objects.buildReleaseObject;
  jest.spyOn(objects, 'buildReleaseObject').mockImplementation((...args) => {
    const built = build(...args);
    return args[0] === 'HelmRelease' ? { ...built, spec: { ...built.spec as object, chartt: 'web' } } : built;
  });
  const { app: root, outdir } = app();
  expect(() => root.synth()).toThrow(/\[apps\/web\] the object as built fails its CRD .*:\n\s+helm\.toolkit\.fluxcd\.io\/v2 HelmRelease apps\/web \/spec\/chartt: unknown field: not in the helm\.toolkit\.fluxcd\.io\/v2 HelmRelease schema/);
  expect(readdirSync(outdir)).toEqual([]);
});

test('a CEL rule of the CRD, with its own message, for the CRDs of the targeted Flux release', () => {
  const build = objects.buildReleaseObject;
  jest.spyOn(objects, 'buildReleaseObject').mockImplementation((...args) => {
    const built = build(...args);
    return args[0] === 'HelmRelease' ? { ...built, spec: { ...built.spec as object, chart: { spec: { chart: 'web', sourceRef: { kind: 'HelmRepository', name: 'charts' } } } } } : built;
  });
  expect(() => app().app.synth()).toThrow(/HelmRelease apps\/web \/spec: either chart or chartRef must be set \(CRD rule: /);
  // Flux 2.0 writes HelmRelease v2beta1, checked against the last CRD that serves it, which requires spec.chart.
  jest.restoreAllMocks();
  const v2beta1 = objects.buildReleaseObject;
  jest.spyOn(objects, 'buildReleaseObject').mockImplementation((...args) => {
    const built = v2beta1(...args);
    const { chart: _chart, ...spec } = built.spec as Record<string, unknown>;
    return args[0] === 'HelmRelease' ? { ...built, spec } : built;
  });
  expect(() => app('2.0').app.synth()).toThrow(/helm\.toolkit\.fluxcd\.io\/v2beta1 HelmRelease apps\/web \/spec\/chart: required field is missing/);
});

test("a user's JSON patch that breaks the object is caught the same way", () => {
  const { app: root, release, outdir } = app();
  ApiObject.of(release.node.defaultChild!).addJsonPatch(JsonPatch.add('/spec/interval', 'often'));
  expect(() => root.synth()).toThrow(/HelmRelease apps\/web \/spec\/interval: must match .*; got "often"/);
  expect(existsSync(join(outdir, 'apps.k8s.yaml'))).toBe(false);
});

test('valid objects synthesize as before', () => {
  const { app: root, outdir } = app();
  root.synth();
  expect(readdirSync(outdir)).toEqual(['apps.k8s.yaml']);
});

test('each object is checked once per synth, though cdk8s validates the app again before writing each chart', async () => {
  const { app: root, outdir } = threeTeams();
  const check = jest.spyOn(builtObjects, 'builtObjectProblems');
  root.synth();
  expect(check).toHaveBeenCalledTimes(6);
  expect(readdirSync(outdir).sort()).toEqual(['a.k8s.yaml', 'b.k8s.yaml', 'c.k8s.yaml']);

  // A later synth checks again, and sees what changed since.
  await Promise.resolve();
  const web = root.node.findAll().find((c) => c.node.path === 'b/web/Resource') as ApiObject;
  web.addJsonPatch(JsonPatch.add('/spec/timeout', 'soon'));
  expect(() => root.synth()).toThrow(/\[b\/web\] .*\n\s+helm\.toolkit\.fluxcd\.io\/v2 HelmRelease b\/web \/spec\/timeout: must match/);
  expect(check).toHaveBeenCalledTimes(12);
});

test('the JSON checked is the JSON written: one synth serializes each object once', () => {
  const { app: root, outdir } = threeTeams();
  const serialize = jest.spyOn(ApiObject.prototype, 'toJson');
  root.synth();
  expect(serialize).toHaveBeenCalledTimes(6);
  expect(readFileSync(join(outdir, 'b.k8s.yaml'), 'utf8')).toMatch(/kind: HelmRelease\nmetadata:\n  name: web\n  namespace: b\nspec:\n  chartRef:/);
});

test('a change made between two synths of one synchronous run is written, and checked', () => {
  const root = new App({ outdir: mkdtempSync(join(tmpdir(), 'synth-validation-')) });
  const charts = ['a', 'b'].map((team) => {
    const chart = new Chart(root, team, { namespace: team });
    const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    return { chart, release: new ChartRelease(chart, 'web', { source, chart: 'web', version: '1.0.0' }) };
  });
  // Synthesizing chart a validates (and checks) the whole app, chart b's objects included.
  Testing.synth(charts[0].chart);
  const web = ApiObject.of(charts[1].release.node.defaultChild!);
  web.metadata.addLabel('team', 'b');
  web.addJsonPatch(JsonPatch.add('/spec/timeout', '5m'));
  const written = Testing.synth(charts[1].chart).find((o) => o.kind === 'HelmRelease');
  expect(written.metadata.labels).toEqual({ team: 'b' });
  expect(written.spec.timeout).toBe('5m');

  web.addJsonPatch(JsonPatch.replace('/spec/timeout', 'soon'));
  expect(() => Testing.synth(charts[1].chart)).toThrow(/\[b\/web\] .*\n\s+helm\.toolkit\.fluxcd\.io\/v2 HelmRelease b\/web \/spec\/timeout: must match/);
});

test('a fluxDependsOn added after a synth in the same run reaches the file', () => {
  const root = new App({ outdir: mkdtempSync(join(tmpdir(), 'synth-validation-')) });
  const first = new Chart(root, 'first', { namespace: 'first' });
  new ChartRelease(first, 'web', { source: new OciHelmSource(first, 'charts', { url: 'oci://ghcr.io/acme/charts' }), chart: 'web', version: '1.0.0' });
  const chart = new Chart(root, 'apps', { namespace: 'apps' });
  const source = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
  const db = new ChartRelease(chart, 'db', { source, chart: 'db', version: '1.0.0' });
  const web = new ChartRelease(chart, 'web', { source, chart: 'web', version: '1.0.0' });
  // Validates (and checks) chart apps too, without writing it.
  Testing.synth(first);
  web.addFluxDependsOn(db);
  expect(Testing.synth(chart).find((o) => o.metadata.name === 'web' && o.kind === 'HelmRelease').spec.dependsOn).toEqual([{ name: 'db' }]);
});
