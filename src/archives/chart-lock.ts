import { ChartDependency, dependencyToGo, GoObject, goObjectToYaml } from './chart-metadata';
import { ChartError } from './errors';
import { coerceScalarToString, describeYamlValue, isMapping, lookupFields, parseHelmYaml } from './yaml-input';

/**
 * Chart.lock (or a Helm 2 requirements.lock) as `helm package` rewrites it:
 * read into helm's `Lock` struct and serialised again, so `generated` is
 * normalised to Go's RFC 3339 with nanoseconds and keys are sorted.
 */
export interface ChartLock {
  /** `generated` as Go prints a `time.Time` (RFC 3339, trailing fractional zeros dropped). */
  readonly generated: string;
  readonly digest: string;
  readonly dependencies: readonly (ChartDependency | null)[];
}

/**
 * Parses a lock file's text.
 * @param file reported in errors
 */
export function parseChartLock(text: string, file: string): ChartLock {
  const fail = (reason: string): never => {
    throw new ChartError({ file, reason: `cannot load ${file.split('/').pop()}: ${reason}` });
  };
  const doc = parseHelmYaml(text, file);
  if (doc !== null && !isMapping(doc)) fail(`must be a mapping, got ${describeYamlValue(doc)}`);
  const fields = lookupFields((doc ?? {}) as Record<string, unknown>, ['generated', 'digest', 'dependencies']);
  const generatedRaw = fields.get('generated');
  let generated = '0001-01-01T00:00:00Z';
  if (generatedRaw !== undefined && generatedRaw !== null) {
    const normalised = typeof generatedRaw === 'string' ? goTimeJson(generatedRaw) : undefined;
    if (normalised === undefined) fail(`generated ${JSON.stringify(String(generatedRaw))} is not an RFC 3339 time such as "2024-05-01T12:00:00Z"`);
    generated = normalised!;
  }
  const digestRaw = fields.get('digest');
  const digest = digestRaw === undefined || digestRaw === null ? '' : coerceScalarToString(digestRaw) ?? fail('digest must be a string');
  const depsRaw = fields.get('dependencies');
  if (depsRaw !== undefined && depsRaw !== null && !Array.isArray(depsRaw)) fail(`dependencies must be a list, got ${describeYamlValue(depsRaw)}`);
  const dependencies = ((depsRaw ?? []) as unknown[]).map((d, i) => (d === null ? null : lockDependency(d, i, fail)));
  return { generated, digest, dependencies };
}

/** The lock as Helm writes it into the package. */
export function chartLockYaml(lock: ChartLock): string {
  const go: GoObject = new Map();
  go.set('generated', lock.generated);
  go.set('digest', lock.digest);
  go.set('dependencies', lock.dependencies.map((d) => (d === null ? null : dependencyToGo(d))));
  return goObjectToYaml(go);
}

function lockDependency(item: unknown, i: number, fail: (reason: string) => never): ChartDependency {
  if (!isMapping(item)) return fail(`dependencies[${i}] must be a mapping, got ${describeYamlValue(item)}`);
  const fields = lookupFields(item, ['name', 'version', 'repository', 'condition', 'tags', 'enabled', 'import-values', 'alias']);
  const str = (f: string): string | undefined => {
    const v = fields.get(f);
    if (v === undefined || v === null) return undefined;
    return coerceScalarToString(v) ?? fail(`dependencies[${i}].${f} must be a string, got ${describeYamlValue(v)}`);
  };
  const tags = fields.get('tags');
  const importValues = fields.get('import-values');
  const dep: Record<string, unknown> = {
    'name': str('name') ?? '',
    'version': str('version'),
    'repository': str('repository') ?? '',
    'condition': str('condition'),
    'tags': Array.isArray(tags) ? tags.map((t) => coerceScalarToString(t) ?? '') : undefined,
    'enabled': fields.get('enabled') === true ? true : undefined,
    'import-values': Array.isArray(importValues) ? importValues : undefined,
    'alias': str('alias'),
  };
  return dep as unknown as ChartDependency;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** Go's `time.Time` JSON round trip: RFC 3339 in, RFC 3339 with nanoseconds (zeros trimmed) out. */
export function goTimeJson(text: string): string | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [, dateTime, fraction, zone] = m;
  const check = new Date(`${dateTime}Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 19) !== dateTime) return undefined;
  if (zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4, 6)) > 59)) return undefined;
  const nanos = (fraction ?? '').slice(0, 9).replace(/0+$/, '');
  const offsetZero = zone === 'Z' || zone.slice(1) === '00:00';
  return `${dateTime}${nanos ? `.${nanos}` : ''}${offsetZero ? 'Z' : zone}`;
}
