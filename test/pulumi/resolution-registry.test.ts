import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import { expectResourceFailure, manifests, printable, RecordingMocks, revealed, runProgram, settle, useMocks, valueOf } from './mocks';
import { Resolver } from '../../src/check/resolver';
import { PushedArtifact, pushArtifact } from '../../src/publish';
import { ChartRelease, OciArtifactSource, OciHelmSource, PrivateRegistrySecret, RegistryTlsSecret } from '../../src/pulumi';
import { writeManifestDir } from '../publish/fixtures';
import { clientFor } from '../registry/integration/helpers';
import { CANARY, pushTestChart, PushedChart, startRegistry, TestRegistry } from '../support/registry';
import { expectValid } from '../support/validate';

let anonymous: TestRegistry;
let htpasswd: TestRegistry;
const pushed: Record<string, PushedChart> = {};

beforeAll(async () => {
  anonymous = await startRegistry({ mode: 'anonymous' });
  htpasswd = await startRegistry({ mode: 'htpasswd' });
  for (const version of ['1.0.0', '1.2.0', '1.2.3', '2.0.0']) {
    pushed[version] = await pushTestChart(anonymous, { repository: 'charts/web', version });
  }
  pushed.private = await pushTestChart(htpasswd, { repository: 'team/charts/api', version: '0.4.1' });
});
afterAll(async () => {
  await anonymous?.stop();
  await htpasswd?.stop();
});

let savedMode: string | undefined;
let mocks: RecordingMocks;
beforeEach(async () => {
  savedMode = process.env.FLUX_OCI_RESOLVE;
  process.env.FLUX_OCI_RESOLVE = 'online';
  mocks = await useMocks({ preview: true });
});
afterEach(async () => {
  await settle();
  if (savedMode === undefined) delete process.env.FLUX_OCI_RESOLVE;
  else process.env.FLUX_OCI_RESOLVE = savedMode;
});

function kube(kind: string, objects: any[]): any {
  return objects.find((o) => o.kind === kind);
}

function tempLockfile(): string {
  return join(mkdtempSync(join(tmpdir(), 'flux-oci-pulumi-lock-')), 'flux-oci.lock.json');
}

