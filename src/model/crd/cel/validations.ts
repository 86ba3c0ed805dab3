/**
 * Runs the `x-kubernetes-validations` of one schema node on one value, with
 * the API server's semantics (k8s.io/apiextensions-apiserver/pkg/apiserver/
 * schema/cel/validation.go):
 * - a rule passes only when it returns the bool `true`;
 * - a failing rule reports its `messageExpression` when that yields a
 *   non-empty string, else its `message`, else `failed rule: <rule>`;
 * - a rule that errors (e.g. reads an absent field) fails, with the error;
 * - transition rules (reading `oldSelf`) are skipped: they run on updates
 *   only, and a written manifest is a create.
 */
import { compileRule } from './engine';
import { CelShape, toCel } from './values';

/** One `x-kubernetes-validations` entry as the generated schemas carry it. */
export interface CelValidation {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  /** The CRD's `fieldPath`, as a JSON pointer below the node (e.g. `/spec/x`). */
  readonly pointer?: string;
}

/** The schema keyword's value: the node's rules and the shape that types `self`. */
export interface CelNode {
  readonly rules: readonly CelValidation[];
  readonly shape: CelShape;
}

export interface CelFailure {
  readonly rule: string;
  readonly message: string;
  /** Below the node, from the rule's `fieldPath`; empty for the node itself. */
  readonly pointer: string;
}

export function evaluateNode(data: unknown, node: CelNode): CelFailure[] {
  const failures: CelFailure[] = [];
  let self: unknown;
  for (const validation of node.rules) {
    const rule = compileRule(validation.rule);
    if (rule.usesOldSelf) continue;
    self ??= toCel(data, node.shape);
    const result = rule.evaluate({ self });
    const fallback = validation.message ?? `failed rule: ${validation.rule}`;
    let message: string | undefined;
    if ('error' in result) message = `${fallback} (rule evaluation error: ${result.error})`;
    else if (typeof result.value !== 'boolean') message = `${fallback} (rule returned ${typeof result.value}, not a bool)`;
    else if (!result.value) message = expressionMessage(validation, self) ?? fallback;
    if (message !== undefined) failures.push({ rule: validation.rule, message, pointer: validation.pointer ?? '' });
  }
  return failures;
}

function expressionMessage(validation: CelValidation, self: unknown): string | undefined {
  if (validation.messageExpression === undefined) return undefined;
  const result = compileRule(validation.messageExpression).evaluate({ self });
  return 'value' in result && typeof result.value === 'string' && result.value.trim() !== '' ? result.value : undefined;
}
