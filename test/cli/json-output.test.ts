import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { cli, CliResult, removeScratch, ROOT, scratchDir, TS_NODE_ENV, writeLockApp } from './run-cli';
import { COMMANDS } from '../../src/cli/commands';
import { writeChartDir, writeManifestDir } from '../publish/fixtures';
import { ociRepositoryYaml } from '../support/flux-yaml';
import { pushProjectChart } from '../support/project-charts';
import { pushTestChart, startRegistry, TestRegistry } from '../support/registry';

/**
 * `--json` on every command prints one JSON document on stdout that
 * matches the command's schema in schemas/cli/ (checked in, shipped, and
 * named in the command's --help). The schemas forbid undocumented keys, so
 * a new field fails here until it is documented.
 */

const ajv = new Ajv({ allErrors: true, strict: true });
const schemaFile = (name: string) => join(ROOT, 'schemas', 'cli', `${name}.schema.json`);
const seen = new Set<string>();

function expectShape(name: string, run: CliResult): any {
  expect(run.code).toBe(0);
  const document = JSON.parse(run.stdout);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile(name), 'utf8')));
  if (!validate(document)) throw new Error(`${name} --json does not match ${schemaFile(name)}: ${ajv.errorsText(validate.errors)}\n${run.stdout}`);
  seen.add(name);
  return document;
}

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  await pushTestChart(registry, { repository: 'charts/web', version: '1.2.3' });
});
afterAll(async () => {
  await registry?.stop();
  removeScratch();
});

test('every command has a schema file', () => {
  for (const command of COMMANDS) expect(existsSync(schemaFile(command.name.join('-')))).toBe(true);
});

test('package, push chart, push artifact, tags, show, import', async () => {
  const out = mkdtempSync(join(tmpdir(), 'pkg-'));
  const packaged = expectShape('package', await cli(['package', writeChartDir('shape', '0.1.0'), '-d', out, '--json']));
  expect(packaged).toMatchObject({ name: 'shape', version: '0.1.0', path: join(out, 'shape-0.1.0.tgz') });

  const chart = expectShape('push-chart', await cli(['push', 'chart', packaged.path, `oci://${registry.host}/charts`, '--plain-http', '--json']));
  expect(chart).toMatchObject({ reference: `oci://${registry.host}/charts/shape:0.1.0`, tag: '0.1.0' });

  const dir = writeManifestDir({ 'a.yaml': 'a: 1\n' });
  const artifact = expectShape('push-artifact', await cli(['push', 'artifact', dir, `oci://${registry.host}/manifests:v1`, '--plain-http', '--json',
    '--source', 'https://github.com/acme/app', '--revision', 'v1@sha1:0123abc']));
  expect(artifact).toMatchObject({ tag: 'v1', files: 1 });

  expect(expectShape('tags', await cli(['tags', `oci://${registry.host}/charts/shape`, '--plain-http', '--json']))).toEqual(['0.1.0']);
  expect(expectShape('show', await cli(['show', `oci://${registry.host}/charts/shape`, '--version', '0.1.0', '--plain-http', '--json'])))
    .toMatchObject({ digest: chart.digest, metadata: { name: 'shape' } });
  const cwd = mkdtempSync(join(tmpdir(), 'import-'));
  expect(expectShape('import', await cli(['import', `oci://${registry.host}/charts/shape`, '--version', '0.1.0', '--plain-http', '--json'],
    { cwd, env: { FLUX_OCI_CACHE: join(cwd, 'cache') } })))
    .toMatchObject({ digest: chart.digest, file: join('imports', 'shape-0.1.0.ts'), source: 'values.yaml' });
  expect(expectShape('show-chart', await cli(['show', 'chart', `oci://${registry.host}/charts/shape`, '--version', '0.1.0', '--plain-http', '--json'])))
    .toMatchObject({ digest: chart.digest, metadata: { name: 'shape' } });
  const documented = await pushProjectChart(registry, 'charts', {
    'Chart.yaml': 'apiVersion: v2\nname: documented\nversion: 1.0.0\n',
    'values.yaml': 'replicaCount: 1\n',
    'values.schema.json': '{"type":"object"}\n',
    'README.md': '# documented\n',
  });
  const ref = `oci://${registry.host}/charts/documented`;
  expect(expectShape('show-values', await cli(['show', 'values', ref, '--plain-http', '--json'])))
    .toEqual({ reference: `${ref}:1.0.0`, digest: documented.digest, file: 'values.yaml', content: 'replicaCount: 1\n' });
  expect(expectShape('show-schema', await cli(['show', 'schema', ref, '--plain-http', '--json']))).toMatchObject({ file: 'values.schema.json', content: '{"type":"object"}\n' });
  expect(expectShape('show-readme', await cli(['show', 'readme', ref, '--plain-http', '--json']))).toMatchObject({ file: 'README.md', content: '# documented\n' });
});

