import { IssueList } from '../foundation/issues';

/**
 * Checks for the field shapes Flux and Kubernetes enforce. Each reports the
 * value given and what would be valid; none of them is used on secrets.
 */

const DURATION_WITH_HOURS = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;
const DURATION_NO_HOURS = /^([0-9]+(\.[0-9]+)?(ms|s|m))+$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A Go duration as the Flux CRDs accept it. Source timeouts
 * (HelmRepository/OCIRepository `timeout`) do not allow `h`.
 * @internal
 */
export function checkDuration(issues: IssueList, field: string, value: unknown, opts: { allowHours: boolean }): void {
  if (value === undefined) return;
  const re = opts.allowHours ? DURATION_WITH_HOURS : DURATION_NO_HOURS;
  if (typeof value !== 'string' || !re.test(value)) {
    const units = opts.allowHours ? 'ms, s, m or h' : 'ms, s or m (no h: the source CRDs reject hours here)';
    issues.add(field, `${describe(value)} is not a duration; use digits followed by ${units}, e.g. '${opts.allowHours ? '10m' : '60s'}'${!opts.allowHours && typeof value === 'string' && /h/.test(value) ? '; for one hour write \'60m\'' : ''}`);
  }
}

/** A Kubernetes object name that must be a DNS-1123 label (namespaces, most names we derive). @internal */
export function checkDnsLabel(issues: IssueList, field: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || value.length > 63 || !DNS_LABEL.test(value)) {
    issues.add(field, `${describe(value)} is not a valid DNS-1123 label: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit`);
  }
}

/** A Kubernetes object name (DNS-1123 subdomain). @internal */
export function checkDnsSubdomain(issues: IssueList, field: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'string' || value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    issues.add(field, `${describe(value)} is not a valid Kubernetes name: use at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit`);
  }
}

/** @internal */
export function checkEnum<T extends string>(issues: IssueList, field: string, value: unknown, allowed: readonly T[]): value is T | undefined {
  if (value === undefined) return true;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    issues.add(field, `${describe(value)} is not one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
    return false;
  }
  return true;
}

/** @internal */
export function checkBoolean(issues: IssueList, field: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    issues.add(field, `expected true or false, got ${describe(value)}`);
  }
}

/** @internal */
export function checkInteger(issues: IssueList, field: string, value: unknown, opts: { min?: number } = {}): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || (opts.min !== undefined && value < opts.min)) {
    issues.add(field, `expected an integer${opts.min !== undefined ? ` >= ${opts.min}` : ''}, got ${describe(value)}`);
  }
}

/** @internal */
export interface StringRules {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  readonly hint?: string;
}

/** @internal */
export function checkString(issues: IssueList, field: string, value: unknown, opts: StringRules = {}): value is string | undefined {
  if (value === undefined) return true;
  if (typeof value !== 'string') {
    issues.add(field, `expected a string, got ${describe(value)}`);
    return false;
  }
  const { min = 0, max, pattern, hint } = opts;
  if (value.length < min || (max !== undefined && value.length > max)) {
    issues.add(field, `'${value}' has ${value.length} characters; it must have ${max !== undefined ? `${min} to ${max}` : `at least ${min}`}`);
    return false;
  }
  if (pattern && !pattern.test(value)) {
    issues.add(field, `'${value}' does not match ${pattern.source}${hint ? `; ${hint}` : ''}`);
    return false;
  }
  return true;
}

/** A value for messages: strings quoted, other types named; never throws (a null-prototype object, a symbol). @internal */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'bigint') return `BigInt ${value}n`;
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'an object';
  return `${typeof value} ${String(value)}`;
}

/** The type of a value, never the value: for fields that may hold a credential. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  const type = typeof value;
  return type === 'object' ? 'an object' : `a${/^[aeiou]/.test(type) ? 'n' : ''} ${type}`;
}
