import type { SchemaProblem } from './crd';
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

const kInvalidBuiltObject = Symbol.for('flux-oci.error.INVALID_BUILT_OBJECT');

/**
 * An object flux-oci built fails the CRD of its apiVersion: a builder bug
 * (or a patch applied to the object) caught at synth, before anything is
 * written. `problems` name the object, the JSON pointer and the CRD's message.
 */
export class InvalidBuiltObjectError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kInvalidBuiltObject] === true;
  }
  public readonly code: string = 'FLUX_OCI_INVALID_BUILT_OBJECT';
  constructor(
    /** Construct path (cdk8s) or resource name (Pulumi) of the object. */
    public readonly path: string,
    public readonly problems: readonly SchemaProblem[],
    lines: readonly string[],
  ) {
    super(`[${path}] ${INVALID_BUILT_OBJECT_PREFIX}:\n  ${lines.join('\n  ')}`);
    this.name = 'InvalidBuiltObjectError';
  }
  get [kInvalidBuiltObject](): boolean {
    return true;
  }
}

/** What every synth-time schema failure starts with, in both front ends. */
export const INVALID_BUILT_OBJECT_PREFIX = 'the object as built fails its CRD (Flux would reject it; unless a patch of yours added the field, this is a flux-oci bug: please report it)';
