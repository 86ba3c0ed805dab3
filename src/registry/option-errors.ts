import { FluxOciError } from '../foundation/errors';

const kInvalidOption = Symbol.for('flux-oci.error.INVALID_OPTION');

/** A client option is unusable (e.g. a CA file that cannot be read). */
export class InvalidOptionError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kInvalidOption] === true;
  }

  public readonly code: string = 'FLUX_OCI_INVALID_OPTION';
  /** The option at fault, e.g. `ca`. */
  public readonly option: string;

  constructor(option: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidOptionError';
    this.option = option;
  }

  get [kInvalidOption](): boolean {
    return true;
  }
}
