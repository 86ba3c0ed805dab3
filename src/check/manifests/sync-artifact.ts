/**
 * What of the working tree reaches the cluster: the artifact
 * source-controller makes of the cluster's Git sync source
 * (./sync-source.ts). It archives the checkout less what its ignore
 * patterns leave out, and the controllers read only the artifact, so a
 * file left out is, in the cluster, a file that is not there.
 *
 * As source-controller at 39b711b1 makes it
 * (internal/controller/gitrepository_controller.go `reconcileArtifact`):
 * - the patterns of every `.sourceignore` in the checkout, each scoped to
 *   its folder (fluxcd/pkg at e2cfd1a2: sourceignore/sourceignore.go
 *   `LoadIgnorePatterns`, which reads the folder's file, then each
 *   subfolder's in name order, `.git` aside), then the GitRepository's
 *   `spec.ignore`, scoped to the root;
 * - with none, the VCS patterns and the defaults (images, archives, CI
 *   files, `.sops.yaml`...); with some, only the VCS patterns before them
 *   (fluxcd/pkg artifact/storage/archive.go `SourceIgnoreFilter`): a
 *   `.sourceignore` that only re-includes a file still drops every default;
 * - only regular files and folders: `Storage.Archive` walks without
 *   following links and skips a symbolic link, and what is below one.
 *
 * The GitRepository's `spec.ignore` must be known: read from the object in
 * the files, or none where a FluxInstance made the source (its `spec.sync`
 * has no such field) and no patch of the instance touches a
 * GitRepository. Otherwise what the artifact holds is not judged.
 */
