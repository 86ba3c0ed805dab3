import { FluxOciError } from '../../../src/foundation/errors';

const kRegistryHarnessError = Symbol.for('flux-oci.error.TEST_REGISTRY_HARNESS');

/**
 * A test registry, token server, front or seeding call failed.
 *
 * Thrown by the integration-test harness only; the message says which step
 * failed and, for a registry that would not start, ends with the tail of its
 * log. Messages never carry a password or token.
 */
export class RegistryHarnessError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kRegistryHarnessError] === true;
  }

  public readonly code: string = 'FLUX_OCI_TEST_REGISTRY_HARNESS';
  /** Last lines of the registry log, when the failure involves a registry process. */
  public readonly logTail?: string;

  constructor(message: string, options?: ErrorOptions & { readonly logTail?: string }) {
    super(message, options);
    this.name = 'RegistryHarnessError';
    this.logTail = options?.logTail;
  }

  get [kRegistryHarnessError](): boolean {
    return true;
  }
}
