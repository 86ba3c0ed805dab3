import { FluxOciError } from '../foundation/errors';

const kPinWithoutResolution = Symbol.for('flux-oci.error.PIN_WITHOUT_RESOLUTION');

/** `pin` asked for a resolved version or digest that the resolver did not provide. */
export class PinWithoutResolutionError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kPinWithoutResolution] === true;
  }
  public readonly code: string = 'FLUX_OCI_PIN_WITHOUT_RESOLUTION';
  constructor(public readonly release: string, public readonly pin: string) {
    super(`release '${release}' has pin '${pin}', which writes what the registry holds, but no resolution is available (resolution is off, or the chart was not resolved); resolve against the registry or use pin 'none'`);
    this.name = 'PinWithoutResolutionError';
  }
  get [kPinWithoutResolution](): boolean {
    return true;
  }
}
