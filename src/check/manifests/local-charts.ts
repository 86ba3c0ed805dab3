/**
 * The values of HelmReleases whose chart is a folder of this repository
 * (repository-paths.ts finds them): the chart is read from disk as
 * source-controller reads it from its GitRepository artifact, and the
 * values are checked against it as against a chart from a registry.
 */
import { join } from 'node:path';
import type { ManifestObject } from './documents';
import type { Finding } from './finding';
import { describeObject, fieldAt, identityOf, ObjectIndex } from './object-index';
import { localChartValuesFindings } from './release-values';
import type { LocalChart } from './repository-paths';
import { readChartDirectory } from '../../archives/chart-files';
import { assembleChart, LoadedChart } from '../../archives/chart-load';
import { ChartError } from '../../archives/errors';
import type { FluxVersion } from '../../model/flux-version';

/**
 * Values findings for each local chart's releases, and the releases
 * looked at. Two are said not to be checked: a release with `valuesFiles`
 * (for a GitRepository they are paths in the whole repository, merged in
 * place of the chart's values.yaml, which this check does not model), and
 * a chart whose dependencies are not in its `charts/` (source-controller
 * fetches them at build).
 */
export async function localChartFindings(
  charts: readonly LocalChart[], index: ObjectIndex, fluxVersion: FluxVersion,
): Promise<{ findings: Finding[]; read: Set<ManifestObject> }> {
  const findings: Finding[] = [];
  const read = new Set<ManifestObject>();
  const loaded = new Map<string, Promise<LoadedChart | ChartError>>();
  for (const { release, folder, path } of charts) {
    read.add(release);
    const at = { location: release.locate('/spec/chart/spec/chart'), object: identityOf(release), pointer: '/spec/chart/spec/chart' };
    if (fieldAt(release.value, 'spec', 'chart', 'spec', 'valuesFiles') !== undefined) {
      findings.push({
        rule: 'not-checked',
        severity: 'note',
        ...at,
        message: `${describeObject(release)}: values not checked: its valuesFiles are paths in the GitRepository, merged in place of chart ${path}'s values.yaml, which flux-oci does not model`,
      });
      continue;
    }
    let load = loaded.get(folder);
    if (!load) {
      load = loadChartFolder(folder);
      loaded.set(folder, load);
    }
    const chart = await load;
    if (chart instanceof ChartError) {
      findings.push({ rule: 'values', severity: 'error', ...at, message: `${describeObject(release)}: Helm cannot load chart ${path}: ${chart.message}` });
      continue;
    }
    const present = new Set(chart.dependencies.map((d) => d.metadata.name));
    const fetched = (chart.metadata.dependencies ?? []).map((d) => d.name).filter((name) => !present.has(name));
    if (fetched.length > 0) {
      findings.push({
        rule: 'not-checked',
        severity: 'note',
        ...at,
        message: `${describeObject(release)}: values not checked: chart ${path} depends on ${fetched.join(', ')}, not in its charts/ folder; source-controller fetches ${fetched.length === 1 ? 'it' : 'them'} when it builds the chart`,
      });
      continue;
    }
    findings.push(...localChartValuesFindings(release, chart, index, fluxVersion));
  }
  return { findings, read };
}

/** The chart in `folder`, read as `helm package` reads a folder (`.helmignore`, links inside it); a ChartError when Helm could not load it. */
async function loadChartFolder(folder: string): Promise<LoadedChart | ChartError> {
  try {
    const { files } = await readChartDirectory(folder);
    return assembleChart(files, (name) => join(folder, name), { published: false });
  } catch (e) {
    if (e instanceof ChartError) return e;
    throw e;
  }
}
