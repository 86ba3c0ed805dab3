import { join } from 'node:path';
import { isKustomizationFile, kustomizationEntries, kustomizePatchFiles } from '../../src/check/manifests/kustomization-entries';

test("kustomize's three file names are kustomization files; other names are not", () => {
  for (const name of ['kustomization.yaml', 'kustomization.yml', 'Kustomization', join('apps', 'prod', 'kustomization.yaml')]) expect(isKustomizationFile(name)).toBe(true);
  for (const name of ['kustomization.json', 'Kustomization.yaml', 'my-kustomization.yaml', 'flux-kustomization.yaml']) expect(isKustomizationFile(name)).toBe(false);
});

test('patch files from patches, patchesStrategicMerge and patchesJson6902, joined to the kustomization folder; inline patches are not files', () => {
  const kustomization = join('apps', 'prod', 'kustomization.yaml');
  const patches = kustomizePatchFiles([{
    file: kustomization,
    value: {
      resources: ['../base'],
      patches: [{ path: 'values.yaml', target: { kind: 'HelmRelease' } }, { patch: 'apiVersion: v1\nkind: X\nmetadata: {name: y}' }, { path: '' }, 'junk'],
      patchesStrategicMerge: [
        '../common/labels.yaml',
        // Inline, as kustomize reads it: a string that parses as a resource is the patch itself.
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: podinfo\n',
        '{apiVersion: v1, kind: ConfigMap, metadata: {name: c}}',
        7,
      ],
      patchesJson6902: [{ path: './ops/interval.yaml', target: { kind: 'HelmRelease', name: 'web' } }],
    },
  }, { file: join('other', 'kustomization.yaml'), value: 'not a mapping' }]);
  expect(patches).toEqual(new Map([
    [join('apps', 'prod', 'values.yaml'), kustomization],
    [join('apps', 'common', 'labels.yaml'), kustomization],
    [join('apps', 'prod', 'ops', 'interval.yaml'), kustomization],
  ]));
});

test('a file two kustomizations patch with is named with the first', () => {
  const a = join('a', 'kustomization.yaml');
  const b = join('b', 'kustomization.yaml');
  const patches = kustomizePatchFiles([{ file: a, value: { patches: [{ path: '../common/p.yaml' }] } }, { file: b, value: { patches: [{ path: '../common/p.yaml' }] } }]);
  expect(patches).toEqual(new Map([[join('common', 'p.yaml'), a]]));
});

test('generators, transformers and validators named by path are plugin configurations; inline ones are not paths', () => {
  const entries = kustomizationEntries({
    resources: ['release.yaml'],
    generators: ['gen.yaml', 'apiVersion: builtin\nkind: ConfigMapGenerator\nmetadata:\n  name: c\n'],
    transformers: ['../common/labels', 7, ''],
    validators: ['{apiVersion: example.com/v1, kind: Check, metadata: {name: v}}'],
  });
  expect(entries).toEqual([
    { kind: 'resource', pointer: '/resources/0', path: 'release.yaml' },
    { kind: 'plugin', pointer: '/generators/0', path: 'gen.yaml' },
    { kind: 'plugin', pointer: '/transformers/0', path: '../common/labels' },
  ]);
});
