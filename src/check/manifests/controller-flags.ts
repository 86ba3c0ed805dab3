/**
 * Where the files set the Flux controllers' multi-tenancy lockdown flags,
 * per cluster: `--no-cross-namespace-refs`, `--no-remote-bases` and
 * `--default-service-account` (./lockdown.ts says what each refuses).
 *
 * - A FluxInstance with `spec.cluster.multitenant: true` (or a release of
 *   the flux-instance chart with `instance.cluster.multitenant`): the
 *   operator gives kustomize-, helm-, notification-, image-reflector- and
 *   image-automation-controller and source-watcher no cross-namespace
 *   references, kustomize-controller no remote bases, and kustomize- and
 *   helm-controller a default ServiceAccount (controlplaneio-fluxcd/
 *   flux-operator at 17c6aea: internal/builder/profiles.go
 *   `GetProfileMultitenant`), then applies the instance's own
 *   `kustomize.patches` (internal/controller/fluxinstance_controller.go
 *   `build`).
 * - A kustomization patch giving a controller's Deployment the flag:
 *   `flux bootstrap`'s `flux-system/kustomization.yaml`
 *   (fluxcd/flux2-multi-tenancy). Each list of patches is followed, in
 *   order, where it reaches each controller's args ({@link patchedControllers}).
 * - A controller's Deployment in the files (`gotk-components.yaml`), its
 *   container args as written.
 *
 * Something is judged in the clusters it is in: an object's own, else
 * those of the Kustomizations that build it; a flag holds only when every
 * one of them sets it alike. Where the files tell no cluster, only when
 * every cluster the files hold does.
 */
import { dirname } from 'node:path';
import { applyOperation } from 'fast-json-patch';
import { instanceSettingsOf } from './applied';
import type { BuildReader, ParsedManifests } from './documents';
import { parsePatch } from './flux-patches';
import { GeneratedObjects, NO_GENERATED_OBJECTS } from './kustomize-generated';
import type { KustomizationDocument, ManifestObject } from './manifest-object';
import { clustersOf, judgedClusters } from './object-clusters';
import { describeObject, fieldAt, ObjectIndex, stringAt } from './object-index';
import { isPlainObject } from '../../model/json-values';
import { compileTarget } from '../../model/kustomize-target';
import type { KustomizeSelector } from '../../model/release-options';

/** The controllers the lockdown concerns, by their Deployment's name. */
const LOCKDOWN_CONTROLLERS = [
  'kustomize-controller', 'helm-controller', 'notification-controller',
  'image-reflector-controller', 'image-automation-controller', 'source-watcher',
] as const;
export type Controller = typeof LOCKDOWN_CONTROLLERS[number];

/** The lockdown flags, as a controller's args set them. */
const FLAGS = ['no-cross-namespace-refs', 'no-remote-bases', 'default-service-account'] as const;
export type Flag = typeof FLAGS[number];
/** One of them as an argument: `--flag` or `--flag=value` (spf13/pflag's long forms; a single dash is a shorthand). */
const FLAG_ARG = new RegExp(`^--(${FLAGS.join('|')})(?:=(.*))?$`);

/** A flag's value in a cluster, and where the files set it, for messages. */
export interface SetFlag {
  readonly value: string;
  readonly where: string;
}

/** What the files set, per cluster (undefined: not known), per controller. */
type Lockdowns = Map<string | undefined, Map<Controller, Map<Flag, SetFlag>>>;

/** The flags the files set, as something in given clusters meets them. */
export interface ControllerFlags {
  /** A flag of `controller` for `object`, where every cluster it is in sets it alike. */
  of(object: ManifestObject, controller: Controller, flag: Flag): SetFlag | undefined;
  /** A flag of `controller` for a kustomization, where the clusters of every build that reads it set it alike. */
  ofReaders(readers: readonly BuildReader[], controller: Controller, flag: Flag): SetFlag | undefined;
}

/** The lockdown flags the files set; undefined when they set none. `index` indexes `objects` (a flux-instance release's values sources are found in it). */
export function controllerFlagsIn(
  parsed: Pick<ParsedManifests, 'kustomizations' | 'generated'>, objects: readonly ManifestObject[], index: ObjectIndex,
): ControllerFlags | undefined {
  const lockdowns = lockdownsIn(objects, index, parsed.kustomizations, parsed.generated ?? NO_GENERATED_OBJECTS);
  if (lockdowns.size === 0) return undefined;
  const judged = judgedClusters(objects);
  return {
    of: (object, controller, flag) => flagAcross(judged(clustersOf(object)), controller, flag, lockdowns),
    ofReaders: (readers, controller, flag) => {
      const own = new Set(readers.map((r) => r.cluster).filter((c): c is string => c !== undefined));
      return flagAcross(judged(own), controller, flag, lockdowns);
    },
  };
}

/**
 * A flag of `controller`, when every one of the `judged` clusters sets it
 * alike, with where (`<controller>` stands for the controller's name).
 */
