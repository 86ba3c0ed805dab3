import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { cli, removeScratch, ROOT, scratchDir, TS_NODE_ENV, writeCdk8sApp } from './run-cli';
import { pushTestChart, startRegistry, TestRegistry } from '../support/registry';
import { API, PLAIN, WEB } from '../values/charts';

/**
 * `flux-oci import` against a real registry: charts pushed with the test
 * harness, the generated modules compiled with `strict` against flux-oci's
 * own source, and the values generic rejecting a wrong value at compile time.
 */

let registry: TestRegistry;
let env: NodeJS.ProcessEnv;
const digests: Record<string, string> = {};

/** API plus a `$ref` to another document, which import must not fetch. */
const API_WITH_EXTERNAL_REF = {
  ...API,
  'values.schema.json': JSON.stringify({
    ...JSON.parse(API['values.schema.json']),
    properties: {
      ...JSON.parse(API['values.schema.json']).properties,
      extra: { $ref: 'https://example.invalid/extra.schema.json' },
    },
  }),
};

beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  env = { FLUX_OCI_CACHE: scratchDir('import-cache-') };
  const push = async (name: string, version: string, files: Record<string, string>) => {
    const pushed = await pushTestChart(registry, { repository: `charts/${name}`, version, extraFiles: files });
    digests[`${name}@${version}`] = pushed.digest;
  };
  await push('web', '1.2.0', WEB);
  await push('web', '1.3.0', { ...WEB, 'Chart.yaml': WEB['Chart.yaml'].replace('version: 1.2.0', 'version: 1.3.0') });
  await push('web', '1.4.0-rc.1', { ...WEB, 'Chart.yaml': WEB['Chart.yaml'].replace('version: 1.2.0', 'version: 1.4.0-rc.1') });
  await push('api', '0.3.0', API_WITH_EXTERNAL_REF);
  await push('plain', '0.1.0', PLAIN);
});
afterAll(async () => {
  await registry?.stop();
  removeScratch();
});

const ref = (name: string) => `oci://${registry.host}/charts/${name}`;

/** Type errors of `files` (name → text) compiled with the project's strict settings, flux-oci resolved to src/. */
function typeErrors(dir: string, files: Record<string, string>): string[] {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.dev.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  expect(config.options.strict).toBe(true);
  const program = ts.createProgram(Object.keys(files).map((f) => join(dir, f)), { ...config.options, noEmit: true });
  return ts.getPreEmitDiagnostics(program).map((d) =>
    `${d.file ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start!).line + 1}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

test('a range resolves to the newest stable version; the module is written under imports/ with the chart, version and digest', async () => {
  const cwd = scratchDir('import-range-');
  const run = await cli(['import', ref('web'), '--version', '^1.2', '--plain-http', '--json'], { cwd, env });
  expect(run).toMatchObject({ code: 0, stderr: '' });
  expect(JSON.parse(run.stdout)).toEqual({
    reference: ref('web'),
    version: '1.3.0',
    digest: digests['web@1.3.0'],
    file: join('imports', 'web-1.3.0.ts'),
    type: 'WebValues',
    constant: 'webChart',
    source: 'values.schema.json',
  });
  const source = readFileSync(join(cwd, 'imports', 'web-1.3.0.ts'), 'utf8');
  expect(source).toContain(`export const webChart: ImportedChart<WebValues> = {\n  chart: "web",\n  version: "1.3.0",\n  digest: "${digests['web@1.3.0']}",\n};`);
  // The aliased subchart (redis as cache) is typed from its own 2020-12 schema, under its alias.
  expect(source).toMatch(/cache\?: WebCacheValues;/);
  expect(source).toMatch(/export interface WebCacheValues \{\n {2}port\?: number/);
});

test('same chart digest, same bytes (second run from the cache); --output changes the folder', async () => {
  const cwd = scratchDir('import-again-');
  expect((await cli(['import', ref('plain'), '--version', '0.1.0', '--plain-http'], { cwd, env })).code).toBe(0);
  const first = readFileSync(join(cwd, 'imports', 'plain-0.1.0.ts'));
  const again = await cli(['import', ref('plain'), '--version', '0.1.0', '--plain-http', '--output', 'types'], { cwd, env });
  expect(again).toMatchObject({ code: 0, stderr: '' });
  expect(again.stdout).toContain(`${join('types', 'plain-0.1.0.ts')}: PlainValues and plainChart for ${ref('plain')} 0.1.0`);
  expect(readFileSync(join(cwd, 'types', 'plain-0.1.0.ts'))).toEqual(first);
});

test('without a schema: inferred from values.yaml, helm-docs and plain comments as doc comments', async () => {
  const cwd = scratchDir('import-plain-');
  expect((await cli(['import', ref('plain'), '--version', '0.1.0', '--plain-http'], { cwd, env })).code).toBe(0);
  const source = readFileSync(join(cwd, 'imports', 'plain-0.1.0.ts'), 'utf8');
  expect(source).toContain([
    'export interface PlainValues {',
    '  /**',
    '   * How many replicas to run',
    '   */',
    '  replicaCount?: number;',
    '  image?: {',
    '    /**',
    '     * Container image repository',
    '     */',
    '    repository?: string;',
    '    /**',
    '     * Image tag (old helm-docs form)',
    '     */',
    '    tag?: string;',
    '  };',
  ].join('\n'));
  // `global` is always accepted (Helm passes it to every chart); nothing else beyond values.yaml and what the templates read.
  expect(source).toContain('  labels?: Record<string, unknown>;\n  hosts?: string[];\n  /** Passed to this chart and every subchart. */\n  global?: Record<string, unknown>;\n}');
});

test('2020-12 $defs become named types; a $ref to another document is unknown with a comment, never fetched', async () => {
  const cwd = scratchDir('import-api-');
  expect((await cli(['import', ref('api'), '--version', '0.3.0', '--plain-http'], { cwd, env })).code).toBe(0);
  const source = readFileSync(join(cwd, 'imports', 'api-0.3.0.ts'), 'utf8');
  expect(source).toMatch(/image\?: ApiValuesImage/);
  expect(source).toMatch(/export interface ApiValuesImage \{\n {2}repository\?: string/);
  expect(source).toContain('`$ref: https://example.invalid/extra.schema.json` points outside values.schema.json: not imported.');
  expect(source).toMatch(/extra\?: unknown/);
});

