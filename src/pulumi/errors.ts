import { FluxOciError } from '../foundation/errors';
import type { ObjectType } from '../model/builders/heads';

const kObjectShape = Symbol.for('flux-oci.error.PULUMI_OBJECT_SHAPE');

/**
 * A core builder returned an object the CustomResource created for it
 * cannot carry (another apiVersion or kind, a top-level field besides
 * `spec`): a flux-oci bug, reported instead of dropping data.
 */
export class ObjectShapeError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kObjectShape] === true;
  }
  public readonly code: string = 'FLUX_OCI_PULUMI_OBJECT_SHAPE';
  constructor(public readonly expected: ObjectType, detail: string) {
    super(`internal error: the ${expected.apiVersion} ${expected.kind} resource ${detail}; please report this`);
    this.name = 'ObjectShapeError';
  }
  get [kObjectShape](): boolean {
    return true;
  }
}
