/**
 * Validates Kubernetes objects against the packaged schema of the
 * apiVersion/kind they claim (Flux's CRDs, current and legacy, the
 * helm-operator CRDs, hand-written core kinds), the ObjectMeta rules the API
 * server applies to every object, and the rules of a kind that live outside
 * its schema (Secret, ConfigMap). Nothing is compiled at run time: the
 * validators are ajv standalone code generated at build time
 * (scripts/generate-schemas.ts), loaded on the first call.
 */
import { CrdSet, entryKey, PackagedEntry, releaseOf, schemaIndex } from './catalog';
import { checkConfigMap, checkSecret } from './core-kinds';
import { describeError, describeType } from './describe';
import { NoSchemaError } from './errors';
import { checkObjectMeta } from './metadata';
import { Problem } from './problem';
import { holdsNull, withoutPrunedNulls } from './pruned-nulls';

/** Options of `validateObject`, `validateObjects`, `hasSchema` and `servedSchemas`. */
export interface ValidateObjectOptions {
  /**
   * Which CRDs win for versions several releases serve: `current` (the
   * newest controllers; legacy files only for versions nothing newer
   * serves) or `legacy` (the Flux 2.7 releases first, for output aimed at
   * older Flux).
   * @default 'current'
   */
  readonly crdSet?: CrdSet;
}

/** Which object a problem is about, as the object itself says. */
export interface ObjectIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name?: string;
  readonly namespace?: string;
}

/** One reason an object would be rejected by its API server (or its controller). */
export interface SchemaProblem {
  readonly object: ObjectIdentity;
  /** RFC 6901 pointer into the object, e.g. `/spec/chart/spec/version`; `` for the object itself. */
  readonly pointer: string;
  /** What is wrong there; for a CEL rule, the CRD's own message. */
  readonly message: string;
  /** The CEL rule that failed, when the problem comes from the CRD's `x-kubernetes-validations`. */
  readonly rule?: string;
}

/** One apiVersion/kind the packaged schemas serve, and where its schema comes from. */
export interface ServedSchema {
  readonly apiVersion: string;
  readonly kind: string;
  /** Relative to reference/ for CRDs, to the repository for hand-written schemas. */
  readonly file: string;
  /** The release the file comes from, e.g. `fluxcd/helm-controller v1.4.5 @3ebc2f57 (Flux 2.7)`. */
  readonly release: string;
  /** `current`, `legacy/<controller>-v<version>` or `hand-written`. */
  readonly origin: string;
  /** The CRD serves the version but marks it deprecated. */
  readonly deprecated: boolean;
}

/** @internal */
export type GeneratedValidator = import('./generated/validators.generated').GeneratedValidator;

/** Rules of a kind that its schema cannot say. */
const KIND_CHECKS: Readonly<Record<string, (obj: Record<string, unknown>) => Problem[]>> = {
  [entryKey('v1', 'Secret')]: checkSecret,
  [entryKey('v1', 'ConfigMap')]: checkConfigMap,
};

let validators: Readonly<Record<string, GeneratedValidator>> | undefined;
let schemas: Readonly<Record<string, Record<string, unknown>>> | undefined;

/**
 * Every reason `obj` is invalid for the schema of the apiVersion/kind it
 * claims; empty when valid. Throws `NoSchemaError` when no packaged schema
 * serves that apiVersion/kind (see `hasSchema`).
 */
export function validateObject(obj: unknown, options: ValidateObjectOptions = {}): SchemaProblem[] {
  return validateAgainst(obj as Record<string, unknown>, schemaFor(obj, options.crdSet ?? 'current'));
}

/**
 * @internal `manifest` checked against one catalog entry, whichever set it
 * belongs to (tests reach shadowed legacy entries); `validatorOf` lets the
 * benchmark compare compiling at run time with the generated code.
 */
