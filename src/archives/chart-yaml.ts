import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ChartDependency, ChartImportValue, ChartMaintainer, ChartMetadata } from './chart-metadata';
import { ChartError } from './errors';
import { coerceScalarToString, describeYamlValue, isMapping, lookupFields, parseHelmYaml } from './yaml-input';
import { tryParseConstraint, tryParseStrictVersion, tryParseVersion } from '../versions/semver';

/**
 * Chart.yaml reading and validation: Helm's own checks (`Metadata.Validate`
 * and the `helm lint` Chart.yaml rules), plus what a Helm 3 OCI chart needs:
 * `apiVersion: v2` and a strict SemVer 2 version (Helm lists only strict
 * versions as tags).
 */

const METADATA_FIELDS = [
  'name', 'home', 'sources', 'version', 'description', 'keywords', 'maintainers', 'icon', 'apiVersion',
  'condition', 'tags', 'appVersion', 'deprecated', 'annotations', 'kubeVersion', 'dependencies', 'type',
];

/** A Chart.yaml field as read, with the file it came from (requirements.yaml can supply fields). */
export interface RawField {
  readonly value: unknown;
  readonly file: string;
}

/** Chart.yaml fields by Go field name. */
export type RawChartFields = Map<string, RawField>;

/** How strictly to validate: the chart being published, or a subchart Helm merely loads. */
export interface ChartRules {
  /**
   * The published chart: `apiVersion: v2`, strict SemVer version, URL sources,
   * valid kubeVersion. Subcharts get Helm's load-time checks only.
   */
  readonly published: boolean;
}

/**
 * Parses and validates the text of a Chart.yaml as Helm does for a chart
 * published to an OCI registry.
 *
 * @param text the file's content
 * @param path the file's path, used in error messages
 * @throws ChartError naming the file and field
 */
export function parseChartYaml(text: string, path: string): ChartMetadata {
  return validateChartFields(readChartFields(text, path), path, { published: true });
}

/**
 * Reads `<dir>/Chart.yaml` and validates it ({@link parseChartYaml}). Only
 * Chart.yaml is read: `packageChart` also checks the files and subcharts.
 */
export async function loadChartMetadata(dir: string): Promise<ChartMetadata> {
  const file = join(resolve(dir), 'Chart.yaml');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ChartError({
      file,
      reason: code === 'ENOENT' ? 'Chart.yaml file is missing; a chart directory needs one' : `cannot read Chart.yaml: ${(e as Error).message}`,
    }, { cause: e });
  }
  return parseChartYaml(text, file);
}

/** The Metadata fields present in a YAML document (Chart.yaml or requirements.yaml). */
export function readChartFields(text: string, file: string): RawChartFields {
  const doc = parseHelmYaml(text, file);
  if (doc === null || doc === undefined) return new Map();
  if (!isMapping(doc)) {
    throw new ChartError({ file, reason: `must be a YAML mapping of chart fields (name, version, apiVersion, …), got ${describeYamlValue(doc)}` });
  }
  const out: RawChartFields = new Map();
  for (const [field, value] of lookupFields(doc, METADATA_FIELDS)) out.set(field, { value, file });
  return out;
}

/** Validates raw fields into metadata in Go field order, sanitised as Helm sanitises them. */
export function validateChartFields(raw: RawChartFields, chartFile: string, rules: ChartRules): ChartMetadata {
  const v = new FieldReader(raw, chartFile, rules);
  const apiVersion = v.apiVersion(rules);
  const name = v.name();
  const version = v.version(rules);
  const type = v.string('type', { sanitize: false });
  if (type !== undefined && type !== '' && type !== 'application' && type !== 'library') {
    v.fail('type', `${JSON.stringify(type)} is not a chart type; use "application" or "library" (or leave it out for application)`);
  }
  const sources = v.stringList('sources');
  if (rules.published) sources?.forEach((s, i) => v.requireUrl(`sources[${i}]`, s, 'sources'));
  const kubeVersion = v.string('kubeVersion');
  if (rules.published && kubeVersion) {
    const parsed = tryParseConstraint(kubeVersion);
    if (!parsed) {
      v.fail('kubeVersion', `${JSON.stringify(kubeVersion)} is not a version constraint; use a SemVer range such as ">=1.25.0-0" or ">=1.25.0-0 <1.31.0-0"`);
    }
  }
  const dependencies = v.dependencies();
  const metadata: Record<string, unknown> = {
    name,
    home: v.string('home'),
    sources,
    version,
    description: v.string('description'),
    keywords: v.stringList('keywords'),
    maintainers: v.maintainers(),
    icon: v.string('icon'),
    apiVersion,
    condition: v.string('condition'),
    tags: v.string('tags'),
    appVersion: v.string('appVersion', { requireString: rules.published }),
    deprecated: v.boolean('deprecated'),
    annotations: v.annotations(),
    kubeVersion,
    dependencies,
    type,
  };
  return withoutEmpty(metadata) as unknown as ChartMetadata;
}

