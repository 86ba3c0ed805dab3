import { basename, dirname, join, normalize } from 'node:path';
import { buildsInto, kustomizationEntries } from './kustomization-entries';
import type { SyncBuild } from './sync-source';
import { isBelow } from '../../foundation/paths';
import { isLocalRelativePath } from '../kustomize-files';

/**
 * Where the files of a repository land, as far as the files tell, so that
 * references and duplicates are judged as in the cluster:
 *
 * - **The namespace kustomize sets.** A kustomization's `namespace:` puts
 *   every namespaced object it builds in that namespace, replacing the one
 *   written (kubernetes-sigs/kustomize at 12f9e639:
 *   api/internal/target/kusttarget_configplugin.go configures the
 *   NamespaceTransformer from it, and api/filters/namespace/namespace.go
 *   sets every namespace unless `UnsetOnly`, which it leaves false). An
 *   overlay's transformer runs after its bases', so the outermost
 *   kustomization with a namespace wins. Three tenant folders may each
 *   hold a `GitRepository flux-apps` with no namespace: their
 *   kustomizations put them in three namespaces.
 * - **The namespace a Flux Kustomization sets.** Its `spec.targetNamespace`
 *   is the `namespace:` of the kustomization of the folder it builds (the
 *   outermost), or of the one it generates for a folder without: every
 *   YAML file below it, and each folder below holding a kustomization
 *   (where the generator stops descending). See ./sync-source.ts for
 *   which Kustomizations' folders are known.
 * - **The cluster a folder is for.** `flux bootstrap --path <dir>` writes
 *   `<dir>/flux-system/gotk-components.yaml` and `gotk-sync.yaml`
 *   (fluxcd/flux2 at da2d22d3: pkg/manifestgen/install/options.go and
 *   pkg/manifestgen/sync/options.go), and the Flux Operator's layout puts a
 *   FluxInstance in the same place; each such `<dir>` is one cluster's.
 *   The same object under two clusters' folders is one object per cluster,
 *   not a duplicate.
 */
export interface Placement {
  /**
   * The namespaces the kustomizations in the files give the objects of
   * `file`, one per way it is included (`undefined` where none sets one,
   * so each keeps its own); undefined when no kustomization includes it.
   * A base or component several kustomizations include is built into each
   * one's namespace.
   */
  namespacesOf(file: string): readonly (string | undefined)[] | undefined;
  /** The folder of the cluster `file` is for, when it sits under one. */
  clusterOf(file: string): string | undefined;
  /** The Flux builds (indexes into the builds given) whose kustomize build holds `file`. */
  buildsOf(file: string): number[];
  /** The Flux builds (indexes into the builds given) whose kustomize build reads the kustomization in `folder`. */
  buildsOfFolder(folder: string): number[];
  /** The folder of the kustomization that lists `file` (the first one), when one does. @internal */
  folderOf(file: string): string | undefined;
  /**
   * What includes the kustomization of `folder` (or the one Flux generates
   * for a built folder without one): the folders whose kustomizations list
   * it, and the Flux builds (indexes into the builds given, with their
   * target namespace) that build it. @internal
   */
  includersOf(folder: string): readonly Includer[];
}

/** One thing that includes a kustomization: another kustomization's folder, or a Flux build. @internal */
export type Includer = { readonly folder: string } | {
  readonly build: number;
  readonly targetNamespace?: string;
  /** Its `spec.namePrefix` and `spec.nameSuffix`, which replace those of the kustomization it builds. */
  readonly namePrefix?: string;
  readonly nameSuffix?: string;
  /** The folders of its `spec.components`, which kustomize-controller appends to the components of the kustomization it builds. */
  readonly components?: readonly string[];
};

/** A kustomization file among the files, as read. */
export interface KustomizationFile {
  readonly file: string;
  readonly value: unknown;
}

