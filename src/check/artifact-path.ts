import { posix } from 'node:path';
import { ContentOutcome } from './content-fetch';
import { isLocalRelativePath, KUSTOMIZATION_FILES } from './kustomize-files';
import { ArtifactTree, readArtifactLayer } from '../archives/content-layer';
import { ContentLimits } from '../archives/content-limits';
import { ArtifactError } from '../archives/errors';
import { describeIgnored, FluxIgnore } from '../archives/flux-ignore';
import { FluxOciError } from '../foundation/errors';
import { suggest } from '../values/unknown-keys';

/**
 * The path stage of the registry check, after an artifact resolved and its
 * content layer was fetched: whether each Kustomization's `path` gives
 * kustomize-controller something to build. Both front ends call it.
 *
 * kustomize-controller (fluxcd/kustomize-controller
 * internal/controller/kustomization_controller.go @ a9e8f94812e188da2bd24a979b6e91bfa7c09bcc)
 * joins `spec.path` to the extracted artifact with SecureJoin (so `/x` and
 * `../x` stay inside the root), fails with "kustomization path not found"
 * when `os.Stat` fails, then runs the generator (fluxcd/pkg
 * kustomize/kustomize_generator.go @ daa2fc29a85696067d63e5f1129bbf65a2fd230f):
 * a `kustomization.yaml`, `kustomization.yml` or `Kustomization` file in the
 * folder is used as it is; otherwise one is generated whose resources are
 * every `.yaml`/`.yml` file below the folder (`scanManifests`: extensions
 * compared exactly, `.json` not read), and every subfolder holding one of
 * those three files, which is not descended into.
 *
 * What kustomize-controller reads is not the layer as pushed: for an
 * OCIRepository whose layer operation is `extract` (an OciArtifactSource's),
 * source-controller extracts the layer skipping symbolic links
 * (fluxcd/source-controller at 39b711b1:
 * internal/controller/ocirepository_controller.go, `tar.WithSkipSymlinks`)
 * and archives it again with the ignore rules of a Git checkout: the
 * layer's `.sourceignore` files, then the OCIRepository's `spec.ignore`,
 * else the defaults (`FluxIgnore.forSource`). A path is judged in what
 * that leaves.
 */

/** What the generator's `scanManifests` takes as a manifest. */
const MANIFEST_EXTENSIONS = ['.yaml', '.yml'];

/** One line of the report: an error fails the synth (or preview), a warning is printed. */
export interface PathFinding {
  readonly severity: 'error' | 'warning';
  /** Without the construct path: the front end prefixes its own. */
  readonly message: string;
  /** The index in `components` of the component at fault, when it is one. @default - the path is */
  readonly component?: number;
}

/** A Kustomization path the artifact does not hold, for front ends that throw it (Pulumi). */
export class ArtifactPathError extends FluxOciError {
  public readonly code: string = 'FLUX_OCI_ARTIFACT_PATH';

  constructor(public readonly path: string, message: string) {
    super(`[${path}] ${message}`);
    this.name = 'ArtifactPathError';
  }
}

/** Trees read per layer: several Kustomizations of one artifact read it once. */
const trees = new WeakMap<Buffer, ArtifactTree | ArtifactError>();

/**
 * What kustomize-controller would find at `path` in the artifact, or
 * undefined when it finds something to build.
 *
 * @param path the Kustomization's `spec.path` (undefined: the root)
 * @param reference `oci://host/path` of the artifact
 * @param content what the content stage found for its layer
 */
