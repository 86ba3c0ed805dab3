/**
 * YAML files as Kubernetes objects with positions: every document of a
 * (multi-document) file, its value as plain data, and the line and column
 * of the object and of any field in it.
 */
import { dirname, isAbsolute, normalize } from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, Node, parseAllDocuments } from 'yaml';
import { locatedSyncStarts, NotApplied, notAppliedFiles, syncSourceNames } from './applied';
import type { Finding, ManifestLocation } from './finding';
import { isKustomizationFile, kustomizePatchFiles } from './kustomization-entries';
import { generatedObjects, GeneratedObjects } from './kustomize-generated';
import { kustomizeBuilt } from './kustomize-patches';
import { KustomizationReach, kustomizePluginFindings } from './kustomize-plugins';
import type { KustomizationDocument, ManifestObject, ManifestSource } from './manifest-object';
import { describeObject, isFluxKustomization } from './object-index';
import { Placement, placementOf } from './placement';
import { readSmallFile } from './read-sources';
import { artifactAt, syncArtifacts, SyncArtifacts } from './sync-artifact';
import { syncBuilds } from './sync-source';
import { ReadsWorkingTree, workingTreeSources } from './working-tree-sources';
import { goYamlText } from '../../archives/go-yaml-names';
import { pointerKeys } from '../../foundation/json-pointer';
import { isBelow } from '../../foundation/paths';

/** What a set of files holds: the Kubernetes objects, and what could not be read as one. */
export interface ParsedManifests {
  readonly objects: ManifestObject[];
  /** Non-empty YAML documents. */
  readonly documents: number;
  /** Documents that are not Kubernetes objects (no apiVersion and kind), skipped. */
  readonly other: number;
  readonly findings: Finding[];
  /** The kustomization files among the sources (kustomize's file names), as read. @internal */
  readonly kustomizations: KustomizationDocument[];
  /**
   * The files the cluster's sync never reaches, where the files tell where
   * it starts (./applied.ts), and what starts it.
   * @default - every file counts as applied
   */
  readonly notApplied?: NotApplied;
  /**
   * What source-controller leaves out of the artifact of the cluster's Git
   * sync source, per working tree the files describe (./sync-artifact.ts).
   * @default - not known for any
   */
  readonly artifacts?: SyncArtifacts;
  /**
   * Which Git sources read the working tree the files are in: the sync
   * source, and GitRepositories reading this repository by URL
   * (./working-tree-sources.ts). @internal
   * @default - the sync source alone
   */
  readonly readsWorkingTree?: ReadsWorkingTree;
  /**
   * The ConfigMaps the kustomizations generate, found from a HelmRelease
   * (./kustomize-generated.ts). @internal
   * @default - none
   */
  readonly generated?: GeneratedObjects;
  /**
   * The kustomization files (as the sources name them) a build of the
   * sync source reads, whose paths are therefore read from its artifact.
   * @default - none
   */
  readonly readFromArtifact?: ReadonlySet<string>;
  /**
   * The located Flux builds that read a kustomization file (as the sources
   * name it), each described for messages, with its cluster. @internal
   * @default - none
   */
  readonly readersOf?: (file: string) => readonly BuildReader[];
}

/** A Flux build that reads a kustomization file: a Kustomization, or the sync a FluxInstance starts. */
export interface BuildReader {
  /** For messages: `Kustomization flux-system/apps in clusters/prod/apps.yaml`. */
  readonly description: string;
  /** Its cluster, where the files tell (./manifest-object.ts `cluster`). */
  readonly cluster?: string;
}

// An alias bomb is refused before it expands (the yaml package's own limit is 100).
const MAX_ALIAS_COUNT = 1000;

