/**
 * What Flux applies, where the files tell where the cluster's sync
 * starts. A cluster applies the folder its sync reads, then every folder a
 * Flux Kustomization in what it applied builds, and so on; a file no such
 * build holds (an `archive/` folder, an app left out of its folder's
 * kustomization, CI or Ansible YAML) never reaches the cluster, so what is
 * wrong in it is not what Flux would fail on.
 *
 * The sync starts at:
 * - `flux bootstrap`'s Kustomization, in `<path>/flux-system/gotk-sync.yaml`
 *   (fluxcd/flux2 at da2d22d3: pkg/manifestgen/sync/options.go);
 * - a FluxInstance's `spec.sync` of kind GitRepository, whose `path` the
 *   Flux Operator's Kustomization builds (fluxoperator.dev/docs/instance/sync);
 * - the `flux-instance` chart's `instance.sync`, which its template writes
 *   as that FluxInstance's `spec.sync` (controlplaneio-fluxcd/charts at
 *   fc87d3b3: charts/flux-instance/templates/instance.yaml; `kind`
 *   defaults to GitRepository in its values.yaml);
 * - a Flux Kustomization reading this repository whose build holds its own
 *   file: applied once by hand (`kubectl apply -f`), it then keeps itself
 *   applied, as `flux bootstrap`'s does (Ramblurr/home-ops'
 *   `k8s/prod/flux/config/cluster.yaml`, toboshii/home-ops'
 *   `cluster/flux/flux-system/flux-cluster.yaml`). Its GitRepository's URL
 *   is this repository's, as bootstrap's `flux-system` is.
 *
 * Where a sync reads another kind of source, or its path holds a variable,
 * where it starts is not known, and nothing is judged.
 */
import { dirname, normalize } from 'node:path';
import { instanceSourceIgnore, SourceIgnore } from './instance-source';
import { isKustomizationFile } from './kustomization-entries';
import { GeneratedObjects, NO_GENERATED_OBJECTS } from './kustomize-generated';
import type { ManifestObject, ManifestSource } from './manifest-object';
import { describeObject, fieldAt, isFluxKustomization, isFluxOperatorObject, isReleaseOfChart, ObjectIndex, releaseNamespace, stringAt } from './object-index';
import { isBootstrapFile, Placement } from './placement';
import type { LeftOut } from './sync-artifact';
import { inside, isGitSyncSource, SourceReference, sourceRefOf, SyncBuild, workingTreeOf } from './sync-source';
import { releaseValuesOf } from './values-from';
import { ANY_NAMESPACE, InstanceSyncSource, readsAsSyncSource, ReadsWorkingTree, repositoryOf } from './working-tree-sources';
import { isBelow } from '../../foundation/paths';
import { fluxVariablesIn } from '../../model/flux-variables';

/** A folder a cluster's sync applies first, and what says so. */
export interface SyncStart {
  /** The folder on disk. */
  readonly folder: string;
  /** Where it starts and what sets it, for messages: `kubernetes/flux/cluster (HelmRelease flux-system/flux-instance, chart flux-instance)`. */
  readonly description: string;
  /** The Git repository the sync reads, as its `url` names it. */
  readonly url?: string;
  /** The FluxInstance (or `flux-instance` HelmRelease) whose sync it is. */
  readonly by: ManifestObject;
  /** The `spec.ignore` of the GitRepository the instance makes, its `kustomize.patches` applied (./instance-source.ts). */
  readonly sourceIgnore: SourceIgnore;
}

/** The files Flux never applies, and where the cluster's sync starts. */
export interface NotApplied {
  /** As the sources name them (`ManifestSource.file`). */
  readonly files: ReadonlySet<string>;
  /** Those of them the sync source's artifact leaves out, and why (as the sources name them). */
  readonly leftOut: ReadonlyMap<string, LeftOut>;
  /** Where the sync starts, for messages: `kubernetes/flux/cluster (FluxInstance flux-system/flux)`. */
  readonly starts: string;
}

/**
 * How the files are named: their placement keys, their paths on disk, the
 * patch files with the kustomization naming each, and the files (by key)
 * the sync source's artifact leaves out.
 */
