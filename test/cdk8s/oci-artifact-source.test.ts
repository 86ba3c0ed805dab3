import { ApiObject, Chart, Testing } from 'cdk8s';
import {
  ChartRelease, ChartVerification, FluxKustomization, OciArtifactSource, OciArtifactSourceProps, OciHelmSource,
  PrivateRegistrySecret, RegistryProxySecret, RegistryTlsSecret,
} from '../../src/cdk8s';
import { ValidationError } from '../../src/foundation/errors';
import { FLUX_VERSIONS, FluxVersion } from '../../src/model/flux-version';
import { findObject, synthValid, testChart } from '../support/synth';

const FLUX_LAYER = 'application/vnd.cncf.flux.content.v1.tar+gzip';
const DIGEST = 'sha256:' + 'a1'.repeat(32);

function sourceError(props: Partial<OciArtifactSourceProps>, settings = {}): ValidationError {
  const { chart } = testChart(settings);
  try {
    new OciArtifactSource(chart, 'src', { url: 'oci://ghcr.io/acme/app-manifests', ...props } as OciArtifactSourceProps);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('OciArtifactSource', () => {
  test('writes one OCIRepository that extracts the layer flux push artifact writes', () => {
    const { app, chart } = testChart();
    new OciArtifactSource(chart, 'app-manifests', { url: 'oci://ghcr.io/acme/app-manifests/' });

    expect(synthValid(app)).toStrictEqual([{
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'OCIRepository',
      metadata: { name: 'app-manifests', namespace: 'flux-system' },
      spec: {
        interval: '10m',
        url: 'oci://ghcr.io/acme/app-manifests',
        layerSelector: { mediaType: FLUX_LAYER, operation: 'extract' },
      },
    }]);
  });

  test("the OCIRepository is the construct's default child, id 'Resource'", () => {
    const { chart } = testChart();
    const source = new OciArtifactSource(chart, 'm', { url: 'oci://ghcr.io/acme/m' });
    expect(source.node.defaultChild).toBeInstanceOf(ApiObject);
    expect(source.node.defaultChild!.node.id).toBe('Resource');
  });

  test('tag, semver with semverFilter, digest with tag: each written as OCIRepository ref', () => {
    const { app, chart } = testChart();
    new OciArtifactSource(chart, 'by-tag', { url: 'oci://ghcr.io/acme/m', tag: 'production' });
    new OciArtifactSource(chart, 'by-range', { url: 'oci://ghcr.io/acme/m', semver: '>=1.0.0-0 <2.0.0', semverFilter: '.*-rc.*' });
    new OciArtifactSource(chart, 'by-digest', { url: 'oci://ghcr.io/acme/m', digest: DIGEST, tag: '1.4.0' });
    const objects = synthValid(app);
    expect(findObject(objects, 'OCIRepository', 'by-tag').spec.ref).toStrictEqual({ tag: 'production' });
    expect(findObject(objects, 'OCIRepository', 'by-range').spec.ref).toStrictEqual({ semver: '>=1.0.0-0 <2.0.0', semverFilter: '.*-rc.*' });
    expect(findObject(objects, 'OCIRepository', 'by-digest').spec.ref).toStrictEqual({ digest: DIGEST, tag: '1.4.0' });
  });

  test('every registry access setting reaches the OCIRepository', () => {
    const { app, chart } = testChart();
    const secret = PrivateRegistrySecret.fromSecretName(chart, 'pull', 'ghcr-auth', { registry: 'ghcr.io', format: 'dockerconfigjson' });
    const ca = RegistryTlsSecret.fromSecretName(chart, 'ca', 'registry-ca');
    const proxy = RegistryProxySecret.fromSecretName(chart, 'proxy', 'egress-proxy');
    new OciArtifactSource(chart, 'm', {
      url: 'oci://ghcr.io/acme/m',
      name: 'manifests',
      tag: 'latest',
      secret,
      certSecret: ca,
      proxySecret: proxy,
      insecure: false,
      interval: '1h',
      timeout: '90s',
      suspend: true,
      serviceAccountName: 'puller',
      verify: ChartVerification.cosign({ matchOidcIdentity: [{ issuer: '^https://token.actions.githubusercontent.com$', subject: '^https://github.com/acme/.*$' }] }),
      ignore: '/*\n!/deploy',
    });
    expect(findObject(synthValid(app), 'OCIRepository', 'manifests').spec).toStrictEqual({
      interval: '1h',
      url: 'oci://ghcr.io/acme/m',
      ref: { tag: 'latest' },
      layerSelector: { mediaType: FLUX_LAYER, operation: 'extract' },
      secretRef: { name: 'ghcr-auth' },
      serviceAccountName: 'puller',
      certSecretRef: { name: 'registry-ca' },
      proxySecretRef: { name: 'egress-proxy' },
      verify: {
        provider: 'cosign',
        matchOIDCIdentity: [{ issuer: '^https://token.actions.githubusercontent.com$', subject: '^https://github.com/acme/.*$' }],
      },
      insecure: false,
      timeout: '90s',
      suspend: true,
      ignore: '/*\n!/deploy',
    });
  });

  test('a cloud provider instead of a Secret', () => {
    const { app, chart } = testChart();
    new OciArtifactSource(chart, 'm', { url: 'oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/manifests', provider: 'aws', tag: 'v1' });
    const spec = findObject(synthValid(app), 'OCIRepository').spec;
    expect(spec.provider).toBe('aws');
    expect(spec.secretRef).toBeUndefined();
  });

  test('registry access is written exactly as a chart source writes it for its releases', () => {
    const { app, chart } = testChart();
    const access = {
      secret: PrivateRegistrySecret.fromSecretName(chart, 'pull', 'ghcr-auth', { registry: 'ghcr.io' }),
      certSecret: RegistryTlsSecret.fromSecretName(chart, 'ca', 'registry-ca'),
      proxySecret: RegistryProxySecret.fromSecretName(chart, 'proxy', 'egress-proxy'),
      insecure: true,
      timeout: '30s',
      suspend: false,
      serviceAccountName: 'puller',
      verify: ChartVerification.notation({ secretName: 'notation-certs' }),
    };
    new OciArtifactSource(chart, 'manifests', { url: 'oci://ghcr.io/acme/manifests', tag: '1.0.0', ...access });
    const charts = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts', ...access });
    new ChartRelease(chart, 'web', { source: charts, chart: 'web', version: '1.0.0' });

    const objects = synthValid(app);
    const accessFields = (spec: Record<string, unknown>) => {
      const { url: _url, ref: _ref, layerSelector: _layer, interval: _interval, ...rest } = spec;
      return rest;
    };
    const artifact = accessFields(findObject(objects, 'OCIRepository', 'manifests').spec);
    expect(artifact).toStrictEqual(accessFields(findObject(objects, 'OCIRepository', 'web').spec));
    expect(Object.keys(artifact).sort()).toEqual(['certSecretRef', 'insecure', 'proxySecretRef', 'secretRef', 'serviceAccountName', 'suspend', 'timeout', 'verify']);
  });

  test('fromOCIRepositoryName writes nothing and defaults to the Chart namespace', () => {
    const { app, chart } = testChart();
    const existing = OciArtifactSource.fromOCIRepositoryName(chart, 'existing', 'flux-system');
    const other = OciArtifactSource.fromOCIRepositoryName(chart, 'other', 'shared-manifests', { namespace: 'platform' });
    expect([existing.name, existing.namespace]).toEqual(['flux-system', 'flux-system']);
    expect([other.name, other.namespace]).toEqual(['shared-manifests', 'platform']);
    expect(synthValid(app)).toEqual([]);
  });

  test('fromOCIRepositoryName rejects a name Kubernetes would reject', () => {
    const { chart } = testChart();
    expect(() => OciArtifactSource.fromOCIRepositoryName(chart, 'bad', 'Flux_System'))
      .toThrow(/\[test\/bad\] name: 'Flux_System' is not a valid Kubernetes name/);
  });

  test('an OCIRepository name taken by a chart release is reported at synth, naming both constructs', () => {
    const { app, chart } = testChart();
    new OciArtifactSource(chart, 'web', { url: 'oci://ghcr.io/acme/web-manifests' });
    const charts = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    new ChartRelease(chart, 'web-release', { source: charts, chart: 'web', name: 'web' });
    expect(() => app.synth()).toThrow(/\[test\/web\] OCIRepository 'web' in namespace 'flux-system' is also written by 'test\/web-release'/);
  });
});

describe('OciArtifactSource rejects what Flux would reject, naming the construct path and field', () => {
  test.each<[string, Partial<OciArtifactSourceProps>, string, RegExp]>([
    ['https scheme', { url: 'https://ghcr.io/acme/m' }, 'url', /'https:\/\/ghcr.io\/acme\/m' uses the https:\/\/ scheme; OCIRepository URLs are 'oci:\/\/ghcr.io\/acme\/m'/],
    ['no scheme', { url: 'ghcr.io/acme/m' }, 'url', /has no scheme; write it as 'oci:\/\/ghcr.io\/acme\/m'/],
    ['a tag in the URL, as flux push artifact takes it', { url: 'oci://ghcr.io/acme/m:production' }, 'url', /includes the tag 'production'.*write url 'oci:\/\/ghcr.io\/acme\/m' and tag 'production'/],
    ['a digest in the URL', { url: `oci://ghcr.io/acme/m@${DIGEST}` }, 'url', /includes the digest.*and digest 'sha256:/],
    ['uppercase in the repository path', { url: 'oci://ghcr.io/Acme/M' }, 'url', /lowercase|uppercase/i],
    ['an invalid tag', { tag: '-latest' }, 'tag', /'-latest' is not a valid tag/],
    ['a short digest', { digest: 'sha256:abc' }, 'digest', /digest 'sha256:abc' is invalid; a sha256 digest is 'sha256:' followed by 64 lowercase hex digits/],
    ['an invalid semver range', { semver: '>=1.0 <<2' }, 'semver', />=1\.0 <<2/],
    ['semverFilter without semver', { tag: 'v1', semverFilter: '.*' }, 'semverFilter', /applies only together with semver/],
    ['a semverFilter Go cannot compile', { semver: '1.x', semverFilter: '(?<=v)1' }, 'semverFilter', /\(\?<=v\)1/],
    ['semver next to a tag', { semver: '1.x', tag: 'latest' }, 'semver', /Flux ignores tag 'latest' when semver is set/],
    ['digest next to semver', { semver: '1.x', digest: DIGEST }, 'digest', /Flux ignores semver '1.x' when digest is set/],
    ['a source timeout in hours', { timeout: '1h' }, 'timeout', /'1h' is not a duration.*no h/],
    ['a malformed interval', { interval: '10 minutes' }, 'interval', /'10 minutes' is not a duration/],
    ['an invalid name', { name: 'App_Manifests' }, 'name', /'App_Manifests' is not a valid Kubernetes name/],
    ['an invalid namespace', { namespace: 'Flux System' }, 'namespace', /'Flux System' is not a valid DNS-1123 label/],
    ['an unknown provider', { provider: 'digitalocean' as any }, 'provider', /'digitalocean' is not one of 'generic', 'aws', 'azure', 'gcp'/],
    ['an empty ignore', { ignore: '' }, 'ignore', /has 0 characters/],
  ])('%s', (_title, props, field, message) => {
    const e = sourceError(props);
    const issue = e.issues.find((i) => i.field === field);
    expect(issue).toEqual(expect.objectContaining({ path: 'test/src', field }));
    expect(issue!.message).toMatch(message);
    expect(e.message).toContain(`[test/src] ${field}:`);
  });

  test('a basic-auth Secret: OCIRepository reads only dockerconfigjson', () => {
    const { chart } = testChart();
    const secret = PrivateRegistrySecret.fromSecretName(chart, 's', 'creds', { format: 'basic-auth' });
    expect(() => new OciArtifactSource(chart, 'src', { url: 'oci://ghcr.io/acme/m', secret }))
      .toThrow(/\[test\/src\] secret: OCIRepository reads only kubernetes.io\/dockerconfigjson Secrets, but 'creds' has format 'basic-auth'/);
  });

  test('a Secret for another registry host than the URL', () => {
    const { chart } = testChart();
    const secret = PrivateRegistrySecret.fromSecretName(chart, 's', 'creds', { registry: 'docker.io' });
    expect(() => new OciArtifactSource(chart, 'src', { url: 'oci://ghcr.io/acme/m', secret }))
      .toThrow(/\[test\/src\] secret: Secret 'creds' holds credentials for 'docker.io' but the URL's host is 'ghcr.io'/);
  });

  test('a Secret in another namespace than the source', () => {
    const { chart } = testChart();
    const secret = PrivateRegistrySecret.fromSecretName(chart, 's', 'creds', { namespace: 'apps' });
    expect(() => new OciArtifactSource(chart, 'src', { url: 'oci://ghcr.io/acme/m', secret }))
      .toThrow(/\[test\/src\] secret: Secret 'creds' is in namespace 'apps' but the source is in 'flux-system'/);
  });

  test('a cloud provider next to a Secret', () => {
    const { chart } = testChart();
    const secret = PrivateRegistrySecret.fromSecretName(chart, 's', 'creds');
    expect(() => new OciArtifactSource(chart, 'src', { url: 'oci://contoso.azurecr.io/manifests', secret, provider: 'azure' }))
      .toThrow(/\[test\/src\] provider: provider 'azure' is ignored by Flux when a secret is set/);
  });

  test('all problems are reported at once', () => {
    const e = sourceError({ url: 'https://x', timeout: '2h', tag: '.bad' });
    expect(e.issues.map((i) => i.field).sort()).toEqual(['tag', 'timeout', 'url']);
  });

  test('the helm-operator target has no OCIRepository', () => {
    const e = sourceError({}, { target: 'helm-operator' });
    expect(e.issues).toEqual([expect.objectContaining({ path: 'test/src', field: 'target' })]);
    expect(e.message).toMatch(/\[test\/src\] target: the helm-operator target has no OCIRepository; plain-manifest artifacts need Flux/);
  });
});

describe('OciArtifactSource across Flux versions', () => {
  const ociApi = (v: FluxVersion) => (Number(v.split('.')[1]) >= 6 ? 'v1' : 'v1beta2');

  test.each(FLUX_VERSIONS)('fluxVersion %s: the OCIRepository API that release serves, valid for its CRD', (fluxVersion) => {
    const { app, chart } = testChart({ fluxVersion });
    const secret = PrivateRegistrySecret.fromSecretName(chart, 'pull', 'ghcr-auth', { registry: 'ghcr.io' });
    new OciArtifactSource(chart, 'm', {
      url: 'oci://ghcr.io/acme/m',
      semver: '>=1.0.0',
      secret,
      verify: ChartVerification.cosign({ publicKeysSecretName: 'cosign-pub' }),
      ignore: 'docs/',
    });
    const repo = findObject(synthValid(app), 'OCIRepository');
    expect(repo.apiVersion).toBe(`source.toolkit.fluxcd.io/${ociApi(fluxVersion)}`);
    expect(repo.spec.layerSelector).toStrictEqual({ mediaType: FLUX_LAYER, operation: 'extract' });
  });

  test.each<[FluxVersion, string, (chart: Chart) => Partial<OciArtifactSourceProps>, RegExp]>([
    ['2.2', 'semverFilter', () => ({ semver: '1.x', semverFilter: '.*' }), /OCIRepository ref.semverFilter needs Flux 2.3 or newer, but fluxVersion is '2.2'/],
    ['2.3', 'proxySecret', (c) => ({ proxySecret: RegistryProxySecret.fromSecretName(c, 'p', 'proxy') }), /OCIRepository proxySecretRef needs Flux 2.4 or newer, but fluxVersion is '2.3'/],
    ['2.2', 'verify', () => ({ verify: ChartVerification.notation({ secretName: 'certs' }) }), /notation signature verification needs Flux 2.3/],
    ['2.8', 'verify.trustedRootSecret', () => ({ verify: ChartVerification.cosign({ trustedRootSecretName: 'root' }) }), /needs Flux 2.9/],
  ])('fluxVersion %s rejects what it lacks: %s', (fluxVersion, field, props, message) => {
    const { chart } = testChart({ fluxVersion });
    let error: unknown;
    try {
      new OciArtifactSource(chart, 'src', { url: 'oci://ghcr.io/acme/m', ...props(chart) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const issue = (error as ValidationError).issues.find((i) => i.field === field);
    expect(issue).toEqual(expect.objectContaining({ path: 'test/src', field }));
    expect(issue!.message).toMatch(message);
  });
});

describe('credentials never reach the output or the errors', () => {
  const CANARY = 'canary-Pa55w0rd-7f3e';

  test('a PrivateRegistrySecret with credentials (not plaintext) writes no credential', () => {
    const { app, chart } = testChart();
    const secret = new PrivateRegistrySecret(chart, 'ghcr-auth', { registry: 'ghcr.io', username: 'ci-bot', password: CANARY });
    const source = new OciArtifactSource(chart, 'm', { url: 'oci://ghcr.io/acme/m', tag: 'latest', secret });
    new FluxKustomization(chart, 'app', { source, prune: true });
    const output = JSON.stringify(synthValid(app));
    expect(findObject(JSON.parse(output), 'OCIRepository').spec.secretRef).toStrictEqual({ name: 'ghcr-auth' });
    expect(output).not.toContain(CANARY);
    expect(output).not.toContain(Buffer.from(`ci-bot:${CANARY}`).toString('base64'));
  });

  test('validation errors about that Secret do not quote it', () => {
    const { chart } = testChart();
    const secret = new PrivateRegistrySecret(chart, 'docker-hub', { registry: 'docker.io', username: 'ci-bot', password: CANARY });
    const messageOf = (id: string, props: Partial<OciArtifactSourceProps>): string => {
      try {
        new OciArtifactSource(chart, id, { url: 'oci://ghcr.io/acme/m', secret, ...props });
      } catch (e) {
        return String((e as Error).message) + JSON.stringify((e as ValidationError).issues);
      }
      throw new Error('expected a ValidationError');
    };
    const conflict = messageOf('m1', { provider: 'aws' });
    const wrongHost = messageOf('m2', {});
    expect(conflict).toMatch(/\[test\/m1\] provider: provider 'aws' is ignored by Flux when a secret is set/);
    expect(wrongHost).toMatch(/\[test\/m2\] secret: Secret 'docker-hub' holds credentials for 'docker.io'/);
    expect(conflict + wrongHost).not.toContain(CANARY);
  });
});

test('a source in one Chart, used from a Chart in another namespace', () => {
  const app = Testing.app();
  const platform = new Chart(app, 'platform', { namespace: 'flux-system' });
  const team = new Chart(app, 'team', { namespace: 'team-a' });
  const source = new OciArtifactSource(platform, 'm', { url: 'oci://ghcr.io/acme/m', tag: 'latest' });
  new FluxKustomization(team, 'app', { source, prune: false });
  const objects = synthValid(app);
  expect(findObject(objects, 'OCIRepository').metadata.namespace).toBe('flux-system');
  const ks = findObject(objects, 'Kustomization');
  expect(ks.metadata.namespace).toBe('team-a');
  expect(ks.spec.sourceRef).toStrictEqual({ kind: 'OCIRepository', name: 'm', namespace: 'flux-system' });
});
