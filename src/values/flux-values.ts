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
 *   values.yaml, merged in order ({@link mergeValuesFiles}).
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
 * How source-controller replaces a chart's values.yaml with
 * `chart.spec.valuesFiles`, merged in order. `read` gives a listed path's
 * content: the chart's values or the text of a file; undefined where there
 * is none. Two builders read them from different places
 * (fluxcd/source-controller @ 39b711b111fa906c3db0a424e252a5d12e48646d):
 * - a chart from a HelmRepository or OCIRepository: files of the chart,
 *   `values.yaml` being its values (`internal/helm/chart/builder_remote.go`
 *   `mergeChartValues`), see {@link chartValuesFile};
 * - a chart folder of a GitRepository or Bucket: paths from the source's
 *   root (`builder_local.go` `mergeFileValues`, securejoin), where the
 *   chart's values.yaml counts only when listed by its path.
 *
 * @throws ValuesError source-controller's `no values file found at path '<p>'` unless `ignoreMissing`
 */
export function mergeValuesFiles(
  paths: readonly string[], ignoreMissing: boolean, read: (path: string) => Values | Buffer | undefined,
): Values {
  let merged: Values = {};
  for (const p of paths) {
    const content = read(p);
    if (content === undefined) {
      if (ignoreMissing) continue;
      throw new ValuesError(`no values file found at path '${p}', so source-controller cannot build the chart (ignoreMissingValuesFiles: true skips a missing one)`);
    }
    const parsed = Buffer.isBuffer(content) ? parseHelmYaml(content.toString('utf8'), p) : content;
    merged = mergeMaps(merged, isTable(parsed) ? parsed : {});
  }
  return merged;
}

/** A valuesFiles path read from a chart's own files (the remote builder's reading): `values.yaml` is the chart's values. */
export function chartValuesFile(chartValues: Values, files: ReadonlyMap<string, Buffer>): (path: string) => Values | Buffer | undefined {
  return (p) => {
    const clean = cleanPath(p);
    return clean === 'values.yaml' ? chartValues : files.get(clean);
  };
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
