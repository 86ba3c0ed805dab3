/**
 * Flux's multi-tenancy lockdown, where the files tell a cluster runs it:
 * controllers started with `--no-cross-namespace-refs=true` refuse a
 * reference into another namespace than the referrer's.
 *
 * Where the flag comes from:
 * - a FluxInstance with `spec.cluster.multitenant: true` (or a release of
 *   the flux-instance chart with `instance.cluster.multitenant`): the
 *   operator adds it to kustomize-, helm-, notification-,
 *   image-reflector- and image-automation-controller and source-watcher
 *   (controlplaneio-fluxcd/flux-operator at 17c6aea:
 *   internal/builder/profiles.go `GetProfileMultitenant`);
 * - a patch adding it to a controller's Deployment: `flux bootstrap`'s
 *   `flux-system/kustomization.yaml` (fluxcd/flux2-multi-tenancy), or a
 *   FluxInstance's `spec.kustomize.patches`. Each patch is applied, as
 *   kustomize would, to a stand-in of each controller's Deployment;
 * - a controller's Deployment in the files (`gotk-components.yaml`), its
 *   container args as written.
 *
 * What each controller then refuses:
 * - kustomize-controller: a Kustomization's `spec.sourceRef` ("can't access
 *   '<kind>/<namespace>/<name>', cross-namespace references have been
 *   blocked"; fluxcd/kustomize-controller at 186fb3b:
 *   internal/controller/kustomization_controller.go `getSource`);
 * - helm-controller: a HelmRelease's `spec.chartRef`, and its
 *   `spec.chart.spec.sourceRef`, whose HelmChart it makes in the source's
 *   namespace ("cross-namespace references are not allowed"; fluxcd/helm-
 *   controller at 0f61a86: internal/acl/acl.go `AllowsAccessTo`);
 * - image-reflector-controller: an ImagePolicy's `spec.imageRepositoryRef`
 *   (at debe2aa: internal/controller/imagepolicy_controller.go);
 * - image-automation-controller: an ImageUpdateAutomation's `spec.sourceRef`
 *   (at d36e2ea: internal/source/source.go);
 * - notification-controller: a Receiver's `spec.resources` entry (the
 *   webhook fails for it), and an Alert's `spec.eventSources` entry, whose
 *   events it discards (a warning: the Alert is ready, and silent; at
 *   2e46958: internal/server/receiver_handlers.go, event_handlers.go).
 * `dependsOn` entries are not refused.
 *
 * A reference is judged in the clusters its object is in: its own, else
 * those of the Kustomizations that build it; refused only when every one
 * of them runs the lockdown. Where the files tell no cluster, only when
 * every cluster the files hold does.
 */
import { dirname } from 'node:path';
import type { Finding } from './finding';
import { compilePatch } from './flux-patches';
import { GeneratedObjects, NO_GENERATED_OBJECTS } from './kustomize-generated';
import type { KustomizationDocument, ManifestObject } from './manifest-object';
import { describeObject, fieldAt, identityOf, isFluxObject, isReleaseOfChart, namespacesOf, ObjectIndex, stringAt } from './object-index';
import { releaseValuesOf } from './values-from';
import { pointerAsField } from '../../foundation/json-pointer';
import { fluxVariablesIn } from '../../model/flux-variables';

/** The controllers the lockdown concerns, by their Deployment's name. */
const LOCKDOWN_CONTROLLERS = [
  'kustomize-controller', 'helm-controller', 'notification-controller',
  'image-reflector-controller', 'image-automation-controller', 'source-watcher',
] as const;
type Controller = typeof LOCKDOWN_CONTROLLERS[number];

const FLAG = 'no-cross-namespace-refs';

/** A reference a lockdown refuses: where it is, which controller reads it, and what it says. */
interface LockedReference {
  readonly kind: string;
  readonly pointer: string;
  readonly controller: Controller;
  readonly list?: boolean;
  /** The kind it names when it has no `kind`. */
  readonly names?: string;
  /** What the controller does, given the kind, namespace and name named. */
  readonly refusal: (kind: string, namespace: string, name: string, from: ManifestObject) => string;
  readonly severity: 'error' | 'warning';
  /** What to do instead, when it is not to keep what it names in the referrer's namespace. */
  readonly fix?: (kind: string, namespace: string) => string;
}

