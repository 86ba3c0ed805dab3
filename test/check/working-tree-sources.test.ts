import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { syncSourceNames } from '../../src/check/manifests/applied';
import type { ManifestObject } from '../../src/check/manifests/manifest-object';
import { remoteUrls, repositoryOf, workingTreeSources } from '../../src/check/manifests/working-tree-sources';

/** A Git working tree whose Git folder holds `config` (when given). */
function workingTree(config?: string): { repo: string; diskPathOf: (file: string) => string } {
  const repo = mkdtempSync(join(tmpdir(), 'flux-oci-working-tree-'));
  mkdirSync(join(repo, '.git'));
  if (config !== undefined) writeFileSync(join(repo, '.git', 'config'), config);
  return { repo, diskPathOf: (file) => join(repo, file) };
}

function gitRepository(name: string, spec: Record<string, unknown>, file = join('kubernetes', 'flux', 'config', 'cluster.yaml')): ManifestObject {
  const location = { file, line: 1, column: 1 };
  const apiVersion = 'source.toolkit.fluxcd.io/v1';
  return {
    apiVersion,
    kind: 'GitRepository',
    name,
    namespace: 'flux-system',
    appliedNamespace: 'flux-system',
    value: { apiVersion, kind: 'GitRepository', metadata: { name, namespace: 'flux-system' }, spec: { interval: '1h', ...spec } },
    location,
    locate: () => location,
  };
}

/** A FluxInstance flux-system/flux in clusters/prod/flux.yaml, with `sync`. */
function fluxInstance(sync: Record<string, unknown>): ManifestObject {
  const location = { file: join('clusters', 'prod', 'flux.yaml'), line: 1, column: 1 };
  return { apiVersion: 'fluxcd.controlplane.io/v1', kind: 'FluxInstance', name: 'flux', namespace: 'flux-system', value: { spec: { sync } }, location, locate: () => location };
}

const ORIGIN = '[core]\n\tbare = false\n[remote "origin"]\n\turl = git@github.com:acme/ops.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n[branch "main"]\n\tremote = origin\n';
const homeKubernetes = { kind: 'GitRepository', name: 'home-kubernetes', namespace: 'flux-system' };

