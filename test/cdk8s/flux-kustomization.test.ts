import { ApiObject, Chart, Testing } from 'cdk8s';
import { FluxKustomization, FluxKustomizationProps, OciArtifactSource, OciHelmSource } from '../../src/cdk8s';
import { ValidationError } from '../../src/foundation/errors';
import { FLUX_VERSIONS, FluxVersion } from '../../src/model/flux-version';
import { findObject, synthValid, testChart } from '../support/synth';

function kustomizationError(props: Partial<FluxKustomizationProps>, settings = {}): ValidationError {
  const { chart } = testChart(settings);
  const source = OciArtifactSource.fromOCIRepositoryName(chart, 'src', 'app-manifests');
  try {
    new FluxKustomization(chart, 'ks', { source, prune: true, ...props } as FluxKustomizationProps);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('FluxKustomization', () => {
  test('applies an artifact source: sourceRef, prune and the default interval', () => {
    const { app, chart } = testChart();
    const source = new OciArtifactSource(chart, 'app-manifests', { url: 'oci://ghcr.io/acme/app-manifests', tag: 'latest' });
    new FluxKustomization(chart, 'app', { source, prune: true });

    const objects = synthValid(app);
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'kustomize.toolkit.fluxcd.io/v1 Kustomization/app',
      'source.toolkit.fluxcd.io/v1 OCIRepository/app-manifests',
    ]);
    expect(findObject(objects, 'Kustomization')).toStrictEqual({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'app', namespace: 'flux-system' },
      spec: {
        interval: '10m',
        sourceRef: { kind: 'OCIRepository', name: 'app-manifests' },
        prune: true,
      },
    });
  });

  test("the Kustomization is the construct's default child, id 'Resource'", () => {
    const { chart } = testChart();
    const source = OciArtifactSource.fromOCIRepositoryName(chart, 'src', 'm');
    const ks = new FluxKustomization(chart, 'app', { source, prune: false });
    expect(ks.node.defaultChild).toBeInstanceOf(ApiObject);
    expect(ks.node.defaultChild!.node.id).toBe('Resource');
  });

  test('prune: false is written, not dropped', () => {
    const { app, chart } = testChart();
    const source = OciArtifactSource.fromOCIRepositoryName(chart, 'src', 'm');
    new FluxKustomization(chart, 'app', { source, prune: false });
    expect(findObject(synthValid(app), 'Kustomization').spec.prune).toBe(false);
  });

  test('every field a user of plain-manifest artifacts reaches for is written as the CRD names it', () => {
    const { app, chart } = testChart();
    const source = OciArtifactSource.fromOCIRepositoryName(chart, 'src', 'app-manifests');
    const infra = FluxKustomization.fromKustomizationName(chart, 'infra', 'infrastructure');
    new FluxKustomization(chart, 'app', {
      source,
      prune: true,
      name: 'web-app',
      path: './deploy/production',
      interval: '1h',
      retryInterval: '2m',
      timeout: '5m',
      targetNamespace: 'web',
      serviceAccountName: 'web-deployer',
      fluxDependsOn: [infra],
      healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'web' }],
      healthCheckExprs: [{ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', current: 'status.conditions.all(c, c.status == "True")', failed: 'false' }],
      postBuild: {
        substitute: { cluster_env: 'prod', REPLICAS: '3' },
        substituteFrom: [{ kind: 'ConfigMap', name: 'cluster-vars' }, { kind: 'Secret', name: 'cluster-secrets', optional: true }],
      },
      patches: [{ patch: '- op: replace\n  path: /spec/replicas\n  value: 3', target: { kind: 'Deployment', name: 'web' } }],
      images: [{ name: 'ghcr.io/acme/web', newTag: '1.4.2' }],
      components: ['../components/ingress'],
      ignoreMissingComponents: true,
      buildMetadata: ['originAnnotations'],
      ignore: [{ paths: ['/spec/replicas'], target: { kind: 'Deployment', name: 'web' } }],
      commonMetadata: { labels: { team: 'web' }, annotations: { 'acme.io/owner': 'web-team' } },
      namePrefix: 'prod-',
      nameSuffix: '-v1',
      force: true,
      deletionPolicy: 'Delete',
      decryption: { secretName: 'sops-age' },
      kubeConfig: { secretName: 'edge-kubeconfig', key: 'value.yaml' },
      suspend: false,
    });

    expect(findObject(synthValid(app), 'Kustomization').spec).toStrictEqual({
      interval: '1h',
      retryInterval: '2m',
      timeout: '5m',
      sourceRef: { kind: 'OCIRepository', name: 'app-manifests' },
      path: './deploy/production',
      prune: true,
      targetNamespace: 'web',
      serviceAccountName: 'web-deployer',
      dependsOn: [{ name: 'infrastructure' }],
      healthCheckExprs: [{ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', current: 'status.conditions.all(c, c.status == "True")', failed: 'false' }],
      healthChecks: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: 'web' }],
      postBuild: {
        substitute: { cluster_env: 'prod', REPLICAS: '3' },
        substituteFrom: [{ kind: 'ConfigMap', name: 'cluster-vars' }, { kind: 'Secret', name: 'cluster-secrets', optional: true }],
      },
      patches: [{ patch: '- op: replace\n  path: /spec/replicas\n  value: 3', target: { kind: 'Deployment', name: 'web' } }],
      images: [{ name: 'ghcr.io/acme/web', newTag: '1.4.2' }],
      components: ['../components/ingress'],
      ignoreMissingComponents: true,
      buildMetadata: ['originAnnotations'],
      ignore: [{ paths: ['/spec/replicas'], target: { kind: 'Deployment', name: 'web' } }],
      commonMetadata: { labels: { team: 'web' }, annotations: { 'acme.io/owner': 'web-team' } },
      namePrefix: 'prod-',
      nameSuffix: '-v1',
      force: true,
      deletionPolicy: 'Delete',
      decryption: { provider: 'sops', secretRef: { name: 'sops-age' } },
      kubeConfig: { secretRef: { name: 'edge-kubeconfig', key: 'value.yaml' } },
      suspend: false,
    });
  });

  test('wait checks every applied object', () => {
    const { app, chart } = testChart();
    const source = OciArtifactSource.fromOCIRepositoryName(chart, 'src', 'm');
    new FluxKustomization(chart, 'app', { source, prune: true, wait: true });
    expect(findObject(synthValid(app), 'Kustomization').spec.wait).toBe(true);
  });
});

