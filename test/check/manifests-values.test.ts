import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkManifests } from '../../src/check/manifests';
import { helmReleaseYaml } from '../support/flux-yaml';
import { pushProjectChart } from '../support/project-charts';
import { startRegistry, TestRegistry } from '../support/registry';
import { WEB } from '../values/charts';

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  await pushProjectChart(registry, 'charts', WEB);
});
afterAll(() => registry?.stop());

const repository = () => `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: charts
  namespace: apps
spec:
  type: oci
  insecure: true
  url: oci://${registry.host}/charts
`;

const release = helmReleaseYaml;

const check = (text: string, mode = 'online') => checkManifests([{ file: 'apps.yaml', text }], {
  resolver: { mode: mode as 'online', lockfile: false, cache: mkdtempSync(join(tmpdir(), 'flux-oci-check-values-')), env: { ...process.env, FLUX_OCI_RESOLVE: mode } },
});

test('values the chart rejects are findings with file:line and rule values; a release with good values has none', async () => {
  const text = [
    repository(),
    release('bad', '  values:\n    replicaCount: 0\n    cache:\n      port: x\n'),
    release('good', '  values:\n    replicaCount: 2\n'),
  ].join('---\n');
  const report = await check(text);
  const values = report.findings.filter((f) => f.rule === 'values');
  expect(values.map((f) => [f.severity, f.location.file, f.location.line, f.message])).toEqual([
    ['error', 'apps.yaml', 25, 'HelmRelease apps/bad: values of chart web@1.2.0 at /replicaCount: minimum: got 0, want 1 (values.schema.json of web)'],
    ['error', 'apps.yaml', 25, "HelmRelease apps/bad: values of chart web@1.2.0 at /cache/port: got string, want integer (values.schema.json of subchart 'cache')"],
  ]);
  expect(values.every((f) => f.pointer === '/spec/values' && f.object?.name === 'bad')).toBe(true);
});

test('a value holding a Flux post-build variable (${VAR}) is a warning: a Kustomization may substitute it before Helm sees it; not when the object opts out of substitution', async () => {
  const optedOut = 'literal\n  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled'; // the name, then metadata the helper does not write
  const report = await check([repository(), release('subst', '  values:\n    replicaCount: ${REPLICAS}\n'), release(optedOut, '  values:\n    replicaCount: ${REPLICAS}\n')].join('---\n'));
  expect(report.findings.filter((f) => f.rule === 'values').map((f) => [f.severity, f.message])).toEqual([
    ['warning', 'HelmRelease apps/subst: values of chart web@1.2.0 at /replicaCount: got string, want integer '
      + '(the value holds the Flux variable ${REPLICAS}: a Kustomization whose postBuild substitutes it hands Helm the result, which is not checked here) (values.schema.json of web)'],
    // kustomize-controller applies this object as written: Helm gets the literal.
    ['error', 'HelmRelease apps/literal: values of chart web@1.2.0 at /replicaCount: got string, want integer (values.schema.json of web)'],
  ]);
});

test('valuesFrom: a ConfigMap in the files is read and checked; a Secret that is not in the files is reported not checked', async () => {
  const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-values\n  namespace: apps\ndata:\n  values.yaml: |\n    replicaCount: 0\n';
  const read = [repository(), release('from', '  valuesFrom:\n    - kind: ConfigMap\n      name: web-values\n'), configMap].join('---\n');
  expect((await check(read)).findings.filter((f) => f.rule === 'values').map((f) => `${f.severity} ${f.message}`)).toEqual([
    'error HelmRelease apps/from: values of chart web@1.2.0 at /replicaCount: minimum: got 0, want 1 (values.schema.json of web)',
  ]);
  const unknown = [repository(), release('from', '  valuesFrom:\n    - kind: ConfigMap\n      name: web-values\n    - kind: Secret\n      name: elsewhere\n'), configMap].join('---\n');
  const messages = (await check(unknown)).findings.filter((f) => f.rule === 'values').map((f) => `${f.severity} ${f.message}`);
  expect(messages).toContain("warning HelmRelease apps/from: values of chart web@1.2.0 at the top level: valuesFrom Secret 'elsewhere' is not defined in this app, so the values it supplies are not checked");
  // The Secret not read may override the value: a warning, not an error.
  expect(messages).toContain('warning HelmRelease apps/from: values of chart web@1.2.0 at /replicaCount: minimum: got 0, want 1 (unless a valuesFrom source this app does not define supplies it) (values.schema.json of web)');
});

test('with the registry check off, no values are checked and nothing claims they were', async () => {
  const report = await check([repository(), release('bad', '  values:\n    replicaCount: 0\n')].join('---\n'), 'off');
  expect(report.findings.filter((f) => f.rule === 'values')).toEqual([]);
  expect(report.findings.map((f) => f.rule)).toContain('not-checked');
});

test('chartRef: the chart an OCIRepository resolves is checked against every HelmRelease that names it', async () => {
  const source = `apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: web
  namespace: apps
spec:
  interval: 10m
  insecure: true
  url: oci://${registry.host}/charts/web
  ref:
    semver: 1.2.x
  layerSelector:
    mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
    operation: copy
`;
  const byRef = (name: string, rest: string) => release(name, rest, '  chartRef:\n    kind: OCIRepository\n    name: web\n');
  const text = [source, byRef('bad', '  values:\n    replicaCount: 0\n'), byRef('good', '  values:\n    replicaCount: 3\n'), byRef('typo', '  values:\n    replicaCont: 2\n')].join('---\n');
  const report = await check(text);
  const values = report.findings.filter((f) => f.rule === 'values');
  expect(values.map((f) => [f.severity, f.object?.name, f.location.line, f.pointer, f.message])).toEqual([
    ['error', 'bad', 26, '/spec/values', 'HelmRelease apps/bad: values of chart web@1.2.0 at /replicaCount: minimum: got 0, want 1 (values.schema.json of web)'],
    ['warning', 'typo', 52, '/spec/values', expect.stringMatching(/^HelmRelease apps\/typo: values of chart web@1\.2\.0 at \/replicaCont: .*replicaCount/)],
  ]);
});
