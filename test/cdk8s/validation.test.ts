import { Chart } from 'cdk8s';
import {
  ChartRelease, ChartReleaseProps, ChartVerification, FluxOci, OciHelmSource, OciHelmSourceProps, PrivateRegistrySecret,
  RegistryProxySecret,
} from '../../src/cdk8s';
import { ValidationError } from '../../src/foundation/errors';
import { testChart } from '../support/synth';

/**
 * Every prop Flux would reject is rejected at construction, with the
 * construct path, the field, the value given and what would be valid.
 */

function sourceError(props: Partial<OciHelmSourceProps>): ValidationError {
  const { chart } = testChart();
  try {
    new OciHelmSource(chart, 'src', { url: 'oci://ghcr.io/acme/charts', ...props } as OciHelmSourceProps);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

function releaseError(props: Partial<ChartReleaseProps>, settings = {}, sourceProps: Partial<OciHelmSourceProps> = {}): ValidationError {
  const { chart } = testChart(settings);
  const source = new OciHelmSource(chart, 'src', { url: 'oci://ghcr.io/acme/charts', ...sourceProps });
  try {
    new ChartRelease(chart, 'rel', { source, chart: 'web', ...props } as ChartReleaseProps);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('OciHelmSource rejects what Flux would reject', () => {
  test.each<[string, Partial<OciHelmSourceProps>, string, RegExp]>([
    ['https scheme', { url: 'https://ghcr.io/acme/charts' }, 'url', /https:\/\/ scheme.*'oci:\/\/ghcr.io\/acme\/charts'/],
    ['no scheme', { url: 'ghcr.io/acme/charts' }, 'url', /no scheme; write it as 'oci:\/\/ghcr.io\/acme\/charts'/],
    ['a tag in the URL', { url: 'oci://ghcr.io/acme/charts:1.0.0' }, 'url', /tag/i],
    ['a digest in the URL', { url: 'oci://ghcr.io/acme/charts@sha256:' + 'a'.repeat(64) }, 'url', /digest/i],
    ['uppercase in the repository path', { url: 'oci://ghcr.io/Acme/Charts' }, 'url', /lowercase|uppercase/i],
    ['a source timeout in hours', { timeout: '1h' }, 'timeout', /'1h' is not a duration.*no h.*'60m'/],
    ['a malformed interval', { interval: '10 minutes' }, 'interval', /'10 minutes' is not a duration/],
    ['an unknown strategy', { strategy: 'GitRepository' as any }, 'strategy', /'GitRepository' is not one of 'OCIRepository', 'HelmRepository'/],
    ['an unknown provider', { provider: 'digitalocean' as any }, 'provider', /'digitalocean' is not one of 'generic', 'aws', 'azure', 'gcp'/],
    ['an invalid name', { name: 'Charts_1' }, 'name', /'Charts_1' is not a valid Kubernetes name/],
    ['an invalid namespace', { namespace: 'Flux System' }, 'namespace', /'Flux System' is not a valid DNS-1123 label/],
    ['notation without a secret', { verify: ChartVerification.notation({ secretName: '' }) }, 'verify', /notation/],
  ])('%s', (_title, props, field, message) => {
    const e = sourceError(props);
    expect(e.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'test/src', field })]));
    const issue = e.issues.find((i) => i.field === field)!;
    expect(issue.message).toMatch(message);
    expect(e.message).toContain(`[test/src] ${field}:`);
  });

  test('a secret for another registry host than the URL', () => {
    const { chart } = testChart();
    const secret = PrivateRegistrySecret.fromSecretName(chart, 's', 'creds', { registry: 'docker.io' });
    expect(() => new OciHelmSource(chart, 'src', { url: 'oci://ghcr.io/acme/charts', secret }))
      .toThrow(/\[test\/src\] secret: Secret 'creds' holds credentials for 'docker.io' but the URL's host is 'ghcr.io'/);
  });

  test('a secret in another namespace than the source', () => {
    const { chart } = testChart();
    const secret = PrivateRegistrySecret.fromSecretName(chart, 's', 'creds', { namespace: 'apps' });
    expect(() => new OciHelmSource(chart, 'src', { url: 'oci://ghcr.io/acme/charts', secret }))
      .toThrow(/\[test\/src\] secret: Secret 'creds' is in namespace 'apps' but the source is in 'flux-system'/);
  });

  test('a cloud provider next to a secret', () => {
    const { chart } = testChart();
    const secret = PrivateRegistrySecret.fromSecretName(chart, 's', 'creds');
    expect(() => new OciHelmSource(chart, 'src', { url: 'oci://contoso.azurecr.io/helm', secret, provider: 'azure' }))
      .toThrow(/\[test\/src\] provider: provider 'azure' is ignored by Flux when a secret is set/);
  });

  test('all problems are reported at once', () => {
    const e = sourceError({ url: 'https://x', timeout: '2h', provider: 'ibm' as any });
    expect(e.issues.map((i) => i.field).sort()).toEqual(['provider', 'timeout', 'url']);
  });
});

describe('ChartRelease rejects what Flux would reject', () => {
  test.each<[string, Partial<ChartReleaseProps>, string, RegExp]>([
    ['a releaseName over 53 characters', { releaseName: 'r'.repeat(54) }, 'releaseName', /has 54 characters; it must have 1 to 53/],
    ['a chart with a tag', { chart: 'web:1.0.0' }, 'chart', /put the version in 'version'/],
    ['a chart with an oci:// URL', { chart: 'oci://ghcr.io/acme/web' }, 'chart', /chart name/],
    ['an invalid version range', { version: '>=1.0 <<2' }, 'version', />=1.0 <<2/],
    ['a malformed interval', { interval: '5 min' }, 'interval', /'5 min' is not a duration/],
    ['a malformed timeout', { timeout: 'soon' }, 'timeout', /'soon' is not a duration/],
    ['an unknown pin', { pin: 'tag' as any }, 'pin', /'tag' is not one of 'none', 'version', 'digest'/],
    ['an unknown install.crds', { install: { crds: 'Replace' as any } }, 'install.crds', /'Replace' is not one of 'Skip', 'Create', 'CreateReplace'/],
    ['retryInterval with RemediateOnFailure', { upgrade: { strategy: { name: 'RemediateOnFailure', retryInterval: '1m' } } }, 'upgrade.strategy.retryInterval', /only to strategy 'RetryOnFailure'/],
    ['an unknown driftDetection.mode', { driftDetection: { mode: 'on' as any } }, 'driftDetection.mode', /'on' is not one of 'enabled', 'warn', 'disabled'/],
    ['a drift ignore path that is not a JSON pointer', { driftDetection: { ignore: [{ paths: ['spec.replicas'] }] } }, 'driftDetection.ignore[0].paths[0]', /not a JSON pointer/],
    ['a negative maxHistory', { maxHistory: -1 }, 'maxHistory', /integer >= 0/],
    ['an invalid valuesFrom key', { valuesFrom: [{ kind: 'ConfigMap', name: 'v', valuesKey: 'values yaml' }] }, 'valuesFrom[0].valuesKey', /'values yaml' does not match/],
    ['an invalid targetNamespace', { targetNamespace: 'Web' }, 'targetNamespace', /'Web' is not a valid DNS-1123 label/],
    ['createNamespace without targetNamespace', { createNamespace: true }, 'createNamespace', /targetNamespace, which is not set/],
    ['a function in values', { values: { image: { tag: () => 'x' } } }, 'values.image.tag', /a function is not a JSON value/],
    ['a BigInt in values', { values: { replicas: BigInt(3) } }, 'values.replicas', /BigInt 3n is not a JSON value/],
    ['an undefined leaf in values', { values: { image: { tag: undefined } } }, 'values.image.tag', /undefined is not a JSON value/],
    ['NaN in values', { values: { ratio: NaN } }, 'values.ratio', /NaN is not representable/],
    ['a Date in values', { values: { at: new Date(0) } }, 'values.at', /a Date is not a plain JSON object; pass date.toISOString\(\)/],
    ['a Map in values', { values: { m: new Map() } }, 'values.m', /a Map is not a plain JSON object/],
    ['values that are not an object', { values: [1, 2] as any }, 'values', /values must be a plain object/],
    ['semverFilter with an exact version', { version: '1.2.3', semverFilter: '.*' }, 'semverFilter', /applies only to a version range/],
    ['pin digest with the HelmRepository strategy', { pin: 'digest', strategy: 'HelmRepository' }, 'pin', /HelmRepository charts can be pinned to a version only/],
    ['an unknown postRenderStrategy', { postRenderStrategy: 'hooks' as any }, 'postRenderStrategy', /'hooks' is not one of 'nohooks', 'combined', 'separate'/],
    ['an unknown waitStrategy', { waitStrategy: { name: 'kstatus' as any } }, 'waitStrategy.name', /'kstatus' is not one of 'poller', 'legacy'/],
    ['a health check without its current expression', { healthCheckExprs: [{ apiVersion: 'cert-manager.io/v1', current: '' }] }, 'healthCheckExprs[0].current', /"expression Current not specified"/],
    ['health check expressions with the legacy wait', { waitStrategy: { name: 'legacy' }, healthCheckExprs: [{ apiVersion: 'a.io/v1', current: 'true' }] }, 'healthCheckExprs', /only with the 'poller' wait strategy/],
    ['a health check expression Flux cannot parse', { healthCheckExprs: [{ apiVersion: 'a.io/v1', current: "status.conditions.exists(c, c.type == 'Ready'" }] },
      'healthCheckExprs[0].current', /Flux's CEL parser \(cel-go\) refuses it: .* \(at column 46 of the expression\)/],
    ['a label that is not a string', { commonMetadata: { labels: { replicas: 3 as any } } }, 'commonMetadata.labels.replicas', /expected a string value, got number 3; quote it/],
  ])('%s', (_title, props, field, message) => {
    const e = releaseError(props);
    const issue = e.issues.find((i) => i.field === field);
    expect(issue).toBeDefined();
    expect(issue!.path).toBe('test/rel');
    expect(issue!.message).toMatch(message);
    expect(e.message).toContain(`[test/rel] ${field}:`);
  });

  test('values with a cycle', () => {
    const values: any = { a: { b: {} } };
    values.a.b.c = values.a;
    const e = releaseError({ values });
    expect(e.issues[0]).toMatchObject({ path: 'test/rel', field: 'values.a.b.c' });
    expect(e.issues[0].message).toMatch(/cycle/);
  });

  test('an OCIRepository release needs a dockerconfigjson Secret', () => {
    const { chart } = testChart();
    const secret = PrivateRegistrySecret.fromSecretName(chart, 's', 'creds', { format: 'basic-auth' });
    const source = new OciHelmSource(chart, 'src', { url: 'oci://ghcr.io/acme/charts', secret });
    expect(() => new ChartRelease(chart, 'rel', { source, chart: 'web' }))
      .toThrow(/\[test\/rel\] source.secret: OCIRepository reads only kubernetes.io\/dockerconfigjson Secrets, but 'creds' has format 'basic-auth'/);
  });

  test('HelmRepository has no proxySecretRef', () => {
    const { chart } = testChart();
    const proxy = RegistryProxySecret.fromSecretName(chart, 'p', 'proxy');
    const source = new OciHelmSource(chart, 'src', { url: 'oci://ghcr.io/acme/charts', proxySecret: proxy, strategy: 'HelmRepository' });
    expect(() => new ChartRelease(chart, 'rel', { source, chart: 'web' })).toThrow(/\[test\/rel\] source.proxySecret: HelmRepository has no proxySecretRef/);
  });
});

describe('fluxVersion rejects what older Flux lacks', () => {
  test.each<[string, any, Partial<ChartReleaseProps>, Partial<OciHelmSourceProps>, string, RegExp]>([
    ['chartRef before Flux 2.3', '2.2', {}, {}, 'strategy', /HelmRelease chartRef \(the OCIRepository strategy\) needs Flux 2.3 or newer, but fluxVersion is '2.2'.*strategy 'HelmRepository'/],
    ['semverFilter before Flux 2.3', '2.2', { version: '1.x', semverFilter: '.*' }, {}, 'semverFilter', /OCIRepository ref.semverFilter needs Flux 2.3 or newer, but fluxVersion is '2.2'/],
    ['driftDetection in Flux 2.1', '2.1', { driftDetection: { mode: 'enabled' } }, { strategy: 'HelmRepository' }, 'driftDetection', /HelmRelease driftDetection needs Flux 2.2 or newer, but fluxVersion is '2.1'/],
    ['install.strategy before Flux 2.7', '2.6', { install: { strategy: { name: 'RetryOnFailure' } } }, {}, 'install.strategy', /needs Flux 2.7/],
    ['commonMetadata before Flux 2.7', '2.6', { commonMetadata: { labels: { team: 'web' } } }, {}, 'commonMetadata', /HelmRelease commonMetadata needs Flux 2.7 or newer, but fluxVersion is '2.6'/],
    ['waitStrategy before Flux 2.8', '2.7', { waitStrategy: { name: 'legacy' } }, {}, 'waitStrategy', /HelmRelease waitStrategy and healthCheckExprs needs Flux 2.8/],
    ['healthCheckExprs before Flux 2.8', '2.7', { healthCheckExprs: [{ apiVersion: 'a/v1', current: 'true' }] }, {}, 'healthCheckExprs', /needs Flux 2.8/],
    ['postRenderStrategy before Flux 2.9', '2.8', { postRenderStrategy: 'nohooks' }, {}, 'postRenderStrategy', /HelmRelease postRenderStrategy needs Flux 2.9/],
  ])('%s', (_title, fluxVersion, props, sourceProps, field, message) => {
    const e = releaseError(props, { fluxVersion }, sourceProps);
    const issue = e.issues.find((i) => i.field === field);
    expect(issue?.message).toMatch(message);
  });

  test('notation verification in Flux 2.0 (HelmRelease v2beta1 knows cosign only)', () => {
    const { chart } = testChart({ fluxVersion: '2.0' });
    expect(() => new OciHelmSource(chart, 'src', { url: 'oci://ghcr.io/acme/charts', strategy: 'HelmRepository', verify: ChartVerification.notation({ secretName: 'trust' }) }))
      .toThrow(/\[test\/src\] verify: notation signature verification needs Flux 2.3 or newer, but fluxVersion is '2.0'/);
  });

  test('proxySecretRef before Flux 2.4', () => {
    const { chart } = testChart({ fluxVersion: '2.3' });
    const proxy = RegistryProxySecret.fromSecretName(chart, 'p', 'proxy');
    expect(() => new OciHelmSource(chart, 'src', { url: 'oci://ghcr.io/acme/charts', proxySecret: proxy }))
      .toThrow(/proxySecret: OCIRepository proxySecretRef needs Flux 2.4/);
  });

  test('trustedRootSecretRef before Flux 2.9', () => {
    const { chart } = testChart({ fluxVersion: '2.8' });
    expect(() => new OciHelmSource(chart, 'src', { url: 'oci://ghcr.io/acme/charts', verify: ChartVerification.cosign({ trustedRootSecretName: 'sigstore' }) }))
      .toThrow(/verify.trustedRootSecret: OCIRepository verify.trustedRootSecretRef needs Flux 2.9/);
  });

  test('an unknown fluxVersion is rejected when configured', () => {
    const app = new Chart(testChart().app, 'c');
    expect(() => FluxOci.configure(app, { fluxVersion: '3.0' as any })).toThrow(/fluxVersion: unknown Flux version '3.0'; valid: 2.0, 2.1/);
  });
});
