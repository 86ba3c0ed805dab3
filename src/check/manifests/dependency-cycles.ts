/**
 * `dependsOn` entries that form a cycle. kustomize-controller and
 * helm-controller reconcile an object only once every dependency it names
 * is Ready at its current generation, or its `readyExpr` holds; neither
 * looks for cycles (fluxcd/kustomize-controller at 186fb3b and
 * fluxcd/helm-controller at 0f61a86: `checkDependencies` in
 * internal/controller/kustomization_controller.go and
 * helmrelease_controller.go). Around a cycle whose entries have no
 * `readyExpr`, each waits for the next: where none of them is Ready yet (a
 * new cluster, or once one fails) none is ever reconciled, each held back
 * with "dependency '…' is not ready". An entry with a `readyExpr` may be
 * satisfied by anything its expression accepts, so it breaks the cycle.
 */
import type { Finding } from './finding';
import type { ManifestObject } from './manifest-object';
import { describeObject, identityOf } from './object-index';
import { controllerOf, ObjectReference } from './references';
import { pointerAsField, valueAtPointer } from '../../foundation/json-pointer';

const DEPENDS_ON_ENTRY = /^\/spec\/dependsOn\/\d+$/;

/** One finding per cycle of `dependsOn` references (as linked to the objects they name), at the entry of its first object that is on it. */
export function dependencyCycleFindings(references: readonly ObjectReference[]): Finding[] {
  const edges = new Map<ManifestObject, { readonly to: ManifestObject; readonly pointer: string }[]>();
  for (const { from, pointer, target } of references) {
    if (!DEPENDS_ON_ENTRY.test(pointer) || !target || valueAtPointer(from.value, `${pointer}/readyExpr`) !== undefined) continue;
    // Two clusters' copies of a tree are not one graph.
    if (from.cluster !== undefined && target.cluster !== undefined && from.cluster !== target.cluster) continue;
    edges.set(from, [...edges.get(from) ?? [], { to: target, pointer }]);
  }
  const findings = new Map<string, Finding>();
  for (const component of stronglyConnected([...edges.keys()], (node) => (edges.get(node) ?? []).map((e) => e.to))) {
    const [first] = component;
    const cycle = cycleThrough(first, new Set(component), (node) => edges.get(node) ?? []);
    if (!cycle) continue;
    const [closing] = cycle;
    const path = [first, ...cycle.map((step) => step.to)].map(describeObject).join(' → ');
    const message = `${describeObject(first)} ${pointerAsField(closing.pointer)} is on a dependency cycle: ${path}. `
      + `${controllerOf(first)} reconciles an object only once each dependency is Ready, so where none of them is Ready yet `
      + '(a new cluster, or once one fails) none is ever reconciled ("dependency \'…\' is not ready"); drop one of these entries, or give one a readyExpr';
    const location = first.locate(closing.pointer);
    findings.set(`${location.file}:${location.line}:${message}`, {
      rule: 'reference', severity: 'error', location, object: identityOf(first), pointer: closing.pointer, message,
    });
  }
  return [...findings.values()];
}

/** The strongly connected components with a cycle (several nodes, or one that names itself), each in the order its nodes were given. */
function stronglyConnected<T>(nodes: readonly T[], next: (node: T) => readonly T[]): T[][] {
  // Tarjan's algorithm, iterative so a long chain of dependencies cannot overflow the stack.
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const onStack = new Set<T>();
  const stack: T[] = [];
  const found: T[][] = [];
  const order = new Map(nodes.map((n, i) => [n, i]));
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: T; children: readonly T[]; i: number }[] = [];
    const open = (node: T) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, children: next(node), i: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.children.length) {
        const child = frame.children[frame.i++];
        if (!index.has(child)) open(child);
        else if (onStack.has(child)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: T[] = [];
      let member: T;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || next(frame.node).includes(frame.node)) {
        found.push(component.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)));
      }
    }
  }
  return found;
}

/** A shortest cycle from `start` back to it inside `within`, as the edges taken (breadth first). */
function cycleThrough<T, E extends { readonly to: T }>(start: T, within: ReadonlySet<T>, edgesOf: (node: T) => readonly E[]): E[] | undefined {
  const via = new Map<T, { readonly from: T; readonly edge: E }>();
  const queue: T[] = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (const edge of edgesOf(node)) {
      if (!within.has(edge.to)) continue;
      if (edge.to === start) {
        const path: E[] = [edge];
        for (let at = node; at !== start; at = via.get(at)!.from) path.unshift(via.get(at)!.edge);
        return path;
      }
      if (via.has(edge.to)) continue;
      via.set(edge.to, { from: node, edge });
      queue.push(edge.to);
    }
  }
  return undefined;
}
