/**
 * The Git sources in the files that read this repository's working tree.
 * The cluster's sync source does (./sync-source.ts). So does another
 * GitRepository whose URL names this repository, as the sync source, a
 * FluxInstance's sync or a remote of the checkout (`.git/config`) names
 * it, on the branch the sync reads (where no sync in the files names one:
 * the branch checked out, or the remote's default branch, when the
 * checkout tells either): older templates
 * (onedr0p/flux-cluster-template, whose clusters sync through a
 * `home-kubernetes` GitRepository applied by hand) and repositories that
 * read themselves again with other `spec.ignore` patterns have one.
 *
 * One on a tag, a semver range, a commit, a named reference or another
 * branch reads another revision, and one that includes other repositories
 * (`spec.include`) holds other content: neither is this working tree.
 * A GitRepository with no `spec.ref` reads the `master` branch
 * (source-controller 39b711b1 api/v1/gitrepository_types.go: "Defaults to
 * the 'master' branch").
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ManifestObject } from './manifest-object';
import { fieldAt, stringAt } from './object-index';
import { readSmallFile } from './read-sources';
import { isGitSyncSource, SourceReference, workingTreeOf } from './sync-source';
import { fluxVariablesIn } from '../../model/flux-variables';

/** How a source reads the working tree, for messages. */
export interface WorkingTreeSource {
  /**
   * What it is, after its name: `the cluster's sync source: this
   * repository`, `which reads this repository (https://github.com/acme/ops,
   * branch main)`.
   */
  readonly role: string;
  /** The GitRepository in the files, for one that is not the sync source. */
  readonly object?: ManifestObject;
}

/** How `source` reads the working tree the files are in; undefined when it does not, or that is not known. */
export type ReadsWorkingTree = (source: SourceReference) => WorkingTreeSource | undefined;

/** The cluster's sync source: named after its namespace ({@link isGitSyncSource}) or as a FluxInstance's sync names it. */
const SYNC_SOURCE: WorkingTreeSource = { role: "the cluster's sync source: this repository" };

/** Only the cluster's sync source reads the working tree: what is known without the files' other GitRepositories. */
export const readsAsSyncSource: ReadsWorkingTree = (source) => (isGitSyncSource(source) ? SYNC_SOURCE : undefined);

/** The source a FluxInstance in the files makes for its sync (./applied.ts `syncSourceNames`). */
export interface InstanceSyncSource {
  /** Its kind: GitRepository, OCIRepository or Bucket. */
  readonly kind: string;
  /** The FluxInstance, or the `flux-instance` HelmRelease. */
  readonly by: ManifestObject;
  /** The instance's sync (`url`, `ref`, `path`, …). */
  readonly sync: unknown;
}

/** The namespace part of a sync source's key when the instance's namespace is not known (./applied.ts `syncSourceNames`). */
export const ANY_NAMESPACE = '*';

/** The sync source of `name` in `namespace` among `syncs` (by `namespace/name`, the namespace `*` where the instance's namespace is not known). */
export function syncSourceAt<T>(syncs: ReadonlyMap<string, T>, namespace: string | undefined, name: string | undefined): T | undefined {
  return syncs.get(`${namespace}/${name}`) ?? syncs.get(`${ANY_NAMESPACE}/${name}`);
}

/** What a working tree's syncs and remotes say of the repository it is: the repositories its URLs name (`repositoryOf`), and the branches its syncs read. */
interface OwnRepository {
  readonly repositories: Set<string>;
  readonly branches: Set<string>;
  /** The branches the checkout is of, for when no sync names one (`checkoutBranches`). */
  readonly checkout: ReadonlySet<string>;
}

/** The branch a FluxInstance's `sync.ref` names (`refs/heads/main`), or undefined. */
const BRANCH_REF = /^refs\/heads\/(.+)$/;

/**
 * Which sources read the working tree: the sync source, and each
 * GitRepository in `objects` that reads this repository's sync branch
 * (see above). `syncs` are the sources the FluxInstances in the files make
 * for their syncs, by `namespace/name` (./applied.ts `syncSourceNames`);
 * `diskPathOf` gives an object's file on disk.
 */
