/**
 * Translates a Kubernetes structural schema (a CRD's `openAPIV3Schema`, or a
 * hand-written one in the same dialect) into a JSON Schema that ajv runs with
 * the custom keywords of `ajv.ts`.
 *
 * The translation is a whitelist: a keyword, format or list type it does not
 * know, or a CEL rule the engine cannot run, throws `SchemaCompileError`, so a
 * newer CRD can never have a check skipped without anyone noticing.
 *
 * Kubernetes semantics that differ from plain JSON Schema:
 * - the API server prunes fields a schema does not declare; for generated
 *   manifests an undeclared field is a bug, so it is an error here unless the
 *   node has `x-kubernetes-preserve-unknown-fields` (or `additionalProperties`);
 * - `default` is applied by the server before it validates
 *   (k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting/
 *   algorithm.go `Default`, kubernetes/kubernetes@94341df3): a required
 *   property with a default is never missing, so it is not required here,
 *   and CEL rules see defaulted fields (the shape carries the defaults, see
 *   src/model/crd/cel/values.ts). The default itself is not validated.
 */
import { SchemaCompileError } from './errors';
import { compileRule } from '../../src/model/crd/cel/engine';
import { CelNode, CelValidation } from '../../src/model/crd/cel/validations';
import { CelShape } from '../../src/model/crd/cel/values';
import { FORMATS } from '../../src/model/crd/formats';

export type JsonSchema = Record<string, unknown>;

/** Each translated node's `default`, for the CEL shapes above it (the translated schema itself carries none). */
const defaults = new WeakMap<JsonSchema, unknown>();

// No effect on validation (`default` only through `required` and the CEL shape, below).
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

// `reason` only classifies the API server's error; `optionalOldSelf` needs
// CEL optionals, which the engine lacks, so it is not accepted.
const VALIDATION_ENTRY_KEYS = new Set(['rule', 'message', 'messageExpression', 'reason', 'fieldPath']);

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
      fail(`unsupported schema keyword "${key}"; implement it in scripts/schemas/structural.ts`);
    }
  }

  const out: JsonSchema = {};
  const preserveUnknown = s['x-kubernetes-preserve-unknown-fields'] === true;
  const embedded = s['x-kubernetes-embedded-resource'] === true;

  if (s['x-kubernetes-int-or-string'] === true) {
    // Structural schemas forbid `type` here; the value is an integer or a
    // string (or null when nullable).
    out.type = s.nullable === true ? ['integer', 'string', 'null'] : ['integer', 'string'];
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
      fail(`unknown format "${s.format}"; implement it in src/model/crd/formats.ts`);
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
  // The server fills a missing property that has a default before it validates.
  const required = (s.required as string[] | undefined)?.filter((name) => s.properties?.[name]?.default === undefined);
  if (required?.length) out.required = required;
  if (s.default !== undefined) defaults.set(out, s.default);
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
    const cel: CelNode = { rules: celValidations(s['x-kubernetes-validations'], fail), shape: celShape(out) };
    out.k8sCel = cel;
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
    const { rule, message, messageExpression, fieldPath } = entry;
    if (typeof rule !== 'string') return fail(`x-kubernetes-validations rule must be a string, got ${JSON.stringify(rule)}`);
    for (const expression of [rule, messageExpression]) {
      if (typeof expression !== 'string') continue;
      try {
        compileRule(expression);
      } catch (e) {
        fail(`CEL expression ${JSON.stringify(expression)} cannot run on the engine: ${(e as Error).message}`);
      }
    }
    return {
      rule,
      ...(typeof message === 'string' ? { message } : {}),
      ...(typeof messageExpression === 'string' ? { messageExpression } : {}),
      ...(typeof fieldPath === 'string' ? { pointer: fieldPathToPointer(fieldPath, fail) } : {}),
    };
  });
}

/**
 * A rule's `fieldPath` (`.a.b`, `.a['b.c']`) as a JSON pointer below its
 * node. List indices are not part of the syntax the API server accepts.
 */
function fieldPathToPointer(fieldPath: string, fail: (m: string) => never): string {
  const segments: string[] = [];
  const step = /^(?:\.([a-zA-Z_][a-zA-Z0-9_]*)|\['((?:[^'\\]|\\.)*)'\])/;
  let rest = fieldPath;
  while (rest !== '') {
    const m = step.exec(rest);
    if (!m) return fail(`unsupported fieldPath ${JSON.stringify(fieldPath)}`);
    segments.push(m[1] ?? m[2].replace(/\\(.)/g, '$1'));
    rest = rest.slice(m[0].length);
  }
  return segments.map((seg) => `/${seg.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** What CEL needs of a translated node to type `self` (see cel/values.ts). */
function celShape(node: JsonSchema): CelShape {
  const shape: Record<string, unknown> = {};
  if (node.type !== undefined) shape.type = node.type;
  if (defaults.has(node)) shape.default = defaults.get(node);
  if (node.nullable === true) shape.nullable = true;
  if (node.properties !== undefined) {
    shape.properties = Object.fromEntries(Object.entries(node.properties as Record<string, JsonSchema>).map(([k, v]) => [k, celShape(v)]));
  }
  if (node.items !== undefined) shape.items = celShape(node.items as JsonSchema);
  if (typeof node.additionalProperties === 'object') shape.additionalProperties = celShape(node.additionalProperties as JsonSchema);
  return shape;
}
