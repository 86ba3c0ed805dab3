/**
 * Each Flux object against the CRD of its apiVersion, and its apiVersion
 * against the Flux releases that serve it.
 */
import type { Finding } from './finding';
import { FluxInstall, FluxInstalls, OPERATOR_NOTIFICATION_KINDS } from './flux-install';
import { describePatch, PatchedObjects, writtenAt } from './flux-patches';
import type { ManifestObject, ObjectPatch } from './manifest-object';
import { describeObject, fieldAt, identityOf, isFluxObject, stringAt } from './object-index';
import { pointerAsField } from '../../foundation/json-pointer';
import { wordList } from '../../foundation/word-list';
import { crdSetFor } from '../../model/built-objects';
import { formatSchemaProblem, hasSchema, SchemaProblem, servedSchemas, validateObject } from '../../model/crd';
import { substitutedVariableAt } from '../../model/flux-variables';
import { FluxVersion, LATEST_FLUX_VERSION } from '../../model/flux-version';
import { isServedBy, removedApiMessage, ServedApi, servedApi } from '../../model/served-apis';

/** The Flux release the files are checked for, and whether the user named it. */
export interface CheckTarget {
  readonly fluxVersion: FluxVersion;
  /** `--flux-version` named it; otherwise it was inferred (or is the newest). */
  readonly explicit: boolean;
}

/**
 * Schema, apiVersion and no-schema findings of every Flux object, as
 * patched (./flux-patches.ts): a problem a Kustomization's patch brings is
 * reported at that patch, once for all the objects it makes fail; for an
 * object a patch may reach (`uncertain`), a problem the patch resolves is
 * summed up in one note, and one it brings is a warning at the patch.
 */
export function validateFluxObjects(
  objects: readonly ManifestObject[], target: CheckTarget, uncertain: PatchedObjects['uncertain'] = new Map(), installs: FluxInstalls = () => undefined,
): Finding[] {
  const findings: Finding[] = [];
  const crdSet = crdSetFor({ kind: 'flux', fluxVersion: target.fluxVersion });
  const unvalidated = new Map<string, { first: ManifestObject; count: number }>();
  const byPatch = new PatchProblems();
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
    // Where flux-operator installs Flux, its Alert and Receiver CRDs take its own kinds too.
    const install = installs(object);
    const validate = (value: Record<string, unknown>) => validateObject(value, { crdSet })
      .filter((p) => install?.by !== 'flux-operator' || operatorKindAt(value, p) === undefined);
    const problems = validate(object.value);
    const written = object.written ? new Set(validate(object.written).map(problemKey)) : undefined;
    const variant = uncertain.get(object);
    const variantProblems = variant ? validate(variant.value) : [];
    const withVariant = new Set(variantProblems.map(problemKey));
    for (const problem of problems) {
      if (written && !written.has(problemKey(problem))) byPatch.add(patchBringing(problem, object.patchedBy!, validate), object, problem, 'error');
      else if (variant && !withVariant.has(problemKey(problem))) byPatch.resolved(variant.applied[0], object, problem);
      else findings.push(schemaFinding(object, problem, install));
    }
    if (variant) {
      const own = new Set(problems.map(problemKey));
      for (const problem of variantProblems) {
        if (!own.has(problemKey(problem))) byPatch.add(patchBringing(problem, variant.applied, validate), object, problem, 'warning');
      }
    }
  }
  findings.push(...byPatch.findings());
  for (const [key, { first, count }] of unvalidated) {
    findings.push({
      rule: 'no-schema',
      severity: 'note',
      location: first.location,
      object: identityOf(first),
      message: `${key}: no schema packaged with flux-oci, so ${count === 1 ? 'this object is' : `these ${count} objects are`} not validated (${packagedOfKind(first, crdSet)})`,
    });
  }
  return findings;
}

/** What flux-oci packages of an object's group and kind, for a no-schema note: `it packages source.toolkit.fluxcd.io/v1 and v1beta2 GitRepository`. */
function packagedOfKind(object: ManifestObject, crdSet: ReturnType<typeof crdSetFor>): string {
  const group = object.apiVersion.slice(0, object.apiVersion.lastIndexOf('/') + 1);
  const versions = servedSchemas({ crdSet })
    .filter((s) => s.kind === object.kind && s.apiVersion.startsWith(group) && !s.apiVersion.slice(group.length).includes('/'))
    .map((s) => s.apiVersion.slice(group.length));
  if (versions.length === 0) return `flux-oci packages no schema of ${object.kind}`;
  return `flux-oci packages ${group}${wordList(versions)} ${object.kind}`;
}

