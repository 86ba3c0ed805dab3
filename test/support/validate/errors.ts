import { FluxOciError } from '../../../src/foundation/errors';

const kNoSchema = Symbol.for('flux-oci.error.NO_SCHEMA');
const kSchemaCompile = Symbol.for('flux-oci.error.SCHEMA_COMPILE');

/**
 * The object claims an apiVersion/kind that no loaded schema serves. Thrown,
 * never returned as a finding, so an unvalidated object cannot pass.
 */
export class NoSchemaError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kNoSchema] === true;
  }

  public readonly code: string = 'FLUX_OCI_NO_SCHEMA';

  constructor(
    message: string,
    /** `apiVersion` as given, or undefined when absent. */
    public readonly apiVersion: unknown,
    /** `kind` as given, or undefined when absent. */
    public readonly kind: unknown,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'NoSchemaError';
  }

  get [kNoSchema](): boolean {
    return true;
  }
}

/**
 * A schema uses something this validator does not implement (a CEL rule, a
 * format, a keyword). Thrown while compiling, so new CRDs cannot skip a check.
 */
export class SchemaCompileError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kSchemaCompile] === true;
  }

  public readonly code: string = 'FLUX_OCI_SCHEMA_COMPILE';

  constructor(
    message: string,
    /** Where the schema node lives, e.g. `flux-crds/x.yaml HelmRelease v2 /spec`. */
    public readonly location: string,
    options?: ErrorOptions,
  ) {
    super(`${location}: ${message}`, options);
    this.name = 'SchemaCompileError';
  }

  get [kSchemaCompile](): boolean {
    return true;
  }
}
