import { posix } from 'node:path';
import { ContentOutcome } from './content-fetch';
import { KUSTOMIZATION_FILES } from './kustomize-files';
import { ArtifactTree, readArtifactLayer } from '../archives/content-layer';
import { ContentLimits } from '../archives/content-limits';
import { ArtifactError } from '../archives/errors';
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
 */

/** What the generator's `scanManifests` takes as a manifest. */
const MANIFEST_EXTENSIONS = ['.yaml', '.yml'];

/** One line of the report: an error fails the synth (or preview), a warning is printed. */
export interface PathFinding {
  readonly severity: 'error' | 'warning';
  /** Without the construct path: the front end prefixes its own. */
  readonly message: string;
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
  path: string | undefined, reference: string, content: ContentOutcome, limits?: ContentLimits,
): PathFinding | undefined {
  const given = path ?? './';
  if (content.state === 'not-cached') return { severity: 'warning', message: `path '${given}' not checked: ${content.message}` };
  if (content.state === 'failed') return { severity: 'error', message: `path '${given}' not checked: the artifact could not be read: ${content.message}` };
  const label = `${reference}@${content.layer.manifestDigest}`;
  const tree = treeOf(content.layer.bytes, label, limits);
  if (tree instanceof ArtifactError) return { severity: 'error', message: `path '${given}' not checked: ${tree.message}` };
  const dir = artifactDir(given);
  const shown = dir === '' ? 'the artifact root' : `'${dir}'`;
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
  if (KUSTOMIZATION_FILES.some((f) => tree.files.has(join(dir, f)))) return undefined;
  if (hasResources(tree, dir)) return undefined;
  const json = [...tree.files].some((f) => within(f, dir) && f.endsWith('.json'));
  return {
    severity: 'error',
    message: `path '${given}' (${shown} of artifact ${label}) holds no ${KUSTOMIZATION_FILES.join(', ')} and no .yaml/.yml manifest below it`
      + `${json ? ' (Flux does not read .json files when it generates a kustomization.yaml)' : ''}`
      + ': Flux would apply nothing, and with prune delete what this Kustomization applied before',
  };
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
function hasResources(tree: ArtifactTree, dir: string): boolean {
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
