import { describe } from './field-checks';
import { IssueList } from '../foundation/issues';
import { pointerSegment } from '../foundation/json-pointer';

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
  walk(issues, { parent: undefined, step: field }, value, new Set());
}

/**
 * Keys no front end can write: `__proto__` is dropped by every object copy
 * (assigning it sets the prototype; JSON.parse makes it an own key, so it
 * arrives from parsed files), `constructor` makes cdk8s treat the object as
 * a class instance and fail after earlier files were written, and `<<` is a
 * YAML merge key that go-yaml (kubectl, kustomize-controller) would expand
 * instead of keeping.
 */
// A Map: in an object literal, a `'__proto__'` key would set the prototype instead of adding the entry.
const UNCARRIABLE_KEYS: ReadonlyMap<string, string> = new Map([
  ['__proto__', 'JavaScript object copies drop it (assigning __proto__ sets the prototype), so it would vanish from the output'],
  ['constructor', "cdk8s's serializer takes an object with its own 'constructor' key for a class instance and fails at synth"],
  ['<<', 'YAML readers (go-yaml in kubectl and Flux) take it for a merge key and merge its value instead of keeping the key'],
]);

/**
 * Reports a map key that cannot be written unchanged (see
 * {@link UNCARRIABLE_KEYS}), with its JSON pointer.
 * @returns whether the key is fine
 */
export function checkCarriableKey(issues: IssueList, at: string, key: string, pointer: string): boolean {
  const reason = UNCARRIABLE_KEYS.get(key);
  if (reason === undefined) return true;
  issues.add(at, `the key '${key}' (JSON pointer ${pointer}) cannot be kept: ${reason}; rename the key`);
  return false;
}

/**
 * Where a value sits: its parent and its key or index. The field path and
 * JSON pointer are spelled out only for a value that has a problem (most
 * values have none, and building two strings per key was most of the walk).
 */
interface Place {
  readonly parent: Place | undefined;
  /** The field path and pointer of the root (`values`, `/values`); a key or an index below it. */
  readonly step: string | number;
}

function fieldPath(place: Place): string {
  if (!place.parent) return String(place.step);
  const up = fieldPath(place.parent);
  return typeof place.step === 'number' ? `${up}[${place.step}]` : `${up}.${place.step}`;
}

function pointerOf(place: Place): string {
  return place.parent ? `${pointerOf(place.parent)}/${pointerSegment(place.step)}` : `/${pointerSegment(place.step)}`;
}

function walk(issues: IssueList, place: Place, value: unknown, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) issues.add(fieldPath(place), `${value} is not representable in JSON; use a string or a finite number`);
      return;
    case 'undefined':
      issues.add(fieldPath(place), 'undefined is not a JSON value (it would be dropped silently); use null or remove the key');
      return;
    case 'function':
      issues.add(fieldPath(place), 'a function is not a JSON value; call it and pass its result');
      return;
    case 'bigint':
      issues.add(fieldPath(place), `BigInt ${value}n is not a JSON value; pass a number or a string`);
      return;
    case 'symbol':
      issues.add(fieldPath(place), 'a symbol is not a JSON value');
      return;
  }
  if (value === null) return;
  const obj = value as object;
  if (ancestors.has(obj)) {
    issues.add(fieldPath(place), 'values contain a cycle (an object that contains itself); JSON cannot represent it');
    return;
  }
  if (Array.isArray(obj)) {
    ancestors.add(obj);
    obj.forEach((item, i) => walk(issues, { parent: place, step: i }, item, ancestors));
    ancestors.delete(obj);
    return;
  }
  if (!isPlainObject(obj)) {
    const name = (obj as any).constructor?.name ?? 'object';
    const hint = obj instanceof Date ? '; pass date.toISOString()' : obj instanceof Map ? '; pass Object.fromEntries(map)' : '';
    issues.add(fieldPath(place), `a ${name} is not a plain JSON object${hint}`);
    return;
  }
  ancestors.add(obj);
  for (const key of Object.keys(obj)) {
    const child: Place = { parent: place, step: key };
    if (UNCARRIABLE_KEYS.has(key) && !checkCarriableKey(issues, fieldPath(child), key, pointerOf(child))) continue;
    walk(issues, child, (obj as Record<string, unknown>)[key], ancestors);
  }
  for (const sym of Object.getOwnPropertySymbols(obj)) {
    issues.add(`${fieldPath(place)}[${String(sym)}]`, 'symbol keys are not JSON');
  }
  ancestors.delete(obj);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
