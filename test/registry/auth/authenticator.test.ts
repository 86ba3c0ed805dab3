import { inspect } from 'node:util';
import { parseOciReference } from '../../../src/foundation';
import { RegistryProtocolError, RegistryUnauthorizedError, StaticCredentials } from '../../../src/registry';
import { errorBody, JSON_HEADERS, useMockRegistry } from '../../support/mock-registry';
import { rejected } from '../support';

const REG = 'https://reg.example';
const AUTH = 'https://auth.example';
const REPO = parseOciReference('oci://reg.example/charts/app');
const TAGS = '/v2/charts/app/tags/list?n=1000';
const TAGS_BODY = { name: 'charts/app', tags: ['1.0.0'] };
const BEARER = { 'www-authenticate': `Bearer realm="${AUTH}/token",service="reg.example",scope="repository:charts/app:pull"` };
const basic = (user: string, pass: string): string => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

const mock = useMockRegistry();

describe('Basic challenge', () => {
  test('answers with Basic credentials, then sends them up front', async () => {
    const { client } = mock.client({ credentials: new StaticCredentials({ 'reg.example': { username: 'u', password: 'p:w' } }) });
    mock.reply(REG, { path: TAGS }, { status: 401, body: errorBody('UNAUTHORIZED'), headers: { 'www-authenticate': 'Basic realm="basic-realm"' } });
    mock.reply(REG, { path: TAGS }, { status: 200, body: TAGS_BODY });
    mock.reply(REG, { path: TAGS }, { status: 200, body: TAGS_BODY });

    expect(await client.listTags(REPO)).toEqual(['1.0.0']);
    expect(await client.listTags(REPO)).toEqual(['1.0.0']);
    expect(mock.seen.map((r) => r.headers.authorization)).toEqual([undefined, basic('u', 'p:w'), basic('u', 'p:w')]);
  });

  test('without credentials: no retry, "no credentials were sent"', async () => {
    const { client } = mock.client();
    mock.reply(REG, { path: TAGS }, { status: 401, body: errorBody('UNAUTHORIZED'), headers: { 'www-authenticate': 'Basic realm="basic-realm"', ...JSON_HEADERS } });
    const error = await rejected(client.listTags(REPO));
    expect(error).toBeInstanceOf(RegistryUnauthorizedError);
    expect(error).toMatchObject({ code: 'FLUX_OCI_UNAUTHORIZED', reason: 'no-credentials', credentialsSent: false, fault: 'credentials', statusCode: 401, registryCode: 'UNAUTHORIZED' });
    expect(error.message).toMatch(/^no credentials were sent to reg\.example/);
    expect(mock.seen).toHaveLength(1);
  });

  test('wrong password: one retry, then "the registry refused the credentials"; the password appears nowhere', async () => {
    const { client } = mock.client({ credentials: new StaticCredentials({ 'reg.example': { username: 'u', password: 'sekrit-canary' } }) });
    const challenge = { 'www-authenticate': 'Basic realm="basic-realm"', ...JSON_HEADERS };
    mock.reply(REG, { path: TAGS }, { status: 401, body: errorBody('UNAUTHORIZED'), headers: challenge });
    mock.reply(REG, { path: TAGS }, { status: 401, body: errorBody('UNAUTHORIZED'), headers: challenge });
    const error = await rejected(client.listTags(REPO));
    expect(error).toMatchObject({ reason: 'credentials-refused', credentialsSent: true });
    expect(error.message).toBe('the registry refused the credentials for reg.example; check the username and password or token');
    expect(mock.seen).toHaveLength(2);
    expect(JSON.stringify(error)).not.toContain('sekrit');
    expect(inspect(error, { depth: 10 })).not.toContain('sekrit');
    expect(inspect(error, { depth: 10 })).not.toContain(Buffer.from('u:sekrit-canary').toString('base64'));
  });
});

