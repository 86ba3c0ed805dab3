/**
 * The references between Flux objects (and to Secrets) inside one file set,
 * as the controllers resolve them: a reference without `namespace` means the
 * referring object's namespace; a `secretRef`/`certSecretRef`/`proxySecretRef`
 * is a LocalObjectReference, always in the source's namespace.
 */
import { syncSourceNames } from './applied';
import type { Finding } from './finding';
import { OPERATOR_NOTIFICATION_KINDS } from './flux-install';
import { GeneratedObjects, NO_GENERATED_OBJECTS } from './kustomize-generated';
import type { ManifestObject } from './manifest-object';
import { apiGroup, describeObject, fieldAt, identityOf, isFluxObject, landsIn, namespacesOf, ObjectIndex, stringAt } from './object-index';
import { ANY_NAMESPACE, InstanceSyncSource, syncSourceAt } from './working-tree-sources';
import { pointerAsField } from '../../foundation/json-pointer';

const SOURCE_GROUP = 'source.toolkit.fluxcd.io';

/** One reference an object makes, and what it names. */
export interface ObjectReference {
  readonly from: ManifestObject;
  /** Pointer to the reference in `from`, e.g. `/spec/chartRef`. */
  readonly pointer: string;
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** The object it names, when it is in the files. */
  readonly target?: ManifestObject;
}

interface Declared {
  readonly pointer: string;
  /** Kinds the field may name (its CRD's enum), in `group`. */
  readonly kinds: readonly string[];
  /** The API group of what it names; a function where that depends on the kind (undefined: the controller cannot tell, see `noGroup`). */
  readonly group: string | ((kind: string, ref: unknown) => string | undefined);
  /** Why the controller fails where `group` cannot tell the API group. */
  readonly noGroup?: string;
  /** `name: '*'` names every object of the kind (with `matchLabels`): not one object to find. */
  readonly wildcard?: boolean;
  /** The reference has no `kind`: it always names this kind. */
  readonly kind?: string;
  /** A LocalObjectReference: no `namespace` either, always the referrer's. */
  readonly local?: boolean;
  /** The field is a list of references (`dependsOn`). */
  readonly list?: boolean;
  /** In a list, the field of each entry that is the reference (`include[].repository`). */
  readonly entry?: string;
  /** What the controller does while the object is missing, when it is more than "what it holds is not checked". */
  readonly whileMissing?: string;
  /** An entry with `optional: true` may name what does not exist (`substituteFrom`). */
  readonly optional?: boolean;
}

const KUSTOMIZE_GROUP = 'kustomize.toolkit.fluxcd.io';
const HELM_GROUP = 'helm.toolkit.fluxcd.io';
const NOTIFICATION_GROUP = 'notification.toolkit.fluxcd.io';
const IMAGE_GROUP = 'image.toolkit.fluxcd.io';
const SOURCE_EXTENSIONS_GROUP = 'source.extensions.fluxcd.io';
const OPERATOR_GROUP = 'fluxcd.controlplane.io';

/** The API group of each kind an Alert's event source or a Receiver's resource may name (their CRDs' enums; flux-operator adds its kinds, ./flux-install.ts). */
const FLUX_KIND_GROUPS: Readonly<Record<string, string>> = {
  Bucket: SOURCE_GROUP,
  GitRepository: SOURCE_GROUP,
  HelmChart: SOURCE_GROUP,
  HelmRepository: SOURCE_GROUP,
  OCIRepository: SOURCE_GROUP,
  ExternalArtifact: SOURCE_GROUP,
  Kustomization: KUSTOMIZE_GROUP,
  HelmRelease: HELM_GROUP,
  ImageRepository: IMAGE_GROUP,
  ImagePolicy: IMAGE_GROUP,
  ImageUpdateAutomation: IMAGE_GROUP,
  ArtifactGenerator: SOURCE_EXTENSIONS_GROUP,
  ...Object.fromEntries(OPERATOR_NOTIFICATION_KINDS.map((kind) => [kind, OPERATOR_GROUP])),
};
const NOTIFIED_KINDS = Object.keys(FLUX_KIND_GROUPS);

