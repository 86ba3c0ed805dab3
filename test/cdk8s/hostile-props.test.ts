import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, JsonPatch } from 'cdk8s';
import {
  ChartRelease, ChartReleaseProps, FluxKustomization, FluxKustomizationProps, FluxOci, OciArtifactSource, OciHelmSource,
  PrivateRegistrySecret, RegistryTlsSecret,
} from '../../src/cdk8s';
import { ValidationError } from '../../src/foundation/errors';
import { findObject, synthValid, testChart } from '../support/synth';

/**
 * The findings of the props fuzz (issue 17), one test each: wrong types are
 * rejected in the constructor with the construct path, the field and what
 * is expected; values keys no serializer keeps are rejected with their JSON
 * pointer; nothing fails after the first file is written.
 */

function rejection(build: (chart: Chart) => void): ValidationError {
  const { chart } = testChart();
  try {
    build(chart);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

const release = (props: Partial<ChartReleaseProps>) => (chart: Chart) => {
  const source = new OciHelmSource(chart, 'src', { url: 'oci://ghcr.io/acme/charts' });
  new ChartRelease(chart, 'rel', { source, chart: 'web', ...props } as ChartReleaseProps);
};
const kustomization = (props: Partial<FluxKustomizationProps>) => (chart: Chart) => {
  const source = new OciArtifactSource(chart, 'src', { url: 'oci://ghcr.io/acme/manifests' });
  new FluxKustomization(chart, 'ks', { source, prune: true, ...props } as FluxKustomizationProps);
};

describe('wrong types are rejected at construction, naming path, field and what is expected', () => {
  test.each<[string, (chart: Chart) => void, string, RegExp]>([
    ['patches as a string', kustomization({ patches: 'x' as any }), 'patches', /expected a list \(array\) of objects \(KustomizePatch\), got 'x'/],
    ['components as an object', kustomization({ components: { a: 'b' } as any }), 'components', /expected a list \(array\) of strings, got an object/],
    ['healthChecks items that are strings', kustomization({ healthChecks: ['web'] as any }), 'healthChecks[0]', /expected an object \(KustomizationHealthCheck\), got 'web'/],
    ['postBuild: null', kustomization({ postBuild: null as any }), 'postBuild', /got null; leave the field out \(undefined\) for the default/],
    ['commonMetadata: null', kustomization({ commonMetadata: null as any }), 'commonMetadata', /got null/],
    ['images as a number', kustomization({ images: 3 as any }), 'images', /expected a list \(array\) of objects \(KustomizeImage\), got number 3/],
    ['valuesFrom as an object', release({ valuesFrom: { kind: 'ConfigMap', name: 'v' } as any }), 'valuesFrom', /expected a list \(array\) of objects \(ValuesReference\)/],
    ['fluxDependsOn as a string', release({ fluxDependsOn: 'other' as any }), 'fluxDependsOn', /expected a list \(array\) of ChartRelease \(or ChartRelease\.fromHelmReleaseName\(\)\), got 'other'/],
    ['postRenderers items without a list of patches', release({ postRenderers: [{ patches: 'p' }] as any }), 'postRenderers[0].patches', /expected a list/],
    ['upgrade: null', release({ upgrade: null as any }), 'upgrade', /expected an object \(UpgradeOptions\), got null/],
    ['a misspelt nested field', release({ install: { remediaton: { retries: 3 } } as any }), 'install.remediaton', /is not a field of InstallOptions; its fields are timeout, .*remediation/],
    ['a string field given Object.create(null)', release({ releaseName: Object.create(null) }), 'releaseName', /expected a string, got an object/],
    ['maxHistory as a string', release({ maxHistory: '5' as any }), 'maxHistory', /expected an integer, got '5'/],
    ['verify as a plain object', (chart) => new OciHelmSource(chart, 'src', { url: 'oci://ghcr.io/acme/charts', verify: { provider: 'cosign' } as any }),
      'verify', /expected ChartVerification\.cosign\(\) or ChartVerification\.notation\(\), got an object/],
  ])('%s', (_title, build, field, message) => {
    const e = rejection(build);
    const issue = e.issues.find((i) => i.field === field);
    expect(issue).toBeDefined();
    expect(issue!.path).toMatch(/^test\//);
    expect(issue!.message).toMatch(message);
  });

  test('props = null names the props argument', () => {
    const e = rejection((chart) => new ChartRelease(chart, 'rel', null as any));
    expect(e.issues).toEqual([{ path: 'test/rel', field: 'props', message: 'expected the props object { source, chart }, got null' }]);
  });

  test('bigint and symbol credentials are refused by type, their values never printed', () => {
    const e = rejection((chart) => new PrivateRegistrySecret(chart, 'pull', { registry: 'ghcr.io', username: Symbol('robot') as any, password: 987654321987654321n as any }));
    expect(e.issues).toEqual([
      { path: 'test/pull', field: 'username', message: 'expected a string, got a symbol' },
      { path: 'test/pull', field: 'password', message: 'expected a string, got a bigint' },
    ]);
    expect(e.message).not.toContain('987654321987654321');
  });
});

describe('Secret props take constructs, never names: certSecret like secret', () => {
  test.each<[string, Record<string, unknown>, RegExp]>([
    ['certSecret', { certSecret: 'registry-ca' }, /expected a RegistryTlsSecret \(or RegistryTlsSecret\.fromSecretName\(scope, id, 'name'\) for an existing Secret\), got 'registry-ca'/],
    ['secret', { secret: 'pull' }, /expected a PrivateRegistrySecret \(or PrivateRegistrySecret\.fromSecretName\(scope, id, 'name'\) for an existing Secret\), got 'pull'/],
    ['proxySecret', { proxySecret: 'proxy' }, /expected a RegistryProxySecret/],
  ])('%s given a string', (field, props, message) => {
    const e = rejection((chart) => new OciHelmSource(chart, 'src', { url: 'oci://ghcr.io/acme/charts', ...props }));
    expect(e.issues).toEqual([expect.objectContaining({ path: 'test/src', field, message: expect.stringMatching(message) })]);
  });

  test('the construct form writes certSecretRef with the name', () => {
    const { app, chart } = testChart();
    const source = new OciHelmSource(chart, 'src', { url: 'oci://ghcr.io/acme/charts', certSecret: RegistryTlsSecret.fromSecretName(chart, 'ca', 'registry-ca') });
    new ChartRelease(chart, 'rel', { source, chart: 'web' });
    expect(findObject(synthValid(app), 'OCIRepository').spec.certSecretRef).toEqual({ name: 'registry-ca' });
  });
});

describe('values keys no serializer keeps are rejected with their JSON pointer', () => {
  test.each<[string, Record<string, unknown>, string, string]>([
    ['constructor', { app: { constructor: { replicas: 2 } } }, 'values.app.constructor', '/values/app/constructor'],
    ['a JSON-parsed __proto__', JSON.parse('{"app": {"__proto__": {"admin": true}}}'), 'values.app.__proto__', '/values/app/__proto__'],
    ['a YAML merge key', { '<<': { a: 1 } }, 'values.<<', '/values/<<'],
    ['a key with / and ~', { 'a/b': { '~c': { constructor: 1 } } }, 'values.a/b.~c.constructor', '/values/a~1b/~0c/constructor'],
  ])('%s', (_title, values, field, pointer) => {
    const e = rejection(release({ values }));
    expect(e.issues).toEqual([expect.objectContaining({ path: 'test/rel', field, message: expect.stringContaining(`(JSON pointer ${pointer}) cannot be kept`) })]);
  });

  test('the same keys in commonMetadata and postBuild.substitute', () => {
    const e = rejection(kustomization({ commonMetadata: { labels: { constructor: 'x' } }, postBuild: { substitute: JSON.parse('{"__proto__": "x"}') } }));
    expect(e.issues.map((i) => [i.field, i.message.match(/JSON pointer (\S+)\)/)?.[1]])).toEqual([
      ['postBuild.substitute.__proto__', '/postBuild/substitute/__proto__'],
      ['commonMetadata.labels.constructor', '/commonMetadata/labels/constructor'],
    ]);
  });

  test('values made of Object.create(null) objects are written as given', () => {
    const { app, chart } = testChart();
    const values = Object.assign(Object.create(null), { image: Object.assign(Object.create(null), { tag: '1.2', value: 'kept' }), replicas: 2 });
    release({ values })(chart);
    expect(findObject(synthValid(app), 'HelmRelease').spec.values).toEqual({ image: { tag: '1.2', value: 'kept' }, replicas: 2 });
  });
});

describe('no error leaves a partial dist/', () => {
  test('a failure in the second chart is found before the first chart is written', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'flux-oci-partial-'));
    const app = new App({ outdir });
    FluxOci.configure(app, {});
    const first = new Chart(app, 'first', { namespace: 'flux-system' });
    release({})(first);
    const second = new Chart(app, 'second', { namespace: 'apps' });
    const source = new OciHelmSource(second, 'src', { url: 'oci://ghcr.io/acme/charts' });
    const rel = new ChartRelease(second, 'rel', { source, chart: 'web' });
    // Something only the serializer trips over, added after construction through the escape hatch.
    (rel.node.defaultChild as ApiObject).addJsonPatch(JsonPatch.test('/spec/chartRef/kind', 'HelmChart'));
    expect(() => app.synth()).toThrow(/Validation failed[\s\S]*\[second\/rel\] HelmRelease 'rel' cannot be written: .*Test operation failed/);
    expect(readdirSync(outdir)).toEqual([]);
  });
});
