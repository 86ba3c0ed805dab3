import { loadChartLayer, LoadedChart, writeTarGz } from '../../src/archives';

/** A chart archive from `name → text` (paths below the chart folder, e.g. `values.yaml`, `charts/redis/Chart.yaml`). */
export function chartTgz(name: string, files: Record<string, string | Buffer>): Buffer {
  return writeTarGz(Object.entries(files).map(([path, data]) => ({
    name: `${name}/${path}`, type: 'file' as const, mode: 0o644, data: Buffer.isBuffer(data) ? data : Buffer.from(data),
  })));
}

/** The chart as loaded from a registry layer. */
export function loadedChart(name: string, files: Record<string, string | Buffer>): LoadedChart {
  return loadChartLayer(chartTgz(name, files), `oci://test/${name}`);
}

/** `Chart.yaml` text. */
export function chartYaml(name: string, version = '1.0.0', more = ''): string {
  return `apiVersion: v2\nname: ${name}\nversion: ${version}\n${more}`;
}

