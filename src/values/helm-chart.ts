import type { ChartImportValue } from '../archives/chart-metadata';

/**
 * A chart as Helm's values code sees it (helm `chart.Chart`): its name
 * (the alias, once dependencies are processed), default values, schema,
 * the Chart.yaml dependency list and the subcharts loaded from `charts/`.
 * Helm mutates this while it processes dependencies; {@link cloneHelmChart}
 * gives each check its own.
 */
export interface HelmChart {
  name: string;
  readonly version: string;
  values: Record<string, unknown>;
  /** values.schema.json as text. */
  readonly schema?: string;
  requirements: Requirement[];
  subcharts: HelmChart[];
}

/** A Chart.yaml `dependencies[]` entry as Helm processes it. */
export interface Requirement {
  name: string;
  readonly version?: string;
  readonly condition?: string;
  readonly tags: readonly string[];
  readonly alias?: string;
  importValues: readonly ChartImportValue[];
  enabled: boolean;
}

/** A deep copy: values cloned, requirements and subchart lists fresh. */
export function cloneHelmChart(c: HelmChart): HelmChart {
  return {
    ...c,
    values: structuredClone(c.values),
    requirements: c.requirements.map((r) => ({ ...r })),
    subcharts: c.subcharts.map(cloneHelmChart),
  };
}
