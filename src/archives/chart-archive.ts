import { posix } from 'node:path';
import { LoadedChart } from './chart-load';
import { chartLockYaml } from './chart-lock';
import { chartYamlText } from './chart-metadata';
import { ChartError } from './errors';
import { TarEntryInput } from './tar';

/**
 * The tar entries of a packaged chart, in the order helm `writeTarContents`
 * writes them: `Chart.yaml` (re-serialised), `Chart.lock` (v2 charts),
 * `values.yaml`, `values.schema.json`, templates, other files, then each
 * subchart as a directory `charts/<its name>/` (packaged subcharts are
 * expanded). Files only, no directory entries, mode 0644 for all (Helm does
 * not keep the executable bit).
 *
 * @param chart the loaded chart
 * @param origin maps a name inside the chart to a path for error messages
 */
export function chartArchiveEntries(chart: LoadedChart, origin: (name: string) => string): TarEntryInput[] {
  const entries: TarEntryInput[] = [];
  writeChart(chart, '', origin, entries);
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.name)) {
      throw new ChartError({
        file: origin('charts'),
        reason: `two subcharts would both be written to ${e.name}; keep one of them (a directory and a .tgz of the same chart, or two versions)`,
      });
    }
    seen.add(e.name);
  }
  return entries;
}

function writeChart(chart: LoadedChart, prefix: string, origin: (name: string) => string, out: TarEntryInput[]): void {
  const base = prefix === '' ? chart.metadata.name : posix.join(prefix, chart.metadata.name);
  const file = (name: string, data: Buffer) => out.push({ name: posix.join(base, name), type: 'file', mode: 0o644, data });
  file('Chart.yaml', Buffer.from(chartYamlText(chart.metadata)));
  if (chart.metadata.apiVersion === 'v2' && chart.lock) file('Chart.lock', Buffer.from(chartLockYaml(chart.lock)));
  for (const values of chart.values) file('values.yaml', values);
  if (chart.schema) {
    try {
      JSON.parse(chart.schema.toString('utf8'));
    } catch (e) {
      throw new ChartError({ file: origin('values.schema.json'), reason: `invalid JSON in values.schema.json: ${(e as Error).message}` }, { cause: e });
    }
    file('values.schema.json', chart.schema);
  }
  for (const t of chart.templates) file(t.name, t.data);
  for (const f of chart.files) file(f.name, f.data);
  chart.dependencies.forEach((dep, i) => {
    const source = chart.dependencySources[i];
    writeChart(dep, posix.join(base, 'charts'), (name) => origin(`${source}/${name}`), out);
  });
}
