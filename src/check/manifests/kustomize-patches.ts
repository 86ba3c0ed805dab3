/**
 * The patches kustomization files apply, so that an object is checked as
 * `kustomize build` makes it, where kustomize-controller builds it. A Flux
 * repository's overlays (`apps/production`, `apps/staging`) include a
 * base's HelmRelease and patch its chart version and values: the base as
 * written is in no cluster; each overlay's patched copy is.
 *
 * A kustomization's transformers run in a fixed order
 * (kubernetes-sigs/kustomize at 06b9b691:
 * api/internal/target/kusttarget_configplugin.go
 * `configureBuiltinTransformers`): `patchesStrategicMerge`, `patches`,
 * the `namespace:`, `namePrefix` and `nameSuffix` ({@link renamed}), then
 * `patchesJson6902`; after those of the
 * kustomizations it includes, and after its components', which act on
 * what it has gathered (api/internal/target/kusttarget.go at 015efec1
 * `accumulateDirectory`: a component's directives run on the including
 * kustomization's accumulator; kustomize-controller appends a Flux
 * Kustomization's `spec.components` to those of the folder it builds,
 * fluxcd/pkg at e2cfd1a2 kustomize/kustomize_generator.go
 * `GenerateManifest`). A strategic-merge patch without a target
 * reaches the object of its id, as it is now or was as written
 * (api/resmap/reswrangler.go at 01639bc0 `GetById`); one with a target
 * what the target selects (`Select`: the name and namespace as they are
 * now or were as written; PatchTransformer.go, see ./flux-patches.ts
 * `compilePatch`); an object a patch deletes (`$patch: delete`) leaves the
 * build (`ApplySmPatch` drops what it empties).
 *
 * An object reached through several kustomizations (a base two overlays
 * include) is built once per way; where the ways make different objects,
 * each is checked, named after what builds it: a Flux build
 * (./sync-source.ts), or a kustomization nothing in the files includes,
 * unless the files tell where the sync starts and it is not reached
 * (./applied.ts). A way whose patch file is not among the files leaves
 * the object as written (kustomize-entry findings report a missing file).
 */
import { dirname, join, normalize } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Finding, ManifestLocation } from './finding';
import { CompiledPatch, compileJson6902Patch, compilePatch } from './flux-patches';
import { isInlineYaml, isKustomizationFile, listOf } from './kustomization-entries';
import type { KustomizationDocument, ManifestObject } from './manifest-object';
import { describeObject, fieldAt, isFluxObject } from './object-index';
import type { Includer, Placement } from './placement';
import { pointerAsField, valueAtPointer } from '../../foundation/json-pointer';
import { isPlainObject } from '../../model/json-values';
import { isLocalRelativePath } from '../kustomize-files';

/** What the kustomization files' patches make of the objects. */
export interface KustomizeBuilt {
  /** The objects, each as kustomize builds it; one per different build where builds differ. */
  readonly objects: ManifestObject[];
  /** The patch files (keys, as `keyOf` gives them) applied to some object among the files. */
  readonly appliedFiles: ReadonlySet<string>;
  /** Patches kustomize cannot read or apply: its build fails. */
  readonly findings: Finding[];
  /** The objects whose build is not known (a patch file that cannot be read, too many ways): left as written. */
  readonly unknown: ReadonlySet<ManifestObject>;
}

/** What the objects are read with. */
export interface KustomizeBuildContext {
  readonly placement: Placement;
  readonly kustomizations: readonly KustomizationDocument[];
  /** The text of each file read, by key. */
  readonly textOf: (key: string) => string | undefined;
  /** The objects of each patch file, by key, in document order (set aside from the objects: they locate the fields a patch writes). */
  readonly patchObjects: ReadonlyMap<string, readonly ManifestObject[]>;
  /** A file's key: where it is on disk, normalized, or its name. */
  readonly keyOf: (file: string) => string;
  /** Each Flux build's description, for messages, by index (the Kustomization that builds, or the folder a sync starts at). */
  readonly describeBuild: (build: number) => string;
  /**
   * Whether what the kustomization file (as named) builds may reach a
   * cluster, for one no Flux build in the files includes: not where the
   * files tell where the sync starts and the file is not reached (./applied.ts).
   */
  readonly mayApply: (kustomization: string) => boolean;
  /**
   * Whether a Flux build sets `spec.namePrefix` or `spec.nameSuffix`
   * (placement's build includers carry them), which renames what it builds
   * even where no kustomization file patches or renames anything.
   * @default false
   */
  readonly buildsRename?: boolean;
}