export interface FileNames {
  readonly keyOf: (file: string) => string;
  readonly diskPathOf: (file: string) => string | undefined;
  readonly patchFiles: ReadonlyMap<string, string>;
  readonly leftOut: ReadonlyMap<string, LeftOut>;
}

/**
 * The files Flux never applies, where the files tell where the cluster's
 * sync starts (see above) and what every Flux Kustomization reading a Git
 * repository may build is known ({@link unlocatedBuildFolders}): a file no
 * build holds and that holds no Kustomization nothing builds. Such a
 * Kustomization counts as applied, with what it builds: one applied by
 * hand (`kubectl apply -k` of a bootstrap folder, as older templates do)
 * is applied although nothing in the files says so. `objects` are the
 * objects as kustomize places them, the builds' Kustomizations among them;
 * the starts' builds follow the Kustomizations' in `placement`. A start
 * whose folder holds none of the files read (a subfolder checked alone)
 * leaves what the cluster applies unknown.
 */
export function notAppliedFiles(
  sources: readonly ManifestSource[], objects: readonly ManifestObject[], builds: readonly SyncBuild[], starts: readonly SyncStart[] | undefined,
  placement: Placement, { keyOf, diskPathOf, patchFiles, leftOut }: FileNames, readsWorkingTree: ReadsWorkingTree = readsAsSyncSource,
): NotApplied | undefined {
  // Syncs the files start besides instances': `flux bootstrap`'s, and a Kustomization whose build holds its own file,
  // which, applied once by hand, keeps itself applied (Ramblurr/home-ops' `k8s/prod/flux/config/cluster.yaml`).
  const buildsItsOwnFile = (build: SyncBuild, i: number) => placement.buildsOf(keyOf(build.kustomization.location.file)).includes(i);
  const syncBuilds = builds.filter((b, i) => isBootstrapSync(b.kustomization, diskPathOf) || buildsItsOwnFile(b, i));
  if (!starts && syncBuilds.length === 0) return undefined;
  // A start whose folder holds none of the files read (a subfolder checked alone) leaves unknown what it applies.
  const startBuilds = (starts ?? []).map((_, i) => builds.length + i);
  if (startBuilds.some((b) => !sources.some((source) => placement.buildsOf(keyOf(source.file)).includes(b)))) return undefined;
  const located = new Set(builds.map((b) => b.kustomization));
  // This repository's URL, as the syncs and the sync sources name it.
  const syncSources = syncBuilds.map((b) => gitRepositoryOf(objects, sourceRefOf(b.kustomization)));
  const ownUrls = [
    ...(starts ?? []).flatMap((s) => (s.url !== undefined ? [s.url] : [])),
    ...objects.filter((o) => (o.kind === 'GitRepository' && isGitSyncSource({ kind: o.kind, name: o.name, namespace: o.appliedNamespace ?? o.namespace }))
      || syncSources.includes(o))
      .map((o) => stringAt(o.value, 'spec', 'url') ?? '').filter((u) => u !== ''),
  ];
  const unlocated = unlocatedBuildFolders(objects, located, ownUrls, diskPathOf, readsWorkingTree);
  if (!unlocated) return undefined;
  // A patch file is read where the kustomization that names it is.
  const held = (file: string): boolean => {
    if (leftOut.has(keyOf(file))) return false;
    const key = keyOf(patchFiles.get(normalize(file)) ?? file);
    const disk = diskPathOf(file);
    return (isKustomizationFile(key) ? placement.buildsOfFolder(dirname(key)) : placement.buildsOf(key)).length > 0
      || (disk !== undefined && unlocated.some((folder) => isBelow(folder, disk)));
  };
  // A Kustomization counts as applied by hand, unless only a patch of another gives it its sourceRef.
  const buildFiles = new Set(builds.filter((b) => !b.sourcePatched).map((b) => b.kustomization.location.file));
  const files = new Set(sources.filter((s) => !s.helmChart && !held(s.file) && !buildFiles.has(s.file)).map((s) => s.file));
  const where = [
    ...syncBuilds.map((b) => `${stringAt(b.kustomization.value, 'spec', 'path') ?? '.'} (${describeObject(b.kustomization)})`),
    ...(starts ?? []).map((s) => s.description),
  ];
  const leftOutFiles = new Map([...files].flatMap((file) => {
    const why = leftOut.get(keyOf(file));
    return why ? [[file, why] as const] : [];
  }));
  return files.size > 0 ? { files, leftOut: leftOutFiles, starts: where.join(', ') } : undefined;
}