export function workingTreeSources(
  objects: readonly ManifestObject[], syncs: ReadonlyMap<string, InstanceSyncSource>,
  diskPathOf: (file: string) => string | undefined,
): ReadsWorkingTree {
  const roots = new Map<string, string | undefined>();
  const own = new Map<string, OwnRepository>();
  const ownOf = (root: string): OwnRepository => {
    let found = own.get(root);
    if (!found) {
      found = { repositories: new Set(remoteUrls(root).map(repositoryOf)), branches: new Set(), checkout: checkoutBranches(root) };
      own.set(root, found);
    }
    return found;
  };
  // By namespace/name; null where two GitRepositories of that name disagree (two clusters' folders): then neither is judged.
  const readers = new Map<string, WorkingTreeSource | null>();
  for (const [key, { kind, by, sync }] of syncs) {
    if (kind !== 'GitRepository') continue;
    readers.set(key, SYNC_SOURCE);
    const root = workingTreeOf(by, diskPathOf, roots);
    if (root === undefined) continue;
    const url = stringAt(sync, 'url');
    if (url !== undefined) ownOf(root).repositories.add(repositoryOf(url));
    const branch = BRANCH_REF.exec(stringAt(sync, 'ref') ?? '')?.[1];
    if (branch !== undefined) ownOf(root).branches.add(branch);
  }
  const gitRepositories = objects.filter((o) => o.kind === 'GitRepository' && o.apiVersion.startsWith('source.toolkit.fluxcd.io/'));
  const namespaceOf = (o: ManifestObject): string | undefined => o.appliedNamespace ?? o.namespace;
  for (const object of gitRepositories) {
    if (!isGitSyncSource({ kind: object.kind, name: object.name, namespace: namespaceOf(object) })) continue;
    const root = workingTreeOf(object, diskPathOf, roots);
    const url = stringAt(object.value, 'spec', 'url');
    if (root === undefined || url === undefined) continue;
    ownOf(root).repositories.add(repositoryOf(url));
    const branch = stringAt(object.value, 'spec', 'ref', 'branch');
    if (branch !== undefined) ownOf(root).branches.add(branch);
  }
  for (const object of gitRepositories) {
    const key = `${namespaceOf(object)}/${object.name}`;
    if (readers.get(key) === SYNC_SOURCE || isGitSyncSource({ kind: object.kind, name: object.name, namespace: namespaceOf(object) })) continue;
    const reads = readsThisRepository(object, ownOf, diskPathOf, roots);
    const seen = readers.get(key);
    readers.set(key, seen === undefined ? reads ?? null : seen !== null && reads !== undefined ? seen : null);
  }
  return (source) => {
    if (isGitSyncSource(source)) return SYNC_SOURCE;
    if (source.kind !== 'GitRepository') return undefined;
    return syncSourceAt(readers, source.namespace, source.name) ?? undefined;
  };
}

/** How a GitRepository that is not the sync source reads this repository's sync branch; undefined when it does not. */
function readsThisRepository(
  object: ManifestObject,
  ownOf: (root: string) => OwnRepository,
  diskPathOf: (file: string) => string | undefined,
  roots: Map<string, string | undefined>,
): WorkingTreeSource | undefined {
  const root = workingTreeOf(object, diskPathOf, roots);
  const url = stringAt(object.value, 'spec', 'url');
  if (root === undefined || url === undefined || fluxVariablesIn(url).length > 0) return undefined;
  if (fieldAt(object.value, 'spec', 'include') !== undefined) return undefined;
  const ref = fieldAt(object.value, 'spec', 'ref');
  if (ref !== undefined && (typeof ref !== 'object' || ref === null || Object.keys(ref).some((k) => k !== 'branch'))) return undefined;
  const branch = stringAt(ref, 'branch') ?? 'master';
  const { repositories, branches, checkout } = ownOf(root);
  if (!repositories.has(repositoryOf(url))) return undefined;
  // The sync's branch where the files tell it; else the branch checked out or the one a clone checks out: another is another line of content.
  if (branches.size > 0 ? !branches.has(branch) : checkout.size > 0 && !checkout.has(branch)) return undefined;
  return { role: `which reads this repository (${url}, branch ${branch})`, object };
}

