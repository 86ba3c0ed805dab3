import { ContentOutcome, FetchedLayer } from './content-fetch';
import type { LoadedChart } from '../archives/chart-load';
import { loadChartLayer } from '../archives/content-layer';
import { ContentLimits } from '../archives/content-limits';
import { ChartError } from '../archives/errors';
import { FluxOciError } from '../foundation/errors';
import { memoized } from '../foundation/memo';
import { FluxVersion, helmReleaseFor, LATEST_FLUX_VERSION } from '../model/flux-version';
import type { ChartReleaseSpec, ImportedChart } from '../model/release';
import { releaseStrategy } from '../model/release';
import { ResolvedChart } from '../model/resolution';
import { checkValues, ValuesCheckInput, ValuesProblem } from '../values/check';

/**
 * The values stage of the registry check, after a release's chart
 * resolved and its layer was fetched: the values Flux will hand Helm,
 * checked against that chart as the target Flux release's Helm checks
 * them, plus keys the chart does not know. Both front ends call it, so a
 * release reads the same in cdk8s and Pulumi.
 */

/**
 * A release's values and the settings that shape their check (the values
 * layer's input, less the chart and Helm the stage supplies). Plain data.
 */
export interface ReleaseValues extends Omit<ValuesCheckInput, 'chart' | 'helm'> {
  /** The chart version the values type was generated from. */
  readonly valuesType?: ImportedChart;
  /** @default - the newest Flux */
  readonly fluxVersion?: FluxVersion;
}

/** A release spec's values check, with what only the front end knows. */
export function releaseValuesOf(
  spec: ChartReleaseSpec,
  known: Pick<ReleaseValues, 'valuesFrom' | 'fluxVersion' | 'secret' | 'fluxVariables'> & { readonly appStrictValues?: boolean },
): ReleaseValues {
  return {
    values: spec.values,
    valuesFrom: known.valuesFrom,
    valuesFiles: releaseStrategy(spec) === 'HelmRepository' ? spec.valuesFiles : undefined,
    ignoreMissingValuesFiles: spec.ignoreMissingValuesFiles,
    disableSchemaValidationOnInstall: spec.install?.disableSchemaValidation,
    disableSchemaValidationOnUpgrade: spec.upgrade?.disableSchemaValidation,
    strictValues: spec.strictValues ?? known.appStrictValues,
    valuesType: spec.valuesType,
    fluxVersion: known.fluxVersion,
    secret: known.secret,
    fluxVariables: known.fluxVariables,
  };
}

/** Values errors of one release, for front ends that throw them (Pulumi). */
export class ValuesCheckError extends FluxOciError {
  public readonly code: string = 'FLUX_OCI_VALUES_CHECK';

  constructor(public readonly path: string, public readonly messages: readonly string[]) {
    super(messages.map((m) => `[${path}] ${m}`).join('\n'));
    this.name = 'ValuesCheckError';
  }
}

/** One line of the report: an error fails the synth (or preview), a warning is printed. */
export interface ValuesFinding {
  readonly severity: 'error' | 'warning';
  /** Without the construct path: the front end prefixes its own. */
  readonly message: string;
}

/**
 * The findings for one resolved release.
 *
 * @param reference `oci://host/path/chart`
 * @param content what the content stage found for its layer
 */
export function checkReleaseValues(
  release: ReleaseValues, reference: string, resolved: ResolvedChart, content: ContentOutcome, limits?: ContentLimits,
): ValuesFinding[] {
  const findings: ValuesFinding[] = [];
  const imported = release.valuesType;
  if (imported && imported.version !== resolved.version) {
    findings.push({ severity: 'warning', message: `values type was imported from ${imported.chart}@${imported.version}, but ${resolved.version} resolved; run 'flux-oci import ${reference} --version ${resolved.version}' to update it` });
  } else if (imported?.digest && resolved.digest && imported.digest !== resolved.digest) {
    findings.push({ severity: 'warning', message: `values type was imported from ${imported.chart}@${imported.version} ${imported.digest}, but that version now has digest ${resolved.digest} (re-pushed); run 'flux-oci import' again` });
  }
  if (content.state === 'not-cached') {
    findings.push({ severity: 'warning', message: `values not checked: ${content.message}` });
    return findings;
  }
  if (content.state === 'failed') {
    findings.push({ severity: 'error', message: `values not checked: the chart could not be read: ${content.message}` });
    return findings;
  }
  const chart = loadedLayer(content.layer, `${reference}@${content.layer.manifestDigest}`, limits);
  if (chart instanceof ChartError) {
    return [...findings, { severity: 'error', message: `Helm cannot load chart ${reference} ${resolved.version}: ${chart.message}` }];
  }
  return [...findings, ...checkChartValues(release, chart)];
}

/** Each fetched layer loaded once, however many releases install it (or why Helm cannot load it). */
const loadedLayers = new WeakMap<FetchedLayer, LoadedChart | ChartError>();

function loadedLayer(layer: FetchedLayer, label: string, limits: ContentLimits | undefined): LoadedChart | ChartError {
  return memoized(loadedLayers, layer, () => {
    try {
      return loadChartLayer(layer.bytes, label, limits);
    } catch (e) {
      if (!(e instanceof ChartError)) throw e;
      return e;
    }
  });
}

/** A release's values against a chart already loaded (a fetched layer, or a chart folder in the repository). */
export function checkChartValues(release: ReleaseValues, chart: LoadedChart): ValuesFinding[] {
  const helm = helmReleaseFor(release.fluxVersion ?? LATEST_FLUX_VERSION);
  const problems = checkValues({ ...release, chart, helm });
  const label = `${chart.metadata.name}@${chart.metadata.version}`;
  return problems.map((p) => ({ severity: p.severity, message: describeValuesProblem(p, label, chart.metadata.name) }));
}

/** `values of chart web@1.2.0 at /replicaCount: got string, want integer (values.schema.json of web)`. */
export function describeValuesProblem(p: ValuesProblem, label: string, top: string): string {
  const at = p.pointer === '' ? 'at the top level' : `at ${p.pointer}`;
  const sub = p.chart === top ? top : `subchart '${p.chart.slice(top.length + 1)}'`;
  switch (p.kind) {
    case 'schema': return `values of chart ${label} ${at}: ${p.message} (values.schema.json of ${sub})`;
    case 'unknown-key': return `values of chart ${label} ${at}: ${p.message}${p.severity === 'error' ? ' (strictValues)' : ''}`;
    case 'helm': return `values of chart ${label}: Flux would fail: ${p.message}`;
    case 'not-checked': return `values of chart ${label} ${at}: ${p.message}`;
  }
}
