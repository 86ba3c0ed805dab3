/**
 * The values check of `flux-oci check`: for each HelmRelease whose chart
 * the registry check resolved (through an OCI HelmRepository, or the
 * OCIRepository its `chartRef` names), its values checked against that
 * chart with the synth-time stage (`checkReleaseValues`).
 * `spec.values` as written; `valuesFrom` ConfigMaps and Secrets found in
 * the files are read (a SOPS-encrypted Secret is not), others reported as
 * not checked.
 */
import type { Finding } from './finding';
import { GeneratedObjects, NO_GENERATED_OBJECTS } from './kustomize-generated';
import type { ManifestObject } from './manifest-object';
import { describeObject, fieldAt, identityOf, ObjectIndex } from './object-index';
import { valuesSourceOf } from './values-from';
import type { LoadedChart } from '../../archives/chart-load';
import type { ContentLimits } from '../../archives/content-limits';
import { substitutionDisabled } from '../../model/flux-variables';
import type { FluxVersion } from '../../model/flux-version';
import type { ResolvedChart } from '../../model/resolution';
import type { ContentOutcome } from '../content-fetch';
import { checkChartValues, checkReleaseValues, ReleaseValues, ValuesFinding } from '../values-stage';

/** The findings of one HelmRelease's values, against the chart the registry check resolved. */
export function releaseValuesFindings(
  release: ManifestObject, reference: string, resolved: ResolvedChart, content: ContentOutcome,
  index: ObjectIndex, fluxVersion: FluxVersion, limits?: ContentLimits, generated: GeneratedObjects = NO_GENERATED_OBJECTS,
): Finding[] {
  return asFindings(release, checkReleaseValues(manifestReleaseValues(release, index, fluxVersion, generated), reference, resolved, content, limits));
}

/** The findings of one HelmRelease's values, against a chart folder of this repository; `readSourceFile` reads its valuesFiles from the source's root. */
export function localChartValuesFindings(
  release: ManifestObject, chart: LoadedChart, index: ObjectIndex, fluxVersion: FluxVersion, readSourceFile?: (path: string) => Buffer | undefined,
  generated: GeneratedObjects = NO_GENERATED_OBJECTS,
): Finding[] {
  const values = manifestReleaseValues(release, index, fluxVersion, generated);
  return asFindings(release, checkChartValues(readSourceFile ? { ...values, readSourceFile } : values, chart));
}

/** What a HelmRelease in the files says about its values, as the values stage reads a release. */
function manifestReleaseValues(release: ManifestObject, index: ObjectIndex, fluxVersion: FluxVersion, generated: GeneratedObjects): ReleaseValues {
  const spec = fieldAt(release.value, 'spec');
  const values = fieldAt(spec, 'values');
  const from = fieldAt(spec, 'valuesFrom');
  const valuesFrom = Array.isArray(from) ? from.map((entry) => valuesSourceOf(entry, release, index, generated)) : undefined;
  const valuesFiles = fieldAt(spec, 'chart', 'spec', 'valuesFiles');
  return {
    values: isTable(values) ? values : undefined,
    valuesFrom,
    valuesFiles: Array.isArray(valuesFiles) ? valuesFiles.filter((f): f is string => typeof f === 'string') : undefined,
    ignoreMissingValuesFiles: fieldAt(spec, 'chart', 'spec', 'ignoreMissingValuesFiles') === true,
    disableSchemaValidationOnInstall: fieldAt(spec, 'install', 'disableSchemaValidation') === true,
    disableSchemaValidationOnUpgrade: fieldAt(spec, 'upgrade', 'disableSchemaValidation') === true,
    fluxVersion,
    // Files in Git reach the cluster through a Kustomization, which may substitute ${var} first, unless the object opts out.
    fluxVariables: !substitutionDisabled(release.value),
    // A Secret's content may reach a message otherwise.
    secret: valuesFrom?.some((v) => v.kind === 'Secret' && !('unknown' in v)) ?? false,
  };
}

/** Values findings at the field that holds the values (or names the chart). */
function asFindings(release: ManifestObject, findings: readonly ValuesFinding[]): Finding[] {
  const spec = fieldAt(release.value, 'spec');
  const pointer = fieldAt(spec, 'values') !== undefined ? '/spec/values'
    : fieldAt(spec, 'valuesFrom') !== undefined ? '/spec/valuesFrom'
      : fieldAt(spec, 'chartRef') !== undefined ? '/spec/chartRef' : '/spec/chart';
  return findings.map((f) => ({
    rule: 'values' as const,
    severity: f.severity,
    location: release.locate(pointer),
    object: identityOf(release),
    pointer,
    message: `${describeObject(release)}: ${f.message}`,
  }));
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
