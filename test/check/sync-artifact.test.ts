import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ManifestObject } from '../../src/check/manifests/manifest-object';
import { artifactAt, syncArtifacts } from '../../src/check/manifests/sync-artifact';
import { readsAsSyncSource } from '../../src/check/manifests/working-tree-sources';

/** A scratch Git working tree with files (by relative path), and where the sync source's GitRepository is written. */
function workingTree(files: Record<string, string>): { repo: string; diskPathOf: (file: string) => string } {
  const repo = mkdtempSync(join(tmpdir(), 'flux-oci-artifact-'));
  mkdirSync(join(repo, '.git'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  }
  return { repo, diskPathOf: (file) => join(repo, file) };
}

function object(kind: string, name: string, file: string, spec: Record<string, unknown>, apiVersion = 'source.toolkit.fluxcd.io/v1'): ManifestObject {
  const location = { file, line: 1, column: 1 };
  return {
    apiVersion,
    kind,
    name,
    namespace: 'flux-system',
    appliedNamespace: 'flux-system',
    value: { apiVersion, kind, metadata: { name, namespace: 'flux-system' }, spec },
    location,
    locate: () => location,
  };
}

const SYNC_FILE = 'clusters/prod/flux-system/gotk-sync.yaml';
const gitRepository = (spec: Record<string, unknown> = {}, file = SYNC_FILE) => object('GitRepository', 'flux-system', file, { url: 'ssh://git@github.com/acme/ops', ...spec });

/** What the artifact of the only working tree leaves out of each path: the reason, or `kept`. */
function verdicts(files: Record<string, string>, repository: ManifestObject, paths: string[]): Record<string, string> {
  const { repo, diskPathOf } = workingTree(files);
  const { artifacts, unknown } = syncArtifacts([repository], [], () => false, diskPathOf, readsAsSyncSource);
  expect(unknown).toEqual([]);
  return Object.fromEntries(paths.map((p) => [p, artifactAt(artifacts, join(repo, p))?.leftOut(join(repo, p))?.because ?? 'kept']));
}

describe("the sync source's artifact, as source-controller archives the checkout", () => {
  test('without .sourceignore or spec.ignore, the default patterns leave out images, archives, CI files and .sops.yaml', () => {
    expect(verdicts({
      'apps/web/logo.png': 'png',
      'apps/web/app.yaml': 'a: 1',
      '.github/workflows/ci.yaml': 'on: push',
      'apps/.sops.yaml': 'creation_rules: []',
      'apps/web/secret.sops.yaml': 'a: 1',
      'apps/web/bundle.tar.gz': 'x',
    }, gitRepository(), ['apps/web/logo.png', 'apps/web/app.yaml', '.github/workflows/ci.yaml', 'apps/.sops.yaml', 'apps/web/secret.sops.yaml', 'apps/web/bundle.tar.gz']))
      .toEqual({
        'apps/web/logo.png': "'*.png' (source-controller's default ignore patterns)",
        'apps/web/app.yaml': 'kept',
        '.github/workflows/ci.yaml': "'.github/' (source-controller's default ignore patterns)",
        'apps/.sops.yaml': "'**/.sops.yaml' (source-controller's default ignore patterns)",
        // Only the file named .sops.yaml: an encrypted secret.sops.yaml is kept.
        'apps/web/secret.sops.yaml': 'kept',
        'apps/web/bundle.tar.gz': "'*.tar.gz' (source-controller's default ignore patterns)",
      });
  });

  test('a .sourceignore drops the defaults but the VCS patterns, even one that only re-includes a file', () => {
    expect(verdicts({
      'apps/web/assets/.sourceignore': '# needed by the ConfigMap\n!logo.jpg\n', 'apps/web/assets/logo.jpg': 'jpg', 'apps/web/assets/other.png': 'png', 'apps/.gitattributes': 'x',
    }, gitRepository(), ['apps/web/assets/logo.jpg', 'apps/web/assets/other.png', 'apps/.gitattributes'])).toEqual({
      'apps/web/assets/logo.jpg': 'kept',
      'apps/web/assets/other.png': 'kept',
      'apps/.gitattributes': "'.gitattributes' (source-controller's VCS ignore patterns)",
    });
  });

  test('each .sourceignore applies below its own folder, anchored there; a deeper one comes later and decides', () => {
    expect(verdicts({
      '.sourceignore': '/docs/\n*.md\n',
      'apps/.sourceignore': '/secret.yaml\n!README.md\n',
      'docs/a.yaml': 'a: 1',
      'apps/docs/a.yaml': 'a: 1',
      'secret.yaml': 'a: 1',
      'apps/secret.yaml': 'a: 1',
      'apps/web/secret.yaml': 'a: 1',
      'README.md': '#',
      'apps/README.md': '#',
    }, gitRepository(), ['docs/a.yaml', 'apps/docs/a.yaml', 'secret.yaml', 'apps/secret.yaml', 'apps/web/secret.yaml', 'README.md', 'apps/README.md'])).toEqual({
      'docs/a.yaml': "'/docs/' (.sourceignore:1)",
      'apps/docs/a.yaml': 'kept',
      'secret.yaml': 'kept',
      'apps/secret.yaml': `'/secret.yaml' (${join('apps', '.sourceignore').split('\\').join('/')}:1)`,
      'apps/web/secret.yaml': 'kept',
      'README.md': "'*.md' (.sourceignore:2)",
      'apps/README.md': 'kept',
    });
  });

  test("the GitRepository's spec.ignore comes last; a folder left out is still there when something below it is re-included", () => {
    expect(verdicts({ 'k8s/prod/apps/a.yaml': 'a: 1', 'k8s/staging/a.yaml': 'a: 1', 'archive/a.yaml': 'a: 1', '.sourceignore': '!/archive/\n' },
      gitRepository({ ignore: '# exclude all\n/*\n# include the cluster\n!/k8s/prod\n' }),
      ['k8s/prod/apps/a.yaml', 'k8s/prod', 'k8s', 'k8s/staging/a.yaml', 'k8s/staging', 'archive/a.yaml'])).toEqual({
      'k8s/prod/apps/a.yaml': 'kept',
      'k8s/prod': 'kept',
      'k8s': 'kept',
      'k8s/staging/a.yaml': "'/*' (spec.ignore of GitRepository flux-system/flux-system, line 2)",
      'k8s/staging': "'/*' (spec.ignore of GitRepository flux-system/flux-system, line 2)",
      'archive/a.yaml': "'/*' (spec.ignore of GitRepository flux-system/flux-system, line 2)",
    });
  });

  test("what spec.include copies in (at toPath, else the included repository's name) is not judged: another repository's artifact fills it", () => {
    const { repo, diskPathOf } = workingTree({ 'vendor/platform/logo.png': 'png', 'crds/a.png': 'png', 'apps/logo.png': 'png' });
    const [artifact] = syncArtifacts([gitRepository({ include: [{ repository: { name: 'platform' }, toPath: 'vendor/platform' }, { repository: { name: 'crds' } }] })],
      [], () => false, diskPathOf, readsAsSyncSource).artifacts;
    expect(artifact.includedAt(join(repo, 'vendor', 'platform', 'base'))).toBe('GitRepository platform, included at vendor/platform');
    expect(artifact.includedAt(join(repo, 'crds', 'a.png'))).toBe('GitRepository crds, included at crds');
    expect(artifact.includedAt(join(repo, 'vendor'))).toBeUndefined();
    expect(artifact.leftOut(join(repo, 'vendor', 'platform', 'logo.png'))).toBeUndefined();
    expect(artifact.leftOut(join(repo, 'apps', 'logo.png'))?.because).toBe("'*.png' (source-controller's default ignore patterns)");
  });

  test('a symbolic link is not archived, nor what is below a linked folder', () => {
    const { repo, diskPathOf } = workingTree({ 'apps/web/app.yaml': 'a: 1' });
    symlinkSync(join(repo, 'apps', 'web'), join(repo, 'apps', 'linked'));
    symlinkSync(join(repo, 'apps', 'web', 'app.yaml'), join(repo, 'apps', 'link.yaml'));
    const [artifact] = syncArtifacts([gitRepository()], [], () => false, diskPathOf, readsAsSyncSource).artifacts;
    expect(artifact.leftOut(join(repo, 'apps', 'link.yaml'))?.because).toBe('it is a symbolic link, which source-controller does not archive');
    expect(artifact.leftOut(join(repo, 'apps', 'linked', 'app.yaml'))?.because).toBe("'apps/linked' is a symbolic link, which source-controller does not archive");
    expect(artifact.leftOut(join(repo, 'apps', 'web', 'app.yaml'))).toBeUndefined();
    // A path not on disk is not judged here (the path checks say it is missing).
    expect(artifact.leftOut(join(repo, 'apps', 'nope.yaml'))).toBeUndefined();
  });

  test('a sync source a FluxInstance makes has the spec.ignore its patches set, else none; one whose spec.ignore is not known, or two that disagree, leave the artifact unknown', () => {
    const { repo, diskPathOf } = workingTree({ 'logo.png': 'png', 'kubernetes/app.yaml': 'a: 1', 'docs/app.yaml': 'a: 1' });
    const instance = object('FluxInstance', 'flux', 'clusters/prod/flux.yaml', {}, 'fluxcd.controlplane.io/v1');
    const made = syncArtifacts([instance], [{ by: instance, sourceIgnore: {} }], () => false, diskPathOf, readsAsSyncSource);
    expect(made.artifacts[0].leftOut(join(repo, 'logo.png'))).toEqual({
      because: "'*.png' (source-controller's default ignore patterns)", source: 'the GitRepository of FluxInstance flux-system/flux',
    });
    const unknown = { unknown: 'FluxInstance flux-system/flux spec.kustomize.patches[0] selects by label or annotation, which the operator sets: …' };
    expect(syncArtifacts([instance], [{ by: instance, sourceIgnore: unknown }], () => false, diskPathOf, readsAsSyncSource)).toEqual({
      artifacts: [], unknown: [{ root: repo, reason: unknown.unknown }],
    });
    // The spec.ignore its patches set is the artifact's: the defaults no longer apply.
    const ignoring = syncArtifacts([instance], [{ by: instance, sourceIgnore: { ignore: '/*\n!/kubernetes\n' } }], () => false, diskPathOf, readsAsSyncSource).artifacts[0];
    expect(ignoring.leftOut(join(repo, 'logo.png'))?.because).toMatch(/^'\/\*'/);
    expect(ignoring.leftOut(join(repo, 'kubernetes', 'app.yaml'))).toBeUndefined();
    expect(ignoring.leftOut(join(repo, 'docs', 'app.yaml'))?.source).toBe('the GitRepository of FluxInstance flux-system/flux');
    // Two clusters' instances in one working tree whose sources disagree: which one a cluster reads is not known.
    const other = object('FluxInstance', 'flux', 'clusters/staging/flux.yaml', {}, 'fluxcd.controlplane.io/v1');
    const disagreeing = [{ by: instance, sourceIgnore: { ignore: '/*\n' } }, { by: other, sourceIgnore: {} }];
    expect(syncArtifacts([instance, other], disagreeing, () => false, diskPathOf, readsAsSyncSource)).toEqual({
      artifacts: [],
      unknown: [{
        root: repo,
        reason: `FluxInstance flux-system/flux (${join('clusters', 'prod', 'flux.yaml')}) and the instance in ${join('clusters', 'staging', 'flux.yaml')} `
        + 'make GitRepositories with different spec.ignore',
      }],
    });
    const agreeing = [{ by: instance, sourceIgnore: {} }, { by: other, sourceIgnore: {} }];
    expect(syncArtifacts([instance, other], agreeing, () => false, diskPathOf, readsAsSyncSource).artifacts).toHaveLength(1);
    // A GitRepository whose build by the kustomizations listing it is not known (a patch file not read): its spec.ignore is not known either.
    expect(syncArtifacts([gitRepository()], [], () => true, diskPathOf, readsAsSyncSource).unknown).toEqual([{
      root: repo, reason: 'a kustomization that builds GitRepository flux-system/flux-system names a patch that cannot be read, which may set its spec.ignore',
    }]);
    const two = syncArtifacts([gitRepository(), gitRepository({ ignore: '/*\n' }, 'archive/gotk-sync.yaml')], [], () => false, diskPathOf, readsAsSyncSource);
    expect(two.artifacts).toEqual([]);
    expect(two.unknown[0].reason).toBe(`GitRepository flux-system/flux-system (${SYNC_FILE}) and the one in archive/gotk-sync.yaml have different spec.ignore`);
  });
});