/** Ways one object may be built; past this the object is checked as written (a tree of bases that include each other many times over). */
const MAX_WAYS = 64;
/** Kustomizations visited for one object, over all its ways: folders that include each other in a ring (kustomize refuses it) end no way, so ways alone do not bound the walk. */
const MAX_STEPS = 4096;
/** Variants named in a message. */
const NAMED = 2;

/** One patch of a kustomization, compiled, and where it is written. */
interface LocatedPatch extends CompiledPatch {
  readonly kustomization: KustomizationDocument;
  /** The entry in the kustomization: `/patches/0`. */
  readonly pointer: string;
  /** The patch file, by key, when the entry names one. */
  readonly file?: string;
  /** Where the patch writes the field a pointer of the object names. */
  locate(pointer: string): ManifestLocation;
}

/** A patch's text, and the file it is in when a kustomization names one (by key, and as the files are named). */
interface PatchText {
  readonly text: string;
  readonly file?: string;
  readonly named?: string;
}

type PatchFile = Required<PatchText>;

/** The transformers of one kustomization that change objects, in kustomize's order. */
interface FolderPatches {
  readonly kustomization: KustomizationDocument;
  /** Its folder, keyed as placement keys folders. */
  readonly folder: string;
  readonly component: boolean;
  /** Component folders it lists, in order. */
  readonly components: readonly string[];
  /** `patchesStrategicMerge` then `patches`. */
  readonly before: readonly LocatedPatch[];
  readonly namespace?: string;
  /** `patchesJson6902`. */
  readonly after: readonly LocatedPatch[];
  /** A patch file it names is not among the files: what it makes is not known. */
  readonly unknown: boolean;
  /** Its `namePrefix` / `nameSuffix`, which rename what it builds (see {@link renamed}). */
  readonly rename?: {
    readonly prefix: string;
    readonly suffix: string;
    readonly pointer: string;
    /** `namePrefix 'staging-'`, `namePrefix 'a-' and nameSuffix '-b'`. */
    readonly description: string;
    /** What renames, for messages: `apps/staging/kustomization.yaml (namePrefix 'staging-')`. */
    readonly by: string;
    readonly both: boolean;
    /** It lists `configurations:`, which may teach kustomize's name-reference transformer Flux's fields. */
    readonly configurations: boolean;
  };
}

interface Applied {
  readonly patch: LocatedPatch;
  readonly before: Record<string, unknown>;
  readonly after: Record<string, unknown>;
}

/** An object part-way through one way of building it. */
interface State {
  readonly value: Record<string, unknown>;
  readonly namespace: string | undefined;
  readonly applied: readonly Applied[];
  /** A patch deleted it (`$patch: delete`): the build holds no such object. */
  readonly deleted?: boolean;
  /** Its name now: kustomizations on the way may have renamed it. */
  readonly name: string | undefined;
  /** The kustomizations on the way that rename it (`namePrefix`, `nameSuffix`). */
  readonly renamedBy?: readonly FolderPatches[];
  /** The kustomizations (and components) on the way so far, innermost first: what an object one of them generates goes through too. */
  readonly through?: readonly FolderPatches[];
}

/** One way's result: the object, the namespace it lands in, and what built it. */
interface Way extends State {
  /** The Flux build it ends in (an index), if any. */
  readonly build?: number;
  /** The outermost kustomization's folder. */
  readonly top: string;
}

