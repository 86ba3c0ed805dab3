import * as pulumi from '@pulumi/pulumi';
import { FluxOciError } from '../foundation/errors';
import type { ObjectType } from '../model/builders/heads';

const kObjectShape = Symbol.for('flux-oci.error.PULUMI_OBJECT_SHAPE');
/** The field @pulumi/pulumi's `ResourceError.isInstance` tests (spelled so upstream, errors.ts). */
const PULUMI_RESOURCE_ERROR = '__pulumResourceError';

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

/**
 * Makes a flux-oci error read as the resource's own error under Pulumi,
 * keeping its class, code and fields. The language host prints a
 * `ResourceError` (recognised by its marker field, as Pulumi's own
 * `ResourceError.isInstance` does) as its message alone, under the resource,
 * without a stack; and a failed input of a child resource no longer turns
 * the message into `error serializing property "spec": …`, because the
 * message ignores that rewrite. The first resource given sticks (the
 * innermost component that saw the error). Other errors (flux-oci bugs)
 * keep their stack. Returns `error`.
 */
export function asResourceError<E>(error: E, resource?: pulumi.Resource): E {
  if (!(error instanceof FluxOciError)) return error;
  const fields = error as unknown as Record<string, unknown>;
  if (fields[PULUMI_RESOURCE_ERROR] !== true) {
    const message = error.message;
    Object.defineProperties(error, {
      [PULUMI_RESOURCE_ERROR]: { value: true },
      hideStack: { value: true },
      message: { get: () => message, set: () => undefined, configurable: true },
    });
  }
  if (resource && fields.resource === undefined) Object.defineProperty(error, 'resource', { value: resource });
  return error;
}
