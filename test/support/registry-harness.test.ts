import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Agent, Dispatcher, fetch, request } from 'undici';
import {
  authorizationFor,
  basicAuthEntry,
  basicAuthorization,
  buildTestChart,
  CANARY,
  createCredentialHelper,
  FaultProxy,
  MEDIA_TYPES,
  pushBlob,
  pushRawManifest,
  pushTestChart,
  pushTestTags,
  RedirectingFront,
  RegistryFront,
  RegistryHarnessError,
  sha256Digest,
  skopeo,
  skopeoInspectRaw,
  skopeoListTags,
  startFaultProxy,
  startPaginatingFront,
  startRedirectingFront,
  startRegistry,
  TestRegistry,
  writeDockerConfig,
} from './registry';

// One registry per mode for the whole file: starting them is the slow part.
let anonymous: TestRegistry;
let htpasswd: TestRegistry;
let token: TestRegistry;
let tls: TestRegistry;
const byMode = (): Record<string, TestRegistry> => ({ anonymous, htpasswd, token, tls });

// A private dispatcher, destroyed at the end, so stalled sockets cannot keep jest alive.
const client = new Agent();

beforeAll(async () => {
  const started = await Promise.allSettled([
    startRegistry({ mode: 'anonymous' }),
    // Relative upload Locations exercise the other branch of the seeding client.
    startRegistry({ mode: 'htpasswd', extraConfig: { http: { relativeurls: true } } }),
    startRegistry({ mode: 'token' }),
    startRegistry({ mode: 'tls', auth: 'htpasswd' }),
  ]);
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    throw failed.reason;
  }
  [anonymous, htpasswd, token, tls] = started.map((s) => (s as PromiseFulfilledResult<TestRegistry>).value);
});

afterAll(async () => {
  await Promise.all([anonymous, htpasswd, token, tls].map((r) => r?.stop()));
  await client.destroy();
});

async function get(url: string, headers: Record<string, string> = {}, dispatcher: Dispatcher = client) {
  const res = await request(url, { headers, dispatcher });
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
}

async function bearer(registry: TestRegistry, scope: string, basic?: string): Promise<string> {
  const url = `${registry.tokenServer!.realm}?service=${registry.tokenServer!.service}&scope=${encodeURIComponent(scope)}`;
  const res = await get(url, basic ? { authorization: basic } : {});
  expect(res.status).toBe(200);
  return `Bearer ${JSON.parse(res.body).token}`;
}

function jwtHeader(authorization: string): Record<string, unknown> {
  const jwt = authorization.replace(/^Bearer /, '');
  return JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8'));
}

