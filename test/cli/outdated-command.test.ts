import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { cli, ROOT, TS_NODE_ENV, writeLockApp } from './run-cli';
import { ociRepositoryYaml } from '../support/flux-yaml';
import { pushTestChart, startRegistry, TestRegistry } from '../support/registry';

/**
 * `flux-oci outdated` against a real registry: a cdk8s app locked at 1.0.0
 * with '~1.0' while 1.0.1, 1.1.0, 2.0.0 and 2.1.0-rc.1 exist.
 */

let registry: TestRegistry;
let dir: string;
const created = (day: string) => ({ 'org.opencontainers.image.created': `2026-${day}T12:00:00Z` });

beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  await pushTestChart(registry, { repository: 'charts/web', version: '1.0.0', annotations: created('01-10') });
  dir = mkdtempSync(join(tmpdir(), 'flux-oci-outdated-'));
  writeLockApp(dir, registry.host, '~1.0');
  expect(await cli(['lock'], { cwd: dir, env: TS_NODE_ENV })).toMatchObject({ code: 0 });
  await pushTestChart(registry, {
    repository: 'charts/web',
    version: '1.0.1',
    annotations: { ...created('02-10'), 'artifacthub.io/changes': '- kind: fixed\n  description: the probe port\n- plain line\n' },
  });
  await pushTestChart(registry, { repository: 'charts/web', version: '1.1.0', annotations: created('03-10') });
  await pushTestChart(registry, { repository: 'charts/web', version: '2.0.0', annotations: created('04-10') });
  await pushTestChart(registry, { repository: 'charts/web', version: '2.1.0-rc.1' });
}, 200_000);
afterAll(() => registry?.stop());

test('an update within the constraint: the table, the changelog, --json by its schema, exit 1; after lock --update, exit 0', async () => {
  const lockfile = join(dir, 'flux-oci.lock.json');
  const before = readFileSync(lockfile, 'utf8');
  const text = await cli(['outdated'], { cwd: dir, env: TS_NODE_ENV });
  expect(text.code).toBe(1);
  const reference = `oci://${registry.host}/charts/web`;
  const lines = text.stdout.split('\n');
  expect(lines[0]).toBe(`${lockfile}:`);
  expect(lines[1]).toMatch(/^ {2}USED BY +CHART +CONSTRAINT +LOCKED +IN RANGE +LATEST$/);
  expect(lines[2]).toMatch(new RegExp(`^  apps/web +${reference.replace(/\./g, '\\.')} +~1\\.0 +1\\.0\\.0 \\(\\d+ (days|months)\\) +1\\.0\\.1 patch \\(\\d+ (days|months)\\) +2\\.0\\.0 major \\(\\d+ (days|months)\\)$`));
  // Columns line up: each header starts where its cells do.
  expect(lines[2].indexOf(reference)).toBe(lines[1].indexOf('CHART'));
  expect(lines[2].indexOf('1.0.1 patch')).toBe(lines[1].indexOf('IN RANGE'));
  expect(text.stdout).toContain(`\n  ${reference} 1.0.0 → 1.0.1:\n    1.0.1  fixed: the probe port\n    1.0.1  plain line\n`);
  expect(readFileSync(lockfile, 'utf8')).toBe(before); // outdated never writes the lockfile

  // A Pulumi program's lockfile, no app: the same rows, labelled by chart reference.
  const json = await cli(['outdated', '--lockfile', lockfile, '--plain-http', '--json'], { cwd: dir });
  expect(json.code).toBe(1);
  const document = JSON.parse(json.stdout);
  const validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'cli', 'outdated.schema.json'), 'utf8')));
  expect(validate.errors ?? validate(document)).toBe(true);
  expect(document.lockfiles[0].rows).toEqual([{
    key: `${reference} oci-repository ~1.0`,
    users: [reference],
    reference,
    constraint: '~1.0',
    status: 'update',
    locked: { version: '1.0.0', tag: '1.0.0', created: '2026-01-10T12:00:00Z' },
    wanted: { version: '1.0.1', tag: '1.0.1', jump: 'patch', created: '2026-02-10T12:00:00Z' },
    latest: { version: '2.0.0', tag: '2.0.0', jump: 'major', created: '2026-04-10T12:00:00Z' },
    changelog: [{ version: '1.0.1', changes: ['fixed: the probe port', 'plain line'] }],
  }]);

  expect(await cli(['lock', '--update'], { cwd: dir, env: TS_NODE_ENV })).toMatchObject({ code: 0 });
  const current = await cli(['outdated'], { cwd: dir, env: TS_NODE_ENV });
  expect(current.code).toBe(0);
  expect(current.stdout.split('\n')[2]).toMatch(/ 1\.0\.1 \(\d+ (days|months)\) +current +2\.0\.0 major /);
}, 400_000);