describe('cross-namespace references', () => {
  test('a source in another namespace is named with its namespace; one in the same namespace is not', () => {
    const { app, chart } = testChart();
    const shared = new OciArtifactSource(chart, 'shared', { url: 'oci://ghcr.io/acme/shared', namespace: 'platform' });
    const local = new OciArtifactSource(chart, 'local', { url: 'oci://ghcr.io/acme/local' });
    new FluxKustomization(chart, 'from-shared', { source: shared, prune: true });
    new FluxKustomization(chart, 'from-local', { source: local, prune: true });
    new FluxKustomization(chart, 'in-platform', { source: shared, prune: true, namespace: 'platform' });

    const objects = synthValid(app);
    expect(findObject(objects, 'OCIRepository', 'shared').metadata.namespace).toBe('platform');
    expect(findObject(objects, 'Kustomization', 'from-shared').spec.sourceRef).toStrictEqual({ kind: 'OCIRepository', name: 'shared', namespace: 'platform' });
    expect(findObject(objects, 'Kustomization', 'from-local').spec.sourceRef).toStrictEqual({ kind: 'OCIRepository', name: 'local' });
    expect(findObject(objects, 'Kustomization', 'in-platform').spec.sourceRef).toStrictEqual({ kind: 'OCIRepository', name: 'shared' });
  });

  test('an imported OCIRepository in another namespace', () => {
    const { app, chart } = testChart({}, 'apps');
    const source = OciArtifactSource.fromOCIRepositoryName(chart, 'src', 'fleet', { namespace: 'flux-system' });
    new FluxKustomization(chart, 'app', { source, prune: true });
    const ks = findObject(synthValid(app), 'Kustomization');
    expect(ks.metadata.namespace).toBe('apps');
    expect(ks.spec.sourceRef).toStrictEqual({ kind: 'OCIRepository', name: 'fleet', namespace: 'flux-system' });
  });

  test('dependsOn names the namespace only when it differs', () => {
    const app = Testing.app();
    const platform = new Chart(app, 'platform', { namespace: 'flux-system' });
    const team = new Chart(app, 'team', { namespace: 'team-a' });
    const source = OciArtifactSource.fromOCIRepositoryName(platform, 'src', 'fleet');
    const infra = new FluxKustomization(platform, 'infra', { source, prune: true, path: './infra' });
    const db = new FluxKustomization(team, 'db', { source, prune: true, path: './db' });
    const web = new FluxKustomization(team, 'web', { source, prune: true, path: './web', fluxDependsOn: [db] });
    web.addFluxDependsOn(infra);

    const objects = synthValid(app);
    expect(findObject(objects, 'Kustomization', 'web').spec.dependsOn).toStrictEqual([{ name: 'db' }, { name: 'infra', namespace: 'flux-system' }]);
    expect(findObject(objects, 'Kustomization', 'web').spec.sourceRef).toStrictEqual({ kind: 'OCIRepository', name: 'fleet', namespace: 'flux-system' });
  });
});

