import { join } from 'node:path';
import { KustomizationFile, placementOf } from '../../src/check/manifests/placement';

/** `folder/kustomization.yaml` with these fields. */
const k = (folder: string, fields: Record<string, unknown>): KustomizationFile => ({ file: join(folder, 'kustomization.yaml'), value: fields });

describe("the namespace kustomize sets (a kustomization's namespace: field)", () => {
  const files = [
    'tenants/frontend/sync.yaml', 'tenants/frontend/kustomization.yaml',
    'tenants/backend/sync.yaml', 'tenants/backend/kustomization.yaml',
    'tenants/kustomization.yaml',
    'apps/base/release.yaml', 'apps/base/kustomization.yaml',
    'apps/production/kustomization.yaml', 'apps/staging/kustomization.yaml',
    'loose/release.yaml',
  ].map((f) => join(...f.split('/')));

  test('a file a kustomization lists gets its namespace; one no kustomization lists gets none', () => {
    const placement = placementOf(files, [
      k('tenants/frontend', { namespace: 'frontend', resources: ['sync.yaml'] }),
      k('tenants/backend', { namespace: 'backend', resources: ['./sync.yaml'] }),
      // An including kustomization without a namespace leaves each folder's own.
      k('tenants', { resources: ['frontend', 'backend/'] }),
    ], []);
    expect(placement.namespacesOf(join('tenants', 'frontend', 'sync.yaml'))).toEqual(['frontend']);
    expect(placement.namespacesOf(join('tenants', 'backend', 'sync.yaml'))).toEqual(['backend']);
    expect(placement.namespacesOf(join('loose', 'release.yaml'))).toBeUndefined();
  });

  test("the outermost namespace wins (an overlay's transformer runs after its base's)", () => {
    const placement = placementOf(files, [
      k('apps/base', { namespace: 'podinfo', resources: ['release.yaml'] }),
      k('apps/production', { namespace: 'prod', resources: ['../base'] }),
    ], []);
    expect(placement.namespacesOf(join('apps', 'base', 'release.yaml'))).toEqual(['prod']);
  });

  test('a base two overlays put in different namespaces is built into each; overlays that agree give theirs', () => {
    const base = k('apps/base', { namespace: 'podinfo', resources: ['release.yaml'] });
    const file = join('apps', 'base', 'release.yaml');
    expect(placementOf(files, [base, k('apps/production', { namespace: 'prod', resources: ['../base'] }), k('apps/staging', { namespace: 'staging', resources: ['../base'] })], []).namespacesOf(file)).toEqual(['prod', 'staging']);
    expect(placementOf(files, [base, k('apps/production', { namespace: 'apps', resources: ['../base'] }), k('apps/staging', { namespace: 'apps', resources: ['../base'] })], []).namespacesOf(file)).toEqual(['apps']);
    // An overlay without a namespace keeps the base's.
    expect(placementOf(files, [base, k('apps/production', { resources: ['../base'] })], []).namespacesOf(file)).toEqual(['podinfo']);
  });

  test('the older bases: count as resources (kustomize appends them to resources before building)', () => {
    const placement = placementOf(files, [
      k('apps/base', { resources: ['release.yaml'] }),
      k('apps/production', { namespace: 'prod', bases: ['../base'] }),
    ], []);
    expect(placement.namespacesOf(join('apps', 'base', 'release.yaml'))).toEqual(['prod']);
  });

  test("a plugin's configuration (generators, transformers, validators) is not an object the build holds", () => {
    const placement = placementOf([...files, join('apps', 'base', 'labels.yaml')], [
      k('apps/base', { namespace: 'web', resources: ['release.yaml'], transformers: ['labels.yaml'] }),
    ], []);
    expect(placement.namespacesOf(join('apps', 'base', 'release.yaml'))).toEqual(['web']);
    expect(placement.namespacesOf(join('apps', 'base', 'labels.yaml'))).toBeUndefined();
  });

  test('components count as included; remote resources and kustomizations that include each other do not break it', () => {
    const placement = placementOf(files, [
      k('apps/base', { resources: ['release.yaml', 'https://github.com/fluxcd/flux2/manifests/install?ref=v2.4.0', 'github.com/acme/base//apps'] }),
      k('apps/production', { namespace: 'prod', components: ['../base', '../staging'] }),
      k('apps/staging', { resources: ['../production'] }),
    ], []);
    expect(placement.namespacesOf(join('apps', 'base', 'release.yaml'))).toEqual(['prod']);
  });
});

