/**
 * An object as the API server validates it when declared fields hold null:
 * a null in a field whose schema is not nullable is removed first
 * (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting/
 * prunenulls.go `PruneNonNullableNullsWithoutDefaults`, then `Default`,
 * kubernetes/kubernetes@008b3652). One whose field has a default is
 * defaulted instead; a default is valid, and CEL rules see it either way
 * (./cel/values.ts), so both go here. A null the schema does not reach
 * (below x-kubernetes-preserve-unknown-fields: Helm values, where a null
 * removes a chart default) stays, as there.
 */

type Schema = Readonly<Record<string, unknown>> | undefined;

/** Whether `value` holds a null anywhere (the only case where pruning changes anything). */
export function holdsNull(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== 'object') return false;
  return Object.values(value as object).some(holdsNull);
}

/** `value` (found at a node of `schema`) without the nulls the server prunes; a copy where it changes. */
export function withoutPrunedNulls(value: unknown, schema: Schema): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutPrunedNulls(item, schemaAt(schema, 'items')));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const properties = schemaAt(schema, 'properties');
    const declared = properties && Object.prototype.hasOwnProperty.call(properties, key) ? schemaAt(properties, key) : undefined;
    const child = declared ?? schemaAt(schema, 'additionalProperties');
    if (v === null && child !== undefined && !nullable(child)) continue;
    out[key] = withoutPrunedNulls(v, child);
  }
  return out;
}

function schemaAt(schema: Schema, key: string): Schema {
  const child = schema?.[key];
  return typeof child === 'object' && child !== null && !Array.isArray(child) ? child as Schema : undefined;
}

function nullable(schema: NonNullable<Schema>): boolean {
  return schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes('null'));
}