/**
 * The kinds whose apiVersion a Receiver's resource may leave out: the
 * webhook fills it in from this table and refuses any other kind without
 * one (fluxcd/notification-controller v1.9.3: internal/server/
 * receiver_handlers.go `defaultFluxAPIVersions`, `requestReconciliation`).
 */
const RECEIVER_API_VERSIONS: Readonly<Record<string, string>> = {
  Bucket: SOURCE_GROUP,
  HelmChart: SOURCE_GROUP,
  HelmRepository: SOURCE_GROUP,
  GitRepository: SOURCE_GROUP,
  OCIRepository: SOURCE_GROUP,
  ImageRepository: IMAGE_GROUP,
  ArtifactGenerator: SOURCE_EXTENSIONS_GROUP,
};

/** The API group a Receiver's resource names: its apiVersion's, else the one the webhook assumes for the kind. */
function receiverResourceGroup(kind: string, ref: unknown): string | undefined {
  const apiVersion = stringAt(ref, 'apiVersion');
  return apiVersion !== undefined ? apiGroup(apiVersion) : RECEIVER_API_VERSIONS[kind];
}

// Where each Flux kind names another object (fluxcd/helm-controller api/v2
// `CrossNamespaceSourceReference`, `CrossNamespaceObjectReference`;
// fluxcd/kustomize-controller api/v1 `CrossNamespaceSourceReference`;
// fluxcd/source-controller api/v1 `meta.LocalObjectReference` fields).
// `dependsOn` names objects of the referrer's own kind, in its namespace
// unless the entry says otherwise, and the controller holds the referrer
// back with "dependency '…' not found" while one is missing
// (fluxcd/kustomize-controller at 186fb3b: internal/controller/
// kustomization_controller.go `checkDependencies`; fluxcd/helm-controller
// at 0f61a86: api/v2/helmrelease_types.go `DependsOn`). An Alert's
// `providerRef` names a Provider in its own namespace, read when an event
// is dispatched: without it every notification fails ("failed to read
// provider"; fluxcd/notification-controller at 2e46958:
// api/v1beta3/alert_types.go, internal/server/event_handlers.go); so are
// a Provider's Secrets (`dispatchNotification`'s `getSecret` calls), and a
// Receiver's token Secret is read when it is reconciled
// (internal/controller/receiver_controller.go). An
// ImagePolicy's `imageRepositoryRef` and an ImageUpdateAutomation's
// `sourceRef` (a GitRepository) default to the referrer's namespace
// (fluxcd/image-reflector-controller at debe2aa:
// internal/controller/imagepolicy_controller.go `getImageRepository`;
// fluxcd/image-automation-controller at d36e2ea: internal/source/source.go).
// A Kustomization's `postBuild.substituteFrom` entries are read in its own
// namespace, and one that is not there fails the build unless `optional`
// (fluxcd/pkg at e2cfd1a2: kustomize/kustomize_varsub.go `LoadVariables`).
// A GitRepository's `include[].repository` names a GitRepository in its
// namespace, fetched before the clone: one that is not there stops the
// reconcile, so no artifact is made (fluxcd/source-controller at 39b711b1:
// internal/controller/gitrepository_controller.go `fetchIncludes`). The
// sources' Secrets (GitRepository, Bucket and its STS, OCIRepository's
// verify key, ImageRepository, an ImageUpdateAutomation's signing key) are
// LocalObjectReferences (source-controller api/v1, image-reflector- and
// image-automation-controller api/v1).
const DECLARED: Readonly<Record<string, readonly Declared[]>> = {
  HelmRelease: [
    { pointer: '/spec/chartRef', kinds: ['OCIRepository', 'HelmChart', 'ExternalArtifact'], group: SOURCE_GROUP },
    { pointer: '/spec/chart/spec/sourceRef', kinds: ['HelmRepository', 'GitRepository', 'Bucket'], group: SOURCE_GROUP },
    { pointer: '/spec/dependsOn', kinds: ['HelmRelease'], group: HELM_GROUP, kind: 'HelmRelease', list: true },
  ],
  Kustomization: [
    { pointer: '/spec/sourceRef', kinds: ['GitRepository', 'OCIRepository', 'Bucket', 'ExternalArtifact'], group: SOURCE_GROUP },
    { pointer: '/spec/dependsOn', kinds: ['Kustomization'], group: KUSTOMIZE_GROUP, kind: 'Kustomization', list: true },
    {
      pointer: '/spec/postBuild/substituteFrom',
      kinds: ['ConfigMap', 'Secret'],
      group: '',
      local: true,
      list: true,
      optional: true,
      whileMissing: 'kustomize-controller fails the build: "substitute from \'<kind>/<name>\' error: … not found"; mark the entry optional: true if it may be missing',
    },
  ],
  HelmRepository: secretsAt('/spec/secretRef', '/spec/certSecretRef'),
  Alert: [
    {
      pointer: '/spec/eventSources',
      kinds: NOTIFIED_KINDS,
      group: (kind) => FLUX_KIND_GROUPS[kind],
      list: true,
      wildcard: true,
      whileMissing: 'notification-controller matches no event to this entry: the Alert sends nothing about it',
    },
    {
      pointer: '/spec/providerRef',
      kinds: ['Provider'],
      group: NOTIFICATION_GROUP,
      kind: 'Provider',
      local: true,
      whileMissing: 'notification-controller fails to dispatch every event this Alert matches: "failed to read provider"',
    },
  ],
  Provider: (['secretRef', 'certSecretRef', 'proxySecretRef'] as const).map((field) => ({
    pointer: `/spec/${field}`,
    kinds: ['Secret'],
    group: '',
    kind: 'Secret',
    local: true,
    whileMissing: 'notification-controller fails to dispatch the events sent through this Provider',
  })),
  Receiver: [
    {
      pointer: '/spec/resources',
      kinds: NOTIFIED_KINDS,
      group: receiverResourceGroup,
      noGroup: `notification-controller knows the apiVersion only of ${Object.keys(RECEIVER_API_VERSIONS).join(', ')}, so every call of this Receiver's webhook `
        + 'fails for it ("apiVersion must be specified for kind \'<kind>\'") and answers 500; give the entry its apiVersion',
      list: true,
      wildcard: true,
      whileMissing: 'every call of this Receiver\'s webhook fails for it ("unable to read <kind>") and answers 500',
    },
    {
      pointer: '/spec/secretRef',
      kinds: ['Secret'],
      group: '',
      kind: 'Secret',
      local: true,
      whileMissing: 'notification-controller marks the Receiver not ready and serves no webhook for it',
    },
  ],
  ImagePolicy: [
    {
      pointer: '/spec/imageRepositoryRef',
      kinds: ['ImageRepository'],
      group: IMAGE_GROUP,
      kind: 'ImageRepository',
      whileMissing: 'image-reflector-controller selects no image for this policy: "referenced ImageRepository does not exist"',
    },
  ],
  ImageUpdateAutomation: [
    { pointer: '/spec/sourceRef', kinds: ['GitRepository'], group: SOURCE_GROUP, kind: 'GitRepository', whileMissing: 'image-automation-controller updates nothing' },
    ...secretsAt('/spec/git/commit/signingKey/secretRef'),
  ],
  OCIRepository: secretsAt('/spec/secretRef', '/spec/certSecretRef', '/spec/proxySecretRef', '/spec/verify/secretRef'),
  GitRepository: [
    ...secretsAt('/spec/secretRef', '/spec/proxySecretRef', '/spec/verify/secretRef'),
    {
      pointer: '/spec/include',
      entry: 'repository',
      kinds: ['GitRepository'],
      group: SOURCE_GROUP,
      kind: 'GitRepository',
      local: true,
      list: true,
      whileMissing: 'source-controller makes no artifact of this GitRepository: "could not get resource for include \'<name>\'"',
    },
  ],
  Bucket: secretsAt('/spec/secretRef', '/spec/certSecretRef', '/spec/proxySecretRef', '/spec/sts/secretRef', '/spec/sts/certSecretRef'),
  ImageRepository: secretsAt('/spec/secretRef', '/spec/certSecretRef', '/spec/proxySecretRef'),
};