export function validateAgainst(
  manifest: Record<string, unknown>,
  entry: PackagedEntry,
  validatorOf: (schema: string) => GeneratedValidator = generatedValidator,
): SchemaProblem[] {
  const validate = validatorOf(entry.schema);
  const problems: Problem[] = [];
  let valid = validate(manifest);
  let validated = manifest;
  // Nulls the server prunes before it validates (./pruned-nulls.ts): looked for only when the object fails, so a valid one costs nothing.
  if (!valid && holdsNull(manifest)) {
    validated = withoutPrunedNulls(manifest, packagedSchemas()[entry.schema]) as Record<string, unknown>;
    valid = validate(validated);
  }
  if (!valid) {
    const described = { apiVersion: entry.apiVersion, kind: entry.kind, value: validated };
    for (const error of validate.errors ?? []) problems.push(...describeError(error, described));
  }
  problems.push(...checkObjectMeta(manifest.metadata, entry.scope, entry.nameRule));
  const kindCheck = KIND_CHECKS[entryKey(entry.apiVersion, entry.kind)];
  if (kindCheck) problems.push(...kindCheck(manifest));
  // A valid object (at synth, every one) costs no identity.
  if (problems.length === 0) return [];
  const object = identify(manifest);
  return problems.map((p) => ({ object, ...p }));
}

function generatedValidator(schema: string): GeneratedValidator {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- 1 MB of generated code, loaded on the first validation
  validators ??= require('./generated/validators.generated.js') as Record<string, GeneratedValidator>;
  return validators[schema];
}

/** The problems of every object, in order; throws `NoSchemaError` for the first object of an unknown apiVersion/kind. */
export function validateObjects(objects: Iterable<unknown>, options: ValidateObjectOptions = {}): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const obj of objects) problems.push(...validateObject(obj, options));
  return problems;
}

/** Whether a packaged schema serves `apiVersion`/`kind`. */
export function hasSchema(apiVersion: string, kind: string, options: ValidateObjectOptions = {}): boolean {
  return schemaIndex(options.crdSet ?? 'current').has(entryKey(apiVersion, kind));
}

/** Every apiVersion/kind `validateObject` accepts, sorted. */
export function servedSchemas(options: ValidateObjectOptions = {}): ServedSchema[] {
  return [...schemaIndex(options.crdSet ?? 'current').values()]
    .map((e) => ({ apiVersion: e.apiVersion, kind: e.kind, file: e.file, release: releaseOf(e), origin: e.origin, deprecated: e.deprecated }))
    .sort((a, b) => a.apiVersion.localeCompare(b.apiVersion) || a.kind.localeCompare(b.kind));
}

/**
 * The compact JSON Schema (draft-07, with the custom keywords `k8sCel` and
 * `k8sListMapKeys`) that `validateObject` checks `apiVersion`/`kind`
 * against; undefined when none is packaged. ObjectMeta and kind rules
 * outside the schema are not part of it.
 */
export function packagedSchema(apiVersion: string, kind: string, options: ValidateObjectOptions = {}): Record<string, unknown> | undefined {
  const entry = schemaIndex(options.crdSet ?? 'current').get(entryKey(apiVersion, kind));
  if (!entry) return undefined;
  return structuredClone(packagedSchemas()[entry.schema]);
}

function packagedSchemas(): Readonly<Record<string, Record<string, unknown>>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- 300 KB, read only by callers that ask and by objects that hold nulls and fail
  schemas ??= require('./generated/schemas.json') as Record<string, Record<string, unknown>>;
  return schemas;
}

/** `<apiVersion> <kind> [<namespace>/]<name> <pointer>: <message>`, one line. */
export function formatSchemaProblem(problem: SchemaProblem): string {
  const { apiVersion, kind, name, namespace } = problem.object;
  const id = `${apiVersion} ${kind} ${namespace === undefined ? '' : `${namespace}/`}${name ?? '<no name>'}`;
  return `${id} ${problem.pointer || '(root)'}: ${problem.message}`;
}

function schemaFor(obj: unknown, crdSet: CrdSet): PackagedEntry {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new NoSchemaError(`not a Kubernetes object: expected an object with apiVersion and kind, got ${describeType(obj)}`, undefined, undefined);
  }
  const { apiVersion, kind } = obj as Record<string, unknown>;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    throw new NoSchemaError(
      `object has no string apiVersion and kind (apiVersion ${JSON.stringify(apiVersion)}, kind ${JSON.stringify(kind)})`,
      apiVersion, kind);
  }
  const index = schemaIndex(crdSet);
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

function identify(obj: Record<string, unknown>): ObjectIdentity {
  const metadata = (typeof obj.metadata === 'object' && obj.metadata !== null ? obj.metadata : {}) as Record<string, unknown>;
  return {
    apiVersion: obj.apiVersion as string,
    kind: obj.kind as string,
    ...(typeof metadata.name === 'string' ? { name: metadata.name } : {}),
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
  };
}
