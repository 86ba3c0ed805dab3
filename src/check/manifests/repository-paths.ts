/**
 * Paths into the repository the files are in, as the Flux controllers
 * read them from the cluster's Git sync source: paths in the Git working
 * tree around the files (./sync-source.ts).
 *
 * - A Kustomization's `spec.path`: kustomize-controller joins it to the
 *   artifact's root (securejoin: `..` stops at the root) and fails with
 *   "kustomization path not found" when nothing is there
 *   (fluxcd/kustomize-controller at 186fb3b:
 *   internal/controller/kustomization_controller.go, "check build path
 *   exists"). Each of its `spec.components`, relative to the path, must be
 *   there too, unless `ignoreMissingComponents` skips a missing one
 *   (fluxcd/pkg at e2cfd1a2: kustomize/kustomize_generator.go, which also
 *   refuses a component that is not a local relative path,
 *   `IsLocalRelativePath`).
 * - An ImageUpdateAutomation's `spec.update.path`: image-automation-controller
 *   joins it to its clone's root (securejoin) and walks it for the files to
 *   update; a path that is not there fails the walk, and so every run
 *   (fluxcd/image-automation-controller at d36e2ea: internal/policy/applier.go,
 *   internal/update/filereader.go "walking path for files").
 * - A HelmRelease's `chart.spec.chart` from that GitRepository:
 *   source-controller joins it the same way and loads the chart's metadata
 *   there, a folder's Chart.yaml or a packaged chart (fluxcd/source-controller
 *   at 39b711b1: internal/helm/chart/builder_local.go `Build`).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import type { Finding } from './finding';
import type { ManifestObject } from './manifest-object';
import { describeObject, fieldAt, identityOf, isFluxObject, stringAt } from './object-index';
import { CHART_FILE } from './read-sources';
import { ObjectReference, referenced } from './references';
import { artifactAt, leftOutOfArtifact, notCheckedAsIncluded, RE_INCLUDE_HINT, SyncArtifact } from './sync-artifact';
import { gitRoot, inside } from './sync-source';
import { readsAsSyncSource, ReadsWorkingTree, WorkingTreeSource } from './working-tree-sources';
import { closest } from '../../foundation/edit-distance';
import { pointerAsField } from '../../foundation/json-pointer';
import { wordList } from '../../foundation/word-list';
import { substitutedVariableAt } from '../../model/flux-variables';
import { isLocalRelativePath } from '../kustomize-files';

/**
 * An error for each such path that is not there; `diskPathOf` gives a
 * file's path on disk (undefined for stdin), `readsWorkingTree` which
 * sources read the working tree (./working-tree-sources.ts). Where no Git
 * working tree is around the files, one note says the paths were not
 * checked. `built`
 * holds the folders on disk Kustomizations' paths name, which
 * kustomize-controller builds; `charts` the chart folders HelmReleases
 * take their charts from; `updated` the folders ImageUpdateAutomations
 * update (./image-markers.ts).
 */