/** LocalObjectReferences to Secrets in the object's namespace, at these pointers. */
function secretsAt(...pointers: string[]): Declared[] {
  return pointers.map((pointer) => ({ pointer, kinds: ['Secret'], group: '', kind: 'Secret', local: true }));
}

/**
 * An ArtifactGenerator (source-watcher, Flux 2.7 and newer) makes one
 * ExternalArtifact per `spec.artifacts[]` entry, named after the entry, in
 * its own namespace (fluxcd/source-watcher at 825fa15b:
 * internal/controller/artifactgenerator_controller.go, where the
 * ExternalArtifact is applied).
 */
const ARTIFACT_GENERATOR = { group: 'source.extensions.fluxcd.io', kind: 'ArtifactGenerator' } as const;

/** Kinds a cluster's sync source can be (a FluxInstance's `spec.sync.kind`; flux bootstrap makes a GitRepository or an OCIRepository). */
const SYNC_SOURCE_KINDS: ReadonlySet<string> = new Set(['GitRepository', 'OCIRepository', 'Bucket']);

/**
 * Every reference the Flux objects make, linked to the object it names when
 * that object is in the files; a dangling one is a warning (it may exist in
 * the cluster). An ExternalArtifact that an ArtifactGenerator in the files
 * makes is not dangling. A reference to a kind its field does not allow is left to
 * the schema check.
 *
 * A source named after its own namespace (`flux-system/flux-system`) is the
 * cluster's sync source: `flux bootstrap` creates it, and so does the Flux
 * Operator for a FluxInstance ("using the namespace name as the Flux source
 * and Kustomization name", fluxoperator.dev/docs/instance/sync), so it is
 * seldom in the files while most Kustomizations name it. So is one a
 * FluxInstance in the files names in its sync (`spec.sync.name`,
 * ./applied.ts `syncSourceNames`; `namedSyncSources`, from every file read:
 * an instance is applied by hand or by Helm, seldom by the sync it
 * starts). Those references get one note per source instead of a warning
 * each.
 */
