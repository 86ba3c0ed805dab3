import type { ValuesReferences } from '../references';
import { isTable } from '../tables';
import type { KeyScope } from '../unknown-keys';

/**
 * What the values types accept at each level, kept the same as the
 * unknown-keys check (`unknown-keys.ts`), so a typo'd key fails `tsc`
 * exactly where the synth would warn about it: a level is closed when the
 * chart declares it (values.yaml keys, schema `properties`, keys its
 * templates read); it stays open (an index signature) where the chart
 * declares nothing or reads the level whole (`toYaml .Values.resources`),
 * or the schema says so (`additionalProperties`, `patternProperties`).
 * `global` is always accepted at the root: Helm passes it to every chart;
 * so is `tags` when the chart's dependencies are tagged.
 */

/** The KeyScope fields type generation reads. */
export type KnownKeys = Pick<KeyScope, 'defaults' | 'references' | 'reserved'>;

/** A JSON Schema node for a key the chart knows but the schema does not type. */
const UNTYPED = { tsType: 'unknown' } as const;
/** `global`: whatever the release gives, for every chart. */
const GLOBAL = { type: 'object', additionalProperties: true } as const;

/**
 * `schema` with every level that declares `properties` closed
 * (`additionalProperties: false`, unless the schema says otherwise or the
 * templates read it whole) after adding the keys values.yaml and the
 * templates know there; other nodes unchanged. Returns a copy.
 */
export function closeDeclaredLevels(schema: unknown, known: KnownKeys): unknown {
  return close(schema, known.defaults, known.references, known.reserved);
}

/** `reserved` is given at the root only. */
function close(node: unknown, defaults: unknown, refs: ValuesReferences | undefined, reserved?: ReadonlySet<string>): unknown {
  if (!isTable(node) || !isTable(node.properties)) return node;
  const properties: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(node.properties)) {
    properties[key] = close(sub, isTable(defaults) ? defaults[key] : undefined, refs?.child(key));
  }
  const open = 'additionalProperties' in node || 'patternProperties' in node || refs?.whole === true;
  if (open) return { ...node, properties };
  for (const key of [...(isTable(defaults) ? Object.keys(defaults) : []), ...(refs?.children.keys() ?? [])]) {
    if (!(key in properties)) properties[key] = UNTYPED;
  }
  if (reserved && !('global' in properties)) properties.global = GLOBAL;
  for (const key of reserved ?? []) {
    if (!(key in properties)) properties[key] = UNTYPED;
  }
  return { ...node, properties, additionalProperties: false };
}
