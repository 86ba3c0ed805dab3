/** The part of a Map or WeakMap a per-key cache needs. */
export interface KeyedCache<K, V> {
  get(key: K): V | undefined;
  has(key: K): boolean;
  set(key: K, value: V): unknown;
}

/**
 * The value `cache` holds for `key`, else `load()`'s, stored first: the one
 * way a per-key cache (a Map, or a WeakMap keyed by an object) is read.
 * `undefined` is a value like any other (an `lstat` of a missing path).
 */
export function memoized<K, V>(cache: KeyedCache<K, V>, key: K, load: () => V): V {
  if (cache.has(key)) return cache.get(key) as V;
  const value = load();
  cache.set(key, value);
  return value;
}
