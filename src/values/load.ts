import { mergeMaps } from './flux-values';
import { HelmChart } from './helm-chart';
import { isTable, Values } from './tables';
import type { LoadedChart } from '../archives/chart-load';
import { ChartError } from '../archives/errors';
import { parseHelmYamlDocuments } from '../archives/yaml-input';
import { memoized } from '../foundation/memo';
import type { HelmRelease } from '../model/flux-version';

/**
 * A loaded chart as Helm's values code sees it: values.yaml parsed as the
 * target Helm parses it (Helm 4 merges every YAML document, Helm 3 reads
 * the first; both read YAML 1.1 through sigs.k8s.io/yaml), subcharts
 * likewise.
 *
 * The same object for the same loaded chart and parsing rule: a check of
 * many releases of one chart parses its values.yaml once. Callers copy
 * before they change it (`cloneHelmChart`, or a spread for `values`).
 *
 * @param label where the chart came from, for errors
 * @throws ChartError when values.yaml is not YAML or not a mapping
 */
export function helmChartOf(chart: LoadedChart, helm: Pick<HelmRelease, 'multiDocumentValues'>, label: string): HelmChart {
  const byRule = memoized(loadedCharts, chart, () => new Map<boolean, HelmChart>());
  return memoized(byRule, helm.multiDocumentValues, () => readHelmChart(chart, helm, label));
}

const loadedCharts = new WeakMap<LoadedChart, Map<boolean, HelmChart>>();

function readHelmChart(chart: LoadedChart, helm: Pick<HelmRelease, 'multiDocumentValues'>, label: string): HelmChart {
  return {
    name: chart.metadata.name,
    version: chart.metadata.version,
    values: chartDefaults(chart, helm, label),
    schema: chart.schema?.toString('utf8'),
    requirements: (chart.metadata.dependencies ?? []).map((d) => ({
      name: d.name,
      version: d.version,
      condition: d.condition,
      tags: d.tags ?? [],
      alias: d.alias,
      importValues: d['import-values'] ?? [],
      enabled: true,
    })),
    subcharts: chart.dependencies.map((sub, i) => helmChartOf(sub, helm, `${label}:${chart.dependencySources[i]}`)),
  };
}

function chartDefaults(chart: LoadedChart, helm: Pick<HelmRelease, 'multiDocumentValues'>, label: string): Values {
  const file = chart.values[chart.values.length - 1];
  if (!file) return {};
  const docs = parseHelmYamlDocuments(file.toString('utf8'), `${label}:values.yaml`, helm.multiDocumentValues ? Infinity : 1);
  let values: Values = {};
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue;
    if (!isTable(doc)) throw new ChartError({ file: `${label}:values.yaml`, reason: 'a values document is not a mapping of values' });
    values = mergeMaps(values, doc);
  }
  return values;
}