/** Every object as the kustomization files build it (see above). */
export function kustomizeBuilt(objects: readonly ManifestObject[], context: KustomizeBuildContext): KustomizeBuilt {
  const findings = new Map<string, Finding>();
  const folders = folderPatches(context, findings);
  /** A folder's kustomization as each Flux build that renames builds it, made once (see {@link withBuildRename}). */
  const buildRenames = new Map<string, FolderPatches>();
  const appliedFiles = new Set<string>();
  const patches = context.buildsRename || [...folders.values()].some((f) => f.before.length > 0 || f.after.length > 0 || f.unknown || f.rename);
  const unknown = new Set<ManifestObject>();
  if (!patches) return { objects: [...objects], appliedFiles, findings: [...findings.values()], unknown };
  const reached = objects.map((object) => {
    const ways = waysOf(object, { folders, buildRenames }, context, findings);
    if (ways === UNKNOWN_WAYS) {
      unknown.add(object);
      return undefined;
    }
    for (const way of ways ?? []) for (const { patch } of way.applied) if (patch.file) appliedFiles.add(patch.file);
    // The ways that reach a cluster: through a Flux build, or from a kustomization that may be applied otherwise (another source, by hand).
    return ways?.filter((w) => w.build !== undefined || context.mayApply(describeTop(w.top, folders)));
  });
  for (const note of renameNotes(objects, reached)) findings.set(`${note.location.file}:${note.location.line}:rename`, note);
  const blockOf = buildBlocks(reached);
  const built = objects.flatMap((object, i) => {
    const ways = reached[i];
    if (!ways || ways.length === 0) return [object];
    // A build whose patch deletes the object holds none; where every build does, nothing applies it.
    const kept = ways.filter((w) => !w.deleted);
    const split = new Set(kept.map(blockOf)).size > 1;
    const changed = split || kept.length < ways.length || kept.some((w) => w.applied.length > 0 || w.name !== object.name);
    return changed ? variants(object, kept, blockOf, folders, context) : [object];
  });
  return { objects: built, appliedFiles, findings: [...findings.values()], unknown };
}

/**
 * A note per kustomization with `configurations:` whose `namePrefix` or
 * `nameSuffix` renames Flux objects that reach a cluster through its
 * build: the configurations may teach kustomize's name-reference
 * transformer Flux's fields, which the check does not read, so it leaves
 * those objects their written names ({@link renamed}) and says so.
 */
function renameNotes(objects: readonly ManifestObject[], reached: readonly (readonly Way[] | undefined)[]): Finding[] {
  const renamedObjects = new Map<FolderPatches, ManifestObject[]>();
  reached.forEach((ways, i) => {
    if (!isFluxObject(objects[i])) return;
    for (const folder of new Set((ways ?? []).filter((w) => !w.deleted).flatMap((w) => w.renamedBy ?? []))) {
      if (folder.rename?.configurations) renamedObjects.set(folder, [...renamedObjects.get(folder) ?? [], objects[i]]);
    }
  });
  return [...renamedObjects].flatMap(([{ kustomization, rename }, objectsRenamed]): Finding[] => {
    if (!rename) return [];
    const named = objectsRenamed.slice(0, NAMED).map(describeObject).join(', ');
    const more = objectsRenamed.length > NAMED ? ` and ${objectsRenamed.length - NAMED} more` : '';
    return [{
      rule: 'kustomize-rename',
      severity: 'note',
      location: kustomization.locate(rename.pointer),
      message: `${kustomization.file} ${rename.description} ${rename.both ? 'rename' : 'renames'} `
        + `${objectsRenamed.length === 1 ? 'the Flux object' : `the ${objectsRenamed.length} Flux objects`} it builds (${named}${more}), `
        + 'and its configurations: may teach kustomize to update references in Flux kinds, which flux-oci does not read: '
        + 'these objects, and the references to them, are checked under their written names, and what the rename does is not checked',
    }];
  });
}

/** What a way ends in: a Flux build, or the kustomization nothing includes. */
function buildOf(way: Way): string {
  return way.build !== undefined ? `build ${way.build}` : `top ${way.top}`;
}

/** What a way makes: the object (the namespaces builds put it in are placement's, ./placement.ts, and tell no builds apart). */
function madeBy(way: Way): string {
  return JSON.stringify(way.value);
}

/**
 * The builds told apart: two builds are one block unless some object
 * comes out of them differently. Every object the builds of two blocks
 * hold is one object per block, even where it comes out the same: an
 * overlay's HelmRelease then reads that overlay's OCIRepository, and the
 * one the overlays leave alone is checked against each overlay's chart.
 */
function buildBlocks(reached: readonly (readonly Way[] | undefined)[]): (way: Way) => string {
  const signatures = new Map<string, string[]>();
  reached.forEach((ways, i) => {
    const made = new Map((ways ?? []).filter((w) => !w.deleted).map((w) => [buildOf(w), madeBy(w)] as const));
    if (new Set(made.values()).size < 2) return;
    for (const [build, what] of made) signatures.set(build, [...signatures.get(build) ?? [], `${i}=${what}`]);
  });
  // One small key per block, worked out once: a signature holds whole objects.
  const blocks = new Map<string, string>();
  const blockOfBuild = new Map([...signatures].map(([build, signature]) => {
    const joined = signature.join('\n');
    if (!blocks.has(joined)) blocks.set(joined, `block ${blocks.size + 1}`);
    return [build, blocks.get(joined)!] as const;
  }));
  return (way) => blockOfBuild.get(buildOf(way)) ?? '';
}

