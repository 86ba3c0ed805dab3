import { clientFor, credentialsFor } from './helpers';
import { RegistryClient, RequestEvent } from '../../../src/registry';
import { pushTestChart, SEED_CLIENT_ID, startRegistry, TestRegistry, TokenRequestRecord } from '../../support/registry';

/**
 * Request counts under token auth (issue 16), against the real registry and
 * token server: one 401 per registry however many repositories, one token
 * request per scope set, none for a cached scope, one for concurrent requests
 * to the same repository. Counts only, never times.
 */

const REPOSITORIES = Array.from({ length: 6 }, (_, i) => `counts/app${i}`);
let registry: TestRegistry;

beforeAll(async () => {
  registry = await startRegistry({ mode: 'token' });
  for (const repository of REPOSITORIES) await pushTestChart(registry, { repository, version: '1.0.0' });
});
afterAll(async () => {
  await registry?.stop();
});
beforeEach(() => registry.tokenServer!.clearRequests());

/** A client that logs in with the harness user; `events` are its HTTP attempts (registry and token service). */
function countingClient(options: { concurrency?: number } = {}): { client: RegistryClient; events: RequestEvent[] } {
  const events: RequestEvent[] = [];
  const { client } = clientFor(registry, {
    credentials: credentialsFor(registry.host, registry),
    onRequest: (e) => events.push(e),
    ...options,
  });
  return { client, events };
}

const ref = (repository: string, tag?: string): string => `${registry.host}/${repository}${tag ? `:${tag}` : ''}`;
/** Token requests this client made (the harness's seeding calls carry SEED_CLIENT_ID). */
const tokenRequests = (): TokenRequestRecord[] => registry.tokenServer!.requests
  .filter((r) => (r.form?.client_id ?? r.query.client_id?.[0]) !== SEED_CLIENT_ID);
const registryEvents = (events: readonly RequestEvent[]): RequestEvent[] => events.filter((e) => e.url.startsWith(`${registry.url}/`));
const unauthorized = (events: readonly RequestEvent[]): number => registryEvents(events).filter((e) => e.status === 401).length;

test('N repositories at once: one 401 for the registry, then one token request per repository, none refused', async () => {
  const { client, events } = countingClient();
  try {
    const tags = await Promise.all(REPOSITORIES.map((repo) => client.listTags(ref(repo))));
    expect(tags).toEqual(REPOSITORIES.map(() => ['1.0.0']));
  } finally {
    await client.close();
  }
  expect(unauthorized(events)).toBe(1);
  expect(registryEvents(events)).toHaveLength(REPOSITORIES.length + 1);
  const tokens = tokenRequests();
  expect(tokens).toHaveLength(REPOSITORIES.length);
  expect(tokens.map((t) => t.scopes).sort()).toEqual(REPOSITORIES.map((repo) => [`repository:${repo}:pull`]).sort());
  expect(tokens.every((t) => t.status === 200 && t.basicAuth)).toBe(true);
});

test('tag lists and manifest HEADs on the same repositories at once: one token request per scope set', async () => {
  const { client, events } = countingClient();
  try {
    await Promise.all(REPOSITORIES.flatMap((repo) => [client.listTags(ref(repo)), client.headManifest(ref(repo, '1.0.0'))]));
  } finally {
    await client.close();
  }
  expect(tokenRequests()).toHaveLength(REPOSITORIES.length);
  expect(unauthorized(events)).toBe(1);
  expect(registryEvents(events)).toHaveLength(2 * REPOSITORIES.length + 1);
});

test('a cached, unexpired scope: zero token requests and zero 401s on later requests', async () => {
  const { client, events } = countingClient();
  try {
    await client.listTags(ref(REPOSITORIES[0]));
    registry.tokenServer!.clearRequests();
    events.length = 0;
    await client.headManifest(ref(REPOSITORIES[0], '1.0.0'));
    await client.listTags(ref(REPOSITORIES[0]));
    await Promise.all([client.getManifest(ref(REPOSITORIES[0], '1.0.0')), client.listTags(ref(REPOSITORIES[0]))]);
  } finally {
    await client.close();
  }
  expect(tokenRequests()).toHaveLength(0);
  expect(unauthorized(events)).toBe(0);
  expect(registryEvents(events)).toHaveLength(4);
});

test('8 parallel requests to one repository: one 401, one token request', async () => {
  const { client, events } = countingClient();
  try {
    await Promise.all(Array.from({ length: 8 }, () => client.headManifest(ref(REPOSITORIES[1], '1.0.0'))));
  } finally {
    await client.close();
  }
  expect(tokenRequests()).toHaveLength(1);
  expect(unauthorized(events)).toBe(1);
  expect(registryEvents(events)).toHaveLength(9);
});

test('requests queued behind a one-slot limiter leave with the token: one 401 for the registry', async () => {
  const { client, events } = countingClient({ concurrency: 1 });
  try {
    await Promise.all(REPOSITORIES.flatMap((repo) => [client.listTags(ref(repo)), client.headManifest(ref(repo, '1.0.0'))]));
  } finally {
    await client.close();
  }
  expect(unauthorized(events)).toBe(1);
  expect(tokenRequests()).toHaveLength(REPOSITORIES.length);
  expect(registryEvents(events)).toHaveLength(2 * REPOSITORIES.length + 1);
});

test('resetAuth forgets the challenge: the next request pays its 401 again, once', async () => {
  const { client, events } = countingClient();
  try {
    await client.listTags(ref(REPOSITORIES[2]));
    client.resetAuth();
    await Promise.all([client.listTags(ref(REPOSITORIES[2])), client.listTags(ref(REPOSITORIES[3]))]);
  } finally {
    await client.close();
  }
  expect(unauthorized(events)).toBe(2);
  expect(tokenRequests()).toHaveLength(3);
});