describe('startRegistry', () => {
  test('anonymous mode answers GET /v2/ with 200', async () => {
    const res = await get(`${anonymous.url}/v2/`);
    expect(res.status).toBe(200);
    expect(res.headers['docker-distribution-api-version']).toBe('registry/2.0');
    expect(anonymous.username).toBeUndefined();
  });

  test('htpasswd mode challenges with Basic and accepts the generated credentials', async () => {
    const res = await get(`${htpasswd.url}/v2/`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Basic realm="basic-realm"');
    const ok = await get(`${htpasswd.url}/v2/`, { authorization: basicAuthorization(htpasswd.username!, htpasswd.password!) });
    expect(ok.status).toBe(200);
    expect(htpasswd.username).toBe('testuser');
    expect(htpasswd.password).toContain(CANARY);
  });

  test('token mode challenges with the token server realm', async () => {
    const res = await get(`${token.url}/v2/`);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe(`Bearer realm="${token.tokenServer!.realm}",service="test-registry"`);
    expect(token.tokenServer!.realm).toMatch(/^http:\/\/localhost:\d+\/token$/);
  });

  test('tls mode serves https to a client that trusts the generated CA', async () => {
    expect(tls.url).toBe(`https://${tls.host}`);
    expect(tls.caPem).toContain('BEGIN CERTIFICATE');
    const res = await get(`${tls.url}/v2/`, { authorization: basicAuthorization(tls.username!, tls.password!) }, tls.dispatcher);
    expect(res.status).toBe(200);
    const viaLocalhost = await get(`https://localhost:${tls.port}/v2/`, {}, tls.dispatcher);
    expect(viaLocalhost.status).toBe(401);
  });

  test('tls mode is refused by a client without the CA', async () => {
    await expect(request(`${tls.url}/v2/`, { dispatcher: client })).rejects.toMatchObject({
      code: expect.stringMatching(/CERT|SIGNATURE|ISSUER/),
    });
  });

  test('every registry has its own port and temp folder', () => {
    const registries = Object.values(byMode());
    expect(new Set(registries.map((r) => r.port)).size).toBe(4);
    expect(new Set(registries.map((r) => r.dir)).size).toBe(4);
    for (const r of registries) expect(r.host).toBe(`127.0.0.1:${r.port}`);
  });

  test('stop() ends the process, deletes the folder, and can be called twice', async () => {
    const registry = await startRegistry({ mode: 'anonymous' });
    expect(existsSync(registry.dir)).toBe(true);
    await registry.stop();
    await registry.stop();
    expect(existsSync(registry.dir)).toBe(false);
    await expect(request(`${registry.url}/v2/`, { dispatcher: client })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(registry.log()).toMatch(/listening on 127\.0\.0\.1:\d+/);
  });

  test('a registry that cannot start fails with the tail of its log', async () => {
    const attempt = startRegistry({ mode: 'anonymous', extraConfig: { log: { level: 'nonsense' } } });
    await expect(attempt).rejects.toBeInstanceOf(RegistryHarnessError);
    await expect(attempt).rejects.toMatchObject({
      code: 'FLUX_OCI_TEST_REGISTRY_HARNESS',
      message: expect.stringContaining('invalid loglevel nonsense'),
    });
  });
});

describe.each(['anonymous', 'htpasswd', 'token', 'tls'])('pushTestChart in %s mode', (mode) => {
  test('writes a Helm chart that skopeo lists and inspects', async () => {
    const registry = byMode()[mode];
    const pushed = await pushTestChart(registry, { repository: 'charts/mychart', version: '1.0.0+build.1', appVersion: '2.3.4' });
    expect(pushed.tag).toBe('1.0.0_build.1');
    expect(pushed.reference).toBe(`${registry.host}/charts/mychart:1.0.0_build.1`);

    expect(await skopeoListTags(registry, 'charts/mychart')).toContain('1.0.0_build.1');
    const manifest = await skopeoInspectRaw(registry, 'charts/mychart:1.0.0_build.1');
    expect(manifest.mediaType).toBeUndefined();
    expect(manifest.config).toEqual({ mediaType: MEDIA_TYPES.helmConfig, digest: pushed.configDigest, size: expect.any(Number) });
    expect(manifest.layers).toEqual([{ mediaType: MEDIA_TYPES.helmChart, digest: pushed.layerDigest, size: pushed.chartTgz.length }]);
    expect(manifest.annotations?.['org.opencontainers.image.version']).toBe('1.0.0+build.1');
    expect(sha256Digest(pushed.manifest)).toBe(pushed.digest);

    const blob = await request(`${registry.url}/v2/charts/mychart/blobs/${pushed.layerDigest}`, {
      headers: { authorization: (await authorizationFor(registry, 'charts/mychart')) ?? '' },
      dispatcher: registry.dispatcher,
    });
    expect(blob.statusCode).toBe(200);
    expect(Buffer.from(await blob.body.arrayBuffer()).equals(pushed.chartTgz)).toBe(true);
  });
});

describe('test charts', () => {
  test('are deterministic gzip tarballs with the files Helm expects', () => {
    const spec = { name: 'mychart', version: '0.1.0', extraFiles: { 'templates/extra.yaml': 'kind: List\n' } };
    const chart = buildTestChart(spec);
    expect(buildTestChart(spec).tgz.equals(chart.tgz)).toBe(true);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flux-oci-chart-test-'));
    try {
      const listing = execFileSync('tar', ['-tzf', '-'], { input: chart.tgz }).toString().trim().split('\n');
      expect(listing).toEqual(['mychart/Chart.yaml', 'mychart/values.yaml', 'mychart/templates/configmap.yaml', 'mychart/templates/extra.yaml']);
      execFileSync('tar', ['-xzf', '-', '-C', dir], { input: chart.tgz });
      expect(readFileSync(path.join(dir, 'mychart/Chart.yaml'), 'utf8')).toBe(
        'apiVersion: v2\nname: mychart\nversion: 0.1.0\ndescription: tiny test chart\ntype: application\n',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(JSON.parse(chart.configJson.toString())).toEqual({
      name: 'mychart', version: '0.1.0', description: 'tiny test chart', apiVersion: 'v2', type: 'application',
    });
  });

  test('a provenance layer is added and layers are sorted by digest', async () => {
    const pushed = await pushTestChart(anonymous, { repository: 'charts/signed', version: '0.2.0', provenance: true });
    const manifest = await skopeoInspectRaw(anonymous, 'charts/signed:0.2.0');
    expect(manifest.layers.map((l) => l.mediaType).sort()).toEqual([MEDIA_TYPES.helmChart, MEDIA_TYPES.helmProvenance].sort());
    expect(manifest.layers.map((l) => l.digest)).toEqual(manifest.layers.map((l) => l.digest).sort());
    expect(manifest.layers.find((l) => l.mediaType === MEDIA_TYPES.helmProvenance)?.digest).toBe(pushed.provenanceDigest);
  });

  test('pushBlob and pushRawManifest store an arbitrary artifact as given', async () => {
    const config = await pushBlob(htpasswd, 'artifacts/raw', Buffer.from('{}'), 'application/vnd.cncf.flux.config.v1+json');
    const layer = await pushBlob(htpasswd, 'artifacts/raw', Buffer.from('not really a tarball'), 'application/vnd.cncf.flux.content.v1.tar+gzip');
    const manifest = { schemaVersion: 2, mediaType: MEDIA_TYPES.ociManifest, config, layers: [layer] };
    const { digest } = await pushRawManifest(htpasswd, 'artifacts/raw', 'v1', manifest);
    expect(await skopeoInspectRaw(htpasswd, 'artifacts/raw:v1')).toEqual(manifest);
    expect(digest).toBe(sha256Digest(Buffer.from(JSON.stringify(manifest))));
    expect(await pushRawManifest(htpasswd, 'artifacts/raw', digest, JSON.stringify(manifest))).toEqual({ digest });
  });

  test('pushTestTags puts one manifest under every tag', async () => {
    const tags = ['0.1.0', '0.2.0', '1.0.0', 'latest'];
    const result = await pushTestTags(token, 'charts/many', tags);
    expect((await skopeoListTags(token, 'charts/many')).sort()).toEqual([...tags].sort());
    const inspected = await skopeo(token, ['inspect', '--raw', `docker://${token.host}/charts/many:latest`]);
    expect(sha256Digest(Buffer.from(inspected.stdout))).toBe(result.digest);
  });
});

describe('token mode', () => {
  const server = () => token.tokenServer!;

  afterEach(() => server().configure({
    alg: 'RS256', keyReference: 'x5c', issuer: 'test-issuer', audienceArray: false, expiresIn: 300, omitExpiresIn: false,
  }));

  test('an anonymous token gets 401 insufficient_scope on a private repository', async () => {
    await pushTestChart(token, { repository: 'charts/private', version: '0.1.0' });
    const auth = await bearer(token, 'repository:charts/private:pull');
    const res = await get(`${token.url}/v2/charts/private/tags/list`, { authorization: auth });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(server().requests.at(-1)).toMatchObject({ basicAuth: false, granted: [] });
  });

  test('repositories under public/ are pullable anonymously, also by skopeo', async () => {
    await pushTestChart(token, { repository: 'public/open', version: '0.3.0' });
    const auth = await bearer(token, 'repository:public/open:pull,push');
    const res = await get(`${token.url}/v2/public/open/tags/list`, { authorization: auth });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).tags).toEqual(['0.3.0']);
    expect(server().requests.at(-1)?.granted).toEqual([{ type: 'repository', name: 'public/open', actions: ['pull'] }]);
    expect(await skopeoListTags(token, 'public/open', { credentials: 'none' })).toEqual(['0.3.0']);
  });

  test.each([
    ['RS256', 'x5c'], ['RS256', 'kid'], ['RS256', 'jwk'],
    ['ES256', 'x5c'], ['ES256', 'kid'], ['ES256', 'jwk'],
  ] as const)('%s tokens with a %s key reference are accepted', async (alg, keyReference) => {
    server().configure({ alg, keyReference });
    const auth = await bearer(token, 'repository:charts/mychart:pull', basicAuthorization(token.username!, token.password!));
    const header = jwtHeader(auth);
    expect(header.alg).toBe(alg);
    expect(Object.keys(header).sort()).toEqual(['alg', keyReference, 'typ'].sort());
    const res = await get(`${token.url}/v2/charts/mychart/tags/list`, { authorization: auth });
    expect(res.status).toBe(200);
  });

  test.each([
    ['a foreign issuer', { issuer: 'someone-else' }],
    ['an array audience', { audienceArray: true }],
    ['an expiry in the past', { expiresIn: -120 }],
  ])('tokens with %s are rejected by the registry', async (_what, change) => {
    server().configure(change);
    const auth = await bearer(token, 'repository:charts/mychart:pull', basicAuthorization(token.username!, token.password!));
    const res = await get(`${token.url}/v2/charts/mychart/tags/list`, { authorization: auth });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  test('GET splits space-separated scopes and rejects a wrong password', async () => {
    const url = `${server().realm}?service=test-registry&scope=${encodeURIComponent('repository:a/b:pull repository:c/d:push')}&scope=registry:catalog:*`;
    const ok = await get(url, { authorization: basicAuthorization(token.username!, token.password!) });
    expect(ok.status).toBe(200);
    const body = JSON.parse(ok.body);
    expect(body.token).toBe(body.access_token);
    expect(body.expires_in).toBe(300);
    expect(server().requests.at(-1)).toMatchObject({
      method: 'GET',
      basicAuth: true,
      username: 'testuser',
      scopes: ['repository:a/b:pull', 'repository:c/d:push', 'registry:catalog:*'],
      granted: [
        { type: 'repository', name: 'a/b', actions: ['pull'] },
        { type: 'repository', name: 'c/d', actions: ['push'] },
        { type: 'registry', name: 'catalog', actions: ['*'] },
      ],
    });
    const bad = await get(url, { authorization: basicAuthorization(token.username!, 'wrong') });
    expect(bad.status).toBe(401);
    server().configure({ omitExpiresIn: true });
    expect(JSON.parse((await get(url)).body)).not.toHaveProperty('expires_in');
  });

  test('OAuth2 POST issues refresh tokens and accepts them', async () => {
    const post = async (form: Record<string, string>) => {
      const res = await request(server().realm, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        dispatcher: client,
      });
      return { status: res.statusCode, body: (await res.body.json()) as Record<string, string> };
    };
    const scope = 'repository:charts/mychart:pull';
    const first = await post({
      grant_type: 'password',
      username: token.username!,
      password: token.password!,
      service: 'test-registry',
      client_id: 'jest',
      access_type: 'offline',
      scope,
    });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toMatch(/^refresh-/);
    const refreshed = await post({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token, service: 'test-registry', client_id: 'jest', scope });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.scope).toBe(scope);
    const res = await get(`${token.url}/v2/charts/mychart/tags/list`, { authorization: `Bearer ${refreshed.body.access_token}` });
    expect(res.status).toBe(200);

    expect((await post({ grant_type: 'refresh_token', refresh_token: 'refresh-unknown', client_id: 'jest' })).status).toBe(401);
    expect((await post({ grant_type: 'password', username: token.username!, password: 'wrong', client_id: 'jest' })).body.error).toBe('invalid_grant');
    expect((await post({ grant_type: 'client_credentials', client_id: 'jest' })).body.error).toBe('unsupported_grant_type');
    expect((await post({ grant_type: 'password', username: token.username!, password: token.password! })).status).toBe(400);
    const recorded = server().requests.filter((r) => r.method === 'POST');
    expect(recorded[0].form).toMatchObject({ password: '[redacted]', client_id: 'jest' });
    expect(recorded[1].form).toMatchObject({ refresh_token: '[redacted]' });
  });
});

describe('fronts', () => {
  const tags = ['0.1.0', '0.10.0', '0.2.0', '1.0.0', '1.0.0_build.1', '1.2.3-rc.1', 'latest'];
  const fronts: RegistryFront[] = [];
  const track = <T extends RegistryFront>(front: T): T => {
    fronts.push(front);
    return front;
  };

  beforeAll(async () => {
    await Promise.all([pushTestTags(anonymous, 'charts/paged', tags), pushTestTags(token, 'charts/paged', tags)]);
  });
  afterAll(async () => {
    await Promise.all(fronts.map((f) => f.stop()));
  });

  async function walk(start: string, headers: Record<string, string> = {}) {
    const pages: string[][] = [];
    const links: string[] = [];
    let next: string | undefined = start;
    while (next) {
      const res = await get(next, headers);
      expect(res.status).toBe(200);
      pages.push(JSON.parse(res.body).tags);
      const link = res.headers.link as string | undefined;
      if (link) links.push(link);
      const target = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1] : undefined;
      next = target ? new URL(target, start).href : undefined;
    }
    return { pages, links };
  }

  test('the paginating front serves sorted pages with relative Link headers', async () => {
    const front = track(await startPaginatingFront(anonymous, { pageSize: 3 }));
    const { pages, links } = await walk(`${front.url}/v2/charts/paged/tags/list`);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual([...tags].sort());
    expect(links).toEqual([
      '</v2/charts/paged/tags/list?last=0.2.0&n=3>; rel="next"',
      '</v2/charts/paged/tags/list?last=1.2.3-rc.1&n=3>; rel="next"',
    ]);
    const small = await get(`${front.url}/v2/charts/paged/tags/list?n=2&last=1.0.0`);
    expect(JSON.parse(small.body).tags).toEqual(['1.0.0_build.1', '1.2.3-rc.1']);
    expect(small.headers.link).toBe('</v2/charts/paged/tags/list?last=1.2.3-rc.1&n=2>; rel="next"');
  });

  test('the paginating front keeps the registry order when sort is off', async () => {
    const front = track(await startPaginatingFront(anonymous, { pageSize: 2, sort: false }));
    const direct = JSON.parse((await get(`${anonymous.url}/v2/charts/paged/tags/list`)).body).tags;
    const { pages } = await walk(`${front.url}/v2/charts/paged/tags/list`);
    expect(pages.flat()).toEqual(direct);
    expect(pages.length).toBe(4);
  });

  test('the paginating front passes token challenges through and uses absolute links', async () => {
    const front = track(await startPaginatingFront(token, { pageSize: 4, linkStyle: 'absolute' }));
    const challenge = await get(`${front.url}/v2/charts/paged/tags/list`);
    expect(challenge.status).toBe(401);
    expect(challenge.headers['www-authenticate']).toContain(`realm="${token.tokenServer!.realm}"`);
    const auth = await bearer(token, 'repository:charts/paged:pull', basicAuthorization(token.username!, token.password!));
    const { pages, links } = await walk(`${front.url}/v2/charts/paged/tags/list`, { authorization: auth });
    expect(pages.flat()).toEqual([...tags].sort());
    expect(links).toEqual([`<${front.url}/v2/charts/paged/tags/list?last=1.0.0&n=4>; rel="next"`]);
    const head = await request(`${front.url}/v2/charts/paged/manifests/latest`, {
      method: 'HEAD', headers: { authorization: auth, accept: MEDIA_TYPES.ociManifest }, dispatcher: client,
    });
    expect(head.statusCode).toBe(200);
    expect(head.headers['docker-content-digest']).toMatch(/^sha256:/);
  });

  describe('fault proxy', () => {
    let proxy: FaultProxy;
    const tagsUrl = () => `${proxy.url}/v2/charts/paged/tags/list`;
    beforeAll(async () => {
      proxy = track(await startFaultProxy(anonymous));
    });
    beforeEach(() => {
      proxy.setRules([]);
      proxy.clearRequests();
    });

    test('injects a status with headers once, then forwards', async () => {
      proxy.setRules([{ method: 'GET', path: /\/tags\/list$/, fault: { kind: 'status', status: 429, headers: { 'Retry-After': '1' }, body: 'slow down' } }]);
      const first = await get(tagsUrl());
      expect(first).toMatchObject({ status: 429, body: 'slow down' });
      expect(first.headers['retry-after']).toBe('1');
      expect((await get(tagsUrl())).status).toBe(200);
      expect(proxy.requests.map((r) => [r.status, r.fault])).toEqual([[429, 'status'], [200, undefined]]);
    });

    test('counts occurrences per rule', async () => {
      proxy.setRules([{ path: /\/tags\/list$/, occurrence: [2], fault: { kind: 'status', status: 503 } }]);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await get(tagsUrl())).status);
      expect(statuses).toEqual([200, 503, 200]);
      expect(proxy.count(/\/tags\/list$/, 'GET')).toBe(3);
      expect(proxy.count('/manifests/')).toBe(0);
    });

    test('resets the connection before the response', async () => {
      proxy.setRules([{ path: /\/tags\/list$/, fault: { kind: 'reset' } }]);
      await expect(request(tagsUrl(), { dispatcher: client })).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|UND_ERR_SOCKET/) });
      expect(proxy.requests[0].fault).toBe('reset');
      expect(proxy.requests[0].status).toBeUndefined();
    });

    test('resets the connection in the middle of the body', async () => {
      proxy.setRules([{ path: /\/tags\/list$/, fault: { kind: 'reset', when: 'mid-body' } }]);
      const res = await request(tagsUrl(), { dispatcher: client });
      expect(res.statusCode).toBe(200);
      await expect(res.body.text()).rejects.toThrow();
    });

    test('truncates a body below its Content-Length', async () => {
      proxy.setRules([{ path: /\/blobs\//, fault: { kind: 'truncate' } }]);
      const chart = await pushTestChart(anonymous, { repository: 'charts/faulty', version: '0.1.0' });
      const res = await request(`${proxy.url}/v2/charts/faulty/blobs/${chart.layerDigest}`, { dispatcher: client });
      expect(res.headers['content-length']).toBe(String(chart.chartTgz.length));
      await expect(res.body.arrayBuffer()).rejects.toThrow();
      expect(proxy.requests[0]).toMatchObject({ fault: 'truncate', status: 200 });
    });

    test('stalls before the response and in the middle of the body', async () => {
      proxy.setRules([
        { path: /\/tags\/list$/, occurrence: 1, fault: { kind: 'stall' } },
        { path: /\/tags\/list$/, occurrence: 2, fault: { kind: 'stall', when: 'mid-body' } },
      ]);
      await expect(request(tagsUrl(), { dispatcher: client, headersTimeout: 300 })).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
      const res = await request(tagsUrl(), { dispatcher: client, bodyTimeout: 300 });
      expect(res.statusCode).toBe(200);
      await expect(res.body.text()).rejects.toMatchObject({ code: 'UND_ERR_BODY_TIMEOUT' });
    });

    test('records whether Authorization was sent, never its value', async () => {
      await get(tagsUrl(), { authorization: `Basic ${CANARY}` });
      await get(tagsUrl());
      expect(proxy.requests.map((r) => r.authorization)).toEqual([true, false]);
      expect(JSON.stringify(proxy.requests)).not.toContain(CANARY);
    });
  });

  describe('redirecting front', () => {
    let front: RedirectingFront;
    let layerDigest: string;
    let chartTgz: Buffer;
    beforeAll(async () => {
      front = track(await startRedirectingFront(htpasswd));
      ({ layerDigest, chartTgz } = await pushTestChart(htpasswd, { repository: 'charts/redirected', version: '0.1.0' }));
    });

    test('sends blob GETs to another host, where fetch arrives without credentials', async () => {
      const auth = basicAuthorization(htpasswd.username!, htpasswd.password!);
      const res = await fetch(`${front.url}/v2/charts/redirected/blobs/${layerDigest}`, { headers: { authorization: auth }, dispatcher: client });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(chartTgz)).toBe(true);
      expect(front.blobOrigin).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
      expect(front.requests.at(-1)).toMatchObject({ status: 307, fault: 'redirect', authorization: true });
      expect(front.blobRequests.at(-1)).toMatchObject({ method: 'GET', status: 200, authorization: false });
    });

    test('records a client that forwards credentials to the blob host', async () => {
      const res = await request(`${front.url}/v2/charts/redirected/blobs/${layerDigest}`, {
        headers: { authorization: basicAuthorization(htpasswd.username!, htpasswd.password!) }, dispatcher: client,
      });
      await res.body.dump();
      const location = res.headers.location as string;
      await (await request(location, { headers: { authorization: 'Bearer leaked' }, dispatcher: client })).body.dump();
      expect(front.blobRequests.at(-1)).toMatchObject({ authorization: true });
    });

    test('leaves unauthenticated blob GETs to the registry (401, no redirect)', async () => {
      const before = front.blobRequests.length;
      const res = await get(`${front.url}/v2/charts/redirected/blobs/${layerDigest}`);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Basic realm="basic-realm"');
      expect(front.blobRequests.length).toBe(before);
    });
  });
});

