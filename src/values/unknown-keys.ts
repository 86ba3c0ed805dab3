import { ValuesReferences } from './references';
import { hasKey, isTable, Values } from './tables';
import { editDistance } from '../foundation/edit-distance';
import { pointerSegment } from '../foundation/json-pointer';

/**
 * Keys the user set that the chart does not know, which Helm silently
 * ignores (`replicaCont: 2` installs with the default). Not a Helm rule:
 * flux-oci's own lint. A key is known when the chart's values.yaml has it,
 * its schema declares it at that level (`properties`, `patternProperties`;
 * an open `additionalProperties` is no declaration), or its templates read
 * it. A level nothing declares — an empty default (`podAnnotations: {}`),
 * a schema that only types its entries, a path the templates read whole
 * (`toYaml .Values.resources`) — holds free-form data and is not checked.
 * `global` is always known. A subchart's section is checked against the
 * subchart as well as the parent.
 */

/** What one chart knows about its values. */
export interface KeyScope {
  /** The chart's default values (values.yaml, or the valuesFiles that replace it). */
  readonly defaults: Values;
  /** The parsed values.schema.json. */
  readonly schema?: unknown;
  readonly references: ValuesReferences;
  /** Subcharts by the key of their section (alias or name). */
  readonly subcharts: ReadonlyMap<string, KeyScope>;
  /** Keys Helm itself reads at the root (`tags` when dependencies are tagged). */
  readonly reserved: ReadonlySet<string>;
}

/** A key the chart does not know. */
export interface UnknownKey {
  /** JSON pointer of the key in the values. */
  readonly pointer: string;
  readonly key: string;
  /** Known keys at that level closest to it, best first. */
  readonly suggestions: readonly string[];
}

/** One chart's view of a level of the values. */
interface View {
  readonly defaults: unknown;
  /** Applicable schema nodes; undefined when the chart has no schema. */
  readonly schemas?: readonly unknown[];
  readonly root?: unknown;
  readonly references?: ValuesReferences;
  /** The scope this view's level belongs to, at its root. */
  readonly scope?: KeyScope;
}

/** Unknown keys of `values` for the chart `scope`. */
export function unknownKeys(scope: KeyScope, values: Values): UnknownKey[] {
  const out: UnknownKey[] = [];
  walk(values, '', [rootView(scope)], out);
  return out;
}

function rootView(scope: KeyScope): View {
  const schemas = scope.schema === undefined ? undefined : [scope.schema];
  return { defaults: scope.defaults, schemas, root: scope.schema, references: scope.references, scope };
}

function walk(values: Values, pointer: string, views: readonly View[], out: UnknownKey[]): void {
  const levels = views.map((v) => level(v));
  if (levels.some((l) => l.freeForm)) return;
  if (!levels.some((l) => l.declared)) return;
  const known = new Set(levels.flatMap((l) => [...l.keys]));
  for (const [key, value] of Object.entries(values)) {
    const childPointer = `${pointer}/${pointerSegment(key)}`;
    const atRoot = views.some((v) => v.scope !== undefined);
    const reserved = views.some((v) => v.scope?.reserved.has(key));
    if ((key === 'global' && atRoot) || reserved) continue;
    const declaredBy = levels.some((l) => l.declares(key));
    if (!declaredBy) {
      out.push({ pointer: childPointer, key, suggestions: suggest(key, known) });
      continue;
    }
    if (!isTable(value)) continue;
    const next: View[] = views.map((_, i) => levels[i].child(key)).filter((v): v is View => v !== undefined);
    for (const v of views) {
      const sub = v.scope?.subcharts.get(key);
      if (sub) next.push(rootView(sub));
    }
    walk(value, childPointer, next, out);
  }
}

interface Level {
  /** Something at this level lists keys. */
  readonly declared: boolean;
  /** The chart takes anything here (read whole, or a schema it cannot resolve). */
  readonly freeForm: boolean;
  readonly keys: ReadonlySet<string>;
  declares(key: string): boolean;
  child(key: string): View | undefined;
}

