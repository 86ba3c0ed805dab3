import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FAST, requestFor, tempLockfile } from './support';
import { loadChartLayer } from '../../../src/archives';
import { Resolver, ResolverOptions } from '../../../src/check/resolver';
import { computeDigest } from '../../../src/foundation/digest';
import { gzipBombChart } from '../../support/gzip-bomb';
import { chartFiles, pushProjectArtifact, pushProjectChart } from '../../support/project-charts';
import { pushBlob, pushRawManifest, startRegistry, TestRegistry } from '../../support/registry';

let registry: TestRegistry;
let web: Awaited<ReturnType<typeof pushProjectChart>>;
let cache: string;

beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  web = await pushProjectChart(registry, 'charts', chartFiles('web', '1.2.0', { 'values.yaml': 'replicaCount: 1\n' }));
});
afterAll(() => registry.stop());
beforeEach(() => { cache = mkdtempSync(join(tmpdir(), 'flux-oci-content-')); });
afterEach(() => rmSync(cache, { recursive: true, force: true }));

const resolver = (more: Partial<ResolverOptions> = {}) => new Resolver({ lockfile: false, mode: 'online', env: {}, cache, ...FAST, ...more });
const webRequest = () => requestFor(registry, 'charts/web', '1.2.0');

test('cold: the layer by digest (manifest GET + blob GET after the HEAD), verified, and cached', async () => {
  const report = await resolver().resolve([webRequest()], { content: [true] });
  expect(report.failures).toEqual([]);
  expect(report.content[0]).toMatchObject({ state: 'fetched', layer: { manifestDigest: web.digest, from: 'registry' } });
  const layer = report.content[0]?.state === 'fetched' ? report.content[0].layer : undefined;
  expect(layer?.bytes).toEqual(web.tgz);
  expect(layer?.layerDigest).toBe(computeDigest(web.tgz));
  expect(report.registryRequests).toBe(3);
  expect(readdirSync(join(cache, 'blobs', 'sha256')).sort()).toEqual([web.digest.slice(7), layer!.layerDigest.slice(7)].sort());
});

test('warm: no manifest GET and no blob GET, only the HEAD the check makes', async () => {
  await resolver().resolve([webRequest()], { content: [true] });
  const report = await resolver().resolve([webRequest()], { content: [true] });
  expect(report.content[0]).toMatchObject({ state: 'fetched', layer: { from: 'cache' } });
  expect(report.registryRequests).toBe(1);
});

test('locked with a lockfile and a warm cache: zero requests; a cold cache is "not cached", never a request', async () => {
  const lockfile = tempLockfile();
  await resolver({ mode: 'auto', lockfile }).resolve([webRequest()], { content: [true] });
  const warm = await resolver({ mode: 'locked', lockfile }).resolve([webRequest()], { content: [true] });
  expect(warm.content[0]).toMatchObject({ state: 'fetched', layer: { from: 'cache' } });
  expect(warm.registryRequests).toBe(0);

  const cold = await resolver({ mode: 'locked', lockfile, cache: mkdtempSync(join(tmpdir(), 'flux-oci-cold-')) }).resolve([webRequest()], { content: [true] });
  expect(cold.content[0]).toEqual({ state: 'not-cached', message: "chart not cached (FLUX_OCI_RESOLVE=locked makes no request); run 'flux-oci lock' to fetch it" });
  expect(cold.registryRequests).toBe(0);
});

test('the synchronous path fetches in the worker and hands the verified layer back', () => {
  const lockfile = tempLockfile();
  const report = resolver({ mode: 'auto', lockfile }).resolveSync([webRequest()], { content: [true] });
  expect(report.content[0]).toMatchObject({ state: 'fetched', layer: { manifestDigest: web.digest, from: 'registry' } });
  expect(report.content[0]?.state === 'fetched' && Buffer.isBuffer(report.content[0].layer.bytes) && report.content[0].layer.bytes.equals(web.tgz)).toBe(true);
  // Lockfile entry + warm cache: answered on this thread, no worker, no request.
  const again = resolver({ mode: 'auto', lockfile }).resolveSync([webRequest()], { content: [true] });
  expect(again.content[0]).toMatchObject({ state: 'fetched', layer: { from: 'cache' } });
  expect(again.registryRequests).toBe(0);
});

