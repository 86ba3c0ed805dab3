/**
 * The patches Flux Kustomizations apply to what they build
 * (`spec.patches`), so that the objects are checked as they reach the
 * cluster. A platform's top Kustomization often patches every
 * Kustomization it builds (interval, prune, and patches of their own for
 * every HelmRelease those build); the objects as written then lack fields
 * the CRD requires, and the fields the patches set are written nowhere
 * else.
 *
 * kustomize-controller adds `spec.patches` to the kustomization of the
 * folder it builds (fluxcd/pkg at e2cfd1a2: kustomize/kustomize_generator.go
 * `GenerateManifest`, `getPatches`), and kustomize's PatchTransformer
 * applies each, in order, to the objects its target selects
 * (kubernetes-sigs/kustomize at 12f9e639:
 * api/internal/builtins/PatchTransformer.go): a strategic-merge patch
 * (./strategic-merge.ts), or a JSON6902 one when the text is a list of
 * operations, which needs a target.
 *
 * A patch applies for certain to an object whose file the Kustomization
 * builds from the Git working tree (`builtBy`). Where that is not known (a
 * Kustomization reading another source, or files outside a working tree),
 * it may apply to any object its target selects that no known build
 * holds: the check then compares the object with and without it.
 */
import { applyPatch, JsonPatchError, Operation } from 'fast-json-patch';
import { isMap, isSeq, parseAllDocuments } from 'yaml';
import type { Finding } from './finding';
import { isKustomizationFile } from './kustomization-entries';
import type { ManifestObject, ObjectPatch } from './manifest-object';
import { describeObject, fieldAt, identityOf, isFluxKustomization, stringAt } from './object-index';
import { applyStrategicMerge } from './strategic-merge';
import { goYamlText } from '../../archives/go-yaml-names';
import { pointerAsField, valueAtPointer } from '../../foundation/json-pointer';
import { memoized } from '../../foundation/memo';
import { isPlainObject } from '../../model/json-values';
import { compileTarget, SelectableObject, selectionIds } from '../../model/kustomize-target';
import type { KustomizeSelector } from '../../model/release-options';

/** One `spec.patches` entry of a Flux Kustomization, ready to apply. */
export interface FluxPatch extends CompiledPatch {
  /** The Kustomization, as parsed. */
  readonly kustomization: ManifestObject;
  /** `/spec/patches/<i>`. */
  readonly pointer: string;
}

/** The objects with what the patches make of them. */
export interface PatchedObjects {
  /** The objects, each with the patches that apply for certain applied to its value (`written` keeps the value as written). */
  readonly objects: ManifestObject[];
  /** For objects that patches may reach: the value with those applied too, and the patches. */
  readonly uncertain: ReadonlyMap<ManifestObject, { readonly value: Record<string, unknown>; readonly applied: readonly ObjectPatch[] }>;
  /** Patches kustomize cannot parse or apply. */
  readonly findings: Finding[];
}

/** Patches that patch Kustomizations add patches to: a few rounds settle any real tree. */
const MAX_ROUNDS = 4;

/** Applies every Flux Kustomization's patches to the objects it builds (see above). */
export function applyFluxPatches(objects: readonly ManifestObject[]): PatchedObjects {
  const kustomizations = objects.filter(isFluxKustomization);
  if (!kustomizations.some((k) => Array.isArray(fieldAt(k.value, 'spec', 'patches')))) return { objects: [...objects], uncertain: new Map(), findings: [] };
  // Patches come from the Kustomizations as patched: a round patches the Kustomizations with the patches of the round before.
  let values = new Map<ManifestObject, Record<string, unknown>>(objects.map((o) => [o, o.value]));
  // A patch that patches Kustomizations often gives each the same patches: each distinct one is compiled once.
  const compiled: PatchCache = new Map();
  let result = patchRound(objects, kustomizations, values, compiled);
  for (let round = 1; round < MAX_ROUNDS; round++) {
    const next = new Map(objects.map((o) => [o, result.certain.get(o)?.value ?? o.value]));
    if (kustomizations.every((k) => JSON.stringify(fieldAt(next.get(k), 'spec', 'patches')) === JSON.stringify(fieldAt(values.get(k), 'spec', 'patches')))) break;
    values = next;
    result = patchRound(objects, kustomizations, values, compiled);
  }
  const placed = new Map<ManifestObject, { -readonly [K in keyof ManifestObject]: ManifestObject[K] }>(objects.map((o) => {
    const patched = result.certain.get(o);
    return [o, patched ? { ...o, value: patched.value, written: o.value } : { ...o }];
  }));
  // Links name the Kustomizations as patched: what they build reads their patched postBuild, and a patch a patch added is traced to where it is written.
  const relinked = (applied: readonly ObjectPatch[]) => applied.map((p) => ({ ...p, kustomization: placed.get(p.kustomization) ?? p.kustomization }));
  for (const [o, patched] of result.certain) placed.get(o)!.patchedBy = relinked(patched.applied);
  for (const object of placed.values()) {
    if (object.builtBy) object.builtBy = object.builtBy.map((k) => placed.get(k) ?? k);
  }
  return {
    objects: objects.map((o) => placed.get(o)!),
    uncertain: new Map([...result.uncertain].map(([o, { value, applied }]) => [placed.get(o)!, { value, applied: relinked(applied) }] as const)),
    findings: result.problems.map((p) => patchFinding({ ...p, kustomization: placed.get(p.kustomization) ?? p.kustomization })),
  };
}

