import * as pulumi from '@pulumi/pulumi';
import { RecordingMocks, expectResourceFailure, isSecretEnvelope, manifests, printable, runProgram, settle, useMocks, valueOf } from './mocks';
import { ChartReleaseSpec } from '../../src/model/release';
import { ResolvedChart } from '../../src/model/resolution';
import { ChartRelease, ChartResolutionContext, ChartResolver, OciHelmSource, PrivateRegistrySecret } from '../../src/pulumi';
import { expectValid } from '../support/validate';

const TOKEN = 'glpat-resolve-5b7d';
const DIGEST = 'sha256:' + 'ab'.repeat(32);

interface Call {
  readonly spec: ChartReleaseSpec;
  readonly context: ChartResolutionContext;
  readonly dryRun: boolean;
}

/** A resolver standing in for the registry: answers from a table, records what it was asked. */
function fakeResolver(answer: ResolvedChart | undefined): { resolver: ChartResolver; calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    resolver: async (spec, context) => {
      calls.push({ spec, context, dryRun: pulumi.runtime.isDryRun() });
      return answer;
    },
  };
}

let mocks: RecordingMocks;
beforeEach(async () => {
  mocks = await useMocks({ preview: true });
});
afterEach(settle);

function kube(kind: string, objects: any[]): any {
  return objects.find((o) => o.kind === kind);
}