/** Each kustomization's patches, by folder (keyed as placement keys them). */
function folderPatches(context: KustomizeBuildContext, findings: Map<string, Finding>): Map<string, FolderPatches> {
  const folders = new Map<string, FolderPatches>();
  for (const kustomization of context.kustomizations) {
    const value = kustomization.value;
    if (!isPlainObject(value)) continue;
    const folder = normalize(dirname(context.keyOf(kustomization.file)));
    let unknown = false;
    const read = (path: string): PatchFile | undefined => {
      const file = isLocalRelativePath(path) ? normalize(join(folder, path)) : undefined;
      const text = file === undefined ? undefined : context.textOf(file);
      if (text === undefined || file === undefined) {
        unknown = true;
        return undefined;
      }
      return { text, file, named: normalize(join(dirname(kustomization.file), path)) };
    };
    const located = (pointer: string, compiled: readonly CompiledPatch[], source: PatchText): LocatedPatch[] => compiled.map((patch, i) => {
      // A strategic-merge patch file's documents are objects, which locate their fields; else the file, or the entry of an inline patch.
      const written = source.file === undefined ? undefined : context.patchObjects.get(source.file)?.[i];
      const fallback = source.named !== undefined ? { file: source.named, line: 1, column: 1 } : kustomization.locate(pointer);
      return {
        ...patch,
        kustomization,
        pointer,
        ...(source.file !== undefined ? { file: source.file } : {}),
        locate: (at) => (written ? written.locate(at) : fallback),
      };
    });
    const refused = (pointer: string, error: string) => problem(kustomization, pointer, error, findings);
    const before: LocatedPatch[] = [];
    listOf(value.patchesStrategicMerge).forEach((entry, i) => {
      if (typeof entry !== 'string') return;
      const pointer = `/patchesStrategicMerge/${i}`;
      const source = isInlineYaml(entry) ? { text: entry } : read(entry);
      if (!source) return;
      const compiled = compilePatch(source.text, undefined);
      if ('error' in compiled) refused(pointer, compiled.error);
      else before.push(...located(pointer, compiled, source));
    });
    const after: LocatedPatch[] = [];
    // `patches` (strategic-merge or JSON6902) run before the namespace, `patchesJson6902` (JSON6902 only) after it.
    const byField = [
      ['patches', before, compilePatch],
      ['patchesJson6902', after, (text: string, target: unknown) => {
        const compiled = compileJson6902Patch(text, target);
        return 'error' in compiled ? compiled : [compiled];
      }],
    ] as const;
    for (const [field, into, compile] of byField) {
      listOf(value[field]).forEach((entry, i) => {
        const pointer = `/${field}/${i}`;
        const source = patchSource(entry, read);
        if (!source) return;
        const compiled = compile(source.text, fieldAt(entry, 'target'));
        if ('error' in compiled) refused(pointer, compiled.error);
        else into.push(...located(pointer, compiled, source));
      });
    }
    folders.set(folder, {
      kustomization,
      folder,
      component: value.kind === 'Component',
      components: listOf(value.components).filter((c): c is string => typeof c === 'string' && isLocalRelativePath(c)).map((c) => normalize(join(folder, c))),
      before,
      ...(typeof value.namespace === 'string' && value.namespace !== '' ? { namespace: value.namespace } : {}),
      after,
      unknown,
      ...renameOf(kustomization.file, value),
    });
  }
  return folders;
}

/** A kustomization's `namePrefix` and `nameSuffix`, if it sets either. */
function renameOf(file: string, value: Record<string, unknown>): Pick<FolderPatches, 'rename'> {
  const fields = (['namePrefix', 'nameSuffix'] as const).filter((f) => typeof value[f] === 'string' && value[f] !== '');
  if (fields.length === 0) return {};
  const description = fields.map((f) => `${f} '${value[f] as string}'`).join(' and ');
  return {
    rename: {
      prefix: typeof value.namePrefix === 'string' ? value.namePrefix : '',
      suffix: typeof value.nameSuffix === 'string' ? value.nameSuffix : '',
      pointer: `/${fields[0]}`,
      description,
      by: `${file} (${description})`,
      both: fields.length > 1,
      configurations: listOf(value.configurations).length > 0,
    },
  };
}