test('a tampered cache entry is detected by its digest and fetched again', async () => {
  const first = await resolver().resolve([webRequest()], { content: [true] });
  const layerDigest = first.content[0]?.state === 'fetched' ? first.content[0].layer.layerDigest : '';
  writeFileSync(join(cache, 'blobs', 'sha256', layerDigest.slice(7)), 'not the chart');
  const report = await resolver().resolve([webRequest()], { content: [true] });
  expect(report.content[0]).toMatchObject({ state: 'fetched', layer: { from: 'registry', layerDigest } });
  expect(report.content[0]?.state === 'fetched' && report.content[0].layer.bytes.equals(web.tgz)).toBe(true);
  expect(report.registryRequests).toBe(2); // HEAD + blob GET; the manifest was intact
});

test('a layer over maxLayerBytes is refused before its blob is fetched', async () => {
  const report = await resolver({ contentLimits: { maxLayerBytes: 100 } }).resolve([webRequest()], { content: [true] });
  expect(report.content[0]).toEqual({
    state: 'failed',
    message: expect.stringMatching(/the chart layer is \d+ bytes, more than the 100 allowed \(raise resolve\.contentLimits\.maxLayerBytes/),
  });
  expect(report.registryRequests).toBe(2);
});

test('a gzip bomb pushed as a chart layer is fetched (it is small) and stopped when read', async () => {
  const bomb = gzipBombChart('bomb', 150);
  const config = Buffer.from('{"name":"bomb","version":"1.0.0","apiVersion":"v2"}');
  const configBlob = await pushBlob(registry, 'charts/bomb', config, 'application/vnd.cncf.helm.config.v1+json');
  const layerBlob = await pushBlob(registry, 'charts/bomb', bomb, 'application/vnd.cncf.helm.chart.content.v1.tar+gzip');
  await pushRawManifest(registry, 'charts/bomb', '1.0.0', { schemaVersion: 2, config: configBlob, layers: [layerBlob] });
  const report = await resolver().resolve([requestFor(registry, 'charts/bomb', '1.0.0')], { content: [true] });
  expect(report.content[0]).toMatchObject({ state: 'fetched' });
  const bytes = report.content[0]?.state === 'fetched' ? report.content[0].layer.bytes : Buffer.alloc(0);
  expect(() => loadChartLayer(bytes, 'bomb')).toThrow(/archive decompresses to more than/);
});

test('an artifact: Flux content layer selected by its media type', async () => {
  const digest = await pushProjectArtifact(registry, 'manifests/app', 'v1', { 'apps/deploy.yaml': 'kind: Deployment\n' });
  const request = { ...requestFor(registry, 'manifests/app', 'v1'), subject: 'artifact' as const, literal: true, ruleSet: 'oci-repository' as const };
  const report = await resolver().resolve([request], { content: [true] });
  expect(report.content[0]).toMatchObject({ state: 'fetched', layer: { manifestDigest: digest } });
});

test('a chart request whose tag holds an artifact: no Helm chart layer, said so', async () => {
  await pushProjectArtifact(registry, 'charts/notachart', '1.0.0', { 'a.yaml': 'kind: ConfigMap\n' });
  const report = await resolver().resolve([requestFor(registry, 'charts/notachart', '1.0.0')], { content: [true] });
  expect(report.content[0]).toEqual({ state: 'failed', message: expect.stringContaining("is not a Helm chart: its config media type is 'application/vnd.cncf.flux.config.v1+json'") });
});