describe('the registry check during preview, against a real registry', () => {
  test("a range resolves to the newest matching version; pin 'version' writes it into the OCIRepository", async () => {
    const source = new OciHelmSource('charts', { url: `oci://${anonymous.host}/charts`, insecure: true, settings: { resolve: { lockfile: false } } });
    const release = new ChartRelease('web', { source, chart: 'web', version: '1.x', pin: 'version' });

    const objects = manifests(await mocks.resources());
    expectValid(objects);
    expect(kube('OCIRepository', objects).spec.ref).toStrictEqual({ tag: '1.2.3' });
    expect(kube('OCIRepository', objects).spec.url).toBe(`oci://${anonymous.host}/charts/web`);
    expect(await valueOf(release.resolvedVersion)).toBe('1.2.3');
    expect(await valueOf(release.resolvedDigest)).toBe(pushed['1.2.3'].digest);
  });

  test("pin 'digest' writes the pushed manifest digest; the HelmRepository strategy writes the version into chart.spec", async () => {
    const source = new OciHelmSource('charts', { url: `oci://${anonymous.host}/charts`, insecure: true, settings: { resolve: { lockfile: false } } });
    new ChartRelease('web', { source, chart: 'web', version: '>=1.0.0 <1.2.1', pin: 'digest' });
    const helmSource = new OciHelmSource('helm-charts', {
      url: `oci://${anonymous.host}/charts`, insecure: true, strategy: 'HelmRepository', settings: { pin: 'version', resolve: { lockfile: false } },
    });
    new ChartRelease('web-helm', { source: helmSource, chart: 'web', version: '^2.0.0' });

    const objects = manifests(await mocks.resources());
    expectValid(objects);
    const ociRepository = objects.find((o) => o.kind === 'OCIRepository' && o.metadata.name === 'web');
    expect(ociRepository.spec.ref).toStrictEqual({ digest: pushed['1.2.0'].digest, tag: '1.2.0' });
    const helmRelease = objects.find((o) => o.kind === 'HelmRelease' && o.metadata.name === 'web-helm');
    expect(helmRelease.spec.chart.spec.version).toBe('2.0.0');
  });

  test('releases asking the same thing of the same registry share one lookup', async () => {
    const lookups = jest.spyOn(Resolver.prototype, 'resolve');
    try {
      const settings = { resolve: { lockfile: false as const } };
      const a = new OciHelmSource('team-a', { url: `oci://${anonymous.host}/charts`, insecure: true, namespace: 'team-a', settings });
      const b = new OciHelmSource('team-b', { url: `oci://${anonymous.host}/charts`, insecure: true, namespace: 'team-b', settings });
      const first = new ChartRelease('web-a', { source: a, chart: 'web', version: '<1.2.0' });
      const second = new ChartRelease('web-b', { source: b, chart: 'web', version: '<1.2.0' });
      expect([await valueOf(first.resolvedVersion), await valueOf(second.resolvedVersion)]).toEqual(['1.0.0', '1.0.0']);
      await mocks.resources();
      expect(lookups).toHaveBeenCalledTimes(1);
    } finally {
      lookups.mockRestore();
    }
  });

  test("in 'online' mode the lockfile keeps an entry for every release of the program", async () => {
    const lockfile = tempLockfile();
    const source = new OciHelmSource('charts', { url: `oci://${anonymous.host}/charts`, insecure: true, settings: { resolve: { lockfile } } });
    const old = new ChartRelease('web-old', { source, chart: 'web', version: '1.0.0' });
    const current = new ChartRelease('web-current', { source, chart: 'web', version: '^2.0.0' });
    expect([await valueOf(old.resolvedVersion), await valueOf(current.resolvedVersion)]).toEqual(['1.0.0', '2.0.0']);
    await mocks.resources();
    const written = readFileSync(lockfile, 'utf8');
    expect(written).toContain(pushed['1.0.0'].digest);
    expect(written).toContain(pushed['2.0.0'].digest);
  });

  test("FLUX_OCI_RESOLVE wins over settings: 'off' leaves the range and resolves nothing", async () => {
    process.env.FLUX_OCI_RESOLVE = 'off';
    const source = new OciHelmSource('charts', { url: `oci://${anonymous.host}/charts`, insecure: true, settings: { resolve: { mode: 'online', lockfile: false } } });
    const release = new ChartRelease('web', { source, chart: 'web', version: '1.x' });
    expect(kube('OCIRepository', manifests(await mocks.resources())).spec.ref).toStrictEqual({ semver: '1.x' });
    expect(await valueOf(release.resolvedVersion)).toBeUndefined();
  });

  test("the lockfile records the answer, and 'locked' mode serves it without the registry", async () => {
    const lockfile = tempLockfile();
    process.env.FLUX_OCI_RESOLVE = 'auto';
    const source = new OciHelmSource('charts', { url: `oci://${anonymous.host}/charts`, insecure: true, settings: { resolve: { lockfile } } });
    const release = new ChartRelease('web', { source, chart: 'web', version: '~1.2.0', pin: 'digest' });
    expect(await valueOf(release.resolvedDigest)).toBe(pushed['1.2.3'].digest);
    await mocks.resources();
    expect(readFileSync(lockfile, 'utf8')).toContain(pushed['1.2.3'].digest);

    process.env.FLUX_OCI_RESOLVE = 'locked';
    mocks = await useMocks({ preview: true });
    // 'locked' never goes online: only the lockfile can answer.
    const offline = new OciHelmSource('charts', { url: `oci://${anonymous.host}/charts`, insecure: true, settings: { resolve: { lockfile } } });
    const locked = new ChartRelease('web', { source: offline, chart: 'web', version: '~1.2.0', pin: 'digest' });
    expect(await valueOf(locked.resolvedVersion)).toBe('1.2.3');
    expect(kube('OCIRepository', manifests(await mocks.resources())).spec.ref).toStrictEqual({ digest: pushed['1.2.3'].digest, tag: '1.2.3' });
  });

  test('a version the registry does not have fails the program with the resource name and the registry\'s answer', () => {
    const run = runProgram('registry-resolution-fails', { config: { 'proj:url': `oci://${anonymous.host}/charts`, 'proj:chart': 'web', 'proj:version': '1.2.4' } });
    // The release's own error: printed by Pulumi as this text, under the release, without a stack.
    expectResourceFailure(run, 'FLUX_OCI_RESOLUTION', 'web', '[web] chart oci://');
    const failure = run.failures.find((f) => f.code === 'FLUX_OCI_RESOLUTION');
    expect(failure?.message).toMatch(/^\[web\] chart oci:\/\/127\.0\.0\.1:\d+\/charts\/web version '1\.2\.4' failed the registry check \(version-not-found\): /);
    expect(failure?.message).toContain('nearest: 1.2.3');
    // The release's objects are never registered.
    expect(run.resources.filter((r) => r.type.includes('toolkit.fluxcd.io'))).toEqual([]);
  });
});

