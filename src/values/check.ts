import { Coalescer } from './coalesce';
import { processDependencies } from './dependencies';
import { ValuesError } from './errors';
import { chartValuesFile, composeFluxValues, KnownValuesSource, mergeValuesFiles } from './flux-values';
import { cloneHelmChart, HelmChart } from './helm-chart';
import { helmChartOf } from './load';
import { valuesReferences } from './references';
import { compileValuesSchema } from './schema';
import { isTable, Values } from './tables';
import { KeyScope, unknownKeys } from './unknown-keys';
import type { LoadedChart } from '../archives/chart-load';
import { ChartError } from '../archives/errors';
import { FluxOciError } from '../foundation/errors';
import { pointerSegment, valueAtPointer } from '../foundation/json-pointer';
import { fluxVariableIn } from '../model/flux-variables';
import type { HelmRelease } from '../model/flux-version';

/**
 * The values of one release checked against its chart, as helm-controller
 * would hand them to Helm: Flux composes them (valuesFiles, valuesFrom,
 * values), Helm processes dependencies, coalesces and validates every
 * enabled chart's schema; then flux-oci's own lint for keys the chart does
 * not know.
 */

/** A `valuesFrom` entry the app does not define (a Secret in the cluster): not checked, never guessed. */
export interface UnknownValuesSource {
  readonly kind: 'ConfigMap' | 'Secret';
  readonly name: string;
  readonly targetPath?: string;
  readonly unknown: true;
}

/** What to check. */
export interface ValuesCheckInput {
  /** The chart as fetched. */
  readonly chart: LoadedChart;
  /** The Helm the target Flux release runs. */
  readonly helm: HelmRelease;
  /** `spec.values`. */
  readonly values?: Values;
  /** `spec.valuesFrom`, in order: the content of those the program (or the file set) defines, the others marked unknown. */
  readonly valuesFrom?: readonly (KnownValuesSource | UnknownValuesSource)[];
  /** `chart.spec.valuesFiles` (HelmRepository strategy). */
  readonly valuesFiles?: readonly string[];
  /**
   * Reads `valuesFiles` for a chart that is a folder of a GitRepository or
   * Bucket, where source-controller reads them from the source's root: a
   * path's content, or undefined where no regular file is.
   * @default - read from the chart's own files (a chart from a HelmRepository or OCIRepository)
   */
  readonly readSourceFile?: (path: string) => Buffer | undefined;
  readonly ignoreMissingValuesFiles?: boolean;
  /** `install.disableSchemaValidation`. */
  readonly disableSchemaValidationOnInstall?: boolean;
  /** `upgrade.disableSchemaValidation`. */
  readonly disableSchemaValidationOnUpgrade?: boolean;
  /** Unknown keys are errors instead of warnings. */
  readonly strictValues?: boolean;
  /** Every value is secret: none appears in a message. @default false */
  readonly secret?: boolean;
  /**
   * The release may reach the cluster through a Flux Kustomization with
   * `postBuild` (YAML in Git, cdk8s output), which substitutes `${var}` in
   * it first: a schema error on a value holding one is then a warning.
   * @default false - the literal reaches Helm (Pulumi applies the object itself)
   */
  readonly fluxVariables?: boolean;
}

/** One finding. */
export interface ValuesProblem {
  /** `error`: Flux (source-controller, helm-controller, or Helm in it) would fail, or `strictValues`; `warning`: it would not, but something is likely wrong or unchecked. */
  readonly severity: 'error' | 'warning';
  /**
   * - `helm`: Helm refuses the values before validating (type mismatch, missing values file/source);
   * - `schema`: values.schema.json rejects them, or cannot be used;
   * - `unknown-key`: a key the chart does not know;
   * - `not-checked`: something was left unchecked, and why.
   */
  readonly kind: 'helm' | 'schema' | 'unknown-key' | 'not-checked';
  /** The chart it concerns, subcharts by their section: `web`, `web/cache`. */
  readonly chart: string;
  /** JSON pointer into the values; `''` is the root. */
  readonly pointer: string;
  readonly message: string;
}