describe('resolution during preview', () => {
  test("a range resolves to the version and digest that pin 'digest' writes into the OCIRepository", async () => {
    const fake = fakeResolver({ version: '6.5.4', tag: '6.5.4', digest: DIGEST });
    const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/stefanprodan/charts', namespace: 'flux-system', settings: { resolver: fake.resolver } });
    const release = new ChartRelease('podinfo', { source, chart: 'podinfo', version: '>=6.0.0 <7.0.0', pin: 'digest' });

    const objects = manifests(await mocks.resources());
    expectValid(objects);
    expect(kube('OCIRepository', objects).spec.ref).toStrictEqual({ digest: DIGEST, tag: '6.5.4' });
    expect(kube('HelmRelease', objects).spec.chartRef).toStrictEqual({ kind: 'OCIRepository', name: 'podinfo' });
    expect(await valueOf(release.resolvedVersion)).toBe('6.5.4');
    expect(await valueOf(release.resolvedDigest)).toBe(DIGEST);
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0].dryRun).toBe(true);
    expect(fake.calls[0].spec).toMatchObject({ name: 'podinfo', chart: 'podinfo', version: '>=6.0.0 <7.0.0', pin: 'digest', source: { url: 'oci://ghcr.io/stefanprodan/charts' } });
    expect(fake.calls[0].context).toStrictEqual({ path: 'podinfo', target: { kind: 'flux', fluxVersion: '2.9' }, info: expect.any(Function) });
  });

  test('chart and version may be Outputs: the check waits for them and looks up what they resolve to', async () => {
    const fake = fakeResolver({ version: '6.5.4', tag: '6.5.4', digest: DIGEST });
    const later = <T>(value: T) => pulumi.output(new Promise<T>((resolve) => setTimeout(() => resolve(value), 50)));
    const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/stefanprodan/charts', namespace: 'flux-system', settings: { resolver: fake.resolver } });
    const release = new ChartRelease('podinfo', { source, chart: later('podinfo'), version: later('>=6.0.0 <7.0.0'), pin: 'version' });

    const objects = manifests(await mocks.resources());
    expect(fake.calls.map((c) => [c.spec.chart, c.spec.version])).toEqual([['podinfo', '>=6.0.0 <7.0.0']]);
    expect(kube('OCIRepository', objects).spec).toMatchObject({ url: 'oci://ghcr.io/stefanprodan/charts/podinfo', ref: { tag: '6.5.4' } });
    expect(await valueOf(release.resolvedVersion)).toBe('6.5.4');
  });

  test("pin 'version' writes the resolved version into chart.spec (HelmRepository), as the source's settings.pin default", async () => {
    const fake = fakeResolver({ version: '0.1.7+build.3', tag: '0.1.7_build.3' });
    const source = new OciHelmSource('charts', { url: 'oci://registry.gitlab.com/acme/charts', strategy: 'HelmRepository', settings: { resolver: fake.resolver, pin: 'version' } });
    new ChartRelease('apache', { source, chart: 'apache', version: '0.1.x' });
    const objects = manifests(await mocks.resources());
    expectValid(objects);
    expect(kube('HelmRelease', objects).spec.chart.spec.version).toBe('0.1.7+build.3');
  });

  test("pin 'none' keeps the range the user wrote; the resolved version is still an output", async () => {
    const fake = fakeResolver({ version: '6.5.4', tag: '6.5.4', digest: DIGEST });
    const source = new OciHelmSource('charts', { url: 'oci://ghcr.io/stefanprodan/charts', settings: { resolver: fake.resolver, pin: 'version' } });
    const release = new ChartRelease('podinfo', { source, chart: 'podinfo', version: '6.x', pin: 'none' });
    expect(kube('OCIRepository', manifests(await mocks.resources())).spec.ref).toStrictEqual({ semver: '6.x' });
    expect(await valueOf(release.resolvedVersion)).toBe('6.5.4');
  });

  test('the resolver gets the source secret\'s credentials; nothing it returns, and no object, is secret', async () => {
    const fake = fakeResolver({ version: '0.1.7', tag: '0.1.7', digest: DIGEST });
    const pull = new PrivateRegistrySecret('gitlab', { registry: 'registry.gitlab.com', username: 'deploy', password: pulumi.secret(TOKEN) });
    const source = new OciHelmSource('charts', { url: 'oci://registry.gitlab.com/acme/charts', secret: pull, settings: { resolver: fake.resolver } });
    const release = new ChartRelease('apache', { source, chart: 'apache', version: '0.1.x', pin: 'digest' });

    const resources = await mocks.resources();
    expect(fake.calls.map((c) => c.context.credentials)).toStrictEqual([{ username: 'deploy', password: TOKEN }]);
    for (const r of resources.filter((x) => x.type.includes('toolkit.fluxcd.io'))) {
      expect(isSecretEnvelope(r.inputs.spec)).toBe(false);
      expect(JSON.stringify(r.inputs)).not.toContain(TOKEN);
    }
    expect(await pulumi.isSecret(release.resolvedVersion)).toBe(false);
    expect(await pulumi.isSecret(release.resolvedDigest)).toBe(false);
  });

  test('an existing Secret gives the resolver no credentials', async () => {
    const fake = fakeResolver(undefined);
    const source = new OciHelmSource('charts', {
      url: 'oci://ghcr.io/acme/charts', secret: PrivateRegistrySecret.fromSecretName('ghcr-auth', { registry: 'ghcr.io' }), settings: { resolver: fake.resolver },
    });
    const release = new ChartRelease('web', { source, chart: 'web' });
    await mocks.resources();
    expect(fake.calls.map((c) => c.context.credentials)).toEqual([undefined]);
    expect(await valueOf(release.resolvedVersion)).toBeUndefined();
  });
});

describe('failed resolution fails the preview', () => {
  test("with the resolver's message, as the release's own error", () => {
    const run = runProgram('resolution-fails');
    expectResourceFailure(run, 'FLUX_OCI_TEST_NO_SUCH_VERSION', 'apache',
      "[apache] oci://registry.gitlab.com/acme/charts/apache: no version matches '0.9.x'; newest stable is 0.1.7");
    expect(JSON.stringify(run.failures)).not.toContain('glpat-fails-0c4e');
    expect(JSON.stringify(printable(run.resources))).not.toContain('glpat-fails-0c4e');
  });

  test("pin 'version' without a resolution fails, naming the release", () => {
    const run = runProgram('pin-without-resolution');
    expectResourceFailure(run, 'FLUX_OCI_PIN_WITHOUT_RESOLUTION', 'podinfo', '');
    expect(run.failures.find((f) => f.code === 'FLUX_OCI_PIN_WITHOUT_RESOLUTION')!.message).toContain("release 'podinfo' has pin 'version'");
  });
});
