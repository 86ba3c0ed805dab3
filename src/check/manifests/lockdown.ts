/**
 * What Flux's multi-tenancy lockdown refuses, where the files set its
 * flags (./controller-flags.ts says where they come from).
 *
 * `--no-cross-namespace-refs=true`: a reference into another namespace
 * than the referrer's:
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
 * `--default-service-account` and `--no-remote-bases`: see
 * {@link defaultServiceAccountFindings} and {@link remoteBaseFindings}.
 */
import { dirname } from 'node:path';
import { Controller, controllerFlagsIn, ControllerFlags } from './controller-flags';
import type { BuildReader, ParsedManifests } from './documents';
import type { Finding } from './finding';
import { buildsInto, kustomizationEntries } from './kustomization-entries';
import type { KustomizationDocument, ManifestObject } from './manifest-object';
import { describeObject, fieldAt, identityOf, isFluxObject, namespacesOf, ObjectIndex, stringAt } from './object-index';
import { pointerAsField } from '../../foundation/json-pointer';
import { fluxVariablesIn } from '../../model/flux-variables';
import { isRemoteFile, isRemotePath } from '../kustomize-files';

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
      + `"cross-namespace references are not allowed: cannot access HelmChart ${ns}/${from.appliedNamespace ?? from.namespace}-${from.name}"`,
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

/** The findings of what the lockdown refuses, in the clusters the files say run it. */
export function lockdownFindings(
  parsed: Pick<ParsedManifests, 'kustomizations' | 'readersOf' | 'generated'>, objects: readonly ManifestObject[], index: ObjectIndex,
): Finding[] {
  const flags = controllerFlagsIn(parsed, objects, index);
  if (!flags) return [];
  return [
    ...crossNamespaceFindings(objects, flags),
    ...defaultServiceAccountFindings(objects, flags),
    ...remoteBaseFindings(parsed.kustomizations, parsed.readersOf ?? (() => []), flags),
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
  kustomizations: readonly KustomizationDocument[], readersOf: (file: string) => readonly BuildReader[], flags: ControllerFlags,
): Finding[] {
  const findings: Finding[] = [];
  for (const k of kustomizations) {
    const remote = kustomizationEntries(k.value).filter((e) => buildsInto(e) && isRemotePath(e.path) && !(e.kind === 'resource' && isRemoteFile(e.path)));
    const readers = remote.length > 0 ? readersOf(k.file) : [];
    const set = readers.length > 0 ? flags.ofReaders(readers, 'kustomize-controller', 'no-remote-bases') : undefined;
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

function crossNamespaceFindings(objects: readonly ManifestObject[], flags: ControllerFlags): Finding[] {
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
        const set = flags.of(from, locked.controller, 'no-cross-namespace-refs');
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
function defaultServiceAccountFindings(objects: readonly ManifestObject[], flags: ControllerFlags): Finding[] {
  const findings: Finding[] = [];
  let bound: ((namespace: string, name: string) => boolean) | undefined;
  for (const object of objects) {
    const controller = IMPERSONATING[object.kind];
    if (controller === undefined || !isFluxObject(object)) continue;
    if (fieldAt(object.value, 'spec', 'serviceAccountName') !== undefined || fieldAt(object.value, 'spec', 'kubeConfig') !== undefined) continue;
    const namespace = object.appliedNamespace;
    const set = namespace === undefined || namespacesOf(object).length > 1 ? undefined : flags.of(object, controller, 'default-service-account');
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
