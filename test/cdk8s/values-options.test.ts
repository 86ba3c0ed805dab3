import { ChartRelease, OciHelmSource } from '../../src/cdk8s';
import { findObject, synthValid, testChart } from '../support/synth';

const source = (chart: any, strategy?: 'HelmRepository') => new OciHelmSource(chart, 'charts', { url: 'oci://ghcr.io/acme/charts', strategy });

test('valuesFiles and ignoreMissingValuesFiles are written to chart.spec (HelmRepository strategy)', () => {
  const { app, chart } = testChart();
  new ChartRelease(chart, 'web', { source: source(chart, 'HelmRepository'), chart: 'web', version: '1.2.0', valuesFiles: ['values.yaml', 'values-prod.yaml'], ignoreMissingValuesFiles: true });
  const release = findObject(synthValid(app), 'HelmRelease', 'web');
  expect(release.spec.chart.spec).toMatchObject({ valuesFiles: ['values.yaml', 'values-prod.yaml'], ignoreMissingValuesFiles: true });
});

test('valuesFiles need the HelmRepository strategy; ignoreMissingValuesFiles needs Flux 2.3', () => {
  const { chart } = testChart();
  expect(() => new ChartRelease(chart, 'web', { source: source(chart), chart: 'web', valuesFiles: ['values-prod.yaml'] }))
    .toThrow('[test/web] valuesFiles: valuesFiles need the HelmRepository strategy (chart.spec); an OCIRepository chartRef has none');
  const old = testChart({ fluxVersion: '2.2' });
  expect(() => new ChartRelease(old.chart, 'web', { source: source(old.chart, 'HelmRepository'), chart: 'web', valuesFiles: ['a.yaml'], ignoreMissingValuesFiles: true }))
    .toThrow("ignoreMissingValuesFiles: HelmRelease chart.spec.ignoreMissingValuesFiles needs Flux 2.3 or newer, but fluxVersion is '2.2'");
});

test('strictValues and valuesType are checked like every other field', () => {
  const { chart } = testChart();
  const charts = source(chart);
  expect(() => new ChartRelease(chart, 'a', { source: charts, chart: 'web', strictValues: 'yes' as any })).toThrow(/strictValues/);
  expect(() => new ChartRelease(chart, 'b', { source: charts, chart: 'web', valuesType: { chart: 'web' } as any }))
    .toThrow('valuesType: expected the chart constant a `flux-oci import` module exports');
  expect(() => testChart({ strictValues: 1 as any })).toThrow(/strictValues/);
});
