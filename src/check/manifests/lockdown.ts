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
import type { BuildReader, ParsedManifests } from './documents';
import type { Finding } from './finding';
import { compilePatch } from './flux-patches';
import { buildsInto, kustomizationEntries } from './kustomization-entries';
import { GeneratedObjects, NO_GENERATED_OBJECTS } from './kustomize-generated';
import type { KustomizationDocument, ManifestObject } from './manifest-object';
import { describeObject, fieldAt, identityOf, isFluxObject, isReleaseOfChart, namespacesOf, ObjectIndex, stringAt } from './object-index';
import { releaseValuesOf } from './values-from';
import { pointerAsField } from '../../foundation/json-pointer';
import { fluxVariablesIn } from '../../model/flux-variables';
import { isRemotePath } from '../kustomize-files';

/** The controllers the lockdown concerns, by their Deployment's name. */
const LOCKDOWN_CONTROLLERS = [
  'kustomize-controller', 'helm-controller', 'notification-controller',
  'image-reflector-controller', 'image-automation-controller', 'source-watcher',
] as const;
type Controller = typeof LOCKDOWN_CONTROLLERS[number];

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

/** The lockdown flags, as a controller's args set them. */
const FLAGS = ['no-cross-namespace-refs', 'no-remote-bases', 'default-service-account'] as const;
type Flag = typeof FLAGS[number];

/** A flag's value in a cluster, and where the files set it, for messages. */
interface SetFlag {
  readonly value: string;
  readonly where: string;
}

/** What the files set, per cluster (undefined: not known), per controller. */
type Lockdowns = Map<string | undefined, Map<Controller, Map<Flag, SetFlag>>>;

/** A controller's flag for an object, where every cluster it is in sets it alike. */
type FlagOf = (object: ManifestObject, controller: Controller, flag: Flag) => SetFlag | undefined;

/** The findings of what the lockdown refuses, in the clusters the files say run it. */
export function lockdownFindings(
  parsed: Pick<ParsedManifests, 'kustomizations' | 'readersOf' | 'generated'>, objects: readonly ManifestObject[],
): Finding[] {
  const lockdowns = lockdownsIn(objects, parsed.kustomizations, parsed.generated ?? NO_GENERATED_OBJECTS);
  if (lockdowns.size === 0) return [];
  const clusters = new Set(objects.map((o) => o.cluster).filter((c): c is string => c !== undefined));
  const judged = (own: ReadonlySet<string>): (string | undefined)[] => judgedClusters(own, clusters);
  const setFor: FlagOf = (object, controller, flag) => flagAcross(judged(clustersOf(object, new Set())), controller, flag, lockdowns);
  return [
    ...crossNamespaceFindings(objects, setFor),
    ...defaultServiceAccountFindings(objects, setFor),
    ...remoteBaseFindings(parsed.kustomizations, parsed.readersOf ?? (() => []), (readers) => flagAcross(
      judged(new Set(readers.map((r) => r.cluster).filter((c): c is string => c !== undefined))), 'kustomize-controller', 'no-remote-bases', lockdowns,
    )),
  ];
}

/**
 * A kustomization's remote bases and components (Git repositories) under
 * kustomize-controller's `--no-remote-bases=true`: its build runs on a
 * file system confined to the source's artifact, where kustomize cannot
 * clone them (fluxcd/pkg at e2cfd1a2: kustomize/kustomize_generator.go
 * `SecureBuild`, which then uses `MakeFsOnDiskSecure` rather than
 * `MakeFsOnDiskSecureBuild`), so the build fails: an error, where every
 * located build that reads it runs so. A resource that is an HTTP(S) URL
 * of a YAML or JSON file is fetched over HTTP, not through the file
 * system (kubernetes-sigs/kustomize at 12f9e639:
 * api/internal/loader/fileloader.go `Load`), and is left alone.
 */
function remoteBaseFindings(
  kustomizations: readonly KustomizationDocument[],
  readersOf: (file: string) => readonly BuildReader[],
  setFor: (readers: readonly BuildReader[]) => SetFlag | undefined,
): Finding[] {
  const findings: Finding[] = [];
  for (const k of kustomizations) {
    const remote = kustomizationEntries(k.value).filter((e) => buildsInto(e) && isRemotePath(e.path) && !(e.kind === 'resource' && isRemoteFile(e.path)));
    const readers = remote.length > 0 ? readersOf(k.file) : [];
    const set = readers.length > 0 ? setFor(readers) : undefined;
    if (set?.value !== 'true') continue;
    const built = `${readers[0].description}${readers.length > 1 ? ` and ${readers.length - 1} more` : ''}`;
    for (const entry of remote) {
      findings.push({
        rule: 'kustomize-build',
        severity: 'error',
        location: k.locate(entry.pointer),
        pointer: entry.pointer,
        message: `${k.file} ${pointerAsField(entry.pointer)} '${entry.path}' is a remote ${entry.kind === 'component' ? 'component' : 'base'}, `
          + `and ${set.where.replace('<controller>', 'kustomize-controller')}, so kustomize build of ${dirname(k.file)} (as ${built} builds it) fails: `
          + "the controller builds on a file system confined to the source's artifact and cannot fetch it; copy it into the repository, or have a Flux source fetch it",
      });
    }
  }
  return findings;
}

