import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { captureStderr, clientFor, expectNoSecrets, credentialsFor } from './helpers';
import { parseOciReference } from '../../../src/foundation';
import { CredentialHelperError, DockerConfigStore, defaultCredentialStore, RegistryUnauthorizedError, StaticCredentials, readCredentialForHost } from '../../../src/registry';
import {
  basicAuthEntry,
  createCredentialHelper,
  CredentialHelper,
  pushTestChart,
  PushedChart,
  startRedirectingFront,
  startRegistry,
  TestRegistry,
  writeDockerConfig,
} from '../../support/registry';

let registry: TestRegistry;
let chart: PushedChart;
let dir: string;
let helper: CredentialHelper;
const errors: unknown[] = [];

beforeAll(async () => {
  registry = await startRegistry({ mode: 'htpasswd' });
  chart = await pushTestChart(registry, { repository: 'charts/mychart', version: '0.1.0' });
  dir = mkdtempSync(path.join(os.tmpdir(), 'flux-oci-htpasswd-'));
  helper = createCredentialHelper({ host: registry.host, username: registry.username!, secret: registry.password! });
});
afterAll(async () => {
  helper?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
  await registry?.stop();
  // Every error any test here produced, in every rendering.
  expectNoSecrets(errors, [registry?.password]);
});

const ref = (p: string): ReturnType<typeof parseOciReference> => parseOciReference(`oci://${registry.host}/${p}`);
const own = (): StaticCredentials => credentialsFor(registry.host, registry);

test('Basic credentials: tags, HEAD and chart metadata', async () => {
  const { client, debugLines } = clientFor(registry, { credentials: own() });
  try {
    expect(await client.listTags(ref('charts/mychart'))).toEqual(['0.1.0']);
    expect((await client.headManifest(ref('charts/mychart:0.1.0'))).digest).toBe(chart.digest);
    expect((await client.getChartMetadata(ref('charts/mychart:0.1.0'))).metadata.name).toBe('mychart');
    expect(await client.ping(registry.host)).toMatchObject({ auth: 'basic' });
    expectNoSecrets([debugLines.join('\n')], [registry.password]);
  } finally {
    await client.close();
  }
});

test('no credentials vs wrong password vs wrong path vs wrong tag', async () => {
  const anonymous = clientFor(registry).client;
  const wrong = clientFor(registry, { credentials: new StaticCredentials({ [registry.host]: { username: registry.username, password: `${registry.password}-wrong` } }) }).client;
  const right = clientFor(registry, { credentials: own() }).client;
  try {
    const none = await anonymous.listTags(ref('charts/mychart')).catch((e) => e);
    expect(none).toBeInstanceOf(RegistryUnauthorizedError);
    expect(none).toMatchObject({ reason: 'no-credentials', credentialsSent: false, fault: 'credentials', statusCode: 401, registryCode: 'UNAUTHORIZED' });
    expect(none.message).toBe(`no credentials were sent to ${registry.host}, and it requires authentication; log in (helm/docker/podman) or pass credentials for ${registry.host}`);

    const refused = await wrong.headManifest(ref('charts/mychart:0.1.0')).catch((e) => e);
    expect(refused).toMatchObject({ code: 'FLUX_OCI_UNAUTHORIZED', reason: 'credentials-refused', credentialsSent: true });
    expect(refused.message).toBe(`the registry refused the credentials for ${registry.host}; check the username and password or token`);

    const badPath = await right.headManifest(ref('charts/nope:0.1.0')).catch((e) => e);
    expect(badPath).toMatchObject({ code: 'FLUX_OCI_REPOSITORY_NOT_FOUND', fault: 'path' });
    const badTag = await right.headManifest(ref('charts/mychart:9.9.9')).catch((e) => e);
    expect(badTag).toMatchObject({ code: 'FLUX_OCI_MANIFEST_NOT_FOUND', fault: 'version' });
    errors.push(none, refused, badPath, badTag);
  } finally {
    await Promise.all([anonymous.close(), wrong.close(), right.close()]);
  }
});

