import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { onlinePreviewPerTest, runProgram, valueOf } from './mocks';
import { ChartRelease, OciHelmSource } from '../../src/pulumi';
import { pushProjectChart } from '../support/project-charts';
import { startRegistry, TestRegistry } from '../support/registry';
import { WEB } from '../values/charts';

let registry: TestRegistry;
beforeAll(async () => {
  registry = await startRegistry({ mode: 'anonymous' });
  await pushProjectChart(registry, 'charts', WEB);
});
afterAll(() => registry?.stop());

const preview = onlinePreviewPerTest();

const source = (name: string) => new OciHelmSource(name, {
  url: `oci://${registry.host}/charts`,
  insecure: true,
  settings: { resolve: { lockfile: false, cache: mkdtempSync(join(tmpdir(), 'flux-oci-pulumi-values-')) } },
});
const warned = () => preview.warnings.mock.calls.map((c) => c[0]);
/** The failures of a program run under mocks in its own process (a failed Output fails the program, as under `pulumi preview`). */
const failuresOf = (config: Record<string, string>, secretKeys?: string[]) =>
  runProgram('values-check', { config: { 'proj:url': `oci://${registry.host}/charts`, ...config }, secretKeys }).failures.map((f) => f.message).join('\n');

test('values the chart rejects fail the preview with the resource name, chart@version and pointer', () => {
  const failures = failuresOf({ 'proj:values': JSON.stringify({ replicaCount: 0, cache: { port: 'x' } }) });
  expect(failures).toContain('[web] values of chart web@1.2.0 at /replicaCount: minimum: got 0, want 1 (values.schema.json of web)');
  expect(failures).toContain("[web] values of chart web@1.2.0 at /cache/port: got string, want integer (values.schema.json of subchart 'cache')");
});

test('strictValues in the source settings makes an unknown key fail the preview', () => {
  expect(failuresOf({ 'proj:values': JSON.stringify({ replicaCont: 2 }), 'proj:strictValues': 'true' }))
    .toContain("[web] values of chart web@1.2.0 at /replicaCont: 'replicaCont' is not a value this chart knows");
});

test('a secret Output among the values: no value appears in the message', () => {
  const failures = failuresOf({ 'proj:serviceType': 'hunter2-s3cret' }, ['proj:serviceType']);
  expect(failures).toContain("at /service/type: value must be one of 'ClusterIP', 'NodePort', 'LoadBalancer'; got (value from a Secret)");
  expect(failures).not.toContain('hunter2');
});

test('unknown keys and valuesFrom objects are preview.warnings in the preview log', async () => {
  const release = new ChartRelease('web', {
    source: source('charts'), chart: 'web', version: '1.2.0', values: { replicaCont: 2 }, valuesFrom: [{ kind: 'Secret', name: 'web-secret' }],
  });
  expect(await valueOf(release.resolvedVersion)).toBe('1.2.0');
  await preview.mocks.resources();
  expect(warned()).toEqual(expect.arrayContaining([
    "[web] values of chart web@1.2.0 at /replicaCont: 'replicaCont' is not a value this chart knows (not in its values.yaml, schema or templates); Helm ignores it; did you mean 'replicaCount'?",
    "[web] values of chart web@1.2.0 at the top level: valuesFrom Secret 'web-secret' is not defined in this app, so the values it supplies are not checked",
  ]));
});

test('a value unknown at preview: the release is not checked, and the preview says so', async () => {
  // An Output whose value is unknown during preview, as a resource's output is before it exists.
  const OutputClass = pulumi.Output as any;
  const unknown = new OutputClass(new Set(), Promise.resolve(undefined), Promise.resolve(false), Promise.resolve(false), Promise.resolve(new Set()));
  new ChartRelease('web', { source: source('charts'), chart: 'web', version: '1.2.0', values: { replicaCount: unknown } });
  await preview.mocks.resources();
  await new Promise((r) => setTimeout(r, 50));
  expect(warned()).toContain('[web] values not checked: some are unknown until the update (Outputs of resources not created yet)');
});
