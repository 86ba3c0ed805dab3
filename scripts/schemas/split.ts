/**
 * Splits a schema into a root and subschemas referenced by `$ref`, so that
 * ajv's standalone code has one function per large subschema instead of
 * one function for the whole CRD.
 *
 * V8 compiles a function whole, the first time it is called, and runs it
 * in its interpreter until it is hot: one 110 KB function per HelmRelease
 * schema made the first validation of a synth cost 5–10 ms and the first
 * thousand several times the warm cost, although a release reaches a few
 * of the schema's fields. Split, only the functions of the fields an object
 * has are compiled (the figures: README, Benchmarks, the schemas paragraph).
 *
 * Validation does not change: a `$ref` to a schema validates exactly as
 * the schema inline; errors keep their `instancePath`, `keyword` and
 * `params` (what src/model/crd/describe.ts reads); only `schemaPath` names
 * the referenced schema instead.
 */
import type { JsonSchema } from './structural';

/**
 * Subschemas whose JSON is at least this long (after their own large
 * subschemas were split off) become separate schemas: small ones cost more
 * as a call than as inline code.
 */
const SPLIT_AT_CHARS = 200;

/** The schema's root, and the subschemas split off it by `$id` (`<id>__s<n>`, numbered in document order). */
export function splitSchema(schema: JsonSchema, id: string): { root: JsonSchema; parts: Record<string, JsonSchema> } {
  const parts: Record<string, JsonSchema> = {};
  let next = 0;

  // Only keywords whose values are schemas are followed; keyword values
  // that hold schema-like data (`k8sCel`'s node shape) stay as they are.
  const visit = (node: JsonSchema): JsonSchema => {
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === 'properties' && isSchemaMap(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, split(sub)]));
      } else if ((key === 'items' || key === 'additionalProperties') && isSchema(value)) {
        out[key] = split(value);
      } else {
        out[key] = value;
      }
    }
    return out;
  };

  const split = (sub: JsonSchema): JsonSchema => {
    const visited = visit(sub);
    if (JSON.stringify(visited).length < SPLIT_AT_CHARS) return visited;
    const partId = `${id}__s${next++}`;
    parts[partId] = { $id: partId, ...visited };
    return { $ref: partId };
  };

  return { root: visit(schema), parts };
}

function isSchema(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSchemaMap(value: unknown): value is Record<string, JsonSchema> {
  return isSchema(value) && Object.values(value).every(isSchema);
}
