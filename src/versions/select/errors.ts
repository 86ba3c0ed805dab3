import { FluxOciError } from '../../foundation/errors';

const kInvalidSemverFilter = Symbol.for('flux-oci.error.INVALID_SEMVER_FILTER');

/** An OCIRepository `semverFilter` that Go's `regexp.Compile` would reject. */
export class InvalidSemverFilterError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kInvalidSemverFilter] === true;
  }

  public readonly code: string = 'FLUX_OCI_INVALID_SEMVER_FILTER';

  /**
   * @param filter the filter as given
   * @param reason Go's error text, e.g. ``error parsing regexp: missing closing ): `(rc` ``
   */
  constructor(public readonly filter: string, public readonly reason: string, options?: ErrorOptions) {
    super(
      `invalid semverFilter ${JSON.stringify(filter)}: ${reason}; semverFilter is a Go (RE2) regular expression ` +
      "matched anywhere in each tag, e.g. '.*-rc.*' or '^v?1\\.2\\.'",
      options,
    );
    this.name = 'InvalidSemverFilterError';
  }

  get [kInvalidSemverFilter](): boolean {
    return true;
  }
}