/** Checks the values; never throws for a values problem (a chart Helm cannot read is a problem too). */
export function checkValues(input: ValuesCheckInput): ValuesProblem[] {
  const problems: ValuesProblem[] = [];
  const chartName = input.chart.metadata.name;
  const add = (p: Omit<ValuesProblem, 'chart'> & { chart?: string }) => problems.push({ chart: chartName, ...p });
  try {
    // A copy: the loaded chart is shared by every release of it, and valuesFiles replace its values here.
    const top = { ...helmChartOf(input.chart, input.helm, chartName) };
    if (input.valuesFiles?.length) {
      const read = input.readSourceFile ?? chartValuesFile(top.values, new Map(input.chart.files.map((f) => [f.name, f.data])));
      top.values = mergeValuesFiles(input.valuesFiles, input.ignoreMissingValuesFiles ?? false, read);
    }
    const known = (input.valuesFrom ?? []).filter((s): s is KnownValuesSource => !('unknown' in s));
    const unknown = (input.valuesFrom ?? []).filter((s): s is UnknownValuesSource => 'unknown' in s);
    for (const s of unknown) {
      add({
        severity: 'warning',
        kind: 'not-checked',
        pointer: s.targetPath ? targetPointer(s.targetPath) : '',
        message: `valuesFrom ${s.kind} '${s.name}' is not defined in this app, so the values it supplies are not checked`,
      });
    }
    const user = composeFluxValues(input.values, known);
    const certain = certainty(input.values ?? {}, input.valuesFrom ?? []);
    const redact = input.secret ? () => true : secretPointers(known);

    const chart = cloneHelmChart(top);
    const coalescer = new Coalescer(input.helm.coalesce);
    processDependencies(coalescer, chart, user);
    const coalesced = coalescer.coalesceValues(chart, user);

    if (!(input.disableSchemaValidationOnInstall && input.disableSchemaValidationOnUpgrade)) {
      const only = input.disableSchemaValidationOnInstall ? ' (Helm validates this on upgrade; install.disableSchemaValidation skips it on install)'
        : input.disableSchemaValidationOnUpgrade ? ' (Helm validates this on install; upgrade.disableSchemaValidation skips it on upgrade)' : '';
      validateTree(chart, coalesced, chartName, '', input.helm, redact, (p) => {
        const error = p.kind === 'schema' && p.severity === 'error';
        const sure = !error || certain(p.pointer, p.keyword);
        const variable = error && input.fluxVariables === true ? fluxVariableIn(valueAtPointer(coalesced, p.pointer)) : undefined;
        const substituted = variable !== undefined;
        const why = !sure ? ' (unless a valuesFrom source this app does not define supplies it)'
          : substituted ? ` (the value holds the Flux variable ${variable}: a Kustomization whose postBuild substitutes it hands Helm the result, which is not checked here)` : '';
        add({
          chart: p.chart,
          pointer: p.pointer,
          kind: 'schema',
          severity: sure && !substituted ? p.severity : 'warning',
          message: `${p.message}${p.severity === 'error' ? only : ''}${why}`,
        });
      });
    }

    for (const u of unknownKeys(keyScope(input.chart, top), user)) {
      const hint = u.suggestions.length ? `; did you mean ${u.suggestions.map((s) => `'${s}'`).join(', ')}?` : '';
      add({
        severity: input.strictValues ? 'error' : 'warning',
        kind: 'unknown-key',
        pointer: u.pointer,
        message: `'${u.key}' is not a value this chart knows (not in its values.yaml, schema or templates); Helm ignores it${hint}`,
      });
    }
  } catch (e) {
    if (e instanceof ValuesError) add({ severity: 'error', kind: 'helm', pointer: '', message: e.message });
    else if (e instanceof ChartError) add({ severity: 'error', kind: 'helm', pointer: '', message: `Helm cannot load the chart: ${e.message}` });
    else throw e;
  }
  return problems;
}

interface RawSchemaProblem {
  readonly chart: string;
  readonly pointer: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  readonly kind: 'schema';
  readonly keyword?: string;
}

/**
 * Helm `ValidateAgainstSchema`: the chart's schema against all its values,
 * then each enabled subchart (by alias) against its section; Helm ≥ 3.19.1
 * skips an absent or null section.
 */
function validateTree(
  chart: HelmChart, values: Values, label: string, prefix: string, helm: HelmRelease,
  redact: (pointer: string) => boolean, report: (p: RawSchemaProblem) => void,
): void {
  if (chart.schema !== undefined) {
    const compiled = compileValuesSchema(chart.schema, helm);
    if (!compiled.ok) {
      report({ chart: label, pointer: prefix, severity: 'error', kind: 'schema', message: `values.schema.json cannot be used by Helm ${helm.version}: ${compiled.error}` });
    } else {
      for (const w of compiled.warnings) report({ chart: label, pointer: prefix, severity: 'warning', kind: 'schema', message: w });
      for (const v of compiled.validate(values, (p) => redact(prefix + p))) {
        report({ chart: label, pointer: prefix + v.pointer, severity: 'error', kind: 'schema', keyword: v.keyword, message: v.message });
      }
    }
  }
  for (const sub of chart.subcharts) {
    const section = values[sub.name];
    const subPrefix = `${prefix}/${pointerSegment(sub.name)}`;
    if (helm.skipsNullSubchartValues && (section === undefined || section === null)) continue;
    if (!isTable(section)) {
      report({ chart: `${label}/${sub.name}`, pointer: subPrefix, severity: 'error', kind: 'schema', message: `invalid type for values: expected object (map), got ${typeof section}` });
      continue;
    }
    validateTree(sub, section, `${label}/${sub.name}`, subPrefix, helm, redact, report);
  }
}

