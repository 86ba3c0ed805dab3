import { clientFor } from './helpers';
import { OCI_MANIFEST_MEDIA_TYPE, parseOciReference } from '../../../src/foundation';
import { ManifestNotFoundError, RegistryClient, RepositoryNotFoundError } from '../../../src/registry';
import { pushTestChart, pushTestTags, PushedChart, skopeoListTags, startRegistry, TestRegistry } from '../../support/registry';

let registry: TestRegistry;
let client: RegistryClient;
let chart: PushedChart;
beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  chart = await pushTestChart(registry, { repository: 'charts/mychart', version: '0.1.0', appVersion: '1.2.3' });
  await pushTestTags(registry, 'charts/many', ['latest', '1.2.3-rc.1', '1.0.0', '0.2.0', '0.1.0', '1.0.0_build.1', '1.10.0']);
  client = clientFor(registry).client;
});
afterAll(async () => {
  await client?.close();
  await registry?.stop();
});

const ref = (path: string): ReturnType<typeof parseOciReference> => parseOciReference(`oci://${registry.host}/${path}`);

test("lists every tag in the registry's order, as skopeo sees it (Flux reads that order too)", async () => {
  const tags = await client.listTags(ref('charts/many'));
  expect([...tags].sort()).toEqual(['0.1.0', '0.2.0', '1.0.0', '1.0.0_build.1', '1.10.0', '1.2.3-rc.1', 'latest']);
  expect(tags).toEqual([...(await skopeoListTags(registry, 'charts/many'))]);
});

test('HEAD gives the digest the push produced, without downloading the manifest', async () => {
  const before = client.stats.byHost[registry.host]?.requests ?? 0;
  expect(await client.headManifest(ref('charts/mychart:0.1.0'))).toEqual({ digest: chart.digest, mediaType: OCI_MANIFEST_MEDIA_TYPE, size: chart.manifest.length });
  expect(client.stats.byHost[registry.host].requests - before).toBe(1);
});

test('GET returns the manifest as pushed (no top-level mediaType, so Content-Type), by tag and by digest', async () => {
  const byTag = await client.getManifest(ref('charts/mychart:0.1.0'));
  expect(byTag.bytes.equals(chart.manifest)).toBe(true);
  expect(byTag.digest).toBe(chart.digest);
  expect(byTag.mediaType).toBe(OCI_MANIFEST_MEDIA_TYPE);
  expect(byTag.manifest.mediaType).toBeUndefined();
  const byDigest = await client.getManifest(ref(`charts/mychart@${chart.digest}`));
  expect(byDigest.digest).toBe(chart.digest);
});

test('blobs: the chart layer byte for byte, streamed and buffered', async () => {
  expect((await client.getBlob(ref('charts/mychart'), chart.layerDigest)).equals(chart.chartTgz)).toBe(true);
  const opened = await client.openBlob(ref('charts/mychart'), chart.layerDigest);
  const chunks: Buffer[] = [];
  for await (const c of opened.stream) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).equals(chart.chartTgz)).toBe(true);
  expect(opened.size).toBe(chart.chartTgz.length);
});

test('chart metadata comes from the Helm config blob', async () => {
  const { metadata, digest } = await client.getChartMetadata(ref('charts/mychart:0.1.0'));
  expect(digest).toBe(chart.digest);
  expect(metadata).toMatchObject({ name: 'mychart', version: '0.1.0', appVersion: '1.2.3', apiVersion: 'v2' });
});

test('wrong path and wrong version are told apart', async () => {
  const noRepo = await client.headManifest(ref('charts/nope:0.1.0')).catch((e) => e);
  expect(noRepo).toBeInstanceOf(RepositoryNotFoundError);
  expect(noRepo).toMatchObject({ fault: 'path', registryCode: 'NAME_UNKNOWN', statusCode: 404 });

  const noTag = await client.headManifest(ref('charts/mychart:9.9.9')).catch((e) => e);
  expect(noTag).toBeInstanceOf(ManifestNotFoundError);
  expect(noTag).toMatchObject({ fault: 'version', registryCode: 'MANIFEST_UNKNOWN' });
  expect(noTag.message).toBe(`version '9.9.9' was not found in repository 'charts/mychart' on ${registry.host} (MANIFEST_UNKNOWN: manifest unknown); the repository exists, so check the version or tag`);

  const noTags = await client.listTags(ref('charts/nope')).catch((e) => e);
  expect(noTags).toBeInstanceOf(RepositoryNotFoundError);
});

test('ping', async () => {
  expect(await client.ping(registry.host)).toEqual({ host: registry.host, url: registry.url, apiVersion: 'registry/2.0', auth: 'none' });
});

test('https to a plain-HTTP registry is a TLS error that suggests insecure', async () => {
  const strict = new RegistryClient({ retry: { maxAttempts: 1 }, env: {} });
  try {
    const error = await strict.listTags(ref('charts/many')).catch((e) => e);
    expect(error).toMatchObject({ code: 'FLUX_OCI_TLS', fault: 'registry' });
    expect(error.message).toContain('if it serves plain HTTP, mark the host as insecure');
  } finally {
    await strict.close();
  }
});

test('a registry that is not running is RegistryUnavailableError (connection refused), quickly', async () => {
  const stopped = await startRegistry({ mode: 'anonymous' });
  await stopped.stop();
  const { client: c } = clientFor(stopped);
  try {
    const error = await c.listTags(parseOciReference(`oci://${stopped.host}/charts/x`)).catch((e) => e);
    expect(error).toMatchObject({ code: 'FLUX_OCI_REGISTRY_UNAVAILABLE', reason: 'connection-refused', attempts: 1 });
  } finally {
    await c.close();
  }
});
