import { FluxOciError } from './errors';

const kInvalidReference = Symbol.for('flux-oci.error.INVALID_REFERENCE');

/** Which part of a reference is wrong. */
export type ReferencePart = 'input' | 'scheme' | 'host' | 'port' | 'repository' | 'tag' | 'digest';

/**
 * A registry reference (`oci://host/path[:tag][@digest]`) that cannot be
 * parsed, or that carries a tag or digest where none belongs. The message
 * names the part at fault, the value given and the accepted form.
 */
export class InvalidReferenceError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kInvalidReference] === true;
  }

  public readonly code: string = 'FLUX_OCI_INVALID_REFERENCE';
  /** The reference as given. */
  public readonly input: string;
  /** The part that is wrong. */
  public readonly part: ReferencePart;

  constructor(input: string, part: ReferencePart, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidReferenceError';
    this.input = input;
    this.part = part;
  }

  get [kInvalidReference](): boolean {
    return true;
  }
}
