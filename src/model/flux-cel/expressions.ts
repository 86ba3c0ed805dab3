/**
 * The CEL expressions in Flux objects and how each controller reads them
 * (all through fluxcd/pkg runtime/cel `NewExpression`, e2cfd1a2):
 *
 * - `healthCheckExprs` (Kustomization from Flux 2.5, HelmRelease from 2.8):
 *   parsed only, since a custom resource's fields are not known
 *   (runtime/cel/status_evaluator.go `NewStatusEvaluator`);
 * - `dependsOn[].readyExpr` (Flux 2.7): compiled with the variables `self`
 *   and `dep` and a bool result (fluxcd/kustomize-controller at 186fb3b and
 *   fluxcd/helm-controller at 0f61a86: `evalReadyExpr`); a refused one
 *   stalls the object (`InvalidCELExpression`);
 * - a Receiver's `resourceFilter` and `resources[].filter`: compiled with
 *   `res` and `req` (and `claims` for a `generic-oidc` Receiver) and a bool
 *   result (fluxcd/notification-controller at 2e46958:
 *   internal/server/receiver_resource_filter.go `newFilterExpression`,
 *   checked by the Receiver's reconcile, which stalls it);
 * - a Provider's `commitStatusExpr`: compiled with `event`, `alert` and
 *   `provider` and a string result (internal/server/provider_commit_status.go),
 *   each time an event is sent: a refused one sends no commit status.
 */
import { positionOf } from './ast';
import { CelCompileEnvironment, checkCompiled } from './checker';
import { parseCel } from './parser';

/** How a controller reads one expression: parsed only, or compiled in an environment. */
export type CelExpressionUse = { readonly parseOnly: true } | CelCompileEnvironment;

/** A custom health check's expressions: parsed only. */
export const HEALTH_CHECK_EXPRESSION: CelExpressionUse = { parseOnly: true };
/** A `dependsOn` entry's `readyExpr`. */
export const READY_EXPRESSION: CelExpressionUse = { variables: ['self', 'dep'], output: 'bool' };
/** A Receiver's resource filter; `claims` is declared for a `generic-oidc` Receiver only. */
export function resourceFilterExpression(receiverType: string | undefined): CelExpressionUse {
  return { variables: receiverType === 'generic-oidc' ? ['res', 'req', 'claims'] : ['res', 'req'], output: 'bool' };
}
/** A Provider's `commitStatusExpr`. */
export const COMMIT_STATUS_EXPRESSION: CelExpressionUse = { variables: ['event', 'alert', 'provider'], output: 'string' };

/** A problem, with the 1-based line and column in the expression where it has a position. */
export interface LocatedCelProblem {
  readonly message: string;
  readonly position?: { readonly line: number; readonly column: number };
}

/** The first problem the controller's CEL would report for `source`; undefined when it takes it. */
export function celExpressionProblem(source: string, use: CelExpressionUse): LocatedCelProblem | undefined {
  const parsed = parseCel(source);
  const [problem] = parsed.problems.length > 0 || !parsed.expr || 'parseOnly' in use ? parsed.problems : checkCompiled(parsed.expr, use);
  if (!problem) return undefined;
  return problem.offset === undefined ? { message: problem.message } : { message: problem.message, position: positionOf(source, problem.offset) };
}

/** The problem's message, then ` (at column 5 of the expression)` (with the line where it has several) where it has a position. */
export function celProblemText(source: string, problem: LocatedCelProblem): string {
  if (!problem.position) return problem.message;
  const { line, column } = problem.position;
  return `${problem.message} (at ${source.includes('\n') ? `line ${line}, ` : ''}column ${column} of the expression)`;
}
