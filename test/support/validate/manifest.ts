import { SchemaProblem, validateObject, ValidateObjectOptions } from '../../../src/model/crd';

export type ValidateOptions = ValidateObjectOptions;

/**
 * Errors that make `obj` invalid, each as `<JSON pointer>: <message>` (with
 * ` (CEL rule: <rule>)` for a CRD rule); empty when valid. Throws
 * `NoSchemaError` when no schema is known for its apiVersion/kind.
 */
export function validateManifest(obj: unknown, options: ValidateOptions = {}): string[] {
  return validateObject(obj, options).map(formatProblem);
}

function formatProblem(problem: SchemaProblem): string {
  const rule = problem.rule === undefined ? '' : ` (CEL rule: ${problem.rule})`;
  return `${problem.pointer || '(root)'}: ${problem.message}${rule}`;
}
