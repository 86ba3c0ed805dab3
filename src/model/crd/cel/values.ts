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
 * - a null in a field that is not nullable is pruned, so `has()` is false.
 */

/** The part of a schema node CEL typing needs; the generator keeps only these keys. */
export interface CelShape {
  /** A JSON Schema type, or a list of them (int-or-string, nullable). */
  readonly type?: string | readonly string[];
  readonly nullable?: boolean;
  readonly properties?: Readonly<Record<string, CelShape>>;
  readonly items?: CelShape;
  readonly additionalProperties?: CelShape | boolean;
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
  if (Array.isArray(value)) return value.map((v) => toCel(v, shape?.items));
  if (typeof value !== 'object' || value === null) return value;

  const out: Record<string, unknown> = {};
  const entries = Object.entries(value as Record<string, unknown>);
  if (shape?.properties) {
    for (const [name, v] of entries) {
      const child = shape.properties[name];
      const escaped = escapeProperty(name);
      if (child === undefined || escaped === undefined || v === undefined || (v === null && !nullable(child))) continue;
      out[escaped] = toCel(v, child);
    }
    return out;
  }
  const values = typeof shape?.additionalProperties === 'object' ? shape.additionalProperties : undefined;
  for (const [key, v] of entries) {
    if (v === undefined || (v === null && !nullable(values))) continue;
    out[key] = toCel(v, values);
  }
  return out;
}

function isType(shape: CelShape | undefined, type: string): boolean {
  const t = shape?.type;
  return t === type || (Array.isArray(t) && t.includes(type));
}

function nullable(shape: CelShape | undefined): boolean {
  return shape?.nullable === true || isType(shape, 'null');
}