/** A Flux Kustomization's `spec.patches`, as kustomize's PatchTransformer reads each (one it cannot read is left out). */
export function kustomizationPatches(kustomization: ManifestObject): FluxPatch[] {
  return patchesOf(kustomization, kustomization.value).patches;
}

/**
 * An object's value with those of `patches` that select it applied, in
 * order, as kustomize applies them (a target reads the labels the patches
 * before it left); undefined when none selects it, or one deletes it or
 * cannot be applied.
 */
export function applySelectingPatches(patches: readonly FluxPatch[], object: ManifestObject): Record<string, unknown> | undefined {
  let value = object.value;
  for (const patch of patches) {
    if (!patch.selects(value === object.value ? object : { ...object, value })) continue;
    const after = patch.apply(value);
    if (after === undefined || 'error' in after) return undefined;
    value = after;
  }
  return value === object.value ? undefined : value;
}

interface Round {
  readonly certain: Map<ManifestObject, { value: Record<string, unknown>; applied: ObjectPatch[] }>;
  readonly uncertain: Map<ManifestObject, { value: Record<string, unknown>; applied: ObjectPatch[] }>;
  readonly problems: PatchProblem[];
}

/** What is wrong with a patch, reported once the Kustomizations are patched (a patch a patch set is reported where it is written). */
interface PatchProblem {
  readonly kustomization: ManifestObject;
  readonly pointer: string;
  readonly severity: 'error' | 'warning';
  readonly problem: string;
}

function patchRound(
  objects: readonly ManifestObject[], kustomizations: readonly ManifestObject[], values: ReadonlyMap<ManifestObject, Record<string, unknown>>,
  compiled: PatchCache,
): Round {
  const problems: PatchProblem[] = [];
  const patches = kustomizations.flatMap((k) => {
    const parsed = patchesOf(k, values.get(k)!, compiled);
    problems.push(...parsed.problems);
    return parsed.patches;
  });
  const certain: Round['certain'] = new Map();
  const uncertain: Round['uncertain'] = new Map();
  const failed = new Set<string>();
  const reaching = patchesReaching(patches);
  for (const object of objects) {
    // A kustomization file is what kustomize builds from, never among what it builds.
    if (isKustomizationFile(object.location.file)) continue;
    let value = object.value;
    for (const [map, reaches] of [[certain, reaching.certainly], [uncertain, reaching.perhaps]] as const) {
      // The patches that may reach the object apply over those that do.
      const applied: ObjectPatch[] = [];
      for (const patch of reaches(object)) {
        // A target's selectors read the labels as the patches before this one left them.
        if (!patch.selects(value === object.value ? object : { ...object, value })) continue;
        const after = patch.apply(value);
        if (after === undefined) continue;
        if ('error' in after) {
          const key = `${patch.kustomization.location.file}:${patch.pointer}:${after.error}`;
          if (!failed.has(key)) {
            failed.add(key);
            problems.push({
              kustomization: patch.kustomization,
              pointer: patch.pointer,
              severity: map === certain ? 'error' : 'warning',
              problem: `cannot be applied to ${describeObject(object)}: ${after.error}, so kustomize build fails${map === certain ? '' : ' where it builds that object'}`,
            });
          }
          continue;
        }
        applied.push({ kustomization: patch.kustomization, pointer: patch.pointer, before: value, after });
        value = after;
      }
      if (applied.length > 0) map.set(object, { value, applied });
    }
  }
  return { certain, uncertain, problems };
}

