import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createGunzip } from 'node:zlib';
import { writeManifestDir } from './fixtures';
import { writeArtifact } from '../../src/archives';
import { computeDigest } from '../../src/foundation/digest';
import { OpenedBlob, RegistryClient, RegistryProtocolError } from '../../src/registry';
import { clientFor } from '../registry/integration/helpers';
import { FaultProxy, startFaultProxy, startRegistry, TestRegistry } from '../support/registry';

/**
 * Flux artifacts are streamed: archived into a temporary file and uploaded
 * from it in chunks, so a push's memory does not grow with the size of the
 * files (a 1 GiB file used to peak at 2.1 GB RSS; 3 GiB failed in readFile).
 */

const ROOT = resolve(__dirname, '..', '..');
const GiB = 1024 ** 3;

let registry: TestRegistry;
let proxy: FaultProxy;
let client: RegistryClient;
const scratch: string[] = [];

beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  proxy = await startFaultProxy(registry);
});
afterAll(async () => {
  await proxy?.stop();
  await registry?.stop();
  await Promise.all(scratch.map((d) => rm(d, { recursive: true, force: true })));
});
beforeEach(() => {
  proxy.clearRequests();
  client = clientFor(proxy).client;
});
afterEach(() => client.close());

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'flux-oci-streamed-'));
  scratch.push(dir);
  return dir;
}

test('a 3 GiB file (sparse) pushes with `push artifact` in a child whose peak RSS stays far below the file size', async () => {
  const dir = await tempDir();
  await mkdir(join(dir, 'deploy'));
  await writeFile(join(dir, 'deploy', 'app.yaml'), 'kind: ConfigMap\n');
  await writeFile(join(dir, 'deploy', 'huge.bin'), '');
  await truncate(join(dir, 'deploy', 'huge.bin'), 3 * GiB);

  const args = ['-r', require.resolve('ts-node/register/transpile-only'), join(__dirname, 'push-artifact-child.ts'),
    'push', 'artifact', dir, `oci://${registry.host}/big/artifact:v1`, '--insecure', '--json',
    '--source', 'https://github.com/acme/big', '--revision', 'main@sha1:0123456789abcdef', '--reproducible'];
  const { stdout, stderr } = await promisify(execFile)(process.execPath, args, {
    cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.dev.json'), HOME: dir, DOCKER_CONFIG: join(dir, '.docker') },
  });
  const maxRssKiB = Number(/maxRSS=(\d+)/.exec(stderr)?.[1]);
  // Generous: Node, ts-node and the 1 MiB read pieces; the file alone is 3072 MiB.
  expect(maxRssKiB).toBeGreaterThan(0);
  expect(maxRssKiB / 1024).toBeLessThan(512);
  const pushed = JSON.parse(stdout);
  expect(pushed).toMatchObject({ reference: `oci://${registry.host}/big/artifact:v1`, files: 2 });

  // The registry verified the layer against its digest on upload; its tar headers name the 3 GiB file.
  const reader = clientFor(registry).client;
  try {
    const { manifest } = await reader.getManifest(`oci://${registry.host}/big/artifact:v1`);
    const layer = manifest.layers![0];
    expect(layer.mediaType).toBe('application/vnd.cncf.flux.content.v1.tar+gzip');
    const headers = await leadingTarHeaders(await reader.openBlob(`oci://${registry.host}/big/artifact`, layer.digest), 4);
    expect(headers).toEqual([
      { name: '.', size: 0 }, { name: 'deploy', size: 0 }, { name: 'deploy/app.yaml', size: 16 }, { name: 'deploy/huge.bin', size: 3 * GiB },
    ]);
  } finally {
    await reader.close();
  }
}, 300_000);

test('a file blob goes up in PATCH chunks read from disk, and the digest is checked on the bytes sent', async () => {
  const dir = writeManifestDir({ 'a.yaml': 'a: 1\n'.repeat(50_000), 'b.bin': Buffer.alloc(700_000, 7) });
  const artifact = await writeArtifact(dir, join(await tempDir(), 'layer.tgz'), {});
  const pushed = await client.pushBlob(`oci://${proxy.host}/chunks/file`, { path: artifact.path, digest: artifact.digest }, { chunkSize: 1024 });
  expect(pushed).toEqual({ digest: artifact.digest, size: artifact.size, outcome: 'uploaded' });
  const patches = proxy.requests.filter((r) => r.method === 'PATCH');
  expect(patches).toHaveLength(Math.ceil(artifact.size / 1024));
  expect(await client.blobExists(`oci://${proxy.host}/chunks/file`, artifact.digest)).toBe(true);
});

test('a file whose bytes do not match the digest it was given is never committed', async () => {
  const dir = await tempDir();
  const file = join(dir, 'blob');
  await writeFile(file, 'the content');
  const claimed = computeDigest(Buffer.from('other content'));
  const error = await client.pushBlob(`oci://${proxy.host}/chunks/bad`, { path: file, digest: claimed }).then(() => undefined, (e) => e);
  expect(error).toBeInstanceOf(RegistryProtocolError);
  expect(error.message).toMatch(/does not match its digest/);
  expect(proxy.requests.filter((r) => r.method === 'PUT')).toEqual([]);
  expect(await client.blobExists(`oci://${proxy.host}/chunks/bad`, claimed)).toBe(false);
});

/** The first `count` tar headers of a gzipped layer: read only as far as needed. */
async function leadingTarHeaders(blob: OpenedBlob, count: number): Promise<{ name: string; size: number }[]> {
  const stream = blob.stream;
  const gunzip = createGunzip();
  stream.pipe(gunzip);
  const headers: { name: string; size: number }[] = [];
  let pending = Buffer.alloc(0);
  let skip = 0;
  for await (const chunk of gunzip) {
    pending = Buffer.concat([pending, chunk as Buffer]);
    while (headers.length < count) {
      if (skip > 0) {
        const dropped = Math.min(skip, pending.length);
        pending = pending.subarray(dropped);
        skip -= dropped;
        if (skip > 0) break;
      }
      if (pending.length < 512) break;
      const block = pending.subarray(0, 512);
      const name = block.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
      const size = parseInt(block.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8);
      headers.push({ name, size });
      pending = pending.subarray(512);
      skip = headers.length < count ? Math.ceil(size / 512) * 512 : 0;
    }
    if (headers.length >= count) break;
  }
  gunzip.destroy();
  stream.destroy();
  return headers;
}