export function linkReferences(
  objects: readonly ManifestObject[], index: ObjectIndex, notApplied?: ObjectIndex,
  namedSyncSources: ReadonlyMap<string, InstanceSyncSource> = syncSourceNames(objects), generatedFor: GeneratedObjects = NO_GENERATED_OBJECTS,
): { references: ObjectReference[]; findings: Finding[] } {
  const references: ObjectReference[] = [];
  const findings: Finding[] = [];
  const syncSources = new Map<string, { readonly first: Finding; count: number; readonly namedBy?: ManifestObject }>();
  const generated = generatedArtifacts(objects);
  const secrets = madeSecrets(objects);
  const bootstrap = bootstrapSecrets(objects, namedSyncSources);
  const renamed = objects.filter((o) => o.writtenName !== undefined);
  for (const from of objects) {
    if (!isFluxObject(from)) continue;
    for (const { declared, pointer, ref } of referencesIn(from)) {
      const name = stringAt(ref, 'name');
      const kind = declared.kind ?? stringAt(ref, 'kind');
      if (name === undefined || kind === undefined || !declared.kinds.includes(kind) || (declared.wildcard && name === '*')) continue;
      const error = (message: string): Finding => ({ rule: 'reference', severity: 'error', location: from.locate(pointer), object: identityOf(from), pointer, message });
      const group = typeof declared.group === 'string' ? declared.group : declared.group(kind, ref);
      if (group === undefined) {
        findings.push(error(`${describeObject(from)} ${pointerAsField(pointer)} names ${kind} ${name} without an apiVersion: ${declared.noGroup?.replace('<kind>', kind) ?? ''}`));
        continue;
      }
      const namespace = declared.local ? from.appliedNamespace : stringAt(ref, 'namespace') ?? from.appliedNamespace;
      const found = index.find(group, kind, name, namespace, from);
      // The object this build renamed (namePrefix, nameSuffix) is the one the reference meant: kustomize left the reference as written.
      const renamedTarget = renamed.length > 0 ? renamedAway(renamed, group, kind, name, namespace, from) : undefined;
      const target = renamedTarget && found?.buildBlock !== from.buildBlock ? undefined : found;
      if (renamedTarget && !target) {
        findings.push(error(`${describeObject(from)} ${pointerAsField(pointer)} names ${describeObject({ kind, name, namespace })}, which ${renamedTarget.renamedBy} `
          + `renames ${renamedTarget.name}: kustomize updates a reference only in the fields its name-reference configuration lists, none of a Flux kind's, `
          + `so ${controllerOf(from)} finds no ${kind} ${name}; name it ${renamedTarget.name}, or list this field in the kustomization's configurations:`));
      }
      references.push({
        from,
        pointer,
        group,
        kind,
        name,
        ...(namespace !== undefined ? { namespace } : {}),
        ...(target ? { target } : {}),
      });
      if (target || renamedTarget || (declared.optional && fieldAt(ref, 'optional') === true)) continue;
      if (kind === 'ExternalArtifact' && madeIn(generated, name, namespace)) continue;
      if (kind === 'Secret' && madeIn(secrets, name, namespace)) continue;
      if (kind === 'Secret' && (bootstrap.has(`${namespace}/${name}`) || bootstrap.has(`${ANY_NAMESPACE}/${name}`))) continue;
      // A ConfigMap or Secret a kustomization above the referrer generates (./kustomize-generated.ts) is there; a hash in its name is valuesFrom's own finding.
      if ((kind === 'ConfigMap' || kind === 'Secret') && generatedFor(from, kind, name)) continue;
      const unapplied = notApplied?.find(group, kind, name, namespace);
      const dangling: Finding = {
        rule: 'reference',
        severity: 'warning',
        location: from.locate(pointer),
        object: identityOf(from),
        pointer,
        message: `${describeObject(from)} ${pointerAsField(pointer)} names ${describeObject({ kind, name, namespace })}, `
          + (unapplied ? `which is in ${unapplied.location.file}:${unapplied.location.line}, a file no Flux Kustomization's build holds, so Flux never applies it` : 'which is not in the files checked')
          + (declared.local ? '' : elsewhere(index.named(group, kind, name)))
          + (declared.whileMissing ? ` (fine if it exists in the cluster; until it does, ${declared.whileMissing.replaceAll('<kind>', kind).replaceAll('<name>', name)})`
            : declared.list ? ` (fine if it exists in the cluster; until it does, ${controllerOf(from)} holds this one back: "dependency not found")`
              : ' (fine if it exists in the cluster; what it holds is not checked)'),
      };
      const instance = syncSourceAt(namedSyncSources, namespace, name);
      // flux bootstrap and a FluxInstance make the sync's Kustomization too, named as its source is.
      if ((SYNC_SOURCE_KINDS.has(kind) && (name === namespace || instance?.kind === kind)) || (kind === 'Kustomization' && (name === namespace || instance))) {
        const key = describeObject({ kind, name, namespace });
        const seen = syncSources.get(key);
        if (seen) seen.count++;
        else syncSources.set(key, { first: dangling, count: 1, ...(instance && name !== namespace ? { namedBy: instance.by } : {}) });
      } else {
        findings.push(dangling);
      }
    }
  }
  for (const [source, { first, count, namedBy }] of syncSources) {
    findings.push({
      ...first,
      severity: 'note',
      message: `${count === 1 ? `${first.object ? describeObject(first.object) : 'an object'} names` : `${count} objects name`} ${source}, `
        + `the cluster's ${source.startsWith('Kustomization ') ? 'sync Kustomization' : 'sync source'} `
        + `(${namedBy ? `${describeObject(namedBy)} names it in its sync's name` : 'flux bootstrap and a FluxInstance name it after its namespace'}); `
        + `it is not in the files checked${source.startsWith('Kustomization ') ? '' : ', so what it holds is not checked'}`,
    });
  }
  return { references, findings };
}