/** Go's `omitempty` on the top-level fields, so the object's keys are exactly the config blob's. */
function withoutEmpty(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(obj)) {
    if (value === undefined || value === '' || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    if (isMapping(value) && Object.keys(value).length === 0) continue;
    out[k] = value;
  }
  return out;
}

const ALIAS = /^[a-zA-Z0-9_-]+$/;

/** Field-by-field reading with errors that name the file and field. */
class FieldReader {
  constructor(private readonly raw: RawChartFields, private readonly chartFile: string, private readonly rules: ChartRules) {}

  fail(field: string, reason: string, file?: string): never {
    const top = field.replace(/[.[].*$/, '');
    throw new ChartError({ file: file ?? this.raw.get(top)?.file ?? this.chartFile, field, reason });
  }

  apiVersion(rules: ChartRules): string {
    const value = this.string('apiVersion', { sanitize: false }) ?? '';
    if (!rules.published) return value === '' ? 'v1' : value;
    if (value === '') {
      this.fail('apiVersion', 'is required; a Helm 3 chart for an OCI registry declares "apiVersion: v2"');
    }
    if (value === 'v1') {
      this.fail('apiVersion', '"v1" is a Helm 2 chart; Helm 3 OCI registries need "apiVersion: v2" ' +
        '(move requirements.yaml dependencies into Chart.yaml when you change it)');
    }
    if (value !== 'v2') this.fail('apiVersion', `${JSON.stringify(value)} is not valid; use "v2"`);
    return value;
  }

  name(): string {
    const name = this.string('name');
    if (!name) this.fail('name', 'is required; give the chart a name such as "my-app" (lowercase letters, digits and dashes)');
    if (name === '.' || name === '..' || name.includes('/') || name.endsWith('/')) {
      this.fail('name', `${JSON.stringify(name)} is not a valid chart name; it must be a single path segment such as "my-app" (no "/", not "." or "..")`);
    }
    return name;
  }

  version(rules: ChartRules): string {
    const version = this.string('version', { sanitize: false, requireString: rules.published });
    if (!version) this.fail('version', 'is required; use a SemVer 2 version such as "0.1.0"');
    if (rules.published) {
      if (!tryParseStrictVersion(version)) {
        this.fail('version', `${JSON.stringify(version)} is not a strict SemVer 2 version; Helm publishes and lists OCI chart versions as ` +
          'MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] with no "v" prefix and no leading zeros, such as "1.2.3" or "1.2.3-rc.1+build.5"');
      }
    } else if (!tryParseVersion(version)) {
      this.fail('version', `${JSON.stringify(version)} is not a semantic version; Helm needs one such as "1.2.3"`);
    }
    return version;
  }

  string(field: string, options: { sanitize?: boolean; requireString?: boolean } = {}): string | undefined {
    const entry = this.raw.get(field);
    if (!entry || entry.value === null || entry.value === undefined) return undefined;
    return this.scalar(field, entry.value, options);
  }

  private scalar(field: string, value: unknown, options: { sanitize?: boolean; requireString?: boolean }): string {
    if (options.requireString && typeof value !== 'string') {
      const helm = coerceScalarToString(value);
      this.fail(field, `must be a string, got ${describeYamlValue(value)}` +
        (helm !== undefined ? `; quote it (Helm would read it as ${JSON.stringify(helm)})` : ''));
    }
    const text = coerceScalarToString(value);
    if (text === undefined) this.fail(field, `must be a string, got ${describeYamlValue(value)}`);
    return options.sanitize === false ? text : sanitizeString(text);
  }

  boolean(field: string): boolean | undefined {
    const value = this.raw.get(field)?.value;
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') this.fail(field, `must be true or false, got ${describeYamlValue(value)}`);
    return value;
  }

  stringList(field: string): string[] | undefined {
    const value = this.raw.get(field)?.value;
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) this.fail(field, `must be a list of strings, got ${describeYamlValue(value)}`);
    return value.map((item, i) => item === null ? '' : this.scalar(`${field}[${i}]`, item, {}));
  }

  requireUrl(field: string, url: string, top: string): void {
    let ok = false;
    try {
      ok = /^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(url) && new URL(url).protocol !== '';
    } catch {
      ok = false;
    }
    if (!ok) this.fail(field, `${JSON.stringify(url)} is not a URL; use an absolute URL such as "https://github.com/acme/app"`, this.raw.get(top)?.file);
  }

