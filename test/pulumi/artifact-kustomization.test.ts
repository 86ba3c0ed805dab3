import * as pulumi from '@pulumi/pulumi';
import { RecordingMocks, findObject, validObjects, expectResourceFailure, isSecretEnvelope, manifests, optionRecorder, printable, revealed, runProgram, settle, urnTail, useMocks } from './mocks';
import { HARBOR_CA } from '../../examples/harbor-tls/main';
import { ValidationError } from '../../src/foundation/errors';
import {
  ChartRelease, FluxKustomization, OciArtifactSource, OciHelmSource, RegistryProxySecret, RegistryTlsSecret, noChartResolution,
} from '../../src/pulumi';
import { expectValid } from '../support/validate';

const FLUX_CONTENT = 'application/vnd.cncf.flux.content.v1.tar+gzip';
const CLIENT_KEY = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIFakeKeyForTestsOnly000000000000000000000\n-----END PRIVATE KEY-----\n';

let mocks: RecordingMocks;
beforeEach(async () => {
  mocks = await useMocks();
});
afterEach(settle);

describe('OciArtifactSource and FluxKustomization', () => {
  test('an OCIRepository extracting Flux\'s content layer and a Kustomization applying it, parented, the Kustomization after its source', async () => {
    const rec = optionRecorder();
    const source = new OciArtifactSource('manifests', { url: 'oci://ghcr.io/acme/manifests/', tag: 'production', namespace: 'flux-system' }, { transformations: rec.transformations });
    const app = new FluxKustomization('app', { source, prune: true, path: './deploy', targetNamespace: 'web' }, { transformations: rec.transformations });

    const resources = await mocks.resources();
    expect(resources.map((r) => urnTail(r.urn)).sort()).toEqual([
      'flux-oci:index:FluxKustomization$kubernetes:kustomize.toolkit.fluxcd.io/v1:Kustomization::app',
      'flux-oci:index:FluxKustomization::app',
      'flux-oci:index:OciArtifactSource$kubernetes:source.toolkit.fluxcd.io/v1:OCIRepository::manifests',
      'flux-oci:index:OciArtifactSource::manifests',
    ]);
    expect(rec.options.get('kubernetes:kustomize.toolkit.fluxcd.io/v1:Kustomization::app')).toEqual({ parent: app, dependsOn: [source.ociRepository] });

    const objects = await validObjects(mocks);
    expect(findObject(objects, 'OCIRepository')).toStrictEqual({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: 'manifests', namespace: 'flux-system' },
      spec: { interval: '10m', url: 'oci://ghcr.io/acme/manifests', ref: { tag: 'production' }, layerSelector: { mediaType: FLUX_CONTENT, operation: 'extract' } },
    });
    expect(findObject(objects, 'Kustomization')).toStrictEqual({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'app', namespace: 'flux-system' },
      spec: { interval: '10m', sourceRef: { kind: 'OCIRepository', name: 'manifests' }, path: './deploy', prune: true, targetNamespace: 'web' },
    });
  });

  test('args may be Outputs: the objects are written once they resolve', async () => {
    const source = new OciArtifactSource('manifests', { url: pulumi.output('oci://ghcr.io/acme/manifests'), semver: pulumi.output('1.x'), namespace: 'flux-system' });
    new FluxKustomization('app', { source, prune: true, path: pulumi.output('./deploy'), namespace: pulumi.output('apps') });
    const objects = await validObjects(mocks);
    expect(findObject(objects, 'OCIRepository').spec.ref).toStrictEqual({ semver: '1.x' });
    // Another namespace than the source: the sourceRef names it.
    expect(findObject(objects, 'Kustomization').spec.sourceRef).toStrictEqual({ kind: 'OCIRepository', name: 'manifests', namespace: 'flux-system' });
  });

  test('fluxDependsOn writes the Kustomization\'s spec.dependsOn and has Pulumi create the other Kustomization first', async () => {
    const rec = optionRecorder();
    const source = new OciArtifactSource('manifests', { url: 'oci://ghcr.io/acme/manifests', namespace: 'flux-system' });
    const infra = new FluxKustomization('infra', { source, prune: true, path: './infra' });
    new FluxKustomization('app', {
      source, prune: true, path: './app', namespace: 'apps', fluxDependsOn: [infra, { name: 'cert-manager', namespace: 'cert-manager' }],
    }, { transformations: rec.transformations });
    const objects = await validObjects(mocks);
    expect(findObject(objects, 'Kustomization', 'app').spec.dependsOn).toStrictEqual([
      { name: 'infra', namespace: 'flux-system' },
      { name: 'cert-manager', namespace: 'cert-manager' },
    ]);
    expect(rec.options.get('kubernetes:kustomize.toolkit.fluxcd.io/v1:Kustomization::app')!.dependsOn).toEqual([source.ociRepository, infra]);
  });

  test('an existing OCIRepository by name: nothing is created for it, the Kustomization refers to it', async () => {
    const source = OciArtifactSource.fromOCIRepositoryName('platform', { namespace: 'flux-system' });
    new FluxKustomization('app', { source, prune: false, namespace: 'apps' });
    const objects = await validObjects(mocks);
    expect(objects.map((o) => o.kind)).toEqual(['Kustomization']);
    expect(findObject(objects, 'Kustomization').spec.sourceRef).toStrictEqual({ kind: 'OCIRepository', name: 'platform', namespace: 'flux-system' });
  });

  test('the Flux version comes from the source\'s settings', async () => {
    const source = new OciArtifactSource('manifests', { url: 'oci://ghcr.io/acme/manifests', namespace: 'flux-system', settings: { fluxVersion: '2.2' } });
    new FluxKustomization('app', { source, prune: true });
    const objects = await validObjects(mocks);
    expect(findObject(objects, 'OCIRepository').apiVersion).toBe('source.toolkit.fluxcd.io/v1beta2');
    expect(findObject(objects, 'Kustomization').apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
  });

  test.each([
    ['a tag in the URL', () => new OciArtifactSource('m', { url: 'oci://ghcr.io/acme/manifests:v1' }), "[m] url: 'oci://ghcr.io/acme/manifests:v1' includes the tag 'v1'"],
    ['tag and semver together', () => new OciArtifactSource('m', { url: 'oci://ghcr.io/acme/m', tag: 'v1', semver: '1.x' }), "[m] semver: Flux ignores tag 'v1' when semver is set"],
    ['the helm-operator target', () => new OciArtifactSource('m', { url: 'oci://ghcr.io/acme/m', settings: { target: 'helm-operator' } }), '[m] target: the helm-operator target has no OCIRepository'],
    ['prune left out', () => new FluxKustomization('k', { source: OciArtifactSource.fromOCIRepositoryName('x'), prune: undefined as any }), '[k] prune: Flux requires a choice'],
    ['an absolute path', () => new FluxKustomization('k', { source: OciArtifactSource.fromOCIRepositoryName('x'), prune: true, path: '/deploy' }), "[k] path: '/deploy' is absolute"],
    ['a source that is not one', () => new FluxKustomization('k', { source: {} as any, prune: true }), '[k] source: expected an OciArtifactSource'],
  ])('%s fails at construction, naming the resource and field', (_case, create, message) => {
    expect(create).toThrow(ValidationError);
    expect(create).toThrow(message);
  });

  test('the old name dependsOn, from untyped code, fails naming fluxDependsOn and Pulumi\'s own option', () => {
    const source = OciArtifactSource.fromOCIRepositoryName('x');
    expect(() => new FluxKustomization('k', { source, prune: true, dependsOn: [] } as any))
      .toThrow("[k] dependsOn: renamed fluxDependsOn: what Flux waits for (spec.dependsOn) is fluxDependsOn; Pulumi's creation order is the resource option dependsOn");
    const charts = new OciHelmSource('charts', { url: 'oci://ghcr.io/acme/charts', settings: { resolver: noChartResolution } });
    expect(() => new ChartRelease('web', { source: charts, chart: 'web', dependsOn: [] } as any)).toThrow('[web] dependsOn: renamed fluxDependsOn');
  });

  test('a value known only when an Output resolves fails the program as the Kustomization\'s own error', () => {
    const run = runProgram('kustomization-invalid-output');
    expectResourceFailure(run, 'FLUX_OCI_VALIDATION', 'app', "[app] path: '/deploy' is absolute; write it relative to the artifact root");
    expect(run.resources.filter((r) => r.type.startsWith('kubernetes:') && r.type.includes('Kustomization'))).toEqual([]);
  });
});