test('settings.resolve is checked when the source is created', () => {
  expect(() => new OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts', settings: { resolve: { mode: 'sometimes' as any, lockfile: '' } } }))
    .toThrow(/settings\.resolve\.mode.*'sometimes' is not one of 'auto', 'online', 'locked', 'verify', 'off'[\s\S]*settings\.resolve\.lockfile.*expected a file path or false/);
});

describe('a registry behind htpasswd, with credentials from a PrivateRegistrySecret', () => {
  test('secret credentials reach the registry; the password stays out of every plain input and output', async () => {
    expect(htpasswd.password).toContain(CANARY);
    const pull = new PrivateRegistrySecret('pull', { registry: htpasswd.host, username: htpasswd.username!, password: pulumi.secret(htpasswd.password!) });
    const source = new OciHelmSource('charts', {
      url: `oci://${htpasswd.host}/team/charts`, insecure: true, secret: pull, settings: { resolve: { lockfile: false } },
    });
    const release = new ChartRelease('api', { source, chart: 'api', version: '0.x', pin: 'digest' });

    const resources = await mocks.resources();
    expect(await valueOf(release.resolvedVersion)).toBe('0.4.1');
    expect(await valueOf(release.resolvedDigest)).toBe(pushed.private.digest);
    expect(await pulumi.isSecret(release.resolvedDigest)).toBe(false);
    expect(kube('OCIRepository', manifests(resources)).spec.ref).toStrictEqual({ digest: pushed.private.digest, tag: '0.4.1' });
    // The password is only in the pull Secret's data, inside Pulumi's secret envelope.
    expect(JSON.stringify(printable(resources.map((r) => r.inputs)))).not.toContain(CANARY);
    expect(JSON.stringify(revealed(resources.find((r) => r.type === 'kubernetes:core/v1:Secret')!.inputs))).toContain(CANARY);
  });

  test('a failed lookup with credentials names the release, never the password', () => {
    const run = runProgram('registry-resolution-fails', {
      config: {
        'proj:url': `oci://${htpasswd.host}/team/charts`,
        'proj:chart': 'api',
        'proj:version': '9.x',
        'proj:username': htpasswd.username!,
        'proj:password': htpasswd.password!,
      },
      secretKeys: ['proj:password'],
    });
    const failure = run.failures.find((f) => f.code === 'FLUX_OCI_RESOLUTION');
    expect(failure?.message).toMatch(/\[web\] chart oci:\/\/127\.0\.0\.1:\d+\/team\/charts\/api version '9\.x' failed the registry check/);
    expect(JSON.stringify(run.failures)).not.toContain(CANARY);
    expect(JSON.stringify(printable(run.resources))).not.toContain(CANARY);
  });

  test('without a secret the registry refuses Flux too, and the preview says so', () => {
    const run = runProgram('registry-resolution-fails', { config: { 'proj:url': `oci://${htpasswd.host}/team/charts`, 'proj:chart': 'api', 'proj:version': '0.x' } });
    const failure = run.failures.find((f) => f.code === 'FLUX_OCI_RESOLUTION');
    expect(failure?.message).toMatch(/\[web\] chart oci:\/\/127\.0\.0\.1:\d+\/team\/charts\/api version '0\.x' failed the registry check \(no-credentials-in-cluster\): Flux will pull this anonymously/);
  });
});

describe('a TLS registry with a private CA (certSecret in the cluster)', () => {
  let tls: TestRegistry;
  let chart: PushedChart;
  beforeAll(async () => {
    tls = await startRegistry({ mode: 'tls' });
    chart = await pushTestChart(tls, { repository: 'charts/web', version: '5.0.1' });
  });
  afterAll(() => tls?.stop());

  test('a RegistryTlsSecret as certSecret: the check trusts its CA, and Flux gets the same CA (Secret + certSecretRef)', async () => {
    const ca = new RegistryTlsSecret('registry-ca', { caCert: tls.caPem });
    const source = new OciHelmSource('charts', { url: `oci://${tls.host}/charts`, certSecret: ca, settings: { resolve: { lockfile: false } } });
    const release = new ChartRelease('web', { source, chart: 'web', version: '5.x', pin: 'digest' });
    const resources = await mocks.resources();
    expect(await valueOf(release.resolvedVersion)).toBe('5.0.1');
    const objects = manifests(resources);
    expect(kube('OCIRepository', objects).spec).toMatchObject({ ref: { tag: '5.0.1', digest: chart.digest }, certSecretRef: { name: 'registry-ca' } });
    expect(kube('Secret', objects)).toMatchObject({ metadata: { name: 'registry-ca' }, type: 'Opaque', stringData: { 'ca.crt': tls.caPem } });
    expectValid(objects);
  });

  test('an existing TLS Secret with the CA it holds: the check trusts it, certSecretRef is written, no Secret is created', async () => {
    const source = new OciHelmSource('charts', {
      url: `oci://${tls.host}/charts`,
      certSecret: RegistryTlsSecret.fromSecretName('registry-ca', { caCert: tls.caPem }),
      settings: { resolve: { lockfile: false } },
    });
    const release = new ChartRelease('web', { source, chart: 'web', version: '5.x' });
    const objects = manifests(await mocks.resources());
    expect(await valueOf(release.resolvedVersion)).toBe('5.0.1');
    expect(kube('OCIRepository', objects).spec.certSecretRef).toStrictEqual({ name: 'registry-ca' });
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('without it the certificate is refused and the preview names the cause', () => {
    const run = runProgram('registry-resolution-fails', {
      config: { 'proj:url': `oci://${tls.host}/charts`, 'proj:chart': 'web', 'proj:version': '5.x', 'proj:insecure': 'false' },
    });
    const failure = run.failures.find((f) => f.code === 'FLUX_OCI_RESOLUTION');
    expect(failure?.message).toMatch(/\[web\] .*failed the registry check \(unreachable\).*CA/);
  });

  test('a caCert that is not PEM is refused where it is given', () => {
    expect(() => RegistryTlsSecret.fromSecretName('registry-ca', { caCert: '/etc/ssl/ca.crt' }))
      .toThrow(/\[RegistryTlsSecret\.fromSecretName\] caCert: expected a PEM certificate/);
    expect(() => new RegistryTlsSecret('registry-ca', { caCert: '/etc/ssl/ca.crt' })).toThrow(/\[registry-ca\] caCert: expected a PEM certificate/);
  });

  test('settings.resolve.caCert, which trusted a CA for the check alone, is refused and points to certSecret', () => {
    const settings = { resolve: { caCert: tls.caPem } } as any;
    expect(() => new OciHelmSource('charts', { url: `oci://${tls.host}/charts`, settings }))
      .toThrow("[charts] settings.resolve.caCert: moved to the source's certSecret, so Flux trusts the CA the check trusts");
  });
});

describe('OciArtifactSource: the registry check during preview, against a real registry', () => {
  const artifacts: Record<string, PushedArtifact> = {};
  beforeAll(async () => {
    const { client } = clientFor(anonymous);
    try {
      for (const tag of ['v1.0.0', 'v1.1.0', 'production']) {
        const dir = writeManifestDir({ 'deploy.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-${tag}\n` });
        artifacts[tag] = await pushArtifact(client, dir, `oci://${anonymous.host}/manifests/app:${tag}`, { source: 'https://github.com/acme/app', revision: `${tag}@sha1:${'0'.repeat(40)}` });
      }
    } finally {
      await client.close();
    }
  });

  test('a tag and a range resolve to what Flux will pull; the OCIRepository is written as given', async () => {
    const url = `oci://${anonymous.host}/manifests/app`;
    const tagged = new OciArtifactSource('prod', { url, tag: 'production', insecure: true, settings: { resolve: { lockfile: false } } });
    const ranged = new OciArtifactSource('ranged', { url, semver: '1.x', insecure: true, settings: { resolve: { lockfile: false } } });
    const objects = manifests(await mocks.resources());
    expectValid(objects);
    expect(await valueOf(tagged.resolvedArtifact)).toEqual({ version: 'production', tag: 'production', digest: artifacts.production.digest });
    expect(await valueOf(ranged.resolvedArtifact)).toEqual({ version: '1.1.0', tag: 'v1.1.0', digest: artifacts['v1.1.0'].digest });
    expect(objects.find((o) => o.metadata.name === 'ranged').spec.ref).toStrictEqual({ semver: '1.x' });
  });

  test('a tag the registry does not have fails the preview as the source\'s own error; neither object is created', () => {
    const run = runProgram('artifact-resolution-fails', { config: { 'proj:url': `oci://${anonymous.host}/manifests/app`, 'proj:tag': 'prodution' } });
    expectResourceFailure(run, 'FLUX_OCI_RESOLUTION', 'manifests', '[manifests] ');
    expect(run.failures.find((f) => f.code === 'FLUX_OCI_RESOLUTION')!.message).toContain('prodution');
    expect(run.resources.filter((r) => r.type.startsWith('kubernetes:'))).toEqual([]);
  });
});