/** HelmRepository charts (the test registry) and HelmRelease web at chart web 1.0.0, the version on line 22. */
function webRelease(): string {
  return `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: charts
  namespace: apps
spec:
  type: oci
  interval: 10m
  url: oci://${registry.host}/charts
  insecure: true
---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: web
  namespace: apps
spec:
  interval: 10m
  chart:
    spec:
      chart: web
      version: 1.0.0
      sourceRef:
        kind: HelmRepository
        name: charts
`;
}

test('YAML paths: a HelmRelease chart at an exact version, an OCIRepository range and a chart pinned by tag, at their file:line', async () => {
  const yamlDir = mkdtempSync(join(tmpdir(), 'flux-oci-outdated-yaml-'));
  writeFileSync(join(yamlDir, 'web.yaml'), `${webRelease()}---
${ociRepositoryYaml('web-range', registry.host, 'semver: 1.x')}---
apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: web-pinned
  namespace: apps
spec:
  interval: 10m
  url: oci://${registry.host}/charts/web
  insecure: true
  layerSelector:
    mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
    operation: copy
  ref:
    tag: 1.0.1
`);
  const run = await cli(['outdated', yamlDir, '--json'], { cwd: yamlDir });
  expect(run).toMatchObject({ code: 0, stderr: '' });
  const rows = JSON.parse(run.stdout).lockfiles[0].rows;
  const file = join(yamlDir, 'web.yaml');
  expect(rows).toEqual([
    expect.objectContaining({ users: [`${file}:22`], constraint: '1.0.0', status: 'current', locked: expect.objectContaining({ version: '1.0.0' }), latest: expect.objectContaining({ version: '2.0.0', jump: 'major' }) }),
    expect.objectContaining({ users: [`${file}:36`], constraint: '1.x', status: 'current', locked: expect.objectContaining({ version: '1.1.0' }), latest: expect.objectContaining({ version: '2.0.0', jump: 'major' }) }),
    // A chart pinned by tag (how most repositories pin charts) never moves, but the newest stable version is shown beside it.
    expect.objectContaining({ users: [`${file}:51`], constraint: '1.0.1', status: 'pinned', locked: expect.objectContaining({ tag: '1.0.1' }), latest: expect.objectContaining({ version: '2.0.0', jump: 'major' }) }),
  ]);
});

test("YAML paths: a version a Flux Kustomization's patch sets is the one listed, at the release's file", async () => {
  const repo = mkdtempSync(join(tmpdir(), 'flux-oci-outdated-patched-'));
  mkdirSync(join(repo, '.git'));
  mkdirSync(join(repo, 'clusters'));
  mkdirSync(join(repo, 'apps'));
  writeFileSync(join(repo, 'clusters', 'apps.yaml'), `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: apps
  namespace: flux-system
spec:
  interval: 10m
  prune: true
  path: ./apps
  sourceRef:
    kind: GitRepository
    name: flux-system
  patches:
    - patch: |-
        - op: replace
          path: /spec/chart/spec/version
          value: 1.x
      target:
        kind: HelmRelease
        name: web
`);
  writeFileSync(join(repo, 'apps', 'web.yaml'), webRelease());
  const run = await cli(['outdated', repo, '--json'], { cwd: repo });
  expect(run).toMatchObject({ code: 0, stderr: '' });
  const rows = JSON.parse(run.stdout).lockfiles[0].rows;
  expect(rows).toEqual([expect.objectContaining({ users: [`${join(repo, 'apps', 'web.yaml')}:22`], constraint: '1.x', locked: expect.objectContaining({ version: '1.1.0' }) })]);
});

test('YAML paths: the OCIRepository a flux-operator ResourceSet applies is listed, at its line inside the ResourceSet', async () => {
  const yamlDir = mkdtempSync(join(tmpdir(), 'flux-oci-outdated-resource-set-'));
  // The OCIRepository as the first entry of spec.resources.
  const entry = ociRepositoryYaml('web', registry.host, "semver: '~1.0'").replace(/^(?=.)/gm, '      ').replace(/^ {6}/, '    - ');
  writeFileSync(join(yamlDir, 'operator.yaml'), `apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSet
metadata:
  name: web
  namespace: apps
spec:
  resources:
${entry}`);
  const run = await cli(['outdated', yamlDir, '--json'], { cwd: yamlDir });
  expect(run).toMatchObject({ code: 0, stderr: '' });
  const rows = JSON.parse(run.stdout).lockfiles[0].rows;
  expect(rows).toEqual([expect.objectContaining({
    // The ref, as for an OCIRepository of its own.
    users: [`${join(yamlDir, 'operator.yaml')}:17`],
    constraint: '~1.0',
    status: 'current',
    locked: expect.objectContaining({ version: '1.0.1' }),
    latest: expect.objectContaining({ version: '2.0.0', jump: 'major' }),
  })]);
});

