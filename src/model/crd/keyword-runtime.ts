/**
 * What the generated validators call for the Kubernetes checks JSON Schema
 * lacks: `x-kubernetes-validations` (CEL) and `x-kubernetes-list-type: map`
 * keys. The generator (scripts/schemas/ajv.ts) emits calls to these by
 * name, so renaming one means regenerating.
 */
import { passesByPresence } from './cel/presence';
import type { CelNode } from './cel/validations';

/** A finding of a custom keyword; ajv adds the node's instance path. */
export interface KeywordProblem {
  /** Below the node: a list index, or a CEL rule's `fieldPath`; empty for the node. */
  readonly pointer: string;
  readonly message: string;
  /** The CEL rule that failed. */
  readonly rule?: string;
}

// @bufbuild/cel takes a few hundred milliseconds to load; most objects
// (Secrets, repositories, Kustomizations without kubeConfig) never reach a
// node with rules, and most rules flux-oci's objects meet are field
// presence tests (`passesByPresence`), so it loads on the first rule those
// cannot show to pass.
let cel: typeof import('./cel/validations') | undefined;

/** The node's CEL rules on `data`; undefined when all pass. */
export function celRules(data: unknown, node: CelNode): KeywordProblem[] | undefined {
  if (!hasType(data, node.shape.type)) return undefined; // the `type` keyword reports it
  if (node.rules.every((r) => passesByPresence(r.rule, data, node.shape))) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, see above
  cel ??= require('./cel/validations') as typeof import('./cel/validations');
  const failures = cel.evaluateNode(data, node);
  return failures.length > 0 ? failures : undefined;
}

function hasType(data: unknown, type: string | readonly string[] | undefined): boolean {
  if (type === undefined) return true;
  if (typeof type !== 'string') return type.some((t) => hasType(data, t));
  switch (type) {
    case 'object': return typeof data === 'object' && data !== null && !Array.isArray(data);
    case 'array': return Array.isArray(data);
    case 'integer': return Number.isInteger(data);
    case 'null': return data === null;
    default: return typeof data === type;
  }
}

/** Entries of a `list-type: map` list that repeat another entry's keys; undefined when none do. */
export function listMapDuplicates(data: unknown, keys: readonly string[]): KeywordProblem[] | undefined {
  if (!Array.isArray(data)) return undefined;
  const seen = new Map<string, number>();
  const problems: KeywordProblem[] = [];
  data.forEach((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) return;
    const identity = JSON.stringify(keys.map((k) => item[k] ?? null));
    const first = seen.get(identity);
    if (first === undefined) {
      seen.set(identity, index);
      return;
    }
    const shown = keys.map((k) => `${k}=${JSON.stringify(item[k])}`).join(', ');
    problems.push({ pointer: `/${index}`, message: `duplicate entry in a list keyed by ${keys.join(', ')}: [${shown}] also at index ${first}` });
  });
  return problems.length > 0 ? problems : undefined;
}
