import { objectOf, required, STRING } from './shapes';

/** A Kubernetes object as plain data: what every builder returns. */
export interface KubeManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** A reference to a namespaced object by name. */
export interface ObjectRef {
  /** Name of the object. */
  readonly name: string;
  /**
   * Namespace of the object.
   * @default - the referring object's namespace
   */
  readonly namespace?: string;
}

/** The JavaScript type of an {@link ObjectRef} (see `checkShape`). @internal */
export const OBJECT_REF_SHAPE = objectOf<ObjectRef>('ObjectRef', { name: required(STRING), namespace: STRING });

/**
 * Drops keys whose value is undefined, so builders can list every optional
 * field and the output still holds only what was set.
 */
export function compact<T extends Record<string, unknown>>(obj: T): T {
  const out: Record<string, unknown> = {};
  // Keys, not entries: builders call this for every object they make, and a pair array per key was garbage.
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v !== undefined) out[k] = v;
  }
  return out as T;
}

/** `compact`, and undefined when nothing is left. */
export function compactOrUndefined<T extends Record<string, unknown>>(obj: T | undefined): T | undefined {
  if (obj === undefined) return undefined;
  const c = compact(obj);
  return Object.keys(c).length === 0 ? undefined : c;
}

export function meta(name: string, namespace: string | undefined, extra: Pick<ObjectMeta, 'labels' | 'annotations'> = {}): ObjectMeta {
  return compact({
    name,
    namespace,
    labels: extra.labels && Object.keys(extra.labels).length ? extra.labels : undefined,
    annotations: extra.annotations && Object.keys(extra.annotations).length ? extra.annotations : undefined,
  });
}