/** Every document of every file, in order; the objects of kustomize patch files are set aside with a note. */
export function parseManifests(sources: readonly ManifestSource[]): ParsedManifests {
  const parsed: ParsedManifests = { objects: [], documents: 0, other: 0, findings: [], kustomizations: [] };
  const out = parsed as { -readonly [K in keyof ParsedManifests]: ParsedManifests[K] };
  const kustomizations = out.kustomizations;
  const fluxInstances: string[] = [];
  for (const source of sources) {
    if (source.helmChart) {
      out.findings.push({
        rule: 'helm-chart',
        severity: 'note',
        location: { file: source.file, line: 1, column: 1 },
        message: 'a Helm chart\'s folder, not read: its templates are YAML only once Helm renders them; '
          + `to check what it makes, pipe 'helm template ${dirname(source.file)}' to 'flux-oci check -'`,
      });
      continue;
    }
    // Anchor and alias names as Flux's go-yaml reads them; positions are in the file as written.
    const read = goYamlText(source.text);
    const lineCounter = lineCounterOf(source.text);
    const at = (offset: number): ManifestLocation => {
      const { line, col } = lineCounter.linePos(read.sourceOffset(offset));
      return { file: source.file, line, column: col };
    };
    if (read.refused) {
      out.documents++;
      out.findings.push({ rule: 'yaml', severity: 'error', location: at(read.refused.offset), message: `not valid YAML: ${read.refused.message}` });
      continue;
    }
    // merge: kustomize expands `<<: *anchor` merge keys (kubernetes-sigs/kustomize 12f9e639 kyaml/yaml/rnode.go deAnchor); the yaml package does for YAML 1.2 only when asked.
    // logLevel 'error': a key that is a mapping (a template file's `{{ .X }}: …`) is read as text, without a warning on the process's stderr.
    for (const doc of parseAllDocuments(read.text, { merge: true, logLevel: 'error' })) {
      if (doc.contents === null) continue;
      out.documents++;
      const error = doc.errors[0];
      if (error) {
        out.findings.push({ rule: 'yaml', severity: 'error', location: at(error.pos[0]), message: `not valid YAML: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}` });
        continue;
      }
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (e) {
        out.findings.push({ rule: 'yaml', severity: 'error', location: at(doc.contents.range[0]), message: `cannot be read: ${(e as Error).message}` });
        continue;
      }
      if (isKustomizationFile(source.file)) {
        const root = doc.contents;
        const locate = (pointer: string): ManifestLocation => at(offsetOf(root, pointer) ?? 0);
        kustomizations.push({ file: source.file, value, ...(source.path !== undefined ? { path: source.path } : {}), locate });
      }
      const object = manifestObject(value, doc.contents, at);
      if (object?.kind === 'FluxInstance') fluxInstances.push(source.file);
      if (object) out.objects.push(object);
      else out.other++;
    }
  }
  const patchFiles = kustomizePatchFiles(kustomizations);
  const patchObjects = setPatchesAside(out, patchFiles);
  const placement = placeObjects(out.objects, sources, kustomizations, fluxInstances, patchFiles, patchObjects);
  out.objects = placement.objects;
  out.findings.push(...placement.patchFindings, ...placement.pluginFindings);
  out.findings.push(...unappliedPatchNotes(patchObjects, patchFiles, placement.appliedPatchFiles));
  if (placement.notApplied) out.notApplied = placement.notApplied;
  if (placement.artifacts) out.artifacts = placement.artifacts;
  if (placement.readFromArtifact) out.readFromArtifact = placement.readFromArtifact;
  if (placement.readersOf) out.readersOf = placement.readersOf;
  if (placement.readsWorkingTree) out.readsWorkingTree = placement.readsWorkingTree;
  if (placement.generated) out.generated = placement.generated;
  return parsed;
}

/**
 * The objects with where they land. Placement works on the files as they
 * are on disk, where Flux Kustomizations' paths lead. The Kustomizations
 * that build folders of the working tree are found with the namespaces
 * kustomize gives them; what they build is then placed again with their
 * target namespaces.
 */
