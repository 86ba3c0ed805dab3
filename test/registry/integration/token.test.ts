import { request } from 'undici';
import { clientFor, expectNoSecrets, credentialsFor } from './helpers';
import { parseOciReference } from '../../../src/foundation';
import { RegistryUnauthorizedError, StaticCredentials } from '../../../src/registry';
import { pushTestChart, PushedChart, SEED_CLIENT_ID, startRegistry, TestRegistry, TokenRequestRecord } from '../../support/registry';

let registry: TestRegistry;
let chart: PushedChart;
const errors: unknown[] = [];

beforeAll(async () => {
  registry = await startRegistry({ mode: 'token' });
  chart = await pushTestChart(registry, { repository: 'charts/mychart', version: '0.1.0' });
  await pushTestChart(registry, { repository: 'public/mychart', version: '0.2.0' });
});
afterAll(async () => {
  await registry?.stop();
  expectNoSecrets(errors, [registry?.password]);
});

const ref = (p: string): ReturnType<typeof parseOciReference> => parseOciReference(`oci://${registry.host}/${p}`);
/** Token requests flux-oci made (the harness's own seeding calls carry SEED_CLIENT_ID). */
const clientIdOf = (r: TokenRequestRecord): string | undefined => r.form?.client_id ?? r.query.client_id?.[0];
const ours = (): TokenRequestRecord[] => registry.tokenServer!.requests.filter((r) => clientIdOf(r) !== SEED_CLIENT_ID);
beforeEach(() => registry.tokenServer!.clearRequests());

test('username/password: one GET token request with the repository scope, then the cached token', async () => {
  const { client } = clientFor(registry, { credentials: credentialsFor(registry.host, registry) });
  try {
    expect(await client.listTags(ref('charts/mychart'))).toEqual(['0.1.0']);
    expect((await client.headManifest(ref('charts/mychart:0.1.0'))).digest).toBe(chart.digest);
    expect((await client.getChartMetadata(ref('charts/mychart:0.1.0'))).metadata.version).toBe('0.1.0');
  } finally {
    await client.close();
  }
  const requests = ours();
  expect(requests).toHaveLength(1);
  expect(requests[0]).toMatchObject({ method: 'GET', basicAuth: true, username: registry.username, status: 200, scopes: ['repository:charts/mychart:pull'] });
  expect(requests[0].query.service).toEqual([registry.tokenServer!.service]);
});

test('identity token: OAuth2 refresh_token POST with client_id flux-oci', async () => {
  const form = new URLSearchParams({
    grant_type: 'password',
    username: registry.username!,
    password: registry.password!,
    client_id: SEED_CLIENT_ID,
    access_type: 'offline',
    service: registry.tokenServer!.service,
    scope: 'repository:charts/mychart:pull',
  });
  const res = await request(registry.tokenServer!.realm, { method: 'POST', body: form.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  const refreshToken = ((await res.body.json()) as { refresh_token: string }).refresh_token;
  expect(refreshToken).toBeTruthy();
  registry.tokenServer!.clearRequests();

  const { client } = clientFor(registry, { credentials: new StaticCredentials({ [registry.host]: { identityToken: refreshToken } }) });
  try {
    expect(await client.listTags(ref('charts/mychart'))).toEqual(['0.1.0']);
  } finally {
    await client.close();
  }
  expect(ours()).toMatchObject([{
    method: 'POST',
    status: 200,
    basicAuth: false,
    scopes: ['repository:charts/mychart:pull'],
    form: { grant_type: 'refresh_token', client_id: 'flux-oci', scope: 'repository:charts/mychart:pull', service: registry.tokenServer!.service },
  }]);
});

test('anonymous: a public/ repository works with an anonymous token; a private one is "private or does not exist"', async () => {
  const { client } = clientFor(registry);
  try {
    expect(await client.listTags(ref('public/mychart'))).toEqual(['0.2.0']);
    expect((await client.getChartMetadata(ref('public/mychart:0.2.0'))).metadata.version).toBe('0.2.0');
    const denied = await client.headManifest(ref('charts/mychart:0.1.0')).catch((e) => e);
    expect(denied).toBeInstanceOf(RegistryUnauthorizedError);
    expect(denied).toMatchObject({ reason: 'insufficient-scope', credentialsSent: false, fault: 'credentials' });
    expect(denied.message).toBe(`anonymous access to repository 'charts/mychart' on ${registry.host} was refused: the repository is private or does not exist; provide credentials for ${registry.host}`);
    errors.push(denied);
  } finally {
    await client.close();
  }
  expect(ours().every((r) => !r.basicAuth)).toBe(true);
});

test('wrong password vs wrong path vs wrong tag', async () => {
  const wrong = clientFor(registry, { credentials: new StaticCredentials({ [registry.host]: { username: registry.username, password: 'not-it' } }) }).client;
  const right = clientFor(registry, { credentials: credentialsFor(registry.host, registry) }).client;
  try {
    const refused = await wrong.listTags(ref('charts/mychart')).catch((e) => e);
    expect(refused).toMatchObject({ code: 'FLUX_OCI_UNAUTHORIZED', reason: 'credentials-refused', credentialsSent: true });
    expect(refused.message).toMatch(new RegExp(`^the registry refused the credentials for ${registry.host.replace(/\./g, '\\.')} \\(token service localhost:\\d+ answered 401\\)`));

    const badPath = await right.headManifest(ref('charts/nope:0.1.0')).catch((e) => e);
    expect(badPath).toMatchObject({ code: 'FLUX_OCI_REPOSITORY_NOT_FOUND', fault: 'path' });
    const badTag = await right.headManifest(ref('charts/mychart:9.9.9')).catch((e) => e);
    expect(badTag).toMatchObject({ code: 'FLUX_OCI_MANIFEST_NOT_FOUND', fault: 'version' });
    errors.push(refused, badPath, badTag);
  } finally {
    await Promise.all([wrong.close(), right.close()]);
  }
});

test('an expired cached token is not sent again; one new token request replaces it', async () => {
  const clock = { now: Date.now() };
  const { client } = clientFor(registry, {
    credentials: credentialsFor(registry.host, registry),
    now: () => clock.now,
  });
  try {
    await client.listTags(ref('charts/mychart'));
    clock.now += 10 * 60_000; // past the token server's 300 s lifetime as far as the cache is concerned
    await client.listTags(ref('charts/mychart'));
  } finally {
    await client.close();
  }
  expect(ours()).toHaveLength(2);
});
