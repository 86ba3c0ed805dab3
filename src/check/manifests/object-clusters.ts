/**
 * Which clusters something in the files is judged in, for what differs
 * between clusters (how Flux is installed, the flags its controllers run
 * with): an object's own cluster, else those of the Kustomizations that
 * build it; where that tells none, every cluster the files hold; where the
 * files tell no cluster at all, one unknown (`undefined`).
 */
import type { ManifestObject } from './manifest-object';

/** The clusters an object is in: its own, else those of the Kustomizations that build it. */
export function clustersOf(object: ManifestObject, seen: Set<ManifestObject> = new Set()): Set<string> {
  if (object.cluster !== undefined) return new Set([object.cluster]);
  const out = new Set<string>();
  if (seen.has(object)) return out;
  seen.add(object);
  for (const k of object.builtBy ?? []) for (const c of clustersOf(k, seen)) out.add(c);
  return out;
}

/** For the files' `objects`: the clusters something found in `own` (possibly none) is judged in. */
export function judgedClusters(objects: readonly ManifestObject[]): (own: ReadonlySet<string>) => (string | undefined)[] {
  const clusters = new Set(objects.map((o) => o.cluster).filter((c): c is string => c !== undefined));
  return (own) => (own.size > 0 ? [...own] : clusters.size > 0 ? [...clusters] : [undefined]);
}
