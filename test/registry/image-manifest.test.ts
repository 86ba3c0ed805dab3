import { createHash } from 'node:crypto';
import { rejected } from './support';
import { InvalidReferenceError, MANIFEST_ACCEPT, OCI_MANIFEST_MEDIA_TYPE, parseOciReference } from '../../src/foundation';
import { ManifestNotFoundError, RegistryProtocolError, RepositoryNotFoundError } from '../../src/registry';
import { errorBody, fakeDigest, JSON_HEADERS, useMockRegistry } from '../support/mock-registry';

const REG = 'https://reg.example';
const CHART = parseOciReference('oci://reg.example/charts/app');
const MANIFEST = Buffer.from(JSON.stringify({
  schemaVersion: 2,
  config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', digest: fakeDigest('c'), size: 10 },
  layers: [{ mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', digest: fakeDigest('d'), size: 20 }],
}));
const DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;
const OCI = { 'content-type': OCI_MANIFEST_MEDIA_TYPE };

const mock = useMockRegistry();

describe('headManifest', () => {
  test('HEAD with the explicit Accept list; digest from Docker-Content-Digest', async () => {
    const { client } = mock.client();
    mock.reply(REG, { method: 'HEAD', path: '/v2/charts/app/manifests/1.0.0' }, {
      status: 200, headers: { ...OCI, 'docker-content-digest': DIGEST, 'content-length': String(MANIFEST.length) },
    });
    expect(await client.headManifest(CHART.withTag('1.0.0'))).toEqual({ digest: DIGEST, mediaType: OCI_MANIFEST_MEDIA_TYPE, size: MANIFEST.length });
    expect(mock.seen[0].headers.accept).toBe(MANIFEST_ACCEPT);
    expect(MANIFEST_ACCEPT.split(', ')).toEqual([
      'application/vnd.oci.image.manifest.v1+json',
      'application/vnd.oci.image.index.v1+json',
      'application/vnd.docker.distribution.manifest.v2+json',
      'application/vnd.docker.distribution.manifest.list.v2+json',
    ]);
  });

  test('without Docker-Content-Digest: GET and sha256 of the body', async () => {
    const { client } = mock.client();
    mock.reply(REG, { method: 'HEAD', path: '/v2/charts/app/manifests/1.0.0' }, { status: 200, headers: { ...OCI, 'content-length': String(MANIFEST.length) } });
    mock.reply(REG, { path: '/v2/charts/app/manifests/1.0.0' }, { status: 200, body: MANIFEST.toString(), headers: OCI });
    expect(await client.headManifest(CHART.withTag('1.0.0'))).toEqual({ digest: DIGEST, mediaType: OCI_MANIFEST_MEDIA_TYPE, size: MANIFEST.length });
    expect(mock.seen.map((r) => r.method)).toEqual(['HEAD', 'GET']);
  });

  test('a bodiless 404 is diagnosed with a GET: MANIFEST_UNKNOWN is the version, NAME_UNKNOWN the path', async () => {
    const { client } = mock.client();
    mock.reply(REG, { method: 'HEAD', path: '/v2/charts/app/manifests/9.9.9' }, { status: 404 });
    mock.reply(REG, { path: '/v2/charts/app/manifests/9.9.9' }, {
      status: 404, body: JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown', detail: { Tag: '9.9.9' } }] }), headers: JSON_HEADERS,
    });
    mock.reply(REG, { path: '/v2/charts/app/tags/list?n=1000' }, { status: 200, body: { name: 'charts/app', tags: ['1.0.0'] } });
    const error = await rejected(client.headManifest(CHART.withTag('9.9.9')));
    expect(error).toBeInstanceOf(ManifestNotFoundError);
    expect(error).toMatchObject({ code: 'FLUX_OCI_MANIFEST_NOT_FOUND', fault: 'version', registryCode: 'MANIFEST_UNKNOWN', statusCode: 404 });
    expect(error.message).toBe("version '9.9.9' was not found in repository 'charts/app' on reg.example (MANIFEST_UNKNOWN: manifest unknown); the repository exists, so check the version or tag");

    const other = parseOciReference('oci://reg.example/nope:1.0.0');
    mock.reply(REG, { method: 'HEAD', path: '/v2/nope/manifests/1.0.0' }, { status: 404 });
    mock.reply(REG, { path: '/v2/nope/manifests/1.0.0' }, { status: 404, body: errorBody('NAME_UNKNOWN'), headers: JSON_HEADERS });
    const pathError = await rejected(client.headManifest(other));
    expect(pathError).toBeInstanceOf(RepositoryNotFoundError);
    expect(pathError).toMatchObject({ fault: 'path' });
  });

  test('MANIFEST_UNKNOWN for a repository that does not exist (as distribution answers) is a path fault, found via the tag list', async () => {
    const { client } = mock.client();
    mock.reply(REG, { method: 'HEAD', path: '/v2/nope/manifests/1.0.0' }, { status: 404 });
    mock.reply(REG, { path: '/v2/nope/manifests/1.0.0' }, { status: 404, body: errorBody('MANIFEST_UNKNOWN', 'manifest unknown'), headers: JSON_HEADERS });
    mock.reply(REG, { path: '/v2/nope/tags/list?n=1000' }, { status: 404, body: errorBody('NAME_UNKNOWN'), headers: JSON_HEADERS });
    const error = await rejected(client.headManifest(parseOciReference('oci://reg.example/nope:1.0.0')));
    expect(error).toBeInstanceOf(RepositoryNotFoundError);
    expect(error).toMatchObject({ fault: 'path', registryCode: 'NAME_UNKNOWN', statusCode: 404 });
    expect(error.message).toBe("repository 'nope' does not exist on reg.example (the manifest request answered MANIFEST_UNKNOWN, the tag list NAME_UNKNOWN); check the path in 'oci://reg.example/nope'");
    expect(error.cause).toBeInstanceOf(ManifestNotFoundError);
  });

  test('when the tag-list check fails for another reason, the manifest error stands', async () => {
    const { client } = mock.client();
    mock.reply(REG, { path: '/v2/charts/app/manifests/2.0.0' }, { status: 404, body: errorBody('MANIFEST_UNKNOWN'), headers: JSON_HEADERS });
    mock.reply(REG, { path: '/v2/charts/app/tags/list?n=1000' }, { status: 403, body: errorBody('DENIED'), headers: JSON_HEADERS });
    await expect(client.getManifest(CHART.withTag('2.0.0'))).rejects.toBeInstanceOf(ManifestNotFoundError);
  });

  test('a digest reference answered with another digest is a protocol error', async () => {
    const { client } = mock.client();
    mock.reply(REG, { method: 'HEAD', path: `/v2/charts/app/manifests/${DIGEST}` }, {
      status: 200, headers: { ...OCI, 'docker-content-digest': fakeDigest('e'), 'content-length': '5' },
    });
    await expect(client.headManifest(CHART.withDigest(DIGEST))).rejects.toThrow(RegistryProtocolError);
  });

  test('a reference without tag or digest is refused before any request', async () => {
    const { client } = mock.client();
    const error = await rejected(client.headManifest(CHART));
    expect(error).toBeInstanceOf(InvalidReferenceError);
    expect(error.message).toBe("'oci://reg.example/charts/app' names no manifest; add a tag (':1.2.3') or a digest ('@sha256:…')");
  });
});

describe('getManifest', () => {
  test('bytes, parsed manifest, Content-Type as media type when the body has none, digest from the header', async () => {
    const { client } = mock.client();
    mock.reply(REG, { path: '/v2/charts/app/manifests/1.0.0' }, {
      status: 200, body: MANIFEST.toString(), headers: { 'content-type': `${OCI_MANIFEST_MEDIA_TYPE}; charset=utf-8`, 'docker-content-digest': DIGEST },
    });
    const m = await client.getManifest(CHART.withTag('1.0.0'));
    expect(m.digest).toBe(DIGEST);
    expect(m.mediaType).toBe(OCI_MANIFEST_MEDIA_TYPE);
    expect(m.bytes.equals(MANIFEST)).toBe(true);
    expect(m.size).toBe(MANIFEST.length);
    expect(m.manifest.layers?.[0].digest).toBe(fakeDigest('d'));
  });

  test('the body mediaType wins over Content-Type', async () => {
    const { client } = mock.client();
    const body = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] });
    mock.reply(REG, { path: '/v2/charts/app/manifests/1.0.0' }, { status: 200, body, headers: { 'content-type': 'application/json' } });
    expect((await client.getManifest(CHART.withTag('1.0.0'))).mediaType).toBe('application/vnd.oci.image.index.v1+json');
  });

  test('by digest: the body must hash to it', async () => {
    const { client } = mock.client();
    mock.reply(REG, { path: `/v2/charts/app/manifests/${DIGEST}` }, { status: 200, body: MANIFEST.toString(), headers: OCI });
    expect((await client.getManifest(CHART.withDigest(DIGEST))).digest).toBe(DIGEST);

    const wrong = fakeDigest('f');
    mock.reply(REG, { path: `/v2/charts/app/manifests/${wrong}` }, { status: 200, body: MANIFEST.toString(), headers: OCI });
    const error = await rejected(client.getManifest(CHART.withDigest(wrong)));
    expect(error).toBeInstanceOf(RegistryProtocolError);
    expect(error.message).toBe(`digest mismatch for the manifest of oci://reg.example/charts/app@${wrong} from registry reg.example: expected ${wrong}, got ${DIGEST}; the content was altered in transit or by the registry`);
  });

  test('a Docker-Content-Digest that does not match the body is a protocol error', async () => {
    const { client } = mock.client();
    mock.reply(REG, { path: '/v2/charts/app/manifests/1.0.0' }, {
      status: 200, body: MANIFEST.toString(), headers: { ...OCI, 'docker-content-digest': fakeDigest('0') },
    });
    await expect(client.getManifest(CHART.withTag('1.0.0'))).rejects.toThrow(/digest mismatch/);
  });

  test('a body that is not JSON is a protocol error', async () => {
    const { client } = mock.client();
    mock.reply(REG, { path: '/v2/charts/app/manifests/1.0.0' }, { status: 200, body: '<html>', headers: OCI });
    await expect(client.getManifest(CHART.withTag('1.0.0'))).rejects.toThrow('registry reg.example sent a manifest for oci://reg.example/charts/app:1.0.0 that is not a JSON object');
  });
});