function schemaFinding(object: ManifestObject, problem: SchemaProblem, install?: FluxInstall): Finding {
  const operatorKind = operatorKindAt(object.value, problem);
  if (operatorKind !== undefined && install === undefined) {
    // flux-operator adds its kinds to these CRDs where it installs Flux; how this cluster's Flux is installed is not in the files.
    return {
      rule: 'schema',
      severity: 'note',
      location: object.locate(problem.pointer),
      object: identityOf(object),
      pointer: problem.pointer,
      message: `${describeObject(object)} ${pointerAsField(problem.pointer)} is ${operatorKind}: not checked. Flux's ${object.kind} CRD does not take it, `
        + `but flux-operator adds ${OPERATOR_KINDS_TEXT} to it where it installs Flux, and the files do not tell how this cluster's Flux is installed`,
    };
  }
  const hint = operatorKind !== undefined && install
    ? `${OPERATOR_KINDS_TEXT} are taken only where flux-operator installs Flux, and this cluster's Flux is installed from its own manifests (${install.where})`
    : schemaHint(object, problem);
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

const OPERATOR_KINDS_TEXT = wordList(OPERATOR_NOTIFICATION_KINDS);

/**
 * The flux-operator kind an enum problem is about: an Alert's
 * `eventSources[].kind` or a Receiver's `resources[].kind` naming one of
 * the kinds flux-operator adds to those CRDs (./flux-install.ts).
 */
function operatorKindAt(value: Record<string, unknown>, problem: SchemaProblem): string | undefined {
  const list = value.kind === 'Alert' ? 'eventSources' : value.kind === 'Receiver' ? 'resources' : undefined;
  const at = list && new RegExp(`^/spec/${list}/(\\d+)/kind$`).exec(problem.pointer);
  if (!at) return undefined;
  const entries = fieldAt(value, 'spec', list);
  const kind = Array.isArray(entries) ? fieldAt(entries[Number(at[1])], 'kind') : undefined;
  return typeof kind === 'string' && OPERATOR_NOTIFICATION_KINDS.includes(kind) ? kind : undefined;
}

// The mistakes the seed guides show, with what Flux wants instead.
function schemaHint(object: ManifestObject, problem: SchemaProblem): string | undefined {
  if (object.kind === 'HelmRelease' && problem.pointer === '/spec/chart/spec/sourceRef/kind'
    && stringAt(object.value, 'spec', 'chart', 'spec', 'sourceRef', 'kind') === 'OCIRepository') {
    return 'a chart in an OCIRepository is named by spec.chartRef ({kind: OCIRepository, name}, helm.toolkit.fluxcd.io/v2, Flux 2.3 or newer), and spec.chart is dropped';
  }
  return undefined;
}

/**
 * The row of an apiVersion the newest Flux no longer serves, and whether the
 * Flux the user named (`--flux-version`) still does (then a warning, not an
 * error); undefined for one the newest Flux serves, or one flux-oci does not know.
 */
export function removedApi(
  apiVersion: string, kind: string, target: CheckTarget,
): { readonly api: ServedApi; readonly servedByTarget: boolean } | undefined {
  const api = servedApi(apiVersion, kind);
  if (api?.until === undefined || isServedBy(api, LATEST_FLUX_VERSION)) return undefined;
  return { api, servedByTarget: target.explicit && isServedBy(api, target.fluxVersion) };
}

/**
 * The row of an apiVersion the newest Flux serves but the older Flux the
 * user named (`--flux-version`) does not serve yet; undefined otherwise.
 */
export function notYetServedApi(apiVersion: string, kind: string, target: CheckTarget): ServedApi | undefined {
  const api = servedApi(apiVersion, kind);
  return api && !removedApi(apiVersion, kind, target) && target.explicit && !isServedBy(api, target.fluxVersion) ? api : undefined;
}

function apiVersionFindings(object: ManifestObject, target: CheckTarget): Finding[] {
  const api = servedApi(object.apiVersion, object.kind);
  if (!api) return [];
  const base = { rule: 'api-version' as const, location: object.locate('/apiVersion'), object: identityOf(object), pointer: '/apiVersion' };
  const removed = removedApi(object.apiVersion, object.kind, target);
  if (removed) {
    const served = removed.servedByTarget;
    const asReplacement = replacementProblems(object, api.replacement!);
    return [{
      ...base,
      severity: served ? 'warning' : 'error',
      message: `${describeObject(object)}: ${removedApiMessage(api, { manifest: object.value, ...(served ? { servedByTarget: target.fluxVersion } : {}) })}`
        + (asReplacement.length ? `; as ${api.replacement} this object would fail: ${asReplacement.join('; ')}` : ''),
    }];
  }
  if (notYetServedApi(object.apiVersion, object.kind, target)) {
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

function problemKey(problem: SchemaProblem): string {
  return `${problem.pointer}\n${problem.message}`;
}

/** The patch that brings a problem: the first whose result has it while what it patched had not (else the last). */
function patchBringing(
  problem: SchemaProblem, applied: readonly ObjectPatch[], validate: (v: Record<string, unknown>) => SchemaProblem[],
): ObjectPatch {
  const key = problemKey(problem);
  return applied.find((p) => validate(p.after).some((q) => problemKey(q) === key) && !validate(p.before).some((q) => problemKey(q) === key))
    ?? applied[applied.length - 1];
}

/** Schema problems patches bring (one finding per patch and problem, however many objects) or resolve (one note per patch). */
class PatchProblems {
  private readonly brought = new Map<string, { patch: ObjectPatch; problem: SchemaProblem; severity: 'error' | 'warning'; objects: ManifestObject[] }>();
  private readonly resolvedBy = new Map<string, { patch: ObjectPatch; objects: Set<ManifestObject>; pointers: Set<string> }>();

  public add(patch: ObjectPatch, object: ManifestObject, problem: SchemaProblem, severity: 'error' | 'warning'): void {
    const key = `${patchKey(patch)}\n${severity}\n${problemKey(problem)}`;
    const entry = this.brought.get(key) ?? { patch, problem, severity, objects: [] };
    entry.objects.push(object);
    this.brought.set(key, entry);
  }

  public resolved(patch: ObjectPatch, object: ManifestObject, problem: SchemaProblem): void {
    const key = patchKey(patch);
    const entry = this.resolvedBy.get(key) ?? { patch, objects: new Set(), pointers: new Set() };
    entry.objects.add(object);
    entry.pointers.add(`${problem.pointer || '(root)'}: ${problem.message}`);
    this.resolvedBy.set(key, entry);
  }

  public findings(): Finding[] {
    const at = (patch: ObjectPatch) => {
      const written = writtenAt(patch);
      const pointer = `${written.pointer}/patch`;
      return { location: written.kustomization.locate(pointer), object: identityOf(written.kustomization), pointer };
    };
    const named = describePatch;
    const some = (objects: readonly ManifestObject[]) => {
      const [first] = objects;
      const where = `${describeObject(first)} at ${first.location.file}:${first.location.line}`;
      return objects.length === 1 ? where : `${objects.length} objects, the first ${where}`;
    };
    return [
      ...[...this.brought.values()].map(({ patch, problem, severity, objects }): Finding => ({
        rule: 'patch',
        severity,
        ...at(patch),
        message: `${named(patch)} makes ${some(objects)} fail the CRD: ${problem.pointer || '(root)'}: ${problem.message}${problem.rule ? ` (CRD rule: ${problem.rule})` : ''}`
          + (severity === 'error' ? '' : ' — where it builds them, which is not known here'),
      })),
      ...[...this.resolvedBy.values()].map(({ patch, objects, pointers }): Finding => ({
        rule: 'patch',
        severity: 'note',
        ...at(patch),
        message: `${some([...objects])} fail the CRD as written (${[...pointers].slice(0, 3).join('; ')}${pointers.size > 3 ? '; …' : ''}) but not once ${named(patch)} patches them. `
          + 'Whether it builds them is not known here (what it builds is not a folder of this Git working tree), so they are checked as patched',
      })),
    ];
  }
}

/** One key per patch as written: the objects a patch makes fail are counted together, however many Kustomizations it was set in. */
function patchKey(patch: ObjectPatch): string {
  const { kustomization, pointer } = writtenAt(patch);
  return `${kustomization.location.file}:${kustomization.location.line}:${pointer}`;
}
