import { parseAllDocuments } from 'yaml';
import { ChartFile, readChartArchive } from './chart-files';
import { parseChartLock, ChartLock } from './chart-lock';
import { ChartMetadata } from './chart-metadata';
import { ChartRules, readChartFields, validateChartFields } from './chart-yaml';
import { ChartError } from './errors';
import { goYamlText } from './go-yaml-names';
import { isMapping, yamlDocumentData } from './yaml-input';

/**
 * A chart as Helm holds it between loading and saving (helm `LoadFiles`):
 * metadata, lock, values, schema, templates and other files in load order,
 * and subcharts loaded from `charts/`.
 */
export interface LoadedChart {
  readonly metadata: ChartMetadata;
  readonly lock?: ChartLock;
  /** Every `values.yaml` entry (a directory has at most one). */
  readonly values: readonly Buffer[];
  readonly schema?: Buffer;
  readonly templates: readonly ChartFile[];
  readonly files: readonly ChartFile[];
  readonly dependencies: readonly LoadedChart[];
  /** Where each subchart came from, parallel to `dependencies` (e.g. `charts/redis-1.0.0.tgz`). */
  readonly dependencySources: readonly string[];
}

/**
 * Builds a chart from its files.
 *
 * @param files the chart's files, relative to its root
 * @param origin maps a relative name to the path shown in errors
 * @param rules validation level (the published chart, or a subchart)
 */
export function assembleChart(files: readonly ChartFile[], origin: (name: string) => string, rules: ChartRules): LoadedChart {
  const chartFile = origin('Chart.yaml');
  const chartYaml = [...files].reverse().find((f) => f.name === 'Chart.yaml');
  if (!chartYaml) {
    throw new ChartError({ file: chartFile, reason: 'Chart.yaml file is missing (or excluded by .helmignore); every chart needs one' });
  }
  const raw = readChartFields(chartYaml.data.toString('utf8'), chartFile);
  const apiVersionRaw = raw.get('apiVersion')?.value;
  const isV1 = apiVersionRaw === undefined || apiVersionRaw === null || apiVersionRaw === '' || apiVersionRaw === 'v1';
  let lock: ChartLock | undefined;
  const values: Buffer[] = [];
  let schema: Buffer | undefined;
  const templates: ChartFile[] = [];
  const other: ChartFile[] = [];
  const subcharts = new Map<string, ChartFile[]>();
  for (const f of files) {
    if (f.name === 'Chart.yaml') continue;
    if (f.name === 'Chart.lock' || f.name === 'requirements.lock') {
      lock = parseChartLock(f.data.toString('utf8'), origin(f.name));
      if (f.name === 'requirements.lock' && isV1) other.push(f);
    } else if (f.name === 'values.yaml') {
      checkValues(f.data, origin(f.name));
      values.push(f.data);
    } else if (f.name === 'values.schema.json') {
      schema = f.data;
    } else if (f.name === 'requirements.yaml') {
      // Helm 2's dependency file: read into the metadata (later keys win), kept only in v1 charts.
      for (const [field, value] of readChartFields(f.data.toString('utf8'), origin(f.name))) raw.set(field, value);
      if (isV1) other.push(f);
    } else if (f.name.startsWith('templates/')) {
      templates.push(f);
    } else if (f.name.startsWith('charts/')) {
      if (f.name.endsWith('.prov')) {
        other.push(f);
        continue;
      }
      const rest = f.name.slice('charts/'.length);
      const entry = rest.split('/')[0];
      subcharts.set(entry, [...(subcharts.get(entry) ?? []), { name: rest, data: f.data }]);
    } else {
      other.push(f);
    }
  }
  const metadata = validateChartFields(raw, chartFile, rules);
  const dependencies: LoadedChart[] = [];
  const dependencySources: string[] = [];
  // Helm iterates a Go map here (random order); byte order makes the archive reproducible.
  for (const entry of [...subcharts.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))) {
    if (entry.startsWith('_') || entry.startsWith('.')) continue;
    const entryFiles = subcharts.get(entry)!;
    const source = `charts/${entry}`;
    try {
      dependencies.push(loadSubchart(entry, entryFiles, (name) => origin(`${source}/${name}`), origin(source)));
    } catch (e) {
      if (e instanceof ChartError) {
        throw new ChartError({ file: e.file, field: e.field, reason: `${e.reason} (subchart ${source} of ${metadata.name})` }, { cause: e });
      }
      throw e;
    }
    dependencySources.push(source);
  }
  return { metadata, lock, values, schema, templates, files: other, dependencies, dependencySources };
}

function loadSubchart(entry: string, files: ChartFile[], origin: (name: string) => string, path: string): LoadedChart {
  const subRules: ChartRules = { published: false };
  if (entry.endsWith('.tgz')) {
    const file = files[0];
    if (file.name !== entry) {
      throw new ChartError({ file: path, reason: `is a directory named like a chart archive; expected the file ${entry}` });
    }
    const archiveFiles = readChartArchive(file.data, path);
    return assembleChart(archiveFiles, (name) => `${path}:${name}`, subRules);
  }
  const inner = files
    .filter((f) => f.name.includes('/'))
    .map((f) => ({ name: f.name.slice(f.name.indexOf('/') + 1), data: f.data }));
  if (inner.length === 0) {
    throw new ChartError({
      file: path,
      reason: 'is not a chart: charts/ may only hold subchart directories, packaged subcharts (.tgz) and .prov files; ' +
        'move it elsewhere or prefix its name with "_" or "."',
    });
  }
  return assembleChart(inner, origin, subRules);
}

/** Helm parses values.yaml (every document a mapping) before it packages. */
function checkValues(data: Buffer, file: string): void {
  const read = goYamlText(data.toString('utf8').replace(/^\uFEFF/, ''));
  if (read.refused) throw new ChartError({ file, reason: `cannot load values.yaml: ${read.refused.message}` });
  const docs = parseAllDocuments(read.text, { version: '1.1', uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const problem = doc.errors[0];
    if (problem) throw new ChartError({ file, reason: `cannot load values.yaml: ${problem.message.split('\n')[0]}` });
    const value = yamlDocumentData(doc, file);
    if (value !== null && value !== undefined && !isMapping(value)) {
      throw new ChartError({ file, reason: 'cannot load values.yaml: each YAML document must be a mapping of values' });
    }
  }
}
