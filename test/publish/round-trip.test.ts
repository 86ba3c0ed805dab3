import { createHash } from 'node:crypto';
import { writeChartDir, writeManifestDir } from './fixtures';
import { packageChart } from '../../src/archives';
import { readTarGz } from '../../src/archives/tar-reader';
import { Resolver } from '../../src/check/resolver';
import { OCI_MANIFEST_MEDIA_TYPE } from '../../src/foundation';
import { FLUX_CONFIG_MEDIA_TYPE, FLUX_CONTENT_MEDIA_TYPE, HELM_CHART_LAYER_MEDIA_TYPE, HELM_CONFIG_MEDIA_TYPE } from '../../src/foundation/media-types';
import { PushInputError, pushArtifact, pushChart } from '../../src/publish';
import { RegistryClient, RegistryUnauthorizedError, StaticCredentials } from '../../src/registry';
import { clientFor, expectNoSecrets } from '../registry/integration/helpers';
import { canaryPassword, RegistryMode, skopeoInspectRaw, startRegistry, TestRegistry } from '../support/registry';

const sha256 = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe.each<RegistryMode>(['anonymous', 'htpasswd', 'token'])('push round trip (%s registry)', (mode) => {
  let registry: TestRegistry;
  beforeAll(async () => { registry = await startRegistry({ mode }); });
  afterAll(() => registry?.stop());

  const credentials = () => (registry.username
    ? new StaticCredentials({ [registry.host]: { username: registry.username, password: registry.password! } })
    : undefined);

  test('package → pushChart: Helm media types, annotations, _ tag, layer = the tgz', async () => {
    const chart = await packageChart(writeChartDir('mychart', '1.2.3+build.7'));
    const { client, debugLines } = clientFor(registry, { credentials: credentials() });
    try {
      const result = await pushChart(client, chart.bytes, `oci://${registry.host}/charts`);
      expect(result.reference).toBe(`oci://${registry.host}/charts/mychart:1.2.3_build.7`);
      expect(result.uploadedBytes).toBeGreaterThanOrEqual(chart.bytes.length);

      const manifest = await skopeoInspectRaw(registry, 'charts/mychart:1.2.3_build.7');
      expect(manifest.mediaType).toBe(OCI_MANIFEST_MEDIA_TYPE);
      expect(manifest.config.mediaType).toBe(HELM_CONFIG_MEDIA_TYPE);
      expect(manifest.layers.map((l) => l.mediaType)).toEqual([HELM_CHART_LAYER_MEDIA_TYPE]);
      expect(manifest.layers[0].digest).toBe(sha256(chart.bytes));
      expect(manifest.annotations).toMatchObject({
        'org.opencontainers.image.title': 'mychart',
        'org.opencontainers.image.version': '1.2.3+build.7',
        'org.opencontainers.image.description': 'a chart pushed by the tests',
        'org.opencontainers.image.url': 'https://example.com/home',
        'org.opencontainers.image.source': 'https://github.com/acme/app',
        'org.opencontainers.image.authors': 'Ada (ada@example.com)',
      });

      // The registry serves what was pushed: the config is Chart.yaml as JSON, the digest matches.
      const read = await client.getChartMetadata(`oci://${registry.host}/charts/mychart:1.2.3_build.7`);
      expect(read.metadata.name).toBe('mychart');
      expect(read.metadata.version).toBe('1.2.3+build.7');
      expect(read.digest).toBe(result.digest);
      expect(await client.listTags(`oci://${registry.host}/charts/mychart`)).toContain('1.2.3_build.7');

      // The synth-time check finds what was pushed, reading `_` back as `+`.
      const report = await new Resolver({ mode: 'online', lockfile: false, env: {} }).resolve([{
        path: 'round-trip',
        reference: `oci://${registry.host}/charts/mychart`,
        version: '1.2.x',
        ruleSet: 'helm-repository',
        access: { insecure: true, ...(registry.username ? { credentials: { username: registry.username, password: registry.password! } } : {}) },
      }]);
      expect(report.outcomes[0]).toEqual({ ok: true, from: 'registry', resolved: { version: '1.2.3+build.7', tag: '1.2.3_build.7', digest: result.digest } });
      expectNoSecrets([result, debugLines.join('\n')]);
    } finally {
      await client.close();
    }
  });

  if (mode !== 'anonymous') {
    test('a wrong password: the push fails as unauthorized before any manifest, and no secret is in the error', async () => {
      const chart = await packageChart(writeChartDir('denied', '0.0.1'));
      const wrong = canaryPassword();
      const wrongCredentials = new StaticCredentials({ [registry.host]: { username: registry.username!, password: wrong } });
      const { client, debugLines } = clientFor(registry, { credentials: wrongCredentials });
      try {
        const error = await pushChart(client, chart.bytes, `oci://${registry.host}/charts`).catch((e) => e);
        expect(error).toBeInstanceOf(RegistryUnauthorizedError);
        expectNoSecrets([error, debugLines.join('\n')], [wrong, registry.password]);
        expect(debugLines.filter((l) => l.includes('"PUT"'))).toEqual([]);
      } finally {
        await client.close();
      }
    });
  }

  test('pushArtifact: Flux media types and annotations, layer round-trips the files', async () => {
    const dir = writeManifestDir({ 'deploy.yaml': 'kind: ConfigMap\n', 'sub/svc.yaml': 'kind: Service\n', 'logo.png': 'ignored by default' });
    const { client } = clientFor(registry, { credentials: credentials() });
    try {
      const result = await pushArtifact(client, dir, `oci://${registry.host}/manifests/app:v1`, {
        source: 'https://github.com/acme/app', revision: 'main@sha1:0123456789abcdef', reproducible: true, annotations: { team: 'platform' },
      });
      const manifest = await skopeoInspectRaw(registry, 'manifests/app:v1');
      expect(manifest.config.mediaType).toBe(FLUX_CONFIG_MEDIA_TYPE);
      expect(manifest.layers.map((l) => l.mediaType)).toEqual([FLUX_CONTENT_MEDIA_TYPE]);
      expect(manifest.annotations).toEqual({
        'org.opencontainers.image.created': '1970-01-01T00:00:00Z',
        'org.opencontainers.image.source': 'https://github.com/acme/app',
        'org.opencontainers.image.revision': 'main@sha1:0123456789abcdef',
        'team': 'platform',
      });
      expect(result.digest).toBe((await client.headManifest(`oci://${registry.host}/manifests/app:v1`)).digest);
      const layer = await client.getBlob(`oci://${registry.host}/manifests/app`, manifest.layers[0].digest);
      const names = readTarGz(layer).filter((e) => e.type === 'file').map((e) => e.name).sort();
      expect(names).toEqual(['deploy.yaml', 'sub/svc.yaml']);
    } finally {
      await client.close();
    }
  });
});

describe('push input errors (no registry contacted)', () => {
  test('a chart destination with a tag is refused', async () => {
    const chart = await packageChart(writeChartDir('tagged', '0.1.0'));
    // Port 9 (discard) has no registry: these must fail before any request.
    const client = new RegistryClient({ insecureHosts: ['127.0.0.1:9'], env: {} });
    try {
      await expect(pushChart(client, chart.bytes, 'oci://127.0.0.1:9/charts:0.1.0')).rejects.toBeInstanceOf(PushInputError);
      await expect(pushChart(client, Buffer.from('not a tgz'), 'oci://127.0.0.1:9/charts')).rejects.toThrow(/not a chart archive/);
      await expect(pushArtifact(client, __dirname, 'oci://127.0.0.1:9/manifests', { source: 's', revision: 'r' })).rejects.toThrow(/needs a tag/);
    } finally {
      await client.close();
    }
  });
});