import { lstatSync, readdirSync, readFileSync, Stats, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { SourceIgnore } from './instance-source';
import type { ManifestObject } from './manifest-object';
import { describeObject, fieldAt, stringAt } from './object-index';
import { MAX_MANIFEST_BYTES } from './read-sources';
import { inside, workingTreeOf } from './sync-source';
import type { ReadsWorkingTree } from './working-tree-sources';
import { describeIgnored, FluxIgnore, IgnoreSource } from '../../archives/flux-ignore';
import { memoized } from '../../foundation/memo';
import { isWithin } from '../../foundation/paths';

const SOURCE_IGNORE_FILE = FluxIgnore.SOURCE_IGNORE_FILE;

/** Most folders walked looking for `.sourceignore` files: beyond it the artifact is not judged. */
export const MAX_ARTIFACT_FOLDERS = 20_000;

/** Why a path is not in the artifact, for messages. */
export interface LeftOut {
  /** `'*.png' (source-controller's default ignore patterns)`, `'/docs/' (.sourceignore:3)`, `it is a symbolic link, …`. */
  readonly because: string;
  /** The GitRepository whose artifact it is, as messages name it: `GitRepository flux-system/flux-system`. */
  readonly source: string;
}

/** The artifact of the cluster's Git sync source, as far as the files tell. */
export interface SyncArtifact {
  /** The working tree's root. */
  readonly root: string;
  /** Why `path` (on disk, in the working tree) is not in the artifact; undefined when it is, is not on disk, or is included from another source. */
  leftOut(path: string): LeftOut | undefined;
  /**
   * Where `path` is in what the GitRepository's `spec.include` copies in
   * from another GitRepository's artifact, for messages (`GitRepository
   * flux-system/crds, included at ./crds`): what is there is not this
   * working tree's. Undefined elsewhere.
   */
  includedAt(path: string): string | undefined;
}

/** What `syncArtifacts` found: the artifacts known, and the working trees whose artifact could not be judged and why. */
export interface SyncArtifacts {
  readonly artifacts: readonly SyncArtifact[];
  readonly unknown: readonly { readonly root: string; readonly reason: string }[];
}

/**
 * The artifact of each working tree whose sync source the files describe
 * (see above): `objects` are the GitRepositories as the kustomizations
 * that list them build them (a bootstrap `kustomization.yaml` may patch
 * its `spec.ignore`, ./kustomize-patches.ts), `unknownBuild` says which of
 * those builds is not known, `starts` are where the cluster's syncs start
 * (./applied.ts), `diskPathOf`
 * gives an object's file on disk, `readsWorkingTree` which GitRepositories
 * read the working tree (./working-tree-sources.ts): besides the sync
 * source, one reading it again by its URL makes the same artifact only
 * with the same `spec.ignore`.
 */
export function syncArtifacts(
  objects: readonly ManifestObject[],
  starts: readonly { readonly by: ManifestObject; readonly sourceIgnore: SourceIgnore }[],
  unknownBuild: (object: ManifestObject) => boolean,
  diskPathOf: (file: string) => string | undefined,
  readsWorkingTree: ReadsWorkingTree,
): SyncArtifacts {
  const roots = new Map<string, string | undefined>();
  const sources = new Map<string, { source: string; ignore?: string; include?: unknown } | { unknown: string }>();
  const written = new Map<string, ManifestObject>();
  for (const object of objects) {
    if (object.kind !== 'GitRepository' || !readsWorkingTree({ kind: object.kind, name: object.name, namespace: object.appliedNamespace ?? object.namespace })) continue;
    const root = workingTreeOf(object, diskPathOf, roots);
    if (root === undefined || 'unknown' in (sources.get(root) ?? {})) continue;
    const ignore = fieldAt(object.value, 'spec', 'ignore');
    const first = written.get(root);
    if (first) {
      // Two in one working tree (two clusters', an old one kept, or one reading it again by URL): which the cluster reads is not known, unless they agree.
      if (!isDeepStrictEqual(fieldAt(first.value, 'spec', 'ignore'), ignore)) {
        sources.set(root, { unknown: `${describeObject(first)} (${first.location.file}) and the one in ${object.location.file} have different spec.ignore` });
      }
      continue;
    }
    written.set(root, object);
    sources.set(root, unknownBuild(object)
      ? { unknown: `a kustomization that builds ${describeObject(object)} names a patch that cannot be read, which may set its spec.ignore` }
      : { source: describeObject(object), ...(typeof ignore === 'string' ? { ignore } : {}), include: fieldAt(object.value, 'spec', 'include') });
  }
  // A sync source a FluxInstance makes has the spec.ignore its kustomize.patches set, if any (the instance's spec.sync has no such field).
  const instances = new Map<string, { readonly by: ManifestObject; readonly sourceIgnore: SourceIgnore }>();
  for (const start of starts) {
    const root = workingTreeOf(start.by, diskPathOf, roots);
    if (root === undefined || written.has(root)) continue;
    const made = start.sourceIgnore;
    const first = instances.get(root);
    if (first) {
      // Two clusters' instances in one working tree: which the cluster reads is not known, unless their sources agree.
      if (!isDeepStrictEqual(first.sourceIgnore, made)) {
        sources.set(root, { unknown: `${describeObject(first.by)} (${first.by.location.file}) and the instance in ${start.by.location.file} make GitRepositories with different spec.ignore` });
      }
      continue;
    }
    instances.set(root, start);
    sources.set(root, 'unknown' in made ? { unknown: made.unknown }
      : { source: `the GitRepository of ${describeObject(start.by)}`, ...(made.ignore !== undefined ? { ignore: made.ignore } : {}) });
  }
  const artifacts: SyncArtifact[] = [];
  const unknown: { root: string; reason: string }[] = [];
  for (const [root, described] of sources) {
    if ('unknown' in described) {
      unknown.push({ root, reason: described.unknown });
      continue;
    }
    const ignoreFiles = sourceIgnoreFiles(root);
    if (typeof ignoreFiles === 'string') {
      unknown.push({ root, reason: ignoreFiles });
      continue;
    }
    artifacts.push(artifactOf(root, described.source, ignoreFiles, described.ignore, includedFolders(root, described.include)));
  }
  return { artifacts, unknown };
}

/** What messages say of a path the artifact leaves out: `left out of the artifact … for GitRepository a/b: '*.png' (…)`. */
export function leftOutOfArtifact(why: LeftOut): string {
  return `left out of the artifact source-controller makes of this repository for ${why.source}: ${why.because}`;
}

/** How messages say to put a path back into the artifact. */
export const RE_INCLUDE_HINT = "re-include it with a '!' pattern in a .sourceignore or the GitRepository's spec.ignore";

/** What a note says of a path into what the source includes ({@link SyncArtifact.includedAt}): `is not checked: it lies in …`. */
export function notCheckedAsIncluded(from: string): string {
  return `is not checked: it lies in what the cluster's sync source includes from another repository (${from})`;
}

/** The artifact in `artifacts` whose working tree holds `path`. */
export function artifactAt(artifacts: readonly SyncArtifact[], path: string): SyncArtifact | undefined {
  return artifacts.find((a) => isWithin(a.root, path));
}

/**
 * The folders `spec.include` fills from other GitRepositories' artifacts,
 * each with what fills it: `toPath`, else the included repository's name,
 * joined to the root as securejoin does (fluxcd/source-controller at
 * 39b711b1: api/v1/gitrepository_types.go `GetToPath`,
 * internal/controller/gitrepository_controller.go `reconcileInclude`, which
 * copies them in before the artifact is archived).
 */
function includedFolders(root: string, include: unknown): { folder: string; from: string }[] {
  return (Array.isArray(include) ? include : []).flatMap((entry) => {
    const name = stringAt(entry, 'repository', 'name');
    if (name === undefined) return [];
    const toPath = stringAt(entry, 'toPath') || name;
    return [{ folder: inside(root, toPath), from: `GitRepository ${name}, included at ${toPath}` }];
  });
}

function artifactOf(
  root: string, source: string, ignoreFiles: readonly IgnoreSource[], specIgnore: string | undefined,
  included: readonly { folder: string; from: string }[],
): SyncArtifact {
  const includedAt = (path: string): string | undefined => included.find((i) => isWithin(i.folder, path))?.from;
  const matcher = FluxIgnore.forSource([...ignoreFiles, ...(specIgnore !== undefined ? [{ lines: specIgnore, domain: '', origin: `spec.ignore of ${source}` }] : [])]);
  const verdicts = new Map<string, LeftOut | undefined>();
  const leftOut = (path: string): LeftOut | undefined => {
    if (!isWithin(root, path) || includedAt(path) !== undefined) return undefined;
    const rel = relative(root, path).split(sep).join('/');
    if (rel === '') return undefined;
    if (verdicts.has(rel)) return verdicts.get(rel);
    const verdict = judge(rel);
    verdicts.set(rel, verdict);
    return verdict;
  };
  // The folders above the paths judged, each looked at once: every file of a folder has the same ancestors.
  const folders = new Map<string, Stats | undefined>();
  const folderInfo = (rel: string): Stats | undefined => memoized(folders, rel, () => lstatSync(join(root, rel), { throwIfNoEntry: false }));
  const judge = (rel: string): LeftOut | undefined => {
    // What is below a left-out folder may be re-included (the archive walk goes on below it); a link cuts off what is below it.
    const parts = rel.split('/');
    for (let i = 1; i < parts.length; i++) {
      const info = folderInfo(parts.slice(0, i).join('/'));
      if (info === undefined) return undefined;
      if (info.isSymbolicLink()) return { because: `'${parts.slice(0, i).join('/')}' is a symbolic link, which source-controller does not archive`, source };
    }
    const info = lstatSync(join(root, rel), { throwIfNoEntry: false });
    if (info === undefined) return undefined;
    if (info.isSymbolicLink()) return { because: 'it is a symbolic link, which source-controller does not archive', source };
    if (!info.isFile() && !info.isDirectory()) return { because: 'it is neither a file nor a folder', source };
    const by = matcher.excludedBy(rel, info.isDirectory());
    if (by === undefined) return undefined;
    // A folder the walk leaves out is still there if something below it is kept (extracting it makes the folder).
    if (info.isDirectory() && keepsSomething(root, rel, matcher)) return undefined;
    return { because: describeIgnored(by), source };
  };
  return { root, leftOut, includedAt };
}

/** Whether anything below the folder `rel` is archived. */
function keepsSomething(root: string, rel: string, matcher: FluxIgnore): boolean {
  let entries;
  try {
    entries = readdirSync(join(root, rel), { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some((entry) => {
    const child = `${rel}/${entry.name}`;
    if (!entry.isFile() && !entry.isDirectory()) return false;
    if (!matcher.ignores(child, entry.isDirectory())) return true;
    return entry.isDirectory() && keepsSomething(root, child, matcher);
  });
}

/**
 * The `.sourceignore` files of the working tree in the order
 * source-controller reads them (see above), each scoped to its folder; why
 * they are not read past {@link MAX_ARTIFACT_FOLDERS} folders, or for one
 * larger than a manifest may be.
 */
function sourceIgnoreFiles(root: string): IgnoreSource[] | string {
  const found: IgnoreSource[] = [];
  let folders = 0;
  const visit = (rel: string): string | undefined => {
    if (++folders > MAX_ARTIFACT_FOLDERS) return `the working tree has more than ${MAX_ARTIFACT_FOLDERS} folders to look for ${SOURCE_IGNORE_FILE} files in`;
    const folder = rel === '' ? root : join(root, rel);
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch {
      return undefined;
    }
    if (entries.some((e) => e.name === SOURCE_IGNORE_FILE && e.isFile())) {
      const file = join(folder, SOURCE_IGNORE_FILE);
      const origin = rel === '' ? SOURCE_IGNORE_FILE : `${rel}/${SOURCE_IGNORE_FILE}`;
      if (statSync(file).size > MAX_MANIFEST_BYTES) return `${origin} is larger than the ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB a file read may have`;
      found.push({ lines: readFileSync(file, 'utf8'), domain: rel, origin });
    }
    // os.ReadDir's entries do not follow links, so a linked folder is not descended (fluxcd/pkg `LoadIgnorePatterns`).
    for (const e of entries) {
      if (!e.isDirectory() || e.name === '.git') continue;
      const stop = visit(rel === '' ? e.name : `${rel}/${e.name}`);
      if (stop !== undefined) return stop;
    }
    return undefined;
  };
  return visit('') ?? found;
}

