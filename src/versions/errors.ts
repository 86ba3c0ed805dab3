import { goQuote } from './go-quote';
import { FluxOciError, FluxOciErrorOptions } from '../foundation/errors';

/**
 * The Masterminds/semver v3 error a version string was rejected with, by the
 * name of its Go error value (`ErrRange`/`ErrSyntax` are strconv's, raised
 * when a number segment does not fit uint64 or is empty).
 */
export type VersionErrorName =
  | 'ErrInvalidSemVer'
  | 'ErrEmptyString'
  | 'ErrInvalidCharacters'
  | 'ErrSegmentStartsZero'
  | 'ErrInvalidMetadata'
  | 'ErrInvalidPrerelease'
  | 'ErrRange'
  | 'ErrSyntax';

/**
 * Which parser rejected a version; the hint in the message depends on it.
 * `'flux-strict'` and `'flux-lenient'` are fluxcd/pkg `version.ParseVersion`
 * before and since Flux 2.7 (see `FluxParseRule`).
 */
export type VersionParser = 'lenient' | 'strict' | 'flux-strict' | 'flux-lenient';

const kInvalidVersion = Symbol.for('flux-oci.error.INVALID_VERSION');
const kInvalidConstraint = Symbol.for('flux-oci.error.INVALID_CONSTRAINT');
const kInvalidSemverFilter = Symbol.for('flux-oci.error.INVALID_SEMVER_FILTER');

const VERSION_HINTS: Record<VersionParser, string> = {
  'lenient': "expected a version such as '1.2.3', 'v1.2.3', '1.2' or '1.2.3-rc.1+build.5'",
  'strict': "expected a strict semantic version MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] such as '1.2.3' or '1.2.3-rc.1', with no 'v' prefix and no leading zeros",
  'flux-strict': "expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD] with an optional 'v' prefix, such as '1.2.3' or 'v1.2.3-rc.1'",
  'flux-lenient': "expected a version with at least two dots, an optional 'v' prefix and optional leading zeros, such as '1.2.3', 'v1.2.3-rc.1', '2025.01.02' or '1.2-rc.1'",
};

/** A version string that Masterminds/semver v3 (or Flux's reading of it) does not accept. */
export class InvalidVersionError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kInvalidVersion] === true;
  }

  public readonly code: string = 'FLUX_OCI_INVALID_VERSION';

  /**
   * @param input the version string as given
   * @param errorName the Go error value Masterminds/semver would return
   * @param reason the Go error text, e.g. `version segment starts with 0`
   * @param parser which parser rejected it
   */
  constructor(
    public readonly input: string,
    public readonly errorName: VersionErrorName,
    public readonly reason: string,
    public readonly parser: VersionParser,
    options?: FluxOciErrorOptions,
  ) {
    super(`invalid version ${goQuote(input)}: ${reason}; ${VERSION_HINTS[parser]}`, options);
    this.name = 'InvalidVersionError';
  }

  get [kInvalidVersion](): boolean {
    return true;
  }
}

/** What a version constraint may look like; shown when one does not parse. */
export const CONSTRAINT_HINT =
  "use an exact version such as '1.2.3', a range such as '>=1.2.0 <2.0.0', '>=1.2.0, <2.0.0', '^1.2', '~1.2.3', '1.2.x' or '1.0.0 - 1.4.0', " +
  "alternatives joined with '||', or '*' for the newest stable version";

/** A version constraint that Masterminds/semver v3 `NewConstraint` rejects. */
export class InvalidConstraintError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kInvalidConstraint] === true;
  }

  public readonly code: string = 'FLUX_OCI_INVALID_CONSTRAINT';

  /**
   * @param input the constraint as given
   * @param reason the Go error text in the words of the Masterminds release
   *   that parsed it, e.g. `improper constraint: ">= bar"` (v3.5.0) or
   *   `improper constraint: >= bar` (older)
   */
  constructor(public readonly input: string, public readonly reason: string, options?: FluxOciErrorOptions) {
    super(`invalid version constraint ${goQuote(input)}: ${reason}; ${CONSTRAINT_HINT}`, options);
    this.name = 'InvalidConstraintError';
  }

  get [kInvalidConstraint](): boolean {
    return true;
  }
}

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
  constructor(public readonly filter: string, public readonly reason: string, options?: FluxOciErrorOptions) {
    super(
      `invalid semverFilter ${goQuote(filter)}: ${reason}; semverFilter is a Go (RE2) regular expression ` +
      "matched anywhere in each tag, e.g. '.*-rc.*' or '^v?1\\.2\\.'",
      options,
    );
    this.name = 'InvalidSemverFilterError';
  }

  get [kInvalidSemverFilter](): boolean {
    return true;
  }
}
