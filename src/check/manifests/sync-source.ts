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
import { parse } from 'yaml';
import type { ManifestObject } from './manifest-object';
import { fieldAt, stringAt } from './object-index';
import { isWithin } from '../../foundation/paths';
import { substitutedVariableAt } from '../../model/flux-variables';
import { isLocalRelativePath } from '../kustomize-files';

/** Whether a source reference (kind, name, and the namespace it resolves to) names the cluster's Git sync source. */
export function isGitSyncSource(source: { readonly kind?: string; readonly name?: string; readonly namespace?: string }): boolean {
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
export function sourceRefOf(object: ManifestObject): { readonly kind?: string; readonly name?: string; readonly namespace?: string } {
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
   * Whether its `sourceRef` comes from a patch of the Kustomization that
   * builds it ({@link patchedSourceRefs}): such an object is applied only
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
 * not known here.
 *
 * fluxcd/pkg at e2cfd1a2, kustomize/kustomize_generator.go:
 * `GenerateManifest` sets `kus.Namespace` from `spec.targetNamespace` and
 * appends `spec.components` to `kus.Components`;
 * `findOrGenerateKustomization` generates a kustomization for a folder
 * without one.
 */
export function syncBuilds(
  objects: readonly ManifestObject[], diskPathOf: (file: string) => string | undefined,
  readsWorkingTree: (source: { readonly kind?: string; readonly name?: string; readonly namespace?: string }) => object | undefined,
): SyncBuild[] {
  const roots = new Map<string, string | undefined>();
  const patched = patchedSourceRefs(objects, diskPathOf, readsWorkingTree, roots);
  return objects.flatMap((object): SyncBuild[] => {
    if (object.kind !== 'Kustomization' || !object.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) return [];
    const written = sourceRefOf(object);
    const file = written.name === undefined ? diskPathOf(object.location.file) : undefined;
    const patch = file === undefined ? undefined : patched.find((p) => isWithin(p.folder, file) && p.name.test(object.name ?? ''));
    const source = patch ? { ...patch.sourceRef, namespace: patch.sourceRef.namespace ?? object.appliedNamespace } : written;
    if (readsWorkingTree(source) === undefined) return [];
    if (substitutedVariableAt(object.value, '/spec/path') !== undefined || substitutedVariableAt(object.value, '/spec/targetNamespace') !== undefined) return [];
    const root = workingTreeOf(object, diskPathOf, roots);
    if (root === undefined) return [];
    const path = fieldAt(object.value, 'spec', 'path') ?? '.';
    const targetNamespace = stringAt(object.value, 'spec', 'targetNamespace');
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
      ...(patch ? { sourcePatched: true } : {}),
    }];
  });
}

/** A `sourceRef` a patch sets; its namespace, when not given, is the patched object's. */
interface PatchedSourceRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/**
 * The `sourceRef` that Kustomizations reading the working tree give, by a
 * strategic-merge or JSON 6902 patch in their `spec.patches` (rwlove/home-ops
 * injects one into every child Kustomization), to the Kustomizations they
 * build: each with the folder it builds and the names its target selects
 * (a regular expression, anchored as kustomize anchors it). A target that
 * selects by label or annotation is not followed.
 */
function patchedSourceRefs(
  objects: readonly ManifestObject[], diskPathOf: (file: string) => string | undefined,
  readsWorkingTree: (source: { readonly kind?: string; readonly name?: string; readonly namespace?: string }) => object | undefined,
  roots: Map<string, string | undefined>,
): { readonly folder: string; readonly name: RegExp; readonly sourceRef: PatchedSourceRef }[] {
  return objects.flatMap((object) => {
    if (object.kind !== 'Kustomization' || !object.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) return [];
    const path = fieldAt(object.value, 'spec', 'path') ?? '.';
    const patches = fieldAt(object.value, 'spec', 'patches');
    const root = workingTreeOf(object, diskPathOf, roots);
    if (typeof path !== 'string' || !Array.isArray(patches) || root === undefined || readsWorkingTree(sourceRefOf(object)) === undefined) return [];
    return patches.flatMap((entry) => {
      const target = fieldAt(entry, 'target');
      if (stringAt(target, 'kind') !== 'Kustomization' || fieldAt(target, 'labelSelector') !== undefined || fieldAt(target, 'annotationSelector') !== undefined) return [];
      const sourceRef = patchedSourceRef(stringAt(entry, 'patch'));
      let name: RegExp;
      try {
        name = new RegExp(`^(?:${stringAt(target, 'name') ?? '.*'})$`);
      } catch {
        return [];
      }
      return sourceRef ? [{ folder: inside(root, path), name, sourceRef }] : [];
    });
  });
}

/** The `spec.sourceRef` a patch text sets: a strategic-merge patch's, or a JSON 6902 `add`/`replace` of `/spec/sourceRef`. */
function patchedSourceRef(text: string | undefined): PatchedSourceRef | undefined {
  let patch: unknown;
  try {
    patch = parse(text ?? '');
  } catch {
    return undefined;
  }
  const ref = Array.isArray(patch)
    ? patch.find((op) => ['add', 'replace'].includes(stringAt(op, 'op') ?? '') && stringAt(op, 'path') === '/spec/sourceRef')?.value as unknown
    : fieldAt(patch, 'spec', 'sourceRef');
  const name = stringAt(ref, 'name');
  const namespace = stringAt(ref, 'namespace');
  return name === undefined ? undefined : { kind: stringAt(ref, 'kind') ?? 'GitRepository', name, ...(namespace !== undefined ? { namespace } : {}) };
}