test('the modules compile under strict; ChartRelease (cdk8s and Pulumi) takes the values type from valuesType and rejects a wrong value', async () => {
  const cwd = scratchDir('import-tsc-');
  for (const [name, version] of [['web', '1.2.0'], ['api', '0.3.0'], ['plain', '0.1.0']]) {
    expect((await cli(['import', ref(name), '--version', version, '--plain-http', '--output', '.'], { cwd, env })).code).toBe(0);
  }
  const errors = typeErrors(cwd, {
    'app.ts': `import { App, Chart } from 'cdk8s';
import { ChartRelease, OciHelmSource } from 'flux-oci/cdk8s';
import { webChart, WebValues } from './web-1.2.0';
import { apiChart } from './api-0.3.0';
import { plainChart } from './plain-0.1.0';

const chart = new Chart(new App(), 'typed');
const source = new OciHelmSource(chart, 'source', { url: 'oci://ghcr.io/acme/charts' });
new ChartRelease(chart, 'web', { source, chart: 'web', version: '1.2.0', valuesType: webChart,
  values: { replicaCount: 2, service: { type: 'NodePort' }, cache: { port: 6380 } } });
new ChartRelease<WebValues>(chart, 'web2', { source, chart: 'web', values: { image: { tag: '1.0' } } });
new ChartRelease(chart, 'api', { source, chart: 'api', valuesType: apiChart, values: { mode: 'safe', image: { repository: 'x' } } });
new ChartRelease(chart, 'plain', { source, chart: 'plain', valuesType: plainChart, values: { hosts: ['b.example.com'] } });

// @ts-expect-error replicaCount is a number in web's schema
new ChartRelease(chart, 'bad1', { source, chart: 'web', valuesType: webChart, values: { replicaCount: 'two' } });
// @ts-expect-error 'Ingress' is not one of the service types
new ChartRelease(chart, 'bad2', { source, chart: 'web', valuesType: webChart, values: { service: { type: 'Ingress' } } });
// @ts-expect-error the subchart's port (under its alias) is a number
new ChartRelease(chart, 'bad3', { source, chart: 'web', valuesType: webChart, values: { cache: { port: '6380' } } });
// @ts-expect-error mode is 'fast' or 'safe'
new ChartRelease(chart, 'bad4', { source, chart: 'api', valuesType: apiChart, values: { mode: 'slow' } });
// @ts-expect-error hosts is a list of strings (inferred from values.yaml)
new ChartRelease(chart, 'bad5', { source, chart: 'plain', valuesType: plainChart, values: { hosts: 'a' } });

// Keys the chart knows without typing them: read by its templates (nameOverride), free-form defaults, global.
new ChartRelease(chart, 'known', { source, chart: 'web', valuesType: webChart,
  values: { nameOverride: 'site', podAnnotations: { team: 'a' }, resources: { limits: { cpu: '1' } }, global: { region: 'us' } } });
// @ts-expect-error a typo'd key does not compile where the synth would warn: replicaCont is no key of web
new ChartRelease(chart, 'typo1', { source, chart: 'web', valuesType: webChart, values: { replicaCont: 2 } });
// @ts-expect-error nor one level down: image has repository and tag
new ChartRelease(chart, 'typo2', { source, chart: 'web', valuesType: webChart, values: { image: { repo: 'x' } } });
// @ts-expect-error nor in a chart typed from values.yaml
new ChartRelease(chart, 'typo3', { source, chart: 'plain', valuesType: plainChart, values: { hostz: ['a'] } });
`,
    'stack.ts': `import * as flux from 'flux-oci/pulumi';
import { webChart } from './web-1.2.0';

const source = new flux.OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts' });
new flux.ChartRelease('web', { source, chart: 'web', valuesType: webChart, values: { replicaCount: 2, cache: { port: 6380 } } });
// @ts-expect-error replicaCount is a number in web's schema
new flux.ChartRelease('bad', { source, chart: 'web', valuesType: webChart, values: { replicaCount: 'two' } });
`,
  });
  expect(errors).toEqual([]);
});

