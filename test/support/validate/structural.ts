/**
 * Translates a Kubernetes structural schema (a CRD's `openAPIV3Schema`, or a
 * hand-written one in the same dialect) into a JSON Schema that ajv runs with
 * the custom keywords of `keywords.ts`.
 *
 * The translation is a whitelist: a keyword, format, list type or CEL rule it
 * does not know throws `SchemaCompileError`, so a newer CRD can never have a
 * check skipped without anyone noticing.
 *
 * Kubernetes semantics that differ from plain JSON Schema:
 * - the API server prunes fields a schema does not declare; for generated
 *   manifests an undeclared field is a bug, so it is an error here unless the
 *   node has `x-kubernetes-preserve-unknown-fields` (or `additionalProperties`);
 * - `default` is applied by the server and never validated against, so it is
 *   dropped rather than enforced.
 */
import { CEL_RULES } from './cel-rules';
import { SchemaCompileError } from './errors';
import { FORMATS } from './formats';

export type JsonSchema = Record<string, unknown>;

/** One `x-kubernetes-validations` entry, as the `k8sCel` keyword receives it. */
export interface CelValidation {
  readonly rule: string;
  readonly message: string;
}

// Documentation only, no effect on validation.
const ANNOTATIONS = new Set(['description', 'default', 'example', 'title', 'externalDocs']);

const COPIED = new Set([
  'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'multipleOf',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties',
]);

const TRANSLATED = new Set([
  'type', 'properties', 'required', 'items', 'additionalProperties', 'format', 'nullable',
  'exclusiveMinimum', 'exclusiveMaximum',
  'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations',
]);

const VALIDATION_ENTRY_KEYS = new Set(['rule', 'message', 'reason', 'fieldPath']);

/**
 * @param schema the structural schema node
 * @param location where the node comes from (file, kind, version), for errors
 */
export function toJsonSchema(schema: unknown, location: string): JsonSchema {
  return convert(schema, location, '');
}

function convert(node: unknown, location: string, pointer: string): JsonSchema {
  const fail = (message: string): never => {
    throw new SchemaCompileError(message, `${location} ${pointer || '/'}`);
  };
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    return fail(`schema node must be an object, got ${JSON.stringify(node)}`);
  }
  const s = node as Record<string, any>;
  for (const key of Object.keys(s)) {
    if (!ANNOTATIONS.has(key) && !COPIED.has(key) && !TRANSLATED.has(key)) {
      fail(`unsupported schema keyword "${key}"; implement it in test/support/validate/structural.ts`);
    }
  }

  const out: JsonSchema = {};
  const preserveUnknown = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;

  if (s['x-kubernetes-int-or-string'] === true) {
    // Structural schemas forbid `type` here; the value is an integer or a
    // string (or null when nullable).
    out.k8sIntOrString = s.nullable === true ? 'nullable' : 'required';
  } else if (s.type !== undefined) {
    if (!['object', 'array', 'string', 'integer', 'number', 'boolean'].includes(s.type)) {
      fail(`unsupported type ${JSON.stringify(s.type)}`);
    }
    out.type = s.type;
    if (s.nullable === true) out.nullable = true;
  }

  for (const key of COPIED) {
    if (s[key] !== undefined) out[key] = s[key];
  }
  // OpenAPI 3.0 booleans become JSON Schema draft-07 numbers.
  if (s.exclusiveMinimum === true) { out.exclusiveMinimum = s.minimum; delete out.minimum; }
  if (s.exclusiveMaximum === true) { out.exclusiveMaximum = s.maximum; delete out.maximum; }

  if (s.format !== undefined) {
    if (!Object.prototype.hasOwnProperty.call(FORMATS, s.format)) {
      fail(`unknown format "${s.format}"; implement it in test/support/validate/formats.ts`);
    }
    out.format = s.format;
  }

  const isObject = s.type === 'object' || (s.type === undefined && (s.properties !== undefined || embedded));
  if (s.properties !== undefined) {
    out.properties = Object.fromEntries(
      Object.entries(s.properties as Record<string, unknown>).map(([name, child]) =>
        [name, convert(child, location, `${pointer}/properties/${name}`)]),
    );
  }
  if (s.required !== undefined) out.required = [...s.required];
  if (embedded) addEmbeddedResource(out);
  if (typeof s.additionalProperties === 'object' && s.additionalProperties !== null) {
    out.additionalProperties = convert(s.additionalProperties, location, `${pointer}/additionalProperties`);
  } else if (s.additionalProperties === false) {
    out.additionalProperties = false;
  } else if (s.additionalProperties === true || preserveUnknown) {
    // unknown fields are kept by the API server: allowed
  } else if (isObject) {
    out.additionalProperties = false;
  }

  if (s.items !== undefined) out.items = convert(s.items, location, `${pointer}/items`);
  addListType(s, out, fail);
  const mapType = s['x-kubernetes-map-type'];
  if (mapType !== undefined && mapType !== 'granular' && mapType !== 'atomic') {
    fail(`unknown x-kubernetes-map-type "${mapType}"`);
  }

  if (s['x-kubernetes-validations'] !== undefined) {
    out.k8sCel = celValidations(s['x-kubernetes-validations'], fail);
  }
  return out;
}

// An embedded object must carry apiVersion and kind; metadata is an ObjectMeta.
function addEmbeddedResource(out: JsonSchema): void {
  const properties = (out.properties ?? {}) as Record<string, JsonSchema>;
  properties.apiVersion ??= { type: 'string' };
  properties.kind ??= { type: 'string' };
  properties.metadata ??= { type: 'object' };
  out.properties = properties;
  out.type ??= 'object';
  out.required = [...new Set([...((out.required as string[] | undefined) ?? []), 'apiVersion', 'kind'])];
}

function addListType(s: Record<string, any>, out: JsonSchema, fail: (m: string) => never): void {
  const listType = s['x-kubernetes-list-type'];
  const mapKeys = s['x-kubernetes-list-map-keys'];
  if (listType === undefined || listType === 'atomic') {
    if (mapKeys !== undefined) fail('x-kubernetes-list-map-keys requires x-kubernetes-list-type: map');
    return;
  }
  if (listType === 'set') {
    out.uniqueItems = true;
  } else if (listType === 'map') {
    if (!Array.isArray(mapKeys) || mapKeys.length === 0) fail('x-kubernetes-list-type: map needs x-kubernetes-list-map-keys');
    out.k8sListMapKeys = [...mapKeys];
  } else {
    fail(`unknown x-kubernetes-list-type "${listType}"`);
  }
}

function celValidations(entries: unknown, fail: (m: string) => never): CelValidation[] {
  if (!Array.isArray(entries)) return fail('x-kubernetes-validations must be a list');
  return entries.map((entry: Record<string, unknown>) => {
    for (const key of Object.keys(entry)) {
      if (!VALIDATION_ENTRY_KEYS.has(key)) {
        fail(`unsupported x-kubernetes-validations field "${key}" (rule ${JSON.stringify(entry.rule)})`);
      }
    }
    const rule = entry.rule;
    if (typeof rule !== 'string' || !Object.prototype.hasOwnProperty.call(CEL_RULES, rule)) {
      fail(`unknown CEL rule ${JSON.stringify(rule)}; add a predicate for it to test/support/validate/cel-rules.ts`);
    }
    // The API server's message when a rule has none.
    const message = typeof entry.message === 'string' ? entry.message : `failed rule: ${rule}`;
    return { rule: rule as string, message };
  });
}
