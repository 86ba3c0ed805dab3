/**
 * A strategic-merge patch applied to a custom resource, as kustomize
 * applies one (kubernetes-sigs/kustomize at 12f9e639:
 * api/filters/patchstrategicmerge/patchstrategicmerge.go, which runs
 * kyaml/yaml/merge2/merge2.go). kustomize knows no schema for Flux's
 * custom resources, so every list is a plain list and the patch's replaces
 * it; mappings merge key by key; a `null` in the patch deletes the key; a
 * mapping with `$patch: delete` deletes itself and one with
 * `$patch: replace` replaces the one it patches. The object keeps its
 * apiVersion, kind, name and namespace (api/resmap/reswrangler.go
 * `ApplySmPatch`, api/resource/resource.go `ApplySmPatch`).
 */

import { isPlainObject } from '../../model/json-values';

/** What a patch does to a field: its new value, or `CLEARED` when it removes it. */
const CLEARED = Symbol('cleared');

/** The object with the patch merged in; undefined when the patch deletes the object itself. */
export function applyStrategicMerge(object: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> | undefined {
  const merged = mergeValue(object, patch);
  if (merged === CLEARED || !isPlainObject(merged)) return undefined;
  const metadata = isPlainObject(merged.metadata) ? { ...merged.metadata } : {};
  const written = isPlainObject(object.metadata) ? object.metadata : {};
  for (const key of ['name', 'namespace'] as const) {
    if (written[key] === undefined) delete metadata[key];
    else metadata[key] = written[key];
  }
  return { ...merged, apiVersion: object.apiVersion, kind: object.kind, metadata };
}

function mergeValue(dest: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const directive = patch.$patch;
  if (directive === 'delete') return CLEARED;
  if (directive === 'replace' || !isPlainObject(dest)) return withoutDirectives(patch);
  const out: Record<string, unknown> = { ...dest };
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch') continue;
    const merged = value === null ? CLEARED : mergeValue(dest[key], value);
    if (merged === CLEARED) delete out[key];
    else out[key] = merged;
  }
  return out;
}

/** A mapping the patch adds whole: its `$patch` keys dropped, nulls kept out. */
function withoutDirectives(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '$patch' || v === null) continue;
    out[key] = isPlainObject(v) ? withoutDirectives(v) : v;
  }
  return out;
}
