import { isMap, isScalar, isSeq, Node, parseDocument, Scalar, YAMLMap } from 'yaml';

/**
 * A TypeScript type inferred from a chart's `values.yaml`, for charts
 * without `values.schema.json`. Every key is optional: the values a
 * release gives are merged over these defaults. Comments above a key
 * (helm-docs `# --` style or plain) become its doc comment.
 */
export function inferValuesType(valuesYaml: string, indent = ''): string {
  const doc = parseDocument(valuesYaml);
  const root = doc.contents;
  if (!isMap(root)) return 'Record<string, unknown>';
  return mapType(root, indent, doc.commentBefore ?? undefined);
}

function mapType(map: YAMLMap, indent: string, leadingComment?: string): string {
  if (map.items.length === 0) return 'Record<string, unknown>';
  const inner = `${indent}  `;
  const lines = ['{'];
  map.items.forEach((pair, i) => {
    const key = isScalar(pair.key) ? String((pair.key as Scalar).value) : String(pair.key);
    const comment = (pair.key as Node | null)?.commentBefore ?? (i === 0 ? map.commentBefore ?? leadingComment : undefined);
    const doc = docComment(comment, inner);
    if (doc) lines.push(doc);
    lines.push(`${inner}${propertyName(key)}?: ${nodeType(pair.value as Node | null, inner)};`);
  });
  lines.push(`${indent}}`);
  return lines.join('\n');
}

function nodeType(node: Node | null, indent: string): string {
  if (node === null || node === undefined) return 'unknown';
  if (isMap(node)) return mapType(node, indent);
  if (isSeq(node)) {
    const first = node.items[0] as Node | undefined;
    const item = first === undefined ? 'unknown' : nodeType(first, indent);
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
