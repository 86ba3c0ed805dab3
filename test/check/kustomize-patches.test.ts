import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkManifests, ManifestObject, ManifestSource, parseManifests } from '../../src/check/manifests';
import { helmReleaseYaml } from '../support/flux-yaml';
import { pushProjectChart } from '../support/project-charts';
import { startRegistry, TestRegistry } from '../support/registry';
import { WEB } from '../values/charts';

/** Sources from `path: text` pairs, named with the platform's separator as a folder walk names them. */
const sources = (files: Record<string, string>): ManifestSource[] => Object.entries(files).map(([file, text]) => ({ file: join(...file.split('/')), text }));

/** The base's HelmRelease: web 1.2.0 from the HelmRepository charts, two replicas. */
const release = () => helmReleaseYaml('web', '  values:\n    replicaCount: 2\n');

const kustomization = (fields: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${fields}`;

/** A base folder holding the release. */
const BASE = { 'base/kustomization.yaml': kustomization('resources: [release.yaml]\n'), 'base/release.yaml': release() };

/** A patch replacing the interval of what `kind` selects, as a `patches` entry. */
const intervalPatch = (value: string, kind = 'HelmRelease') => `  - patch: '[{"op": "replace", "path": "/spec/interval", "value": "${value}"}]'\n    target: {kind: ${kind}}\n`;

/** The HelmReleases parsed from the files, as `[builtAs, spec]`. */
const releases = (files: Record<string, string>) => parseManifests(sources(files)).objects
  .filter((o) => o.kind === 'HelmRelease').map((o) => [o.builtAs, o.value.spec]);

describe("a kustomization's patches (kustomize build, as kustomize-controller runs it)", () => {
  test('two overlays of one base make two objects, each named after its overlay; the base as written is in neither', () => {
    const parsed = parseManifests(sources({
      'apps/base/kustomization.yaml': kustomization('resources: [release.yaml]\n'),
      'apps/base/release.yaml': release(),
      'apps/production/kustomization.yaml': kustomization('resources: [../base]\npatches:\n  - path: web.yaml\n'),
      'apps/production/web.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: apps}\nspec:\n  values: {replicaCount: 5}\n',
      'apps/staging/kustomization.yaml': kustomization('resources: [../base]\npatchesJson6902:\n  - target: {kind: HelmRelease, name: web}\n    path: version.yaml\n'),
      'apps/staging/version.yaml': '- op: replace\n  path: /spec/chart/spec/version\n  value: 1.3.0\n',
    }));
    const built = parsed.objects.filter((o) => o.kind === 'HelmRelease');
    const spec = (o: ManifestObject) => o.value.spec as { values: unknown; chart: { spec: { version: string } } };
    expect(built.map((o) => [o.builtAs, spec(o).values, spec(o).chart.spec.version])).toEqual([
      [join('apps', 'production', 'kustomization.yaml'), { replicaCount: 5 }, '1.2.0'],
      [join('apps', 'staging', 'kustomization.yaml'), { replicaCount: 2 }, '1.3.0'],
    ]);
    // A field a patch writes is located in the patch file; the rest where the base writes it.
    expect(built[0].locate('/spec/values/replicaCount')).toEqual({ file: join('apps', 'production', 'web.yaml'), line: 5, column: 12 });
    expect(built[0].locate('/spec/interval')).toEqual({ file: join('apps', 'base', 'release.yaml'), line: 7, column: 3 });
    // A JSON6902 patch file (a list, not an object) is located at its start.
    expect(built[1].locate('/spec/chart/spec/version')).toEqual({ file: join('apps', 'staging', 'version.yaml'), line: 1, column: 1 });
    // The patch files are part of the objects they patch: no note sets them aside.
    expect(parsed.findings).toEqual([]);
  });

  test('overlays that make the same object make one; a patch that does not reach the object changes nothing', () => {
    const same = 'patches:\n  - patch: |\n      - {op: replace, path: /spec/interval, value: 5m}\n    target: {kind: HelmRelease}\n';
    expect(releases({
      ...BASE,
      'a/kustomization.yaml': kustomization(`resources: [../base]\n${same}`),
      'b/kustomization.yaml': kustomization(`resources: [../base]\n${same}`),
    })).toEqual([[undefined, expect.objectContaining({ interval: '5m' })]]);
    expect(releases({
      ...BASE,
      'a/kustomization.yaml': kustomization(`resources: [../base]\npatches:\n${intervalPatch('5m', 'OCIRepository')}`),
    })).toEqual([[undefined, expect.objectContaining({ interval: '10m' })]]);
  });

  test('builds that put a shared object in different namespaces are not told apart by that: it stays one object, in each namespace', () => {
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: shared\nstringData:\n  a: b\n';
    const parsed = parseManifests(sources({
      'common/kustomization.yaml': kustomization('resources: [secret.yaml]\n'),
      'common/secret.yaml': secret,
      'a/kustomization.yaml': kustomization('namespace: a\nresources: [../common, release.yaml]\n'
        + `patches:\n${intervalPatch('5m')}`),
      'a/release.yaml': release(),
      'b/kustomization.yaml': kustomization('namespace: b\nresources: [../common]\n'),
    }));
    expect(parsed.objects.filter((o) => o.kind === 'Secret').map((o) => [o.builtAs, o.appliedNamespace, o.appliedNamespaces])).toEqual([[undefined, undefined, ['a', 'b']]]);
  });

  test("kustomize's order: patchesStrategicMerge and patches see the namespace before the kustomization's namespace:, patchesJson6902 after it; an overlay's patches after its base's", () => {
    const namespaced = (ns: string, value: string) => `  - target: {kind: HelmRelease, namespace: ${ns}}\n    patch: '[{"op": "add", "path": "/spec/values/${value}", "value": true}]'\n`;
    const [[, spec]] = releases({
      'base/kustomization.yaml': kustomization('resources: [release.yaml]\npatches:\n  - patch: \'[{"op": "replace", "path": "/spec/values/replicaCount", "value": 3}]\'\n    target: {kind: HelmRelease}\n'),
      'base/release.yaml': release(),
      'prod/kustomization.yaml': kustomization(`namespace: prod\nresources: [../base]\npatches:\n${namespaced('prod', 'patchesSeesProd')}${namespaced('apps', 'patchesSeesApps')}`
        + `patchesJson6902:\n${namespaced('prod', 'json6902SeesProd')}${namespaced('apps', 'json6902SeesApps')}`
        + '  - target: {kind: HelmRelease}\n    patch: \'[{"op": "replace", "path": "/spec/values/replicaCount", "value": 4}]\'\n'),
    });
    // kustomize's selector matches the id the object has now or had as written: `apps` matches in both steps, `prod` only after namespace:.
    expect((spec as { values: unknown }).values).toEqual({ replicaCount: 4, patchesSeesApps: true, json6902SeesProd: true, json6902SeesApps: true });
  });

  test("a component's patches act on what the kustomization that lists it gathers; a strategic-merge patch without a target reaches the object of its own id only", () => {
    const [[, spec]] = releases({
      'app/kustomization.yaml': kustomization('resources: [release.yaml]\ncomponents: [../common]\npatchesStrategicMerge:\n'
        + '  - |-\n    apiVersion: helm.toolkit.fluxcd.io/v2\n    kind: HelmRelease\n    metadata: {name: web}\n    spec: {timeout: 1m}\n'
        + '  - |-\n    apiVersion: helm.toolkit.fluxcd.io/v2\n    kind: HelmRelease\n    metadata: {name: web, namespace: apps}\n    spec: {timeout: 2m}\n'),
      'app/release.yaml': release(),
      'common/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches:\n  - target: {kind: HelmRelease}\n    patch: |\n'
        + '      apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata: {name: any}\n      spec:\n        install: {crds: CreateReplace}\n',
    });
    // The patch without a namespace names web in `default`, which kustomize does not match with web in `apps`.
    expect(spec).toMatchObject({ timeout: '2m', install: { crds: 'CreateReplace' } });
  });

  test('a patch that deletes the object ($patch: delete) leaves it out of that build; deleted from every build, nothing applies it', () => {
    const deleting = 'patches:\n  - patch: |\n      $patch: delete\n      apiVersion: helm.toolkit.fluxcd.io/v2\n      kind: HelmRelease\n      metadata: {name: web, namespace: apps}\n';
    const files = {
      ...BASE,
      'a/kustomization.yaml': kustomization(`resources: [../base]\n${deleting}`),
      'b/kustomization.yaml': kustomization(`resources: [../base]\npatches:\n${intervalPatch('5m')}`),
    };
    expect(releases(files)).toEqual([[undefined, expect.objectContaining({ interval: '5m' })]]);
    expect(releases({ ...files, 'b/kustomization.yaml': kustomization(`resources: [../base]\n${deleting}`) })).toEqual([]);
  });

  test('a patch kustomize cannot apply is an error at its entry; a patch file that is not among the files leaves the object as written', () => {
    const parsed = parseManifests(sources({
      ...BASE,
      'a/kustomization.yaml': kustomization('resources: [../base]\npatches:\n  - target: {kind: HelmRelease}\n    patch: \'[{"op": "replace", "path": "/spec/nothing/here", "value": 1}]\'\n'),
    }));
    expect(parsed.findings.map((f) => [f.rule, f.severity, f.location.file, f.location.line, f.message])).toEqual([[
      'patch', 'error', join('a', 'kustomization.yaml'), 5,
      expect.stringMatching(/^a[\\/]kustomization\.yaml patches\[0\] cannot be applied to HelmRelease apps\/web: JSON6902 operation 1 \(replace \/spec\/nothing\/here\): .*, so kustomize build fails$/),
    ]]);
    expect(releases({
      ...BASE,
      'a/kustomization.yaml': kustomization(`resources: [../base]\npatches:\n  - path: elsewhere.yaml\n${intervalPatch('5m')}`),
    })).toEqual([[undefined, expect.objectContaining({ interval: '10m' })]]);
  });

  test('kustomizations that include each other in a ring (kustomize refuses it) are walked a bounded number of steps: the object is checked as written', () => {
    const ring = Array.from({ length: 12 }, (_, i) => `k${i}`);
    const files: Record<string, string> = { 'k0/release.yaml': release() };
    for (const folder of ring) {
      const others = ring.filter((f) => f !== folder).map((f) => `../${f}`);
      files[`${folder}/kustomization.yaml`] = kustomization(`resources: [${[...folder === 'k0' ? ['release.yaml'] : [], ...others].join(', ')}]\n`
        + `patches:\n${intervalPatch('5m')}`);
    }
    expect(releases(files)).toEqual([[undefined, expect.objectContaining({ interval: '10m' })]]);
  });

  test('a patch file whose objects come from elsewhere (a remote base) is set aside with a note, as before', () => {
    const parsed = parseManifests(sources({
      'a/kustomization.yaml': kustomization('resources: [https://github.com/acme/base//apps?ref=v1]\npatches:\n  - path: web.yaml\n'),
      'a/web.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: apps}\nspec:\n  values: {replicaCount: 5}\n',
    }));
    expect(parsed.objects.map((o) => o.kind)).toEqual(['Kustomization']);
    expect(parsed.findings.map((f) => [f.rule, f.location.file, f.message])).toEqual([['kustomize-patch', join('a', 'web.yaml'),
      `a kustomize patch (${join('a', 'kustomization.yaml')} applies it), not an object of its own, so it is not checked alone; `
      + 'to check the objects it patches, pipe \'kustomize build a\' to \'flux-oci check -\'']]);
  });

  test("a namePrefix or nameSuffix renames every object of its build, and no reference in a Flux kind: the HelmRelease's chartRef names what is no longer there", async () => {
    const oci = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  interval: 10m\n'
      + '  url: oci://registry.example.com/charts/web\n  ref:\n    tag: 1.2.0\n';
    const web = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  interval: 10m\n'
      + '  chartRef:\n    kind: OCIRepository\n    name: web\n';
    const files = {
      'base/kustomization.yaml': kustomization('resources: [oci.yaml, release.yaml]\n'),
      'base/oci.yaml': oci,
      'base/release.yaml': web,
      'staging/kustomization.yaml': kustomization('resources: [../base]\nnamePrefix: staging-\nnameSuffix: -v2\n'),
      'production/kustomization.yaml': kustomization('resources: [../base]\n'),
    };
    const parsed = parseManifests(sources(files));
    // kustomize's names, per build.
    expect(parsed.objects.filter((o) => o.kind !== 'Kustomization').map((o) => [o.kind, o.name, o.writtenName, o.builtAs]).sort()).toEqual([
      ['HelmRelease', 'staging-web-v2', 'web', join('staging', 'kustomization.yaml')],
      ['HelmRelease', 'web', undefined, join('production', 'kustomization.yaml')],
      ['OCIRepository', 'staging-web-v2', 'web', join('staging', 'kustomization.yaml')],
      ['OCIRepository', 'web', undefined, join('production', 'kustomization.yaml')],
    ]);
    const report = await checkManifests(sources(files), { resolver: { mode: 'off', lockfile: false, env: { ...process.env, FLUX_OCI_RESOLVE: 'off' } } });
    // Staging's chartRef still says web, which that build renamed; production's resolves (its own web, not staging's).
    expect(report.findings.filter((f) => f.rule === 'reference').map((f) => [f.severity, f.location.file, f.location.line, f.message])).toEqual([[
      'error', join('base', 'release.yaml'), 8,
      `HelmRelease apps/staging-web-v2 (as ${join('staging', 'kustomization.yaml')} builds it) spec.chartRef names OCIRepository apps/web, `
        + `which ${join('staging', 'kustomization.yaml')} (namePrefix 'staging-' and nameSuffix '-v2') renames staging-web-v2: kustomize updates a reference only in the fields `
        + "its name-reference configuration lists, none of a Flux kind's, so helm-controller finds no OCIRepository web; name it staging-web-v2, or list this field in the kustomization's configurations:",
    ]]);
    // With configurations:, kustomize may update them: the check leaves the names as written and says so.
    const configured = parseManifests(sources({ ...files, 'staging/kustomization.yaml': kustomization('resources: [../base]\nnamePrefix: staging-\nconfigurations: [refs.yaml]\n') }));
    expect(configured.objects.filter((o) => o.kind === 'HelmRelease').map((o) => o.name)).toEqual(['web']);
    expect(configured.findings.filter((f) => f.rule === 'kustomize-rename').map((f) => [f.location.file, f.location.line, f.message])).toEqual([[
      join('staging', 'kustomization.yaml'), 4,
      `${join('staging', 'kustomization.yaml')} namePrefix 'staging-' renames the 2 Flux objects it builds (OCIRepository apps/web, HelmRelease apps/web), `
        + 'and its configurations: may teach kustomize to update references in Flux kinds, which flux-oci does not read: '
        + 'these objects, and the references to them, are checked under their written names, and what the rename does is not checked',
    ]]);
  });

  test('a patch of an overlay over a renamed base selects the object by the name it has or had (kustomize Select: OrgId, then CurId)', () => {
    const files = {
      ...BASE,
      'renamed/kustomization.yaml': kustomization('resources: [../base]\nnamePrefix: staging-\n'),
      'outer/kustomization.yaml': kustomization('resources: [../renamed]\npatches:\n'
        + '  - patch: \'[{"op": "replace", "path": "/spec/interval", "value": "5m"}]\'\n    target: {kind: HelmRelease, name: web}\n'
        + '  - patch: \'[{"op": "add", "path": "/spec/suspend", "value": true}]\'\n    target: {kind: HelmRelease, name: staging-web}\n'),
    };
    expect(parseManifests(sources(files)).objects.filter((o) => o.kind === 'HelmRelease').map((o) => [o.name, (o.value.spec as Record<string, unknown>).interval, (o.value.spec as Record<string, unknown>).suspend]))
      .toEqual([['staging-web', '5m', true]]);
  });
});

test("a problem the overlays' objects share is one finding, naming every build that has it", async () => {
  const report = await checkManifests(sources({
    'base/kustomization.yaml': kustomization('resources: [release.yaml]\n'),
    'base/release.yaml': release().replace('helm.toolkit.fluxcd.io/v2', 'helm.toolkit.fluxcd.io/v2beta2'),
    'a/kustomization.yaml': kustomization(`resources: [../base]\npatches:\n${intervalPatch('5m')}`),
    'b/kustomization.yaml': kustomization(`resources: [../base]\npatches:\n${intervalPatch('7m')}`),
  }), { resolver: { mode: 'off', lockfile: false, env: { ...process.env, FLUX_OCI_RESOLVE: 'off' } } });
  expect(report.findings.filter((f) => f.rule === 'api-version').map((f) => f.message.slice(0, f.message.indexOf(':')))).toEqual([
    `HelmRelease apps/web (as ${join('a', 'kustomization.yaml')} and ${join('b', 'kustomization.yaml')} build it)`,
  ]);
});

describe('overlays against a registry: each overlay\'s object is looked up and its values checked', () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startRegistry({ mode: 'anonymous' });
    await pushProjectChart(registry, 'charts', WEB);
  });
  afterAll(() => registry?.stop());

  test("an overlay's HelmRelease reads that overlay's OCIRepository: where the overlays make the same HelmRelease, it is still one per overlay, its values checked against the chart that overlay pulls", async () => {
    const source = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata: {name: web, namespace: apps}\nspec:\n  interval: 10m\n'
      + `  insecure: true\n  url: oci://${registry.host}/charts/web\n  ref: {tag: 1.2.0}\n  layerSelector: {mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip, operation: copy}\n`;
    const byRef = 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: apps}\nspec:\n  interval: 10m\n'
      + '  chartRef: {kind: OCIRepository, name: web}\n  values: {replicaCount: 2}\n';
    const overlay = (tag: string, replicas: number) => kustomization('resources: [../base]\npatches:\n'
      + `  - target: {kind: OCIRepository}\n    patch: '[{"op": "replace", "path": "/spec/ref/tag", "value": "${tag}"}]'\n`
      + `  - target: {kind: HelmRelease}\n    patch: '[{"op": "replace", "path": "/spec/values/replicaCount", "value": ${replicas}}]'\n`);
    const report = await checkManifests(sources({
      'base/kustomization.yaml': kustomization('resources: [source.yaml, release.yaml]\n'),
      'base/source.yaml': source,
      'base/release.yaml': byRef,
      // Both set values 1.2.0 rejects: production pulls 1.2.0, so its values fail; staging pulls a tag that is not there, so its values are not checked.
      'production/kustomization.yaml': overlay('1.2.0', 0),
      'staging/kustomization.yaml': overlay('9.9.9', 0),
    }), { resolver: { mode: 'online', lockfile: false, cache: mkdtempSync(join(tmpdir(), 'flux-oci-check-overlay-refs-')), env: { ...process.env, FLUX_OCI_RESOLVE: 'online' } } });
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.message.replace(/ \(GET .*$/, '')}`)).toEqual([
      `values HelmRelease apps/web (as ${join('production', 'kustomization.yaml')} builds it): values of chart web@1.2.0 at /replicaCount: minimum: got 0, want 1 `
        + '(values.schema.json of web)',
      expect.stringMatching(/^registry OCIRepository apps\/web \(as staging.kustomization\.yaml builds it\).*9\.9\.9/),
    ]);
  });

  test("an overlay's version is the one looked up, its values the ones checked, and each finding is where the overlay writes it", async () => {
    const files = sources({
      'apps/base/kustomization.yaml': kustomization('resources: [repository.yaml, release.yaml]\n'),
      'apps/base/repository.yaml': `apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata: {name: charts, namespace: apps}\nspec:\n  type: oci\n  insecure: true\n  url: oci://${registry.host}/charts\n`,
      'apps/base/release.yaml': release(),
      'apps/production/kustomization.yaml': kustomization('resources: [../base]\npatches:\n  - path: web.yaml\n'),
      'apps/production/web.yaml': 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: web, namespace: apps}\nspec:\n  values:\n    replicaCount: 0\n',
      'apps/staging/kustomization.yaml': kustomization('resources: [../base]\npatches:\n  - target: {kind: HelmRelease}\n    patch: |\n      - {op: replace, path: /spec/chart/spec/version, value: 9.9.9}\n'),
    });
    const report = await checkManifests(files, {
      resolver: { mode: 'online', lockfile: false, cache: mkdtempSync(join(tmpdir(), 'flux-oci-check-overlays-')), env: { ...process.env, FLUX_OCI_RESOLVE: 'online' } },
    });
    expect(report.findings.map((f) => `${f.severity} ${f.rule} ${f.location.file}:${f.location.line} ${f.message.replace(/ \(GET .*$/, '')}`)).toEqual([
      `error values ${join('apps', 'production', 'web.yaml')}:5 HelmRelease apps/web (as ${join('apps', 'production', 'kustomization.yaml')} builds it): `
        + 'values of chart web@1.2.0 at /replicaCount: minimum: got 0, want 1 (values.schema.json of web)',
      expect.stringMatching(new RegExp(`^error registry ${join('apps', 'staging', 'kustomization.yaml').replace(/\\/g, '\\\\')}:5 HelmRelease apps/web `
        + '\\(as apps.staging.kustomization\\.yaml builds it\\).*version \'9\\.9\\.9\'')),
    ]);
    // Two lookups: production's 1.2.0 and staging's 9.9.9; the base as written is in neither build.
    expect(report.registry).toMatchObject({ checked: 2, failed: 1 });
  });
});
