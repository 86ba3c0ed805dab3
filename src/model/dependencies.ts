/**
 * `spec.dependsOn` entries. An entry may carry a `readyExpr` (Flux 2.7:
 * kustomize-controller v1.7.0, helm-controller v1.4.0): a CEL expression
 * over `self` (the object waiting) and `dep` (the dependency), compiled to
 * a bool (model/flux-cel/expressions.ts); once it holds the dependency
 * counts as ready, in place of its Ready condition unless the controller
 * runs with the AdditiveCELDependencyCheck feature gate (fluxcd/kustomize-controller
 * at 186fb3b and fluxcd/helm-controller at 0f61a86: `checkDependencies`).
 */
import { checkDnsLabel, checkDnsSubdomain, checkString } from './field-checks';
import { fluxCel } from './flux-cel/lazy';
import type { ObjectRef } from './kube-object';
import { objectOf, required, STRING } from './shapes';
import type { IssueList } from '../foundation/issues';

/** A `fluxDependsOn` entry Flux counts as ready once `readyExpr` holds (Flux 2.7+). */
export interface ReadyExprDependency<TDependency> {
  /** The object waited for. */
  readonly dependency: TDependency;
  /**
   * CEL over `self` (this object) and `dep` (the dependency) that is true once the dependency counts as ready,
   * e.g. `dep.metadata.annotations['app/version'] == self.metadata.annotations['app/version']`; it must give a bool.
   */
  readonly readyExpr: string;
}

/** A `fluxDependsOn` entry: the object, or the object with the expression that says it is ready. */
export type FluxDependency<TDependency> = TDependency | ReadyExprDependency<TDependency>;

/** A dependsOn entry as the model writes it: the object's name and namespace, and its readyExpr. */
export interface DependencyRef extends ObjectRef {
  /**
   * CEL over `self` and `dep` that says when the dependency is ready.
   * @default - the dependency's Ready condition
   */
  readonly readyExpr?: string;
}

/** The JavaScript type of a {@link DependencyRef} (see `checkShape`). @internal */
export const DEPENDENCY_REF_SHAPE = objectOf<DependencyRef>('DependencyRef', { name: required(STRING), namespace: STRING, readyExpr: STRING });

/** Whether `entry` carries a readyExpr (an object with `dependency` and `readyExpr`; constructs and references have neither). */
export function isReadyExprDependency<TDependency>(entry: FluxDependency<TDependency>): entry is ReadyExprDependency<TDependency> {
  return typeof entry === 'object' && entry !== null && 'dependency' in entry && 'readyExpr' in entry;
}

/** The object an entry names. */
export function dependencyOf<TDependency>(entry: FluxDependency<TDependency>): TDependency {
  return isReadyExprDependency(entry) ? entry.dependency : entry;
}

/** The entry as the model writes it, `ref` naming its object. @internal */
export function dependencyRefOf<TDependency>(entry: FluxDependency<TDependency>, ref: (dependency: TDependency) => ObjectRef): DependencyRef {
  const { name, namespace } = ref(dependencyOf(entry));
  return isReadyExprDependency(entry) ? { name, namespace, readyExpr: entry.readyExpr } : { name, namespace };
}

/**
 * Each entry's name and namespace as Kubernetes names, and its readyExpr
 * compiled as the controllers compile it (`self`, `dep`, a bool), each
 * problem at `<field>[i].<name|namespace|readyExpr>`. @internal
 */
export function checkDependencyRefs(issues: IssueList, field: string, entries: readonly DependencyRef[] | undefined): void {
  entries?.forEach((entry, i) => {
    checkDnsSubdomain(issues, `${field}[${i}].name`, entry.name);
    checkDnsLabel(issues, `${field}[${i}].namespace`, entry.namespace);
    if (entry.readyExpr === undefined || !checkString(issues, `${field}[${i}].readyExpr`, entry.readyExpr, { min: 1 })) return;
    const celExpressions = fluxCel();
    const problem = celExpressions.celExpressionProblem(entry.readyExpr, celExpressions.READY_EXPRESSION);
    if (problem) {
      issues.add(`${field}[${i}].readyExpr`, 'Flux\'s CEL compiler (cel-go, with the variables self and dep) refuses it: '
        + `${celExpressions.celProblemText(entry.readyExpr, problem)}; the controller would stall the object (InvalidCELExpression)`);
    }
  });
}
