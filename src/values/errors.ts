import { FluxOciError, FluxOciErrorOptions } from '../foundation/errors';

/**
 * Errors of the values layer. Helm's own failures (a subchart section that
 * is not a table, a values file that does not exist) become `ValuesError`s
 * carrying Helm's text; a schema that cannot be compiled is reported as a
 * problem of the chart, not thrown.
 */

const kValuesError = Symbol.for('flux-oci.error.VALUES');

/** Values Helm would refuse before it validates them (e.g. `type mismatch on redis: %!t(string=x)`). */
export class ValuesError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kValuesError] === true;
  }

  public readonly code: string = 'FLUX_OCI_VALUES';

  constructor(message: string, options?: FluxOciErrorOptions) {
    super(message, options);
    this.name = 'ValuesError';
  }

  get [kValuesError](): boolean {
    return true;
  }
}