function placeObjects(
  objects: readonly ManifestObject[],
  sources: readonly ManifestSource[],
  kustomizations: readonly KustomizationDocument[],
  fluxInstances: readonly string[],
  patchFiles: ReadonlyMap<string, string>,
  patchObjects: ReadonlyMap<string, readonly ManifestObject[]>,
): Pick<ParsedManifests, 'objects' | 'notApplied' | 'artifacts' | 'readFromArtifact' | 'readsWorkingTree' | 'generated' | 'readersOf'> & {
  readonly patchFindings: readonly Finding[];
  /** What kustomize-controller cannot build, or flux-oci does not apply, among the kustomizations' plugins (./kustomize-plugins.ts). */
  readonly pluginFindings: readonly Finding[];
  readonly appliedPatchFiles: ReadonlySet<string>;
} {
  const diskPaths = new Map(sources.flatMap((s) => (s.path === undefined ? [] : [[s.file, s.path] as const])));
  const diskPathOf = (file: string): string | undefined => diskPaths.get(file);
  const keyOf = (file: string): string => normalize(diskPaths.get(file) ?? file);
  const texts = new Map(sources.map((s) => [keyOf(s.file), s.text]));
  const patchObjectsByKey = new Map([...patchObjects].map(([file, inFile]) => [keyOf(file), inFile]));
  // The objects as the kustomizations' patches build them (./kustomize-patches.ts).
  // A patch file the walk did not read (a .json patch) is read from disk, where the kustomization is on disk (kustomize reads any path: LoadRestrictionsNone).
  const textOf = (key: string) => texts.get(key) ?? (isAbsolute(key) ? readSmallFile(key) : undefined);
  const built = (asPlaced: readonly ManifestObject[], placement: Placement, describeBuild: (build: number) => string, options: {
    readonly notApplied?: NotApplied;
    readonly buildsRename?: boolean;
  } = {}) => {
    const mayApply = (kustomization: string) => !options.notApplied?.files.has(kustomization);
    const result = kustomizeBuilt(asPlaced, {
      placement, kustomizations, textOf, patchObjects: patchObjectsByKey, keyOf, describeBuild, mayApply, buildsRename: options.buildsRename,
    });
    const appliedPatchFiles = new Set(sources.filter((s) => result.appliedFiles.has(keyOf(s.file))).map((s) => s.file));
    return { objects: result.objects, patchFindings: result.findings, appliedPatchFiles };
  };
  const pluginFiles = { keyOf, textOf };
  const files = sources.filter((s) => !s.helmChart).map((s) => keyOf(s.file));
  const kustomizationFiles = kustomizations.map((k) => ({ file: keyOf(k.file), value: k.value }));
  const instances = fluxInstances.map(keyOf);
  const byKustomize = placementOf(files, kustomizationFiles, instances);
  const kustomized = objects.map((object) => placed(object, byKustomize, keyOf));
  // The ConfigMaps kustomizations generate, which a flux-instance release's valuesFrom may read (and the values check).
  const generated = generatedObjects(kustomizations, diskPathOf);
  // Where every sync starts decides what is never applied; the located ones are builds, and their artifacts are known, whatever the others.
  const { located: starts, complete: allStartsLocated } = locatedSyncStarts(kustomized, diskPathOf, generated);
  const readsWorkingTree = workingTreeSources(kustomized, syncSourceNames(kustomized, generated), diskPathOf);
  const builds = syncBuilds(kustomized, diskPathOf, readsWorkingTree);
  // The GitRepositories as the kustomizations listing them patch them: a bootstrap kustomization.yaml may set a sync source's spec.ignore.
  const gitSources = kustomizeBuilt(kustomized.filter((o) => o.kind === 'GitRepository'), {
    placement: byKustomize, kustomizations, textOf, patchObjects: patchObjectsByKey, keyOf, describeBuild: () => '', mayApply: () => true,
  });
  const artifacts = syncArtifacts(gitSources.objects, starts, (o) => gitSources.unknown.has(o), diskPathOf, readsWorkingTree);
  // No Flux build is located: the kustomizations nothing includes are where builds start.
  if (builds.length === 0 && starts.length === 0) {
    return { ...built(kustomized, byKustomize, () => ''), pluginFindings: kustomizePluginFindings(kustomizations, () => 'unknown', pluginFiles), artifacts, readsWorkingTree, generated };
  }
  // A build holds only what is in the sync source's artifact: a file left out of it is not in the cluster's copy of the folder.
  const leftOut = new Map(files.flatMap((file) => {
    const why = artifactAt(artifacts.artifacts, file)?.leftOut(file);
    return why ? [[file, why] as const] : [];
  }));
  // The folders a FluxInstance's sync starts at are builds too, after the Kustomizations' (no Kustomization object builds them).
  const placement = placementOf(files.filter((f) => !leftOut.has(f)), kustomizationFiles.filter((k) => !leftOut.has(k.file)), instances,
    [...builds, ...starts.map((s) => ({ folder: s.folder }))]);
  const final = objects.map((object) => placed(object, placement, keyOf));
  // Which Kustomization builds what, between the objects as finally placed (each object is one mutable record: the links are set once, here).
  const asPlaced = new Map(kustomized.map((object, i) => [object, final[i] as { -readonly [K in keyof ManifestObject]: ManifestObject[K] }]));
  for (const build of builds) asPlaced.get(build.kustomization)!.builds = build.folder;
  final.forEach((object, i) => {
    const builtBy = placement.buildsOf(keyOf(object.location.file)).filter((b) => b < builds.length)
      .map((b) => asPlaced.get(builds[b].kustomization)!);
    if (builtBy.length > 0) asPlaced.get(kustomized[i])!.builtBy = builtBy;
  });
  // A located Kustomization no build holds although it sits below a built folder was left out of that folder's kustomization.
  for (const build of builds) {
    const object = asPlaced.get(build.kustomization)!;
    const file = diskPaths.get(object.location.file);
    if (object.builtBy === undefined && file !== undefined && builds.some((b) => b !== build && isBelow(b.folder, file))) object.leftOut = true;
  }
  clustersByBuild(final as { -readonly [K in keyof ManifestObject]: ManifestObject[K] }[]);
  const builders = [...builds.map((b) => asPlaced.get(b.kustomization)!), ...starts.map(() => undefined)];
  // Two clusters' Kustomizations often share a name: the file tells them apart.
  const describeBuild = (b: number) => (builders[b] ? `${describeObject(builders[b])} in ${builders[b].location.file}`
    : `the sync that starts at ${starts[b - builds.length].description}`);
  const names = { keyOf, diskPathOf, patchFiles, leftOut };
  const notApplied = allStartsLocated
    ? notAppliedFiles(sources, kustomized, builds, starts.length > 0 ? starts : undefined, placement, names, readsWorkingTree)
    : undefined;
  const buildsRename = builds.some((b) => b.namePrefix !== undefined || b.nameSuffix !== undefined);
  const asBuilt = built(final, placement, describeBuild, { notApplied, buildsRename });
  const objectsBuilt = asBuilt.objects.map((object) => (object.builtThrough ? builtThrough(object, builders) : object));
  // The Flux builds that read a kustomization file: none where the sync source's artifact leaves it out.
  const buildsReading = (file: string): number[] => (leftOut.has(keyOf(file)) ? [] : placement.buildsOfFolder(dirname(keyOf(file))));
  // A kustomization a sync build reads names paths in the artifact.
  const readFromArtifact = new Set(kustomizations.filter((k) => buildsReading(k.file).length > 0).map((k) => k.file));
  const readersOf = (file: string): BuildReader[] => buildsReading(file).map((b) => {
    // A FluxInstance's sync is in the instance's cluster.
    const cluster = b < builds.length ? builders[b]?.cluster : asPlaced.get(starts[b - builds.length].by)?.cluster;
    return { description: describeBuild(b), ...(cluster !== undefined ? { cluster } : {}) };
  });
  // Where every sync start is located, a kustomization no build reads is never applied; otherwise a start outside the files may build it.
  const reachOf = (k: KustomizationDocument): KustomizationReach => {
    const readers = readersOf(k.file);
    if (readers.length > 0) return { builds: readers.map((r) => r.description) };
    return notApplied?.files.has(k.file) ? 'not-applied' : 'unknown';
  };
  return {
    ...asBuilt,
    objects: objectsBuilt,
    readersOf,
    pluginFindings: kustomizePluginFindings(kustomizations, reachOf, pluginFiles),
    artifacts,
    readFromArtifact,
    readsWorkingTree,
    generated,
    ...(notApplied ? { notApplied } : {}),
  };
}

