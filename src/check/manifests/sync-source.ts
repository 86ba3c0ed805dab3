/**
 * The cluster's sync source as a Git working tree. A GitRepository named
 * after its namespace is the one `flux bootstrap` and a FluxInstance make
 * ("using the namespace name as the Flux source and Kustomization name",
 * fluxoperator.dev/docs/instance/sync); it syncs the repository the files
 * are in, so a path a Flux object reads from it is a path in the Git
 * working tree around the object's file, joined to its root as the
 * controllers join it to the artifact's (securejoin: `..` stops at the
 * root).
 */
import { existsSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { applySelectingPatches, FluxPatch, kustomizationPatches } from './flux-patches';
import type { ManifestObject } from './manifest-object';
import { fieldAt, isFluxKustomization, stringAt } from './object-index';
import { isWithin } from '../../foundation/paths';
import { substitutedVariableAt } from '../../model/flux-variables';
import { isLocalRelativePath } from '../kustomize-files';

/** A source reference as references resolve it: kind, name, and the namespace it resolves to. */
export interface SourceReference {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

/** Whether a source reference names the cluster's Git sync source. */
export function isGitSyncSource(source: SourceReference): boolean {
  return source.kind === 'GitRepository' && source.name !== undefined && source.name === source.namespace;
}

/** Whether patches (a kustomization's or an instance's, as data) may touch a GitRepository: they name the kind. */
export function namesGitRepository(patches: unknown): boolean {
  return patches !== undefined && JSON.stringify(patches).includes('GitRepository');
}

/** The folder holding `.git` (a folder, or a file in a worktree or submodule) at or above `folder`; memoized per folder. */
export function gitRoot(folder: string, memo: Map<string, string | undefined>): string | undefined {
  if (memo.has(folder)) return memo.get(folder);
  const parent = dirname(folder);
  const root = existsSync(join(folder, '.git')) ? folder : parent === folder ? undefined : gitRoot(parent, memo);
  memo.set(folder, root);
  return root;
}

/** The root of the Git working tree around an object's file on disk; undefined for stdin or outside one (`roots` memoizes per folder, as {@link gitRoot}). */
export function workingTreeOf(
  object: ManifestObject, diskPathOf: (file: string) => string | undefined, roots: Map<string, string | undefined>,
): string | undefined {
  const file = diskPathOf(object.location.file);
  return file === undefined ? undefined : gitRoot(dirname(file), roots);
}

/** The source a Flux object's `spec.sourceRef` names: one without a namespace is in the object's own. */
export function sourceRefOf(object: ManifestObject): SourceReference {
  const sourceRef = fieldAt(object.value, 'spec', 'sourceRef');
  return { kind: stringAt(sourceRef, 'kind'), name: stringAt(sourceRef, 'name'), namespace: stringAt(sourceRef, 'namespace') ?? object.appliedNamespace };
}

/** Where `path` leads in the working tree at `root`: `..` stops at the root, as securejoin does. */
export function inside(root: string, path: string): string {
  return resolve(root, `.${posix.normalize(`/${path}`)}`);
}

/** A folder of the working tree that a Flux Kustomization reading the sync source builds, and the namespace it puts what it builds in. */
export interface SyncBuild {
  /** The Kustomization. */
  readonly kustomization: ManifestObject;
  /** The folder on disk. */
  readonly folder: string;
  /**
   * Its `spec.targetNamespace`, which kustomize-controller sets as the
   * `namespace:` of the folder's kustomization (the outermost one), or of
   * the one it generates for a folder without.
   * @default - none: the folder's own kustomizations decide
   */
  readonly targetNamespace?: string;
  /**
   * The folders on disk of its `spec.components` (relative to its path),
   * which kustomize-controller adds to the components of the folder's
   * kustomization, or of the one it generates.
   * @default - none
   */
  readonly components?: readonly string[];
  /**
   * Its `spec.namePrefix` and `spec.nameSuffix`, which kustomize-controller
   * sets as the `namePrefix` and `nameSuffix` of the folder's
   * kustomization (replacing the folder's own), or of the one it generates.
   * @default - none: the folder's own kustomizations decide
   */
  readonly namePrefix?: string;
  readonly nameSuffix?: string;
  /**
   * Whether its `sourceRef` comes from a patch of the Kustomization that
   * builds it ({@link kustomizationPatchers}): such an object is applied only
   * through that build, never by hand (the CRD requires a `sourceRef`).
   * @default false
   */
  readonly sourcePatched?: boolean;
}

/**
 * The folder each Flux Kustomization in `objects` builds from the Git sync
 * source (or another source `readsWorkingTree` says reads the working
 * tree, ./working-tree-sources.ts), with its target namespace;
 * `diskPathOf` gives an object's file on disk. A Kustomization outside a
 * working tree, or whose path or target namespace holds a variable a
 * Kustomization substitutes, is left out: what it builds, or where, is
 * not known here; so is one whose name prefix or suffix holds one.
 *
 * fluxcd/pkg at e2cfd1a2, kustomize/kustomize_generator.go:
 * `GenerateManifest` sets `kus.Namespace` from `spec.targetNamespace`,
 * `kus.NamePrefix` and `kus.NameSuffix` from `spec.namePrefix` and
 * `spec.nameSuffix`, and appends `spec.components` to `kus.Components`;
 * `findOrGenerateKustomization` generates a kustomization for a folder
 * without one.
 */
export function syncBuilds(
  objects: readonly ManifestObject[], diskPathOf: (file: string) => string | undefined,
  readsWorkingTree: (source: SourceReference) => object | undefined,
): SyncBuild[] {
  const roots = new Map<string, string | undefined>();
  const patchers = kustomizationPatchers(objects, diskPathOf, readsWorkingTree, roots);
  return objects.flatMap((object): SyncBuild[] => {
    if (!isFluxKustomization(object)) return [];
    const written = sourceRefOf(object);
    // Without a sourceRef (the CRD requires one), the one a patch of a Kustomization building its folder sets.
    const file = written.name === undefined ? diskPathOf(object.location.file) : undefined;
    const patched = file === undefined ? undefined : patchers.filter((p) => isWithin(p.folder, file))
      .map((p) => sourceRefOf({ ...object, value: applySelectingPatches(p.patches, object) ?? object.value }))
      .find((ref) => ref.name !== undefined);
    const source = patched ?? written;
    if (readsWorkingTree(source) === undefined) return [];
    if (['path', 'targetNamespace', 'namePrefix', 'nameSuffix'].some((field) => substitutedVariableAt(object.value, `/spec/${field}`) !== undefined)) return [];
    const root = workingTreeOf(object, diskPathOf, roots);
    if (root === undefined) return [];
    const path = fieldAt(object.value, 'spec', 'path') ?? '.';
    const targetNamespace = stringAt(object.value, 'spec', 'targetNamespace');
    const namePrefix = stringAt(object.value, 'spec', 'namePrefix');
    const nameSuffix = stringAt(object.value, 'spec', 'nameSuffix');
    // A path that is not a string fails the CRD check; no path is the artifact's root.
    if (typeof path !== 'string') return [];
    const listed = fieldAt(object.value, 'spec', 'components');
    const components = (Array.isArray(listed) ? listed : []).flatMap((component, i) => (typeof component === 'string' && isLocalRelativePath(component)
      && substitutedVariableAt(object.value, `/spec/components/${i}`) === undefined ? [inside(root, posix.join(path, component))] : []));
    return [{
      kustomization: object,
      folder: inside(root, path),
      ...(targetNamespace !== undefined ? { targetNamespace } : {}),
      ...(components.length > 0 ? { components } : {}),
      ...(namePrefix ? { namePrefix } : {}),
      ...(nameSuffix ? { nameSuffix } : {}),
      ...(patched ? { sourcePatched: true } : {}),
    }];
  });
}

/**
 * The Kustomizations reading the working tree that patch Kustomizations
 * they build (`spec.patches`; rwlove/home-ops injects a `sourceRef` into
 * every child Kustomization so), with the folder each builds and its
 * patches, read and selected as kustomize reads them (./flux-patches.ts).
 */
function kustomizationPatchers(
  objects: readonly ManifestObject[], diskPathOf: (file: string) => string | undefined,
  readsWorkingTree: (source: SourceReference) => object | undefined,
  roots: Map<string, string | undefined>,
): { readonly folder: string; readonly patches: readonly FluxPatch[] }[] {
  return objects.flatMap((object) => {
    if (!isFluxKustomization(object)) return [];
    const path = fieldAt(object.value, 'spec', 'path') ?? '.';
    const root = workingTreeOf(object, diskPathOf, roots);
    if (typeof path !== 'string' || root === undefined || readsWorkingTree(sourceRefOf(object)) === undefined) return [];
    const patches = kustomizationPatches(object);
    return patches.length > 0 ? [{ folder: inside(root, path), patches }] : [];
  });
}
