import { clientFor } from './helpers';
import { parseOciReference } from '../../../src/foundation';
import { RegistryClient, RegistryProtocolError, RegistryRateLimitedError, RegistryUnavailableError } from '../../../src/registry';
import { FaultProxy, pushTestChart, PushedChart, startFaultProxy, startRegistry, TestRegistry } from '../../support/registry';

let registry: TestRegistry;
let proxy: FaultProxy;
let chart: PushedChart;
let client: RegistryClient;
let sleeps: number[];

beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  chart = await pushTestChart(registry, { repository: 'charts/mychart', version: '0.1.0' });
  proxy = await startFaultProxy(registry);
});
afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
});
beforeEach(() => {
  sleeps = [];
  proxy.clearRequests();
  client = clientFor(proxy, {
    // Waits are recorded, not slept: the tests check what the client asked for, fast.
    sleep: async (ms) => { sleeps.push(ms); },
    timeouts: { connectMs: 2_000, requestMs: 400 },
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
  }).client;
});
afterEach(() => client.close());

const tags = (): Promise<string[]> => client.listTags(parseOciReference(`oci://${proxy.host}/charts/mychart`));
const manifest = () => client.getManifest(parseOciReference(`oci://${proxy.host}/charts/mychart:0.1.0`));
const TAGS = /\/tags\/list/;
const MANIFEST = /\/manifests\//;

test('429 with Retry-After: waits as asked, then succeeds', async () => {
  proxy.setRules([{ path: TAGS, fault: { kind: 'status', status: 429, headers: { 'Retry-After': '2' }, body: 'Too Many Requests' } }]);
  expect(await tags()).toEqual(['0.1.0']);
  expect(sleeps).toEqual([2000]);
  expect(proxy.count(TAGS)).toBe(2);
});

test('429 on every attempt: RegistryRateLimitedError after the bound', async () => {
  proxy.setRules([{ path: TAGS, occurrence: 'every', fault: { kind: 'status', status: 429, headers: { 'Retry-After': '1' } } }]);
  const error = await tags().catch((e) => e);
  expect(error).toBeInstanceOf(RegistryRateLimitedError);
  expect(error).toMatchObject({ retryAfterMs: 1000, statusCode: 429 });
  expect(error.message).toBe(`registry ${proxy.host} is rate-limiting requests (429) after 3 attempts; it asks to retry after 1 s`);
  expect(proxy.count(TAGS)).toBe(3);
});

test('503 then success', async () => {
  proxy.setRules([{ path: MANIFEST, occurrence: [1, 2], fault: { kind: 'status', status: 503 } }]);
  expect((await manifest()).digest).toBe(chart.digest);
  expect(proxy.count(MANIFEST)).toBe(3);
  expect(sleeps).toHaveLength(2);
});

test('connection reset before the response is retried', async () => {
  proxy.setRules([{ path: TAGS, fault: { kind: 'reset' } }]);
  expect(await tags()).toEqual(['0.1.0']);
  expect(proxy.count(TAGS)).toBe(2);
});

test('resets on every attempt: RegistryUnavailableError (connection-reset)', async () => {
  proxy.setRules([{ path: TAGS, occurrence: 'every', fault: { kind: 'reset' } }]);
  const error = await tags().catch((e) => e);
  expect(error).toBeInstanceOf(RegistryUnavailableError);
  expect(error).toMatchObject({ reason: 'connection-reset', attempts: 3 });
});

test('a stalled registry becomes a timeout error, never a hang', async () => {
  proxy.setRules([{ path: TAGS, occurrence: 'every', fault: { kind: 'stall' } }]);
  const error = await tags().catch((e) => e);
  expect(error).toBeInstanceOf(RegistryUnavailableError);
  expect(error).toMatchObject({ reason: 'timeout', attempts: 3 });
  expect(error.message).toMatch(/did not answer within 400 ms/);
});

test('a body that stalls midway times out too', async () => {
  proxy.setRules([{ path: MANIFEST, occurrence: 'every', fault: { kind: 'stall', when: 'mid-body' } }]);
  const error = await manifest().catch((e) => e);
  expect(error).toMatchObject({ code: 'FLUX_OCI_REGISTRY_UNAVAILABLE', reason: 'timeout' });
});

test('a truncated body is retried; truncated every time it is a protocol error', async () => {
  proxy.setRules([{ path: MANIFEST, fault: { kind: 'truncate' } }]);
  expect((await manifest()).digest).toBe(chart.digest);

  proxy.setRules([{ path: MANIFEST, occurrence: 'every', fault: { kind: 'truncate' } }]);
  const error = await manifest().catch((e) => e);
  expect(error).toBeInstanceOf(RegistryProtocolError);
  expect(error.message).toMatch(new RegExp(`^registry ${proxy.host.replace(/\./g, '\\.')} ended the response body early after \\d+ of ${chart.manifest.length} bytes .*3 attempts\\); the response was truncated$`));
});

test('a reset in the middle of a blob download is retried', async () => {
  proxy.setRules([{ path: /\/blobs\//, fault: { kind: 'reset', when: 'mid-body' } }]);
  const blob = await client.getBlob(parseOciReference(`oci://${proxy.host}/charts/mychart`), chart.layerDigest);
  expect(blob.equals(chart.chartTgz)).toBe(true);
});

test('a streamed blob that breaks off fails the stream instead of ending it quietly', async () => {
  proxy.setRules([{ path: /\/blobs\//, fault: { kind: 'truncate' } }]);
  const opened = await client.openBlob(parseOciReference(`oci://${proxy.host}/charts/mychart`), chart.layerDigest);
  const error = await (async () => { for await (const _ of opened.stream) { /* drain */ } })().catch((e) => e);
  expect(error).toBeInstanceOf(RegistryProtocolError);
});
