import { applyStrategicMerge } from '../../src/check/manifests/strategic-merge';

const release = {
  apiVersion: 'helm.toolkit.fluxcd.io/v2',
  kind: 'HelmRelease',
  metadata: { name: 'web', namespace: 'apps', labels: { team: 'a' } },
  spec: { interval: '10m', install: { crds: 'Skip', remediation: { retries: 1 } }, dependsOn: [{ name: 'db' }], values: { a: 1, b: { c: 2 } } },
};

test('mappings merge key by key, lists and scalars are replaced (no schema for a custom resource), null deletes', () => {
  const patched = applyStrategicMerge(release, {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: { name: '_', labels: { tier: 'web' } },
    spec: { install: { crds: 'CreateReplace' }, dependsOn: [{ name: 'cache' }], values: { b: null, d: 3 }, timeout: '5m' },
  });
  expect(patched).toEqual({
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    // The object keeps its name and namespace: the patch's placeholder name is not applied.
    metadata: { name: 'web', namespace: 'apps', labels: { team: 'a', tier: 'web' } },
    spec: { interval: '10m', install: { crds: 'CreateReplace', remediation: { retries: 1 } }, dependsOn: [{ name: 'cache' }], values: { a: 1, d: 3 }, timeout: '5m' },
  });
  // The object given is not changed.
  expect(release.spec.install.crds).toBe('Skip');
});

test('$patch: replace replaces a mapping, $patch: delete removes it (and the whole object at the top)', () => {
  const patched = applyStrategicMerge(release, { spec: { install: { $patch: 'replace', crds: 'Create' }, values: { $patch: 'delete' } } });
  expect(patched?.spec).toEqual({ interval: '10m', install: { crds: 'Create' }, dependsOn: [{ name: 'db' }] });
  expect(applyStrategicMerge(release, { $patch: 'delete' })).toBeUndefined();
});

test('a mapping the object lacks is added whole, without its nulls and directives', () => {
  const patched = applyStrategicMerge({ apiVersion: 'v1', kind: 'X', metadata: { name: 'x' } }, { spec: { upgrade: { crds: 'CreateReplace', force: null } } });
  expect(patched).toEqual({ apiVersion: 'v1', kind: 'X', metadata: { name: 'x' }, spec: { upgrade: { crds: 'CreateReplace' } } });
});