function flagAcross(judged: readonly (string | undefined)[], controller: Controller, flag: Flag, lockdowns: Lockdowns): SetFlag | undefined {
  const set = judged.map((c) => lockdowns.get(c)?.get(controller)?.get(flag));
  const [first] = set;
  if (first === undefined || set.some((s) => s?.value !== first.value)) return undefined;
  const arg = `--${flag}=${first.value}`;
  return {
    value: first.value,
    where: judged.length === 1 ? `in this cluster <controller> runs with ${arg} (${first.where})`
      : `in each of the ${judged.length} clusters it is in <controller> runs with ${arg} (${first.where}, and alike in the others)`,
  };
}

/** Each cluster's controllers' lockdown flags, with where the files set them. */
function lockdownsIn(
  objects: readonly ManifestObject[], index: ObjectIndex, kustomizations: readonly KustomizationDocument[], generated: GeneratedObjects,
): Lockdowns {
  const lockdowns: Lockdowns = new Map();
  const add = (cluster: string | undefined, controller: Controller, flag: Flag, set: SetFlag): void => {
    const ofCluster = lockdowns.get(cluster) ?? new Map<Controller, Map<Flag, SetFlag>>();
    const ofController = ofCluster.get(controller) ?? new Map<Flag, SetFlag>();
    if (!ofController.has(flag)) ofController.set(flag, set);
    ofCluster.set(controller, ofController);
    lockdowns.set(cluster, ofCluster);
  };
  const at = (location: { readonly file: string; readonly line: number }): string => `${location.file}:${location.line}`;
  for (const object of objects) {
    if (object.kind === 'Deployment' && object.apiVersion === 'apps/v1' && (LOCKDOWN_CONTROLLERS as readonly string[]).includes(object.name ?? '')) {
      const where = `its Deployment's args at ${at(object.locate('/spec/template/spec/containers/0/args'))}`;
      flagsIn(argsOf(object.value)).forEach((value, flag) => add(object.cluster, object.name as Controller, flag, { value, where }));
      continue;
    }
    const instance = instanceSettingsOf(object, objects, () => index, generated);
    if (!instance) continue;
    // Where a release's values are not all in the files, what it writes itself is read: it wins over the rest.
    const settings = instance.known ? instance.settings : instance.inline;
    // The operator adds the lockdown's patches before the instance's own (flux-operator at 17c6aea: internal/controller/fluxinstance_controller.go `build`).
    const cluster = fieldAt(settings, 'cluster');
    const multitenant = fieldAt(cluster, 'multitenant') === true ? multitenantArgs(cluster) : undefined;
    const lockdown = `the multitenancy lockdown of ${describeObject(object)} at ${at(object.locate(`${instance.pointer}/cluster/multitenant`))}`;
    patchedControllers(fieldAt(settings, 'kustomize', 'patches'), multitenant).forEach((flags, controller) => flags.forEach(({ value, by }, flag) => {
      const where = by === undefined ? lockdown : `a patch of ${describeObject(object)} at ${at(object.locate(`${instance.pointer}/kustomize/patches/${by}`))}`;
      add(object.cluster, controller, flag, { value, where });
    }));
  }
  for (const k of kustomizations) {
    const patches = fieldAt(k.value, 'patches');
    if (!Array.isArray(patches)) continue;
    // A kustomization's cluster is that of the objects beside it (flux bootstrap's flux-system/ folder).
    const cluster = objects.find((o) => dirname(o.location.file) === dirname(k.file) && o.cluster !== undefined)?.cluster;
    patchedControllers(patches).forEach((flags, controller) => flags.forEach(({ value, by }, flag) => add(cluster, controller, flag, {
      value,
      where: `a patch at ${at(k.locate(`/patches/${by}`))}`,
    })));
  }
  return lockdowns;
}

/**
 * The args a FluxInstance's multitenancy lockdown gives each controller
 * (flux-operator at 17c6aea: internal/builder/profiles.go
 * `GetProfileMultitenant`): no cross-namespace references for all, no
 * remote bases for kustomize-controller, and a default ServiceAccount
 * (`tenantDefaultServiceAccount`, else `default`) for kustomize- and
 * helm-controller.
 */
function multitenantArgs(cluster: unknown): (controller: Controller) => string[] {
  const account = stringAt(cluster, 'tenantDefaultServiceAccount') ?? 'default';
  return (controller) => [
    '--no-cross-namespace-refs=true',
    ...(controller === 'kustomize-controller' ? ['--no-remote-bases=true'] : []),
    ...(controller === 'kustomize-controller' || controller === 'helm-controller' ? [`--default-service-account=${account}`] : []),
  ];
}

/**
 * The lockdown flags each controller runs with once a list of kustomize
 * patches is applied, in order, to its Deployment, whose manager
 * container's args start as `initial`'s: each flag with its value and the
 * index of the patch that last changed it (undefined: `initial` set it).
 *
 * Only what a patch does to those args is followed, as kustomize does it
 * to a Deployment: a JSON6902 operation on `/spec/template/spec/
 * containers/0/args` (each one on its own: the rest of the Deployment is
 * not known here, so an operation elsewhere that would fail is not held
 * against the others), or a strategic-merge patch naming the `manager`
 * container, whose `args` replace the list (Deployment containers merge
 * by name; a list of strings has no merge key).
 */
