/**
 * The ajv instance with the Kubernetes pieces JSON Schema lacks: the custom
 * keywords emitted by `structural.ts` and the formats of `formats.ts`.
 */
import Ajv, { ErrorObject } from 'ajv';
import type { DataValidateFunction } from 'ajv/dist/types';
import { CEL_RULES } from './cel-rules';
import { FORMATS } from './formats';
import { CelValidation } from './structural';

type KeywordError = Partial<ErrorObject>;

export function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    // unknown keywords and formats throw at compile time
    strictSchema: true,
    strictNumbers: true,
    // structural schemas legitimately put `pattern` next to int-or-string,
    // and `required` next to preserve-unknown-fields
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    // Kubernetes patterns are RE2; the `u` flag would reject escapes like `\-`
    unicodeRegExp: false,
  });

  for (const [name, format] of Object.entries(FORMATS)) {
    if (format.type === 'number') ajv.addFormat(name, { type: 'number', validate: format.validate });
    else ajv.addFormat(name, { type: 'string', validate: format.validate });
  }

  ajv.addKeyword({
    keyword: 'k8sIntOrString',
    schemaType: 'string',
    errors: true,
    compile: (nullability: 'nullable' | 'required') => dataCheck((data) =>
      Number.isInteger(data) || typeof data === 'string' || (data === null && nullability === 'nullable')
        ? []
        : [error('k8sIntOrString', `must be an integer or a string; got ${describeType(data)}`)]),
  });

  ajv.addKeyword({
    keyword: 'k8sCel',
    schemaType: 'array',
    errors: true,
    compile: (validations: CelValidation[]) => {
      // structural.ts only emits rules the table knows
      const compiled = validations.map((v) => ({ ...v, predicate: CEL_RULES[v.rule] }));
      return dataCheck((data) => {
        if (!isPlainObject(data)) return []; // `type` reports it
        return compiled.filter((v) => !v.predicate(data)).map((v) => error('k8sCel', `${v.message} (CEL rule: ${v.rule})`));
      });
    },
  });

  ajv.addKeyword({
    keyword: 'k8sListMapKeys',
    schemaType: 'array',
    errors: true,
    compile: (keys: string[]) => dataCheck((data) => {
      if (!Array.isArray(data)) return [];
      const seen = new Map<string, number>();
      const errors: KeywordError[] = [];
      data.forEach((item, index) => {
        if (!isPlainObject(item)) return;
        const identity = JSON.stringify(keys.map((k) => item[k] ?? null));
        const first = seen.get(identity);
        if (first === undefined) {
          seen.set(identity, index);
          return;
        }
        const shown = keys.map((k) => `${k}=${JSON.stringify(item[k])}`).join(', ');
        errors.push(error('k8sListMapKeys', `duplicate entry in a list keyed by ${keys.join(', ')}: [${shown}] also at index ${first}`, `/${index}`));
      });
      return errors;
    }),
  });

  return ajv;
}

/** A keyword validator from a function listing the errors of one value. */
function dataCheck(errorsOf: (data: unknown) => KeywordError[]): DataValidateFunction {
  const validate: DataValidateFunction = (data: unknown) => {
    const errors = errorsOf(data);
    validate.errors = errors;
    return errors.length === 0;
  };
  return validate;
}

/**
 * A custom keyword error; ajv fills in the instance path of the node (the
 * `suffix` param names an element of it when the error is about one).
 */
function error(keyword: string, message: string, suffix?: string): KeywordError {
  return { keyword, message, params: suffix === undefined ? {} : { suffix } };
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}