export function checkKustomizationPath(
  path: string | undefined, reference: string, content: ContentOutcome, options: ArtifactPathOptions = {},
): PathFinding | undefined {
  const given = path ?? './';
  if (content.state === 'not-cached') return { severity: 'warning', message: `path '${given}' not checked: ${content.message}` };
  if (content.state === 'failed') return { severity: 'error', message: `path '${given}' not checked: the artifact could not be read: ${content.message}` };
  const label = `${reference}@${content.layer.manifestDigest}`;
  const layer = treeOf(content.layer.bytes, label, options.limits);
  if (layer instanceof ArtifactError) return { severity: 'error', message: `path '${given}' not checked: ${layer.message}` };
  const tree = extracted(layer, options.ignore);
  const dir = artifactDir(given);
  const shown = dir === '' ? 'the artifact root' : `'${dir}'`;
  if (!tree.directories.has(dir) && layer.directories.has(dir)) {
    return {
      severity: 'error',
      message: `path '${given}' is in artifact ${label}, but source-controller leaves it out when it extracts the artifact for its OCIRepository (${tree.leftOut.get(dir)}); `
        + "kustomize-controller would fail with 'kustomization path not found'",
    };
  }
  if (tree.files.has(dir)) {
    return { severity: 'error', message: `path '${given}' is a file in artifact ${label}, not a folder; kustomize-controller builds a folder (e.g. '${posix.dirname(dir) === '.' ? './' : `./${posix.dirname(dir)}`}')` };
  }
  if (!tree.directories.has(dir)) {
    const folders = [...tree.directories].filter((d) => d !== '').sort();
    const near = suggest(dir, folders).map((d) => `'./${d}'`);
    return {
      severity: 'error',
      message: `path '${given}' is not in artifact ${label}: kustomize-controller would fail with 'kustomization path not found'`
        + `${near.length ? `; did you mean ${near.join(' or ')}?` : ''}`
        + `; folders in the artifact: ${folders.length ? listed(folders.map((d) => `./${d}`)) : 'none (only the root)'}`,
    };
  }
  const buildable = KUSTOMIZATION_FILES.some((f) => tree.files.has(join(dir, f))) || hasResources(tree, dir);
  if (buildable) return componentFinding(given, dir, label, tree, options);
  const json = [...tree.files].some((f) => within(f, dir) && f.endsWith('.json'));
  // What the layer holds there that extraction leaves out, for the message.
  const dropped = [...layer.files, ...layer.symlinks].filter((f) => within(f, dir) && tree.leftOut.has(f)
    && (MANIFEST_EXTENSIONS.includes(posix.extname(f)) || KUSTOMIZATION_FILES.includes(posix.basename(f)))).sort();
  return {
    severity: 'error',
    message: `path '${given}' (${shown} of artifact ${label}) holds no ${KUSTOMIZATION_FILES.join(', ')} and no .yaml/.yml manifest below it`
      + `${json ? ' (Flux does not read .json files when it generates a kustomization.yaml)' : ''}`
      + `${dropped.length ? ` once source-controller extracts it for its OCIRepository ('${dropped[0]}'${dropped.length > 1 ? ` and ${dropped.length - 1} more` : ''} `
        + `left out: ${tree.leftOut.get(dropped[0])})` : ''}`
      + ': Flux would apply nothing, and with prune delete what this Kustomization applied before',
  };
}

/** Options of {@link checkKustomizationPath}. */
export interface ArtifactPathOptions {
  /** Bounds on reading the layer. @default - contentLimits() */
  readonly limits?: ContentLimits;
  /** The OCIRepository's `spec.ignore`. @default - none: the layer's .sourceignore files, else source-controller's defaults */
  readonly ignore?: string;
  /** The Kustomization's `spec.components`, relative to its path. @default - none */
  readonly components?: readonly string[];
  /** The Kustomization's `spec.ignoreMissingComponents`. @default false */
  readonly ignoreMissingComponents?: boolean;
}

/**
 * The first of the Kustomization's components the build cannot use: the
 * generator refuses one that is not a local relative path, and adds every
 * other to the kustomization's components unless `ignoreMissingComponents`
 * skips a missing one (fluxcd/pkg at e2cfd1a2: kustomize/kustomize_generator.go
 * `generateKustomization`); kustomize then needs a folder holding a
 * kustomization.
 */
function componentFinding(given: string, dir: string, label: string, tree: ExtractedTree, options: ArtifactPathOptions): PathFinding | undefined {
  for (const [index, component] of (options.components ?? []).entries()) {
    const named = `component '${component}' (relative to path '${given}')`;
    if (!isLocalRelativePath(component)) return { severity: 'error', component: index, message: `${named} must be a local relative path; kustomize-controller refuses it` };
    const target = posix.normalize(join(dir, component)).replace(/^\.$/, '');
    const kustomized = KUSTOMIZATION_FILES.some((f) => tree.files.has(join(target, f)));
    if (tree.directories.has(target) && kustomized) continue;
    const missing = !tree.directories.has(target) && !tree.files.has(target);
    if (missing && options.ignoreMissingComponents) continue;
    const why = tree.leftOut.get(target);
    const problem = why ? `is left out when source-controller extracts artifact ${label} for its OCIRepository (${why})`
      : missing ? `is not in artifact ${label}` : `is not a folder holding a kustomization in artifact ${label}`;
    return {
      severity: 'error',
      component: index,
      message: `${named} ${problem}, so the kustomize build fails${missing ? ' (ignoreMissingComponents: true skips a missing component)' : ''}`,
    };
  }
  return undefined;
}

