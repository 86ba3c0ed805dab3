/**
 * The CEL expressions of Flux objects, read as their controllers read them
 * (see model/flux-cel/expressions.ts for which controller parses or
 * compiles which): an expression the controller refuses is an error at its
 * field, with where in the expression and why. An expression with a
 * `${var}` is left alone: a Kustomization's post-build substitution may
 * replace it before any controller sees it.
 */
import type { Finding } from './finding';
import type { ManifestObject } from './manifest-object';
import { apiGroup, describeObject, fieldAt, identityOf } from './object-index';
import {
  CelExpressionUse, celExpressionProblem, celProblemText, COMMIT_STATUS_EXPRESSION, HEALTH_CHECK_EXPRESSION, READY_EXPRESSION,
  resourceFilterExpression,
} from '../../model/flux-cel/expressions';
import { fluxVariablesIn } from '../../model/flux-variables';

/** An expression of an object: its JSON pointer, its text and how its controller reads it. */
interface ExpressionField {
  readonly pointer: string;
  readonly source: unknown;
  readonly use: CelExpressionUse;
  /** What refusing it does, for the message. */
  readonly effect: string;
}

const HEALTH_CHECK_FIELDS = ['current', 'inProgress', 'failed'] as const;

/** The findings of every CEL expression in `objects`. */
export function celExpressionFindings(objects: readonly ManifestObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const object of objects) {
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
        message: `${describeObject(object)} ${field.pointer.slice(1).replace(/\//g, '.')}: ${celProblemText(field.source, problem)}; ${field.effect}`,
      });
    }
  }
  return findings;
}

/** The CEL fields of one object, by its kind. */
function expressionFields(object: ManifestObject): ExpressionField[] {
  const group = apiGroup(object.apiVersion);
  const spec = fieldAt(object.value, 'spec');
  if (group === 'kustomize.toolkit.fluxcd.io' && object.kind === 'Kustomization' || group === 'helm.toolkit.fluxcd.io' && object.kind === 'HelmRelease') {
    return [...healthCheckFields(spec, object.kind), ...readyExprFields(spec, object.kind)];
  }
  if (group === 'notification.toolkit.fluxcd.io' && object.kind === 'Receiver') {
    const use = resourceFilterExpression(typeof fieldAt(spec, 'type') === 'string' ? fieldAt(spec, 'type') as string : undefined);
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

function healthCheckFields(spec: unknown, kind: string): ExpressionField[] {
  const checks = fieldAt(spec, 'healthCheckExprs');
  const effect = `the ${kind} is stalled (InvalidCELExpression) before anything is applied`;
  return (Array.isArray(checks) ? checks : []).flatMap((check, i) => HEALTH_CHECK_FIELDS.map((name) => ({
    pointer: `/spec/healthCheckExprs/${i}/${name}`, source: fieldAt(check, name), use: HEALTH_CHECK_EXPRESSION, effect,
  })));
}

function readyExprFields(spec: unknown, kind: string): ExpressionField[] {
  const entries = fieldAt(spec, 'dependsOn');
  const effect = `the ${kind} is stalled (InvalidCELExpression) and never reconciled`;
  return (Array.isArray(entries) ? entries : []).map((entry, i) => ({
    pointer: `/spec/dependsOn/${i}/readyExpr`, source: fieldAt(entry, 'readyExpr'), use: READY_EXPRESSION, effect,
  }));
}