describe('credential fixtures', () => {
  test('the credential helper answers get for its host only and logs no secret', () => {
    const helper = createCredentialHelper({ host: '127.0.0.1:5001', username: 'testuser', secret: `s-${CANARY}` });
    try {
      const program = path.join(helper.binDir, helper.program);
      const run = (args: string[], input: string) => spawnSync(program, args, { input, encoding: 'utf8' });
      for (const server of ['127.0.0.1:5001', 'https://127.0.0.1:5001']) {
        const found = run(['get'], server);
        expect(found.status).toBe(0);
        expect(JSON.parse(found.stdout)).toEqual({ ServerURL: server, Username: 'testuser', Secret: `s-${CANARY}` });
      }
      const missing = run(['get'], 'registry.example.com');
      expect(missing.status).toBe(1);
      expect(missing.stdout).toBe('credentials not found in native keychain\n');
      expect(run(['store'], '{}').status).toBe(1);
      expect(helper.calls()).toEqual([
        { action: 'get', server: '127.0.0.1:5001', result: 'found' },
        { action: 'get', server: 'https://127.0.0.1:5001', result: 'found' },
        { action: 'get', server: 'registry.example.com', result: 'not-found' },
        { action: 'store', server: '', result: 'unsupported' },
      ]);
      expect(readFileSync(helper.logFile, 'utf8')).not.toContain(CANARY);
    } finally {
      helper.remove();
    }
    expect(existsSync(helper.binDir)).toBe(false);
  });

  test('skopeo gets credentials from the helper through credHelpers', async () => {
    const helper = createCredentialHelper({ suffix: 'jest', host: htpasswd.host, username: htpasswd.username!, secret: htpasswd.password! });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flux-oci-authfile-'));
    try {
      const authfile = writeDockerConfig(dir, { credHelpers: { [htpasswd.host]: 'jest' } });
      expect(statSync(authfile).mode.toString(8).slice(-3)).toBe('600');
      const result = await skopeo(htpasswd, ['list-tags', `docker://${htpasswd.host}/charts/mychart`], { authfile, env: helper.env() });
      expect(result.exitCode).toBe(0);
      expect(JSON.parse(result.stdout).Tags).toContain('1.0.0_build.1');
      expect(helper.calls()).toContainEqual({ action: 'get', server: htpasswd.host, result: 'found' });
      const denied = await skopeo(htpasswd, ['list-tags', `docker://${htpasswd.host}/charts/mychart`], { credentials: 'none' });
      expect(denied.exitCode).not.toBe(0);
    } finally {
      helper.remove();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('writeDockerConfig writes auths entries skopeo accepts', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'flux-oci-authfile-'));
    try {
      const authfile = writeDockerConfig(dir, { auths: { [tls.host]: basicAuthEntry(tls.username!, tls.password!) } });
      expect(JSON.parse(readFileSync(authfile, 'utf8')).auths[tls.host].auth).toBe(
        Buffer.from(`${tls.username}:${tls.password}`).toString('base64'),
      );
      const result = await skopeo(tls, ['list-tags', `docker://${tls.host}/charts/mychart`], { authfile });
      expect(result.exitCode).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Last: by now every registry has seen authenticated pushes, pulls and token requests.
describe('no credential leaks', () => {
  test('the canary password never appears in registry logs or the token request log', () => {
    for (const registry of [htpasswd, token, tls]) expect(registry.password).toContain(CANARY);
    for (const registry of Object.values(byMode())) {
      expect(registry.log()).toMatch(/listening on/);
      expect(registry.log()).not.toContain(CANARY);
    }
    expect(token.tokenServer!.requests.length).toBeGreaterThan(10);
    expect(JSON.stringify(token.tokenServer!.requests)).not.toContain(CANARY);
  });
});