function level(view: View): Level {
  const defaults = isTable(view.defaults) ? view.defaults : undefined;
  const refs = view.references;
  const applicable = view.schemas === undefined ? undefined : applicableSchemas(view.root, view.schemas);
  const structural = applicable?.schemas.filter((s) => isTable(s.properties) || isTable(s.patternProperties)) ?? [];
  const keys = new Set<string>([
    ...Object.keys(defaults ?? {}),
    ...structural.flatMap((s) => Object.keys(isTable(s.properties) ? s.properties : {})),
    ...(refs ? refs.children.keys() : []),
  ]);
  const patterns = structural.flatMap((s) => Object.keys(isTable(s.patternProperties) ? s.patternProperties : {}));
  const declares = (key: string) => keys.has(key) || patterns.some((p) => matches(p, key));
  return {
    declared: (defaults !== undefined && Object.keys(defaults).length > 0) || structural.length > 0 || (refs?.children.size ?? 0) > 0,
    freeForm: (refs?.whole ?? false) || (applicable?.open ?? false),
    keys,
    declares,
    child: (key) => {
      const childSchemas = applicable?.schemas.flatMap((s) => {
        const found: unknown[] = [];
        if (isTable(s.properties) && hasKey(s.properties, key)) found.push(s.properties[key]);
        if (isTable(s.patternProperties)) for (const [p, ps] of Object.entries(s.patternProperties)) if (matches(p, key)) found.push(ps);
        return found;
      });
      const childDefaults = defaults && hasKey(defaults, key) ? defaults[key] : undefined;
      const childRefs = refs?.child(key);
      if (childDefaults === undefined && !childSchemas?.length && !childRefs) return undefined;
      return {
        defaults: childDefaults,
        schemas: childSchemas?.length ? childSchemas : undefined,
        root: view.root,
        references: childRefs ?? (refs ? new ValuesReferences() : undefined),
      };
    },
  };
}

function matches(pattern: string, key: string): boolean {
  try {
    return new RegExp(pattern).test(key);
  } catch {
    return true;
  }
}

/** The schema nodes that apply at one place: the node, local `$ref`s, and the applicators; `open` when one cannot be resolved. */
function applicableSchemas(root: unknown, nodes: readonly unknown[]): { schemas: Values[]; open: boolean } {
  const schemas: Values[] = [];
  let open = false;
  const seen = new Set<unknown>();
  const visit = (s: unknown): void => {
    if (!isTable(s) || seen.has(s)) return;
    seen.add(s);
    schemas.push(s);
    for (const refKey of ['$ref', '$dynamicRef', '$recursiveRef']) {
      const ref = s[refKey];
      if (typeof ref !== 'string') continue;
      const target = resolveLocal(root, ref);
      if (target === undefined) open = true;
      else visit(target);
    }
    for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(s[k])) (s[k] as unknown[]).forEach(visit);
    for (const k of ['then', 'else']) visit(s[k]);
    for (const k of ['dependentSchemas', 'dependencies']) if (isTable(s[k])) Object.values(s[k] as Values).forEach(visit);
  };
  nodes.forEach(visit);
  return { schemas, open };
}

function resolveLocal(root: unknown, ref: string): unknown {
  if (ref === '#' || ref === '') return root;
  if (!ref.startsWith('#')) return undefined;
  if (!ref.startsWith('#/')) return findAnchor(root, ref.slice(1));
  return ref.slice(2).split('/').map((t) => decodeURIComponent(t).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((n, k) => (Array.isArray(n) ? n[Number(k)] : isTable(n) ? n[k] : undefined), root);
}

function findAnchor(n: unknown, name: string): unknown {
  if (Array.isArray(n)) {
    for (const x of n) {
      const found = findAnchor(x, name);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isTable(n)) return undefined;
  if (n.$anchor === name || n.$dynamicAnchor === name) return n;
  for (const v of Object.values(n)) {
    const found = findAnchor(v, name);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Known keys within a small edit distance (or differing only in case), closest first, at most 3. */
export function suggest(key: string, known: Iterable<string>): string[] {
  const limit = Math.max(1, Math.min(3, Math.floor(key.length / 3)));
  return [...known]
    .map((k) => ({ k, d: k.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, k) }))
    .filter((c) => c.d <= limit && c.k !== key)
    .sort((a, b) => a.d - b.d || (a.k < b.k ? -1 : 1))
    .slice(0, 3)
    .map((c) => c.k);
}
