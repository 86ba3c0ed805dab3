import { IssueList } from '../foundation/issues';

/**
 * Options renamed before the first release. A typed program no longer
 * compiles with the old name; an untyped one (JavaScript, `any`) would lose
 * the option silently, so it is reported instead.
 */

/**
 * `dependsOn` is `fluxDependsOn` since Pulumi's own `opts.dependsOn` (and
 * cdk8s's `node.addDependency`) order creation, not Flux's readiness.
 * `ordering` says how the front end orders creation.
 * @internal
 */
export function checkRenamedDependsOn(issues: IssueList, options: object, ordering: string): void {
  if ((options as { readonly dependsOn?: unknown }).dependsOn === undefined) return;
  issues.add('dependsOn', `renamed fluxDependsOn: what Flux waits for (spec.dependsOn) is fluxDependsOn; ${ordering}`);
}

/** How each front end orders creation, for `checkRenamedDependsOn`. @internal */
export const CDK8S_ORDERING = 'the order of objects in the YAML is node.addDependency()';
/** @internal */
export const PULUMI_ORDERING = "Pulumi's creation order is the resource option dependsOn";