describe("the namespace a Flux Kustomization's targetNamespace sets on the folder it builds", () => {
  const files = [
    'repos/bitnami.yaml', 'repos/nested/podinfo.yaml', 'repos/kustomized/kustomization.yaml', 'repos/kustomized/deeper/ignored.yaml', 'repos/kustomized/listed.yaml',
    'apps/web/kustomization.yaml', 'apps/web/release.yaml', 'apps/web/extra.yaml', 'shared/source.yaml',
  ].map((f) => join(...f.split('/')));
  const kustomizations = [
    k('repos/kustomized', { resources: ['listed.yaml'] }),
    k('apps/web', { namespace: 'web', resources: ['release.yaml'] }),
  ];

  test('a folder without a kustomization: every file below, and each kustomization folder below (where the generator stops)', () => {
    const placement = placementOf(files, kustomizations, [], [{ folder: 'repos', targetNamespace: 'flux-system' }]);
    expect(placement.namespacesOf(join('repos', 'bitnami.yaml'))).toEqual(['flux-system']);
    expect(placement.namespacesOf(join('repos', 'nested', 'podinfo.yaml'))).toEqual(['flux-system']);
    expect(placement.namespacesOf(join('repos', 'kustomized', 'listed.yaml'))).toEqual(['flux-system']);
    // Below a kustomization folder, only what it lists is built.
    expect(placement.namespacesOf(join('repos', 'kustomized', 'deeper', 'ignored.yaml'))).toBeUndefined();
    expect(placement.namespacesOf(join('shared', 'source.yaml'))).toBeUndefined();
  });

  test("a folder with a kustomization: the target namespace is the outermost, over the kustomization's own; files it does not list get none", () => {
    const placement = placementOf(files, kustomizations, [], [{ folder: join('apps', 'web'), targetNamespace: 'default' }]);
    expect(placement.namespacesOf(join('apps', 'web', 'release.yaml'))).toEqual(['default']);
    expect(placement.namespacesOf(join('apps', 'web', 'extra.yaml'))).toBeUndefined();
    // Without a target namespace, the kustomization's own.
    expect(placementOf(files, kustomizations, [], [{ folder: join('apps', 'web') }]).namespacesOf(join('apps', 'web', 'release.yaml'))).toEqual(['web']);
  });

  test('two Kustomizations building one folder into different namespaces build it into each', () => {
    const builds = [{ folder: 'repos', targetNamespace: 'a' }, { folder: 'repos', targetNamespace: 'b' }];
    expect(placementOf(files, kustomizations, [], builds).namespacesOf(join('repos', 'bitnami.yaml'))).toEqual(['a', 'b']);
    expect(placementOf(files, kustomizations, [], [builds[0], builds[0]]).namespacesOf(join('repos', 'bitnami.yaml'))).toEqual(['a']);
  });
});

describe('the cluster a file is for', () => {
  test("flux bootstrap's folder (<path>/flux-system/gotk-sync.yaml or gotk-components.yaml) and a FluxInstance's make a cluster's folder; files outside any have none", () => {
    const files = [
      'clusters/production/flux-system/gotk-components.yaml', 'clusters/production/apps.yaml',
      'clusters/staging/flux-system/gotk-sync.yaml', 'clusters/staging/nested/infrastructure.yaml',
      'fleet/eu/flux-system/instance.yaml', 'fleet/eu/tenants.yaml',
      'fleet/us/instance.yaml', 'fleet/us/tenants.yaml',
      'apps/base/release.yaml',
      // A namespace's folder named flux-system with other files is not bootstrap's.
      'kubernetes/apps/flux-system/webhooks.yaml', 'kubernetes/apps/web/release.yaml',
    ].map((f) => join(...f.split('/')));
    const placement = placementOf(files, [], [join('fleet', 'eu', 'flux-system', 'instance.yaml'), join('fleet', 'us', 'instance.yaml')]);
    expect(placement.clusterOf(join('clusters', 'production', 'apps.yaml'))).toBe(join('clusters', 'production'));
    expect(placement.clusterOf(join('clusters', 'staging', 'nested', 'infrastructure.yaml'))).toBe(join('clusters', 'staging'));
    expect(placement.clusterOf(join('fleet', 'eu', 'tenants.yaml'))).toBe(join('fleet', 'eu'));
    expect(placement.clusterOf(join('fleet', 'us', 'tenants.yaml'))).toBe(join('fleet', 'us'));
    expect(placement.clusterOf(join('apps', 'base', 'release.yaml'))).toBeUndefined();
    expect(placement.clusterOf(join('kubernetes', 'apps', 'web', 'release.yaml'))).toBeUndefined();
  });

  test('bootstrap at the root of the tree makes the whole tree one cluster', () => {
    const placement = placementOf([join('flux-system', 'gotk-sync.yaml'), join('apps', 'release.yaml')], [], []);
    expect(placement.clusterOf(join('apps', 'release.yaml'))).toBe('.');
  });
});
