import type { ManifestObject } from './manifest-object';
import { memoized } from '../../foundation/memo';
import type { ObjectIdentity } from '../../model/crd';

/** The API group of an apiVersion: `source.toolkit.fluxcd.io` of `source.toolkit.fluxcd.io/v1`, `` for core `v1`. */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Whether an object is a Flux Kustomization (not a kustomize `kustomization.yaml`, whose group is kustomize.config.k8s.io). */
export function isFluxKustomization(object: Pick<ManifestObject, 'kind' | 'apiVersion'>): boolean {
  return object.kind === 'Kustomization' && apiGroup(object.apiVersion) === 'kustomize.toolkit.fluxcd.io';
}

/** Whether an object belongs to one of Flux's API groups (`*.toolkit.fluxcd.io`, and source-watcher's `source.extensions.fluxcd.io` from Flux 2.7). */
export function isFluxObject(object: Pick<ManifestObject, 'apiVersion'>): boolean {
  const group = apiGroup(object.apiVersion);
  return group.endsWith('.toolkit.fluxcd.io') || group === 'source.extensions.fluxcd.io';
}

/** Whether an object belongs to flux-operator's API group (FluxInstance, ResourceSet, ResourceSetInputProvider). */
export function isFluxOperatorObject(object: Pick<ManifestObject, 'apiVersion'>): boolean {
  return apiGroup(object.apiVersion) === 'fluxcd.controlplane.io';
}

/** The object as it names itself, for findings. */
export function identityOf(object: ManifestObject): ObjectIdentity {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(object.name !== undefined ? { name: object.name } : {}),
    ...(object.namespace !== undefined ? { namespace: object.namespace } : {}),
  };
}

/** `HelmRelease flux-system/web`, and what builds it where the document makes several objects (`(as Kustomization flux-system/apps builds it)`). */
export function describeObject(object: Pick<ManifestObject, 'kind' | 'name' | 'namespace' | 'builtAs'>): string {
  return `${object.kind} ${object.namespace === undefined ? '' : `${object.namespace}/`}${object.name ?? '<no name>'}`
    + (object.builtAs === undefined ? '' : ` (as ${object.builtAs} builds it)`);
}

/** Whether a HelmRelease installs the chart `chart`: by its chart name, or the URL of the OCIRepository its `chartRef` names (`…/<chart>`). */
export function isReleaseOfChart(release: ManifestObject, objects: readonly ManifestObject[], chart: string): boolean {
  if (stringAt(release.value, 'spec', 'chart', 'spec', 'chart') === chart) return true;
  const ref = fieldAt(release.value, 'spec', 'chartRef');
  if (stringAt(ref, 'kind') !== 'OCIRepository') return false;
  return (ociRepositoryUrls(objects).get(stringAt(ref, 'name')) ?? []).some((url) => url.endsWith(`/${chart}`));
}

/** Per list of objects, the URLs of its OCIRepositories by name: asked once per HelmRelease, a scan of the list each time was quadratic. */
const ociUrls = new WeakMap<readonly ManifestObject[], Map<string | undefined, string[]>>();

function ociRepositoryUrls(objects: readonly ManifestObject[]): Map<string | undefined, string[]> {
  return memoized(ociUrls, objects, () => {
    const urls = new Map<string | undefined, string[]>();
    for (const o of objects) {
      if (o.kind === 'OCIRepository') memoized(urls, o.name, () => []).push(stringAt(o.value, 'spec', 'url') ?? '');
    }
    return urls;
  });
}

/** The namespace a HelmRelease installs its chart's objects in: its `spec.targetNamespace`, else its own. */
export function releaseNamespace(release: ManifestObject): string | undefined {
  return stringAt(release.value, 'spec', 'targetNamespace') ?? release.appliedNamespace ?? release.namespace;
}

