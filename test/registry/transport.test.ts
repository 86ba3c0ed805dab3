import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { MockAgent } from 'undici';
import { JSON_HEADERS, mockAgent, mockClient, rejected, replyRecording, SeenRequest } from './support';
import { parseOciReference } from '../../src/foundation';
import { RegistryProtocolError, RegistryRateLimitedError, RegistryUnavailableError, RequestEvent, StaticCredentials, Transport } from '../../src/registry';
import { HostLimiter } from '../../src/registry/transport/limiter';

const REG = 'https://reg.example';
const REPO = parseOciReference('oci://reg.example/charts/app');
const TAGS = '/v2/charts/app/tags/list';
const OK = { status: 200, body: { tags: ['1.0.0'] } };

let agent: MockAgent;
let seen: SeenRequest[];
beforeEach(() => {
  agent = mockAgent();
  seen = [];
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

function resetError(): Error {
  return Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
}

describe('retries', () => {
  test('429 with Retry-After in seconds waits that long, then succeeds', async () => {
    const { client, sleeps } = mockClient(agent);
    replyRecording(agent, REG, { path: TAGS }, { status: 429, body: 'Too Many Requests', headers: { 'retry-after': '7' } }, seen);
    replyRecording(agent, REG, { path: TAGS }, OK, seen);
    expect(await client.listTags(REPO)).toEqual(['1.0.0']);
    expect(sleeps).toEqual([7000]);
  });

  test('Retry-After as an HTTP date, and capped at maxRetryAfterMs', async () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const { client, sleeps } = mockClient(agent, { now: () => now, retry: { maxRetryAfterMs: 10_000 } });
    replyRecording(agent, REG, { path: TAGS }, { status: 429, headers: { 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' } }, seen);
    replyRecording(agent, REG, { path: TAGS }, { status: 503, headers: { 'retry-after': '3600' } }, seen);
    replyRecording(agent, REG, { path: TAGS }, OK, seen);
    await client.listTags(REPO);
    expect(sleeps).toEqual([3000, 10_000]);
  });

  test('502/503/504 and connection resets are retried with jittered exponential backoff', async () => {
    const { client, sleeps } = mockClient(agent, { retry: { baseDelayMs: 100 }, random: () => 0.5 });
    replyRecording(agent, REG, { path: TAGS }, { status: 503 }, seen);
    agent.get(REG).intercept({ path: TAGS }).replyWithError(resetError());
    replyRecording(agent, REG, { path: TAGS }, { status: 504 }, seen);
    replyRecording(agent, REG, { path: TAGS }, OK, seen);
    expect(await client.listTags(REPO)).toEqual(['1.0.0']);
    // random 0.5 × base·2^(n-1): 50, 100, 200
    expect(sleeps).toEqual([50, 100, 200]);
  });

  test('gives up after maxAttempts with RegistryUnavailableError', async () => {
    const { client, sleeps } = mockClient(agent);
    for (let i = 0; i < 4; i++) replyRecording(agent, REG, { path: TAGS }, { status: 503, body: 'busy' }, seen);
    const error = await rejected(client.listTags(REPO));
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(error).toMatchObject({ code: 'FLUX_OCI_REGISTRY_UNAVAILABLE', reason: 'server-error', attempts: 4, statusCode: 503, fault: 'registry' });
    expect(error.message).toBe('registry reg.example answered 503 to GET https://reg.example/v2/charts/app/tags/list on all 4 attempts');
    expect(sleeps).toHaveLength(3);
    expect(seen).toHaveLength(4);
  });

  test('persistent resets give up too, with reason connection-reset', async () => {
    const { client } = mockClient(agent, { retry: { maxAttempts: 2 } });
    agent.get(REG).intercept({ path: TAGS }).replyWithError(resetError()).times(2);
    const error = await rejected(client.listTags(REPO));
    expect(error).toMatchObject({ reason: 'connection-reset', attempts: 2 });
    expect(error.message).toBe('connection to registry reg.example was closed before a response arrived (GET https://reg.example/v2/charts/app/tags/list, 2 attempts)');
  });

  test('a 429 whose Retry-After ends past the deadline is not waited for', async () => {
    const { client, sleeps } = mockClient(agent, { retry: { deadlineMs: 5_000 } });
    replyRecording(agent, REG, { path: TAGS }, { status: 429, body: 'slow down', headers: { 'retry-after': '20' } }, seen);
    const error = await rejected(client.listTags(REPO));
    expect(error).toBeInstanceOf(RegistryRateLimitedError);
    expect(error).toMatchObject({ code: 'FLUX_OCI_RATE_LIMITED', retryAfterMs: 20_000, statusCode: 429 });
    expect(error.message).toBe('registry reg.example is rate-limiting requests (429) after 1 attempt; it asks to retry after 20 s');
    expect(sleeps).toEqual([]);
  });

  test('the deadline bounds the total time across attempts', async () => {
    const clock = { now: 0 };
    const sleeps: number[] = [];
    const { client } = mockClient(agent, {
      now: () => clock.now,
      sleep: async (ms) => { sleeps.push(ms); clock.now += ms; },
      retry: { maxAttempts: 100, baseDelayMs: 1000, maxDelayMs: 1000, deadlineMs: 3_500 },
      random: () => 0.999,
    });
    agent.get(REG).intercept({ path: TAGS }).reply(503, '').times(4);
    const error = await rejected(client.listTags(REPO));
    expect(error).toMatchObject({ attempts: 4 });
    expect(sleeps).toEqual([999, 999, 999]);
  });

  test('connection refused is not retried', async () => {
    const { client, sleeps } = mockClient(agent);
    agent.get(REG).intercept({ path: TAGS }).replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const error = await rejected(client.listTags(REPO));
    expect(error).toMatchObject({ reason: 'connection-refused', attempts: 1 });
    expect(error.message).toMatch(/^connection to registry reg\.example was refused; check the host and port/);
    expect(sleeps).toEqual([]);
  });

  test('a non-idempotent request (POST) is not retried', async () => {
    const transport = new Transport({ dispatcher: agent, sleep: async () => undefined });
    agent.get(REG).intercept({ path: '/v2/charts/app/blobs/uploads/', method: 'POST' }).reply(503, '');
    const res = await transport.fetch({ method: 'POST', url: new URL(`${REG}/v2/charts/app/blobs/uploads/`) });
    expect(res).toMatchObject({ statusCode: 503, attempts: 1 });
    // A PUT of a content-addressed blob may opt in.
    agent.get(REG).intercept({ path: '/upload', method: 'PUT' }).reply(503, '');
    agent.get(REG).intercept({ path: '/upload', method: 'PUT' }).reply(201, '');
    const put = await transport.fetch({ method: 'PUT', url: new URL(`${REG}/upload`), body: Buffer.from('x'), idempotent: true });
    expect(put).toMatchObject({ statusCode: 201, attempts: 2 });
  });

  test('a stalled response times out (whole-request timeout), is retried, then fails as a timeout', async () => {
    const { client } = mockClient(agent, { timeouts: { requestMs: 30 }, retry: { maxAttempts: 2 } });
    agent.get(REG).intercept({ path: TAGS }).reply(200, { tags: [] }).delay(5_000).times(2);
    const error = await rejected(client.listTags(REPO));
    expect(error).toBeInstanceOf(RegistryUnavailableError);
    expect(error).toMatchObject({ reason: 'timeout', attempts: 2 });
    expect(error.message).toBe('registry reg.example did not answer within 30 ms (GET https://reg.example/v2/charts/app/tags/list, 2 attempts)');
    await agent.close();
    agent = mockAgent();
  });
});

describe('bodies', () => {
  test('a buffered body over the limit is a protocol error', async () => {
    const transport = new Transport({ dispatcher: agent });
    agent.get(REG).intercept({ path: '/big' }).reply(200, 'x'.repeat(100));
    await expect(transport.fetch({ method: 'GET', url: new URL(`${REG}/big`), maxBodyBytes: 10 })).rejects.toThrow(RegistryProtocolError);
  });
});

describe('observability', () => {
  test('stats count requests (retries and token requests included) and bytes per host', async () => {
    const { client } = mockClient(agent);
    replyRecording(agent, REG, { path: TAGS }, { status: 401, headers: { 'www-authenticate': 'Bearer realm="https://auth.example/token",service="s"' } }, seen);
    replyRecording(agent, 'https://auth.example', { path: (p) => p.startsWith('/token') }, { status: 200, body: { token: 't' } }, seen);
    replyRecording(agent, REG, { path: TAGS }, { status: 503 }, seen);
    replyRecording(agent, REG, { path: TAGS }, { status: 200, body: '{"tags":["a"]}', headers: JSON_HEADERS }, seen);
    await client.listTags(REPO);
    expect(client.stats).toEqual({
      requests: 4,
      bytesReceived: '{"token":"t"}'.length + '{"tags":["a"]}'.length,
      byHost: {
        'reg.example': { requests: 3, bytesReceived: '{"tags":["a"]}'.length },
        'auth.example': { requests: 1, bytesReceived: '{"token":"t"}'.length },
      },
    });
  });

  test('onRequest reports method, masked URL, status and attempt, never headers', async () => {
    const events: RequestEvent[] = [];
    const { client } = mockClient(agent, {
      onRequest: (e) => events.push(e),
      credentials: new StaticCredentials({ 'reg.example': { username: 'u', password: 'hunter2-canary' } }),
    });
    replyRecording(agent, REG, { path: TAGS }, { status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } }, seen);
    replyRecording(agent, REG, { path: TAGS }, { status: 200, body: { tags: [] }, headers: { ...JSON_HEADERS, link: `<${TAGS}?last=a&n=1&token=zzz>; rel="next"` } }, seen);
    replyRecording(agent, REG, { path: `${TAGS}?last=a&n=1&token=zzz` }, { status: 200, body: { tags: [] } }, seen);
    await client.listTags(REPO);
    expect(events.map(({ durationMs: _d, ...e }) => e)).toEqual([
      { method: 'GET', url: `${REG}${TAGS}`, attempt: 1, status: 401, error: undefined },
      { method: 'GET', url: `${REG}${TAGS}`, attempt: 1, status: 200, error: undefined },
      { method: 'GET', url: `${REG}${TAGS}?last=a&n=1&token=***`, attempt: 1, status: 200, error: undefined },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/hunter2|Basic|authorization/i);
  });

  test('FLUX_OCI_DEBUG=1 prints one line per attempt to stderr', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { lines.push(String(chunk)); return true; });
    try {
      const { client } = mockClient(agent, { env: { FLUX_OCI_DEBUG: '1' } });
      replyRecording(agent, REG, { path: TAGS }, { status: 503 }, seen);
      replyRecording(agent, REG, { path: TAGS }, OK, seen);
      await client.listTags(REPO);
    } finally {
      spy.mockRestore();
    }
    expect(lines.map((l) => l.replace(/ \d+ms/, ' Nms'))).toEqual([
      `flux-oci: GET ${REG}${TAGS} 503 Nms\n`,
      `flux-oci: GET ${REG}${TAGS} 200 Nms (attempt 2)\n`,
    ]);
  });
});

describe('scheme', () => {
  test('https unless the host is marked insecure, per client or per call', async () => {
    const { client } = mockClient(agent, { insecureHosts: ['oci://Plain.example:5000/charts'] });
    agent.get('http://plain.example:5000').intercept({ path: '/v2/' }).reply(200, '{}');
    agent.get('http://other.example').intercept({ path: '/v2/' }).reply(200, '{}');
    agent.get('https://other.example').intercept({ path: '/v2/' }).reply(200, '{}');
    expect((await client.ping('plain.example:5000')).url).toBe('http://plain.example:5000');
    expect((await client.ping('other.example', { insecure: true })).url).toBe('http://other.example');
    expect((await client.ping('other.example')).url).toBe('https://other.example');
  });
});

describe('HostLimiter', () => {
  test('caps requests in flight per host and hands slots over in order', async () => {
    const limiter = new HostLimiter(2);
    const a = await limiter.acquire('h');
    const b = await limiter.acquire('h');
    const order: string[] = [];
    const c = limiter.acquire('h').then((release) => { order.push('c'); return release; });
    const d = limiter.acquire('h').then((release) => { order.push('d'); return release; });
    const other = await limiter.acquire('other');
    await Promise.resolve();
    expect(order).toEqual([]);
    expect(limiter.inFlight('h')).toBe(2);
    a();
    a();
    (await c)();
    b();
    (await d)();
    other();
    expect(order).toEqual(['c', 'd']);
    expect(limiter.inFlight('h')).toBe(0);
  });
});

describe('proxy variables', () => {
  let proxy: Server;
  let registry: Server;
  const connects: string[] = [];
  beforeAll(async () => {
    proxy = createServer((_req, res) => { res.statusCode = 502; res.end(); });
    proxy.on('connect', (req, socket) => {
      connects.push(req.url ?? '');
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
    });
    registry = createServer((_req, res) => { res.setHeader('content-type', 'application/json'); res.end('{}'); });
    await Promise.all([proxy, registry].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
  });
  afterAll(async () => {
    await Promise.all([proxy, registry].map((s) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); })));
  });

  test('loopback registries are reached directly even when a proxy is set; other hosts go through it', async () => {
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const transport = new Transport({
      env: { HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl },
      insecureHosts: [`127.0.0.1:${(registry.address() as AddressInfo).port}`, 'registry.invalid:5000'],
      retry: { maxAttempts: 1 },
    });
    try {
      const direct = await transport.fetch({ method: 'GET', url: new URL(`http://127.0.0.1:${(registry.address() as AddressInfo).port}/v2/`) });
      expect(direct.statusCode).toBe(200);
      await expect(transport.fetch({ method: 'GET', url: new URL('https://registry.invalid:5000/v2/') })).rejects.toThrow(RegistryUnavailableError);
      expect(connects).toEqual(['registry.invalid:5000']);
    } finally {
      await transport.close();
    }
  });
});

describe('connections', () => {
  let server: Server;
  let connections = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      res.setHeader('docker-content-digest', 'sha256:0000');
      res.setHeader('content-length', '2');
      res.end(req.method === 'HEAD' ? undefined : '{}');
    });
    server.on('connection', () => { connections += 1; });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  test('HEADs and GETs to one registry reuse one keep-alive connection (undici would close it after each HEAD)', async () => {
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const transport = new Transport({ insecureHosts: [host], concurrency: 1 });
    try {
      for (const method of ['HEAD', 'HEAD', 'GET', 'HEAD'] as const) {
        const res = await transport.fetch({ method, url: new URL(`http://${host}/v2/charts/app/manifests/1.0.0`) });
        expect(res.statusCode).toBe(200);
      }
      expect(connections).toBe(1);
    } finally {
      await transport.close();
    }
  });
});