test('credentials from a docker config file (DOCKER_CONFIG)', async () => {
  writeDockerConfig(path.join(dir, 'docker'), { auths: { [registry.host]: basicAuthEntry(registry.username!, registry.password!) } });
  const credentials = defaultCredentialStore({ env: { DOCKER_CONFIG: path.join(dir, 'docker') }, homedir: path.join(dir, 'empty-home') });
  const { client } = clientFor(registry, { credentials });
  try {
    expect(await client.listTags(ref('charts/mychart'))).toEqual(['0.1.0']);
  } finally {
    await client.close();
  }
});

test('credentials from a Helm registry config (HELM_REGISTRY_CONFIG), which wins over docker', async () => {
  const helmFile = writeDockerConfig(path.join(dir, 'helm'), { auths: { [registry.host]: basicAuthEntry(registry.username!, registry.password!) } });
  writeDockerConfig(path.join(dir, 'docker-wrong'), { auths: { [registry.host]: basicAuthEntry(registry.username!, 'wrong') } });
  const env = { HELM_REGISTRY_CONFIG: helmFile, DOCKER_CONFIG: path.join(dir, 'docker-wrong') };
  const { client } = clientFor(registry, { credentials: defaultCredentialStore({ env, homedir: path.join(dir, 'empty-home') }) });
  try {
    expect(await client.listTags(ref('charts/mychart'))).toEqual(['0.1.0']);
  } finally {
    await client.close();
  }
  const found = readCredentialForHost(registry.host, { env, homedir: path.join(dir, 'empty-home') });
  expect(found.foundIn).toBe(helmFile);
  expect(found.credential?.username).toBe(registry.username);
  expectNoSecrets([found], [registry.password]);
});

test('credentials from a credential helper named in credHelpers (async client and sync lookup)', async () => {
  const file = writeDockerConfig(path.join(dir, 'helper'), { credHelpers: { [registry.host]: helper.suffix } });
  const env = helper.env({ PATH: process.env.PATH });
  const { client } = clientFor(registry, { credentials: new DockerConfigStore({ file, env }) });
  try {
    expect(await client.listTags(ref('charts/mychart'))).toEqual(['0.1.0']);
  } finally {
    await client.close();
  }
  expect(readCredentialForHost(registry.host, { file, env }).credential?.username).toBe(registry.username);
  expect(helper.calls().filter((c) => c.action === 'get' && c.server === registry.host && c.result === 'found')).toHaveLength(2);

  // Without the helper on PATH: a clear error, not anonymous access.
  const { client: noHelper } = clientFor(registry, { credentials: new DockerConfigStore({ file, env: { PATH: '/nonexistent' } }) });
  try {
    const error = await noHelper.listTags(ref('charts/mychart')).catch((e) => e);
    expect(error).toBeInstanceOf(CredentialHelperError);
    expect(error.message).toMatch(new RegExp(`^credential helper docker-credential-${helper.suffix} is not installed or not on PATH`));
    errors.push(error);
  } finally {
    await noHelper.close();
  }
});

test('a blob redirect to another host carries no credentials', async () => {
  const front = await startRedirectingFront(registry);
  const { client } = clientFor(front, { credentials: credentialsFor(front.host, registry) });
  try {
    const blob = await client.getBlob(parseOciReference(`oci://${front.host}/charts/mychart`), chart.layerDigest);
    expect(blob.equals(chart.chartTgz)).toBe(true);
    expect(front.blobRequests.length).toBeGreaterThan(0);
    expect(front.blobRequests.every((r) => !r.authorization)).toBe(true);
    expect(front.requests.some((r) => /\/blobs\//.test(r.path) && r.authorization && r.status === 307)).toBe(true);
  } finally {
    await client.close();
    await front.stop();
  }
});

test('FLUX_OCI_DEBUG output never carries the password, even on failures', async () => {
  const { result, stderr, error } = await captureStderr(async () => {
    const { client } = clientFor(registry, {
      env: { FLUX_OCI_DEBUG: '1' },
      credentials: new StaticCredentials({ [registry.host]: { username: registry.username, password: `${registry.password}-x` } }),
    });
    try {
      return await client.listTags(ref('charts/mychart')).catch((e) => e);
    } finally {
      await client.close();
    }
  });
  expect(error).toBeUndefined();
  expect(stderr).toContain(`flux-oci: GET http://${registry.host}/v2/charts/mychart/tags/list?n=1000 401`);
  expectNoSecrets([stderr, result], [registry.password]);
  errors.push(result);
});
