import vectors from './fixtures/coalesce-vectors.json';
import { HelmCoalesceBand } from '../../src/model/flux-version';
import { Coalescer } from '../../src/values/coalesce';
import { processDependencies } from '../../src/values/dependencies';
import { HelmChart } from '../../src/values/helm-chart';

/**
 * The vectors and their expected results were produced by running Helm's
 * own coalesce.go and dependencies.go, copied from each Helm release of a
 * band (3.16.1, 3.19.2, 4.1.1, 3.21.4, 4.2.2), over these inputs. Each
 * expectation is Go's output, never this port's.
 */
interface VectorChart {
  name: string;
  values?: Record<string, unknown>;
  dependencies?: { 'name': string; 'condition'?: string; 'tags'?: string[]; 'alias'?: string; 'import-values'?: any[] }[];
  charts?: VectorChart[];
}

function helmChart(spec: VectorChart): HelmChart {
  return {
    name: spec.name,
    version: '1.0.0',
    values: structuredClone(spec.values ?? {}),
    requirements: (spec.dependencies ?? []).map((d) => ({
      name: d.name, version: '1.0.0', condition: d.condition, tags: d.tags ?? [], alias: d.alias || undefined, importValues: d['import-values'] ?? [], enabled: false,
    })),
    subcharts: (spec.charts ?? []).map(helmChart),
  };
}

function enabledTree(c: HelmChart): string[] {
  return c.subcharts.flatMap((d) => [d.name, ...enabledTree(d).map((s) => `${d.name}/${s}`)]).sort();
}

/** What helm install does: ProcessDependencies, then CoalesceValues. */
function render(band: HelmCoalesceBand, spec: VectorChart, user: Record<string, unknown>): unknown {
  const chart = helmChart(spec);
  const coalescer = new Coalescer(band);
  try {
    processDependencies(coalescer, chart, user);
    return { enabled: enabledTree(chart), values: coalescer.coalesceValues(chart, user) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const cases = (vectors as any[]).flatMap((v) => (['A', 'B', 'C', 'D', 'E'] as const).map((band) => [v.name, band, v] as const));

test.each(cases)('%s — band %s matches Helm', (_name, band, vector) => {
  expect(render(band, vector.chart, vector.user)).toEqual(vector.helm[band]);
});
