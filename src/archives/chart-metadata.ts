import { GoYamlValue, marshalGoYaml } from './go-yaml';

/**
 * Chart.yaml as Helm holds it (helm `pkg/chart/v2` `Metadata`), with the
 * JSON field names Helm uses. Empty fields are absent, as Go's `omitempty`
 * leaves them out, and key order is the Go struct's: `JSON.stringify` of this
 * object has the same structure as the Helm OCI config blob (use
 * {@link chartConfigJson} for the exact bytes).
 */
export interface ChartMetadata {
  readonly name: string;
  readonly home?: string;
  readonly sources?: readonly string[];
  readonly version: string;
  readonly description?: string;
  readonly keywords?: readonly string[];
  readonly maintainers?: readonly ChartMaintainer[];
  readonly icon?: string;
  readonly apiVersion: string;
  /** Deprecated top-level condition (Helm 2). */
  readonly condition?: string;
  /** Deprecated top-level tags (Helm 2), a string. */
  readonly tags?: string;
  readonly appVersion?: string;
  readonly deprecated?: boolean;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly kubeVersion?: string;
  readonly dependencies?: readonly ChartDependency[];
  /** `application` or `library`; absent means application. */
  readonly type?: string;
}

/** A `maintainers[]` entry. */
export interface ChartMaintainer {
  readonly name?: string;
  readonly email?: string;
  readonly url?: string;
}

/** An `import-values[]` entry: a child value path, or a child → parent mapping. */
export type ChartImportValue = string | { readonly child: string; readonly parent: string };

/** A `dependencies[]` entry (helm `Dependency`; `name` and `repository` are always serialised). */
export interface ChartDependency {
  readonly 'name': string;
  readonly 'version'?: string;
  readonly 'repository': string;
  readonly 'condition'?: string;
  readonly 'tags'?: readonly string[];
  readonly 'enabled'?: boolean;
  readonly 'import-values'?: readonly ChartImportValue[];
  readonly 'alias'?: string;
}

/** Go struct field order of `Metadata`, which `encoding/json` follows. */
const METADATA_FIELDS = [
  'name', 'home', 'sources', 'version', 'description', 'keywords', 'maintainers', 'icon', 'apiVersion',
  'condition', 'tags', 'appVersion', 'deprecated', 'annotations', 'kubeVersion', 'dependencies', 'type',
] as const;
const MAINTAINER_FIELDS = ['name', 'email', 'url'] as const;
const DEPENDENCY_FIELDS = ['name', 'version', 'repository', 'condition', 'tags', 'enabled', 'import-values', 'alias'] as const;
/** Dependency fields without `omitempty`. */
const DEPENDENCY_ALWAYS = new Set(['name', 'repository']);

/**
 * The exact bytes of the Helm OCI config blob (`application/vnd.cncf.helm.config.v1+json`):
 * Go's `json.Marshal(metadata)` — struct field order, empty fields left out,
 * annotation keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped.
 */
export function chartConfigJson(metadata: ChartMetadata): string {
  return goJson(metadataToGo(metadata));
}

/**
 * Chart.yaml as `helm package` writes it into the archive: the metadata
 * re-serialised with sigs.k8s.io/yaml, so comments and unknown keys are gone
 * and keys are sorted. Helm drops `dependencies` from an `apiVersion: v1`
 * Chart.yaml (they lived in requirements.yaml).
 */
export function chartYamlText(metadata: ChartMetadata): string {
  const go = metadataToGo(metadata);
  if (metadata.apiVersion === 'v1') go.delete('dependencies');
  return marshalGoYaml(goToPlain(go));
}

/** A value in Go field order: `Map` for structs (insertion order) and maps (`sorted` keys). */
type GoValue = string | boolean | null | readonly GoValue[] | GoObject;
type GoObject = Map<string, GoValue> & { sorted?: boolean };

/** The metadata as Go would hold it, with `omitempty` applied. */
export function metadataToGo(metadata: ChartMetadata): GoObject {
  return struct(metadata as unknown as Record<string, unknown>, METADATA_FIELDS, new Set(), (field, value) => {
    switch (field) {
      case 'maintainers':
        return (value as ChartMaintainer[]).map((m) => m === null ? null : struct(m as Record<string, unknown>, MAINTAINER_FIELDS, new Set()));
      case 'dependencies':
        return (value as ChartDependency[]).map((d) => d === null ? null : dependencyToGo(d));
      case 'annotations':
        return sortedMap(value as Record<string, string>);
      default:
        return value as GoValue;
    }
  });
}

/** A dependency as Go holds it (shared with Chart.lock). */
export function dependencyToGo(d: ChartDependency): GoObject {
  return struct(d as unknown as Record<string, unknown>, DEPENDENCY_FIELDS, DEPENDENCY_ALWAYS, (field, value) => {
    if (field !== 'import-values') return value as GoValue;
    return (value as ChartImportValue[]).map((v) => typeof v === 'string' ? v : sortedMap(v as Record<string, string>));
  });
}

function struct(
  source: Record<string, unknown>,
  fields: readonly string[],
  always: ReadonlySet<string>,
  convert: (field: string, value: unknown) => GoValue = (_f, v) => v as GoValue,
): GoObject {
  const out: GoObject = new Map();
  for (const field of fields) {
    const value = source[field];
    if (!always.has(field) && isEmpty(value)) continue;
    out.set(field, value === undefined ? '' : convert(field, value));
  }
  return out;
}

function sortedMap(source: Record<string, string>): GoObject {
  const out: GoObject = new Map(Object.entries(source));
  out.sorted = true;
  return out;
}

/** Go's `omitempty`: zero values and empty collections. */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** Go `encoding/json` output for a {@link GoValue}. */
export function goJson(value: GoValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return goJsonString(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Map) {
    const keys = [...value.keys()];
    if ((value as GoObject).sorted) keys.sort(compareBytes);
    return `{${keys.map((k) => `${goJsonString(k)}:${goJson(value.get(k)!)}`).join(',')}}`;
  }
  return `[${(value as readonly GoValue[]).map(goJson).join(',')}]`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** A JSON string as Go writes it: HTML-safe, U+2028/2029 escaped, invalid UTF-16 replaced. */
export function goJsonString(s: string): string {
  return JSON.stringify(s.replace(LONE_SURROGATE, '\uFFFD'))
    .replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Byte-wise (UTF-8) order, as Go sorts strings. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function goToPlain(value: GoValue): GoYamlValue {
  if (value instanceof Map) {
    const out: Record<string, GoYamlValue> = Object.create(null);
    for (const [k, v] of value) out[k] = goToPlain(v);
    return out;
  }
  if (Array.isArray(value)) return value.map(goToPlain);
  return value as GoYamlValue;
}

/** {@link goToPlain} for callers holding a Go object (Chart.lock). */
export function goObjectToYaml(value: GoObject): string {
  return marshalGoYaml(goToPlain(value));
}

export type { GoObject, GoValue };
