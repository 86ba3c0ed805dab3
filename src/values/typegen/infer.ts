import { isMap, isScalar, isSeq, Node, parseDocument, Scalar, YAMLMap } from 'yaml';
import type { KnownKeys } from './known-keys';
import type { ValuesReferences } from '../references';

/**
 * A TypeScript type inferred from a chart's `values.yaml`, for charts
 * without `values.schema.json`. Every key is optional: the values a
 * release gives are merged over these defaults. Comments above a key
 * (helm-docs `# --` style or plain) become its doc comment. Keys the
 * templates read that values.yaml lacks are `unknown`, a level they read
 * whole stays open, and `global` is accepted at the root — the same keys
 * the unknown-keys check knows (`known-keys.ts`).
 */
export function inferValuesType(valuesYaml: string, known?: Pick<KnownKeys, 'references' | 'reserved'>, indent = ''): string {
  const doc = parseDocument(valuesYaml);
  const root = doc.contents;
  if (!isMap(root) || root.items.length === 0) return 'Record<string, unknown>';
  return mapType(root, indent, known?.references, known?.reserved ?? new Set(), doc.commentBefore ?? undefined);
}

/** `reserved` (Helm's root keys beside `global`) is given at the root only. */
function mapType(map: YAMLMap, indent: string, refs: ValuesReferences | undefined, reserved?: ReadonlySet<string>, leadingComment?: string): string {
  if (map.items.length === 0) return 'Record<string, unknown>';
  const inner = `${indent}  `;
  const lines = ['{'];
  const keys = new Set<string>();
  map.items.forEach((pair, i) => {
    const key = isScalar(pair.key) ? String((pair.key as Scalar).value) : String(pair.key);
    keys.add(key);
    const comment = (pair.key as Node | null)?.commentBefore ?? (i === 0 ? map.commentBefore ?? leadingComment : undefined);
    const doc = docComment(comment, inner);
    if (doc) lines.push(doc);
    lines.push(`${inner}${propertyName(key)}?: ${nodeType(pair.value as Node | null, inner, refs?.child(key))};`);
  });
  for (const key of refs?.children.keys() ?? []) {
    if (!keys.has(key)) lines.push(`${inner}/** Read by the chart's templates; not in values.yaml. */`, `${inner}${propertyName(key)}?: unknown;`);
  }
  if (reserved && !keys.has('global')) lines.push(`${inner}/** Passed to this chart and every subchart. */`, `${inner}global?: Record<string, unknown>;`);
  for (const key of reserved ?? []) {
    if (!keys.has(key) && !refs?.children.has(key)) lines.push(`${inner}/** Read by Helm itself. */`, `${inner}${propertyName(key)}?: unknown;`);
  }
  if (refs?.whole) lines.push(`${inner}/** The templates read this level whole. */`, `${inner}[key: string]: unknown;`);
  lines.push(`${indent}}`);
  return lines.join('\n');
}

function nodeType(node: Node | null, indent: string, refs: ValuesReferences | undefined): string {
  if (node === null || node === undefined) return 'unknown';
  if (isMap(node)) return mapType(node, indent, refs);
  if (isSeq(node)) {
    const first = node.items[0] as Node | undefined;
    const item = first === undefined ? 'unknown' : nodeType(first, indent, undefined);
    return item.includes('\n') || item.includes(' ') ? `Array<${item}>` : `${item}[]`;
  }
  if (isScalar(node)) {
    switch (typeof node.value) {
      case 'string': return 'string';
      case 'number': return 'number';
      case 'boolean': return 'boolean';
      default: return 'unknown';
    }
  }
  return 'unknown';
}

/** A comment block as JSDoc: helm-docs' `-- ` marker dropped, `@` annotations of helm-docs (`@default`, `@section`) kept as text. */
function docComment(comment: string | null | undefined, indent: string): string | undefined {
  if (!comment) return undefined;
  const lines = comment.split('\n').map((l) => l.replace(/^\s?([\w.-]+ )?-- ?/, '').replace(/\*\//g, '*\\/').trimEnd());
  while (lines.length && lines[0] === '') lines.shift();
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  if (!lines.length) return undefined;
  return [`${indent}/**`, ...lines.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`].join('\n');
}

/** A key as a TypeScript property name: quoted unless it is an identifier. */
export function propertyName(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}
