import { closeDeclaredLevels, KnownKeys } from './known-keys';

/**
 * TypeScript declarations for a chart's `values.schema.json` through
 * json-schema-to-typescript, which reads every draft Helm supports
 * (4, 6, 7, 2019-09, 2020-12; `definitions` and `$defs` alike).
 *
 * Before compiling: `required` is dropped (a release's values are merged
 * over the chart's defaults, so it gives only what it changes; the
 * synth-time check validates the merged values), the root's `title` is
 * dropped (the interface takes `name`), and a `$ref` to another document
 * becomes `unknown` with a comment, never fetched. Levels the chart
 * declares are closed (`known-keys.ts`), so a typo'd key does not compile.
 */
export async function schemaValuesType(schemaJson: string, name: string, known: KnownKeys): Promise<string> {
  const schema = prepare(closeDeclaredLevels(JSON.parse(schemaJson), known), true, name) as Record<string, unknown>;
  // Loaded on use: it loads prettier, which only `flux-oci import` needs (and not even that: format is off).
  const { compile } = await import('json-schema-to-typescript');
  const code = await compile(schema as never, name, {
    bannerComment: '',
    format: false,
    declareExternallyReferenced: true,
    additionalProperties: true,
    strictIndexSignatures: false,
    $refOptions: { resolve: { external: false, http: false, file: false } } as never,
  });
  return indent(code);
}

/**
 * Two spaces a brace level. json-schema-to-typescript formats through
 * prettier, which loads its parsers with dynamic `import()`; reindenting
 * here keeps the output the same under every runner.
 */
function indent(code: string): string {
  let depth = 0;
  return code.split('\n').map((raw) => {
    const line = raw.trim();
    if (/^[}\])]/.test(line)) depth = Math.max(0, depth - 1);
    const out = line ? `${'  '.repeat(depth)}${line.startsWith('*') ? ` ${line}` : line}` : '';
    if (/[{[(]$/.test(line)) depth++;
    return out;
  }).join('\n');
}

/** Declared names of `$defs` (and `definitions`) are prefixed with the values type's, so two charts' types can share a module. */
function prepare(node: unknown, root: boolean, name: string): unknown {
  if (Array.isArray(node)) return node.map((n) => prepare(n, false, name));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  const ref = (node as Record<string, unknown>).$ref;
  if (typeof ref === 'string' && !ref.startsWith('#')) {
    return { tsType: 'unknown', description: `\`$ref: ${ref}\` points outside values.schema.json: not imported.` };
  }
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === 'required' && Array.isArray(value)) continue;
    // A nested title would name a declaration of its own, which two charts could both declare.
    if (key === 'title') continue;
    if (key === '$id' && root) continue;
    if (root && (key === '$defs' || key === 'definitions') && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => {
        const def = prepare(v, false, name);
        return [k, def && typeof def === 'object' && !Array.isArray(def) ? { ...def, title: `${name}${pascalWord(k)}` } : def];
      }));
    } else if (key === 'properties' || key === '$defs' || key === 'definitions' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, prepare(v, false, name)]));
    } else {
      out[key] = prepare(value, false, name);
    }
  }
  return out;
}

function pascalWord(key: string): string {
  return key.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}