/**
 * One of the objects kustomize makes of a document (./kustomize-patches.ts)
 * is built by the Flux builds that make it, and is in their cluster when
 * they are in one.
 */
function builtThrough(object: ManifestObject, builders: readonly (ManifestObject | undefined)[]): ManifestObject {
  const through = [...object.builtThrough!].flatMap((b) => (builders[b] ? [builders[b]] : []));
  const { builtBy: _, ...rest } = object;
  const builtBy = object.builtBy?.filter((k) => through.includes(k));
  // A root build has its own cluster already (clustersByBuild).
  const clusters = new Set(through.map((k) => k.cluster));
  const cluster = object.cluster ?? (clusters.size === 1 ? [...clusters][0] : undefined);
  return { ...rest, ...(builtBy && builtBy.length > 0 ? { builtBy } : {}), ...(cluster !== undefined ? { cluster } : {}) };
}

/**
 * Where no bootstrap folder tells an object's cluster, the Flux builds
 * do: a Kustomization nothing in the files builds (or that builds its own
 * file) is where a cluster's tree starts, and what it builds, through the
 * Kustomizations it builds, is that cluster's (the bootstrap folder's,
 * when the roots are in one). Roots written in one file
 * are applied together (tyriis/home-ops' `flux-sync.yaml` holds
 * `flux-repositories` and `flux-apps`): one tree. An object reached from
 * one such tree belongs to its cluster; one reached from several (a base
 * two clusters share) or from none keeps none. A root whose build is not
 * located (it reads an OCI artifact, a bucket, another repository) starts
 * a tree too: what it builds is not known, but it is that tree's, and not
 * another's whose builds are all known (tyriis/home-ops' dev cluster
 * syncs an OCI artifact of `devenv/` beside its Git-synced clusters).
 */