/**
 * Per object, the patches that reach it, in the order of `patches`: for
 * certain those of the Kustomizations that build its file from the working
 * tree; perhaps those of Kustomizations whose build is not known, where no
 * known build holds the object (never a Kustomization's own patches to
 * itself). Looked up by Kustomization rather than tested patch by patch:
 * a tree of a thousand Kustomizations, each with a patch, has as many
 * patches as objects.
 */
function patchesReaching(patches: readonly FluxPatch[]): {
  readonly certainly: (object: ManifestObject) => readonly FluxPatch[];
  readonly perhaps: (object: ManifestObject) => readonly FluxPatch[];
} {
  const order = new Map(patches.map((p, i) => [p, i]));
  const byKustomization = new Map<ManifestObject, FluxPatch[]>();
  for (const patch of patches) {
    if (patch.kustomization.builds !== undefined) memoized(byKustomization, patch.kustomization, () => []).push(patch);
  }
  const unknownBuilds = patches.filter((p) => p.kustomization.builds === undefined);
  return {
    certainly: (object) => {
      if (object.builtBy === undefined) return [];
      const reached = [...new Set(object.builtBy)].flatMap((k) => byKustomization.get(k) ?? []);
      return reached.length > 1 ? reached.sort((a, b) => order.get(a)! - order.get(b)!) : reached;
    },
    perhaps: (object) => (object.builtBy === undefined ? unknownBuilds.filter((p) => p.kustomization !== object) : []),
  };
}

/** Compiled patches by their text and target: compiling is pure, and its result holds no state. */
type PatchCache = Map<string, ReturnType<typeof compilePatch>>;

/** The Kustomization's `spec.patches`, as kustomize's PatchTransformer reads each. */
function patchesOf(
  kustomization: ManifestObject, value: Record<string, unknown>, cache: PatchCache = new Map(),
): { patches: FluxPatch[]; problems: PatchProblem[] } {
  const entries = fieldAt(value, 'spec', 'patches');
  if (!Array.isArray(entries)) return { patches: [], problems: [] };
  const patches: FluxPatch[] = [];
  const problems: PatchProblem[] = [];
  entries.forEach((entry, i) => {
    const pointer = `/spec/patches/${i}`;
    const text = stringAt(entry, 'patch')?.trim();
    if (text === undefined) return;
    const target = fieldAt(entry, 'target');
    const compiled = memoized(cache, `${text}\0${JSON.stringify(target) ?? ''}`, () => compilePatch(text, target));
    if ('error' in compiled) problems.push({ kustomization, pointer, severity: 'error', problem: compiled.error });
    else patches.push(...compiled.map(({ selects, apply }) => ({ kustomization, pointer, selects, apply })));
  });
  return { patches, problems };
}

/** A patch compiled: which objects it selects, and what it makes of one. */
export interface CompiledPatch {
  readonly selects: (object: SelectableObject) => boolean;
  /** The object patched, or why kustomize fails; undefined when the patch deletes the object. */
  readonly apply: (value: Record<string, unknown>) => Record<string, unknown> | undefined | { readonly error: string };
}

/**
 * One entry of kustomize's PatchTransformer (`patch` text and `target`), as
 * it reads one (kubernetes-sigs/kustomize at 0c5e93e4:
 * api/internal/builtins/PatchTransformer.go): a JSON6902 list of
 * operations, which needs a target, or a strategic-merge patch, applied to
 * what the target selects, else to the object it names (several without a
 * target, one per YAML document); or why kustomize fails the build.
 */
export function compilePatch(text: string, target: unknown): CompiledPatch[] | { readonly error: string } {
  const compiled = isPlainObject(target) ? compileTarget(target as KustomizeSelector) : undefined;
  if (compiled && 'error' in compiled) return { error: `target: ${compiled.error}, so kustomize build fails` };
  const parsed = parsePatch(text);
  if ('error' in parsed) return { error: `${parsed.error}, so kustomize build fails` };
  if (parsed.operations) {
    if (!compiled) return { error: 'is a JSON6902 patch without a target, which kustomize refuses ("must specify a target for JSON patch")' };
    const operations = parsed.operations;
    return [{ selects: compiled.selects, apply: (v) => applyOperations(v, operations) }];
  }
  const merges = parsed.merges;
  if (compiled) {
    if (merges.length > 1) return { error: 'holds several strategic-merge patches and a target, which kustomize refuses' };
    return [{ selects: compiled.selects, apply: (v) => applyStrategicMerge(v, merges[0]) }];
  }
  // Without a target, each patch applies to the object it names.
  return merges.map((merge): CompiledPatch => ({ selects: (o) => namedBy(merge, o), apply: (v) => applyStrategicMerge(v, merge) }));
}