/**
 * The kustomization of `folder` as a Flux build with `spec.namePrefix` or
 * `spec.nameSuffix` builds it: kustomize-controller writes them into the
 * kustomization (fluxcd/pkg at e2cfd1a2: kustomize/kustomize_generator.go
 * `GenerateManifest`), replacing its own, or into the one it generates for
 * a folder without (`own` undefined). Its configurations stay.
 */
function withBuildRename(
  own: FolderPatches | undefined, folder: string, build: Extract<Includer, { build: number }>, context: KustomizeBuildContext,
): FolderPatches {
  const fields = [
    ...build.namePrefix ? [`spec.namePrefix '${build.namePrefix}'`] : [],
    ...build.nameSuffix ? [`spec.nameSuffix '${build.nameSuffix}'`] : [],
  ];
  const description = fields.join(' and ');
  const by = `${context.describeBuild(build.build)} (${description})`;
  const rename = {
    prefix: build.namePrefix ?? own?.rename?.prefix ?? '',
    suffix: build.nameSuffix ?? own?.rename?.suffix ?? '',
    pointer: own?.rename?.pointer ?? '',
    description,
    by,
    both: fields.length > 1,
    configurations: own?.rename?.configurations ?? false,
  };
  // A generated kustomization has no file: nothing locates in it (it has no configurations, which are all a rename's finding needs).
  const generated: KustomizationDocument = { file: by, value: {}, locate: () => ({ file: by, line: 1, column: 1 }) };
  if (own) return { ...own, rename };
  return { kustomization: generated, folder, component: false, components: [], before: [], after: [], unknown: false, rename };
}

/** The text of a `patches` or `patchesJson6902` entry: inline, or the file it names. */
function patchSource(entry: unknown, read: (path: string) => PatchFile | undefined): PatchText | undefined {
  const inline = fieldAt(entry, 'patch');
  if (typeof inline === 'string' && inline.trim() !== '') return { text: inline.trim() };
  const path = fieldAt(entry, 'path');
  return typeof path === 'string' && path !== '' ? read(path) : undefined;
}

/** What {@link waysOf} gives for an object one of whose ways cannot be known. */
const UNKNOWN_WAYS: unique symbol = Symbol('flux-oci.unknownWays');

/**
 * Each way the kustomizations build `object`; undefined when no
 * kustomization lists its file, UNKNOWN_WAYS when a way cannot be known.
 */
function waysOf(
  object: ManifestObject,
  { folders, buildRenames }: { readonly folders: ReadonlyMap<string, FolderPatches>; readonly buildRenames: Map<string, FolderPatches> },
  context: KustomizeBuildContext,
  findings: Map<string, Finding>,
): Way[] | undefined | typeof UNKNOWN_WAYS {
  // A kustomization file is what kustomize builds from, never among what it builds.
  const start = isKustomizationFile(object.location.file) ? undefined : context.placement.folderOf(context.keyOf(object.location.file));
  if (start === undefined) return undefined;
  const ways: Way[] = [];
  let unknown = false;
  let steps = 0;
  const walk = (folder: string, state: State, visiting: ReadonlySet<string>): void => {
    if (++steps > MAX_STEPS) unknown = true;
    if (unknown || ways.length > MAX_WAYS) return;
    const own = folders.get(folder);
    // Its components act on what it gathered, then its own transformers; a Flux build's spec.components come after its own components.
    const components = (extra: readonly string[] = []) => [...own?.components ?? [], ...extra];
    const built = (extra?: readonly string[], build?: Extract<Includer, { build: number }>): State => {
      let now = state;
      for (const component of components(extra)) {
        const patches = folders.get(component);
        if (patches?.unknown) unknown = true;
        now = applyFolder(patches, now, object, findings);
      }
      if (own?.unknown) unknown = true;
      let transformers = own;
      if (build?.namePrefix || build?.nameSuffix) {
        const key = `${folder}\n${build.build}`;
        transformers = buildRenames.get(key) ?? withBuildRename(own, folder, build, context);
        buildRenames.set(key, transformers);
      }
      return transformers && !transformers.component ? applyFolder(transformers, now, object, findings) : now;
    };
    const includers = context.placement.includersOf(folder);
    if (includers.length === 0) ways.push({ ...built(), top: folder });
    const byFolders = includers.some((i) => !('build' in i)) ? built() : undefined;
    for (const includer of includers) {
      if ('build' in includer) {
        const now = built(includer.components, includer);
        ways.push({ ...now, namespace: includer.targetNamespace ?? now.namespace, top: folder, build: includer.build });
      } else if (!visiting.has(includer.folder)) {
        walk(includer.folder, byFolders!, new Set([...visiting, includer.folder]));
      }
    }
  };
  walk(start, { value: object.value, namespace: object.namespace, name: object.name, applied: [] }, new Set([start]));
  return unknown || ways.length > MAX_WAYS ? UNKNOWN_WAYS : ways;
}