export function repositoryPathFindings(
  objects: readonly ManifestObject[], references: readonly ObjectReference[], diskPathOf: (file: string) => string | undefined,
  artifacts: readonly SyncArtifact[] = [], readsWorkingTree: ReadsWorkingTree = readsAsSyncSource,
): { findings: Finding[]; built: Set<string>; charts: LocalChart[]; updated: UpdatedFolder[] } {
  const findings: Finding[] = [];
  const built = new Set<string>();
  const charts: LocalChart[] = [];
  const updated: UpdatedFolder[] = [];
  const roots = new Map<string, string | undefined>();
  const unrooted: { object: ManifestObject; pointer: string; stdin: boolean }[] = [];
  /** Kustomizations reading a Git repository or bucket that is not known to be this working tree: their paths are not checked. */
  const elsewhere: { object: ManifestObject; source: ObjectReference }[] = [];
  /** Paths into what the sync source's spec.include copies in from another repository: not this working tree's. */
  const included: { object: ManifestObject; pointer: string; from: string }[] = [];
  /**
   * The sync source `object` reads at `sourcePointer` and the path it names
   * at `pathPointer` (`absent` where it names none), with the repository's
   * root; undefined when not judged.
   */
  const repositoryPath = (object: ManifestObject, sourcePointer: string, pathPointer: string, absent?: string): RepositoryPath | undefined => {
    const source = referenced(references, object, sourcePointer);
    if (!source) return undefined;
    const reads = readsWorkingTree(source);
    if (!reads) {
      // A HelmRelease's chart folder in another source has its own note (chart-sources.ts).
      if (object.kind === 'Kustomization' && (source.kind === 'GitRepository' || source.kind === 'Bucket')) elsewhere.push({ object, source });
      return undefined;
    }
    const written = stringAt(object.value, ...pathPointer.slice(1).split('/'));
    const path = written ?? absent;
    // No path is the artifact's root; a ${var} is known only once substituted (and its schema finding says so), unless the object opts out.
    if (path === undefined || substitutedVariableAt(object.value, pathPointer) !== undefined) return undefined;
    const file = diskPathOf(object.location.file);
    const root = file === undefined ? undefined : gitRoot(dirname(file), roots);
    if (root === undefined) {
      // Only a path written is one the note can say was not checked.
      if (written !== undefined) unrooted.push({ object, pointer: pathPointer, stdin: file === undefined });
      return undefined;
    }
    const target = inside(root, path);
    const from = artifactAt(artifacts, target)?.includedAt(target);
    if (from !== undefined) {
      included.push({ object, pointer: pathPointer, from });
      return undefined;
    }
    return { source, reads, path, root };
  };
  const notThere = (object: ManifestObject, pointer: string, at: RepositoryPath, what: string, failure: string, hint = ''): void => {
    findings.push({
      rule: 'path',
      severity: 'error',
      location: object.locate(pointer),
      object: identityOf(object),
      pointer,
      message: `${describeObject(object)} ${pointerAsField(pointer)} '${at.path}' ${what}, so ${failure} `
        + `(it reads ${describeObject(at.source)}, ${at.reads.role}, ${at.root})${hint}`,
    });
  };

  /** What the sync source's artifact leaves out of `path` in `root`: `is left out of the artifact of …`; undefined when it is there. */
  const leftOutOf = (root: string, path: string): string | undefined => {
    const target = inside(root, path);
    const why = artifactAt(artifacts, target)?.leftOut(target);
    return why && `is ${leftOutOfArtifact(why)}`;
  };
  for (const object of objects) {
    if (!isFluxObject(object)) continue;
    if (object.kind === 'Kustomization') {
      const at = repositoryPath(object, '/spec/sourceRef', '/spec/path');
      if (!at) continue;
      const missing = missingPart(at.root, at.path);
      const leftOut = missing === undefined ? leftOutOf(at.root, at.path) : undefined;
      if (missing === undefined && leftOut === undefined) {
        built.add(inside(at.root, at.path));
        findings.push(...componentFindings(object, at.root, at.path, leftOutOf, (target) => artifactAt(artifacts, target)?.includedAt(target)));
      } else {
        notThere(object, '/spec/path', at, leftOut ?? `is not in this repository: there is no '${missing!.at}'`,
          'kustomize-controller would fail with "kustomization path not found"', missing ? didYouMean(missing) : LEFT_OUT_HINT);
      }
    } else if (object.kind === 'ImageUpdateAutomation') {
      // It works on its own clone of the branch, not on the artifact: only the working tree counts, and a git.checkout.ref is another revision.
      if (fieldAt(object.value, 'spec', 'git', 'checkout', 'ref') !== undefined) continue;
      // No update.path is the clone's root.
      const at = repositoryPath(object, '/spec/sourceRef', '/spec/update/path', '');
      const missing = at && missingPart(at.root, at.path);
      if (at && !missing) updated.push({ automation: object, folder: inside(at.root, at.path) });
      if (at && missing) {
        notThere(object, '/spec/update/path', at, `is not in this repository: there is no '${missing.at}'`,
          'image-automation-controller fails every run ("walking path for files: … no such file or directory")', didYouMean(missing));
      }
    } else if (object.kind === 'HelmRelease') {
      const at = repositoryPath(object, '/spec/chart/spec/sourceRef', '/spec/chart/spec/chart');
      if (!at) continue;
      const missing = missingPart(at.root, at.path);
      const target = inside(at.root, at.path);
      const leftOut = missing === undefined ? leftOutOf(at.root, at.path) : undefined;
      if (missing !== undefined) {
        notThere(object, '/spec/chart/spec/chart', at, `is not in this repository: there is no '${missing.at}'`,
          'source-controller cannot build the chart', didYouMean(missing));
      } else if (leftOut !== undefined) {
        notThere(object, '/spec/chart/spec/chart', at, leftOut, 'source-controller cannot build the chart', LEFT_OUT_HINT);
      } else if (statSync(target).isDirectory()) {
        const chartFile = join(target, CHART_FILE);
        const chartLeftOut = existsSync(chartFile) ? leftOutOf(at.root, posix.join(at.path, CHART_FILE)) : undefined;
        if (!existsSync(chartFile)) notThere(object, '/spec/chart/spec/chart', at, `is a folder without a ${CHART_FILE}`, 'source-controller cannot load it as a chart');
        else if (chartLeftOut) notThere(object, '/spec/chart/spec/chart', at, `is a folder whose ${CHART_FILE} ${chartLeftOut}`, 'source-controller cannot load it as a chart', LEFT_OUT_HINT);
        else charts.push({ release: object, folder: target, path: at.path, root: at.root });
      }
    }
  }
  if (unrooted.length > 0) {
    const [{ object: first, pointer }] = unrooted;
    const one = unrooted.length === 1;
    findings.push({
      rule: 'not-checked',
      severity: 'note',
      location: first.locate(pointer),
      object: identityOf(first),
      pointer,
      message: `${one ? `the ${pointerAsField(pointer)} of ${describeObject(first)}` : `the paths of ${unrooted.length} ${kindsOf(unrooted.map((u) => u.object))}`} into the cluster's sync source `
        + `${one ? 'is' : 'are'} not checked: ${unrooted.every((u) => u.stdin) ? 'read from standard input, not from a Git working tree' : `no Git working tree (.git) is around ${one ? 'its file' : 'their files'}`}, `
        + "so the repository's root is unknown"
        + (unrooted.some((u) => u.object.kind === 'HelmRelease') ? ' (nor are the values of the charts HelmReleases take from it)' : ''),
    });
  }
  if (elsewhere.length > 0) findings.push(elsewhereNote(elsewhere));
  findings.push(...included.map(({ object, pointer, from }) => includedNote(object, pointer, from)));
  return { findings, built, charts, updated };
}