const blocked = (kind: string, namespace: string, name: string): string =>
  `"can't access '${kind}/${namespace}/${name}', cross-namespace references have been blocked"`;

const LOCKED: readonly LockedReference[] = [
  { kind: 'Kustomization', pointer: '/spec/sourceRef', controller: 'kustomize-controller', severity: 'error', refusal: (k, ns, n) => `it refuses the reference: ${blocked(k, ns, n)}` },
  {
    kind: 'HelmRelease',
    pointer: '/spec/chartRef',
    controller: 'helm-controller',
    severity: 'error',
    refusal: (k, ns, n) => `it refuses the reference: "cross-namespace references are not allowed: cannot access ${k} ${ns}/${n}"`,
  },
  {
    kind: 'HelmRelease',
    pointer: '/spec/chart/spec/sourceRef',
    controller: 'helm-controller',
    severity: 'error',
    refusal: (_k, ns, _n, from) => `it makes the release's HelmChart in ${ns} and refuses to read it: `
      + `"cross-namespace references are not allowed: cannot access HelmChart ${ns}/${from.namespace ?? from.appliedNamespace}-${from.name}"`,
  },
  {
    kind: 'ImagePolicy',
    pointer: '/spec/imageRepositoryRef',
    controller: 'image-reflector-controller',
    names: 'ImageRepository',
    severity: 'error',
    refusal: (k, ns, n) => `it refuses the reference: ${blocked(k, ns, n).replace("can't", 'cannot')}`,
  },
  { kind: 'ImageUpdateAutomation', pointer: '/spec/sourceRef', controller: 'image-automation-controller', severity: 'error', refusal: (k, ns, n) => `it refuses the reference: ${blocked(k, ns, n)}` },
  {
    kind: 'Receiver',
    pointer: '/spec/resources',
    list: true,
    controller: 'notification-controller',
    severity: 'error',
    refusal: () => 'it refuses this entry each time the webhook is called: "cross-namespace references are not allowed"',
  },
  {
    kind: 'Alert',
    pointer: '/spec/eventSources',
    list: true,
    controller: 'notification-controller',
    severity: 'warning',
    refusal: (k, ns, n, from) => `it discards the events of this source and the Alert never reports them: "alert '${from.appliedNamespace ?? from.namespace}/${from.name}' `
      + `can't process event from '${k}/${ns}/${n}', cross-namespace references have been blocked"`,
    fix: (_k, ns) => `an Alert in ${ns} can report them`,
  },
];

/** Where the files turn a controller's lockdown on, for messages. */
type Lockdowns = Map<string | undefined, Map<Controller, string>>;

/** The findings of references the lockdown refuses, in the clusters the files say run it. */
export function lockdownFindings(
  objects: readonly ManifestObject[], kustomizations: readonly KustomizationDocument[], generated: GeneratedObjects = NO_GENERATED_OBJECTS,
): Finding[] {
  const lockdowns = lockdownsIn(objects, kustomizations, generated);
  if (lockdowns.size === 0) return [];
  const clusters = new Set(objects.map((o) => o.cluster).filter((c): c is string => c !== undefined));
  const findings: Finding[] = [];
  for (const from of objects) {
    for (const locked of LOCKED) {
      if (from.kind !== locked.kind || !isFluxObject(from)) continue;
      const field = fieldAt(from.value, ...locked.pointer.slice(1).split('/'));
      const entries = locked.list ? (Array.isArray(field) ? field.map((ref, i) => ({ ref, pointer: `${locked.pointer}/${i}` })) : []) : [{ ref: field, pointer: locked.pointer }];
      for (const { ref, pointer } of entries) {
        const namespace = stringAt(ref, 'namespace');
        const name = stringAt(ref, 'name') ?? '';
        const kind = stringAt(ref, 'kind') ?? locked.names ?? '';
        if (namespace === undefined || [namespace, name].some((s) => fluxVariablesIn(s).length > 0)) continue;
        const own = namespacesOf(from);
        if (own.includes(undefined) || own.every((n) => n === namespace)) continue;
        const by = lockedBy(from, locked.controller, lockdowns, clusters);
        if (by === undefined) continue;
        findings.push({
          rule: 'reference',
          severity: locked.severity,
          location: from.locate(pointer),
          object: identityOf(from),
          pointer,
          message: `${describeObject(from)} ${pointerAsField(pointer)} names ${kind} ${namespace}/${name}, in another namespace, `
            + `and ${by}, so ${locked.refusal(kind, namespace, name, from)}; `
            + (locked.fix?.(kind, namespace) ?? `keep the ${kind} in ${own.filter((n) => n !== namespace).join(' and ')}, the namespace of what names it`),
        });
      }
    }
  }
  return findings;
}

