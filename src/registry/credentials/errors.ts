import { FluxOciError } from '../../foundation/errors';

const kCredentialHelper = Symbol.for('flux-oci.error.CREDENTIAL_HELPER');
const kCredentialConfig = Symbol.for('flux-oci.error.CREDENTIAL_CONFIG');

/** Why a credential helper failed. */
export type CredentialHelperFailure = 'not-installed' | 'failed' | 'malformed-output' | 'invalid-name';

/**
 * A `docker-credential-<name>` program could not be run or failed. The
 * message never includes what the program printed on stdout (it may hold
 * a secret).
 */
export class CredentialHelperError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kCredentialHelper] === true;
  }

  public readonly code: string = 'FLUX_OCI_CREDENTIAL_HELPER';
  /** Program name, e.g. `docker-credential-pass`. */
  public readonly helper: string;
  /** Server the credentials were asked for. */
  public readonly server: string;
  public readonly reason: CredentialHelperFailure;
  /** Exit status when the program ran. */
  public readonly exitCode?: number;

  constructor(
    message: string,
    details: { readonly helper: string; readonly server: string; readonly reason: CredentialHelperFailure; readonly exitCode?: number },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'CredentialHelperError';
    this.helper = details.helper;
    this.server = details.server;
    this.reason = details.reason;
    this.exitCode = details.exitCode;
  }

  get [kCredentialHelper](): boolean {
    return true;
  }
}

/**
 * A credentials file (docker/helm/podman config, `DOCKER_AUTH_CONFIG`) is
 * malformed. The message names the file and the entry, never its content.
 */
export class CredentialConfigError extends FluxOciError {
  static [Symbol.hasInstance](x: unknown): boolean {
    return typeof x === 'object' && x !== null && (x as any)[kCredentialConfig] === true;
  }

  public readonly code: string = 'FLUX_OCI_CREDENTIAL_CONFIG';
  /** File path, or `DOCKER_AUTH_CONFIG` for the environment variable. */
  public readonly source: string;

  constructor(source: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CredentialConfigError';
    this.source = source;
  }

  get [kCredentialConfig](): boolean {
    return true;
  }
}
