import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart } from 'cdk8s';
import { FluxKustomization, FluxOci, FluxOciSettings, OciArtifactSource, resolveApp } from '../../src/cdk8s';
import { pushArtifact } from '../../src/publish';
import { writeManifestDir } from '../publish/fixtures';
import { clientFor } from '../registry/integration/helpers';
import { registryCheckWithWarnings } from '../support/captured-warnings';
import { startRegistry, TestRegistry } from '../support/registry';

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n';

/** One artifact, pushed with the project's own pushArtifact, with every layout the path check distinguishes. */
const LAYOUT = {
  'apps/web/kustomization.yaml': 'resources: [deploy.yaml]\n',
  'apps/web/deploy.yaml': CONFIG_MAP,
  'apps/api/deploy.yml': CONFIG_MAP,
  'apps/nested/base/Kustomization': 'resources: [cm.yaml]\n',
  'apps/nested/base/cm.yaml': CONFIG_MAP,
  'infra/deep/er/cm.yaml': CONFIG_MAP,
  'json-only/cm.json': '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j"}}',
  'docs/README.md': '# not manifests\n',
};

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  const { client } = clientFor(registry);
  try {
    await pushArtifact(client, writeManifestDir(LAYOUT), `oci://${registry.host}/manifests/site:v1`, {
      source: 'https://github.com/acme/site', revision: 'v1@sha1:0123456789abcdef0123456789abcdef01234567',
    });
  } finally {
    await client.close();
  }
});
afterAll(() => registry.stop());

const warnings = registryCheckWithWarnings('FLUX_OCI_ARTIFACT_PATH');
let cache: string;
beforeEach(() => {
  cache = mkdtempSync(join(tmpdir(), 'flux-oci-path-cache-'));
});

function project(paths: Record<string, string | undefined>, settings: FluxOciSettings = {}, ignore?: string) {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-path-'));
  const outdir = join(dir, 'dist');
  const app = new App({ outdir });
  FluxOci.configure(app, { ...settings, resolve: { lockfile: join(dir, 'flux-oci.lock.json'), cache, ...settings.resolve } });
  const chart = new Chart(app, 'site', { namespace: 'flux-system' });
  const source = new OciArtifactSource(chart, 'manifests', { url: `oci://${registry.host}/manifests/site`, tag: 'v1', insecure: true, ignore });
  for (const [id, path] of Object.entries(paths)) new FluxKustomization(chart, id, { source, prune: true, path });
  return { app, outdir, lockfile: join(dir, 'flux-oci.lock.json') };
}

function synthError(app: App): string {
  try {
    app.synth();
    return '';
  } catch (e) {
    return (e as Error).message;
  }
}

test('paths with a kustomization.yaml, a Kustomization file, plain manifests, nested manifests or the root pass, and the YAML is written', () => {
  const { app, outdir } = project({
    web: './apps/web', api: 'apps/api/', nested: './apps/nested/base', parent: './apps/nested', infra: './infra', root: undefined, dotted: '.',
  });
  expect(synthError(app)).toBe('');
  expect(readdirSync(outdir).length).toBeGreaterThan(0);
  expect(warnings).toEqual([]);
});

test("the source's ignore applies as source-controller applies it when it extracts the layer: a path it leaves out fails the synth, what it keeps passes", () => {
  const { app } = project({ web: './apps/web', infra: './infra' }, {}, '# only the apps\n/*\n!/apps/\n');
  const message = synthError(app);
  expect(message).toMatch(/\[site\/infra\] path '.\/infra' is in artifact \S+, but source-controller leaves it out when it extracts the artifact for its OCIRepository \('\/\*' \(its spec.ignore, line 2\)\)/);
  expect(message).not.toContain('site/web');
});

test('a path not in the artifact fails the synth with the construct path, the path given, did-you-mean and the folders that exist; nothing is written', () => {
  const { app, outdir } = project({ typo: './apps/wbe', gone: './staging' });
  const message = synthError(app);
  const at = `oci://${registry.host}/manifests/site@sha256:[0-9a-f]{64}`;
  expect(message).toMatch(new RegExp(`\\[site/typo\\] path './apps/wbe' is not in artifact ${at.replace(/\./g, '\\.')}: kustomize-controller would fail with 'kustomization path not found'; did you mean './apps/web'\\?; folders in the artifact: ./apps, ./apps/api, ./apps/nested, ./apps/nested/base, ./apps/web, ./docs, ./infra, ./infra/deep, ./infra/deep/er, ./json-only`));
  expect(message).toMatch(/\[site\/gone\] path '.\/staging' is not in artifact .*; folders in the artifact: \.\/apps, /);
  expect(message).not.toMatch(/did you mean '\.\/[^']*'\?.*\[site\/gone\]|\[site\/gone\][^\n]*did you mean/);
  expect(existsSync(outdir) ? readdirSync(outdir) : []).toEqual([]);
});

test('a folder Flux would build nothing from, and a path naming a file, fail the synth; .json files are not manifests to Flux', () => {
  const { app } = project({ docs: './docs', json: './json-only', file: './apps/web/deploy.yaml' });
  const message = synthError(app);
  expect(message).toMatch(/\[site\/docs\] path '.\/docs' \('docs' of artifact .*\) holds no kustomization\.yaml, kustomization\.yml, Kustomization and no \.yaml\/\.yml manifest below it: Flux would apply nothing, and with prune delete what this Kustomization applied before/);
  expect(message).toMatch(/\[site\/json\] path '.\/json-only' .* \(Flux does not read \.json files when it generates a kustomization\.yaml\)/);
  expect(message).toMatch(/\[site\/file\] path '.\/apps\/web\/deploy\.yaml' is a file in artifact .*, not a folder; kustomize-controller builds a folder \(e\.g\. '.\/apps\/web'\)/);
});

test("a FluxKustomization's components are checked in the artifact too: each must be a folder holding a kustomization", () => {
  const { app } = project({});
  const chart = app.node.findChild('site') as Chart;
  const source = chart.node.findChild('manifests') as OciArtifactSource;
  new FluxKustomization(chart, 'composed', { source, prune: true, path: './apps/web', components: ['../nested/base', '../api'] });
  expect(synthError(app)).toMatch(/\[site\/composed\] component '..\/api' \(relative to path '.\/apps\/web'\) is not a folder holding a kustomization in artifact \S+, so the kustomize build fails/);
});

test('a warm cache makes locked mode check with zero requests; a cold one says "not checked"', async () => {
  const online = project({ web: './apps/web', api: './apps/api' });
  const report = await resolveApp(online.app);
  // Tag HEAD or listing, then one manifest GET and one blob GET for the content layer.
  const onlineRequests = report.registryRequests;
  expect(synthError(online.app)).toBe('');

  const locked = project({ web: './apps/web', typo: './apps/wbe' }, { resolve: { lockfile: online.lockfile, mode: 'locked' } });
  const lockedReport = await resolveApp(locked.app);
  expect(onlineRequests).toBeGreaterThan(0);
  expect(lockedReport.registryRequests).toBe(0);
  expect(synthError(locked.app)).toMatch(/\[site\/typo\] path '.\/apps\/wbe' is not in artifact/);

  const cold = project({ typo: './apps/wbe' }, { resolve: { lockfile: online.lockfile, mode: 'locked', cache: mkdtempSync(join(tmpdir(), 'flux-oci-cold-')) } });
  expect(synthError(cold.app)).toBe('');
  expect(warnings).toEqual(['[site/typo] path \'./apps/wbe\' not checked: artifact not cached (FLUX_OCI_RESOLVE=locked makes no request); run \'flux-oci lock\' to fetch it']);
});