/** In which clusters, and from where, `controller` runs the lockdown for `object`, when every cluster it is in runs it. */
function lockedBy(object: ManifestObject, controller: Controller, lockdowns: Lockdowns, clusters: ReadonlySet<string>): string | undefined {
  const own = clustersOf(object, new Set());
  const judged = own.size > 0 ? [...own] : clusters.size > 0 ? [...clusters] : [undefined];
  const sources = judged.map((c) => lockdowns.get(c)?.get(controller));
  if (sources.some((s) => s === undefined)) return undefined;
  return judged.length === 1 ? `in this cluster ${controller} runs with --${FLAG}=true (${sources[0]})`
    : `in each of the ${judged.length} clusters it is in ${controller} runs with --${FLAG}=true (${sources[0]}, and alike in the others)`;
}

/** The clusters an object is in: its own, else those of the Kustomizations that build it. */
function clustersOf(object: ManifestObject, seen: Set<ManifestObject>): Set<string> {
  if (object.cluster !== undefined) return new Set([object.cluster]);
  const out = new Set<string>();
  if (seen.has(object)) return out;
  seen.add(object);
  for (const k of object.builtBy ?? []) for (const c of clustersOf(k, seen)) out.add(c);
  return out;
}

/** Each cluster's controllers that run the lockdown, with where the files say so. */
function lockdownsIn(objects: readonly ManifestObject[], kustomizations: readonly KustomizationDocument[], generated: GeneratedObjects): Lockdowns {
  const lockdowns: Lockdowns = new Map();
  const add = (cluster: string | undefined, controller: Controller, where: string): void => {
    const of = lockdowns.get(cluster) ?? new Map<Controller, string>();
    if (!of.has(controller)) of.set(controller, where);
    lockdowns.set(cluster, of);
  };
  const at = (location: { readonly file: string; readonly line: number }): string => `${location.file}:${location.line}`;
  let index: ObjectIndex | undefined;
  for (const object of objects) {
    if (object.kind === 'Deployment' && object.apiVersion === 'apps/v1' && (LOCKDOWN_CONTROLLERS as readonly string[]).includes(object.name ?? '')) {
      const containers = fieldAt(object.value, 'spec', 'template', 'spec', 'containers');
      const args = Array.isArray(containers) ? fieldAt(containers[0], 'args') : undefined;
      if (flagIn(args)) add(object.cluster, object.name as Controller, `its Deployment's args at ${at(object.locate('/spec/template/spec/containers/0/args'))}`);
      continue;
    }
    const instance = instanceSettings(object, objects, () => (index ??= new ObjectIndex(objects)), generated);
    if (!instance) continue;
    // The operator adds the lockdown's patches before the instance's own (flux-operator at 17c6aea: internal/controller/fluxinstance_controller.go `build`).
    const multitenant = fieldAt(instance.cluster, 'multitenant') === true;
    patchedControllers(instance.patches, multitenant).forEach((by, controller) => add(object.cluster, controller, by === undefined
      ? `the multitenancy lockdown of ${describeObject(object)} at ${at(object.locate(`${instance.pointer}/cluster/multitenant`))}`
      : `a patch of ${describeObject(object)} at ${at(object.locate(`${instance.pointer}/kustomize/patches/${by}`))}`));
  }
  for (const k of kustomizations) {
    const patches = fieldAt(k.value, 'patches');
    if (!Array.isArray(patches)) continue;
    // A kustomization's cluster is that of the objects beside it (flux bootstrap's flux-system/ folder).
    const cluster = objects.find((o) => dirname(o.location.file) === dirname(k.file) && o.cluster !== undefined)?.cluster;
    patchedControllers(patches, false).forEach((by, controller) => add(cluster, controller, `a patch at ${at(k.locate(`/patches/${by}`))}`));
  }
  return lockdowns;
}

