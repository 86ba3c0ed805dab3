/**
 * Errors of the schema generator. A build-time failure, never thrown by the
 * library: the generator stops, naming the file, kind, version and schema node.
 */
import { FluxOciError } from '../../src/foundation/errors';

const kSchemaCompile = Symbol.for('flux-oci.error.SCHEMA_COMPILE');

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