function clustersByBuild(objects: { -readonly [K in keyof ManifestObject]: ManifestObject[K] }[]): void {
  const roots = new Map<ManifestObject, ReadonlySet<ManifestObject>>();
  const rootsOf = (object: ManifestObject, visiting: ReadonlySet<ManifestObject>): ReadonlySet<ManifestObject> => {
    const known = roots.get(object);
    if (known) return known;
    const builders = (object.builtBy ?? []).filter((k) => k !== object && !visiting.has(k));
    const found = builders.length === 0
      ? new Set(isFluxKustomization(object) ? [object] : [])
      : new Set(builders.flatMap((k) => [...rootsOf(k, new Set([...visiting, object]))]));
    roots.set(object, found);
    return found;
  };
  const reached = objects.map((object) => (object.cluster !== undefined || object.builtBy === undefined && !isFluxKustomization(object)
    ? undefined : rootsOf(object, new Set())));
  // Roots written in one file are applied together (kubectl apply -f, or the sync that applies the file): one tree.
  const rootsByFile = new Map<string, ManifestObject[]>();
  for (const root of new Set(reached.flatMap((found) => [...found ?? []]))) {
    rootsByFile.set(root.location.file, [...rootsByFile.get(root.location.file) ?? [], root]);
  }
  objects.forEach((object, i) => {
    const files = new Set([...reached[i] ?? []].map((root) => root.location.file));
    if (files.size !== 1) return;
    const [file] = files;
    // A tree whose roots are in a bootstrap folder is that folder's cluster, as the roots are.
    const rootClusters = new Set(rootsByFile.get(file)!.map((root) => root.cluster));
    const [rootCluster] = rootClusters;
    object.cluster = rootClusters.size === 1 && rootCluster !== undefined ? rootCluster : `${file} (${rootsByFile.get(file)!.map(describeRoot).join(' and ')})`;
  });
}

