import { createHash, randomBytes } from 'node:crypto';
import { writeChartDir } from './fixtures';
import { packageChart, PackagedChart } from '../../src/archives';
import { pushChart } from '../../src/publish';
import { ManifestNotFoundError, RegistryClient, RegistryUnavailableError, RepositoryNotFoundError } from '../../src/registry';
import { clientFor } from '../registry/integration/helpers';
import { FaultProxy, skopeoInspectRaw, startFaultProxy, startRegistry, TestRegistry } from '../support/registry';

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

let registry: TestRegistry;
let proxy: FaultProxy;
let chart: PackagedChart;
let client: RegistryClient;

beforeAll(async () => {
  // Relative upload Locations: the client must resolve them itself.
  registry = await startRegistry({ mode: 'anonymous', extraConfig: { http: { relativeurls: true } } });
  proxy = await startFaultProxy(registry);
  chart = await packageChart(writeChartDir('uploads', '0.3.0'));
});
afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
});
beforeEach(() => {
  proxy.setRules([]);
  proxy.clearRequests();
  client = clientFor(proxy, { sleep: async () => undefined, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 } }).client;
});
afterEach(() => client.close());

const uploads = () => proxy.requests.filter((r) => r.path.includes('/blobs/uploads/'));

test('a second push of the same chart uploads no blob, only the manifest', async () => {
  const first = await pushChart(client, chart.bytes, `oci://${proxy.host}/dedup`, { created: '2024-01-01T00:00:00Z' });
  expect(first.blobs.map((b) => b.outcome)).toEqual(['uploaded', 'uploaded']);
  expect(uploads().filter((r) => r.method === 'PUT')).toHaveLength(2);

  proxy.clearRequests();
  const second = await pushChart(client, chart.bytes, `oci://${proxy.host}/dedup`, { created: '2024-01-01T00:00:00Z' });
  expect(uploads()).toEqual([]);
  expect(second.uploadedBytes).toBe(0);
  expect(second.skippedBytes).toBe(first.uploadedBytes);
  expect(second.digest).toBe(first.digest);
  expect(proxy.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual(['/v2/dedup/uploads/manifests/0.3.0']);
});

test('large blobs go up in PATCH chunks and arrive intact, with progress per chunk', async () => {
  const blob = Buffer.alloc(10_000, 7);
  blob.write('distinct content for this test');
  const progress: number[] = [];
  const pushed = await client.pushBlob(`oci://${proxy.host}/chunked/blob`, blob, { chunkSize: 4_000, onProgress: (p) => progress.push(p.sent) });
  expect(pushed).toEqual({ digest: sha256(blob), size: 10_000, outcome: 'uploaded' });
  expect(uploads().filter((r) => r.method === 'PATCH')).toHaveLength(3);
  expect(progress).toEqual([4_000, 8_000, 10_000, 10_000]);
  expect(await client.getBlob(`oci://${proxy.host}/chunked/blob`, pushed.digest)).toEqual(blob);
});

test('a blob in another repository of the registry is mounted, not uploaded', async () => {
  const blob = Buffer.from('mount me, do not upload me');
  await client.pushBlob(`oci://${proxy.host}/mount/source`, blob);
  proxy.clearRequests();
  const pushed = await client.pushBlob(`oci://${proxy.host}/mount/target`, blob, { mountFrom: 'mount/source' });
  expect(pushed.outcome).toBe('mounted');
  expect(uploads().map((r) => r.method)).toEqual(['POST']);
  expect(await client.blobExists(`oci://${proxy.host}/mount/target`, pushed.digest)).toBe(true);
});

test('a provenance file becomes a third layer with the Helm provenance media type', async () => {
  const prov = Buffer.from('-----BEGIN PGP SIGNED MESSAGE-----\nnot really signed\n');
  const result = await pushChart(client, chart.bytes, `oci://${proxy.host}/signed`, { provenance: prov });
  const manifest = await skopeoInspectRaw(registry, 'signed/uploads:0.3.0');
  expect(manifest.layers.map((l) => l.digest).sort()).toEqual([sha256(chart.bytes), sha256(prov)].sort());
  expect(manifest.layers.find((l) => l.digest === sha256(prov))?.mediaType).toBe('application/vnd.cncf.helm.chart.provenance.v1.prov');
  expect(result.blobs).toHaveLength(3);
});

test('a 503 on the manifest PUT is retried and the push completes', async () => {
  proxy.setRules([{ method: 'PUT', path: /\/manifests\//, fault: { kind: 'status', status: 503 } }]);
  const result = await pushChart(client, chart.bytes, `oci://${proxy.host}/retry-manifest`);
  expect(proxy.requests.filter((r) => r.method === 'PUT' && r.path.includes('/manifests/')).map((r) => r.status ?? r.fault)).toEqual([503, 201]);
  expect((await client.headManifest(`oci://${proxy.host}/retry-manifest/uploads:0.3.0`)).digest).toBe(result.digest);
});

test('a connection reset during a blob PUT is retried (the PUT is content-addressed) and the push completes', async () => {
  proxy.setRules([{ method: 'PUT', path: /\/blobs\/uploads\//, fault: { kind: 'reset' } }]);
  const result = await pushChart(client, chart.bytes, `oci://${proxy.host}/retry-blob`);
  const puts = uploads().filter((r) => r.method === 'PUT');
  expect(puts).toHaveLength(3); // config: reset + retry; layer: once
  expect(puts[0].fault).toBeDefined();
  const manifest = await skopeoInspectRaw(registry, 'retry-blob/uploads:0.3.0');
  expect(manifest.layers[0].digest).toBe(sha256(chart.bytes));
  expect(result.reference).toContain('retry-blob/uploads:0.3.0');
});

test('a connection reset in the middle of a blob upload is retried and the blob arrives intact', async () => {
  const blob = randomBytes(8 * 1024 * 1024);
  proxy.setRules([{ method: 'PUT', path: /\/blobs\/uploads\//, fault: { kind: 'reset', when: 'mid-request' } }]);
  const pushed = await client.pushBlob(`oci://${proxy.host}/mid-blob`, blob);
  expect(pushed).toEqual({ digest: sha256(blob), size: blob.length, outcome: 'uploaded' });
  expect(uploads().filter((r) => r.method === 'PUT').map((r) => r.fault ?? r.status)).toEqual(['reset', 201]);
  proxy.setRules([]);
  const stored = await client.getBlob(`oci://${proxy.host}/mid-blob`, sha256(blob), { maxBytes: 16 * 1024 * 1024 });
  expect(stored.equals(blob)).toBe(true);
});

test('an upload session the registry lost is replaced by a new one', async () => {
  const lost = JSON.stringify({ errors: [{ code: 'BLOB_UPLOAD_UNKNOWN', message: 'blob upload unknown to registry' }] });
  proxy.setRules([{
    method: 'PUT', path: /\/blobs\/uploads\//, fault: { kind: 'status', status: 404, headers: { 'content-type': 'application/json' }, body: lost },
  }]);
  await pushChart(client, chart.bytes, `oci://${proxy.host}/lost-session`);
  expect(uploads().filter((r) => r.method === 'POST')).toHaveLength(3); // config twice, layer once
  expect((await skopeoInspectRaw(registry, 'lost-session/uploads:0.3.0')).layers[0].digest).toBe(sha256(chart.bytes));
});

test('when blob uploads keep failing, the push fails and no manifest is published', async () => {
  proxy.setRules([{ method: 'PUT', path: /\/blobs\/uploads\//, occurrence: 'every', fault: { kind: 'status', status: 503 } }]);
  const error = await pushChart(client, chart.bytes, `oci://${proxy.host}/half`).catch((e) => e);
  expect(error).toBeInstanceOf(RegistryUnavailableError);
  expect(proxy.requests.filter((r) => r.path.includes('/manifests/') && r.method === 'PUT')).toEqual([]);
  proxy.setRules([]);
  const lookup = await client.headManifest(`oci://${proxy.host}/half/uploads:0.3.0`).catch((e) => e);
  expect(lookup instanceof ManifestNotFoundError || lookup instanceof RepositoryNotFoundError).toBe(true);
});
