import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { generatedConfigMaps, GeneratedConfigMap } from '../../src/check/manifests/generated-config-maps';
import type { ManifestObject } from '../../src/check/manifests/manifest-object';

/** A Git working tree with `files`; its kustomization files as the check reads them. */
function workingTree(files: Record<string, string>): { repo: string; find: (releaseFile: string, name: string) => GeneratedConfigMap | undefined } {
  const repo = mkdtempSync(join(tmpdir(), 'flux-oci-generated-'));
  mkdirSync(join(repo, '.git'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  const kustomizations = Object.entries(files).filter(([path]) => path.endsWith('kustomization.yaml'))
    .map(([path, text]) => ({ file: path, value: parse(text) as unknown, path: join(repo, path) }));
  const generated = generatedConfigMaps(kustomizations, (file) => join(repo, file));
  return {
    repo,
    find: (releaseFile, name) => {
      const location = { file: releaseFile, line: 1, column: 1 };
      const release: ManifestObject = { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', name: 'web', value: {}, location, locate: () => location };
      return generated(release, name);
    },
  };
}

const KUSTOMIZECONFIG = 'nameReference:\n  - kind: ConfigMap\n    version: v1\n    fieldSpecs:\n      - path: spec/valuesFrom/name\n        kind: HelmRelease\n';

describe('the ConfigMaps kustomizations generate, as a HelmRelease valuesFrom reads them', () => {
  test('files ([key=]path, the key defaulting to the file name) and literals (one pair of quotes dropped) make its data', () => {
    const { find } = workingTree({
      'apps/web/kustomization.yaml': 'resources:\n  - ./helmrelease.yaml\nconfigMapGenerator:\n  - name: web-values\n    files:\n      - values.yaml=./helm/values.yaml\n'
        + '      - ./helm/extra.yaml\n    literals:\n      - mode="fast"\n      - url=https://a?b=c\n    options:\n      disableNameSuffixHash: true\n',
      'apps/web/helm/values.yaml': 'replicas: 2\n',
      'apps/web/helm/extra.yaml': 'debug: true\n',
    });
    const web = find(join('apps', 'web', 'helmrelease.yaml'), 'web-values');
    expect(Object.fromEntries(web?.data ?? [])).toEqual({ 'values.yaml': 'replicas: 2\n', 'extra.yaml': 'debug: true\n', 'mode': 'fast', 'url': 'https://a?b=c' });
    expect(web).toMatchObject({ partial: false, merged: false, hashed: false, pointer: '/configMapGenerator/0' });
    expect(find(join('apps', 'web', 'helmrelease.yaml'), 'other')).toBeUndefined();
  });

  test('the nearest kustomization at or above the release that generates the name; one in another folder is not', () => {
    const { find } = workingTree({
      'apps/kustomization.yaml': 'resources:\n  - ./web\nconfigMapGenerator:\n  - name: shared\n    literals:\n      - a=1\n',
      'apps/web/kustomization.yaml': 'resources:\n  - ./app\n',
      'apps/web/app/kustomization.yaml': 'resources:\n  - ./helmrelease.yaml\nconfigMapGenerator:\n  - name: web-values\n    literals:\n      - b=2\n',
      'apps/db/kustomization.yaml': 'configMapGenerator:\n  - name: db-values\n    literals:\n      - c=3\n',
    });
    const release = join('apps', 'web', 'app', 'helmrelease.yaml');
    expect(find(release, 'web-values')?.kustomization.file).toBe(join('apps', 'web', 'app', 'kustomization.yaml'));
    expect(find(release, 'shared')?.kustomization.file).toBe(join('apps', 'kustomization.yaml'));
    expect(find(release, 'db-values')).toBeUndefined();
  });

  test('hashed unless disableNameSuffixHash (the generator\'s options or generatorOptions); a configurations: file with a ConfigMap nameReference for spec/valuesFrom/name, here or above, rewrites the reference', () => {
    const generator = (options = '') => `configMapGenerator:\n  - name: values\n    literals:\n      - a=1\n${options}`;
    const hashed = workingTree({ 'apps/kustomization.yaml': generator() }).find(join('apps', 'hr.yaml'), 'values');
    expect(hashed).toMatchObject({ hashed: true, valuesFromRewritten: false });
    expect(workingTree({ 'apps/kustomization.yaml': `${generator()}generatorOptions:\n  disableNameSuffixHash: true\n` }).find(join('apps', 'hr.yaml'), 'values')?.hashed).toBe(false);
    const configured = workingTree({ 'apps/kustomization.yaml': `${generator()}configurations:\n  - ./kustomizeconfig.yaml\n`, 'apps/kustomizeconfig.yaml': KUSTOMIZECONFIG });
    expect(configured.find(join('apps', 'hr.yaml'), 'values')).toMatchObject({ hashed: true, valuesFromRewritten: true });
    const above = workingTree({ 'kustomization.yaml': 'configurations:\n  - ./kustomizeconfig.yaml\n', 'kustomizeconfig.yaml': KUSTOMIZECONFIG, 'apps/kustomization.yaml': generator() });
    expect(above.find(join('apps', 'hr.yaml'), 'values')?.valuesFromRewritten).toBe(true);
    // A nameReference for another field (a Deployment's) does not rewrite valuesFrom.
    const other = workingTree({
      'apps/kustomization.yaml': `${generator()}configurations:\n  - ./kustomizeconfig.yaml\n`,
      'apps/kustomizeconfig.yaml': KUSTOMIZECONFIG.replace('spec/valuesFrom/name', 'spec/template/spec/volumes/configMap/name').replace('HelmRelease', 'Deployment'),
    });
    expect(other.find(join('apps', 'hr.yaml'), 'values')?.valuesFromRewritten).toBe(false);
  });

  test('envs, a file that is not there or outside the working tree, and merge/replace behaviour leave its content not fully known', () => {
    const { find } = workingTree({
      'apps/kustomization.yaml': 'configMapGenerator:\n  - name: env\n    envs:\n      - ./config.env\n  - name: missing\n    files:\n      - ./gone.yaml\n'
        + '  - name: outside\n    files:\n      - values.yaml=../../../etc/passwd\n  - name: merged\n    behavior: merge\n    literals:\n      - a=1\n',
      'apps/config.env': 'A=1\n',
    });
    const at = join('apps', 'hr.yaml');
    expect(find(at, 'env')?.partial).toBe(true);
    expect(find(at, 'missing')?.partial).toBe(true);
    expect(find(at, 'outside')).toMatchObject({ partial: true, data: new Map() });
    expect(find(at, 'merged')?.merged).toBe(true);
  });
});