/** The value at `path` under `root`, or undefined where a step is not an object. */
export function fieldAt(root: unknown, ...path: string[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** `fieldAt` when it is a non-empty string. */
export function stringAt(root: unknown, ...path: string[]): string | undefined {
  const value = fieldAt(root, ...path);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The objects of a file set by group, kind, namespace and name, each in the
 * namespaces it has in the cluster (`appliedNamespace`, or
 * `appliedNamespaces`: a kustomization's `namespace:` when one in the files
 * sets it). An object without one (as
 * `kustomize build` leaves some) matches a reference from any namespace,
 * and a reference without one matches any object: the namespace is decided
 * where the files are applied.
 */
export class ObjectIndex {
  private readonly byName = new Map<string, ManifestObject[]>();

  constructor(objects: readonly ManifestObject[]) {
    for (const object of objects) {
      if (object.name === undefined) continue;
      const key = nameKey(apiGroup(object.apiVersion), object.kind, object.name);
      const list = this.byName.get(key) ?? [];
      list.push(object);
      this.byName.set(key, list);
    }
  }

  /**
   * The object a reference names. Of the objects kustomize makes of one
   * document (./kustomize-patches.ts), the one the referrer's build makes
   * (`from`): an overlay's HelmRelease reads that overlay's OCIRepository.
   */
  public find(group: string, kind: string, name: string, namespace: string | undefined, from?: ManifestObject): ManifestObject | undefined {
    const candidates = this.named(group, kind, name);
    const inNamespace = candidates.filter((o) => namespacesOf(o).includes(namespace));
    const pool = inNamespace.length > 0 ? inNamespace : candidates.filter((o) => landsIn(o, namespace));
    return (from?.buildBlock !== undefined ? pool.find((o) => o.buildBlock === from.buildBlock) : undefined) ?? pool[0];
  }

  /** The objects of that group, kind and name, in any namespace. */
  public named(group: string, kind: string, name: string): readonly ManifestObject[] {
    return this.byName.get(nameKey(group, kind, name)) ?? [];
  }

  /**
   * Each object that repeats an earlier one (same group, kind, namespace and
   * name, in the same cluster as far as the files tell), with the earlier
   * one and the namespace both land in.
   */
  public duplicates(): { readonly object: ManifestObject; readonly first: ManifestObject; readonly namespace: string | undefined }[] {
    const found: { object: ManifestObject; first: ManifestObject; namespace: string | undefined }[] = [];
    const shared = (a: ManifestObject, b: ManifestObject) => namespacesOf(a).find((n) => namespacesOf(b).includes(n));
    for (const list of this.byName.values()) {
      list.forEach((object, i) => {
        // The objects kustomize makes of one document are that document's, however many (./kustomize-patches.ts).
        const first = list.slice(0, i).find((o) => o.location !== object.location && namespacesOf(o).some((n) => namespacesOf(object).includes(n))
          && (o.cluster === undefined || object.cluster === undefined || o.cluster === object.cluster));
        if (first) found.push({ object, first, namespace: shared(object, first) });
      });
    }
    return found;
  }
}

/** The namespaces an object has in the cluster (`undefined`: none set by the files, decided where they are applied). */
export function namespacesOf(object: Pick<ManifestObject, 'appliedNamespace' | 'appliedNamespaces'>): readonly (string | undefined)[] {
  return object.appliedNamespaces ?? [object.appliedNamespace];
}

/**
 * Whether an object may be in `namespace` in the cluster: it lands there,
 * or where it lands is decided where the files are applied; any object
 * when `namespace` is not known.
 */
export function landsIn(object: Pick<ManifestObject, 'appliedNamespace' | 'appliedNamespaces'>, namespace: string | undefined): boolean {
  const namespaces = namespacesOf(object);
  return namespace === undefined || namespaces.includes(namespace) || namespaces.includes(undefined);
}

function nameKey(group: string, kind: string, name: string): string {
  return `${group}\n${kind}\n${name}`;
}

/**
 * Whether a Secret is SOPS-encrypted: SOPS writes its metadata under a
 * top-level `sops` key and the values as `ENC[…]`.
 */
export function isSopsEncrypted(secret: ManifestObject): boolean {
  const sops = secret.value.sops;
  return typeof sops === 'object' && sops !== null && !Array.isArray(sops);
}

/** The keys a ConfigMap or Secret holds: `data`, and a Secret's `stringData` (a SOPS-encrypted Secret's keys are readable too). */
export function dataKeysOf(object: ManifestObject): string[] {
  const keys = (field: string): string[] => {
    const data = object.value[field];
    return typeof data === 'object' && data !== null && !Array.isArray(data) ? Object.keys(data) : [];
  };
  return [...new Set([...keys('data'), ...(object.kind === 'Secret' ? keys('stringData') : [])])];
}

/** A Secret's value for `key`: `stringData` over base64 `data`, as the API server merges them. */
export function secretValue(secret: ManifestObject, key: string): string | undefined {
  const plain = fieldAt(secret.value, 'stringData', key);
  if (typeof plain === 'string') return plain;
  const encoded = fieldAt(secret.value, 'data', key);
  return typeof encoded === 'string' ? Buffer.from(encoded, 'base64').toString('utf8') : undefined;
}