/**
 * The object a kustomization's `namePrefix` or `nameSuffix` renamed away
 * from `name` in the referrer's build (./kustomize-patches.ts `renamed`),
 * if one is where the reference looks.
 */
function renamedAway(
  renamed: readonly ManifestObject[], group: string, kind: string, name: string, namespace: string | undefined, from: ManifestObject,
): ManifestObject | undefined {
  return renamed.find((o) => o.writtenName === name && o.kind === kind && apiGroup(o.apiVersion) === group
    && o.buildBlock === from.buildBlock && sharesBuild(o, from) && landsIn(o, namespace));
}

/** Whether two objects are built by one Flux build, or both by none in the files (a kustomize tree alone). */
function sharesBuild(a: ManifestObject, b: ManifestObject): boolean {
  return a.builtBy === undefined || b.builtBy === undefined ? a.builtBy === b.builtBy : a.builtBy.some((k) => b.builtBy!.includes(k));
}

/** The controller that resolves each kind's references (source-controller for the rest). */
const CONTROLLERS: Readonly<Record<string, string>> = {
  HelmRelease: 'helm-controller',
  Kustomization: 'kustomize-controller',
  Alert: 'notification-controller',
  Provider: 'notification-controller',
  Receiver: 'notification-controller',
  ImagePolicy: 'image-reflector-controller',
  ImageUpdateAutomation: 'image-automation-controller',
};