function crossNamespaceFindings(objects: readonly ManifestObject[], setFor: FlagOf): Finding[] {
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
        const set = setFor(from, locked.controller, 'no-cross-namespace-refs');
        if (set?.value !== 'true') continue;
        findings.push({
          rule: 'reference',
          severity: locked.severity,
          location: from.locate(pointer),
          object: identityOf(from),
          pointer,
          message: `${describeObject(from)} ${pointerAsField(pointer)} names ${kind} ${namespace}/${name}, in another namespace, `
            + `and ${set.where.replace('<controller>', locked.controller)}, so ${locked.refusal(kind, namespace, name, from)}; `
            + (locked.fix?.(kind, namespace) ?? `keep the ${kind} in ${own.filter((n) => n !== namespace).join(' and ')}, the namespace of what names it`),
        });
      }
    }
  }
  return findings;
}

/** Whether a resource is a file kustomize fetches over HTTP: an HTTP(S) URL of a `.yaml`, `.yml` or `.json` file. */
function isRemoteFile(path: string): boolean {
  return /^https?:\/\//i.test(path) && /\.(ya?ml|json)(\?[^/]*)?$/i.test(path);
}

/** The kinds a controller applies as a ServiceAccount it impersonates, and the controller. */
const IMPERSONATING: Readonly<Record<string, Controller>> = { Kustomization: 'kustomize-controller', HelmRelease: 'helm-controller' };

/**
 * A Kustomization or HelmRelease without `spec.serviceAccountName` (or
 * `spec.kubeConfig`) under `--default-service-account=<name>` is applied
 * as ServiceAccount `<its namespace>/<name>` (fluxcd/pkg at e2cfd1a2:
 * runtime/client/impersonator.go `GetClient`): a warning when no
 * RoleBinding or ClusterRoleBinding in the files grants that account
 * anything, since the API server then refuses everything it applies.
 */
function defaultServiceAccountFindings(objects: readonly ManifestObject[], setFor: FlagOf): Finding[] {
  const findings: Finding[] = [];
  let bound: ((namespace: string, name: string) => boolean) | undefined;
  for (const object of objects) {
    const controller = IMPERSONATING[object.kind];
    if (controller === undefined || !isFluxObject(object)) continue;
    if (fieldAt(object.value, 'spec', 'serviceAccountName') !== undefined || fieldAt(object.value, 'spec', 'kubeConfig') !== undefined) continue;
    const namespace = object.appliedNamespace;
    const set = namespace === undefined || namespacesOf(object).length > 1 ? undefined : setFor(object, controller, 'default-service-account');
    if (set === undefined || namespace === undefined) continue;
    bound ??= serviceAccountBindings(objects);
    if (bound(namespace, set.value)) continue;
    findings.push({
      rule: 'reference',
      severity: 'warning',
      location: object.locate('/spec'),
      object: identityOf(object),
      pointer: '/spec/serviceAccountName',
      message: `${describeObject(object)} sets no spec.serviceAccountName, and ${set.where.replace('<controller>', controller)}, so ${controller} applies `
        + `${object.kind === 'Kustomization' ? 'what it builds' : 'the release'} as ServiceAccount ${namespace}/${set.value}, which no RoleBinding or ClusterRoleBinding in the files `
        + 'grants anything: the API server refuses what it applies (fine if the cluster binds it elsewhere); set spec.serviceAccountName to an account bound to what it applies',
    });
  }
  return findings;
}

/** Whether a RoleBinding or ClusterRoleBinding in the files names ServiceAccount `namespace/name` (or a group it is in) as a subject. */
function serviceAccountBindings(objects: readonly ManifestObject[]): (namespace: string, name: string) => boolean {
  const accounts = new Set<string>();
  for (const binding of objects) {
    if ((binding.kind !== 'RoleBinding' && binding.kind !== 'ClusterRoleBinding') || !binding.apiVersion.startsWith('rbac.authorization.k8s.io/')) continue;
    const subjects = fieldAt(binding.value, 'subjects');
    for (const subject of Array.isArray(subjects) ? subjects : []) {
      const kind = stringAt(subject, 'kind');
      const name = stringAt(subject, 'name');
      // A RoleBinding's ServiceAccount subject without a namespace is in the binding's.
      const namespaces = kind === 'ServiceAccount' ? [stringAt(subject, 'namespace') ?? (binding.kind === 'RoleBinding' ? binding.appliedNamespace : undefined)] : [];
      for (const namespace of namespaces) if (name !== undefined && namespace !== undefined) accounts.add(`${namespace}/${name}`);
      if (kind === 'Group' && name !== undefined && /^system:serviceaccounts(:|$)/.test(name)) accounts.add(name === 'system:serviceaccounts' ? '*' : `${name.slice('system:serviceaccounts:'.length)}/*`);
    }
  }
  return (namespace, name) => accounts.has('*') || accounts.has(`${namespace}/*`) || accounts.has(`${namespace}/${name}`);
}

