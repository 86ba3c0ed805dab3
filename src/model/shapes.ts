import { describe, describeType } from './field-checks';
import { checkCarriableKey } from './json-values';
import { failWith, IssueList } from '../foundation/issues';
import { pointerSegment } from '../foundation/json-pointer';

/**
 * Type guards for props, one per kind of prop and shared by every construct
 * of both front ends: before any value rule runs (a duration's syntax, a
 * DNS name), each field is checked to be of the JavaScript type its
 * interface declares, so a JavaScript caller, a value parsed from JSON or a
 * cast never reaches a validator or builder as the wrong type ("spec.patches?.forEach
 * is not a function"). Every mismatch names the field path and what is
 * expected.
 *
 * `undefined` is always accepted (every optional field defaults); `null` is
 * not, since Flux has no null for these fields.
 */
export type Shape =
  | { readonly kind: 'string'; readonly required?: boolean; readonly secret?: boolean }
  | { readonly kind: 'boolean' | 'integer' | 'any'; readonly required?: boolean }
  | { readonly kind: 'list'; readonly of: Shape; readonly required?: boolean }
  | { readonly kind: 'object'; readonly fields: FieldShapes<any>; readonly what: string; readonly required?: boolean }
  | { readonly kind: 'stringMap'; readonly required?: boolean }
  | { readonly kind: 'component'; readonly what: string; readonly methods: readonly string[]; readonly named: boolean; readonly required?: boolean };

/** A shape for every field of `T`, so adding a field to an options interface without its shape does not compile. */
export type FieldShapes<T> = { readonly [K in keyof Required<T>]: Shape };

export const STRING: Shape = { kind: 'string' };
export const BOOLEAN: Shape = { kind: 'boolean' };
export const INTEGER: Shape = { kind: 'integer' };
/** Checked by a dedicated rule (Helm values: `checkJsonValues`). */
export const ANY: Shape = { kind: 'any' };
/** A map of string values (labels, annotations, variables), keys that every serializer keeps. */
export const STRING_MAP: Shape = { kind: 'stringMap' };
/** A credential: its type is checked, its value never printed. */
export const SECRET_STRING: Shape = { kind: 'string', secret: true };

/** The same shape, but `undefined` is refused too. */
export function required(shape: Shape): Shape {
  return { ...shape, required: true };
}

export function listOf(of: Shape): Shape {
  return { kind: 'list', of };
}

/** A nested options object; `what` names it in messages (`InstallOptions`). */
export function objectOf<T>(what: string, fields: FieldShapes<T>): Shape {
  return { kind: 'object', what, fields };
}

/**
 * A construct or class instance a prop takes (a source, a Secret, a
 * verification): an object with these methods and, when `named`, a string
 * `name`. `what` says what to pass.
 */
export function component(what: string, methods: readonly string[], options: { named?: boolean } = {}): Shape {
  return { kind: 'component', what, methods, named: options.named ?? true };
}

/**
 * Checks `value` against `shape`, reporting each mismatch under `field`
 * (nested fields as `field.sub`, items as `field[0]`).
 * @returns whether it conforms
 */
export function checkShape(issues: IssueList, field: string, value: unknown, shape: Shape): boolean {
  if (value === undefined) {
    if (!shape.required) return true;
    issues.add(field, `expected ${expected(shape)}, got nothing`);
    return false;
  }
  if (value === null) {
    issues.add(field, `expected ${expected(shape)}, got null; leave the field out (undefined) for the default`);
    return false;
  }
  const wrong = (): false => {
    const secret = shape.kind === 'string' && shape.secret;
    issues.add(field, `expected ${expected(shape)}, got ${secret ? describeType(value) : describe(value)}`);
    return false;
  };
  switch (shape.kind) {
    case 'any':
      return true;
    case 'string':
      return typeof value === 'string' || wrong();
    case 'boolean':
      return typeof value === 'boolean' || wrong();
    case 'integer':
      return (typeof value === 'number' && Number.isSafeInteger(value)) || wrong();
    case 'list': {
      if (!Array.isArray(value)) return wrong();
      let ok = true;
      value.forEach((item, i) => {
        ok = checkShape(issues, `${field}[${i}]`, item, { ...shape.of, required: true }) && ok;
      });
      return ok;
    }
    case 'object': {
      if (!isObjectLike(value)) return wrong();
      // Builders copy these objects whole: a misspelt field would be written, then dropped by the API server.
      const unknown = Object.keys(value).filter((k) => !Object.prototype.hasOwnProperty.call(shape.fields, k));
      for (const key of unknown) {
        issues.add(`${field}.${key}`, `is not a field of ${shape.what}; its fields are ${Object.keys(shape.fields).join(', ')}`);
      }
      return checkFields(issues, value, shape.fields, `${field}.`) && unknown.length === 0;
    }
    case 'stringMap': {
      if (!isObjectLike(value)) return wrong();
      let ok = true;
      for (const [key, item] of Object.entries(value)) {
        ok = checkCarriableKey(issues, `${field}.${key}`, key, `/${field.split('.').map(pointerSegment).join('/')}/${pointerSegment(key)}`) && ok;
        if (typeof item !== 'string') {
          const hint = typeof item === 'number' || typeof item === 'boolean' ? `; quote it, e.g. '${item}'` : '';
          issues.add(`${field}.${key}`, `expected a string value, got ${describe(item)}${hint}`);
          ok = false;
        }
      }
      return ok;
    }
    case 'component': {
      if (!isObjectLike(value)) return wrong();
      const obj = value as Record<string, unknown>;
      const complete = shape.methods.every((m) => typeof obj[m] === 'function') && (!shape.named || typeof obj.name === 'string');
      return complete || wrong();
    }
  }
}

/**
 * Checks each field of an options object that has a shape (others are
 * left alone).
 * @param prefix put before each field name, e.g. `install.`
 */
export function checkFields<T>(issues: IssueList, value: object, fields: FieldShapes<T>, prefix = ''): boolean {
  let ok = true;
  for (const name in fields) {
    const field = (value as Record<string, unknown>)[name];
    const shape: Shape = (fields as Record<string, Shape>)[name];
    // The common case (an optional field left out) costs no string.
    if (field === undefined && !shape.required) continue;
    ok = checkShape(issues, `${prefix}${name}`, field, shape) && ok;
  }
  return ok;
}

/**
 * The props argument itself must be an object before any field is read
 * (`new ChartRelease(scope, id, null)`).
 * @param example the fields a caller passes at least, e.g. `{ source, chart }`
 */
export function requireProps(path: string, props: unknown, example: string): asserts props is object {
  if (isObjectLike(props)) return;
  failWith(path, 'props', `expected the props object ${example}, got ${describe(props)}`);
}

function isObjectLike(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expected(shape: Shape): string {
  switch (shape.kind) {
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'integer':
      return 'an integer';
    case 'any':
      return 'a value';
    case 'list':
      return `a list (array) of ${plural(shape.of)}`;
    case 'object':
      return `an object (${shape.what})`;
    case 'stringMap':
      return 'an object of string values';
    case 'component':
      return shape.what;
  }
}

function plural(shape: Shape): string {
  switch (shape.kind) {
    case 'string':
      return 'strings';
    case 'object':
      return `objects (${shape.what})`;
    case 'component':
      return shape.what.replace(/^an? /, '');
    default:
      return `items (${expected(shape)})`;
  }
}
