/**
 * Each Flux object against the CRD of its apiVersion, and its apiVersion
 * against the Flux releases that serve it.
 */
import type { Finding } from './finding';
import type { ManifestObject } from './manifest-object';
import { describeObject, identityOf, isFluxObject, stringAt } from './object-index';
import { crdSetFor } from '../../model/built-objects';
import { formatSchemaProblem, hasSchema, SchemaProblem, validateObject } from '../../model/crd';
import { substitutedVariableAt } from '../../model/flux-variables';
import { FluxVersion, LATEST_FLUX_VERSION } from '../../model/flux-version';
import { isServedBy, removedApiMessage, servedApi } from '../../model/served-apis';

/** The Flux release the files are checked for, and whether the user named it. */
export interface CheckTarget {
  readonly fluxVersion: FluxVersion;
  /** `--flux-version` named it; otherwise it was inferred (or is the newest). */
  readonly explicit: boolean;
}

/** Schema, apiVersion and no-schema findings of every Flux object. */
export function validateFluxObjects(objects: readonly ManifestObject[], target: CheckTarget): Finding[] {
  const findings: Finding[] = [];
  const crdSet = crdSetFor({ kind: 'flux', fluxVersion: target.fluxVersion });
  const unvalidated = new Map<string, { first: ManifestObject; count: number }>();
  for (const object of objects) {
    if (!isFluxObject(object)) continue;
    findings.push(...apiVersionFindings(object, target));
    if (!hasSchema(object.apiVersion, object.kind, { crdSet })) {
      const key = `${object.apiVersion} ${object.kind}`;
      const seen = unvalidated.get(key);
      if (seen) seen.count++;
      else unvalidated.set(key, { first: object, count: 1 });
      continue;
    }
    for (const problem of validateObject(object.value, { crdSet })) findings.push(schemaFinding(object, problem));
  }
  for (const [key, { first, count }] of unvalidated) {
    findings.push({
      rule: 'no-schema',
      severity: 'note',
      location: first.location,
      object: identityOf(first),
      message: `${key}: no schema packaged with flux-oci, so ${count === 1 ? 'this object is' : `these ${count} objects are`} not validated (flux-oci packages HelmRelease, HelmRepository, OCIRepository, HelmChart and Kustomization)`,
    });
  }
  return findings;
}

function schemaFinding(object: ManifestObject, problem: SchemaProblem): Finding {
  const hint = schemaHint(object, problem);
  // kustomize-controller substitutes ${var} in the whole object before applying it: the literal is not what the API server sees.
  const variable = substitutedVariableAt(object.value, problem.pointer);
  return {
    rule: 'schema',
    severity: variable === undefined ? 'error' : 'note',
    location: object.locate(problem.pointer),
    object: identityOf(object),
    pointer: problem.pointer,
    message: `${formatSchemaProblem(problem)}${problem.rule ? ` (CRD rule: ${problem.rule})` : ''}${hint ? `; ${hint}` : ''}`
      + (variable === undefined ? '' : ` — not checked: the value holds the Flux variable ${variable}, which a Kustomization's postBuild substitutes before the object is applied`),
  };
}

// The mistakes the seed guides show, with what Flux wants instead.
function schemaHint(object: ManifestObject, problem: SchemaProblem): string | undefined {
  if (object.kind === 'HelmRelease' && problem.pointer === '/spec/chart/spec/sourceRef/kind'
    && stringAt(object.value, 'spec', 'chart', 'spec', 'sourceRef', 'kind') === 'OCIRepository') {
    return 'a chart in an OCIRepository is named by spec.chartRef ({kind: OCIRepository, name}, helm.toolkit.fluxcd.io/v2, Flux 2.3 or newer), and spec.chart is dropped';
  }
  return undefined;
}

function apiVersionFindings(object: ManifestObject, target: CheckTarget): Finding[] {
  const api = servedApi(object.apiVersion, object.kind);
  if (!api) return [];
  const base = { rule: 'api-version' as const, location: object.locate('/apiVersion'), object: identityOf(object), pointer: '/apiVersion' };
  if (api.until !== undefined && !isServedBy(api, LATEST_FLUX_VERSION)) {
    const served = target.explicit && isServedBy(api, target.fluxVersion);
    const asReplacement = replacementProblems(object, api.replacement!);
    return [{
      ...base,
      severity: served ? 'warning' : 'error',
      message: `${describeObject(object)}: ${removedApiMessage(api, { manifest: object.value, ...(served ? { servedByTarget: target.fluxVersion } : {}) })}`
        + (asReplacement.length ? `; as ${api.replacement} this object would fail: ${asReplacement.join('; ')}` : ''),
    }];
  }
  // What remains unserved is too new for an older target.
  if (target.explicit && !isServedBy(api, target.fluxVersion)) {
    return [{
      ...base,
      severity: 'error',
      message: `${describeObject(object)}: ${api.apiVersion} ${api.kind} is served from Flux ${api.since}, not by Flux ${target.fluxVersion} (--flux-version); use the version that release serves or raise --flux-version`,
    }];
  }
  return [];
}

/** What the object lacks to be valid under the apiVersion that replaces its own, as `<pointer>: <message>`. */
function replacementProblems(object: ManifestObject, replacement: string): string[] {
  const rewritten = { ...object.value, apiVersion: replacement };
  if (!hasSchema(replacement, object.kind)) return [];
  return validateObject(rewritten).map((p) => `${p.pointer || '(root)'}: ${p.message}`);
}
