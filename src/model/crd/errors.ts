import { FluxOciError, FluxOciErrorOptions } from '../../foundation/errors';

const kNoSchema = Symbol.for('flux-oci.error.NO_SCHEMA');

/**
 * The object claims an apiVersion/kind that no packaged schema serves.
 * Thrown, never returned as a finding, so an unvalidated object cannot pass;
 * `hasSchema` tells a caller beforehand whether a kind is known.
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
    options?: FluxOciErrorOptions,
  ) {
    super(message, options);
    this.name = 'NoSchemaError';
  }

  get [kNoSchema](): boolean {
    return true;
  }
}