test('login (helper and caFile present, null when unused), logout', async () => {
  const home = mkdtempSync(join(tmpdir(), 'home-'));
  const env = { DOCKER_CONFIG: home };
  const login = expectShape('login', await cli(['login', registry.host, '-u', 'me', '--password-stdin', '--plain-http', '--json'], { env, stdin: 'pw' }));
  expect(login).toEqual({ host: registry.host, configPath: join(home, 'config.json'), helper: null, caFile: null });
  expect(expectShape('logout', await cli(['logout', registry.host, '--json'], { env }))).toEqual({ host: registry.host, configPath: join(home, 'config.json'), removed: true });
});

test('lock: the lockfile, its size and each change', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-lock-json-'));
  writeLockApp(dir, registry.host);
  const lock = expectShape('lock', await cli(['lock', '--json'], { cwd: dir, env: TS_NODE_ENV }));
  expect(lock).toEqual({
    lockfiles: [{
      file: join(dir, 'flux-oci.lock.json'),
      charts: 1,
      added: [{ key: expect.any(String), releases: ['apps/web'], reference: `oci://${registry.host}/charts/web`, constraint: '1.x', version: '1.2.3', digest: expect.stringMatching(/^sha256:/) }],
      changed: [],
      removed: [],
      unchanged: 0,
      unused: [],
    }],
  });
});

test('import --app: every chart version the app resolved, with the releases using it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-import-app-json-'));
  writeLockApp(dir, registry.host);
  const imported = expectShape('import', await cli(['import', '--app', '--json'], { cwd: dir, env: { ...TS_NODE_ENV, FLUX_OCI_CACHE: join(dir, 'cache') } }));
  expect(imported).toEqual({
    imports: [{
      reference: `oci://${registry.host}/charts/web`,
      version: '1.2.3',
      digest: expect.stringMatching(/^sha256:/),
      file: join('imports', 'web-1.2.3.ts'),
      type: expect.any(String),
      constant: expect.any(String),
      source: 'values.yaml',
      releases: ['apps/web'],
    }],
  });
});

test('outdated: one row per entry the app uses', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-outdated-json-'));
  writeLockApp(dir, registry.host);
  expect(await cli(['lock'], { cwd: dir, env: TS_NODE_ENV })).toMatchObject({ code: 0 });
  const outdated = expectShape('outdated', await cli(['outdated', '--json'], { cwd: dir, env: TS_NODE_ENV }));
  expect(outdated.lockfiles).toEqual([{
    file: join(dir, 'flux-oci.lock.json'),
    rows: [expect.objectContaining({ users: ['apps/web'], constraint: '1.x', status: 'current', locked: expect.objectContaining({ version: '1.2.3' }) })],
  }]);
});

test('check: the summary and every finding with its location', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-check-json-'));
  writeFileSync(join(dir, 'release.yaml'), `${ociRepositoryYaml('web', registry.host, 'semver: 1.x',
    '  layerSelector:\n    mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip\n    operation: copy\n')}---
apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: web
  namespace: apps
spec:
  interval: 10m
  chartRef:
    kind: OCIRepository
    name: api
`);
  const check = expectShape('check', await cli(['check', '--json', dir]));
  expect(check.summary).toMatchObject({ files: 1, fluxObjects: 2, errors: 0, registry: { checked: 1, failed: 0 } });
  expect(check.findings).toEqual([expect.objectContaining({
    file: join(dir, 'release.yaml'),
    severity: 'warning',
    rule: 'reference',
    pointer: '/spec/chartRef',
    object: { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'web', namespace: 'apps' },
  })]);
});

test('bump: the literal rewritten', async () => {
  // Under the repository, so the project's own TypeScript resolves to this checkout's.
  const dir = scratchDir('bump-json-');
  cpSync(join(__dirname, 'fixtures', 'bump-app'), dir, { recursive: true });
  writeFileSync(join(dir, 'cdk8s.yaml'), 'language: typescript\napp: npx ts-node main.ts\n');
  const bump = expectShape('bump', await cli(['bump', 'web', '--to', '1.4.0', '--no-lock', '--json'], { cwd: dir }));
  expect(bump).toEqual({ release: 'web', from: '1.2.3', to: '1.4.0', file: 'main.ts', line: expect.any(Number), locked: false });
});

// Last in the file (jest runs a file's tests in order): the tests above went through every command.
test('check: the schema names every rule a finding can have (the SARIF rule table lists them all)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'flux-oci-check-rules-'));
  const sarif = JSON.parse((await cli(['check', '--format', 'sarif', dir])).stdout);
  const ids = sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
  const schema = JSON.parse(readFileSync(schemaFile('check'), 'utf8'));
  expect([...schema.properties.findings.items.properties.rule.enum].sort()).toEqual([...ids].sort());
});

test('every command was checked', () => {
  expect([...seen].sort()).toEqual(COMMANDS.map((c) => c.name.join('-')).sort());
});
