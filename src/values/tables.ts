/**
 * Helm values as plain data: Go's `map[string]interface{}` is a plain
 * object ("a table"), `nil` is `null`, lists are arrays.
 */

/** A values table. */
export type Values = Record<string, unknown>;

/** Whether `v` is a table (Go `map[string]interface{}`). */
export function isTable(v: unknown): v is Values {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !Buffer.isBuffer(v) && !(v instanceof Date);
}

/** Whether `t` has its own key `k` (never the prototype's). */
export function hasKey(t: Values, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(t, k);
}

/** A deep copy (Helm copies values with copystructure before it mutates them). */
export function deepCopy<T>(v: T): T {
  return v === undefined ? v : structuredClone(v);
}

/** `a.b` or `b` when `a` is empty (Helm `concatPrefix`). */
export function concatPrefix(a: string, b: string): string {
  return a === '' ? b : `${a}.${b}`;
}

/** helm `Values.Table(name)`: the table at a dotted path, or undefined. */
export function tableAt(values: Values, path: string): Values | undefined {
  let t: unknown = values;
  for (const name of path.split('.')) {
    if (!isTable(t) || !hasKey(t, name) || !isTable(t[name])) return undefined;
    t = t[name];
  }
  return t as Values;
}

/** helm `Values.PathValue(path)`: the non-table value at a dotted path. */
export function pathValue(values: Values, path: string): { found: true; value: unknown } | { found: false } {
  const parts = path.split('.');
  const key = parts.pop()!;
  const t = parts.length ? tableAt(values, parts.join('.')) : values;
  if (t === undefined || !hasKey(t, key) || isTable(t[key])) return { found: false };
  return { found: true, value: t[key] };
}

/** Removes `null`s at every depth (Helm `cleanNilValues`, `trimNilValues`). */
export function dropNulls(t: Values): void {
  for (const [k, v] of Object.entries(t)) {
    if (v === null) delete t[k];
    else if (isTable(v)) dropNulls(v);
  }
}

/** How Go's `%v` prints a value, for messages that quote Helm's. */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (isTable(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goFormat(v[k])}`).join(' ')}]`;
  return String(v);
}

/** Go's `%!t(<type>=<value>)`: what Helm prints for a subchart section that is not a table. */
export function goBadVerb(v: unknown): string {
  if (v === null || v === undefined) return '%!t(<nil>)';
  if (typeof v === 'boolean') return String(v);
  const type = typeof v === 'string' ? 'string' : typeof v === 'number' ? 'float64'
    : Array.isArray(v) ? '[]interface {}' : 'interface {}';
  return `%!t(${type}=${goFormat(v)})`;
}