describe('addFluxDependsOn', () => {
  test('adds Kustomizations after construction, imported ones included', () => {
    const { app, chart } = testChart();
    const source = OciArtifactSource.fromOCIRepositoryName(chart, 'src', 'm');
    const crds = new FluxKustomization(chart, 'crds', { source, prune: false, path: './crds' });
    const app1 = new FluxKustomization(chart, 'app', { source, prune: true, path: './app' });
    app1.addFluxDependsOn(crds, FluxKustomization.fromKustomizationName(chart, 'cm', 'cert-manager', 'cert-manager'));
    expect(findObject(synthValid(app), 'Kustomization', 'app').spec.dependsOn)
      .toStrictEqual([{ name: 'crds' }, { name: 'cert-manager', namespace: 'cert-manager' }]);
  });

  test('a Kustomization depending on itself is rejected with its path and the field, and not added', () => {
    const { app, chart } = testChart();
    const source = OciArtifactSource.fromOCIRepositoryName(chart, 'src', 'm');
    const ks = new FluxKustomization(chart, 'app', { source, prune: true });
    expect(() => ks.addFluxDependsOn(ks)).toThrow("[test/app] fluxDependsOn[0]: Kustomization 'app' depends on itself and would never become ready");
    expect(findObject(synthValid(app), 'Kustomization').spec.dependsOn).toBeUndefined();
  });

  test('something that is not a Kustomization is rejected, numbered after the existing entries', () => {
    const { chart } = testChart();
    const source = OciArtifactSource.fromOCIRepositoryName(chart, 'src', 'm');
    const other = new FluxKustomization(chart, 'other', { source, prune: true });
    const ks = new FluxKustomization(chart, 'app', { source, prune: true, fluxDependsOn: [other] });
    expect(() => ks.addFluxDependsOn(undefined as any))
      .toThrow('[test/app] fluxDependsOn[1]: expected a FluxKustomization (or FluxKustomization.fromKustomizationName())');
  });
});