  annotations(): Record<string, string> | undefined {
    const value = this.raw.get('annotations')?.value;
    if (value === undefined || value === null) return undefined;
    if (!isMapping(value)) this.fail('annotations', `must be a mapping of string keys to string values, got ${describeYamlValue(value)}`);
    const out: Record<string, string> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = item === null ? '' : this.scalar(`annotations.${key}`, item, { sanitize: false });
    }
    return out;
  }

  maintainers(): ChartMaintainer[] | undefined {
    const value = this.raw.get('maintainers')?.value;
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) this.fail('maintainers', `must be a list of {name, email, url}, got ${describeYamlValue(value)}`);
    return value.map((item, i) => {
      const at = `maintainers[${i}]`;
      if (item === null) this.fail(at, 'is empty; each maintainer needs at least a name (Helm rejects empty or null entries)');
      if (!isMapping(item)) this.fail(at, `must be a mapping {name, email, url}, got ${describeYamlValue(item)}`);
      const fields = lookupFields(item, ['name', 'email', 'url']);
      const str = (f: string) => {
        const v = fields.get(f);
        return v === undefined || v === null ? undefined : this.scalar(`${at}.${f}`, v, {});
      };
      const maintainer = { name: str('name'), email: str('email'), url: str('url') };
      if (!maintainer.name && this.rules.published) this.fail(`${at}.name`, 'is required; each maintainer needs a name (helm lint)');
      return withoutEmpty(maintainer) as ChartMaintainer;
    });
  }

  dependencies(): ChartDependency[] | undefined {
    const value = this.raw.get('dependencies')?.value;
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) this.fail('dependencies', `must be a list of {name, version, repository, …}, got ${describeYamlValue(value)}`);
    const seen = new Map<string, string>();
    return value.map((item, i) => {
      const dep = this.dependency(item, `dependencies[${i}]`);
      const key = dep.alias || dep.name;
      if (seen.has(key)) {
        this.fail(`dependencies[${i}]`, `more than one dependency with name or alias ${JSON.stringify(key)} (also ${seen.get(key)}); give one an alias`);
      }
      seen.set(key, `dependencies[${i}]`);
      return dep;
    });
  }

  private dependency(item: unknown, at: string): ChartDependency {
    if (item === null) this.fail(at, 'is empty; Helm rejects empty or null dependency entries');
    if (!isMapping(item)) this.fail(at, `must be a mapping {name, version, repository, …}, got ${describeYamlValue(item)}`);
    const fields = lookupFields(item, ['name', 'version', 'repository', 'condition', 'tags', 'enabled', 'import-values', 'alias']);
    const str = (f: string, sanitize = true) => {
      const v = fields.get(f);
      return v === undefined || v === null ? undefined : this.scalar(`${at}.${f}`, v, { sanitize });
    };
    const name = str('name');
    if (!name && this.rules.published) this.fail(`${at}.name`, 'is required; it must equal the name in the subchart\'s Chart.yaml');
    const alias = str('alias', false);
    if (alias && !ALIAS.test(alias)) {
      this.fail(`${at}.alias`, `${JSON.stringify(alias)} has disallowed characters; use letters, digits, "_" and "-" only`);
    }
    const tags = fields.get('tags');
    if (tags !== undefined && tags !== null && !Array.isArray(tags)) this.fail(`${at}.tags`, `must be a list of strings, got ${describeYamlValue(tags)}`);
    const enabled = fields.get('enabled');
    if (enabled !== undefined && enabled !== null && typeof enabled !== 'boolean') {
      this.fail(`${at}.enabled`, `must be true or false, got ${describeYamlValue(enabled)}`);
    }
    const dep: Record<string, unknown> = {
      'name': name ?? '',
      'version': str('version'),
      'repository': str('repository') ?? '',
      'condition': str('condition'),
      'tags': Array.isArray(tags) ? tags.map((t, j) => t === null ? '' : this.scalar(`${at}.tags[${j}]`, t, {})) : undefined,
      'enabled': enabled === true ? true : undefined,
      'import-values': this.importValues(fields.get('import-values'), `${at}.import-values`),
      alias,
    };
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(dep)) {
      if (k === 'name' || k === 'repository' || !(v === undefined || v === '' || (Array.isArray(v) && v.length === 0))) out[k] = v;
    }
    return out as unknown as ChartDependency;
  }

  private importValues(value: unknown, at: string): ChartImportValue[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) this.fail(at, `must be a list of strings or {child, parent} mappings, got ${describeYamlValue(value)}`);
    return value.map((item, i) => {
      if (typeof item === 'string') return item;
      if (isMapping(item) && typeof item.child === 'string' && typeof item.parent === 'string' && Object.keys(item).length === 2) {
        return { child: item.child, parent: item.parent };
      }
      return this.fail(`${at}[${i}]`, `must be a string (a child values path) or a mapping {child: <path>, parent: <path>}, got ${describeYamlValue(item)}`);
    });
  }
}

/**
 * Helm's `sanitizeString`: Unicode white space becomes a plain space and
 * characters that are not printable (controls, format characters such as a
 * BOM or zero-width space, unassigned code points) are removed.
 */
export function sanitizeString(s: string): string {
  let out = '';
  for (const ch of s) {
    if (WHITE_SPACE.test(ch)) out += ' ';
    else if (PRINTABLE.test(ch)) out += ch;
  }
  return out;
}

const WHITE_SPACE = /^\p{White_Space}$/u;
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