describe('Bearer challenge', () => {
  test('anonymous token: realm GET with service and scope, then the token, then the cached token', async () => {
    const { client } = mock.client();
    mock.reply(REG, { path: TAGS }, { status: 401, body: errorBody('UNAUTHORIZED'), headers: BEARER });
    mock.reply(AUTH, { path: (p) => p.startsWith('/token') }, { status: 200, body: { token: 'anon-token', expires_in: 300 } });
    mock.reply(REG, { path: TAGS }, { status: 200, body: TAGS_BODY });
    mock.reply(REG, { path: TAGS }, { status: 200, body: TAGS_BODY });

    await client.listTags(REPO);
    await client.listTags(REPO);
    expect(mock.seen.map((r) => `${r.origin}${r.path}`)).toEqual([
      `${REG}${TAGS}`,
      `${AUTH}/token?service=reg.example&scope=repository%3Acharts%2Fapp%3Apull`,
      `${REG}${TAGS}`,
      `${REG}${TAGS}`,
    ]);
    expect(mock.seen[1].headers.authorization).toBeUndefined();
    expect(mock.seen[2].headers.authorization).toBe('Bearer anon-token');
    expect(mock.seen[3].headers.authorization).toBe('Bearer anon-token');
  });

  test('username/password go (Basic) to the realm the challenge names; the registry only sees the token; access_token wins over token', async () => {
    const { client } = mock.client({ credentials: new StaticCredentials({ 'reg.example': { username: 'u', password: 'p' } }) });
    mock.reply(REG, { path: TAGS }, { status: 401, body: errorBody('UNAUTHORIZED'), headers: BEARER });
    mock.reply(AUTH, { path: (p) => p.startsWith('/token') }, { status: 200, body: { token: 'legacy', access_token: 'preferred' } });
    mock.reply(REG, { path: TAGS }, { status: 200, body: TAGS_BODY });
    await client.listTags(REPO);
    expect(mock.seen[1].headers.authorization).toBe(basic('u', 'p'));
    expect(mock.seen[2].headers.authorization).toBe('Bearer preferred');
    expect(mock.seen.filter((r) => r.origin === REG).map((r) => r.headers.authorization)).not.toContain(basic('u', 'p'));
  });

  test('several scopes become repeated scope params, the challenged one first', async () => {
    const { client } = mock.client();
    mock.reply(REG, { path: TAGS }, {
      status: 401, headers: { 'www-authenticate': `Bearer realm="${AUTH}/token",service="svc",scope="repository:public/base:pull"` },
    });
    mock.reply(AUTH, { path: (p) => p.startsWith('/token') }, { status: 200, body: { token: 't' } });
    mock.reply(REG, { path: TAGS }, { status: 200, body: TAGS_BODY });
    await client.listTags(REPO);
    const params = new URL(mock.seen[1].path, AUTH).searchParams;
    expect(params.get('service')).toBe('svc');
    expect(params.getAll('scope')).toEqual(['repository:public/base:pull', 'repository:charts/app:pull']);
  });

  test('ping asks for a token without a repository scope', async () => {
    const { client } = mock.client();
    mock.reply(REG, { path: '/v2/' }, { status: 401, headers: { 'www-authenticate': `Bearer realm="${AUTH}/token",service="svc"` } });
    mock.reply(AUTH, { path: (p) => p.startsWith('/token') }, { status: 200, body: { token: 't' } });
    mock.reply(REG, { path: '/v2/' }, { status: 200, body: {}, headers: { 'docker-distribution-api-version': 'registry/2.0' } });
    expect(await client.ping('reg.example')).toEqual({ host: 'reg.example', url: REG, apiVersion: 'registry/2.0', auth: 'bearer' });
    expect(mock.seen[1].path).toBe('/token?service=svc');
  });

  test('identity token: OAuth2 refresh_token POST with one space-separated scope field', async () => {
    const { client } = mock.client({ credentials: new StaticCredentials({ 'reg.example': { identityToken: 'refresh-me' } }) });
    mock.reply(REG, { path: TAGS }, { status: 401, headers: BEARER });
    mock.reply(AUTH, { method: 'POST', path: '/token' }, { status: 200, body: { access_token: 'from-refresh', expires_in: 300 } });
    mock.reply(REG, { path: TAGS }, { status: 200, body: TAGS_BODY });
    await client.listTags(REPO);
    const form = new URLSearchParams(mock.seen[1].body);
    expect(mock.seen[1].headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'refresh_token', service: 'reg.example', client_id: 'flux-oci', scope: 'repository:charts/app:pull', refresh_token: 'refresh-me',
    });
    expect(mock.seen[1].headers.authorization).toBeUndefined();
    expect(mock.seen[2].headers.authorization).toBe('Bearer from-refresh');
  });

  test('identity token: a 404 from the OAuth2 endpoint falls back to GET', async () => {
    const { client } = mock.client({ credentials: new StaticCredentials({ 'reg.example': { username: 'u', password: 'p', identityToken: 'r' } }) });
    mock.reply(REG, { path: TAGS }, { status: 401, headers: BEARER });
    mock.reply(AUTH, { method: 'POST', path: '/token' }, { status: 404, body: '404 page not found' });
    mock.reply(AUTH, { path: (p) => p.startsWith('/token?') }, { status: 200, body: { token: 'via-get' } });
    mock.reply(REG, { path: TAGS }, { status: 200, body: TAGS_BODY });
    await client.listTags(REPO);
    expect(mock.seen.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'GET']);
    expect(mock.seen[2].headers.authorization).toBe(basic('u', 'p'));
    expect(mock.seen[3].headers.authorization).toBe('Bearer via-get');
  });

  test('a registry token is sent as the bearer token without asking the token service', async () => {
    const { client } = mock.client({ credentials: new StaticCredentials({ 'reg.example': { registryToken: 'rt' } }) });
    mock.reply(REG, { path: TAGS }, { status: 401, headers: BEARER });
    mock.reply(REG, { path: TAGS }, { status: 200, body: TAGS_BODY });
    await client.listTags(REPO);
    expect(mock.seen.map((r) => r.headers.authorization)).toEqual([undefined, 'Bearer rt']);
  });

  test('a 401 with a cached token drops it, fetches a new one and retries once', async () => {
    const { client } = mock.client();
    const token = (t: string): void => mock.reply(AUTH, { path: (p) => p.startsWith('/token') }, { status: 200, body: { token: t, expires_in: 3600 } });
    mock.reply(REG, { path: TAGS }, { status: 401, headers: BEARER });
    token('t1');
    mock.reply(REG, { path: TAGS }, { status: 200, body: TAGS_BODY });
    await client.listTags(REPO);

    // t1 is revoked: the registry rejects it, a new token works.
    mock.reply(REG, { path: TAGS }, { status: 401, headers: { 'www-authenticate': `${BEARER['www-authenticate']},error="invalid_token"` } });
    token('t2');
    mock.reply(REG, { path: TAGS }, { status: 200, body: TAGS_BODY });
    await client.listTags(REPO);
    expect(mock.seen.slice(3).map((r) => r.headers.authorization)).toEqual(['Bearer t1', undefined, 'Bearer t2']);

    // The fresh token fails too: exactly one more try, then the error.
    mock.reply(REG, { path: TAGS }, { status: 401, headers: BEARER });
    token('t3');
    mock.reply(REG, { path: TAGS }, { status: 401, headers: BEARER });
    const error = await rejected(client.listTags(REPO));
    expect(error).toBeInstanceOf(RegistryUnauthorizedError);
    expect(mock.seen.slice(6).map((r) => r.headers.authorization)).toEqual(['Bearer t2', undefined, 'Bearer t3']);
  });

  test('a cached token expires with the clock; a new one is fetched', async () => {
    const clock = { now: Date.parse('2025-01-01T00:00:00Z') };
    const { client } = mock.client({ now: () => clock.now });
    mock.reply(REG, { path: TAGS }, { status: 401, headers: BEARER });
    mock.reply(AUTH, { path: (p) => p.startsWith('/token') }, { status: 200, body: { token: 'a' } });
    mock.reply(REG, { path: TAGS }, { status: 200, body: TAGS_BODY });
    await client.listTags(REPO);
    clock.now += 61_000;
    mock.reply(AUTH, { path: (p) => p.startsWith('/token') }, { status: 200, body: { token: 'b' } });
    mock.reply(REG, { path: TAGS }, { status: 200, body: TAGS_BODY });
    await client.listTags(REPO);
    // After expiry the stale token is not sent: the host is known to want Bearer, so a new one is fetched first (no 401).
    expect(mock.seen.map((r) => `${r.origin} ${r.headers.authorization}`)).toEqual([
      `${REG} undefined`, `${AUTH} undefined`, `${REG} Bearer a`, `${AUTH} undefined`, `${REG} Bearer b`,
    ]);
  });

  test('anonymous token without access: "private or does not exist"', async () => {
    const { client } = mock.client();
    mock.reply(REG, { path: TAGS }, { status: 401, headers: BEARER });
    mock.reply(AUTH, { path: (p) => p.startsWith('/token') }, { status: 200, body: { token: 'empty-grant' } });
    mock.reply(REG, { path: TAGS }, {
      status: 401,
      body: errorBody('UNAUTHORIZED', 'authentication required'),
      headers: { 'www-authenticate': `${BEARER['www-authenticate']},error="insufficient_scope"`, ...JSON_HEADERS },
    });
    const error = await rejected(client.listTags(REPO));
    expect(error).toMatchObject({ reason: 'insufficient-scope', credentialsSent: false, fault: 'credentials' });
    expect(error.message).toBe("anonymous access to repository 'charts/app' on reg.example was refused: the repository is private or does not exist; provide credentials for reg.example");
  });

  test('the token service refusing credentials is "the registry refused the credentials"', async () => {
    const { client } = mock.client({ credentials: new StaticCredentials({ 'reg.example': { username: 'u', password: 'wrong' } }) });
    mock.reply(REG, { path: TAGS }, { status: 401, headers: BEARER });
    mock.reply(AUTH, { path: (p) => p.startsWith('/token') }, { status: 401, body: 'nope' });
    const error = await rejected(client.listTags(REPO));
    expect(error).toMatchObject({ code: 'FLUX_OCI_UNAUTHORIZED', reason: 'credentials-refused', credentialsSent: true });
    expect(error.message).toMatch(/^the registry refused the credentials for reg\.example \(token service auth\.example answered 401\)/);
  });

  test('an https registry naming a plain-http realm elsewhere is refused', async () => {
    const { client } = mock.client({ credentials: new StaticCredentials({ 'reg.example': { username: 'u', password: 'p' } }) });
    mock.reply(REG, { path: TAGS }, { status: 401, headers: { 'www-authenticate': 'Bearer realm="http://auth.example/token",service="x"' } });
    const error = await rejected(client.listTags(REPO));
    expect(error).toBeInstanceOf(RegistryProtocolError);
    expect(error.message).toContain('refusing to send credentials over a weaker channel');
    expect(mock.seen).toHaveLength(1);
  });

  test('credentials are looked up once per host, not per request', async () => {
    let lookups = 0;
    const credentials = { get: async () => { lookups++; return { username: 'u', password: 'p' }; } };
    const { client } = mock.client({ credentials });
    mock.reply(REG, { path: TAGS }, { status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } });
    for (let i = 0; i < 3; i++) mock.reply(REG, { path: TAGS }, { status: 200, body: TAGS_BODY });
    await client.listTags(REPO);
    await client.listTags(REPO);
    await client.listTags(REPO);
    expect(lookups).toBe(1);
  });
});