test('--app: one module per chart version the app\'s releases resolve to, naming the releases; artifacts skipped', async () => {
  const cwd = scratchDir('import-app-');
  writeCdk8sApp(cwd, `const source = new OciHelmSource(chart, 'charts', { url: 'oci://${registry.host}/charts', insecure: true });
new ChartRelease(chart, 'web', { source, chart: 'web', version: '^1.2' });
new ChartRelease(chart, 'web-canary', { source, chart: 'web', version: '1.3.0' });
new ChartRelease(chart, 'web-old', { source, chart: 'web', version: '1.2.0' });
new ChartRelease(chart, 'plain', { source, chart: 'plain', version: '0.1.0' });
new OciArtifactSource(chart, 'manifests', { url: 'oci://${registry.host}/charts/plain', tag: '0.1.0', insecure: true });`);
  const run = await cli(['import', '--app'], { cwd, env: { ...env, ...TS_NODE_ENV } });
  expect(run.code).toBe(0);
  expect(run.stdout.trim().split('\n')).toEqual([
    `${join('imports', 'plain-0.1.0.ts')}: PlainValues and plainChart for ${ref('plain')} 0.1.0 (${digests['plain@0.1.0']}), from values.yaml; used by apps/plain`,
    `${join('imports', 'web-1.2.0.ts')}: WebValues and webChart for ${ref('web')} 1.2.0 (${digests['web@1.2.0']}), from values.schema.json; used by apps/web-old`,
    `${join('imports', 'web-1.3.0.ts')}: WebValues and webChart for ${ref('web')} 1.3.0 (${digests['web@1.3.0']}), from values.schema.json; used by apps/web, apps/web-canary`,
  ]);
  // The same bytes as importing each chart version by hand.
  const byHand = scratchDir('import-app-by-hand-');
  expect((await cli(['import', ref('web'), '--version', '1.3.0', '--plain-http'], { cwd: byHand, env })).code).toBe(0);
  expect(readFileSync(join(cwd, 'imports', 'web-1.3.0.ts'))).toEqual(readFileSync(join(byHand, 'imports', 'web-1.3.0.ts')));
  // Mixing the two forms is a usage error.
  expect(await cli(['import', ref('web'), '--app'], { cwd })).toMatchObject({ code: 2, stderr: expect.stringContaining('either a chart reference or --app') });
  expect(await cli(['import', '--app', '--version', '1.2.0'], { cwd })).toMatchObject({ code: 2, stderr: expect.stringContaining('--version is for one chart') });
});

test('--help, and a missing --version or a tag on the reference is a usage error (exit 2)', async () => {
  const help = await cli(['import', '--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('schemas/cli/import.schema.json');
  expect(await cli(['import', ref('web'), '--plain-http'])).toMatchObject({ code: 2, stderr: expect.stringContaining('missing --version') });
  expect(await cli(['import', `${ref('web')}:1.2.0`, '--plain-http'])).toMatchObject({ code: 2, stderr: expect.stringContaining('not as a :tag') });
});

test('a version the registry does not have fails with the registry check\'s message (exit 1)', async () => {
  const run = await cli(['import', ref('web'), '--version', '9.x', '--plain-http'], { cwd: scratchDir('import-missing-'), env });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('9.x');
});