describe('the Git sources that read the working tree', () => {
  test("the sync source does, by its name; another GitRepository does when its URL is a remote of the checkout's, on a branch", () => {
    const { diskPathOf } = workingTree(ORIGIN);
    const reads = workingTreeSources([gitRepository('home-kubernetes', { url: 'https://github.com/Acme/ops', ref: { branch: 'main' } })], new Map(), diskPathOf);
    expect(reads({ kind: 'GitRepository', name: 'flux-system', namespace: 'flux-system' })?.role).toBe("the cluster's sync source: this repository");
    expect(reads(homeKubernetes)?.role).toBe('which reads this repository (https://github.com/Acme/ops, branch main)');
    expect(reads({ ...homeKubernetes, namespace: 'default' })).toBeUndefined();
    expect(reads({ ...homeKubernetes, kind: 'OCIRepository' })).toBeUndefined();
  });

  test('another repository, another revision (a tag, a semver range, a commit), a spec.include or a ${var} URL is not this working tree', () => {
    const { diskPathOf } = workingTree(ORIGIN);
    for (const spec of [
      { url: 'https://github.com/acme/platform', ref: { branch: 'main' } },
      { url: 'https://github.com/acme/ops', ref: { tag: 'v1.0.0' } },
      { url: 'https://github.com/acme/ops', ref: { semver: '1.x' } },
      { url: 'https://github.com/acme/ops', ref: { branch: 'main', commit: '0123456789abcdef0123456789abcdef01234567' } },
      { url: 'https://github.com/acme/ops', ref: { branch: 'main' }, include: [{ repository: { name: 'crds' } }] },
      { url: 'https://github.com/${ORG}/ops', ref: { branch: 'main' } },
    ]) {
      expect(workingTreeSources([gitRepository('home-kubernetes', spec)], new Map(), diskPathOf)(homeKubernetes)).toBeUndefined();
    }
  });

  test("without a remote, the sync source's or a FluxInstance's URL names the repository; its branch must be the sync's (no ref is master)", () => {
    const { diskPathOf } = workingTree();
    const sync = gitRepository('flux-system', { url: 'ssh://git@github.com/acme/ops', ref: { branch: 'main' } }, join('clusters', 'prod', 'flux-system', 'gotk-sync.yaml'));
    const other = (ref?: unknown) => gitRepository('home-kubernetes', { url: 'https://github.com/acme/ops.git', ...(ref ? { ref } : {}) });
    expect(workingTreeSources([other({ branch: 'main' })], new Map(), diskPathOf)(homeKubernetes)).toBeUndefined();
    expect(workingTreeSources([sync, other({ branch: 'main' })], new Map(), diskPathOf)(homeKubernetes)?.object?.name).toBe('home-kubernetes');
    expect(workingTreeSources([sync, other({ branch: 'staging' })], new Map(), diskPathOf)(homeKubernetes)).toBeUndefined();
    expect(workingTreeSources([sync, other()], new Map(), diskPathOf)(homeKubernetes)).toBeUndefined();
    const instance = fluxInstance({ kind: 'GitRepository', url: 'https://github.com/acme/ops', ref: 'refs/heads/master', path: 'clusters/prod' });
    expect(workingTreeSources([instance, other()], syncSourceNames([instance]), diskPathOf)(homeKubernetes)?.role)
      .toBe('which reads this repository (https://github.com/acme/ops.git, branch master)');
  });

  test("the source a FluxInstance's sync names (spec.sync.name) is the cluster's sync source; an OCI sync's is not a Git working tree", () => {
    const { diskPathOf } = workingTree();
    const instance = fluxInstance({ kind: 'GitRepository', name: 'home-ops', url: 'https://github.com/acme/ops', ref: 'refs/heads/main', path: 'clusters/prod' });
    const named = { kind: 'GitRepository', name: 'home-ops', namespace: 'flux-system' };
    expect(workingTreeSources([instance], syncSourceNames([instance]), diskPathOf)(named)?.role).toBe("the cluster's sync source: this repository");
    const oci = fluxInstance({ kind: 'OCIRepository', name: 'home-ops', url: 'oci://ghcr.io/acme/ops', ref: 'latest', path: 'clusters/prod' });
    expect(workingTreeSources([oci], syncSourceNames([oci]), diskPathOf)(named)).toBeUndefined();
    expect(workingTreeSources([instance], new Map(), diskPathOf)(named)).toBeUndefined();
  });

  test('two GitRepositories of one name that disagree (two clusters) leave it unknown', () => {
    const { diskPathOf } = workingTree(ORIGIN);
    const prod = gitRepository('home-kubernetes', { url: 'https://github.com/acme/ops', ref: { branch: 'main' } });
    const lab = gitRepository('home-kubernetes', { url: 'https://github.com/acme/lab', ref: { branch: 'main' } }, join('lab', 'cluster.yaml'));
    expect(workingTreeSources([prod, prod], new Map(), diskPathOf)(homeKubernetes)).toBeDefined();
    expect(workingTreeSources([prod, lab], new Map(), diskPathOf)(homeKubernetes)).toBeUndefined();
    expect(workingTreeSources([lab, prod], new Map(), diskPathOf)(homeKubernetes)).toBeUndefined();
  });

  test("a remote's URL is read as Git writes it (quotes, comments), from a worktree's shared config too; an oversized config is not read", () => {
    const { repo } = workingTree('[remote "origin"]\n  url = "https://github.com/acme/ops.git" # the team\'s\n[remote "fork"]\n  URL = git@github.com:me/ops.git ; mine\n[url "x"]\n  url = ignored\n');
    expect(remoteUrls(repo)).toEqual(['https://github.com/acme/ops.git', 'git@github.com:me/ops.git']);
    // A worktree: .git is a file naming its folder in the main repository's .git/worktrees, whose commondir leads back.
    const worktree = mkdtempSync(join(tmpdir(), 'flux-oci-worktree-'));
    const folder = join(repo, '.git', 'worktrees', 'feature');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'commondir'), '../..\n');
    writeFileSync(join(worktree, '.git'), `gitdir: ${folder}\n`);
    expect(remoteUrls(worktree)).toEqual(['https://github.com/acme/ops.git', 'git@github.com:me/ops.git']);
    const big = workingTree(`[remote "origin"]\n  url = https://github.com/acme/ops\n${'# padding\n'.repeat(30_000)}`);
    expect(remoteUrls(big.repo)).toEqual([]);
    expect(remoteUrls(dirname(big.repo))).toEqual([]);
  });

  test("where no sync in the files names a branch, the branch checked out and the remote's default are this working tree's; another branch (flux2-multi-tenancy's dev-team) is another line of content", () => {
    const spec = (branch: string) => ({ url: 'https://github.com/acme/ops', ref: { branch } });
    const { repo, diskPathOf } = workingTree(ORIGIN);
    const reads = (branch: string) => workingTreeSources([gitRepository('home-kubernetes', spec(branch))], new Map(), diskPathOf)(homeKubernetes);
    // A fresh CI clone is detached and knows no default: any branch may be the one it checks.
    writeFileSync(join(repo, '.git', 'HEAD'), '0123456789abcdef0123456789abcdef01234567\n');
    expect(reads('dev-team')?.role).toMatch(/branch dev-team/);
    // On a feature branch of a clone whose default is main: main (what it merges into) and the feature branch are, dev-team is not.
    writeFileSync(join(repo, '.git', 'HEAD'), 'ref: refs/heads/feature\n');
    mkdirSync(join(repo, '.git', 'refs', 'remotes', 'origin'), { recursive: true });
    writeFileSync(join(repo, '.git', 'refs', 'remotes', 'origin', 'HEAD'), 'ref: refs/remotes/origin/main\n');
    expect(reads('main')?.role).toMatch(/branch main/);
    expect(reads('feature')?.role).toMatch(/branch feature/);
    expect(reads('dev-team')).toBeUndefined();
    // A worktree's own HEAD (in its folder of .git/worktrees) tells its branch; the default is the main repository's.
    const worktree = mkdtempSync(join(tmpdir(), 'flux-oci-worktree-'));
    const folder = join(repo, '.git', 'worktrees', 'dev');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'commondir'), '../..\n');
    writeFileSync(join(folder, 'HEAD'), 'ref: refs/heads/dev-team\n');
    writeFileSync(join(worktree, '.git'), `gitdir: ${folder}\n`);
    const inWorktree = workingTreeSources([gitRepository('home-kubernetes', spec('dev-team'))], new Map(), (file) => join(worktree, file));
    expect(inWorktree(homeKubernetes)?.role).toMatch(/branch dev-team/);
    // A sync that names its branch decides, whatever is checked out.
    const sync = { ...gitRepository('flux-system', spec('main')), location: { file: join('kubernetes', 'flux', 'config', 'sync.yaml'), line: 1, column: 1 } };
    expect(workingTreeSources([sync, gitRepository('home-kubernetes', spec('feature'))], new Map(), diskPathOf)(homeKubernetes)).toBeUndefined();
  });

  test('a Git URL names its repository whatever the scheme, user, port or .git', () => {
    for (const url of ['https://github.com/Acme/Ops.git', 'ssh://git@github.com/acme/ops', 'git@github.com:acme/ops.git', 'https://github.com/acme/ops/']) {
      expect(repositoryOf(url)).toBe('github.com/acme/ops');
    }
    expect(repositoryOf('ssh://git@gitea.local:2222/acme/ops.git')).toBe('gitea.local/acme/ops');
  });
});
