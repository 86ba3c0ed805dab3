/** One finding of a check: a JSON pointer into the object and what is wrong there. */
export interface Problem {
  /** RFC 6901 pointer, e.g. `/spec/chart/spec/version`; `` for the object itself. */
  readonly pointer: string;
  readonly message: string;
  /** The CEL rule that failed, when the finding comes from `x-kubernetes-validations`. */
  readonly rule?: string;
}

const MAX_SHOWN = 80;

/**
 * A value for an error message, JSON-quoted and shortened; `sensitive` values
 * (Secret data, passwords, tokens) are never shown.
 */
export function shownValue(value: unknown, sensitive: boolean): string {
  if (sensitive) return '<redacted>';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > MAX_SHOWN ? `${json.slice(0, MAX_SHOWN)}…` : json;
}