/** A FluxInstance's `spec`, or a flux-instance release's `instance` values, with the pointer to them in the object. */
function instanceSettings(
  object: ManifestObject, objects: readonly ManifestObject[], index: () => ObjectIndex, generated: GeneratedObjects,
): { readonly cluster: unknown; readonly patches: unknown; readonly pointer: string } | undefined {
  if (object.kind === 'FluxInstance' && object.apiVersion.startsWith('fluxcd.controlplane.io/')) {
    return { cluster: fieldAt(object.value, 'spec', 'cluster'), patches: fieldAt(object.value, 'spec', 'kustomize', 'patches'), pointer: '/spec' };
  }
  if (object.kind === 'HelmRelease' && object.apiVersion.startsWith('helm.toolkit.fluxcd.io/') && isReleaseOfChart(object, objects, 'flux-instance')) {
    // Values from a source not in the files leave what they set unknown: only spec.values is read then.
    const values = releaseValuesOf(object, index(), generated) ?? fieldAt(object.value, 'spec', 'values');
    return { cluster: fieldAt(values, 'instance', 'cluster'), patches: fieldAt(values, 'instance', 'kustomize', 'patches'), pointer: '/spec/values/instance' };
  }
  return undefined;
}

/**
 * The controllers that run with the flag once a list of kustomize patches
 * is applied, in order, to a stand-in of each one's Deployment, with the
 * index of the patch that turned it on (undefined when it was on from the
 * start, `on`, and no patch turned it off).
 */
function patchedControllers(patches: unknown, on: boolean): Map<Controller, number | undefined> {
  const out = new Map<Controller, number | undefined>();
  for (const controller of LOCKDOWN_CONTROLLERS) {
    let deployment = standIn(controller, on);
    let by: number | undefined;
    (Array.isArray(patches) ? patches : []).forEach((entry, i) => {
      const text = stringAt(entry, 'patch');
      const compiled = text === undefined ? [] : compilePatch(text, fieldAt(entry, 'target'));
      if ('error' in compiled) return;
      for (const patch of compiled) {
        if (!patch.selects({ apiVersion: 'apps/v1', kind: 'Deployment', name: controller, namespace: 'flux-system', value: deployment })) continue;
        const patched = patch.apply(deployment);
        if (patched === undefined || 'error' in patched) continue;
        const before = flagIn(argsOf(deployment));
        deployment = patched;
        if (!before && flagIn(argsOf(deployment))) by = i;
      }
    });
    if (flagIn(argsOf(deployment))) out.set(controller, by);
  }
  return out;
}

/** A controller's Deployment as flux-oci stands it in for patches: one container, whose args have the flag when `on`. */
function standIn(controller: Controller, on: boolean): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: controller, namespace: 'flux-system' },
    spec: { template: { spec: { containers: [{ name: 'manager', args: on ? [`--${FLAG}=true`] : [] }] } } },
  };
}

function argsOf(deployment: Record<string, unknown>): unknown {
  const containers = fieldAt(deployment, 'spec', 'template', 'spec', 'containers');
  return Array.isArray(containers) ? fieldAt(containers[0], 'args') : undefined;
}

/**
 * Whether a container's args turn the flag on: the last `--flag` or
 * `--flag=<bool>` wins, the value read as Go's strconv.ParseBool reads it
 * (spf13/pflag bool flags).
 */
function flagIn(args: unknown): boolean {
  if (!Array.isArray(args)) return false;
  let on = false;
  for (const arg of args) {
    if (typeof arg !== 'string') continue;
    const match = /^--?no-cross-namespace-refs(?:=(.*))?$/.exec(arg);
    if (!match) continue;
    if (match[1] === undefined || ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(match[1])) on = true;
    else if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(match[1])) on = false;
  }
  return on;
}
