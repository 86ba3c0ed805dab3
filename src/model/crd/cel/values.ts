/**
 * JSON → CEL values the way the Kubernetes API server types them for
 * `x-kubernetes-validations` (k8s.io/apiserver/pkg/cel/common/values.go,
 * `UnstructuredToVal`, kubernetes/kubernetes@7eb7c8b4): the schema node
 * decides the type, not the JSON value.
 * - `integer` → CEL int (bigint), `number` → double, even for `3`;
 * - an object with `properties` is a struct: only declared fields, under
 *   their escaped names (see `escapeProperty`); an undeclared field was
 *   pruned by the server before the rule ran;
 * - an object with an `additionalProperties` schema is a map with the keys
 *   as written;
 * - below `x-kubernetes-preserve-unknown-fields` (no schema) values are dyn:
 *   integers are ints, keys as written;
 * - a null in a field that is not nullable is pruned, so `has()` is false;
 * - but first the server fills in defaults (k8s.io/apiextensions-apiserver/
 *   pkg/apiserver/schema/defaulting/algorithm.go `Default`,
 *   kubernetes/kubernetes@94341df3): a declared property that is absent, or
 *   null where it is not nullable, takes the schema's `default`, and the
 *   defaults inside it apply too.
 */

/** The part of a schema node CEL typing needs; the generator keeps only these keys. */
export interface CelShape {
  /** A JSON Schema type, or a list of them (int-or-string, nullable). */
  readonly type?: string | readonly string[];
  readonly nullable?: boolean;
  readonly properties?: Readonly<Record<string, CelShape>>;
  readonly items?: CelShape;
  readonly additionalProperties?: CelShape | boolean;
  /** The schema's `default`, which the server sets where the value is absent (or a null it does not allow). */
  readonly default?: unknown;
}

// The CEL lexer's reserved words (k8s.io/apiserver/pkg/cel/escaping.go, kubernetes/kubernetes@37005d1a).
const RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

const ESCAPES: Readonly<Record<string, string>> = { '__': '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' };

/**
 * The name under which CEL sees a declared property (`cel.Escape`), or
 * undefined when CEL cannot reach it (a leading digit, or a character
 * outside `[a-zA-Z0-9_.-/]`).
 */
export function escapeProperty(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name)) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z0-9_.\-/]+$/.test(name)) return undefined;
  return name.replace(/__|[.\-/]/g, (s) => ESCAPES[s]);
}

/** Converts `value`, found at a node of shape `shape` (undefined: dyn), for CEL. */
export function toCel(value: unknown, shape: CelShape | undefined): unknown {
  if (typeof value === 'number') return isType(shape, 'number') || !Number.isInteger(value) ? value : BigInt(value);
  if (Array.isArray(value)) return value.map((v) => toCel(defaulted(v, shape?.items), shape?.items));
  if (typeof value !== 'object' || value === null) return value;

  const out: Record<string, unknown> = {};
  if (shape?.properties) {
    for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
      const child = shape.properties[name];
      const escaped = escapeProperty(name);
      const v = defaulted(raw, child);
      if (child === undefined || escaped === undefined || v === undefined || (v === null && !nullable(child))) continue;
      out[escaped] = toCel(v, child);
    }
    // A declared property the object leaves out takes its default (one it holds, null included, was settled above).
    for (const [name, child] of Object.entries(shape.properties)) {
      const escaped = escapeProperty(name);
      if (child.default === undefined || escaped === undefined || Object.prototype.hasOwnProperty.call(out, escaped)) continue;
      out[escaped] = toCel(child.default, child);
    }
    return out;
  }
  const values = typeof shape?.additionalProperties === 'object' ? shape.additionalProperties : undefined;
  for (const [key, raw] of Object.entries(value as Record<string, unknown>)) {
    const v = defaulted(raw, values);
    if (v === undefined || (v === null && !nullable(values))) continue;
    out[key] = toCel(v, values);
  }
  return out;
}

/** A value as the server leaves it after defaulting: the default where it is absent, or a null the schema does not allow. */
export function defaulted(value: unknown, shape: CelShape | undefined): unknown {
  return shape?.default !== undefined && (value === undefined || (value === null && !nullable(shape))) ? shape.default : value;
}

function isType(shape: CelShape | undefined, type: string): boolean {
  const t = shape?.type;
  return t === type || (Array.isArray(t) && t.includes(type));
}

function nullable(shape: CelShape | undefined): boolean {
  return shape?.nullable === true || isType(shape, 'null');
}