/** An artifact as kustomize-controller reads it, and why each path of the layer it lacks was left out. */
interface ExtractedTree {
  readonly files: ReadonlySet<string>;
  readonly directories: ReadonlySet<string>;
  readonly leftOut: ReadonlyMap<string, string>;
}

/** Extracted trees per layer tree and ignore (see above). */
const extractions = new WeakMap<ArtifactTree, Map<string | undefined, ExtractedTree>>();

/**
 * What source-controller archives of an extracted layer (see above): the
 * layer's folders (extracting makes every one, a file's too) and regular
 * files its rules keep, and the folders above a kept file.
 */
function extracted(layer: ArtifactTree, ignore: string | undefined): ExtractedTree {
  const byIgnore = extractions.get(layer) ?? new Map<string | undefined, ExtractedTree>();
  extractions.set(layer, byIgnore);
  const known = byIgnore.get(ignore);
  if (known) return known;
  // LoadIgnorePatterns reads a folder's file, then its subfolders' in name order: the files' folders in segment order.
  const ignoreFiles = [...layer.ignoreFiles].sort(([a], [b]) => compareSegments(a.split('/').slice(0, -1), b.split('/').slice(0, -1)))
    .map(([file, text]) => ({ lines: text, domain: posix.dirname(file) === '.' ? '' : posix.dirname(file), origin: file }));
  const rules = FluxIgnore.forSource([...ignoreFiles, ...(ignore !== undefined ? [{ lines: ignore, domain: '', origin: 'its spec.ignore' }] : [])]);
  const leftOut = new Map<string, string>();
  for (const link of layer.symlinks) leftOut.set(link, 'a symbolic link, skipped');
  const directories = new Set<string>(['']);
  for (const dir of layer.directories) {
    const by = dir === '' ? undefined : rules.excludedBy(dir, true);
    if (by) leftOut.set(dir, describeIgnored(by));
    else directories.add(dir);
  }
  const files = new Set<string>();
  for (const file of layer.files) {
    const by = rules.excludedBy(file, false);
    if (by) {
      leftOut.set(file, describeIgnored(by));
      continue;
    }
    files.add(file);
    for (let dir = posix.dirname(file); dir !== '.'; dir = posix.dirname(dir)) directories.add(dir);
  }
  for (const dir of directories) leftOut.delete(dir);
  const tree = { files, directories, leftOut };
  byIgnore.set(ignore, tree);
  return tree;
}

/** Pre-order, children by name: a folder before what is below it. */
function compareSegments(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

function treeOf(bytes: Buffer, label: string, limits: ContentLimits | undefined): ArtifactTree | ArtifactError {
  let tree = trees.get(bytes);
  if (!tree) {
    try {
      tree = readArtifactLayer(bytes, label, limits);
    } catch (e) {
      if (!(e instanceof ArtifactError)) throw e;
      tree = e;
    }
    trees.set(bytes, tree);
  }
  return tree;
}

/** `spec.path` as SecureJoin resolves it under the root: `./a/b/` → `a/b`, `/a` → `a`, `../a` → `a`. */
function artifactDir(path: string): string {
  return posix.normalize(`/${path}`).replace(/^\/+|\/+$/g, '');
}

function join(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

function within(file: string, dir: string): boolean {
  return dir === '' || file.startsWith(`${dir}/`);
}

/** Whether the generated kustomization.yaml would list anything: a manifest, or a subfolder with its own kustomization file. */
function hasResources(tree: Pick<ArtifactTree, 'files'>, dir: string): boolean {
  for (const file of tree.files) {
    if (!within(file, dir)) continue;
    if (MANIFEST_EXTENSIONS.includes(posix.extname(file))) return true;
    if (KUSTOMIZATION_FILES.includes(posix.basename(file))) return true;
  }
  return false;
}

function listed(items: readonly string[]): string {
  const shown = items.slice(0, 20);
  return shown.join(', ') + (items.length > shown.length ? `, … (${items.length - shown.length} more)` : '');
}