/** The clusters to judge something in: its own, else every cluster of the files (none: the files tell no cluster). */
function judgedClusters(own: ReadonlySet<string>, clusters: ReadonlySet<string>): (string | undefined)[] {
  return own.size > 0 ? [...own] : clusters.size > 0 ? [...clusters] : [undefined];
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

/** The clusters an object is in: its own, else those of the Kustomizations that build it. */
function clustersOf(object: ManifestObject, seen: Set<ManifestObject>): Set<string> {
  if (object.cluster !== undefined) return new Set([object.cluster]);
  const out = new Set<string>();
  if (seen.has(object)) return out;
  seen.add(object);
  for (const k of object.builtBy ?? []) for (const c of clustersOf(k, seen)) out.add(c);
  return out;
}

/** Each cluster's controllers' lockdown flags, with where the files set them. */
function lockdownsIn(objects: readonly ManifestObject[], kustomizations: readonly KustomizationDocument[], generated: GeneratedObjects): Lockdowns {
  const lockdowns: Lockdowns = new Map();
  const add = (cluster: string | undefined, controller: Controller, flag: Flag, set: SetFlag): void => {
    const ofCluster = lockdowns.get(cluster) ?? new Map<Controller, Map<Flag, SetFlag>>();
    const ofController = ofCluster.get(controller) ?? new Map<Flag, SetFlag>();
    if (!ofController.has(flag)) ofController.set(flag, set);
    ofCluster.set(controller, ofController);
    lockdowns.set(cluster, ofCluster);
  };
  const at = (location: { readonly file: string; readonly line: number }): string => `${location.file}:${location.line}`;
  let index: ObjectIndex | undefined;
  for (const object of objects) {
    if (object.kind === 'Deployment' && object.apiVersion === 'apps/v1' && (LOCKDOWN_CONTROLLERS as readonly string[]).includes(object.name ?? '')) {
      const where = `its Deployment's args at ${at(object.locate('/spec/template/spec/containers/0/args'))}`;
      flagsIn(argsOf(object.value)).forEach((value, flag) => add(object.cluster, object.name as Controller, flag, { value, where }));
      continue;
    }
    const instance = instanceSettings(object, objects, () => (index ??= new ObjectIndex(objects)), generated);
    if (!instance) continue;
    // The operator adds the lockdown's patches before the instance's own (flux-operator at 17c6aea: internal/controller/fluxinstance_controller.go `build`).
    const multitenant = fieldAt(instance.cluster, 'multitenant') === true ? multitenantArgs(instance.cluster) : undefined;
    const lockdown = `the multitenancy lockdown of ${describeObject(object)} at ${at(object.locate(`${instance.pointer}/cluster/multitenant`))}`;
    patchedControllers(instance.patches, multitenant).forEach((flags, controller) => flags.forEach(({ value, by }, flag) => {
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
 * The lockdown flags each controller runs with once a list of kustomize
 * patches is applied, in order, to a stand-in of its Deployment whose
 * args are `initial`'s: each flag with its value and the index of the
 * patch that last changed it (undefined: `initial` set it).
 */
function patchedControllers(
  patches: unknown, initial: (controller: Controller) => string[] = () => [],
): Map<Controller, Map<Flag, { readonly value: string; readonly by?: number }>> {
  const out = new Map<Controller, Map<Flag, { readonly value: string; readonly by?: number }>>();
  for (const controller of LOCKDOWN_CONTROLLERS) {
    let deployment = standIn(controller, initial(controller));
    const by = new Map<Flag, number>();
    (Array.isArray(patches) ? patches : []).forEach((entry, i) => {
      const text = stringAt(entry, 'patch');
      const compiled = text === undefined ? [] : compilePatch(text, fieldAt(entry, 'target'));
      if ('error' in compiled) return;
      for (const patch of compiled) {
        if (!patch.selects({ apiVersion: 'apps/v1', kind: 'Deployment', name: controller, namespace: 'flux-system', value: deployment })) continue;
        const patched = patch.apply(deployment);
        if (patched === undefined || 'error' in patched) continue;
        const before = flagsIn(argsOf(deployment));
        deployment = patched;
        flagsIn(argsOf(deployment)).forEach((value, flag) => {
          if (before.get(flag) !== value) by.set(flag, i);
        });
      }
    });
    const flags = new Map<Flag, { readonly value: string; readonly by?: number }>();
    flagsIn(argsOf(deployment)).forEach((value, flag) => flags.set(flag, { value, ...(by.has(flag) ? { by: by.get(flag) } : {}) }));
    if (flags.size > 0) out.set(controller, flags);
  }
  return out;
}

/** A controller's Deployment as flux-oci stands it in for patches: one container, with `args`. */
function standIn(controller: Controller, args: readonly string[]): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: controller, namespace: 'flux-system' },
    spec: { template: { spec: { containers: [{ name: 'manager', args: [...args] }] } } },
  };
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
    const match = typeof arg === 'string' ? /^--?(no-cross-namespace-refs|no-remote-bases|default-service-account)(?:=(.*))?$/.exec(arg) : null;
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