/**
 * The folders the cluster's syncs in `objects` start at; `undefined` when
 * none is in the files or one of them cannot be located (then every file
 * counts as applied). `diskPathOf` gives an object's file on disk;
 * `generated` the ConfigMaps kustomizations generate, which a flux-instance
 * release's `valuesFrom` may read.
 */
export function syncStarts(
  objects: readonly ManifestObject[], diskPathOf: (file: string) => string | undefined, generated: GeneratedObjects = NO_GENERATED_OBJECTS,
): SyncStart[] | undefined {
  const { located, complete } = locatedSyncStarts(objects, diskPathOf, generated);
  return complete && located.length > 0 ? located : undefined;
}

/**
 * The syncs in `objects` whose start is located, and whether every sync's
 * is: one reading an OCIRepository or Bucket (tyriis/home-ops' development
 * cluster), or whose path holds a variable, leaves what its cluster
 * applies unknown, but not where the others start nor what their
 * artifacts hold.
 */
export function locatedSyncStarts(
  objects: readonly ManifestObject[], diskPathOf: (file: string) => string | undefined, generated: GeneratedObjects = NO_GENERATED_OBJECTS,
): { readonly located: SyncStart[]; readonly complete: boolean } {
  const roots = new Map<string, string | undefined>();
  const located: SyncStart[] = [];
  let complete = true;
  for (const { by, sync, description, sourceIgnore } of instanceSyncs(objects, generated)) {
    if (sync === UNKNOWN_SYNC) {
      complete = false;
      continue;
    }
    const kind = stringAt(sync, 'kind') ?? 'GitRepository';
    const path = fieldAt(sync, 'path') ?? '';
    const root = workingTreeOf(by, diskPathOf, roots);
    if (kind !== 'GitRepository' || typeof path !== 'string' || fluxVariablesIn(path).length > 0 || root === undefined) {
      complete = false;
      continue;
    }
    const url = stringAt(sync, 'url');
    located.push({ folder: inside(root, path), description: `${path} (${description})`, ...(url !== undefined ? { url } : {}), by, sourceIgnore });
  }
  return { located, complete };
}

/** What {@link instanceSyncs} gives for a sync the files do not tell (values from a source not in the files). */
export const UNKNOWN_SYNC: unique symbol = Symbol('flux-oci.unknownSync');

/** A FluxInstance's sync (or a flux-instance release's `instance.sync`), as the files tell it. */
export interface InstanceSync {
  /** The FluxInstance, or the `flux-instance` HelmRelease. */
  readonly by: ManifestObject;
  /** `spec.sync` (the release's composed `instance.sync`), or UNKNOWN_SYNC. */
  readonly sync: unknown;
  /** For messages: `FluxInstance flux-system/flux`, `HelmRelease flux-system/flux-instance, chart flux-instance`. */
  readonly description: string;
  /** The namespace the instance is in (a release renders it in its target namespace). */
  readonly namespace?: string;
  /** The `spec.ignore` of the GitRepository the instance makes, its `kustomize.patches` applied (./instance-source.ts). */
  readonly sourceIgnore: SourceIgnore;
}

/**
 * The sync of each FluxInstance in `objects` and of each release of the
 * flux-instance chart, which writes `instance.sync` into the instance it
 * renders only with a URL (controlplaneio-fluxcd/charts fc87d3b
 * charts/flux-instance/templates/instance.yaml). A release's values are
 * its `valuesFrom` sources composed as helm-controller composes them, then
 * `spec.values`; a source that is neither in the files nor generated
 * (`generated`) leaves its sync unknown.
 */