/** The controller that resolves an object's references. */
export function controllerOf(from: Pick<ManifestObject, 'kind'>): string {
  return CONTROLLERS[from.kind] ?? 'source-controller';
}

/**
 * Where objects of the name a reference gives are in the files, in other
 * namespaces: a reference without `namespace` means the referrer's, and a
 * kustomization's `namespace:` or a Kustomization's `targetNamespace` may
 * have put either elsewhere. The likely fix, for a reference that may name
 * a namespace.
 */
function elsewhere(named: readonly ManifestObject[]): string {
  const namespaces = [...new Set(named.flatMap((o) => namespacesOf(o).filter((n): n is string => n !== undefined)))];
  if (namespaces.length === 0) return '';
  const found = namespaces.map((namespace) => describeObject({ kind: named[0].kind, name: named[0].name, namespace }));
  return `; the files have ${found.join(' and ')}: if ${namespaces.length === 1 ? `that is the one, give the reference namespace: ${namespaces[0]}` : 'one of them is the one, give the reference its namespace'}`;
}

/** Each reference field `from` has, with its pointer (a list field gives one per entry). */
function referencesIn(from: ManifestObject): { declared: Declared; pointer: string; ref: unknown }[] {
  return (DECLARED[from.kind] ?? []).flatMap((declared) => {
    const field = fieldAt(from.value, ...declared.pointer.slice(1).split('/'));
    if (!declared.list) return [{ declared, pointer: declared.pointer, ref: field }];
    if (!Array.isArray(field)) return [];
    return field.map((item, i) => (declared.entry === undefined
      ? { declared, pointer: `${declared.pointer}/${i}`, ref: item }
      : { declared, pointer: `${declared.pointer}/${i}/${declared.entry}`, ref: fieldAt(item, declared.entry) }));
  });
}

/**
 * The Secrets put in the cluster when Flux is bootstrapped, by
 * `namespace/name` (the namespace `*` where an instance's is not known),
 * never by the sync they enable: the credentials of the cluster's sync
 * source as `flux bootstrap` writes it in gotk-sync.yaml (named after its
 * namespace; fluxcd/flux2 `--secret-name`, or made by hand), and the
 * `pullSecret` of a FluxInstance's sync (created with the instance; the
 * operator's sync source reads it, ./instance-source.ts).
 */
