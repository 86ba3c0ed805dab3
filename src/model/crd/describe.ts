/**
 * Words for the errors of the generated validators. They are compiled
 * without ajv's messages (smaller code), so every keyword the translated
 * schemas use is described here, from the error's params and the value at
 * its pointer. Values of Secret data and credential-like fields are never shown.
 */
import { FORMATS } from './formats';
import type { KeywordProblem } from './keyword-runtime';
import { Problem, shownValue } from './problem';
import { pointerSegment, valueAtPointer } from '../../foundation/json-pointer';

/** The part of an ajv error object the descriptions read. */
export interface ValidatorError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Record<string, any>;
}

/** What the description needs to know about the object. */
export interface DescribedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly value: unknown;
}

const SENSITIVE_FIELD = /password|passwd|token|credential|\.dockerconfigjson|\.dockercfg/i;

export function describeError(e: ValidatorError, object: DescribedObject): Problem[] {
  const pointer = e.instancePath;
  const data = valueAtPointer(object.value, pointer);
  const got = (): string => shownValue(data, isSensitive(object.kind, pointer));
  const params = e.params;
  switch (e.keyword) {
    case 'required':
      return [{ pointer: `${pointer}/${pointerSegment(params.missingProperty)}`, message: 'required field is missing' }];
    case 'additionalProperties':
      return [{
        pointer: `${pointer}/${pointerSegment(params.additionalProperty)}`,
        message: `unknown field: not in the ${object.apiVersion} ${object.kind} schema (the API server would drop it)`,
      }];
    case 'enum':
      return [{ pointer, message: `must be one of ${params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')}; got ${got()}` }];
    case 'type':
      return [{ pointer, message: `must be ${String(params.type).split(',').join(' or ')}; got ${data === null ? 'null' : `${describeType(data)} ${got()}`}` }];
    case 'pattern':
      return [{ pointer, message: `must match ${params.pattern}; got ${got()}` }];
    case 'format':
      return [{ pointer, message: `must be ${FORMATS[params.format]?.description ?? params.format}; got ${got()}` }];
    case 'minLength':
    case 'maxLength':
      return [{ pointer, message: `must be ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${params.limit} characters; got ${[...String(data)].length}: ${got()}` }];
    case 'minItems':
    case 'maxItems':
      return [{ pointer, message: `must have ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${params.limit} items; got ${(data as unknown[]).length}` }];
    case 'minProperties':
    case 'maxProperties':
      return [{ pointer, message: `must have ${e.keyword === 'minProperties' ? 'at least' : 'at most'} ${params.limit} fields; got ${Object.keys(data as object).length}` }];
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return [{ pointer, message: `must be ${params.comparison} ${params.limit}; got ${got()}` }];
    case 'multipleOf':
      return [{ pointer, message: `must be a multiple of ${params.multipleOf}; got ${got()}` }];
    case 'uniqueItems':
      return [{ pointer, message: `must not repeat items (items ${params.j} and ${params.i} are equal)` }];
    case 'k8sCel':
    case 'k8sListMapKeys':
      return (params.problems as KeywordProblem[]).map((p) => ({ ...p, pointer: `${pointer}${p.pointer}` }));
    default:
      return [{ pointer, message: `fails the schema's ${e.keyword} check` }];
  }
}

export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

// Secret data and credential-like fields never appear in messages.
function isSensitive(kind: string, pointer: string): boolean {
  if (kind === 'Secret' && /^\/(data|stringData)(\/|$)/.test(pointer)) return true;
  const last = pointer.slice(pointer.lastIndexOf('/') + 1);
  return SENSITIVE_FIELD.test(last);
}
