/**
 * What `flux-oci check` reads: a file's text, and each Kubernetes object in
 * it with where it is written and where it lands. ./documents.ts makes them.
 */
import type { ManifestLocation } from './finding';

/** One file's text, as read. */
export interface ManifestSource {
  /** The path as given (joined with the path inside a folder), or `<stdin>`. */
  readonly file: string;
  readonly text: string;
  /**
   * Where the file is on disk (absolute), when it was read from one: the
   * check looks at the repository around it (a Kustomization's `spec.path`).
   * @default - not on disk (stdin, or text a program made)
   */
  readonly path?: string;
  /**
   * The file is the Chart.yaml of a Helm chart's folder met in a folder
   * walk: the folder was not read (its templates are YAML only once Helm
   * renders them), and a note says so.
   * @default false
   */
  readonly helmChart?: boolean;
}

/** One YAML document that is a Kubernetes object (a mapping with string `apiVersion` and `kind`). */
export interface ManifestObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name?: string;
  /**
   * The name as written, where a kustomization's `namePrefix` or
   * `nameSuffix` renamed it in this build (./kustomize-patches.ts); `name`
   * is then the name kustomize gives it.
   * @default - `name` is as written
   */
  readonly writtenName?: string;
  /** What renamed it, for messages: `apps/staging/kustomization.yaml (namePrefix 'staging-')`. @default - not renamed */
  readonly renamedBy?: string;
  /**
   * Where its build renamed it: the name the same build gives an object
   * the kustomization in `folder` (a folder on disk) generates as `name`
   * (a ConfigMap a `configMapGenerator` makes goes through the renames
   * from that kustomization on), with what renamed it; undefined when that
   * kustomization is not on this build's way or renames nothing.
   * @default - not renamed
   */
  readonly generatedName?: (folder: string, name: string) => { readonly name: string; readonly renamedBy: string } | undefined;
  readonly namespace?: string;
  /**
   * The namespace it has in the cluster: the one the `namespace:` of a
   * kustomization in the files sets on it, else its own. (kustomize leaves
   * cluster-scoped kinds without one; the check links only namespaced
   * kinds, so it never reads this for those.)
   */
  readonly appliedNamespace?: string;
  /**
   * The namespaces it has in the cluster when kustomizations put it in
   * several (a base or component they all include, built into each one's
   * namespace); `appliedNamespace` is then unset. Sorted; `undefined`
   * stands for an inclusion that keeps the namespace unset.
   * @default - one namespace, `appliedNamespace`
   */
  readonly appliedNamespaces?: readonly (string | undefined)[];
  /**
   * What builds this one of the objects kustomize makes of the document,
   * where the kustomizations that include it build it differently (an
   * overlay's patches): `Kustomization flux-system/apps`, or an overlay's
   * kustomization file (./kustomize-patches.ts).
   * @default - the document makes one object
   */
  readonly builtAs?: string;
  /** For an object with `builtAs`: the Flux builds (indexes, ./placement.ts) that make it. @internal */
  readonly builtThrough?: ReadonlySet<number>;
  /**
   * For an object with `builtAs`: the block of builds that make it, the
   * same for every object those builds make (./kustomize-patches.ts
   * `buildBlocks`), so a reference resolves in its referrer's builds. @internal
   */
  readonly buildBlock?: string;
  /**
   * The object that applies it, when it is written inside another: a
   * ResourceSet's `spec.resources` entry (./resource-sets.ts), with the
   * field holding it as kustomize's fieldSpecs name it (`spec/resources`,
   * `spec/steps/resources`).
   * @default - written on its own
   */
  readonly embeddedIn?: { readonly object: ManifestObject; readonly field: string };
  /** The folder of the cluster its file is for, when the files tell: where `flux bootstrap` wrote `flux-system/`, or a FluxInstance's. */
  readonly cluster?: string;
  /** The object as plain data: as written, with the patches of the Flux Kustomizations that build it for certain applied (./flux-patches.ts). */
  readonly value: Record<string, unknown>;
  /**
   * The object as written, when patches changed it.
   * @default - `value` is as written
   */
  readonly written?: Record<string, unknown>;
  /** The patches that changed `value`, in the order applied. */
  readonly patchedBy?: readonly ObjectPatch[];
  /**
   * The Flux Kustomizations in the files that build this object's file
   * from the Git working tree (./sync-source.ts).
   * @default - no build the check can locate holds its file
   */
  readonly builtBy?: readonly ManifestObject[];
  /**
   * For a Flux Kustomization whose build the check locates: the folder on
   * disk it builds.
   * @default - not located (another source, or no working tree)
   */
  readonly builds?: string;
  /**
   * A Flux Kustomization whose file is below a folder another
   * Kustomization builds, whose kustomization files leave it out: nothing
   * in the files applies it (a folder left over).
   * @default false
   */
  readonly leftOut?: boolean;
  /** Where the object starts. */
  readonly location: ManifestLocation;
  /** Where the field a JSON pointer names is written; the nearest written parent for a missing one. */
  locate(pointer: string): ManifestLocation;
}

/** A kustomization file as read, with where its fields are written and where it is on disk. */
export interface KustomizationDocument {
  /** As the sources name it. */
  readonly file: string;
  readonly value: unknown;
  /** The file on disk, when it was read from one (`ManifestSource.path`). */
  readonly path?: string;
  /** Where the field a JSON pointer names is written; the nearest written parent for a missing one. */
  locate(pointer: string): ManifestLocation;
}

/** One `spec.patches` entry of a Flux Kustomization applied to an object, with the object before and after. */
export interface ObjectPatch {
  /** The Kustomization whose patch it is. */
  readonly kustomization: ManifestObject;
  /** `/spec/patches/<i>` in the Kustomization. */
  readonly pointer: string;
  readonly before: Record<string, unknown>;
  readonly after: Record<string, unknown>;
}