describe('a host whose Bearer challenge is known', () => {
  const OTHER = parseOciReference('oci://reg.example/charts/other');
  const OTHER_TAGS = '/v2/charts/other/tags/list?n=1000';
  const token = (t: string): void => mock.reply(AUTH, { path: (p) => p.startsWith('/token') }, { status: 200, body: { token: t, expires_in: 300 } });
  const learn = async (client: ReturnType<typeof mock.client>['client']): Promise<void> => {
    mock.reply(REG, { path: TAGS }, { status: 401, headers: BEARER });
    token('t-app');
    mock.reply(REG, { path: TAGS }, { status: 200, body: TAGS_BODY });
    await client.listTags(REPO);
  };

  test('a new repository gets its token before the request: no 401', async () => {
    const { client } = mock.client();
    await learn(client);
    token('t-other');
    mock.reply(REG, { path: OTHER_TAGS }, { status: 200, body: { name: 'charts/other', tags: ['2.0.0'] } });
    expect(await client.listTags(OTHER)).toEqual(['2.0.0']);
    expect(mock.seen.slice(3).map((r) => `${r.origin}${r.path} ${r.headers.authorization}`)).toEqual([
      `${AUTH}/token?service=reg.example&scope=repository%3Acharts%2Fother%3Apull undefined`,
      `${REG}${OTHER_TAGS} Bearer t-other`,
    ]);
  });

  test('a token fetched up front and refused for the same scopes is the answer: no second token request', async () => {
    const { client } = mock.client();
    await learn(client);
    token('empty-grant');
    mock.reply(REG, { path: OTHER_TAGS }, {
      status: 401,
      body: errorBody('UNAUTHORIZED', 'authentication required'),
      headers: { 'www-authenticate': `Bearer realm="${AUTH}/token",service="reg.example",scope="repository:charts/other:pull",error="insufficient_scope"`, ...JSON_HEADERS },
    });
    const error = await rejected(client.listTags(OTHER));
    expect(error).toMatchObject({ reason: 'insufficient-scope', credentialsSent: false });
    expect(mock.seen.slice(3).map((r) => r.origin)).toEqual([AUTH, REG]);
  });

  test('the challenge asking for more than was fetched: one token request for the union, one retry', async () => {
    const { client } = mock.client();
    await learn(client);
    token('pull-only');
    mock.reply(REG, { path: OTHER_TAGS }, {
      status: 401, headers: { 'www-authenticate': `Bearer realm="${AUTH}/token",service="reg.example",scope="repository:charts/other:pull,push"` },
    });
    token('pull-push');
    mock.reply(REG, { path: OTHER_TAGS }, { status: 200, body: { name: 'charts/other', tags: ['2.0.0'] } });
    expect(await client.listTags(OTHER)).toEqual(['2.0.0']);
    expect(new URL(mock.seen[5].path, AUTH).searchParams.getAll('scope')).toEqual(['repository:charts/other:pull,push']);
    expect(mock.seen.slice(3).map((r) => r.headers.authorization)).toEqual([undefined, 'Bearer pull-only', undefined, 'Bearer pull-push']);
  });
});
