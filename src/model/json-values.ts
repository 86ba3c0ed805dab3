import { describe } from './field-checks';
import { IssueList } from '../foundation/issues';

/**
 * Helm values travel as JSON in the HelmRelease. Anything JSON cannot carry
 * unchanged is a bug in the user's program: JSON.stringify would silently
 * drop it (undefined, functions, symbols) or throw deep inside synth (cycles,
 * BigInt). Reports the first problem per branch with its path in the values.
 */
export function checkJsonValues(issues: IssueList, field: string, value: unknown): void {
  if (value === undefined) return;
  if (!isPlainObject(value)) {
    issues.add(field, `values must be a plain object (a YAML mapping), got ${describe(value)}`);
    return;
  }
  walk(issues, field, value, new Set());
}

function walk(issues: IssueList, at: string, value: unknown, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) issues.add(at, `${value} is not representable in JSON; use a string or a finite number`);
      return;
    case 'undefined':
      issues.add(at, 'undefined is not a JSON value (it would be dropped silently); use null or remove the key');
      return;
    case 'function':
      issues.add(at, 'a function is not a JSON value; call it and pass its result');
      return;
    case 'bigint':
      issues.add(at, `BigInt ${value}n is not a JSON value; pass a number or a string`);
      return;
    case 'symbol':
      issues.add(at, 'a symbol is not a JSON value');
      return;
  }
  if (value === null) return;
  const obj = value as object;
  if (ancestors.has(obj)) {
    issues.add(at, 'values contain a cycle (an object that contains itself); JSON cannot represent it');
    return;
  }
  if (Array.isArray(obj)) {
    ancestors.add(obj);
    obj.forEach((item, i) => walk(issues, `${at}[${i}]`, item, ancestors));
    ancestors.delete(obj);
    return;
  }
  if (!isPlainObject(obj)) {
    const name = (obj as any).constructor?.name ?? 'object';
    const hint = obj instanceof Date ? '; pass date.toISOString()' : obj instanceof Map ? '; pass Object.fromEntries(map)' : '';
    issues.add(at, `a ${name} is not a plain JSON object${hint}`);
    return;
  }
  ancestors.add(obj);
  for (const key of Object.keys(obj)) {
    walk(issues, `${at}.${key}`, (obj as Record<string, unknown>)[key], ancestors);
  }
  for (const sym of Object.getOwnPropertySymbols(obj)) {
    issues.add(`${at}[${String(sym)}]`, 'symbol keys are not JSON');
  }
  ancestors.delete(obj);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