export function instanceSyncs(objects: readonly ManifestObject[], generated: GeneratedObjects = NO_GENERATED_OBJECTS): InstanceSync[] {
  const syncs: InstanceSync[] = [];
  // The ConfigMaps and Secrets a release's valuesFrom names, found as the values check finds them.
  let index: ObjectIndex | undefined;
  for (const object of objects) {
    const instance = instanceSettingsOf(object, objects, () => (index ??= new ObjectIndex(objects)), generated);
    if (!instance) continue;
    if (!instance.release) {
      const sync = fieldAt(instance.settings, 'sync');
      if (sync === undefined) continue;
      const namespace = object.appliedNamespace ?? object.namespace;
      syncs.push({
        by: object,
        sync,
        description: describeObject(object),
        ...(namespace !== undefined ? { namespace } : {}),
        sourceIgnore: instanceSourceIgnore(object, sync, namespace, fieldAt(instance.settings, 'kustomize', 'patches'), '/spec/kustomize/patches'),
      });
    } else {
      // Values from a source not known: the sync the release writes inline still wins (spec.values merge last), the rest is not known.
      const inline = fieldAt(instance.inline, 'sync');
      const sync = instance.known ? fieldAt(instance.settings, 'sync') : stringAt(inline, 'url') !== undefined ? inline : UNKNOWN_SYNC;
      if (sync !== UNKNOWN_SYNC && stringAt(sync, 'url') === undefined) continue;
      const namespace = releaseNamespace(object);
      syncs.push({
        by: object,
        sync,
        description: `${describeObject(object)}, chart flux-instance`,
        ...(namespace !== undefined ? { namespace } : {}),
        sourceIgnore: !instance.known
          ? { unknown: `the values of ${describeObject(object)} are not all in the files: its kustomize.patches may set its GitRepository's spec.ignore` }
          : instanceSourceIgnore(object, sync, namespace, fieldAt(instance.settings, 'kustomize', 'patches'), '/instance/kustomize/patches'),
      });
    }
  }
  return syncs;
}

/** What a FluxInstance, or a release of the flux-instance chart, sets for the instance it makes ({@link instanceSettingsOf}). */
export interface InstanceSettings {
  /**
   * A FluxInstance's `spec`, or the release's values' `instance`: its
   * `valuesFrom` sources composed as helm-controller composes them, then
   * `spec.values`.
   */
  readonly settings: unknown;
  /** Whether `settings` is known: false where a source of a release's values is neither in the files nor generated. */
  readonly known: boolean;
  /** What the object writes itself: a FluxInstance's `spec`, a release's `spec.values.instance` (which wins over its other values). */
  readonly inline: unknown;
  /** Where `inline` is written in the object: `/spec`, or `/spec/values/instance`. */
  readonly pointer: string;
  /** Whether it is a release of the flux-instance chart. */
  readonly release: boolean;
}

/** The instance settings `object` gives, when it is a FluxInstance or a release of the flux-instance chart; `index` finds a release's values sources. */
export function instanceSettingsOf(
  object: ManifestObject, objects: readonly ManifestObject[], index: () => ObjectIndex, generated: GeneratedObjects,
): InstanceSettings | undefined {
  if (object.kind === 'FluxInstance' && isFluxOperatorObject(object)) {
    const spec = fieldAt(object.value, 'spec');
    return { settings: spec, known: true, inline: spec, pointer: '/spec', release: false };
  }
  if (object.kind === 'HelmRelease' && object.apiVersion.startsWith('helm.toolkit.fluxcd.io/') && isReleaseOfChart(object, objects, 'flux-instance')) {
    const values = releaseValuesOf(object, index(), generated);
    return {
      settings: fieldAt(values, 'instance'),
      known: values !== undefined,
      inline: fieldAt(object.value, 'spec', 'values', 'instance'),
      pointer: '/spec/values/instance',
      release: true,
    };
  }
  return undefined;
}

