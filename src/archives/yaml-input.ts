import { Document, parseAllDocuments } from 'yaml';
import { ChartError } from './errors';
import { goYamlText } from './go-yaml-names';

/**
 * Reading chart YAML the way Helm does (sigs.k8s.io/yaml over go-yaml v2):
 * go-yaml's anchor and alias names (./go-yaml-names.ts), YAML 1.1 scalars
 * (`yes`/`no`/`on`/`off` are booleans), timestamps kept as text, later
 * duplicate keys win, only the first document counts, a UTF-8 BOM is
 * dropped.
 */

/**
 * The first document of `text` as plain data.
 * @param file reported in errors
 */
export function parseHelmYaml(text: string, file: string): unknown {
  const first = parseHelmYamlDocuments(text, file, 1)[0];
  return first === undefined ? null : first;
}

/**
 * The documents of `text` as plain data, at most `limit` of them (Helm 4's
 * `LoadValues` merges every document of values.yaml; Helm 3 reads the first).
 * @param file reported in errors
 */
export function parseHelmYamlDocuments(text: string, file: string, limit = Infinity): unknown[] {
  const read = goYamlText(text.replace(/^\uFEFF/, ''));
  if (read.refused) throw new ChartError({ file, reason: `unable to parse YAML: ${read.refused.message}` });
  const docs = parseAllDocuments(read.text, {
    version: '1.1',
    uniqueKeys: false,
    // go-yaml v2 hands timestamps and sexagesimal numbers to Helm as strings.
    customTags: (tags) => tags.filter((t) => typeof t === 'string'
      ? !['timestamp', 'intTime', 'floatTime'].includes(t)
      : t.tag !== 'tag:yaml.org,2002:timestamp' && (t as { format?: string }).format !== 'TIME'),
  });
  const list = (Array.isArray(docs) ? docs : []).slice(0, limit);
  return list.map((doc) => {
    const problem = doc.errors[0];
    if (problem) {
      throw new ChartError({ file, reason: `unable to parse YAML: ${problem.message.split('\n')[0]}` });
    }
    return yamlDocumentData(doc, file);
  });
}

/**
 * Aliases a document may expand, counted as the yaml package counts them
 * (each alias weighs the nodes it copies). go-yaml v2 refuses "excessive
 * aliasing" too, so a billion-laughs file fails in Helm as well.
 */
export const MAX_YAML_ALIAS_COUNT = 10000;

/**
 * A parsed document as plain data, with aliases expanded up to
 * {@link MAX_YAML_ALIAS_COUNT}; a document that expands beyond it fails
 * naming the file.
 * @param file reported in errors
 */
export function yamlDocumentData(doc: Document.Parsed, file: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (e) {
    // The yaml package throws a ReferenceError "Excessive alias count …" from deep inside.
    if (!(e instanceof ReferenceError) || !/alias/i.test(e.message)) throw e;
    throw new ChartError({
      file,
      reason: 'unable to parse YAML: document contains excessive aliasing (its anchors and aliases expand beyond ' +
        `${MAX_YAML_ALIAS_COUNT} nodes, as in a "billion laughs" file); write the values out or use fewer nested aliases`,
    }, { cause: e });
  }
}

/** `typeof`-like description for messages: `a string`, `a mapping`, `a list`, `the number 1.1`. */
export function describeYamlValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return `the number ${formatYamlNumber(value)}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  return `a ${typeof value}`;
}

/**
 * The string sigs.k8s.io/yaml makes of a YAML number or boolean when the
 * target field is a string (ints in decimal, floats with Go's 32-bit `%g`,
 * so `1.10` becomes `1.1`); undefined for anything else.
 */
export function coerceScalarToString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return formatYamlNumber(value);
  return undefined;
}

function formatYamlNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return goFormatFloat32(n);
}

/** Go's `strconv.FormatFloat(f, 'g', -1, 32)`. */
function goFormatFloat32(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  const f = Math.fround(n);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  let mantissa = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const s = Math.abs(f).toExponential(p - 1);
    if (Math.fround(Number(s)) === Math.abs(f)) {
      const [m, e] = s.split('e');
      mantissa = m.replace('.', '');
      exp = Number(e);
      break;
    }
  }
  const sign = f < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const frac = mantissa.length > 1 ? `.${mantissa.slice(1)}` : '';
    return `${sign}${mantissa[0]}${frac}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${mantissa}`;
  const whole = mantissa.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = mantissa.slice(exp + 1);
  return `${sign}${whole}${frac ? `.${frac}` : ''}`;
}

/**
 * Go `encoding/json` field lookup: an exact key, or one equal ignoring ASCII
 * case. Keys are visited in sorted byte order (sigs.k8s.io/yaml re-encodes a
 * map with sorted keys), so the last of several spellings wins.
 */
export function lookupFields(obj: Record<string, unknown>, fields: readonly string[]): Map<string, unknown> {
  const byFold = new Map(fields.map((f) => [f.toLowerCase(), f]));
  const out = new Map<string, unknown>();
  const keys = Object.keys(obj).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const key of keys) {
    const field = fields.includes(key) ? key : byFold.get(asciiLower(key));
    if (field !== undefined) out.set(field, obj[key]);
  }
  return out;
}

function asciiLower(s: string): string {
  return s.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Whether `value` is a YAML mapping (a plain object). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !Buffer.isBuffer(value);
}
