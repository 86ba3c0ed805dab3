import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { generatedNameFindings, generatedObjects, GeneratedObject } from '../../src/check/manifests/kustomize-generated';
import type { ManifestObject } from '../../src/check/manifests/manifest-object';
import { ObjectIndex } from '../../src/check/manifests/object-index';

/** A Git working tree with `files`; its kustomization files as the check reads them. */
function workingTree(files: Record<string, string>): {
  repo: string;
  find: (releaseFile: string, name: string, kind?: 'ConfigMap' | 'Secret') => GeneratedObject | undefined;
  findings: (releaseFile: string, valuesFrom: unknown[]) => string[];
} {
  const repo = mkdtempSync(join(tmpdir(), 'flux-oci-generated-'));
  mkdirSync(join(repo, '.git'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  const kustomizations = Object.entries(files).filter(([path]) => path.endsWith('kustomization.yaml'))
    .map(([path, text]) => ({ file: path, value: parse(text) as unknown, path: join(repo, path) }));
  const generated = generatedObjects(kustomizations, (file) => join(repo, file));
  return {
    repo,
    find: (releaseFile, name, kind = 'ConfigMap') => generated(release(releaseFile, []), kind, name),
    findings: (releaseFile, valuesFrom) => generatedNameFindings([release(releaseFile, valuesFrom)], new ObjectIndex([]), generated)
      .map((f) => `${f.severity} ${f.pointer} ${f.message.split(repo).join('<repo>')}`),
  };
}

/** A HelmRelease default/web in `file`, reading `valuesFrom`. */
function release(file: string, valuesFrom: unknown[]): ManifestObject {
  const location = { file, line: 1, column: 1 };
  return {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    name: 'web',
    namespace: 'default',
    appliedNamespace: 'default',
    value: { spec: { valuesFrom } },
    location,
    locate: () => location,
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
    const releaseFile = join('apps', 'web', 'app', 'helmrelease.yaml');
    expect(find(releaseFile, 'web-values')?.kustomization.file).toBe(join('apps', 'web', 'app', 'kustomization.yaml'));
    expect(find(releaseFile, 'shared')?.kustomization.file).toBe(join('apps', 'kustomization.yaml'));
    expect(find(releaseFile, 'db-values')).toBeUndefined();
  });

  test('hashed unless disableNameSuffixHash (the generator\'s options or generatorOptions); a configurations: file with a ConfigMap nameReference for spec/valuesFrom/name, here or above, rewrites the reference', () => {
    const generator = (options = '') => `configMapGenerator:\n  - name: values\n    literals:\n      - a=1\n${options}`;
    const hashed = workingTree({ 'apps/kustomization.yaml': generator() }).find(join('apps', 'hr.yaml'), 'values');
    expect(hashed).toMatchObject({ hashed: true, nameReferences: new Set() });
    expect(workingTree({ 'apps/kustomization.yaml': `${generator()}generatorOptions:\n  disableNameSuffixHash: true\n` }).find(join('apps', 'hr.yaml'), 'values')?.hashed).toBe(false);
    const configured = workingTree({ 'apps/kustomization.yaml': `${generator()}configurations:\n  - ./kustomizeconfig.yaml\n`, 'apps/kustomizeconfig.yaml': KUSTOMIZECONFIG });
    expect(configured.find(join('apps', 'hr.yaml'), 'values')).toMatchObject({ hashed: true, nameReferences: new Set(['HelmRelease spec/valuesFrom/name']) });
    const above = workingTree({ 'kustomization.yaml': 'configurations:\n  - ./kustomizeconfig.yaml\n', 'kustomizeconfig.yaml': KUSTOMIZECONFIG, 'apps/kustomization.yaml': generator() });
    expect(above.find(join('apps', 'hr.yaml'), 'values')?.nameReferences).toEqual(new Set(['HelmRelease spec/valuesFrom/name']));
    // A nameReference for another field (a Deployment's) does not rewrite valuesFrom.
    const other = workingTree({
      'apps/kustomization.yaml': `${generator()}configurations:\n  - ./kustomizeconfig.yaml\n`,
      'apps/kustomizeconfig.yaml': KUSTOMIZECONFIG.replace('spec/valuesFrom/name', 'spec/template/spec/volumes/configMap/name').replace('HelmRelease', 'Deployment'),
    });
    expect(other.find(join('apps', 'hr.yaml'), 'values')?.nameReferences).toEqual(new Set(['Deployment spec/template/spec/volumes/configMap/name']));
  });

  test("an env file's KEY=value lines, as kustomize reads them (BOM, indentation, comments, the first '=', quotes kept, no '=' an empty value)", () => {
    const { find } = workingTree({
      'apps/kustomization.yaml': 'configMapGenerator:\n  - name: env\n    envs:\n      - ./config.env\n    env: ./more.env\n'
        + 'secretGenerator:\n  - name: sealed\n    envs:\n      - ./secret.sops.env\n',
      'apps/config.env': '\uFEFFTZ=Europe/Paris\n  # a comment\n\n  URL=https://a?b=c\nQUOTED="kept"\nEMPTY\n',
      'apps/more.env': 'MORE=1\r\n',
      'apps/secret.sops.env': 'PASSWORD=ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]\nsops_version=3.9.0\n',
    });
    const at = join('apps', 'hr.yaml');
    expect(Object.fromEntries(find(at, 'env')?.data ?? [])).toEqual({ TZ: 'Europe/Paris', URL: 'https://a?b=c', QUOTED: '"kept"', EMPTY: '', MORE: '1' });
    expect(find(at, 'env')?.partial).toBe(false);
    expect(find(at, 'sealed', 'Secret')).toMatchObject({ partial: true, data: new Map() });
  });

  test('a file that is not there or outside the working tree, and merge/replace behaviour leave its content not fully known', () => {
    const { find } = workingTree({
      'apps/kustomization.yaml': 'configMapGenerator:\n  - name: env\n    envs:\n      - ./config.env\n  - name: missing\n    files:\n      - ./gone.yaml\n'
        + '  - name: outside\n    files:\n      - values.yaml=../../../etc/passwd\n  - name: merged\n    behavior: merge\n    literals:\n      - a=1\n',
      'apps/config.env': 'A=1\n',
    });
    const at = join('apps', 'hr.yaml');
    expect(find(at, 'env')).toMatchObject({ partial: false, data: new Map([['A', '1']]) });
    expect(find(at, 'missing')?.partial).toBe(true);
    expect(find(at, 'outside')).toMatchObject({ partial: true, data: new Map() });
    expect(find(at, 'merged')?.merged).toBe(true);
  });

  test('a secretGenerator makes Secrets the same way, apart from ConfigMaps of the same name; a SOPS-encrypted file (decrypted in the cluster) is not read', () => {
    const { find } = workingTree({
      'apps/kustomization.yaml': 'configMapGenerator:\n  - name: web\n    literals:\n      - kind=configmap\n'
        + 'secretGenerator:\n  - name: web\n    files:\n      - values.yaml=./secret.yaml\n  - name: sealed\n    files:\n      - values.yaml=./values.sops.yaml\n',
      'apps/secret.yaml': 'password: hunter2\n',
      'apps/values.sops.yaml': 'password: ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]\nsops:\n  age: []\n',
    });
    const at = join('apps', 'hr.yaml');
    expect(find(at, 'web')).toMatchObject({ kind: 'ConfigMap', pointer: '/configMapGenerator/0' });
    expect(find(at, 'web', 'Secret')).toMatchObject({ kind: 'Secret', pointer: '/secretGenerator/0', partial: false });
    expect(find(at, 'web', 'Secret')?.data.get('values.yaml')).toBe('password: hunter2\n');
    expect(find(at, 'sealed', 'Secret')).toMatchObject({ partial: true, data: new Map() });
    expect(find(at, 'sealed')).toBeUndefined();
  });

  test('a valuesFrom name a hashed generated ConfigMap or Secret breaks is an error (a warning when optional), naming the generator; a Secret needs its own nameReference', () => {
    const { findings } = workingTree({
      'apps/kustomization.yaml': 'configMapGenerator:\n  - name: web-values\n    literals:\n      - a=1\nsecretGenerator:\n  - name: web-secret\n    literals:\n      - b=2\n'
        + 'configurations:\n  - ./kustomizeconfig.yaml\n',
      'apps/kustomizeconfig.yaml': KUSTOMIZECONFIG,
    });
    const valuesFrom = [{ kind: 'ConfigMap', name: 'web-values' }, { kind: 'Secret', name: 'web-secret' }, { kind: 'Secret', name: 'web-secret', optional: true }];
    const broken = `HelmRelease default/web spec.valuesFrom[1] names Secret web-secret, which ${join('apps', 'kustomization.yaml')} secretGenerator[0] generates as web-secret-<hash of its content>, `
      + 'and no nameReference configuration makes kustomize write that name into spec/valuesFrom/name, so ';
    const fix = "list a configurations: file with a Secret nameReference for HelmRelease spec/valuesFrom/name, or set the generator's options.disableNameSuffixHash: true";
    expect(findings(join('apps', 'hr.yaml'), valuesFrom)).toEqual([
      `error /spec/valuesFrom/1 ${broken}helm-controller cannot find the Secret; ${fix}`,
      `warning /spec/valuesFrom/2 ${broken.replace('valuesFrom[1]', 'valuesFrom[2]')}helm-controller skips the entry (optional: true) and the release goes without these values; ${fix}`,
    ]);
  });
});