/** A Git URL as the repository it names: `github.com/acme/ops` for `https://github.com/acme/ops.git`, `ssh://git@github.com/acme/ops` and `git@github.com:acme/ops`. */
export function repositoryOf(url: string): string {
  return url.trim().toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/^[^@/]*@/, '')
    .replace(/^([^/:]+):(?!\d+\/)/, '$1/')
    .replace(/:\d+\//, '/')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
}

/** Most bytes of a Git config read: a larger one is not read (its remotes then name nothing). */
const MAX_GIT_CONFIG_BYTES = 256 * 1024;

/**
 * The URLs of the remotes in the Git config of the working tree at `root`
 * (`[remote "origin"]` `url = …`); `.git` may be a file pointing at the
 * Git folder (a worktree, whose shared config is in its `commondir`, or a
 * submodule). None when it cannot be read.
 */
export function remoteUrls(root: string): string[] {
  const config = readGitFile(join(gitFolder(root) ?? join(root, '.git'), 'config'));
  if (config === undefined) return [];
  const urls: string[] = [];
  let inRemote = false;
  for (const line of config.split(/\r?\n/)) {
    const section = /^\s*\[([^\]]*)\]/.exec(line);
    if (section) {
      inRemote = /^\s*remote\s+"[^"]*"\s*$/i.test(section[1]);
      continue;
    }
    const url = inRemote ? /^\s*url\s*=\s*(.*?)\s*$/i.exec(line) : null;
    if (url) urls.push(configValue(url[1]));
  }
  return urls;
}

/** A Git config value as written: quotes removed, a comment (`#`, `;`) outside them dropped. */
function configValue(written: string): string {
  let value = '';
  let quoted = false;
  for (const c of written) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '#' || c === ';')) break;
    else value += c;
  }
  return value.trim();
}

/** The Git folder of the working tree at `root`: `.git`, or where a `.git` file points (its `commondir` for a worktree). */
function gitFolder(root: string): string | undefined {
  const folder = ownGitFolder(root);
  if (folder === undefined || folder === join(root, '.git')) return folder;
  const common = readGitFile(join(folder, 'commondir'))?.trim();
  return common ? resolve(folder, common) : folder;
}

/**
 * The branches a checkout is known to be of: the one checked out (`HEAD`,
 * a worktree's own), and the remote's default (`refs/remotes/origin/HEAD`,
 * which `git clone` writes; a pull request's branch merges into it). None
 * for a detached checkout of a fresh CI clone, where any branch may be it.
 */
function checkoutBranches(root: string): Set<string> {
  const branches = new Set<string>();
  const own = ownGitFolder(root);
  const shared = gitFolder(root);
  for (const [folder, file] of [[own, 'HEAD'], [shared, join('refs', 'remotes', 'origin', 'HEAD')]] as const) {
    const ref = folder === undefined ? undefined : /^ref:\s*refs\/(?:heads|remotes\/origin)\/(.+?)\s*$/m.exec(readGitFile(join(folder, file)) ?? '')?.[1];
    if (ref !== undefined) branches.add(ref);
  }
  return branches;
}

/** The working tree's own Git folder: `.git`, or where a `.git` file points (a worktree's, which holds its HEAD). */
function ownGitFolder(root: string): string | undefined {
  const dotGit = join(root, '.git');
  if (statSync(dotGit, { throwIfNoEntry: false })?.isDirectory()) return dotGit;
  const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readGitFile(dotGit) ?? '');
  return pointer ? resolve(root, pointer[1]) : undefined;
}

/** A file of the Git folder (its config, a `.git` pointer, a `commondir`), read up to what a Git config may be. */
function readGitFile(file: string): string | undefined {
  return readSmallFile(file, MAX_GIT_CONFIG_BYTES);
}