/**
 * The sources the files' FluxInstances make for their syncs, by
 * `namespace/name`, with the instance (or `flux-instance` HelmRelease)
 * and its sync: named `spec.sync.name`, else after the instance's
 * namespace (flux-operator 17c6aea
 * internal/controller/fluxinstance_controller.go: `syncName :=
 * obj.GetNamespace()`, then `Spec.Sync.Name` when set). Where the files
 * do not tell the instance's namespace (a flux-instance release whose
 * namespace a Flux Kustomization's targetNamespace gives, known only once
 * the sync's builds are), a named source is keyed with the namespace `*`
 * ({@link syncSourceAt}): the name the instance gives it, in whatever
 * namespace Flux runs in.
 */
export function syncSourceNames(
  objects: readonly ManifestObject[], generated: GeneratedObjects = NO_GENERATED_OBJECTS,
): Map<string, InstanceSyncSource> {
  const names = new Map<string, InstanceSyncSource>();
  for (const { by, sync, namespace } of instanceSyncs(objects, generated)) {
    const name = sync === UNKNOWN_SYNC ? undefined : stringAt(sync, 'name') ?? namespace;
    if (name === undefined) continue;
    names.set(`${namespace ?? ANY_NAMESPACE}/${name}`, { kind: stringAt(sync, 'kind') ?? 'GitRepository', by, sync });
  }
  return names;
}

/** Whether a Kustomization is the one `flux bootstrap` writes: `<path>/flux-system/gotk-sync.yaml`. */
export function isBootstrapSync(object: ManifestObject, diskPathOf: (file: string) => string | undefined): boolean {
  const file = diskPathOf(object.location.file);
  return file !== undefined && object.kind === 'Kustomization' && isBootstrapFile(file, 'sync');
}


/**
 * The folders that Kustomizations whose build is not located may build:
 * for one reading the sync source (or another source `readsWorkingTree`
 * says reads the working tree) with a variable in its path, the folder
 * its path names up to the variable (`./apps/app-${MODE}` may build
 * anything below `./apps`). One reading a GitRepository in the files whose
 * URL is not one of `ownUrls` (this repository's, as the syncs name it)
 * builds another repository's folders (a project's CRDs). `undefined`
 * when one may build this repository's folders but where is not known
 * (one without a `sourceRef`, which a patch of another gives it, too):
 * then what the cluster applies is not known. `located` are the
 * Kustomizations whose build is.
 */
export function unlocatedBuildFolders(
  objects: readonly ManifestObject[], located: ReadonlySet<ManifestObject>, ownUrls: readonly string[],
  diskPathOf: (file: string) => string | undefined, readsWorkingTree: ReadsWorkingTree = readsAsSyncSource,
): string[] | undefined {
  const roots = new Map<string, string | undefined>();
  const folders: string[] = [];
  const own = new Set(ownUrls.map(repositoryOf));
  for (const object of objects) {
    if (!isFluxKustomization(object) || located.has(object)) continue;
    const source = sourceRefOf(object);
    // No sourceRef (the CRD requires one): a patch of the Kustomization that builds it sets it (rwlove/home-ops injects it so), to a source not known here.
    if (source.kind === undefined || source.name === undefined) return undefined;
    if (source.kind !== 'GitRepository') continue;
    if (!readsWorkingTree(source)) {
      const repository = gitRepositoryOf(objects, source);
      const url = repository && stringAt(repository.value, 'spec', 'url');
      if (url !== undefined && own.size > 0 && !own.has(repositoryOf(url))) continue;
      return undefined;
    }
    const path = fieldAt(object.value, 'spec', 'path');
    const root = workingTreeOf(object, diskPathOf, roots);
    if (typeof path !== 'string' || root === undefined) return undefined;
    const literal = path.slice(0, path.indexOf('${')).replace(/[^/]*$/, '');
    if (literal.replace(/[./]/g, '') === '') return undefined;
    folders.push(inside(root, literal));
  }
  return folders;
}

/** The GitRepository in `objects` a `sourceRef` names, if it is one there. */
function gitRepositoryOf(objects: readonly ManifestObject[], source: SourceReference): ManifestObject | undefined {
  if (source.kind !== 'GitRepository') return undefined;
  return objects.find((o) => o.kind === 'GitRepository' && o.name === source.name && (o.appliedNamespace ?? o.namespace) === source.namespace);
}