/** bootstrap's file names in `<path>/flux-system/` (see above). */
const BOOTSTRAP_SYNC = 'gotk-sync.yaml';
const BOOTSTRAP_FILES: ReadonlySet<string> = new Set(['gotk-components.yaml', BOOTSTRAP_SYNC]);
const FLUX_SYSTEM = 'flux-system';

/** Whether `file` is one `flux bootstrap` writes into `<path>/flux-system/` (see above); with `sync`, its `gotk-sync.yaml` only. */
export function isBootstrapFile(file: string, only?: 'sync'): boolean {
  const name = basename(file);
  return (only === 'sync' ? name === BOOTSTRAP_SYNC : BOOTSTRAP_FILES.has(name)) && basename(dirname(file)) === FLUX_SYSTEM;
}
/** The name of a Flux build's node among the folders (no folder's name starts with a NUL). */
const BUILD = '\0build ';
/** A folder on a cycle of inclusions (kustomize refuses it): as if nothing above set a namespace. */
const NO_NAMESPACE: ReadonlySet<string | undefined> = new Set([undefined]);

/**
 * The placement of the files: `files` is every file read, `kustomizations`
 * those that are kustomization files, `fluxInstances` the files holding a
 * FluxInstance, and `builds` the folders Flux Kustomizations build (on
 * disk, as the files are named).
 */
