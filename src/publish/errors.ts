import { FluxOciError, FluxOciErrorOptions } from '../foundation/errors';

const kPushInputError = Symbol.for('flux-oci.error.PUSH_INPUT');

/** What was asked to be pushed, or where, cannot be pushed (nothing was sent). */
export class PushInputError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kPushInputError] === true;
  }

  public readonly code: string = 'FLUX_OCI_PUSH_INPUT';
  /** The argument at fault, e.g. `reference` or `chart`. */
  public readonly input: string;

  constructor(input: string, message: string, options?: FluxOciErrorOptions) {
    super(message, options);
    this.name = 'PushInputError';
    this.input = input;
  }

  get [kPushInputError](): boolean {
    return true;
  }
}