/**
 * What a chart knows about its values as `flux-oci import` types them
 * (values.yaml read as Helm 3 reads it, its first document; Helm 4 merges
 * every document, which for a key list differs only in multi-document files).
 */
export function chartKeyScope(loaded: LoadedChart): KeyScope {
  return keyScope(loaded, helmChartOf(loaded, { multiDocumentValues: false }, loaded.metadata.name));
}

/** What one chart (and its subcharts, by section key) knows about its values, for the unknown-key lint. */
function keyScope(loaded: LoadedChart, chart: HelmChart): KeyScope {
  const references = valuesReferences(loaded);
  for (const r of chart.requirements) {
    for (const condition of (r.condition ?? '').split(',').map((c) => c.trim()).filter(Boolean)) references.add(condition.split('.'));
  }
  const subcharts = new Map<string, KeyScope>();
  chart.subcharts.forEach((sub, i) => {
    const scope = keyScope(loaded.dependencies[i], sub);
    const listed = chart.requirements.filter((r) => r.name === sub.name);
    if (listed.length === 0) subcharts.set(sub.name, scope);
    for (const r of listed) subcharts.set(r.alias || r.name, scope);
  });
  let schema: unknown;
  try {
    schema = chart.schema === undefined ? undefined : JSON.parse(chart.schema);
  } catch {
    schema = undefined;
  }
  const reserved = new Set(chart.requirements.some((r) => r.tags.length) ? ['tags'] : []);
  return { defaults: chart.values, schema, references, subcharts, reserved };
}

/**
 * Whether a schema error at a pointer is certain when some `valuesFrom`
 * sources are unknown: what is merged after the last unknown source (known
 * sources after it, and inline `values`, merged last) stands; anything
 * else (and a missing required key) an unknown source could still supply.
 * A `targetPath` source can overwrite what is below it.
 */
function certainty(
  inline: Values, sources: readonly (KnownValuesSource | UnknownValuesSource)[],
): (pointer: string, keyword?: string) => boolean {
  const unknown = sources.filter((s): s is UnknownValuesSource => 'unknown' in s);
  if (unknown.length === 0) return () => true;
  const lastRootUnknown = sources.reduce((last, s, i) => ('unknown' in s && !s.targetPath ? i : last), -1);
  const targets = unknown.filter((s) => s.targetPath).map((s) => targetPointer(s.targetPath!));
  const set = new Set<string>();
  const collect = (v: unknown, p: string) => {
    set.add(p);
    if (isTable(v)) for (const [k, c] of Object.entries(v)) collect(c, `${p}/${pointerSegment(k)}`);
  };
  collect(inline, '');
  for (const s of sources.slice(lastRootUnknown + 1)) {
    if ('unknown' in s || s.data === undefined) continue;
    try {
      collect(composeFluxValues(undefined, [s]), '');
    } catch (e) {
      if (!(e instanceof FluxOciError)) throw e;
    }
  }
  return (pointer, keyword) => {
    if (targets.some((t) => pointer === t || pointer.startsWith(`${t}/`) || t.startsWith(`${pointer}/`))) return false;
    if (lastRootUnknown < 0) return true;
    return keyword !== 'required' && set.has(pointer) && pointer !== '';
  };
}

/** Pointers of values that came from Secrets: their content never appears in a message. */
function secretPointers(sources: readonly KnownValuesSource[]): (pointer: string) => boolean {
  const secret: string[] = [];
  for (const s of sources.filter((x) => x.kind === 'Secret' && x.data !== undefined)) {
    if (s.targetPath) {
      secret.push(targetPointer(s.targetPath));
      continue;
    }
    try {
      const parsed = composeFluxValues(undefined, [s]);
      const collect = (v: unknown, p: string) => {
        if (isTable(v)) for (const [k, c] of Object.entries(v)) collect(c, `${p}/${pointerSegment(k)}`);
        else secret.push(p);
      };
      collect(parsed, '');
    } catch (e) {
      if (!(e instanceof FluxOciError)) throw e;
    }
  }
  return (pointer) => secret.some((p) => pointer === p || pointer.startsWith(`${p}/`));
}

/** `a.b[0].c` → `/a/b/0/c`. */
function targetPointer(path: string): string {
  return [...path.matchAll(/((?:\\.|[^.[\]])+)|\[(\d+)\]/g)].map((m) => `/${pointerSegment(m[2] ?? m[1].replace(/\\(.)/g, '$1'))}`).join('');
}