describe('dependency cycles', () => {
  test('a cycle through addFluxDependsOn is reported at synth by every Kustomization in it, naming path and field', () => {
    const { app, chart } = testChart();
    const source = OciArtifactSource.fromOCIRepositoryName(chart, 'src', 'm');
    const a = new FluxKustomization(chart, 'a', { source, prune: true });
    const b = new FluxKustomization(chart, 'b', { source, prune: true, fluxDependsOn: [a] });
    const c = new FluxKustomization(chart, 'c', { source, prune: true, fluxDependsOn: [b] });
    new FluxKustomization(chart, 'outside', { source, prune: true, fluxDependsOn: [c] });
    a.addFluxDependsOn(c);

    let message = '';
    try {
      synthValid(app);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Validation failed with the following errors:/);
    const cycleLines = message.split('\n').filter((l) => l.includes('in a cycle'));
    expect(cycleLines).toEqual([
      "  [test/a] fluxDependsOn: Kustomizations 'flux-system/a' -> 'flux-system/c' -> 'flux-system/b' -> 'flux-system/a' depend on each other in a cycle, so Flux would never apply them; remove one of these fluxDependsOn entries",
      expect.stringMatching(/^ {2}\[test\/b\] fluxDependsOn: Kustomizations 'flux-system\/b' -> 'flux-system\/a' -> 'flux-system\/c' -> 'flux-system\/b' depend/),
      expect.stringMatching(/^ {2}\[test\/c\] fluxDependsOn: Kustomizations 'flux-system\/c' -> 'flux-system\/b' -> 'flux-system\/a' -> 'flux-system\/c' depend/),
    ]);
  });

  test('an entry with a readyExpr waits for its expression, not for Ready, so it breaks a cycle; it is written with the entry', () => {
    const { app, chart } = testChart();
    const source = OciArtifactSource.fromOCIRepositoryName(chart, 'src', 'm');
    const a = new FluxKustomization(chart, 'a', { source, prune: true });
    const b = new FluxKustomization(chart, 'b', { source, prune: true, fluxDependsOn: [a] });
    const readyExpr = "dep.status.conditions.exists(c, c.type == 'Ready')";
    a.addFluxDependsOn({ dependency: b, readyExpr });
    const objects = synthValid(app);
    expect(findObject(objects, 'Kustomization', 'a').spec.dependsOn).toStrictEqual([{ name: 'b', readyExpr }]);
    expect(() => a.addFluxDependsOn({ dependency: b, readyExpr: 'dep.status.ready' }))
      .toThrow(/\[test\/a\] fluxDependsOn\[1\]\.readyExpr: Flux's CEL compiler .* the expression's type is dyn/);
  });

  test('a shared dependency (a diamond) is not a cycle', () => {
    const { app, chart } = testChart();
    const source = OciArtifactSource.fromOCIRepositoryName(chart, 'src', 'm');
    const base = new FluxKustomization(chart, 'base', { source, prune: true });
    const left = new FluxKustomization(chart, 'left', { source, prune: true, fluxDependsOn: [base] });
    const right = new FluxKustomization(chart, 'right', { source, prune: true, fluxDependsOn: [base] });
    new FluxKustomization(chart, 'top', { source, prune: true, fluxDependsOn: [left, right] });
    expect(findObject(synthValid(app), 'Kustomization', 'top').spec.dependsOn).toStrictEqual([{ name: 'left' }, { name: 'right' }]);
  });
});