/** A folder of this working tree an ImageUpdateAutomation updates: its clone's `spec.update.path`, there on disk. */
export interface UpdatedFolder {
  readonly automation: ManifestObject;
  readonly folder: string;
}

/** A HelmRelease whose chart is a folder of this repository. */
export interface LocalChart {
  readonly release: ManifestObject;
  /** The folder on disk. */
  readonly folder: string;
  /** As the release writes it. */
  readonly path: string;
  /** The root of the working tree: the source's root, where source-controller reads `valuesFiles`. */
  readonly root: string;
}

/** A path an object reads from the cluster's sync source (or another source reading the working tree), and the root of the working tree it is in. */
interface RepositoryPath {
  readonly source: ObjectReference;
  readonly reads: WorkingTreeSource;
  readonly path: string;
  readonly root: string;
}

/** `Kustomizations, HelmReleases and ImageUpdateAutomations`: the kinds among `objects`, in plural, in the order first met. */
function kindsOf(objects: readonly ManifestObject[]): string {
  const kinds = [...new Set(objects.map((o) => `${o.kind}s`))];
  return wordList(kinds);
}

function didYouMean(missing: { suggestion?: string }): string {
  return missing.suggestion === undefined ? '' : `; did you mean '${missing.suggestion}'?`;
}

/** Most sources the note on paths into other sources names; the rest are counted. */
const LISTED_OTHER_SOURCES = 3;