/** The state after one kustomization's transformers (see above). */
function applyFolder(folder: FolderPatches | undefined, state: State, object: ManifestObject, findings: Map<string, Finding>): State {
  if (!folder || state.deleted) return state;
  let now: State = { ...state, through: [...state.through ?? [], folder] };
  for (const patch of folder.before) now = now.deleted ? now : applyOne(patch, now, object, findings);
  if (folder.namespace !== undefined) now = { ...now, namespace: folder.namespace };
  if (folder.rename && !now.deleted) now = renamed(folder, now, object);
  for (const patch of folder.after) now = now.deleted ? now : applyOne(patch, now, object, findings);
  return now;
}

/**
 * The state after a kustomization's `namePrefix` and `nameSuffix`
 * (kustomize's PrefixSuffixTransformer, between the namespace and
 * `patchesJson6902`: kusttarget_configplugin.go above): every object's
 * `metadata.name` but a CustomResourceDefinition's, an APIService's or a
 * Namespace's (plugin/builtin/prefixsuffixtransformer/PrefixSuffixTransformer.go
 * at 01ddeb47, `prefixSuffixFieldSpecsToSkip`, selected by the original id).
 * kustomize's name-reference transformer then updates the references in
 * the fields its configuration lists: the built-in one
 * (api/konfig/builtinpluginconsts/namereference.go at 003a131f) lists
 * Kubernetes kinds' fields and none of a Flux kind's, so `chartRef`,
 * `sourceRef`, `dependsOn` and `valuesFrom` keep the names as written and
 * resolve to nothing (./references.ts). A kustomization that lists
 * `configurations:` may have taught it Flux's fields: its renames are not
 * applied, and a note says so ({@link renameNotes}).
 */
function renamed(folder: FolderPatches, state: State, object: ManifestObject): State {
  const { rename } = folder;
  if (!rename) return state;
  const skipped = object.kind === 'CustomResourceDefinition' || object.kind === 'Namespace'
    || (object.kind === 'APIService' && object.apiVersion.startsWith('apiregistration.k8s.io/'));
  if (skipped || state.name === undefined) return state;
  const renamedBy = [...state.renamedBy ?? [], folder];
  if (rename.configurations) return { ...state, renamedBy };
  const name = `${rename.prefix}${state.name}${rename.suffix}`;
  const metadata = isPlainObject(state.value.metadata) ? state.value.metadata : {};
  return { ...state, name, value: { ...state.value, metadata: { ...metadata, name } }, renamedBy };
}

function applyOne(patch: LocatedPatch, state: State, object: ManifestObject, findings: Map<string, Finding>): State {
  const { apiVersion, kind, name, namespace } = object;
  const selectable = {
    apiVersion,
    kind,
    name: state.name,
    ...(state.name !== name ? { writtenName: name } : {}),
    namespace,
    appliedNamespace: state.namespace,
    value: state.value,
  };
  if (!patch.selects(selectable)) return state;
  const after = patch.apply(state.value);
  if (after === undefined) return { ...state, deleted: true, applied: [...state.applied, { patch, before: state.value, after: {} }] };
  if ('error' in after) {
    problem(patch.kustomization, patch.pointer, `cannot be applied to ${describeObject(object)}: ${after.error}, so kustomize build fails`, findings);
    return state;
  }
  return { ...state, value: after, applied: [...state.applied, { patch, before: state.value, after }] };
}

/**
 * The object once per block of builds (`buildBlocks`): one object where
 * every build makes it alike, else one per block, each named after what
 * builds it.
 */
