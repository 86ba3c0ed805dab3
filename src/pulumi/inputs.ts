import * as pulumi from '@pulumi/pulumi';
import { asResourceError } from './errors';
import { ValidationError } from '../foundation/errors';
import { IssueList } from '../foundation/issues';
import { DependencyRef, dependencyOf, FluxDependency, isReadyExprDependency } from '../model/dependencies';
import type { ObjectRef } from '../model/kube-object';

/**
 * Pulumi args may hold Outputs and Promises at any depth (a namespace from a
 * Namespace resource, a Helm value from a database). What is plain when a
 * component is constructed is checked there, so a typo fails at the line
 * that made it; the rest is checked when its Outputs resolve, which fails
 * the preview or update with the same error.
 */

/**
 * `T` with Outputs and Promises allowed at any depth, as `pulumi.output()`
 * unwraps them: a namespace from a Namespace resource, a Helm value from a
 * database, a Secret name from a `k8s.core.v1.Secret`.
 */
export type DeepInput<T> = T extends string | number | boolean | bigint | symbol | null | undefined ? pulumi.Input<T>
  : T extends readonly (infer E)[] ? pulumi.Input<readonly DeepInput<E>[]>
    : T extends object ? pulumi.Input<{ readonly [K in keyof T]: DeepInput<T[K]> }>
      : pulumi.Input<T>;

/**
 * Pulumi args from a model options interface: one field per option, with
 * its doc comment, each a {@link DeepInput}; the `Plain` fields (components,
 * and what a resource's type depends on) stay as declared.
 */
export type InputsOf<T, Plain extends keyof T = never> = {
  readonly [K in keyof T]: K extends Plain ? T[K] : DeepInput<T[K]>;
};

/** True when `value` holds an Output or a Promise anywhere inside arrays and plain objects. */
export function isPending(value: unknown): boolean {
  return holdsPending(value, new Set());
}

function holdsPending(value: unknown, seen: Set<object>): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (pulumi.Output.isInstance(value) || typeof (value as { then?: unknown }).then === 'function') return true;
  if (seen.has(value)) return false;
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value)) return value.some((v) => holdsPending(v, seen));
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).some((v) => holdsPending(v, seen));
}

/**
 * `fn(value)` now when the value is plain, so whatever it throws throws
 * from the constructor; else an Output applying `fn` once the value
 * resolves. The result stays plain when it can, so components built on it
 * can check their own args eagerly too. What `fn` throws is reported as
 * `owner`'s error (see `asResourceError`).
 */
export function whenKnown<T, U>(value: unknown, fn: (resolved: T) => U, owner?: pulumi.Resource): pulumi.Input<U> {
  const owned = ownedBy(owner, fn);
  if (!isPending(value)) return owned(value as T);
  return (pulumi.output(value as pulumi.Input<unknown>) as pulumi.Output<T>).apply(owned) as pulumi.Output<U>;
}

/** `fn`, with what it throws reported as `owner`'s error (see `asResourceError`): for `apply` callbacks. */
export function ownedBy<T, U>(owner: pulumi.Resource | undefined, fn: (value: T) => U): (value: T) => U {
  return (value: T): U => {
    try {
      return fn(value);
    } catch (e) {
      throw asResourceError(e, owner);
    }
  };
}

/** An Input as an Output, without losing its secretness. */
export function outputOf<T>(value: pulumi.Input<T>): pulumi.Output<T> {
  return pulumi.output(value as pulumi.Input<unknown>) as pulumi.Output<T>;
}

/**
 * Throws the issues with every field under `prefix`, e.g. `settings.fluxVersion`
 * for a field of a nested arg, as `owner`'s error.
 */
export function throwIfAny(issues: IssueList, prefix = '', owner?: pulumi.Resource): void {
  if (issues.empty) return;
  throw asResourceError(new ValidationError(issues.issues.map((i) => ({ ...i, field: prefix + i.field }))), owner);
}

/**
 * A `fluxDependsOn` entry as an Input of the model's entry: the object's
 * reference as `ref` gives it (a resource's own Output, or names that may
 * be Outputs), with the entry's readyExpr where it has one.
 */
export function dependencyInput<TDependency>(
  entry: FluxDependency<TDependency>, ref: (dependency: TDependency) => unknown,
): pulumi.Input<DependencyRef> {
  if (!isReadyExprDependency(entry)) return ref(entry) as pulumi.Input<DependencyRef>;
  const { readyExpr } = entry;
  const dependency = ref(entry.dependency) as pulumi.Input<ObjectRef>;
  // Names given as values (or as Inputs inside) stay an object, so a program whose names are known is validated at construction.
  if (!pulumi.Output.isInstance(dependency) && !(dependency instanceof Promise)) return { ...dependency, readyExpr };
  return pulumi.output(dependency).apply((r) => ({ ...r, readyExpr }));
}

/** Each `fluxDependsOn` entry names an object, itself or in `{ dependency, readyExpr }`; `expected` says what may stand there. */
export function checkDependencyArgs<TDependency extends { readonly name?: unknown }>(
  issues: IssueList, entries: readonly FluxDependency<TDependency>[] | undefined, expected: string,
): void {
  entries?.forEach((entry, i) => {
    const dependency = entry && dependencyOf(entry);
    if (!dependency || dependency.name === undefined || dependency.name === null) {
      issues.add(`fluxDependsOn[${i}]${entry && isReadyExprDependency(entry) ? '.dependency' : ''}`, `expected ${expected}`);
    }
  });
}