describe('FluxKustomization rejects what Flux would reject, naming the construct path and field', () => {
  test.each<[string, Partial<FluxKustomizationProps>, string, RegExp]>([
    ['no prune', { prune: undefined }, 'prune', /Flux requires a choice: true deletes objects that disappear from the artifact, false leaves them in the cluster; got nothing/],
    ['prune as a string', { prune: 'yes' as any }, 'prune', /got 'yes'/],
    ['an absolute path', { path: '/deploy' }, 'path', /'\/deploy' is absolute; write it relative to the artifact root, e.g. '.\/deploy'/],
    ['a path leaving the artifact', { path: './../other' }, 'path', /'.\/..\/other' goes up with '..'/],
    ['a malformed interval', { interval: '10 minutes' }, 'interval', /'10 minutes' is not a duration/],
    ['a malformed retryInterval', { retryInterval: 'soon' }, 'retryInterval', /'soon' is not a duration/],
    ['a malformed timeout', { timeout: '5 min' }, 'timeout', /'5 min' is not a duration/],
    ['an invalid targetNamespace', { targetNamespace: 'Web_App' }, 'targetNamespace', /'Web_App' is not a valid DNS-1123 label/],
    ['an invalid name', { name: 'Web_App' }, 'name', /'Web_App' is not a valid Kubernetes name/],
    ['an invalid namespace', { namespace: 'Flux System' }, 'namespace', /'Flux System' is not a valid DNS-1123 label/],
    ['an invalid serviceAccountName', { serviceAccountName: 'Deployer!' }, 'serviceAccountName', /'Deployer!' is not a valid Kubernetes name/],
    ['wait next to healthChecks', { wait: true, healthChecks: [{ kind: 'Deployment', name: 'web', namespace: 'web' }] }, 'healthChecks', /Flux ignores healthChecks when wait is true/],
    ['a health check without a kind', { healthChecks: [{ kind: '', name: 'web' }] }, 'healthChecks[0].kind', /has 0 characters/],
    ['a variable name kustomize-controller rejects', { postBuild: { substitute: { 'cluster-env': 'prod' } } }, 'postBuild.substitute.cluster-env', /'cluster-env' is not a valid variable name/],
    ['a non-string variable value', { postBuild: { substitute: { replicas: 3 as any } } }, 'postBuild.substitute.replicas', /expected a string value, got number 3; quote it, e.g. '3'/],
    ['substituteFrom of an unknown kind', { postBuild: { substituteFrom: [{ kind: 'Vault' as any, name: 'vars' }] } }, 'postBuild.substituteFrom[0].kind', /'Vault' is not one of 'ConfigMap', 'Secret'/],
    ['an empty patch', { patches: [{ patch: '' }] }, 'patches[0].patch', /has 0 characters/],
    ['a patch target whose name is not a Go regular expression', { patches: [{ patch: 'x', target: { name: 'web-(' } }] }, 'patches[0].target', /'web-\(' is not a regular expression Go accepts: .*, so kustomize fails the build/],
    ['a patch target whose labelSelector Kubernetes cannot parse', { patches: [{ patch: 'x', target: { labelSelector: 'tier in web' } }] }, 'patches[0].target', /labelSelector 'tier in web' is not a label selector Kubernetes parses/],
    ['an image without a name', { images: [{ name: '', newTag: '1.0.0' }] }, 'images[0].name', /has 0 characters/],
    ['an unknown buildMetadata', { buildMetadata: ['origin' as any] }, 'buildMetadata[0]', /'origin' is not one of 'originAnnotations', 'transformerAnnotations'/],
    ['an ignore path that is not a JSON pointer', { ignore: [{ paths: ['spec.replicas'] }] }, 'ignore[0].paths[0]', /'spec.replicas' is not a JSON pointer/],
    ['an ignore target kustomize cannot compile', { ignore: [{ paths: ['/spec'], target: { kind: 'Deploy(' } }] }, 'ignore[0].target', /is not a regular expression Go accepts/],
    ['a health check expression without its current expression', { wait: true, healthCheckExprs: [{ apiVersion: 'cert-manager.io/v1', current: '' }] }, 'healthCheckExprs[0].current', /"expression Current not specified"/],
    ['health check expressions nothing evaluates', { healthCheckExprs: [{ apiVersion: 'cert-manager.io/v1', current: 'true' }] }, 'healthCheckExprs', /only when wait is true or healthChecks lists objects/],
    ['a health check expression Flux cannot parse', { wait: true, healthCheckExprs: [{ apiVersion: 'cert-manager.io/v1', current: 'true', failed: 'status.phase ==' }] },
      'healthCheckExprs[0].failed', /Flux's CEL parser \(cel-go\) refuses it: .* \(at column 16 of the expression\); the controller stalls the object before anything is applied/],
    ['an absolute component', { components: ['/components/tls'] }, 'components[0]', /'\/components\/tls' is absolute; components are paths relative to 'path'/],
    ['a namePrefix over 200 characters', { namePrefix: 'p'.repeat(201) }, 'namePrefix', /has 201 characters; it must have 1 to 200/],
    ['an unknown deletionPolicy', { deletionPolicy: 'Keep' as any }, 'deletionPolicy', /'Keep' is not one of 'MirrorPrune', 'Delete', 'WaitForTermination', 'Orphan'/],
    ['a label value that is not a string', { commonMetadata: { labels: { tier: 1 as any } } }, 'commonMetadata.labels.tier', /expected a string value, got number 1/],
    ['an invalid decryption Secret name', { decryption: { secretName: 'SOPS Keys' } }, 'decryption.secretName', /'SOPS Keys' is not a valid Kubernetes name/],
    ['a dependsOn entry that is not a Kustomization', { fluxDependsOn: [{} as any] }, 'fluxDependsOn[0]', /expected a FluxKustomization/],
  ])('%s', (_title, props, field, message) => {
    const e = kustomizationError(props);
    const issue = e.issues.find((i) => i.field === field);
    expect(issue).toEqual(expect.objectContaining({ path: 'test/ks', field }));
    expect(issue!.message).toMatch(message);
    expect(e.message).toContain(`[test/ks] ${field}:`);
  });

  test('a missing source, or a chart source in its place', () => {
    const { chart } = testChart();
    const charts = new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts' });
    const expected = (id: string) => `[test/${id}] source: expected an OciArtifactSource (or OciArtifactSource.fromOCIRepositoryName())`;
    expect(() => new FluxKustomization(chart, 'ks1', { prune: true } as FluxKustomizationProps)).toThrow(expected('ks1'));
    expect(() => new FluxKustomization(chart, 'ks2', { prune: true, source: charts as any })).toThrow(expected('ks2'));
  });

  test('all problems are reported at once', () => {
    const e = kustomizationError({ prune: undefined, path: '/x', interval: 'daily' });
    expect(e.issues.map((i) => i.field).sort()).toEqual(['interval', 'path', 'prune']);
  });

  test('the helm-operator target has no Kustomization', () => {
    const e = kustomizationError({}, { target: 'helm-operator' });
    expect(e.issues).toEqual([expect.objectContaining({ path: 'test/ks', field: 'target' })]);
    expect(e.message).toMatch(/\[test\/ks\] target: the helm-operator target has no Kustomization/);
  });
});

describe('FluxKustomization across Flux versions', () => {
  test.each(FLUX_VERSIONS)('fluxVersion %s: kustomize.toolkit.fluxcd.io/v1 (GA since Flux 2.0), valid for its CRD', (fluxVersion) => {
    const { app, chart } = testChart({ fluxVersion });
    const source = new OciArtifactSource(chart, 'm', { url: 'oci://ghcr.io/acme/m', tag: 'latest' });
    new FluxKustomization(chart, 'app', {
      source,
      prune: true,
      path: './deploy',
      wait: true,
      postBuild: { substitute: { env: 'prod' } },
      images: [{ name: 'web', newTag: '2.0.0' }],
    });
    const objects = synthValid(app);
    expect(findObject(objects, 'Kustomization').apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1');
  });

  test.each<[FluxVersion, Partial<FluxKustomizationProps>, string, RegExp]>([
    ['2.2', { namePrefix: 'prod-' }, 'namePrefix', /Kustomization namePrefix\/nameSuffix needs Flux 2.3 or newer, but fluxVersion is '2.2'; raise fluxVersion or remove it/],
    ['2.4', { wait: true, healthCheckExprs: [{ apiVersion: 'a.io/v1', current: 'true' }] }, 'healthCheckExprs', /Kustomization healthCheckExprs needs Flux 2.5 or newer, but fluxVersion is '2.4'/],
    ['2.6', { ignoreMissingComponents: true }, 'ignoreMissingComponents', /Kustomization ignoreMissingComponents needs Flux 2.7 or newer/],
    ['2.8', { buildMetadata: ['originAnnotations'] }, 'buildMetadata', /Kustomization buildMetadata and ignore needs Flux 2.9 or newer, but fluxVersion is '2.8'/],
    ['2.8', { ignore: [{ paths: ['/spec/replicas'] }] }, 'ignore', /needs Flux 2.9 or newer/],
    ['2.2', { nameSuffix: '-v1' }, 'nameSuffix', /needs Flux 2.3 or newer, but fluxVersion is '2.2'/],
    ['2.4', { deletionPolicy: 'Orphan' }, 'deletionPolicy', /Kustomization deletionPolicy needs Flux 2.5 or newer, but fluxVersion is '2.4'/],
    ['2.5', { deletionPolicy: 'WaitForTermination' }, 'deletionPolicy', /Kustomization deletionPolicy 'WaitForTermination' needs Flux 2.6 or newer, but fluxVersion is '2.5'/],
    ['2.6', { fluxDependsOn: [{ dependency: FluxKustomization.fromKustomizationName(new Chart(Testing.app(), 'c'), 'infra', 'infra'), readyExpr: 'true' }] },
      'fluxDependsOn[0].readyExpr', /Kustomization dependsOn readyExpr needs Flux 2.7 or newer, but fluxVersion is '2.6'/],
    ['2.8', { wait: true, healthCheckExprs: [{ apiVersion: 'cert-manager.io/v1', current: 'true' }] }, 'healthCheckExprs[0].kind', /Flux 2.8's CRD requires kind/],
    ['2.8', { wait: true, healthCheckExprs: [{ apiVersion: 'a.io/v1', kind: 'A', current: 'true' }, { apiVersion: 'a.io/v2', kind: 'A', current: 'false' }] },
      'healthCheckExprs[1]', /a second health check for A of API group a.io \(the first is entry 0\): Flux 2.8 refuses it/],
    ['2.7', { wait: true, healthCheckExprs: [{ apiVersion: 'a.io/v1', kind: 'A', current: 'true' }, { apiVersion: 'a.io/v1', kind: 'A', current: 'x.' }] },
      'healthCheckExprs[1]', /Flux 2.7 reads only the first, so these expressions never run/],
  ])('fluxVersion %s rejects what its kustomize-controller lacks: %o', (fluxVersion, props, field, message) => {
    const e = kustomizationError(props, { fluxVersion });
    expect(e.issues).toEqual([expect.objectContaining({ path: 'test/ks', field })]);
    expect(e.issues[0].message).toMatch(message);
  });

  test.each<[FluxVersion, Partial<FluxKustomizationProps>]>([
    ['2.3', { namePrefix: 'prod-', nameSuffix: '-v1' }],
    ['2.5', { deletionPolicy: 'Orphan' }],
    ['2.6', { deletionPolicy: 'WaitForTermination' }],
    ['2.5', { wait: true, healthCheckExprs: [{ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', current: 'true' }] }],
    ['2.7', { ignoreMissingComponents: true }],
    ['2.9', { buildMetadata: ['originAnnotations', 'transformerAnnotations'], ignore: [{ paths: ['/spec/replicas'] }] }],
    ['2.9', { wait: true, healthCheckExprs: [{ apiVersion: 'cert-manager.io/v1', current: 'true' }] }],
  ])('fluxVersion %s accepts what it serves: %o', (fluxVersion, props) => {
    const { app, chart } = testChart({ fluxVersion });
    const source = OciArtifactSource.fromOCIRepositoryName(chart, 'src', 'm');
    new FluxKustomization(chart, 'ks', { source, prune: true, ...props });
    expect(findObject(synthValid(app), 'Kustomization').spec).toEqual(expect.objectContaining(props));
  });
});