export function placementOf(
  files: readonly string[], kustomizations: readonly KustomizationFile[], fluxInstances: readonly string[],
  builds: readonly Pick<SyncBuild, 'folder' | 'targetNamespace' | 'components' | 'namePrefix' | 'nameSuffix'>[] = [],
): Placement {
  const known = new Set(files.map((f) => normalize(f)));
  const byFolder = new Map<string, { namespace?: string; entries: string[] }>();
  for (const { file, value } of kustomizations) {
    const k = typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : {};
    const entries = kustomizationEntries(value).filter((e) => buildsInto(e) && isLocalRelativePath(e.path)).map((e) => e.path);
    byFolder.set(normalize(dirname(file)), { ...(typeof k.namespace === 'string' && k.namespace !== '' ? { namespace: k.namespace } : {}), entries });
  }
  // Who includes what: a file's kustomization, and each kustomization folder's including folders.
  const fileParent = new Map<string, string>();
  const folderParents = new Map<string, string[]>();
  for (const [folder, { entries }] of byFolder) {
    for (const entry of entries) {
      const target = normalize(join(folder, entry)).replace(/[\\/]+$/, '');
      if (known.has(target)) {
        if (!fileParent.has(target)) fileParent.set(target, folder);
      } else if (byFolder.has(target) && target !== folder) {
        folderParents.set(target, [...folderParents.get(target) ?? [], folder]);
      }
    }
  }
  // Each Flux build is one more including kustomization, with the target
  // namespace as its namespace, of its folder's kustomization, or of the one
  // Flux generates for a folder without: every file below, and each
  // kustomization folder below, where no kustomization folder comes between.
  const kustomized = [...byFolder.keys()];
  builds.forEach(({ folder, targetNamespace, components }, i) => {
    const build = `${BUILD}${i}`;
    byFolder.set(build, { ...(targetNamespace !== undefined ? { namespace: targetNamespace } : {}), entries: [] });
    const root = normalize(folder);
    let built = root;
    if (!byFolder.has(root)) {
      built = `\0generated ${root}`;
      if (!byFolder.has(built)) {
        byFolder.set(built, { entries: [] });
        for (const file of known) {
          if (!fileParent.has(file) && generatedIncludes(root, file, byFolder)) fileParent.set(file, built);
        }
        for (const below of kustomized) {
          if (generatedIncludes(root, below, byFolder)) folderParents.set(below, [...folderParents.get(below) ?? [], built]);
        }
      }
    }
    folderParents.set(built, [...folderParents.get(built) ?? [], build]);
    // Its spec.components join the components of the kustomization it builds.
    for (const component of (components ?? []).map((c) => normalize(c))) {
      if (byFolder.has(component)) folderParents.set(component, [...folderParents.get(component) ?? [], built]);
    }
  });
  // Per way `folder` is included, the namespace the outermost kustomization on that way sets (its own where none above does).
  const outer = new Map<string, ReadonlySet<string | undefined>>();
  const namespacesAbove = (folder: string, visiting: Set<string>): ReadonlySet<string | undefined> => {
    const found = outer.get(folder);
    if (found) return found;
    if (visiting.has(folder)) return NO_NAMESPACE;
    visiting.add(folder);
    const own = byFolder.get(folder)?.namespace;
    const parents = folderParents.get(folder) ?? [];
    const result = new Set(parents.length === 0 ? [own] : parents.flatMap((p) => [...namespacesAbove(p, visiting)].map((n) => n ?? own)));
    visiting.delete(folder);
    outer.set(folder, result);
    return result;
  };

  /** The Flux builds that include `folder`'s kustomization, through the folders that include it; once per folder (every file of it asks). */
  const above = new Map<string, number[]>();
  const buildsAbove = (start: string): number[] => {
    const memo = above.get(start);
    if (memo) return memo;
    const found = new Set<number>();
    const seen = new Set<string>();
    const climb = (folder: string): void => {
      if (seen.has(folder)) return;
      seen.add(folder);
      if (folder.startsWith(BUILD)) found.add(Number(folder.slice(BUILD.length)));
      for (const parent of folderParents.get(folder) ?? []) climb(parent);
    };
    climb(start);
    const including = [...found].sort((a, b) => a - b);
    above.set(start, including);
    return including;
  };

  const clusters = new Set<string>();
  for (const file of known) {
    if (isBootstrapFile(file)) clusters.add(dirname(dirname(file)));
  }
  for (const file of fluxInstances.map((f) => normalize(f))) {
    clusters.add(basename(dirname(file)) === FLUX_SYSTEM ? dirname(dirname(file)) : dirname(file));
  }

  return {
    namespacesOf: (file) => {
      const folder = fileParent.get(normalize(file));
      return folder === undefined ? undefined : [...namespacesAbove(folder, new Set())];
    },
    buildsOf: (file) => {
      const folder = fileParent.get(normalize(file));
      return folder === undefined ? [] : buildsAbove(folder);
    },
    buildsOfFolder: (folder) => (byFolder.has(normalize(folder)) ? buildsAbove(normalize(folder)) : []),
    folderOf: (file) => fileParent.get(normalize(file)),
    includersOf: (folder) => (folderParents.get(folder) ?? []).map((parent): Includer => {
      if (!parent.startsWith(BUILD)) return { folder: parent };
      const namespace = byFolder.get(parent)?.namespace;
      const build = Number(parent.slice(BUILD.length));
      const components = builds[build]?.components?.map((c) => normalize(c));
      const { namePrefix, nameSuffix } = builds[build] ?? {};
      return {
        build,
        ...(namespace !== undefined ? { targetNamespace: namespace } : {}),
        ...(components?.length ? { components } : {}),
        ...(namePrefix ? { namePrefix } : {}),
        ...(nameSuffix ? { nameSuffix } : {}),
      };
    }),
    clusterOf: (file) => {
      for (let folder = dirname(normalize(file)); ; folder = dirname(folder)) {
        if (clusters.has(folder)) return folder;
        if (dirname(folder) === folder) return undefined;
      }
    },
  };
}

/** Whether the kustomization Flux generates for `root` (a folder without one) includes `path`: it is below `root` with no kustomization folder in between. */
function generatedIncludes(root: string, path: string, kustomized: ReadonlyMap<string, unknown>): boolean {
  if (!isBelow(root, path)) return false;
  for (let folder = dirname(path); folder !== root; folder = dirname(folder)) {
    if (kustomized.has(folder)) return false;
  }
  return true;
}
