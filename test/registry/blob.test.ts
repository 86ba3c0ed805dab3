import { createHash } from 'node:crypto';
import { rejected } from './support';
import { OCI_MANIFEST_MEDIA_TYPE, parseOciReference } from '../../src/foundation';
import { BlobNotFoundError, NotAHelmChartError, RegistryProtocolError, StaticCredentials } from '../../src/registry';
import { errorBody, JSON_HEADERS, useMockRegistry } from '../support/mock-registry';

const REG = 'https://reg.example';
const CDN = 'https://cdn.example';
const REPO = parseOciReference('oci://reg.example/charts/app');
const CONTENT = Buffer.from('chart bytes '.repeat(100));
const DIGEST = `sha256:${createHash('sha256').update(CONTENT).digest('hex')}`;
const BLOB = `/v2/charts/app/blobs/${DIGEST}`;
const BASIC = 'Basic ' + Buffer.from('u:p').toString('base64');

const mock = useMockRegistry();

function authedClient() {
  return mock.client({ credentials: new StaticCredentials({ 'reg.example': { username: 'u', password: 'p' } }) }).client;
}

/** Primes the client's Basic auth so the blob request carries credentials. */
function challengeOnce(): void {
  mock.reply(REG, { path: BLOB }, { status: 401, headers: { 'www-authenticate': 'Basic realm="r"' } });
}

test('getBlob returns the verified content', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: BLOB }, { status: 200, body: CONTENT.toString() });
  expect((await client.getBlob(REPO, DIGEST)).equals(CONTENT)).toBe(true);
});

test('a cross-origin redirect is followed without the Authorization header', async () => {
  const client = authedClient();
  challengeOnce();
  mock.reply(REG, { path: BLOB }, { status: 307, headers: { location: `${CDN}/blobs/abc?X-Amz-Signature=s3cret` } });
  mock.reply(CDN, { path: '/blobs/abc?X-Amz-Signature=s3cret' }, { status: 200, body: CONTENT.toString() });
  expect((await client.getBlob(REPO, DIGEST)).equals(CONTENT)).toBe(true);
  expect(mock.seen.map((r) => [r.origin, r.headers.authorization])).toEqual([
    [REG, undefined],
    [REG, BASIC],
    [CDN, undefined],
  ]);
});

test('a same-origin relative redirect keeps the credentials; a different port does not', async () => {
  const client = authedClient();
  challengeOnce();
  mock.reply(REG, { path: BLOB }, { status: 302, headers: { location: '/storage/blob1' } });
  mock.reply(REG, { path: '/storage/blob1' }, { status: 307, headers: { location: 'https://reg.example:8443/storage/blob1' } });
  mock.reply('https://reg.example:8443', { path: '/storage/blob1' }, { status: 200, body: CONTENT.toString() });
  await client.getBlob(REPO, DIGEST);
  expect(mock.seen.map((r) => r.headers.authorization)).toEqual([undefined, BASIC, BASIC, undefined]);
});

test('a redirect from https to http is refused', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: BLOB }, { status: 307, headers: { location: 'http://cdn.example/x' } });
  const error = await rejected(client.getBlob(REPO, DIGEST));
  expect(error).toBeInstanceOf(RegistryProtocolError);
  expect(error.message).toContain('from HTTPS to plain HTTP');
});

test('redirects are bounded', async () => {
  const { client } = mock.client();
  for (let i = 0; i < 6; i++) {
    mock.reply(REG, { path: i === 0 ? BLOB : `/hop${i}` }, { status: 302, headers: { location: `/hop${i + 1}` } });
  }
  await expect(client.getBlob(REPO, DIGEST)).rejects.toThrow(/redirected the download of blob .* more than 5 times/);
});

test('content that does not hash to the digest is a protocol error', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: BLOB }, { status: 200, body: 'tampered' });
  const error = await rejected(client.getBlob(REPO, DIGEST));
  expect(error).toBeInstanceOf(RegistryProtocolError);
  expect(error.message).toMatch(/^digest mismatch for blob sha256:/);
});

test('a size that differs from the descriptor is a protocol error', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: BLOB }, { status: 200, body: CONTENT.toString() });
  await expect(client.getBlob(REPO, DIGEST, { size: 5 })).rejects.toThrow(/but its descriptor says 5/);
});

test('BLOB_UNKNOWN is BlobNotFoundError', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: BLOB }, { status: 404, body: errorBody('BLOB_UNKNOWN', 'blob unknown to registry'), headers: JSON_HEADERS });
  const error = await rejected(client.getBlob(REPO, DIGEST));
  expect(error).toBeInstanceOf(BlobNotFoundError);
  expect(error).toMatchObject({ code: 'FLUX_OCI_BLOB_NOT_FOUND', fault: 'registry' });
});

test('openBlob streams the content and verifies it at the end', async () => {
  const { client } = mock.client();
  mock.reply(REG, { path: BLOB }, { status: 200, body: CONTENT.toString(), headers: { 'content-length': String(CONTENT.length) } });
  const blob = await client.openBlob(REPO, DIGEST);
  expect(blob.size).toBe(CONTENT.length);
  const chunks: Buffer[] = [];
  for await (const c of blob.stream) chunks.push(c as Buffer);
  expect(Buffer.concat(chunks).equals(CONTENT)).toBe(true);

  mock.reply(REG, { path: BLOB }, { status: 200, body: 'tampered' });
  const bad = await client.openBlob(REPO, DIGEST);
  const error = await rejected((async () => { for await (const _ of bad.stream) { /* drain */ } })());
  expect(error).toBeInstanceOf(RegistryProtocolError);
});

describe('getChartMetadata', () => {
  const config = Buffer.from(JSON.stringify({ name: 'app', version: '1.0.0', apiVersion: 'v2', description: 'tiny' }));
  const configDigest = `sha256:${createHash('sha256').update(config).digest('hex')}`;

  test('manifest, then the Helm config blob', async () => {
    const { client } = mock.client();
    const manifest = { schemaVersion: 2, config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: configDigest, size: config.length }, layers: [] };
    mock.reply(REG, { path: '/v2/charts/app/manifests/1.0.0' }, { status: 200, body: JSON.stringify(manifest), headers: { 'content-type': OCI_MANIFEST_MEDIA_TYPE } });
    mock.reply(REG, { path: `/v2/charts/app/blobs/${configDigest}` }, { status: 200, body: config.toString() });
    const result = await client.getChartMetadata(REPO.withTag('1.0.0'));
    expect(result.metadata).toEqual({ name: 'app', version: '1.0.0', apiVersion: 'v2', description: 'tiny' });
    expect(result.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  test('an artifact with another config type is NotAHelmChartError', async () => {
    const { client } = mock.client();
    const manifest = { schemaVersion: 2, config: { mediaType: 'application/vnd.cncf.flux.config.v1+json', digest: configDigest, size: 2 }, layers: [] };
    mock.reply(REG, { path: '/v2/charts/app/manifests/1.0.0' }, { status: 200, body: JSON.stringify(manifest), headers: { 'content-type': OCI_MANIFEST_MEDIA_TYPE } });
    const error = await rejected(client.getChartMetadata(REPO.withTag('1.0.0')));
    expect(error).toBeInstanceOf(NotAHelmChartError);
    expect(error.message).toBe("oci://reg.example/charts/app:1.0.0 is not a Helm chart: its config media type is 'application/vnd.cncf.flux.config.v1+json', expected 'application/vnd.cncf.helm.config.v1+json'");
  });
});
