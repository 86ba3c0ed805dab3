import { parseOciReference } from '../../../src/foundation';
import { RegistryRateLimitedError, RegistryUnavailableError, Transport } from '../../../src/registry';
import { useMockRegistry } from '../../support/mock-registry';
import { rejected } from '../support';

const REG = 'https://reg.example';
const REPO = parseOciReference('oci://reg.example/charts/app');
const TAGS = '/v2/charts/app/tags/list?n=1000';
const OK = { status: 200, body: { tags: ['1.0.0'] } };

const mock = useMockRegistry();

function resetError(): Error {
  return Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
}

describe('retries', () => {
  test('429 with Retry-After in seconds waits that long, then succeeds', async () => {
    const { client, sleeps } = mock.client();
    mock.reply(REG, { path: TAGS }, { status: 429, body: 'Too Many Requests', headers: { 'retry-after': '7' } });
    mock.reply(REG, { path: TAGS }, OK);
    expect(await client.listTags(REPO)).toEqual(['1.0.0']);
    expect(sleeps).toEqual([7000]);
  });

  test('Retry-After as an HTTP date, and capped at maxRetryAfterMs', async () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const { client, sleeps } = mock.client({ now: () => now, retry: { maxRetryAfterMs: 10_000 } });
    mock.reply(REG, { path: TAGS }, { status: 429, headers: { 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' } });
    mock.reply(REG, { path: TAGS }, { status: 503, headers: { 'retry-after': '3600' } });
    mock.reply(REG, { path: TAGS }, OK);
    await client.listTags(REPO);
    expect(sleeps).toEqual([3000, 10_000]);
  });

  test('502/503/504 and connection resets are retried with jittered exponential backoff', async () => {
    const { client, sleeps } = mock.client({ retry: { baseDelayMs: 100 }, random: () => 0.5 });
    mock.reply(REG, { path: TAGS }, { status: 503 });
    mock.agent.get(REG).intercept({ path: TAGS }).replyWithError(resetError());
    mock.reply(REG, { path: TAGS }, { status: 504 });
    mock.reply(REG, { path: TAGS }, OK);
    expect(await client.listTags(REPO)).toEqual(['1.0.0']);
    // random 0.5 × base·2^(n-1): 50, 100, 200
    expect(sleeps).toEqual([50, 100, 200]);
  });

  test('gives up after maxAttempts with RegistryUnavailableError', async () => {
    const { client, sleeps } = mock.client();
    for (let i = 0; i < 4; i++) mock.reply(REG, { path: TAGS }, { status: 503, body: 'busy' });
    const error = await rejected(client.listTags(REPO));
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(error).toMatchObject({ code: 'FLUX_OCI_REGISTRY_UNAVAILABLE', reason: 'server-error', attempts: 4, statusCode: 503, fault: 'registry' });
    expect(error.message).toBe('registry reg.example answered 503 to GET https://reg.example/v2/charts/app/tags/list?n=1000 on all 4 attempts');
    expect(sleeps).toHaveLength(3);
    expect(mock.seen).toHaveLength(4);
  });

  test('persistent resets give up too, with reason connection-reset', async () => {
    const { client } = mock.client({ retry: { maxAttempts: 2 } });
    mock.agent.get(REG).intercept({ path: TAGS }).replyWithError(resetError()).times(2);
    const error = await rejected(client.listTags(REPO));
    expect(error).toMatchObject({ reason: 'connection-reset', attempts: 2 });
    expect(error.message).toBe('connection to registry reg.example was closed before a response arrived (GET https://reg.example/v2/charts/app/tags/list?n=1000, 2 attempts)');
  });

  test('a 429 whose Retry-After ends past the deadline is not waited for', async () => {
    const { client, sleeps } = mock.client({ retry: { deadlineMs: 5_000 } });
    mock.reply(REG, { path: TAGS }, { status: 429, body: 'slow down', headers: { 'retry-after': '20' } });
    const error = await rejected(client.listTags(REPO));
    expect(error).toBeInstanceOf(RegistryRateLimitedError);
    expect(error).toMatchObject({ code: 'FLUX_OCI_RATE_LIMITED', retryAfterMs: 20_000, statusCode: 429 });
    expect(error.message).toBe('registry reg.example is rate-limiting requests (429) after 1 attempt; it asks to retry after 20 s');
    expect(sleeps).toEqual([]);
  });

  test('the deadline bounds the total time across attempts', async () => {
    const clock = { now: 0 };
    const sleeps: number[] = [];
    const { client } = mock.client({
      now: () => clock.now,
      sleep: async (ms) => { sleeps.push(ms); clock.now += ms; },
      retry: { maxAttempts: 100, baseDelayMs: 1000, maxDelayMs: 1000, deadlineMs: 3_500 },
      random: () => 0.999,
    });
    mock.agent.get(REG).intercept({ path: TAGS }).reply(503, '').times(4);
    const error = await rejected(client.listTags(REPO));
    expect(error).toMatchObject({ attempts: 4 });
    expect(sleeps).toEqual([999, 999, 999]);
  });

  test('connection refused is not retried', async () => {
    const { client, sleeps } = mock.client();
    mock.agent.get(REG).intercept({ path: TAGS }).replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const error = await rejected(client.listTags(REPO));
    expect(error).toMatchObject({ reason: 'connection-refused', attempts: 1 });
    expect(error.message).toMatch(/^connection to registry reg\.example was refused; check the host and port/);
    expect(sleeps).toEqual([]);
  });

  test('a non-idempotent request (POST) is not retried', async () => {
    const transport = new Transport({ dispatcher: mock.agent, sleep: async () => undefined });
    mock.agent.get(REG).intercept({ path: '/v2/charts/app/blobs/uploads/', method: 'POST' }).reply(503, '');
    const res = await transport.fetch({ method: 'POST', url: new URL(`${REG}/v2/charts/app/blobs/uploads/`) });
    expect(res).toMatchObject({ statusCode: 503, attempts: 1 });
    // A PUT of a content-addressed blob may opt in.
    mock.agent.get(REG).intercept({ path: '/upload', method: 'PUT' }).reply(503, '');
    mock.agent.get(REG).intercept({ path: '/upload', method: 'PUT' }).reply(201, '');
    const put = await transport.fetch({ method: 'PUT', url: new URL(`${REG}/upload`), body: Buffer.from('x'), idempotent: true });
    expect(put).toMatchObject({ statusCode: 201, attempts: 2 });
  });

  test('a stalled response times out (whole-request timeout), is retried, then fails as a timeout', async () => {
    const { client } = mock.client({ timeouts: { requestMs: 30 }, retry: { maxAttempts: 2 } });
    mock.agent.get(REG).intercept({ path: TAGS }).reply(200, { tags: [] }).delay(5_000).times(2);
    const error = await rejected(client.listTags(REPO));
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(error).toMatchObject({ reason: 'timeout', attempts: 2 });
    expect(error.message).toBe('registry reg.example did not answer within 30 ms (GET https://reg.example/v2/charts/app/tags/list?n=1000, 2 attempts)');
    await mock.restart();
  });
});
