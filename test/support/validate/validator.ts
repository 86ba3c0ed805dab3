/**
 * Validates one manifest against the schema of the apiVersion/kind it
 * claims, the ObjectMeta rules and any kind-specific checks. ajv validators
 * are compiled once per catalog entry per process: suites validate hundreds
 * of objects.
 */
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { catalog, CatalogEntry, CrdSet, entryKey } from './catalog';
import { NoSchemaError } from './errors';
import { FORMATS } from './formats';
import { createAjv, describeType } from './keywords';
import { checkObjectMeta } from './metadata';
import { formatProblem, pointerSegment, Problem, shownValue } from './problem';

/** Options for `validateManifest` and `expectValid`. */
export interface ValidateOptions {
  /**
   * Which CRD files win for versions several serve: `current` (newest
   * controllers, legacy files only for versions nothing newer serves) or
   * `legacy` (the legacy releases first, for output aimed at older Flux).
   * @default 'current'
   */
  readonly crdSet?: CrdSet;
}

let ajv: Ajv | undefined;
const compiled = new Map<CatalogEntry, ValidateFunction>();

/**
 * Errors that make `obj` invalid for the schema of the apiVersion/kind it
 * claims, each as `<JSON pointer>: <message>`; empty when valid. Throws
 * `NoSchemaError` when no schema is known for that apiVersion/kind.
 */
export function validateManifest(obj: unknown, options: ValidateOptions = {}): string[] {
  const entry = schemaFor(obj, options.crdSet ?? 'current');
  const manifest = obj as Record<string, unknown>;
  const validate = compiledValidator(entry);
  const problems: Problem[] = [];
  if (!validate(manifest)) {
    problems.push(...(validate.errors ?? []).map((e) => describeError(e, entry)));
  }
  problems.push(...checkObjectMeta(manifest.metadata, entry.scope, entry.nameRule));
  for (const check of entry.checks) problems.push(...check(manifest));
  return problems.map(formatProblem);
}

/** The catalog entry `obj` is validated against; throws `NoSchemaError`. */
export function schemaFor(obj: unknown, crdSet: CrdSet): CatalogEntry {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new NoSchemaError(`not a Kubernetes object: expected an object with apiVersion and kind, got ${describeType(obj)}`, undefined, undefined);
  }
  const { apiVersion, kind } = obj as Record<string, unknown>;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    throw new NoSchemaError(
      `object has no string apiVersion and kind (apiVersion ${JSON.stringify(apiVersion)}, kind ${JSON.stringify(kind)})`,
      apiVersion, kind);
  }
  const index = catalog(crdSet);
  const entry = index.get(entryKey(apiVersion, kind));
  if (!entry) {
    const sameKind = [...index.values()].filter((e) => e.kind === kind).map((e) => e.apiVersion);
    const hint = sameKind.length > 0
      ? `known versions of ${kind}: ${sameKind.join(', ')}`
      : `known kinds: ${[...new Set([...index.values()].map((e) => e.kind))].sort().join(', ')}`;
    throw new NoSchemaError(`no schema for apiVersion ${JSON.stringify(apiVersion)} kind ${JSON.stringify(kind)} (CRD set ${crdSet}); ${hint}`, apiVersion, kind);
  }
  return entry;
}

/** Compiles (once) the ajv validator for an entry. */
export function compiledValidator(entry: CatalogEntry): ValidateFunction {
  let validate = compiled.get(entry);
  if (!validate) {
    ajv ??= createAjv();
    validate = ajv.compile(entry.schema);
    compiled.set(entry, validate);
  }
  return validate;
}

const SENSITIVE_FIELD = /password|passwd|token|credential|\.dockerconfigjson|\.dockercfg/i;

// Secret data and credential-like fields never appear in messages.
function isSensitive(entry: CatalogEntry, pointer: string): boolean {
  if (entry.kind === 'Secret' && /^\/(data|stringData)(\/|$)/.test(pointer)) return true;
  const last = pointer.slice(pointer.lastIndexOf('/') + 1);
  return SENSITIVE_FIELD.test(last);
}

function describeError(e: ErrorObject, entry: CatalogEntry): Problem {
  const pointer = e.instancePath;
  const got = (): string => shownValue(e.data, isSensitive(entry, pointer));
  const params = e.params as Record<string, any>;
  switch (e.keyword) {
    case 'required':
      return { pointer: `${pointer}/${pointerSegment(params.missingProperty)}`, message: 'required field is missing' };
    case 'additionalProperties':
      return {
        pointer: `${pointer}/${pointerSegment(params.additionalProperty)}`,
        message: `unknown field: not in the ${entry.apiVersion} ${entry.kind} schema (the API server would drop it)`,
      };
    case 'enum':
      return { pointer, message: `must be one of ${params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')}; got ${got()}` };
    case 'type':
      return { pointer, message: `must be ${params.type}; got ${describeType(e.data)} ${got()}` };
    case 'pattern':
      return { pointer, message: `must match ${params.pattern}; got ${got()}` };
    case 'format':
      return { pointer, message: `must be ${FORMATS[params.format]?.description ?? params.format}; got ${got()}` };
    case 'minLength':
    case 'maxLength':
      return { pointer, message: `must be ${e.keyword === 'minLength' ? 'at least' : 'at most'} ${params.limit} characters; got ${String(e.data).length}: ${got()}` };
    case 'minItems':
    case 'maxItems':
      return { pointer, message: `must have ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${params.limit} items; got ${(e.data as unknown[]).length}` };
    case 'minProperties':
    case 'maxProperties':
      return { pointer, message: `must have ${e.keyword === 'minProperties' ? 'at least' : 'at most'} ${params.limit} fields; got ${Object.keys(e.data as object).length}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { pointer, message: `must be ${params.comparison} ${params.limit}; got ${got()}` };
    case 'uniqueItems':
      return { pointer, message: `must not repeat items (items ${params.j} and ${params.i} are equal)` };
    case 'k8sListMapKeys':
      return { pointer: `${pointer}${params.suffix ?? ''}`, message: e.message ?? 'duplicate list entry' };
    default:
      return { pointer, message: e.message ?? `fails ${e.keyword}` };
  }
}