function variants(
  object: ManifestObject, ways: readonly Way[], blockOf: (way: Way) => string,
  folders: ReadonlyMap<string, FolderPatches>, context: KustomizeBuildContext,
): ManifestObject[] {
  const groups = new Map<string, Way[]>();
  for (const way of ways) {
    const key = `${blockOf(way)}\n${madeBy(way)}`;
    groups.set(key, [...groups.get(key) ?? [], way]);
  }
  const made = [...groups.values()].map(([way]): ManifestObject => ({
    ...object, ...renamedAs(object, way), value: way.value, locate: locator(object, way.applied),
  }));
  if (made.length === 1) return made;
  return [...groups.values()].map((group, i) => {
    const builders = [...new Set(group.map((w) => (w.build !== undefined ? context.describeBuild(w.build) : describeTop(w.top, folders))))];
    const { appliedNamespace: _, appliedNamespaces: __, ...rest } = made[i];
    // The namespaces this block's builds put it in (a component several namespaces include lands in each).
    const namespaces = [...new Set(group.map((w) => w.namespace ?? object.namespace))];
    const [namespace] = namespaces;
    return {
      ...rest,
      ...(namespaces.length > 1 ? { appliedNamespaces: namespaces.sort() } : namespace !== undefined ? { appliedNamespace: namespace } : {}),
      builtAs: builders.length <= NAMED ? builders.join(' and ') : `${builders.slice(0, NAMED).join(', ')} and ${builders.length - NAMED} more`,
      builtThrough: new Set(group.flatMap((w) => (w.build !== undefined ? [w.build] : []))),
      buildBlock: blockOf(group[0]),
    };
  });
}

/** The name a way gives the object, with what gave it, where kustomizations renamed it. */
function renamedAs(object: ManifestObject, way: Way): Pick<ManifestObject, 'name' | 'writtenName' | 'renamedBy' | 'generatedName'> {
  if (way.name === object.name || way.name === undefined) return {};
  return {
    name: way.name,
    ...(object.name !== undefined ? { writtenName: object.name } : {}),
    renamedBy: describeRenames(way.renamedBy ?? []),
    generatedName: (folder, name) => {
      // An object the kustomization in `folder` generates goes through the rest of this way: its renames from that kustomization on.
      const from = (way.through ?? []).findIndex((f) => f.folder === normalize(folder));
      if (from < 0) return undefined;
      const renames = (way.through ?? []).slice(from).filter((f) => way.renamedBy?.includes(f) && f.rename && !f.rename.configurations);
      return renames.length === 0 ? undefined : {
        name: renames.reduce((n, f) => `${f.rename!.prefix}${n}${f.rename!.suffix}`, name),
        renamedBy: describeRenames(renames),
      };
    },
  };
}

/** `apps/staging/kustomization.yaml (namePrefix 'staging-')`, for the renames that apply (not a kustomization's with configurations:). */
function describeRenames(renames: readonly FolderPatches[]): string {
  return renames.flatMap((f) => (f.rename && !f.rename.configurations ? [f.rename.by] : [])).join(' and ');
}

/** Where a field of the built object is written: in the last patch that changed it, else in the object as written. */
function locator(object: ManifestObject, applied: readonly Applied[]): (pointer: string) => ManifestLocation {
  if (applied.length === 0) return object.locate;
  return (pointer) => {
    for (let i = applied.length - 1; i >= 0; i--) {
      const { patch, before, after } = applied[i];
      if (!isDeepStrictEqual(valueAtPointer(before, pointer), valueAtPointer(after, pointer))) return patch.locate(pointer);
    }
    return object.locate(pointer);
  };
}

/** The kustomization file of a folder a way ends at, as the files name it. */
function describeTop(folder: string, folders: ReadonlyMap<string, FolderPatches>): string {
  return folders.get(folder)?.kustomization.file ?? folder;
}

/** A patch kustomize refuses: an error at its entry, once. */
function problem(kustomization: KustomizationDocument, pointer: string, message: string, findings: Map<string, Finding>): void {
  const finding: Finding = {
    rule: 'patch',
    severity: 'error',
    location: kustomization.locate(pointer),
    pointer,
    message: `${kustomization.file} ${pointerAsField(pointer)} ${message}`,
  };
  const key = `${kustomization.file}\n${pointer}\n${message}`;
  findings.set(key, finding);
}