describe('RegistryTlsSecret and RegistryProxySecret', () => {
  test('a CA alone: an Opaque Secret with ca.crt; the source writes certSecretRef and waits for it', async () => {
    const rec = optionRecorder();
    const ca = new RegistryTlsSecret('registry-ca', { caCert: HARBOR_CA, namespace: 'flux-system' });
    new OciArtifactSource('manifests', { url: 'oci://harbor.example.internal/m', certSecret: ca, namespace: 'flux-system' }, { transformations: rec.transformations });
    const resources = await mocks.resources();
    const secret = resources.find((r) => r.type === 'kubernetes:core/v1:Secret')!;
    expect(urnTail(secret.urn)).toBe('flux-oci:index:RegistryTlsSecret$kubernetes:core/v1:Secret::registry-ca');
    expect(revealed(secret.inputs)).toStrictEqual({
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'registry-ca', namespace: 'flux-system' }, type: 'Opaque', stringData: { 'ca.crt': HARBOR_CA },
    });
    expect(findObject(manifests(resources), 'OCIRepository').spec.certSecretRef).toStrictEqual({ name: 'registry-ca' });
    expect(rec.options.get('kubernetes:source.toolkit.fluxcd.io/v1:OCIRepository::manifests')!.dependsOn).toEqual([ca]);
    expectValid(manifests(resources));
  });

  test('a client pair: kubernetes.io/tls whose data is a Pulumi secret, while the name stays readable', async () => {
    new RegistryTlsSecret('mtls', { caCert: HARBOR_CA, clientCert: HARBOR_CA, clientKey: pulumi.secret(CLIENT_KEY) });
    const secret = (await mocks.resources()).find((r) => r.type === 'kubernetes:core/v1:Secret')!;
    expect(isSecretEnvelope(secret.inputs.stringData)).toBe(true);
    expect(JSON.stringify(printable(secret.inputs))).not.toContain('PRIVATE KEY');
    expect(secret.inputs.metadata).toStrictEqual({ name: 'mtls' });
    expect(secret.inputs.type).toBe('kubernetes.io/tls');
    expect(revealed(secret.inputs.stringData)).toStrictEqual({ 'tls.crt': HARBOR_CA, 'tls.key': CLIENT_KEY, 'ca.crt': HARBOR_CA });
  });

  test('a proxy with a password: an Opaque Secret whose data is a Pulumi secret; the OCIRepository writes proxySecretRef', async () => {
    const proxy = new RegistryProxySecret('egress', { address: 'http://proxy.internal:3128', username: 'flux', password: pulumi.secret('proxy-pw-91c2'), namespace: 'flux-system' });
    new OciArtifactSource('manifests', { url: 'oci://ghcr.io/acme/m', proxySecret: proxy, namespace: 'flux-system' });
    const resources = await mocks.resources();
    const secret = resources.find((r) => r.type === 'kubernetes:core/v1:Secret')!;
    expect(isSecretEnvelope(secret.inputs.stringData)).toBe(true);
    expect(revealed(secret.inputs.stringData)).toStrictEqual({ address: 'http://proxy.internal:3128', username: 'flux', password: 'proxy-pw-91c2' });
    expect(findObject(manifests(resources), 'OCIRepository').spec.proxySecretRef).toStrictEqual({ name: 'egress' });
    expect(RegistryProxySecret.fromSecretName('corp-proxy', { namespace: 'flux-system' })).toStrictEqual({ name: 'corp-proxy', namespace: 'flux-system' });
  });

  test.each([
    ['an empty TLS Secret', () => new RegistryTlsSecret('t', {}), '[t] caCert: set caCert, or clientCert with clientKey'],
    ['half a client pair', () => new RegistryTlsSecret('t', { clientCert: HARBOR_CA }), '[t] clientKey: mutual TLS needs both clientCert and clientKey'],
    ['a CA file path instead of PEM', () => new RegistryTlsSecret('t', { caCert: '/etc/ssl/ca.crt' }), '[t] caCert: expected a PEM certificate'],
    ['credentials in the proxy address', () => new RegistryProxySecret('p', { address: 'http://u:secret-pw@proxy:3128' }), '[p] address: put proxy credentials in username/password'],
    ['a proxy scheme Flux lacks', () => new RegistryProxySecret('p', { address: 'ftp://proxy:21' }), "[p] address: scheme 'ftp:' is not supported by Flux"],
  ])('%s fails at construction', (_case, create, message) => {
    expect(create).toThrow(ValidationError);
    expect(create).toThrow(message);
    expect(() => create()).not.toThrow(/secret-pw/);
  });
});
