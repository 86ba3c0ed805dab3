import { basename, dirname, join, normalize } from 'node:path';
import { isMap, parseAllDocuments } from 'yaml';
import { KUSTOMIZATION_FILES } from '../kustomize-files';

/**
 * kustomize patch files among the files checked. A folder of Flux YAML is
 * most often a kustomize tree (a base and overlays), and an overlay's
 * patch is a partial object that `kustomize build` (which
 * kustomize-controller runs on a Kustomization's path) merges into the
 * base's: read as an object of its own, it lacks required fields and
 * duplicates the object it patches. The files a kustomization names as
 * patches are therefore not objects; what the patched objects become is
 * what `kustomize build <overlay>` prints.
 *
 * A kustomization names a patch file in `patches[].path`,
 * `patchesStrategicMerge[]` and `patchesJson6902[].path`, relative to its
 * own folder. As in kubernetes-sigs/kustomize at 12f9e639 (2026-08-20):
 * api/types/kustomization.go and api/types/patch.go for the fields;
 * api/internal/builtins/PatchStrategicMergeTransformer.go `loadFromPaths`,
 * which takes a patchesStrategicMerge entry for the patch itself when it
 * parses as resources and for a path otherwise; ../kustomize-files.ts for
 * the file names.
 */

/** Whether `file` is named as kustomize names its kustomization file. */
export function isKustomizationFile(file: string): boolean {
  return KUSTOMIZATION_FILES.includes(basename(file));
}

/**
 * Every file the kustomizations name as a patch (normalized, joined to the
 * kustomization's folder as the kustomization's own name is), with the
 * kustomization file that names it.
 */
export function kustomizePatchFiles(kustomizations: readonly { readonly file: string; readonly value: unknown }[]): Map<string, string> {
  const patches = new Map<string, string>();
  for (const { file, value } of kustomizations) {
    for (const { path } of patchPaths(value)) {
      const patch = normalize(join(dirname(file), path));
      if (!patches.has(patch)) patches.set(patch, file);
    }
  }
  return patches;
}

/** The patch files a kustomization names, each with the JSON pointer of its entry (relative to the kustomization's folder). */
export function patchPaths(value: unknown): { readonly pointer: string; readonly path: string }[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  const k = value as Record<string, unknown>;
  return [
    ...listOf(k.patches).map((entry, i) => ({ pointer: `/patches/${i}/path`, path: pathOf(entry) })),
    ...listOf(k.patchesJson6902).map((entry, i) => ({ pointer: `/patchesJson6902/${i}/path`, path: pathOf(entry) })),
    ...listOf(k.patchesStrategicMerge).map((p, i) => ({ pointer: `/patchesStrategicMerge/${i}`, path: typeof p === 'string' && !isInlinePatch(p) ? p : undefined })),
  ].filter((e): e is { pointer: string; path: string } => e.path !== undefined);
}

/** A patchesStrategicMerge entry that is the patch itself: it reads as YAML mappings (a path reads as a plain string). */
function isInlinePatch(entry: string): boolean {
  return parseAllDocuments(entry).some((doc) => doc.errors.length === 0 && isMap(doc.contents));
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The `path` of a `patches` or `patchesJson6902` entry; undefined for an inline `patch`. */
function pathOf(entry: unknown): string | undefined {
  if (typeof entry !== 'object' || entry === null) return undefined;
  const path = (entry as Record<string, unknown>).path;
  return typeof path === 'string' && path !== '' ? path : undefined;
}
