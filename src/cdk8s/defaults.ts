import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { toDnsLabel } from '../model/names';

/** Objects land in their Chart's namespace unless the props say otherwise, as cdk8s ApiObjects do. */
export function defaultNamespace(scope: IConstruct, given: string | undefined): string | undefined {
  return given ?? Chart.of(scope).namespace;
}

/** A DNS-1123 name from the construct id, stable when other constructs change. */
export function defaultName(scope: IConstruct, given: string | undefined): string {
  return given ?? toDnsLabel(scope.node.id);
}
