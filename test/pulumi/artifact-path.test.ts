import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectResourceFailure, manifests, onlinePreviewPerTest, runProgram } from './mocks';
import { pushArtifact } from '../../src/publish';
import { FluxKustomization, OciArtifactSource } from '../../src/pulumi';
import { writeManifestDir } from '../publish/fixtures';
import { clientFor } from '../registry/integration/helpers';
import { startRegistry, TestRegistry } from '../support/registry';

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n';

let registry: TestRegistry;
let url: string;
beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  url = `oci://${registry.host}/manifests/site`;
  const { client } = clientFor(registry);
  try {
    await pushArtifact(client, writeManifestDir({
      'apps/web/kustomization.yaml': 'resources: [deploy.yaml]\n',
      'apps/web/deploy.yaml': CONFIG_MAP,
      'infra/deep/cm.yml': CONFIG_MAP,
      'docs/README.md': '# not manifests\n',
    }), `${url}:v1`, { source: 'https://github.com/acme/site', revision: 'v1@sha1:0123456789abcdef0123456789abcdef01234567' });
  } finally {
    await client.close();
  }
});
afterAll(() => registry?.stop());

const preview = onlinePreviewPerTest();

const env = (mode: string): NodeJS.ProcessEnv => ({ ...process.env, FLUX_OCI_RESOLVE: mode });

test('paths holding a kustomization.yaml or nested manifests pass the preview and the Kustomizations are written', async () => {
  const source = new OciArtifactSource('manifests', { url, tag: 'v1', insecure: true, settings: { resolve: { lockfile: false, cache: mkdtempSync(join(tmpdir(), 'flux-oci-pulumi-path-')) } } });
  new FluxKustomization('web', { source, prune: true, path: './apps/web' });
  new FluxKustomization('infra', { source, prune: true, path: 'infra' });
  const objects = manifests(await preview.mocks.resources());
  expect(objects.filter((o) => o.kind === 'Kustomization').map((o) => o.spec.path).sort()).toEqual(['./apps/web', 'infra']);
  expect(preview.warnings).not.toHaveBeenCalled();
});

test('a path not in the artifact fails the preview as the Kustomization\'s own error, with did-you-mean and the folders; it is not created', () => {
  const run = runProgram('artifact-path-check', { config: { 'proj:url': url, 'proj:tag': 'v1', 'proj:path': './apps/wbe' }, env: env('online') });
  expectResourceFailure(run, 'FLUX_OCI_ARTIFACT_PATH', 'app', "[app] path './apps/wbe' is not in artifact ");
  expect(run.failures.find((f) => f.code === 'FLUX_OCI_ARTIFACT_PATH')!.message)
    .toMatch(/kustomize-controller would fail with 'kustomization path not found'; did you mean '.\/apps\/web'\?; folders in the artifact: .\/apps, .\/apps\/web, .\/docs, .\/infra, .\/infra\/deep$/);
  expect(run.resources.filter((r) => r.type.startsWith('kubernetes:') && r.type.endsWith(':Kustomization'))).toEqual([]);
});

test("the source's ignore applies as source-controller applies it when it extracts the layer: a path it leaves out fails the preview", () => {
  const config = { 'proj:url': url, 'proj:tag': 'v1', 'proj:ignore': '/*\n!/apps/\n' };
  const run = runProgram('artifact-path-check', { config: { ...config, 'proj:path': 'infra' }, env: env('online') });
  expectResourceFailure(run, 'FLUX_OCI_ARTIFACT_PATH', 'app',
    "[app] path 'infra' is in artifact ");
  expect(run.failures.find((f) => f.code === 'FLUX_OCI_ARTIFACT_PATH')!.message)
    .toMatch(/but source-controller leaves it out when it extracts the artifact for its OCIRepository \('\/\*' \(its spec.ignore, line 1\)\)/);
  const kept = runProgram('artifact-path-check', { config: { ...config, 'proj:path': './apps/web' }, env: env('online') });
  expect(kept.failures).toEqual([]);
});

test('a folder with no manifests fails the preview', () => {
  const run = runProgram('artifact-path-check', { config: { 'proj:url': url, 'proj:tag': 'v1', 'proj:path': './docs' }, env: env('online') });
  expectResourceFailure(run, 'FLUX_OCI_ARTIFACT_PATH', 'app', "[app] path './docs' ('docs' of artifact ");
});

test('locked mode with a cold cache says "not checked", never a pass', async () => {
  delete process.env.FLUX_OCI_RESOLVE; // the sources' own modes apply
  const lockfile = join(mkdtempSync(join(tmpdir(), 'flux-oci-pulumi-lock-')), 'flux-oci.lock.json');
  const warm = mkdtempSync(join(tmpdir(), 'flux-oci-pulumi-warm-'));
  const online = new OciArtifactSource('online', { url, tag: 'v1', insecure: true, settings: { resolve: { lockfile, cache: warm } } });
  new FluxKustomization('first', { source: online, prune: true, path: './apps/web' });
  await preview.mocks.resources();

  const cold = new OciArtifactSource('cold', { url, tag: 'v1', insecure: true, settings: { resolve: { lockfile, mode: 'locked', cache: mkdtempSync(join(tmpdir(), 'flux-oci-pulumi-cold-')) } } });
  new FluxKustomization('unchecked', { source: cold, prune: true, path: './apps/wbe' });
  const objects = manifests(await preview.mocks.resources());
  await new Promise((r) => setTimeout(r, 50));
  expect(objects.filter((o) => o.kind === 'Kustomization').map((o) => o.metadata.name).sort()).toEqual(['first', 'unchecked']);
  expect(preview.warnings.mock.calls.map((c) => c[0])).toEqual([
    "[unchecked] path './apps/wbe' not checked: artifact not cached (FLUX_OCI_RESOLVE=locked makes no request); run 'flux-oci lock' to fetch it",
  ]);
});
