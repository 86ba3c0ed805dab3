import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFindings, cli } from './run-cli';
import { edit, lineOf, pullSecretYaml } from './tree-files';
import { pushArtifact } from '../../src/publish';
import { writeManifestDir } from '../publish/fixtures';
import { clientFor } from '../registry/integration/helpers';
import { CANARY, pushTestChart, pushTestTags, startRegistry, TestRegistry } from '../support/registry';

/**
 * `flux-oci check` against real registries: a tree of HelmRepository,
 * OCIRepository, HelmRelease and Kustomization YAML pointing at a public
 * and a private (htpasswd) registry. A clean tree exits 0; a wrong version,
 * a wrong chart path and a private source without a Secret are each
 * reported at their file and line; the Secret's password never appears.
 */

let open: TestRegistry;
let locked: TestRegistry;
beforeAll(async () => {
  [open, locked] = await Promise.all([startRegistry({ mode: 'anonymous' }), startRegistry({ mode: 'htpasswd' })]);
  await pushTestChart(open, { repository: 'charts/web', version: '1.2.3' });
  await pushTestTags(open, 'charts/web', ['latest']);
  await pushTestChart(locked, { repository: 'private/web', version: '1.0.0' });
  const { client } = clientFor(open);
  try {
    await pushArtifact(client, writeManifestDir({
      'apps/web/kustomization.yaml': 'resources: [deploy.yaml]\n',
      'apps/web/deploy.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n',
      'infra/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: infra\n',
    }), `oci://${open.host}/manifests/site:v1`, { source: 'https://github.com/acme/site', revision: 'v1@sha1:0123456789abcdef0123456789abcdef01234567' });
  } finally {
    await client.close();
  }
});
afterAll(async () => {
  await open?.stop();
  await locked?.stop();
});

const HELM_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

function cleanTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-tree-'));
  const files: Record<string, string> = {
    'sources.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: charts
  namespace: apps
spec:
  type: oci
  interval: 5m
  url: oci://${open.host}/charts
  insecure: true
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: web
  namespace: apps
spec:
  interval: 5m
  url: oci://${open.host}/charts/web
  ref:
    semver: 1.x
  layerSelector:
    mediaType: ${HELM_LAYER}
    operation: copy
  insecure: true
`,
    'releases.yaml': `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: web-helm
  namespace: apps
spec:
  interval: 10m
  chart:
    spec:
      chart: web
      version: 1.2.3
      sourceRef:
        kind: HelmRepository
        name: charts
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: web-oci
  namespace: apps
spec:
  interval: 10m
  chartRef:
    kind: OCIRepository
    name: web
`,
    'private.yaml': `${pullSecretYaml('private-pull', 'apps', locked)}---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: private
  namespace: apps
spec:
  interval: 5m
  url: oci://${locked.host}/private/web
  ref:
    tag: 1.0.0
  layerSelector:
    mediaType: ${HELM_LAYER}
    operation: copy
  secretRef:
    name: private-pull
  insecure: true
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: private
  namespace: apps
spec:
  interval: 10m
  chartRef:
    kind: OCIRepository
    name: private
`,
    'apps.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: manifests
  namespace: apps
spec:
  interval: 5m
  url: oci://${open.host}/charts/web
  ref:
    tag: latest
  insecure: true
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: app
  namespace: apps
spec:
  interval: 10m
  sourceRef:
    kind: OCIRepository
    name: manifests
  path: ./
  prune: true
`,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

test('a clean tree exits 0: every chart and artifact found with Flux\'s rules, the private one with the Secret in the tree', async () => {
  const dir = cleanTree();
  const run = await cli(['check', '--json', dir]);
  expect(run.stderr).toBe('');
  const report = JSON.parse(run.stdout);
  expect(report.findings).toEqual([]);
  expect(report.summary).toMatchObject({ files: 4, fluxObjects: 8, errors: 0, warnings: 0, registry: { mode: 'auto', checked: 4, failed: 0 } });
  expect(run.code).toBe(0);
});

test('wrong version, wrong chart path, private without a Secret: each reported at its file and line, exit 1; the password never printed', async () => {
  const dir = cleanTree();
  edit(dir, 'releases.yaml', 'version: 1.2.3', 'version: 9.9.9');
  edit(dir, 'sources.yaml', '/charts/web\n', '/charts/nope\n');
  edit(dir, 'private.yaml', '  secretRef:\n    name: private-pull\n', '');

  const run = await cli(['check', dir]);
  expect(run.code).toBe(1);
  const lines = run.stdout.trim().split('\n');
  expect(lines.filter((l) => l.includes('[registry]'))).toEqual([
    expect.stringMatching(new RegExp(`^${join(dir, 'private.yaml')}:${lineOf(dir, 'private.yaml', 'url: oci://')}:3: error \\[registry\\] OCIRepository apps/private: chart oci://${locked.host}/private/web tag '1\\.0\\.0' failed the registry check \\(no-credentials-in-cluster\\): Flux will pull this anonymously .*; give the source a spec\\.secretRef naming a kubernetes\\.io/dockerconfigjson Secret`)),
    expect.stringMatching(new RegExp(`^${join(dir, 'releases.yaml')}:${lineOf(dir, 'releases.yaml', 'version: 9.9.9')}:7: error \\[registry\\] HelmRelease apps/web-helm \\(through HelmRepository apps/charts\\): chart oci://${open.host}/charts/web version '9\\.9\\.9' failed the registry check \\(version-not-found\\): .*nearest: 1\\.2\\.3`)),
    expect.stringMatching(new RegExp(`^${join(dir, 'sources.yaml')}:${lineOf(dir, 'sources.yaml', '/charts/nope')}:3: error \\[registry\\] OCIRepository apps/web: chart oci://${open.host}/charts/nope version '1\\.x' failed the registry check \\(repository-not-found\\)`)),
  ]);
  expect(lines[lines.length - 1]).toMatch(/^4 files, 8 Flux objects \(Flux 2\.9\), 4 registry lookups: 3 errors, 0 warnings, 0 notes$/);

  for (const format of ['text', 'json', 'sarif']) {
    const out = await cli(['check', '--format', format, dir]);
    expect(`${out.stdout}${out.stderr}`).not.toContain(CANARY);
    expect(`${out.stdout}${out.stderr}`).not.toContain(locked.password);
  }
});

test('a source without a Secret fails as Flux would, although this machine is logged in to the registry', async () => {
  const dir = cleanTree();
  edit(dir, 'private.yaml', '  secretRef:\n    name: private-pull\n', '');
  const docker = mkdtempSync(join(tmpdir(), 'check-login-'));
  const auth = Buffer.from(`${locked.username}:${locked.password}`).toString('base64');
  writeFileSync(join(docker, 'config.json'), JSON.stringify({ auths: { [locked.host]: { auth } } }));
  const run = await cli(['check', '--json', dir], { env: { DOCKER_CONFIG: docker } });
  const { findings } = JSON.parse(run.stdout);
  expect(findings).toEqual([expect.objectContaining({ rule: 'registry', cause: 'no-credentials-in-cluster', object: expect.objectContaining({ name: 'private' }) })]);
  expect(run.stdout).not.toContain(locked.password);
  // With its Secret named but not in the files, the login stands in for it.
  edit(dir, 'private.yaml', '  insecure: true\n---\napiVersion: helm', '  insecure: true\n  secretRef:\n    name: made-elsewhere\n---\napiVersion: helm');
  expect((await checkFindings('registry', [dir], { env: { DOCKER_CONFIG: docker } })).findings).toEqual([]);
});

test("a serviceAccountName: the account's imagePullSecrets when it is in the files (none: anonymous), else the login stands in", async () => {
  const dir = cleanTree();
  edit(dir, 'private.yaml', '  secretRef:\n    name: private-pull\n', '  serviceAccountName: puller\n');
  const docker = mkdtempSync(join(tmpdir(), 'check-login-'));
  writeFileSync(join(docker, 'config.json'), JSON.stringify({ auths: { [locked.host]: { auth: Buffer.from(`${locked.username}:${locked.password}`).toString('base64') } } }));
  const registryFindings = async (env: NodeJS.ProcessEnv = {}) => JSON.parse((await cli(['check', '--json', dir], { env })).stdout).findings
    .filter((f: any) => f.rule === 'registry').map((f: any) => f.cause);
  // Not in the files: the login stands in for the account's pull secrets.
  expect(await registryFindings({ DOCKER_CONFIG: docker })).toEqual([]);
  // In the files, naming the Secret: exactly its credentials, with no login on this machine.
  writeFileSync(join(dir, 'account.yaml'), 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: puller\n  namespace: apps\nimagePullSecrets:\n  - name: private-pull\n');
  expect(await registryFindings()).toEqual([]);
  // A pull Secret the keychain cannot parse fails the source before any lookup, as a secretRef's does.
  writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: broken\n  namespace: apps\ntype: kubernetes.io/dockerconfigjson\n'
    + 'stringData:\n  .dockerconfigjson: "{"\n');
  edit(dir, 'account.yaml', '  - name: private-pull\n', '  - name: broken\n  - name: private-pull\n');
  const broken = JSON.parse((await cli(['check', '--json', dir], { env: { DOCKER_CONFIG: docker } })).stdout).findings;
  expect(broken.map((f: any) => [f.rule, f.severity, f.object.name])).toEqual([['credentials', 'error', 'broken']]);
  expect(broken[0].message).toContain('(an imagePullSecret of ServiceAccount apps/puller, the serviceAccountName of OCIRepository apps/private)');
  // In the files with no pull secrets: Flux pulls anonymously, whatever this machine's login.
  edit(dir, 'account.yaml', 'imagePullSecrets:\n  - name: broken\n  - name: private-pull\n', '');
  expect(await registryFindings({ DOCKER_CONFIG: docker })).toEqual(['no-credentials-in-cluster']);
});

test('a Secret whose entry is for another host: the HelmRepository fails as Flux would, before any lookup', async () => {
  const dir = cleanTree();
  edit(dir, 'private.yaml', 'kind: OCIRepository', 'kind: HelmRepository');
  edit(dir, 'private.yaml', `  url: oci://${locked.host}/private/web\n  ref:\n    tag: 1.0.0\n  layerSelector:\n    mediaType: ${HELM_LAYER}\n    operation: copy\n`, `  type: oci\n  url: oci://${open.host}/private\n`);
  edit(dir, 'private.yaml', '  chartRef:\n    kind: OCIRepository\n    name: private\n', '  chart:\n    spec:\n      chart: web\n      sourceRef:\n        kind: HelmRepository\n        name: private\n');
  const run = await cli(['check', '--json', dir]);
  const { findings } = JSON.parse(run.stdout);
  expect(findings).toEqual([expect.objectContaining({
    rule: 'credentials',
    severity: 'error',
    line: 1,
    message: `Secret apps/private-pull (the secretRef of HelmRepository apps/private): no auth config for '${open.host}' in the docker-registry Secret (Flux fails the HelmRepository with this)`,
  })]);
  expect(run.code).toBe(1);
});

test('the lockfile: written by a run that goes online, enough alone under FLUX_OCI_RESOLVE=locked', async () => {
  const dir = cleanTree();
  const lockfile = join(mkdtempSync(join(tmpdir(), 'check-lock-')), 'flux-oci.lock.json');
  expect((await cli(['check', '--lockfile', lockfile, dir])).code).toBe(0);
  expect(Object.keys(JSON.parse(readFileSync(lockfile, 'utf8')).charts)).toHaveLength(4);

  const offline = await cli(['check', '--json', '--lockfile', lockfile, dir], { env: { FLUX_OCI_RESOLVE: 'locked' } });
  expect(offline.code).toBe(0);
  expect(JSON.parse(offline.stdout).summary.registry).toMatchObject({ mode: 'locked', checked: 4, failed: 0, registryRequests: 0 });

  // In a folder with a lockfile, it is used without being named.
  const project = mkdtempSync(join(tmpdir(), 'check-project-'));
  cpSync(lockfile, join(project, 'flux-oci.lock.json'));
  const here = await cli(['check', '--json', dir], { cwd: project, env: { FLUX_OCI_RESOLVE: 'locked' } });
  expect(JSON.parse(here.stdout).summary.registry.failed).toBe(0);
  expect(existsSync(join(dir, 'flux-oci.lock.json'))).toBe(false);
});

test('a basic-auth Secret: a HelmRepository presents it; an OCIRepository ignores it, as Flux does, and pulls anonymously', async () => {
  const dir = cleanTree();
  edit(dir, 'private.yaml', 'type: kubernetes.io/dockerconfigjson\ndata:\n', `type: kubernetes.io/basic-auth\nstringData:\n  username: ${locked.username}\n  password: ${locked.password}\n`);
  edit(dir, 'private.yaml', /  \.dockerconfigjson: .*\n/.exec(readFileSync(join(dir, 'private.yaml'), 'utf8'))![0], '');
  const ociRun = await cli(['check', '--json', dir]);
  const oci = JSON.parse(ociRun.stdout).findings;
  expect(oci.map((f: any) => [f.rule, f.severity])).toEqual([['credentials', 'warning'], ['registry', 'error']]);
  expect(oci[0].message).toContain("is of type 'kubernetes.io/basic-auth'; an OCIRepository reads only 'kubernetes.io/dockerconfigjson' pull Secrets, so Flux pulls anonymously");
  expect(oci[1].cause).toBe('no-credentials-in-cluster');
  expect(ociRun.stdout).not.toContain(CANARY);

  edit(dir, 'private.yaml', 'kind: OCIRepository', 'kind: HelmRepository');
  edit(dir, 'private.yaml', `  url: oci://${locked.host}/private/web\n  ref:\n    tag: 1.0.0\n  layerSelector:\n    mediaType: ${HELM_LAYER}\n    operation: copy\n`, `  type: oci\n  url: oci://${locked.host}/private\n`);
  edit(dir, 'private.yaml', '  chartRef:\n    kind: OCIRepository\n    name: private\n', '  chart:\n    spec:\n      chart: web\n      version: 1.0.0\n      sourceRef:\n        kind: HelmRepository\n        name: private\n');
  const helm = await cli(['check', '--json', dir]);
  expect(JSON.parse(helm.stdout).findings).toEqual([]);
  expect(helm.code).toBe(0);
});

test("a Kustomization's path is checked in the artifact its OCIRepository pulls, as source-controller extracts it (layerSelector, spec.ignore); a copied layer is a note", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'check-artifact-paths-'));
  const source = (name: string, extra = '') => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: ${name}\n  namespace: apps\n`
    + `spec:\n  interval: 5m\n  url: oci://${open.host}/manifests/site\n  ref:\n    tag: v1\n  insecure: true\n${extra}`;
  const ks = (name: string, from: string, path: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: ${name}\n  namespace: apps\n`
    + `spec:\n  interval: 10m\n  prune: true\n  path: ${path}\n  sourceRef:\n    kind: OCIRepository\n    name: ${from}\n`;
  writeFileSync(join(dir, 'sources.yaml'), [
    source('site', '  layerSelector:\n    mediaType: application/vnd.cncf.flux.content.v1.tar+gzip\n    operation: extract\n'),
    source('first'),
    source('apps-only', '  ignore: |\n    /*\n    !/apps/\n'),
    source('copied', '  layerSelector:\n    mediaType: application/vnd.cncf.flux.content.v1.tar+gzip\n    operation: copy\n'),
  ].join('---\n'));
  writeFileSync(join(dir, 'apps.yaml'), [
    ks('web', 'site', './apps/web'), ks('typo', 'site', './apps/wbe'), ks('infra', 'first', './infra'),
    ks('ignored', 'apps-only', './infra'), ks('kept', 'apps-only', './apps/web'), ks('copied', 'copied', './nowhere'),
    `${ks('composed', 'site', './apps/web')}  components:\n    - ../../infra\n`,
  ].join('---\n'));
  const run = await cli(['check', '--json', dir]);
  expect(run.stderr).toBe('');
  const findings = JSON.parse(run.stdout).findings.map((f: any) => `${f.severity} ${f.rule} ${f.object?.name} ${f.line} ${f.message}`);
  expect(findings).toEqual([
    expect.stringMatching(/^error path typo 22 Kustomization apps\/typo \(through OCIRepository apps\/site\): path '.\/apps\/wbe' is not in artifact oci:\/\/\S+\/manifests\/site@sha256:[0-9a-f]{64}: kustomize-controller would fail with 'kustomization path not found'; did you mean '.\/apps\/web'\?/),
    expect.stringMatching(/^error path ignored 48 Kustomization apps\/ignored \(through OCIRepository apps\/apps-only\): path '.\/infra' is in artifact \S+, but source-controller leaves it out when it extracts the artifact for its OCIRepository \('\/\*' \(its spec.ignore, line 1\)\)/),
    "note not-checked copied 74 Kustomization apps/copied: spec.path is not checked in OCIRepository apps/copied's artifact: its layerSelector copies the layer as it is",
    // A component must be a folder holding a kustomization: infra/ holds a manifest only.
    expect.stringMatching(/^error path composed 92 Kustomization apps\/composed \(through OCIRepository apps\/site\): component '..\/..\/infra' \(relative to path '.\/apps\/web'\) is not a folder holding a kustomization in artifact \S+, so the kustomize build fails$/),
  ]);
  expect(run.code).toBe(1);
});