/** The one note on the paths of Kustomizations reading sources that are not this working tree (at the first). */
function elsewhereNote(elsewhere: readonly { object: ManifestObject; source: ObjectReference }[]): Finding {
  const [{ object: first }] = elsewhere;
  const sources = [...new Set(elsewhere.map(({ source }) => describeObject(source)))];
  const named = sources.slice(0, LISTED_OTHER_SOURCES).join(', ') + (sources.length > LISTED_OTHER_SOURCES ? `, and ${sources.length - LISTED_OTHER_SOURCES} more` : '');
  const one = elsewhere.length === 1;
  return {
    rule: 'not-checked',
    severity: 'note',
    location: first.locate('/spec/path'),
    object: identityOf(first),
    pointer: '/spec/path',
    message: `${one ? `the spec.path of ${describeObject(first)} is` : `the spec.path of ${elsewhere.length} Kustomizations is`} not checked: `
      + `${one ? 'it reads' : 'they read'} ${named}, not known to be this working tree (only the cluster's sync source and a GitRepository `
      + "of this repository's URL on the sync's branch are), and flux-oci does not fetch other repositories or revisions",
  };
}

/** The note on a path into what the sync source includes from another repository. */
function includedNote(object: ManifestObject, pointer: string, from: string): Finding {
  return {
    rule: 'not-checked',
    severity: 'note',
    location: object.locate(pointer),
    object: identityOf(object),
    pointer,
    message: `the ${pointerAsField(pointer)} of ${describeObject(object)} ${notCheckedAsIncluded(from)}`,
  };
}

/** How to put a path back into the artifact, for messages. */
const LEFT_OUT_HINT = `; ${RE_INCLUDE_HINT}`;

/** Each component of a Kustomization whose path is there that is not, is left out of the artifact, or is not a local relative path. */
function componentFindings(
  kustomization: ManifestObject, root: string, path: string, leftOutOf: (root: string, path: string) => string | undefined,
  includedAt: (target: string) => string | undefined,
): Finding[] {
  const components = fieldAt(kustomization.value, 'spec', 'components');
  if (!Array.isArray(components) || fieldAt(kustomization.value, 'spec', 'ignoreMissingComponents') === true) return [];
  const findings: Finding[] = [];
  components.forEach((component, i) => {
    const pointer = `/spec/components/${i}`;
    if (typeof component !== 'string' || substitutedVariableAt(kustomization.value, pointer) !== undefined) return;
    const at = { location: kustomization.locate(pointer), object: identityOf(kustomization), pointer };
    if (!isLocalRelativePath(component)) {
      findings.push({ rule: 'path', severity: 'error', ...at, message: `${describeObject(kustomization)} ${pointerAsField(pointer)} '${component}' must be a local relative path (kustomize-controller refuses it)` });
      return;
    }
    // What the sync source includes from another repository is not this working tree's.
    const from = includedAt(inside(root, posix.join(path, component)));
    if (from !== undefined) {
      findings.push(includedNote(kustomization, pointer, from));
      return;
    }
    const missing = missingPart(root, posix.join(path, component));
    const leftOut = missing === undefined ? leftOutOf(root, posix.join(path, component)) : undefined;
    if (missing === undefined && leftOut === undefined) return;
    findings.push({
      rule: 'path',
      severity: 'error',
      ...at,
      message: `${describeObject(kustomization)} ${pointerAsField(pointer)} '${component}' (from '${path}') `
        + `${leftOut ?? `is not in this repository (${root}): there is no '${missing!.at}'`}, `
        + `so the kustomize build fails${missing ? didYouMean(missing) : LEFT_OUT_HINT} (ignoreMissingComponents: true skips a missing component)`,
    });
  });
  return findings;
}

/** The folders in `folder` (none when it is a file). */
function folderNames(folder: string): string[] {
  try {
    return readdirSync(folder, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  } catch {
    return [];
  }
}

/**
 * The first part of `path` that is not in `root` (as `./a/b`), with the
 * closest name in the folder above it; undefined when the whole path is
 * there. `..` stops at the root, as securejoin does.
 */
function missingPart(root: string, path: string): { at: string; suggestion?: string } | undefined {
  const parts = posix.normalize(`/${path}`).split('/').filter((p) => p !== '');
  let folder = root;
  for (let i = 0; i < parts.length; i++) {
    const next = join(folder, parts[i]);
    if (existsSync(next)) {
      folder = next;
      continue;
    }
    const names = folderNames(folder);
    const near = closest(parts[i], names);
    const shown = (segments: readonly string[]): string => `./${segments.join('/')}`;
    return {
      at: shown(parts.slice(0, i + 1)),
      ...(near !== undefined ? { suggestion: shown([...parts.slice(0, i), near, ...parts.slice(i + 1)]) } : {}),
    };
  }
  return undefined;
}