/**
 * A JSON6902 patch (kustomize's PatchJson6902Transformer: a list of
 * operations and the target it must have), as `compilePatch` reads one.
 */
export function compileJson6902Patch(text: string, target: unknown): CompiledPatch | { readonly error: string } {
  if (!isPlainObject(target)) return { error: 'has no target, which kustomize refuses ("must specify a target")' };
  const compiled = compilePatch(text, target);
  if ('error' in compiled) return compiled;
  const parsed = parsePatch(text);
  return 'operations' in parsed && parsed.operations ? compiled[0] : { error: 'is not a JSON6902 patch (a list of operations), so kustomize build fails' };
}

/** A patch text: one JSON6902 list of operations, or strategic-merge patches (one per YAML document). */
/** A patch's text as kustomize reads it: JSON6902 operations, or strategic-merge patches. */
export function parsePatch(
  text: string,
): { operations: Operation[] } | { operations?: undefined; merges: Record<string, unknown>[] } | { error: string } {
  const read = goYamlText(text);
  const documents = read.refused ? undefined : parseAllDocuments(read.text, { merge: true });
  if (!documents || documents.some((d) => d.errors.length > 0)) return { error: 'is not YAML kustomize can read as a strategic-merge or JSON6902 patch' };
  const contents = documents.filter((d) => d.contents !== null);
  if (contents.length === 1 && isSeq(contents[0].contents)) return { operations: contents[0].toJS() as Operation[] };
  if (contents.length > 0 && contents.every((d) => isMap(d.contents))) return { merges: contents.map((d) => d.toJS() as Record<string, unknown>) };
  return { error: 'is neither a strategic-merge patch (a YAML object) nor a JSON6902 patch (a list of operations)' };
}

function applyOperations(value: Record<string, unknown>, operations: readonly Operation[]): Record<string, unknown> | { error: string } {
  try {
    return applyPatch(structuredClone(value), structuredClone(operations as Operation[]), true, true).newDocument;
  } catch (e) {
    if (e instanceof JsonPatchError) return { error: `JSON6902 operation ${(e.index ?? 0) + 1} (${e.operation?.op ?? '?'} ${e.operation?.path ?? ''}): ${e.message.split('\n')[0]}` };
    throw e;
  }
}

/**
 * A strategic-merge patch without a target reaches the object of its own
 * kind, name and namespace (kustomize `GetById`, which matches the id the
 * object has now or had as written; no namespace is `default`).
 */
function namedBy(patch: Record<string, unknown>, object: SelectableObject): boolean {
  const ids = selectionIds(object);
  return stringAt(patch, 'apiVersion') === object.apiVersion && stringAt(patch, 'kind') === object.kind
    && ids.names.includes(stringAt(patch, 'metadata', 'name') ?? '') && ids.namespaces.includes(stringAt(patch, 'metadata', 'namespace') ?? 'default');
}

function patchFinding({ severity, problem, ...patch }: PatchProblem): Finding {
  const written = writtenAt(patch);
  const pointer = `${written.pointer}/patch`;
  return {
    rule: 'patch',
    severity,
    location: written.kustomization.locate(pointer),
    object: identityOf(written.kustomization),
    pointer,
    message: `${describePatch(patch)} ${problem}`,
  };
}

/** A patch for messages: where it is written, and the Kustomization another patch set it in. */
export function describePatch(patch: Pick<ObjectPatch, 'kustomization' | 'pointer'>): string {
  const written = writtenAt(patch);
  return written === patch ? `${describeObject(patch.kustomization)} ${pointerAsField(patch.pointer)}`
    : `${describeObject(written.kustomization)} ${pointerAsField(written.pointer)}, through the patch it sets in ${describeObject(patch.kustomization)} ${pointerAsField(patch.pointer)},`;
}

/**
 * Where a patch is written: its own entry, or, when another Kustomization's
 * patch put the entry there (a top Kustomization patching the
 * Kustomizations it builds with patches for their HelmReleases), that
 * patch, as far back as it goes.
 */
export function writtenAt(patch: Pick<ObjectPatch, 'kustomization' | 'pointer'>): Pick<ObjectPatch, 'kustomization' | 'pointer'> {
  const { kustomization, pointer } = patch;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const { written, patchedBy } = kustomization;
  if (!written || !patchedBy || same(valueAtPointer(written, pointer), valueAtPointer(kustomization.value, pointer))) return patch;
  const outer = patchedBy.find((p) => !same(valueAtPointer(p.before, pointer), valueAtPointer(p.after, pointer)));
  return outer ? writtenAt(outer) : patch;
}
