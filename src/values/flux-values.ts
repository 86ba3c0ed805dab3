import { ValuesError } from './errors';
import { isTable, Values } from './tables';
import { parseHelmYaml } from '../archives/yaml-input';

/**
 * How Flux assembles the values it hands to Helm.
 *
 * - helm-controller: `spec.valuesFrom` in order, then `spec.values` on top
 *   (fluxcd/pkg `chartutil/values.go` `ChartValuesFromReferences` @
 *   chartutil/v1.27.1, 504330660f5b5e27b3da13a185b8649982afd3d4; earlier in
 *   helm-controller `internal/chartutil/values.go`), merged with
 *   `MergeMaps`, which shares sub-tables instead of copying them — so a
 *   `targetPath` can overwrite an inline value below a shared table, as
 *   Flux's docs warn.
 * - source-controller: `chart.spec.valuesFiles` replace the chart's
 *   values.yaml, merged in order (`internal/helm/chart/builder_remote.go`
 *   `mergeChartValues` @ 39b711b111fa906c3db0a424e252a5d12e48646d).
 */

/** One `valuesFrom` entry whose content the app knows. */
export interface KnownValuesSource {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  /** @default 'values.yaml' */
  readonly valuesKey?: string;
  readonly targetPath?: string;
  /** `targetPath` value taken as a string as written (`--set-literal`, Flux 2.8+). @default false */
  readonly literal?: boolean;
  /** The key's content, or undefined when the object or key does not exist. */
  readonly data: string | undefined;
  /** @default false */
  readonly optional?: boolean;
}

/** fluxcd/pkg `chartutil.MergeMaps` (Helm 3.3's): `b` over `a`; tables merge, everything else replaces. Sub-tables are shared, not copied. */
export function mergeMaps(a: Values, b: Values | undefined): Values {
  const out: Values = { ...a };
  for (const [k, v] of Object.entries(b ?? {})) {
    out[k] = isTable(v) && isTable(out[k]) ? mergeMaps(out[k] as Values, v) : v;
  }
  return out;
}

/**
 * `ChartValuesFromReferences(values, valuesFrom)` for sources whose content
 * is known; the caller leaves out (and reports) the ones it does not know.
 *
 * @throws ValuesError with helm-controller's message for a missing, non-optional source
 */
export function composeFluxValues(values: Values | undefined, sources: readonly KnownValuesSource[]): Values {
  const inline = values ?? {};
  let result: Values = {};
  for (const source of sources) {
    const key = source.valuesKey ?? 'values.yaml';
    if (source.data === undefined) {
      if (source.optional) continue;
      throw new ValuesError(`could not resolve ${source.kind} chart values reference '${source.name}' with key '${key}'`);
    }
    if (source.targetPath) {
      result = mergeMaps(result, inline);
      setPath(result, source.targetPath, source.data, source.literal ?? false);
      continue;
    }
    const parsed = parseHelmYaml(source.data, `${source.kind}/${source.name} ${key}`);
    if (parsed !== null && !isTable(parsed)) {
      throw new ValuesError(`unable to read values from ${source.kind} '${source.name}' key '${key}': the document is not a mapping of values`);
    }
    result = mergeMaps(result, (parsed as Values | null) ?? {});
  }
  return mergeMaps(result, inline);
}

/**
 * source-controller `mergeChartValues`: the chart's values become the
 * listed files merged in order (`values.yaml` only if listed).
 *
 * @param files the chart's other files by name
 * @throws ValuesError `no values file found at path '<p>'` unless `ignoreMissing`
 */
export function mergeValuesFiles(
  chartValues: Values, files: ReadonlyMap<string, Buffer>, paths: readonly string[], ignoreMissing: boolean,
): Values {
  let merged: Values = {};
  for (const p of paths) {
    const clean = cleanPath(p);
    if (clean === 'values.yaml') {
      merged = mergeMaps(merged, chartValues);
      continue;
    }
    const data = files.get(clean);
    if (data === undefined) {
      if (ignoreMissing) continue;
      throw new ValuesError(`no values file found at path '${p}'`);
    }
    const parsed = parseHelmYaml(data.toString('utf8'), clean);
    merged = mergeMaps(merged, isTable(parsed) ? parsed : {});
  }
  return merged;
}

/** Go `filepath.Clean` for a relative path. */
function cleanPath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.join('/') || '.';
}

/**
 * Helm `strvals.ParseInto("<path>=<value>")` for one value: a dotted path
 * with `\.` escapes and `[n]` indexes; the value typed as `--set` types it
 * (`true`/`false`/`null`, integers without a leading zero; anything else a
 * string), or kept as written with `literal`. Mutates `data` in place, as Go
 * does (helm/helm `pkg/strvals/parser.go` @ v4.2.4).
 */
export function setPath(data: Values, path: string, raw: string, literal: boolean): void {
  let value: unknown = raw;
  if (!literal) {
    const quoted = raw.length >= 2 && /^'.*'$|^".*"$/s.test(raw);
    const text = quoted ? raw.replace(/^['"]+|['"]+$/g, '') : raw;
    if (!quoted && /[,{[]/.test(text)) {
      throw new ValuesError(`the value for targetPath '${path}' uses --set list syntax (',', '{' or '['), which is not checked here; use literal: true or a values.yaml key`);
    }
    value = quoted ? text : typedValue(text);
  }
  const tokens = [...path.matchAll(/((?:\\.|[^.[\]])+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1].replace(/\\(.)/g, '$1')));
  let cur: Values | unknown[] = data;
  tokens.forEach((token, i) => {
    const last = i === tokens.length - 1;
    const holder = cur as Record<string | number, unknown>;
    if (last) {
      holder[token] = value;
      return;
    }
    const nextIsIndex = typeof tokens[i + 1] === 'number';
    if (nextIsIndex) {
      if (!Array.isArray(holder[token])) holder[token] = [];
      const list = holder[token] as unknown[];
      while (list.length <= (tokens[i + 1] as number)) list.push(null);
      cur = list;
    } else {
      if (holder[token] === undefined || holder[token] === null) holder[token] = {};
      else if (!isTable(holder[token])) throw new ValuesError(`targetPath '${path}': '${String(token)}' is not a mapping of values`);
      cur = holder[token] as Values;
    }
  });
}

/** strvals `typedVal`. */
function typedValue(s: string): unknown {
  if (/^true$/i.test(s)) return true;
  if (/^false$/i.test(s)) return false;
  if (/^null$/i.test(s)) return null;
  if (s === '0') return 0;
  if (s.length && s[0] !== '0' && /^[+-]?\d+$/.test(s) && Number.isSafeInteger(Number(s))) return Number(s);
  return s;
}
