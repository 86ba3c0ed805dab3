/**
 * The CEL expressions of Flux objects, read as their controllers read them
 * (see model/flux-cel/expressions.ts for which controller parses or
 * compiles which): an expression the controller refuses is an error at its
 * field, with where in the expression and why. A Kustomization's or
 * HelmRelease's `healthCheckExprs` entries are judged as the named Flux
 * release takes them (model/custom-health-checks.ts: duplicates, `kind`,
 * then each expression). An expression with a `${var}` is left alone: a
 * Kustomization's post-build substitution may replace it before any
 * controller sees it.
 */
import type { Finding } from './finding';
import type { ManifestObject } from './manifest-object';
import { apiGroup, describeObject, fieldAt, identityOf, isFluxKustomization, stringAt } from './object-index';
import { pointerAsField } from '../../foundation/json-pointer';
import { customHealthCheckProblems } from '../../model/custom-health-checks';
import {
  CelExpressionUse, celExpressionProblem, celProblemText, COMMIT_STATUS_EXPRESSION, READY_EXPRESSION, resourceFilterExpression,
} from '../../model/flux-cel/expressions';
import { fluxVariablesIn } from '../../model/flux-variables';
import type { FluxVersion } from '../../model/flux-version';

/** An expression of an object: its JSON pointer, its text and how its controller reads it. */
interface ExpressionField {
  readonly pointer: string;
  readonly source: unknown;
  readonly use: CelExpressionUse;
  /** What refusing it does, for the message. */
  readonly effect: string;
}

/** The findings of every CEL expression in `objects`, and of their health check entries, as `fluxVersion`'s controllers read them. */
export function celExpressionFindings(objects: readonly ManifestObject[], fluxVersion: FluxVersion): Finding[] {
  const findings: Finding[] = [];
  for (const object of objects) {
    findings.push(...healthCheckFindings(object, fluxVersion));
    for (const field of expressionFields(object)) {
      if (typeof field.source !== 'string' || field.source === '' || fluxVariablesIn(field.source).length > 0) continue;
      const problem = celExpressionProblem(field.source, field.use);
      if (!problem) continue;
      findings.push({
        rule: 'cel',
        severity: 'error',
        location: object.locate(field.pointer),
        object: identityOf(object),
        pointer: field.pointer,
        message: `${describeObject(object)} ${pointerAsField(field.pointer)}: ${celProblemText(field.source, problem)}; ${field.effect}`,
      });
    }
  }
  return findings;
}

/** The CEL fields of one object, by its kind. */
function expressionFields(object: ManifestObject): ExpressionField[] {
  const group = apiGroup(object.apiVersion);
  const spec = fieldAt(object.value, 'spec');
  if (waitsForObjects(object)) return readyExprFields(spec, object.kind);
  if (group === 'notification.toolkit.fluxcd.io' && object.kind === 'Receiver') {
    const use = resourceFilterExpression(stringAt(spec, 'type'));
    const effect = 'notification-controller stalls the Receiver (InvalidCELExpression) and it triggers nothing';
    const resources = fieldAt(spec, 'resources');
    return [
      { pointer: '/spec/resourceFilter', source: fieldAt(spec, 'resourceFilter'), use, effect },
      ...(Array.isArray(resources) ? resources : []).map((r, i) => ({ pointer: `/spec/resources/${i}/filter`, source: fieldAt(r, 'filter'), use, effect })),
    ];
  }
  if (group === 'notification.toolkit.fluxcd.io' && object.kind === 'Provider') {
    const effect = 'notification-controller fails to compile it for every event and sends no commit status';
    return [{ pointer: '/spec/commitStatusExpr', source: fieldAt(spec, 'commitStatusExpr'), use: COMMIT_STATUS_EXPRESSION, effect }];
  }
  return [];
}

function readyExprFields(spec: unknown, kind: string): ExpressionField[] {
  const entries = fieldAt(spec, 'dependsOn');
  const effect = `the ${kind} is stalled (InvalidCELExpression) and never reconciled`;
  return (Array.isArray(entries) ? entries : []).map((entry, i) => ({
    pointer: `/spec/dependsOn/${i}/readyExpr`, source: fieldAt(entry, 'readyExpr'), use: READY_EXPRESSION, effect,
  }));
}

/** A Kustomization's or HelmRelease's `healthCheckExprs` entries (model/custom-health-checks.ts), each problem at its field. */
function healthCheckFindings(object: ManifestObject, fluxVersion: FluxVersion): Finding[] {
  if (!waitsForObjects(object)) return [];
  const checks = fieldAt(object.value, 'spec', 'healthCheckExprs');
  if (!Array.isArray(checks)) return [];
  // A `${var}` may be replaced by a post-build substitution before the controller reads the entry.
  const substituted = (i: number) => Object.values((checks[i] ?? {}) as object).some((v) => typeof v === 'string' && fluxVariablesIn(v).length > 0);
  return customHealthCheckProblems(checks, fluxVersion).filter((p) => !substituted(p.index)).map((problem) => {
    const pointer = `/spec/healthCheckExprs/${problem.index}${problem.field ? `/${problem.field}` : ''}`;
    return {
      rule: 'cel',
      severity: problem.severity,
      location: object.locate(pointer),
      object: identityOf(object),
      pointer,
      message: `${describeObject(object)} ${pointerAsField(pointer)}: ${problem.message}`,
    };
  });
}

/** A Flux Kustomization or HelmRelease: the kinds with `dependsOn` readiness and custom health checks. */
function waitsForObjects(object: ManifestObject): boolean {
  return isFluxKustomization(object) || (apiGroup(object.apiVersion) === 'helm.toolkit.fluxcd.io' && object.kind === 'HelmRelease');
}