function describeRoot(kustomization: ManifestObject): string {
  return `Kustomization ${kustomization.namespace === undefined ? '' : `${kustomization.namespace}/`}${kustomization.name ?? ''}`;
}

/** The object with where it lands: its namespace in the cluster and its cluster's folder. */
function placed(object: ManifestObject, placement: Placement, keyOf: (file: string) => string): ManifestObject {
  const file = keyOf(object.location.file);
  const namespaces = [...new Set((placement.namespacesOf(file) ?? [undefined]).map((n) => n ?? object.namespace))];
  const cluster = placement.clusterOf(file);
  return {
    ...object,
    ...(namespaces.length === 1 && namespaces[0] !== undefined ? { appliedNamespace: namespaces[0] } : {}),
    // A file several kustomizations include lands once in each one's namespace.
    ...(namespaces.length > 1 ? { appliedNamespaces: namespaces.sort() } : {}),
    ...(cluster !== undefined ? { cluster } : {}),
  };
}

/** Takes the objects of patch files out of `parsed.objects`: the objects of each patch file, by file, in document order. */
function setPatchesAside(parsed: { objects: ManifestObject[] }, patchFiles: ReadonlyMap<string, string>): Map<string, ManifestObject[]> {
  const aside = new Map<string, ManifestObject[]>();
  if (patchFiles.size === 0) return aside;
  parsed.objects = parsed.objects.filter((object) => {
    if (!patchFiles.has(normalize(object.location.file))) return true;
    aside.set(object.location.file, [...aside.get(object.location.file) ?? [], object]);
    return false;
  });
  return aside;
}

/**
 * A note per patch file that patches no object among the files as placed
 * (what it patches comes from elsewhere, or its kustomization is not in
 * the sync source's artifact): a partial object, not checked alone. The
 * others are checked as part of the objects they patch.
 */
function unappliedPatchNotes(
  patchObjects: ReadonlyMap<string, readonly ManifestObject[]>, patchFiles: ReadonlyMap<string, string>, applied: ReadonlySet<string>,
): Finding[] {
  return [...patchObjects].filter(([file]) => !applied.has(file)).map(([file, objects]) => {
    const kustomization = patchFiles.get(normalize(file))!;
    return {
      rule: 'kustomize-patch',
      severity: 'note',
      location: objects[0].location,
      message: `a kustomize patch (${kustomization} applies it), not an object of its own, so it is not checked alone; `
        + `to check the objects it patches, pipe 'kustomize build ${dirname(kustomization)}' to 'flux-oci check -'`,
    };
  });
}

function manifestObject(value: unknown, root: Node, at: (offset: number) => ManifestLocation): ManifestObject | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const obj = value as Record<string, unknown>;
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return undefined;
  const metadata = typeof obj.metadata === 'object' && obj.metadata !== null ? obj.metadata as Record<string, unknown> : {};
  const location = at(root.range?.[0] ?? 0);
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    ...(typeof metadata.name === 'string' ? { name: metadata.name } : {}),
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
    value: obj,
    location,
    locate: (pointer) => {
      const offset = offsetOf(root, pointer);
      return offset === undefined ? location : at(offset);
    },
  };
}

/** The offset of the key (in a mapping) or item (in a list) a pointer names, or of its nearest written parent. */
function offsetOf(root: Node, pointer: string): number | undefined {
  let node: unknown = root;
  let offset = root.range?.[0];
  for (const segment of pointerKeys(pointer)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : p.key) === segment);
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

/** Where the lines of `text` start, for positions in the text as written (the parser reads it with names split, see goYamlText). */
function lineCounterOf(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
  return lines;
}