test('YAML paths: a base two overlays patch is listed once per overlay, each version at the patch that writes it', async () => {
  const repo = mkdtempSync(join(tmpdir(), 'flux-oci-outdated-overlays-'));
  for (const folder of ['base', 'production', 'staging']) mkdirSync(join(repo, 'apps', folder), { recursive: true });
  writeFileSync(join(repo, 'apps', 'base', 'kustomization.yaml'), 'resources: [web.yaml]\n');
  writeFileSync(join(repo, 'apps', 'base', 'web.yaml'), webRelease());
  for (const [overlay, version] of [['production', '1.0.1'], ['staging', '1.x']]) {
    writeFileSync(join(repo, 'apps', overlay, 'kustomization.yaml'), 'resources: [../base]\npatches:\n  - path: version.yaml\n');
    writeFileSync(join(repo, 'apps', overlay, 'version.yaml'), 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: apps\n'
      + `spec:\n  chart:\n    spec:\n      version: "${version}"\n`);
  }
  const run = await cli(['outdated', repo, '--json'], { cwd: repo });
  expect(run).toMatchObject({ code: 0, stderr: '' });
  const rows = JSON.parse(run.stdout).lockfiles[0].rows;
  expect(rows).toEqual([
    expect.objectContaining({ users: [`${join(repo, 'apps', 'production', 'version.yaml')}:9`], constraint: '1.0.1', locked: expect.objectContaining({ version: '1.0.1' }) }),
    expect.objectContaining({ users: [`${join(repo, 'apps', 'staging', 'version.yaml')}:9`], constraint: '1.x', locked: expect.objectContaining({ version: '1.1.0' }) }),
  ]);
  // What --ignore-paths leaves out of the walk is not read, as in 'flux-oci check'; without YAML paths it is a usage error.
  const production = await cli(['outdated', repo, '--ignore-paths', 'staging/', '--json'], { cwd: repo });
  expect(JSON.parse(production.stdout).lockfiles[0].rows.map((r: { constraint: string }) => r.constraint)).toEqual(['1.0.1']);
  expect(await cli(['outdated', '--ignore-paths', 'staging/'], { cwd: repo })).toMatchObject({ code: 2, stderr: expect.stringContaining('--ignore-paths applies to YAML folders') });
});

test('YAML paths with a file that is not YAML: the rows of the rest, the file named on stderr, exit 2 (the report is incomplete); a source whose ref holds a post-build variable is named as not listed', async () => {
  const yamlDir = mkdtempSync(join(tmpdir(), 'flux-oci-outdated-bad-'));
  const source = (name: string, ref: string) => `apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: ${name}\n  namespace: apps\n`
    + `spec:\n  interval: 10m\n  url: oci://${registry.host}/charts/web\n  insecure: true\n  ref:\n    ${ref}\n`;
  writeFileSync(join(yamlDir, 'a.yaml'), `${source('web-range', 'semver: 1.x')}---\n${source('web-var', 'tag: ${WEB_VERSION}')}`);
  writeFileSync(join(yamlDir, 'b.yaml'), 'apiVersion: v1\nkind: [\n');
  const run = await cli(['outdated', yamlDir, '--json'], { cwd: yamlDir });
  expect(run.code).toBe(2);
  expect(JSON.parse(run.stdout).lockfiles[0].rows.map((r: any) => r.constraint)).toEqual(['1.x']);
  const lines = run.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(2);
  const skipped = `flux-oci outdated: skipped ${join(yamlDir, 'b.yaml')}:3: not valid YAML: `;
  expect(lines[0].slice(0, skipped.length)).toBe(skipped);
  const tagLine = readFileSync(join(yamlDir, 'a.yaml'), 'utf8').split('\n').indexOf('    tag: ${WEB_VERSION}') + 1;
  expect(lines[1]).toBe(`flux-oci outdated: not listed ${join(yamlDir, 'a.yaml')}:${tagLine}: OCIRepository apps/web-var: spec.ref.tag holds the Flux variable \${WEB_VERSION}, `
    + "known only once a Kustomization's postBuild substitutes it, so the artifact is not looked up");
});

test('a registry that cannot be reached: exit 2 naming it', async () => {
  const lockfile = join(dir, 'flux-oci.lock.json');
  const run = await cli(['outdated', '--lockfile', lockfile], { cwd: dir });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^flux-oci outdated: .*127\.0\.0\.1/);
});