function bootstrapSecrets(objects: readonly ManifestObject[], syncs: ReadonlyMap<string, InstanceSyncSource>): Set<string> {
  const out = new Set<string>();
  for (const source of objects) {
    if (!SYNC_SOURCE_KINDS.has(source.kind) || source.name === undefined || source.name !== source.appliedNamespace) continue;
    const secret = stringAt(source.value, 'spec', 'secretRef', 'name');
    if (secret !== undefined) out.add(`${source.appliedNamespace}/${secret}`);
  }
  for (const [key, { sync }] of syncs) {
    const pullSecret = stringAt(sync, 'pullSecret');
    if (pullSecret !== undefined) out.add(`${key.slice(0, key.indexOf('/'))}/${pullSecret}`);
  }
  return out;
}

/** The ExternalArtifacts the ArtifactGenerators in the files make: name → the namespaces they are made in. */
function generatedArtifacts(objects: readonly ManifestObject[]): Map<string, (string | undefined)[]> {
  const made = new Map<string, (string | undefined)[]>();
  for (const generator of objects) {
    if (generator.kind !== ARTIFACT_GENERATOR.kind || apiGroup(generator.apiVersion) !== ARTIFACT_GENERATOR.group) continue;
    const artifacts = fieldAt(generator.value, 'spec', 'artifacts');
    for (const artifact of Array.isArray(artifacts) ? artifacts : []) {
      const name = stringAt(artifact, 'name');
      if (name !== undefined) made.set(name, [...made.get(name) ?? [], ...namespacesOf(generator)]);
    }
  }
  return made;
}

/** Whether what `made` lists (name → namespaces, `undefined` where decided at apply) includes `name` in `namespace`. */
function madeIn(made: ReadonlyMap<string, readonly (string | undefined)[]>, name: string, namespace: string | undefined): boolean {
  return made.get(name)?.some((ns) => ns === undefined || namespace === undefined || ns === namespace) ?? false;
}

/**
 * The Secrets that controllers make of objects in the files: name → the
 * namespaces they are made in.
 * - An ExternalSecret makes `spec.target.name`, by default its own name
 *   ("Defaults to the .metadata.name of the ExternalSecret resource": the
 *   external-secrets.io/v1 CRD packaged in src/model/crd/generated), in its
 *   namespace, unless its `creationPolicy` is `Merge` (into a Secret that
 *   must exist) or `None`.
 * - A SealedSecret is unsealed into a Secret of its own name and namespace,
 *   whatever its template says (bitnami-labs/sealed-secrets at 86671a8:
 *   pkg/apis/sealedsecrets/v1alpha1/sealedsecret_expansion.go `Unseal`).
 */
function madeSecrets(objects: readonly ManifestObject[]): Map<string, (string | undefined)[]> {
  const made = new Map<string, (string | undefined)[]>();
  const add = (name: string | undefined, maker: ManifestObject) => {
    if (name !== undefined) made.set(name, [...made.get(name) ?? [], ...namespacesOf(maker)]);
  };
  for (const maker of objects) {
    const group = apiGroup(maker.apiVersion);
    if (maker.kind === 'SealedSecret' && group === 'bitnami.com') add(maker.name, maker);
    if (maker.kind !== 'ExternalSecret' || group !== 'external-secrets.io') continue;
    const policy = stringAt(maker.value, 'spec', 'target', 'creationPolicy');
    if (policy !== 'Merge' && policy !== 'None') add(stringAt(maker.value, 'spec', 'target', 'name') ?? maker.name, maker);
  }
  return made;
}

/** The object a reference of `from` at `pointer` names, when it is in the files. */
export function referenced(references: readonly ObjectReference[], from: ManifestObject, pointer: string): ObjectReference | undefined {
  return references.find((r) => r.from === from && r.pointer === pointer);
}

/** Whether `group` is Flux's source API group (HelmRepository, OCIRepository, …). */
export function isSourceGroup(apiVersion: string): boolean {
  return apiGroup(apiVersion) === SOURCE_GROUP;
}