function patchedControllers(
  patches: unknown, initial: (controller: Controller) => string[] = () => [],
): Map<Controller, Map<Flag, { readonly value: string; readonly by?: number }>> {
  const out = new Map<Controller, Map<Flag, { readonly value: string; readonly by?: number }>>();
  for (const controller of LOCKDOWN_CONTROLLERS) {
    let args: unknown[] = initial(controller);
    const by = new Map<Flag, number>();
    (Array.isArray(patches) ? patches : []).forEach((entry, i) => {
      const after = argsPatched(entry, controller, args);
      if (after === args) return;
      const before = flagsIn(args);
      args = after;
      flagsIn(args).forEach((value, flag) => {
        if (before.get(flag) !== value) by.set(flag, i);
      });
    });
    const flags = new Map<Flag, { readonly value: string; readonly by?: number }>();
    flagsIn(args).forEach((value, flag) => flags.set(flag, { value, ...(by.has(flag) ? { by: by.get(flag) } : {}) }));
    if (flags.size > 0) out.set(controller, flags);
  }
  return out;
}

/** Where a controller's args are in its Deployment, as JSON6902 paths name them. */
const ARGS_PATH = '/spec/template/spec/containers/0/args';

/** The args after one kustomize patch entry, or `args` itself when the entry does not reach them. */
function argsPatched(entry: unknown, controller: Controller, args: unknown[]): unknown[] {
  const text = stringAt(entry, 'patch');
  const parsed = text === undefined ? undefined : parsePatch(text);
  if (parsed === undefined || 'error' in parsed) return args;
  const target = fieldAt(entry, 'target');
  // The labels Flux's install gives its controllers' Deployments, which a target's labelSelector may name.
  const labels = { 'app.kubernetes.io/component': controller, 'app.kubernetes.io/part-of': 'flux', 'control-plane': 'controller' };
  const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', name: controller, namespace: 'flux-system', value: { metadata: { name: controller, labels } } };
  const compiled = isPlainObject(target) ? compileTarget(target as KustomizeSelector) : undefined;
  if (compiled && 'error' in compiled) return args;
  if (parsed.operations) {
    if (!compiled?.selects(deployment)) return args;
    let document: Record<string, unknown> = { spec: { template: { spec: { containers: [{ name: 'manager', args }] } } } };
    let changed = false;
    for (const operation of parsed.operations) {
      if (typeof operation?.path !== 'string' || !(operation.path === ARGS_PATH || operation.path.startsWith(`${ARGS_PATH}/`))) continue;
      try {
        document = applyOperation(structuredClone(document), structuredClone(operation), true, true).newDocument;
        changed = true;
      } catch {
        // An operation kustomize could not apply fails the build, which is not this check's to report.
      }
    }
    const after = argsOf(document);
    return changed && Array.isArray(after) ? after : args;
  }
  let out = args;
  for (const merge of parsed.merges) {
    // Without a target, a strategic-merge patch reaches the object it names.
    if (compiled ? !compiled.selects(deployment) : stringAt(merge, 'kind') !== 'Deployment' || stringAt(merge, 'metadata', 'name') !== controller) continue;
    const containers = fieldAt(merge, 'spec', 'template', 'spec', 'containers');
    const manager = Array.isArray(containers) ? containers.find((c) => stringAt(c, 'name') === 'manager') : undefined;
    const replaced = fieldAt(manager, 'args');
    if (Array.isArray(replaced)) out = replaced;
  }
  return out;
}

function argsOf(deployment: unknown): unknown {
  const containers = fieldAt(deployment, 'spec', 'template', 'spec', 'containers');
  return Array.isArray(containers) ? fieldAt(containers[0], 'args') : undefined;
}

/**
 * The lockdown flags a container's args set, as spf13/pflag reads them:
 * the last occurrence wins; `--no-cross-namespace-refs` or
 * `--no-remote-bases` alone is `true`, and a value is read as Go's strconv.ParseBool reads it (`true` or
 * `false` here; one it refuses stops the controller, and is left out);
 * `--default-service-account` takes `=<name>` (an empty name is none).
 */
function flagsIn(args: unknown): Map<Flag, string> {
  const flags = new Map<Flag, string>();
  for (const arg of Array.isArray(args) ? args : []) {
    const match = typeof arg === 'string' ? FLAG_ARG.exec(arg) : null;
    if (!match) continue;
    const flag = match[1] as Flag;
    if (flag !== 'default-service-account') {
      const value = match[2] === undefined || ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(match[2]) ? 'true'
        : ['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(match[2]) ? 'false' : undefined;
      if (value === undefined) flags.delete(flag);
      else flags.set(flag, value);
    } else if (match[2] !== undefined) {
      if (match[2] === '') flags.delete(flag);
      else flags.set(flag, match[2]);
    }
  }
  return flags;
}
